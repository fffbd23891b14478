// What the liburing-API test programs share. Each program is built twice (BUILD): against
// Debian's liburing 2.3 and against uring's compatibility header (URING_COMPAT_TEST), with
// the same expectations; this header picks the API and holds the helpers both builds use.
#ifndef URING_TESTS_COMPAT_API_H
#define URING_TESTS_COMPAT_API_H

#ifdef URING_COMPAT_TEST
#include "uring/compat/liburing.h"
#else
#include <liburing.h>
#endif

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gtest/gtest.h"

// Newer than liburing 2.3's copy of the kernel header.
#ifndef IORING_SETUP_NO_SQARRAY
#define IORING_SETUP_NO_SQARRAY (1U << 16)
#endif

// Whether the API compiled against is liburing major.minor or newer, in #if: what a call
// needs (liburing.map's version of it) decides whether a program tests it. 2.3 has no
// version macros (2.4 added them); the compat layer says 2.15.
#ifdef IO_URING_VERSION_MAJOR
#define LIBURING_HAS(major, minor) (!IO_URING_CHECK_VERSION(major, minor))
#else
#define LIBURING_HAS(major, minor) ((major) < 2 || ((major) == 2 && (minor) <= 3))
#endif

namespace compat_test {

// The liburing minor release compiled against.
#ifdef IO_URING_VERSION_MAJOR
constexpr int kMinor = IO_URING_VERSION_MINOR;
#else
constexpr int kMinor = 3;
#endif

// A ring set up with io_uring_queue_init, torn down at scope exit.
class Ring {
 public:
  explicit Ring(unsigned entries = 8, unsigned flags = 0) {
    ret_ = io_uring_queue_init(entries, &ring_, flags);
  }
  ~Ring() {
    if (ret_ == 0) io_uring_queue_exit(&ring_);
  }
  Ring(const Ring &) = delete;
  Ring &operator=(const Ring &) = delete;
  int ret() const { return ret_; }
  struct io_uring *get() { return &ring_; }

 private:
  struct io_uring ring_;
  int ret_;
};

// One CQE, waited for and consumed: {user_data, res, flags}.
struct Done {
  __u64 user_data;
  int res;
  unsigned flags;
};
inline Done Reap(struct io_uring *ring) {
  struct io_uring_cqe *cqe = nullptr;
  int ret = io_uring_wait_cqe(ring, &cqe);
  EXPECT_EQ(ret, 0);
  if (ret != 0 || cqe == nullptr) return {~0ull, ret, 0};
  Done d{io_uring_cqe_get_data64(cqe), cqe->res, cqe->flags};
  io_uring_cqe_seen(ring, cqe);
  return d;
}

// A temporary file, already unlinked, or -1.
inline int TempFile() {
  char path[] = "/tmp/uring-compat-XXXXXX";
  int fd = mkstemp(path);
  if (fd >= 0) unlink(path);
  return fd;
}

// Whether the kernel takes this setup flag (its own answer).
inline bool KernelTakesSetupFlag(unsigned flag) {
  struct io_uring ring;
  struct io_uring_params p;
  memset(&p, 0, sizeof p);
  p.flags = flag;
  if (io_uring_queue_init_params(2, &ring, &p) != 0) return false;
  io_uring_queue_exit(&ring);
  return true;
}

// Queues a NOP with user_data `ud`; false when the SQ is full.
inline bool QueueNop(struct io_uring *ring, __u64 ud) {
  struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
  if (!sqe) return false;
  io_uring_prep_nop(sqe);
  io_uring_sqe_set_data64(sqe, ud);
  return true;
}

}  // namespace compat_test

#endif  // URING_TESTS_COMPAT_API_H
