// Every setup flag on the real kernel, alone and in the combinations users need. Each ring
// must come up with what was asked (sizes, layout, fd) and carry NOPs through a few times
// around the SQ; the flags' effects are setup_flag_effects_test's.
#include <string.h>

#include <memory>
#include <string>

#include "gtest/gtest.h"
#include "tests/ring/setup_flags_common.h"
#include "tests/support/kernel.h"
#include "uring/uring.h"

namespace {

using uring_setup_flags_test::Mem;
using uring_setup_flags_test::NopRounds;
using uring_setup_flags_test::Params;
using uring_setup_flags_test::Within;
using uring_test::CountRingFds;  // only io_uring fds: sanitizer runtimes open their own
using uring_test::KernelAtLeast;

// Whether a NOP completes on this IOPOLL ring: kernels before 5.19 complete it with -EINVAL
// (only polled reads and writes were allowed there). Asks with one NOP.
bool NopAllowedOnIopoll(struct uring *ring) {
  struct uring_sqe *sqe = uring_get_sqe(ring);
  EXPECT_NE(sqe, nullptr);
  if (!sqe) return false;
  uring_prep_nop(sqe);
  uring_sqe_set_data64(sqe, 0x10);
  EXPECT_EQ(uring_submit_and_wait(ring, 1), 1);
  struct uring_cqe *cqe = nullptr;
  EXPECT_EQ(uring_peek_cqe(ring, &cqe), 0);
  if (!cqe) return false;
  EXPECT_EQ(cqe->user_data, 0x10u);
  int res = cqe->res;
  uring_cqe_seen(ring, cqe);
  if (res == -EINVAL && !KernelAtLeast(5, 19)) return false;
  EXPECT_EQ(res, 0);
  return true;
}

#define SKIP_UNLESS_NOP_ON_IOPOLL(ring)                                                 \
  do {                                                                                  \
    if (!NopAllowedOnIopoll(ring)) {                                                    \
      uring_exit(ring);                                                                 \
      GTEST_SKIP() << "NOPs on IOPOLL rings (5.19) not supported by this kernel: the "  \
                      "NOP completes with EINVAL";                                      \
    }                                                                                   \
  } while (0)

// One setup: flags plus what the flags read from the parameter block.
struct FlagCase {
  const char *name;
  unsigned flags;
  // The kernel that has every flag of the case: the newest of abi.h's releases for them
  // (//tests:versions_test holds each case to it).
  int since_major, since_minor;
  unsigned cq_entries = 0;       // with CQSIZE
  unsigned sq_thread_idle = 0;   // with SQPOLL, milliseconds
};

const FlagCase kCases[] = {
    {"None", 0, 5, 1},
    {"Iopoll", URING_SETUP_IOPOLL, 5, 1},
    {"IopollHybrid", URING_SETUP_IOPOLL | URING_SETUP_HYBRID_IOPOLL, 6, 13},
    {"Sqpoll", URING_SETUP_SQPOLL, 5, 1, 0, 50},
    {"SqpollIopoll", URING_SETUP_SQPOLL | URING_SETUP_IOPOLL, 5, 1},
    {"SqpollSingleIssuer", URING_SETUP_SQPOLL | URING_SETUP_SINGLE_ISSUER, 6, 0},
    {"SqpollNoSqarrayCqe32", URING_SETUP_SQPOLL | URING_SETUP_NO_SQARRAY | URING_SETUP_CQE32, 6,
     6},
    {"Cqsize", URING_SETUP_CQSIZE, 5, 5, 64},
    {"CqsizeClamp", URING_SETUP_CQSIZE | URING_SETUP_CLAMP, 5, 6, 1u << 20},
    {"Clamp", URING_SETUP_CLAMP, 5, 6},
    {"SubmitAll", URING_SETUP_SUBMIT_ALL, 5, 18},
    {"CoopTaskrun", URING_SETUP_COOP_TASKRUN, 5, 19},
    {"CoopTaskrunFlag", URING_SETUP_COOP_TASKRUN | URING_SETUP_TASKRUN_FLAG, 5, 19},
    {"Sqe128", URING_SETUP_SQE128, 5, 19},
    {"Cqe32", URING_SETUP_CQE32, 5, 19},
    {"Sqe128Cqe32", URING_SETUP_SQE128 | URING_SETUP_CQE32, 5, 19},
    {"SingleIssuer", URING_SETUP_SINGLE_ISSUER, 6, 0},
    {"DeferTaskrun", URING_SETUP_SINGLE_ISSUER | URING_SETUP_DEFER_TASKRUN, 6, 1},
    {"DeferTaskrunFlag",
     URING_SETUP_SINGLE_ISSUER | URING_SETUP_DEFER_TASKRUN | URING_SETUP_TASKRUN_FLAG, 6, 1},
    // What a fast single-threaded server asks for.
    {"DeferTaskrunServer",
     URING_SETUP_SINGLE_ISSUER | URING_SETUP_DEFER_TASKRUN | URING_SETUP_NO_SQARRAY |
         URING_SETUP_SUBMIT_ALL | URING_SETUP_COOP_TASKRUN | URING_SETUP_CQSIZE,
     6, 6, 256},
    {"NoSqarray", URING_SETUP_NO_SQARRAY, 6, 6},
    {"NoMmap", URING_SETUP_NO_MMAP, 6, 5},
    {"NoMmapRegisteredFdOnly", URING_SETUP_NO_MMAP | URING_SETUP_REGISTERED_FD_ONLY, 6, 5},
    {"NoMmapBigEntries",
     URING_SETUP_NO_MMAP | URING_SETUP_SQE128 | URING_SETUP_CQE32 | URING_SETUP_NO_SQARRAY, 6,
     6},
    {"NoMmapCqsize", URING_SETUP_NO_MMAP | URING_SETUP_CQSIZE, 6, 5, 1024},
    {"NoMmapDeferTaskrun",
     URING_SETUP_NO_MMAP | URING_SETUP_REGISTERED_FD_ONLY | URING_SETUP_SINGLE_ISSUER |
         URING_SETUP_DEFER_TASKRUN,
     6, 5},
    {"NoMmapSqpoll", URING_SETUP_NO_MMAP | URING_SETUP_SQPOLL, 6, 5},
    {"CqeMixed", URING_SETUP_CQE_MIXED, 6, 18},
    {"SqeMixed", URING_SETUP_SQE_MIXED, 6, 19},
    {"SqRewind", URING_SETUP_SQ_REWIND, 7, 0},
};

class SetupFlags : public ::testing::TestWithParam<FlagCase> {};

TEST_P(SetupFlags, RingComesUpAsAskedAndCarriesNops) {
  URING_SKIP_WITHOUT_KERNEL();
  const FlagCase &c = GetParam();
  const unsigned entries = 8;
  struct uring_params p = Params(c.flags);
  p.cq_entries = c.cq_entries;
  p.sq_thread_idle = c.sq_thread_idle;
  std::unique_ptr<Mem> mem;
  struct uring ring;
  const int fds_before = CountRingFds();
  int ret;
  if (c.flags & URING_SETUP_NO_MMAP) {
    size_t need = uring_mem_size(entries, &p);
    ASSERT_GT(need, 0u);
    ASSERT_EQ(need % 4096, 0u);
    mem.reset(new Mem(need));
    ASSERT_NE(mem->addr, nullptr);
    ret = uring_init_mem(&ring, entries, &p, mem->addr, mem->size);
  } else {
    ret = uring_init_params(&ring, entries, &p);
  }
  if (ret == -EINVAL && !KernelAtLeast(c.since_major, c.since_minor))
    GTEST_SKIP() << c.name << " needs Linux " << c.since_major << "." << c.since_minor
                 << "; this kernel refuses it with EINVAL";
  ASSERT_EQ(ret, 0) << strerror(-ret);

  EXPECT_EQ(ring.flags, c.flags);  // uring_init_params adds nothing
  EXPECT_EQ(p.sq_entries, entries);
  EXPECT_EQ(ring.sq.ring_entries, p.sq_entries);
  EXPECT_EQ(ring.cq.ring_entries, p.cq_entries);
  if (c.flags & URING_SETUP_CQSIZE) {
    unsigned want = c.cq_entries > URING_MAX_CQ_ENTRIES ? URING_MAX_CQ_ENTRIES : c.cq_entries;
    EXPECT_EQ(p.cq_entries, want);
  } else {
    EXPECT_EQ(p.cq_entries, 2 * entries);
  }
  EXPECT_EQ(ring.sq.array == nullptr, (c.flags & URING_SETUP_NO_SQARRAY) != 0);
  EXPECT_EQ(ring.sq.sqe_shift, (c.flags & URING_SETUP_SQE128) ? 1u : 0u);
  EXPECT_EQ(ring.cq.cqe_shift, (c.flags & URING_SETUP_CQE32) ? 1u : 0u);
  EXPECT_EQ(ring.cq.mixed != 0, (c.flags & URING_SETUP_CQE_MIXED) != 0);
  if (c.flags & URING_SETUP_REGISTERED_FD_ONLY) {
    EXPECT_EQ(ring.ring_fd, -1);
    EXPECT_NE(ring.enter_flags & URING_ENTER_REGISTERED_RING, 0u);
    EXPECT_EQ(CountRingFds(), fds_before);  // no descriptor at all
  } else {
    EXPECT_GE(ring.ring_fd, 0);
    EXPECT_EQ(CountRingFds(), fds_before + 1);
  }
  if ((c.flags & URING_SETUP_DEFER_TASKRUN) && !(c.flags & URING_SETUP_REGISTERED_FD_ONLY)) {
    // uring_init_params adds nothing, not even the ring fd registration uring_init makes.
    EXPECT_EQ(ring.enter_flags & URING_ENTER_REGISTERED_RING, 0u);
  }
  if (mem) {
    // The rings and SQEs live in the caller's memory.
    EXPECT_TRUE(Within(ring.sq.sqes, mem->addr, mem->size));
    EXPECT_TRUE(Within(ring.cq.cqes, mem->addr, mem->size));
    EXPECT_TRUE(Within(ring.sq.khead, mem->addr, mem->size));
  }

  if (c.flags & URING_SETUP_IOPOLL) SKIP_UNLESS_NOP_ON_IOPOLL(&ring);
  NopRounds(&ring, 3 * entries + 1);
  uring_exit(&ring);
  EXPECT_EQ(CountRingFds(), fds_before);
}

INSTANTIATE_TEST_SUITE_P(Kernel, SetupFlags, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<FlagCase> &i) {
                           return std::string(i.param.name);
                         });

}  // namespace
