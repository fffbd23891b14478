// The mock's served opcodes and request semantics (links, drain, CQE skipping, the mock
// file table, timeouts on the virtual clock, cancellation, polls, fault injection),
// through the library's API. Where a kernel rule is copied, mock_ops_kernel_test runs the
// same SQEs on the real kernel.
#include <errno.h>
#include <poll.h>
#include <sys/uio.h>

#include <cstdint>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/mock/mock_ops_common.h"
#include "tests/support/harness.h"
#include "tests/support/mock.h"
#include "uring/mock/mock.h"
#include "uring/uring.h"

namespace {

using uring_mock_ops_test::Cqe;
using uring_mock_ops_test::Nop;
using uring_mock_ops_test::Pairs;
using uring_mock_ops_test::PrepTimeout;
using uring_mock_ops_test::QueueStep;
using uring_mock_ops_test::Reap;
using uring_mock_ops_test::RunSteps;
using uring_mock_ops_test::Sorted;
using uring_mock_ops_test::kDrainBeforeSkip;
using uring_mock_ops_test::kKernelChains;
using uring_mock_ops_test::kTwoFailedChains;
using uring_test::Backend;
using uring_test::RingHolder;

class Ops : public ::testing::Test {
 protected:
  void SetUp() override {
    struct uring_params p = {};
    ASSERT_EQ(uring_test::InitRing(&h_, Backend::kMock, 16, &p), 0);
    m_ = uring_test::MockOf(&h_);
    ASSERT_NE(m_, nullptr);
  }
  struct uring *r() { return &h_.ring; }
  struct uring_sqe *Sqe() {
    struct uring_sqe *sqe = uring_get_sqe(r());
    EXPECT_NE(sqe, nullptr);
    return sqe;
  }
  std::vector<Cqe> Submit(int want_submitted) {
    EXPECT_EQ(uring_submit(r()), want_submitted);
    return Reap(r());
  }
  RingHolder h_;
  struct uring_mock *m_ = nullptr;
};

void ExpectCqes(const std::vector<Cqe> &got, const std::vector<Cqe> &want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); i++) {
    EXPECT_EQ(got[i].user_data, want[i].user_data) << "CQE " << i;
    EXPECT_EQ(got[i].res, want[i].res) << "CQE " << i << " ud " << got[i].user_data;
    EXPECT_EQ(got[i].flags, want[i].flags) << "CQE " << i << " ud " << got[i].user_data;
  }
}

// --- Links -------------------------------------------------------------------------

TEST_F(Ops, FailedLinksCancelTheRestInTheKernelsOrder) {
  std::vector<Cqe> c = RunSteps(&h_, kTwoFailedChains, 5);
  ExpectCqes(c, {{1, -EIO, 0},
                 {3, -ECANCELED, 0},
                 {2, -ECANCELED, 0},
                 {4, -EINVAL, 0},
                 {5, -ECANCELED, 0}});
}

TEST_F(Ops, HardLinkGoesOnAfterAFailure) {
  std::vector<Cqe> c = RunSteps(&h_, kKernelChains[1], 4);
  ExpectCqes(c, {{1, -EIO, 0}, {4, 0, 0}, {2, -EIO, 0}, {3, -ECANCELED, 0}});
}

TEST_F(Ops, SkipSuccessSuppressesOnlySuccesses) {
  std::vector<Cqe> c = RunSteps(&h_, kKernelChains[2], 1);
  ExpectCqes(c, {{2, -EIO, 0}});
}

TEST_F(Ops, AChainRunsInOrder) {
  unsigned char data[16] = {};
  ASSERT_EQ(uring_mock_add_file(m_, 7, data, 0, sizeof data), 0);
  const char *parts[] = {"ab", "cd", "ef"};
  for (int i = 0; i < 3; i++) {
    struct uring_sqe *sqe = Sqe();
    uring_prep_write(sqe, 7, parts[i], 2, static_cast<uint64_t>(-1));
    uring_sqe_set_data64(sqe, 10 + i);
    if (i < 2) uring_sqe_set_flags(sqe, URING_SQE_IO_LINK);
  }
  char back[6];
  struct uring_sqe *sqe = Sqe();
  uring_prep_read(sqe, 7, back, sizeof back, 0);
  uring_sqe_set_data64(sqe, 20);
  std::vector<Cqe> c = Submit(4);
  // The unlinked read runs while the chain's later members wait for their turn.
  ExpectCqes(c, {{10, 2, 0}, {20, 2, 0}, {11, 2, 0}, {12, 2, 0}});
  EXPECT_EQ(uring_mock_file_size(m_, 7), 6);
  EXPECT_EQ(std::string(reinterpret_cast<char *>(data), 6), "abcdef");
}

