// The mock kernel ring's own behaviour, driven through the library's API (and, for the
// checks the library never makes, through the backend table directly). Where the mock
// copies a kernel rule, the expected value is what the 6.18 kernel here answered.
#include <errno.h>
#include <poll.h>
#include <string.h>

#include <cstdint>
#include <new>
#include <vector>

#include "gtest/gtest.h"
#include "tests/support/harness.h"
#include "tests/support/mock.h"
#include "uring/mock/mock.h"
#include "uring/uring.h"

namespace {

constexpr size_t kAlign = 4096;

struct Cqe {
  uint64_t user_data;
  int32_t res;
  uint32_t flags;
};

// Queues a NOP with `user_data`; false when the SQ is full.
bool QueueNop(struct uring *r, uint64_t user_data, unsigned sqe_flags = 0) {
  struct uring_sqe *sqe = uring_get_sqe(r);
  if (!sqe) return false;
  uring_prep_nop(sqe);
  uring_sqe_set_data64(sqe, user_data);
  uring_sqe_set_flags(sqe, sqe_flags);
  return true;
}

// Every CQE the ring will give without waiting (peeks flush the backlog as needed).
std::vector<Cqe> Reap(struct uring *r) {
  std::vector<Cqe> out;
  struct uring_cqe *cqe;
  while (uring_peek_cqe(r, &cqe) == 0) {
    out.push_back({cqe->user_data, cqe->res, cqe->flags});
    uring_cqe_seen(r, cqe);
  }
  return out;
}

// A caller-owned mock with its own page-aligned buffer.
class MockMem {
 public:
  MockMem() { memset(&m_, 0, sizeof m_); }
  ~MockMem() { Free(); }
  void Alloc(size_t size) {
    Free();
    if (size < kAlign) size = kAlign;
    mem_ = ::operator new(size, std::align_val_t(kAlign));
    size_ = size;
    uring_mock_init(&m_, mem_, size_);
  }
  struct uring_mock *mock() { return &m_; }
  unsigned char *mem() { return static_cast<unsigned char *>(mem_); }
  size_t size() const { return size_; }

 private:
  void Free() {
    if (mem_) ::operator delete(mem_, std::align_val_t(kAlign));
    mem_ = nullptr;
  }
  struct uring_mock m_;
  void *mem_ = nullptr;
  size_t size_ = 0;
};

class MockRing : public ::testing::Test {
 protected:
  MockRing() {
    memset(&ring_, 0, sizeof ring_);
    memset(&p_, 0, sizeof p_);
  }

  // Gives the mock memory for `entries` with `flags` (and `cq` with CQSIZE) plus a
  // backlog of `backlog` completions. Test controls that act at setup go after this.
  void Prepare(unsigned entries, unsigned flags = 0, unsigned cq = 0, unsigned backlog = 1024) {
    memset(&p_, 0, sizeof p_);
    p_.flags = flags;
    p_.cq_entries = cq;
    mm_.Alloc(uring_mock_mem_size(entries, &p_, backlog));
  }

  int Create(unsigned entries) {
    int ret = uring_mock_ring_init(&ring_, m(), entries, &p_);
    live_ = ret == 0;
    return ret;
  }

  int Init(unsigned entries, unsigned flags = 0, unsigned cq = 0, unsigned backlog = 1024) {
    Prepare(entries, flags, cq, backlog);
    return Create(entries);
  }

  void Exit() {
    uring_exit(&ring_);
    live_ = false;
  }

  void TearDown() override {
    if (live_) {
      Exit();
      EXPECT_TRUE(uring_mock_quiescent(m())) << "the library left a region mapped or the fd open";
    }
  }

  struct uring_mock *m() { return mm_.mock(); }
  const struct uring_backend *be() { return uring_mock_backend(); }
  int fd() { return uring_mock_fd(m()); }
  uint32_t SqFlags() { return uring_read_once(ring_.sq.kflags); }

