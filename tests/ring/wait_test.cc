// Waits on the real kernel that really block: timeouts that expire, completions that arrive
// from another thread while the wait is in the kernel, min-timeout batching, signal masks.
// A pipe read that has no data yet is the completion that comes later: it finishes when a
// helper thread writes.
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <set>
#include <thread>

#include "gtest/gtest.h"
#include "tests/harness.h"
#include "uring/uring.h"

namespace {

struct Pipe {
  int r = -1, w = -1;
  Pipe() {
    int fds[2];
    if (pipe(fds) == 0) {
      r = fds[0];
      w = fds[1];
    }
  }
  ~Pipe() {
    if (r >= 0) close(r);
    if (w >= 0) close(w);
  }
};

class Waits : public ::testing::Test {
 protected:
  void SetUp() override {
    URING_SKIP_WITHOUT_KERNEL();
    ASSERT_EQ(uring_init(&ring_, 8, 0), 0);
    live_ = true;
    ASSERT_GE(pipe_.r, 0);
  }
  void TearDown() override {
    if (live_) uring_exit(&ring_);
  }

  void QueueNop(uint64_t ud) {
    struct uring_sqe *sqe = uring_get_sqe(&ring_);
    ASSERT_NE(sqe, nullptr);
    uring_prep_nop(sqe);
    uring_sqe_set_data64(sqe, ud);
  }
  void QueueRead(uint64_t ud) {
    struct uring_sqe *sqe = uring_get_sqe(&ring_);
    ASSERT_NE(sqe, nullptr);
    uring_prep_read(sqe, pipe_.r, buf_, sizeof buf_, 0);
    uring_sqe_set_data64(sqe, ud);
  }
  // Writes to the pipe from another thread once the test has had time to block.
  std::thread WriteLater(const char *text) {
    return std::thread([this, text] {
      usleep(20 * 1000);
      EXPECT_EQ(write(pipe_.w, text, strlen(text)), (ssize_t)strlen(text));
    });
  }
  std::set<uint64_t> ReapAll() {
    std::set<uint64_t> seen;
    struct uring_cqe *cqe;
    while (uring_peek_cqe(&ring_, &cqe) == 0) {
      EXPECT_TRUE(seen.insert(cqe->user_data).second);
      uring_cqe_seen(&ring_, cqe);
    }
    return seen;
  }

