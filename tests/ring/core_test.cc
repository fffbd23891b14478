// The ring core on both backends: the real kernel and the mock kernel ring. Everything here
// is served by both (NOP, SQ full, index wrap-around, CQ overflow, waits that are satisfied
// at once, probe), so the same assertions prove the library's side of the ring protocol
// where io_uring is blocked.
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <map>
#include <new>
#include <set>
#include <vector>

#include "gtest/gtest.h"
#include "tests/support/harness.h"
#include "tests/support/mock.h"
#include "uring/mock/mock.h"
#include "uring/uring.h"

namespace {

using uring_test::KernelAtLeast;

using uring_test::Backend;
using uring_test::RingHolder;

struct uring_params ZeroParams() {
  struct uring_params p;
  memset(&p, 0, sizeof p);
  return p;
}

class RingCore : public ::testing::TestWithParam<Backend> {
 protected:
  // Creates the ring on the backend under test, or skips with the reason it cannot exist.
  void Init(unsigned entries, struct uring_params *p = nullptr) {
    struct uring_params local = ZeroParams();
    if (!p) p = &local;
    if (GetParam() == Backend::kKernel) URING_SKIP_WITHOUT_KERNEL();
    int ret = uring_test::InitRing(&h_, GetParam(), entries, p);
    if (GetParam() == Backend::kMock && ret == -ENOSYS)
      GTEST_SKIP() << "mock backend not built yet";
    ASSERT_EQ(ret, 0) << strerror(-ret);
    params_ = *p;
  }

  struct uring *ring() { return &h_.ring; }

  // Fills n SQEs with NOPs carrying user_data first, first + 1, ...
  void QueueNops(unsigned n, uint64_t first) {
    for (unsigned i = 0; i < n; i++) {
      struct uring_sqe *sqe = uring_get_sqe(ring());
      ASSERT_NE(sqe, nullptr) << "SQ full after " << i << " of " << n;
      uring_prep_nop(sqe);
      uring_sqe_set_data64(sqe, first + i);
    }
  }

  // Reaps every CQE there is with peek/seen; each must be a successful NOP.
  std::vector<uint64_t> ReapPeek() {
    std::vector<uint64_t> seen;
    struct uring_cqe *cqe = nullptr;
    int ret;
    while ((ret = uring_peek_cqe(ring(), &cqe)) == 0) {
      EXPECT_EQ(cqe->res, 0) << "user_data " << cqe->user_data;
      seen.push_back(cqe->user_data);
      uring_cqe_seen(ring(), cqe);
    }
    EXPECT_EQ(ret, -EAGAIN);
    EXPECT_EQ(cqe, nullptr);
    return seen;
  }

