/* Mapping the ring regions and attaching struct uring to them. */
#include <stddef.h>
#include <stdint.h>

#include "uring/ring/internal.h"
#include "uring/ring/ring.h"
#include "uring/ring/run.h"
#include "uring/sys/abi.h"
#include "uring/sys/errcodes.h"
#include "uring/sys/syscall.h"

int uring_priv_map(struct uring *ring, uint64_t offset, size_t len, void **out) {
  void *p;
  if (ring->ring_fd < 0) return -URING_EBADF;
  if (ring->backend) return ring->backend->map(ring->backend_ctx, ring->ring_fd, offset, len, out);
  p = uring_sys_mmap(NULL, len, URING_PROT_READ | URING_PROT_WRITE,
                     URING_MAP_SHARED | URING_MAP_POPULATE, ring->ring_fd, offset);
  if (uring_sys_is_err((long)p)) return (int)(long)p;
  *out = p;
  return 0;
}

void uring_priv_unmap(struct uring *ring, void *addr, size_t len) {
  if (!len) return;
  if (ring->backend)
    (void)ring->backend->unmap(ring->backend_ctx, addr, len);
  else
    (void)uring_sys_munmap(addr, len);
}

void uring_priv_unmap_regions(struct uring *ring, struct uring_priv_regions *r) {
  if (r->cq_ring.addr != r->sq_ring.addr) uring_priv_unmap(ring, r->cq_ring.addr, r->cq_ring.size);
  uring_priv_unmap(ring, r->sq_ring.addr, r->sq_ring.size);
  uring_priv_unmap(ring, r->sqes.addr, r->sqes.size);
  r->sq_ring.addr = r->cq_ring.addr = r->sqes.addr = NULL;
  r->sq_ring.size = r->cq_ring.size = r->sqes.size = 0;
}

void uring_priv_set_regions(struct uring *ring, const struct uring_priv_regions *r) {
  ring->sq_ring = r->sq_ring;
  ring->cq_ring = r->cq_ring;
  ring->sqes = r->sqes;
}

void uring_priv_unmap_ring(struct uring *ring) {
  struct uring_priv_regions r;
  r.sq_ring = ring->sq_ring;
  r.cq_ring = ring->cq_ring;
  r.sqes = ring->sqes;
  uring_priv_unmap_regions(ring, &r);
  uring_priv_set_regions(ring, &r);
}

static int map_one(struct uring *ring, uint64_t offset, size_t len, struct uring_region *out) {
  void *addr;
  int ret = uring_priv_map(ring, offset, len, &addr);
  if (ret < 0) return ret;
  out->addr = addr;
  out->size = len;
  return 0;
}

int uring_priv_map_regions(struct uring *ring, const struct uring_params *p, uint32_t flags,
                           uint32_t features, struct uring_priv_regions *out) {
  size_t cq_sz = (size_t)p->cq_off.cqes + (size_t)p->cq_entries * uring_priv_cqe_bytes(flags);
  size_t sq_sz = 0;
  int ret;

  out->sq_ring.addr = out->cq_ring.addr = out->sqes.addr = NULL;
  out->sq_ring.size = out->cq_ring.size = out->sqes.size = 0;
  if (!(flags & URING_SETUP_NO_SQARRAY))
    sq_sz = (size_t)p->sq_off.array + (size_t)p->sq_entries * sizeof(uint32_t);
  if (features & URING_FEAT_SINGLE_MMAP) {
    /* 5.4: both rings live in one region at the SQ ring offset. */
    ret = map_one(ring, URING_OFF_SQ_RING, sq_sz > cq_sz ? sq_sz : cq_sz, &out->sq_ring);
    if (ret < 0) return ret;
    out->cq_ring = out->sq_ring;
  } else {
    if (!sq_sz) return -URING_EPROTO; /* NO_SQARRAY (6.6) implies SINGLE_MMAP (5.4) */
    ret = map_one(ring, URING_OFF_SQ_RING, sq_sz, &out->sq_ring);
    if (ret == 0) ret = map_one(ring, URING_OFF_CQ_RING, cq_sz, &out->cq_ring);
    if (ret < 0) goto fail;
  }
  ret = map_one(ring, URING_OFF_SQES, (size_t)p->sq_entries * uring_priv_sqe_bytes(flags),
                &out->sqes);
  if (ret == 0) return 0;
fail:
  uring_priv_unmap_regions(ring, out);
  return ret;
}

/* A ring word at `off` inside a region, or NULL when it does not fit. */
static uint32_t *word_at(const struct uring_region *r, uint32_t off) {
  if ((size_t)off + sizeof(uint32_t) > r->size || (off & 3u)) return NULL;
  return (uint32_t *)(void *)((char *)r->addr + off);
}

