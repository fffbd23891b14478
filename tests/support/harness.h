// Rings for tests: on the real kernel or on the mock kernel ring (tests/support/mock.h),
// torn down at scope exit. Skipping where the real kernel refuses io_uring is in kernel.h.
#ifndef URING_TESTS_SUPPORT_HARNESS_H
#define URING_TESTS_SUPPORT_HARNESS_H

#include <string.h>

#include "gtest/gtest.h"
#include "tests/support/kernel.h"
#include "uring/uring.h"

namespace uring_test {

// Where a ring's kernel side runs.
enum class Backend { kKernel, kMock };

inline const char *BackendName(Backend b) { return b == Backend::kKernel ? "Kernel" : "Mock"; }

// A ring, torn down at scope exit. InitRing creates it on either backend with exactly `p`
// (uring_init_params semantics); Init and InitParams create it on the real kernel through
// uring_init and uring_init_params, which differ in the flags uring_init adds. The mock
// keeps its state in `mock`, which the holder frees.
struct RingHolder {
  struct uring ring;
  Backend backend = Backend::kKernel;
  void *mock = nullptr;  // owned by the harness when backend == kMock
  bool live = false;
  RingHolder() { memset(&ring, 0, sizeof ring); }
  ~RingHolder();
  RingHolder(const RingHolder &) = delete;
  RingHolder &operator=(const RingHolder &) = delete;
  int Init(unsigned entries = 16, unsigned flags = 0) {
    int ret = uring_init(&ring, entries, flags);
    live = ret == 0;
    return ret;
  }
  int InitParams(unsigned entries, struct uring_params *p) {
    int ret = uring_init_params(&ring, entries, p);
    live = ret == 0;
    return ret;
  }
  struct uring *operator->() { return &ring; }
  struct uring *get() { return &ring; }
};

// The name the kernel-only tests give the holder: they call Init or InitParams.
using Ring = RingHolder;

int InitRing(RingHolder *h, Backend backend, unsigned entries, struct uring_params *p);

}  // namespace uring_test

#endif  // URING_TESTS_SUPPORT_HARNESS_H
