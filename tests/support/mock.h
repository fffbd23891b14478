// The mock side of the test harness (tests/support/harness.h): InitRing(h, Backend::kMock,
// ...) creates the ring on a fresh mock kernel ring; MockOf reaches that mock's test controls.
#ifndef URING_TESTS_SUPPORT_MOCK_H
#define URING_TESTS_SUPPORT_MOCK_H

#include <string>

#include "tests/support/harness.h"
#include "uring/mock/mock.h"

namespace uring_test {

// Completions the harness's mock can hold back while the CQ is full: 8x an 8192-entry CQ.
constexpr unsigned kMockBacklog = 65536;

// The mock behind a ring InitRing created with Backend::kMock, or nullptr.
struct uring_mock *MockOf(const RingHolder *h);

// The kernel profile the harness's mocks model (uring_mock_set_kernel), from the
// environment variable URING_TEST_MOCK_KERNEL ("5.4"; unset for the newest), as
// major * 100 + minor, 0 for the newest. The test targets *_mock_kernel_* set it.
unsigned MockKernel();

// "mock (5.4)" or "mock": for messages.
std::string MockKernelName();

// InitRing's and ~RingHolder's way to the mock: a fresh mock for `h` (freeing one it already
// has), and freeing it, failing the test when the library left a mapping or the fd behind.
int InitMockRing(RingHolder *h, unsigned entries, struct uring_params *p);
void ReleaseMockRing(RingHolder *h);

}  // namespace uring_test

#endif  // URING_TESTS_SUPPORT_MOCK_H
