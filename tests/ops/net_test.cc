// Sockets on the kernel (uring/opcode/net.h): socket, bind, listen, accept (single and
// multishot), connect, send, sendto, recv (single and multishot), sendmsg, recvmsg (single
// and multishot), shutdown, the zero-copy sends, the socket commands of URING_CMD, and
// RECV_ZC's refusal without a zero-copy receive queue.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cstring>
#include <string>

#include "tests/ops/ops_common.h"

namespace uring_ops {
namespace {

int SockOptInt(int fd, int level, int name) {
  int v = -1;
  socklen_t len = sizeof v;
  if (getsockopt(fd, level, name, &v, &len) != 0) return -1;
  return v;
}

TEST(OpsNet, Socket) {
  OPS_REQUIRE_OP(URING_OP_SOCKET);
  Ring r;
  ASSERT_EQ(r.Init(), 0);
  struct uring_cqe c;
  struct uring_sqe *sqe = Sqe(r.get());
  uring_prep_socket(sqe, AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0, 0);
  ASSERT_TRUE(RunOne(r.get(), &c));
  ASSERT_GE(c.res, 0);
  int fd = c.res;
  EXPECT_EQ(SockOptInt(fd, SOL_SOCKET, SO_TYPE), SOCK_STREAM);
  EXPECT_EQ(SockOptInt(fd, SOL_SOCKET, SO_DOMAIN), AF_INET);
  EXPECT_TRUE(fcntl(fd, F_GETFD) & FD_CLOEXEC);
  close(fd);
  sqe = Sqe(r.get());
  uring_prep_socket(sqe, AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0, 0);
  ASSERT_TRUE(RunOne(r.get(), &c));
  ASSERT_GE(c.res, 0);
  EXPECT_EQ(SockOptInt(c.res, SOL_SOCKET, SO_TYPE), SOCK_DGRAM);
  EXPECT_TRUE(fcntl(c.res, F_GETFL) & O_NONBLOCK);
  EXPECT_FALSE(fcntl(c.res, F_GETFD) & FD_CLOEXEC);
  close(c.res);
  MarkExercised(URING_OP_SOCKET);
}

struct sockaddr_in Loopback(uint16_t port_be) {
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_port = port_be;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

TEST(OpsNet, BindAndListen) {
  OPS_REQUIRE_OP(URING_OP_BIND);
  OPS_REQUIRE_OP(URING_OP_LISTEN);
  Ring r;
  ASSERT_EQ(r.Init(), 0);
  struct uring_cqe c;
  int lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(lfd, 0);

  struct sockaddr_in addr = Loopback(0);
  struct uring_sqe *sqe = Sqe(r.get());
  uring_prep_bind(sqe, lfd, (struct sockaddr *)&addr, sizeof addr);
  ASSERT_TRUE(RunOne(r.get(), &c));
  ASSERT_EQ(c.res, 0);
  struct sockaddr_in bound;
  socklen_t blen = sizeof bound;
  ASSERT_EQ(getsockname(lfd, (struct sockaddr *)&bound, &blen), 0);
  EXPECT_EQ(bound.sin_addr.s_addr, htonl(INADDR_LOOPBACK));
  EXPECT_NE(bound.sin_port, 0);
  MarkExercised(URING_OP_BIND);

  EXPECT_EQ(SockOptInt(lfd, SOL_SOCKET, SO_ACCEPTCONN), 0);
  sqe = Sqe(r.get());
  uring_prep_listen(sqe, lfd, 8);
  ASSERT_TRUE(RunOne(r.get(), &c));
  ASSERT_EQ(c.res, 0);
  EXPECT_EQ(SockOptInt(lfd, SOL_SOCKET, SO_ACCEPTCONN), 1);
  // The listener takes connections.
  int cfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(cfd, 0);
  EXPECT_EQ(connect(cfd, (struct sockaddr *)&bound, sizeof bound), 0);
  MarkExercised(URING_OP_LISTEN);
  close(cfd);
  close(lfd);
}

// A listening loopback TCP socket on an ephemeral port.
struct Listener {
  int fd = -1;
  struct sockaddr_in addr;
  bool Make() {
    fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    addr = Loopback(0);
    socklen_t len = sizeof addr;
    return fd >= 0 && bind(fd, (struct sockaddr *)&addr, sizeof addr) == 0 &&
           listen(fd, 8) == 0 && getsockname(fd, (struct sockaddr *)&addr, &len) == 0;
  }
  ~Listener() {
    if (fd >= 0) close(fd);
  }
};

TEST(OpsNet, TcpLifecycle) {
  OPS_REQUIRE_OP(URING_OP_ACCEPT);
  OPS_REQUIRE_OP(URING_OP_CONNECT);
  OPS_REQUIRE_OP(URING_OP_SEND);
  OPS_REQUIRE_OP(URING_OP_RECV);
  OPS_REQUIRE_OP(URING_OP_SHUTDOWN);
  Ring r;
  ASSERT_EQ(r.Init(), 0);
  struct uring_cqe c;
  Listener l;
  ASSERT_TRUE(l.Make());

  int cfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(cfd, 0);
  struct sockaddr_in peer;
  memset(&peer, 0, sizeof peer);
  uint32_t peer_len = sizeof peer;
  struct uring_sqe *sqe = Sqe(r.get());
  uring_prep_accept(sqe, l.fd, (struct sockaddr *)&peer, &peer_len, SOCK_CLOEXEC);
  uring_sqe_set_data64(sqe, 1);
  sqe = Sqe(r.get());
  uring_prep_connect(sqe, cfd, (struct sockaddr *)&l.addr, sizeof l.addr);
  uring_sqe_set_data64(sqe, 2);
  auto cqes = Reap(r.get(), 2);
  ASSERT_EQ(cqes.size(), 2u) << Describe(cqes);
  ASSERT_EQ(Find(cqes, 2)->res, 0);
  ASSERT_GE(Find(cqes, 1)->res, 0);
  int sfd = Find(cqes, 1)->res;
  ASSERT_TRUE(SetRecvTimeout(sfd));
  ASSERT_TRUE(SetRecvTimeout(cfd));
  EXPECT_TRUE(fcntl(sfd, F_GETFD) & FD_CLOEXEC);
  struct sockaddr_in local;
  socklen_t llen = sizeof local;
  ASSERT_EQ(getsockname(cfd, (struct sockaddr *)&local, &llen), 0);
  // The accepted peer address is the client's own address.
  EXPECT_EQ(peer_len, sizeof peer);
  EXPECT_EQ(peer.sin_port, local.sin_port);
  EXPECT_EQ(peer.sin_addr.s_addr, htonl(INADDR_LOOPBACK));
  struct sockaddr_in remote;
  socklen_t rlen = sizeof remote;
  ASSERT_EQ(getpeername(cfd, (struct sockaddr *)&remote, &rlen), 0);
  EXPECT_EQ(remote.sin_port, l.addr.sin_port);
  MarkExercised(URING_OP_ACCEPT);
  MarkExercised(URING_OP_CONNECT);

  const char msg[] = "ring to ring";
  char buf[64] = {0};
  sqe = Sqe(r.get());
  uring_prep_recv(sqe, sfd, buf, sizeof buf, 0);
  uring_sqe_set_data64(sqe, 3);
  sqe = Sqe(r.get());
  uring_prep_send(sqe, cfd, msg, sizeof msg - 1, 0);
  uring_sqe_set_data64(sqe, 4);
  cqes = Reap(r.get(), 2);
  ASSERT_EQ(cqes.size(), 2u) << Describe(cqes);
  EXPECT_EQ(Find(cqes, 4)->res, (int)sizeof msg - 1);
  ASSERT_EQ(Find(cqes, 3)->res, (int)sizeof msg - 1);
  EXPECT_EQ(std::string(buf), msg);
  MarkExercised(URING_OP_SEND);

  // MSG_PEEK leaves the bytes for the next receive: the flags reach the kernel.
  ASSERT_EQ(send(cfd, "peek", 4, 0), 4);
  memset(buf, 0, sizeof buf);
  sqe = Sqe(r.get());
  uring_prep_recv(sqe, sfd, buf, sizeof buf, MSG_PEEK);
  ASSERT_TRUE(RunOne(r.get(), &c));
  ASSERT_EQ(c.res, 4);
  EXPECT_EQ(recv(sfd, buf, sizeof buf, MSG_DONTWAIT), 4);
  MarkExercised(URING_OP_RECV);

  sqe = Sqe(r.get());
  uring_prep_shutdown(sqe, cfd, SHUT_WR);
  ASSERT_TRUE(RunOne(r.get(), &c));
  ASSERT_EQ(c.res, 0);
  // The server sees end of stream; the client can still receive.
  EXPECT_EQ(recv(sfd, buf, sizeof buf, 0), 0);
  ASSERT_EQ(send(sfd, "back", 4, 0), 4);
  EXPECT_EQ(recv(cfd, buf, sizeof buf, 0), 4);
  MarkExercised(URING_OP_SHUTDOWN);
  close(sfd);
  close(cfd);
}

TEST(OpsNet, MultishotAccept) {
  OPS_REQUIRE_OP(URING_OP_ACCEPT);
  Ring r;
  ASSERT_EQ(r.Init(), 0);
  Listener l;
  ASSERT_TRUE(l.Make());

  struct uring_sqe *sqe = Sqe(r.get());
  uring_prep_multishot_accept(sqe, l.fd, nullptr, nullptr, SOCK_CLOEXEC);
  uring_sqe_set_data64(sqe, 10);
  ASSERT_EQ(uring_submit(r.get()), 1);
  int clients[2] = {-1, -1}, accepted[2] = {-1, -1};
  for (int i = 0; i < 2; i++) {
    clients[i] = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    ASSERT_GE(clients[i], 0);
    ASSERT_EQ(connect(clients[i], (struct sockaddr *)&l.addr, sizeof l.addr), 0);
    auto cqes = Reap(r.get(), 1);
    ASSERT_EQ(cqes.size(), 1u);
    EXPECT_EQ(cqes[0].user_data, 10u);
    // Older kernels refuse URING_ACCEPT_MULTISHOT (in ioprio) as an unknown flag.
    if (i == 0) OPS_SKIP_IF_REFUSED(cqes[0].res, -EINVAL, 5, 19, "multishot accept");
    ASSERT_GE(cqes[0].res, 0) << Describe(cqes);
    EXPECT_TRUE(cqes[0].flags & URING_CQE_F_MORE);
    accepted[i] = cqes[0].res;
  }
  // Each accepted socket is the server end of its client's connection.
  for (int i = 0; i < 2; i++) {
    struct sockaddr_in local, peer;
    socklen_t llen = sizeof local, plen = sizeof peer;
    ASSERT_EQ(getsockname(clients[i], (struct sockaddr *)&local, &llen), 0);
    ASSERT_EQ(getpeername(accepted[i], (struct sockaddr *)&peer, &plen), 0);
    EXPECT_EQ(peer.sin_port, local.sin_port) << i;
    EXPECT_TRUE(fcntl(accepted[i], F_GETFD) & FD_CLOEXEC);
  }
  // Cancelling ends it: a final CQE without MORE, and the cancel's own.
  sqe = Sqe(r.get());
  uring_prep_cancel64(sqe, 10, 0);
  uring_sqe_set_data64(sqe, 11);
  auto cqes = Reap(r.get(), 2);
  ASSERT_EQ(cqes.size(), 2u) << Describe(cqes);
  EXPECT_EQ(Find(cqes, 11)->res, 0);
  EXPECT_EQ(Find(cqes, 10)->res, -ECANCELED);
  EXPECT_FALSE(Find(cqes, 10)->flags & URING_CQE_F_MORE);
  for (int i = 0; i < 2; i++) {
    close(clients[i]);
    close(accepted[i]);
  }
  MarkExercised(URING_OP_ACCEPT);
}

TEST(OpsNet, MultishotRecv) {
  OPS_REQUIRE_OP(URING_OP_RECV);
  TcpPair tcp;
  ASSERT_TRUE(tcp.Make());
  Ring r;
  ASSERT_EQ(r.Init(), 0);

  // Multishot receive, buffers from a buffer ring. Older kernels refuse
  // URING_REGISTER_PBUF_RING as an unknown register opcode.
  struct uring_pbuf_ring pbr;
  int ret = uring_buf_ring_setup(r.get(), &pbr, 4, 5, 0);
  OPS_SKIP_IF_REFUSED(ret, -EINVAL, 5, 19, "provided buffer rings");
  ASSERT_EQ(ret, 0);
  static char bufs[4][32];
  for (int i = 0; i < 4; i++)
    uring_buf_ring_add(pbr.br, bufs[i], sizeof bufs[i], (unsigned short)i,
                       uring_buf_ring_mask(4), i);
  uring_buf_ring_advance(pbr.br, 4);
  struct uring_sqe *sqe = Sqe(r.get());
  uring_prep_recv_multishot(sqe, tcp.server, nullptr, 0, 0);
  uring_sqe_set_flags(sqe, URING_SQE_BUFFER_SELECT);
  uring_sqe_set_buf_group(sqe, 5);
  uring_sqe_set_data64(sqe, 12);
  ASSERT_EQ(uring_submit(r.get()), 1);
  const char *parts[2] = {"alpha", "beta"};
  for (int i = 0; i < 2; i++) {
    ASSERT_EQ(send(tcp.client, parts[i], strlen(parts[i]), 0), (ssize_t)strlen(parts[i]));
    auto cqes = Reap(r.get(), 1);
    ASSERT_EQ(cqes.size(), 1u);
    EXPECT_EQ(cqes[0].user_data, 12u);
    // Older kernels refuse URING_RECV_MULTISHOT (in ioprio) as an unknown flag.
    if (i == 0) OPS_SKIP_IF_REFUSED(cqes[0].res, -EINVAL, 6, 0, "multishot recv");
    ASSERT_EQ(cqes[0].res, (int)strlen(parts[i])) << Describe(cqes);
    EXPECT_TRUE(cqes[0].flags & URING_CQE_F_MORE);
    int bid = uring_cqe_buffer_id(&cqes[0]);
    ASSERT_GE(bid, 0);
    EXPECT_EQ(std::string(bufs[bid], (size_t)cqes[0].res), parts[i]);
  }
  // The peer's shutdown ends the multishot receive with res 0 and no MORE.
  ASSERT_EQ(shutdown(tcp.client, SHUT_WR), 0);
  auto cqes = Reap(r.get(), 1);
  ASSERT_EQ(cqes.size(), 1u);
  EXPECT_EQ(cqes[0].res, 0);
  EXPECT_FALSE(cqes[0].flags & URING_CQE_F_MORE);
  EXPECT_EQ(uring_buf_ring_teardown(r.get(), &pbr), 0);
}

TEST(OpsNet, UdpSendmsgRecvmsg) {
  OPS_REQUIRE_OP(URING_OP_SENDMSG);
  OPS_REQUIRE_OP(URING_OP_RECVMSG);
  int rx = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  int tx = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(rx, 0);
  ASSERT_GE(tx, 0);
  struct sockaddr_in ra = Loopback(0), ta = Loopback(0);
  socklen_t len = sizeof ra;
  ASSERT_EQ(bind(rx, (struct sockaddr *)&ra, sizeof ra), 0);
  ASSERT_EQ(getsockname(rx, (struct sockaddr *)&ra, &len), 0);
  ASSERT_EQ(bind(tx, (struct sockaddr *)&ta, sizeof ta), 0);
  len = sizeof ta;
  ASSERT_EQ(getsockname(tx, (struct sockaddr *)&ta, &len), 0);
  Ring r;
  ASSERT_EQ(r.Init(), 0);

  char p1[] = "head-", p2[] = "tail";
  struct iovec siov[2] = {{p1, 5}, {p2, 4}};
  struct msghdr smsg;
  memset(&smsg, 0, sizeof smsg);
  smsg.msg_name = &ra;
  smsg.msg_namelen = sizeof ra;
  smsg.msg_iov = siov;
  smsg.msg_iovlen = 2;

  char rbuf[32] = {0};
  struct iovec riov = {rbuf, sizeof rbuf};
  struct sockaddr_in from;
  memset(&from, 0, sizeof from);
  struct msghdr rmsg;
  memset(&rmsg, 0, sizeof rmsg);
  rmsg.msg_name = &from;
  rmsg.msg_namelen = sizeof from;
  rmsg.msg_iov = &riov;
  rmsg.msg_iovlen = 1;

  struct uring_sqe *sqe = Sqe(r.get());
  uring_prep_recvmsg(sqe, rx, &rmsg, 0);
  uring_sqe_set_data64(sqe, 1);
  sqe = Sqe(r.get());
  uring_prep_sendmsg(sqe, tx, &smsg, 0);
  uring_sqe_set_data64(sqe, 2);
  auto cqes = Reap(r.get(), 2);
  ASSERT_EQ(cqes.size(), 2u);
  EXPECT_EQ(Find(cqes, 2)->res, 9);
  ASSERT_EQ(Find(cqes, 1)->res, 9);
  EXPECT_EQ(std::string(rbuf, 9), "head-tail");
  // The sender's address arrived in msg_name.
  EXPECT_EQ(rmsg.msg_namelen, sizeof from);
  EXPECT_EQ(from.sin_port, ta.sin_port);
  EXPECT_EQ(from.sin_addr.s_addr, htonl(INADDR_LOOPBACK));
  MarkExercised(URING_OP_SENDMSG);

  // MSG_TRUNC with a short buffer: res is the datagram's full length, the flag is set.
  ASSERT_EQ(sendto(tx, "0123456789", 10, 0, (struct sockaddr *)&ra, sizeof ra), 10);
  riov.iov_len = 4;
  rmsg.msg_namelen = sizeof from;
  sqe = Sqe(r.get());
  uring_prep_recvmsg(sqe, rx, &rmsg, MSG_TRUNC);
  struct uring_cqe c;
  ASSERT_TRUE(RunOne(r.get(), &c));
  EXPECT_EQ(c.res, 10);
  EXPECT_TRUE(rmsg.msg_flags & MSG_TRUNC);
  EXPECT_EQ(std::string(rbuf, 4), "0123");
  MarkExercised(URING_OP_RECVMSG);
  close(rx);
  close(tx);
}

// Collects the two CQEs of a zero-copy send: the result (with MORE) and the notification.
void CheckZeroCopy(struct uring *ring, uint64_t ud, int expect_res) {
  auto cqes = Reap(ring, 2);
  ASSERT_EQ(cqes.size(), 2u);
  EXPECT_EQ(cqes[0].user_data, ud);
  EXPECT_EQ(cqes[1].user_data, ud);
  EXPECT_EQ(cqes[0].res, expect_res);
  EXPECT_TRUE(cqes[0].flags & URING_CQE_F_MORE);
  EXPECT_FALSE(cqes[0].flags & URING_CQE_F_NOTIF);
  EXPECT_TRUE(cqes[1].flags & URING_CQE_F_NOTIF);
  EXPECT_FALSE(cqes[1].flags & URING_CQE_F_MORE);
}

TEST(OpsNet, ZeroCopySends) {
  OPS_REQUIRE_OP(URING_OP_SEND_ZC);
  OPS_REQUIRE_OP(URING_OP_SENDMSG_ZC);
  TcpPair tcp;
  ASSERT_TRUE(tcp.Make());
  Ring r;
  ASSERT_EQ(r.Init(), 0);
  static char payload[8192];
  for (size_t i = 0; i < sizeof payload; i++) payload[i] = (char)('a' + i % 26);

  struct uring_sqe *sqe = Sqe(r.get());
  uring_prep_send_zc(sqe, tcp.client, payload, 3000, 0, 0);
  uring_sqe_set_data64(sqe, 21);
  CheckZeroCopy(r.get(), 21, 3000);
  static char got[8192];
  size_t have = 0;
  while (have < 3000) {
    ssize_t n = recv(tcp.server, got + have, 3000 - have, 0);
    ASSERT_GT(n, 0);
    have += (size_t)n;
  }
  EXPECT_EQ(memcmp(got, payload, 3000), 0);
  MarkExercised(URING_OP_SEND_ZC);

  struct iovec iov[2] = {{payload + 100, 1000}, {payload + 5000, 500}};
  struct msghdr msg;
  memset(&msg, 0, sizeof msg);
  msg.msg_iov = iov;
  msg.msg_iovlen = 2;
  sqe = Sqe(r.get());
  uring_prep_sendmsg_zc(sqe, tcp.client, &msg, 0);
  uring_sqe_set_data64(sqe, 22);
  CheckZeroCopy(r.get(), 22, 1500);
  have = 0;
  while (have < 1500) {
    ssize_t n = recv(tcp.server, got + have, 1500 - have, 0);
    ASSERT_GT(n, 0);
    have += (size_t)n;
  }
  EXPECT_EQ(memcmp(got, payload + 100, 1000), 0);
  EXPECT_EQ(memcmp(got + 1000, payload + 5000, 500), 0);
  MarkExercised(URING_OP_SENDMSG_ZC);
}

// SENDMSG_ZC from a registered buffer (6.15): two iovecs inside the registered buffer
// arrive in order with the usual result and notification CQEs; an iovec outside it fails
// the send with -EFAULT. Kernels before 6.15 refuse the flag on SENDMSG_ZC (-EINVAL).
TEST(OpsNet, ZeroCopySendmsgFromRegisteredBuffer) {
  OPS_REQUIRE_OP(URING_OP_SENDMSG_ZC);
  TcpPair tcp;
  ASSERT_TRUE(tcp.Make());
  Ring r;
  ASSERT_EQ(r.Init(), 0);
  AnonPages pages(8192);
  ASSERT_NE(pages.p, nullptr);
  for (size_t i = 0; i < pages.len; i++) pages.p[i] = (char)('A' + i % 23);
  struct iovec reg = {pages.p, pages.len};
  ASSERT_EQ(uring_register_buffers(r.get(), &reg, 1), 0);

  struct iovec iov[2] = {{pages.p + 100, 1000}, {pages.p + 5000, 500}};
  struct msghdr msg;
  memset(&msg, 0, sizeof msg);
  msg.msg_iov = iov;
  msg.msg_iovlen = 2;
  struct uring_sqe *sqe = Sqe(r.get());
  uring_prep_sendmsg_zc_fixed(sqe, tcp.client, &msg, 0, 0);
  uring_sqe_set_data64(sqe, 31);
  auto first = Reap(r.get(), 1);
  ASSERT_EQ(first.size(), 1u);
  OPS_SKIP_IF_REFUSED(first[0].res, -EINVAL, 6, 15, "SENDMSG_ZC from registered buffers");
  ASSERT_EQ(first[0].res, 1500) << Describe(first);
  ASSERT_TRUE(first[0].flags & URING_CQE_F_MORE);
  auto notif = Reap(r.get(), 1);
  ASSERT_EQ(notif.size(), 1u);
  EXPECT_EQ(notif[0].user_data, 31u);
  EXPECT_TRUE(notif[0].flags & URING_CQE_F_NOTIF);
  static char got[1500];
  size_t have = 0;
  while (have < sizeof got) {
    ssize_t n = recv(tcp.server, got + have, sizeof got - have, 0);
    ASSERT_GT(n, 0);
    have += (size_t)n;
  }
  EXPECT_EQ(memcmp(got, pages.p + 100, 1000), 0);
  EXPECT_EQ(memcmp(got + 1000, pages.p + 5000, 500), 0);

  // An iovec that leaves the registered buffer: nothing is sent.
  static char outside[64];
  struct iovec bad[2] = {{pages.p, 10}, {outside, sizeof outside}};
  msg.msg_iov = bad;
  sqe = Sqe(r.get());
  uring_prep_sendmsg_zc_fixed(sqe, tcp.client, &msg, 0, 0);
  uring_sqe_set_data64(sqe, 32);
  auto cqes = Drain(r.get(), 2, 500);
  ASSERT_GE(cqes.size(), 1u);
  EXPECT_EQ(cqes[0].user_data, 32u);
  EXPECT_EQ(cqes[0].res, -EFAULT) << Describe(cqes);
  char c;
  EXPECT_EQ(recv(tcp.server, &c, 1, MSG_DONTWAIT), -1) << "no byte of the refused send arrived";
}

TEST(OpsNet, SocketCommands) {
  OPS_REQUIRE_OP(URING_OP_URING_CMD);
  TcpPair tcp;
  ASSERT_TRUE(tcp.Make());
  Ring r;
  ASSERT_EQ(r.Init(), 0);
  ASSERT_EQ(send(tcp.client, "seven!!", 7, 0), 7);
  // Loopback delivery is synchronous with send(): the bytes are queued at the receiver.
  struct uring_sqe *sqe = Sqe(r.get());
  uring_prep_cmd_sock(sqe, URING_SOCKET_OP_SIOCINQ, tcp.server, 0, 0, nullptr, 0);
  struct uring_cqe c;
  ASSERT_TRUE(RunOne(r.get(), &c));
  // URING_CMD itself (5.19) served only files with a ->uring_cmd handler (NVMe); sockets
  // got one with the socket commands, and before that the kernel answers -EOPNOTSUPP.
  OPS_SKIP_OP_IF_REFUSED(URING_OP_URING_CMD, c.res, -EOPNOTSUPP, 6, 7,
                         "socket commands of URING_CMD");
  ASSERT_EQ(c.res, 7);
  int inq = -1;
  ASSERT_EQ(ioctl(tcp.server, FIONREAD, &inq), 0);
  EXPECT_EQ(inq, 7);

  int type = -1;
  sqe = Sqe(r.get());
  uring_prep_cmd_sock(sqe, URING_SOCKET_OP_GETSOCKOPT, tcp.server, SOL_SOCKET, SO_TYPE, &type,
                      sizeof type);
  ASSERT_TRUE(RunOne(r.get(), &c));
  ASSERT_GE(c.res, 0);
  EXPECT_EQ(type, SOCK_STREAM);

  int one = 1;
  EXPECT_EQ(SockOptInt(tcp.server, SOL_SOCKET, SO_KEEPALIVE), 0);
  sqe = Sqe(r.get());
  uring_prep_cmd_sock(sqe, URING_SOCKET_OP_SETSOCKOPT, tcp.server, SOL_SOCKET, SO_KEEPALIVE,
                      &one, sizeof one);
  ASSERT_TRUE(RunOne(r.get(), &c));
  ASSERT_EQ(c.res, 0);
  EXPECT_EQ(SockOptInt(tcp.server, SOL_SOCKET, SO_KEEPALIVE), 1);

  // A non-socket file has no such commands.
  int p[2];
  ASSERT_EQ(pipe(p), 0);
  sqe = Sqe(r.get());
  uring_prep_cmd_sock(sqe, URING_SOCKET_OP_SIOCINQ, p[0], 0, 0, nullptr, 0);
  ASSERT_TRUE(RunOne(r.get(), &c));
  EXPECT_LT(c.res, 0);
  close(p[0]);
  close(p[1]);
  MarkExercised(URING_OP_URING_CMD);
}

TEST(OpsNet, RecvZcNeedsZcrxQueue) {
  OPS_REQUIRE_OP(URING_OP_RECV_ZC);
  TcpPair tcp;
  ASSERT_TRUE(tcp.Make());
  Ring r;
  ASSERT_EQ(r.Init(), 0);
  // Zero-copy receive needs a NIC receive queue registered with URING_REGISTER_ZCRX_IFQ
  // (hardware header split and flow steering); a ring without one is refused at prep.
  struct uring_sqe *sqe = Sqe(r.get());
  uring_prep_recv_zc(sqe, tcp.server, 0, 0, 0);
  struct uring_cqe c;
  ASSERT_TRUE(RunOne(r.get(), &c));
  EXPECT_EQ(c.res, -EINVAL);
  MarkExercised(URING_OP_RECV_ZC,
                "refused with -EINVAL without a zcrx queue; no NIC with header split here");
  GTEST_SKIP() << "RECV_ZC data path needs a NIC zero-copy receive queue "
                  "(URING_REGISTER_ZCRX_IFQ); checked only that the kernel refuses a ring "
                  "without one";
}

// Two bound loopback UDP sockets, rx and tx, with their addresses.
struct UdpPair {
  int rx = -1, tx = -1;
  struct sockaddr_in ra, ta;
  bool Make() {
    rx = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    tx = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (rx < 0 || tx < 0) return false;
    memset(&ra, 0, sizeof ra);
    ra.sin_family = AF_INET;
    ra.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ta = ra;
    socklen_t len = sizeof ra;
    if (bind(rx, (struct sockaddr *)&ra, sizeof ra) != 0 ||
        getsockname(rx, (struct sockaddr *)&ra, &len) != 0)
      return false;
    len = sizeof ta;
    return bind(tx, (struct sockaddr *)&ta, sizeof ta) == 0 &&
           getsockname(tx, (struct sockaddr *)&ta, &len) == 0 && SetRecvTimeout(rx);
  }
  ~UdpPair() {
    if (rx >= 0) close(rx);
    if (tx >= 0) close(tx);
  }
};

TEST(OpsForms, Sendto) {
  OPS_REQUIRE_OP(URING_OP_SEND);
  UdpPair u;
  ASSERT_TRUE(u.Make());
  Ring r;
  ASSERT_EQ(r.Init(), 0);
  // tx is not connected: only the address in the SQE can route the datagram.
  const char msg[] = "sent to an address";
  struct uring_sqe *sqe = Sqe(r.get());
  uring_prep_sendto(sqe, u.tx, msg, sizeof msg - 1, 0, (struct sockaddr *)&u.ra,
                    sizeof u.ra);
  struct uring_cqe c;
  ASSERT_TRUE(RunOne(r.get(), &c));
  // Older kernels refuse an address (addr2) on URING_OP_SEND as an unknown field.
  OPS_SKIP_IF_REFUSED(c.res, -EINVAL, 6, 1, "sendto (URING_OP_SEND with an address)");
  ASSERT_EQ(c.res, (int)sizeof msg - 1);
  char buf[32] = {0};
  struct sockaddr_in from;
  socklen_t flen = sizeof from;
  ASSERT_EQ(recvfrom(u.rx, buf, sizeof buf, 0, (struct sockaddr *)&from, &flen),
            (ssize_t)sizeof msg - 1);
  EXPECT_STREQ(buf, msg);
  EXPECT_EQ(from.sin_port, u.ta.sin_port);
}

TEST(OpsForms, MultishotRecvmsg) {
  OPS_REQUIRE_OP(URING_OP_RECVMSG);
  UdpPair u;
  ASSERT_TRUE(u.Make());
  Ring r;
  ASSERT_EQ(r.Init(), 0);

  struct uring_pbuf_ring pbr;
  // Older kernels refuse URING_REGISTER_PBUF_RING as an unknown register opcode.
  int ret = uring_buf_ring_setup(r.get(), &pbr, 4, 9, 0);
  OPS_SKIP_IF_REFUSED(ret, -EINVAL, 5, 19, "provided buffer rings");
  ASSERT_EQ(ret, 0);
  static char bufs[4][128];
  for (int i = 0; i < 4; i++)
    uring_buf_ring_add(pbr.br, bufs[i], sizeof bufs[i], (unsigned short)i,
                       uring_buf_ring_mask(4), i);
  uring_buf_ring_advance(pbr.br, 4);
  struct msghdr shape;
  memset(&shape, 0, sizeof shape);
  shape.msg_namelen = sizeof(struct sockaddr_in);
  struct uring_sqe *sqe = Sqe(r.get());
  uring_prep_recvmsg_multishot(sqe, u.rx, &shape, 0);
  uring_sqe_set_flags(sqe, URING_SQE_BUFFER_SELECT);
  uring_sqe_set_buf_group(sqe, 9);
  uring_sqe_set_data64(sqe, 50);
  ASSERT_EQ(uring_submit(r.get()), 1);

  const char *dgrams[2] = {"first datagram", "second"};
  for (int i = 0; i < 2; i++) {
    ASSERT_EQ(sendto(u.tx, dgrams[i], strlen(dgrams[i]), 0, (struct sockaddr *)&u.ra,
                     sizeof u.ra),
              (ssize_t)strlen(dgrams[i]));
    auto cqes = Reap(r.get(), 1);
    ASSERT_EQ(cqes.size(), 1u) << i;
    const struct uring_cqe *rc = &cqes[0];
    EXPECT_EQ(rc->user_data, 50u);
    // Older kernels refuse URING_RECV_MULTISHOT (in ioprio) as an unknown flag.
    if (i == 0) OPS_SKIP_IF_REFUSED(rc->res, -EINVAL, 6, 0, "multishot recvmsg");
    ASSERT_GT(rc->res, 0) << Describe(cqes);
    EXPECT_TRUE(rc->flags & URING_CQE_F_MORE);
    int bid = uring_cqe_buffer_id(rc);
    ASSERT_GE(bid, 0);
    struct uring_recvmsg_parsed m;
    ASSERT_EQ(uring_recvmsg_parse(bufs[bid], (size_t)rc->res, shape.msg_namelen, 0, &m), 0);
    EXPECT_EQ(std::string((const char *)m.payload, m.payload_len), dgrams[i]);
    ASSERT_EQ(m.name_len, sizeof(struct sockaddr_in));
    struct sockaddr_in from;
    memcpy(&from, m.name, sizeof from);
    EXPECT_EQ(from.sin_port, u.ta.sin_port);
  }
  // Cancelling ends the multishot receive with a CQE without MORE.
  sqe = Sqe(r.get());
  uring_prep_cancel64(sqe, 50, 0);
  uring_sqe_set_data64(sqe, 51);
  auto cqes = Reap(r.get(), 2);
  ASSERT_EQ(cqes.size(), 2u) << Describe(cqes);
  EXPECT_EQ(Find(cqes, 51)->res, 0);
  EXPECT_EQ(Find(cqes, 50)->res, -ECANCELED);
  EXPECT_FALSE(Find(cqes, 50)->flags & URING_CQE_F_MORE);
  EXPECT_EQ(uring_buf_ring_teardown(r.get(), &pbr), 0);
}

TEST(OpsForms, SendZcFixed) {
  OPS_REQUIRE_OP(URING_OP_SEND_ZC);
  // Zero-copy sends need an inet socket (AF_UNIX answers -EOPNOTSUPP).
  TcpPair tcp;
  ASSERT_TRUE(tcp.Make());
  int sv[2] = {tcp.client, tcp.server};
  Ring r;
  ASSERT_EQ(r.Init(), 0);
  AnonPages mem(4096);
  ASSERT_NE(mem.p, nullptr);
  char *reg = mem.p;
  struct iovec iov = {reg, mem.len};
  ASSERT_EQ(uring_register_buffers(r.get(), &iov, 1), 0);
  memcpy(reg + 64, "from a registered buffer", 24);
  struct uring_sqe *sqe = Sqe(r.get());
  uring_prep_send_zc_fixed(sqe, sv[0], reg + 64, 24, 0, 0, 0);
  uring_sqe_set_data64(sqe, 70);
  auto cqes = Reap(r.get(), 2);
  ASSERT_EQ(cqes.size(), 2u) << Describe(cqes);
  ASSERT_EQ(cqes[0].res, 24);
  EXPECT_TRUE(cqes[0].flags & URING_CQE_F_MORE);
  EXPECT_TRUE(cqes[1].flags & URING_CQE_F_NOTIF);
  char buf[32] = {0};
  ASSERT_EQ(recv(sv[1], buf, sizeof buf, 0), 24);
  EXPECT_EQ(std::string(buf, 24), "from a registered buffer");
}

}  // namespace
}  // namespace uring_ops
