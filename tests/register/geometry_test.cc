// Resizing a ring and registered memory regions on the real kernel (uring/ring/register.h,
// "Ring geometry and memory").
#include <errno.h>
#include <string.h>

#include <vector>

#include "gtest/gtest.h"
#include "tests/register/util.h"
#include "tests/support/kernel.h"
#include "uring/uring.h"

namespace {

using uring_register_test::Cqe;
using uring_register_test::Page;
using uring_register_test::Ring;
using uring_register_test::SubmitAndWaitCqe;
using uring_register_test::WaitCqe;

// ---- Resize ---------------------------------------------------------------------------

void QueueNops(struct uring *ring, unsigned n, uint64_t first_ud) {
  for (unsigned i = 0; i < n; i++) {
    struct uring_sqe *sqe = uring_get_sqe(ring);
    ASSERT_NE(sqe, nullptr);
    uring_prep_nop(sqe);
    uring_sqe_set_data64(sqe, first_ud + i);
  }
}

TEST(RegisterResize, KeepsPendingCqesAndQueuedSqes) {
  URING_SKIP_WITHOUT_KERNEL();
  Ring ring;
  int ret = ring.Init(8, URING_SETUP_SINGLE_ISSUER | URING_SETUP_DEFER_TASKRUN);
  URING_SKIP_IF_UNSUPPORTED(ret, "URING_SETUP_DEFER_TASKRUN (6.1)");
  ASSERT_EQ(ret, 0);
  ASSERT_EQ(ring->sq.ring_entries, 8u);
  ASSERT_EQ(ring->cq.ring_entries, 16u);

  // Five completions waiting in the CQ, two SQEs filled and not submitted.
  QueueNops(ring.get(), 5, 100);
  ASSERT_EQ(uring_submit_and_wait(ring.get(), 5), 5);
  ASSERT_EQ(uring_cq_ready(ring.get()), 5u);
  QueueNops(ring.get(), 2, 200);

  struct uring_params p;
  memset(&p, 0, sizeof p);
  p.sq_entries = 32;
  p.cq_entries = 128;
  p.flags = URING_SETUP_CQSIZE;
  ret = uring_resize_rings(ring.get(), &p);
  URING_SKIP_IF_UNSUPPORTED(ret, "ring resizing (6.13)");
  ASSERT_EQ(ret, 0);
  EXPECT_EQ(p.sq_entries, 32u);
  EXPECT_EQ(p.cq_entries, 128u);
  EXPECT_EQ(ring->sq.ring_entries, 32u);
  EXPECT_EQ(ring->cq.ring_entries, 128u);

  // The old completions are there, in order.
  ASSERT_EQ(uring_cq_ready(ring.get()), 5u);
  for (uint64_t i = 0; i < 5; i++) {
    Cqe c;
    ASSERT_EQ(WaitCqe(ring.get(), &c), 0);
    EXPECT_EQ(c.user_data, 100 + i);
  }
  // The two queued SQEs go with the next submit, followed by more than the old SQ held.
  QueueNops(ring.get(), 30, 300);
  ASSERT_EQ(uring_submit_and_wait(ring.get(), 32), 32);
  std::vector<uint64_t> seen;
  for (int i = 0; i < 32; i++) {
    Cqe c;
    ASSERT_EQ(WaitCqe(ring.get(), &c), 0);
    EXPECT_EQ(c.res, 0);
    seen.push_back(c.user_data);
  }
  EXPECT_EQ(seen[0], 200u);
  EXPECT_EQ(seen[1], 201u);
  for (int i = 0; i < 30; i++) EXPECT_EQ(seen[2 + i], 300u + i);
  EXPECT_EQ(uring_cq_ready(ring.get()), 0u);
}

TEST(RegisterResize, RefusesWhatDoesNotFitAndRingKeepsWorking) {
  URING_SKIP_WITHOUT_KERNEL();
  Ring ring;
  int ret = ring.Init(8, URING_SETUP_SINGLE_ISSUER | URING_SETUP_DEFER_TASKRUN);
  URING_SKIP_IF_UNSUPPORTED(ret, "URING_SETUP_DEFER_TASKRUN (6.1)");
  ASSERT_EQ(ret, 0);
  QueueNops(ring.get(), 8, 1);
  ASSERT_EQ(uring_submit_and_wait(ring.get(), 8), 8);
  QueueNops(ring.get(), 4, 9);
  ASSERT_EQ(uring_submit_and_wait(ring.get(), 12), 4);
  ASSERT_EQ(uring_cq_ready(ring.get()), 12u);

  struct uring_params p;
  memset(&p, 0, sizeof p);
  p.sq_entries = 4;
  p.cq_entries = 8;
  p.flags = URING_SETUP_CQSIZE;
  ret = uring_resize_rings(ring.get(), &p);
  URING_SKIP_IF_UNSUPPORTED(ret, "ring resizing (6.13)");
  EXPECT_EQ(ret, -EOVERFLOW) << "12 CQEs cannot move into 8 slots";
  EXPECT_EQ(ring->cq.ring_entries, 16u);
  for (uint64_t i = 1; i <= 12; i++) {
    Cqe c;
    ASSERT_EQ(WaitCqe(ring.get(), &c), 0);
    EXPECT_EQ(c.user_data, i);
  }
  // Now it fits: shrink. (The kernel wrote its view into p, inherited flags included.)
  memset(&p, 0, sizeof p);
  p.sq_entries = 4;
  p.cq_entries = 8;
  p.flags = URING_SETUP_CQSIZE;
  ASSERT_EQ(uring_resize_rings(ring.get(), &p), 0);
  EXPECT_EQ(ring->sq.ring_entries, 4u);
  EXPECT_EQ(ring->cq.ring_entries, 8u);
  QueueNops(ring.get(), 4, 50);
  EXPECT_EQ(uring_get_sqe(ring.get()), nullptr) << "the SQ now holds 4";
  ASSERT_EQ(uring_submit_and_wait(ring.get(), 4), 4);
  for (uint64_t i = 0; i < 4; i++) {
    Cqe c;
    ASSERT_EQ(WaitCqe(ring.get(), &c), 0);
    EXPECT_EQ(c.user_data, 50 + i);
  }
  // The current size again: the ring keeps working whether or not the kernel swapped.
  memset(&p, 0, sizeof p);
  p.sq_entries = 4;
  p.cq_entries = 8;
  p.flags = URING_SETUP_CQSIZE;
  ASSERT_EQ(uring_resize_rings(ring.get(), &p), 0);
  EXPECT_EQ(ring->sq.ring_entries, 4u);
  QueueNops(ring.get(), 1, 60);
  Cqe c;
  ASSERT_EQ(SubmitAndWaitCqe(ring.get(), &c), 0);
  EXPECT_EQ(c.user_data, 60u);
}

TEST(RegisterResize, NeedsDeferTaskrun) {
  URING_SKIP_WITHOUT_KERNEL();
  Ring ring;
  ASSERT_EQ(ring.Init(8, 0), 0);
  struct uring_params p;
  memset(&p, 0, sizeof p);
  p.sq_entries = 16;
  EXPECT_EQ(uring_resize_rings(ring.get(), &p), -EINVAL);
  EXPECT_EQ(ring->sq.ring_entries, 8u);
}

// ---- Memory regions -------------------------------------------------------------------

TEST(RegisterRegion, WaitArgumentsComeFromTheRegisteredRegion) {
  URING_SKIP_WITHOUT_KERNEL();
  Ring ring;
  int ret = ring.Init(4, URING_SETUP_R_DISABLED);
  URING_SKIP_IF_UNSUPPORTED(ret, "URING_SETUP_R_DISABLED (5.10)");
  ASSERT_EQ(ret, 0);
  Page page;
  ASSERT_NE(page.p, nullptr);
  memset(page.p, 0, page.size);
  struct uring_region_desc rd;
  memset(&rd, 0, sizeof rd);
  rd.user_addr = (uint64_t)(uintptr_t)page.p;
  rd.size = page.size;
  rd.flags = URING_MEM_REGION_TYPE_USER;
  struct uring_mem_region_reg reg;
  memset(&reg, 0, sizeof reg);
  reg.region_uptr = (uint64_t)(uintptr_t)&rd;
  reg.flags = URING_MEM_REGION_REG_WAIT_ARG;
  ret = uring_register_region(ring.get(), &reg);
  URING_SKIP_IF_UNSUPPORTED(ret, "memory regions (6.13)");
  ASSERT_EQ(ret, 0);
  EXPECT_EQ(uring_register_region(ring.get(), &reg), -EBUSY);
  ASSERT_EQ(uring_enable_rings(ring.get()), 0);

  // The second entry of the region: wait 1 ms at most.
  struct uring_reg_wait *w = static_cast<struct uring_reg_wait *>(page.p) + 1;
  w->ts.tv_sec = 0;
  w->ts.tv_nsec = 1000000;
  w->flags = URING_REG_WAIT_TS;
  // EXT_ARG_REG qualifies EXT_ARG: the argument is an offset into the region.
  const unsigned flags = URING_ENTER_GETEVENTS | URING_ENTER_EXT_ARG | URING_ENTER_EXT_ARG_REG;
  ret = uring_enter(ring.get(), 0, 1, flags,
                    (const void *)(uintptr_t)sizeof(struct uring_reg_wait),
                    sizeof(struct uring_reg_wait));
  EXPECT_EQ(ret, -ETIME) << "the timeout must come from the region";
  // An offset past the region is refused.
  ret = uring_enter(ring.get(), 0, 1, flags, (const void *)(uintptr_t)page.size,
                    sizeof(struct uring_reg_wait));
  EXPECT_EQ(ret, -EFAULT);
}

TEST(RegisterRegion, WaitArgumentRegionNeedsDisabledRing) {
  URING_SKIP_WITHOUT_KERNEL();
  Ring ring;
  ASSERT_EQ(ring.Init(4, 0), 0);
  Page page;
  ASSERT_NE(page.p, nullptr);
  struct uring_region_desc rd;
  memset(&rd, 0, sizeof rd);
  rd.user_addr = (uint64_t)(uintptr_t)page.p;
  rd.size = page.size;
  rd.flags = URING_MEM_REGION_TYPE_USER;
  struct uring_mem_region_reg reg;
  memset(&reg, 0, sizeof reg);
  reg.region_uptr = (uint64_t)(uintptr_t)&rd;
  reg.flags = URING_MEM_REGION_REG_WAIT_ARG;
  int ret = uring_register_region(ring.get(), &reg);
  // Before 6.13 the opcode itself is unknown: -EINVAL either way.
  EXPECT_EQ(ret, -EINVAL);
}

}  // namespace
