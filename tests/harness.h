// Shared test harness: creating rings on the real kernel or on the mock kernel ring, and
// skipping (with the reason) where the real kernel refuses io_uring.
#ifndef URING_TESTS_HARNESS_H
#define URING_TESTS_HARNESS_H

#include <errno.h>
#include <string.h>

#include <string>

#include "gtest/gtest.h"
#include "uring/uring.h"

namespace uring_test {

// Where a ring's kernel side runs.
enum class Backend { kKernel, kMock };

inline const char *BackendName(Backend b) { return b == Backend::kKernel ? "Kernel" : "Mock"; }

// Why io_uring cannot be used here, or "" when it can. Probed once per process.
const std::string &KernelUnavailableReason();

// True when the running kernel's release (uname) is at least major.minor. Only for
// asserting behaviour that changed in a release without a feature flag, probe entry or
// refusal to show it; where the kernel can be asked, ask it. Stable kernels can carry newer
// io_uring code than their release says (Debian's 5.10.223 has 5.15's, minus the opcodes
// that need newer VFS calls).
bool KernelAtLeast(int major, int minor);

// True for the errors that mean "io_uring (or this feature) is not available here", as
// opposed to a bug: -ENOSYS, -EPERM (seccomp, io_uring_disabled), -EOPNOTSUPP.
inline bool IsUnavailable(int ret) {
  return ret == -ENOSYS || ret == -EPERM || ret == -EOPNOTSUPP;
}

// Creates `ring` on `backend` with exactly `p` (uring_init_params semantics). The mock
// keeps its state in the returned context, which ReleaseRing frees.
struct RingHolder {
  struct uring ring;
  Backend backend = Backend::kKernel;
  void *mock = nullptr;  // owned by the harness when backend == kMock
  bool live = false;
  RingHolder() { memset(&ring, 0, sizeof ring); }
  ~RingHolder();
  RingHolder(const RingHolder &) = delete;
  RingHolder &operator=(const RingHolder &) = delete;
};

int InitRing(RingHolder *h, Backend backend, unsigned entries, struct uring_params *p);

// Leak checks count what a ring holds and nothing else: sanitizer runtimes, stdio and the
// allocator map memory and open files on their own schedule (ThreadSanitizer adds a
// mapping at times of its choosing), which a count of every fd or mapping would blame on
// the code under test. -1 when /proc cannot be read.
//   CountRingFds: descriptors of this process that are io_uring instances.
//   CountRingMappings: mappings of this process backed by an io_uring instance (the rings,
//     the SQE array, kernel-allocated provided-buffer rings and regions).
int CountRingFds();
int CountRingMappings();

// Mock hooks, implemented by the mock harness (mock_harness.cc).
int InitMockRing(RingHolder *h, unsigned entries, struct uring_params *p);
void ReleaseMockRing(RingHolder *h);

}  // namespace uring_test

// Skips the current test when the real kernel's io_uring is unavailable.
#define URING_SKIP_WITHOUT_KERNEL()                                             \
  do {                                                                          \
    const std::string &why_ = ::uring_test::KernelUnavailableReason();          \
    if (!why_.empty()) GTEST_SKIP() << "io_uring unavailable here: " << why_;   \
  } while (0)

// Skips when `ret` says the kernel lacks a feature; `what` names the feature.
#define URING_SKIP_IF_UNSUPPORTED(ret, what)                                     \
  do {                                                                           \
    int r_ = (ret);                                                              \
    if (r_ == -EINVAL || ::uring_test::IsUnavailable(r_))                        \
      GTEST_SKIP() << what << " not supported by this kernel: " << strerror(-r_); \
  } while (0)

#endif  // URING_TESTS_HARNESS_H
