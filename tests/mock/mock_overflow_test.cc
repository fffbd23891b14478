// The mock kernel ring with a full CQ: completions wait on the backlog and arrive once and
// in order, a full backlog loses counts as the kernel does, multishot requests end when their
// CQE cannot be posted, and the ring's counters wrap around 2^32.
#include <errno.h>
#include <poll.h>

#include <cstdint>
#include <vector>

#include "gtest/gtest.h"
#include "tests/mock/mock_ring_fixture.h"
#include "uring/mock/mock.h"
#include "uring/uring.h"

namespace {

using uring_mock_test::Cqe;
using uring_mock_test::MockRing;
using uring_mock_test::OverflowRoundTrip;
using uring_mock_test::QueueNop;
using uring_mock_test::Reap;

TEST_F(MockRing, OverflowWithoutLossSmall) {
  ASSERT_EQ(Init(16, 0, 0, 8 * 32), 0);
  OverflowRoundTrip(&ring_, m(), 32, false);
}

TEST_F(MockRing, OverflowWithoutLossIterated) {
  ASSERT_EQ(Init(8, URING_SETUP_CQSIZE, 16, 8 * 16), 0);
  OverflowRoundTrip(&ring_, m(), 16, true);
}

TEST_F(MockRing, OverflowWithoutLossLarge) {
  ASSERT_EQ(Init(4096, URING_SETUP_CQSIZE | URING_SETUP_CQE32, 8192, 8 * 8192), 0);
  OverflowRoundTrip(&ring_, m(), 8192, false);
}

TEST_F(MockRing, OnlyGeteventsFlushesAndNewCompletionsQueueBehind) {
  ASSERT_EQ(Init(4), 0);  // CQ of 8
  for (uint64_t i = 0; i < 11; i++) ASSERT_EQ(uring_mock_post_cqe(m(), i, 0, 0, 0, 0), 0);
  EXPECT_EQ(uring_cq_ready(&ring_), 8u);
  EXPECT_EQ(uring_mock_backlog(m()), 3u);
  EXPECT_TRUE(SqFlags() & URING_SQ_CQ_OVERFLOW);

  uring_cq_advance(&ring_, 2);
  // A completion posted now finds room in the CQ, yet must queue behind the backlog.
  ASSERT_EQ(uring_mock_post_cqe(m(), 11, 0, 0, 0, 0), 0);
  EXPECT_EQ(uring_cq_ready(&ring_), 6u);
  EXPECT_EQ(uring_mock_backlog(m()), 4u);
  // An enter without GETEVENTS does not flush.
  EXPECT_EQ(uring_enter(&ring_, 0, 0, 0, nullptr, 0), 0);
  EXPECT_EQ(uring_cq_ready(&ring_), 6u);
  // With GETEVENTS it moves what fits, oldest first, and the flag stays up.
  EXPECT_EQ(uring_enter(&ring_, 0, 0, URING_ENTER_GETEVENTS, nullptr, 0), 0);
  EXPECT_EQ(uring_cq_ready(&ring_), 8u);
  EXPECT_EQ(uring_mock_backlog(m()), 2u);
  EXPECT_TRUE(SqFlags() & URING_SQ_CQ_OVERFLOW);

  std::vector<Cqe> c = Reap(&ring_);
  ASSERT_EQ(c.size(), 10u);
  for (uint64_t i = 0; i < 10; i++) EXPECT_EQ(c[i].user_data, i + 2);
  EXPECT_EQ(uring_mock_backlog(m()), 0u);
  EXPECT_EQ(SqFlags() & URING_SQ_CQ_OVERFLOW, 0u);
}

TEST_F(MockRing, FullBacklogLosesCountsAndReportsEbadrOnce) {
  ASSERT_EQ(Init(4, 0, 0, 2), 0);  // CQ of 8, backlog of 2
  for (uint64_t i = 0; i < 10; i++) ASSERT_EQ(uring_mock_post_cqe(m(), i, 0, 0, 0, 0), 0);
  EXPECT_EQ(uring_mock_post_cqe(m(), 10, 0, 0, 0, 0), -ENOSPC);
  EXPECT_EQ(uring_read_once(ring_.cq.koverflow), 1u);
  EXPECT_EQ(m()->stats.cqes_lost, 1u);
  std::vector<Cqe> c = Reap(&ring_);
  ASSERT_EQ(c.size(), 10u);
  EXPECT_EQ(c.back().user_data, 9u);
  // A wait that cannot be met reports the loss once, then blocks (here: -EDEADLK).
  struct uring_cqe *cqe;
  EXPECT_EQ(uring_wait_cqe(&ring_, &cqe), -EBADR);
  EXPECT_EQ(uring_wait_cqe(&ring_, &cqe), -EDEADLK);
}

// A multishot request whose next CQE finds the CQ full is ended, its final CQE (without
// MORE) held back with the rest (nothing_lost_test shows the kernel doing the same): a
// poll woken 12 times and a timeout of 20 expiries into an unreaped 2-entry CQ post the
// CQ's 2 CQEs and their last. A profile with 5.15's io_uring keeps the poll armed instead,
// its CQEs with MORE on the backlog.
TEST_F(MockRing, MultishotEndsWhenItsCqeCannotBePosted) {
  ASSERT_EQ(Init(1, URING_SETUP_CQSIZE, 2, 64), 0);
  unsigned char none[1];
  ASSERT_EQ(uring_mock_add_file(m(), 5, none, 0, 0), 0);
  struct uring_sqe *sqe = uring_get_sqe(&ring_);
  uring_prep_poll_multishot(sqe, 5, POLLIN);
  uring_sqe_set_data64(sqe, 1);
  ASSERT_EQ(uring_submit(&ring_), 1);
  for (int i = 0; i < 12; i++) ASSERT_EQ(uring_mock_set_ready(m(), 5, POLLIN), 0);
  std::vector<Cqe> c = Reap(&ring_);
  ASSERT_EQ(c.size(), 3u);
  for (size_t i = 0; i < c.size(); i++) {
    EXPECT_EQ(c[i].user_data, 1u);
    EXPECT_EQ(c[i].res, POLLIN);
    EXPECT_EQ(c[i].flags, i < 2 ? URING_CQE_F_MORE : 0u) << i;
  }
  EXPECT_EQ(uring_mock_pending(m()), 0u) << "the poll outlived its full CQ";

  struct uring_timespec period = {0, 1000};
  sqe = uring_get_sqe(&ring_);
  uring_prep_timeout_multishot(sqe, &period, 20, 0);
  uring_sqe_set_data64(sqe, 2);
  ASSERT_EQ(uring_submit(&ring_), 1);
  for (int i = 0; i < 20; i++) ASSERT_EQ(uring_mock_advance_clock(m(), 1000), 0);
  c = Reap(&ring_);
  ASSERT_EQ(c.size(), 3u);
  for (size_t i = 0; i < c.size(); i++) {
    EXPECT_EQ(c[i].user_data, 2u);
    EXPECT_EQ(c[i].res, -ETIME);
    EXPECT_EQ(c[i].flags, i < 2 ? URING_CQE_F_MORE : 0u) << i;
  }
  EXPECT_EQ(uring_mock_pending(m()), 0u) << "the timeout outlived its full CQ";
  EXPECT_EQ(m()->stats.cqes_lost, 0u);
}

TEST_F(MockRing, MultishotPollOverflowsOn515) {
  Prepare(1, URING_SETUP_CQSIZE, 2, 64);
  ASSERT_EQ(uring_mock_set_kernel(m(), 5, 15), 0);
  ASSERT_EQ(Create(1), 0);
  unsigned char none[1];
  ASSERT_EQ(uring_mock_add_file(m(), 5, none, 0, 0), 0);
  struct uring_sqe *sqe = uring_get_sqe(&ring_);
  uring_prep_poll_multishot(sqe, 5, POLLIN);
  uring_sqe_set_data64(sqe, 1);
  ASSERT_EQ(uring_submit(&ring_), 1);
  for (int i = 0; i < 12; i++) ASSERT_EQ(uring_mock_set_ready(m(), 5, POLLIN), 0);
  std::vector<Cqe> c = Reap(&ring_);
  ASSERT_EQ(c.size(), 12u);
  for (const Cqe &e : c) EXPECT_EQ(e.flags, URING_CQE_F_MORE);
  EXPECT_EQ(uring_mock_pending(m()), 1u) << "the poll is still armed";
  ASSERT_EQ(uring_mock_set_ready(m(), 5, POLLIN), 0);
  EXPECT_EQ(Reap(&ring_).size(), 1u);
}

TEST_F(MockRing, CountersWrapAround2To32) {
  Prepare(8, 0, 0, 64);
  uring_mock_set_start(m(), UINT32_MAX - 5, UINT32_MAX - 2);
  ASSERT_EQ(Create(8), 0);
  EXPECT_EQ(*ring_.sq.khead, UINT32_MAX - 5);
  EXPECT_EQ(*ring_.sq.ktail, UINT32_MAX - 5);
  EXPECT_EQ(ring_.cq.head, UINT32_MAX - 2);
  uint64_t next = 0, expect = 0;
  for (int round = 0; round < 10; round++) {
    for (int i = 0; i < 5; i++) ASSERT_TRUE(QueueNop(&ring_, next++));
    ASSERT_EQ(uring_submit_and_wait(&ring_, 5), 5);
    EXPECT_EQ(uring_cq_ready(&ring_), 5u);
    for (const Cqe &c : Reap(&ring_)) EXPECT_EQ(c.user_data, expect++);
  }
  EXPECT_EQ(expect, 50u);
  EXPECT_EQ(*ring_.sq.khead, UINT32_MAX - 5 + 50);  // wrapped
  EXPECT_LT(*ring_.sq.khead, 100u);
  EXPECT_LT(ring_.cq.head, 100u);
  // Overflow across the wrap too.
  Exit();
  Prepare(4, 0, 0, 64);
  uring_mock_set_start(m(), UINT32_MAX - 1, UINT32_MAX - 3);
  ASSERT_EQ(Create(4), 0);
  OverflowRoundTrip(&ring_, m(), 8, false);
}

}  // namespace