  RingHolder h_;
  struct uring_params params_;
};

#define INIT_OR_RETURN(...)                             \
  do {                                                  \
    Init(__VA_ARGS__);                                  \
    if (IsSkipped() || HasFatalFailure()) return;       \
  } while (0)

TEST_P(RingCore, NopRoundTrip) {
  INIT_OR_RETURN(8);
  EXPECT_EQ(params_.sq_entries, 8u);
  EXPECT_EQ(params_.cq_entries, 16u);
  struct uring_cqe *cqe = nullptr;
  EXPECT_EQ(uring_peek_cqe(ring(), &cqe), -EAGAIN);

  struct uring_sqe *sqe = uring_get_sqe(ring());
  ASSERT_NE(sqe, nullptr);
  uring_prep_nop(sqe);
  uring_sqe_set_data64(sqe, 0xfeedface12345678ull);
  EXPECT_EQ(uring_sq_ready(ring()), 1u);
  ASSERT_EQ(uring_submit_and_wait(ring(), 1), 1);
  EXPECT_EQ(uring_sq_ready(ring()), 0u);
  EXPECT_EQ(uring_cq_ready(ring()), 1u);
  EXPECT_NE(uring_cq_pending(ring()), 0);
  ASSERT_EQ(uring_peek_cqe(ring(), &cqe), 0);
  EXPECT_EQ(cqe->user_data, 0xfeedface12345678ull);
  EXPECT_EQ(cqe->res, 0);
  uring_cqe_seen(ring(), cqe);
  EXPECT_EQ(uring_cq_ready(ring()), 0u);
  EXPECT_EQ(uring_cq_pending(ring()), 0);
  EXPECT_EQ(uring_peek_cqe(ring(), &cqe), -EAGAIN);
  // Nothing queued and nothing held back: submit has nothing to do.
  EXPECT_EQ(uring_submit(ring()), 0);
}

TEST_P(RingCore, SqFullThenFreeAfterSubmit) {
  INIT_OR_RETURN(8);
  const unsigned n = ring()->sq.ring_entries;
  ASSERT_EQ(n, 8u);
  std::vector<struct uring_sqe *> sqes;
  for (unsigned i = 0; i < n; i++) {
    struct uring_sqe *sqe = uring_get_sqe(ring());
    ASSERT_NE(sqe, nullptr) << i;
    uring_prep_nop(sqe);
    uring_sqe_set_data64(sqe, i);
    sqes.push_back(sqe);
  }
  // Every slot handed out once, in ring order.
  for (unsigned i = 1; i < n; i++) EXPECT_EQ(sqes[i] - sqes[0], (ptrdiff_t)i);
  EXPECT_EQ(uring_sq_space_left(ring()), 0u);
  EXPECT_EQ(uring_get_sqe(ring()), nullptr);
  EXPECT_EQ(uring_get_sqe(ring()), nullptr);  // and stays NULL, with no side effect

  ASSERT_EQ(uring_submit(ring()), (int)n);
  EXPECT_EQ(uring_sq_space_left(ring()), n);
  struct uring_sqe *sqe = uring_get_sqe(ring());
  ASSERT_NE(sqe, nullptr);
  EXPECT_EQ(sqe, sqes[0]);  // the ring wrapped back to slot 0
  uring_prep_nop(sqe);
  uring_sqe_set_data64(sqe, n);
  ASSERT_EQ(uring_submit_and_wait(ring(), n + 1), 1);

  std::vector<uint64_t> seen = ReapPeek();
  ASSERT_EQ(seen.size(), n + 1);
  for (unsigned i = 0; i <= n; i++) EXPECT_EQ(seen[i], i);
}

// Batches of every size from 1 to the ring size, reaped in between, so that the SQ and CQ
// indices wrap the rings many times at every offset.
TEST_P(RingCore, IndicesWrapTheRingManyTimes) {
  INIT_OR_RETURN(4);
  const uint32_t sq0 = *ring()->sq.ktail, cq0 = *ring()->cq.ktail;
  const unsigned entries = ring()->sq.ring_entries;
  uint64_t next = 0;
  for (unsigned round = 0; round < 1500; round++) {
    unsigned batch = 1 + round % entries;
    QueueNops(batch, next);
    if (HasFatalFailure()) return;
    ASSERT_EQ(uring_submit_and_wait(ring(), batch), (int)batch);
    std::vector<uint64_t> seen = ReapPeek();
    ASSERT_EQ(seen.size(), batch) << "round " << round;
    for (unsigned i = 0; i < batch; i++) ASSERT_EQ(seen[i], next + i) << "round " << round;
    next += batch;
  }
  ASSERT_GT(next, 100u * ring()->cq.ring_entries);
  EXPECT_EQ(*ring()->sq.ktail, (uint32_t)(sq0 + next));
  EXPECT_EQ(*ring()->sq.khead, (uint32_t)(sq0 + next));
  EXPECT_EQ(*ring()->cq.ktail, (uint32_t)(cq0 + next));
  EXPECT_EQ(*ring()->cq.khead, (uint32_t)(cq0 + next));
}

// Rings of one and two entries: the run of free SQEs ends at the array's end after every
// one or two SQEs, and uring_get_sqe restarts it at slot 0 when the kernel has consumed
// everything (inline) or reads the head again (the refill). Every slot is handed out in
// ring order, never one the kernel has not consumed, and no SQE is lost.
class TinyRing : public RingCore {
 protected:
  void Rounds(unsigned entries) {
    INIT_OR_RETURN(entries);
    ASSERT_EQ(ring()->sq.ring_entries, entries);
    struct uring_sqe *const base = ring()->sq.sqes;
    uint64_t next = 0;
    for (unsigned round = 0; round < 300; round++) {
      unsigned batch = 1 + round % entries;
      for (unsigned i = 0; i < batch; i++) {
        struct uring_sqe *sqe = uring_get_sqe(ring());
        ASSERT_EQ(sqe, base + (next + i) % entries) << "round " << round << " SQE " << i;
        uring_prep_nop(sqe);
        uring_sqe_set_data64(sqe, next + i);
      }
      if (batch == entries) {
        // Full, and stays full until the kernel consumes something.
        EXPECT_EQ(uring_get_sqe(ring()), nullptr) << "round " << round;
        EXPECT_EQ(uring_get_sqe(ring()), nullptr) << "round " << round;
      }
      ASSERT_EQ(uring_submit_and_wait(ring(), batch), (int)batch);
      std::vector<uint64_t> seen = ReapPeek();
      ASSERT_EQ(seen.size(), batch) << "round " << round;
      for (unsigned i = 0; i < batch; i++) ASSERT_EQ(seen[i], next + i) << "round " << round;
      next += batch;
    }
  }
};

TEST_P(TinyRing, OneEntryHandsOutItsSlotEveryRound) { Rounds(1); }
TEST_P(TinyRing, TwoEntriesHandOutEverySlotInOrder) { Rounds(2); }

// On the mock the counters can start just below 2^32, so the same traffic carries every
// index across the 32-bit wrap (the kernel starts at 0 and would need 2^32 SQEs).
class MockNear2To32 : public ::testing::Test {
 protected:
  void SetUp() override {
    mem_ = ::operator new(kMem, std::align_val_t(4096));
    uring_mock_init(&mock_, mem_, kMem);
  }
  void TearDown() override {
    if (live_) uring_exit(&ring_);
    EXPECT_NE(uring_mock_quiescent(&mock_), 0);
    ::operator delete(mem_, std::align_val_t(4096));
  }
  void Init(unsigned entries, uint32_t sq_start, uint32_t cq_start) {
    uring_mock_set_start(&mock_, sq_start, cq_start);
    ASSERT_EQ(uring_mock_ring_init(&ring_, &mock_, entries, nullptr), 0);
    live_ = true;
    ASSERT_EQ(*ring_.sq.ktail, sq_start);
    ASSERT_EQ(*ring_.cq.ktail, cq_start);
  }
  static constexpr size_t kMem = 1 << 20;
  struct uring_mock mock_;
  void *mem_ = nullptr;
  struct uring ring_;
  bool live_ = false;
};

TEST_F(MockNear2To32, SqFullAcrossTheWrap) {
  Init(8, 0xfffffffdu, 0xfffffffau);
  for (unsigned i = 0; i < 8; i++) {
    struct uring_sqe *sqe = uring_get_sqe(&ring_);
    ASSERT_NE(sqe, nullptr) << i;
    uring_prep_nop(sqe);
    uring_sqe_set_data64(sqe, i);
  }
  EXPECT_EQ(uring_get_sqe(&ring_), nullptr);
  EXPECT_EQ(uring_sq_space_left(&ring_), 0u);
  ASSERT_EQ(uring_submit_and_wait(&ring_, 8), 8);
  EXPECT_EQ(*ring_.sq.khead, 5u);  // 0xfffffffd + 8, wrapped
  EXPECT_EQ(uring_cq_ready(&ring_), 8u);
  EXPECT_NE(uring_get_sqe(&ring_), nullptr);
  struct uring_cqe *cqe;
  for (uint64_t i = 0; i < 8; i++) {
    ASSERT_EQ(uring_peek_cqe(&ring_, &cqe), 0);
    EXPECT_EQ(cqe->user_data, i);
    uring_cqe_seen(&ring_, cqe);
  }
  EXPECT_EQ(*ring_.cq.khead, 2u);
  EXPECT_EQ(uring_peek_cqe(&ring_, &cqe), -EAGAIN);
}

TEST_F(MockNear2To32, BatchesAndOverflowAcrossTheWrap) {
  const uint32_t sq0 = 0xffffff00u, cq0 = 0xffffff80u;
  Init(4, sq0, cq0);
  uint64_t next = 0;
  for (unsigned round = 0; round < 200; round++) {
    unsigned batch = 1 + round % 4;
    for (unsigned i = 0; i < batch; i++) {
      struct uring_sqe *sqe = uring_get_sqe(&ring_);
      ASSERT_NE(sqe, nullptr);
      uring_prep_nop(sqe);
      uring_sqe_set_data64(sqe, next + i);
    }
    ASSERT_EQ(uring_submit_and_wait(&ring_, batch), (int)batch);
    struct uring_cq_iter it;
    struct uring_cqe *cqe;
    unsigned got = 0;
    do {
      uring_for_each_cqe(&ring_, it, cqe) ASSERT_EQ(cqe->user_data, next + got++);
    } while (uring_cq_iter_end(&ring_, &it));
    ASSERT_EQ(got, batch);
    next += batch;
  }
  EXPECT_EQ(*ring_.sq.khead, (uint32_t)(sq0 + next));
  EXPECT_EQ(*ring_.cq.khead, (uint32_t)(cq0 + next));
  EXPECT_LT(*ring_.sq.khead, sq0);  // wrapped

  // An overflow backlog while the CQ indices are right at the wrap.
  std::set<uint64_t> seen;
  for (unsigned b = 0; b < 16; b++) {
    for (unsigned i = 0; i < 4; i++) {
      struct uring_sqe *sqe = uring_get_sqe(&ring_);
      ASSERT_NE(sqe, nullptr);
      uring_prep_nop(sqe);
      uring_sqe_set_data64(sqe, 1000 + 4 * b + i);
    }
    ASSERT_EQ(uring_submit(&ring_), 4);
  }
  EXPECT_NE(*ring_.sq.kflags & URING_SQ_CQ_OVERFLOW, 0u);
  struct uring_cqe out[3];
  unsigned n;
  while ((n = uring_copy_cqes(&ring_, out, 3)) > 0)
    for (unsigned i = 0; i < n; i++) EXPECT_TRUE(seen.insert(out[i].user_data).second);
  EXPECT_EQ(seen.size(), 64u);
  EXPECT_EQ(*seen.begin(), 1000u);
  EXPECT_EQ(*seen.rbegin(), 1063u);
  EXPECT_EQ(*ring_.sq.kflags & URING_SQ_CQ_OVERFLOW, 0u);
  EXPECT_EQ(*ring_.cq.koverflow, 0u);
}

// Queues 8 times the CQ size of NOPs in SQ-sized batches without reaping: the kernel keeps
// what does not fit on its overflow list (URING_FEAT_NODROP) and raises URING_SQ_CQ_OVERFLOW.
class Overflow : public RingCore {
 protected:
  static constexpr unsigned kFactor = 8;

