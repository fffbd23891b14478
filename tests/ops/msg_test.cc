// Messages between rings, futexes and waitid on the kernel (uring/opcode/msg.h), with
// msg_ring_fd_alloc's slot picked by the target ring.
#include <linux/futex.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>

#include "tests/ops/ops_common.h"

namespace uring_ops {
namespace {

TEST(OpsMsg, MsgRingData) {
  OPS_REQUIRE_OP(URING_OP_MSG_RING);
  Ring src, dst;
  ASSERT_EQ(src.Init(), 0);
  ASSERT_EQ(dst.Init(), 0);
  struct uring_sqe *sqe = Sqe(src.get());
  uring_prep_msg_ring(sqe, dst->ring_fd, 0x1234, 0xabcdef, 0);
  uring_sqe_set_data64(sqe, 1);
  struct uring_cqe c;
  ASSERT_TRUE(RunOne(src.get(), &c));
  EXPECT_EQ(c.user_data, 1u);
  EXPECT_EQ(c.res, 0);
  auto got = Reap(dst.get(), 1);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].user_data, 0xabcdefu);
  EXPECT_EQ(got[0].res, 0x1234);

  // A target that is not a ring is refused.
  int p[2];
  ASSERT_EQ(pipe(p), 0);
  sqe = Sqe(src.get());
  uring_prep_msg_ring(sqe, p[0], 1, 1, 0);
  ASSERT_TRUE(RunOne(src.get(), &c));
  EXPECT_EQ(c.res, -EBADFD);
  close(p[0]);
  close(p[1]);
  MarkExercised(URING_OP_MSG_RING);
}

TEST(OpsMsg, MsgRingFlagsPass) {
  OPS_REQUIRE_OP(URING_OP_MSG_RING);
  Ring src, dst;
  ASSERT_EQ(src.Init(), 0);
  ASSERT_EQ(dst.Init(), 0);
  // With FLAGS_PASS the target CQE carries the given flags. Older kernels refuse
  // URING_MSG_RING_FLAGS_PASS as an unknown flag.
  struct uring_sqe *sqe = Sqe(src.get());
  uring_prep_msg_ring_cqe_flags(sqe, dst->ring_fd, 5, 0x55, 0, 0x40u << 16);
  struct uring_cqe c;
  ASSERT_TRUE(RunOne(src.get(), &c));
  OPS_SKIP_IF_REFUSED(c.res, -EINVAL, 6, 3, "URING_MSG_RING_FLAGS_PASS");
  EXPECT_EQ(c.res, 0);
  auto got = Reap(dst.get(), 1);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].user_data, 0x55u);
  EXPECT_EQ(got[0].res, 5);
  EXPECT_EQ(got[0].flags, 0x40u << 16);
}

TEST(OpsMsg, MsgRingFd) {
  OPS_REQUIRE_OP(URING_OP_MSG_RING);
  int p[2];
  ASSERT_EQ(pipe(p), 0);
  Ring src, dst;
  ASSERT_EQ(src.Init(), 0);
  ASSERT_EQ(dst.Init(), 0);
  // Passing a direct descriptor: the target ring writes through the slot it received.
  // Older kernels refuse URING_MSG_SEND_FD as an unknown command.
  int files[1] = {p[1]};
  ASSERT_EQ(uring_register_files(src.get(), files, 1), 0);
  ASSERT_EQ(uring_register_files_sparse(dst.get(), 4), 0);
  struct uring_sqe *sqe = Sqe(src.get());
  uring_prep_msg_ring_fd(sqe, dst->ring_fd, 0, 2, 0x77, 0);
  struct uring_cqe c;
  ASSERT_TRUE(RunOne(src.get(), &c));
  OPS_SKIP_IF_REFUSED(c.res, -EINVAL, 6, 0, "passing direct descriptors with MSG_RING");
  EXPECT_EQ(c.res, 0);
  auto got = Reap(dst.get(), 1);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].user_data, 0x77u);
  EXPECT_EQ(got[0].res, 0);
  sqe = Sqe(dst.get());
  uring_prep_write(sqe, 2, "passed", 6, 0);
  uring_sqe_set_flags(sqe, URING_SQE_FIXED_FILE);
  ASSERT_TRUE(RunOne(dst.get(), &c));
  ASSERT_EQ(c.res, 6);
  char buf[8] = {0};
  ASSERT_EQ(read(p[0], buf, sizeof buf), 6);
  EXPECT_STREQ(buf, "passed");
  close(p[0]);
  close(p[1]);
}

TEST(OpsForms, MsgRingFdAlloc) {
  OPS_REQUIRE_OP(URING_OP_MSG_RING);
  int p[2];
  ASSERT_EQ(pipe(p), 0);
  Ring src, dst;
  ASSERT_EQ(src.Init(), 0);
  ASSERT_EQ(dst.Init(), 0);
  int files[1] = {p[1]};
  ASSERT_EQ(uring_register_files(src.get(), files, 1), 0);
  ASSERT_EQ(uring_register_files_sparse(dst.get(), 4), 0);
  struct uring_sqe *sqe = Sqe(src.get());
  uring_prep_msg_ring_fd_alloc(sqe, dst->ring_fd, 0, 0x88, 0);
  struct uring_cqe c;
  ASSERT_TRUE(RunOne(src.get(), &c));
  ASSERT_EQ(c.res, 0);
  auto got = Reap(dst.get(), 1);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].user_data, 0x88u);
  ASSERT_GE(got[0].res, 0);  // the slot the target picked
  sqe = Sqe(dst.get());
  uring_prep_write(sqe, got[0].res, "alloc", 5, 0);
  uring_sqe_set_flags(sqe, URING_SQE_FIXED_FILE);
  ASSERT_TRUE(RunOne(dst.get(), &c));
  ASSERT_EQ(c.res, 5);
  char buf[8] = {0};
  ASSERT_EQ(read(p[0], buf, sizeof buf), 5);
  EXPECT_STREQ(buf, "alloc");
  close(p[0]);
  close(p[1]);
}

