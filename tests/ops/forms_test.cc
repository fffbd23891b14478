// The variant forms of the prep helpers, each on the kernel: direct-descriptor opens,
// sockets and pipes, close_direct, msg_ring_fd_alloc, sendto, send_zc_fixed, multishot
// recvmsg, readv2/writev2 flags, and the 64-bit advice lengths.
#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <netinet/in.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cstring>
#include <string>

#include "tests/ops/ops_common.h"

namespace uring_ops {
namespace {

TEST(OpsForms, OpenDirectAndCloseDirect) {
  OPS_REQUIRE_OP(URING_OP_OPENAT);
  OPS_REQUIRE_OP(URING_OP_CLOSE);
  TempDir dir;
  std::string path = dir.File("direct");
  int f = MakeFile(path, "direct file");
  ASSERT_GE(f, 0);
  close(f);
  Ring r;
  ASSERT_EQ(r.Init(), 0);
  // A table of empty slots: -1 entries (5.5), which every kernel takes; the sparse
  // registration (5.19) is OpenDirectIntoAllocatedSlot's.
  int empty[4] = {-1, -1, -1, -1};
  ASSERT_EQ(uring_register_files(r.get(), empty, 4), 0);
  struct uring_cqe c;

  struct uring_sqe *sqe = Sqe(r.get());
  uring_prep_openat_direct(sqe, URING_AT_FDCWD, path.c_str(), O_RDONLY, 0, 1);
  ASSERT_TRUE(RunOne(r.get(), &c));
  // Older kernels refuse the slot in file_index as an unknown field.
  OPS_SKIP_IF_REFUSED(c.res, -EINVAL, 5, 15, "openat into a direct descriptor");
  ASSERT_EQ(c.res, 0);
  char buf[16] = {0};
  sqe = Sqe(r.get());
  uring_prep_read(sqe, 1, buf, sizeof buf, 0);
  uring_sqe_set_flags(sqe, URING_SQE_FIXED_FILE);
  ASSERT_TRUE(RunOne(r.get(), &c));
  ASSERT_EQ(c.res, 11);
  EXPECT_EQ(std::string(buf, 11), "direct file");

  sqe = Sqe(r.get());
  uring_prep_close_direct(sqe, 1);
  ASSERT_TRUE(RunOne(r.get(), &c));
  EXPECT_EQ(c.res, 0);
  sqe = Sqe(r.get());
  uring_prep_read(sqe, 1, buf, sizeof buf, 0);
  uring_sqe_set_flags(sqe, URING_SQE_FIXED_FILE);
  ASSERT_TRUE(RunOne(r.get(), &c));
  EXPECT_EQ(c.res, -EBADF);
}

TEST(OpsForms, OpenDirectIntoAllocatedSlot) {
  OPS_REQUIRE_OP(URING_OP_OPENAT2);
  TempDir dir;
  std::string path = dir.File("direct");
  int f = MakeFile(path, "direct file");
  ASSERT_GE(f, 0);
  close(f);
  Ring r;
  ASSERT_EQ(r.Init(), 0);
  // Older kernels refuse URING_RSRC_REGISTER_SPARSE as an unknown flag.
  int ret = uring_register_files_sparse(r.get(), 4);
  OPS_SKIP_IF_REFUSED(ret, -EINVAL, 5, 19, "sparse file tables and allocated slots");
  ASSERT_EQ(ret, 0);
  struct uring_cqe c;

  // openat2 into a slot the kernel picks: res is the slot.
  struct open_how how;
  memset(&how, 0, sizeof how);
  how.flags = O_RDONLY;
  struct uring_sqe *sqe = Sqe(r.get());
  uring_prep_openat2_direct(sqe, URING_AT_FDCWD, path.c_str(), &how, URING_FILE_INDEX_ALLOC);
  ASSERT_TRUE(RunOne(r.get(), &c));
  ASSERT_GE(c.res, 0);
  ASSERT_LT(c.res, 4);
  int slot = c.res;
  char buf[16] = {0};
  sqe = Sqe(r.get());
  uring_prep_read(sqe, slot, buf, 6, 0);
  uring_sqe_set_flags(sqe, URING_SQE_FIXED_FILE);
  ASSERT_TRUE(RunOne(r.get(), &c));
  ASSERT_EQ(c.res, 6);
  EXPECT_EQ(std::string(buf, 6), "direct");
}

TEST(OpsForms, SocketAndPipeDirect) {
  OPS_REQUIRE_OP(URING_OP_SOCKET);
  OPS_REQUIRE_OP(URING_OP_PIPE);
  OPS_REQUIRE_OP(URING_OP_FIXED_FD_INSTALL);
  Ring r;
  ASSERT_EQ(r.Init(), 0);
  ASSERT_EQ(uring_register_files_sparse(r.get(), 8), 0);
  struct uring_cqe c;

  struct uring_sqe *sqe = Sqe(r.get());
  uring_prep_socket_direct(sqe, AF_INET, SOCK_DGRAM, 0, 3, 0);
  ASSERT_TRUE(RunOne(r.get(), &c));
  ASSERT_EQ(c.res, 0);
  sqe = Sqe(r.get());
  uring_prep_socket_direct_alloc(sqe, AF_UNIX, SOCK_STREAM, 0, 0);
  ASSERT_TRUE(RunOne(r.get(), &c));
  ASSERT_GE(c.res, 0);
  ASSERT_NE(c.res, 3);
  int unix_slot = c.res;
  // Installed as process fds, the slots hold the sockets asked for.
  for (int slot : {3, unix_slot}) {
    sqe = Sqe(r.get());
    uring_prep_fixed_fd_install(sqe, slot, 0);
    ASSERT_TRUE(RunOne(r.get(), &c));
    ASSERT_GE(c.res, 0);
    int v = 0;
    socklen_t len = sizeof v;
    ASSERT_EQ(getsockopt(c.res, SOL_SOCKET, SO_DOMAIN, &v, &len), 0);
    EXPECT_EQ(v, slot == 3 ? AF_INET : AF_UNIX);
    close(c.res);
  }

  int fds[2] = {-1, -1};
  sqe = Sqe(r.get());
  uring_prep_pipe_direct(sqe, fds, 0, URING_FILE_INDEX_ALLOC);
  ASSERT_TRUE(RunOne(r.get(), &c));
  ASSERT_EQ(c.res, 0);
  ASSERT_GE(fds[0], 0);
  ASSERT_GE(fds[1], 0);
  ASSERT_NE(fds[0], fds[1]);
  sqe = Sqe(r.get());
  uring_prep_write(sqe, fds[1], "through slots", 13, 0);
  uring_sqe_set_flags(sqe, URING_SQE_FIXED_FILE | URING_SQE_IO_LINK);
  char buf[16] = {0};
  sqe = Sqe(r.get());
  uring_prep_read(sqe, fds[0], buf, sizeof buf, 0);
  uring_sqe_set_flags(sqe, URING_SQE_FIXED_FILE);
  auto cqes = Reap(r.get(), 2);
  ASSERT_EQ(cqes.size(), 2u);
  EXPECT_EQ(cqes[0].res, 13);
  EXPECT_EQ(cqes[1].res, 13);
  EXPECT_EQ(std::string(buf, 13), "through slots");
}

TEST(OpsForms, MsgRingFdAlloc) {
  OPS_REQUIRE_OP(URING_OP_MSG_RING);
  int p[2];
  ASSERT_EQ(pipe(p), 0);
  Ring src, dst;
  ASSERT_EQ(src.Init(), 0);
  ASSERT_EQ(dst.Init(), 0);
  int files[1] = {p[1]};
  ASSERT_EQ(uring_register_files(src.get(), files, 1), 0);
  ASSERT_EQ(uring_register_files_sparse(dst.get(), 4), 0);
  struct uring_sqe *sqe = Sqe(src.get());
  uring_prep_msg_ring_fd_alloc(sqe, dst->ring_fd, 0, 0x88, 0);
  struct uring_cqe c;
  ASSERT_TRUE(RunOne(src.get(), &c));
  ASSERT_EQ(c.res, 0);
  auto got = Reap(dst.get(), 1);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].user_data, 0x88u);
  ASSERT_GE(got[0].res, 0);  // the slot the target picked
  sqe = Sqe(dst.get());
  uring_prep_write(sqe, got[0].res, "alloc", 5, 0);
  uring_sqe_set_flags(sqe, URING_SQE_FIXED_FILE);
  ASSERT_TRUE(RunOne(dst.get(), &c));
  ASSERT_EQ(c.res, 5);
  char buf[8] = {0};
  ASSERT_EQ(read(p[0], buf, sizeof buf), 5);
  EXPECT_STREQ(buf, "alloc");
  close(p[0]);
  close(p[1]);
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

// What preadv2(2) with `flags` answers on `fd` at `off`: bytes read or -errno.
int SyncPreadv2(int fd, char *buf, size_t len, off_t off, int flags) {
  struct iovec v = {buf, len};
  ssize_t n = preadv2(fd, &v, 1, off, flags);
  return n < 0 ? -errno : (int)n;
}

TEST(OpsForms, RwFlags) {
  OPS_REQUIRE_OP(URING_OP_WRITEV);
  OPS_REQUIRE_OP(URING_OP_READV);
  TempDir dir;
  std::string path = dir.File("append");
  int fd = MakeFile(path, "base");
  ASSERT_GE(fd, 0);
  Ring r;
  ASSERT_EQ(r.Init(), 0);
  // RWF_APPEND (pwritev2(2)) ignores the offset: the flags reach the kernel.
  char tail[] = "+tail";
  struct iovec v = {tail, 5};
  struct uring_sqe *sqe = Sqe(r.get());
  uring_prep_writev2(sqe, fd, &v, 1, 0, RWF_APPEND);
  struct uring_cqe c;
  ASSERT_TRUE(RunOne(r.get(), &c));
  ASSERT_EQ(c.res, 5);
  EXPECT_EQ(ReadAll(path), "base+tail");

  // RWF_NOWAIT on a regular file: a filesystem that can read without blocking (one with
  // FMODE_NOWAIT, such as ext4) returns the cached data; one that cannot (tmpfs, where
  // the kernel matrix's guests keep their temporary files) refuses the flag with
  // -EOPNOTSUPP (kiocb_set_rw_flags), where a read without it would succeed. The ring
  // answers as preadv2(2) does on the same file.
  char sbuf[9];
  int sync = SyncPreadv2(fd, sbuf, sizeof sbuf, 0, RWF_NOWAIT);
  ASSERT_TRUE(sync == 9 || sync == -EOPNOTSUPP) << sync;
  char buf[9] = {0};
  struct iovec rv = {buf, 9};
  sqe = Sqe(r.get());
  uring_prep_readv2(sqe, fd, &rv, 1, 0, RWF_NOWAIT);
  ASSERT_TRUE(RunOne(r.get(), &c));
  ASSERT_EQ(c.res, sync);
  if (sync == 9) {
    EXPECT_EQ(std::string(buf, 9), "base+tail");
  }
  close(fd);

  // On an empty pipe RWF_NOWAIT turns a read that would wait into -EAGAIN (or, where
  // pipes lacked FMODE_NOWAIT, -EOPNOTSUPP, as preadv2(2) says); without the flag the
  // read would block and RunOne would time out.
  int p[2];
  ASSERT_EQ(pipe(p), 0);
  sync = SyncPreadv2(p[0], sbuf, sizeof sbuf, -1, RWF_NOWAIT);
  ASSERT_TRUE(sync == -EAGAIN || sync == -EOPNOTSUPP) << sync;
  sqe = Sqe(r.get());
  uring_prep_readv2(sqe, p[0], &rv, 1, (uint64_t)-1, RWF_NOWAIT);
  ASSERT_TRUE(RunOne(r.get(), &c));
  EXPECT_EQ(c.res, sync);
  close(p[0]);
  close(p[1]);
  MarkExercised(URING_OP_READV);
}

TEST(OpsForms, AdviceWith64BitLengths) {
  OPS_REQUIRE_OP(URING_OP_MADVISE);
  OPS_REQUIRE_OP(URING_OP_FADVISE);
  TempDir dir;
  int fd = MakeFile(dir.File("advice"), "advice");
  ASSERT_GE(fd, 0);
  Ring r;
  ASSERT_EQ(r.Init(), 0);
  // The 64-bit length travels in addr (fadvise) or off (madvise) with len 0; older kernels
  // refuse those fields as unknown ("io_uring/advise: support 64-bit lengths", 6.11).
  struct uring_sqe *sqe = Sqe(r.get());
  uring_prep_fadvise64(sqe, fd, 0, 1ull << 33, POSIX_FADV_WILLNEED);
  struct uring_cqe c;
  ASSERT_TRUE(RunOne(r.get(), &c));
  close(fd);
  OPS_SKIP_IF_REFUSED(c.res, -EINVAL, 6, 11, "64-bit fadvise and madvise lengths");
  EXPECT_EQ(c.res, 0);

  const size_t len = 4 * 4096;
  AnonPages mem(len);
  ASSERT_NE(mem.p, nullptr);
  memset(mem.p, 0x33, len);
  sqe = Sqe(r.get());
  uring_prep_madvise64(sqe, mem.p, len, MADV_DONTNEED);
  ASSERT_TRUE(RunOne(r.get(), &c));
  EXPECT_EQ(c.res, 0);
  // DONTNEED dropped the private pages up to the last one: the length reached the kernel.
  EXPECT_EQ(((unsigned char *)mem.p)[len - 1], 0);
}

}  // namespace
}  // namespace uring_ops
