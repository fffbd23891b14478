// The mock kernel ring's own behaviour, driven through the library's API (and, for the
// checks the library never makes, through the backend table directly). Where the mock
// copies a kernel rule, the expected value is what the 6.18 kernel here answered. A full
// CQ is mock_overflow_test's, descriptors and mappings mock_ring_fd_test's.
#include <errno.h>
#include <string.h>

#include <cstdint>
#include <vector>

#include "gtest/gtest.h"
#include "tests/mock/mock_ring_fixture.h"
#include "tests/support/harness.h"
#include "tests/support/mock.h"
#include "uring/mock/mock.h"
#include "uring/uring.h"

namespace {

using uring_mock_test::Cqe;
using uring_mock_test::MockMem;
using uring_mock_test::MockRing;
using uring_mock_test::OverflowRoundTrip;
using uring_mock_test::QueueNop;
using uring_mock_test::Reap;

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

// uring_get_sqe restarts its run at slot 0 without reading the head again only when the
// kernel has consumed every SQE handed out. After a short submit (the kernel took some of
// a full SQ) it hands out exactly the consumed slots, in order, and nothing is lost.
TEST_F(MockRing, SqRunRestartsOnlyOnSlotsTheKernelConsumed) {
  ASSERT_EQ(Init(4), 0);
  struct uring_sqe *const base = ring_.sq.sqes;
  for (unsigned i = 0; i < 4; i++) {
    struct uring_sqe *sqe = uring_get_sqe(&ring_);
    ASSERT_EQ(sqe, base + i);
    uring_prep_nop(sqe);
    uring_sqe_set_data64(sqe, i);
  }
  EXPECT_EQ(uring_get_sqe(&ring_), nullptr);
  uring_mock_short_submit_next(m(), 2);
  EXPECT_EQ(uring_submit(&ring_), 2);
  // Slots 0 and 1 are free again; 2 and 3 still wait for the kernel.
  for (unsigned i = 0; i < 2; i++) {
    struct uring_sqe *sqe = uring_get_sqe(&ring_);
    ASSERT_EQ(sqe, base + i);
    uring_prep_nop(sqe);
    uring_sqe_set_data64(sqe, 4 + i);
  }
  EXPECT_EQ(uring_get_sqe(&ring_), nullptr);
  EXPECT_EQ(uring_submit(&ring_), 4);
  // Everything consumed, and the run had stopped mid-array at slot 2: it goes on there.
  for (unsigned i = 2; i < 4; i++) {
    struct uring_sqe *sqe = uring_get_sqe(&ring_);
    ASSERT_EQ(sqe, base + i);
    uring_prep_nop(sqe);
    uring_sqe_set_data64(sqe, 4 + i);
  }
  EXPECT_EQ(uring_submit(&ring_), 2);
  // Now the run ended at the array's end with the SQ empty: the whole array again.
  for (unsigned i = 0; i < 4; i++) {
    struct uring_sqe *sqe = uring_get_sqe(&ring_);
    ASSERT_EQ(sqe, base + i);
    uring_prep_nop(sqe);
    uring_sqe_set_data64(sqe, 8 + i);
  }
  EXPECT_EQ(uring_get_sqe(&ring_), nullptr);
  EXPECT_EQ(uring_submit(&ring_), 4);
  std::vector<Cqe> cqes = Reap(&ring_);
  ASSERT_EQ(cqes.size(), 12u);
  for (unsigned i = 0; i < 12; i++) EXPECT_EQ(cqes[i].user_data, i);
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
