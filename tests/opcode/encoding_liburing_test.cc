// Every uring_prep_<op> helper that liburing 2.3 (Debian 12's liburing-dev) also has,
// encoded side by side with io_uring_prep_<op> from the same arguments: all 64 bytes must
// match.
//
// Both SQEs start from the same garbage. liburing 2.3's prep helpers write every field
// except user_data (its io_uring_prep_rw leaves it alone; ours clears it), so user_data is
// set to the same value on both before the comparison.
//
// Where liburing 2.3's encoding no longer matches what the kernel reads, the test says so
// and checks our encoding against the kernel's field use instead (see DirectAlloc*).
#include <fcntl.h>
#include <liburing.h>
#include <poll.h>
#include <sys/socket.h>

#include <cstdint>
#include <cstring>

#include "gtest/gtest.h"
#include "tests/opcode/sqe_compare.h"
#include "uring/uring.h"

namespace {

using uring_test::kGarbage;

constexpr uint64_t kUserData = 0x0123456789abcdefull;
constexpr uint64_t kOffset = 0x1122334455667788ull;

// Fills one SQE with `ours` and one with `theirs`, both from garbage, and compares them.
// `op` guards against a test calling the wrong pair of helpers.
template <typename Ours, typename Theirs>
void ExpectSameEncoding(const char *what, unsigned op, Ours ours, Theirs theirs) {
  SCOPED_TRACE(what);
  struct uring_sqe mine;
  struct io_uring_sqe ref;
  static_assert(sizeof mine == sizeof ref, "both SQEs are 64 bytes");
  std::memset(&mine, kGarbage, sizeof mine);
  std::memset(&ref, kGarbage, sizeof ref);
  ours(&mine);
  theirs(&ref);
  uring_sqe_set_data64(&mine, kUserData);
  io_uring_sqe_set_data64(&ref, kUserData);
  EXPECT_EQ(mine.opcode, op);
  EXPECT_SQE_BYTES_EQ(&mine, &ref, sizeof mine);
}

// SAME(URING_OP_X, ours(sqe, ...), theirs(sqe, ...)): `sqe` names each side's entry.
#define SAME(op, ours_call, theirs_call)                           \
  ExpectSameEncoding(                                              \
      #ours_call, (op), [&](struct uring_sqe *sqe) { ours_call; }, \
      [&](struct io_uring_sqe *sqe) { theirs_call; })

// Buffers and objects whose addresses end up in the SQEs. Only addresses are compared.
struct Args {
  char buf[64] = {};
  struct iovec iov[3] = {};
  struct msghdr msg = {};
  struct sockaddr_storage ss = {};
  socklen_t sslen = sizeof ss;
  struct __kernel_timespec kts = {};
  int fds[4] = {};
  alignas(8) unsigned char how[24] = {};
  alignas(8) unsigned char statxbuf[256] = {};
  alignas(8) unsigned char ev[16] = {};
  struct sockaddr *sa() {
    return reinterpret_cast<struct sockaddr *>(&ss);
  }
  // Our timeout helpers take the same 16-byte object under our own name.
  const struct uring_timespec *ts() {
    return reinterpret_cast<const struct uring_timespec *>(&kts);
  }
  struct open_how *open_how() {
    return reinterpret_cast<struct open_how *>(how);
  }
  struct statx *stx() {
    return reinterpret_cast<struct statx *>(statxbuf);
  }
  struct epoll_event *epev() {
    return reinterpret_cast<struct epoll_event *>(ev);
  }
};

TEST(EncodingLiburing23, Base) {
  Args a;
  SAME(URING_OP_WRITEV, uring_prep_rw(URING_OP_WRITEV, sqe, 3, a.buf, 9, kOffset),
       io_uring_prep_rw(IORING_OP_WRITEV, sqe, 3, a.buf, 9, kOffset));
  SAME(URING_OP_NOP, uring_prep_nop(sqe), io_uring_prep_nop(sqe));
}

TEST(EncodingLiburing23, Rw) {
  Args a;
  SAME(URING_OP_READ, uring_prep_read(sqe, 7, a.buf, 33, kOffset),
       io_uring_prep_read(sqe, 7, a.buf, 33, kOffset));
  SAME(URING_OP_READ, uring_prep_read(sqe, 7, a.buf, 33, UINT64_MAX),
       io_uring_prep_read(sqe, 7, a.buf, 33, UINT64_MAX));
  SAME(URING_OP_WRITE, uring_prep_write(sqe, 8, a.buf, 12, 4096),
       io_uring_prep_write(sqe, 8, a.buf, 12, 4096));
  SAME(URING_OP_READV, uring_prep_readv(sqe, 7, a.iov, 3, kOffset),
       io_uring_prep_readv(sqe, 7, a.iov, 3, kOffset));
  SAME(URING_OP_WRITEV, uring_prep_writev(sqe, 7, a.iov, 2, 0),
       io_uring_prep_writev(sqe, 7, a.iov, 2, 0));
  // RWF_HIPRI | RWF_NOWAIT, RWF_DSYNC | RWF_APPEND
  SAME(URING_OP_READV, uring_prep_readv2(sqe, 7, a.iov, 3, 10, 0x9),
       io_uring_prep_readv2(sqe, 7, a.iov, 3, 10, 0x9));
  SAME(URING_OP_WRITEV, uring_prep_writev2(sqe, 7, a.iov, 3, 10, 0x12),
       io_uring_prep_writev2(sqe, 7, a.iov, 3, 10, 0x12));
  SAME(URING_OP_READ_FIXED, uring_prep_read_fixed(sqe, 5, a.buf, 16, kOffset, 513),
       io_uring_prep_read_fixed(sqe, 5, a.buf, 16, kOffset, 513));
  SAME(URING_OP_WRITE_FIXED, uring_prep_write_fixed(sqe, 5, a.buf, 16, 0, 2),
       io_uring_prep_write_fixed(sqe, 5, a.buf, 16, 0, 2));
}

TEST(EncodingLiburing23, Sync) {
  Args a;
  SAME(URING_OP_FSYNC, uring_prep_fsync(sqe, 4, 0), io_uring_prep_fsync(sqe, 4, 0));
  SAME(URING_OP_FSYNC, uring_prep_fsync(sqe, 4, URING_FSYNC_DATASYNC),
       io_uring_prep_fsync(sqe, 4, IORING_FSYNC_DATASYNC));
  SAME(URING_OP_SYNC_FILE_RANGE, uring_prep_sync_file_range(sqe, 4, 8192, kOffset, 7),
       io_uring_prep_sync_file_range(sqe, 4, 8192, kOffset, 7));
  SAME(URING_OP_FALLOCATE, uring_prep_fallocate(sqe, 4, 3, 4096, 0x100000000ull),
       io_uring_prep_fallocate(sqe, 4, 3, 4096, 0x100000000ll));
  // POSIX_FADV_DONTNEED
  SAME(URING_OP_FADVISE, uring_prep_fadvise(sqe, 4, kOffset, 65536, 4),
       io_uring_prep_fadvise(sqe, 4, kOffset, 65536, 4));
  // MADV_DONTNEED
  SAME(URING_OP_MADVISE, uring_prep_madvise(sqe, a.buf, 4096, 4),
       io_uring_prep_madvise(sqe, a.buf, 4096, 4));
}

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

TEST(EncodingLiburing23, Xattr) {
  char value[32];
  const char *name = "user.k";
  const char *path = "/tmp/x";
  SAME(URING_OP_SETXATTR, uring_prep_setxattr(sqe, name, value, path, 1, 5),
       io_uring_prep_setxattr(sqe, name, value, path, 1, 5));
  SAME(URING_OP_GETXATTR, uring_prep_getxattr(sqe, name, value, path, sizeof value),
       io_uring_prep_getxattr(sqe, name, value, path, sizeof value));
  SAME(URING_OP_FSETXATTR, uring_prep_fsetxattr(sqe, 6, name, value, 2, 5),
       io_uring_prep_fsetxattr(sqe, 6, name, value, 2, 5));
  SAME(URING_OP_FGETXATTR, uring_prep_fgetxattr(sqe, 6, name, value, sizeof value),
       io_uring_prep_fgetxattr(sqe, 6, name, value, sizeof value));
}

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

TEST(EncodingLiburing23, Poll) {
  Args a;
  SAME(URING_OP_POLL_ADD, uring_prep_poll_add(sqe, 3, POLLIN | POLLRDHUP),
       io_uring_prep_poll_add(sqe, 3, POLLIN | POLLRDHUP));
  // EPOLLEXCLUSIVE sits in the upper 16 bits of the 32-bit mask.
  SAME(URING_OP_POLL_ADD, uring_prep_poll_add(sqe, 3, 1u << 28),
       io_uring_prep_poll_add(sqe, 3, 1u << 28));
  SAME(URING_OP_POLL_ADD, uring_prep_poll_multishot(sqe, 3, POLLOUT),
       io_uring_prep_poll_multishot(sqe, 3, POLLOUT));
  SAME(URING_OP_POLL_REMOVE, uring_prep_poll_remove(sqe, kOffset),
       io_uring_prep_poll_remove(sqe, kOffset));
  SAME(URING_OP_POLL_REMOVE,
       uring_prep_poll_update(sqe, 11, 22, POLLIN,
                              URING_POLL_UPDATE_EVENTS | URING_POLL_UPDATE_USER_DATA),
       io_uring_prep_poll_update(sqe, 11, 22, POLLIN,
                                 IORING_POLL_UPDATE_EVENTS | IORING_POLL_UPDATE_USER_DATA));
  SAME(URING_OP_EPOLL_CTL, uring_prep_epoll_ctl(sqe, 5, 6, 1, a.epev()),
       io_uring_prep_epoll_ctl(sqe, 5, 6, 1, a.epev()));
  SAME(URING_OP_EPOLL_CTL, uring_prep_epoll_ctl(sqe, 5, 6, 2, nullptr),
       io_uring_prep_epoll_ctl(sqe, 5, 6, 2, nullptr));
}

TEST(EncodingLiburing23, Timeout) {
  Args a;
  SAME(URING_OP_TIMEOUT, uring_prep_timeout(sqe, a.ts(), 0, 0),
       io_uring_prep_timeout(sqe, &a.kts, 0, 0));
  SAME(URING_OP_TIMEOUT,
       uring_prep_timeout(sqe, a.ts(), 5, URING_TIMEOUT_ABS | URING_TIMEOUT_BOOTTIME),
       io_uring_prep_timeout(sqe, &a.kts, 5, IORING_TIMEOUT_ABS | IORING_TIMEOUT_BOOTTIME));
  // A repeating timeout is a plain timeout with URING_TIMEOUT_MULTISHOT (newer than
  // liburing 2.3's header, so its value is passed to both).
  SAME(URING_OP_TIMEOUT, uring_prep_timeout_multishot(sqe, a.ts(), 3, 0),
       io_uring_prep_timeout(sqe, &a.kts, 3, URING_TIMEOUT_MULTISHOT));
  SAME(URING_OP_TIMEOUT_REMOVE, uring_prep_timeout_remove(sqe, kOffset, 0),
       io_uring_prep_timeout_remove(sqe, kOffset, 0));
  SAME(URING_OP_TIMEOUT_REMOVE, uring_prep_timeout_update(sqe, a.ts(), 77, URING_TIMEOUT_ABS),
       io_uring_prep_timeout_update(sqe, &a.kts, 77, IORING_TIMEOUT_ABS));
  SAME(URING_OP_TIMEOUT_REMOVE,
       uring_prep_timeout_update(sqe, a.ts(), 77, URING_LINK_TIMEOUT_UPDATE),
       io_uring_prep_timeout_update(sqe, &a.kts, 77, IORING_LINK_TIMEOUT_UPDATE));
  SAME(URING_OP_LINK_TIMEOUT, uring_prep_link_timeout(sqe, a.ts(), 0),
       io_uring_prep_link_timeout(sqe, &a.kts, 0));
  SAME(URING_OP_LINK_TIMEOUT, uring_prep_link_timeout(sqe, a.ts(), URING_TIMEOUT_ETIME_SUCCESS),
       io_uring_prep_link_timeout(sqe, &a.kts, IORING_TIMEOUT_ETIME_SUCCESS));
}

// Every match mode of ASYNC_CANCEL. USERDATA and OP are newer than liburing 2.3's header;
// their values are passed to both sides.
TEST(EncodingLiburing23, Cancel) {
  int tag = 0;
  const unsigned modes[] = {
      0,
      URING_ASYNC_CANCEL_ALL,
      URING_ASYNC_CANCEL_ANY,
      URING_ASYNC_CANCEL_USERDATA,
      URING_ASYNC_CANCEL_USERDATA | URING_ASYNC_CANCEL_ALL,
      URING_ASYNC_CANCEL_OP,
      URING_ASYNC_CANCEL_OP | URING_ASYNC_CANCEL_ALL,
      URING_ASYNC_CANCEL_FD,
      URING_ASYNC_CANCEL_FD | URING_ASYNC_CANCEL_FD_FIXED,
  };
  for (unsigned m : modes) {
    SCOPED_TRACE(m);
    SAME(URING_OP_ASYNC_CANCEL, uring_prep_cancel64(sqe, kOffset, static_cast<int>(m)),
         io_uring_prep_cancel64(sqe, kOffset, static_cast<int>(m)));
    SAME(URING_OP_ASYNC_CANCEL, uring_prep_cancel(sqe, &tag, static_cast<int>(m)),
         io_uring_prep_cancel(sqe, &tag, static_cast<int>(m)));
    SAME(URING_OP_ASYNC_CANCEL, uring_prep_cancel_fd(sqe, 17, m),
         io_uring_prep_cancel_fd(sqe, 17, m));
  }
  // The FD flag comes from the helper itself.
  struct uring_sqe sqe;
  std::memset(&sqe, kGarbage, sizeof sqe);
  uring_prep_cancel_fd(&sqe, 17, URING_ASYNC_CANCEL_ALL);
  EXPECT_EQ(sqe.cancel_flags, URING_ASYNC_CANCEL_FD | URING_ASYNC_CANCEL_ALL);
  EXPECT_EQ(sqe.fd, 17);
}

TEST(EncodingLiburing23, BufferSpliceMsg) {
  Args a;
  SAME(URING_OP_PROVIDE_BUFFERS, uring_prep_provide_buffers(sqe, a.buf, 16, 4, 7, 100),
       io_uring_prep_provide_buffers(sqe, a.buf, 16, 4, 7, 100));
  SAME(URING_OP_REMOVE_BUFFERS, uring_prep_remove_buffers(sqe, 4, 7),
       io_uring_prep_remove_buffers(sqe, 4, 7));
  SAME(URING_OP_SPLICE, uring_prep_splice(sqe, 3, -1, 4, 4096, 65536, SPLICE_F_MOVE),
       io_uring_prep_splice(sqe, 3, -1, 4, 4096, 65536, SPLICE_F_MOVE));
  SAME(URING_OP_SPLICE, uring_prep_splice(sqe, 2, 512, 5, -1, 100, URING_SPLICE_F_FD_IN_FIXED),
       io_uring_prep_splice(sqe, 2, 512, 5, -1, 100, SPLICE_F_FD_IN_FIXED));
  SAME(URING_OP_TEE, uring_prep_tee(sqe, 3, 4, 1000, SPLICE_F_NONBLOCK),
       io_uring_prep_tee(sqe, 3, 4, 1000, SPLICE_F_NONBLOCK));
  SAME(URING_OP_MSG_RING, uring_prep_msg_ring(sqe, 9, 123, kOffset, 0),
       io_uring_prep_msg_ring(sqe, 9, 123, kOffset, 0));
  SAME(URING_OP_MSG_RING, uring_prep_msg_ring(sqe, 9, 0, 1, URING_MSG_RING_CQE_SKIP),
       io_uring_prep_msg_ring(sqe, 9, 0, 1, IORING_MSG_RING_CQE_SKIP));
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

}  // namespace
