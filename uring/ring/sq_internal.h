/* The machinery behind sq.h's inline calls: not API. sq.h includes it; nothing else should.
 * The SQ tail's writers are in run.h. */
#ifndef URING_RING_SQ_INTERNAL_H
#define URING_RING_SQ_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "uring/ring/ring.h"
#include "uring/ring/run.h"
#include "uring/sys/abi.h"
#include "uring/sys/barrier.h"
#include "uring/sys/cast.h"
#include "uring/sys/syscall.h"

#ifdef __cplusplus
extern "C" {
#endif

/* --- Getting SQEs ---------------------------------------------------------------------- */

/* uring_get_sqe at the end of its run: reads the kernel's SQ head again. */
struct uring_sqe *uring_priv_get_sqe_refill(struct uring *ring);

/* The filler before a 128-byte entry of an SQE_MIXED ring that would wrap: a NOP that posts
 * nothing (CQE_SKIP_SUCCESS). Every byte is written: the kernel would read a stale one. */
static inline void uring_priv_sq_filler(struct uring_sqe *sqe) {
  sqe->opcode = URING_CAST(uint8_t, URING_OP_NOP);
  sqe->flags = URING_CAST(uint8_t, URING_SQE_CQE_SKIP_SUCCESS);
  sqe->ioprio = 0;
  sqe->fd = -1;
  sqe->off = 0;
  sqe->addr = 0;
  sqe->len = 0;
  sqe->rw_flags = 0;
  sqe->user_data = 0;
  sqe->buf_index = 0;
  sqe->personality = 0;
  sqe->file_index = 0;
  sqe->addr3 = 0;
  sqe->pad2 = 0;
}

/* uring_get_sqe128 on an SQE_MIXED ring (sq.h says what the kernel does with these). */
static inline struct uring_sqe *uring_priv_get_sqe_mixed128(struct uring *ring) {
  struct uring_sq *sq = &ring->sq;
  uint32_t tail = sq->sqe_tail, need;

  need = ((tail + 1) & sq->ring_mask) ? 2u : 3u;
  /* Pairs with the kernel's release store of the SQ head after it read the SQEs. */
  if (uring_load_acquire(sq->khead) + sq->ring_entries - tail < need) return URING_NULL;
  if (sq->sqes == URING_NULL) __builtin_unreachable();
  if (need == 3) {
    uring_priv_sq_filler(&sq->sqes[tail & sq->ring_mask]);
    tail++;
  }
  uring_priv_sq_set_tail(sq, tail + 2);
  return &sq->sqes[tail & sq->ring_mask];
}

/* --- Submitting ------------------------------------------------------------------------ */

/* Under ASan with URING_ASAN_CHECKS, every submit checks the buffers its SQEs name before
 * the kernel sees them (asan.h); otherwise this costs nothing. */
#if defined(URING_ASAN_CHECKS) && URING_ASAN_CHECKS
#include "uring/ring/asan.h"
#define URING_PRIV_ASAN_CHECK(ring) uring_priv_asan_check_sqes(ring)
#else
#define URING_PRIV_ASAN_CHECK(ring) ((void)0)
#endif

/* The out-of-line submit for SQPOLL, SQ_REWIND, a ring that is not set up, and the
 * extended-argument waits. */
int uring_priv_submit_special(struct uring *ring, unsigned wait_nr, unsigned flags, const void *arg,
                              size_t argsz);

/* The one GETEVENTS rule of every submit path, SQPOLL's included (which passes the flags
 * word it loaded after its fence): enter with GETEVENTS when asked to wait, when IOPOLL
 * must poll, and when the kernel holds completions back (overflow list, pending task work)
 * that only such an enter delivers. The flags word is read last, and only when the rest
 * does not decide. */
static inline unsigned uring_priv_getevents_at(const struct uring *ring, unsigned wait_nr,
                                               const uint32_t *kflags) {
  if (wait_nr || (ring->flags & URING_SETUP_IOPOLL) ||
      (uring_read_once(kflags) & (URING_SQ_CQ_OVERFLOW | URING_SQ_TASKRUN)))
    return URING_ENTER_GETEVENTS;
  return 0;
}

static inline unsigned uring_priv_getevents(const struct uring *ring, unsigned wait_nr) {
  return uring_priv_getevents_at(ring, wait_nr, ring->sq.kflags);
}

/* Publishes the SQEs filled since the last submit (no SQPOLL, no SQ_REWIND) and returns
 * how many the kernel has not consumed yet: those go with the next enter. */
static inline unsigned uring_priv_publish(struct uring *ring) {
  struct uring_sq *sq = &ring->sq;
  uint32_t tail = sq->sqe_tail;
  URING_PRIV_ASAN_CHECK(ring);
  /* Stored even when unchanged: a store costs less than the compare that would skip it,
   * and the kernel reads the tail only inside io_uring_enter. Pairs with the kernel's
   * acquire load of the SQ tail: the SQE contents written before this store are visible
   * to it. */
  sq->sqe_head = tail;
  uring_store_release(sq->ktail, tail);
  /* Without SQPOLL the kernel moves the SQ head only inside io_uring_enter on this ring,
   * which returned before this load: no ordering is needed. */
  return tail - uring_read_once(sq->khead);
}

static inline int uring_priv_submit(struct uring *ring, unsigned wait_nr) {
  unsigned to_submit, flags;

  /* One test for SQPOLL, SQ_REWIND, a backend's ring (the mock) and a ring that is not set
   * up (zeroed, torn down); past it the system call is made here, with no backend test. */
  if (__builtin_expect(!(ring->int_flags & URING_INT_PLAIN), 0))
    return uring_priv_submit_special(ring, wait_nr, 0, URING_NULL, 0);
  to_submit = uring_priv_publish(ring);
  flags = uring_priv_getevents(ring, wait_nr);
  if (__builtin_expect(!to_submit && !flags, 0)) return 0;
  return uring_sys_io_uring_enter(ring->enter_fd, to_submit, wait_nr, flags | ring->enter_flags,
                                  URING_NULL, 0);
}

#ifdef __cplusplus
}
#endif

#endif /* URING_RING_SQ_INTERNAL_H */
