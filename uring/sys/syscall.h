/* Raw Linux system calls for the library: no libc anywhere.
 *
 * Each call is a type-checked static inline function over a per-architecture
 * syscall instruction (x86_64 `syscall`, aarch64 `svc 0`, riscv64 `ecall`).
 * Every function returns what the kernel returned: a value >= 0, or -errno.
 * Nothing reads or writes errno.
 */
#ifndef URING_SYS_SYSCALL_H
#define URING_SYS_SYSCALL_H

#include <stddef.h>
#include <stdint.h>

#include "uring/sys/abi.h"
#include "uring/sys/cast.h"

#if defined(__x86_64__)
#include "uring/sys/syscall_x86_64.h"
#elif defined(__aarch64__)
#include "uring/sys/syscall_aarch64.h"
#elif defined(__riscv) && __riscv_xlen == 64
#include "uring/sys/syscall_riscv64.h"
#else
#error "uring: raw system calls exist for x86_64, aarch64 and riscv64 only"
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* The io_uring system calls share one number on every architecture (5.1). */
#define URING_NR_io_uring_setup 425
#define URING_NR_io_uring_enter 426
#define URING_NR_io_uring_register 427

/* mmap(2) constants: the same values on x86_64, aarch64 and riscv64. */
#define URING_PROT_READ 0x1
#define URING_PROT_WRITE 0x2
#define URING_MAP_SHARED 0x01
#define URING_MAP_PRIVATE 0x02
#define URING_MAP_ANONYMOUS 0x20
#define URING_MAP_POPULATE 0x8000
#define URING_MADV_DONTFORK 10

/* clock_gettime(2) clock ids: the same values on every architecture. */
#define URING_CLOCK_MONOTONIC 1

/* The largest errno value the kernel returns: raw results in (-4096, 0) are errors. */
#define URING_MAX_ERRNO 4095

static inline int uring_sys_is_err(long ret) {
  return URING_CAST(unsigned long, ret) > URING_CAST(unsigned long, -(URING_MAX_ERRNO + 1));
}

static inline int uring_sys_io_uring_setup(unsigned entries, struct uring_params *p) {
  return URING_CAST(int, uring_syscall2(URING_NR_io_uring_setup, URING_CAST(long, entries),
                                        URING_PTR_CAST(long, p)));
}

static inline int uring_sys_io_uring_enter(int fd, unsigned to_submit, unsigned min_complete,
                                           unsigned flags, const void *arg, size_t argsz) {
  return URING_CAST(int, uring_syscall6(URING_NR_io_uring_enter, URING_CAST(long, fd),
                                        URING_CAST(long, to_submit), URING_CAST(long, min_complete),
                                        URING_CAST(long, flags), URING_PTR_CAST(long, arg),
                                        URING_CAST(long, argsz)));
}

static inline int uring_sys_io_uring_register(int fd, unsigned opcode, const void *arg,
                                              unsigned nr_args) {
  return URING_CAST(int, uring_syscall4(URING_NR_io_uring_register, URING_CAST(long, fd),
                                        URING_CAST(long, opcode), URING_PTR_CAST(long, arg),
                                        URING_CAST(long, nr_args)));
}

/* Returns the mapping, or a pointer-encoded -errno: test with uring_sys_is_err((long)p). */
static inline void *uring_sys_mmap(void *addr, size_t len, int prot, int flags, int fd,
                                   uint64_t offset) {
  long ret = uring_syscall6(URING_NR_mmap, URING_PTR_CAST(long, addr), URING_CAST(long, len),
                            URING_CAST(long, prot), URING_CAST(long, flags), URING_CAST(long, fd),
                            URING_CAST(long, offset));
  return URING_PTR_CAST(void *, ret);
}

static inline int uring_sys_munmap(void *addr, size_t len) {
  return URING_CAST(
      int, uring_syscall2(URING_NR_munmap, URING_PTR_CAST(long, addr), URING_CAST(long, len)));
}

static inline int uring_sys_madvise(void *addr, size_t len, int advice) {
  return URING_CAST(int, uring_syscall3(URING_NR_madvise, URING_PTR_CAST(long, addr),
                                        URING_CAST(long, len), URING_CAST(long, advice)));
}

static inline int uring_sys_close(int fd) {
  return URING_CAST(int, uring_syscall1(URING_NR_close, URING_CAST(long, fd)));
}

static inline long uring_sys_read(int fd, void *buf, size_t len) {
  return uring_syscall3(URING_NR_read, URING_CAST(long, fd), URING_PTR_CAST(long, buf),
                        URING_CAST(long, len));
}

static inline long uring_sys_write(int fd, const void *buf, size_t len) {
  return uring_syscall3(URING_NR_write, URING_CAST(long, fd), URING_PTR_CAST(long, buf),
                        URING_CAST(long, len));
}

/* The kernel's struct timespec is two 64-bit words on the 64-bit architectures served. */
static inline int uring_sys_clock_gettime(int clock, struct uring_timespec *ts) {
  return URING_CAST(int, uring_syscall2(URING_NR_clock_gettime, URING_CAST(long, clock),
                                        URING_PTR_CAST(long, ts)));
}

static inline __attribute__((noreturn)) void uring_sys_exit_group(int status) {
  for (;;) (void)uring_syscall1(URING_NR_exit_group, URING_CAST(long, status));
}

#ifdef __cplusplus
}
#endif

#endif /* URING_SYS_SYSCALL_H */
