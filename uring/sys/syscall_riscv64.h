/* riscv64 system call instruction: number in a7, arguments in a0..a5, result in a0.
 * Included by uring/sys/syscall.h only. */
#ifndef URING_SYS_SYSCALL_RISCV64_H
#define URING_SYS_SYSCALL_RISCV64_H

/* The generic (asm-generic/unistd.h) numbers, shared with aarch64. */
#define URING_NR_read 63
#define URING_NR_write 64
#define URING_NR_close 57
#define URING_NR_mmap 222
#define URING_NR_munmap 215
#define URING_NR_madvise 233
#define URING_NR_exit_group 94
#define URING_NR_clock_gettime 113

static inline long uring_syscall1(long n, long a1) {
  register long a7 __asm__("a7") = n;
  register long a0 __asm__("a0") = a1;
  __asm__ volatile("ecall" : "+r"(a0) : "r"(a7) : "memory");
  return a0;
}

static inline long uring_syscall2(long n, long a1, long a2) {
  register long a7 __asm__("a7") = n;
  register long a0 __asm__("a0") = a1;
  register long r1 __asm__("a1") = a2;
  __asm__ volatile("ecall" : "+r"(a0) : "r"(a7), "r"(r1) : "memory");
  return a0;
}

static inline long uring_syscall3(long n, long a1, long a2, long a3) {
  register long a7 __asm__("a7") = n;
  register long a0 __asm__("a0") = a1;
  register long r1 __asm__("a1") = a2;
  register long r2 __asm__("a2") = a3;
  __asm__ volatile("ecall" : "+r"(a0) : "r"(a7), "r"(r1), "r"(r2) : "memory");
  return a0;
}

static inline long uring_syscall4(long n, long a1, long a2, long a3, long a4) {
  register long a7 __asm__("a7") = n;
  register long a0 __asm__("a0") = a1;
  register long r1 __asm__("a1") = a2;
  register long r2 __asm__("a2") = a3;
  register long r3 __asm__("a3") = a4;
  __asm__ volatile("ecall" : "+r"(a0) : "r"(a7), "r"(r1), "r"(r2), "r"(r3) : "memory");
  return a0;
}

static inline long uring_syscall6(long n, long a1, long a2, long a3, long a4, long a5,
                                  long a6) {
  register long a7 __asm__("a7") = n;
  register long a0 __asm__("a0") = a1;
  register long r1 __asm__("a1") = a2;
  register long r2 __asm__("a2") = a3;
  register long r3 __asm__("a3") = a4;
  register long r4 __asm__("a4") = a5;
  register long r5 __asm__("a5") = a6;
  __asm__ volatile("ecall"
                   : "+r"(a0)
                   : "r"(a7), "r"(r1), "r"(r2), "r"(r3), "r"(r4), "r"(r5)
                   : "memory");
  return a0;
}

#endif /* URING_SYS_SYSCALL_RISCV64_H */
