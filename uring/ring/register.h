/* io_uring_register(2) operations on a ring.
 *
 * Every call returns 0 (or a count where noted) or -errno, goes through the registered ring
 * fd when the ring has one, and names the kernel version it needs. */
#ifndef URING_RING_REGISTER_H
#define URING_RING_REGISTER_H

#include "uring/ring/ring.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Enables a ring created with URING_SETUP_R_DISABLED (5.10). */
int uring_enable_rings(struct uring *ring);

/* Allows only the listed operations on a ring created with URING_SETUP_R_DISABLED (5.10);
 * must come before uring_enable_rings. */
int uring_register_restrictions(struct uring *ring, const struct uring_restriction *res,
                                unsigned nr);

/* Signals `eventfd` for every completion (5.1), or only for those that completed out of
 * line (async, 5.6). */
int uring_register_eventfd(struct uring *ring, int eventfd);
int uring_register_eventfd_async(struct uring *ring, int eventfd);
int uring_unregister_eventfd(struct uring *ring);

#ifdef __cplusplus
}
#endif

#endif /* URING_RING_REGISTER_H */
