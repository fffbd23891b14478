// The kernel's <linux/io_uring.h> and uring/uring.h in one translation unit: every name of
// ours is prefixed uring_/URING_, so nothing clashes, and both can describe the same SQE.
#include <linux/io_uring.h>

#include <cstring>

#include "gtest/gtest.h"
#include "uring/uring.h"

namespace {

static_assert(sizeof(struct uring_sqe) == sizeof(struct io_uring_sqe), "same SQE size");
static_assert(sizeof(struct uring_cqe) == sizeof(struct io_uring_cqe), "same CQE size");
static_assert(sizeof(struct uring_params) == sizeof(struct io_uring_params),
              "same setup parameter block");

TEST(CoexistLinux, OurPrepFillsWhatTheKernelHeaderReads) {
  struct uring_sqe ours;
  struct io_uring_sqe theirs;
  char buf[5] = "data";
  std::memset(&ours, 0xa5, sizeof ours);
  uring_prep_write(&ours, 7, buf, 4, 12);
  uring_sqe_set_data64(&ours, 0x1122334455667788ull);
  std::memcpy(&theirs, &ours, sizeof theirs);

  EXPECT_EQ(theirs.opcode, IORING_OP_WRITE);
  EXPECT_EQ(theirs.fd, 7);
  EXPECT_EQ(theirs.addr, reinterpret_cast<uintptr_t>(buf));
  EXPECT_EQ(theirs.len, 4u);
  EXPECT_EQ(theirs.off, 12u);
  EXPECT_EQ(theirs.user_data, 0x1122334455667788ull);
  EXPECT_EQ(theirs.flags, 0u);
  EXPECT_EQ(theirs.rw_flags, 0);
}

TEST(CoexistLinux, ConstantsAgreeWhereBothAreVisible) {
  EXPECT_EQ(URING_OP_NOP, static_cast<unsigned>(IORING_OP_NOP));
  EXPECT_EQ(URING_SETUP_SQPOLL, static_cast<unsigned>(IORING_SETUP_SQPOLL));
  EXPECT_EQ(URING_ENTER_GETEVENTS, static_cast<unsigned>(IORING_ENTER_GETEVENTS));
  EXPECT_EQ(URING_FEAT_NODROP, static_cast<unsigned>(IORING_FEAT_NODROP));
}

}  // namespace
