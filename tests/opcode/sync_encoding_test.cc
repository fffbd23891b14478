// The sync, space and advice helpers (uring/opcode/sync.h) against liburing 2.3 where it
// has them, against golden SQEs where it does not.
#include <fcntl.h>
#include <liburing.h>

#include "gtest/gtest.h"
#include "tests/opcode/encoding.h"
#include "uring/uring.h"

namespace {

using uring_test::Args;
using uring_test::Ptr;
using uring_test::Want;
using uring_test::kOffset;

TEST(EncodingLiburing23, Sync) {
  Args a;
  SAME(URING_OP_FSYNC, uring_prep_fsync(sqe, 4, 0), io_uring_prep_fsync(sqe, 4, 0));
  SAME(URING_OP_FSYNC, uring_prep_fsync(sqe, 4, URING_FSYNC_DATASYNC),
       io_uring_prep_fsync(sqe, 4, IORING_FSYNC_DATASYNC));
  SAME(URING_OP_SYNC_FILE_RANGE, uring_prep_sync_file_range(sqe, 4, 8192, kOffset, 7),
       io_uring_prep_sync_file_range(sqe, 4, 8192, kOffset, 7));
  SAME(URING_OP_FALLOCATE, uring_prep_fallocate(sqe, 4, 3, 4096, 0x100000000ull),
       io_uring_prep_fallocate(sqe, 4, 3, 4096, 0x100000000ll));
  // POSIX_FADV_DONTNEED
  SAME(URING_OP_FADVISE, uring_prep_fadvise(sqe, 4, kOffset, 65536, 4),
       io_uring_prep_fadvise(sqe, 4, kOffset, 65536, 4));
  // MADV_DONTNEED
  SAME(URING_OP_MADVISE, uring_prep_madvise(sqe, a.buf, 4096, 4),
       io_uring_prep_madvise(sqe, a.buf, 4096, 4));
}

// ---- sync.h (io_uring/advise.c, io_uring/truncate.c) --------------------------------

// FADVISE: off = offset, len = 32-bit length, or 0 and the 64-bit length in addr.
TEST(Golden, Fadvise64) {
  Want w;
  w->opcode = URING_OP_FADVISE;
  w->fd = 4;
  w->off = 100;
  w->addr = 0x123456789ull;
  w->fadvise_advice = 3;  // POSIX_FADV_WILLNEED
  CHECK_PREP(w, uring_prep_fadvise64(sqe, 4, 100, 0x123456789ull, 3));
}

// MADVISE: addr = start, len = 32-bit length, or 0 and the 64-bit length in off.
TEST(Golden, Madvise64) {
  char region[16];
  Want w;
  w->opcode = URING_OP_MADVISE;
  w->fd = -1;
  w->addr = Ptr(region);
  w->off = 0x200000000ull;
  w->fadvise_advice = 4;  // MADV_DONTNEED
  CHECK_PREP(w, uring_prep_madvise64(sqe, region, 0x200000000ull, 4));
}

// FTRUNCATE: the length in off; addr, len, rw_flags, buf_index, splice_fd_in, addr3 zero.
TEST(Golden, Ftruncate) {
  Want w;
  w->opcode = URING_OP_FTRUNCATE;
  w->fd = 8;
  w->off = 0x1000000000ull;
  CHECK_PREP(w, uring_prep_ftruncate(sqe, 8, 0x1000000000ull));
}

}  // namespace
