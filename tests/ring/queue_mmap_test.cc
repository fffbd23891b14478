// uring_queue_mmap: a ring the program set up with io_uring_setup(2) itself (for settings
// uring_init does not take, or a descriptor from elsewhere), mapped and used through uring.
// Real kernel only: the descriptor is the kernel's.
#include <fcntl.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "gtest/gtest.h"
#include "tests/support/kernel.h"
#include "uring/sys/syscall.h"
#include "uring/uring.h"

namespace {

using uring_test::CountRingFds;
using uring_test::CountRingMappings;

bool FdOpen(int fd) { return fcntl(fd, F_GETFD) != -1; }

class QueueMmap : public ::testing::Test {
 protected:
  void SetUp() override {
    URING_SKIP_WITHOUT_KERNEL();
    memset(&ring_, 0, sizeof ring_);
    memset(&p_, 0, sizeof p_);
    mappings_ = CountRingMappings();
  }
  void TearDown() override {
    if (fd_ >= 0 && FdOpen(fd_)) close(fd_);
    EXPECT_EQ(CountRingMappings(), mappings_) << "a mapping left behind";
  }
  // The raw setup: what a program that bypasses uring_init does.
  void RawSetup(unsigned entries, unsigned flags) {
    p_.flags = flags;
    fd_ = uring_sys_io_uring_setup(entries, &p_);
    ASSERT_GE(fd_, 0) << strerror(-fd_);
  }
  void NopRoundTrip(uint64_t ud) {
    struct uring_sqe *sqe = uring_get_sqe(&ring_);
    ASSERT_NE(sqe, nullptr);
    uring_prep_nop(sqe);
    uring_sqe_set_data64(sqe, ud);
    ASSERT_EQ(uring_submit_and_wait(&ring_, 1), 1);
    struct uring_cqe *cqe;
    ASSERT_EQ(uring_peek_cqe(&ring_, &cqe), 0);
    EXPECT_EQ(cqe->user_data, ud);
    EXPECT_EQ(cqe->res, 0);
    uring_cqe_seen(&ring_, cqe);
  }

  struct uring ring_;
  struct uring_params p_;
  int fd_ = -1;
  int mappings_ = 0;
};

// The ring works as one from uring_init_params, and takes the fd over: uring_exit closes it.
TEST_F(QueueMmap, MapsAndOwnsTheRing) {
  RawSetup(8, 0);
  ASSERT_EQ(uring_queue_mmap(fd_, &p_, &ring_), 0);
  EXPECT_EQ(ring_.ring_fd, fd_);
  EXPECT_EQ(ring_.flags, p_.flags);
  EXPECT_EQ(ring_.features, p_.features);
  EXPECT_EQ(ring_.sq.ring_entries, p_.sq_entries);
  EXPECT_EQ(ring_.cq.ring_entries, p_.cq_entries);
  // Through every slot twice: the index array (the kernel's SQ array: no NO_SQARRAY here)
  // maps slot i to SQE i.
  for (uint64_t i = 0; i < 20; i++) NopRoundTrip(i);
  uring_exit(&ring_);
  EXPECT_FALSE(FdOpen(fd_)) << "uring_exit left the fd open";
  fd_ = -1;
}

// With flags uring_init would not choose (here SQPOLL's idle time, the reason liburing
// offers the call), and with 32-byte CQEs where the kernel has them (5.19).
TEST_F(QueueMmap, SqpollAndCqe32) {
  p_.sq_thread_idle = 10;
  RawSetup(4, URING_SETUP_SQPOLL);
  ASSERT_EQ(uring_queue_mmap(fd_, &p_, &ring_), 0);
  for (uint64_t i = 0; i < 6; i++) NopRoundTrip(100 + i);
  uring_exit(&ring_);
  fd_ = -1;

  memset(&p_, 0, sizeof p_);
  p_.flags = URING_SETUP_CQE32;
  fd_ = uring_sys_io_uring_setup(4, &p_);
  if (fd_ == -EINVAL && !uring_test::KernelAtLeast(5, 19))
    GTEST_SKIP() << "URING_SETUP_CQE32 (5.19) not supported by this kernel";
  ASSERT_GE(fd_, 0) << strerror(-fd_);
  ASSERT_EQ(uring_queue_mmap(fd_, &p_, &ring_), 0);
  EXPECT_EQ(ring_.cq.slot_shift, 5u);
  for (uint64_t i = 0; i < 10; i++) NopRoundTrip(200 + i);
  uring_exit(&ring_);
  fd_ = -1;
}

// On failure the fd stays open and the caller's, nothing stays mapped, and the struct is
// inert (uring_exit on it closes nothing).
TEST_F(QueueMmap, FailuresLeaveTheFdToTheCaller) {
  RawSetup(4, 0);
  struct uring_params bad = p_;
  bad.sq_off.ring_entries = 1u << 20;  // an offset outside the SQ ring
  EXPECT_EQ(uring_queue_mmap(fd_, &bad, &ring_), -EPROTO);
  EXPECT_TRUE(FdOpen(fd_));
  bad = p_;
  bad.flags |= URING_SETUP_NO_MMAP;  // the rings would be in caller memory
  EXPECT_EQ(uring_queue_mmap(fd_, &bad, &ring_), -EINVAL);
  bad = p_;
  bad.flags |= 1u << 31;
  EXPECT_EQ(uring_queue_mmap(fd_, &bad, &ring_), -EINVAL);
  EXPECT_TRUE(FdOpen(fd_));
  uring_exit(&ring_);
  EXPECT_TRUE(FdOpen(fd_)) << "uring_exit on a failed queue_mmap closed the caller's fd";
  EXPECT_EQ(uring_get_sqe(&ring_), nullptr);
  // The same fd and parameters still map after the failures.
  ASSERT_EQ(uring_queue_mmap(fd_, &p_, &ring_), 0);
  NopRoundTrip(7);
  uring_exit(&ring_);
  fd_ = -1;
}

// A descriptor that is no io_uring: the kernel's mmap refuses it (an eventfd, open for
// reading and writing, has no mmap: -ENODEV), and the fd stays the caller's.
TEST_F(QueueMmap, NotARing) {
  int efd = eventfd(0, 0);
  ASSERT_GE(efd, 0);
  const int rings = CountRingFds();
  struct uring_params p;
  memset(&p, 0, sizeof p);
  p.sq_entries = 4;
  p.cq_entries = 8;
  EXPECT_EQ(uring_queue_mmap(efd, &p, &ring_), -ENODEV);
  EXPECT_TRUE(FdOpen(efd));
  EXPECT_EQ(CountRingFds(), rings);
  close(efd);
}

TEST(QueueMmapArgs, BadInput) {
  struct uring ring;
  struct uring_params p;
  memset(&p, 0, sizeof p);
  EXPECT_EQ(uring_queue_mmap(3, nullptr, &ring), -EFAULT);
  EXPECT_EQ(uring_queue_mmap(3, &p, nullptr), -EFAULT);
  EXPECT_EQ(uring_queue_mmap(-1, &p, &ring), -EBADF);
  EXPECT_EQ(uring_get_sqe(&ring), nullptr);  // left inert
}

}  // namespace
