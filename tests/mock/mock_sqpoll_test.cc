// The mock's pretend SQPOLL thread, through the library's SQPOLL submit path: the library
// publishes the SQ tail and enters (with SQ_WAKEUP) only when the SQ flags say the thread
// sleeps (URING_SQ_NEED_WAKEUP); the mock's thread consumes on uring_mock_sqpoll_run or on
// that wakeup, never on a plain enter.
#include <errno.h>
#include <string.h>

#include <cstdint>
#include <new>
#include <vector>

#include "gtest/gtest.h"
#include "uring/mock/mock.h"
#include "uring/uring.h"

namespace {

constexpr size_t kAlign = 4096;

std::vector<uint64_t> ReapData(struct uring *r, std::vector<int32_t> *res = nullptr) {
  std::vector<uint64_t> out;
  struct uring_cqe *cqe;
  while (uring_peek_cqe(r, &cqe) == 0) {
    out.push_back(cqe->user_data);
    if (res) res->push_back(cqe->res);
    uring_cqe_seen(r, cqe);
  }
  return out;
}

class Sqpoll : public ::testing::Test {
 protected:
  Sqpoll() {
    memset(&ring_, 0, sizeof ring_);
    memset(&m_, 0, sizeof m_);
  }
  ~Sqpoll() override {
    if (live_) uring_exit(&ring_);
    if (mem_) ::operator delete(mem_, std::align_val_t(kAlign));
  }
  int Init(unsigned entries, unsigned flags, uint32_t idle_ms = 0) {
    memset(&p_, 0, sizeof p_);
    p_.flags = flags;
    p_.sq_thread_idle = idle_ms;
    size_t size = uring_mock_mem_size(entries, &p_, 64);
    EXPECT_NE(size, 0u);
    mem_ = ::operator new(size, std::align_val_t(kAlign));
    uring_mock_init(&m_, mem_, size);
    int ret = uring_mock_ring_init(&ring_, &m_, entries, &p_);
    live_ = ret == 0;
    return ret;
  }
  void QueueNops(uint64_t first, unsigned n) {
    for (unsigned i = 0; i < n; i++) {
      struct uring_sqe *sqe = uring_get_sqe(&ring_);
      ASSERT_NE(sqe, nullptr);
      uring_prep_nop(sqe);
      uring_sqe_set_data64(sqe, first + i);
    }
  }
  uint32_t SqFlags() { return uring_read_once(ring_.sq.kflags); }

