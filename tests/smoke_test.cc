// The quick-start path on the real kernel: a NOP and a file read through the ring.
#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "gtest/gtest.h"
#include "tests/support/kernel.h"
#include "uring/uring.h"

namespace {

TEST(Smoke, NopRoundTrip) {
  URING_SKIP_WITHOUT_KERNEL();
  struct uring ring;
  ASSERT_EQ(uring_init(&ring, 8, 0), 0);
  struct uring_sqe *sqe = uring_get_sqe(&ring);
  ASSERT_NE(sqe, nullptr);
  uring_prep_nop(sqe);
  uring_sqe_set_data64(sqe, 0x42);
  ASSERT_EQ(uring_submit_and_wait(&ring, 1), 1);
  struct uring_cqe *cqe = nullptr;
  ASSERT_EQ(uring_peek_cqe(&ring, &cqe), 0);
  EXPECT_EQ(cqe->user_data, 0x42u);
  EXPECT_EQ(cqe->res, 0);
  uring_cqe_seen(&ring, cqe);
  EXPECT_EQ(uring_peek_cqe(&ring, &cqe), -EAGAIN);
  uring_exit(&ring);
}

TEST(Smoke, ReadFile) {
  URING_SKIP_WITHOUT_KERNEL();
  char path[] = "/tmp/uring-smoke-XXXXXX";
  int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  const std::string text = "hello through the ring\n";
  ASSERT_EQ(write(fd, text.data(), text.size()), (ssize_t)text.size());
  unlink(path);

  struct uring ring;
  ASSERT_EQ(uring_init(&ring, 8, 0), 0);
  char buf[64] = {0};
  struct uring_sqe *sqe = uring_get_sqe(&ring);
  ASSERT_NE(sqe, nullptr);
  uring_prep_read(sqe, fd, buf, sizeof buf, 0);
  uring_sqe_set_data64(sqe, 7);
  ASSERT_EQ(uring_submit(&ring), 1);
  struct uring_cqe *cqe = nullptr;
  ASSERT_EQ(uring_wait_cqe(&ring, &cqe), 0);
  EXPECT_EQ(cqe->user_data, 7u);
  ASSERT_EQ(cqe->res, (int)text.size());
  EXPECT_EQ(std::string(buf, cqe->res), text);
  uring_cqe_seen(&ring, cqe);
  uring_exit(&ring);
  close(fd);
}

}  // namespace