  MockMem mm_;
  struct uring ring_;
  struct uring_params p_;
  bool live_ = false;
};

TEST_F(MockRing, NopRoundTrip) {
  ASSERT_EQ(Init(8), 0);
  ASSERT_TRUE(QueueNop(&ring_, 0x42));
  ASSERT_EQ(uring_submit_and_wait(&ring_, 1), 1);
  struct uring_cqe *cqe = nullptr;
  ASSERT_EQ(uring_peek_cqe(&ring_, &cqe), 0);
  EXPECT_EQ(cqe->user_data, 0x42u);
  EXPECT_EQ(cqe->res, 0);
  EXPECT_EQ(cqe->flags, 0u);
  uring_cqe_seen(&ring_, cqe);
  EXPECT_EQ(uring_peek_cqe(&ring_, &cqe), -EAGAIN);
  EXPECT_EQ(m()->stats.enters, 1u);
  EXPECT_EQ(m()->stats.sqes_consumed, 1u);
  EXPECT_EQ(m()->stats.cqes_posted, 1u);
}

TEST_F(MockRing, SetupFillsParamsWithAKernelLikeLayout) {
  ASSERT_EQ(Init(5), 0);
  EXPECT_EQ(p_.sq_entries, 8u);
  EXPECT_EQ(p_.cq_entries, 16u);
  const uint32_t want = URING_FEAT_SINGLE_MMAP | URING_FEAT_NODROP | URING_FEAT_SUBMIT_STABLE |
                        URING_FEAT_EXT_ARG | URING_FEAT_CQE_SKIP;
  EXPECT_EQ(p_.features & want, want);
  EXPECT_EQ(p_.features & URING_FEAT_MIN_TIMEOUT, 0u);
  // The four counters the two sides write concurrently are on four distinct 64-byte lines.
  const uint32_t lines[] = {p_.sq_off.head / 64, p_.sq_off.tail / 64, p_.cq_off.head / 64,
                            p_.cq_off.tail / 64};
  for (int i = 0; i < 4; i++)
    for (int j = i + 1; j < 4; j++) EXPECT_NE(lines[i], lines[j]) << i << " " << j;
  EXPECT_EQ(p_.cq_off.cqes % 64, 0u);
  EXPECT_EQ(p_.sq_off.array % 64, 0u);
  EXPECT_GE(p_.sq_off.array, p_.cq_off.cqes + 16 * p_.cq_entries);
  EXPECT_NE(p_.cq_off.flags, 0u);
  EXPECT_EQ(ring_.sq.ring_entries, 8u);
  EXPECT_EQ(ring_.cq.ring_entries, 16u);
  EXPECT_EQ(ring_.ring_fd, fd());
  EXPECT_GE(fd(), URING_MOCK_FD_BASE);
  EXPECT_NE(ring_.sq.array, nullptr);
  EXPECT_EQ(m()->stats.maps, 2u);  // SINGLE_MMAP: the rings, then the SQEs
}

// Setup straight through the backend, so the library's own precondition checks do not
// hide the mock's.
int DirectSetup(unsigned entries, uint32_t flags, uint32_t cq = 0, struct uring_params *out = nullptr) {
  MockMem mm;
  struct uring_params p;
  memset(&p, 0, sizeof p);
  p.flags = flags;
  p.cq_entries = cq;
  size_t size = uring_mock_mem_size(entries, &p, 0);
  mm.Alloc(size ? size : 4096);
  int fd = uring_mock_backend()->setup(mm.mock(), entries, &p);
  if (fd >= 0) {
    EXPECT_EQ(uring_mock_backend()->close(mm.mock(), fd), 0);
  }
  if (out) *out = p;
  return fd;
}

TEST(MockSetup, SizesFollowTheKernelsRules) {
  struct uring_params p;
  EXPECT_EQ(DirectSetup(0, 0), -EINVAL);
  EXPECT_EQ(DirectSetup(32769, 0), -EINVAL);
  ASSERT_GE(DirectSetup(32769, URING_SETUP_CLAMP, 0, &p), URING_MOCK_FD_BASE);
  EXPECT_EQ(p.sq_entries, 32768u);
  EXPECT_EQ(p.cq_entries, 65536u);
  ASSERT_GE(DirectSetup(1, 0, 0, &p), 0);
  EXPECT_EQ(p.sq_entries, 1u);
  EXPECT_EQ(p.cq_entries, 2u);
  EXPECT_EQ(DirectSetup(8, URING_SETUP_CQSIZE, 0), -EINVAL);
  EXPECT_EQ(DirectSetup(8, URING_SETUP_CQSIZE, 4), -EINVAL);  // CQ smaller than the SQ
  ASSERT_GE(DirectSetup(8, URING_SETUP_CQSIZE, 33, &p), 0);
  EXPECT_EQ(p.cq_entries, 64u);
  EXPECT_EQ(DirectSetup(8, URING_SETUP_CQSIZE, 65537), -EINVAL);
  ASSERT_GE(DirectSetup(8, URING_SETUP_CQSIZE | URING_SETUP_CLAMP, 100000, &p), 0);
  EXPECT_EQ(p.cq_entries, 65536u);
}

TEST(MockSetup, RefusesUnknownUnservedAndContradictoryFlags) {
  EXPECT_EQ(DirectSetup(4, 1u << 25), -EINVAL);
  const uint32_t unserved[] = {URING_SETUP_IOPOLL,
                               URING_SETUP_SQ_AFF,        URING_SETUP_ATTACH_WQ,
                               URING_SETUP_NO_MMAP,       URING_SETUP_NO_MMAP | URING_SETUP_REGISTERED_FD_ONLY,
                               URING_SETUP_IOPOLL | URING_SETUP_HYBRID_IOPOLL,
                               URING_SETUP_CQE_MIXED,
                               URING_SETUP_NO_SQARRAY | URING_SETUP_SQ_REWIND};
  for (uint32_t f : unserved) EXPECT_EQ(DirectSetup(4, f), -EINVAL) << std::hex << f;
  // Refused by every kernel, whatever it implements.
  EXPECT_EQ(DirectSetup(4, URING_SETUP_TASKRUN_FLAG), -EINVAL);
  EXPECT_EQ(DirectSetup(4, URING_SETUP_DEFER_TASKRUN), -EINVAL);
  EXPECT_EQ(DirectSetup(4, URING_SETUP_REGISTERED_FD_ONLY), -EINVAL);
  EXPECT_EQ(DirectSetup(4, URING_SETUP_CQE32 | URING_SETUP_CQE_MIXED), -EINVAL);
  const uint32_t served[] = {URING_SETUP_CLAMP,
                             URING_SETUP_R_DISABLED,
                             URING_SETUP_SUBMIT_ALL,
                             URING_SETUP_COOP_TASKRUN | URING_SETUP_TASKRUN_FLAG,
                             URING_SETUP_SQE128 | URING_SETUP_CQE32,
                             URING_SETUP_SINGLE_ISSUER | URING_SETUP_DEFER_TASKRUN |
                                 URING_SETUP_TASKRUN_FLAG,
                             URING_SETUP_NO_SQARRAY};
  for (uint32_t f : served) EXPECT_GE(DirectSetup(4, f), URING_MOCK_FD_BASE) << std::hex << f;

  MockMem mm;
  mm.Alloc(1 << 16);
  struct uring_params p;
  memset(&p, 0, sizeof p);
  p.resv[2] = 1;
  EXPECT_EQ(uring_mock_backend()->setup(mm.mock(), 4, &p), -EINVAL);
  EXPECT_EQ(uring_mock_backend()->setup(mm.mock(), 4, nullptr), -EFAULT);
}

TEST(MockSetup, MemoryRules) {
  MockMem mm;
  struct uring_params p;
  memset(&p, 0, sizeof p);
  size_t need = uring_mock_mem_size(64, &p, 0);
  ASSERT_GT(need, 0u);
  EXPECT_EQ(uring_mock_mem_size(0, &p, 0), 0u);
  EXPECT_EQ(uring_mock_mem_size(64, nullptr, 8), need + 8 * 16);

  mm.Alloc(need - 1);
  EXPECT_EQ(uring_mock_backend()->setup(mm.mock(), 64, &p), -ENOMEM);
  // Misaligned memory is refused: the ring header wants 64-byte lines.
  mm.Alloc(need + 64);
  uring_mock_init(mm.mock(), mm.mem() + 8, need);
  EXPECT_EQ(uring_mock_backend()->setup(mm.mock(), 64, &p), -EINVAL);
  // One ring at a time; the next one gets another fd, and the old fd is dead.
  mm.Alloc(need);
  int fd1 = uring_mock_backend()->setup(mm.mock(), 64, &p);
  ASSERT_GE(fd1, URING_MOCK_FD_BASE);
  EXPECT_EQ(uring_mock_backend()->setup(mm.mock(), 64, &p), -EMFILE);
  EXPECT_EQ(uring_mock_backend()->close(mm.mock(), fd1), 0);
  int fd2 = uring_mock_backend()->setup(mm.mock(), 64, &p);
  ASSERT_GE(fd2, URING_MOCK_FD_BASE);
  EXPECT_NE(fd1, fd2);
  EXPECT_EQ(uring_mock_backend()->enter(mm.mock(), fd1, 0, 0, 0, nullptr, 0), -EBADF);
  EXPECT_EQ(uring_mock_backend()->close(mm.mock(), fd2), 0);
  EXPECT_TRUE(uring_mock_quiescent(mm.mock()));
}

TEST_F(MockRing, LibraryRefusalsReachTheCaller) {
  Prepare(4);
  EXPECT_EQ(uring_mock_ring_init(&ring_, m(), 0, nullptr), -EINVAL);
  EXPECT_EQ(uring_mock_ring_init(&ring_, m(), 40000, nullptr), -EINVAL);
  EXPECT_EQ(m()->stats.setups, 0u);
  ASSERT_EQ(uring_mock_ring_init(&ring_, m(), 4, nullptr), 0);
  live_ = true;
  EXPECT_EQ(ring_.sq.ring_entries, 4u);
}

TEST_F(MockRing, InjectedResults) {
  ASSERT_EQ(Init(8), 0);
  struct uring_sqe *sqe = uring_get_sqe(&ring_);
  uring_prep_nop(sqe);
  sqe->nop_flags = URING_NOP_INJECT_RESULT;
  sqe->len = static_cast<uint32_t>(-ENOENT);
  sqe->user_data = 1;
  sqe = uring_get_sqe(&ring_);
  uring_prep_nop(sqe);
  sqe->nop_flags = URING_NOP_INJECT_RESULT;
  sqe->len = 1234;
  sqe->user_data = 2;
  ASSERT_EQ(uring_submit(&ring_), 2);
  std::vector<Cqe> c = Reap(&ring_);
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].res, -ENOENT);
  EXPECT_EQ(c[1].res, 1234);

  // The control overrides the next two NOPs only.
  uring_mock_inject_nop_result(m(), -EIO, 2);
  for (int i = 0; i < 3; i++) ASSERT_TRUE(QueueNop(&ring_, 10 + i));
  ASSERT_EQ(uring_submit(&ring_), 3);
  c = Reap(&ring_);
  ASSERT_EQ(c.size(), 3u);
  EXPECT_EQ(c[0].res, -EIO);
  EXPECT_EQ(c[1].res, -EIO);
  EXPECT_EQ(c[2].res, 0);
}

