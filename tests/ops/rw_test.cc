// Reads, writes (plain, vectored, registered-buffer, multishot), sync, space and advice
// opcodes, splice and tee, and NOP.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cstring>
#include <string>

#include "tests/ops/ops_common.h"

namespace uring_ops {
namespace {

TEST(OpsRw, Nop) {
  OPS_REQUIRE_OP(URING_OP_NOP);
  Ring r;
  ASSERT_EQ(r.Init(), 0);
  for (uint64_t i = 1; i <= 3; i++) {
    struct uring_sqe *sqe = Sqe(r.get());
    ASSERT_NE(sqe, nullptr);
    uring_prep_nop(sqe);
    uring_sqe_set_data64(sqe, i);
  }
  auto cqes = Reap(r.get(), 3);
  ASSERT_EQ(cqes.size(), 3u);
  for (uint64_t i = 1; i <= 3; i++) {
    const struct uring_cqe *c = Find(cqes, i);
    ASSERT_NE(c, nullptr) << i;
    EXPECT_EQ(c->res, 0);
  }
  MarkExercised(URING_OP_NOP);
}

TEST(OpsRw, Nop128NeedsNewerKernel) {
  OPS_REQUIRE_OP(URING_OP_NOP128);
  // Runs only where the probe lists it (6.19): the 128-byte opcodes are valid only in the
  // double slots of a URING_SETUP_SQE_MIXED ring.
  Ring r;
  ASSERT_EQ(r.Init(8, URING_SETUP_SQE_MIXED), 0);
  struct uring_sqe *sqe = uring_get_sqe128(r.get());
  ASSERT_NE(sqe, nullptr);
  uring_prep_nop128(sqe);
  uring_sqe_set_data64(sqe, 5);
  struct uring_cqe c;
  ASSERT_TRUE(RunOne(r.get(), &c));
  EXPECT_EQ(c.user_data, 5u);
  EXPECT_EQ(c.res, 0);
  MarkExercised(URING_OP_NOP128);
}

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

TEST(OpsRw, FsyncAndSyncFileRange) {
  OPS_REQUIRE_OP(URING_OP_FSYNC);
  OPS_REQUIRE_OP(URING_OP_SYNC_FILE_RANGE);
  TempDir dir;
  std::string path = dir.File("sync");
  int fd = MakeFile(path, std::string(8192, 's'));
  ASSERT_GE(fd, 0);
  Ring r;
  ASSERT_EQ(r.Init(), 0);
  struct uring_sqe *sqe = Sqe(r.get());
  uring_prep_fsync(sqe, fd, 0);
  uring_sqe_set_data64(sqe, 1);
  sqe = Sqe(r.get());
  uring_prep_fsync(sqe, fd, URING_FSYNC_DATASYNC);
  uring_sqe_set_data64(sqe, 2);
  sqe = Sqe(r.get());
  // SYNC_FILE_RANGE_WAIT_BEFORE | WRITE | WAIT_AFTER (1 | 2 | 4): write out and wait.
  uring_prep_sync_file_range(sqe, fd, 4096, 0, 7);
  uring_sqe_set_data64(sqe, 3);
  sqe = Sqe(r.get());
  // An invalid flag must reach the kernel and be refused: proves the flags field is read.
  uring_prep_sync_file_range(sqe, fd, 4096, 0, 0x80);
  uring_sqe_set_data64(sqe, 4);
  sqe = Sqe(r.get());
  uring_prep_fsync(sqe, -1, 0);
  uring_sqe_set_data64(sqe, 5);
  auto cqes = Reap(r.get(), 5);
  ASSERT_EQ(cqes.size(), 5u);
  EXPECT_EQ(Find(cqes, 1)->res, 0);
  EXPECT_EQ(Find(cqes, 2)->res, 0);
  EXPECT_EQ(Find(cqes, 3)->res, 0);
  EXPECT_EQ(Find(cqes, 4)->res, -EINVAL);
  EXPECT_EQ(Find(cqes, 5)->res, -EBADF);
  EXPECT_EQ(ReadAll(path), std::string(8192, 's'));
  MarkExercised(URING_OP_FSYNC);
  MarkExercised(URING_OP_SYNC_FILE_RANGE);
  close(fd);
}

TEST(OpsRw, Fallocate) {
  OPS_REQUIRE_OP(URING_OP_FALLOCATE);
  TempDir dir;
  int fd = MakeFile(dir.File("space"), "0123456789");
  ASSERT_GE(fd, 0);
  Ring r;
  ASSERT_EQ(r.Init(), 0);
  struct uring_sqe *sqe = Sqe(r.get());
  // Mode 0 allocates and extends the file: its size and blocks show the effect.
  uring_prep_fallocate(sqe, fd, 0, 0, 1u << 20);
  struct uring_cqe c;
  ASSERT_TRUE(RunOne(r.get(), &c));
  if (c.res == -EOPNOTSUPP) {
    close(fd);
    MarkSkipped(URING_OP_FALLOCATE, "the test filesystem does not support fallocate");
    GTEST_SKIP() << "fallocate(2) not supported by the filesystem at " << dir.path;
  }
  ASSERT_EQ(c.res, 0);
  struct stat st;
  ASSERT_EQ(fstat(fd, &st), 0);
  EXPECT_EQ(st.st_size, 1 << 20);
  EXPECT_GE((long long)st.st_blocks * 512, 1LL << 20);
  MarkExercised(URING_OP_FALLOCATE);
  close(fd);
}

TEST(OpsRw, Ftruncate) {
  OPS_REQUIRE_OP(URING_OP_FTRUNCATE);
  TempDir dir;
  int fd = MakeFile(dir.File("space"), "0123456789");
  ASSERT_GE(fd, 0);
  Ring r;
  ASSERT_EQ(r.Init(), 0);
  struct uring_sqe *sqe = Sqe(r.get());
  uring_prep_ftruncate(sqe, fd, 5);
  struct uring_cqe c;
  ASSERT_TRUE(RunOne(r.get(), &c));
  ASSERT_EQ(c.res, 0);
  struct stat st;
  ASSERT_EQ(fstat(fd, &st), 0);
  EXPECT_EQ(st.st_size, 5);
  sqe = Sqe(r.get());
  // Past 4 GiB: the whole 64-bit length must reach the kernel.
  uring_prep_ftruncate(sqe, fd, (1ull << 32) + 3);
  ASSERT_TRUE(RunOne(r.get(), &c));
  ASSERT_EQ(c.res, 0);
  ASSERT_EQ(fstat(fd, &st), 0);
  EXPECT_EQ((unsigned long long)st.st_size, (1ull << 32) + 3);
  MarkExercised(URING_OP_FTRUNCATE);
  close(fd);
}

TEST(OpsRw, FadviseAndMadvise) {
  OPS_REQUIRE_OP(URING_OP_FADVISE);
  OPS_REQUIRE_OP(URING_OP_MADVISE);
  TempDir dir;
  std::string path = dir.File("advice");
  int fd = MakeFile(path, std::string(4096, 'f'));
  ASSERT_GE(fd, 0);
  Ring r;
  ASSERT_EQ(r.Init(), 0);
  struct uring_sqe *sqe = Sqe(r.get());
  uring_prep_fadvise(sqe, fd, 0, 4096, POSIX_FADV_DONTNEED);
  uring_sqe_set_data64(sqe, 1);
  sqe = Sqe(r.get());
  // An unknown advice value must be refused: proves the advice field is read.
  uring_prep_fadvise(sqe, fd, 0, 4096, 1000);
  uring_sqe_set_data64(sqe, 2);
  auto cqes = Reap(r.get(), 2);
  ASSERT_EQ(cqes.size(), 2u);
  EXPECT_EQ(Find(cqes, 1)->res, 0);
  EXPECT_EQ(Find(cqes, 2)->res, -EINVAL);
  EXPECT_EQ(ReadAll(path), std::string(4096, 'f'));
  MarkExercised(URING_OP_FADVISE);
  close(fd);

  // MADV_DONTNEED on private anonymous memory drops the pages: they read back as zeros.
  const size_t len = 2 * 4096;
  void *mem = mmap(nullptr, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(mem, MAP_FAILED);
  memset(mem, 0x5a, len);
  sqe = Sqe(r.get());
  uring_prep_madvise(sqe, mem, (uint32_t)len, MADV_DONTNEED);
  struct uring_cqe c;
  ASSERT_TRUE(RunOne(r.get(), &c));
  EXPECT_EQ(c.res, 0);
  EXPECT_EQ(((unsigned char *)mem)[0], 0);
  EXPECT_EQ(((unsigned char *)mem)[len - 1], 0);
  munmap(mem, len);
  MarkExercised(URING_OP_MADVISE);
}

TEST(OpsRw, SpliceAndTee) {
  OPS_REQUIRE_OP(URING_OP_SPLICE);
  OPS_REQUIRE_OP(URING_OP_TEE);
  TempDir dir;
  std::string src = dir.File("splice-src"), dst = dir.File("splice-dst");
  int in = MakeFile(src, "0123456789abcdef");
  int out = MakeFile(dst, "");
  ASSERT_GE(in, 0);
  ASSERT_GE(out, 0);
  int p1[2], p2[2];
  ASSERT_EQ(pipe(p1), 0);
  ASSERT_EQ(pipe(p2), 0);
  Ring r;
  ASSERT_EQ(r.Init(), 0);

  // File (from offset 4) into pipe 1.
  struct uring_sqe *sqe = Sqe(r.get());
  uring_prep_splice(sqe, in, 4, p1[1], -1, 6, 0);
  struct uring_cqe c;
  ASSERT_TRUE(RunOne(r.get(), &c));
  ASSERT_EQ(c.res, 6);

  // Tee copies pipe 1 into pipe 2 without consuming it.
  sqe = Sqe(r.get());
  uring_prep_tee(sqe, p1[0], p2[1], 6, 0);
  ASSERT_TRUE(RunOne(r.get(), &c));
  ASSERT_EQ(c.res, 6);
  char buf[16] = {0};
  ASSERT_EQ(read(p2[0], buf, sizeof buf), 6);
  EXPECT_EQ(std::string(buf, 6), "456789");
  MarkExercised(URING_OP_TEE);

  // Pipe 1 (still holding the bytes) into the file at offset 2.
  sqe = Sqe(r.get());
  uring_prep_splice(sqe, p1[0], -1, out, 2, 6, 0);
  ASSERT_TRUE(RunOne(r.get(), &c));
  ASSERT_EQ(c.res, 6);
  EXPECT_EQ(ReadAll(dst), std::string(2, '\0') + "456789");
  MarkExercised(URING_OP_SPLICE);
  close(in);
  close(out);
  for (int fd : {p1[0], p1[1], p2[0], p2[1]}) close(fd);
}

}  // namespace
}  // namespace uring_ops