TEST_F(Ops, AShortReadBreaksItsLink) {
  unsigned char data[4] = {'w', 'x', 'y', 'z'};
  ASSERT_EQ(uring_mock_add_file(m_, 3, data, 4, 4), 0);
  char buf[10];
  struct uring_sqe *sqe = Sqe();
  uring_prep_read(sqe, 3, buf, sizeof buf, 0);
  uring_sqe_set_data64(sqe, 1);
  uring_sqe_set_flags(sqe, URING_SQE_IO_LINK);
  QueueStep(r(), {2, 0, Nop::kOk});
  ExpectCqes(Submit(2), {{1, 4, 0}, {2, -ECANCELED, 0}});
}

TEST_F(Ops, AChainTheBatchEndsInsideRunsAsItStands) {
  QueueStep(r(), {1, URING_SQE_IO_LINK, Nop::kOk});
  QueueStep(r(), {2, URING_SQE_IO_LINK, Nop::kOk});
  ExpectCqes(Submit(2), {{1, 0, 0}, {2, 0, 0}});
  // The next submit starts a new chain.
  QueueStep(r(), {3, 0, Nop::kFail});
  ExpectCqes(Submit(1), {{3, -EIO, 0}});
}

TEST_F(Ops, AFailedMemberDoesNotEndTheBatchButAFailedLastOneDoes) {
  QueueStep(r(), {1, URING_SQE_IO_LINK, Nop::kInvalid});
  QueueStep(r(), {2, 0, Nop::kOk});
  QueueStep(r(), {3, URING_SQE_IO_LINK, Nop::kOk});
  QueueStep(r(), {4, 0, Nop::kInvalid});
  QueueStep(r(), {5, 0, Nop::kOk});
  std::vector<Cqe> c = Submit(4);
  ExpectCqes(c, {{1, -EINVAL, 0}, {3, -ECANCELED, 0}, {2, -ECANCELED, 0}, {4, -EINVAL, 0}});
  ExpectCqes(Submit(1), {{5, 0, 0}});
}

// More chains in one batch than the mock queues steps for: the oldest steps run early,
// and every chain still completes in its own order.
TEST(OpsMany, MoreChainsThanQueuedSteps) {
  RingHolder h;
  struct uring_params p = {};
  ASSERT_EQ(uring_test::InitRing(&h, Backend::kMock, 1024, &p), 0);
  const unsigned chains = 2 * URING_MOCK_FOLLOWUPS;
  for (unsigned i = 0; i < chains; i++) {
    QueueStep(&h.ring, {3ull * i, URING_SQE_IO_LINK, Nop::kOk});
    QueueStep(&h.ring, {3ull * i + 1, URING_SQE_IO_LINK, i % 2 ? Nop::kFail : Nop::kOk});
    QueueStep(&h.ring, {3ull * i + 2, 0, Nop::kOk});
  }
  EXPECT_EQ(uring_submit(&h.ring), static_cast<int>(3 * chains));
  std::vector<Cqe> c = Reap(&h.ring);
  ASSERT_EQ(c.size(), 3u * chains);
  std::vector<int> seen(3 * chains, -1);
  for (size_t i = 0; i < c.size(); i++) {
    ASSERT_LT(c[i].user_data, 3u * chains);
    EXPECT_EQ(seen[c[i].user_data], -1) << "twice: " << c[i].user_data;
    seen[c[i].user_data] = static_cast<int>(i);
  }
  for (unsigned i = 0; i < chains; i++) {
    EXPECT_LT(seen[3 * i], seen[3 * i + 1]) << i;
    EXPECT_LT(seen[3 * i + 1], seen[3 * i + 2]) << i;
    EXPECT_EQ(c[seen[3 * i + 1]].res, i % 2 ? -EIO : 0) << i;
    EXPECT_EQ(c[seen[3 * i + 2]].res, i % 2 ? -ECANCELED : 0) << i;
  }
  EXPECT_EQ(uring_mock_pending(uring_test::MockOf(&h)), 0u);
}