TEST_F(MockRing, Sqe128AndCqe32Layouts) {
  ASSERT_EQ(Init(4, URING_SETUP_SQE128 | URING_SETUP_CQE32), 0);
  EXPECT_EQ(ring_.sq.sqe_shift, 1u);
  EXPECT_EQ(ring_.cq.cqe_shift, 1u);
  EXPECT_GE(p_.sq_off.array, p_.cq_off.cqes + 32 * p_.cq_entries);
  EXPECT_GE(ring_.sqes.size, 128u * p_.sq_entries);

  // Three rounds through the 4 slots: the mock must find each SQE at index * 128 bytes.
  uint64_t ud = 0;
  for (int round = 0; round < 3; round++) {
    struct uring_sqe *prev = nullptr;
    for (int i = 0; i < 4; i++) {
      struct uring_sqe *sqe = uring_get_sqe(&ring_);
      ASSERT_NE(sqe, nullptr);
      if (prev) {
        EXPECT_EQ(reinterpret_cast<char *>(sqe) - reinterpret_cast<char *>(prev), 128);
      }
      prev = sqe;
      uring_prep_nop(sqe);
      memset(uring_sqe_cmd(sqe) + 16, 0xee, 64);  // the second half must not matter
      sqe->user_data = ++ud;
      if (i == 1) {
        sqe->nop_flags = URING_NOP_CQE32;
        sqe->off = 0x1111 + ud;
        sqe->addr = 0x2222 + ud;
      }
    }
    // Stale bytes in the big halves of the slots about to be written.
    for (uint32_t k = 0; k < 4; k++)
      memset(uring_cqe_big(uring_priv_cqe_at(&ring_.cq, ring_.cq.head + k)), 0xab, 16);
    ASSERT_EQ(uring_submit(&ring_), 4);
    for (int i = 0; i < 4; i++) {
      struct uring_cqe *cqe;
      ASSERT_EQ(uring_peek_cqe(&ring_, &cqe), 0);
      EXPECT_EQ(cqe->user_data, ud - 3 + i);
      EXPECT_EQ(cqe->res, 0);
      uint64_t *big = uring_cqe_big(cqe);
      if (i == 1) {
        EXPECT_EQ(big[0], 0x1111 + cqe->user_data);
        EXPECT_EQ(big[1], 0x2222 + cqe->user_data);
      } else {
        EXPECT_EQ(big[0], 0u);
        EXPECT_EQ(big[1], 0u);
      }
      uring_cqe_seen(&ring_, cqe);
    }
  }
}

TEST_F(MockRing, NopCqe32NeedsACqe32Ring) {
  ASSERT_EQ(Init(4), 0);
  struct uring_sqe *sqe = uring_get_sqe(&ring_);
  uring_prep_nop(sqe);
  sqe->nop_flags = URING_NOP_CQE32;
  ASSERT_EQ(uring_submit(&ring_), 1);
  std::vector<Cqe> c = Reap(&ring_);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].res, -EINVAL);
}

TEST_F(MockRing, InvalidArrayIndexIsDroppedAndEndsTheBatch) {
  ASSERT_EQ(Init(4), 0);
  for (int i = 1; i <= 3; i++) ASSERT_TRUE(QueueNop(&ring_, i));
  ring_.sq.array[1] = 99;  // the slot of the second SQE
  // As on 6.18: the SQE before the bad index is submitted, the bad one is consumed and
  // counted, the third stays queued, and nothing is waited for.
  EXPECT_EQ(uring_submit_and_wait(&ring_, 3), 1);
  EXPECT_EQ(uring_sq_dropped(&ring_), 1u);
  EXPECT_EQ(uring_sq_ready(&ring_), 1u);
  std::vector<Cqe> c = Reap(&ring_);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].user_data, 1u);
  ring_.sq.array[1] = 1;
  EXPECT_EQ(uring_submit(&ring_), 1);
  c = Reap(&ring_);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].user_data, 3u);
  EXPECT_EQ(uring_sq_dropped(&ring_), 1u);
}

TEST_F(MockRing, NoSqArray) {
  ASSERT_EQ(Init(4, URING_SETUP_NO_SQARRAY), 0);
  EXPECT_EQ(p_.sq_off.array, 0u);
  EXPECT_EQ(ring_.sq.array, nullptr);
  for (uint64_t i = 0; i < 12; i++) {
    ASSERT_TRUE(QueueNop(&ring_, i));
    ASSERT_EQ(uring_submit(&ring_), 1);
    std::vector<Cqe> c = Reap(&ring_);
    ASSERT_EQ(c.size(), 1u);
    EXPECT_EQ(c[0].user_data, i);
  }
}

