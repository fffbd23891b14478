/* Submission: getting SQEs, publishing them, and entering the kernel.
 *
 * The hot path is inline and touches only ring memory and struct uring: uring_get_sqe
 * hands out slots from a run of free ones it computed earlier (one compare per SQE),
 * reading the kernel's SQ head again only when the run ends (the SQ looked full, or the
 * array wraps), and
 * uring_submit publishes the SQ tail once per batch and makes one io_uring_enter call
 * (none at all when there is nothing to submit and nothing to flush).
 *
 * Errors from submission (returned as -errno, never through errno):
 *   -EINTR   a signal arrived while waiting; SQEs the kernel took are submitted, the
 *            rest stay queued in the SQ. Never retried inside the library.
 *   -EAGAIN  the kernel could not allocate request memory; nothing was lost, the SQEs
 *            stay queued: reap completions and submit again.
 *   -EBUSY   the kernel holds overflowed completions it cannot post (kernels without
 *            URING_FEAT_NODROP, or a backlog it refuses to grow): reap completions first.
 *   -EBADF   the ring was torn down or its fd closed.
 * SQEs the kernel did not consume stay in the SQ and go with the next submit: the library
 * counts what to submit from the kernel's SQ head, not from its own bookkeeping.
 *
 * Threads (ring.h has the whole contract): the calls in this file are the submitter's. One
 * submitting thread may run them beside one reaping thread without a lock. Several
 * submitting threads need the caller's lock around every one of them, from uring_get_sqe to
 * uring_submit: the SQ positions are plain fields of struct uring, and two unlocked
 * submitters can hand out one slot twice (measured: 19 SQEs per million lost). On SINGLE_ISSUER
 * rings (6.0) the kernel takes submissions only from the thread that created the ring.
 */
#ifndef URING_RING_SQ_H
#define URING_RING_SQ_H

#include <stddef.h>
#include <stdint.h>

#include "uring/ring/ring.h"
#include "uring/ring/sq_internal.h"
#include "uring/sys/barrier.h"
#include "uring/sys/cast.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The next free SQE, or NULL when the SQ is full (submit, then try again). Its contents are
 * stale until a uring_prep_* helper fills it: every prep helper writes all 64 bytes (all
 * 128 for the 128-byte forms), so no field keeps a value from an earlier use. Under SQPOLL
 * the SQ thread frees slots on its own schedule: uring_sqring_wait waits for room. */
static inline struct uring_sqe *uring_get_sqe(struct uring *ring) {
  struct uring_sq *sq = &ring->sq;
  uintptr_t sqe = sq->sqe_next;
  /* Inside the run (sq_internal.h) the slot is free and its address known: no load of the
   * kernel's head and no index arithmetic. At the run's end (the SQ looked full when the
   * run was computed, or the array wraps) the head is read again: inline when the array
   * wrapped and the SQ is empty, else in the out-of-line refill. */
  if (__builtin_expect(sqe >= sq->sqe_stop, 0)) {
    if (!uring_priv_sq_rerun(sq, sqe)) return uring_priv_get_sqe_refill(ring);
    sqe = sq->sqe_next;
  }
  sqe = uring_priv_sq_take(sq, sqe);
  /* A run lies inside the mapped SQE array: saying so lets the compiler drop the caller's
   * NULL test on this path. */
  if (sqe == 0) __builtin_unreachable();
  return URING_PTR_CAST(struct uring_sqe *, sqe);
}

