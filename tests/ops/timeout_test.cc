// Timeouts on the kernel (uring/opcode/timeout.h): by time and by count, multishot,
// remove and update, link_timeout.
#include "tests/ops/ops_common.h"

namespace uring_ops {
namespace {

TEST(OpsTimeout, ExpiresAndCounts) {
  OPS_REQUIRE_OP(URING_OP_TIMEOUT);
  Ring r;
  ASSERT_EQ(r.Init(), 0);
  struct uring_timespec shortts = {0, 10 * 1000 * 1000};
  struct uring_sqe *sqe = Sqe(r.get());
  uring_prep_timeout(sqe, &shortts, 0, 0);
  uring_sqe_set_data64(sqe, 1);
  struct uring_cqe c;
  ASSERT_TRUE(RunOne(r.get(), &c));
  EXPECT_EQ(c.user_data, 1u);
  EXPECT_EQ(c.res, -ETIME);

  // A count of 2 completes after two other completions, long before its 30 s.
  struct uring_timespec longts = {30, 0};
  sqe = Sqe(r.get());
  uring_prep_timeout(sqe, &longts, 2, 0);
  uring_sqe_set_data64(sqe, 2);
  ASSERT_EQ(uring_submit(r.get()), 1);
  for (uint64_t i = 3; i <= 4; i++) {
    sqe = Sqe(r.get());
    uring_prep_nop(sqe);
    uring_sqe_set_data64(sqe, i);
  }
  auto cqes = Reap(r.get(), 3);
  ASSERT_EQ(cqes.size(), 3u) << Describe(cqes);
  ASSERT_NE(Find(cqes, 2), nullptr);
  EXPECT_EQ(Find(cqes, 2)->res, 0);

  // An expiry fails the link: the request linked after the timeout is cancelled.
  sqe = Sqe(r.get());
  uring_prep_timeout(sqe, &shortts, 0, 0);
  uring_sqe_set_flags(sqe, URING_SQE_IO_LINK);
  uring_sqe_set_data64(sqe, 10);
  sqe = Sqe(r.get());
  uring_prep_nop(sqe);
  uring_sqe_set_data64(sqe, 11);
  cqes = Reap(r.get(), 2);
  ASSERT_EQ(cqes.size(), 2u) << Describe(cqes);
  EXPECT_EQ(Find(cqes, 10)->res, -ETIME);
  EXPECT_EQ(Find(cqes, 11)->res, -ECANCELED);
  MarkExercised(URING_OP_TIMEOUT);
}

TEST(OpsTimeout, EtimeSuccessKeepsTheLink) {
  OPS_REQUIRE_OP(URING_OP_TIMEOUT);
  Ring r;
  ASSERT_EQ(r.Init(), 0);
  // URING_TIMEOUT_ETIME_SUCCESS: the expiry still says -ETIME but no longer fails the
  // link, so the request linked after it runs. Older kernels refuse the flag as unknown.
  struct uring_timespec shortts = {0, 10 * 1000 * 1000};
  struct uring_sqe *sqe = Sqe(r.get());
  uring_prep_timeout(sqe, &shortts, 0, URING_TIMEOUT_ETIME_SUCCESS);
  uring_sqe_set_flags(sqe, URING_SQE_IO_LINK);
  uring_sqe_set_data64(sqe, 10);
  sqe = Sqe(r.get());
  uring_prep_nop(sqe);
  uring_sqe_set_data64(sqe, 11);
  auto cqes = Reap(r.get(), 2);
  ASSERT_EQ(cqes.size(), 2u) << Describe(cqes);
  OPS_SKIP_IF_REFUSED(Find(cqes, 10)->res, -EINVAL, 5, 16, "URING_TIMEOUT_ETIME_SUCCESS");
  EXPECT_EQ(Find(cqes, 10)->res, -ETIME);
  EXPECT_EQ(Find(cqes, 11)->res, 0);
}

TEST(OpsTimeout, Multishot) {
  OPS_REQUIRE_OP(URING_OP_TIMEOUT);
  Ring r;
  ASSERT_EQ(r.Init(), 0);
  // Three expiries, the first two with MORE. Older kernels refuse URING_TIMEOUT_MULTISHOT
  // as an unknown flag.
  struct uring_timespec tick = {0, 2 * 1000 * 1000};
  struct uring_sqe *sqe = Sqe(r.get());
  uring_prep_timeout_multishot(sqe, &tick, 3, 0);
  uring_sqe_set_data64(sqe, 5);
  auto cqes = Reap(r.get(), 1);
  ASSERT_EQ(cqes.size(), 1u);
  OPS_SKIP_IF_REFUSED(cqes[0].res, -EINVAL, 6, 4, "multishot timeouts");
  auto more = Reap(r.get(), 2);
  cqes.insert(cqes.end(), more.begin(), more.end());
  ASSERT_EQ(cqes.size(), 3u) << Describe(cqes);
  for (int i = 0; i < 3; i++) {
    EXPECT_EQ(cqes[i].user_data, 5u);
    EXPECT_EQ(cqes[i].res, -ETIME);
    EXPECT_EQ((cqes[i].flags & URING_CQE_F_MORE) != 0, i < 2) << i;
  }
}

TEST(OpsTimeout, RemoveAndUpdate) {
  OPS_REQUIRE_OP(URING_OP_TIMEOUT_REMOVE);
  Ring r;
  ASSERT_EQ(r.Init(), 0);
  struct uring_timespec longts = {30, 0};
  struct uring_sqe *sqe = Sqe(r.get());
  uring_prep_timeout(sqe, &longts, 0, 0);
  uring_sqe_set_data64(sqe, 5);
  ASSERT_EQ(uring_submit(r.get()), 1);
  sqe = Sqe(r.get());
  uring_prep_timeout_remove(sqe, 5, 0);
  uring_sqe_set_data64(sqe, 6);
  auto cqes = Reap(r.get(), 2);
  ASSERT_EQ(cqes.size(), 2u);
  EXPECT_EQ(Find(cqes, 6)->res, 0);
  EXPECT_EQ(Find(cqes, 5)->res, -ECANCELED);
  sqe = Sqe(r.get());
  uring_prep_timeout_remove(sqe, 5, 0);
  struct uring_cqe c;
  ASSERT_TRUE(RunOne(r.get(), &c));
  EXPECT_EQ(c.res, -ENOENT);

  // Update: a 30 s timeout re-armed to 1 ms expires at once.
  sqe = Sqe(r.get());
  uring_prep_timeout(sqe, &longts, 0, 0);
  uring_sqe_set_data64(sqe, 7);
  ASSERT_EQ(uring_submit(r.get()), 1);
  struct uring_timespec soon = {0, 1000 * 1000};
  sqe = Sqe(r.get());
  uring_prep_timeout_update(sqe, &soon, 7, 0);
  uring_sqe_set_data64(sqe, 8);
  cqes = Reap(r.get(), 2);
  ASSERT_EQ(cqes.size(), 2u);
  EXPECT_EQ(Find(cqes, 8)->res, 0);
  EXPECT_EQ(Find(cqes, 7)->res, -ETIME);
  MarkExercised(URING_OP_TIMEOUT_REMOVE);
}

TEST(OpsTimeout, LinkTimeout) {
  OPS_REQUIRE_OP(URING_OP_LINK_TIMEOUT);
  Pipe p;
  ASSERT_TRUE(p.Make());
  Ring r;
  ASSERT_EQ(r.Init(), 0);
  // A read on an empty pipe would block forever: the linked timeout cancels it.
  char buf[4];
  struct uring_timespec ts = {0, 10 * 1000 * 1000};
  struct uring_sqe *sqe = Sqe(r.get());
  uring_prep_read(sqe, p.fd[0], buf, sizeof buf, 0);
  uring_sqe_set_flags(sqe, URING_SQE_IO_LINK);
  uring_sqe_set_data64(sqe, 1);
  sqe = Sqe(r.get());
  uring_prep_link_timeout(sqe, &ts, 0);
  uring_sqe_set_data64(sqe, 2);
  auto cqes = Reap(r.get(), 2);
  ASSERT_EQ(cqes.size(), 2u);
  EXPECT_EQ(Find(cqes, 1)->res, -ECANCELED);
  EXPECT_EQ(Find(cqes, 2)->res, -ETIME);

  // When the request finishes first, the timeout is the one cancelled.
  struct uring_timespec longts = {30, 0};
  sqe = Sqe(r.get());
  uring_prep_nop(sqe);
  uring_sqe_set_flags(sqe, URING_SQE_IO_LINK);
  uring_sqe_set_data64(sqe, 3);
  sqe = Sqe(r.get());
  uring_prep_link_timeout(sqe, &longts, 0);
  uring_sqe_set_data64(sqe, 4);
  cqes = Reap(r.get(), 2);
  ASSERT_EQ(cqes.size(), 2u);
  EXPECT_EQ(Find(cqes, 3)->res, 0);
  EXPECT_EQ(Find(cqes, 4)->res, -ECANCELED);
  MarkExercised(URING_OP_LINK_TIMEOUT);
}

}  // namespace
}  // namespace uring_ops
