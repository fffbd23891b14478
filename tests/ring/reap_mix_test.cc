// Every way of reaping, interleaved on one ring, over many wraps of small rings: peeks,
// repeated peeks, waits, the iterator with early breaks, batch copies, peek_batch with
// uring_cq_advance or with uring_cqe_seen per CQE. The completion paths keep a cached run
// of CQEs (and uring_get_sqe one of free SQEs); a run that fell out of step with the head
// would hand a CQE out twice, skip one, or hand out a stale slot. The test checks that the
// user_data of the CQEs reaped is exactly 0, 1, 2, ... and that SQ and CQ counts agree at
// every step, on the real kernel and the mock, with 16- and 32-byte CQEs.
#include <stdint.h>
#include <string.h>

#include <tuple>

#include "gtest/gtest.h"
#include "tests/support/harness.h"
#include "tests/support/mock.h"
#include "uring/uring.h"

namespace {

using uring_test::Backend;
using uring_test::RingHolder;

constexpr unsigned kSqEntries = 8;
constexpr unsigned kCqEntries = 16;

class ReapMix : public ::testing::TestWithParam<std::tuple<Backend, bool>> {
 protected:
  void SetUp() override {
    struct uring_params p;
    memset(&p, 0, sizeof p);
    // The default CQ, twice the SQ: every kernel has it (CQSIZE is 5.5).
    p.flags = std::get<1>(GetParam()) ? URING_SETUP_CQE32 : 0u;
    const Backend b = std::get<0>(GetParam());
    if (b == Backend::kKernel) URING_SKIP_WITHOUT_KERNEL();
    int ret = uring_test::InitRing(&h_, b, kSqEntries, &p);
    if (ret == -EINVAL && (p.flags & URING_SETUP_CQE32)) {
      if (b == Backend::kKernel && !uring_test::KernelAtLeast(5, 19))
        GTEST_SKIP() << "URING_SETUP_CQE32 (5.19) not supported by this kernel";
      if (b == Backend::kMock && uring_test::MockKernel() && uring_test::MockKernel() < 519)
        GTEST_SKIP() << "URING_SETUP_CQE32 (5.19) not in the modelled kernel, "
                     << uring_test::MockKernelName();
    }
    ASSERT_EQ(ret, 0) << strerror(-ret);
    ASSERT_EQ(ring()->cq.ring_entries, kCqEntries);
  }

  struct uring *ring() { return &h_.ring; }

  // A fixed pseudo-random sequence: the same interleaving on every run.
  unsigned Next(unsigned bound) {
    state_ = state_ * 6364136223846793005ull + 1442695040888963407ull;
    return (unsigned)(state_ >> 33) % bound;
  }

  // Checks one reaped CQE against the sequence.
  void Expect(const struct uring_cqe *cqe) {
    ASSERT_NE(cqe, nullptr);
    ASSERT_EQ(cqe->user_data, reaped_) << "CQE out of sequence";
    ASSERT_EQ(cqe->res, 0);
    reaped_++;
  }