// --- Drain -------------------------------------------------------------------------

TEST_F(Ops, DrainWaitsForEverythingBeforeIt) {
  struct uring_timespec ts = {1, 0};
  uring_prep_timeout(Sqe(), &ts, 0, 0);
  r()->sq.sqes[(r()->sq.sqe_tail - 1) & r()->sq.ring_mask].user_data = 1;
  QueueStep(r(), {2, URING_SQE_IO_DRAIN, Nop::kOk});
  QueueStep(r(), {3, 0, Nop::kOk});  // behind a waiting drain, it waits too
  EXPECT_TRUE(Submit(3).empty());
  EXPECT_EQ(uring_mock_pending(m_), 3u);
  ASSERT_EQ(uring_mock_advance_clock(m_, 1000000000ull), 0);
  ExpectCqes(Reap(r()), {{1, -ETIME, 0}, {2, 0, 0}, {3, 0, 0}});
  EXPECT_EQ(uring_mock_pending(m_), 0u);
  // With nothing in flight a drain runs at once.
  QueueStep(r(), {4, URING_SQE_IO_DRAIN, Nop::kOk});
  ExpectCqes(Submit(1), {{4, 0, 0}});
}

TEST_F(Ops, SkipSuccessRefusesOnlyLaterDrains) {
  std::vector<Cqe> c = RunSteps(&h_, kDrainBeforeSkip, 3);
  EXPECT_EQ(Sorted(Pairs(c)), Sorted({{1, -EINVAL}, {2, -ECANCELED}, {3, -ECANCELED}}));
  // Drain is now off for good: the same chain in a new batch has its member refused.
  c = RunSteps(&h_, kDrainBeforeSkip, 3);
  EXPECT_EQ(Sorted(Pairs(c)), Sorted({{1, -EINVAL}, {2, -EOPNOTSUPP}, {3, -ECANCELED}}));
  EXPECT_EQ(uring_mock_pending(m_), 0u);
}

// --- The mock file table -----------------------------------------------------------

TEST_F(Ops, ReadsAndWritesHonourOffsetsAndThePosition) {
  unsigned char data[8] = {'0', '1', '2', '3', '4', '5'};
  ASSERT_EQ(uring_mock_add_file(m_, 4, data, 6, sizeof data), 0);
  EXPECT_EQ(uring_mock_add_file(m_, 4, data, 6, sizeof data), -EEXIST);
  EXPECT_EQ(uring_mock_add_file(m_, -1, data, 6, sizeof data), -EINVAL);
  EXPECT_EQ(uring_mock_add_file(m_, 5, data, 9, sizeof data), -EINVAL);
  char a[4] = {}, b[4] = {}, c4[4] = {}, d[4] = {};
  uring_prep_read(Sqe(), 4, a, 3, 2);  // at offset 2
  uring_prep_read(Sqe(), 4, b, 4, static_cast<uint64_t>(-1));  // position 0 -> 4
  uring_prep_read(Sqe(), 4, c4, 4, static_cast<uint64_t>(-1));  // short: 2 left
  uring_prep_read(Sqe(), 4, d, 4, 6);  // at EOF
  uring_prep_read(Sqe(), 99, d, 4, 0);  // unknown fd
  std::vector<Cqe> c = Submit(5);
  ASSERT_EQ(c.size(), 5u);
  EXPECT_EQ(c[0].res, 3);
  EXPECT_EQ(c[1].res, 4);
  EXPECT_EQ(c[2].res, 2);
  EXPECT_EQ(c[3].res, 0);
  EXPECT_EQ(c[4].res, -EBADF);
  EXPECT_EQ(std::string(a, 3), "234");
  EXPECT_EQ(std::string(b, 4), "0123");
  EXPECT_EQ(std::string(c4, 2), "45");

  uring_prep_write(Sqe(), 4, "xy", 2, 7);  // leaves a hole at 6, fills to capacity 8... short
  uring_prep_write(Sqe(), 4, "z", 1, 8);  // nothing fits
  uring_prep_fsync(Sqe(), 4, 0);
  uring_prep_fsync(Sqe(), 98, 0);
  c = Submit(4);
  ASSERT_EQ(c.size(), 4u);
  EXPECT_EQ(c[0].res, 1);
  EXPECT_EQ(c[1].res, -ENOSPC);
  EXPECT_EQ(c[2].res, 0);
  EXPECT_EQ(c[3].res, -EBADF);
  EXPECT_EQ(uring_mock_file_size(m_, 4), 8);
  EXPECT_EQ(data[6], 0);
  EXPECT_EQ(data[7], 'x');
  EXPECT_EQ(uring_mock_remove_file(m_, 4), 0);
  EXPECT_EQ(uring_mock_file_size(m_, 4), -EBADF);
  EXPECT_EQ(uring_mock_remove_file(m_, 4), -EBADF);
}

