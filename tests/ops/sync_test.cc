// Sync, space and advice opcodes on the kernel (uring/opcode/sync.h): fsync,
// sync_file_range, fallocate, ftruncate, fadvise and madvise, with 64-bit advice lengths.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <string>

#include "tests/ops/ops_common.h"

namespace uring_ops {
namespace {

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
