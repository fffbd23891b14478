// The message, futex and waitid helpers (uring/opcode/msg.h) against golden SQEs; msg_ring's
// liburing 2.3 comparison is EncodingLiburing23.BufferSpliceMsg in buffer_encoding_test.cc.
#include <cstdint>

#include "gtest/gtest.h"
#include "tests/opcode/encoding.h"
#include "uring/uring.h"

namespace {

using uring_test::Ptr;
using uring_test::Want;

// ---- msg.h (io_uring/msg_ring.c, io_uring/futex.c, io_uring/waitid.c) ---------------

// MSG_RING reads off (user_data), len (res), addr (command), addr3 (source slot),
// file_index (target slot, or the CQE flags with FLAGS_PASS) and msg_ring_flags;
// buf_index and personality must be zero.
TEST(Golden, MsgRingCqeFlags) {
  Want w;
  w->opcode = URING_OP_MSG_RING;
  w->fd = 9;
  w->len = 5;
  w->off = 0xabcdull;
  w->msg_ring_flags = URING_MSG_RING_FLAGS_PASS | URING_MSG_RING_CQE_SKIP;
  w->file_index = 0x30000;
  CHECK_PREP(w,
             uring_prep_msg_ring_cqe_flags(sqe, 9, 5, 0xabcdull, URING_MSG_RING_CQE_SKIP, 0x30000));
}

TEST(Golden, MsgRingFd) {
  Want w;
  w->opcode = URING_OP_MSG_RING;
  w->fd = 9;
  w->addr = URING_MSG_SEND_FD;
  w->addr3 = 4;
  w->off = 77;
  w->file_index = 3;  // slot 2
  CHECK_PREP(w, uring_prep_msg_ring_fd(sqe, 9, 4, 2, 77, 0));

  w->file_index = URING_FILE_INDEX_ALLOC;
  CHECK_PREP(w, uring_prep_msg_ring_fd_alloc(sqe, 9, 4, 77, 0));
  CHECK_PREP(w, uring_prep_msg_ring_fd(sqe, 9, 4, static_cast<int>(URING_FILE_INDEX_ALLOC), 77, 0));
}

// FUTEX_WAIT/WAKE: addr = futex, addr2 = value, addr3 = mask, fd = futex2 flags; len,
// futex_flags, buf_index and file_index zero.
TEST(Golden, Futex) {
  uint32_t word = 0;
  Want w;
  w->opcode = URING_OP_FUTEX_WAIT;
  w->fd = 0x82;  // FUTEX2_SIZE_U32 | FUTEX2_PRIVATE
  w->addr = Ptr(&word);
  w->addr2 = 1;
  w->addr3 = 0xffffffffull;
  CHECK_PREP(w, uring_prep_futex_wait(sqe, &word, 1, 0xffffffffull, 0x82, 0));

  w->opcode = URING_OP_FUTEX_WAKE;
  w->addr2 = 3;
  CHECK_PREP(w, uring_prep_futex_wake(sqe, &word, 3, 0xffffffffull, 0x82, 0));
}

// FUTEX_WAITV: addr = vector, len = count; fd, addr2, addr3, futex_flags zero.
TEST(Golden, FutexWaitv) {
  unsigned char vec[2 * 24];
  Want w;
  w->opcode = URING_OP_FUTEX_WAITV;
  w->addr = Ptr(vec);
  w->len = 2;
  CHECK_PREP(w, uring_prep_futex_waitv(sqe, reinterpret_cast<struct futex_waitv *>(vec), 2, 0));
}

// WAITID: len = idtype, fd = id, file_index = options, addr2 = infop; addr, addr3,
// waitid_flags zero.
TEST(Golden, Waitid) {
  unsigned char info[128];
  Want w;
  w->opcode = URING_OP_WAITID;
  w->fd = 1234;
  w->len = 1;         // P_PID
  w->file_index = 4;  // WEXITED
  w->addr2 = Ptr(info);
  CHECK_PREP(w, uring_prep_waitid(sqe, 1, 1234, info, 4, 0));
}

}  // namespace
