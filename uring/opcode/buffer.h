/* Legacy provided buffers: PROVIDE_BUFFERS, REMOVE_BUFFERS. (Provided-buffer rings,
 * URING_REGISTER_PBUF_RING, 5.19, are registered instead and cost no SQE per refill.) */
#ifndef URING_OPCODE_BUFFER_H
#define URING_OPCODE_BUFFER_H

#include <stdint.h>

#include "uring/opcode/prep.h"
#include "uring/sys/cast.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Hands `nr` buffers of `len` bytes each, back to back from `addr`, to group `bgid` with
 * ids `bid`, `bid` + 1, ...: the kernel takes the count from fd, the first id from off and
 * the group from buf_group. 5.7 */
static inline void uring_prep_provide_buffers(struct uring_sqe *sqe, void *addr, int len,
                                              int nr, int bgid, int bid) {
  uring_prep_rw(URING_OP_PROVIDE_BUFFERS, sqe, nr, addr, URING_CAST(unsigned, len),
                URING_CAST(uint64_t, URING_CAST(int64_t, bid)));
  sqe->buf_group = URING_CAST(uint16_t, bgid);
}

/* Takes back up to `nr` unused buffers of group `bgid`; cqe->res is how many. 5.7 */
static inline void uring_prep_remove_buffers(struct uring_sqe *sqe, int nr, int bgid) {
  uring_prep_rw(URING_OP_REMOVE_BUFFERS, sqe, nr, URING_NULL, 0, 0);
  sqe->buf_group = URING_CAST(uint16_t, bgid);
}

#ifdef __cplusplus
}
#endif

#endif /* URING_OPCODE_BUFFER_H */
