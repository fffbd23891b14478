// The mock against the real kernel (6.18 here): where the mock copies a kernel rule for
// links, drain, CQE skipping, files, timeouts, cancellation or polls, the same SQEs run on
// both and what each posted is compared.
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <functional>
#include <cstdint>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "tests/mock/mock_ops_common.h"
#include "tests/support/harness.h"
#include "tests/support/mock.h"
#include "uring/mock/mock.h"
#include "uring/uring.h"

namespace {

using uring_mock_ops_test::Cqe;
using uring_mock_ops_test::Nop;
using uring_mock_ops_test::Pairs;
using uring_mock_ops_test::PrepTimeout;
using uring_mock_ops_test::QueueStep;
using uring_mock_ops_test::Reap;
using uring_mock_ops_test::RunSteps;
using uring_mock_ops_test::Sorted;
using uring_mock_ops_test::kDrainBeforeSkip;
using uring_mock_ops_test::kKernelChainCqes;
using uring_mock_ops_test::kKernelChains;
using uring_mock_ops_test::kTwoFailedChains;
using uring_test::Backend;
using uring_test::RingHolder;

// For request flags the probe cannot show (it lists opcodes, not their flags).
using uring_test::KernelAtLeast;

// --- Links -------------------------------------------------------------------------

TEST(OpsKernel, LinkResultsMatchTheKernel) {
  URING_SKIP_WITHOUT_KERNEL();
  for (size_t i = 0; i < kKernelChains.size(); i++) {
    RingHolder k, mk;
    struct uring_params kp = {}, mp = {};
    ASSERT_EQ(uring_test::InitRing(&k, Backend::kKernel, 16, &kp), 0);
    ASSERT_EQ(uring_test::InitRing(&mk, Backend::kMock, 16, &mp), 0);
    // NOP result injection is 6.10; without it the comparison means nothing.
    if (i == 0) {
      std::vector<Cqe> probe = RunSteps(&k, {{9, 0, Nop::kFail}}, 1);
      ASSERT_EQ(probe.size(), 1u);
      if (probe[0].res != -EIO) GTEST_SKIP() << "kernel lacks URING_NOP_INJECT_RESULT (6.10): the NOP did not fail";
    }
    std::vector<Cqe> kc = RunSteps(&k, kKernelChains[i], kKernelChainCqes[i]);
    std::vector<Cqe> mc = RunSteps(&mk, kKernelChains[i], kKernelChainCqes[i]);
    EXPECT_EQ(kc.size(), kKernelChainCqes[i]) << "chain set " << i;
    EXPECT_EQ(Sorted(Pairs(kc)), Sorted(Pairs(mc))) << "chain set " << i;
  }
}

TEST(OpsKernel, TwoFailedChainsPostInTheSameOrderAsTheKernel) {
  URING_SKIP_WITHOUT_KERNEL();
  RingHolder k, mk;
  struct uring_params kp = {}, mp = {};
  ASSERT_EQ(uring_test::InitRing(&k, Backend::kKernel, 16, &kp), 0);
  ASSERT_EQ(uring_test::InitRing(&mk, Backend::kMock, 16, &mp), 0);
  std::vector<Cqe> probe = RunSteps(&k, {{9, 0, Nop::kFail}}, 1);
  ASSERT_EQ(probe.size(), 1u);
  if (probe[0].res != -EIO) GTEST_SKIP() << "kernel lacks URING_NOP_INJECT_RESULT (6.10): the NOP did not fail";
  std::vector<Cqe> kc = RunSteps(&k, kTwoFailedChains, 5);
  std::vector<Cqe> mc = RunSteps(&mk, kTwoFailedChains, 5);
  EXPECT_EQ(Pairs(kc), Pairs(mc));
}

// --- Drain -------------------------------------------------------------------------

TEST(OpsKernel, SkipSuccessRefusesOnlyLaterDrainsAsTheKernel) {
  URING_SKIP_WITHOUT_KERNEL();
  RingHolder k, mk;
  struct uring_params kp = {}, mp = {};
  ASSERT_EQ(uring_test::InitRing(&k, Backend::kKernel, 16, &kp), 0);
  ASSERT_EQ(uring_test::InitRing(&mk, Backend::kMock, 16, &mp), 0);
  if (!(kp.features & URING_FEAT_CQE_SKIP)) GTEST_SKIP() << "kernel lacks CQE_SKIP_SUCCESS (5.17, URING_FEAT_CQE_SKIP)";
  for (int batch = 0; batch < 2; batch++) {
    std::vector<Cqe> kc = RunSteps(&k, kDrainBeforeSkip, 3);
    std::vector<Cqe> mc = RunSteps(&mk, kDrainBeforeSkip, 3);
    EXPECT_EQ(kc.size(), 3u) << "batch " << batch;
    EXPECT_EQ(Sorted(Pairs(kc)), Sorted(Pairs(mc))) << "batch " << batch;
  }
}

// --- Timeouts ----------------------------------------------------------------------

TEST(OpsKernel, MultishotTimeoutMatchesTheKernel) {
  URING_SKIP_WITHOUT_KERNEL();
  RingHolder k, mk;
  struct uring_params kp = {}, mp = {};
  ASSERT_EQ(uring_test::InitRing(&k, Backend::kKernel, 16, &kp), 0);
  ASSERT_EQ(uring_test::InitRing(&mk, Backend::kMock, 16, &mp), 0);
  static const struct uring_timespec ts = {0, 1000000};
  for (RingHolder *h : {&k, &mk}) {
    struct uring_sqe *sqe = uring_get_sqe(&h->ring);
    uring_prep_timeout_multishot(sqe, &ts, 3, 0);
    uring_sqe_set_data64(sqe, 1);
    sqe = uring_get_sqe(&h->ring);
    uring_prep_timeout_multishot(sqe, &ts, 0, URING_TIMEOUT_ABS);
    uring_sqe_set_data64(sqe, 2);
  }
  std::vector<Cqe> kc = RunSteps(&k, {}, 4);
  std::vector<Cqe> mc = RunSteps(&mk, {}, 4);
  ASSERT_EQ(uring_mock_advance_clock(uring_test::MockOf(&mk), 3000000), 0);
  std::vector<Cqe> more = Reap(&mk.ring);
  mc.insert(mc.end(), more.begin(), more.end());
  if (!kc.empty() && kc[0].user_data == 1 && kc[0].res == -EINVAL)
    GTEST_SKIP() << "kernel lacks URING_TIMEOUT_MULTISHOT (6.4): the timeout answered -EINVAL";
  ASSERT_EQ(kc.size(), mc.size());
  for (size_t i = 0; i < kc.size(); i++) {
    EXPECT_EQ(kc[i].user_data, mc[i].user_data) << i;
    EXPECT_EQ(kc[i].res, mc[i].res) << i;
    EXPECT_EQ(kc[i].flags, mc[i].flags) << i;
  }
}

// --- The same SQEs on both sides ---------------------------------------------------

// Runs `queue` (given the fd of a pipe's read end that never becomes readable) on the
// kernel and on the mock, submits, and collects `expect` CQEs from each; on the mock,
// `after` (if any) stands for the time passing that the kernel's timers need.
// Kernels from 6.0 to 6.8 run task work last queued first (6.0's lock-free task list; 6.9
// ran it in queue order again): completions posted from task work come reversed there,
// where the mock keeps 6.18's order (as 5.15's io_uring, which Debian's 5.10 carries,
// does too).
bool KernelRunsTaskWorkReversed() {
  return KernelAtLeast(6, 0) && !KernelAtLeast(6, 9);
}

using Order = std::vector<std::pair<uint64_t, int32_t>>;

// `reversed_order`: with compare_order, the order the kernel posts in where it runs task
// work reversed (KernelRunsTaskWorkReversed); the results must still equal the mock's.
void CompareWithKernel(const std::function<void(struct uring *, int)> &queue, unsigned expect,
                       uint64_t mock_advance_ns, bool compare_order,
                       const Order &reversed_order = {}) {
  RingHolder k, mk;
  struct uring_params kp = {}, mp = {};
  ASSERT_EQ(uring_test::InitRing(&k, Backend::kKernel, 16, &kp), 0);
  ASSERT_EQ(uring_test::InitRing(&mk, Backend::kMock, 16, &mp), 0);
  int pfd[2];
  ASSERT_EQ(pipe(pfd), 0);
  struct uring_mock *m = uring_test::MockOf(&mk);
  ASSERT_EQ(uring_mock_add_file(m, pfd[0], nullptr, 0, 0), 0);

  queue(&k.ring, pfd[0]);
  std::vector<Cqe> kc = RunSteps(&k, {}, expect);
  queue(&mk.ring, pfd[0]);
  std::vector<Cqe> mc = RunSteps(&mk, {}, expect);
  if (mock_advance_ns) {
    EXPECT_EQ(uring_mock_advance_clock(m, mock_advance_ns), 0);
    std::vector<Cqe> more = Reap(&mk.ring);
    mc.insert(mc.end(), more.begin(), more.end());
  }
  EXPECT_EQ(kc.size(), expect);
  if (compare_order && !reversed_order.empty() && KernelRunsTaskWorkReversed()) {
    EXPECT_EQ(Pairs(kc), reversed_order);
    EXPECT_EQ(Sorted(Pairs(kc)), Sorted(Pairs(mc)));
  } else if (compare_order) {
    EXPECT_EQ(Pairs(kc), Pairs(mc));
  } else {
    EXPECT_EQ(Sorted(Pairs(kc)), Sorted(Pairs(mc)));
  }
  close(pfd[0]);
  close(pfd[1]);
}

const struct uring_timespec kOneMs = {0, 1000000};

// Whether the kernel takes ASYNC_CANCEL's match flags (ALL, ANY, FD: 5.19): with nothing
// to cancel, ALL answers a count of 0; an older kernel refuses the flags with -EINVAL.
bool KernelHasCancelMatchFlags() {
  RingHolder k;
  struct uring_params kp = {};
  if (uring_test::InitRing(&k, Backend::kKernel, 4, &kp) != 0) return false;
  struct uring_sqe *sqe = uring_get_sqe(&k.ring);
  uring_prep_cancel64(sqe, 0, URING_ASYNC_CANCEL_ANY | URING_ASYNC_CANCEL_ALL);
  uring_sqe_set_data64(sqe, 1);
  std::vector<Cqe> c = RunSteps(&k, {}, 1);
  EXPECT_EQ(c.size(), 1u);
  if (c.empty()) return false;
  EXPECT_TRUE(c[0].res == 0 || c[0].res == -EINVAL) << c[0].res;
  return c[0].res == 0;
}

// Whether the kernel arms multishot polls (URING_POLL_ADD_MULTI, 5.13): on a readable pipe
// the first CQE carries MORE; an older kernel refuses the flag with -EINVAL.
bool KernelHasMultishotPoll() {
  RingHolder k;
  struct uring_params kp = {};
  if (uring_test::InitRing(&k, Backend::kKernel, 4, &kp) != 0) return false;
  int pfd[2];
  if (pipe(pfd) != 0) return false;
  EXPECT_EQ(write(pfd[1], "x", 1), 1);
  struct uring_sqe *sqe = uring_get_sqe(&k.ring);
  uring_prep_poll_multishot(sqe, pfd[0], POLLIN);
  uring_sqe_set_data64(sqe, 1);
  std::vector<Cqe> c = RunSteps(&k, {}, 1);
  bool has = !c.empty() && c[0].res > 0 && (c[0].flags & URING_CQE_F_MORE);
  EXPECT_TRUE(has || (!c.empty() && c[0].res == -EINVAL));
  if (has) {
    sqe = uring_get_sqe(&k.ring);
    uring_prep_poll_remove(sqe, 1);
    uring_sqe_set_data64(sqe, 2);
    (void)RunSteps(&k, {}, 2);
  }
  close(pfd[0]);
  close(pfd[1]);
  return has;
}

TEST(OpsKernel, DrainBehindATimeout) {
  URING_SKIP_WITHOUT_KERNEL();
  CompareWithKernel(
      [](struct uring *r, int) {
        PrepTimeout(uring_get_sqe(r), &kOneMs, 0, 0, 1);
        QueueStep(r, {2, URING_SQE_IO_DRAIN, Nop::kOk});
        QueueStep(r, {3, 0, Nop::kOk});
      },
      // Both NOPs wait behind the timeout and run from task work when it fires.
      3, 1000000, true, Order{{1, -ETIME}, {3, 0}, {2, 0}});
}

// Two requests that stay pending until cancelled: a 100 s timeout (user_data 1) and a
// poll on `fd`, which never becomes readable (user_data 2).
void QueuePendingTimeoutAndPoll(struct uring *r, int fd) {
  static const struct uring_timespec ts = {100, 0};
  PrepTimeout(uring_get_sqe(r), &ts, 0, 0, 1);
  struct uring_sqe *sqe = uring_get_sqe(r);
  uring_prep_poll_add(sqe, fd, POLLIN);
  uring_sqe_set_data64(sqe, 2);
}

// ASYNC_CANCEL with ANY and without ALL still cancels every request and counts them, and
// a multishot poll cannot skip its CQEs: the same answers from the mock and the kernel.
TEST(OpsKernel, CancelAnyCountsAndMultishotSkipRefused) {
  URING_SKIP_WITHOUT_KERNEL();
  if (!KernelHasCancelMatchFlags())
    GTEST_SKIP() << "ASYNC_CANCEL ALL/ANY/FD (5.19) not supported by this kernel";
  CompareWithKernel(
      [](struct uring *r, int fd) {
        QueuePendingTimeoutAndPoll(r, fd);
        struct uring_sqe *sqe = uring_get_sqe(r);
        uring_prep_poll_multishot(sqe, fd, POLLIN);
        uring_sqe_set_data64(sqe, 3);
        sqe = uring_get_sqe(r);
        uring_prep_cancel64(sqe, 0, URING_ASYNC_CANCEL_ANY);
        uring_sqe_set_data64(sqe, 10);
        // Last: a refused SQE ends the submission without URING_SETUP_SUBMIT_ALL.
        sqe = uring_get_sqe(r);
        uring_prep_poll_multishot(sqe, fd, POLLIN);
        uring_sqe_set_flags(sqe, URING_SQE_CQE_SKIP_SUCCESS);
        uring_sqe_set_data64(sqe, 4);
      },
      5, 0, false);
}

// Cancels by user_data: every kernel.
TEST(OpsKernel, CancelByUserDataResults) {
  URING_SKIP_WITHOUT_KERNEL();
  CompareWithKernel(
      [](struct uring *r, int fd) {
        QueuePendingTimeoutAndPoll(r, fd);
        struct uring_sqe *sqe = uring_get_sqe(r);
        uring_prep_cancel64(sqe, 1, 0);
        uring_sqe_set_data64(sqe, 10);
        sqe = uring_get_sqe(r);
        uring_prep_cancel64(sqe, 77, 0);
        uring_sqe_set_data64(sqe, 11);
        sqe = uring_get_sqe(r);
        uring_prep_cancel64(sqe, 2, 0);
        uring_sqe_set_data64(sqe, 14);
        sqe = uring_get_sqe(r);
        uring_prep_cancel64(sqe, 1, 0);
        uring_sqe_set_data64(sqe, 15);
      },
      6, 0, false);
}

TEST(OpsKernel, CancelResults) {
  URING_SKIP_WITHOUT_KERNEL();
  if (!KernelHasCancelMatchFlags())
    GTEST_SKIP() << "ASYNC_CANCEL ALL/ANY/FD (5.19) not supported by this kernel";
  CompareWithKernel(
      [](struct uring *r, int fd) {
        QueuePendingTimeoutAndPoll(r, fd);
        struct uring_sqe *sqe = uring_get_sqe(r);
        uring_prep_cancel64(sqe, 1, 0);
        uring_sqe_set_data64(sqe, 10);
        sqe = uring_get_sqe(r);
        uring_prep_cancel64(sqe, 77, 0);
        uring_sqe_set_data64(sqe, 11);
        sqe = uring_get_sqe(r);
        uring_prep_cancel_fd(sqe, fd, URING_ASYNC_CANCEL_ALL);
        uring_sqe_set_data64(sqe, 12);
        // The poll is still found while its cancellation is queued; the timeout is not.
        sqe = uring_get_sqe(r);
        uring_prep_cancel64(sqe, 0, URING_ASYNC_CANCEL_ANY | URING_ASYNC_CANCEL_ALL);
        uring_sqe_set_data64(sqe, 13);
        sqe = uring_get_sqe(r);
        uring_prep_cancel64(sqe, 2, 0);
        uring_sqe_set_data64(sqe, 14);
        sqe = uring_get_sqe(r);
        uring_prep_cancel64(sqe, 1, 0);
        uring_sqe_set_data64(sqe, 15);
      },
      8, 0, false);
}

TEST(OpsKernel, TimeoutRemoveResults) {
  URING_SKIP_WITHOUT_KERNEL();
  CompareWithKernel(
      [](struct uring *r, int) {
        static const struct uring_timespec ts = {100, 0};
        PrepTimeout(uring_get_sqe(r), &ts, 0, 0, 1);
        struct uring_sqe *sqe = uring_get_sqe(r);
        uring_prep_timeout_remove(sqe, 1, 0);
        uring_sqe_set_data64(sqe, 10);
        sqe = uring_get_sqe(r);
        uring_prep_timeout_remove(sqe, 1, 0);
        uring_sqe_set_data64(sqe, 11);
      },
      3, 0, false);
}

TEST(OpsKernel, LinkTimeoutOverAPollThatNeverFires) {
  URING_SKIP_WITHOUT_KERNEL();
  CompareWithKernel(
      [](struct uring *r, int fd) {
        struct uring_sqe *sqe = uring_get_sqe(r);
        uring_prep_poll_add(sqe, fd, POLLIN);
        uring_sqe_set_data64(sqe, 1);
        uring_sqe_set_flags(sqe, URING_SQE_IO_LINK);
        sqe = uring_get_sqe(r);
        uring_prep_link_timeout(sqe, &kOneMs, 0);
        uring_sqe_set_data64(sqe, 2);
        uring_sqe_set_flags(sqe, URING_SQE_IO_LINK);
        QueueStep(r, {3, 0, Nop::kOk});
      },
      3, 1000000, true);
}

TEST(OpsKernel, LinkTimeoutOverANop) {
  URING_SKIP_WITHOUT_KERNEL();
  CompareWithKernel(
      [](struct uring *r, int) {
        QueueStep(r, {1, URING_SQE_IO_LINK, Nop::kOk});
        struct uring_sqe *sqe = uring_get_sqe(r);
        uring_prep_link_timeout(sqe, &kOneMs, 0);
        uring_sqe_set_data64(sqe, 2);
        uring_sqe_set_flags(sqe, URING_SQE_IO_LINK);
        QueueStep(r, {3, 0, Nop::kOk});
      },
      // The link timeout's cancellation and the NOP behind it both complete from task work.
      3, 0, true, Order{{1, 0}, {3, 0}, {2, -ECANCELED}});
}

TEST(OpsKernel, CountTimeout) {
  URING_SKIP_WITHOUT_KERNEL();
  CompareWithKernel(
      [](struct uring *r, int) {
        static const struct uring_timespec ts = {100, 0};
        PrepTimeout(uring_get_sqe(r), &ts, 2, 0, 1);
        QueueStep(r, {2, 0, Nop::kOk});
        QueueStep(r, {3, 0, Nop::kOk});
      },
      3, 0, true);
}

// Reads and writes on a real file (memfd) and on a mock file with the same contents, at
// the same fd number: results and final contents must agree.
TEST(OpsKernel, FileReadsAndWritesMatchTheKernel) {
  URING_SKIP_WITHOUT_KERNEL();
  RingHolder k, mk;
  struct uring_params kp = {}, mp = {};
  ASSERT_EQ(uring_test::InitRing(&k, Backend::kKernel, 16, &kp), 0);
  ASSERT_EQ(uring_test::InitRing(&mk, Backend::kMock, 16, &mp), 0);
  int fd = memfd_create("mock_ops", 0);
  ASSERT_GE(fd, 0);
  const char init[] = "0123456789";
  ASSERT_EQ(write(fd, init, 10), 10);
  ASSERT_EQ(lseek(fd, 0, SEEK_SET), 0);
  unsigned char data[64] = {};
  memcpy(data, init, 10);
  ASSERT_EQ(uring_mock_add_file(uring_test::MockOf(&mk), fd, data, 10, sizeof data), 0);

  struct Bufs {
    char a[4], b[8], c[6], d[3], e[5];
  };
  Bufs kb = {}, mb = {};
  // One submit (and its CQEs) at a time: these requests depend on each other's effects,
  // and where memfd I/O goes to io-wq (Debian's 5.10 and 6.1, measured) a batch of them
  // runs in any order. The 7->8 chain goes in as one submit.
  auto run = [fd](RingHolder *h, Bufs *b) {
    const uint64_t pos = static_cast<uint64_t>(-1);
    struct uring *r = &h->ring;
    std::vector<Cqe> all;
    struct uring_sqe *sqe;
    auto step = [&](unsigned n) {
      std::vector<Cqe> c = RunSteps(h, {}, n);
      all.insert(all.end(), c.begin(), c.end());
    };
    uring_prep_read(sqe = uring_get_sqe(r), fd, b->a, 4, pos);  // 0..3, position 4
    uring_sqe_set_data64(sqe, 1);
    step(1);
    uring_prep_read(sqe = uring_get_sqe(r), fd, b->b, 8, pos);  // 4..9 (short)
    uring_sqe_set_data64(sqe, 2);
    step(1);
    uring_prep_write(sqe = uring_get_sqe(r), fd, "XY", 2, 12);  // a hole at 10..11
    uring_sqe_set_data64(sqe, 3);
    step(1);
    uring_prep_write(sqe = uring_get_sqe(r), fd, "pq", 2, pos);  // at the position, 10
    uring_sqe_set_data64(sqe, 4);
    step(1);
    uring_prep_read(sqe = uring_get_sqe(r), fd, b->c, 6, 9);  // 9..13 (short)
    uring_sqe_set_data64(sqe, 5);
    step(1);
    uring_prep_read(sqe = uring_get_sqe(r), fd, b->d, 3, 14);  // at EOF
    uring_sqe_set_data64(sqe, 6);
    step(1);
    // A short read breaks its link.
    uring_prep_read(sqe = uring_get_sqe(r), fd, b->e, 5, 12);
    uring_sqe_set_data64(sqe, 7);
    uring_sqe_set_flags(sqe, URING_SQE_IO_LINK);
    uring_prep_fsync(sqe = uring_get_sqe(r), fd, 0);
    uring_sqe_set_data64(sqe, 8);
    step(2);
    uring_prep_fsync(sqe = uring_get_sqe(r), fd, URING_FSYNC_DATASYNC);
    uring_sqe_set_data64(sqe, 9);
    step(1);
    return all;
  };
  std::vector<Cqe> kc = run(&k, &kb);
  std::vector<Cqe> mc = run(&mk, &mb);
  EXPECT_EQ(Pairs(kc), Pairs(mc));
  EXPECT_EQ(memcmp(&kb, &mb, sizeof kb), 0);
  char kernel_file[64] = {};
  ASSERT_EQ(pread(fd, kernel_file, sizeof kernel_file, 0), 14);
  EXPECT_EQ(uring_mock_file_size(uring_test::MockOf(&mk), fd), 14);
  EXPECT_EQ(memcmp(kernel_file, data, 14), 0);
  close(fd);
}

// A multishot poll on a pipe (kernel) and on a mock file made ready twice: one CQE with
// MORE per wake-up, then the removal.
TEST(OpsKernel, MultishotPollMatchesTheKernel) {
  URING_SKIP_WITHOUT_KERNEL();
  if (!KernelHasMultishotPoll())
    GTEST_SKIP() << "URING_POLL_ADD_MULTI (5.13) not supported by this kernel";
  RingHolder k, mk;
  struct uring_params kp = {}, mp = {};
  ASSERT_EQ(uring_test::InitRing(&k, Backend::kKernel, 16, &kp), 0);
  ASSERT_EQ(uring_test::InitRing(&mk, Backend::kMock, 16, &mp), 0);
  int pfd[2];
  ASSERT_EQ(pipe(pfd), 0);
  struct uring_mock *m = uring_test::MockOf(&mk);
  ASSERT_EQ(uring_mock_add_file(m, pfd[0], nullptr, 0, 0), 0);
  std::vector<Cqe> got[2];
  RingHolder *hs[2] = {&k, &mk};
  for (int side = 0; side < 2; side++) {
    struct uring *r = &hs[side]->ring;
    struct uring_sqe *sqe = uring_get_sqe(r);
    uring_prep_poll_multishot(sqe, pfd[0], POLLIN);
    uring_sqe_set_data64(sqe, 1);
    EXPECT_EQ(uring_submit(r), 1);
    for (int i = 0; i < 2; i++) {
      if (side == 0) {
        ASSERT_EQ(write(pfd[1], "x", 1), 1);
      } else {
        ASSERT_EQ(uring_mock_set_ready(m, pfd[0], POLLIN | POLLRDNORM), 0);
      }
      std::vector<Cqe> c = RunSteps(hs[side], {}, 1);
      got[side].insert(got[side].end(), c.begin(), c.end());
    }
    sqe = uring_get_sqe(r);
    uring_prep_poll_remove(sqe, 1);
    uring_sqe_set_data64(sqe, 2);
    std::vector<Cqe> c = RunSteps(hs[side], {}, 2);
    got[side].insert(got[side].end(), c.begin(), c.end());
  }
  ASSERT_EQ(got[0].size(), 4u);
  ASSERT_EQ(got[1].size(), got[0].size());
  if (!KernelAtLeast(6, 9)) {
    // Before 6.9 the cancelled poll posts before its remover (measured on Debian's 5.10,
    // which carries 5.15's io_uring and completes the target inline, and on 6.1, which runs
    // both from a task-work list taken last-in first-out); 6.12 and 6.18, as the mock,
    // post the remover first.
    ASSERT_EQ(got[0][2].user_data, 1u);
    ASSERT_EQ(got[0][3].user_data, 2u);
    std::swap(got[0][2], got[0][3]);
  }
  for (size_t i = 0; i < got[0].size(); i++) {
    EXPECT_EQ(got[0][i].user_data, got[1][i].user_data) << i;
    EXPECT_EQ(got[0][i].res, got[1][i].res) << i;
    EXPECT_EQ(got[0][i].flags, got[1][i].flags) << i;
  }
  close(pfd[0]);
  close(pfd[1]);
}

}  // namespace