// futex2 flags (include/uapi/linux/futex.h, 6.7): a 32-bit futex, private to the process.
constexpr uint32_t kFutex2U32 = 0x02;
constexpr uint32_t kFutex2Private = 128;
constexpr uint64_t kMatchAny = 0xffffffffu;

TEST(OpsFutex, WaitAndWake) {
  OPS_REQUIRE_OP(URING_OP_FUTEX_WAIT);
  OPS_REQUIRE_OP(URING_OP_FUTEX_WAKE);
  Ring r;
  ASSERT_EQ(r.Init(), 0);
  static uint32_t word = 0;
  // A value that differs from the word: no sleep, -EAGAIN.
  struct uring_sqe *sqe = Sqe(r.get());
  uring_prep_futex_wait(sqe, &word, 1, kMatchAny, kFutex2U32 | kFutex2Private, 0);
  struct uring_cqe c;
  ASSERT_TRUE(RunOne(r.get(), &c));
  EXPECT_EQ(c.res, -EAGAIN);

  sqe = Sqe(r.get());
  uring_prep_futex_wait(sqe, &word, 0, kMatchAny, kFutex2U32 | kFutex2Private, 0);
  uring_sqe_set_data64(sqe, 1);
  ASSERT_EQ(uring_submit(r.get()), 1);
  struct uring_cqe *peek;
  EXPECT_EQ(uring_peek_cqe(r.get(), &peek), -EAGAIN);  // asleep on the word
  sqe = Sqe(r.get());
  uring_prep_futex_wake(sqe, &word, 1, kMatchAny, kFutex2U32 | kFutex2Private, 0);
  uring_sqe_set_data64(sqe, 2);
  auto cqes = Reap(r.get(), 2);
  ASSERT_EQ(cqes.size(), 2u);
  EXPECT_EQ(Find(cqes, 2)->res, 1);  // one waiter woken
  EXPECT_EQ(Find(cqes, 1)->res, 0);
  // Nobody left to wake.
  sqe = Sqe(r.get());
  uring_prep_futex_wake(sqe, &word, 1, kMatchAny, kFutex2U32 | kFutex2Private, 0);
  ASSERT_TRUE(RunOne(r.get(), &c));
  EXPECT_EQ(c.res, 0);
  MarkExercised(URING_OP_FUTEX_WAIT);
  MarkExercised(URING_OP_FUTEX_WAKE);
}

TEST(OpsFutex, Waitv) {
  OPS_REQUIRE_OP(URING_OP_FUTEX_WAITV);
  Ring r;
  ASSERT_EQ(r.Init(), 0);
  static uint32_t words[2] = {0, 0};
  struct futex_waitv wv[2];
  memset(wv, 0, sizeof wv);
  for (int i = 0; i < 2; i++) {
    wv[i].val = 0;
    wv[i].uaddr = (uint64_t)(uintptr_t)&words[i];
    wv[i].flags = FUTEX_32 | FUTEX_PRIVATE_FLAG;
  }
  struct uring_sqe *sqe = Sqe(r.get());
  uring_prep_futex_waitv(sqe, wv, 2, 0);
  uring_sqe_set_data64(sqe, 3);
  ASSERT_EQ(uring_submit(r.get()), 1);
  // Wake the second word through the futex(2) syscall; res names the index that woke. The
  // wait is armed during the submit, but wake again in case a wakeup raced ahead of it.
  std::vector<struct uring_cqe> cqes;
  for (int tries = 0; tries < 50 && cqes.empty(); tries++) {
    syscall(SYS_futex, &words[1], FUTEX_WAKE_PRIVATE, 1, nullptr, nullptr, 0);
    cqes = Drain(r.get(), 1, 100);
  }
  ASSERT_EQ(cqes.size(), 1u);
  EXPECT_EQ(cqes[0].user_data, 3u);
  EXPECT_EQ(cqes[0].res, 1);
  MarkExercised(URING_OP_FUTEX_WAITV);
}

TEST(OpsWait, WaitidReapsChild) {
  OPS_REQUIRE_OP(URING_OP_WAITID);
  Ring r;
  ASSERT_EQ(r.Init(), 0);
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) _exit(7);
  siginfo_t info;
  memset(&info, 0, sizeof info);
  struct uring_sqe *sqe = Sqe(r.get());
  uring_prep_waitid(sqe, P_PID, (uint32_t)pid, &info, WEXITED, 0);
  struct uring_cqe c;
  ASSERT_TRUE(RunOne(r.get(), &c, 10));
  ASSERT_EQ(c.res, 0);
  EXPECT_EQ(info.si_pid, pid);
  EXPECT_EQ(info.si_code, CLD_EXITED);
  EXPECT_EQ(info.si_status, 7);
  // WEXITED without WNOWAIT reaped it: no child is left to wait for.
  EXPECT_EQ(waitpid(pid, nullptr, WNOHANG), -1);
  EXPECT_EQ(errno, ECHILD);
  MarkExercised(URING_OP_WAITID);
}

}  // namespace
}  // namespace uring_ops
