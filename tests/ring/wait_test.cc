// Waits on the real kernel that really block: timeouts that expire, completions that arrive
// from another thread while the wait is in the kernel, min-timeout batching, signal masks.
// A pipe read that has no data yet is the completion that comes later: it finishes when a
// helper thread writes.
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/time.h>
#include <time.h>
#include <string.h>
#include <unistd.h>

#include <set>
#include <thread>

#include "gtest/gtest.h"
#include "tests/ring/wait_common.h"
#include "tests/support/kernel.h"
#include "uring/uring.h"

namespace {

using uring_wait_test::Pipe;
using uring_wait_test::Stopwatch;

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

// The time runs out with two of the three CQEs there: those are the result (success, as
// liburing's io_uring_wait_cqes), after the whole time.
TEST_F(Waits, WaitCqesTimesOutShortOfN) {
  QueueNop(1);
  QueueNop(2);
  ASSERT_EQ(uring_submit(&ring_), 2);
  struct uring_timespec ts = {0, 10 * 1000 * 1000};
  struct uring_cqe *cqe = nullptr;
  Stopwatch sw;
  EXPECT_EQ(uring_wait_cqes(&ring_, &cqe, 3, &ts, nullptr), 0);
  EXPECT_GE(sw.Ms(), 10.0);
  EXPECT_EQ(uring_cq_ready(&ring_), 2u);
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

// The time runs out with nothing completed: the result is the submit count (the read went
// in), and no CQE. With nothing to submit, the same wait is -ETIME.
TEST_F(Waits, SubmitAndWaitTimeoutExpires) {
  QueueRead(5);
  struct uring_timespec ts = {0, 10 * 1000 * 1000};
  struct uring_cqe *cqe = reinterpret_cast<struct uring_cqe *>(&ts);
  EXPECT_EQ(uring_submit_and_wait_timeout(&ring_, &cqe, 1, &ts, nullptr), 1);
  EXPECT_EQ(cqe, nullptr);
  EXPECT_EQ(uring_sq_ready(&ring_), 0u);
  EXPECT_EQ(uring_submit_and_wait_timeout(&ring_, &cqe, 1, &ts, nullptr), -ETIME);
  EXPECT_EQ(cqe, nullptr);
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
  // The read went in (the count), nothing completed (no CQE); then nothing to submit.
  EXPECT_EQ(uring_submit_and_wait_min_timeout(&ring_, &cqe, 1, &ts, 1000, nullptr), 1);
  EXPECT_EQ(cqe, nullptr);
  EXPECT_EQ(uring_submit_and_wait_min_timeout(&ring_, &cqe, 1, &ts, 1000, nullptr), -ETIME);
  EXPECT_EQ(cqe, nullptr);
  ASSERT_EQ(write(pipe_.w, "q", 1), 1);
  ASSERT_EQ(uring_wait_cqe(&ring_, &cqe), 0);
  EXPECT_EQ(cqe->user_data, 13u);
  uring_cqe_seen(&ring_, cqe);
}

// A TIMEOUT that completes by its count (res 0) ends the kernel's wait as an expiring one
// does, but its CQE looks like many others: the library takes the wake-up for a signal
// (cq.h), so the wait for 8 returns -EINTR with the two CQEs there.
TEST_F(Waits, CountTimeoutEndsTheWaitAsASignalWould) {
  struct uring_timespec ts = {30, 0};
  struct uring_sqe *sqe = uring_get_sqe(&ring_);
  ASSERT_NE(sqe, nullptr);
  uring_prep_timeout(sqe, &ts, 1, 0);
  uring_sqe_set_data64(sqe, 20);
  QueueRead(21);
  ASSERT_EQ(uring_submit(&ring_), 2);
  std::thread writer = WriteLater("c");
  struct uring_cqe *cqe = nullptr;
  Stopwatch sw;
  int ret = uring_wait_cqe_nr(&ring_, &cqe, 8);
  writer.join();
  EXPECT_EQ(ret, -EINTR);
  EXPECT_LT(sw.Ms(), 10000.0);
  ASSERT_NE(cqe, nullptr);
  EXPECT_EQ(uring_cq_ready(&ring_), 2u);
  EXPECT_EQ(ReapAll(), (std::set<uint64_t>{20, 21}));
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


// --- The wait contract under early kernel returns: TIMEOUT requests and signals. ---------

// Queues `n` TIMEOUT requests expiring 1, 2, ... n ms from now (user_data 100 + i).
void QueueTimeouts(struct uring *ring, unsigned n, struct uring_timespec *ts) {
  for (unsigned i = 0; i < n; i++) {
    struct uring_sqe *sqe = uring_get_sqe(ring);
    ASSERT_NE(sqe, nullptr);
    ts[i].tv_sec = 0;
    ts[i].tv_nsec = (long)(i + 1) * 1000 * 1000;
    uring_prep_timeout(sqe, &ts[i], 0, 0);
    uring_sqe_set_data64(sqe, 100 + i);
  }
}

// Each TIMEOUT's expiry ends the kernel's wait early; the wait goes on until all 20 are
// there (it used to give up with -EPROTO).
TEST(WaitContract, TimeoutRequestsDoNotEndAWaitForMore) {
  URING_SKIP_WITHOUT_KERNEL();
  struct uring ring;
  ASSERT_EQ(uring_init(&ring, 32, 0), 0);
  struct uring_timespec ts[20];
  for (int round = 0; round < 5; round++) {
    QueueTimeouts(&ring, 20, ts);
    if (HasFatalFailure()) break;
    ASSERT_EQ(uring_submit(&ring), 20);
    struct uring_cqe *cqe = nullptr;
    Stopwatch sw;
    ASSERT_EQ(uring_wait_cqe_nr(&ring, &cqe, 20), 0) << "round " << round;
    EXPECT_GE(sw.Ms(), 19.0);
    ASSERT_EQ(uring_cq_ready(&ring), 20u);
    ASSERT_NE(cqe, nullptr);
    EXPECT_EQ(cqe->res, -ETIME);
    uring_cq_advance(&ring, 20);
  }
  uring_exit(&ring);
}

// The same with a time limit: the TIMEOUTs do not end it, and the limit is not restarted
// by them either. 8 asked for, 3 TIMEOUTs at 1-3 ms, limit 200 ms: success with the 3, at
// 200 ms (not at 3 ms, and not at 3 + 200 ms).
TEST(WaitContract, TimedWaitOutlastsTimeoutWakeups) {
  URING_SKIP_WITHOUT_KERNEL();
  struct uring ring;
  ASSERT_EQ(uring_init(&ring, 16, 0), 0);
  if (!(ring.features & URING_FEAT_EXT_ARG)) {
    uring_exit(&ring);
    GTEST_SKIP() << "kernel lacks URING_FEAT_EXT_ARG (5.11): no timed waits";
  }
  struct uring_timespec ts[3];
  QueueTimeouts(&ring, 3, ts);
  ASSERT_EQ(uring_submit(&ring), 3);
  struct uring_timespec limit = {0, 200 * 1000 * 1000};
  struct uring_cqe *cqe = nullptr;
  Stopwatch sw;
  EXPECT_EQ(uring_wait_cqes(&ring, &cqe, 8, &limit, nullptr), 0);
  double ms = sw.Ms();
  EXPECT_GE(ms, 199.0);
  EXPECT_LT(ms, 190.0 + 200.0);
  EXPECT_EQ(uring_cq_ready(&ring), 3u);
  EXPECT_NE(cqe, nullptr);
  uring_exit(&ring);
}

// liburing's results for the same situations: one SQE, a 100 ms limit, two CQEs asked
// for: the submit count (1) with the one CQE; one CQE ready, two asked for: 0 with it.
TEST(WaitContract, ShortAtTheDeadlineIsSuccessWithWhatArrived) {
  URING_SKIP_WITHOUT_KERNEL();
  struct uring ring;
  ASSERT_EQ(uring_init(&ring, 8, 0), 0);
  if (!(ring.features & URING_FEAT_EXT_ARG)) {
    uring_exit(&ring);
    GTEST_SKIP() << "kernel lacks URING_FEAT_EXT_ARG (5.11): no timed waits";
  }
  struct uring_sqe *sqe = uring_get_sqe(&ring);
  ASSERT_NE(sqe, nullptr);
  uring_prep_nop(sqe);
  uring_sqe_set_data64(sqe, 1);
  struct uring_timespec limit = {0, 100 * 1000 * 1000};
  struct uring_cqe *cqe = nullptr;
  Stopwatch sw;
  EXPECT_EQ(uring_submit_and_wait_timeout(&ring, &cqe, 2, &limit, nullptr), 1);
  EXPECT_GE(sw.Ms(), 99.0);
  ASSERT_NE(cqe, nullptr);
  EXPECT_EQ(cqe->user_data, 1u);

  cqe = nullptr;
  Stopwatch sw2;
  EXPECT_EQ(uring_wait_cqes(&ring, &cqe, 2, &limit, nullptr), 0);
  EXPECT_GE(sw2.Ms(), 99.0);
  ASSERT_NE(cqe, nullptr);
  EXPECT_EQ(cqe->user_data, 1u);
  EXPECT_EQ(uring_cq_ready(&ring), 1u);
  uring_exit(&ring);
}

// uring_wait_cqes_min_timeout: with URING_FEAT_MIN_TIMEOUT (6.12) the wait for 8 ends with
// the one CQE there once the minimum has passed, long before the time limit; without it the
// minimum is dropped (liburing's behaviour) and the wait runs to its time limit, then
// returns what arrived. Before 5.11 (no EXT_ARG) it is refused.
TEST_F(Waits, WaitCqesMinTimeoutPerKernel) {
  QueueNop(21);
  ASSERT_EQ(uring_submit(&ring_), 1);
  struct uring_timespec ts = {0, 300 * 1000 * 1000};
  struct uring_cqe *cqe = nullptr;
  Stopwatch sw;
  int ret = uring_wait_cqes_min_timeout(&ring_, &cqe, 8, &ts, 1000, nullptr);
  double ms = sw.Ms();
  if (!(ring_.features & URING_FEAT_EXT_ARG)) {
    EXPECT_EQ(ret, -EOPNOTSUPP) << "kernel without URING_FEAT_EXT_ARG (5.11)";
    EXPECT_EQ(cqe, nullptr);
    return;
  }
  ASSERT_EQ(ret, 0);
  ASSERT_NE(cqe, nullptr);
  EXPECT_EQ(cqe->user_data, 21u);
  if (ring_.features & URING_FEAT_MIN_TIMEOUT) {
    EXPECT_LT(ms, 250.0) << "the minimum (1 ms) passed with a CQE there";
  } else {
    EXPECT_GE(ms, 290.0) << "no MIN_TIMEOUT (6.12): the whole time limit";
  }
  EXPECT_EQ(ReapAll(), (std::set<uint64_t>{21}));
  // Nothing in the CQ and nothing coming: -ETIME when the time runs out.
  ts.tv_nsec = 20 * 1000 * 1000;
  EXPECT_EQ(uring_wait_cqes_min_timeout(&ring_, &cqe, 1, &ts, 1000, nullptr), -ETIME);
  EXPECT_EQ(cqe, nullptr);
}

// A late completion ends a min-timeout wait for one CQE with success.
TEST_F(Waits, WaitCqesMinTimeoutSeesLateCompletion) {
  if (!(ring_.features & URING_FEAT_EXT_ARG))
    GTEST_SKIP() << "kernel lacks URING_FEAT_EXT_ARG (5.11): no extended waits";
  QueueRead(22);
  ASSERT_EQ(uring_submit(&ring_), 1);
  std::thread writer = WriteLater("w");
  struct uring_timespec ts = {10, 0};
  struct uring_cqe *cqe = nullptr;
  int ret = uring_wait_cqes_min_timeout(&ring_, &cqe, 1, &ts, 1000, nullptr);
  writer.join();
  ASSERT_EQ(ret, 0);
  ASSERT_NE(cqe, nullptr);
  EXPECT_EQ(cqe->user_data, 22u);
  EXPECT_EQ(cqe->res, 1);
  uring_cqe_seen(&ring_, cqe);
}

// Registered wait arguments (6.13): a region of struct uring_reg_wait registered on a
// disabled ring, then waits that name an entry by index.
class RegWait : public ::testing::Test {
 protected:
  static constexpr size_t kRegion = 4096;  // 64 entries
  void SetUp() override {
    URING_SKIP_WITHOUT_KERNEL();
    ASSERT_EQ(uring_init(&ring_, 8, URING_SETUP_R_DISABLED), 0);
    live_ = true;
    ASSERT_EQ(posix_memalign(&mem_, 4096, kRegion), 0);
    memset(mem_, 0, kRegion);
    struct uring_region_desc rd;
    memset(&rd, 0, sizeof rd);
    rd.user_addr = reinterpret_cast<uintptr_t>(mem_);
    rd.size = kRegion;
    rd.flags = URING_MEM_REGION_TYPE_USER;
    struct uring_mem_region_reg mr;
    memset(&mr, 0, sizeof mr);
    mr.region_uptr = reinterpret_cast<uintptr_t>(&rd);
    mr.flags = URING_MEM_REGION_REG_WAIT_ARG;
    int ret = uring_register_region(&ring_, &mr);
    if (ret == -EINVAL && !uring_test::KernelAtLeast(6, 13))
      GTEST_SKIP() << "registered wait regions (URING_REGISTER_MEM_REGION, 6.13) not supported";
    ASSERT_EQ(ret, 0) << strerror(-ret);
    ASSERT_EQ(uring_enable_rings(&ring_), 0);
    ASSERT_GE(pipe_.r, 0);
  }
  void TearDown() override {
    if (live_) uring_exit(&ring_);
    free(mem_);
  }
  struct uring_reg_wait *Entry(int i) { return static_cast<struct uring_reg_wait *>(mem_) + i; }
  void Queue(uint64_t ud, bool read) {
    struct uring_sqe *sqe = uring_get_sqe(&ring_);
    ASSERT_NE(sqe, nullptr);
    if (read)
      uring_prep_read(sqe, pipe_.r, buf_, sizeof buf_, 0);
    else
      uring_prep_nop(sqe);
    uring_sqe_set_data64(sqe, ud);
  }

  struct uring ring_;
  bool live_ = false;
  void *mem_ = nullptr;
  Pipe pipe_;
  char buf_[8];
};

TEST_F(RegWait, TheEntrysTimeLimitEndsTheWait) {
  Entry(1)->ts.tv_nsec = 30 * 1000 * 1000;
  Entry(1)->flags = URING_REG_WAIT_TS;
  Queue(1, true);  // a read that waits for data
  struct uring_cqe *cqe = nullptr;
  Stopwatch sw;
  // The read went in (the count), the entry's 30 ms ran out, nothing arrived.
  EXPECT_EQ(uring_submit_and_wait_reg(&ring_, &cqe, 1, 1), 1);
  EXPECT_GE(sw.Ms(), 25.0);
  EXPECT_EQ(cqe, nullptr);
  Stopwatch sw2;
  EXPECT_EQ(uring_submit_and_wait_reg(&ring_, &cqe, 1, 1), -ETIME);
  EXPECT_GE(sw2.Ms(), 25.0);
  EXPECT_EQ(cqe, nullptr);
  // Another entry, a long limit: the CQEs end the wait.
  Entry(5)->ts.tv_sec = 10;
  Entry(5)->flags = URING_REG_WAIT_TS;
  ASSERT_EQ(write(pipe_.w, "z", 1), 1);
  Queue(2, false);
  Stopwatch sw3;
  EXPECT_EQ(uring_submit_and_wait_reg(&ring_, &cqe, 2, 5), 1);
  EXPECT_LT(sw3.Ms(), 5000.0);
  ASSERT_NE(cqe, nullptr);
  EXPECT_EQ(uring_cq_ready(&ring_), 2u);
  std::set<uint64_t> seen;
  while (uring_peek_cqe(&ring_, &cqe) == 0) {
    seen.insert(cqe->user_data);
    uring_cqe_seen(&ring_, cqe);
  }
  EXPECT_EQ(seen, (std::set<uint64_t>{1, 2}));
}

// What the kernel refuses: an index past the region (-EFAULT, as a negative one), an entry
// with unknown flags (-EINVAL). Nothing is submitted with a refused wait's enter.
TEST_F(RegWait, KernelRefusals) {
  struct uring_cqe *cqe = nullptr;
  EXPECT_EQ(uring_submit_and_wait_reg(&ring_, &cqe, 1, 64), -EFAULT);
  EXPECT_EQ(uring_submit_and_wait_reg(&ring_, &cqe, 1, -1), -EFAULT);
  Entry(2)->flags = 0x80;
  EXPECT_EQ(uring_submit_and_wait_reg(&ring_, &cqe, 1, 2), -EINVAL);
  EXPECT_EQ(cqe, nullptr);
  // A CQE already there: the wait ends at once with it.
  Entry(3)->flags = 0;
  Queue(9, false);
  ASSERT_EQ(uring_submit(&ring_), 1);
  EXPECT_EQ(uring_submit_and_wait_reg(&ring_, &cqe, 1, 3), 0);
  ASSERT_NE(cqe, nullptr);
  EXPECT_EQ(cqe->user_data, 9u);
  uring_cqe_seen(&ring_, cqe);
}

// Without a region, or before 6.13, the kernel refuses the wait; without EXT_ARG (5.11) the
// library does, with liburing's -EINVAL; a torn-down ring and NULLs are refused.
TEST(RegWaitNoRegion, Refused) {
  URING_SKIP_WITHOUT_KERNEL();
  struct uring ring;
  ASSERT_EQ(uring_init(&ring, 4, 0), 0);
  struct uring_cqe *cqe = nullptr;
  int ret = uring_submit_and_wait_reg(&ring, &cqe, 1, 0);
  if (!(ring.features & URING_FEAT_EXT_ARG) || !uring_test::KernelAtLeast(6, 13))
    EXPECT_EQ(ret, -EINVAL) << "EXT_ARG_REG (6.13) unknown to this kernel";
  else
    EXPECT_EQ(ret, -EFAULT) << "no wait region registered";
  EXPECT_EQ(uring_submit_and_wait_reg(nullptr, &cqe, 1, 0), -EFAULT);
  EXPECT_EQ(uring_submit_and_wait_reg(&ring, nullptr, 1, 0), -EFAULT);
  uring_exit(&ring);
  EXPECT_EQ(uring_submit_and_wait_reg(&ring, &cqe, 1, 0), -EBADF);
}

// procs_blocked in /proc/stat: the tasks the kernel counts as waiting for I/O right now.
static long ProcsBlocked() {
  FILE *f = fopen("/proc/stat", "r");
  if (!f) return -1;
  char line[256];
  long n = -1;
  while (fgets(line, sizeof line, f))
    if (sscanf(line, "procs_blocked %ld", &n) == 1) break;
  fclose(f);
  return n;
}

// uring_set_iowait: -EOPNOTSUPP without URING_FEAT_NO_IOWAIT (6.15), as liburing. With it,
// a wait with a request in flight counts as iowait (procs_blocked includes the waiter)
// until uring_set_iowait(ring, 0), after which it does not (a sample of 0 while it waits);
// uring_set_iowait(ring, 1) restores it.
TEST_F(Waits, SetIowaitPerKernel) {
  if (!(ring_.features & URING_FEAT_NO_IOWAIT)) {
    EXPECT_EQ(uring_set_iowait(&ring_, 0), -EOPNOTSUPP) << "no URING_FEAT_NO_IOWAIT (6.15)";
    EXPECT_EQ(uring_set_iowait(&ring_, 1), -EOPNOTSUPP);
    return;
  }
  if (ProcsBlocked() < 0) GTEST_SKIP() << "/proc/stat unreadable";
  // Waits on a pipe read while another thread samples procs_blocked for up to `ms`, stopping
  // at the first sample `stop` accepts, then writes the data. Returns that sample, or the
  // last one.
  auto wait_and_sample = [&](uint64_t ud, bool (*stop)(long), int ms) {
    QueueRead(ud);
    EXPECT_EQ(uring_submit(&ring_), 1);
    long found = -1;
    std::thread sampler([&] {
      usleep(50 * 1000);  // the waiter is asleep in the kernel by now
      for (int i = 0; i < ms; i++) {
        found = ProcsBlocked();
        if (stop(found)) break;
        usleep(1000);
      }
      EXPECT_EQ(write(pipe_.w, "i", 1), 1);
    });
    struct uring_cqe *cqe = nullptr;
    EXPECT_EQ(uring_wait_cqe(&ring_, &cqe), 0);
    sampler.join();
    if (cqe) {
      EXPECT_EQ(cqe->user_data, ud);
      uring_cqe_seen(&ring_, cqe);
    }
    return found;
  };
  // Counted: every sample includes the waiter, so the first one is at least 1.
  EXPECT_GE(wait_and_sample(31, [](long) { return true; }, 1), 1);
  ASSERT_EQ(uring_set_iowait(&ring_, 0), 0);
  // Not counted: some sample in a second reads 0 (other tasks' I/O may come and go).
  EXPECT_EQ(wait_and_sample(32, [](long n) { return n == 0; }, 1000), 0)
      << "the waiter still counts as iowait after uring_set_iowait(ring, 0)";
  ASSERT_EQ(uring_set_iowait(&ring_, 1), 0);
  EXPECT_GE(wait_and_sample(33, [](long) { return true; }, 1), 1);
}

TEST(SetIowait, BadInput) {
  struct uring zeroed;
  memset(&zeroed, 0, sizeof zeroed);
  EXPECT_EQ(uring_set_iowait(nullptr, 0), -EFAULT);
  EXPECT_EQ(uring_set_iowait(&zeroed, 0), -EBADF);
  EXPECT_EQ(uring_wait_cqes_min_timeout(nullptr, nullptr, 1, nullptr, 0, nullptr), -EFAULT);
}

}  // namespace
