/* The ASan pre-submit check (see asan.h). */
#include <stddef.h>
#include <stdint.h>

#include "uring/opcode/table.h"
#include "uring/ring/asan.h"
#include "uring/sys/abi.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define URING_HAVE_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define URING_HAVE_ASAN 1
#endif

#ifdef URING_HAVE_ASAN

/* ASan's public interface (sanitizer/asan_interface.h), declared here so the library
 * needs no sanitizer headers. */
void *__asan_region_is_poisoned(void *beg, size_t size);
int __asan_address_is_poisoned(void const volatile *addr);
void __asan_report_error(void *pc, void *bp, void *sp, void *addr, int is_write,
                         size_t access_size);

/* An iovec as the kernel reads it: base pointer, then 64-bit length. */
struct iov {
  uint64_t base;
  uint64_t len;
};

/* Paths and attribute names are bounded by PATH_MAX / XATTR_NAME_MAX in the kernel. */
#define STRING_BOUND 4096u

static void report(void *bad, size_t size, int kernel_writes) {
  __asan_report_error(__builtin_return_address(0), __builtin_frame_address(0),
                      __builtin_frame_address(0), bad, kernel_writes, size);
}

static void check_region(uint64_t addr, uint64_t size, int kernel_writes) {
  void *bad;
  if (!addr || !size) return;
  bad = __asan_region_is_poisoned((void *)(uintptr_t)addr, (size_t)size);
  if (bad) report(bad, (size_t)size, kernel_writes);
}

static void check_string(uint64_t addr) {
  const char *s = (const char *)(uintptr_t)addr;
  if (!addr) return;
  for (unsigned i = 0; i < STRING_BOUND; i++) {
    if (__asan_address_is_poisoned(s + i)) {
      report((void *)(uintptr_t)(s + i), 1, 0);
      return;
    }
    if (!s[i]) return;
  }
}

/* Whether the kernel writes into the memory at an address field of this opcode (for the
 * report's READ/WRITE wording only). */
static int kernel_writes(unsigned op) {
  switch (op) {
    case URING_OP_READ: case URING_OP_READV: case URING_OP_READ_FIXED:
    case URING_OP_READV_FIXED: case URING_OP_RECV: case URING_OP_RECVMSG:
    case URING_OP_STATX: case URING_OP_GETXATTR: case URING_OP_FGETXATTR:
    case URING_OP_EPOLL_WAIT: case URING_OP_PROVIDE_BUFFERS: case URING_OP_ACCEPT:
    case URING_OP_PIPE: case URING_OP_READ_MULTISHOT:
      return 1;
    default:
      return 0;
  }
}

static void check_field(const struct uring_sqe *sqe, unsigned kind, unsigned size,
                        uint64_t addr, int writes) {
  switch (kind) {
    case URING_OPPTR_BUF:
      check_region(addr, sqe->len, writes);
      break;
    case URING_OPPTR_IOVEC: {
      const struct iov *v = (const struct iov *)(uintptr_t)addr;
      uint64_t n = sqe->len;
      if (!addr) break;
      check_region(addr, n * sizeof(struct iov), 0);
      for (uint64_t i = 0; i < n; i++) check_region(v[i].base, v[i].len, writes);
      break;
    }
    case URING_OPPTR_STRING:
      check_string(addr);
      break;
    case URING_OPPTR_OBJECT:
      check_region(addr, size, writes);
      break;
    case URING_OPPTR_ARRAY:
      check_region(addr, (uint64_t)sqe->len * size, writes);
      break;
    case URING_OPPTR_SOCKADDR:
      /* CONNECT and BIND carry the length in addr2, SEND/SEND_ZC in addr_len; ACCEPT's
       * length lives at addr2 and is checked as its own object. */
      if (sqe->opcode == URING_OP_CONNECT || sqe->opcode == URING_OP_BIND)
        check_region(addr, sqe->off, 0);
      else if (sqe->opcode == URING_OP_SEND || sqe->opcode == URING_OP_SEND_ZC)
        check_region(addr, sqe->addr_len, 0);
      else
        check_region(addr, 2, writes); /* at least the address family */
      break;
    case URING_OPPTR_BUFFERS:
      check_region(addr, (uint64_t)sqe->len * (uint32_t)sqe->fd, 0);
      break;
    default:
      break;
  }
}

static void check_sqe(const struct uring_sqe *sqe) {
  const struct uring_opcode_desc *info = uring_opcode_info(sqe->opcode);
  int writes = kernel_writes(sqe->opcode);
  if (!info) return;
  /* A provided buffer replaces the one at addr. */
  if ((info->ptrs & URING_OPINFO_ADDR) && !(sqe->flags & URING_SQE_BUFFER_SELECT))
    check_field(sqe, info->addr_kind, info->addr_size, sqe->addr, writes);
  if (info->ptrs & URING_OPINFO_ADDR2)
    check_field(sqe, info->addr2_kind, info->addr2_size, sqe->addr2, writes);
  if (info->ptrs & URING_OPINFO_ADDR3)
    check_field(sqe, info->addr3_kind, info->addr3_size, sqe->addr3, writes);
}

void uring_priv_asan_check_sqes(const struct uring *ring) {
  const struct uring_sq *sq = &ring->sq;
  for (uint32_t i = sq->sqe_head; i != sq->sqe_tail; i++) {
    const struct uring_sqe *sqe = (const struct uring_sqe *)(const void *)(
        (const char *)sq->sqes + ((size_t)(i & sq->ring_mask) << sq->slot_shift));
    check_sqe(sqe);
    /* Under SQE_MIXED a 128-byte opcode's second slot is its payload, not an SQE (6.19). */
    if ((ring->flags & URING_SETUP_SQE_MIXED) &&
        (sqe->opcode == URING_OP_NOP128 || sqe->opcode == URING_OP_URING_CMD128) &&
        i + 1 != sq->sqe_tail)
      i++;
  }
}

int uring_asan_checks_enabled(void) { return 1; }

#else /* !URING_HAVE_ASAN */

void uring_priv_asan_check_sqes(const struct uring *ring) { (void)ring; }

int uring_asan_checks_enabled(void) { return 0; }

#endif
