// The legacy provided-buffer helpers (uring/opcode/buffer.h) against liburing 2.3. The one
// case also compares splice, tee (splice.h) and msg_ring (msg.h): moved whole, not split.
#include <fcntl.h>
#include <liburing.h>

#include "gtest/gtest.h"
#include "tests/opcode/encoding.h"
#include "uring/uring.h"

namespace {

using uring_test::Args;
using uring_test::kOffset;

TEST(EncodingLiburing23, BufferSpliceMsg) {
  Args a;
  SAME(URING_OP_PROVIDE_BUFFERS, uring_prep_provide_buffers(sqe, a.buf, 16, 4, 7, 100),
       io_uring_prep_provide_buffers(sqe, a.buf, 16, 4, 7, 100));
  SAME(URING_OP_REMOVE_BUFFERS, uring_prep_remove_buffers(sqe, 4, 7),
       io_uring_prep_remove_buffers(sqe, 4, 7));
  SAME(URING_OP_SPLICE, uring_prep_splice(sqe, 3, -1, 4, 4096, 65536, SPLICE_F_MOVE),
       io_uring_prep_splice(sqe, 3, -1, 4, 4096, 65536, SPLICE_F_MOVE));
  SAME(URING_OP_SPLICE, uring_prep_splice(sqe, 2, 512, 5, -1, 100, URING_SPLICE_F_FD_IN_FIXED),
       io_uring_prep_splice(sqe, 2, 512, 5, -1, 100, SPLICE_F_FD_IN_FIXED));
  SAME(URING_OP_TEE, uring_prep_tee(sqe, 3, 4, 1000, SPLICE_F_NONBLOCK),
       io_uring_prep_tee(sqe, 3, 4, 1000, SPLICE_F_NONBLOCK));
  SAME(URING_OP_MSG_RING, uring_prep_msg_ring(sqe, 9, 123, kOffset, 0),
       io_uring_prep_msg_ring(sqe, 9, 123, kOffset, 0));
  SAME(URING_OP_MSG_RING, uring_prep_msg_ring(sqe, 9, 0, 1, URING_MSG_RING_CQE_SKIP),
       io_uring_prep_msg_ring(sqe, 9, 0, 1, IORING_MSG_RING_CQE_SKIP));
}

}  // namespace
