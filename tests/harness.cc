#include "tests/harness.h"

#include <stdio.h>
#include <sys/utsname.h>

namespace uring_test {

const std::string &KernelUnavailableReason() {
  static const std::string reason = [] {
    struct uring ring;
    int ret = uring_init(&ring, 2, 0);
    if (ret == 0) {
      uring_exit(&ring);
      return std::string();
    }
    std::string why = "io_uring_setup failed: " + std::string(strerror(-ret));
    if (ret == -ENOSYS) why += " (a kernel built without io_uring, or a seccomp filter)";
    if (ret == -EPERM)
      why += " (kernel.io_uring_disabled, or a seccomp filter such as a container's default "
             "profile)";
    return why;
  }();
  return reason;
}

bool KernelAtLeast(int major, int minor) {
  struct utsname u;
  int ma = 0, mi = 0;
  if (uname(&u) != 0 || sscanf(u.release, "%d.%d", &ma, &mi) != 2) return false;
  return ma > major || (ma == major && mi >= minor);
}

RingHolder::~RingHolder() {
  if (live) {
    uring_exit(&ring);
    live = false;
  }
  if (backend == Backend::kMock) ReleaseMockRing(this);
}

int InitRing(RingHolder *h, Backend backend, unsigned entries, struct uring_params *p) {
  h->backend = backend;
  int ret = backend == Backend::kKernel ? uring_init_params(&h->ring, entries, p)
                                        : InitMockRing(h, entries, p);
  h->live = ret == 0;
  return ret;
}

}  // namespace uring_test
