// The ASan pre-submit check: a submit whose SQEs name memory ASan knows is unaddressable
// stops with ASan's report before the kernel touches it; valid buffers pass. Runs where the
// suite is built with ASan (the asan and asan-ubsan configurations).
#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include "gtest/gtest.h"
#include "tests/support/kernel.h"
#include "uring/uring.h"

namespace {

#define SKIP_WITHOUT_ASAN_CHECKS()                                                     \
  do {                                                                                 \
    if (!uring_asan_checks_enabled())                                                  \
      GTEST_SKIP() << "built without AddressSanitizer: run with --config=asan-ubsan"; \
  } while (0)

// Submits one read of `len` bytes into `buf` from /dev/zero on a mock-free kernel ring.
int SubmitRead(void *buf, unsigned len) {
  struct uring ring;
  int ret = uring_init(&ring, 4, 0);
  if (ret < 0) return ret;
  int fd = open("/dev/zero", O_RDONLY);
  struct uring_sqe *sqe = uring_get_sqe(&ring);
  uring_prep_read(sqe, fd, buf, len, 0);
  ret = uring_submit_and_wait(&ring, 1);
  struct uring_cqe *cqe;
  if (ret == 1 && uring_peek_cqe(&ring, &cqe) == 0) ret = cqe->res;
  uring_exit(&ring);
  close(fd);
  return ret;
}

// A heap block that has been freed (the point of these tests); the volatile hop keeps the
// compiler's own use-after-free warning out of the way.
char *FreedBuffer(size_t n) {
  char *volatile p = static_cast<char *>(malloc(n));
  free(p);
  return p;
}

TEST(AsanCheckDeathTest, ReadIntoFreedBufferIsReported) {
  SKIP_WITHOUT_ASAN_CHECKS();
  URING_SKIP_WITHOUT_KERNEL();
  EXPECT_DEATH(
      {
        SubmitRead(FreedBuffer(64), 64);
      },
      "heap-use-after-free");
}

TEST(AsanCheckDeathTest, ReadPastTheEndOfABufferIsReported) {
  SKIP_WITHOUT_ASAN_CHECKS();
  URING_SKIP_WITHOUT_KERNEL();
  EXPECT_DEATH(
      {
        char *buf = static_cast<char *>(malloc(64));
        SubmitRead(buf, 65);  // one byte more than the allocation
        free(buf);
      },
      "heap-buffer-overflow");
}

// A readv whose one iovec points at freed memory.
void SubmitReadvIntoFreedBuffer() {
  struct uring ring;
  if (uring_init(&ring, 4, 0) < 0) abort();
  char *buf = FreedBuffer(32);
  struct uring_iovec iov;
  iov.iov_base = buf;
  iov.iov_len = 32;
  int fd = open("/dev/zero", O_RDONLY);
  uring_prep_readv(uring_get_sqe(&ring), fd, &iov, 1, 0);
  uring_submit(&ring);
}

TEST(AsanCheckDeathTest, IovecPointingAtFreedMemoryIsReported) {
  SKIP_WITHOUT_ASAN_CHECKS();
  URING_SKIP_WITHOUT_KERNEL();
  EXPECT_DEATH(SubmitReadvIntoFreedBuffer(), "heap-use-after-free");
}

TEST(AsanCheck, ValidBuffersPass) {
  SKIP_WITHOUT_ASAN_CHECKS();
  URING_SKIP_WITHOUT_KERNEL();
  char *buf = static_cast<char *>(malloc(64));
  memset(buf, 1, 64);
  EXPECT_EQ(SubmitRead(buf, 64), 64);
  EXPECT_EQ(buf[0], 0);
  free(buf);
  // A path for openat is checked up to its NUL.
  struct uring ring;
  ASSERT_EQ(uring_init(&ring, 4, 0), 0);
  uring_prep_openat(uring_get_sqe(&ring), AT_FDCWD, "/dev/null", O_RDONLY, 0);
  ASSERT_EQ(uring_submit_and_wait(&ring, 1), 1);
  struct uring_cqe *cqe;
  ASSERT_EQ(uring_peek_cqe(&ring, &cqe), 0);
  ASSERT_GE(cqe->res, 0);
  close(cqe->res);
  uring_cqe_seen(&ring, cqe);
  uring_exit(&ring);
}

// The inline calls' preconditions (cq.h, sq.h): checked in the sanitizer builds, where a
// violation names itself and aborts instead of handing out stale CQEs or reading NULL.
#if defined(URING_ASAN_CHECKS) && URING_ASAN_CHECKS
#define SKIP_WITHOUT_PRECONDITION_CHECKS() ((void)0)
#else
#define SKIP_WITHOUT_PRECONDITION_CHECKS() \
  GTEST_SKIP() << "built without URING_ASAN_CHECKS: run with --config=asan-ubsan"
#endif

TEST(PreconditionDeathTest, CqAdvancePastTheTail) {
  SKIP_WITHOUT_PRECONDITION_CHECKS();
  URING_SKIP_WITHOUT_KERNEL();
  struct uring ring;
  ASSERT_EQ(uring_init(&ring, 4, 0), 0);
  EXPECT_DEATH(uring_cq_advance(&ring, 1), "uring_cq_advance: past the CQ tail");
  uring_exit(&ring);
}

TEST(PreconditionDeathTest, CqeSeenWithNull) {
  SKIP_WITHOUT_PRECONDITION_CHECKS();
  URING_SKIP_WITHOUT_KERNEL();
  struct uring ring;
  ASSERT_EQ(uring_init(&ring, 4, 0), 0);
  EXPECT_DEATH(uring_cqe_seen(&ring, nullptr), "uring_cqe_seen: NULL cqe");
  uring_exit(&ring);
}

TEST(PreconditionDeathTest, PeekWithNullCqePointer) {
  SKIP_WITHOUT_PRECONDITION_CHECKS();
  URING_SKIP_WITHOUT_KERNEL();
  struct uring ring;
  ASSERT_EQ(uring_init(&ring, 4, 0), 0);
  EXPECT_DEATH((void)uring_peek_cqe(&ring, nullptr), "uring_peek_cqe: NULL ring or cqe_ptr");
  uring_exit(&ring);
}

TEST(PreconditionDeathTest, CqReadyOnAZeroedRing) {
  SKIP_WITHOUT_PRECONDITION_CHECKS();
  struct uring ring;
  memset(&ring, 0, sizeof ring);
  EXPECT_DEATH((void)uring_cq_ready(&ring), "uring_cq_ready: ring never set up");
}

}  // namespace
