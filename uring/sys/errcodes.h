/* The errno values the library and its mock kernel (uring/mock) return (negated), without
 * libc's <errno.h>: the one place they are written down. They are the kernel's
 * asm-generic values, the same on x86_64, aarch64 and riscv64; programs compare results
 * against libc's EINVAL etc. as usual. */
#ifndef URING_SYS_ERRCODES_H
#define URING_SYS_ERRCODES_H

#define URING_EPERM 1
#define URING_ENOENT 2
#define URING_EINTR 4
#define URING_EIO 5
#define URING_ENXIO 6
#define URING_EBADF 9
#define URING_EAGAIN 11
#define URING_ENOMEM 12
#define URING_EFAULT 14
#define URING_EBUSY 16
#define URING_EEXIST 17
#define URING_EINVAL 22
#define URING_EMFILE 24
#define URING_ENOSPC 28
#define URING_ERANGE 34
#define URING_EDEADLK 35 /* the mock: a wait that only a signal could end */
#define URING_ENOSYS 38
#define URING_EBADR 53 /* the mock: completions were lost (io_uring_enter(2), ERRORS) */
#define URING_ETIME 62
#define URING_EPROTO 71
#define URING_EOVERFLOW 75
#define URING_EBADFD 77 /* a ring still URING_SETUP_R_DISABLED, or ENABLE_RINGS again */
#define URING_EOPNOTSUPP 95
#define URING_EALREADY 114 /* a cancel found its target already running */
#define URING_ENOBUFS 105 /* a provided-buffer group had no buffer left */
#define URING_ECANCELED 125

#endif /* URING_SYS_ERRCODES_H */