TEST_F(Ops, VectoredReadsAndWrites) {
  unsigned char data[16] = {};
  ASSERT_EQ(uring_mock_add_file(m_, 6, data, 0, sizeof data), 0);
  char p1[] = "hello", p2[] = "world";
  struct iovec wv[2] = {{p1, 5}, {p2, 5}};
  uring_prep_writev(Sqe(), 6, wv, 2, static_cast<uint64_t>(-1));
  std::vector<Cqe> c = Submit(1);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].res, 10);
  char r1[3], r2[20];
  struct iovec rv[2] = {{r1, 3}, {r2, 20}};
  uring_prep_readv(Sqe(), 6, rv, 2, 1);
  c = Submit(1);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].res, 9);  // short at EOF
  EXPECT_EQ(std::string(r1, 3), "ell");
  EXPECT_EQ(std::string(r2, 6), "oworld");
  // A write from the position continues after the first.
  uring_prep_write(Sqe(), 6, "!", 1, static_cast<uint64_t>(-1));
  c = Submit(1);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].res, 1);
  EXPECT_EQ(data[10], '!');
}

// --- Timeouts ----------------------------------------------------------------------

constexpr uint64_t kSec = 1000000000ull;

TEST_F(Ops, RelativeAndAbsoluteTimeoutsExpireOnTheVirtualClock) {
  struct uring_timespec rel = {1, 0}, abs = {1, 500000000};
  ASSERT_EQ(uring_mock_advance_clock(m_, 1000), 0);
  PrepTimeout(Sqe(), &rel, 0, 0, 1);  // expires at 1 s + 1000 ns
  PrepTimeout(Sqe(), &abs, 0, URING_TIMEOUT_ABS, 2);  // at 1.5 s
  EXPECT_TRUE(Submit(2).empty());
  ASSERT_EQ(uring_mock_advance_clock(m_, kSec - 1), 0);
  EXPECT_TRUE(Reap(r()).empty());
  ASSERT_EQ(uring_mock_advance_clock(m_, 1), 0);
  ExpectCqes(Reap(r()), {{1, -ETIME, 0}});
  ASSERT_EQ(uring_mock_advance_clock(m_, kSec / 2 - 1001), 0);
  EXPECT_TRUE(Reap(r()).empty());
  ASSERT_EQ(uring_mock_advance_clock(m_, 1), 0);
  ExpectCqes(Reap(r()), {{2, -ETIME, 0}});
  // An absolute time already past expires at once.
  PrepTimeout(Sqe(), &rel, 0, URING_TIMEOUT_ABS, 3);
  ExpectCqes(Submit(1), {{3, -ETIME, 0}});
  EXPECT_EQ(uring_mock_now(m_), kSec + kSec / 2);
}

TEST_F(Ops, CountTimeoutCompletesAfterNCompletions) {
  struct uring_timespec ts = {10, 0};
  PrepTimeout(Sqe(), &ts, 2, 0, 1);
  QueueStep(r(), {2, 0, Nop::kOk});
  EXPECT_EQ(Submit(2).size(), 1u);
  QueueStep(r(), {3, 0, Nop::kOk});
  ExpectCqes(Submit(1), {{3, 0, 0}, {1, 0, 0}});
}

