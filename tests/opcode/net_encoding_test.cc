// The socket helpers (uring/opcode/net.h) against liburing 2.3 where it has them, against
// golden SQEs where it does not.
#include <liburing.h>
#include <sys/socket.h>

#include <cstdint>

#include "gtest/gtest.h"
#include "tests/opcode/encoding.h"
#include "uring/uring.h"

namespace {

using uring_test::Args;
using uring_test::Ptr;
using uring_test::Want;

TEST(EncodingLiburing23, Net) {
  Args a;
  SAME(URING_OP_SOCKET, uring_prep_socket(sqe, AF_INET6, SOCK_STREAM | SOCK_NONBLOCK, 6, 0),
       io_uring_prep_socket(sqe, AF_INET6, SOCK_STREAM | SOCK_NONBLOCK, 6, 0));
  SAME(URING_OP_SOCKET, uring_prep_socket_direct(sqe, AF_UNIX, SOCK_DGRAM, 0, 3, 0),
       io_uring_prep_socket_direct(sqe, AF_UNIX, SOCK_DGRAM, 0, 3, 0));
  SAME(URING_OP_SOCKET, uring_prep_socket_direct_alloc(sqe, AF_INET, SOCK_STREAM, 0, 0),
       io_uring_prep_socket_direct_alloc(sqe, AF_INET, SOCK_STREAM, 0, 0));
  SAME(URING_OP_ACCEPT, uring_prep_accept(sqe, 3, a.sa(), &a.sslen, SOCK_CLOEXEC),
       io_uring_prep_accept(sqe, 3, a.sa(), &a.sslen, SOCK_CLOEXEC));
  SAME(URING_OP_ACCEPT, uring_prep_accept(sqe, 3, nullptr, nullptr, 0),
       io_uring_prep_accept(sqe, 3, nullptr, nullptr, 0));
  SAME(URING_OP_ACCEPT, uring_prep_accept_direct(sqe, 3, a.sa(), &a.sslen, 0, 9),
       io_uring_prep_accept_direct(sqe, 3, a.sa(), &a.sslen, 0, 9));
  SAME(URING_OP_ACCEPT, uring_prep_multishot_accept(sqe, 3, a.sa(), &a.sslen, SOCK_NONBLOCK),
       io_uring_prep_multishot_accept(sqe, 3, a.sa(), &a.sslen, SOCK_NONBLOCK));
  SAME(URING_OP_ACCEPT, uring_prep_multishot_accept_direct(sqe, 3, nullptr, nullptr, 0),
       io_uring_prep_multishot_accept_direct(sqe, 3, nullptr, nullptr, 0));
  SAME(URING_OP_CONNECT, uring_prep_connect(sqe, 3, a.sa(), 28),
       io_uring_prep_connect(sqe, 3, a.sa(), 28));
  SAME(URING_OP_SEND, uring_prep_send(sqe, 3, a.buf, 40, MSG_MORE),
       io_uring_prep_send(sqe, 3, a.buf, 40, MSG_MORE));
  SAME(URING_OP_SEND,
       (uring_prep_send(sqe, 3, a.buf, 40, 0), uring_prep_send_set_addr(sqe, a.sa(), 16)),
       (io_uring_prep_send(sqe, 3, a.buf, 40, 0), io_uring_prep_send_set_addr(sqe, a.sa(), 16)));
  SAME(URING_OP_SEND_ZC, uring_prep_send_zc(sqe, 3, a.buf, 40, MSG_DONTWAIT, 8),
       io_uring_prep_send_zc(sqe, 3, a.buf, 40, MSG_DONTWAIT, 8));
  SAME(URING_OP_SEND_ZC, uring_prep_send_zc_fixed(sqe, 3, a.buf, 40, 0, 1, 300),
       io_uring_prep_send_zc_fixed(sqe, 3, a.buf, 40, 0, 1, 300));
  SAME(URING_OP_SENDMSG, uring_prep_sendmsg(sqe, 3, &a.msg, MSG_NOSIGNAL),
       io_uring_prep_sendmsg(sqe, 3, &a.msg, MSG_NOSIGNAL));
  SAME(URING_OP_SENDMSG_ZC, uring_prep_sendmsg_zc(sqe, 3, &a.msg, 0),
       io_uring_prep_sendmsg_zc(sqe, 3, &a.msg, 0));
  SAME(URING_OP_RECV, uring_prep_recv(sqe, 3, a.buf, 64, MSG_WAITALL),
       io_uring_prep_recv(sqe, 3, a.buf, 64, MSG_WAITALL));
  SAME(URING_OP_RECV, uring_prep_recv_multishot(sqe, 3, nullptr, 0, 0),
       io_uring_prep_recv_multishot(sqe, 3, nullptr, 0, 0));
  SAME(URING_OP_RECVMSG, uring_prep_recvmsg(sqe, 3, &a.msg, MSG_TRUNC),
       io_uring_prep_recvmsg(sqe, 3, &a.msg, MSG_TRUNC));
  SAME(URING_OP_RECVMSG, uring_prep_recvmsg_multishot(sqe, 3, &a.msg, 0),
       io_uring_prep_recvmsg_multishot(sqe, 3, &a.msg, 0));
  SAME(URING_OP_SHUTDOWN, uring_prep_shutdown(sqe, 3, SHUT_WR),
       io_uring_prep_shutdown(sqe, 3, SHUT_WR));
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

// SENDMSG_ZC from a registered buffer (io_send_zc_prep, 6.15): the msghdr in addr, len 1,
// the MSG_* flags in msg_flags, URING_RECVSEND_FIXED_BUF in ioprio and the buffer's index
// in buf_index; off, addr3 and file_index zero (the kernel refuses a SENDMSG_ZC with addr2
// or file_index set).
TEST(Golden, SendmsgZcFixed) {
  struct msghdr msg;
  Want w;
  w->opcode = URING_OP_SENDMSG_ZC;
  w->fd = 5;
  w->addr = Ptr(&msg);
  w->len = 1;
  w->msg_flags = 0x4000;  // MSG_DONTWAIT
  w->ioprio = URING_RECVSEND_FIXED_BUF;
  w->buf_index = 513;
  CHECK_PREP(w, uring_prep_sendmsg_zc_fixed(sqe, 5, &msg, 0x4000, 513));
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

}  // namespace
