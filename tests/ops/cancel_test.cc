// Cancellation on the kernel (uring/opcode/cancel.h): async_cancel in every match mode.
#include <poll.h>

#include "tests/ops/ops_common.h"

namespace uring_ops {
namespace {

// Queues a read on the empty pipe `fd` (blocks until cancelled) tagged `ud`.
void PendingRead(struct uring *ring, int fd, uint64_t ud, unsigned sqe_flags = 0) {
  static char sink[16];
  struct uring_sqe *sqe = Sqe(ring);
  uring_prep_read(sqe, fd, sink, sizeof sink, 0);
  uring_sqe_set_flags(sqe, sqe_flags);
  uring_sqe_set_data64(sqe, ud);
}

TEST(OpsCancel, ByUserData) {
  OPS_REQUIRE_OP(URING_OP_ASYNC_CANCEL);
  Pipe a;
  ASSERT_TRUE(a.Make());
  Ring r;
  ASSERT_EQ(r.Init(32), 0);
  PendingRead(r.get(), a.fd[0], 1);
  PendingRead(r.get(), a.fd[0], 2);
  ASSERT_EQ(uring_submit(r.get()), 2);
  struct uring_sqe *sqe = Sqe(r.get());
  uring_prep_cancel64(sqe, 1, 0);
  uring_sqe_set_data64(sqe, 100);
  auto cqes = Reap(r.get(), 2);
  ASSERT_EQ(cqes.size(), 2u) << Describe(cqes);
  EXPECT_EQ(Find(cqes, 100)->res, 0);
  ASSERT_NE(Find(cqes, 1), nullptr);
  EXPECT_EQ(Find(cqes, 1)->res, -ECANCELED);
  EXPECT_TRUE(NothingReady(r.get()));  // read 2 is still pending
  struct uring_cqe c;
  sqe = Sqe(r.get());
  uring_prep_cancel64(sqe, 1, 0);
  ASSERT_TRUE(RunOne(r.get(), &c));
  EXPECT_EQ(c.res, -ENOENT);
  sqe = Sqe(r.get());
  uring_prep_cancel64(sqe, 2, 0);
  uring_sqe_set_data64(sqe, 101);
  cqes = Reap(r.get(), 2);
  ASSERT_EQ(cqes.size(), 2u) << Describe(cqes);
  EXPECT_EQ(Find(cqes, 101)->res, 0);
  ASSERT_NE(Find(cqes, 2), nullptr);
  EXPECT_EQ(Find(cqes, 2)->res, -ECANCELED);
  MarkExercised(URING_OP_ASYNC_CANCEL);
}

TEST(OpsCancel, ByFdFirstAndAll) {
  OPS_REQUIRE_OP(URING_OP_ASYNC_CANCEL);
  Pipe a, b;
  ASSERT_TRUE(a.Make());
  ASSERT_TRUE(b.Make());
  Ring r;
  ASSERT_EQ(r.Init(32), 0);
  // By fd: without ALL the first match only, with ALL every match (res: the count). Older
  // kernels refuse cancel flags as unknown.
  PendingRead(r.get(), a.fd[0], 2);
  PendingRead(r.get(), a.fd[0], 3);
  PendingRead(r.get(), a.fd[0], 4);
  PendingRead(r.get(), b.fd[0], 5);
  ASSERT_EQ(uring_submit(r.get()), 4);
  struct uring_sqe *sqe = Sqe(r.get());
  uring_prep_cancel_fd(sqe, a.fd[0], 0);
  uring_sqe_set_data64(sqe, 101);
  auto cqes = Reap(r.get(), 1);
  ASSERT_EQ(cqes.size(), 1u);
  const struct uring_cqe *cancel = Find(cqes, 101);
  if (cancel != nullptr)
    OPS_SKIP_IF_REFUSED(cancel->res, -EINVAL, 5, 19, "URING_ASYNC_CANCEL_FD and _ALL");
  auto more = Reap(r.get(), 1);
  cqes.insert(cqes.end(), more.begin(), more.end());
  ASSERT_EQ(cqes.size(), 2u) << Describe(cqes);
  ASSERT_NE(Find(cqes, 101), nullptr) << Describe(cqes);
  EXPECT_EQ(Find(cqes, 101)->res, 0);
  const struct uring_cqe *gone = cqes[0].user_data == 101 ? &cqes[1] : &cqes[0];
  EXPECT_TRUE(gone->user_data >= 2 && gone->user_data <= 4) << Describe(cqes);
  EXPECT_EQ(gone->res, -ECANCELED);
  sqe = Sqe(r.get());
  uring_prep_cancel_fd(sqe, a.fd[0], URING_ASYNC_CANCEL_ALL);
  uring_sqe_set_data64(sqe, 102);
  cqes = Reap(r.get(), 3);
  ASSERT_EQ(cqes.size(), 3u) << Describe(cqes);
  EXPECT_EQ(Find(cqes, 102)->res, 2);
  EXPECT_TRUE(NothingReady(r.get()));  // the read on pipe b is still pending

  // ANY matches every request, and the kernel treats it as ALL by itself
  // (io_uring/cancel.c, __io_async_cancel): reads 5, 8 and 9 go, res is the count.
  PendingRead(r.get(), a.fd[0], 8);
  PendingRead(r.get(), a.fd[0], 9);
  ASSERT_EQ(uring_submit(r.get()), 2);
  sqe = Sqe(r.get());
  uring_prep_cancel_match(sqe, 0, -1, 0, URING_ASYNC_CANCEL_ANY);
  uring_sqe_set_data64(sqe, 105);
  cqes = Reap(r.get(), 4);
  ASSERT_EQ(cqes.size(), 4u) << Describe(cqes);
  EXPECT_EQ(Find(cqes, 105)->res, 3);
  for (uint64_t ud : {5, 8, 9}) {
    ASSERT_NE(Find(cqes, ud), nullptr) << ud;
    EXPECT_EQ(Find(cqes, ud)->res, -ECANCELED) << ud;
  }
  // With nothing left, a counting cancel reports 0 rather than -ENOENT.
  struct uring_cqe c;
  sqe = Sqe(r.get());
  uring_prep_cancel_match(sqe, 0, -1, 0, URING_ASYNC_CANCEL_ANY | URING_ASYNC_CANCEL_ALL);
  ASSERT_TRUE(RunOne(r.get(), &c));
  EXPECT_EQ(c.res, 0);
  EXPECT_TRUE(NothingReady(r.get()));
}

TEST(OpsCancel, ByFixedFd) {
  OPS_REQUIRE_OP(URING_OP_ASYNC_CANCEL);
  Pipe b;
  ASSERT_TRUE(b.Make());
  Ring r;
  ASSERT_EQ(r.Init(32), 0);
  // By direct descriptor: a read through registered slot 0. Older kernels refuse
  // URING_ASYNC_CANCEL_FD_FIXED as an unknown flag.
  int files[1] = {b.fd[0]};
  ASSERT_EQ(uring_register_files(r.get(), files, 1), 0);
  PendingRead(r.get(), 0, 7, URING_SQE_FIXED_FILE);
  ASSERT_EQ(uring_submit(r.get()), 1);
  struct uring_sqe *sqe = Sqe(r.get());
  uring_prep_cancel_fd(sqe, 0, URING_ASYNC_CANCEL_FD_FIXED);
  uring_sqe_set_data64(sqe, 104);
  auto cqes = Reap(r.get(), 1);
  ASSERT_EQ(cqes.size(), 1u);
  if (Find(cqes, 104) != nullptr)
    OPS_SKIP_IF_REFUSED(Find(cqes, 104)->res, -EINVAL, 6, 0, "URING_ASYNC_CANCEL_FD_FIXED");
  auto more = Reap(r.get(), 1);
  cqes.insert(cqes.end(), more.begin(), more.end());
  ASSERT_EQ(cqes.size(), 2u) << Describe(cqes);
  ASSERT_NE(Find(cqes, 104), nullptr) << Describe(cqes);
  EXPECT_EQ(Find(cqes, 104)->res, 0);
  ASSERT_NE(Find(cqes, 7), nullptr);
  EXPECT_EQ(Find(cqes, 7)->res, -ECANCELED);
}

TEST(OpsCancel, ByOpcode) {
  OPS_REQUIRE_OP(URING_OP_ASYNC_CANCEL);
  Pipe a, b;
  ASSERT_TRUE(a.Make());
  ASSERT_TRUE(b.Make());
  Ring r;
  ASSERT_EQ(r.Init(32), 0);
  // A poll and a read pending, cancel only the poll. Older kernels refuse
  // URING_ASYNC_CANCEL_OP as an unknown flag.
  PendingRead(r.get(), b.fd[0], 5);
  struct uring_sqe *sqe = Sqe(r.get());
  uring_prep_poll_add(sqe, a.fd[0], POLLIN);
  uring_sqe_set_data64(sqe, 6);
  ASSERT_EQ(uring_submit(r.get()), 2);
  sqe = Sqe(r.get());
  uring_prep_cancel_op(sqe, URING_OP_POLL_ADD, 0);
  uring_sqe_set_data64(sqe, 103);
  auto cqes = Reap(r.get(), 1);
  ASSERT_EQ(cqes.size(), 1u);
  if (!KernelAtLeast(6, 6)) {
    ASSERT_EQ(cqes[0].user_data, 103u) << Describe(cqes);
    OPS_SKIP_IF_REFUSED(cqes[0].res, -EINVAL, 6, 6, "URING_ASYNC_CANCEL_OP");
    // Accepted before 6.6: a stable backport (Debian's 6.1.176 has one) of "io_uring/cancel:
    // support opcode based lookup and cancelation" and "add IORING_ASYNC_CANCEL_USERDATA"
    // without "io_uring: use cancelation match helper for poll and timeout requests"
    // (upstream a30badf66de8). There, only io-wq requests are matched by opcode; polls,
    // and reads armed on poll, are looked up by user_data alone, so none is found.
    EXPECT_EQ(cqes[0].res, -ENOENT);
    EXPECT_TRUE(NothingReady(r.get()));  // the poll and the read are still pending
    return;
  }
  auto more = Reap(r.get(), 1);
  cqes.insert(cqes.end(), more.begin(), more.end());
  ASSERT_EQ(cqes.size(), 2u) << Describe(cqes);
  ASSERT_NE(Find(cqes, 103), nullptr) << Describe(cqes);
  EXPECT_EQ(Find(cqes, 103)->res, 0);
  ASSERT_NE(Find(cqes, 6), nullptr);
  EXPECT_EQ(Find(cqes, 6)->res, -ECANCELED);
  EXPECT_EQ(Find(cqes, 5), nullptr);

  // user_data and opcode together: the read 5 is not a poll, so nothing matches.
  struct uring_cqe c;
  sqe = Sqe(r.get());
  uring_prep_cancel_match(sqe, 5, -1, URING_OP_POLL_ADD,
                          URING_ASYNC_CANCEL_USERDATA | URING_ASYNC_CANCEL_OP);
  ASSERT_TRUE(RunOne(r.get(), &c));
  EXPECT_EQ(c.res, -ENOENT);
  // ... and with the read's own opcode it goes.
  sqe = Sqe(r.get());
  uring_prep_cancel_match(sqe, 5, -1, URING_OP_READ,
                          URING_ASYNC_CANCEL_USERDATA | URING_ASYNC_CANCEL_OP);
  uring_sqe_set_data64(sqe, 106);
  cqes = Reap(r.get(), 2);
  ASSERT_EQ(cqes.size(), 2u) << Describe(cqes);
  EXPECT_EQ(Find(cqes, 106)->res, 0);
  ASSERT_NE(Find(cqes, 5), nullptr);
  EXPECT_EQ(Find(cqes, 5)->res, -ECANCELED);
}

}  // namespace
}  // namespace uring_ops
