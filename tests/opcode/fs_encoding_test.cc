// The file and name helpers (uring/opcode/fs.h) against liburing 2.3 where it has them,
// against golden SQEs where it does not; and the direct-slot sentinel where liburing 2.3's
// encoding (also of accept and socket, net.h) no longer matches the kernel.
#include <fcntl.h>
#include <liburing.h>
#include <sys/socket.h>

#include <cstring>

#include "gtest/gtest.h"
#include "tests/opcode/encoding.h"
#include "tests/opcode/sqe_compare.h"
#include "uring/uring.h"

namespace {

using uring_test::Args;
using uring_test::Ptr;
using uring_test::Want;
using uring_test::kGarbage;
using uring_test::kUserData;

TEST(EncodingLiburing23, Fs) {
  Args a;
  const char *p1 = "/tmp/a";
  const char *p2 = "/tmp/b";
  SAME(URING_OP_OPENAT, uring_prep_openat(sqe, AT_FDCWD, p1, O_RDWR | O_CREAT, 0640),
       io_uring_prep_openat(sqe, AT_FDCWD, p1, O_RDWR | O_CREAT, 0640));
  SAME(URING_OP_OPENAT, uring_prep_openat_direct(sqe, 3, p1, O_RDONLY, 0, 7),
       io_uring_prep_openat_direct(sqe, 3, p1, O_RDONLY, 0, 7));
  SAME(URING_OP_OPENAT2, uring_prep_openat2(sqe, 3, p1, a.open_how()),
       io_uring_prep_openat2(sqe, 3, p1, a.open_how()));
  SAME(URING_OP_OPENAT2, uring_prep_openat2_direct(sqe, 3, p1, a.open_how(), 0),
       io_uring_prep_openat2_direct(sqe, 3, p1, a.open_how(), 0));
  SAME(URING_OP_CLOSE, uring_prep_close(sqe, 9), io_uring_prep_close(sqe, 9));
  SAME(URING_OP_CLOSE, uring_prep_close_direct(sqe, 12), io_uring_prep_close_direct(sqe, 12));
  SAME(URING_OP_STATX, uring_prep_statx(sqe, AT_FDCWD, p1, AT_SYMLINK_NOFOLLOW, 0x7ff, a.stx()),
       io_uring_prep_statx(sqe, AT_FDCWD, p1, AT_SYMLINK_NOFOLLOW, 0x7ff, a.stx()));
  SAME(URING_OP_RENAMEAT, uring_prep_renameat(sqe, 3, p1, 4, p2, 1),
       io_uring_prep_renameat(sqe, 3, p1, 4, p2, 1));
  SAME(URING_OP_RENAMEAT, uring_prep_rename(sqe, p1, p2), io_uring_prep_rename(sqe, p1, p2));
  SAME(URING_OP_UNLINKAT, uring_prep_unlinkat(sqe, 3, p1, AT_REMOVEDIR),
       io_uring_prep_unlinkat(sqe, 3, p1, AT_REMOVEDIR));
  SAME(URING_OP_UNLINKAT, uring_prep_unlink(sqe, p1, 0), io_uring_prep_unlink(sqe, p1, 0));
  SAME(URING_OP_MKDIRAT, uring_prep_mkdirat(sqe, 3, p1, 0755),
       io_uring_prep_mkdirat(sqe, 3, p1, 0755));
  SAME(URING_OP_MKDIRAT, uring_prep_mkdir(sqe, p1, 0700), io_uring_prep_mkdir(sqe, p1, 0700));
  SAME(URING_OP_SYMLINKAT, uring_prep_symlinkat(sqe, p1, 5, p2),
       io_uring_prep_symlinkat(sqe, p1, 5, p2));
  SAME(URING_OP_SYMLINKAT, uring_prep_symlink(sqe, p1, p2), io_uring_prep_symlink(sqe, p1, p2));
  SAME(URING_OP_LINKAT, uring_prep_linkat(sqe, 3, p1, 4, p2, AT_SYMLINK_FOLLOW),
       io_uring_prep_linkat(sqe, 3, p1, 4, p2, AT_SYMLINK_FOLLOW));
  SAME(URING_OP_LINKAT, uring_prep_link(sqe, p1, p2, 0), io_uring_prep_link(sqe, p1, p2, 0));
  SAME(URING_OP_FILES_UPDATE, uring_prep_files_update(sqe, a.fds, 4, 10),
       io_uring_prep_files_update(sqe, a.fds, 4, 10));
  // IORING_FILE_INDEX_ALLOC as the int offset both helpers take.
  SAME(URING_OP_FILES_UPDATE,
       uring_prep_files_update(sqe, a.fds, 2, static_cast<int>(URING_FILE_INDEX_ALLOC)),
       io_uring_prep_files_update(sqe, a.fds, 2, static_cast<int>(IORING_FILE_INDEX_ALLOC)));
}

// liburing 2.3 encodes a direct slot as file_index + 1 unconditionally, so
// IORING_FILE_INDEX_ALLOC (~0) wraps to 0, which the kernel reads as "not direct": the file
// would land in the process fd table. The kernel's prep handlers (io_openat_prep,
// io_accept_prep, io_socket_prep) take file_index == URING_FILE_INDEX_ALLOC as "allocate a
// slot", so ours keeps ALLOC there. Every other byte must still match.
template <typename Ours, typename Theirs>
void ExpectAllocDeviation(const char *what, Ours ours, Theirs theirs) {
  SCOPED_TRACE(what);
  struct uring_sqe mine;
  struct io_uring_sqe ref;
  std::memset(&mine, kGarbage, sizeof mine);
  std::memset(&ref, kGarbage, sizeof ref);
  ours(&mine);
  theirs(&ref);
  uring_sqe_set_data64(&mine, kUserData);
  io_uring_sqe_set_data64(&ref, kUserData);
  EXPECT_EQ(mine.file_index, URING_FILE_INDEX_ALLOC);
  ref.file_index = URING_FILE_INDEX_ALLOC;
  EXPECT_SQE_BYTES_EQ(&mine, &ref, sizeof mine);
}

#define ALLOC_DEVIATION(ours_call, theirs_call)              \
  ExpectAllocDeviation(                                      \
      #ours_call, [&](struct uring_sqe *sqe) { ours_call; }, \
      [&](struct io_uring_sqe *sqe) { theirs_call; })

TEST(EncodingLiburing23, DirectAllocKeepsTheAllocSentinel) {
  Args a;
  const char *p = "/tmp/a";
  ALLOC_DEVIATION(uring_prep_openat_direct(sqe, 3, p, 0, 0, URING_FILE_INDEX_ALLOC),
                  io_uring_prep_openat_direct(sqe, 3, p, 0, 0, IORING_FILE_INDEX_ALLOC));
  ALLOC_DEVIATION(uring_prep_openat2_direct(sqe, 3, p, a.open_how(), URING_FILE_INDEX_ALLOC),
                  io_uring_prep_openat2_direct(sqe, 3, p, a.open_how(), IORING_FILE_INDEX_ALLOC));
  ALLOC_DEVIATION(
      uring_prep_accept_direct(sqe, 3, a.sa(), &a.sslen, 0, URING_FILE_INDEX_ALLOC),
      io_uring_prep_accept_direct(sqe, 3, a.sa(), &a.sslen, 0, IORING_FILE_INDEX_ALLOC));
  ALLOC_DEVIATION(
      uring_prep_socket_direct(sqe, AF_INET, SOCK_STREAM, 0, URING_FILE_INDEX_ALLOC, 0),
      io_uring_prep_socket_direct(sqe, AF_INET, SOCK_STREAM, 0, IORING_FILE_INDEX_ALLOC, 0));
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

}  // namespace