// Queues 8x the CQ size of NOPs without reaping, then reaps: every completion arrives
// exactly once, in submission order, and none is lost.
void OverflowRoundTrip(struct uring *ring, struct uring_mock *m, unsigned cq,
                       bool use_copy) {
  const uint64_t total = 8ull * cq;
  uint64_t queued = 0;
  while (queued < total) {
    while (queued < total && QueueNop(ring, queued)) queued++;
    int ret = uring_submit(ring);
    ASSERT_GT(ret, 0);
    if (queued > cq) {
      EXPECT_TRUE(uring_read_once(ring->sq.kflags) & URING_SQ_CQ_OVERFLOW);
    }
  }
  EXPECT_EQ(uring_cq_ready(ring), cq);
  EXPECT_EQ(uring_mock_backlog(m), total - cq);
  EXPECT_TRUE(uring_cq_pending(ring));
  std::vector<uint64_t> seen;
  seen.reserve(total);
  if (use_copy) {
    std::vector<struct uring_cqe> buf(97);
    // Bounded, so that a flag left up fails the test instead of spinning.
    for (uint64_t round = 0; round <= total; round++) {
      unsigned n = uring_copy_cqes(ring, buf.data(), buf.size());
      if (!n && !uring_cq_pending(ring)) break;
      for (unsigned i = 0; i < n; i++) {
        EXPECT_EQ(buf[i].res, 0);
        seen.push_back(buf[i].user_data);
      }
    }
  } else {
    for (const Cqe &c : Reap(ring)) {
      EXPECT_EQ(c.res, 0);
      seen.push_back(c.user_data);
    }
  }
  ASSERT_EQ(seen.size(), total);
  for (uint64_t i = 0; i < total; i++) ASSERT_EQ(seen[i], i) << "at " << i;
  EXPECT_EQ(uring_read_once(ring->sq.kflags) & URING_SQ_CQ_OVERFLOW, 0u);
  EXPECT_EQ(uring_read_once(ring->cq.koverflow), 0u);
  EXPECT_EQ(uring_mock_backlog(m), 0u);
  EXPECT_EQ(m->stats.cqes_lost, 0u);
  EXPECT_EQ(m->stats.cqes_posted, total);
}

TEST_F(MockRing, OverflowWithoutLossSmall) {
  ASSERT_EQ(Init(16, 0, 0, 8 * 32), 0);
  OverflowRoundTrip(&ring_, m(), 32, false);
}

TEST_F(MockRing, OverflowWithoutLossIterated) {
  ASSERT_EQ(Init(8, URING_SETUP_CQSIZE, 16, 8 * 16), 0);
  OverflowRoundTrip(&ring_, m(), 16, true);
}

TEST_F(MockRing, OverflowWithoutLossLarge) {
  ASSERT_EQ(Init(4096, URING_SETUP_CQSIZE | URING_SETUP_CQE32, 8192, 8 * 8192), 0);
  OverflowRoundTrip(&ring_, m(), 8192, false);
}

TEST_F(MockRing, OnlyGeteventsFlushesAndNewCompletionsQueueBehind) {
  ASSERT_EQ(Init(4), 0);  // CQ of 8
  for (uint64_t i = 0; i < 11; i++) ASSERT_EQ(uring_mock_post_cqe(m(), i, 0, 0, 0, 0), 0);
  EXPECT_EQ(uring_cq_ready(&ring_), 8u);
  EXPECT_EQ(uring_mock_backlog(m()), 3u);
  EXPECT_TRUE(SqFlags() & URING_SQ_CQ_OVERFLOW);

  uring_cq_advance(&ring_, 2);
  // A completion posted now finds room in the CQ, yet must queue behind the backlog.
  ASSERT_EQ(uring_mock_post_cqe(m(), 11, 0, 0, 0, 0), 0);
  EXPECT_EQ(uring_cq_ready(&ring_), 6u);
  EXPECT_EQ(uring_mock_backlog(m()), 4u);
  // An enter without GETEVENTS does not flush.
  EXPECT_EQ(uring_enter(&ring_, 0, 0, 0, nullptr, 0), 0);
  EXPECT_EQ(uring_cq_ready(&ring_), 6u);
  // With GETEVENTS it moves what fits, oldest first, and the flag stays up.
  EXPECT_EQ(uring_enter(&ring_, 0, 0, URING_ENTER_GETEVENTS, nullptr, 0), 0);
  EXPECT_EQ(uring_cq_ready(&ring_), 8u);
  EXPECT_EQ(uring_mock_backlog(m()), 2u);
  EXPECT_TRUE(SqFlags() & URING_SQ_CQ_OVERFLOW);

  std::vector<Cqe> c = Reap(&ring_);
  ASSERT_EQ(c.size(), 10u);
  for (uint64_t i = 0; i < 10; i++) EXPECT_EQ(c[i].user_data, i + 2);
  EXPECT_EQ(uring_mock_backlog(m()), 0u);
  EXPECT_EQ(SqFlags() & URING_SQ_CQ_OVERFLOW, 0u);
}

TEST_F(MockRing, FullBacklogLosesCountsAndReportsEbadrOnce) {
  ASSERT_EQ(Init(4, 0, 0, 2), 0);  // CQ of 8, backlog of 2
  for (uint64_t i = 0; i < 10; i++) ASSERT_EQ(uring_mock_post_cqe(m(), i, 0, 0, 0, 0), 0);
  EXPECT_EQ(uring_mock_post_cqe(m(), 10, 0, 0, 0, 0), -ENOSPC);
  EXPECT_EQ(uring_read_once(ring_.cq.koverflow), 1u);
  EXPECT_EQ(m()->stats.cqes_lost, 1u);
  std::vector<Cqe> c = Reap(&ring_);
  ASSERT_EQ(c.size(), 10u);
  EXPECT_EQ(c.back().user_data, 9u);
  // A wait that cannot be met reports the loss once, then blocks (here: -EDEADLK).
  struct uring_cqe *cqe;
  EXPECT_EQ(uring_wait_cqe(&ring_, &cqe), -EBADR);
  EXPECT_EQ(uring_wait_cqe(&ring_, &cqe), -EDEADLK);
}

// A multishot request whose next CQE finds the CQ full is ended, its final CQE (without
// MORE) held back with the rest (nothing_lost_test shows the kernel doing the same): a
// poll woken 12 times and a timeout of 20 expiries into an unreaped 2-entry CQ post the
// CQ's 2 CQEs and their last. A profile with 5.15's io_uring keeps the poll armed instead,
// its CQEs with MORE on the backlog.
TEST_F(MockRing, MultishotEndsWhenItsCqeCannotBePosted) {
  ASSERT_EQ(Init(1, URING_SETUP_CQSIZE, 2, 64), 0);
  unsigned char none[1];
  ASSERT_EQ(uring_mock_add_file(m(), 5, none, 0, 0), 0);
  struct uring_sqe *sqe = uring_get_sqe(&ring_);
  uring_prep_poll_multishot(sqe, 5, POLLIN);
  uring_sqe_set_data64(sqe, 1);
  ASSERT_EQ(uring_submit(&ring_), 1);
  for (int i = 0; i < 12; i++) ASSERT_EQ(uring_mock_set_ready(m(), 5, POLLIN), 0);
  std::vector<Cqe> c = Reap(&ring_);
  ASSERT_EQ(c.size(), 3u);
  for (size_t i = 0; i < c.size(); i++) {
    EXPECT_EQ(c[i].user_data, 1u);
    EXPECT_EQ(c[i].res, POLLIN);
    EXPECT_EQ(c[i].flags, i < 2 ? URING_CQE_F_MORE : 0u) << i;
  }
  EXPECT_EQ(uring_mock_pending(m()), 0u) << "the poll outlived its full CQ";

  struct uring_timespec period = {0, 1000};
  sqe = uring_get_sqe(&ring_);
  uring_prep_timeout_multishot(sqe, &period, 20, 0);
  uring_sqe_set_data64(sqe, 2);
  ASSERT_EQ(uring_submit(&ring_), 1);
  for (int i = 0; i < 20; i++) ASSERT_EQ(uring_mock_advance_clock(m(), 1000), 0);
  c = Reap(&ring_);
  ASSERT_EQ(c.size(), 3u);
  for (size_t i = 0; i < c.size(); i++) {
    EXPECT_EQ(c[i].user_data, 2u);
    EXPECT_EQ(c[i].res, -ETIME);
    EXPECT_EQ(c[i].flags, i < 2 ? URING_CQE_F_MORE : 0u) << i;
  }
  EXPECT_EQ(uring_mock_pending(m()), 0u) << "the timeout outlived its full CQ";
  EXPECT_EQ(m()->stats.cqes_lost, 0u);
}

