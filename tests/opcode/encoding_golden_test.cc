// Golden encodings of the helpers liburing 2.3 does not have, written from the fields each
// kernel prep handler reads (io_uring/*.c in the kernel tree, named per test). Each test
// builds the expected SQE from zero, one field at a time, and compares it with what the
// helper wrote over garbage: every other byte, user_data included, must come out zero.
#include <cstdint>
#include <cstring>

#include "gtest/gtest.h"
#include "tests/opcode/sqe_compare.h"
#include "uring/uring.h"

namespace {

using uring_test::kGarbage;

uint64_t Ptr(const void *p) { return static_cast<uint64_t>(reinterpret_cast<uintptr_t>(p)); }

// An all-zero SQE (or pair, for the 128-byte forms) to fill in field by field.
struct Want {
  struct uring_sqe sqe[2];
  Want() { std::memset(sqe, 0, sizeof sqe); }
  struct uring_sqe *operator->() {
    return &sqe[0];
  }
};

// Runs `prep` on garbage and compares the first `bytes` bytes with `want`.
template <typename Prep>
void Check(const Want &want, Prep prep, size_t bytes = sizeof(struct uring_sqe)) {
  struct uring_sqe got[2];
  std::memset(got, kGarbage, sizeof got);
  prep(&got[0]);
  EXPECT_SQE_BYTES_EQ(&got[0], &want.sqe[0], bytes);
  if (bytes == sizeof(struct uring_sqe)) {
    // A 64-byte helper must not touch the next entry.
    unsigned char untouched[sizeof(struct uring_sqe)];
    std::memset(untouched, kGarbage, sizeof untouched);
    EXPECT_EQ(std::memcmp(&got[1], untouched, sizeof untouched), 0);
  }
}

#define CHECK_PREP(want, call) Check((want), [&](struct uring_sqe *sqe) { call; })
#define CHECK_PREP128(want, call) \
  Check((want), [&](struct uring_sqe *sqe) { call; }, 2 * sizeof(struct uring_sqe))

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

// ---- nop.h --------------------------------------------------------------------------

TEST(Golden, Nop128) {
  Want w;
  w->opcode = URING_OP_NOP128;
  w->fd = -1;
  CHECK_PREP128(w, uring_prep_nop128(sqe));
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

// ---- fs.h (io_uring/openclose.c io_install_fixed_fd_prep, io_pipe_prep) -------------

TEST(Golden, FixedFdInstallSetsFixedFile) {
  Want w;
  w->opcode = URING_OP_FIXED_FD_INSTALL;
  w->flags = URING_SQE_FIXED_FILE;
  w->fd = 17;
  w->install_fd_flags = URING_FIXED_FD_NO_CLOEXEC;
  CHECK_PREP(w, uring_prep_fixed_fd_install(sqe, 17, URING_FIXED_FD_NO_CLOEXEC));
}

// PIPE: fd, off and addr3 must be 0; fds in addr, flags in pipe_flags, slot in file_index.
TEST(Golden, Pipe) {
  int fds[2];
  Want w;
  w->opcode = URING_OP_PIPE;
  w->addr = Ptr(fds);
  w->pipe_flags = 04000;  // O_NONBLOCK
  CHECK_PREP(w, uring_prep_pipe(sqe, fds, 04000));

  w->file_index = 10;  // slot 9, and 10 for the write end
  CHECK_PREP(w, uring_prep_pipe_direct(sqe, fds, 04000, 9));

  w->file_index = URING_FILE_INDEX_ALLOC;
  CHECK_PREP(w, uring_prep_pipe_direct(sqe, fds, 04000, URING_FILE_INDEX_ALLOC));
}

// ---- net.h (io_uring/net.c, io_uring/cmd_net.c) -------------------------------------

// BIND: addr = sockaddr, addr2 = its length; len, buf_index, rw_flags, file_index zero.
TEST(Golden, Bind) {
  unsigned char sa[16];
  Want w;
  w->opcode = URING_OP_BIND;
  w->fd = 3;
  w->addr = Ptr(sa);
  w->addr2 = 16;
  CHECK_PREP(w, uring_prep_bind(sqe, 3, reinterpret_cast<struct sockaddr *>(sa), 16));
}

// LISTEN: backlog in len; addr, addr2, buf_index, rw_flags, file_index zero.
TEST(Golden, Listen) {
  Want w;
  w->opcode = URING_OP_LISTEN;
  w->fd = 3;
  w->len = 128;
  CHECK_PREP(w, uring_prep_listen(sqe, 3, 128));
}

// SEND with a destination: addr2 = sockaddr, addr_len = its length (the 16 bits above it
// must stay zero).
TEST(Golden, Sendto) {
  char buf[4];
  unsigned char sa[28];
  Want w;
  w->opcode = URING_OP_SEND;
  w->fd = 3;
  w->addr = Ptr(buf);
  w->len = 4;
  w->msg_flags = 0x8000;  // MSG_MORE
  w->addr2 = Ptr(sa);
  w->addr_len = 28;
  CHECK_PREP(w, uring_prep_sendto(sqe, 3, buf, 4, 0x8000,
                                  reinterpret_cast<const struct sockaddr *>(sa), 28));
}

// SEND bundle: URING_RECVSEND_BUNDLE in ioprio, no buffer address.
TEST(Golden, SendBundle) {
  Want w;
  w->opcode = URING_OP_SEND;
  w->fd = 3;
  w->len = 1000;
  w->ioprio = URING_RECVSEND_BUNDLE;
  CHECK_PREP(w, uring_prep_send_bundle(sqe, 3, 1000, 0));
}

// RECV_ZC: addr, addr2, addr3 and msg_flags zero; ioprio flags, len, zcrx_ifq_idx.
TEST(Golden, RecvZc) {
  Want w;
  w->opcode = URING_OP_RECV_ZC;
  w->fd = 3;
  w->len = 4096;
  w->zcrx_ifq_idx = 2;
  w->ioprio = URING_RECVSEND_POLL_FIRST;
  CHECK_PREP(w, uring_prep_recv_zc(sqe, 3, 4096, 2, URING_RECVSEND_POLL_FIRST));

  w->len = 0;
  w->ioprio = URING_RECV_MULTISHOT;
  CHECK_PREP(w, uring_prep_recv_zc_multishot(sqe, 3, 0, 2, 0));
}

// Socket commands: cmd_op in the low word of off, level/optname over addr, optval in
// addr3, optlen in file_index.
TEST(Golden, CmdSock) {
  int val = 1;
  Want w;
  w->opcode = URING_OP_URING_CMD;
  w->fd = 3;
  w->cmd_op = URING_SOCKET_OP_SETSOCKOPT;
  w->sockopt.level = 1;     // SOL_SOCKET
  w->sockopt.optname = 15;  // SO_REUSEPORT
  w->optval = Ptr(&val);
  w->optlen = sizeof val;
  CHECK_PREP(w, uring_prep_cmd_sock(sqe, URING_SOCKET_OP_SETSOCKOPT, 3, 1, 15, &val, sizeof val));

  Want inq;
  inq->opcode = URING_OP_URING_CMD;
  inq->fd = 3;
  inq->cmd_op = URING_SOCKET_OP_SIOCINQ;
  CHECK_PREP(inq, uring_prep_cmd_sock(sqe, URING_SOCKET_OP_SIOCINQ, 3, 0, 0, nullptr, 0));
}

// GETSOCKNAME: addr = sockaddr, addr3 = length pointer, optlen = peer; ioprio, the high
// word of off, len and rw_flags zero.
TEST(Golden, CmdGetsockname) {
  unsigned char sa[16];
  uint32_t len = sizeof sa;
  Want w;
  w->opcode = URING_OP_URING_CMD;
  w->fd = 3;
  w->cmd_op = URING_SOCKET_OP_GETSOCKNAME;
  w->addr = Ptr(sa);
  w->addr3 = Ptr(&len);
  w->optlen = 1;
  CHECK_PREP(w,
             uring_prep_cmd_getsockname(sqe, 3, reinterpret_cast<struct sockaddr *>(sa), &len, 1));
}

// ---- poll.h (io_uring/epoll.c io_epoll_wait_prep) -----------------------------------

TEST(Golden, EpollWait) {
  unsigned char events[4 * 16];
  Want w;
  w->opcode = URING_OP_EPOLL_WAIT;
  w->fd = 5;
  w->addr = Ptr(events);
  w->len = 4;
  CHECK_PREP(w,
             uring_prep_epoll_wait(sqe, 5, reinterpret_cast<struct epoll_event *>(events), 4, 0));
}

// ---- cancel.h (io_uring/cancel.c io_async_cancel_prep) ------------------------------

TEST(Golden, CancelByOpcode) {
  Want w;
  w->opcode = URING_OP_ASYNC_CANCEL;
  w->fd = -1;
  w->len = URING_OP_READ;
  w->cancel_flags = URING_ASYNC_CANCEL_OP | URING_ASYNC_CANCEL_ALL;
  CHECK_PREP(w, uring_prep_cancel_op(sqe, URING_OP_READ, URING_ASYNC_CANCEL_ALL));
}

TEST(Golden, CancelEveryKey) {
  Want w;
  w->opcode = URING_OP_ASYNC_CANCEL;
  w->fd = 7;
  w->addr = 0xfeedull;
  w->len = URING_OP_RECV;
  w->cancel_flags = URING_ASYNC_CANCEL_FD | URING_ASYNC_CANCEL_FD_FIXED | URING_ASYNC_CANCEL_OP |
                    URING_ASYNC_CANCEL_USERDATA;
  CHECK_PREP(w, uring_prep_cancel_match(sqe, 0xfeedull, 7, URING_OP_RECV,
                                        URING_ASYNC_CANCEL_FD | URING_ASYNC_CANCEL_FD_FIXED |
                                            URING_ASYNC_CANCEL_OP | URING_ASYNC_CANCEL_USERDATA));
}

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
