/* ASYNC_CANCEL: cancelling requests in flight.
 *
 * What matches is chosen by sqe->cancel_flags:
 *   (none) or URING_ASYNC_CANCEL_USERDATA   user_data equal to sqe->addr (USERDATA: 6.6)
 *   URING_ASYNC_CANCEL_FD                   requests on file sqe->fd (5.19)
 *   URING_ASYNC_CANCEL_FD | _FD_FIXED       ... on direct descriptor sqe->fd (6.0)
 *   URING_ASYNC_CANCEL_OP                   requests of opcode sqe->len (6.6)
 *   URING_ASYNC_CANCEL_ANY                  every request (5.19; not with FD or OP)
 * FD, OP and USERDATA combine: a request must match every key given. Without
 * URING_ASYNC_CANCEL_ALL (5.19) or _ANY only the first match is cancelled and cqe->res is
 * 0, -ENOENT (no match) or -EALREADY (found, but already running). With ALL or ANY every
 * match is cancelled and cqe->res is their count, 0 when nothing matched (measured on
 * 6.18). */
#ifndef URING_OPCODE_CANCEL_H
#define URING_OPCODE_CANCEL_H

#include <stdint.h>

#include "uring/opcode/prep.h"
#include "uring/sys/cast.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Cancels by user_data (and whatever else `flags` asks for). 5.5 */
static inline void uring_prep_cancel64(struct uring_sqe *sqe, uint64_t user_data, int flags) {
  uring_prep_rw(URING_OP_ASYNC_CANCEL, sqe, -1, URING_NULL, 0, 0);
  sqe->addr = user_data;
  sqe->cancel_flags = URING_CAST(uint32_t, flags);
}

/* uring_prep_cancel64 for requests tagged with uring_sqe_set_data. 5.5 */
static inline void uring_prep_cancel(struct uring_sqe *sqe, void *user_data, int flags) {
  uring_prep_cancel64(sqe, URING_PTR_TO_U64(user_data), flags);
}

/* Cancels requests on `fd`: sets URING_ASYNC_CANCEL_FD itself; add
 * URING_ASYNC_CANCEL_FD_FIXED when `fd` is a direct descriptor, URING_ASYNC_CANCEL_ALL
 * for every match. 5.19 */
static inline void uring_prep_cancel_fd(struct uring_sqe *sqe, int fd, unsigned int flags) {
  uring_prep_rw(URING_OP_ASYNC_CANCEL, sqe, fd, URING_NULL, 0, 0);
  sqe->cancel_flags = flags | URING_ASYNC_CANCEL_FD;
}

/* Cancels requests of opcode `opcode` (URING_OP_*): sets URING_ASYNC_CANCEL_OP itself.
 * 6.6 */
static inline void uring_prep_cancel_op(struct uring_sqe *sqe, unsigned opcode,
                                        unsigned int flags) {
  uring_prep_rw(URING_OP_ASYNC_CANCEL, sqe, -1, URING_NULL, opcode, 0);
  sqe->cancel_flags = flags | URING_ASYNC_CANCEL_OP;
}

/* Every key at once: the kernel reads `user_data` (addr), `fd` and `opcode` (len) only for
 * the keys `flags` names, so the others may hold anything. Matching on more than one key
 * takes the OP or USERDATA key: 6.6 */
static inline void uring_prep_cancel_match(struct uring_sqe *sqe, uint64_t user_data, int fd,
                                           unsigned opcode, unsigned int flags) {
  uring_prep_rw(URING_OP_ASYNC_CANCEL, sqe, fd, URING_NULL, opcode, 0);
  sqe->addr = user_data;
  sqe->cancel_flags = flags;
}

#ifdef __cplusplus
}
#endif

#endif /* URING_OPCODE_CANCEL_H */
