// The batch reaps on the mock: an error from the enter that flushes held-back completions
// reaches the caller (uring_cq_iter_end's -errno) instead of being dropped, and nothing is
// lost on the way.
#include <errno.h>

#include <vector>

#include "gtest/gtest.h"
#include "tests/support/harness.h"
#include "tests/support/mock.h"
#include "uring/mock/mock.h"
#include "uring/uring.h"

namespace {

using uring_test::Backend;
using uring_test::RingHolder;

// A ring of 4 SQEs (CQ of 8) with 11 completions posted: 8 in the CQ, 3 held back.
class HeldBack : public ::testing::Test {
 protected:
  void SetUp() override {
    struct uring_params p = {};
    ASSERT_EQ(uring_test::InitRing(&h_, Backend::kMock, 4, &p), 0);
    m_ = uring_test::MockOf(&h_);
    ASSERT_NE(m_, nullptr);
    ASSERT_EQ(h_.ring.cq.ring_entries, 8u);
    for (uint64_t i = 0; i < 11; i++) ASSERT_EQ(uring_mock_post_cqe(m_, i, 0, 0, 0, 0), 0);
    ASSERT_EQ(uring_mock_backlog(m_), 3u);
  }
  struct uring *r() { return &h_.ring; }
  RingHolder h_;
  struct uring_mock *m_ = nullptr;
};

TEST_F(HeldBack, IterEndReportsAFlushThatKeepsFailing) {
  std::vector<uint64_t> seen;
  struct uring_cq_iter it;
  struct uring_cqe *cqe;
  uring_mock_fail_next_enter(m_, -EINTR);  // uring_cq_iter_begin's flush
  uring_for_each_cqe(r(), it, cqe) {
    seen.push_back(cqe->user_data);
    uring_mock_fail_next_enter(m_, -EINTR);  // and the retry in uring_cq_iter_end
  }
  EXPECT_EQ(uring_cq_iter_end(r(), &it), -EINTR);
  EXPECT_EQ(seen.size(), 8u) << "the CQEs that were there are handed out regardless";
  EXPECT_EQ(uring_cq_ready(r()), 0u) << "and freed";
  // The next round flushes: nothing was lost.
  do {
    uring_for_each_cqe(r(), it, cqe) seen.push_back(cqe->user_data);
  } while (uring_cq_iter_end(r(), &it) > 0);
  ASSERT_EQ(seen.size(), 11u);
  for (uint64_t i = 0; i < 11; i++) EXPECT_EQ(seen[i], i);
  EXPECT_EQ(uring_mock_backlog(m_), 0u);
}

TEST_F(HeldBack, IterEndRetriesAFlushThatFailedOnce) {
  struct uring_cq_iter it;
  struct uring_cqe *cqe;
  unsigned n = 0;
  uring_mock_fail_next_enter(m_, -EINTR);  // only uring_cq_iter_begin's flush fails
  uring_for_each_cqe(r(), it, cqe) n += cqe->res == 0;
  // The retry moved the held-back CQEs into the freed slots: iterate again.
  EXPECT_EQ(uring_cq_iter_end(r(), &it), 1);
  EXPECT_EQ(n, 8u);
  EXPECT_EQ(uring_cq_ready(r()), 3u);
  EXPECT_EQ(uring_mock_backlog(m_), 0u);
  uring_for_each_cqe(r(), it, cqe) n += cqe->res == 0;
  EXPECT_EQ(uring_cq_iter_end(r(), &it), 0);
  EXPECT_EQ(n, 11u);
}

TEST_F(HeldBack, IterEndWithoutErrorsSaysWhetherToIterateAgain) {
  struct uring_cq_iter it;
  struct uring_cqe *cqe;
  unsigned n = 0;
  uring_for_each_cqe(r(), it, cqe) n += cqe->res == 0;
  EXPECT_EQ(n, 8u);  // the CQ was full when the flush ran: the 3 stay held back
  EXPECT_EQ(uring_cq_iter_end(r(), &it), 1);
  uring_for_each_cqe(r(), it, cqe) n += cqe->res == 0;
  EXPECT_EQ(uring_cq_iter_end(r(), &it), 0);
  EXPECT_EQ(n, 11u);
}

}  // namespace