  void Backlog() {
    Init(8);
    if (IsSkipped() || HasFatalFailure()) return;
    // Kernels before URING_FEAT_NODROP (5.5) drop what does not fit and count it.
    nodrop_ = (ring()->features & URING_FEAT_NODROP) != 0;
    const unsigned sq = ring()->sq.ring_entries, cq = ring()->cq.ring_entries;
    total_ = kFactor * cq;
    expected_ = nodrop_ ? total_ : cq;
    for (uint64_t next = 0; next < total_; next += sq) {
      QueueNops(sq, next);
      if (HasFatalFailure()) return;
      ASSERT_EQ(uring_submit(ring()), (int)sq) << "after " << next;
    }
    EXPECT_EQ(uring_cq_ready(ring()), cq);
    if (nodrop_) {
      EXPECT_NE(*ring()->sq.kflags & URING_SQ_CQ_OVERFLOW, 0u);
      EXPECT_NE(uring_cq_pending(ring()), 0);
    } else {
      EXPECT_EQ(*ring()->sq.kflags & URING_SQ_CQ_OVERFLOW, 0u);
      EXPECT_EQ(*ring()->cq.koverflow, total_ - cq);
    }
  }

  // With NODROP every user_data seen exactly once, the backlog gone, nothing dropped;
  // without, the first CQ's worth, and the rest counted as dropped.
  void CheckAll(const std::vector<uint64_t> &seen) {
    std::map<uint64_t, int> count;
    for (uint64_t ud : seen) count[ud]++;
    EXPECT_EQ(seen.size(), expected_);
    EXPECT_EQ(count.size(), expected_);
    for (uint64_t i = 0; i < expected_; i++) EXPECT_EQ(count[i], 1) << "user_data " << i;
    EXPECT_EQ(*ring()->sq.kflags & URING_SQ_CQ_OVERFLOW, 0u);
    EXPECT_EQ(*ring()->cq.koverflow, total_ - expected_);
    EXPECT_EQ(uring_cq_pending(ring()), 0);
    struct uring_cqe *cqe;
    EXPECT_EQ(uring_peek_cqe(ring(), &cqe), -EAGAIN);
  }