TEST_F(MockRing, MultishotPollOverflowsOn515) {
  Prepare(1, URING_SETUP_CQSIZE, 2, 64);
  ASSERT_EQ(uring_mock_set_kernel(m(), 5, 15), 0);
  ASSERT_EQ(Create(1), 0);
  unsigned char none[1];
  ASSERT_EQ(uring_mock_add_file(m(), 5, none, 0, 0), 0);
  struct uring_sqe *sqe = uring_get_sqe(&ring_);
  uring_prep_poll_multishot(sqe, 5, POLLIN);
  uring_sqe_set_data64(sqe, 1);
  ASSERT_EQ(uring_submit(&ring_), 1);
  for (int i = 0; i < 12; i++) ASSERT_EQ(uring_mock_set_ready(m(), 5, POLLIN), 0);
  std::vector<Cqe> c = Reap(&ring_);
  ASSERT_EQ(c.size(), 12u);
  for (const Cqe &e : c) EXPECT_EQ(e.flags, URING_CQE_F_MORE);
  EXPECT_EQ(uring_mock_pending(m()), 1u) << "the poll is still armed";
  ASSERT_EQ(uring_mock_set_ready(m(), 5, POLLIN), 0);
  EXPECT_EQ(Reap(&ring_).size(), 1u);
}

TEST_F(MockRing, CountersWrapAround2To32) {
  Prepare(8, 0, 0, 64);
  uring_mock_set_start(m(), UINT32_MAX - 5, UINT32_MAX - 2);
  ASSERT_EQ(Create(8), 0);
  EXPECT_EQ(*ring_.sq.khead, UINT32_MAX - 5);
  EXPECT_EQ(*ring_.sq.ktail, UINT32_MAX - 5);
  EXPECT_EQ(ring_.cq.head, UINT32_MAX - 2);
  uint64_t next = 0, expect = 0;
  for (int round = 0; round < 10; round++) {
    for (int i = 0; i < 5; i++) ASSERT_TRUE(QueueNop(&ring_, next++));
    ASSERT_EQ(uring_submit_and_wait(&ring_, 5), 5);
    EXPECT_EQ(uring_cq_ready(&ring_), 5u);
    for (const Cqe &c : Reap(&ring_)) EXPECT_EQ(c.user_data, expect++);
  }
  EXPECT_EQ(expect, 50u);
  EXPECT_EQ(*ring_.sq.khead, UINT32_MAX - 5 + 50);  // wrapped
  EXPECT_LT(*ring_.sq.khead, 100u);
  EXPECT_LT(ring_.cq.head, 100u);
  // Overflow across the wrap too.
  Exit();
  Prepare(4, 0, 0, 64);
  uring_mock_set_start(m(), UINT32_MAX - 1, UINT32_MAX - 3);
  ASSERT_EQ(Create(4), 0);
  OverflowRoundTrip(&ring_, m(), 8, false);
}

TEST_F(MockRing, UnsupportedOpcodeCompletesWithEinvalAndEndsTheBatch) {
  ASSERT_EQ(Init(8), 0);
  struct uring_sqe *sqe = uring_get_sqe(&ring_);
  uring_prep_nop(sqe);
  sqe->opcode = URING_OP_ACCEPT;  // not served by the mock
  sqe->user_data = 1;
  ASSERT_TRUE(QueueNop(&ring_, 2));
  // Without SUBMIT_ALL an SQE refused before it runs ends the batch (it counts).
  EXPECT_EQ(uring_submit(&ring_), 1);
  EXPECT_EQ(uring_sq_ready(&ring_), 1u);
  std::vector<Cqe> c = Reap(&ring_);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].user_data, 1u);
  EXPECT_EQ(c[0].res, -EINVAL);
  EXPECT_EQ(uring_submit(&ring_), 1);
  c = Reap(&ring_);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].res, 0);

  sqe = uring_get_sqe(&ring_);
  uring_prep_nop(sqe);
  sqe->opcode = 200;  // beyond every opcode
  sqe->user_data = 3;
  ASSERT_EQ(uring_submit(&ring_), 1);
  c = Reap(&ring_);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].res, -EINVAL);
}

TEST_F(MockRing, SubmitAllKeepsGoingPastRefusedSqes) {
  ASSERT_EQ(Init(8, URING_SETUP_SUBMIT_ALL), 0);
  ASSERT_TRUE(QueueNop(&ring_, 1, 0x80));  // an SQE flag no kernel knows
  struct uring_sqe *sqe = uring_get_sqe(&ring_);
  uring_prep_nop(sqe);
  sqe->personality = 1;  // no personality is registered
  sqe->user_data = 2;
  ASSERT_TRUE(QueueNop(&ring_, 3));
  EXPECT_EQ(uring_submit(&ring_), 3);
  std::vector<Cqe> c = Reap(&ring_);
  ASSERT_EQ(c.size(), 3u);
  EXPECT_EQ(c[0].res, -EINVAL);
  EXPECT_EQ(c[1].res, -EINVAL);
  EXPECT_EQ(c[2].res, 0);
}

TEST_F(MockRing, SqeFlagsAsTheKernelChecksThem) {
  ASSERT_EQ(Init(8, URING_SETUP_SUBMIT_ALL), 0);
  ASSERT_TRUE(QueueNop(&ring_, 1, URING_SQE_IO_DRAIN));  // before any skip: fine
  ASSERT_TRUE(QueueNop(&ring_, 2, URING_SQE_CQE_SKIP_SUCCESS));  // no CQE
  struct uring_sqe *sqe = uring_get_sqe(&ring_);
  uring_prep_nop(sqe);
  sqe->flags = URING_SQE_CQE_SKIP_SUCCESS;
  sqe->nop_flags = URING_NOP_INJECT_RESULT;
  sqe->len = static_cast<uint32_t>(-EPERM);  // a failure is posted despite the skip
  sqe->user_data = 3;
  ASSERT_TRUE(QueueNop(&ring_, 4, URING_SQE_IO_DRAIN));  // after a skip: -EOPNOTSUPP
  ASSERT_TRUE(QueueNop(&ring_, 5, URING_SQE_BUFFER_SELECT));  // NOP takes no buffer
  ASSERT_TRUE(QueueNop(&ring_, 6, URING_SQE_ASYNC));
  sqe = uring_get_sqe(&ring_);
  uring_prep_nop(sqe);
  sqe->personality = 3;
  sqe->user_data = 7;
  sqe = uring_get_sqe(&ring_);
  uring_prep_nop(sqe);
  sqe->nop_flags = 1u << 20;
  sqe->user_data = 8;
  EXPECT_EQ(uring_submit(&ring_), 8);
  std::vector<Cqe> c = Reap(&ring_);
  ASSERT_EQ(c.size(), 7u);
  const Cqe want[] = {{1, 0, 0},          {3, -EPERM, 0},  {4, -EOPNOTSUPP, 0}, {5, -EOPNOTSUPP, 0},
                      {6, 0, 0},          {7, -EINVAL, 0}, {8, -EINVAL, 0}};
  for (size_t i = 0; i < c.size(); i++) {
    EXPECT_EQ(c[i].user_data, want[i].user_data) << i;
    EXPECT_EQ(c[i].res, want[i].res) << i;
  }
}

