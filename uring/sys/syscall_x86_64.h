/* x86_64 system call instruction: number in rax, arguments in rdi, rsi, rdx, r10, r8, r9;
 * the kernel clobbers rcx and r11. Included by uring/sys/syscall.h only. */
#ifndef URING_SYS_SYSCALL_X86_64_H
#define URING_SYS_SYSCALL_X86_64_H

#define URING_NR_read 0
#define URING_NR_write 1
#define URING_NR_close 3
#define URING_NR_mmap 9
#define URING_NR_munmap 11
#define URING_NR_madvise 28
#define URING_NR_exit_group 231
#define URING_NR_clock_gettime 228

static inline long uring_syscall1(long n, long a1) {
  long ret;
  __asm__ volatile("syscall" : "=a"(ret) : "a"(n), "D"(a1) : "rcx", "r11", "memory");
  return ret;
}

static inline long uring_syscall2(long n, long a1, long a2) {
  long ret;
  __asm__ volatile("syscall" : "=a"(ret) : "a"(n), "D"(a1), "S"(a2) : "rcx", "r11", "memory");
  return ret;
}

static inline long uring_syscall3(long n, long a1, long a2, long a3) {
  long ret;
  __asm__ volatile("syscall"
                   : "=a"(ret)
                   : "a"(n), "D"(a1), "S"(a2), "d"(a3)
                   : "rcx", "r11", "memory");
  return ret;
}

static inline long uring_syscall4(long n, long a1, long a2, long a3, long a4) {
  long ret;
  register long r10 __asm__("r10") = a4;
  __asm__ volatile("syscall"
                   : "=a"(ret)
                   : "a"(n), "D"(a1), "S"(a2), "d"(a3), "r"(r10)
                   : "rcx", "r11", "memory");
  return ret;
}

static inline long uring_syscall6(long n, long a1, long a2, long a3, long a4, long a5,
                                  long a6) {
  long ret;
  register long r10 __asm__("r10") = a4;
  register long r8 __asm__("r8") = a5;
  register long r9 __asm__("r9") = a6;
  __asm__ volatile("syscall"
                   : "=a"(ret)
                   : "a"(n), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8), "r"(r9)
                   : "rcx", "r11", "memory");
  return ret;
}

#endif /* URING_SYS_SYSCALL_X86_64_H */
