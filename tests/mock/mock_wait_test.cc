// The wait contract (cq.h) on the mock kernel ring, whose wait hook plays what happens
// while the kernel sleeps: timers (the virtual clock), completions from elsewhere and
// signals. Each case mirrors one of the real-kernel cases in tests/ring/wait_test.cc, and
// checks what only the mock shows: how often the kernel was entered and on which clock
// the deadline fell.
#include <errno.h>
#include <string.h>

#include <cstdint>
#include <functional>
#include <new>

#include "gtest/gtest.h"
#include "uring/mock/mock.h"
#include "uring/uring.h"

namespace {

constexpr size_t kAlign = 4096;
constexpr uint64_t kMs = 1000 * 1000;

class MockWaits : public ::testing::Test {
 protected:
  void SetUp() override {
    size_ = uring_mock_mem_size(64, nullptr, 64);
    mem_ = ::operator new(size_, std::align_val_t(kAlign));
    uring_mock_init(&m_, mem_, size_);
    struct uring_params p;
    memset(&p, 0, sizeof p);
    ASSERT_EQ(uring_mock_ring_init(&ring_, &m_, 32, &p), 0);
    live_ = true;
    uring_mock_set_wait_hook(&m_, &MockWaits::Hook, this);
  }
  void TearDown() override {
    if (live_) uring_exit(&ring_);
    ::operator delete(mem_, std::align_val_t(kAlign));
  }
  // Each time the wait would sleep: runs `during`, or by default lets 1 ms pass.
  static int Hook(struct uring_mock *m, void *arg) {
    MockWaits *self = static_cast<MockWaits *>(arg);
    self->rounds_++;
    if (self->during) return self->during(m);
    (void)uring_mock_advance_clock(m, kMs);
    return 0;
  }
  void QueueNops(unsigned n, uint64_t first) {
    for (unsigned i = 0; i < n; i++) {
      struct uring_sqe *sqe = uring_get_sqe(&ring_);
      ASSERT_NE(sqe, nullptr);
      uring_prep_nop(sqe);
      uring_sqe_set_data64(sqe, first + i);
    }
  }
  // TIMEOUT requests expiring 1, 2, ... n ms from now on the virtual clock.
  void QueueTimeouts(unsigned n) {
    for (unsigned i = 0; i < n; i++) {
      struct uring_sqe *sqe = uring_get_sqe(&ring_);
      ASSERT_NE(sqe, nullptr);
      ts_[i].tv_sec = 0;
      ts_[i].tv_nsec = (long)(i + 1) * (long)kMs;
      uring_prep_timeout(sqe, &ts_[i], 0, 0);
      uring_sqe_set_data64(sqe, 100 + i);
    }
  }
  uint64_t Enters() const { return m_.stats.enters; }