  bool nodrop_ = true;
  uint64_t total_ = 0;
  uint64_t expected_ = 0;  // CQEs that come out
};

TEST_P(Overflow, ReapWithPeekAndSeen) {
  Backlog();
  if (IsSkipped() || HasFatalFailure()) return;
  CheckAll(ReapPeek());
}

TEST_P(Overflow, ReapWithIterator) {
  Backlog();
  if (IsSkipped() || HasFatalFailure()) return;
  std::vector<uint64_t> seen;
  struct uring_cq_iter it;
  struct uring_cqe *cqe;
  unsigned rounds = 0;
  do {
    ASSERT_LT(rounds++, 4 * kFactor) << "the iterator keeps asking for another round";
    uring_for_each_cqe(ring(), it, cqe) {
      EXPECT_EQ(cqe->res, 0);
      seen.push_back(cqe->user_data);
    }
  } while (uring_cq_iter_end(ring(), &it));
  // The CQ holds one CQ's worth per round, so draining a backlog takes at least kFactor
  // rounds; without one, the CQ is all there is.
  EXPECT_GE(rounds, nodrop_ ? kFactor : 1u);
  CheckAll(seen);
}

TEST_P(Overflow, ReapWithCopy) {
  Backlog();
  if (IsSkipped() || HasFatalFailure()) return;
  std::vector<uint64_t> seen;
  struct uring_cqe out[5];  // smaller than the CQ: copies stop mid-ring
  unsigned n, calls = 0;
  while ((n = uring_copy_cqes(ring(), out, 5)) > 0) {
    ASSERT_LE(n, 5u);
    ASSERT_LT(calls++, total_) << "copy never runs dry";
    for (unsigned i = 0; i < n; i++) {
      EXPECT_EQ(out[i].res, 0);
      seen.push_back(out[i].user_data);
    }
  }
  CheckAll(seen);
}

TEST_P(Overflow, WaitFlushesTheBacklog) {
  Backlog();
  if (IsSkipped() || HasFatalFailure()) return;
  std::vector<uint64_t> seen;
  while (seen.size() < expected_) {
    struct uring_cqe *cqe = nullptr;
    ASSERT_EQ(uring_wait_cqe(ring(), &cqe), 0) << "after " << seen.size();
    ASSERT_NE(cqe, nullptr);
    seen.push_back(cqe->user_data);
    uring_cqe_seen(ring(), cqe);
  }
  CheckAll(seen);
}

TEST_P(RingCore, WaitCqesForN) {
  INIT_OR_RETURN(8);
  QueueNops(5, 100);
  if (HasFatalFailure()) return;
  ASSERT_EQ(uring_submit(ring()), 5);
  struct uring_cqe *cqe = nullptr;
  ASSERT_EQ(uring_wait_cqe_nr(ring(), &cqe, 5), 0);
  ASSERT_NE(cqe, nullptr);
  EXPECT_EQ(cqe->user_data, 100u);
  EXPECT_GE(uring_cq_ready(ring()), 5u);

  struct uring_timespec ts = {5, 0};
  cqe = nullptr;
  if (!(ring()->features & URING_FEAT_EXT_ARG)) {
    // A timed wait needs URING_FEAT_EXT_ARG (5.11).
    EXPECT_EQ(uring_wait_cqes(ring(), &cqe, 5, &ts, nullptr), -EOPNOTSUPP);
    EXPECT_EQ(cqe, nullptr);
  } else {
    ASSERT_EQ(uring_wait_cqes(ring(), &cqe, 5, &ts, nullptr), 0);
    ASSERT_NE(cqe, nullptr);
    EXPECT_EQ(cqe->user_data, 100u);
  }
  std::vector<uint64_t> seen = ReapPeek();
  EXPECT_EQ(seen, (std::vector<uint64_t>{100, 101, 102, 103, 104}));
}

TEST_P(RingCore, SubmitAndWaitTimeoutNotExpiring) {
  INIT_OR_RETURN(8);
  QueueNops(3, 7);
  if (HasFatalFailure()) return;
  struct uring_timespec ts = {5, 0};
  struct uring_cqe *cqe = nullptr;
  if (!(ring()->features & URING_FEAT_EXT_ARG)) {
    // Before 5.11 (no URING_FEAT_EXT_ARG) the call is refused before it submits: the SQEs
    // stay queued.
    EXPECT_EQ(uring_submit_and_wait_timeout(ring(), &cqe, 3, &ts, nullptr), -EOPNOTSUPP);
    EXPECT_EQ(cqe, nullptr);
    EXPECT_EQ(uring_sq_ready(ring()), 3u);
    ASSERT_EQ(uring_submit_and_wait(ring(), 3), 3);
    EXPECT_EQ(ReapPeek(), (std::vector<uint64_t>{7, 8, 9}));
    EXPECT_EQ(uring_wait_cqe_timeout(ring(), &cqe, &ts), -EOPNOTSUPP);
    return;
  }
  ASSERT_EQ(uring_submit_and_wait_timeout(ring(), &cqe, 3, &ts, nullptr), 3);
  ASSERT_NE(cqe, nullptr);
  EXPECT_EQ(cqe->user_data, 7u);
  EXPECT_EQ(cqe->res, 0);
  EXPECT_EQ(ReapPeek(), (std::vector<uint64_t>{7, 8, 9}));

  // The same with a wait timeout on a CQE that is already there.
  QueueNops(1, 10);
  if (HasFatalFailure()) return;
  ASSERT_EQ(uring_submit(ring()), 1);
  cqe = nullptr;
  ASSERT_EQ(uring_wait_cqe_timeout(ring(), &cqe, &ts), 0);
  ASSERT_NE(cqe, nullptr);
  EXPECT_EQ(cqe->user_data, 10u);
  uring_cqe_seen(ring(), cqe);
}

TEST_P(RingCore, SignalMaskAccepted) {
  INIT_OR_RETURN(8);
  QueueNops(2, 1);
  if (HasFatalFailure()) return;
  sigset_t mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGUSR2);
  struct uring_timespec ts = {5, 0};
  struct uring_cqe *cqe = nullptr;
  if (!(ring()->features & URING_FEAT_EXT_ARG)) {
    // A time limit needs the extended argument (5.11): refused before anything is
    // submitted. A signal mask alone is enter's original argument, on every kernel.
    EXPECT_EQ(uring_submit_and_wait_timeout(ring(), &cqe, 2, &ts, &mask), -EOPNOTSUPP);
    EXPECT_EQ(uring_sq_ready(ring()), 2u);
    ASSERT_EQ(uring_submit_and_wait_timeout(ring(), &cqe, 2, nullptr, &mask), 2);
    ASSERT_NE(cqe, nullptr);
    EXPECT_EQ(cqe->user_data, 1u);
    EXPECT_EQ(ReapPeek(), (std::vector<uint64_t>{1, 2}));
    return;
  }
  // Submitting always enters, so the mask reaches the kernel (which checks its size).
  ASSERT_EQ(uring_submit_and_wait_timeout(ring(), &cqe, 2, &ts, &mask), 2);
  ASSERT_NE(cqe, nullptr);
  EXPECT_EQ(cqe->user_data, 1u);
  EXPECT_EQ(ReapPeek(), (std::vector<uint64_t>{1, 2}));
  // A mask without a timeout.
  QueueNops(1, 3);
  if (HasFatalFailure()) return;
  cqe = nullptr;
  ASSERT_EQ(uring_submit_and_wait_timeout(ring(), &cqe, 1, nullptr, &mask), 1);
  ASSERT_NE(cqe, nullptr);
  EXPECT_EQ(cqe->user_data, 3u);
  uring_cqe_seen(ring(), cqe);
}

