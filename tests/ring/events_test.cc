// The completion-side calls that carry liburing 2.15's names: uring_get_events,
// uring_submit_and_get_events, uring_cq_has_overflow, uring_cqe_nr, the liburing-shaped
// iterator (uring_cqe_iter_init/next) and cqe->big_cqe. On the real kernel and on the mock
// kernel ring where both serve the case (a CQ overflow, CQE32 rings); DEFER_TASKRUN's
// deferred completions and CQE_MIXED rings on the real kernel only (the mock completes at
// submit and refuses CQE_MIXED).
#include <string.h>
#include <unistd.h>

#include <algorithm>
#include <new>
#include <vector>

#include "gtest/gtest.h"
#include "tests/support/harness.h"
#include "tests/support/mock.h"
#include "uring/mock/mock.h"
#include "uring/uring.h"

namespace {

using uring_test::Backend;
using uring_test::KernelAtLeast;
using uring_test::RingHolder;

class Events : public ::testing::TestWithParam<Backend> {
 protected:
  // A ring of `entries` SQEs (CQ twice that) with setup `flags`, on the backend under test.
  void Init(unsigned entries, unsigned flags = 0) {
    struct uring_params p;
    memset(&p, 0, sizeof p);
    p.flags = flags;
    if (GetParam() == Backend::kKernel) URING_SKIP_WITHOUT_KERNEL();
    int ret = uring_test::InitRing(&h_, GetParam(), entries, &p);
    if (ret == -EINVAL && (flags & URING_SETUP_CQE32)) {
      if (GetParam() == Backend::kKernel && !KernelAtLeast(5, 19))
        GTEST_SKIP() << "URING_SETUP_CQE32 (5.19) not supported by this kernel";
      if (GetParam() == Backend::kMock && uring_test::MockKernel() &&
          uring_test::MockKernel() < 519)
        GTEST_SKIP() << "URING_SETUP_CQE32 (5.19) not in " << uring_test::MockKernelName();
    }
    ASSERT_EQ(ret, 0) << strerror(-ret);
  }
  struct uring *ring() { return &h_.ring; }

  void QueueNops(unsigned n, uint64_t first) {
    for (unsigned i = 0; i < n; i++) {
      struct uring_sqe *sqe = uring_get_sqe(ring());
      ASSERT_NE(sqe, nullptr);
      uring_prep_nop(sqe);
      uring_sqe_set_data64(sqe, first + i);
    }
  }

  // Fills the CQ (2 * entries) and puts `extra` more NOPs on the kernel's overflow list:
  // submitted a batch of `entries` at a time, nothing reaped.
  void Overflow(unsigned entries, unsigned extra) {
    uint64_t ud = 0;
    for (unsigned batch = 0; batch < 2; batch++) {
      QueueNops(entries, ud);
      ud += entries;
      ASSERT_EQ(uring_submit(ring()), static_cast<int>(entries));
    }
    QueueNops(extra, ud);
    ASSERT_EQ(uring_submit(ring()), static_cast<int>(extra));
    ASSERT_EQ(uring_cq_ready(ring()), 2 * entries);
  }