int uring_priv_attach(const struct uring_priv_regions *r, const struct uring_params *p,
                      uint32_t flags, struct uring_sq *sqo, struct uring_cq *cqo) {
  struct uring_sq sq = *sqo;
  struct uring_cq cq = *cqo;
  uint32_t se = p->sq_entries, ce = p->cq_entries;
  uint32_t *smask, *sent, *cmask, *cent;

  if (!se || (se & (se - 1)) || !ce || (ce & (ce - 1))) return -URING_EPROTO;
  sq.khead = word_at(&r->sq_ring, p->sq_off.head);
  sq.ktail = word_at(&r->sq_ring, p->sq_off.tail);
  sq.kflags = word_at(&r->sq_ring, p->sq_off.flags);
  sq.kdropped = word_at(&r->sq_ring, p->sq_off.dropped);
  smask = word_at(&r->sq_ring, p->sq_off.ring_mask);
  sent = word_at(&r->sq_ring, p->sq_off.ring_entries);
  cq.khead = word_at(&r->cq_ring, p->cq_off.head);
  cq.ktail = word_at(&r->cq_ring, p->cq_off.tail);
  cq.koverflow = word_at(&r->cq_ring, p->cq_off.overflow);
  cmask = word_at(&r->cq_ring, p->cq_off.ring_mask);
  cent = word_at(&r->cq_ring, p->cq_off.ring_entries);
  if (!sq.khead || !sq.ktail || !sq.kflags || !sq.kdropped || !smask || !sent || !cq.khead ||
      !cq.ktail || !cq.koverflow || !cmask || !cent)
    return -URING_EPROTO;
  /* The CQ flags word exists from 5.8; before, cq_off.flags is 0. */
  cq.kflags = p->cq_off.flags ? word_at(&r->cq_ring, p->cq_off.flags) : NULL;
  if (*sent != se || *smask != se - 1 || *cent != ce || *cmask != ce - 1) return -URING_EPROTO;
  if ((size_t)p->cq_off.cqes + (size_t)ce * uring_priv_cqe_bytes(flags) > r->cq_ring.size ||
      (p->cq_off.cqes & 7u))
    return -URING_EPROTO;
  if (r->sqes.size < (size_t)se * uring_priv_sqe_bytes(flags)) return -URING_EPROTO;

  sq.array = NULL;
  if (!(flags & URING_SETUP_NO_SQARRAY)) {
    if ((size_t)p->sq_off.array + (size_t)se * 4 > r->sq_ring.size || (p->sq_off.array & 3u))
      return -URING_EPROTO;
    sq.array = (uint32_t *)(void *)((char *)r->sq_ring.addr + p->sq_off.array);
  }
  sq.sqes = (struct uring_sqe *)r->sqes.addr;
  sq.ring_mask = se - 1;
  sq.ring_entries = se;
  sq.sqe_shift = (flags & URING_SETUP_SQE128) ? 1 : 0;
  sq.slot_shift = 6 + sq.sqe_shift;
  /* Start from what the kernel says, not from zero: the kernel keeps the positions across
   * a resize, and the mock can start them near 2^32. */
  uring_priv_sq_set_tail(&sq, *sq.ktail);
  sq.sqe_head = sq.sqe_tail;
  if (sq.sqe_tail - *sq.khead > se) return -URING_EPROTO;
  sq.sqe_bytes = (uintptr_t)1 << sq.slot_shift;
  sq.sqe_end_1 = (uintptr_t)sq.sqes + ((uintptr_t)se << sq.slot_shift) + 1;

  cq.cqes = (struct uring_cqe *)(void *)((char *)r->cq_ring.addr + p->cq_off.cqes);
  cq.ring_mask = ce - 1;
  cq.ring_entries = ce;
  cq.cqe_shift = (flags & URING_SETUP_CQE32) ? 1 : 0;
  cq.slot_shift = 4 + cq.cqe_shift;
  cq.mixed = (flags & URING_SETUP_CQE_MIXED) ? 1 : 0;
  uring_priv_cq_set_head(&cq, *cq.khead);
  cq.slot_bytes = (uintptr_t)1 << cq.slot_shift;
  cq.next = 0;
  cq.run_end = cq.mixed ? 0 : (uintptr_t)cq.cqes + ((uintptr_t)ce << cq.slot_shift);
  cq.run_max = cq.mixed ? 0 : ce;
  if (*cq.ktail - cq.head > ce) return -URING_EPROTO;

  /* Slot i always holds SQE i: the library never reorders, so the array is written once
   * here instead of once per SQE. */
  if (sq.array)
    for (uint32_t i = 0; i < se; i++) sq.array[i] = i;
  *sqo = sq;
  *cqo = cq;
  return 0;
}

void uring_priv_detach(struct uring *ring) {
  uint32_t *dead = ring->dead;
  dead[0] = dead[1] = dead[2] = dead[3] = 0;
  ring->sq.khead = ring->sq.ktail = ring->sq.kflags = ring->sq.kdropped = &dead[0];
  ring->sq.array = NULL;
  ring->sq.sqes = NULL;
  uring_priv_sq_set_tail(&ring->sq, 0);
  ring->sq.sqe_head = 0;
  ring->sq.ring_mask = ring->sq.ring_entries = 0;
  ring->sq.sqe_shift = 0;
  ring->sq.slot_shift = 6;
  ring->sq.sqe_bytes = 64;
  ring->sq.sqe_end_1 = 0;
  ring->cq.khead = &dead[1];
  ring->cq.ktail = &dead[2];
  ring->cq.kflags = &dead[3];
  ring->cq.koverflow = &dead[3];
  ring->cq.cqes = NULL;
  uring_priv_cq_set_head(&ring->cq, 0);
  ring->cq.ring_mask = ring->cq.ring_entries = 0;
  ring->cq.cqe_shift = ring->cq.mixed = 0;
  ring->cq.slot_shift = 4;
  ring->cq.next = ring->cq.run_end = 0;
  ring->cq.run_max = 0;
  ring->cq.slot_bytes = 16;
}
