// The URING_CMD helpers (uring/opcode/cmd.h) against golden SQEs.
#include <cstdint>
#include <cstring>

#include "gtest/gtest.h"
#include "tests/opcode/encoding.h"
#include "uring/uring.h"

namespace {

using uring_test::Want;
using uring_test::kGarbage;

// ---- cmd.h (io_uring/uring_cmd.c io_uring_cmd_prep) ---------------------------------

TEST(Golden, UringCmd) {
  Want w;
  w->opcode = URING_OP_URING_CMD;
  w->fd = 3;
  w->cmd_op = 0xc0484e41u;  // an ioctl-style command number
  CHECK_PREP(w, uring_prep_uring_cmd(sqe, static_cast<int>(0xc0484e41u), 3));
}

TEST(Golden, UringCmd128ZeroesThePayload) {
  Want w;
  w->opcode = URING_OP_URING_CMD128;
  w->fd = 3;
  w->cmd_op = 7;
  CHECK_PREP128(w, uring_prep_uring_cmd128(sqe, 7, 3));

  // The payload starts at byte 48 and runs to the end of the 128-byte entry.
  struct uring_sqe pair[2];
  std::memset(pair, kGarbage, sizeof pair);
  uring_prep_uring_cmd128(&pair[0], 7, 3);
  const uint8_t *cmd = uring_sqe_cmd(&pair[0]);
  for (int i = 0; i < 80; ++i) EXPECT_EQ(cmd[i], 0) << "payload byte " << i;
}

}  // namespace
