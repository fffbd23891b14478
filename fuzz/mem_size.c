/* Fuzzer: uring_mem_size, the caller-memory size for URING_SETUP_NO_MMAP rings.
 *
 * Input: entries, flags, cq_entries (three little-endian u32). Checks against a model of
 * the kernel's rules: 0 exactly for the sizes setup refuses, otherwise a whole number of
 * 4 KiB pages that holds the SQEs, the CQEs and the SQ array; no overflow at the limits
 * (URING_SETUP_CLAMP with entries up to 2^32 - 1). Then, for sizes up to 1 MiB, the real
 * kernel is asked to set up a ring in exactly that much memory followed by an
 * inaccessible page: a size too small makes it fail or points its layout past the end.
 * Where the kernel lacks NO_MMAP (before 6.5) or a size flag beside it (NO_SQARRAY, 6.6),
 * found out once by setting up a plain ring with it, the kernel check is left out. */
#define _DEFAULT_SOURCE

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

#include "uring/uring.h"
#include "fuzz/check.h"


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint32_t rd32(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t pow2_ceil(uint64_t v) {
  uint64_t r = 1;
  while (r < v) r <<= 1;
  return r;
}

/* The kernel's sizes, or 0 when it refuses them (io_uring_setup(2): entries, CQSIZE). */
static int model(uint32_t entries, uint32_t flags, uint32_t cq, uint64_t *se, uint64_t *ce) {
  uint64_t e = entries, c = cq;
  if (!e) return 0;
  if (e > URING_MAX_ENTRIES) {
    if (!(flags & URING_SETUP_CLAMP)) return 0;
    e = URING_MAX_ENTRIES;
  }
  *se = pow2_ceil(e);
  if (flags & URING_SETUP_CQSIZE) {
    if (!c) return 0;
    if (c > URING_MAX_CQ_ENTRIES) {
      if (!(flags & URING_SETUP_CLAMP)) return 0;
      c = URING_MAX_CQ_ENTRIES;
    }
    *ce = pow2_ceil(c);
    if (*ce < *se) return 0;
  } else {
    *ce = 2 * *se;
  }
  return 1;
}

/* Whether the running kernel sets up a NO_MMAP ring (6.5) with `flag` (0 for none):
 * asked once per flag with an ordinary 8-entry ring. Kernels without NO_MMAP, or without
 * NO_SQARRAY (6.6) beside it, refuse with -EINVAL; those inputs skip the kernel check. */
static int kernel_takes(uint32_t flag) {
  static int answer[32]; /* 0 unknown, 1 yes, 2 no; index: bit number + 1 */
  int bit = 0;
  while (flag >> bit > 1) bit++;
  int *a = &answer[flag ? bit + 1 : 0];
  if (!*a) {
    struct uring_params p;
    struct uring ring;
    size_t size;
    void *mem;
    memset(&p, 0, sizeof p);
    p.flags = URING_SETUP_NO_MMAP | flag;
    p.cq_entries = 16;
    size = uring_mem_size(8, &p);
    mem = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    *a = 2;
    if (mem != MAP_FAILED) {
      if (uring_init_mem(&ring, 8, &p, mem, size) == 0) {
        *a = 1;
        uring_exit(&ring);
      }
      munmap(mem, size);
    }
  }
  return *a == 1;
}

static int kernel_takes_all(uint32_t flags) {
  if (!kernel_takes(0)) return 0;
  for (uint32_t bit = 1; bit; bit <<= 1)
    if ((flags & bit) && !kernel_takes(bit)) return 0;
  return 1;
}

/* The kernel's own layout for these sizes must fit in `size` bytes of caller memory. */
static void check_kernel(uint32_t entries, const struct uring_params *p0, size_t size) {
  static int unavailable;
  struct uring_params p;
  struct uring ring;
  unsigned char *mem;
  int ret;

  if (unavailable || size > (1u << 20)) return;
  if (!kernel_takes_all(p0->flags)) return;
  mem = (unsigned char *)mmap(NULL, size + 4096, PROT_READ | PROT_WRITE,
                              MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mem == MAP_FAILED) return;
  /* Anything the kernel wants past `size` hits this page and fails to pin (-EFAULT). */
  mprotect(mem + size, 4096, PROT_NONE);
  p = *p0;
  p.flags |= URING_SETUP_NO_MMAP;
  ret = uring_init_mem(&ring, entries, &p, mem, size);
  if (ret == -URING_ENOSYS || ret == -URING_EPERM) {
    unavailable = 1;
  } else if (ret != -URING_ENOMEM) {
    CHECK(ret == 0);
    /* The rings part ends where the SQEs start; every offset the kernel gave is inside. */
    size_t rings = (size_t)((const unsigned char *)ring.sqes.addr - mem);
    size_t cqe = (p.flags & URING_SETUP_CQE32) ? 32 : 16, sqe = (p.flags & URING_SETUP_SQE128) ? 128 : 64;
    CHECK((size_t)p.cq_off.cqes + (size_t)p.cq_entries * cqe <= rings);
    if (!(p.flags & URING_SETUP_NO_SQARRAY)) CHECK((size_t)p.sq_off.array + (size_t)p.sq_entries * 4 <= rings);
    CHECK(rings + (size_t)p.sq_entries * sqe <= size);
    uring_exit(&ring);
  }
  munmap(mem, size + 4096);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const uint32_t size_flags = URING_SETUP_CQSIZE | URING_SETUP_CLAMP | URING_SETUP_SQE128 |
                                     URING_SETUP_CQE32 | URING_SETUP_NO_SQARRAY;
  struct uring_params p;
  uint32_t entries, flags, cq;
  uint64_t se = 0, ce = 0;
  size_t got;

  if (size < 12) return 0;
  entries = rd32(data);
  flags = rd32(data + 4);
  cq = rd32(data + 8);
  memset(&p, 0, sizeof p);
  p.flags = flags;
  p.cq_entries = cq;

  got = uring_mem_size(entries, &p);
  CHECK(uring_mem_size(entries, NULL) == 0);
  if (!model(entries, flags, cq, &se, &ce)) {
    CHECK(got == 0);
    return 0;
  }
  CHECK(got != 0 && got % 4096 == 0);
  {
    uint64_t cqe = (flags & URING_SETUP_CQE32) ? 32 : 16, sqe = (flags & URING_SETUP_SQE128) ? 128 : 64;
    uint64_t array = (flags & URING_SETUP_NO_SQARRAY) ? 0 : se * 4;
    /* The ring header (struct io_rings) precedes the CQEs: at least one 64-byte line. */
    uint64_t need = 64 + ce * cqe + array + se * sqe;
    CHECK((uint64_t)got >= need);
    /* And not wasteful: header bound, alignment and two page roundings at most. */
    CHECK((uint64_t)got <= need + 1024 + 128 + 2 * 4096);
  }
  /* Only size flags reach the kernel: the others change what setup does, not the size. */
  p.flags = flags & size_flags;
  p.cq_entries = cq;
  check_kernel(entries, &p, got);
  return 0;
}