  // Reaps at most `max` CQEs (at least one when any is ready) with one reap style.
  void ReapSome(unsigned style, unsigned max) {
    struct uring_cqe *cqe = nullptr;
    switch (style) {
      case 0:  // peek + seen
        for (unsigned i = 0; i < max && uring_peek_cqe(ring(), &cqe) == 0; i++) {
          Expect(cqe);
          uring_cqe_seen(ring(), cqe);
        }
        break;
      case 1: {  // peek twice: the second returns the same CQE
        for (unsigned i = 0; i < max && uring_peek_cqe(ring(), &cqe) == 0; i++) {
          struct uring_cqe *again = nullptr;
          ASSERT_EQ(uring_peek_cqe(ring(), &again), 0);
          ASSERT_EQ(again, cqe);
          Expect(cqe);
          uring_cqe_seen(ring(), cqe);
        }
        break;
      }
      case 2:  // wait (satisfied at once) + seen
        for (unsigned i = 0; i < max && uring_cq_ready(ring()); i++) {
          ASSERT_EQ(uring_wait_cqe(ring(), &cqe), 0);
          Expect(cqe);
          uring_cqe_seen(ring(), cqe);
        }
        break;
      case 3: {  // the iterator, breaking after max
        struct uring_cq_iter it;
        unsigned n = 0;
        uring_for_each_cqe(ring(), it, cqe) {
          Expect(cqe);
          if (++n == max) break;
        }
        (void)uring_cq_iter_end(ring(), &it);
        break;
      }
      case 4: {  // batch copy
        if (std::get<1>(GetParam())) {
          struct uring_cqe32 out[kCqEntries];
          unsigned n = uring_copy_cqes32(ring(), out, max);
          for (unsigned i = 0; i < n; i++) Expect(reinterpret_cast<struct uring_cqe *>(&out[i]));
        } else {
          struct uring_cqe out[kCqEntries];
          unsigned n = uring_copy_cqes(ring(), out, max);
          for (unsigned i = 0; i < n; i++) Expect(&out[i]);
        }
        break;
      }
      case 5: {  // peek_batch + one advance
        struct uring_cqe *cqes[kCqEntries];
        unsigned n = uring_peek_batch_cqe(ring(), cqes, max);
        for (unsigned i = 0; i < n; i++) Expect(cqes[i]);
        uring_cq_advance(ring(), n);
        break;
      }
      case 6: {  // peek_batch + seen per CQE
        struct uring_cqe *cqes[kCqEntries];
        unsigned n = uring_peek_batch_cqe(ring(), cqes, max);
        for (unsigned i = 0; i < n; i++) {
          Expect(cqes[i]);
          uring_cqe_seen(ring(), cqes[i]);
        }
        break;
      }
      default:  // peek + advance(1)
        if (uring_peek_cqe(ring(), &cqe) == 0) {
          Expect(cqe);
          uring_cq_advance(ring(), 1);
        }
        break;
    }
  }

  RingHolder h_;
  uint64_t state_ = 0x2545f4914f6cdd1dull;
  uint64_t queued_ = 0;
  uint64_t reaped_ = 0;
};

TEST_P(ReapMix, EveryCompletionOnceAndInOrder) {
  // About 60 wraps of the CQ and 120 of the SQ.
  for (unsigned round = 0; round < 1000 && !HasFatalFailure(); round++) {
    // Queue up to the room the CQ has left, in one or two submits.
    unsigned room = kCqEntries - (unsigned)(queued_ - reaped_);
    unsigned want = room ? 1 + Next(room < kSqEntries ? room : kSqEntries) : 0;
    for (unsigned i = 0; i < want; i++) {
      ASSERT_EQ(uring_sq_ready(ring()) + uring_sq_space_left(ring()), kSqEntries);
      struct uring_sqe *sqe = uring_get_sqe(ring());
      ASSERT_NE(sqe, nullptr) << "SQ full with " << uring_sq_ready(ring()) << " ready";
      uring_prep_nop(sqe);
      uring_sqe_set_data64(sqe, queued_++);
      if (Next(4) == 0) {
        unsigned ready = uring_sq_ready(ring());
        ASSERT_EQ(uring_submit(ring()), (int)ready);
      }
    }
    int ret = uring_submit(ring());
    ASSERT_GE(ret, 0);
    ASSERT_EQ(uring_sq_ready(ring()), 0u);
    // NOPs complete inside the enter: all of them are in the CQ now.
    ASSERT_EQ(uring_cq_ready(ring()), (unsigned)(queued_ - reaped_));
    // Reap some, in two styles, leaving the rest for later rounds.
    ReapSome(Next(8), 1 + Next(kCqEntries));
    ReapSome(Next(8), 1 + Next(4));
    ASSERT_EQ(uring_cq_ready(ring()), (unsigned)(queued_ - reaped_));
  }
  // Everything left, with the iterator and then a peek that must find nothing.
  while (reaped_ < queued_ && !HasFatalFailure()) ReapSome(3, kCqEntries);
  struct uring_cqe *cqe = nullptr;
  EXPECT_EQ(uring_peek_cqe(ring(), &cqe), -EAGAIN);
  EXPECT_EQ(cqe, nullptr);
  EXPECT_EQ(reaped_, queued_);
  EXPECT_GT(queued_, 4u * 1000u);
}

INSTANTIATE_TEST_SUITE_P(
    Backends, ReapMix,
    ::testing::Combine(::testing::Values(Backend::kKernel, Backend::kMock), ::testing::Bool()),
    [](const ::testing::TestParamInfo<std::tuple<Backend, bool>> &info) {
      return std::string(uring_test::BackendName(std::get<0>(info.param))) +
             (std::get<1>(info.param) ? "Cqe32" : "Cqe16");
    });

}  // namespace
