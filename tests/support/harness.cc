#include "tests/support/harness.h"

#include "tests/support/mock.h"

namespace uring_test {

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
