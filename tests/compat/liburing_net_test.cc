// Buffer and network calls by liburing's names, in a program built twice (BUILD,
// tests/compat/api.h): the multishot recvmsg helpers (io_uring_recvmsg_validate and the
// rest) with liburing 2.3 and the compat header alike; a buffer ring's bufs[] as
// io_uring_setup_buf_ring returns it (2.4); io_uring_prep_cmd_discard (2.8) and
// io_uring_prep_sendmsg_zc_fixed (2.10) where the API has them (the compat build here).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <type_traits>

#include "gtest/gtest.h"
#include "tests/compat/api.h"
#include "tests/support/kernel.h"

namespace {

using compat_test::Done;
using compat_test::Reap;
using compat_test::Ring;
using uring_test::KernelAtLeast;

#ifdef URING_COMPAT_TEST
static_assert(std::is_same<struct io_uring_buf_ring, struct uring_buf_ring>::value,
              "the compat layer's buffer ring is uring's");
#endif

sockaddr_in Loopback() {
  sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

// A socket of `type` bound to a free loopback port, its address in *addr; -1 on failure.
int Bound(int type, sockaddr_in *addr) {
  int fd = socket(AF_INET, type, 0);
  if (fd < 0) return -1;
  *addr = Loopback();
  socklen_t len = sizeof *addr;
  if (bind(fd, reinterpret_cast<sockaddr *>(addr), sizeof *addr) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr *>(addr), &len) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

// Each datagram of a multishot recvmsg (6.0) into a buffer ring (5.19), read back with the
// helpers: the header's lengths, the sender's address, the IP_PKTINFO control message and
// no other, the payload; a length short of the reserved areas fails validation.
TEST(LiburingNet, RecvmsgHelpersOnMultishotCompletions) {
  URING_SKIP_WITHOUT_KERNEL();
  sockaddr_in to, from;
  int rx = Bound(SOCK_DGRAM, &to);
  int tx = Bound(SOCK_DGRAM, &from);
  if (rx < 0 || tx < 0) GTEST_SKIP() << "no UDP on 127.0.0.1 here";
  int one = 1;
  ASSERT_EQ(setsockopt(rx, IPPROTO_IP, IP_PKTINFO, &one, sizeof one), 0);
  Ring r(8);
  ASSERT_EQ(r.ret(), 0);
  struct io_uring *ring = r.get();

  constexpr unsigned kEntries = 8;
  void *ring_mem = mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                        -1, 0);
  ASSERT_NE(ring_mem, MAP_FAILED);
  struct io_uring_buf_ring *br = static_cast<struct io_uring_buf_ring *>(ring_mem);
  struct io_uring_buf_reg reg;
  memset(&reg, 0, sizeof reg);
  reg.ring_addr = reinterpret_cast<uintptr_t>(ring_mem);
  reg.ring_entries = kEntries;
  reg.bgid = 4;
  int ret = io_uring_register_buf_ring(ring, &reg, 0);
  if (ret == -EINVAL && !KernelAtLeast(5, 19))
    GTEST_SKIP() << "provided-buffer rings (IORING_REGISTER_PBUF_RING, 5.19) not supported";
  ASSERT_EQ(ret, 0);
  alignas(8) static unsigned char bufs[kEntries][256];
  io_uring_buf_ring_init(br);
  for (unsigned i = 0; i < kEntries; i++)
    io_uring_buf_ring_add(br, bufs[i], sizeof bufs[i], static_cast<unsigned short>(i),
                          io_uring_buf_ring_mask(kEntries), static_cast<int>(i));
  io_uring_buf_ring_advance(br, kEntries);

  struct msghdr msg;
  memset(&msg, 0, sizeof msg);
  msg.msg_namelen = sizeof(sockaddr_in);
  msg.msg_controllen = CMSG_SPACE(sizeof(struct in_pktinfo));
  struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
  io_uring_prep_recvmsg_multishot(sqe, rx, &msg, 0);
  sqe->flags |= IOSQE_BUFFER_SELECT;
  sqe->buf_group = 4;
  io_uring_sqe_set_data64(sqe, 0x51);
  ASSERT_EQ(io_uring_submit(ring), 1);

  const std::string data[2] = {"datagram", "and another"};
  for (const std::string &d : data)
    ASSERT_EQ(sendto(tx, d.data(), d.size(), 0, reinterpret_cast<sockaddr *>(&to), sizeof to),
              static_cast<ssize_t>(d.size()));
  const size_t reserved = sizeof(struct io_uring_recvmsg_out) + msg.msg_namelen +
                          msg.msg_controllen;
  for (int i = 0; i < 2; i++) {
    SCOPED_TRACE(i);
    struct io_uring_cqe *cqe = nullptr;
    ASSERT_EQ(io_uring_wait_cqe(ring, &cqe), 0);
    ASSERT_EQ(cqe->user_data, 0x51u);
    if (i == 0 && cqe->res == -EINVAL && !KernelAtLeast(6, 0))
      GTEST_SKIP() << "multishot recvmsg (IORING_RECV_MULTISHOT, 6.0) not supported";
    ASSERT_GT(cqe->res, 0);
    EXPECT_NE(cqe->flags & IORING_CQE_F_MORE, 0u);
    ASSERT_NE(cqe->flags & IORING_CQE_F_BUFFER, 0u);
    unsigned bid = cqe->flags >> IORING_CQE_BUFFER_SHIFT;
    ASSERT_LT(bid, kEntries);
    const int len = cqe->res;
    io_uring_cqe_seen(ring, cqe);

    void *buf = bufs[bid];
    EXPECT_EQ(io_uring_recvmsg_validate(buf, static_cast<int>(reserved) - 1, &msg), nullptr);
    struct io_uring_recvmsg_out *o = io_uring_recvmsg_validate(buf, len, &msg);
    ASSERT_EQ(static_cast<void *>(o), buf);
    EXPECT_EQ(o->namelen, sizeof(sockaddr_in));
    EXPECT_EQ(o->payloadlen, data[i].size());
    EXPECT_EQ(o->flags, 0u);
    sockaddr_in src;
    memcpy(&src, io_uring_recvmsg_name(o), sizeof src);
    EXPECT_EQ(src.sin_family, AF_INET);
    EXPECT_EQ(src.sin_port, from.sin_port);
    EXPECT_EQ(src.sin_addr.s_addr, htonl(INADDR_LOOPBACK));
    struct cmsghdr *c = io_uring_recvmsg_cmsg_firsthdr(o, &msg);
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(static_cast<void *>(c),
              static_cast<unsigned char *>(buf) + sizeof *o + msg.msg_namelen);
    EXPECT_EQ(c->cmsg_level, IPPROTO_IP);
    EXPECT_EQ(c->cmsg_type, IP_PKTINFO);
    ASSERT_EQ(c->cmsg_len, CMSG_LEN(sizeof(struct in_pktinfo)));
    struct in_pktinfo pi;
    memcpy(&pi, CMSG_DATA(c), sizeof pi);
    EXPECT_EQ(pi.ipi_addr.s_addr, htonl(INADDR_LOOPBACK));
    EXPECT_EQ(io_uring_recvmsg_cmsg_nexthdr(o, &msg, c), nullptr);
    char *payload = static_cast<char *>(io_uring_recvmsg_payload(o, &msg));
    EXPECT_EQ(payload, static_cast<char *>(buf) + reserved);
    ASSERT_EQ(io_uring_recvmsg_payload_length(o, len, &msg), data[i].size());
    EXPECT_EQ(std::string(payload, data[i].size()), data[i]);
  }

  // Cancelled: the request's last CQE comes without F_MORE.
  sqe = io_uring_get_sqe(ring);
  io_uring_prep_cancel64(sqe, 0x51, 0);
  io_uring_sqe_set_data64(sqe, 0x52);
  ASSERT_EQ(io_uring_submit(ring), 1);
  Done a = Reap(ring), b = Reap(ring);
  if (a.user_data != 0x51u) std::swap(a, b);
  EXPECT_EQ(a.res, -ECANCELED);
  EXPECT_EQ(a.flags & IORING_CQE_F_MORE, 0u);
  EXPECT_EQ(b.user_data, 0x52u);
  EXPECT_EQ(b.res, 0);
  EXPECT_EQ(io_uring_unregister_buf_ring(ring, 4), 0);
  munmap(ring_mem, 4096);
  close(rx);
  close(tx);
}

#if LIBURING_HAS(2, 4)
// bufs[] of the ring io_uring_setup_buf_ring (2.4) returns: the slots io_uring_buf_ring_add
// writes, from tail + offset under the mask; advance publishes them in one store, and a
// recv with buffer selection takes the first.
TEST(LiburingNet, SetupBufRingSlotsAreBufs) {
  URING_SKIP_WITHOUT_KERNEL();
  Ring r;
  ASSERT_EQ(r.ret(), 0);
  struct io_uring *ring = r.get();
  int err = 0;
  struct io_uring_buf_ring *br = io_uring_setup_buf_ring(ring, 4, 9, 0, &err);
  if (!br && err == -EINVAL && !KernelAtLeast(5, 19))
    GTEST_SKIP() << "provided-buffer rings (IORING_REGISTER_PBUF_RING, 5.19) not supported";
  ASSERT_NE(br, nullptr) << err;
  static char mem[4][64];
  const int mask = io_uring_buf_ring_mask(4);
  for (int i = 0; i < 4; i++)
    io_uring_buf_ring_add(br, mem[i], 64, static_cast<unsigned short>(10 + i), mask, i);
  EXPECT_EQ(br->tail, 0);  // nothing published yet
  for (int i = 0; i < 4; i++) {
    EXPECT_EQ(br->bufs[i].addr, reinterpret_cast<uintptr_t>(mem[i])) << i;
    EXPECT_EQ(br->bufs[i].len, 64u) << i;
    EXPECT_EQ(br->bufs[i].bid, 10 + i) << i;
  }
  io_uring_buf_ring_advance(br, 4);
  EXPECT_EQ(br->tail, 4);
  EXPECT_EQ(static_cast<void *>(&br->tail), static_cast<void *>(&br->bufs[0].resv));

  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  ASSERT_EQ(write(fds[1], "pipe", 4), 4);
  struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
  io_uring_prep_read(sqe, fds[0], nullptr, 64, 0);
  sqe->flags |= IOSQE_BUFFER_SELECT;
  sqe->buf_group = 9;
  ASSERT_EQ(io_uring_submit(ring), 1);
  Done d = Reap(ring);
  ASSERT_EQ(d.res, 4);
  ASSERT_NE(d.flags & IORING_CQE_F_BUFFER, 0u);
  EXPECT_EQ(d.flags >> IORING_CQE_BUFFER_SHIFT, 10u);
  EXPECT_EQ(std::string(mem[0], 4), "pipe");
  EXPECT_EQ(io_uring_free_buf_ring(ring, br, 4, 9), 0);
  close(fds[0]);
  close(fds[1]);
}
#endif

#if LIBURING_HAS(2, 8)
// io_uring_prep_cmd_discard: URING_CMD with the block layer's discard command, the range in
// addr and addr3, user_data set before the prep kept (liburing's helpers write only their
// fields). What is not a block device refuses it: -EOPNOTSUPP from kernels with URING_CMD
// (5.19), the unknown opcode's -EINVAL before. (uring's ops tests discard on a loop device.)
TEST(LiburingNet, CmdDiscardEncodingAndRefusalOutsideBlockDevices) {
  URING_SKIP_WITHOUT_KERNEL();
  Ring r;
  ASSERT_EQ(r.ret(), 0);
  struct io_uring *ring = r.get();
  int fd = compat_test::TempFile();
  ASSERT_GE(fd, 0);
  ASSERT_EQ(pwrite(fd, std::string(8192, 'd').data(), 8192, 0), 8192);
  struct io_uring_probe *probe = io_uring_get_probe_ring(ring);
  ASSERT_NE(probe, nullptr);
  const bool has_cmd = io_uring_opcode_supported(probe, IORING_OP_URING_CMD);
  io_uring_free_probe(probe);
  struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
  io_uring_sqe_set_data64(sqe, 0xd1);
  io_uring_prep_cmd_discard(sqe, fd, 4096, 4096);
  EXPECT_EQ(sqe->opcode, IORING_OP_URING_CMD);
  EXPECT_EQ(sqe->fd, fd);
  EXPECT_EQ(sqe->cmd_op, static_cast<__u32>(BLOCK_URING_CMD_DISCARD));
  EXPECT_EQ(sqe->cmd_op, 0x1200u);
  EXPECT_EQ(sqe->addr, 4096u);
  EXPECT_EQ(sqe->addr3, 4096u);
  EXPECT_EQ(sqe->user_data, 0xd1u);
  ASSERT_EQ(io_uring_submit(ring), 1);
  Done d = Reap(ring);
  EXPECT_EQ(d.user_data, 0xd1u);
  EXPECT_EQ(d.res, has_cmd ? -EOPNOTSUPP : -EINVAL);
  char back[8192];
  ASSERT_EQ(pread(fd, back, sizeof back, 0), 8192);
  EXPECT_EQ(std::string(back, sizeof back), std::string(8192, 'd'));
  close(fd);
}
#endif

#if LIBURING_HAS(2, 10)
// io_uring_prep_sendmsg_zc_fixed: SENDMSG_ZC (6.1) from a registered buffer (6.15). Two
// iovecs inside the buffer arrive in order, with the result CQE (F_MORE) and then the
// notification (F_NOTIF); kernels before 6.15 refuse the flag with -EINVAL.
TEST(LiburingNet, SendmsgZcFixedFromARegisteredBuffer) {
  URING_SKIP_WITHOUT_KERNEL();
  sockaddr_in addr;
  int lfd = Bound(SOCK_STREAM, &addr);
  ASSERT_GE(lfd, 0);
  ASSERT_EQ(listen(lfd, 1), 0);
  int client = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_EQ(connect(client, reinterpret_cast<sockaddr *>(&addr), sizeof addr), 0);
  int server = accept(lfd, nullptr, nullptr);
  ASSERT_GE(server, 0);
  Ring r;
  ASSERT_EQ(r.ret(), 0);
  struct io_uring *ring = r.get();
  const size_t kLen = 8192;
  char *pages = static_cast<char *>(
      mmap(nullptr, kLen, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
  ASSERT_NE(pages, MAP_FAILED);
  for (size_t i = 0; i < kLen; i++) pages[i] = static_cast<char>('a' + i % 26);
  struct iovec reg = {pages, kLen};
  ASSERT_EQ(io_uring_register_buffers(ring, &reg, 1), 0);

  struct iovec iov[2] = {{pages + 100, 1000}, {pages + 5000, 500}};
  struct msghdr msg;
  memset(&msg, 0, sizeof msg);
  msg.msg_iov = iov;
  msg.msg_iovlen = 2;
  struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
  io_uring_sqe_set_data64(sqe, 0x2c);
  io_uring_prep_sendmsg_zc_fixed(sqe, client, &msg, 0, 0);
  EXPECT_EQ(sqe->opcode, IORING_OP_SENDMSG_ZC);
  EXPECT_NE(sqe->ioprio & IORING_RECVSEND_FIXED_BUF, 0u);
  EXPECT_EQ(sqe->buf_index, 0);
  EXPECT_EQ(sqe->user_data, 0x2cu);
  ASSERT_EQ(io_uring_submit(ring), 1);
  Done first = Reap(ring);
  EXPECT_EQ(first.user_data, 0x2cu);
  if (first.res == -EINVAL && !KernelAtLeast(6, 15)) {
    GTEST_SKIP() << "SENDMSG_ZC (6.1) from registered buffers (IORING_RECVSEND_FIXED_BUF, "
                    "6.15) not supported";
  }
  ASSERT_EQ(first.res, 1500);
  ASSERT_NE(first.flags & IORING_CQE_F_MORE, 0u);
  Done notif = Reap(ring);
  EXPECT_EQ(notif.user_data, 0x2cu);
  EXPECT_NE(notif.flags & IORING_CQE_F_NOTIF, 0u);
  static char got[1500];
  size_t have = 0;
  while (have < sizeof got) {
    ssize_t n = recv(server, got + have, sizeof got - have, 0);
    ASSERT_GT(n, 0);
    have += static_cast<size_t>(n);
  }
  EXPECT_EQ(memcmp(got, pages + 100, 1000), 0);
  EXPECT_EQ(memcmp(got + 1000, pages + 5000, 500), 0);
  EXPECT_EQ(io_uring_unregister_buffers(ring), 0);
  munmap(pages, kLen);
  close(server);
  close(client);
  close(lfd);
}
#endif

}  // namespace
