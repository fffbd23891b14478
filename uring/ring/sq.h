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

#include "uring/opcode/prep.h"
#include "uring/ring/asan.h"
#include "uring/ring/ring.h"
#include "uring/sys/barrier.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The next free SQE, or NULL when the SQ is full (submit, then try again). Its contents are
 * stale until a uring_prep_* helper fills it: every prep helper writes all 64 bytes (all
 * 128 for the 128-byte forms), so no field keeps a value from an earlier use. Under SQPOLL
 * the SQ thread frees slots on its own schedule: uring_sqring_wait waits for room. */
struct uring_sqe *uring_priv_get_sqe_refill(struct uring *ring);

static inline struct uring_sqe *uring_get_sqe(struct uring *ring) {
  struct uring_sq *sq = &ring->sq;
  uintptr_t sqe = sq->sqe_next;
  /* Inside the run (ring.h) the slot is free and its address known: no load of the
   * kernel's head and no index arithmetic. At the run's end (the SQ looked full when the
   * run was computed, or the array wraps) the out-of-line refill reads the head again. */
  if (__builtin_expect(sqe >= sq->sqe_stop, 0)) return uring_priv_get_sqe_refill(ring);
  sq->sqe_next = sqe + sq->sqe_bytes;
  sq->sqe_tail++;
  /* A run lies inside the mapped SQE array: saying so lets the compiler drop the caller's
   * NULL test on this path. */
  if (sqe == 0) __builtin_unreachable();
  return (struct uring_sqe *)sqe;
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
  struct uring_sq *sq = &ring->sq;
  uint32_t tail = sq->sqe_tail, need;
  struct uring_sqe *sqe;

  if (ring->flags & URING_SETUP_SQE128) return uring_get_sqe(ring);
  if (!(ring->flags & URING_SETUP_SQE_MIXED)) return (struct uring_sqe *)0;
  need = ((tail + 1) & sq->ring_mask) ? 2u : 3u;
  /* sqe_limit - tail is the free room as of the last head read (tail never passes the
   * limit), so a refresh is needed only when that is too small. */
  if (sq->sqe_limit - tail < need) {
    sq->sqe_limit = uring_load_acquire(sq->khead) + sq->ring_entries;
    if (sq->sqe_limit - tail < need) return (struct uring_sqe *)0;
  }
  if (sq->sqes == (struct uring_sqe *)0) __builtin_unreachable();
  if (need == 3) {
    /* Every byte of the filler is written: a stale field would be read by the kernel. */
    sqe = &sq->sqes[tail & sq->ring_mask];
    uring_prep_rw(URING_OP_NOP, sqe, -1, (const void *)0, 0, 0);
    sqe->flags = (uint8_t)URING_SQE_CQE_SKIP_SUCCESS;
    tail++;
  }
  sq->sqe_tail = tail + 2;
  /* The tail moved past uring_get_sqe's run. */
  sq->sqe_stop = 0;
  return &sq->sqes[tail & sq->ring_mask];
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

/* Under ASan with URING_ASAN_CHECKS, every submit checks the buffers its SQEs name before
 * the kernel sees them (asan.h); otherwise this costs nothing. */
#if defined(URING_ASAN_CHECKS) && URING_ASAN_CHECKS
#define URING_PRIV_ASAN_CHECK(ring) uring_priv_asan_check_sqes(ring)
#else
#define URING_PRIV_ASAN_CHECK(ring) ((void)0)
#endif

/* The out-of-line submit for SQPOLL, SQ_REWIND and the extended-argument waits. */
int uring_priv_submit_special(struct uring *ring, unsigned wait_nr, unsigned flags, const void *arg,
                              size_t argsz);

/* Enter with GETEVENTS when asked to wait, when IOPOLL must poll, and when the kernel holds
 * completions back (overflow list, pending task work) that only such an enter delivers. */
static inline unsigned uring_priv_getevents(const struct uring *ring, unsigned wait_nr) {
  if (wait_nr || (ring->flags & URING_SETUP_IOPOLL) ||
      (uring_read_once(ring->sq.kflags) & (URING_SQ_CQ_OVERFLOW | URING_SQ_TASKRUN)))
    return URING_ENTER_GETEVENTS;
  return 0;
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

  /* One test for SQPOLL, SQ_REWIND and a ring that is not set up (zeroed, torn down). */
  if (__builtin_expect(!(ring->int_flags & URING_INT_PLAIN), 0))
    return uring_priv_submit_special(ring, wait_nr, 0, (const void *)0, 0);
  to_submit = uring_priv_publish(ring);
  flags = uring_priv_getevents(ring, wait_nr);
  if (__builtin_expect(!to_submit && !flags, 0)) return 0;
  return uring_enter(ring, to_submit, wait_nr, flags, (const void *)0, 0);
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

/* With URING_SETUP_SQPOLL: waits until the SQ has room (URING_ENTER_SQ_WAIT, 5.10).
 * Returns 0 or -errno. */
int uring_sqring_wait(struct uring *ring);

#ifdef __cplusplus
}
#endif

#endif /* URING_RING_SQ_H */
