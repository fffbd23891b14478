// SQE flags that change how requests relate: IO_LINK, IO_HARDLINK, IO_DRAIN,
// CQE_SKIP_SUCCESS.
#include <unistd.h>

#include <algorithm>

#include "tests/ops/ops_common.h"

namespace uring_ops {
namespace {

int IndexOf(const std::vector<struct uring_cqe> &cqes, uint64_t ud) {
  for (size_t i = 0; i < cqes.size(); i++)
    if (cqes[i].user_data == ud) return (int)i;
  return -1;
}

TEST(OpsFlags, FailingLinkCancelsTheRest) {
  URING_SKIP_WITHOUT_KERNEL();
  Ring r;
  ASSERT_EQ(r.Init(), 0);
  struct uring_sqe *sqe = Sqe(r.get());
  uring_prep_write(sqe, -1, "x", 1, 0);
  uring_sqe_set_flags(sqe, URING_SQE_IO_LINK);
  uring_sqe_set_data64(sqe, 1);
  sqe = Sqe(r.get());
  uring_prep_nop(sqe);
  uring_sqe_set_flags(sqe, URING_SQE_IO_LINK);
  uring_sqe_set_data64(sqe, 2);
  sqe = Sqe(r.get());
  uring_prep_nop(sqe);
  uring_sqe_set_data64(sqe, 3);
  auto cqes = Reap(r.get(), 3);
  ASSERT_EQ(cqes.size(), 3u);
  EXPECT_EQ(Find(cqes, 1)->res, -EBADF);
  EXPECT_EQ(Find(cqes, 2)->res, -ECANCELED);
  EXPECT_EQ(Find(cqes, 3)->res, -ECANCELED);

  // A successful chain runs in order.
  for (uint64_t i = 4; i <= 6; i++) {
    sqe = Sqe(r.get());
    uring_prep_nop(sqe);
    if (i < 6) uring_sqe_set_flags(sqe, URING_SQE_IO_LINK);
    uring_sqe_set_data64(sqe, i);
  }
  cqes = Reap(r.get(), 3);
  ASSERT_EQ(cqes.size(), 3u);
  for (int i = 0; i < 3; i++) {
    EXPECT_EQ(cqes[i].user_data, 4u + i);
    EXPECT_EQ(cqes[i].res, 0);
  }
}

TEST(OpsFlags, HardlinkContinuesAfterFailure) {
  URING_SKIP_WITHOUT_KERNEL();
  int p[2];
  ASSERT_EQ(pipe(p), 0);
  Ring r;
  ASSERT_EQ(r.Init(), 0);
  // A receive on a pipe fails when it runs (the socket lookup happens at issue, on every
  // kernel, with -ENOTSOCK); the hard link still runs the next request.
  char buf[4];
  struct uring_sqe *sqe = Sqe(r.get());
  uring_prep_recv(sqe, p[0], buf, sizeof buf, 0);
  uring_sqe_set_flags(sqe, URING_SQE_IO_HARDLINK);
  uring_sqe_set_data64(sqe, 1);
  sqe = Sqe(r.get());
  uring_prep_nop(sqe);
  uring_sqe_set_data64(sqe, 2);
  auto cqes = Reap(r.get(), 2);
  ASSERT_EQ(cqes.size(), 2u) << Describe(cqes);
  EXPECT_EQ(cqes[0].user_data, 1u);
  EXPECT_EQ(cqes[0].res, -ENOTSOCK);
  EXPECT_EQ(cqes[1].user_data, 2u);
  EXPECT_EQ(cqes[1].res, 0);
  close(p[0]);
  close(p[1]);
}

TEST(OpsFlags, HardlinkAfterBadFileDescriptor) {
  URING_SKIP_WITHOUT_KERNEL();
  Ring r;
  ASSERT_EQ(r.Init(), 0);
  struct uring_sqe *sqe = Sqe(r.get());
  uring_prep_write(sqe, -1, "x", 1, 0);
  uring_sqe_set_flags(sqe, URING_SQE_IO_HARDLINK);
  uring_sqe_set_data64(sqe, 1);
  sqe = Sqe(r.get());
  uring_prep_nop(sqe);
  uring_sqe_set_data64(sqe, 2);
  auto cqes = Reap(r.get(), 2);
  ASSERT_EQ(cqes.size(), 2u) << Describe(cqes);
  EXPECT_EQ(cqes[0].user_data, 1u);
  EXPECT_EQ(cqes[0].res, -EBADF);
  EXPECT_EQ(cqes[1].user_data, 2u);
  if (r->features & URING_FEAT_LINKED_FILE) {
    // 5.18 assigns files when a request runs (io_assign_file, flagged by
    // URING_FEAT_LINKED_FILE): the bad descriptor is an ordinary failure, which a hard
    // link survives.
    EXPECT_EQ(cqes[1].res, 0);
  } else {
    // Before, the kernel looked the descriptor up while preparing the request at
    // submission (io_init_req), and a request that fails there fails its whole link, hard
    // or not ("fail even hard links since we don't submit", io_submit_sqe).
    EXPECT_EQ(cqes[1].res, -ECANCELED);
  }
}

TEST(OpsFlags, DrainWaitsForEarlierRequests) {
  URING_SKIP_WITHOUT_KERNEL();
  int p[2];
  ASSERT_EQ(pipe(p), 0);
  Ring r;
  ASSERT_EQ(r.Init(), 0);
  char buf[4];
  struct uring_sqe *sqe = Sqe(r.get());
  uring_prep_read(sqe, p[0], buf, sizeof buf, 0);
  uring_sqe_set_data64(sqe, 1);
  sqe = Sqe(r.get());
  uring_prep_nop(sqe);
  uring_sqe_set_flags(sqe, URING_SQE_IO_DRAIN);
  uring_sqe_set_data64(sqe, 2);
  sqe = Sqe(r.get());
  uring_prep_nop(sqe);
  uring_sqe_set_data64(sqe, 3);
  ASSERT_EQ(uring_submit(r.get()), 3);
  // The read blocks, so neither the drained NOP nor the one after it may have completed.
  struct uring_cqe *cqe;
  EXPECT_EQ(uring_peek_cqe(r.get(), &cqe), -EAGAIN);
  ASSERT_EQ(write(p[1], "go", 2), 2);
  auto cqes = Reap(r.get(), 3);
  ASSERT_EQ(cqes.size(), 3u) << Describe(cqes);
  EXPECT_EQ(Find(cqes, 1)->res, 2);
  EXPECT_EQ(Find(cqes, 2)->res, 0);
  EXPECT_EQ(Find(cqes, 3)->res, 0);
  // Neither the drained NOP nor the one queued behind it ran before the read finished.
  EXPECT_LT(IndexOf(cqes, 1), IndexOf(cqes, 2)) << Describe(cqes);
  EXPECT_LT(IndexOf(cqes, 1), IndexOf(cqes, 3)) << Describe(cqes);
  // Both wait on the kernel's defer list; once the read completes they are queued as task
  // work in submission order. 6.0 made the task-work list a lock-free LIFO list ("io_uring:
  // lockless task list") and 6.9 runs it in queue order again ("io_uring: handle
  // traditional task_work in FIFO order"); in between, the NOP behind the drain completes
  // first. (Debian's 5.10 carries 5.15's FIFO list.)
  if (KernelAtLeast(6, 0) && !KernelAtLeast(6, 9))
    EXPECT_LT(IndexOf(cqes, 3), IndexOf(cqes, 2)) << Describe(cqes);
  else
    EXPECT_LT(IndexOf(cqes, 2), IndexOf(cqes, 3)) << Describe(cqes);
  close(p[0]);
  close(p[1]);
}

TEST(OpsFlags, CqeSkipSuccess) {
  URING_SKIP_WITHOUT_KERNEL();
  Ring r;
  ASSERT_EQ(r.Init(), 0);
  if (!(r->features & URING_FEAT_CQE_SKIP))
    GTEST_SKIP() << "CQE_SKIP_SUCCESS (5.17) not supported by this kernel "
                    "(no URING_FEAT_CQE_SKIP)";
  struct uring_sqe *sqe = Sqe(r.get());
  uring_prep_nop(sqe);
  uring_sqe_set_flags(sqe, URING_SQE_CQE_SKIP_SUCCESS);
  uring_sqe_set_data64(sqe, 1);
  sqe = Sqe(r.get());
  uring_prep_write(sqe, -1, "x", 1, 0);
  uring_sqe_set_flags(sqe, URING_SQE_CQE_SKIP_SUCCESS);
  uring_sqe_set_data64(sqe, 2);
  sqe = Sqe(r.get());
  uring_prep_nop(sqe);
  uring_sqe_set_data64(sqe, 3);
  auto cqes = Reap(r.get(), 2);
  ASSERT_EQ(cqes.size(), 2u) << Describe(cqes);
  EXPECT_EQ(Find(cqes, 1), nullptr);
  ASSERT_NE(Find(cqes, 2), nullptr);
  EXPECT_EQ(Find(cqes, 2)->res, -EBADF);
  ASSERT_NE(Find(cqes, 3), nullptr);
  // The skipped success left nothing behind.
  struct uring_cqe *cqe;
  EXPECT_EQ(uring_peek_cqe(r.get(), &cqe), -EAGAIN);
}

}  // namespace
}  // namespace uring_ops
