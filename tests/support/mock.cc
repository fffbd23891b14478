// The mock side of the test harness: InitRing(h, Backend::kMock, ...) lands here.
//
// Each ring gets its own struct uring_mock and a page-aligned buffer sized for the ring
// plus an overflow backlog of kMockBacklog completions. When the ring is released, the
// harness checks that the library unmapped everything it mapped and closed the fd.
#include "tests/support/mock.h"

#include <stdio.h>
#include <stdlib.h>

#include <new>
#include <string>

#include "gtest/gtest.h"
#include "tests/support/harness.h"
#include "uring/mock/mock.h"

namespace uring_test {
namespace {

constexpr size_t kAlign = 4096;
// Memory for a request setup will refuse anyway: setup validates before it looks at memory.
constexpr size_t kMinMem = 4096;

struct MockRing {
  struct uring_mock mock;
  void *mem;
};

}  // namespace

int InitMockRing(RingHolder *h, unsigned entries, struct uring_params *p) {
  if (h->mock) {
    if (h->live) {
      uring_exit(&h->ring);
      h->live = false;
    }
    ReleaseMockRing(h);
  }
  const unsigned rel = MockKernel();
  size_t size = uring_mock_mem_size_kernel(rel / 100, rel % 100, entries, p, kMockBacklog);
  if (size < kMinMem) size = kMinMem;
  MockRing *mr = new MockRing;
  mr->mem = ::operator new(size, std::align_val_t(kAlign));
  uring_mock_init(&mr->mock, mr->mem, size);
  if (uring_mock_set_kernel(&mr->mock, rel / 100, rel % 100) != 0)
    ADD_FAILURE() << "bad URING_TEST_MOCK_KERNEL";
  h->mock = mr;
  return uring_mock_ring_init(&h->ring, &mr->mock, entries, p);
}

unsigned MockKernel() {
  static const unsigned release = [] {
    const char *v = getenv("URING_TEST_MOCK_KERNEL");
    unsigned major = 0, minor = 0;
    if (!v || !*v) return 0u;
    if (sscanf(v, "%u.%u", &major, &minor) != 2) {
      ADD_FAILURE() << "URING_TEST_MOCK_KERNEL=" << v << ": want MAJOR.MINOR";
      return 0u;
    }
    return major * 100 + minor;
  }();
  return release;
}

std::string MockKernelName() {
  unsigned r = MockKernel();
  if (!r) return "mock";
  return "mock (" + std::to_string(r / 100) + "." + std::to_string(r % 100) + ")";
}

struct uring_mock *MockOf(const RingHolder *h) {
  if (h->backend != Backend::kMock || !h->mock) return nullptr;
  return &static_cast<MockRing *>(h->mock)->mock;
}

void ReleaseMockRing(RingHolder *h) {
  MockRing *mr = static_cast<MockRing *>(h->mock);
  if (!mr) return;
  const struct uring_mock_stats &s = mr->mock.stats;
  if (s.setups && !uring_mock_quiescent(&mr->mock))
    ADD_FAILURE() << "mock ring not torn down: maps " << s.maps << ", unmaps " << s.unmaps
                  << ", closes " << s.closes;
  ::operator delete(mr->mem, std::align_val_t(kAlign));
  delete mr;
  h->mock = nullptr;
}

}  // namespace uring_test
