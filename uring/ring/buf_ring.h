/* Provided-buffer rings: a ring of buffers the kernel picks from for requests flagged
 * URING_SQE_BUFFER_SELECT (recv, read, recvmsg, multishot variants), 5.19.
 *
 *   struct uring_pbuf_ring pbr;
 *   int ret = uring_buf_ring_setup(&ring, &pbr, 64, 7, 0);   (64 entries, group 7)
 *   int mask = uring_buf_ring_mask(64);
 *   for (int i = 0; i < 64; i++)
 *     uring_buf_ring_add(pbr.br, bufs[i], BUF_SIZE, (unsigned short)i, mask, i);
 *   uring_buf_ring_advance(pbr.br, 64);                      (publish all 64)
 *   ... sqe->flags |= URING_SQE_BUFFER_SELECT; sqe->buf_group = 7; ...
 *   int bid = uring_cqe_buffer_id(cqe);                       (which buffer the kernel used)
 *   ... consume bufs[bid], then give it back and free the CQE in one go:
 *   uring_buf_ring_add(pbr.br, bufs[bid], BUF_SIZE, (unsigned short)bid, mask, 0);
 *   uring_buf_ring_cq_advance(&ring, pbr.br, 1);
 *   ...
 *   uring_buf_ring_teardown(&ring, &pbr);
 *
 * The ring lives in kernel memory the library maps (uring_buf_ring_setup, 6.4; on 5.19-6.3
 * in anonymous memory the library maps), or in page-aligned caller memory
 * (uring_buf_ring_setup_mem, 5.19). Only the application writes
 * the ring's tail; the kernel keeps its head to itself (uring_buf_ring_head reads it).
 * The struct uring_pbuf_ring is the caller's; nothing is allocated. Each call's comment
 * says "Needs X.Y" for the release it needs (tests/versions_test.cc holds it to the
 * register opcodes the call uses).
 *
 * The entries are pbr.br->bufs[0] to bufs[entries - 1], as liburing's br->bufs[], for
 * code that fills slots itself: write a slot's addr, len and bid (never its resv: slot 0's
 * is the tail), then publish with uring_buf_ring_advance, whose release store makes the
 * kernel see the entries written before it:
 *
 *   struct uring_buf *b = &pbr.br->bufs[(pbr.br->tail + i) & mask];
 *   b->addr = (uint64_t)(uintptr_t)mem; b->len = BUF_SIZE; b->bid = (uint16_t)i;
 */
#ifndef URING_RING_BUF_RING_H
#define URING_RING_BUF_RING_H

#include <stddef.h>
#include <stdint.h>

#include "uring/ring/cq.h"
#include "uring/ring/register.h"
#include "uring/ring/ring.h"
#include "uring/sys/abi.h"
#include "uring/sys/cast.h"
#include "uring/sys/errcodes.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One registered buffer ring. Treat the fields as read-only. */
struct uring_pbuf_ring {
  struct uring_buf_ring *br; /* the shared ring: pass it to uring_buf_ring_add etc. */
  uint32_t entries;          /* ring size, a power of two */
  uint16_t bgid;             /* buffer group id: sqe->buf_group */
  uint16_t flags;            /* URING_PBUF_RING_* it was registered with */
  size_t map_size;           /* bytes the library mapped; 0 for caller memory */
  const struct uring_backend *backend; /* who mapped it (NULL: the kernel) */
  void *backend_ctx;
};

/* Bytes of caller memory a ring of `entries` needs (16 per entry), rounded up to whole
 * 4 KiB pages (on systems with larger pages, round up to the page size); 0 when entries
 * is not a power of two in 1..32768. */
size_t uring_buf_ring_mem_size(unsigned entries);

/* Registers a buffer ring of `entries` (a power of two, 1..32768) for group `bgid` in
 * kernel memory, mapped through the ring fd (URING_PBUF_RING_MMAP, 6.4). Kernels from 5.19
 * to 6.3, which refuse URING_PBUF_RING_MMAP, get the ring in anonymous memory the library
 * maps and registers instead (pbr->flags then lacks URING_PBUF_RING_MMAP); teardown
 * unmaps either. Needs 5.19. `flags` may hold
 * URING_PBUF_RING_INC (6.12): the kernel then takes only what a request needs from a
 * buffer and leaves the rest for the next (CQEs say URING_CQE_F_BUF_MORE while the buffer
 * is not used up). The ring starts empty. Returns 0 or -errno: -EINVAL for bad sizes,
 * flags or a kernel without them, and for a group id above 2047 (the kernel's mmap offset
 * carries 11 bits of it: use uring_buf_ring_setup_mem for larger ids), -EEXIST when the
 * group exists, -EBADF when the ring's fd was closed (the mapping needs it). */
