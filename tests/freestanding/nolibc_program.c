/* A static program without libc that uses only the uring library: its own _start, its own
 * memcpy/memset/memmove/memcmp (which GCC and clang require of a freestanding environment
 * and may call for struct copies), system calls through uring/sys/syscall.h.
 *
 * It sets up a ring, submits NOPS NOPs with distinct user_data and one write of MESSAGE
 * to stdout, reaps every completion and checks it. Exit codes (nolibc_test.sh names them):
 *   0 every check passed; 77 io_uring_setup gave -ENOSYS, 78 -EPERM (io_uring unavailable);
 *   10 and up: the check that failed (enum below). */
#include <stddef.h>
#include <stdint.h>

#include "uring/uring.h"

#define NOPS 16u
#define NOP_DATA 0x7e57000000000000ull /* NOP i carries NOP_DATA + i */
#define WRITE_DATA 0x5717e00000000000ull
#define MESSAGE "uring freestanding: write through the ring\n"

enum {
  PASS = 0,
  FAIL_INIT = 10,     /* uring_init failed other than -ENOSYS/-EPERM */
  FAIL_GET_SQE = 11,  /* the ring had no free SQE for the batch */
  FAIL_SUBMIT = 12,   /* submit_and_wait did not submit the whole batch */
  FAIL_WAIT = 13,     /* waiting for a completion failed */
  FAIL_UNKNOWN = 14,  /* a CQE's user_data matches no SQE */
  FAIL_DUP = 15,      /* two CQEs for one SQE */
  FAIL_NOP_RES = 16,  /* a NOP completed with res != 0 */
  FAIL_WRITE_RES = 17, /* the write completed with res != the message length */
  FAIL_EXTRA = 18,    /* a CQE was left over after the batch */
  SKIP_ENOSYS = 77,
  SKIP_EPERM = 78,
};

/* The four functions a compiler may call even in freestanding code, which this program must
 * therefore provide with external linkage: declared first, as a header would. */
void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);

/* Byte loops through volatile pointers: the compiler must not turn them back into calls to
 * the very functions they implement. */
void *memcpy(void *restrict dst, const void *restrict src, size_t n) {
  volatile unsigned char *d = dst;
  const unsigned char *s = src;
  while (n--) *d++ = *s++;
  return dst;
}

void *memmove(void *dst, const void *src, size_t n) {
  volatile unsigned char *d = dst;
  const unsigned char *s = src;
  if (d < s) {
    while (n--) *d++ = *s++;
  } else {
    while (n--) d[n] = s[n];
  }
  return dst;
}

void *memset(void *dst, int c, size_t n) {
  volatile unsigned char *d = dst;
  while (n--) *d++ = (unsigned char)c;
  return dst;
}

int memcmp(const void *a, const void *b, size_t n) {
  const volatile unsigned char *x = a, *y = b;
  for (; n; n--, x++, y++)
    if (*x != *y) return *x < *y ? -1 : 1;
  return 0;
}

static int run(void) {
  static const char message[] = MESSAGE;
  struct uring ring;
  struct uring_sqe *sqe;
  struct uring_cqe *cqe;
  uint32_t seen_nops = 0;
  int seen_write = 0;
  int ret;

  ret = uring_init(&ring, 32, 0);
  if (ret == -URING_ENOSYS) return SKIP_ENOSYS;
  if (ret == -URING_EPERM) return SKIP_EPERM;
  if (ret < 0) return FAIL_INIT;

  for (unsigned i = 0; i < NOPS; i++) {
    sqe = uring_get_sqe(&ring);
    if (!sqe) return FAIL_GET_SQE;
    uring_prep_nop(sqe);
    uring_sqe_set_data64(sqe, NOP_DATA + i);
  }
  sqe = uring_get_sqe(&ring);
  if (!sqe) return FAIL_GET_SQE;
  uring_prep_write(sqe, 1, message, sizeof message - 1, (uint64_t)-1);
  uring_sqe_set_data64(sqe, WRITE_DATA);

  ret = uring_submit_and_wait(&ring, NOPS + 1);
  if (ret != (int)NOPS + 1) return FAIL_SUBMIT;

  for (unsigned n = 0; n < NOPS + 1; n++) {
    if (uring_wait_cqe(&ring, &cqe) != 0) return FAIL_WAIT;
    uint64_t data = cqe->user_data;
    if (data == WRITE_DATA) {
      if (seen_write) return FAIL_DUP;
      seen_write = 1;
      if (cqe->res != (int32_t)(sizeof message - 1)) return FAIL_WRITE_RES;
    } else if (data >= NOP_DATA && data < NOP_DATA + NOPS) {
      uint32_t bit = 1u << (data - NOP_DATA);
      if (seen_nops & bit) return FAIL_DUP;
      seen_nops |= bit;
      if (cqe->res != 0) return FAIL_NOP_RES;
    } else {
      return FAIL_UNKNOWN;
    }
    uring_cqe_seen(&ring, cqe);
  }
  /* NOPS + 1 distinct, known completions were reaped: all of them, once each. */
  if (uring_peek_cqe(&ring, &cqe) != -URING_EAGAIN) return FAIL_EXTRA;
  uring_exit(&ring);
  return PASS;
}

/* Called by _start with the initial stack pointer (argc, argv, envp; unused here). */
__attribute__((noreturn, used)) void nolibc_main(uintptr_t *initial_sp);

void nolibc_main(uintptr_t *initial_sp) {
  (void)initial_sp;
  uring_sys_exit_group(run());
}

/* The process entry point. The kernel leaves the stack 16-byte aligned at _start; the
 * stubs realign anyway before calling C, as each ABI requires at a call, and clear the
 * frame pointer (x86_64, aarch64) so that unwinders stop here. */
#if defined(__x86_64__)
__asm__(
    ".text\n"
    ".globl _start\n"
    ".type _start, @function\n"
    "_start:\n"
    "  xor %ebp, %ebp\n"
    "  mov %rsp, %rdi\n"
    "  and $-16, %rsp\n"
    "  call nolibc_main\n"
    "  hlt\n");
#elif defined(__aarch64__)
__asm__(
    ".text\n"
    ".globl _start\n"
    ".type _start, %function\n"
    "_start:\n"
    "  mov x29, #0\n"
    "  mov x30, #0\n"
    "  mov x0, sp\n"
    "  and x1, x0, #-16\n"
    "  mov sp, x1\n"
    "  bl nolibc_main\n"
    "  brk #0\n");
#elif defined(__riscv) && __riscv_xlen == 64
__asm__(
    ".text\n"
    ".globl _start\n"
    ".type _start, @function\n"
    "_start:\n"
    "  mv a0, sp\n"
    "  andi sp, sp, -16\n"
    "  call nolibc_main\n"
    "  ebreak\n");
#else
#error "nolibc_program: _start exists for x86_64, aarch64 and riscv64 only"
#endif
