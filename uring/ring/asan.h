/* AddressSanitizer's view of what the kernel will read and write.
 *
 * ASan cannot see the kernel touch user memory, so a read into a freed buffer, or a write
 * from a stack buffer that went out of scope, would pass unnoticed. Built with
 * URING_ASAN_CHECKS (the project's asan configurations set it) under ASan, every submit
 * first checks that each user buffer named by the SQEs it is about to publish is
 * addressable, using the opcode table's description of each SQE field, and stops the
 * program with ASan's usual report when one is not. Without ASan it does nothing. */
#ifndef URING_RING_ASAN_H
#define URING_RING_ASAN_H

#include "uring/ring/ring.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Checks the SQEs from ring->sq.sqe_head to ring->sq.sqe_tail (filled, not yet
 * published). Reports through ASan and aborts on an unaddressable buffer. */
void uring_priv_asan_check_sqes(const struct uring *ring);

/* Nonzero when this build can check (compiled with ASan). */
int uring_asan_checks_enabled(void);

#ifdef __cplusplus
}
#endif

#endif /* URING_RING_ASAN_H */
