// NOP on the kernel (uring/opcode/nop.h), and NOP128's refusal on kernels without it.
#include "tests/ops/ops_common.h"

namespace uring_ops {
namespace {

TEST(OpsRw, Nop) {
  OPS_REQUIRE_OP(URING_OP_NOP);
  Ring r;
  ASSERT_EQ(r.Init(), 0);
  for (uint64_t i = 1; i <= 3; i++) {
    struct uring_sqe *sqe = Sqe(r.get());
    ASSERT_NE(sqe, nullptr);
    uring_prep_nop(sqe);
    uring_sqe_set_data64(sqe, i);
  }
  auto cqes = Reap(r.get(), 3);
  ASSERT_EQ(cqes.size(), 3u);
  for (uint64_t i = 1; i <= 3; i++) {
    const struct uring_cqe *c = Find(cqes, i);
    ASSERT_NE(c, nullptr) << i;
    EXPECT_EQ(c->res, 0);
  }
  MarkExercised(URING_OP_NOP);
}

TEST(OpsRw, Nop128NeedsNewerKernel) {
  OPS_REQUIRE_OP(URING_OP_NOP128);
  // Runs only where the probe lists it (6.19): the 128-byte opcodes are valid only in the
  // double slots of a URING_SETUP_SQE_MIXED ring.
  Ring r;
  ASSERT_EQ(r.Init(8, URING_SETUP_SQE_MIXED), 0);
  struct uring_sqe *sqe = uring_get_sqe128(r.get());
  ASSERT_NE(sqe, nullptr);
  uring_prep_nop128(sqe);
  uring_sqe_set_data64(sqe, 5);
  struct uring_cqe c;
  ASSERT_TRUE(RunOne(r.get(), &c));
  EXPECT_EQ(c.user_data, 5u);
  EXPECT_EQ(c.res, 0);
  MarkExercised(URING_OP_NOP128);
}

}  // namespace
}  // namespace uring_ops
