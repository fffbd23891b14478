// URING_CMD on the kernel (uring/opcode/cmd.h): URING_CMD128's refusal on kernels without
// it. The socket commands, which net.h prepares, are net_test's.
#include <sys/ioctl.h>
#include <sys/socket.h>

#include "tests/ops/ops_common.h"

namespace uring_ops {
namespace {

TEST(OpsNet, UringCmd128NeedsNewerKernel) {
  OPS_REQUIRE_OP(URING_OP_URING_CMD128);
  // Runs only where the probe lists it (6.19): SIOCINQ in a 128-byte entry of an
  // SQE_MIXED ring.
  TcpPair tcp;
  ASSERT_TRUE(tcp.Make());
  Ring r;
  ASSERT_EQ(r.Init(8, URING_SETUP_SQE_MIXED), 0);
  ASSERT_EQ(send(tcp.client, "abc", 3, 0), 3);
  struct uring_sqe *sqe = uring_get_sqe128(r.get());
  ASSERT_NE(sqe, nullptr);
  uring_prep_uring_cmd128(sqe, URING_SOCKET_OP_SIOCINQ, tcp.server);
  struct uring_cqe c;
  ASSERT_TRUE(RunOne(r.get(), &c));
  EXPECT_EQ(c.res, 3);
  MarkExercised(URING_OP_URING_CMD128);
}

}  // namespace
}  // namespace uring_ops
