/* Reads and writes: READ, WRITE, READV, WRITEV, their registered-buffer forms and
 * READ_MULTISHOT.
 *
 * The kernel's io_prep_rw reads fd, off (the file position; -1 means the current one where
 * URING_FEAT_RW_CUR_POS is set), addr, len, rw_flags (RWF_*), ioprio and buf_index for every
 * opcode here; attr_ptr/attr_type_mask (6.14) and write_stream (6.15) are left zero. */
#ifndef URING_OPCODE_RW_H
#define URING_OPCODE_RW_H

#include <stdint.h>

#include "uring/opcode/prep.h"
#include "uring/sys/cast.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The iovec the kernel reads for READV/WRITEV: same layout as libc's struct iovec. */
struct uring_iovec {
  void *iov_base;
  uint64_t iov_len;
};

/* read(2) at `offset` (-1: the file position, URING_FEAT_RW_CUR_POS). 5.6 */
static inline void uring_prep_read(struct uring_sqe *sqe, int fd, void *buf, unsigned nbytes,
                                   uint64_t offset) {
  uring_prep_rw(URING_OP_READ, sqe, fd, buf, nbytes, offset);
}

/* write(2) at `offset`. 5.6 */
static inline void uring_prep_write(struct uring_sqe *sqe, int fd, const void *buf,
                                    unsigned nbytes, uint64_t offset) {
  uring_prep_rw(URING_OP_WRITE, sqe, fd, buf, nbytes, offset);
}

/* preadv(2); `iovecs` is a struct iovec array (struct uring_iovec or libc's). 5.1 */
static inline void uring_prep_readv(struct uring_sqe *sqe, int fd, const void *iovecs,
                                    unsigned nr_vecs, uint64_t offset) {
  uring_prep_rw(URING_OP_READV, sqe, fd, iovecs, nr_vecs, offset);
}

/* pwritev(2). 5.1 */
static inline void uring_prep_writev(struct uring_sqe *sqe, int fd, const void *iovecs,
                                     unsigned nr_vecs, uint64_t offset) {
  uring_prep_rw(URING_OP_WRITEV, sqe, fd, iovecs, nr_vecs, offset);
}

/* preadv2(2): `flags` are RWF_* (RWF_HIPRI, RWF_NOWAIT, ...); each RWF_ flag needs the
 * kernel that added it to preadv2. 5.1 */
static inline void uring_prep_readv2(struct uring_sqe *sqe, int fd, const void *iovecs,
                                     unsigned nr_vecs, uint64_t offset, int flags) {
  uring_prep_rw(URING_OP_READV, sqe, fd, iovecs, nr_vecs, offset);
  sqe->rw_flags = flags;
}

/* pwritev2(2) with RWF_* `flags` (RWF_DSYNC, RWF_APPEND, ...). 5.1 */
static inline void uring_prep_writev2(struct uring_sqe *sqe, int fd, const void *iovecs,
                                      unsigned nr_vecs, uint64_t offset, int flags) {
  uring_prep_rw(URING_OP_WRITEV, sqe, fd, iovecs, nr_vecs, offset);
  sqe->rw_flags = flags;
}

/* READ into registered buffer `buf_index` (URING_REGISTER_BUFFERS); [buf, buf + nbytes)
 * must lie inside that buffer. 5.1 */
static inline void uring_prep_read_fixed(struct uring_sqe *sqe, int fd, void *buf,
                                         unsigned nbytes, uint64_t offset, int buf_index) {
  uring_prep_rw(URING_OP_READ_FIXED, sqe, fd, buf, nbytes, offset);
  sqe->buf_index = URING_CAST(uint16_t, buf_index);
}

/* WRITE from registered buffer `buf_index`. 5.1 */
static inline void uring_prep_write_fixed(struct uring_sqe *sqe, int fd, const void *buf,
                                          unsigned nbytes, uint64_t offset, int buf_index) {
  uring_prep_rw(URING_OP_WRITE_FIXED, sqe, fd, buf, nbytes, offset);
  sqe->buf_index = URING_CAST(uint16_t, buf_index);
}

/* preadv2(2) whose iovecs all point into registered buffer `buf_index`; RWF_* `flags`.
 * 6.15 */
static inline void uring_prep_readv_fixed(struct uring_sqe *sqe, int fd, const void *iovecs,
                                          unsigned nr_vecs, uint64_t offset, int flags,
                                          int buf_index) {
  uring_prep_rw(URING_OP_READV_FIXED, sqe, fd, iovecs, nr_vecs, offset);
  sqe->rw_flags = flags;
  sqe->buf_index = URING_CAST(uint16_t, buf_index);
}

/* pwritev2(2) from registered buffer `buf_index`. 6.15 */
static inline void uring_prep_writev_fixed(struct uring_sqe *sqe, int fd, const void *iovecs,
                                           unsigned nr_vecs, uint64_t offset, int flags,
                                           int buf_index) {
  uring_prep_rw(URING_OP_WRITEV_FIXED, sqe, fd, iovecs, nr_vecs, offset);
  sqe->rw_flags = flags;
  sqe->buf_index = URING_CAST(uint16_t, buf_index);
}

/* Reads a pollable file (pipe, eventfd, tun, ...) again and again, each completion in a
 * buffer from provided-buffer group `buf_group` (URING_CQE_F_MORE while it stays armed).
 * Sets URING_SQE_BUFFER_SELECT itself. `nbytes` must be 0: each read is as long as the
 * provided buffer it lands in, and the kernel rejects any other value. 6.7 */
static inline void uring_prep_read_multishot(struct uring_sqe *sqe, int fd, unsigned nbytes,
                                             uint64_t offset, int buf_group) {
  uring_prep_rw(URING_OP_READ_MULTISHOT, sqe, fd, URING_NULL, nbytes, offset);
  sqe->flags = URING_CAST(uint8_t, URING_SQE_BUFFER_SELECT);
  sqe->buf_group = URING_CAST(uint16_t, buf_group);
}

#ifdef __cplusplus
}
#endif

#endif /* URING_OPCODE_RW_H */
