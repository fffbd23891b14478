// The read and write helpers (uring/opcode/rw.h) against liburing 2.3 where it has them,
// against golden SQEs where it does not.
#include <liburing.h>

#include "gtest/gtest.h"
#include "tests/opcode/encoding.h"
#include "uring/uring.h"

namespace {

using uring_test::Args;
using uring_test::Ptr;
using uring_test::Want;
using uring_test::kOffset;

TEST(EncodingLiburing23, Rw) {
  Args a;
  SAME(URING_OP_READ, uring_prep_read(sqe, 7, a.buf, 33, kOffset),
       io_uring_prep_read(sqe, 7, a.buf, 33, kOffset));
  SAME(URING_OP_READ, uring_prep_read(sqe, 7, a.buf, 33, UINT64_MAX),
       io_uring_prep_read(sqe, 7, a.buf, 33, UINT64_MAX));
  SAME(URING_OP_WRITE, uring_prep_write(sqe, 8, a.buf, 12, 4096),
       io_uring_prep_write(sqe, 8, a.buf, 12, 4096));
  SAME(URING_OP_READV, uring_prep_readv(sqe, 7, a.iov, 3, kOffset),
       io_uring_prep_readv(sqe, 7, a.iov, 3, kOffset));
  SAME(URING_OP_WRITEV, uring_prep_writev(sqe, 7, a.iov, 2, 0),
       io_uring_prep_writev(sqe, 7, a.iov, 2, 0));
  // RWF_HIPRI | RWF_NOWAIT, RWF_DSYNC | RWF_APPEND
  SAME(URING_OP_READV, uring_prep_readv2(sqe, 7, a.iov, 3, 10, 0x9),
       io_uring_prep_readv2(sqe, 7, a.iov, 3, 10, 0x9));
  SAME(URING_OP_WRITEV, uring_prep_writev2(sqe, 7, a.iov, 3, 10, 0x12),
       io_uring_prep_writev2(sqe, 7, a.iov, 3, 10, 0x12));
  SAME(URING_OP_READ_FIXED, uring_prep_read_fixed(sqe, 5, a.buf, 16, kOffset, 513),
       io_uring_prep_read_fixed(sqe, 5, a.buf, 16, kOffset, 513));
  SAME(URING_OP_WRITE_FIXED, uring_prep_write_fixed(sqe, 5, a.buf, 16, 0, 2),
       io_uring_prep_write_fixed(sqe, 5, a.buf, 16, 0, 2));
}

// ---- rw.h (io_uring/rw.c io_prep_rw, io_prep_readv_fixed, io_read_mshot_prep) --------

TEST(Golden, ReadvWritevFixed) {
  struct uring_iovec iov[2];
  Want w;
  w->opcode = URING_OP_READV_FIXED;
  w->fd = 5;
  w->addr = Ptr(iov);
  w->len = 2;
  w->off = 4096;
  w->rw_flags = 0x8;  // RWF_NOWAIT
  w->buf_index = 3;
  CHECK_PREP(w, uring_prep_readv_fixed(sqe, 5, iov, 2, 4096, 0x8, 3));

  w->opcode = URING_OP_WRITEV_FIXED;
  w->rw_flags = 0;
  w->buf_index = 65535;
  CHECK_PREP(w, uring_prep_writev_fixed(sqe, 5, iov, 2, 4096, 0, 65535));
}

TEST(Golden, ReadMultishotSelectsBuffersItself) {
  Want w;
  w->opcode = URING_OP_READ_MULTISHOT;
  w->flags = URING_SQE_BUFFER_SELECT;
  w->fd = 6;
  w->off = UINT64_MAX;  // file position
  w->buf_group = 12;
  CHECK_PREP(w, uring_prep_read_multishot(sqe, 6, 0, UINT64_MAX, 12));
}

}  // namespace
