/* The machinery behind cq.h's inline calls: not API. cq.h includes it; nothing else should.
 * The CQ head's writers are in run.h. */
#ifndef URING_RING_CQ_INTERNAL_H
#define URING_RING_CQ_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "uring/ring/ring.h"
#include "uring/ring/run.h"
#include "uring/sys/abi.h"
#include "uring/sys/barrier.h"
#include "uring/sys/cast.h"

#ifdef __cplusplus
extern "C" {
#endif

/* --- Peeking --------------------------------------------------------------------------- */

static inline struct uring_cqe *uring_priv_cqe_at(const struct uring_cq *cq, uint32_t head) {
  return URING_PTR_CAST(
      struct uring_cqe *,
      URING_PTR_CAST(void *, (URING_PTR_CAST(char *, cq->cqes) +
                              (URING_CAST(size_t, (head & cq->ring_mask)) << cq->slot_shift))));
}

/* Where a run of `ready` slots from `start` ends: at the tail, or at the end of the array
 * when the CQEs wrap (also when `ready` is more than the ring holds: ring memory
 * overwritten). In CQE_MIXED rings (run_end 0) every run is empty: their filler and 32-byte
 * entries go one at a time through the careful paths. `shift` is cq->slot_shift, passed
 * in so that a caller holding it in a register does not load it again after its acquire
 * load of the tail (a compiler barrier). */
static inline uintptr_t uring_priv_cq_run_stop(const struct uring_cq *cq, uintptr_t start,
                                               uint32_t ready, uint32_t shift) {
  uintptr_t stop = start + (URING_CAST(uintptr_t, ready) << shift);
  return stop > cq->run_end ? cq->run_end : stop;
}

/* The slots a CQE takes: two for a 32-byte CQE of a CQE_MIXED ring (URING_CQE_F_32; in
 * any other ring the bit may arrive in flags passed by another ring's MSG_RING), else one.
 * The CQE's own flags are tested first: they are in a cache line the caller just read,
 * and the test of a byte there is one instruction less than loading `mixed`. */
static inline unsigned uring_priv_cqe_slots(const struct uring_cq *cq,
                                            const struct uring_cqe *cqe) {
  return (__builtin_expect((cqe->flags & URING_CQE_F_32) != 0, 0) && cq->mixed) ? 2u : 1u;
}

/* Loads the CQ tail and sets the peek run from the head: the CQEs up to the
 * tail or to the end of the array, whichever comes first. Returns the CQE at the head, or
 * NULL when there is none, or when the ring is CQE_MIXED (whose filler and 32-byte entries
 * the out-of-line paths hand out one at a time). */
static inline struct uring_cqe *uring_priv_cq_refill(struct uring_cq *cq) {
  uint32_t head = cq->head, ready;
  uintptr_t next, stop;
  /* A ring never set up (zero-filled) or torn down has no CQE array, and a zeroed one no
   * tail to load. */
  if (__builtin_expect(cq->cqes == URING_NULL, 0)) return URING_NULL;
  /* Pairs with the kernel's release store of the CQ tail, made after it wrote the CQEs. */
  ready = uring_load_acquire(cq->ktail) - head;
  /* One compare for three cases that have no run: nothing ready; more than the CQ holds
   * (the head advanced past the tail, a caller's bug caught in the sanitizer builds, or
   * ring words overwritten: the out-of-line paths put the head back); a CQE_MIXED ring
   * (run_max 0), whose entries the careful paths hand out one at a time. */
  if (__builtin_expect(ready - 1u >= cq->run_max, 0)) return URING_NULL;
  next = URING_PTR_CAST(uintptr_t, cq->cqes) +
         (URING_CAST(uintptr_t, (head & cq->ring_mask)) << cq->slot_shift);
  stop = uring_priv_cq_run_stop(cq, next, ready, cq->slot_shift);
  uring_priv_cq_start_run(cq, next, stop);
  /* The run lies inside the mapped CQ array: saying so lets the compiler drop the
   * caller's NULL test on this path. */
  if (next == 0) __builtin_unreachable();
  return URING_PTR_CAST(struct uring_cqe *, next);
}

/* The CQE at the head without a system call, or NULL: from the peek run when it has one
 * left, else from a fresh load of the tail. */
static inline struct uring_cqe *uring_priv_cq_head_cqe(struct uring_cq *cq) {
  uintptr_t next = cq->next;
  if (__builtin_expect(next < cq->stop, 1)) return URING_PTR_CAST(struct uring_cqe *, next);
  return uring_priv_cq_refill(cq);
}

/* The kernel holds completions back that only an enter with GETEVENTS delivers. */
static inline int uring_priv_cq_needs_flush(const struct uring *ring) {
  return (uring_read_once(ring->sq.kflags) & (URING_SQ_CQ_OVERFLOW | URING_SQ_TASKRUN)) != 0;
}

int uring_priv_peek_slow(struct uring *ring, struct uring_cqe **cqe_ptr);
int uring_priv_flush_cq(struct uring *ring);

/* uring_cq_iter_begin's flush, keeping its result for uring_cq_iter_end, and the end of an
 * iteration while the kernel still flags held-back completions. */
void uring_priv_iter_flush(struct uring *ring);
int uring_priv_iter_end_flagged(struct uring *ring);

/* The slow path fills a local: were the caller's pointer passed out of line, the caller's
 * variable would have to live in memory, and the fast path would store it there. */
static inline int uring_priv_peek_slow_local(struct uring *ring, struct uring_cqe **cqe_ptr) {
  struct uring_cqe *cqe = URING_NULL;
  int ret = uring_priv_peek_slow(ring, &cqe);
  *cqe_ptr = cqe;
  return ret;
}

/* --- Iterating ------------------------------------------------------------------------ */

/* The iterator of uring_for_each_cqe (cq.h). Its fields are private. */
struct uring_cq_iter {
  /* Positions as addresses, in a local the compiler keeps in registers: each step is one
   * compare and one add, and nothing is loaded through struct uring, where loads would be
   * repeated after every store the loop body makes. */
  uintptr_t cur;   /* the slot to hand out next */
  uintptr_t stop;  /* the fast path hands out slots while cur < stop: up to the tail or
                      the end of the array; in CQE_MIXED rings one past the CQE handed out
                      last, so that every step of those takes the careful path */
  uintptr_t base;  /* the address of slot `head`; in CQE_MIXED rings one slot lower when
                      the CQE at `head` is a 32-byte one, so that the position after it
                      counts both its slots */
  uintptr_t bytes; /* a slot's bytes: 16, or 32 with URING_SETUP_CQE32 */
  const struct uring_cq *cq; /* the geometry, for the careful path */
  uint32_t head;
  uint32_t tail;   /* the CQ tail loaded by uring_cq_iter_begin */
  uint32_t shift;  /* log2 of bytes */
};

/* The slot after the CQE handed out last. */
static inline uint32_t uring_priv_cq_iter_head(const struct uring_cq_iter *it) {
  return it->head + URING_CAST(uint32_t, ((it->cur - it->base) >> it->shift));
}

/* The careful path: the wrap at the end of the array, a tail that cannot be (the
 * iteration stops), and every step of a CQE_MIXED ring, which steps over filler slots.
 * `pos` is the iterator's position, not the tail. */
static inline int uring_priv_cq_iter_careful(struct uring_cq_iter *it, uint32_t pos) {
  const struct uring_cq *cq = it->cq;
  uint32_t idx;
  if (it->tail - pos > cq->ring_entries) return 0;
  for (;;) {
    idx = pos & cq->ring_mask;
    it->head = pos;
    it->base = it->cur =
        URING_PTR_CAST(uintptr_t, cq->cqes) + (URING_CAST(uintptr_t, idx) << it->shift);
    if (!cq->mixed) {
      uint32_t run = cq->ring_entries - idx;
      if (run > it->tail - pos) run = it->tail - pos;
      it->stop = it->cur + (URING_CAST(uintptr_t, run) << it->shift);
      return 1;
    }
    if (!((URING_PTR_CAST(const struct uring_cqe *, it->cur))->flags & URING_CQE_F_SKIP)) break;
    if (++pos == it->tail) {
      it->head = pos;
      it->base = it->cur = it->stop = URING_PTR_CAST(uintptr_t, cq->cqes) +
                                      (URING_CAST(uintptr_t, (pos & cq->ring_mask)) << it->shift);
      return 0;
    }
  }
  /* One CQE of a CQE_MIXED ring: a 32-byte one takes two slots (URING_CQE_F_32). */
  if ((URING_PTR_CAST(const struct uring_cqe *, it->cur))->flags & URING_CQE_F_32)
    it->base -= it->bytes;
  it->stop = it->cur + it->bytes;
  return 1;
}

/* The end of a run: the end of the iteration when it reached the tail. */
static inline int uring_priv_cq_iter_more_slow(struct uring_cq_iter *it) {
  uint32_t pos = uring_priv_cq_iter_head(it);
  if (pos == it->tail) return 0;
  return uring_priv_cq_iter_careful(it, pos);
}

/* Whether the iteration has another CQE. */
static inline int uring_priv_cq_iter_more(struct uring_cq_iter *it) {
  if (__builtin_expect(it->cur < it->stop, 1)) return 1;
  return uring_priv_cq_iter_more_slow(it);
}

/* The CQE at the iterator (after uring_priv_cq_iter_more said there is one), and one slot on. */
static inline struct uring_cqe *uring_priv_cq_iter_take(struct uring_cq_iter *it) {
  uintptr_t cqe = it->cur;
  it->cur = cqe + it->bytes;
  return URING_PTR_CAST(struct uring_cqe *, cqe);
}

#ifdef __cplusplus
}
#endif

#endif /* URING_RING_CQ_INTERNAL_H */
