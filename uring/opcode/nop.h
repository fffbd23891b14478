/* NOP: completes at once with res 0 (5.1), or with an injected result (6.10, see
 * URING_NOP_INJECT_RESULT). NOP128 is the same on a 128-byte entry. */
#ifndef URING_OPCODE_NOP_H
#define URING_OPCODE_NOP_H

#include "uring/opcode/prep.h"
#include "uring/sys/cast.h"

#ifdef __cplusplus
extern "C" {
#endif

/* 5.1 */
static inline void uring_prep_nop(struct uring_sqe *sqe) {
  uring_prep_rw(URING_OP_NOP, sqe, -1, URING_NULL, 0, 0);
}

/* A NOP that occupies a 128-byte entry: `sqe` must be one (from uring_get_sqe128: a double
 * slot under URING_SETUP_SQE_MIXED, or any slot of a URING_SETUP_SQE128 ring, where the
 * kernel takes it as an ordinary request); all 128 bytes are written. 6.19 */
static inline void uring_prep_nop128(struct uring_sqe *sqe) {
  uring_prep_rw128(URING_OP_NOP128, sqe, -1, URING_NULL, 0, 0);
}

#ifdef __cplusplus
}
#endif

#endif /* URING_OPCODE_NOP_H */
