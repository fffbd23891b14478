// The base helpers of uring/opcode/prep.h: uring_prep_rw (and NOP with it) against liburing
// 2.3, the direct-slot encoding and uring_prep_rw128 against golden SQEs.
#include <liburing.h>

#include <cstring>

#include "gtest/gtest.h"
#include "tests/opcode/encoding.h"
#include "uring/uring.h"

namespace {

using uring_test::Args;
using uring_test::Ptr;
using uring_test::Want;
using uring_test::kGarbage;
using uring_test::kOffset;

TEST(EncodingLiburing23, Base) {
  Args a;
  SAME(URING_OP_WRITEV, uring_prep_rw(URING_OP_WRITEV, sqe, 3, a.buf, 9, kOffset),
       io_uring_prep_rw(IORING_OP_WRITEV, sqe, 3, a.buf, 9, kOffset));
  SAME(URING_OP_NOP, uring_prep_nop(sqe), io_uring_prep_nop(sqe));
}

// ---- prep.h -------------------------------------------------------------------------

// sqe->file_index is slot + 1; URING_FILE_INDEX_ALLOC stays as it is (io_uring/filetable.c
// __io_fixed_fd_install: ALLOC picks a slot, otherwise slot = file_index - 1).
TEST(Golden, DirectSlotEncoding) {
  struct uring_sqe sqe;
  std::memset(&sqe, kGarbage, sizeof sqe);
  uring_sqe_set_direct_slot(&sqe, 0);
  EXPECT_EQ(sqe.file_index, 1u);
  uring_sqe_set_direct_slot(&sqe, 41);
  EXPECT_EQ(sqe.file_index, 42u);
  uring_sqe_set_direct_slot(&sqe, URING_FILE_INDEX_ALLOC);
  EXPECT_EQ(sqe.file_index, URING_FILE_INDEX_ALLOC);
}

TEST(Golden, PrepRw128ClearsBothHalves) {
  char buf[8];
  Want w;
  w->opcode = URING_OP_URING_CMD128;
  w->fd = 4;
  w->addr = Ptr(buf);
  w->len = 8;
  w->off = 99;
  CHECK_PREP128(w, uring_prep_rw128(URING_OP_URING_CMD128, sqe, 4, buf, 8, 99));
}

}  // namespace
