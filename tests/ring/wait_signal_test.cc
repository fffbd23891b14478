// Waits on the real kernel that a signal interrupts: -EINTR at once, with the first CQE
// if there is one, never retried and never taken for a timeout; a submit that went in
// keeps its count.
#include <signal.h>
#include <string.h>
#include <sys/time.h>

#include "gtest/gtest.h"
#include "tests/ring/wait_common.h"
#include "tests/support/kernel.h"
#include "uring/uring.h"

namespace {

using uring_wait_test::Stopwatch;

volatile sig_atomic_t g_alarms;
void OnAlarm(int) { g_alarms = g_alarms + 1; }

// SIGALRM from a real interval timer (ITIMER_REAL), without SA_RESTART, for the scope.
class AlarmTimer {
 public:
  explicit AlarmTimer(long first_us, long every_us = 0) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = OnAlarm;
    sigaction(SIGALRM, &sa, &old_);
    g_alarms = 0;
    struct itimerval it = {{0, every_us}, {0, first_us}};
    setitimer(ITIMER_REAL, &it, nullptr);
  }
  ~AlarmTimer() {
    struct itimerval off = {{0, 0}, {0, 0}};
    setitimer(ITIMER_REAL, &off, nullptr);
    sigaction(SIGALRM, &old_, nullptr);
  }

 private:
  struct sigaction old_;
};

class SignalWaits : public ::testing::Test {
 protected:
  void SetUp() override {
    URING_SKIP_WITHOUT_KERNEL();
    ASSERT_EQ(uring_init(&ring_, 16, 0), 0);
    live_ = true;
    // Four CQEs ready; the waits below ask for eight, which never come.
    for (uint64_t i = 1; i <= 4; i++) {
      struct uring_sqe *sqe = uring_get_sqe(&ring_);
      ASSERT_NE(sqe, nullptr);
      uring_prep_nop(sqe);
      uring_sqe_set_data64(sqe, i);
    }
    ASSERT_EQ(uring_submit(&ring_), 4);
    ASSERT_EQ(uring_cq_ready(&ring_), 4u);
  }
  void TearDown() override {
    if (live_) uring_exit(&ring_);
  }
  bool HasExtArg() const { return (ring_.features & URING_FEAT_EXT_ARG) != 0; }
  // The result of a wait that a signal 20 ms in interrupts; -EINTR comes at once, the
  // first ready CQE with it, and nothing is consumed.
  void ExpectInterrupted(int ret, struct uring_cqe *cqe, const Stopwatch &sw) {
    EXPECT_EQ(ret, -EINTR);
    EXPECT_GE(g_alarms, 1);
    EXPECT_LT(sw.Ms(), 1000.0);
    ASSERT_NE(cqe, nullptr);
    EXPECT_EQ(cqe->user_data, 1u);
    EXPECT_EQ(uring_cq_ready(&ring_), 4u);
  }
  struct uring ring_;
  bool live_ = false;
};

TEST_F(SignalWaits, WaitCqeNrReturnsEintr) {
  AlarmTimer alarm(20 * 1000);
  struct uring_cqe *cqe = nullptr;
  Stopwatch sw;
  int ret = uring_wait_cqe_nr(&ring_, &cqe, 8);
  ExpectInterrupted(ret, cqe, sw);
}

TEST_F(SignalWaits, WaitCqesWithSigmaskReturnsEintr) {
  sigset_t none;
  sigemptyset(&none);
  AlarmTimer alarm(20 * 1000);
  struct uring_cqe *cqe = nullptr;
  Stopwatch sw;
  int ret = uring_wait_cqes(&ring_, &cqe, 8, nullptr, &none);
  ExpectInterrupted(ret, cqe, sw);
}

// A signal is -EINTR, not -ETIME, and comes long before the 2 s limit.
TEST_F(SignalWaits, TimedWaitReturnsEintrNotEtime) {
  if (!HasExtArg()) GTEST_SKIP() << "kernel lacks URING_FEAT_EXT_ARG (5.11): no timed waits";
  AlarmTimer alarm(20 * 1000);
  struct uring_timespec limit = {2, 0};
  struct uring_cqe *cqe = nullptr;
  Stopwatch sw;
  int ret = uring_wait_cqes(&ring_, &cqe, 8, &limit, nullptr);
  ExpectInterrupted(ret, cqe, sw);
}

// A signal every 100 us: every wait ends with -EINTR (never -EPROTO), and the CQEs stay.
TEST_F(SignalWaits, SignalStormGivesEintrEveryTime) {
  AlarmTimer alarm(100, 100);
  int eintr = 0, other = 0;
  for (int i = 0; i < 200; i++) {
    struct uring_cqe *cqe = nullptr;
    int ret = uring_wait_cqe_nr(&ring_, &cqe, 8);
    if (ret == -EINTR) eintr++;
    else other++;
    ASSERT_NE(ret, -EPROTO) << "call " << i;
  }
  EXPECT_EQ(eintr, 200);
  EXPECT_EQ(other, 0);
  EXPECT_EQ(uring_cq_ready(&ring_), 4u);
}

// With an empty CQ the kernel itself says -EINTR; the library passes it on.
TEST_F(SignalWaits, EmptyCqWaitReturnsEintr) {
  uring_cq_advance(&ring_, 4);
  AlarmTimer alarm(20 * 1000);
  struct uring_cqe *cqe = reinterpret_cast<struct uring_cqe *>(&ring_);
  Stopwatch sw;
  EXPECT_EQ(uring_wait_cqe_nr(&ring_, &cqe, 1), -EINTR);
  EXPECT_EQ(cqe, nullptr);
  EXPECT_LT(sw.Ms(), 1000.0);
}

// A submit-and-wait that a signal interrupts returns the submit count: the SQE went in.
TEST_F(SignalWaits, SubmitAndWaitTimeoutKeepsTheCountOnASignal) {
  struct uring_sqe *sqe = uring_get_sqe(&ring_);
  ASSERT_NE(sqe, nullptr);
  uring_prep_nop(sqe);
  uring_sqe_set_data64(sqe, 5);
  AlarmTimer alarm(20 * 1000);
  struct uring_cqe *cqe = nullptr;
  Stopwatch sw;
  EXPECT_EQ(uring_submit_and_wait_timeout(&ring_, &cqe, 8, nullptr, nullptr), 1);
  EXPECT_GE(g_alarms, 1);
  EXPECT_LT(sw.Ms(), 1000.0);
  EXPECT_EQ(uring_cq_ready(&ring_), 5u);
  ASSERT_NE(cqe, nullptr);
  EXPECT_EQ(cqe->user_data, 1u);
}

}  // namespace
