/* Provided-buffer rings: setup and teardown. */
#include <stddef.h>
#include <stdint.h>

#include "uring/ring/buf_ring.h"
#include "uring/ring/internal.h"
#include "uring/ring/register.h"
#include "uring/sys/abi.h"
#include "uring/sys/errcodes.h"
#include "uring/sys/syscall.h"

#define PAGE_4K 4096u
/* The kernel cannot tell a full ring from an empty one at 65536 entries (16-bit head and
 * tail), so the largest power of two it takes is 32768. */
#define MAX_BUF_RING_ENTRIES 32768u
/* The largest group id a kernel-allocated ring can be mapped for: 2047. */
#define MAPPED_BGID_MAX ((~URING_OFF_MMAP_MASK & 0xffffffffull) >> URING_OFF_PBUF_SHIFT)

static int valid_entries(unsigned entries) {
  return entries && entries <= MAX_BUF_RING_ENTRIES && !(entries & (entries - 1));
}

size_t uring_buf_ring_mem_size(unsigned entries) {
  if (!valid_entries(entries)) return 0;
  return ((size_t)entries * sizeof(struct uring_buf) + PAGE_4K - 1) / PAGE_4K * PAGE_4K;
}

static int check_args(struct uring *ring, struct uring_pbuf_ring *pbr, unsigned entries,
                      int bgid, unsigned flags) {
  if (!ring || !pbr) return -URING_EFAULT;
  if (!uring_priv_set_up(ring)) return -URING_EBADF;
  if (!valid_entries(entries) || bgid < 0 || bgid > 0xffff) return -URING_EINVAL;
  /* The mapping mode is chosen by the setup function, not the caller's flags. */
  if (flags & ~URING_PBUF_RING_INC) return -URING_EINVAL;
  return 0;
}

static void fill(struct uring_pbuf_ring *pbr, struct uring *ring, void *addr, unsigned entries,
                 int bgid, unsigned flags, size_t map_size) {
  pbr->br = (struct uring_buf_ring *)addr;
  pbr->entries = entries;
  pbr->bgid = (uint16_t)bgid;
  pbr->flags = (uint16_t)flags;
  pbr->map_size = map_size;
  pbr->backend = ring->backend;
  pbr->backend_ctx = ring->backend_ctx;
}

/* Registers caller memory `mem` as group bgid's ring. */
static int register_mem(struct uring *ring, void *mem, unsigned entries, int bgid,
                        unsigned flags) {
  struct uring_buf_reg reg;
  /* Memory may hold anything: the tail must read 0 before the kernel looks. */
  uring_buf_ring_init((struct uring_buf_ring *)mem);
  uring_priv_zero(&reg, sizeof reg);
  reg.ring_addr = (uint64_t)(uintptr_t)mem;
  reg.ring_entries = entries;
  reg.bgid = (uint16_t)bgid;
  reg.flags = (uint16_t)flags;
  return uring_register_buf_ring(ring, &reg, 0);
}

/* Kernels with buffer rings but without kernel-allocated ones (5.19-6.3) refuse
 * URING_PBUF_RING_MMAP with -EINVAL: the ring then lives in anonymous memory the library
 * maps itself, which those kernels pin like caller memory. */
static int setup_anonymous(struct uring *ring, struct uring_pbuf_ring *pbr, unsigned entries,
                           int bgid, unsigned flags) {
  size_t len = uring_buf_ring_mem_size(entries);
  void *mem = uring_sys_mmap((void *)0, len, URING_PROT_READ | URING_PROT_WRITE,
                             URING_MAP_PRIVATE | URING_MAP_ANONYMOUS, -1, 0);
  int ret;
  if (uring_sys_is_err((long)mem)) return (int)(long)mem;
  ret = register_mem(ring, mem, entries, bgid, flags);
  if (ret < 0) {
    (void)uring_sys_munmap(mem, len);
    return ret;
  }
  fill(pbr, ring, mem, entries, bgid, flags, len);
  return 0;
}

