// What the tests ask of the running kernel: whether io_uring can be used at all, its
// release, and what of it this process holds (for leak checks). Every test that needs the
// real kernel skips, with the reason, where it refuses io_uring.
#ifndef URING_TESTS_SUPPORT_KERNEL_H
#define URING_TESTS_SUPPORT_KERNEL_H

#include <errno.h>
#include <string.h>

#include <string>

#include "gtest/gtest.h"

namespace uring_test {

// Why io_uring cannot be used here, or "" when it can. Probed once per process.
const std::string &KernelUnavailableReason();

// True when the running kernel's release (uname) is at least major.minor. Only for
// asserting behaviour that changed in a release without a feature flag, probe entry or
// refusal to show it (the probe lists opcodes, not their flags or behaviour); where the
// kernel can be asked, ask it. Stable kernels can carry newer io_uring code than their
// release says (Debian's 5.10.223 has 5.15's, minus the opcodes that need newer VFS calls).
bool KernelAtLeast(int major, int minor);

// True for the errors that mean "io_uring (or this feature) is not available here", as
// opposed to a bug: -ENOSYS, -EPERM (seccomp, io_uring_disabled), -EOPNOTSUPP.
inline bool IsUnavailable(int ret) {
  return ret == -ENOSYS || ret == -EPERM || ret == -EOPNOTSUPP;
}

// Leak checks count what a ring holds and nothing else: sanitizer runtimes, stdio and the
// allocator map memory and open files on their own schedule (ThreadSanitizer adds a
// mapping at times of its choosing), which a count of every fd or mapping would blame on
// the code under test. -1 when /proc cannot be read.
//   CountRingFds: descriptors of this process that are io_uring instances.
//   CountRingMappings: mappings of this process backed by an io_uring instance (the rings,
//     the SQE array, kernel-allocated provided-buffer rings and regions).
int CountRingFds();
int CountRingMappings();

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

#endif  // URING_TESTS_SUPPORT_KERNEL_H