TEST_F(Ops, TimeoutRemoveAndUpdate) {
  struct uring_timespec ts = {1, 0}, later = {5, 0};
  PrepTimeout(Sqe(), &ts, 0, 0, 1);
  PrepTimeout(Sqe(), &ts, 0, 0, 2);
  EXPECT_TRUE(Submit(2).empty());
  struct uring_sqe *sqe = Sqe();
  uring_prep_timeout_remove(sqe, 1, 0);
  uring_sqe_set_data64(sqe, 10);
  sqe = Sqe();
  uring_prep_timeout_remove(sqe, 77, 0);
  uring_sqe_set_data64(sqe, 11);
  sqe = Sqe();
  uring_prep_timeout_update(sqe, &later, 2, 0);
  uring_sqe_set_data64(sqe, 12);
  // The remover completes first, its target from task work after it.
  ExpectCqes(Submit(3), {{10, 0, 0}, {11, -ENOENT, 0}, {12, 0, 0}, {1, -ECANCELED, 0}});
  ASSERT_EQ(uring_mock_advance_clock(m_, 4 * kSec), 0);
  EXPECT_TRUE(Reap(r()).empty());
  ASSERT_EQ(uring_mock_advance_clock(m_, kSec), 0);
  ExpectCqes(Reap(r()), {{2, -ETIME, 0}});
}

TEST_F(Ops, LinkTimeout) {
  unsigned char none[1];
  ASSERT_EQ(uring_mock_add_file(m_, 5, none, 0, 0), 0);
  struct uring_timespec ts = {1, 0};
  // Over a request that completes at once: the link timeout is cancelled.
  QueueStep(r(), {1, URING_SQE_IO_LINK, Nop::kOk});
  struct uring_sqe *sqe = Sqe();
  uring_prep_link_timeout(sqe, &ts, 0);
  uring_sqe_set_data64(sqe, 2);
  ExpectCqes(Submit(2), {{1, 0, 0}, {2, -ECANCELED, 0}});
  // Over a poll that never fires: the timeout fires and cancels it, and the chain after.
  sqe = Sqe();
  uring_prep_poll_add(sqe, 5, POLLIN);
  uring_sqe_set_data64(sqe, 3);
  uring_sqe_set_flags(sqe, URING_SQE_IO_LINK);
  sqe = Sqe();
  uring_prep_link_timeout(sqe, &ts, 0);
  uring_sqe_set_data64(sqe, 4);
  uring_sqe_set_flags(sqe, URING_SQE_IO_LINK);
  QueueStep(r(), {5, 0, Nop::kOk});
  EXPECT_TRUE(Submit(3).empty());
  ASSERT_EQ(uring_mock_advance_clock(m_, kSec), 0);
  ExpectCqes(Reap(r()), {{4, -ETIME, 0}, {3, -ECANCELED, 0}, {5, -ECANCELED, 0}});
  // Over a poll that fires first: the chain goes on past the cancelled timeout.
  sqe = Sqe();
  uring_prep_poll_add(sqe, 5, POLLIN);
  uring_sqe_set_data64(sqe, 6);
  uring_sqe_set_flags(sqe, URING_SQE_IO_LINK);
  sqe = Sqe();
  uring_prep_link_timeout(sqe, &ts, 0);
  uring_sqe_set_data64(sqe, 7);
  uring_sqe_set_flags(sqe, URING_SQE_IO_LINK);
  QueueStep(r(), {8, 0, Nop::kOk});
  EXPECT_TRUE(Submit(3).empty());
  ASSERT_EQ(uring_mock_set_ready(m_, 5, POLLIN), 0);
  ExpectCqes(Reap(r()), {{6, POLLIN, 0}, {7, -ECANCELED, 0}, {8, 0, 0}});
  EXPECT_EQ(uring_mock_pending(m_), 0u);
  // A link timeout that guards nothing fails submission.
  sqe = Sqe();
  uring_prep_link_timeout(sqe, &ts, 0);
  uring_sqe_set_data64(sqe, 9);
  ExpectCqes(Submit(1), {{9, -EINVAL, 0}});
}

