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

// The block device discard (block/ioctl.c blkdev_uring_cmd, 6.12): BLOCK_URING_CMD_DISCARD
// in cmd_op with the high half of off zero, the start in addr, the length in addr3; len,
// uring_cmd_flags (no URING_URING_CMD_FIXED), buf_index and the rest zero.
TEST(Golden, CmdDiscard) {
  Want w;
  w->opcode = URING_OP_URING_CMD;
  w->fd = 7;
  w->cmd_op = 0x1200;  // _IO(0x12, 0)
  w->addr = 0x0000001000000200ull;
  w->addr3 = 0x0000000080000000ull;
  CHECK_PREP(w, uring_prep_cmd_discard(sqe, 7, 0x0000001000000200ull, 0x0000000080000000ull));
}

// sqe->cmd (liburing's and the kernel's name) is the same area: byte 48 of the entry, and
// indexable across the whole 80-byte payload of a 128-byte entry. A program fills the payload through the pointer uring_get_sqe128 hands out, not knowing
// the object behind it (with a local array of known size, g++ -O2 bounds cmd[] by the
// first 64 bytes: -Warray-bounds).
__attribute__((noinline)) void FillCmd(struct uring_sqe *sqe) {
  for (int i = 0; i < 80; ++i) sqe->cmd[i] = static_cast<uint8_t>(i + 1);
}

TEST(CmdEncoding, CmdFieldIsThePayload) {
  alignas(64) unsigned char slot[128];
  std::memset(slot, 0, sizeof slot);
  struct uring_sqe *sqe = reinterpret_cast<struct uring_sqe *>(slot);
  EXPECT_EQ(static_cast<const void *>(sqe->cmd), static_cast<const void *>(uring_sqe_cmd(sqe)));
  FillCmd(sqe);
  for (int i = 0; i < 48; ++i) EXPECT_EQ(slot[i], 0) << "header byte " << i;
  for (int i = 0; i < 80; ++i) EXPECT_EQ(slot[48 + i], i + 1) << "payload byte " << i;
  EXPECT_EQ(sqe->addr3, 0x0807060504030201ull);  // little-endian hosts
  EXPECT_EQ(sizeof *sqe, 64u);
}

}  // namespace
