/* Extended attributes: SETXATTR, GETXATTR (by path) and FSETXATTR, FGETXATTR (by fd).
 *
 * The kernel reads the attribute name from addr, the value buffer from addr2 with its size
 * in len, the path from addr3 (path forms) and the XATTR_* flags from xattr_flags. */
#ifndef URING_OPCODE_XATTR_H
#define URING_OPCODE_XATTR_H

#include <stdint.h>

#include "uring/opcode/prep.h"
#include "uring/sys/cast.h"

#ifdef __cplusplus
extern "C" {
#endif

/* setxattr(2) on `path`; `flags` XATTR_CREATE / XATTR_REPLACE. 5.19 */
static inline void uring_prep_setxattr(struct uring_sqe *sqe, const char *name,
                                       const char *value, const char *path, int flags,
                                       unsigned int len) {
  uring_prep_rw(URING_OP_SETXATTR, sqe, 0, name, len, URING_PTR_TO_U64(value));
  sqe->addr3 = URING_PTR_TO_U64(path);
  sqe->xattr_flags = URING_CAST(uint32_t, flags);
}

/* getxattr(2) on `path` into `value` (`len` bytes); cqe->res is the value's size. 5.19 */
static inline void uring_prep_getxattr(struct uring_sqe *sqe, const char *name, char *value,
                                       const char *path, unsigned int len) {
  uring_prep_rw(URING_OP_GETXATTR, sqe, 0, name, len, URING_PTR_TO_U64(value));
  sqe->addr3 = URING_PTR_TO_U64(path);
}

/* fsetxattr(2). 5.19 */
static inline void uring_prep_fsetxattr(struct uring_sqe *sqe, int fd, const char *name,
                                        const char *value, int flags, unsigned int len) {
  uring_prep_rw(URING_OP_FSETXATTR, sqe, fd, name, len, URING_PTR_TO_U64(value));
  sqe->xattr_flags = URING_CAST(uint32_t, flags);
}

/* fgetxattr(2). 5.19 */
static inline void uring_prep_fgetxattr(struct uring_sqe *sqe, int fd, const char *name,
                                        char *value, unsigned int len) {
  uring_prep_rw(URING_OP_FGETXATTR, sqe, fd, name, len, URING_PTR_TO_U64(value));
}

#ifdef __cplusplus
}
#endif

#endif /* URING_OPCODE_XATTR_H */