TEST_F(Ops, AWaitWithATimeoutAdvancesNothing) {
  struct uring_timespec ts = {1, 0};
  PrepTimeout(Sqe(), &ts, 0, 0, 1);
  EXPECT_EQ(uring_submit(r()), 1);
  struct uring_cqe *cqe = nullptr;
  struct uring_timespec wait = {5, 0};
  EXPECT_EQ(uring_wait_cqe_timeout(r(), &cqe, &wait), -ETIME);
  EXPECT_EQ(uring_mock_now(m_), 0u);
  EXPECT_EQ(uring_mock_pending(m_), 1u);
}

TEST_F(Ops, MultishotTimeout) {
  struct uring_timespec ts = {0, 1000};
  uring_prep_timeout_multishot(Sqe(), &ts, 3, 0);
  r()->sq.sqes[(r()->sq.sqe_tail - 1) & r()->sq.ring_mask].user_data = 1;
  uring_prep_timeout_multishot(Sqe(), &ts, 0, 0);  // until removed
  r()->sq.sqes[(r()->sq.sqe_tail - 1) & r()->sq.ring_mask].user_data = 2;
  EXPECT_TRUE(Submit(2).empty());
  ASSERT_EQ(uring_mock_advance_clock(m_, 1000), 0);
  ExpectCqes(Reap(r()), {{1, -ETIME, URING_CQE_F_MORE}, {2, -ETIME, URING_CQE_F_MORE}});
  // Two periods at once: two rounds, the third expiry of 1 being its last.
  ASSERT_EQ(uring_mock_advance_clock(m_, 2000), 0);
  ExpectCqes(Reap(r()), {{1, -ETIME, URING_CQE_F_MORE},
                         {2, -ETIME, URING_CQE_F_MORE},
                         {1, -ETIME, 0},
                         {2, -ETIME, URING_CQE_F_MORE}});
  struct uring_sqe *sqe = Sqe();
  uring_prep_timeout_remove(sqe, 2, 0);
  uring_sqe_set_data64(sqe, 3);
  ExpectCqes(Submit(1), {{3, 0, 0}, {2, -ECANCELED, 0}});
  EXPECT_EQ(uring_mock_pending(m_), 0u);
  // Relative only.
  uring_prep_timeout_multishot(Sqe(), &ts, 0, URING_TIMEOUT_ABS);
  r()->sq.sqes[(r()->sq.sqe_tail - 1) & r()->sq.ring_mask].user_data = 4;
  ExpectCqes(Submit(1), {{4, -EINVAL, 0}});
}

// --- Cancellation ------------------------------------------------------------------

TEST_F(Ops, CancelByUserDataAnyAllAndFd) {
  unsigned char none[1];
  ASSERT_EQ(uring_mock_add_file(m_, 5, none, 0, 0), 0);
  ASSERT_EQ(uring_mock_add_file(m_, 6, none, 0, 0), 0);
  struct uring_timespec ts = {9, 0};
  PrepTimeout(Sqe(), &ts, 0, 0, 1);
  PrepTimeout(Sqe(), &ts, 0, 0, 2);
  struct uring_sqe *sqe = Sqe();
  uring_prep_poll_add(sqe, 5, POLLIN);
  uring_sqe_set_data64(sqe, 3);
  sqe = Sqe();
  uring_prep_poll_add(sqe, 5, POLLOUT);
  uring_sqe_set_data64(sqe, 4);
  sqe = Sqe();
  uring_prep_poll_add(sqe, 6, POLLIN);
  uring_sqe_set_data64(sqe, 5);
  EXPECT_TRUE(Submit(5).empty());

  sqe = Sqe();
  uring_prep_cancel64(sqe, 2, 0);
  uring_sqe_set_data64(sqe, 10);
  sqe = Sqe();
  uring_prep_cancel64(sqe, 2, 0);  // already being cancelled
  uring_sqe_set_data64(sqe, 11);
  ExpectCqes(Submit(2), {{10, 0, 0}, {11, -ENOENT, 0}, {2, -ECANCELED, 0}});

  sqe = Sqe();
  uring_prep_cancel_fd(sqe, 5, URING_ASYNC_CANCEL_ALL);
  uring_sqe_set_data64(sqe, 12);
  ExpectCqes(Submit(1), {{12, 2, 0}, {3, -ECANCELED, 0}, {4, -ECANCELED, 0}});

  // ANY alone counts and cancels every request, as ALL does (the kernel's answer).
  sqe = Sqe();
  uring_prep_cancel64(sqe, 0, URING_ASYNC_CANCEL_ANY);
  uring_sqe_set_data64(sqe, 13);
  ExpectCqes(Submit(1), {{13, 2, 0}, {1, -ECANCELED, 0}, {5, -ECANCELED, 0}});

  PrepTimeout(Sqe(), &ts, 0, 0, 6);
  EXPECT_TRUE(Submit(1).empty());
  sqe = Sqe();
  uring_prep_cancel64(sqe, 0, URING_ASYNC_CANCEL_ANY | URING_ASYNC_CANCEL_ALL);
  uring_sqe_set_data64(sqe, 14);
  ExpectCqes(Submit(1), {{14, 1, 0}, {6, -ECANCELED, 0}});

  sqe = Sqe();
  uring_prep_cancel64(sqe, 0, URING_ASYNC_CANCEL_ANY | URING_ASYNC_CANCEL_ALL);
  uring_sqe_set_data64(sqe, 15);
  sqe = Sqe();
  uring_prep_cancel64(sqe, 1234, 0);
  uring_sqe_set_data64(sqe, 16);
  ExpectCqes(Submit(2), {{15, 0, 0}, {16, -ENOENT, 0}});
  EXPECT_EQ(uring_mock_pending(m_), 0u);
}

