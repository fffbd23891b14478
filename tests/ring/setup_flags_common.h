// What the setup flag tests (setup_flags_test, the flags alone and combined, and
// setup_flag_effects_test, each flag's effect) share: parameter blocks, skipping where an
// older kernel refuses a flag, NOPs run through a ring, and caller memory for NO_MMAP.
#ifndef URING_TESTS_RING_SETUP_FLAGS_COMMON_H
#define URING_TESTS_RING_SETUP_FLAGS_COMMON_H

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

#include <set>

#include "gtest/gtest.h"
#include "tests/support/kernel.h"
#include "uring/uring.h"

namespace uring_setup_flags_test {

using uring_test::KernelAtLeast;

inline struct uring_params Params(unsigned flags) {
  struct uring_params p;
  memset(&p, 0, sizeof p);
  p.flags = flags;
  return p;
}

// Skips when setup refused `what` with -EINVAL on a kernel older than the release that
// added it (the refusal alone could be a bug on a newer kernel).
#define SKIP_IF_SETUP_REFUSED(ret, what, major, minor)                                    \
  do {                                                                                    \
    if ((ret) == -EINVAL && !KernelAtLeast(major, minor))                                 \
      GTEST_SKIP() << what << " (" << major << "." << minor                              \
                   << ") not supported by this kernel: setup refuses it with EINVAL";     \
  } while (0)

// Runs `n` NOPs through the ring in batches of at most the SQ size; every NOP must complete
// once with res 0. Works for every kind of ring: under SQPOLL uring_submit returns what it
// published, and IOPOLL rings are polled by the waits.
inline void NopRounds(struct uring *ring, unsigned n, uint64_t first = 1) {
  std::set<uint64_t> seen;
  uint64_t next = first;
  while (next < first + n) {
    unsigned batch = 0;
    while (batch < ring->sq.ring_entries && next + batch < first + n) {
      struct uring_sqe *sqe = uring_get_sqe(ring);
      if (!sqe && (ring->flags & URING_SETUP_SQPOLL)) {
        // The SQ thread posts the completions of a batch before it publishes the SQ head
        // that frees their slots: wait for that, as uring_get_sqe's NULL asks.
        ASSERT_EQ(uring_sqring_wait(ring), 0);
        sqe = uring_get_sqe(ring);
      }
      ASSERT_NE(sqe, nullptr) << "SQ full after " << batch;
      uring_prep_nop(sqe);
      uring_sqe_set_data64(sqe, next + batch);
      batch++;
    }
    ASSERT_EQ(uring_submit(ring), (int)batch);
    for (unsigned i = 0; i < batch; i++) {
      struct uring_cqe *cqe = nullptr;
      ASSERT_EQ(uring_wait_cqe(ring, &cqe), 0);
      ASSERT_NE(cqe, nullptr);
      EXPECT_EQ(cqe->res, 0);
      EXPECT_GE(cqe->user_data, next);
      EXPECT_LT(cqe->user_data, next + batch);
      EXPECT_TRUE(seen.insert(cqe->user_data).second) << "twice: " << cqe->user_data;
      uring_cqe_seen(ring, cqe);
    }
    next += batch;
  }
  EXPECT_EQ(seen.size(), n);
  struct uring_cqe *cqe;
  EXPECT_EQ(uring_peek_cqe(ring, &cqe), -EAGAIN);
}

// Caller memory for URING_SETUP_NO_MMAP rings.
struct Mem {
  void *addr = nullptr;
  size_t size = 0;
  explicit Mem(size_t n) : size(n) {
    void *p = mmap(nullptr, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    addr = p == MAP_FAILED ? nullptr : p;
  }
  ~Mem() {
    if (addr) munmap(addr, size);
  }
};

inline bool Within(const void *p, const void *base, size_t size) {
  auto a = reinterpret_cast<uintptr_t>(p), b = reinterpret_cast<uintptr_t>(base);
  return a >= b && a < b + size;
}

}  // namespace uring_setup_flags_test

#endif  // URING_TESTS_RING_SETUP_FLAGS_COMMON_H
