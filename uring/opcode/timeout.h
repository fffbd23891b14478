/* Timeouts: TIMEOUT, TIMEOUT_REMOVE (also the update forms), LINK_TIMEOUT.
 *
 * `ts` is a struct uring_timespec (the kernel's __kernel_timespec: 64-bit seconds and
 * nanoseconds), relative unless URING_TIMEOUT_ABS; the clock is CLOCK_MONOTONIC unless
 * URING_TIMEOUT_BOOTTIME or URING_TIMEOUT_REALTIME (5.15). The kernel copies it when it
 * takes the SQE (during the submit call; later under SQPOLL), so it must live until then.
 * A timeout completes with -ETIME when it expires; with URING_TIMEOUT_ETIME_SUCCESS (5.16)
 * it still does, but the expiry no longer counts as a failure that breaks a linked chain
 * (measured on 6.18). */
#ifndef URING_OPCODE_TIMEOUT_H
#define URING_OPCODE_TIMEOUT_H

#include <stdint.h>

#include "uring/opcode/prep.h"
#include "uring/sys/cast.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Completes after `ts`, or once `count` other completions have been posted (0: time only),
 * whichever comes first; the kernel requires len 1. 5.4 */
static inline void uring_prep_timeout(struct uring_sqe *sqe, const struct uring_timespec *ts,
                                      unsigned count, unsigned flags) {
  uring_prep_rw(URING_OP_TIMEOUT, sqe, -1, ts, 1, count);
  sqe->timeout_flags = flags;
}

/* A repeating timeout (URING_TIMEOUT_MULTISHOT): a CQE with URING_CQE_F_MORE every `ts`,
 * `count` times (0: until removed). Relative times only. 6.4 */
static inline void uring_prep_timeout_multishot(struct uring_sqe *sqe,
                                                const struct uring_timespec *ts,
                                                unsigned count, unsigned flags) {
  uring_prep_timeout(sqe, ts, count, flags | URING_TIMEOUT_MULTISHOT);
}

/* Cancels the timeout whose user_data is `user_data` (in addr); `flags` must be 0. 5.5 */
static inline void uring_prep_timeout_remove(struct uring_sqe *sqe, uint64_t user_data,
                                             unsigned flags) {
  uring_prep_rw(URING_OP_TIMEOUT_REMOVE, sqe, -1, URING_NULL, 0, 0);
  sqe->addr = user_data;
  sqe->timeout_flags = flags;
}

/* Re-arms the timeout `user_data` with `ts` (in addr2). Sets URING_TIMEOUT_UPDATE itself;
 * add URING_LINK_TIMEOUT_UPDATE to `flags` to update a LINK_TIMEOUT instead (5.15),
 * and URING_TIMEOUT_ABS or a clock flag as for the timeout. 5.11 */
static inline void uring_prep_timeout_update(struct uring_sqe *sqe,
                                             const struct uring_timespec *ts,
                                             uint64_t user_data, unsigned flags) {
  uring_prep_rw(URING_OP_TIMEOUT_REMOVE, sqe, -1, URING_NULL, 0, URING_PTR_TO_U64(ts));
  sqe->addr = user_data;
  sqe->timeout_flags = flags | URING_TIMEOUT_UPDATE;
}

/* Bounds the request linked just before it (URING_SQE_IO_LINK on that one): when `ts`
 * expires first, that request is cancelled (-ECANCELED) and this one completes with
 * -ETIME; otherwise this one completes with -ECANCELED. 5.5 */
static inline void uring_prep_link_timeout(struct uring_sqe *sqe,
                                           const struct uring_timespec *ts, unsigned flags) {
  uring_prep_rw(URING_OP_LINK_TIMEOUT, sqe, -1, ts, 1, 0);
  sqe->timeout_flags = flags;
}

#ifdef __cplusplus
}
#endif

#endif /* URING_OPCODE_TIMEOUT_H */
