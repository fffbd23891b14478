#include "tests/harness.h"
namespace uring_test {
int InitMockRing(RingHolder *, unsigned, struct uring_params *) { return -ENOSYS; }
void ReleaseMockRing(RingHolder *) {}
}  // namespace uring_test