  struct uring ring_;
  struct uring_mock m_;
  struct uring_params p_;
  void *mem_ = nullptr;
  bool live_ = false;
};

TEST_F(Sqpoll, SetupTakesSqpollAndIgnoresAffinityAndIdle) {
  ASSERT_EQ(Init(8, URING_SETUP_SQPOLL | URING_SETUP_SQ_AFF, 2000), 0);
  EXPECT_TRUE(ring_.flags & URING_SETUP_SQPOLL);
  // The thread starts awake.
  EXPECT_EQ(SqFlags() & URING_SQ_NEED_WAKEUP, 0u);
}

TEST_F(Sqpoll, ControlsRefuseARingWithoutSqpoll) {
  ASSERT_EQ(Init(8, 0), 0);
  EXPECT_EQ(uring_mock_sqpoll_run(&m_), -EINVAL);
  EXPECT_EQ(uring_mock_sqpoll_idle(&m_), -EINVAL);
}

TEST_F(Sqpoll, SubmitToAnAwakeThreadEntersNothingAndCompletesAtItsNextRun) {
  ASSERT_EQ(Init(8, URING_SETUP_SQPOLL), 0);
  QueueNops(1, 3);
  uint64_t enters = m_.stats.enters;
  EXPECT_EQ(uring_submit(&ring_), 3);
  EXPECT_EQ(m_.stats.enters, enters);
  EXPECT_TRUE(ReapData(&ring_).empty());
  // Published, not yet consumed.
  EXPECT_EQ(uring_sq_ready(&ring_), 3u);
  EXPECT_EQ(uring_mock_sqpoll_run(&m_), 3);
  EXPECT_EQ(uring_sq_ready(&ring_), 0u);
  EXPECT_EQ(ReapData(&ring_), (std::vector<uint64_t>{1, 2, 3}));
  EXPECT_EQ(uring_mock_sqpoll_run(&m_), 0);
}

TEST_F(Sqpoll, SubmitToAnIdleThreadWakesIt) {
  ASSERT_EQ(Init(8, URING_SETUP_SQPOLL), 0);
  ASSERT_EQ(uring_mock_sqpoll_idle(&m_), 0);
  EXPECT_TRUE(SqFlags() & URING_SQ_NEED_WAKEUP);
  QueueNops(10, 2);
  uint64_t enters = m_.stats.enters;
  EXPECT_EQ(uring_submit(&ring_), 2);
  EXPECT_EQ(m_.stats.enters, enters + 1);
  EXPECT_EQ(ReapData(&ring_), (std::vector<uint64_t>{10, 11}));
  // Woken, it stays awake: the next submit enters nothing.
  EXPECT_EQ(SqFlags() & URING_SQ_NEED_WAKEUP, 0u);
  QueueNops(12, 1);
  EXPECT_EQ(uring_submit(&ring_), 1);
  EXPECT_EQ(m_.stats.enters, enters + 1);
  EXPECT_TRUE(ReapData(&ring_).empty());
  EXPECT_EQ(uring_mock_sqpoll_run(&m_), 1);
  EXPECT_EQ(ReapData(&ring_), (std::vector<uint64_t>{12}));
}

TEST_F(Sqpoll, IdleAfterEachRunMakesEverySubmitWake) {
  ASSERT_EQ(Init(8, URING_SETUP_SQPOLL), 0);
  uring_mock_sqpoll_idle_after_run(&m_, 1);
  EXPECT_EQ(uring_mock_sqpoll_run(&m_), 0);
  EXPECT_TRUE(SqFlags() & URING_SQ_NEED_WAKEUP);
  uint64_t enters = m_.stats.enters;
  for (uint64_t i = 0; i < 3; i++) {
    QueueNops(20 + i, 1);
    EXPECT_EQ(uring_submit(&ring_), 1);
    EXPECT_EQ(ReapData(&ring_), (std::vector<uint64_t>{20 + i}));
    EXPECT_TRUE(SqFlags() & URING_SQ_NEED_WAKEUP);
  }
  EXPECT_EQ(m_.stats.enters, enters + 3);
}

TEST_F(Sqpoll, PlainEnterConsumesNothingButWaitsWork) {
  ASSERT_EQ(Init(8, URING_SETUP_SQPOLL), 0);
  QueueNops(30, 2);
  // A wait enters (GETEVENTS) without SQ_WAKEUP: the awake thread has not run, so nothing
  // can complete and the wait could never end.
  EXPECT_EQ(uring_submit_and_wait(&ring_, 1), -EDEADLK);
  EXPECT_EQ(uring_load_acquire(ring_.sq.khead), 0u);
  EXPECT_EQ(uring_mock_sqpoll_run(&m_), 2);
  // With the CQEs there, the same wait returns at once.
  EXPECT_EQ(uring_submit_and_wait(&ring_, 2), 0);
  EXPECT_EQ(ReapData(&ring_), (std::vector<uint64_t>{30, 31}));
}

TEST_F(Sqpoll, SqringWaitRunsAnAwakeThreadAndRefusesASleepingOne) {
  ASSERT_EQ(Init(4, URING_SETUP_SQPOLL), 0);
  QueueNops(40, 4);
  EXPECT_EQ(uring_submit(&ring_), 4);
  EXPECT_EQ(uring_sq_space_left(&ring_), 0u);
  ASSERT_EQ(uring_mock_sqpoll_idle(&m_), 0);
  // A sleeping thread frees no slot: the kernel would wait until a signal.
  EXPECT_EQ(uring_sqring_wait(&ring_), -EDEADLK);
  // Awake, it consumes the SQ and the wait ends with room.
  EXPECT_EQ(uring_mock_sqpoll_run(&m_), 4);
  QueueNops(44, 4);
  EXPECT_EQ(uring_submit(&ring_), 4);
  EXPECT_EQ(uring_sqring_wait(&ring_), 0);
  EXPECT_EQ(uring_sq_space_left(&ring_), 4u);
  std::vector<uint64_t> got = ReapData(&ring_);
  EXPECT_EQ(got, (std::vector<uint64_t>{40, 41, 42, 43, 44, 45, 46, 47}));
}

}  // namespace
