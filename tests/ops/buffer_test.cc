// Legacy provided buffers on the kernel (uring/opcode/buffer.h): provide and remove.
#include <unistd.h>

#include <string>

#include "tests/ops/ops_common.h"

namespace uring_ops {
namespace {

TEST(OpsBuffers, ProvideAndRemove) {
  OPS_REQUIRE_OP(URING_OP_PROVIDE_BUFFERS);
  OPS_REQUIRE_OP(URING_OP_REMOVE_BUFFERS);
  Ring r;
  ASSERT_EQ(r.Init(), 0);
  int p[2];
  ASSERT_EQ(pipe(p), 0);
  static char pool[4][16];
  struct uring_sqe *sqe = Sqe(r.get());
  uring_prep_provide_buffers(sqe, pool, 16, 4, 7, 10);
  struct uring_cqe c;
  ASSERT_TRUE(RunOne(r.get(), &c));
  ASSERT_GE(c.res, 0);

  // A read that selects from group 7 lands in one of ids 10..13.
  ASSERT_EQ(write(p[1], "provided", 8), 8);
  sqe = Sqe(r.get());
  uring_prep_read(sqe, p[0], nullptr, 16, 0);
  uring_sqe_set_flags(sqe, URING_SQE_BUFFER_SELECT);
  uring_sqe_set_buf_group(sqe, 7);
  ASSERT_TRUE(RunOne(r.get(), &c));
  ASSERT_EQ(c.res, 8);
  int bid = uring_cqe_buffer_id(&c);
  ASSERT_GE(bid, 10);
  ASSERT_LE(bid, 13);
  EXPECT_EQ(std::string(pool[bid - 10], 8), "provided");
  MarkExercised(URING_OP_PROVIDE_BUFFERS);

  // Three are left; removing up to 10 takes those three, then the group is empty.
  sqe = Sqe(r.get());
  uring_prep_remove_buffers(sqe, 10, 7);
  ASSERT_TRUE(RunOne(r.get(), &c));
  EXPECT_EQ(c.res, 3);
  ASSERT_EQ(write(p[1], "x", 1), 1);
  sqe = Sqe(r.get());
  uring_prep_read(sqe, p[0], nullptr, 16, 0);
  uring_sqe_set_flags(sqe, URING_SQE_BUFFER_SELECT);
  uring_sqe_set_buf_group(sqe, 7);
  ASSERT_TRUE(RunOne(r.get(), &c));
  EXPECT_EQ(c.res, -ENOBUFS);
  // Removing from the emptied group: since 5.18 a group's list outlives its buffers
  // ("io_uring: manage provided buffers strictly ordered" keeps them in a struct
  // io_buffer_list), so nothing is removed (0). Before, the group's first buffer was the
  // list head and removing its last buffer erased the group, so it is gone (-ENOENT), as on
  // Debian's 5.10 with 5.15's io_uring.
  sqe = Sqe(r.get());
  uring_prep_remove_buffers(sqe, 1, 7);
  ASSERT_TRUE(RunOne(r.get(), &c));
  EXPECT_EQ(c.res, KernelAtLeast(5, 18) ? 0 : -ENOENT);
  // A group never provided does not exist.
  sqe = Sqe(r.get());
  uring_prep_remove_buffers(sqe, 1, 99);
  ASSERT_TRUE(RunOne(r.get(), &c));
  EXPECT_EQ(c.res, -ENOENT);
  MarkExercised(URING_OP_REMOVE_BUFFERS);
  close(p[0]);
  close(p[1]);
}

}  // namespace
}  // namespace uring_ops
