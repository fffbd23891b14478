// uring_init_params_defaults on the real kernel: a full parameter block (here CQSIZE, which
// uring_init cannot ask for) gets exactly the flags uring_init adds on this kernel, and the
// same ring fd registration.
#include <string.h>

#include "gtest/gtest.h"
#include "tests/support/kernel.h"
#include "uring/uring.h"

namespace {

// The flags uring_init adds, which the kernel may refuse (and then the ring lacks them).
constexpr uint32_t kAdded = URING_SETUP_NO_SQARRAY | URING_SETUP_SUBMIT_ALL;

TEST(InitParamsDefaults, AddsWhatUringInitAddsToAFullParameterBlock) {
  URING_SKIP_WITHOUT_KERNEL();
  struct uring plain, full;
  ASSERT_EQ(uring_init(&plain, 4, 0), 0);
  struct uring_params p;
  memset(&p, 0, sizeof p);
  p.flags = URING_SETUP_CQSIZE;
  p.cq_entries = 64;
  int ret = uring_init_params_defaults(&full, 4, &p);
  ASSERT_EQ(ret, 0) << strerror(-ret);
  EXPECT_EQ(full.cq.ring_entries, 64u) << "the block's CQ size";
  EXPECT_EQ(plain.cq.ring_entries, 8u);
  EXPECT_EQ(full.flags & kAdded, plain.flags & kAdded)
      << "the flags uring_init got on this kernel, no more, no fewer";
  EXPECT_NE(full.flags & URING_SETUP_CQSIZE, 0u);
  EXPECT_EQ(p.flags, full.flags) << "*p holds the kernel's answer";
  EXPECT_EQ(p.cq_entries, 64u);
  // The ring works.
  uring_prep_nop(uring_get_sqe(&full));
  EXPECT_EQ(uring_submit_and_wait(&full, 1), 1);
  struct uring_cqe *cqe;
  ASSERT_EQ(uring_peek_cqe(&full, &cqe), 0);
  EXPECT_EQ(cqe->res, 0);
  uring_cqe_seen(&full, cqe);
  uring_exit(&full);
  uring_exit(&plain);
}

TEST(InitParamsDefaults, RegistersTheRingFdWithDeferTaskrunAsUringInitDoes) {
  URING_SKIP_WITHOUT_KERNEL();
  const uint32_t flags = URING_SETUP_SINGLE_ISSUER | URING_SETUP_DEFER_TASKRUN;
  struct uring plain, full;
  int ret = uring_init(&plain, 4, flags);
  if (ret == -EINVAL)
    GTEST_SKIP() << "URING_SETUP_DEFER_TASKRUN (6.1) not supported by this kernel";
  ASSERT_EQ(ret, 0) << strerror(-ret);
  struct uring_params p;
  memset(&p, 0, sizeof p);
  p.flags = flags;
  ASSERT_EQ(uring_init_params_defaults(&full, 4, &p), 0);
  EXPECT_EQ(full.int_flags & URING_INT_REG_RING, plain.int_flags & URING_INT_REG_RING);
  EXPECT_EQ(full.flags, plain.flags);
  uring_exit(&full);
  uring_exit(&plain);
}

TEST(InitParamsDefaults, RefusesWhatUringInitRefuses) {
  struct uring ring;
  struct uring_params p;
  EXPECT_EQ(uring_init_params_defaults(&ring, 4, nullptr), -EFAULT);
  EXPECT_EQ(uring_init_params_defaults(nullptr, 4, &p), -EFAULT);
  memset(&p, 0, sizeof p);
  p.flags = URING_SETUP_NO_MMAP;
  EXPECT_EQ(uring_init_params_defaults(&ring, 4, &p), -EINVAL) << "caller memory: uring_init_mem";
  uring_exit(&ring);  // inert after a refusal: closes nothing
}

}  // namespace