TEST_F(MockRing, ProbeAnswer) {
  ASSERT_EQ(Init(4), 0);
  struct uring_probe_info info;
  ASSERT_EQ(uring_get_probe(&ring_, &info), 0);
  EXPECT_TRUE(uring_opcode_supported(&info, URING_OP_NOP));
  EXPECT_TRUE(uring_opcode_supported(&info, URING_OP_READ));
  EXPECT_TRUE(uring_opcode_supported(&info, URING_OP_WRITE));
  EXPECT_FALSE(uring_opcode_supported(&info, URING_OP_ACCEPT));
  EXPECT_FALSE(uring_opcode_supported(&info, URING_OP_SEND));
  EXPECT_EQ(uring_probe_last_op(&info), URING_OP_LAST - 1);
  EXPECT_EQ(info.hdr.ops_len, URING_OP_LAST);
  for (unsigned i = 0; i < URING_OP_LAST; i++) EXPECT_EQ(info.ops[i].op, i);
  // The kernel wants a zeroed buffer and at most 256 entries.
  EXPECT_EQ(uring_register(&ring_, URING_REGISTER_PROBE, &info, 256), -EINVAL);
  memset(&info, 0, sizeof info);
  EXPECT_EQ(uring_register(&ring_, URING_REGISTER_PROBE, &info, 257), -EINVAL);
  EXPECT_EQ(uring_register(&ring_, URING_REGISTER_PROBE, nullptr, 4), -EINVAL);
  EXPECT_EQ(uring_register(&ring_, URING_REGISTER_PROBE, &info, 10), 0);
  EXPECT_EQ(info.hdr.ops_len, 10u);
  EXPECT_EQ(uring_register(&ring_, URING_REGISTER_BUFFERS, nullptr, 0), -EINVAL);
}

TEST_F(MockRing, FaultInjectionShowsThroughSubmit) {
  ASSERT_EQ(Init(8), 0);
  for (int err : {-EBUSY, -EAGAIN, -EINTR}) {
    ASSERT_TRUE(QueueNop(&ring_, 1));
    ASSERT_TRUE(QueueNop(&ring_, 2));
    uring_mock_fail_next_enter(m(), err);
    EXPECT_EQ(uring_submit(&ring_), err);
    EXPECT_EQ(uring_sq_ready(&ring_), 2u);  // nothing lost
    EXPECT_EQ(uring_submit(&ring_), 2);
    EXPECT_EQ(Reap(&ring_).size(), 2u);
  }
  for (int i = 0; i < 3; i++) ASSERT_TRUE(QueueNop(&ring_, i));
  uring_mock_short_submit_next(m(), 1);
  EXPECT_EQ(uring_submit_and_wait(&ring_, 3), 1);  // short: no wait
  EXPECT_EQ(uring_sq_ready(&ring_), 2u);
  EXPECT_EQ(uring_submit(&ring_), 2);
  uring_mock_short_submit_next(m(), 0);
  ASSERT_TRUE(QueueNop(&ring_, 9));
  EXPECT_EQ(uring_submit(&ring_), -EAGAIN);
  EXPECT_EQ(uring_submit(&ring_), 1);
  EXPECT_EQ(Reap(&ring_).size(), 4u);
}

TEST_F(MockRing, WaitsThatCannotBeMet) {
  ASSERT_EQ(Init(4), 0);
  struct uring_cqe *cqe;
  EXPECT_EQ(uring_wait_cqe(&ring_, &cqe), -EDEADLK);
  struct uring_timespec ts = {0, 1000000};
  EXPECT_EQ(uring_wait_cqe_timeout(&ring_, &cqe, &ts), -ETIME);
  ASSERT_TRUE(QueueNop(&ring_, 5));
  ASSERT_EQ(uring_submit(&ring_), 1);
  ASSERT_EQ(uring_wait_cqe_timeout(&ring_, &cqe, &ts), 0);
  EXPECT_EQ(cqe->user_data, 5u);
  uring_cqe_seen(&ring_, cqe);

  // The kernel clamps min_complete to the CQ size: a full CQ satisfies any wait.
  for (int i = 0; i < 8; i++) {
    ASSERT_TRUE(QueueNop(&ring_, i));
    if (i % 4 == 3) {
      ASSERT_EQ(uring_submit(&ring_), 4);
    }
  }
  EXPECT_EQ(uring_enter(&ring_, 0, 100, URING_ENTER_GETEVENTS, nullptr, 0), 0);
  EXPECT_EQ(Reap(&ring_).size(), 8u);
}

TEST_F(MockRing, EnterArgumentsAndFlags) {
  ASSERT_EQ(Init(4), 0);
  struct uring_timespec ts = {0, 0};
  struct uring_getevents_arg arg;
  memset(&arg, 0, sizeof arg);
  arg.ts = reinterpret_cast<uintptr_t>(&ts);
  const unsigned ext = URING_ENTER_GETEVENTS | URING_ENTER_EXT_ARG;
  EXPECT_EQ(uring_enter(&ring_, 0, 1, ext, &arg, sizeof arg), -ETIME);
  EXPECT_EQ(uring_enter(&ring_, 0, 1, ext, &arg, sizeof arg - 8), -EINVAL);
  EXPECT_EQ(uring_enter(&ring_, 0, 1, ext, nullptr, sizeof arg), -EFAULT);
  // Without GETEVENTS the argument is not looked at.
  EXPECT_EQ(uring_enter(&ring_, 0, 1, URING_ENTER_EXT_ARG, nullptr, 0), 0);
  arg.min_wait_usec = 10;  // no URING_FEAT_MIN_TIMEOUT
  EXPECT_EQ(uring_enter(&ring_, 0, 1, ext, &arg, sizeof arg), -EINVAL);
  arg.min_wait_usec = 0;
  uint64_t sigset = 0;
  arg.sigmask = reinterpret_cast<uintptr_t>(&sigset);
  arg.sigmask_sz = 4;  // checked only when the wait would sleep
  EXPECT_EQ(uring_enter(&ring_, 0, 0, ext, &arg, sizeof arg), 0);
  EXPECT_EQ(uring_enter(&ring_, 0, 1, ext, &arg, sizeof arg), -EINVAL);
  arg.sigmask_sz = 8;
  EXPECT_EQ(uring_enter(&ring_, 0, 1, ext, &arg, sizeof arg), -ETIME);

  EXPECT_EQ(uring_enter(&ring_, 0, 0, 1u << 8, nullptr, 0), -EINVAL);
  EXPECT_EQ(uring_enter(&ring_, 0, 0, URING_ENTER_EXT_ARG_REG, nullptr, 0), -EINVAL);
  // SQ_WAKEUP and SQ_WAIT mean nothing without SQPOLL and are ignored, as by the kernel.
  EXPECT_EQ(uring_enter(&ring_, 0, 0, URING_ENTER_SQ_WAKEUP | URING_ENTER_SQ_WAIT, nullptr, 0), 0);
  // to_submit beyond what is queued: the queued SQEs go, and no wait follows.
  ASSERT_TRUE(QueueNop(&ring_, 1));
  ring_.sq.sqe_head = ring_.sq.sqe_tail;
  uring_store_release(ring_.sq.ktail, ring_.sq.sqe_tail);
  EXPECT_EQ(uring_enter(&ring_, 3, 2, URING_ENTER_GETEVENTS, nullptr, 0), 1);
  EXPECT_EQ(Reap(&ring_).size(), 1u);
}