  RingHolder h_;
};

// The flag comes and goes with the overflow list; uring_cq_advance alone does not flush it,
// uring_get_events does, oldest first, and reports 0.
TEST_P(Events, GetEventsFlushesTheOverflowList) {
  Init(4);
  if (HasFatalFailure() || IsSkipped()) return;
  EXPECT_EQ(uring_cq_has_overflow(ring()), 0);
  Overflow(4, 3);
  if (HasFatalFailure()) return;
  EXPECT_EQ(uring_cq_has_overflow(ring()), 1);
  uring_cq_advance(ring(), 8);
  EXPECT_EQ(uring_cq_ready(ring()), 0u);
  EXPECT_EQ(uring_cq_has_overflow(ring()), 1);
  EXPECT_EQ(uring_get_events(ring()), 0);
  EXPECT_EQ(uring_cq_has_overflow(ring()), 0);
  ASSERT_EQ(uring_cq_ready(ring()), 3u);
  struct uring_cqe *cqe;
  for (uint64_t ud = 8; ud < 11; ud++) {
    ASSERT_EQ(uring_peek_cqe(ring(), &cqe), 0);
    EXPECT_EQ(cqe->user_data, ud);
    uring_cqe_seen(ring(), cqe);
  }
  // Nothing held back: it enters all the same and returns 0.
  EXPECT_EQ(uring_get_events(ring()), 0);
  EXPECT_EQ(uring_cq_ready(ring()), 0u);
}

// One enter submits the queued SQEs and flushes: the backlog lands before the new CQEs.
TEST_P(Events, SubmitAndGetEventsSubmitsAndFlushes) {
  Init(4);
  if (HasFatalFailure() || IsSkipped()) return;
  Overflow(4, 2);
  if (HasFatalFailure()) return;
  uring_cq_advance(ring(), 8);
  QueueNops(3, 100);
  EXPECT_EQ(uring_submit_and_get_events(ring()), 3);
  EXPECT_EQ(uring_cq_has_overflow(ring()), 0);
  std::vector<uint64_t> seen;
  struct uring_cqe *cqe;
  while (uring_peek_cqe(ring(), &cqe) == 0) {
    seen.push_back(cqe->user_data);
    uring_cqe_seen(ring(), cqe);
  }
  // Where the new CQEs go differs by kernel (no flag tells): measured, Debian's 5.10 posts
  // them ahead of the backlog it flushes in the same enter, 6.1, 6.12 and 6.18 after it.
  if (GetParam() == Backend::kKernel && !KernelAtLeast(6, 1)) {
    EXPECT_EQ(seen, (std::vector<uint64_t>{100, 101, 102, 8, 9}));
  } else {
    EXPECT_EQ(seen, (std::vector<uint64_t>{8, 9, 100, 101, 102}));
  }
  // Nothing queued: it still enters, and reports 0 submitted.
  EXPECT_EQ(uring_submit_and_get_events(ring()), 0);
}

// The liburing-shaped iterator hands out what the CQ holds, frees nothing, and the slots
// counted with uring_cqe_nr free exactly those CQEs. It reads no overflow list.
TEST_P(Events, CqeIterHandsOutTheCqAndFreesNothing) {
  Init(4);
  if (HasFatalFailure() || IsSkipped()) return;
  Overflow(4, 2);
  if (HasFatalFailure()) return;
  struct uring_cqe_iter it = uring_cqe_iter_init(ring());
  struct uring_cqe *cqe = nullptr;
  std::vector<uint64_t> seen;
  unsigned slots = 0;
  while (uring_cqe_iter_next(&it, &cqe)) {
    EXPECT_EQ(uring_cqe_nr(cqe), 1u);
    slots += uring_cqe_nr(cqe);
    seen.push_back(cqe->user_data);
  }
  EXPECT_EQ(seen, (std::vector<uint64_t>{0, 1, 2, 3, 4, 5, 6, 7}));
  // At the end it stays at the end, and *cqe is left alone.
  EXPECT_EQ(uring_cqe_iter_next(&it, &cqe), 0);
  EXPECT_EQ(cqe->user_data, 7u);
  EXPECT_EQ(uring_cq_ready(ring()), 8u);     // nothing freed
  EXPECT_EQ(uring_cq_has_overflow(ring()), 1);  // nothing flushed
  uring_cq_advance(ring(), slots);
  // A new iteration sees nothing until something flushes the backlog.
  it = uring_cqe_iter_init(ring());
  EXPECT_EQ(uring_cqe_iter_next(&it, &cqe), 0);
  ASSERT_EQ(uring_get_events(ring()), 0);
  it = uring_cqe_iter_init(ring());
  seen.clear();
  while (uring_cqe_iter_next(&it, &cqe)) seen.push_back(cqe->user_data);
  EXPECT_EQ(seen, (std::vector<uint64_t>{8, 9}));
  uring_cq_advance(ring(), 2);
  EXPECT_EQ(uring_cq_ready(ring()), 0u);
}

// Around the end of the CQ array the iteration wraps with the ring mask.
TEST_P(Events, CqeIterWraps) {
  Init(2);  // CQ of 4
  if (HasFatalFailure() || IsSkipped()) return;
  uint64_t next = 0, want = 0;
  for (int round = 0; round < 7; round++) {
    QueueNops(2, next);
    next += 2;
    ASSERT_EQ(uring_submit(ring()), 2);
    QueueNops(1, next);
    next += 1;
    ASSERT_EQ(uring_submit(ring()), 1);
    struct uring_cqe_iter it = uring_cqe_iter_init(ring());
    struct uring_cqe *cqe;
    unsigned n = 0;
    while (uring_cqe_iter_next(&it, &cqe)) {
      EXPECT_EQ(cqe->user_data, want++);
      n++;
    }
    ASSERT_EQ(n, 3u);
    uring_cq_advance(ring(), n);
  }
}

// In a CQE32 ring every CQE is 32 bytes and takes one slot; cqe->big_cqe is its second
// half, at the address uring_cqe_big gives.
TEST_P(Events, BigCqeFieldInCqe32Rings) {
  Init(4, URING_SETUP_CQE32);
  if (HasFatalFailure() || IsSkipped()) return;
  QueueNops(3, 40);
  ASSERT_EQ(uring_submit(ring()), 3);
  if (GetParam() == Backend::kMock) {
    // The mock posts what a test gives it, extra bytes included.
    ASSERT_EQ(uring_mock_post_cqe(uring_test::MockOf(&h_), 43, 7, 0, 0x1122334455667788ull,
                                  0x99aabbccddeeff00ull),
              0);
  }
  struct uring_cqe_iter it = uring_cqe_iter_init(ring());
  struct uring_cqe *cqe, *prev = nullptr;
  unsigned n = 0;
  while (uring_cqe_iter_next(&it, &cqe)) {
    EXPECT_EQ(uring_cqe_nr(cqe), 1u);
    EXPECT_EQ(static_cast<void *>(cqe->big_cqe), static_cast<void *>(uring_cqe_big(cqe)));
    EXPECT_EQ(reinterpret_cast<char *>(cqe->big_cqe) - reinterpret_cast<char *>(cqe), 16);
    if (prev) {
      EXPECT_EQ(reinterpret_cast<char *>(cqe) - reinterpret_cast<char *>(prev), 32);
    }
    if (cqe->user_data == 43) {
      EXPECT_EQ(cqe->big_cqe[0], 0x1122334455667788ull);
      EXPECT_EQ(cqe->big_cqe[1], 0x99aabbccddeeff00ull);
    }
    prev = cqe;
    n++;
  }
  EXPECT_EQ(n, GetParam() == Backend::kMock ? 4u : 3u);
  uring_cq_advance(ring(), n);
  EXPECT_EQ(uring_cq_ready(ring()), 0u);
}

// uring_cqe_nr reads the flag alone, as liburing's: 2 for URING_CQE_F_32 whatever the ring
// (uring_cqe_seen, which knows the ring, frees one slot here). The mock posts such a CQE
// into a 16-byte ring, as another ring's MSG_RING with passed flags could.
TEST(EventsMock, CqeNrReadsTheFlagAlone) {
  RingHolder h;
  struct uring_params p;
  memset(&p, 0, sizeof p);
  ASSERT_EQ(uring_test::InitRing(&h, Backend::kMock, 4, &p), 0);
  ASSERT_EQ(uring_mock_post_cqe(uring_test::MockOf(&h), 1, 0, URING_CQE_F_32, 0, 0), 0);
  ASSERT_EQ(uring_mock_post_cqe(uring_test::MockOf(&h), 2, 0, 0, 0, 0), 0);
  struct uring_cqe *cqe;
  ASSERT_EQ(uring_peek_cqe(&h.ring, &cqe), 0);
  EXPECT_EQ(uring_cqe_nr(cqe), 2u);
  uring_cqe_seen(&h.ring, cqe);
  EXPECT_EQ(uring_cq_ready(&h.ring), 1u);
  ASSERT_EQ(uring_peek_cqe(&h.ring, &cqe), 0);
  EXPECT_EQ(cqe->user_data, 2u);
  EXPECT_EQ(uring_cqe_nr(cqe), 1u);
  uring_cqe_seen(&h.ring, cqe);
}

// A torn-down ring: nothing to iterate, no overflow, and the entering calls say -EBADF.
TEST_P(Events, TornDownRing) {
  Init(4);
  if (HasFatalFailure() || IsSkipped()) return;
  uring_exit(ring());
  EXPECT_EQ(uring_cq_has_overflow(ring()), 0);
  struct uring_cqe_iter it = uring_cqe_iter_init(ring());
  struct uring_cqe *cqe = nullptr;
  EXPECT_EQ(uring_cqe_iter_next(&it, &cqe), 0);
  EXPECT_EQ(uring_get_events(ring()), -EBADF);
  EXPECT_EQ(uring_submit_and_get_events(ring()), -EBADF);
  EXPECT_EQ(uring_get_events(nullptr), -EFAULT);
  EXPECT_EQ(uring_submit_and_get_events(nullptr), -EFAULT);
}

INSTANTIATE_TEST_SUITE_P(Backends, Events, ::testing::Values(Backend::kKernel, Backend::kMock),
                         [](const ::testing::TestParamInfo<Backend> &i) {
                           return std::string(uring_test::BackendName(i.param));
                         });

// DEFER_TASKRUN (6.1): a completion the kernel finished as task work waits until the
// submitting task enters with GETEVENTS, which no flag announces without TASKRUN_FLAG.
// uring_get_events and uring_submit_and_get_events enter regardless; uring_submit with
// nothing queued does not enter at all.
class DeferTaskrun : public ::testing::Test {
 protected:
  void SetUp() override {
    URING_SKIP_WITHOUT_KERNEL();
    int ret = h_.Init(4, URING_SETUP_SINGLE_ISSUER | URING_SETUP_DEFER_TASKRUN);
    if (ret == -EINVAL && !KernelAtLeast(6, 1))
      GTEST_SKIP() << "URING_SETUP_DEFER_TASKRUN (6.1) not supported by this kernel";
    ASSERT_EQ(ret, 0) << strerror(-ret);
    ASSERT_EQ(pipe(fds_), 0);
  }
  void TearDown() override {
    if (fds_[0] >= 0) close(fds_[0]);
    if (fds_[1] >= 0) close(fds_[1]);
  }
  // A read on the empty pipe, submitted; then the data it waits for.
  void ReadThenWrite() {
    struct uring_sqe *sqe = uring_get_sqe(h_.get());
    ASSERT_NE(sqe, nullptr);
    uring_prep_read(sqe, fds_[0], buf_, sizeof buf_, 0);
    uring_sqe_set_data64(sqe, 5);
    ASSERT_EQ(uring_submit(h_.get()), 1);
    ASSERT_EQ(write(fds_[1], "x", 1), 1);
    usleep(10 * 1000);
    if (Deferred()) {
      ASSERT_EQ(uring_cq_ready(h_.get()), 0u) << "posted without an enter";
    }
    ASSERT_EQ(uring_submit(h_.get()), 0);
    if (Deferred()) {
      ASSERT_EQ(uring_cq_ready(h_.get()), 0u) << "uring_submit entered with nothing queued";
    }
  }
  // Whether the pipe read's completion waits for the task to enter. Measured: on 6.12 and
  // 6.18 it does; Debian's 6.1 finishes the read in an io-wq worker, which posts the CQE
  // itself, with no enter from the task (there the cases check only that it arrives).
  static bool Deferred() { return KernelAtLeast(6, 12); }
  void ExpectTheRead() {
    struct uring_cqe *cqe;
    ASSERT_EQ(uring_peek_cqe(h_.get(), &cqe), 0);
    EXPECT_EQ(cqe->user_data, 5u);
    EXPECT_EQ(cqe->res, 1);
    uring_cqe_seen(h_.get(), cqe);
  }
  RingHolder h_;
  int fds_[2] = {-1, -1};
  char buf_[8];
};

// When the read's completion is queued for the task depends on the kernel (6.1 may finish
// the read in an io-wq worker first, later under qemu): enter until it shows, checking that
// nothing shows without an enter.
TEST_F(DeferTaskrun, GetEventsRunsTheTaskWork) {
  ReadThenWrite();
  if (HasFatalFailure()) return;
  for (int i = 0; i < 500 && uring_cq_ready(h_.get()) == 0; i++) {
    usleep(10 * 1000);
    if (Deferred()) {
      ASSERT_EQ(uring_cq_ready(h_.get()), 0u) << "posted without an enter";
    }
    EXPECT_EQ(uring_get_events(h_.get()), 0);
  }
  EXPECT_EQ(uring_cq_ready(h_.get()), 1u);
  ExpectTheRead();
}

TEST_F(DeferTaskrun, SubmitAndGetEventsRunsTheTaskWork) {
  ReadThenWrite();
  if (HasFatalFailure()) return;
  std::vector<uint64_t> seen;
  uint64_t nops = 0;
  while (nops < 500 && std::find(seen.begin(), seen.end(), 5u) == seen.end()) {
    usleep(10 * 1000);
    if (Deferred()) {
      ASSERT_EQ(uring_cq_ready(h_.get()), 0u) << "posted without an enter";
    }
    struct uring_sqe *sqe = uring_get_sqe(h_.get());
    ASSERT_NE(sqe, nullptr);
    uring_prep_nop(sqe);
    uring_sqe_set_data64(sqe, 100 + nops++);
    EXPECT_EQ(uring_submit_and_get_events(h_.get()), 1);
    struct uring_cqe *cqe;
    while (uring_peek_cqe(h_.get(), &cqe) == 0) {
      seen.push_back(cqe->user_data);
      uring_cqe_seen(h_.get(), cqe);
    }
  }
  std::vector<uint64_t> want;
  for (uint64_t i = 0; i < nops; i++) want.push_back(100 + i);
  want.push_back(5);
  std::sort(seen.begin(), seen.end());
  std::sort(want.begin(), want.end());
  EXPECT_EQ(seen, want);
}

// CQE_MIXED rings (6.18): the liburing-shaped iterator hands out 32-byte CQEs (two slots,
// uring_cqe_nr 2) and the filler entries the kernel posts where a 32-byte CQE would wrap
// (URING_CQE_F_SKIP, one slot); freeing the counted slots keeps the CQ in step.
TEST(CqeIterMixed, CountsSlotsAndHandsOutFillers) {
  URING_SKIP_WITHOUT_KERNEL();
  struct uring_params p;
  memset(&p, 0, sizeof p);
  p.flags = URING_SETUP_CQE_MIXED;
  RingHolder h;
  int ret = h.InitParams(4, &p);  // CQ of 8 slots
  if (ret == -EINVAL && !KernelAtLeast(6, 18))
    GTEST_SKIP() << "URING_SETUP_CQE_MIXED (6.18) not supported by this kernel";
  ASSERT_EQ(ret, 0) << strerror(-ret);
  uint64_t ud = 0, want = 0;
  unsigned fillers = 0, big = 0;
  for (int round = 0; round < 12; round++) {
    for (int i = 0; i < 3; i++, ud++) {
      struct uring_sqe *sqe = uring_get_sqe(h.get());
      ASSERT_NE(sqe, nullptr);
      uring_prep_nop(sqe);
      if (ud % 2) sqe->nop_flags = URING_NOP_CQE32;
      uring_sqe_set_data64(sqe, ud);
    }
    ASSERT_EQ(uring_submit_and_wait(h.get(), 3), 3);
    const unsigned ready = uring_cq_ready(h.get());
    struct uring_cqe_iter it = uring_cqe_iter_init(h.get());
    struct uring_cqe *cqe;
    unsigned slots = 0;
    while (uring_cqe_iter_next(&it, &cqe)) {
      slots += uring_cqe_nr(cqe);
      if (cqe->flags & URING_CQE_F_SKIP) {
        EXPECT_EQ(uring_cqe_nr(cqe), 1u);
        fillers++;
        continue;
      }
      EXPECT_EQ(cqe->user_data, want);
      EXPECT_EQ(uring_cqe_nr(cqe), want % 2 ? 2u : 1u);
      big += want % 2;
      want++;
    }
    EXPECT_EQ(slots, ready);
    uring_cq_advance(h.get(), slots);
    ASSERT_EQ(uring_cq_ready(h.get()), 0u);
  }
  EXPECT_EQ(want, ud);
  EXPECT_GT(big, 0u);
  EXPECT_GT(fillers, 0u) << "no 32-byte CQE met the end of the array";
}

// The mock behind a backend that records the flags of every enter.
std::vector<unsigned> g_enter_flags;
int RecordingEnter(void *ctx, int fd, unsigned to_submit, unsigned min_complete, unsigned flags,
                   const void *arg, size_t argsz) {
  g_enter_flags.push_back(flags);
  return uring_mock_backend()->enter(ctx, fd, to_submit, min_complete, flags, arg, argsz);
}

class EnterFlagsMock : public ::testing::Test {
 protected:
  void SetUp() override {
    mem_ = ::operator new(kMem, std::align_val_t(4096));
    uring_mock_init(&mock_, mem_, kMem);
    be_ = *uring_mock_backend();
    be_.enter = RecordingEnter;
    g_enter_flags.clear();
  }
  void TearDown() override {
    if (live_) uring_exit(&ring_);
    ::operator delete(mem_, std::align_val_t(4096));
  }
  int Init() {
    struct uring_params p;
    memset(&p, 0, sizeof p);
    int ret = uring_init_backend(&ring_, 4, &p, &be_, &mock_);
    live_ = ret == 0;
    return ret;
  }
  // Every enter recorded since the last call carries NO_IOWAIT (want) or none does.
  void ExpectNoIowait(bool want) {
    ASSERT_FALSE(g_enter_flags.empty());
    for (unsigned f : g_enter_flags)
      EXPECT_EQ((f & URING_ENTER_NO_IOWAIT) != 0, want) << "enter flags " << f;
    g_enter_flags.clear();
  }
  static constexpr size_t kMem = 1 << 20;
  struct uring_mock mock_;
  void *mem_ = nullptr;
  struct uring_backend be_;
  struct uring ring_;
  bool live_ = false;
};

// uring_set_iowait(ring, 0) puts URING_ENTER_NO_IOWAIT on every enter the library makes
// (submit, flush, wait), and (ring, 1) takes it off again.
TEST_F(EnterFlagsMock, SetIowaitMarksEveryEnter) {
  ASSERT_EQ(Init(), 0);
  ASSERT_NE(ring_.features & URING_FEAT_NO_IOWAIT, 0u);
  ASSERT_EQ(uring_set_iowait(&ring_, 0), 0);
  struct uring_sqe *sqe = uring_get_sqe(&ring_);
  ASSERT_NE(sqe, nullptr);
  uring_prep_nop(sqe);
  ASSERT_EQ(uring_submit(&ring_), 1);
  ASSERT_EQ(uring_get_events(&ring_), 0);
  struct uring_cqe *cqe;
  ASSERT_EQ(uring_wait_cqe(&ring_, &cqe), 0);
  uring_cqe_seen(&ring_, cqe);
  struct uring_timespec ts = {0, 1000};
  EXPECT_EQ(uring_wait_cqe_timeout(&ring_, &cqe, &ts), -ETIME);
  ExpectNoIowait(true);
  ASSERT_EQ(uring_set_iowait(&ring_, 1), 0);
  ASSERT_EQ(uring_submit_and_get_events(&ring_), 0);
  EXPECT_EQ(uring_wait_cqe_timeout(&ring_, &cqe, &ts), -ETIME);
  ExpectNoIowait(false);
}

// A kernel before 6.15 (the mock's profile) lacks URING_FEAT_NO_IOWAIT: -EOPNOTSUPP, and
// the enters stay as they were.
TEST_F(EnterFlagsMock, SetIowaitBefore615) {
  ASSERT_EQ(uring_mock_set_kernel(&mock_, 6, 14), 0);
  ASSERT_EQ(Init(), 0);
  EXPECT_EQ(ring_.features & URING_FEAT_NO_IOWAIT, 0u);
  EXPECT_EQ(uring_set_iowait(&ring_, 0), -EOPNOTSUPP);
  ASSERT_EQ(uring_get_events(&ring_), 0);
  ExpectNoIowait(false);
}

// Without URING_FEAT_MIN_TIMEOUT (the mock reports none) uring_wait_cqes_min_timeout drops
// the minimum, as liburing does: the mock would refuse a min_wait_usec with -EINVAL.
TEST_F(EnterFlagsMock, WaitCqesMinTimeoutDropsTheMinimumWithoutTheFeature) {
  ASSERT_EQ(Init(), 0);
  ASSERT_EQ(ring_.features & URING_FEAT_MIN_TIMEOUT, 0u);
  struct uring_timespec ts = {1, 0};
  struct uring_cqe *cqe = nullptr;
  // Nothing there, nothing coming (the mock has no wait hook): its time runs out.
  EXPECT_EQ(uring_wait_cqes_min_timeout(&ring_, &cqe, 1, &ts, 1000, nullptr), -ETIME);
  EXPECT_EQ(cqe, nullptr);
  struct uring_sqe *sqe = uring_get_sqe(&ring_);
  ASSERT_NE(sqe, nullptr);
  uring_prep_nop(sqe);
  uring_sqe_set_data64(sqe, 3);
  ASSERT_EQ(uring_submit(&ring_), 1);
  EXPECT_EQ(uring_wait_cqes_min_timeout(&ring_, &cqe, 1, &ts, 1000, nullptr), 0);
  ASSERT_NE(cqe, nullptr);
  EXPECT_EQ(cqe->user_data, 3u);
}

// The mock's profile before 5.11 has no EXT_ARG: refused, as every uring wait with a time
// limit (liburing gives the kernel's -EINVAL).
TEST_F(EnterFlagsMock, WaitCqesMinTimeoutBefore511) {
  ASSERT_EQ(uring_mock_set_kernel(&mock_, 5, 10), 0);
  ASSERT_EQ(Init(), 0);
  struct uring_cqe *cqe = nullptr;
  EXPECT_EQ(uring_wait_cqes_min_timeout(&ring_, &cqe, 1, nullptr, 0, nullptr), -EOPNOTSUPP);
  EXPECT_EQ(cqe, nullptr);
}

}  // namespace
