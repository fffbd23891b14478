/* Reads and writes. */
#ifndef URING_OPCODE_RW_H
#define URING_OPCODE_RW_H

#include <stdint.h>

#include "uring/opcode/prep.h"

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

#ifdef __cplusplus
}
#endif

#endif /* URING_OPCODE_RW_H */