int uring_buf_ring_setup(struct uring *ring, struct uring_pbuf_ring *pbr, unsigned entries,
                         int bgid, unsigned flags);

/* The same in caller memory `mem` of `size` bytes: page aligned, at least
 * uring_buf_ring_mem_size(entries), and mapped until uring_buf_ring_teardown. Needs 5.19. */
int uring_buf_ring_setup_mem(struct uring *ring, struct uring_pbuf_ring *pbr, void *mem,
                             size_t size, unsigned entries, int bgid, unsigned flags);

/* Unregisters the group and unmaps the ring the library mapped. Requests still holding
 * the group fail with -ENOBUFS afterwards. Returns the unregister result (the unmapping
 * happens regardless, and after uring_exit the unregister has nothing left to do).
 * Needs 5.19. */
int uring_buf_ring_teardown(struct uring *ring, struct uring_pbuf_ring *pbr);

/* The mask for uring_buf_ring_add. */
static inline int uring_buf_ring_mask(uint32_t ring_entries) {
  return URING_CAST(int, (ring_entries - 1));
}

/* Resets the tail to 0: an empty ring (setup already does this). */
static inline void uring_buf_ring_init(struct uring_buf_ring *br) {
  __atomic_store_n(&br->tail, URING_CAST(uint16_t, 0), __ATOMIC_RELEASE);
}

/* Writes a buffer into the slot `buf_offset` places past the current tail, without
 * publishing it: several adds then one uring_buf_ring_advance publish a batch. The slot's
 * reserved field is left alone (slot 0's holds the tail). */
static inline void uring_buf_ring_add(struct uring_buf_ring *br, void *addr, unsigned int len,
                                      unsigned short bid, int mask, int buf_offset) {
  /* The slot from the ring's base, not as &br->bufs[i]: g++ -O2 -Warray-bounds bounds a
   * zero-length array by the struct (one slot's bytes) where it knows the object behind
   * br. */
  struct uring_buf *buf =
      URING_PTR_CAST(struct uring_buf *, URING_PTR_CAST(void *, br)) +
      (URING_CAST(uint16_t, (br->tail + buf_offset)) & URING_CAST(uint32_t, mask));
  buf->addr = URING_PTR_TO_U64(addr);
  buf->len = len;
  buf->bid = bid;
}

/* Publishes `count` buffers added since the last advance. The release store pairs with the
 * kernel's acquire load of the tail: it sees the buffer entries written before it. */
static inline void uring_buf_ring_advance(struct uring_buf_ring *br, int count) {
  uint16_t tail = URING_CAST(uint16_t, (br->tail + count));
  __atomic_store_n(&br->tail, tail, __ATOMIC_RELEASE);
}

/* uring_buf_ring_advance(br, count) and uring_cq_advance(ring, count) together: the usual
 * step after consuming `count` CQEs and giving their buffers back. */
static inline void uring_buf_ring_cq_advance(struct uring *ring, struct uring_buf_ring *br,
                                             int count) {
  uring_buf_ring_advance(br, count);
  uring_cq_advance(ring, URING_CAST(unsigned, count));
}

/* The buffer id the kernel picked for this completion (URING_CQE_F_BUFFER), or -ENOENT
 * when it used no provided buffer. */
static inline int uring_cqe_buffer_id(const struct uring_cqe *cqe) {
  if (!(cqe->flags & URING_CQE_F_BUFFER)) return -URING_ENOENT;
  return URING_CAST(int, (cqe->flags >> URING_CQE_BUFFER_SHIFT));
}

/* Nonzero when an incrementally consumed buffer (URING_PBUF_RING_INC) was not used up by
 * this completion: the kernel keeps using it, so it must not be given back yet (6.12). */
static inline int uring_cqe_buffer_more(const struct uring_cqe *cqe) {
  return (cqe->flags & URING_CQE_F_BUF_MORE) != 0;
}

/* Buffers published and not yet taken by the kernel: tail minus the kernel's head
 * (URING_REGISTER_PBUF_STATUS). Returns the count or -errno. Needs 6.8. */
int uring_buf_ring_available(struct uring *ring, const struct uring_pbuf_ring *pbr);

#ifdef __cplusplus
}
#endif

#endif /* URING_RING_BUF_RING_H */
