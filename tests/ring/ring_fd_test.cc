// The registered ring fd, the eventfd notification switch, and the kernel probe, on the real
// kernel.
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <set>
#include <string>
#include <thread>

#include "gtest/gtest.h"
#include "tests/support/kernel.h"
#include "uring/uring.h"

namespace {

using uring_test::KernelAtLeast;

bool FdOpen(int fd) { return fcntl(fd, F_GETFD) != -1; }

// Submits `n` NOPs and checks each completes once.
void Nops(struct uring *ring, unsigned n, uint64_t first) {
  for (unsigned i = 0; i < n; i++) {
    struct uring_sqe *sqe = uring_get_sqe(ring);
    ASSERT_NE(sqe, nullptr);
    uring_prep_nop(sqe);
    uring_sqe_set_data64(sqe, first + i);
  }
  ASSERT_EQ(uring_submit_and_wait(ring, n), (int)n);
  std::set<uint64_t> seen;
  struct uring_cqe *cqe;
  while (uring_peek_cqe(ring, &cqe) == 0) {
    EXPECT_EQ(cqe->res, 0);
    seen.insert(cqe->user_data);
    uring_cqe_seen(ring, cqe);
  }
  EXPECT_EQ(seen.size(), n);
  EXPECT_EQ(*seen.begin(), first);
  EXPECT_EQ(*seen.rbegin(), first + n - 1);
}

class RingFd : public ::testing::Test {
 protected:
  void SetUp() override {
    URING_SKIP_WITHOUT_KERNEL();
    ASSERT_EQ(uring_init(&ring_, 8, 0), 0);
    live_ = true;
    if (!KernelAtLeast(5, 18)) {
      int ret = uring_register_ring_fd(&ring_);
      if (ret == -EINVAL) GTEST_SKIP() << "registered ring fds need Linux 5.18";
      ASSERT_EQ(uring_unregister_ring_fd(&ring_), 0);
    }
  }
  void TearDown() override {
    if (live_) uring_exit(&ring_);
  }
  struct uring ring_;
  bool live_ = false;
};

TEST_F(RingFd, RegisterEnterThroughIndexUnregister) {
  const int fd = ring_.ring_fd;
  EXPECT_EQ(ring_.enter_fd, fd);
  EXPECT_EQ(ring_.enter_flags & URING_ENTER_REGISTERED_RING, 0u);

  ASSERT_EQ(uring_register_ring_fd(&ring_), 0);
  EXPECT_NE(ring_.enter_flags & URING_ENTER_REGISTERED_RING, 0u);
  EXPECT_EQ(ring_.ring_fd, fd);
  EXPECT_GE(ring_.enter_fd, 0);
  EXPECT_LT(ring_.enter_fd, 16);  // an index in the task's table, not an fd
  EXPECT_EQ(uring_register_ring_fd(&ring_), -EEXIST);
  Nops(&ring_, 8, 100);
  // Register calls work: through the index where the kernel takes it there (6.3,
  // URING_FEAT_REG_REG_RING), through the ring fd before.
  struct uring_probe_info info;
  EXPECT_EQ(uring_get_probe(&ring_, &info), 0);
  EXPECT_NE(uring_opcode_supported(&info, URING_OP_NOP), 0);

  ASSERT_EQ(uring_unregister_ring_fd(&ring_), 0);
  EXPECT_EQ(ring_.enter_flags & URING_ENTER_REGISTERED_RING, 0u);
  EXPECT_EQ(ring_.enter_fd, fd);
  EXPECT_EQ(uring_unregister_ring_fd(&ring_), -EINVAL);
  Nops(&ring_, 8, 200);
  // And again: the slot can be taken a second time.
  ASSERT_EQ(uring_register_ring_fd(&ring_), 0);
  Nops(&ring_, 3, 300);
}

// From 6.3 the ring lives on through its index once the fd is closed; before, closing is
// refused and the ring keeps its fd.
TEST_F(RingFd, CloseRingFd) {
  const int fd = ring_.ring_fd;
  EXPECT_EQ(uring_close_ring_fd(&ring_), -EINVAL);  // not registered yet
  EXPECT_TRUE(FdOpen(fd));
  ASSERT_EQ(uring_register_ring_fd(&ring_), 0);
  if (!(ring_.features & URING_FEAT_REG_REG_RING)) {
    // Before 6.3 register calls reach the ring only through its fd: closing it would leave
    // the ring unreachable for them, the index's own unregistering included.
    EXPECT_EQ(uring_close_ring_fd(&ring_), -EOPNOTSUPP);
    EXPECT_TRUE(FdOpen(fd));
    EXPECT_EQ(ring_.ring_fd, fd);
    Nops(&ring_, 4, 1);
    struct uring_probe_info info;
    EXPECT_EQ(uring_get_probe(&ring_, &info), 0);
    ASSERT_EQ(uring_unregister_ring_fd(&ring_), 0);
    EXPECT_EQ(ring_.enter_fd, fd);
    return;
  }
  ASSERT_EQ(uring_close_ring_fd(&ring_), 0);
  EXPECT_EQ(ring_.ring_fd, -1);
  EXPECT_FALSE(FdOpen(fd));  // gone from the fd table
  EXPECT_EQ(uring_close_ring_fd(&ring_), -EBADF);  // no fd left: liburing's result too
  Nops(&ring_, 8, 1);
  Nops(&ring_, 5, 50);
  struct uring_probe_info info;
  EXPECT_EQ(uring_get_probe(&ring_, &info), 0);
  // Unregistering the last reference releases the ring; the struct is then fd-less.
  ASSERT_EQ(uring_unregister_ring_fd(&ring_), 0);
  EXPECT_EQ(ring_.enter_fd, -1);
  EXPECT_EQ(ring_.enter_flags & URING_ENTER_REGISTERED_RING, 0u);
  struct uring_cqe *cqe;
  EXPECT_EQ(uring_wait_cqe(&ring_, &cqe), -EBADF);
}

// The kernel keeps registered rings per task: in another thread the index names nothing, as
// ring.h warns. The SQE that thread published stays queued for the owner.
TEST_F(RingFd, IndexMeansNothingInAnotherThread) {
  ASSERT_EQ(uring_register_ring_fd(&ring_), 0);
  struct uring_sqe *sqe = uring_get_sqe(&ring_);
  ASSERT_NE(sqe, nullptr);
  uring_prep_nop(sqe);
  uring_sqe_set_data64(sqe, 77);
  int other = 0;
  std::thread([&] { other = uring_submit(&ring_); }).join();
  // -EINVAL from a thread that never used io_uring (no task context), -EBADF from one that
  // did but has nothing in that slot.
  EXPECT_TRUE(other == -EINVAL || other == -EBADF) << other;
  EXPECT_EQ(uring_sq_ready(&ring_), 1u);
  ASSERT_EQ(uring_submit_and_wait(&ring_, 1), 1);
  struct uring_cqe *cqe = nullptr;
  ASSERT_EQ(uring_peek_cqe(&ring_, &cqe), 0);
  EXPECT_EQ(cqe->user_data, 77u);
  uring_cqe_seen(&ring_, cqe);
}

// With notifications off, a completion leaves the registered eventfd alone; on again, it
// counts. The eventfd is signalled as the kernel posts the CQE, inside the submit.
TEST(EventfdToggle, NotificationsFollowTheFlag) {
  URING_SKIP_WITHOUT_KERNEL();
  struct uring ring;
  ASSERT_EQ(uring_init(&ring, 8, 0), 0);
  if (ring.cq.kflags == nullptr) {
    uring_exit(&ring);
    GTEST_SKIP() << "no CQ flags word (Linux 5.8)";
  }
  int efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  ASSERT_GE(efd, 0);
  ASSERT_EQ(uring_register_eventfd(&ring, efd), 0);
  EXPECT_NE(uring_cq_eventfd_enabled(&ring), 0);
  uint64_t count = 0;

  Nops(&ring, 1, 1);
  ASSERT_EQ(read(efd, &count, sizeof count), (ssize_t)sizeof count);
  EXPECT_EQ(count, 1u);

  ASSERT_EQ(uring_cq_eventfd_toggle(&ring, 0), 0);
  EXPECT_EQ(uring_cq_eventfd_enabled(&ring), 0);
  EXPECT_NE(*ring.cq.kflags & URING_CQ_EVENTFD_DISABLED, 0u);
  Nops(&ring, 2, 10);
  EXPECT_EQ(read(efd, &count, sizeof count), -1);
  EXPECT_EQ(errno, EAGAIN);
  ASSERT_EQ(uring_cq_eventfd_toggle(&ring, 0), 0);  // idempotent
  EXPECT_EQ(uring_cq_eventfd_enabled(&ring), 0);

  ASSERT_EQ(uring_cq_eventfd_toggle(&ring, 1), 0);
  EXPECT_NE(uring_cq_eventfd_enabled(&ring), 0);
  EXPECT_EQ(*ring.cq.kflags & URING_CQ_EVENTFD_DISABLED, 0u);
  Nops(&ring, 1, 20);
  struct pollfd pfd = {efd, POLLIN, 0};
  ASSERT_EQ(poll(&pfd, 1, 10000), 1);
  ASSERT_EQ(read(efd, &count, sizeof count), (ssize_t)sizeof count);
  EXPECT_EQ(count, 1u);  // the NOP after the switch, none from before it

  ASSERT_EQ(uring_unregister_eventfd(&ring), 0);
  Nops(&ring, 1, 30);
  EXPECT_EQ(read(efd, &count, sizeof count), -1);
  close(efd);
  uring_exit(&ring);
}

TEST(Probe, KernelProbeNamesAndLastOp) {
  URING_SKIP_WITHOUT_KERNEL();
  struct uring_probe_info info;
  int ret = uring_probe_kernel(&info);
  if (ret == -EINVAL) GTEST_SKIP() << "probe needs Linux 5.6";
  ASSERT_EQ(ret, 0) << strerror(-ret);
  EXPECT_NE(uring_opcode_supported(&info, URING_OP_NOP), 0);
  EXPECT_NE(uring_opcode_supported(&info, URING_OP_READ), 0);
  EXPECT_NE(uring_opcode_supported(&info, URING_OP_WRITE), 0);
  EXPECT_STREQ(uring_opcode_name(URING_OP_NOP), "NOP");
  EXPECT_STREQ(uring_opcode_name(URING_OP_READ), "READ");
  EXPECT_STREQ(uring_opcode_name(URING_OP_WRITE), "WRITE");
  EXPECT_STREQ(uring_opcode_name(URING_OP_PIPE), "PIPE");
  EXPECT_EQ(uring_opcode_name(URING_OP_LAST), nullptr);
  EXPECT_EQ(uring_opcode_name(~0u), nullptr);
  // Every opcode the kernel knows has a name here.
  for (unsigned op = 0; op <= info.hdr.last_op && op < URING_OP_LAST; op++)
    EXPECT_NE(uring_opcode_name(op), nullptr) << op;
  if (KernelAtLeast(6, 16)) {
    EXPECT_GE(uring_probe_last_op(&info), 62u);  // PIPE
  }
  EXPECT_NE(info.features & URING_FEAT_NODROP, 0u);

  // The same answer as a probe on a ring of one's own.
  struct uring ring;
  ASSERT_EQ(uring_init(&ring, 2, 0), 0);
  struct uring_probe_info mine;
  ASSERT_EQ(uring_get_probe(&ring, &mine), 0);
  EXPECT_EQ(mine.hdr.last_op, info.hdr.last_op);
  EXPECT_EQ(mine.hdr.ops_len, info.hdr.ops_len);
  EXPECT_EQ(memcmp(mine.ops, info.ops, sizeof info.ops), 0);
  uring_exit(&ring);
}

TEST(Probe, FlagFeatureAndRegisterNames) {
  EXPECT_STREQ(uring_setup_flag_name(0), "IOPOLL");
  EXPECT_STREQ(uring_setup_flag_name(13), "DEFER_TASKRUN");
  EXPECT_STREQ(uring_setup_flag_name(20), "SQ_REWIND");
  EXPECT_EQ(uring_setup_flag_name(21), nullptr);
  EXPECT_STREQ(uring_feature_name(1), "NODROP");
  EXPECT_STREQ(uring_feature_name(15), "MIN_TIMEOUT");
  EXPECT_STREQ(uring_register_op_name(URING_REGISTER_RING_FDS), "REGISTER_RING_FDS");
  EXPECT_EQ(uring_register_op_name(URING_REGISTER_LAST), nullptr);
  EXPECT_EQ(uring_opcode_supported(nullptr, 0), 0);
}

}  // namespace
