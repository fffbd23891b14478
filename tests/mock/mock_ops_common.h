// What the mock-semantics tests (mock_ops_test) and the mock-against-kernel tests
// (mock_ops_kernel_test) share: CQEs copied out of the ring, NOP chains queued and run on
// either backend, and the chains and timeouts both run.
#ifndef URING_TESTS_MOCK_MOCK_OPS_COMMON_H
#define URING_TESTS_MOCK_MOCK_OPS_COMMON_H

#include <errno.h>
#include <string.h>

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "tests/support/harness.h"
#include "uring/uring.h"

namespace uring_mock_ops_test {

using uring_test::Backend;
using uring_test::RingHolder;

struct Cqe {
  uint64_t user_data;
  int32_t res;
  uint32_t flags;
};

inline std::vector<Cqe> Reap(struct uring *r) {
  std::vector<Cqe> out;
  struct uring_cqe *cqe;
  while (uring_peek_cqe(r, &cqe) == 0) {
    out.push_back({cqe->user_data, cqe->res, cqe->flags});
    uring_cqe_seen(r, cqe);
  }
  return out;
}

inline std::vector<std::pair<uint64_t, int32_t>> Pairs(const std::vector<Cqe> &c) {
  std::vector<std::pair<uint64_t, int32_t>> out;
  for (const Cqe &e : c) out.push_back({e.user_data, e.res});
  return out;
}

inline std::vector<std::pair<uint64_t, int32_t>> Sorted(
    std::vector<std::pair<uint64_t, int32_t>> v) {
  std::sort(v.begin(), v.end());
  return v;
}

// What a NOP in a test chain does.
enum class Nop { kOk, kFail, kInvalid };

struct Step {
  uint64_t user_data;
  unsigned sqe_flags;
  Nop what;
};

inline void QueueStep(struct uring *r, const Step &s) {
  struct uring_sqe *sqe = uring_get_sqe(r);
  ASSERT_NE(sqe, nullptr);
  uring_prep_nop(sqe);
  uring_sqe_set_data64(sqe, s.user_data);
  uring_sqe_set_flags(sqe, s.sqe_flags);
  if (s.what == Nop::kFail) {
    sqe->nop_flags = URING_NOP_INJECT_RESULT;
    sqe->len = static_cast<uint32_t>(-EIO);
  } else if (s.what == Nop::kInvalid) {
    sqe->nop_flags = 1u << 20;  // no kernel knows this NOP flag
  }
}

// Queues `steps`, submits them and collects `expect` CQEs (the kernel may post some from
// task work, so the wait asks for all of them).
inline std::vector<Cqe> RunSteps(RingHolder *h, const std::vector<Step> &steps, unsigned expect) {
  for (const Step &s : steps) QueueStep(&h->ring, s);
  int ret = uring_submit(&h->ring);
  EXPECT_GE(ret, 0) << strerror(-ret);
  std::vector<Cqe> out = Reap(&h->ring);
  // The kernel may still be posting; a generous bound keeps a miscount from hanging the
  // test (the count is what the test checks, not the time).
  while (h->backend == Backend::kKernel && out.size() < expect) {
    struct uring_cqe *cqe = nullptr;
    struct uring_timespec ts = {2, 0};
    if (uring_wait_cqe_timeout(&h->ring, &cqe, &ts) != 0) break;
    std::vector<Cqe> more = Reap(&h->ring);
    out.insert(out.end(), more.begin(), more.end());
  }
  return out;
}

// Chains 1->2 (1 fails with -EIO) and 3->4->5 (4 fails submission): the kernel posts the
// heads first, then the cancelled members from task work.
const std::vector<Step> kTwoFailedChains = {
    {1, URING_SQE_IO_LINK, Nop::kFail}, {2, 0, Nop::kOk},
    {3, URING_SQE_IO_LINK, Nop::kOk},   {4, URING_SQE_IO_LINK, Nop::kInvalid},
    {5, 0, Nop::kOk},
};

// A set of chains as both sides run them.
const std::vector<std::vector<Step>> kKernelChains = {
    kTwoFailedChains,
    // A hard link goes on after a failure; a soft link after it does not.
    {{1, URING_SQE_IO_HARDLINK, Nop::kFail},
     {2, URING_SQE_IO_LINK, Nop::kFail},
     {3, 0, Nop::kOk},
     {4, 0, Nop::kOk}},
    // CQE_SKIP_SUCCESS drops successes only, inside chains too; and when the member that
    // breaks the chain skips success CQEs, the cancelled rest posts nothing.
    {{1, URING_SQE_IO_LINK | URING_SQE_CQE_SKIP_SUCCESS, Nop::kOk},
     {2, URING_SQE_IO_LINK | URING_SQE_CQE_SKIP_SUCCESS, Nop::kFail},
     {3, 0, Nop::kOk}},
    // The chain head fails submission.
    {{1, URING_SQE_IO_LINK, Nop::kInvalid}, {2, URING_SQE_IO_LINK, Nop::kOk}, {3, 0, Nop::kOk}},
    // A skipping head fails submission late in the chain: its own error still posts.
    {{1, URING_SQE_IO_LINK | URING_SQE_CQE_SKIP_SUCCESS, Nop::kOk},
     {2, URING_SQE_IO_LINK | URING_SQE_CQE_SKIP_SUCCESS, Nop::kInvalid},
     {3, 0, Nop::kOk},
     {4, URING_SQE_IO_LINK, Nop::kOk},
     {5, URING_SQE_IO_LINK, Nop::kOk},
     {6, 0, Nop::kOk}},
};
const unsigned kKernelChainCqes[] = {5, 4, 1, 3, 4};

// A CQE_SKIP_SUCCESS SQE refuses IO_DRAIN only on the SQEs consumed after it (6.18 checks
// each SQE as it is consumed): a drained chain member earlier in the same batch is merely
// cancelled with its failed chain, while one in a later batch is refused.
const std::vector<Step> kDrainBeforeSkip = {
    {1, URING_SQE_IO_LINK, Nop::kInvalid},
    {2, URING_SQE_IO_LINK | URING_SQE_IO_DRAIN, Nop::kOk},
    {3, URING_SQE_CQE_SKIP_SUCCESS, Nop::kOk},
};

inline void PrepTimeout(struct uring_sqe *sqe, const struct uring_timespec *ts, unsigned count,
                        unsigned flags, uint64_t ud) {
  uring_prep_timeout(sqe, ts, count, flags);
  uring_sqe_set_data64(sqe, ud);
}

}  // namespace uring_mock_ops_test

#endif  // URING_TESTS_MOCK_MOCK_OPS_COMMON_H