TEST_F(MockRing, DisabledRingRefusesEnterUntilEnabled) {
  ASSERT_EQ(Init(4, URING_SETUP_R_DISABLED), 0);
  ASSERT_TRUE(QueueNop(&ring_, 1));
  EXPECT_EQ(uring_submit(&ring_), -EBADFD);
  EXPECT_EQ(uring_enable_rings(&ring_), 0);
  EXPECT_EQ(uring_enable_rings(&ring_), -EBADFD);
  EXPECT_EQ(uring_register(&ring_, URING_REGISTER_ENABLE_RINGS, nullptr, 1), -EINVAL);
  EXPECT_EQ(uring_submit(&ring_), 1);
  EXPECT_EQ(Reap(&ring_).size(), 1u);
}

TEST_F(MockRing, TeardownUnmapsAndClosesEverything) {
  ASSERT_EQ(Init(16), 0);
  EXPECT_FALSE(uring_mock_quiescent(m()));
  Exit();
  EXPECT_TRUE(uring_mock_quiescent(m()));
  EXPECT_EQ(m()->stats.maps, 2u);
  EXPECT_EQ(m()->stats.unmaps, 2u);
  EXPECT_EQ(m()->stats.closes, 1u);
  uring_exit(&ring_);  // again: nothing more happens
  EXPECT_EQ(m()->stats.unmaps, 2u);
  EXPECT_EQ(m()->stats.closes, 1u);
}

TEST_F(MockRing, RegisteredRingFd) {
  ASSERT_EQ(Init(4), 0);
  ASSERT_EQ(uring_register_ring_fd(&ring_), 0);
  EXPECT_EQ(ring_.enter_fd, 0);
  EXPECT_EQ(uring_register_ring_fd(&ring_), -EEXIST);
  ASSERT_TRUE(QueueNop(&ring_, 1));
  EXPECT_EQ(uring_submit(&ring_), 1);
  struct uring_probe_info info;
  EXPECT_EQ(uring_get_probe(&ring_, &info), 0);  // register through the index
  // With the fd closed the index alone keeps the ring.
  ASSERT_EQ(uring_close_ring_fd(&ring_), 0);
  EXPECT_EQ(m()->stats.closes, 1u);
  EXPECT_FALSE(uring_mock_quiescent(m()));
  EXPECT_EQ(be()->enter(m(), fd(), 0, 0, 0, nullptr, 0), -EBADF);
  ASSERT_TRUE(QueueNop(&ring_, 2));
  EXPECT_EQ(uring_submit(&ring_), 1);
  std::vector<Cqe> c = Reap(&ring_);
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[1].user_data, 2u);
  Exit();  // unregisters the index: the ring goes
  EXPECT_TRUE(uring_mock_quiescent(m()));
}

TEST_F(MockRing, DeferTaskrunRingRegistersItsFd) {
  ASSERT_EQ(Init(4, URING_SETUP_SINGLE_ISSUER | URING_SETUP_DEFER_TASKRUN), 0);
  // Setup with explicit params registers nothing (only uring_init does); registering on
  // the mock works as on the kernel.
  EXPECT_FALSE(ring_.int_flags & URING_INT_REG_RING);
  ASSERT_EQ(uring_register_ring_fd(&ring_), 0);
  EXPECT_TRUE(ring_.int_flags & URING_INT_REG_RING);
  EXPECT_TRUE(ring_.enter_flags & URING_ENTER_REGISTERED_RING);
  ASSERT_TRUE(QueueNop(&ring_, 1));
  EXPECT_EQ(uring_submit_and_wait(&ring_, 1), 1);
  EXPECT_EQ(Reap(&ring_).size(), 1u);
}

TEST_F(MockRing, RingFdRegistrationRules) {
  ASSERT_EQ(Init(4), 0);
  struct uring_rsrc_update up[2];
  memset(up, 0, sizeof up);
  up[0].offset = UINT32_MAX;
  up[0].data = static_cast<uint32_t>(ring_.ring_fd);
  up[1] = up[0];
  up[1].resv = 1;
  EXPECT_EQ(uring_register(&ring_, URING_REGISTER_RING_FDS, up, 2), 1);  // partial
  EXPECT_EQ(up[0].offset, 0u);
  EXPECT_EQ(uring_register(&ring_, URING_REGISTER_RING_FDS, up, 0), -EINVAL);
  EXPECT_EQ(uring_register(&ring_, URING_REGISTER_RING_FDS, up, 17), -EINVAL);
  up[0].offset = 3;
  EXPECT_EQ(uring_register(&ring_, URING_REGISTER_RING_FDS, up, 1), 1);
  EXPECT_EQ(uring_register(&ring_, URING_REGISTER_RING_FDS, up, 1), -EBUSY);
  up[0].offset = 16;
  EXPECT_EQ(uring_register(&ring_, URING_REGISTER_RING_FDS, up, 1), -EINVAL);
  up[0].offset = UINT32_MAX;
  up[0].data = 1;  // not this ring
  EXPECT_EQ(uring_register(&ring_, URING_REGISTER_RING_FDS, up, 1), -EBADF);
  EXPECT_EQ(be()->enter(m(), 3, 0, 0, URING_ENTER_REGISTERED_RING, nullptr, 0), 0);

  memset(up, 0, sizeof up);
  up[0].offset = 5;  // an empty slot: not an error
  EXPECT_EQ(uring_register(&ring_, URING_UNREGISTER_RING_FDS, up, 1), 1);
  up[0].data = 5;
  EXPECT_EQ(uring_register(&ring_, URING_UNREGISTER_RING_FDS, up, 1), -EINVAL);
  up[0].data = 0;
  up[0].offset = 0;
  up[1].offset = 3;
  EXPECT_EQ(uring_register(&ring_, URING_UNREGISTER_RING_FDS, up, 2), 2);
  EXPECT_EQ(be()->enter(m(), 3, 0, 0, URING_ENTER_REGISTERED_RING, nullptr, 0), -EBADF);
}