  struct uring ring_;
  bool live_ = false;
  Pipe pipe_;
  char buf_[32] = {0};
};

TEST_F(Waits, TimeoutExpiresWithNothingSubmitted) {
  struct uring_timespec ts = {0, 10 * 1000 * 1000};
  struct uring_cqe *cqe = reinterpret_cast<struct uring_cqe *>(&ts);
  EXPECT_EQ(uring_wait_cqe_timeout(&ring_, &cqe, &ts), -ETIME);
  EXPECT_EQ(cqe, nullptr);
  EXPECT_EQ(uring_cq_ready(&ring_), 0u);
  // The ring is unaffected: a NOP goes through afterwards.
  QueueNop(1);
  ASSERT_EQ(uring_submit_and_wait(&ring_, 1), 1);
  EXPECT_EQ(ReapAll(), (std::set<uint64_t>{1}));
}

TEST_F(Waits, TimeoutNotExpiringSeesLateCompletion) {
  QueueRead(0xabc);
  ASSERT_EQ(uring_submit(&ring_), 1);
  struct uring_cqe *cqe = nullptr;
  ASSERT_EQ(uring_peek_cqe(&ring_, &cqe), -EAGAIN);  // the read really waits for data
  std::thread writer = WriteLater("late");
  struct uring_timespec ts = {10, 0};
  int ret = uring_wait_cqe_timeout(&ring_, &cqe, &ts);
  writer.join();
  ASSERT_EQ(ret, 0);
  ASSERT_NE(cqe, nullptr);
  EXPECT_EQ(cqe->user_data, 0xabcu);
  ASSERT_EQ(cqe->res, 4);
  EXPECT_EQ(memcmp(buf_, "late", 4), 0);
  uring_cqe_seen(&ring_, cqe);
}

TEST_F(Waits, WaitCqesForNBlocksUntilTheLastArrives) {
  QueueNop(1);
  QueueNop(2);
  QueueRead(3);
  ASSERT_EQ(uring_submit(&ring_), 3);
  EXPECT_EQ(uring_cq_ready(&ring_), 2u);
  std::thread writer = WriteLater("x");
  struct uring_timespec ts = {10, 0};
  struct uring_cqe *cqe = nullptr;
  int ret = uring_wait_cqes(&ring_, &cqe, 3, &ts, nullptr);
  writer.join();
  ASSERT_EQ(ret, 0);
  ASSERT_NE(cqe, nullptr);
  EXPECT_EQ(cqe->user_data, 1u);
  EXPECT_EQ(uring_cq_ready(&ring_), 3u);
  EXPECT_EQ(ReapAll(), (std::set<uint64_t>{1, 2, 3}));
}

TEST_F(Waits, WaitCqesTimesOutShortOfN) {
  QueueNop(1);
  QueueNop(2);
  ASSERT_EQ(uring_submit(&ring_), 2);
  struct uring_timespec ts = {0, 10 * 1000 * 1000};
  struct uring_cqe *cqe = nullptr;
  EXPECT_EQ(uring_wait_cqes(&ring_, &cqe, 3, &ts, nullptr), -ETIME);
  // What did arrive is handed back.
  ASSERT_NE(cqe, nullptr);
  EXPECT_EQ(cqe->user_data, 1u);
  EXPECT_EQ(ReapAll(), (std::set<uint64_t>{1, 2}));
}

TEST_F(Waits, WaitCqeNrWithoutTimeout) {
  QueueRead(9);
  QueueNop(10);
  ASSERT_EQ(uring_submit(&ring_), 2);
  std::thread writer = WriteLater("y");
  struct uring_cqe *cqe = nullptr;
  int ret = uring_wait_cqe_nr(&ring_, &cqe, 2);
  writer.join();
  ASSERT_EQ(ret, 0);
  ASSERT_NE(cqe, nullptr);
  EXPECT_EQ(cqe->user_data, 10u);  // the NOP finished first
  EXPECT_EQ(ReapAll(), (std::set<uint64_t>{9, 10}));
}

TEST_F(Waits, SubmitAndWaitTimeoutExpires) {
  QueueRead(5);
  struct uring_timespec ts = {0, 10 * 1000 * 1000};
  struct uring_cqe *cqe = nullptr;
  EXPECT_EQ(uring_submit_and_wait_timeout(&ring_, &cqe, 1, &ts, nullptr), -ETIME);
  EXPECT_EQ(cqe, nullptr);
  EXPECT_EQ(uring_sq_ready(&ring_), 0u);  // submitted all the same
  // The read is still pending in the kernel; data completes it.
  ASSERT_EQ(write(pipe_.w, "z", 1), 1);
  ASSERT_EQ(uring_wait_cqe(&ring_, &cqe), 0);
  EXPECT_EQ(cqe->user_data, 5u);
  EXPECT_EQ(cqe->res, 1);
  uring_cqe_seen(&ring_, cqe);
}

TEST_F(Waits, SubmitAndWaitTimeoutNotExpiring) {
  QueueRead(6);
  QueueNop(7);
  std::thread writer = WriteLater("abc");
  struct uring_timespec ts = {10, 0};
  struct uring_cqe *cqe = nullptr;
  int ret = uring_submit_and_wait_timeout(&ring_, &cqe, 2, &ts, nullptr);
  writer.join();
  ASSERT_EQ(ret, 2);
  ASSERT_NE(cqe, nullptr);
  EXPECT_EQ(uring_cq_ready(&ring_), 2u);
  EXPECT_EQ(ReapAll(), (std::set<uint64_t>{6, 7}));
}

// With a min timeout the kernel waits up to min_wait_usec for wait_nr completions, then
// returns with what it has (6.12): here one NOP of the eight asked for.
TEST_F(Waits, SubmitAndWaitMinTimeoutReturnsEarlyWithFewer) {
  if (!(ring_.features & URING_FEAT_MIN_TIMEOUT))
    GTEST_SKIP() << "kernel lacks URING_FEAT_MIN_TIMEOUT (6.12)";
  QueueNop(11);
  struct uring_timespec ts = {10, 0};
  struct uring_cqe *cqe = nullptr;
  ASSERT_EQ(uring_submit_and_wait_min_timeout(&ring_, &cqe, 8, &ts, 1000, nullptr), 1);
  ASSERT_NE(cqe, nullptr);
  EXPECT_EQ(cqe->user_data, 11u);
  EXPECT_EQ(ReapAll(), (std::set<uint64_t>{11}));

  // A late completion inside the min wait counts too.
  QueueRead(12);
  std::thread writer = WriteLater("m");
  cqe = nullptr;
  int ret = uring_submit_and_wait_min_timeout(&ring_, &cqe, 8, &ts, 50 * 1000, nullptr);
  writer.join();
  ASSERT_EQ(ret, 1);
  ASSERT_NE(cqe, nullptr);
  EXPECT_EQ(cqe->user_data, 12u);
  EXPECT_EQ(cqe->res, 1);
  uring_cqe_seen(&ring_, cqe);
}

TEST_F(Waits, SubmitAndWaitMinTimeoutExpiresWithNothing) {
  if (!(ring_.features & URING_FEAT_MIN_TIMEOUT))
    GTEST_SKIP() << "kernel lacks URING_FEAT_MIN_TIMEOUT (6.12)";
  QueueRead(13);
  struct uring_timespec ts = {0, 20 * 1000 * 1000};
  struct uring_cqe *cqe = nullptr;
  EXPECT_EQ(uring_submit_and_wait_min_timeout(&ring_, &cqe, 1, &ts, 1000, nullptr), -ETIME);
  EXPECT_EQ(cqe, nullptr);
  ASSERT_EQ(write(pipe_.w, "q", 1), 1);
  ASSERT_EQ(uring_wait_cqe(&ring_, &cqe), 0);
  EXPECT_EQ(cqe->user_data, 13u);
  uring_cqe_seen(&ring_, cqe);
}

volatile sig_atomic_t g_usr1;
void OnUsr1(int) { g_usr1 = 1; }

// The mask given to the wait is the one in force while it sleeps: a SIGUSR1 the thread
// blocks, already pending, interrupts a wait whose mask unblocks it (-EINTR, not retried),
// and does not interrupt one whose mask keeps it blocked.
TEST_F(Waits, SignalMaskAppliesDuringTheWait) {
  struct sigaction sa, old_sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = OnUsr1;
  ASSERT_EQ(sigaction(SIGUSR1, &sa, &old_sa), 0);
  sigset_t usr1, old_mask, empty;
  sigemptyset(&usr1);
  sigaddset(&usr1, SIGUSR1);
  sigemptyset(&empty);
  ASSERT_EQ(pthread_sigmask(SIG_BLOCK, &usr1, &old_mask), 0);
  g_usr1 = 0;
  ASSERT_EQ(pthread_kill(pthread_self(), SIGUSR1), 0);
  EXPECT_EQ(g_usr1, 0);  // pending, blocked

  // Keeps SIGUSR1 blocked: the wait runs out its time.
  struct uring_timespec ts = {0, 10 * 1000 * 1000};
  struct uring_cqe *cqe = nullptr;
  EXPECT_EQ(uring_wait_cqes(&ring_, &cqe, 1, &ts, &usr1), -ETIME);
  EXPECT_EQ(g_usr1, 0);

  // Unblocks it: interrupted at once, and the handler runs on the way out.
  struct uring_timespec long_ts = {30, 0};
  EXPECT_EQ(uring_wait_cqes(&ring_, &cqe, 1, &long_ts, &empty), -EINTR);
  EXPECT_EQ(g_usr1, 1);

  ASSERT_EQ(pthread_sigmask(SIG_SETMASK, &old_mask, nullptr), 0);
  ASSERT_EQ(sigaction(SIGUSR1, &old_sa, nullptr), 0);
}

}  // namespace
