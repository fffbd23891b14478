// Reads and writes on the kernel (uring/opcode/rw.h): plain, vectored, registered-buffer,
// multishot, and readv2/writev2 with RWF_* flags.
#include <sys/uio.h>
#include <unistd.h>

#include <cstring>
#include <string>

#include "tests/ops/ops_common.h"

namespace uring_ops {
namespace {

TEST(OpsRw, ReadWrite) {
  OPS_REQUIRE_OP(URING_OP_WRITE);
  OPS_REQUIRE_OP(URING_OP_READ);
  TempDir dir;
  std::string path = dir.File("rw");
  int fd = MakeFile(path, "");
  ASSERT_GE(fd, 0);
  Ring r;
  ASSERT_EQ(r.Init(), 0);
  const char text[] = "written through the ring";
  struct uring_sqe *sqe = Sqe(r.get());
  uring_prep_write(sqe, fd, text, sizeof text - 1, 4);
  struct uring_cqe c;
  ASSERT_TRUE(RunOne(r.get(), &c));
  ASSERT_EQ(c.res, (int)sizeof text - 1);
  // The write landed at offset 4: a hole of four zero bytes comes first.
  EXPECT_EQ(ReadAll(path), std::string(4, '\0') + text);
  MarkExercised(URING_OP_WRITE);

  char buf[64] = {0};
  sqe = Sqe(r.get());
  uring_prep_read(sqe, fd, buf, 8, 4 + 8);
  ASSERT_TRUE(RunOne(r.get(), &c));
  ASSERT_EQ(c.res, 8);
  EXPECT_EQ(std::string(buf, 8), std::string(text + 8, 8));
  MarkExercised(URING_OP_READ);
  close(fd);
}

TEST(OpsRw, ReadvWritev) {
  OPS_REQUIRE_OP(URING_OP_WRITEV);
  OPS_REQUIRE_OP(URING_OP_READV);
  TempDir dir;
  std::string path = dir.File("rwv");
  int fd = MakeFile(path, "");
  ASSERT_GE(fd, 0);
  Ring r;
  ASSERT_EQ(r.Init(), 0);
  char a[] = "first-", b[] = "second";
  struct iovec wv[2] = {{a, 6}, {b, 6}};
  struct uring_sqe *sqe = Sqe(r.get());
  uring_prep_writev(sqe, fd, wv, 2, 0);
  struct uring_cqe c;
  ASSERT_TRUE(RunOne(r.get(), &c));
  ASSERT_EQ(c.res, 12);
  EXPECT_EQ(ReadAll(path), "first-second");
  MarkExercised(URING_OP_WRITEV);

  char x[3] = {0}, y[9] = {0};
  struct iovec rv[2] = {{x, 3}, {y, 9}};
  sqe = Sqe(r.get());
  uring_prep_readv(sqe, fd, rv, 2, 0);
  ASSERT_TRUE(RunOne(r.get(), &c));
  ASSERT_EQ(c.res, 12);
  EXPECT_EQ(std::string(x, 3), "fir");
  EXPECT_EQ(std::string(y, 9), "st-second");
  MarkExercised(URING_OP_READV);
  close(fd);
}

TEST(OpsRw, FixedBuffers) {
  OPS_REQUIRE_OP(URING_OP_WRITE_FIXED);
  OPS_REQUIRE_OP(URING_OP_READ_FIXED);
  TempDir dir;
  std::string path = dir.File("fixed");
  int fd = MakeFile(path, "");
  ASSERT_GE(fd, 0);
  Ring r;
  ASSERT_EQ(r.Init(), 0);
  AnonPages mem(2 * 4096);
  ASSERT_NE(mem.p, nullptr);
  char *bufs[2] = {mem.p, mem.p + 4096};
  struct iovec iov[2] = {{bufs[0], 4096}, {bufs[1], 4096}};
  ASSERT_EQ(uring_register_buffers(r.get(), iov, 2), 0);

  memcpy(bufs[1] + 100, "fixed-write", 11);
  struct uring_sqe *sqe = Sqe(r.get());
  uring_prep_write_fixed(sqe, fd, bufs[1] + 100, 11, 0, 1);
  struct uring_cqe c;
  ASSERT_TRUE(RunOne(r.get(), &c));
  ASSERT_EQ(c.res, 11);
  EXPECT_EQ(ReadAll(path), "fixed-write");
  MarkExercised(URING_OP_WRITE_FIXED);

  sqe = Sqe(r.get());
  uring_prep_read_fixed(sqe, fd, bufs[0] + 7, 5, 6, 0);
  ASSERT_TRUE(RunOne(r.get(), &c));
  ASSERT_EQ(c.res, 5);
  EXPECT_EQ(std::string(bufs[0] + 7, 5), "write");
  MarkExercised(URING_OP_READ_FIXED);

  // A range outside the named registered buffer is refused.
  sqe = Sqe(r.get());
  uring_prep_read_fixed(sqe, fd, bufs[1], 5, 0, 0);
  ASSERT_TRUE(RunOne(r.get(), &c));
  EXPECT_EQ(c.res, -EFAULT);
  close(fd);
}

TEST(OpsRw, VectoredFixedBuffers) {
  OPS_REQUIRE_OP(URING_OP_WRITEV_FIXED);
  OPS_REQUIRE_OP(URING_OP_READV_FIXED);
  TempDir dir;
  std::string path = dir.File("vfixed");
  int fd = MakeFile(path, "");
  ASSERT_GE(fd, 0);
  Ring r;
  ASSERT_EQ(r.Init(), 0);
  AnonPages mem(8192);
  ASSERT_NE(mem.p, nullptr);
  char *buf = mem.p;
  struct iovec reg = {buf, mem.len};
  ASSERT_EQ(uring_register_buffers(r.get(), &reg, 1), 0);

  memcpy(buf, "abc", 3);
  memcpy(buf + 5000, "DEFG", 4);
  struct iovec wv[2] = {{buf, 3}, {buf + 5000, 4}};
  struct uring_sqe *sqe = Sqe(r.get());
  uring_prep_writev_fixed(sqe, fd, wv, 2, 0, 0, 0);
  struct uring_cqe c;
  ASSERT_TRUE(RunOne(r.get(), &c));
  ASSERT_EQ(c.res, 7);
  EXPECT_EQ(ReadAll(path), "abcDEFG");
  MarkExercised(URING_OP_WRITEV_FIXED);

  struct iovec rv[2] = {{buf + 100, 2}, {buf + 6000, 5}};
  sqe = Sqe(r.get());
  uring_prep_readv_fixed(sqe, fd, rv, 2, 0, 0, 0);
  ASSERT_TRUE(RunOne(r.get(), &c));
  ASSERT_EQ(c.res, 7);
  EXPECT_EQ(std::string(buf + 100, 2), "ab");
  EXPECT_EQ(std::string(buf + 6000, 5), "cDEFG");
  MarkExercised(URING_OP_READV_FIXED);
  close(fd);
}

TEST(OpsRw, ReadMultishotOnPipe) {
  OPS_REQUIRE_OP(URING_OP_READ_MULTISHOT);
  Ring r;
  ASSERT_EQ(r.Init(), 0);
  int p[2];
  ASSERT_EQ(pipe(p), 0);
  struct uring_pbuf_ring pbr;
  ASSERT_EQ(uring_buf_ring_setup(r.get(), &pbr, 8, 3, 0), 0);
  static char bufs[8][64];
  int mask = uring_buf_ring_mask(8);
  for (int i = 0; i < 8; i++)
    uring_buf_ring_add(pbr.br, bufs[i], sizeof bufs[i], (unsigned short)i, mask, i);
  uring_buf_ring_advance(pbr.br, 8);

  struct uring_sqe *sqe = Sqe(r.get());
  uring_prep_read_multishot(sqe, p[0], 0, 0, 3);
  uring_sqe_set_data64(sqe, 9);
  ASSERT_EQ(uring_submit(r.get()), 1);

  const char *msgs[3] = {"one", "two!", "three"};
  for (int i = 0; i < 3; i++) {
    ASSERT_EQ(write(p[1], msgs[i], strlen(msgs[i])), (ssize_t)strlen(msgs[i]));
    auto cqes = Reap(r.get(), 1);
    ASSERT_EQ(cqes.size(), 1u) << i;
    EXPECT_EQ(cqes[0].user_data, 9u);
    ASSERT_EQ(cqes[0].res, (int)strlen(msgs[i])) << i;
    EXPECT_TRUE(cqes[0].flags & URING_CQE_F_MORE) << i;
    int bid = uring_cqe_buffer_id(&cqes[0]);
    ASSERT_GE(bid, 0);
    ASSERT_LT(bid, 8);
    EXPECT_EQ(std::string(bufs[bid], (size_t)cqes[0].res), msgs[i]);
  }
  // End of file ends the multishot read: a last CQE without MORE.
  close(p[1]);
  auto cqes = Reap(r.get(), 1);
  ASSERT_EQ(cqes.size(), 1u);
  EXPECT_EQ(cqes[0].res, 0);
  EXPECT_FALSE(cqes[0].flags & URING_CQE_F_MORE);
  MarkExercised(URING_OP_READ_MULTISHOT);
  EXPECT_EQ(uring_buf_ring_teardown(r.get(), &pbr), 0);
  close(p[0]);
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

}  // namespace
}  // namespace uring_ops
