/* aarch64 system call instruction: number in x8, arguments in x0..x5, result in x0.
 * Included by uring/sys/syscall.h only. */
#ifndef URING_SYS_SYSCALL_AARCH64_H
#define URING_SYS_SYSCALL_AARCH64_H

/* The generic (asm-generic/unistd.h) numbers, shared with riscv64. */
#define URING_NR_read 63
#define URING_NR_write 64
#define URING_NR_close 57
#define URING_NR_mmap 222
#define URING_NR_munmap 215
#define URING_NR_madvise 233
#define URING_NR_exit_group 94
#define URING_NR_clock_gettime 113

static inline long uring_syscall1(long n, long a1) {
  register long x8 __asm__("x8") = n;
  register long x0 __asm__("x0") = a1;
  __asm__ volatile("svc 0" : "+r"(x0) : "r"(x8) : "memory", "cc");
  return x0;
}

static inline long uring_syscall2(long n, long a1, long a2) {
  register long x8 __asm__("x8") = n;
  register long x0 __asm__("x0") = a1;
  register long x1 __asm__("x1") = a2;
  __asm__ volatile("svc 0" : "+r"(x0) : "r"(x8), "r"(x1) : "memory", "cc");
  return x0;
}

static inline long uring_syscall3(long n, long a1, long a2, long a3) {
  register long x8 __asm__("x8") = n;
  register long x0 __asm__("x0") = a1;
  register long x1 __asm__("x1") = a2;
  register long x2 __asm__("x2") = a3;
  __asm__ volatile("svc 0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory", "cc");
  return x0;
}

static inline long uring_syscall4(long n, long a1, long a2, long a3, long a4) {
  register long x8 __asm__("x8") = n;
  register long x0 __asm__("x0") = a1;
  register long x1 __asm__("x1") = a2;
  register long x2 __asm__("x2") = a3;
  register long x3 __asm__("x3") = a4;
  __asm__ volatile("svc 0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2), "r"(x3) : "memory", "cc");
  return x0;
}

static inline long uring_syscall6(long n, long a1, long a2, long a3, long a4, long a5,
                                  long a6) {
  register long x8 __asm__("x8") = n;
  register long x0 __asm__("x0") = a1;
  register long x1 __asm__("x1") = a2;
  register long x2 __asm__("x2") = a3;
  register long x3 __asm__("x3") = a4;
  register long x4 __asm__("x4") = a5;
  register long x5 __asm__("x5") = a6;
  __asm__ volatile("svc 0"
                   : "+r"(x0)
                   : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5)
                   : "memory", "cc");
  return x0;
}

#endif /* URING_SYS_SYSCALL_AARCH64_H */
