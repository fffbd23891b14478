// liburing's <liburing.h> and uring/uring.h in one translation unit: every name of ours is
// prefixed uring_/URING_, so nothing clashes, and a program can use both side by side.
#include <liburing.h>

#include <cstring>

#include "gtest/gtest.h"
#include "uring/uring.h"

namespace {

TEST(CoexistLiburing, SamePrepHelperSameBytes) {
  struct uring_sqe ours;
  struct io_uring_sqe theirs;
  char buf[5] = "data";
  // Different fill bytes: a field either side leaves unwritten shows up as a mismatch.
  std::memset(&ours, 0xa5, sizeof ours);
  std::memset(&theirs, 0x5a, sizeof theirs);
  uring_prep_write(&ours, 7, buf, 4, 12);
  uring_sqe_set_data64(&ours, 42);
  io_uring_prep_write(&theirs, 7, buf, 4, 12);
  io_uring_sqe_set_data64(&theirs, 42);

  ASSERT_EQ(sizeof ours, sizeof theirs);
  EXPECT_EQ(std::memcmp(&ours, &theirs, sizeof ours), 0);
}

TEST(CoexistLiburing, BothRingStructsInOneFunction) {
  struct uring ours;
  struct io_uring theirs;
  // Distinct types with distinct names; nothing more to check than that this compiles and
  // the sizes are the library's own.
  EXPECT_GT(sizeof ours, 0u);
  EXPECT_GT(sizeof theirs, 0u);
  EXPECT_EQ(URING_OP_WRITE, static_cast<unsigned>(IORING_OP_WRITE));
}

}  // namespace