/* A 128-byte SQE for the 128-byte opcodes (NOP128, URING_CMD128), or NULL when the SQ
 * lacks room (submit, then try again) or the ring takes no 128-byte entries.
 *   URING_SETUP_SQE128: every slot is 128 bytes; the same as uring_get_sqe.
 *   URING_SETUP_SQE_MIXED (6.19): two consecutive 64-byte slots; prep it with a *128
 *     helper, which writes all 128 bytes.
 *   any other ring: NULL (the kernel fails a 128-byte opcode there with -EINVAL).
 * What the kernel does with a 128-byte opcode on an SQE_MIXED ring (io_init_req in
 * io_uring/io_uring.c, commit 1cba30bf9fdd "io_uring: add support for
 * IORING_SETUP_SQE_MIXED", 6.19; is_128 in io_uring/opdef.c):
 *   - it takes the slot it sits in and the next one: the SQ head moves by 2, to_submit and
 *     the count io_uring_enter returns both count slots, not requests;
 *   - it fails with -EINVAL in its CQE, taking one slot only, when it sits in the SQE
 *     array's last slot (an entry never wraps; the 6.19 check was on the SQ head, a later
 *     fix checks the physical index), or when to_submit ends after its first slot;
 *   - without SQE_MIXED or SQE128 it fails the same way (-EINVAL, one slot);
 *   - with or without URING_SETUP_NO_SQARRAY alike: the second half is the array slot
 *     after the first, whatever the index array says (this library maps it 1:1).
 * So when only the last slot is left before the wrap, it takes a filler: a NOP with
 * CQE_SKIP_SUCCESS, which runs like any NOP and posts nothing (the commit message of the
 * same change). The filler counts in to_submit and in uring_sq_ready like any SQE. */
static inline struct uring_sqe *uring_get_sqe128(struct uring *ring) {
  if (ring->flags & URING_SETUP_SQE128) return uring_get_sqe(ring);
  if (!(ring->flags & URING_SETUP_SQE_MIXED)) return URING_NULL;
  return uring_priv_get_sqe_mixed128(ring);
}

/* SQEs handed out by uring_get_sqe and not yet consumed by the kernel. Precondition (this
 * and the two below; checked in the sanitizer builds): the ring was set up, and may have
 * been torn down since. */
static inline unsigned uring_sq_ready(const struct uring *ring) {
  URING_PRIV_EXPECT(ring && ring->sq.khead, "uring_sq_ready: ring never set up");
  return ring->sq.sqe_tail - uring_load_acquire(ring->sq.khead);
}

/* Free SQ slots. */
static inline unsigned uring_sq_space_left(const struct uring *ring) {
  return ring->sq.ring_entries - uring_sq_ready(ring);
}

/* Count of SQEs the kernel dropped for an invalid index (SQ array rings only). */
static inline unsigned uring_sq_dropped(const struct uring *ring) {
  URING_PRIV_EXPECT(ring && ring->sq.kdropped, "uring_sq_dropped: ring never set up");
  return uring_read_once(ring->sq.kdropped);
}

/* Publishes every SQE filled since the last submit and hands them to the kernel.
 * Returns the number the kernel consumed (>= 0), or -errno (see the top of this file).
 * Under SQPOLL, returns the number published, and enters the kernel only to wake a
 * sleeping SQ thread (URING_SQ_NEED_WAKEUP). */
static inline int uring_submit(struct uring *ring) { return uring_priv_submit(ring, 0); }

/* uring_submit, and the same enter asks the kernel to wait until wait_nr completions are
 * in the CQ. One enter, as liburing's io_uring_submit_and_wait: it returns the number
 * submitted (or -errno) when the kernel's wait ends, which may be early, with fewer CQEs,
 * when a TIMEOUT request completes or a signal arrives. For a wait that holds out for
 * wait_nr, use uring_submit_and_wait_timeout (cq.h), with or without a time limit. */
static inline int uring_submit_and_wait(struct uring *ring, unsigned wait_nr) {
  return uring_priv_submit(ring, wait_nr);
}

/* uring_submit, and the same enter always carries GETEVENTS with nothing to wait for: the
 * kernel also runs pending task work and moves completions off its overflow list into the
 * CQ (liburing's io_uring_submit_and_get_events; 5.1). One enter even when nothing is
 * queued (then it is uring_get_events). For DEFER_TASKRUN rings, whose completions wait
 * for the submitting task to enter. Returns the number submitted (>= 0; under SQPOLL the
 * number published), or -errno as uring_submit. */
int uring_submit_and_get_events(struct uring *ring);

/* With URING_SETUP_SQPOLL: waits until the SQ has room (URING_ENTER_SQ_WAIT, 5.10).
 * Returns 0 or -errno. */
int uring_sqring_wait(struct uring *ring);

#ifdef __cplusplus
}
#endif

#endif /* URING_RING_SQ_H */
