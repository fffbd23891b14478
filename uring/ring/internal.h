/* Internal to //uring/ring (target :setup_internal): mapping the ring regions and
 * attaching struct uring to them, shared by setup, ring resizing, buffer rings and the
 * probe. Not a public header. The functions are defined in :setup (map.c); this header
 * needs only the struct names, so that :setup can depend on it. */
#ifndef URING_RING_INTERNAL_H
#define URING_RING_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "uring/ring/backend.h"
#include "uring/sys/abi.h"
#include "uring/sys/cast.h"

#ifdef __cplusplus
extern "C" {
#endif

struct uring;
struct uring_sq;
struct uring_cq;

/* Zeroes n bytes. volatile: a plain loop may be turned into a call to memset, which a
 * freestanding library cannot count on. */
static inline void uring_priv_zero(void *p, size_t n) {
  volatile unsigned char *b = URING_CAST(volatile unsigned char *, p);
  while (n--) *b++ = 0;
}

/* Bytes per SQE and per CQE slot for these setup flags. */
static inline size_t uring_priv_sqe_bytes(uint32_t flags) {
  return (flags & URING_SETUP_SQE128) ? 128 : 64;
}
static inline size_t uring_priv_cqe_bytes(uint32_t flags) {
  return (flags & URING_SETUP_CQE32) ? 32 : 16;
}

/* The three regions of a ring; the SQ and CQ rings share one with URING_FEAT_SINGLE_MMAP. */
struct uring_priv_regions {
  struct uring_region sq_ring;
  struct uring_region cq_ring;
  struct uring_region sqes;
};

/* mmap(2) of one ring region through the ring's fd, or through its backend. */
int uring_priv_map(struct uring *ring, uint64_t offset, size_t len, void **out);
void uring_priv_unmap(struct uring *ring, void *addr, size_t len);

/* Maps the regions the kernel describes in *p for a ring with setup `flags` and
 * `features`. On failure nothing stays mapped. */
int uring_priv_map_regions(struct uring *ring, const struct uring_params *p, uint32_t flags,
                           uint32_t features, struct uring_priv_regions *out);

/* Unmaps regions from uring_priv_map_regions (each once, also when two share an address). */
void uring_priv_unmap_regions(struct uring *ring, struct uring_priv_regions *r);

/* The ring's own regions: set them, or unmap them (each once) and forget them. */
void uring_priv_set_regions(struct uring *ring, const struct uring_priv_regions *r);
void uring_priv_unmap_ring(struct uring *ring);

/* Builds the SQ and CQ views of regions `r` from the offsets in *p, checking everything the
 * kernel wrote there (offsets in bounds, entries and masks as promised, head and tail at
 * most a ring apart) and writing the identity SQ array. -EPROTO when anything is off;
 * *sq and *cq are written only on success. */
int uring_priv_attach(const struct uring_priv_regions *r, const struct uring_params *p,
                      uint32_t flags, struct uring_sq *sq, struct uring_cq *cq);

/* Points every ring pointer at the struct's own zeroed words: a ring whose memory is gone
 * (or never came) reads as empty and full instead of touching unmapped memory. */
void uring_priv_detach(struct uring *ring);

#ifdef __cplusplus
}
#endif

#endif /* URING_RING_INTERNAL_H */