// --- Polls -------------------------------------------------------------------------

TEST_F(Ops, SingleShotPoll) {
  unsigned char none[1];
  ASSERT_EQ(uring_mock_add_file(m_, 5, none, 0, 0), 0);
  struct uring_sqe *sqe = Sqe();
  uring_prep_poll_add(sqe, 5, POLLIN);
  uring_sqe_set_data64(sqe, 1);
  EXPECT_TRUE(Submit(1).empty());
  ASSERT_EQ(uring_mock_set_ready(m_, 5, POLLOUT), 0);  // not what it waits for
  EXPECT_TRUE(Reap(r()).empty());
  ASSERT_EQ(uring_mock_set_ready(m_, 5, POLLIN | POLLOUT), 0);
  ExpectCqes(Reap(r()), {{1, POLLIN, 0}});
  // Already ready: completes at once.
  sqe = Sqe();
  uring_prep_poll_add(sqe, 5, POLLOUT);
  uring_sqe_set_data64(sqe, 2);
  ExpectCqes(Submit(1), {{2, POLLOUT, 0}});
  sqe = Sqe();
  uring_prep_poll_add(sqe, 42, POLLIN);
  uring_sqe_set_data64(sqe, 3);
  ExpectCqes(Submit(1), {{3, -EBADF, 0}});
  EXPECT_EQ(uring_mock_set_ready(m_, 42, POLLIN), -EBADF);
}

TEST_F(Ops, MultishotPollAndRemove) {
  unsigned char none[1];
  ASSERT_EQ(uring_mock_add_file(m_, 5, none, 0, 0), 0);
  struct uring_sqe *sqe = Sqe();
  uring_prep_poll_multishot(sqe, 5, POLLIN);
  uring_sqe_set_data64(sqe, 1);
  EXPECT_TRUE(Submit(1).empty());
  ASSERT_EQ(uring_mock_set_ready(m_, 5, POLLIN), 0);
  ASSERT_EQ(uring_mock_set_ready(m_, 5, POLLIN | POLLHUP), 0);
  ExpectCqes(Reap(r()), {{1, POLLIN, URING_CQE_F_MORE}, {1, POLLIN | POLLHUP, URING_CQE_F_MORE}});
  sqe = Sqe();
  uring_prep_poll_remove(sqe, 1);
  uring_sqe_set_data64(sqe, 2);
  sqe = Sqe();
  uring_prep_poll_remove(sqe, 1);
  uring_sqe_set_data64(sqe, 3);
  ExpectCqes(Submit(2), {{2, 0, 0}, {3, -ENOENT, 0}, {1, -ECANCELED, 0}});
  ASSERT_EQ(uring_mock_set_ready(m_, 5, POLLIN), 0);
  EXPECT_TRUE(Reap(r()).empty());
}