  std::function<int(struct uring_mock *)> during;
  unsigned rounds_ = 0;
  struct uring_mock m_;
  void *mem_ = nullptr;
  size_t size_ = 0;
  struct uring ring_;
  bool live_ = false;
  struct uring_timespec ts_[32];
};

// Every TIMEOUT's expiry ends the mock kernel's wait (as cq_timeouts does); the library
// enters again each time until all 20 are there.
TEST_F(MockWaits, TimeoutRequestsDoNotEndAWaitForMore) {
  QueueTimeouts(20);
  ASSERT_EQ(uring_submit(&ring_), 20);
  uint64_t before = Enters();
  struct uring_cqe *cqe = nullptr;
  ASSERT_EQ(uring_wait_cqe_nr(&ring_, &cqe, 20), 0);
  EXPECT_EQ(uring_cq_ready(&ring_), 20u);
  EXPECT_EQ(uring_mock_now(&m_), 20 * kMs);
  EXPECT_EQ(Enters() - before, 20u);  // one kernel wait per expiry
  ASSERT_NE(cqe, nullptr);
  EXPECT_EQ(cqe->user_data, 100u);
}

// With a 2 s limit: the TIMEOUTs neither end the wait nor restart the limit. The deadline
// falls at 2 s on the mock's clock, and the three CQEs are the result.
TEST_F(MockWaits, DeadlineIsFixedAtTheCall) {
  QueueTimeouts(3);
  ASSERT_EQ(uring_submit(&ring_), 3);
  during = [](struct uring_mock *m) {
    (void)uring_mock_advance_clock(m, 100 * kMs);
    return 0;
  };
  struct uring_timespec limit = {2, 0};
  struct uring_cqe *cqe = nullptr;
  EXPECT_EQ(uring_wait_cqes(&ring_, &cqe, 8, &limit, nullptr), 0);
  EXPECT_EQ(uring_mock_now(&m_), 2000 * kMs);
  EXPECT_EQ(uring_cq_ready(&ring_), 3u);
  ASSERT_NE(cqe, nullptr);
}

// With nothing arriving before the deadline: -ETIME and no CQE.
TEST_F(MockWaits, DeadlineWithNothingIsEtime) {
  struct uring_timespec limit = {0, 50 * (long)kMs};
  struct uring_cqe *cqe = nullptr;
  EXPECT_EQ(uring_wait_cqes(&ring_, &cqe, 1, &limit, nullptr), -ETIME);
  EXPECT_EQ(cqe, nullptr);
  EXPECT_EQ(uring_mock_now(&m_), 50 * kMs);
}

// A signal while four CQEs are ready and eight are asked for: the mock kernel reports 0
// (the CQ is not empty), the library -EINTR, after one enter, with the CQEs kept.
TEST_F(MockWaits, SignalWithCqesReadyIsEintr) {
  QueueNops(4, 1);
  ASSERT_EQ(uring_submit(&ring_), 4);
  during = [](struct uring_mock *) { return -EINTR; };
  struct uring_cqe *cqe = nullptr;
  uint64_t before = Enters();
  EXPECT_EQ(uring_wait_cqe_nr(&ring_, &cqe, 8), -EINTR);
  EXPECT_EQ(Enters() - before, 1u);
  ASSERT_NE(cqe, nullptr);
  EXPECT_EQ(cqe->user_data, 1u);
  EXPECT_EQ(uring_cq_ready(&ring_), 4u);

  sigset_t none;
  sigemptyset(&none);
  struct uring_timespec limit = {2, 0};
  EXPECT_EQ(uring_wait_cqes(&ring_, &cqe, 8, nullptr, &none), -EINTR);
  EXPECT_EQ(uring_wait_cqes(&ring_, &cqe, 8, &limit, nullptr), -EINTR);
  EXPECT_EQ(uring_mock_now(&m_), 0u);
}

// A signal after some progress in the same wait: still -EINTR (the new CQEs are not a
// TIMEOUT's).
TEST_F(MockWaits, SignalAfterACompletionIsEintr) {
  QueueNops(4, 1);
  ASSERT_EQ(uring_submit(&ring_), 4);
  during = [this](struct uring_mock *m) {
    if (rounds_ == 1) {
      EXPECT_EQ(uring_mock_post_cqe(m, 50, 7, 0, 0, 0), 0);
      return 0;
    }
    return -EINTR;
  };
  struct uring_cqe *cqe = nullptr;
  EXPECT_EQ(uring_wait_cqe_nr(&ring_, &cqe, 8), -EINTR);
  EXPECT_EQ(uring_cq_ready(&ring_), 5u);
}

// A signal with the CQ empty: the kernel's own -EINTR.
TEST_F(MockWaits, SignalWithEmptyCqIsEintr) {
  during = [](struct uring_mock *) { return -EINTR; };
  struct uring_cqe *cqe = nullptr;
  EXPECT_EQ(uring_wait_cqe_nr(&ring_, &cqe, 1), -EINTR);
  EXPECT_EQ(cqe, nullptr);
}

// Completions that trickle in end the wait only when all are there.
TEST_F(MockWaits, TrickleCompletesTheWait) {
  during = [this](struct uring_mock *m) {
    EXPECT_EQ(uring_mock_post_cqe(m, rounds_, 0, 0, 0, 0), 0);
    return 0;
  };
  struct uring_cqe *cqe = nullptr;
  uint64_t before = Enters();
  EXPECT_EQ(uring_wait_cqe_nr(&ring_, &cqe, 6), 0);
  EXPECT_EQ(uring_cq_ready(&ring_), 6u);
  EXPECT_EQ(Enters() - before, 1u);  // one kernel wait: nothing ended it early
  EXPECT_EQ(rounds_, 6u);
}

// One SQE, two CQEs asked for, a 1 s limit: the submit count with the one CQE, once the
// limit passed (liburing's result). One CQE ready, two asked for: 0 with it.
TEST_F(MockWaits, ShortAtTheDeadlineIsSuccessWithWhatArrived) {
  QueueNops(1, 1);
  during = [](struct uring_mock *m) {
    (void)uring_mock_advance_clock(m, 250 * kMs);
    return 0;
  };
  struct uring_timespec limit = {1, 0};
  struct uring_cqe *cqe = nullptr;
  EXPECT_EQ(uring_submit_and_wait_timeout(&ring_, &cqe, 2, &limit, nullptr), 1);
  EXPECT_EQ(uring_mock_now(&m_), 1000 * kMs);
  ASSERT_NE(cqe, nullptr);
  EXPECT_EQ(cqe->user_data, 1u);
  cqe = nullptr;
  EXPECT_EQ(uring_wait_cqes(&ring_, &cqe, 2, &limit, nullptr), 0);
  EXPECT_EQ(uring_mock_now(&m_), 2000 * kMs);
  ASSERT_NE(cqe, nullptr);
}

// A submit-and-wait that a signal ends keeps its submit count.
TEST_F(MockWaits, SubmitAndWaitKeepsTheCountOnASignal) {
  QueueNops(3, 1);
  during = [](struct uring_mock *) { return -EINTR; };
  struct uring_cqe *cqe = nullptr;
  EXPECT_EQ(uring_submit_and_wait_timeout(&ring_, &cqe, 8, nullptr, nullptr), 3);
  EXPECT_EQ(uring_cq_ready(&ring_), 3u);
  // Nothing to submit: the signal is -EINTR.
  EXPECT_EQ(uring_submit_and_wait_timeout(&ring_, &cqe, 8, nullptr, nullptr), -EINTR);
}

// A CQ head moved behind the library's back while it waits is ring memory overwritten:
// -EPROTO, and only then.
TEST_F(MockWaits, OverwrittenRingWordsAreEproto) {
  QueueNops(2, 1);
  ASSERT_EQ(uring_submit(&ring_), 2);
  during = [this](struct uring_mock *) {
    *ring_.cq.khead = ring_.cq.head + 1;
    return -EINTR;
  };
  struct uring_cqe *cqe = nullptr;
  EXPECT_EQ(uring_wait_cqe_nr(&ring_, &cqe, 8), -EPROTO);
  *ring_.cq.khead = ring_.cq.head;
}

// The mock's own rule: a round of the hook that changes nothing ends the wait as without a
// hook (-EDEADLK: the kernel would sleep forever), so a test cannot hang.
TEST_F(MockWaits, HookThatDoesNothingEndsTheWait) {
  during = [](struct uring_mock *) { return 0; };
  struct uring_cqe *cqe = nullptr;
  EXPECT_EQ(uring_wait_cqe_nr(&ring_, &cqe, 1), -EDEADLK);
  EXPECT_EQ(rounds_, 1u);
}

}  // namespace
