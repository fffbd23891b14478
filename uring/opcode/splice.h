/* Moving data through pipes: SPLICE and TEE. */
#ifndef URING_OPCODE_SPLICE_H
#define URING_OPCODE_SPLICE_H

#include <stdint.h>

#include "uring/opcode/prep.h"
#include "uring/sys/cast.h"

#ifdef __cplusplus
extern "C" {
#endif

/* splice(2) of `nbytes` from `fd_in` to `fd_out`, one of which must be a pipe. An offset
 * of -1 means the file position (and is required for a pipe). The kernel reads fd_out from
 * fd, off_out from off, off_in from splice_off_in (addr's slot) and fd_in from
 * splice_fd_in; `splice_flags` are SPLICE_F_*, plus URING_SPLICE_F_FD_IN_FIXED when
 * `fd_in` is a direct descriptor (URING_SQE_FIXED_FILE covers fd_out). 5.7 */
static inline void uring_prep_splice(struct uring_sqe *sqe, int fd_in, int64_t off_in,
                                     int fd_out, int64_t off_out, unsigned int nbytes,
                                     unsigned int splice_flags) {
  uring_prep_rw(URING_OP_SPLICE, sqe, fd_out, URING_NULL, nbytes, URING_CAST(uint64_t, off_out));
  sqe->splice_off_in = URING_CAST(uint64_t, off_in);
  sqe->splice_fd_in = fd_in;
  sqe->splice_flags = splice_flags;
}

/* tee(2): duplicates `nbytes` from pipe `fd_in` to pipe `fd_out` without consuming them;
 * the kernel requires both offsets 0. 5.8 */
static inline void uring_prep_tee(struct uring_sqe *sqe, int fd_in, int fd_out,
                                  unsigned int nbytes, unsigned int splice_flags) {
  uring_prep_rw(URING_OP_TEE, sqe, fd_out, URING_NULL, nbytes, 0);
  sqe->splice_fd_in = fd_in;
  sqe->splice_flags = splice_flags;
}

#ifdef __cplusplus
}
#endif

#endif /* URING_OPCODE_SPLICE_H */