int uring_buf_ring_setup(struct uring *ring, struct uring_pbuf_ring *pbr, unsigned entries,
                         int bgid, unsigned flags) {
  struct uring_buf_reg reg;
  size_t len = (size_t)entries * sizeof(struct uring_buf);
  void *addr;
  int ret = check_args(ring, pbr, entries, bgid, flags);
  if (ret < 0) return ret;
  uring_priv_zero(pbr, sizeof *pbr);
  /* Fail before registering when the mapping cannot work: the kernel reads the group id
   * of the mmap offset from the bits between URING_OFF_PBUF_SHIFT and
   * URING_OFF_MMAP_MASK (io_mmap_get_region), so a larger id would name another
   * mapping (6.18 answers the mmap with -ENOMEM). */
  if ((uint64_t)bgid > MAPPED_BGID_MAX) return -URING_EINVAL;
  if (ring->ring_fd < 0) return -URING_EBADF;

  uring_priv_zero(&reg, sizeof reg);
  reg.ring_entries = entries;
  reg.bgid = (uint16_t)bgid;
  reg.flags = (uint16_t)(flags | URING_PBUF_RING_MMAP);
  ret = uring_register_buf_ring(ring, &reg, 0);
  /* A kernel that refuses the ring for another reason (INC before 6.12) refuses it in
   * anonymous memory as well, with the same -EINVAL. */
  if (ret == -URING_EINVAL) return setup_anonymous(ring, pbr, entries, bgid, flags);
  if (ret < 0) return ret;

  /* The kernel serves group bgid's ring at this offset of the ring fd (6.4). Its memory
   * starts zeroed: tail 0, an empty ring. */
  ret = uring_priv_map(
      ring, URING_OFF_PBUF_RING | ((uint64_t)(uint16_t)bgid << URING_OFF_PBUF_SHIFT), len, &addr);
  if (ret < 0) {
    (void)uring_unregister_buf_ring(ring, bgid);
    return ret;
  }
  fill(pbr, ring, addr, entries, bgid, flags | URING_PBUF_RING_MMAP, len);
  return 0;
}

int uring_buf_ring_setup_mem(struct uring *ring, struct uring_pbuf_ring *pbr, void *mem,
                             size_t size, unsigned entries, int bgid, unsigned flags) {
  int ret = check_args(ring, pbr, entries, bgid, flags);
  if (ret < 0) return ret;
  uring_priv_zero(pbr, sizeof *pbr);
  /* The kernel pins whole pages of this memory (5.19). */
  if (!mem || ((uintptr_t)mem & (PAGE_4K - 1)) || size < uring_buf_ring_mem_size(entries))
    return -URING_EINVAL;
  ret = register_mem(ring, mem, entries, bgid, flags);
  if (ret < 0) return ret;
  fill(pbr, ring, mem, entries, bgid, flags, 0);
  return 0;
}

int uring_buf_ring_teardown(struct uring *ring, struct uring_pbuf_ring *pbr) {
  int ret;
  if (!ring || !pbr) return -URING_EFAULT;
  if (!pbr->br) return -URING_EINVAL;
  ret = uring_unregister_buf_ring(ring, pbr->bgid);
  /* The mapping belongs to whoever made it, even if the ring was torn down since: the
   * ring's backend for kernel-allocated rings, the library for anonymous memory. */
  if (pbr->map_size) {
    if (!(pbr->flags & URING_PBUF_RING_MMAP))
      (void)uring_sys_munmap(pbr->br, pbr->map_size);
    else if (pbr->backend)
      (void)pbr->backend->unmap(pbr->backend_ctx, pbr->br, pbr->map_size);
    else
      (void)uring_sys_munmap(pbr->br, pbr->map_size);
  }
  uring_priv_zero(pbr, sizeof *pbr);
  return ret;
}

int uring_buf_ring_available(struct uring *ring, const struct uring_pbuf_ring *pbr) {
  uint16_t head, tail;
  int ret;
  if (!ring || !pbr || !pbr->br) return -URING_EFAULT;
  ret = uring_buf_ring_head(ring, pbr->bgid, &head);
  if (ret < 0) return ret;
  /* Only this side writes the tail. */
  tail = __atomic_load_n(&pbr->br->tail, __ATOMIC_RELAXED);
  return (uint16_t)(tail - head);
}