TEST_P(RingCore, Probe) {
  INIT_OR_RETURN(4);
  struct uring_probe_info info;
  memset(&info, 0xa5, sizeof info);
  int ret = uring_get_probe(ring(), &info);
  const unsigned profile = GetParam() == Backend::kMock ? uring_test::MockKernel() : 0;
  if (profile && profile < 506) {
    // The probe is 5.6's: an older kernel refuses the register opcode.
    EXPECT_EQ(ret, -EINVAL);
    return;
  }
  ASSERT_EQ(ret, 0) << strerror(-ret);
  EXPECT_EQ(info.features, ring()->features);
  ASSERT_GT(info.hdr.ops_len, 0u);
  EXPECT_EQ(info.hdr.ops_len, info.hdr.last_op + 1u);
  EXPECT_EQ(uring_probe_last_op(&info), info.hdr.last_op);
  for (unsigned i = 0; i < info.hdr.ops_len; i++) {
    EXPECT_EQ(info.ops[i].op, i);
    if (uring_opcode_supported(&info, i) && i < URING_OP_LAST) {
      EXPECT_NE(uring_opcode_name(i), nullptr) << "opcode " << i;
    }
  }
  // Past the answer nothing is supported, whatever the buffer held before.
  EXPECT_EQ(uring_opcode_supported(&info, info.hdr.ops_len), 0);
  EXPECT_EQ(uring_opcode_supported(&info, 255), 0);
  EXPECT_EQ(uring_opcode_supported(&info, 1000), 0);
  EXPECT_NE(uring_opcode_supported(&info, URING_OP_NOP), 0);
  EXPECT_STREQ(uring_opcode_name(URING_OP_NOP), "NOP");
  if (profile) {
    // The modelled release's opcodes only: READ is 5.6's, MSG_RING 5.18's.
    EXPECT_NE(uring_opcode_supported(&info, URING_OP_READ), 0);
    EXPECT_EQ(info.hdr.last_op >= URING_OP_MSG_RING, profile >= 518);
    EXPECT_EQ(uring_opcode_supported(&info, URING_OP_NOP128), 0);
  }
  if (GetParam() == Backend::kKernel) {
    EXPECT_NE(uring_opcode_supported(&info, URING_OP_READ), 0);
    EXPECT_NE(uring_opcode_supported(&info, URING_OP_WRITE), 0);
    // PIPE (62) arrived in 6.16.
    if (KernelAtLeast(6, 16)) {
      EXPECT_GE(info.hdr.last_op, 62u);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, RingCore,
                         ::testing::Values(Backend::kKernel, Backend::kMock),
                         [](const ::testing::TestParamInfo<Backend> &i) {
                           return std::string(uring_test::BackendName(i.param));
                         });
INSTANTIATE_TEST_SUITE_P(Backends, TinyRing,
                         ::testing::Values(Backend::kKernel, Backend::kMock),
                         [](const ::testing::TestParamInfo<Backend> &i) {
                           return std::string(uring_test::BackendName(i.param));
                         });
INSTANTIATE_TEST_SUITE_P(Backends, Overflow,
                         ::testing::Values(Backend::kKernel, Backend::kMock),
                         [](const ::testing::TestParamInfo<Backend> &i) {
                           return std::string(uring_test::BackendName(i.param));
                         });

}  // namespace
