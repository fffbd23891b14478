// Files and names on the kernel (uring/opcode/fs.h): open, close, statx, rename, unlink,
// mkdir, symlink, link, the registered file table (files_update, fixed_fd_install), pipe,
// and the direct-descriptor forms of open, close, socket and pipe.
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <string>

#include "tests/ops/ops_common.h"

namespace uring_ops {
namespace {

bool FdOpen(int fd) { return fcntl(fd, F_GETFD) != -1; }

// The permission bits a create with `mode` yields under the process umask.
unsigned Masked(unsigned mode) {
  mode_t um = umask(0);
  umask(um);
  return mode & ~(unsigned)um;
}

TEST(OpsFs, OpenatAndClose) {
  OPS_REQUIRE_OP(URING_OP_OPENAT);
  OPS_REQUIRE_OP(URING_OP_CLOSE);
  TempDir dir;
  int dfd = open(dir.path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  ASSERT_GE(dfd, 0);
  Ring r;
  ASSERT_EQ(r.Init(), 0);
  struct uring_sqe *sqe = Sqe(r.get());
  uring_prep_openat(sqe, dfd, "created", O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0640);
  struct uring_cqe c;
  ASSERT_TRUE(RunOne(r.get(), &c));
  ASSERT_GE(c.res, 0);
  int fd = c.res;
  struct stat st;
  ASSERT_EQ(fstat(fd, &st), 0);
  EXPECT_TRUE(S_ISREG(st.st_mode));
  EXPECT_EQ(st.st_mode & 0777, Masked(0640));
  EXPECT_TRUE(fcntl(fd, F_GETFD) & FD_CLOEXEC);
  ASSERT_EQ(write(fd, "x", 1), 1);
  EXPECT_EQ(ReadAll(dir.File("created")), "x");
  // O_EXCL on an existing name: the flags reached the kernel.
  sqe = Sqe(r.get());
  uring_prep_openat(sqe, dfd, "created", O_CREAT | O_EXCL | O_WRONLY, 0640);
  ASSERT_TRUE(RunOne(r.get(), &c));
  EXPECT_EQ(c.res, -EEXIST);
  MarkExercised(URING_OP_OPENAT);

  sqe = Sqe(r.get());
  uring_prep_close(sqe, fd);
  ASSERT_TRUE(RunOne(r.get(), &c));
  EXPECT_EQ(c.res, 0);
  EXPECT_FALSE(FdOpen(fd));
  sqe = Sqe(r.get());
  uring_prep_close(sqe, fd);
  ASSERT_TRUE(RunOne(r.get(), &c));
  EXPECT_EQ(c.res, -EBADF);
  MarkExercised(URING_OP_CLOSE);
  close(dfd);
}

TEST(OpsFs, Openat2) {
  OPS_REQUIRE_OP(URING_OP_OPENAT2);
  TempDir dir;
  int dfd = open(dir.path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  ASSERT_GE(dfd, 0);
  int f = MakeFile(dir.File("target"), "via openat2");
  ASSERT_GE(f, 0);
  close(f);
  ASSERT_EQ(symlink("/etc/hostname", dir.File("escape").c_str()), 0);
  Ring r;
  ASSERT_EQ(r.Init(), 0);
  struct open_how how;
  memset(&how, 0, sizeof how);
  how.flags = O_RDONLY | O_CLOEXEC;
  how.resolve = RESOLVE_BENEATH;
  struct uring_sqe *sqe = Sqe(r.get());
  uring_prep_openat2(sqe, dfd, "target", &how);
  struct uring_cqe c;
  ASSERT_TRUE(RunOne(r.get(), &c));
  ASSERT_GE(c.res, 0);
  char buf[32] = {0};
  EXPECT_EQ(read(c.res, buf, sizeof buf), 11);
  EXPECT_STREQ(buf, "via openat2");
  close(c.res);
  // RESOLVE_BENEATH refuses a symlink leaving the directory: the how struct was read.
  sqe = Sqe(r.get());
  uring_prep_openat2(sqe, dfd, "escape", &how);
  ASSERT_TRUE(RunOne(r.get(), &c));
  EXPECT_EQ(c.res, -EXDEV);
  MarkExercised(URING_OP_OPENAT2);
  close(dfd);
}

TEST(OpsFs, StatxMatchesFstat) {
  OPS_REQUIRE_OP(URING_OP_STATX);
  TempDir dir;
  int fd = MakeFile(dir.File("st"), std::string(12345, 'q'));
  ASSERT_GE(fd, 0);
  struct stat st;
  ASSERT_EQ(fstat(fd, &st), 0);
  Ring r;
  ASSERT_EQ(r.Init(), 0);
  struct statx sx;
  memset(&sx, 0xff, sizeof sx);
  struct uring_sqe *sqe = Sqe(r.get());
  // The kernel reads the path during the submit: it must outlive this statement.
  const std::string path = dir.File("st");
  uring_prep_statx(sqe, URING_AT_FDCWD, path.c_str(), 0, STATX_BASIC_STATS, &sx);
  struct uring_cqe c;
  ASSERT_TRUE(RunOne(r.get(), &c));
  ASSERT_EQ(c.res, 0);
  EXPECT_EQ(sx.stx_size, (uint64_t)st.st_size);
  EXPECT_EQ(sx.stx_ino, (uint64_t)st.st_ino);
  EXPECT_EQ(sx.stx_mode, st.st_mode);
  EXPECT_EQ(sx.stx_nlink, st.st_nlink);
  EXPECT_EQ(sx.stx_uid, st.st_uid);
  EXPECT_EQ(sx.stx_blocks, (uint64_t)st.st_blocks);
  EXPECT_EQ(sx.stx_mask & STATX_BASIC_STATS, (unsigned)STATX_BASIC_STATS);
  // AT_EMPTY_PATH with the fd: the flags field is read.
  memset(&sx, 0, sizeof sx);
  sqe = Sqe(r.get());
  uring_prep_statx(sqe, fd, "", AT_EMPTY_PATH, STATX_SIZE, &sx);
  ASSERT_TRUE(RunOne(r.get(), &c));
  ASSERT_EQ(c.res, 0);
  EXPECT_EQ(sx.stx_size, 12345u);
  MarkExercised(URING_OP_STATX);
  close(fd);
}

// A fresh directory and an O_DIRECTORY fd on it, closed at scope exit.
struct DirFd {
  TempDir dir;
  int fd = -1;
  DirFd() { fd = open(dir.path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); }
  ~DirFd() {
    if (fd >= 0) close(fd);
  }
};

TEST(OpsFs, Mkdirat) {
  OPS_REQUIRE_OP(URING_OP_MKDIRAT);
  DirFd d;
  ASSERT_GE(d.fd, 0);
  Ring r;
  ASSERT_EQ(r.Init(), 0);
  struct uring_cqe c;
  struct uring_sqe *sqe = Sqe(r.get());
  uring_prep_mkdirat(sqe, d.fd, "sub", 0710);
  ASSERT_TRUE(RunOne(r.get(), &c));
  ASSERT_EQ(c.res, 0);
  struct stat st;
  ASSERT_EQ(stat(d.dir.File("sub").c_str(), &st), 0);
  EXPECT_TRUE(S_ISDIR(st.st_mode));
  EXPECT_EQ(st.st_mode & 0777, Masked(0710));
  // An existing name is refused.
  sqe = Sqe(r.get());
  uring_prep_mkdirat(sqe, d.fd, "sub", 0700);
  ASSERT_TRUE(RunOne(r.get(), &c));
  EXPECT_EQ(c.res, -EEXIST);
  MarkExercised(URING_OP_MKDIRAT);
}

bool Exists(const std::string &path) {
  struct stat st;
  return lstat(path.c_str(), &st) == 0;
}

TEST(OpsFs, RenameatAndUnlinkat) {
  OPS_REQUIRE_OP(URING_OP_RENAMEAT);
  OPS_REQUIRE_OP(URING_OP_UNLINKAT);
  DirFd d;
  ASSERT_GE(d.fd, 0);
  const TempDir &dir = d.dir;
  ASSERT_EQ(mkdir(dir.File("sub").c_str(), 0700), 0);
  Ring r;
  ASSERT_EQ(r.Init(), 0);
  struct uring_cqe c;

  int f = MakeFile(dir.File("a"), "payload");
  ASSERT_GE(f, 0);
  close(f);
  struct uring_sqe *sqe = Sqe(r.get());
  uring_prep_renameat(sqe, d.fd, "a", d.fd, "sub/b", 0);
  ASSERT_TRUE(RunOne(r.get(), &c));
  ASSERT_EQ(c.res, 0);
  EXPECT_FALSE(Exists(dir.File("a")));
  EXPECT_EQ(ReadAll(dir.File("sub/b")), "payload");
  // RENAME_NOREPLACE (1) onto an existing name: the flags reached the kernel.
  f = MakeFile(dir.File("c"), "other");
  ASSERT_GE(f, 0);
  close(f);
  sqe = Sqe(r.get());
  uring_prep_renameat(sqe, d.fd, "c", d.fd, "sub/b", 1);
  ASSERT_TRUE(RunOne(r.get(), &c));
  EXPECT_EQ(c.res, -EEXIST);
  EXPECT_EQ(ReadAll(dir.File("sub/b")), "payload");
  MarkExercised(URING_OP_RENAMEAT);

  sqe = Sqe(r.get());
  uring_prep_unlinkat(sqe, d.fd, "c", 0);
  ASSERT_TRUE(RunOne(r.get(), &c));
  ASSERT_EQ(c.res, 0);
  EXPECT_FALSE(Exists(dir.File("c")));
  // A directory needs AT_REMOVEDIR: without it -EISDIR, with it (once empty) 0.
  sqe = Sqe(r.get());
  uring_prep_unlinkat(sqe, d.fd, "sub", 0);
  ASSERT_TRUE(RunOne(r.get(), &c));
  EXPECT_EQ(c.res, -EISDIR);
  ASSERT_EQ(unlink(dir.File("sub/b").c_str()), 0);
  sqe = Sqe(r.get());
  uring_prep_unlinkat(sqe, d.fd, "sub", AT_REMOVEDIR);
  ASSERT_TRUE(RunOne(r.get(), &c));
  EXPECT_EQ(c.res, 0);
  EXPECT_FALSE(Exists(dir.File("sub")));
  MarkExercised(URING_OP_UNLINKAT);
}

TEST(OpsFs, SymlinkatAndLinkat) {
  OPS_REQUIRE_OP(URING_OP_SYMLINKAT);
  OPS_REQUIRE_OP(URING_OP_LINKAT);
  DirFd d;
  ASSERT_GE(d.fd, 0);
  const TempDir &dir = d.dir;
  ASSERT_EQ(mkdir(dir.File("sub").c_str(), 0700), 0);
  int f = MakeFile(dir.File("sub/b"), "payload");
  ASSERT_GE(f, 0);
  close(f);
  Ring r;
  ASSERT_EQ(r.Init(), 0);
  struct uring_cqe c;

  struct uring_sqe *sqe = Sqe(r.get());
  uring_prep_symlinkat(sqe, "sub/b", d.fd, "link");
  ASSERT_TRUE(RunOne(r.get(), &c));
  ASSERT_EQ(c.res, 0);
  char target[64] = {0};
  ASSERT_EQ(readlink(dir.File("link").c_str(), target, sizeof target - 1), 5);
  EXPECT_STREQ(target, "sub/b");
  EXPECT_EQ(ReadAll(dir.File("link")), "payload");
  MarkExercised(URING_OP_SYMLINKAT);

  sqe = Sqe(r.get());
  uring_prep_linkat(sqe, d.fd, "sub/b", d.fd, "hard", 0);
  ASSERT_TRUE(RunOne(r.get(), &c));
  ASSERT_EQ(c.res, 0);
  struct stat s1, s2;
  ASSERT_EQ(stat(dir.File("sub/b").c_str(), &s1), 0);
  ASSERT_EQ(stat(dir.File("hard").c_str(), &s2), 0);
  EXPECT_EQ(s1.st_ino, s2.st_ino);
  EXPECT_EQ(s1.st_nlink, 2u);
  // AT_SYMLINK_FOLLOW links the symlink's target, not the symlink itself.
  sqe = Sqe(r.get());
  uring_prep_linkat(sqe, d.fd, "link", d.fd, "hard2", AT_SYMLINK_FOLLOW);
  ASSERT_TRUE(RunOne(r.get(), &c));
  ASSERT_EQ(c.res, 0);
  struct stat s3;
  ASSERT_EQ(lstat(dir.File("hard2").c_str(), &s3), 0);
  EXPECT_EQ(s3.st_ino, s1.st_ino);
  MarkExercised(URING_OP_LINKAT);
}

TEST(OpsFs, FilesUpdate) {
  OPS_REQUIRE_OP(URING_OP_FILES_UPDATE);
  TempDir dir;
  int fd = MakeFile(dir.File("reg"), "registered");
  ASSERT_GE(fd, 0);
  Ring r;
  ASSERT_EQ(r.Init(), 0);
  // A table of -1 entries (5.5) rather than a sparse registration (5.19).
  int empty[4] = {-1, -1, -1, -1};
  ASSERT_EQ(uring_register_files(r.get(), empty, 4), 0);

  int fds[1] = {fd};
  struct uring_sqe *sqe = Sqe(r.get());
  uring_prep_files_update(sqe, fds, 1, 2);
  struct uring_cqe c;
  ASSERT_TRUE(RunOne(r.get(), &c));
  ASSERT_EQ(c.res, 1);
  // Slot 2 now reads the file.
  char buf[16] = {0};
  sqe = Sqe(r.get());
  uring_prep_read(sqe, 2, buf, sizeof buf, 0);
  uring_sqe_set_flags(sqe, URING_SQE_FIXED_FILE);
  ASSERT_TRUE(RunOne(r.get(), &c));
  ASSERT_EQ(c.res, 10);
  EXPECT_EQ(std::string(buf, 10), "registered");

  // -1 empties slot 2 again: reads through it then fail.
  fds[0] = -1;
  sqe = Sqe(r.get());
  uring_prep_files_update(sqe, fds, 1, 2);
  ASSERT_TRUE(RunOne(r.get(), &c));
  ASSERT_EQ(c.res, 1);
  sqe = Sqe(r.get());
  uring_prep_read(sqe, 2, buf, sizeof buf, 0);
  uring_sqe_set_flags(sqe, URING_SQE_FIXED_FILE);
  ASSERT_TRUE(RunOne(r.get(), &c));
  EXPECT_EQ(c.res, -EBADF);
  MarkExercised(URING_OP_FILES_UPDATE);
  close(fd);
}

TEST(OpsFs, FixedFdInstall) {
  OPS_REQUIRE_OP(URING_OP_FIXED_FD_INSTALL);
  TempDir dir;
  int fd = MakeFile(dir.File("reg"), "registered");
  ASSERT_GE(fd, 0);
  Ring r;
  ASSERT_EQ(r.Init(), 0);
  int table[4] = {-1, -1, fd, -1};
  ASSERT_EQ(uring_register_files(r.get(), table, 4), 0);
  struct uring_cqe c;

  // FIXED_FD_INSTALL turns slot 2 into a new process fd onto the same file.
  struct uring_sqe *sqe = Sqe(r.get());
  uring_prep_fixed_fd_install(sqe, 2, 0);
  ASSERT_TRUE(RunOne(r.get(), &c));
  ASSERT_GE(c.res, 0);
  int installed = c.res;
  EXPECT_NE(installed, fd);
  EXPECT_TRUE(fcntl(installed, F_GETFD) & FD_CLOEXEC);
  struct stat a, b;
  ASSERT_EQ(fstat(installed, &a), 0);
  ASSERT_EQ(fstat(fd, &b), 0);
  EXPECT_EQ(a.st_ino, b.st_ino);
  char buf[16] = {0};
  EXPECT_EQ(pread(installed, buf, 4, 3), 4);
  EXPECT_EQ(std::string(buf, 4), "iste");
  close(installed);
  sqe = Sqe(r.get());
  uring_prep_fixed_fd_install(sqe, 2, URING_FIXED_FD_NO_CLOEXEC);
  ASSERT_TRUE(RunOne(r.get(), &c));
  ASSERT_GE(c.res, 0);
  EXPECT_FALSE(fcntl(c.res, F_GETFD) & FD_CLOEXEC);
  close(c.res);
  // An empty slot has nothing to install.
  sqe = Sqe(r.get());
  uring_prep_fixed_fd_install(sqe, 1, 0);
  ASSERT_TRUE(RunOne(r.get(), &c));
  EXPECT_EQ(c.res, -EBADF);
  MarkExercised(URING_OP_FIXED_FD_INSTALL);
  close(fd);
}

TEST(OpsFs, Pipe) {
  OPS_REQUIRE_OP(URING_OP_PIPE);
  Ring r;
  ASSERT_EQ(r.Init(), 0);
  int fds[2] = {-1, -1};
  struct uring_sqe *sqe = Sqe(r.get());
  uring_prep_pipe(sqe, fds, O_CLOEXEC);
  struct uring_cqe c;
  ASSERT_TRUE(RunOne(r.get(), &c));
  ASSERT_EQ(c.res, 0);
  ASSERT_GE(fds[0], 0);
  ASSERT_GE(fds[1], 0);
  EXPECT_TRUE(fcntl(fds[0], F_GETFD) & FD_CLOEXEC);
  ASSERT_EQ(write(fds[1], "pipe", 4), 4);
  char buf[8] = {0};
  ASSERT_EQ(read(fds[0], buf, sizeof buf), 4);
  EXPECT_STREQ(buf, "pipe");
  close(fds[0]);
  close(fds[1]);

  // O_NONBLOCK travels in pipe_flags: an empty read end then says EAGAIN.
  sqe = Sqe(r.get());
  uring_prep_pipe(sqe, fds, O_NONBLOCK | O_CLOEXEC);
  ASSERT_TRUE(RunOne(r.get(), &c));
  ASSERT_EQ(c.res, 0);
  EXPECT_EQ(read(fds[0], buf, sizeof buf), -1);
  EXPECT_EQ(errno, EAGAIN);
  close(fds[0]);
  close(fds[1]);
  MarkExercised(URING_OP_PIPE);
}

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

}  // namespace
}  // namespace uring_ops