// --- Fault injection, probe, refusals ----------------------------------------------

TEST_F(Ops, ReversedBatch) {
  uring_mock_reverse_next_batch(m_);
  for (uint64_t i = 1; i <= 3; i++) QueueStep(r(), {i, 0, Nop::kOk});
  ExpectCqes(Submit(3), {{3, 0, 0}, {2, 0, 0}, {1, 0, 0}});
  // Once only.
  for (uint64_t i = 4; i <= 5; i++) QueueStep(r(), {i, 0, Nop::kOk});
  ExpectCqes(Submit(2), {{4, 0, 0}, {5, 0, 0}});
}

TEST_F(Ops, SmallerCqOverflowsEarly) {
  uring_mock_set_cq_limit(m_, 2);
  for (uint64_t i = 1; i <= 5; i++) QueueStep(r(), {i, 0, Nop::kOk});
  EXPECT_EQ(uring_submit(r()), 5);
  EXPECT_EQ(uring_cq_ready(r()), 2u);
  EXPECT_EQ(uring_mock_backlog(m_), 3u);
  EXPECT_TRUE(uring_read_once(r()->sq.kflags) & URING_SQ_CQ_OVERFLOW);
  std::vector<Cqe> c = Reap(r());  // peeks flush the backlog two at a time
  ASSERT_EQ(c.size(), 5u);
  for (uint64_t i = 0; i < 5; i++) EXPECT_EQ(c[i].user_data, i + 1);
  uring_mock_set_cq_limit(m_, 0);
  EXPECT_EQ(uring_mock_backlog(m_), 0u);
}

TEST_F(Ops, ProbeListsWhatTheMockServes) {
  struct uring_probe_info info;
  ASSERT_EQ(uring_get_probe(r(), &info), 0);
  const unsigned served[] = {URING_OP_NOP,          URING_OP_READV,         URING_OP_WRITEV,
                             URING_OP_FSYNC,        URING_OP_POLL_ADD,      URING_OP_POLL_REMOVE,
                             URING_OP_TIMEOUT,      URING_OP_TIMEOUT_REMOVE, URING_OP_ASYNC_CANCEL,
                             URING_OP_LINK_TIMEOUT, URING_OP_READ,          URING_OP_WRITE,
                             URING_OP_NOP128};
  unsigned n = 0;
  for (unsigned op = 0; op < URING_OP_LAST; op++) n += uring_opcode_supported(&info, op) ? 1 : 0;
  EXPECT_EQ(n, sizeof served / sizeof served[0]);
  for (unsigned op : served) EXPECT_TRUE(uring_opcode_supported(&info, op)) << op;
}

TEST_F(Ops, UnservedOpcodesAndFlagsFailWithEinval) {
  const unsigned unserved[] = {URING_OP_ACCEPT, URING_OP_SEND, URING_OP_OPENAT, URING_OP_PIPE};
  for (unsigned op : unserved) {
    struct uring_sqe *sqe = Sqe();
    uring_prep_nop(sqe);
    sqe->opcode = static_cast<uint8_t>(op);
    uring_sqe_set_data64(sqe, op);
    ExpectCqes(Submit(1), {{op, -EINVAL, 0}});
  }
  struct uring_sqe *sqe = Sqe();
  uring_prep_poll_update(sqe, 1, 2, POLLIN, URING_POLL_UPDATE_EVENTS);  // not served
  uring_sqe_set_data64(sqe, 2);
  ExpectCqes(Submit(1), {{2, -EINVAL, 0}});
}

TEST_F(Ops, PendingRequestsDieWithTheRing) {
  struct uring_timespec ts = {1, 0};
  PrepTimeout(Sqe(), &ts, 0, 0, 1);
  EXPECT_EQ(uring_submit(r()), 1);
  EXPECT_EQ(uring_mock_pending(m_), 1u);
  uring_exit(r());
  h_.live = false;
  EXPECT_EQ(uring_mock_pending(m_), 0u);
  EXPECT_EQ(uring_mock_advance_clock(m_, kSec), -EBADF);
}

}  // namespace