TEST_F(MockRing, BadFdsAndRegions) {
  ASSERT_EQ(Init(4), 0);
  const int f = fd();
  char probe[16 + 8 * 4] = {};
  void *out = nullptr;
  EXPECT_EQ(be()->enter(m(), f + 1, 0, 0, 0, nullptr, 0), -EBADF);
  EXPECT_EQ(be()->enter(m(), 3, 0, 0, URING_ENTER_REGISTERED_RING, nullptr, 0), -EBADF);
  EXPECT_EQ(be()->enter(m(), 16, 0, 0, URING_ENTER_REGISTERED_RING, nullptr, 0), -EINVAL);
  EXPECT_EQ(be()->enter(m(), -1, 0, 0, URING_ENTER_REGISTERED_RING, nullptr, 0), -EINVAL);
  EXPECT_EQ(be()->reg(m(), f + 1, URING_REGISTER_PROBE, probe, 4), -EBADF);
  EXPECT_EQ(be()->reg(m(), 2, URING_REGISTER_PROBE | URING_REGISTER_USE_REGISTERED_RING, probe, 4),
            -EBADF);
  EXPECT_EQ(be()->map(m(), 5, URING_OFF_SQES, 64, &out), -EBADF);
  EXPECT_EQ(be()->close(m(), f + 1), -EBADF);

  // Regions: the CQ ring offset names the one rings region; nothing beyond it.
  ASSERT_EQ(be()->map(m(), f, URING_OFF_CQ_RING, 64, &out), 0);
  EXPECT_EQ(out, ring_.sq_ring.addr);
  EXPECT_EQ(be()->unmap(m(), out, 32), -EINVAL);
  EXPECT_EQ(be()->unmap(m(), out, 64), 0);
  EXPECT_EQ(be()->map(m(), f, URING_OFF_SQES, ring_.sqes.size + 1, &out), -EINVAL);
  EXPECT_EQ(be()->map(m(), f, URING_OFF_SQ_RING, ring_.sq_ring.size + 1, &out), -EINVAL);
  EXPECT_EQ(be()->map(m(), f, URING_OFF_SQES, 0, &out), -EINVAL);
  EXPECT_EQ(be()->map(m(), f, URING_OFF_PBUF_RING, 64, &out), -EINVAL);
  EXPECT_EQ(be()->unmap(m(), mm_.mem() + 64, 64), -EINVAL);

  Exit();
  EXPECT_EQ(be()->enter(m(), f, 0, 0, 0, nullptr, 0), -EBADF);
  EXPECT_EQ(be()->reg(m(), f, URING_REGISTER_PROBE, probe, 4), -EBADF);
  EXPECT_EQ(be()->map(m(), f, URING_OFF_SQES, 64, &out), -EBADF);
  EXPECT_EQ(be()->close(m(), f), -EBADF);
  EXPECT_EQ(uring_mock_post_cqe(m(), 1, 0, 0, 0, 0), -EBADF);
  EXPECT_EQ(uring_register(&ring_, URING_REGISTER_PROBE, probe, 4), -EBADF);
}

TEST_F(MockRing, PostedCqesCarryTheirFields) {
  ASSERT_EQ(Init(4, URING_SETUP_CQE32), 0);
  ASSERT_EQ(uring_mock_post_cqe(m(), 77, -3, URING_CQE_F_MORE, 5, 6), 0);
  struct uring_cqe *cqe;
  ASSERT_EQ(uring_peek_cqe(&ring_, &cqe), 0);
  EXPECT_EQ(cqe->user_data, 77u);
  EXPECT_EQ(cqe->res, -3);
  EXPECT_EQ(cqe->flags, URING_CQE_F_MORE);
  EXPECT_EQ(uring_cqe_big(cqe)[0], 5u);
  EXPECT_EQ(uring_cqe_big(cqe)[1], 6u);
  uring_cqe_seen(&ring_, cqe);
}

// The harness path the backend-parameterised tests take.
TEST(MockHarness, InitRingOnTheMock) {
  uring_test::RingHolder h;
  struct uring_params p;
  memset(&p, 0, sizeof p);
  ASSERT_EQ(uring_test::InitRing(&h, uring_test::Backend::kMock, 8, &p), 0);
  EXPECT_NE(h.mock, nullptr);
  EXPECT_TRUE(p.features & URING_FEAT_NODROP);
  ASSERT_TRUE(QueueNop(&h.ring, 0x99));
  ASSERT_EQ(uring_submit_and_wait(&h.ring, 1), 1);
  std::vector<Cqe> c = Reap(&h.ring);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].user_data, 0x99u);
  // The holder's destructor tears down and checks that everything was unmapped and closed.
}

TEST(MockHarness, MockOfReachesTheControls) {
  uring_test::RingHolder h;
  struct uring_params p;
  memset(&p, 0, sizeof p);
  ASSERT_EQ(uring_test::InitRing(&h, uring_test::Backend::kMock, 4, &p), 0);
  struct uring_mock *m = uring_test::MockOf(&h);
  ASSERT_NE(m, nullptr);
  uring_mock_inject_nop_result(m, -ECANCELED, 1);
  ASSERT_TRUE(QueueNop(&h.ring, 1));
  ASSERT_EQ(uring_submit(&h.ring), 1);
  std::vector<Cqe> c = Reap(&h.ring);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].res, -ECANCELED);

  uring_test::RingHolder k;
  EXPECT_EQ(uring_test::MockOf(&k), nullptr);
}

TEST(MockHarness, RefusesWhatTheKernelRefuses) {
  uring_test::RingHolder h;
  struct uring_params p;
  memset(&p, 0, sizeof p);
  EXPECT_EQ(uring_test::InitRing(&h, uring_test::Backend::kMock, 0, &p), -EINVAL);
  p.flags = URING_SETUP_CQSIZE;
  EXPECT_EQ(uring_test::InitRing(&h, uring_test::Backend::kMock, 8, &p), -EINVAL);
  p.flags = URING_SETUP_IOPOLL;
  EXPECT_EQ(uring_test::InitRing(&h, uring_test::Backend::kMock, 8, &p), -EINVAL);
  EXPECT_FALSE(h.live);
}

TEST(MockHarness, BacklogHolds8xAn8192EntryCq) {
  uring_test::RingHolder h;
  struct uring_params p;
  memset(&p, 0, sizeof p);
  p.flags = URING_SETUP_CQSIZE | URING_SETUP_CQE32;
  p.cq_entries = 8192;
  ASSERT_EQ(uring_test::InitRing(&h, uring_test::Backend::kMock, 4096, &p), 0);
  struct uring_mock *m = uring_test::MockOf(&h);
  ASSERT_NE(m, nullptr);
  OverflowRoundTrip(&h.ring, m, 8192, false);
}

}  // namespace
