/* NOP: completes at once with res 0 (5.1), or with an injected result (6.x, see
 * URING_NOP_INJECT_RESULT). */
#ifndef URING_OPCODE_NOP_H
#define URING_OPCODE_NOP_H

#include "uring/opcode/prep.h"

#ifdef __cplusplus
extern "C" {
#endif

/* 5.1 */
static inline void uring_prep_nop(struct uring_sqe *sqe) {
  uring_prep_rw(URING_OP_NOP, sqe, -1, (const void *)0, 0, 0);
}

#ifdef __cplusplus
}
#endif

#endif /* URING_OPCODE_NOP_H */
