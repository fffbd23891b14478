/* io_uring_register(2) operations. */
#include <stdint.h>

#include "uring/ring/register.h"
#include "uring/sys/abi.h"
#include "uring/sys/errcodes.h"
#include "uring/sys/syscall.h"

int uring_enable_rings(struct uring *ring) {
  return uring_register(ring, URING_REGISTER_ENABLE_RINGS, (const void *)0, 0);
}

int uring_register_restrictions(struct uring *ring, const struct uring_restriction *res,
                                unsigned nr) {
  return uring_register(ring, URING_REGISTER_RESTRICTIONS, res, nr);
}

int uring_register_eventfd(struct uring *ring, int eventfd) {
  return uring_register(ring, URING_REGISTER_EVENTFD, &eventfd, 1);
}

int uring_register_eventfd_async(struct uring *ring, int eventfd) {
  return uring_register(ring, URING_REGISTER_EVENTFD_ASYNC, &eventfd, 1);
}

int uring_unregister_eventfd(struct uring *ring) {
  return uring_register(ring, URING_UNREGISTER_EVENTFD, (const void *)0, 0);
}
