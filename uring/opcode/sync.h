/* Syncing, space allocation and advice: FSYNC, SYNC_FILE_RANGE, FALLOCATE, FADVISE,
 * MADVISE, FTRUNCATE. */
#ifndef URING_OPCODE_SYNC_H
#define URING_OPCODE_SYNC_H

#include <stdint.h>

#include "uring/opcode/prep.h"
#include "uring/sys/cast.h"

#ifdef __cplusplus
extern "C" {
#endif

/* fsync(2), or fdatasync(2) with URING_FSYNC_DATASYNC in `fsync_flags`. The kernel also
 * reads off and len as a range to sync (0, 0: the whole file). 5.1 */
static inline void uring_prep_fsync(struct uring_sqe *sqe, int fd, unsigned fsync_flags) {
  uring_prep_rw(URING_OP_FSYNC, sqe, fd, URING_NULL, 0, 0);
  sqe->fsync_flags = fsync_flags;
}

/* sync_file_range(2) over [offset, offset + len); `flags` are SYNC_FILE_RANGE_*. 5.2 */
static inline void uring_prep_sync_file_range(struct uring_sqe *sqe, int fd, unsigned len,
                                              uint64_t offset, int flags) {
  uring_prep_rw(URING_OP_SYNC_FILE_RANGE, sqe, fd, URING_NULL, len, offset);
  sqe->sync_range_flags = URING_CAST(uint32_t, flags);
}

/* fallocate(2): the kernel takes the mode from len and the 64-bit length from addr. 5.6 */
static inline void uring_prep_fallocate(struct uring_sqe *sqe, int fd, int mode,
                                        uint64_t offset, uint64_t len) {
  uring_prep_rw(URING_OP_FALLOCATE, sqe, fd, URING_NULL, URING_CAST(unsigned, mode), offset);
  sqe->addr = len;
}

/* posix_fadvise(2) with a 32-bit length (0: to the end of the file); `advice` is
 * POSIX_FADV_*. 5.6 */
static inline void uring_prep_fadvise(struct uring_sqe *sqe, int fd, uint64_t offset,
                                      uint32_t len, int advice) {
  uring_prep_rw(URING_OP_FADVISE, sqe, fd, URING_NULL, len, offset);
  sqe->fadvise_advice = URING_CAST(uint32_t, advice);
}

/* posix_fadvise(2) with a 64-bit length, which the kernel reads from addr when len is 0.
 * Older kernels fail it with -EINVAL; a zero `len` means the whole file on both. 6.11 */
static inline void uring_prep_fadvise64(struct uring_sqe *sqe, int fd, uint64_t offset,
                                        uint64_t len, int advice) {
  uring_prep_rw(URING_OP_FADVISE, sqe, fd, URING_NULL, 0, offset);
  sqe->addr = len;
  sqe->fadvise_advice = URING_CAST(uint32_t, advice);
}

/* madvise(2) over [addr, addr + length) with a 32-bit length; `advice` is MADV_*. 5.6 */
static inline void uring_prep_madvise(struct uring_sqe *sqe, void *addr, uint32_t length,
                                      int advice) {
  uring_prep_rw(URING_OP_MADVISE, sqe, -1, addr, length, 0);
  sqe->fadvise_advice = URING_CAST(uint32_t, advice);
}

/* madvise(2) with a 64-bit length, which the kernel reads from off when len is 0; older
 * kernels fail it with -EINVAL. 6.11 */
static inline void uring_prep_madvise64(struct uring_sqe *sqe, void *addr, uint64_t length,
                                        int advice) {
  uring_prep_rw(URING_OP_MADVISE, sqe, -1, addr, 0, length);
  sqe->fadvise_advice = URING_CAST(uint32_t, advice);
}

/* ftruncate(2) to `len` bytes, which the kernel reads from off. 6.9 */
static inline void uring_prep_ftruncate(struct uring_sqe *sqe, int fd, uint64_t len) {
  uring_prep_rw(URING_OP_FTRUNCATE, sqe, fd, URING_NULL, 0, len);
}

#ifdef __cplusplus
}
#endif

#endif /* URING_OPCODE_SYNC_H */
