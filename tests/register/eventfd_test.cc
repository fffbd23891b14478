// A registered eventfd on the real kernel (uring/ring/register.h, "Eventfd").
#include <errno.h>
#include <sys/eventfd.h>
#include <sys/types.h>
#include <unistd.h>

#include "gtest/gtest.h"
#include "tests/register/util.h"
#include "tests/support/kernel.h"
#include "uring/uring.h"

namespace {

using uring_register_test::Cqe;
using uring_register_test::Ring;
using uring_register_test::SubmitAndWaitCqe;

// ---- Eventfd --------------------------------------------------------------------------

TEST(RegisterEventfd, SignalsCompletions) {
  URING_SKIP_WITHOUT_KERNEL();
  Ring ring;
  ASSERT_EQ(ring.Init(4, 0), 0);
  int efd = eventfd(0, EFD_NONBLOCK);
  ASSERT_GE(efd, 0);
  ASSERT_EQ(uring_register_eventfd(ring.get(), efd), 0);
  EXPECT_EQ(uring_register_eventfd(ring.get(), efd), -EBUSY);
  uring_prep_nop(uring_get_sqe(ring.get()));
  Cqe c;
  ASSERT_EQ(SubmitAndWaitCqe(ring.get(), &c), 0);
  uint64_t count = 0;
  EXPECT_EQ(read(efd, &count, sizeof count), (ssize_t)sizeof count);
  EXPECT_EQ(count, 1u);
  ASSERT_EQ(uring_unregister_eventfd(ring.get()), 0);

  // Async only: a NOP completes inline and signals nothing.
  ASSERT_EQ(uring_register_eventfd_async(ring.get(), efd), 0);
  uring_prep_nop(uring_get_sqe(ring.get()));
  ASSERT_EQ(SubmitAndWaitCqe(ring.get(), &c), 0);
  EXPECT_EQ(read(efd, &count, sizeof count), -1);
  EXPECT_EQ(errno, EAGAIN);
  ASSERT_EQ(uring_unregister_eventfd(ring.get()), 0);
  close(efd);
}

}  // namespace
