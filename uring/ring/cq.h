/* Completion: peeking, waiting, iterating and copying CQEs.
 *
 *   struct uring_cqe *cqe;
 *   if (uring_peek_cqe(&ring, &cqe) == 0) {     (0, or -EAGAIN when nothing is there)
 *     ... cqe->user_data, cqe->res ...
 *     uring_cqe_seen(&ring, cqe);
 *   }
 *
 * Batches: uring_for_each_cqe loads the CQ tail once and uring_cq_iter_end stores the CQ
 * head once; uring_copy_cqes copies a batch out and frees its slots in one step.
 *
 * No completion is lost: when the CQ was full the kernel keeps further completions on an
 * overflow list (URING_FEAT_NODROP, 5.5) and flags URING_SQ_CQ_OVERFLOW; peeks, waits, the
 * iterator and the copy enter the kernel with GETEVENTS to flush that list (and to run
 * pending task work, URING_SQ_TASKRUN) whenever the flag is up.
 *
 * Rings with URING_SETUP_CQE32 have 32-byte CQEs (struct uring_cqe32; the pointer these
 * functions return can be cast to it). Rings with URING_SETUP_CQE_MIXED hold both sizes:
 * a 32-byte CQE carries URING_CQE_F_32 and takes two slots, and the kernel pads the end of
 * the ring with filler CQEs (URING_CQE_F_SKIP) that these functions skip.
 *
 * Threads (ring.h has the whole contract): the calls in this file are the reaper's, and
 * uring_submit_and_wait_timeout and uring_submit_and_wait_min_timeout are the submitter's
 * as well. One reaping thread may run them beside one submitting thread without a lock.
 * Several reaping threads need the caller's lock around every one of them, from the peek or
 * wait to uring_cqe_seen or uring_cq_iter_end: the CQ head and the peek run are plain
 * fields of struct uring, and two unlocked reapers hand out the same CQE twice (measured:
 * 715,872 duplicates in 10^6). On DEFER_TASKRUN rings (6.1) only the thread that created
 * the ring may wait (and flush: a peek that enters the kernel). uring_cq_eventfd_toggle
 * reads and rewrites a ring word: one thread at a time.
 */
#ifndef URING_RING_CQ_H
#define URING_RING_CQ_H

#include <stddef.h>
#include <stdint.h>

#include "uring/ring/cq_internal.h"
#include "uring/ring/ring.h"
#include "uring/ring/sq.h"
#include "uring/sys/barrier.h"
#include "uring/sys/cast.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The next CQE without waiting: 0 and *cqe_ptr set, or -EAGAIN (and NULL) when there is
 * none, or -errno from the flush enter. Enters the kernel only when it flags held-back
 * completions, or to poll an IOPOLL ring. */
static inline int uring_peek_cqe(struct uring *ring, struct uring_cqe **cqe_ptr) {
  struct uring_cq *cq = &ring->cq;
  uintptr_t next = cq->next;
  struct uring_cqe *cqe;
  URING_PRIV_EXPECT(ring && cqe_ptr, "uring_peek_cqe: NULL ring or cqe_ptr");
  /* Tested here rather than through uring_priv_cq_head_cqe: one compare on the fast path
   * instead of a second test of the pointer it returns. */
  if (__builtin_expect(next < cq->stop, 1)) {
    *cqe_ptr = URING_PTR_CAST(struct uring_cqe *, next);
    return 0;
  }
  cqe = uring_priv_cq_refill(cq);
  if (__builtin_expect(cqe != URING_NULL, 1)) {
    *cqe_ptr = cqe;
    return 0;
  }
  return uring_priv_peek_slow_local(ring, cqe_ptr);
}

/* CQ slots filled and not yet seen (in CQE_MIXED rings, a 32-byte CQE counts twice).
 * Precondition (this and every inline call below; checked in the sanitizer builds): the
 * ring was set up, and may have been torn down since. */
static inline unsigned uring_cq_ready(const struct uring *ring) {
  URING_PRIV_EXPECT(ring && ring->cq.ktail, "uring_cq_ready: ring never set up");
  return uring_load_acquire(ring->cq.ktail) - ring->cq.head;
}

/* Cheap "anything pending?": nonzero when CQEs are ready, or when the kernel holds
 * completions back that a peek or wait would flush. Two loads, no system call. */
static inline int uring_cq_pending(const struct uring *ring) {
  URING_PRIV_EXPECT(ring && ring->sq.kflags, "uring_cq_pending: ring never set up");
  return uring_cq_ready(ring) != 0 || uring_priv_cq_needs_flush(ring);
}

/* Nonzero when the kernel holds completions on its overflow list because the CQ was full
 * (URING_SQ_CQ_OVERFLOW in the SQ flags word; kernels since 5.5 keep them there, with
 * URING_FEAT_NODROP, and every kernel this project tests, 5.10 on, sets the flag). One
 * load, no system call: liburing's io_uring_cq_has_overflow. Returns 1 or 0. A peek, wait,
 * iteration, batch copy or uring_get_events moves them into the CQ as room allows; free
 * CQ slots first. Unlike uring_cq_pending it says nothing of CQEs already in the CQ or of
 * pending task work. Precondition: the ring was set up (checked in the sanitizer builds). */
static inline int uring_cq_has_overflow(const struct uring *ring) {
  URING_PRIV_EXPECT(ring && ring->sq.kflags, "uring_cq_has_overflow: ring never set up");
  return (uring_read_once(ring->sq.kflags) & URING_SQ_CQ_OVERFLOW) != 0;
}

/* The CQ slots `cqe` takes: 2 for a 32-byte CQE of a CQE_MIXED ring (URING_CQE_F_32), 1
 * otherwise, a CQE of a CQE32 ring included (its slots are 32 bytes). liburing's
 * io_uring_cqe_nr, which reads the flag alone, and so does this: uring_cq_advance by the
 * sum over the CQEs taken frees them. (uring_cqe_seen and the iterators also check that
 * the ring is CQE_MIXED, since a 16-byte ring can receive the bit in flags another ring's
 * MSG_RING passes through.) Precondition: cqe is not NULL. */
static inline unsigned uring_cqe_nr(const struct uring_cqe *cqe) {
  URING_PRIV_EXPECT(cqe != URING_NULL, "uring_cqe_nr: NULL cqe");
  return (cqe->flags & URING_CQE_F_32) ? 2u : 1u;
}

/* Enters the kernel with GETEVENTS and nothing to submit or wait for: it runs the task
 * work pending for this ring and moves completions from its overflow list into the CQ as
 * room allows (liburing's io_uring_get_events; 5.1). For DEFER_TASKRUN rings, whose
 * completions wait until the submitting task enters, or after uring_cq_has_overflow; the
 * peeks, waits, iterators and batch copies do it by themselves when the kernel flags
 * held-back completions. It always enters, as liburing's does (DEFER_TASKRUN work without
 * URING_SETUP_TASKRUN_FLAG shows no flag). Returns 0, or -errno from the enter: -EBADF on
 * a torn-down ring, -EFAULT for a NULL ring, -EEXIST from a thread other than a
 * DEFER_TASKRUN ring's own, -EINTR. */
int uring_get_events(struct uring *ring);

/* Frees nr CQ slots, oldest first, with one store of the CQ head. Precondition: nr is at
 * most uring_cq_ready (checked in the sanitizer builds). A head advanced past the tail
 * regardless hands out nothing: peeks and waits put it back to the tail. */
static inline void uring_cq_advance(struct uring *ring, unsigned nr) {
  struct uring_cq *cq = &ring->cq;
  URING_PRIV_EXPECT(ring && cq->ktail && nr <= uring_load_acquire(cq->ktail) - cq->head,
                    "uring_cq_advance: past the CQ tail");
  uring_priv_cq_consume(cq, nr);
  /* Pairs with the kernel's acquire load of the CQ head before it reuses a slot: the
   * reads of the CQEs made before this store are done. */
  uring_store_release(cq->khead, cq->head);
}

/* Marks the CQE returned by a peek or wait as consumed. Precondition: cqe is that CQE, not
 * NULL (checked in the sanitizer builds; a NULL one would free a slot unseen). */
static inline void uring_cqe_seen(struct uring *ring, const struct uring_cqe *cqe) {
  URING_PRIV_EXPECT(cqe != URING_NULL, "uring_cqe_seen: NULL cqe");
  /* Two calls with constants rather than one with a variable count: the common one then
   * compiles to an increment and an add of the slot size. */
  if (__builtin_expect(uring_priv_cqe_slots(&ring->cq, cqe) == 2u, 0)) {
    uring_cq_advance(ring, 2);
    return;
  }
  uring_cq_advance(ring, 1);
}

/* The 16 or 32 extra bytes of a CQE in a CQE32 ring (or a URING_CQE_F_32 CQE). */
static inline uint64_t *uring_cqe_big(struct uring_cqe *cqe) {
  return (URING_PTR_CAST(struct uring_cqe32 *, URING_PTR_CAST(void *, cqe)))->big_cqe;
}

/* Iteration over a batch: the tail is loaded once, the head stored once.
 *
 *   struct uring_cq_iter it;
 *   struct uring_cqe *cqe;
 *   do {
 *     uring_for_each_cqe(&ring, it, cqe) { ... }
 *   } while (uring_cq_iter_end(&ring, &it) > 0);
 */
static inline struct uring_cq_iter uring_cq_iter_begin(struct uring *ring) {
  const struct uring_cq *cq = &ring->cq;
  struct uring_cq_iter it;
  URING_PRIV_EXPECT(ring && ring->sq.kflags, "uring_cq_iter_begin: ring never set up");
  if (__builtin_expect(uring_priv_cq_needs_flush(ring), 0)) uring_priv_iter_flush(ring);
  it.cq = cq;
  it.shift = cq->slot_shift;
  it.bytes = cq->slot_bytes;
  it.head = cq->head;
  /* Pairs with the kernel's release store of the CQ tail. */
  it.tail = uring_load_acquire(cq->ktail);
  it.base = it.cur = URING_PTR_CAST(uintptr_t, cq->cqes) +
                     (URING_CAST(uintptr_t, (it.head & cq->ring_mask)) << it.shift);
  /* A batch that wraps goes on on the careful path, where every CQE_MIXED batch starts. */
  it.stop = uring_priv_cq_run_stop(cq, it.cur, it.tail - it.head, it.shift);
  return it;
}

/* The next CQE of the iteration, or NULL at its end. */
static inline struct uring_cqe *uring_cq_iter_next(struct uring_cq_iter *it) {
  return uring_priv_cq_iter_more(it) ? uring_priv_cq_iter_take(it) : URING_NULL;
}

/* Frees every CQE the iteration handed out with one store of the CQ head. Returns 1 when
 * the kernel holds further completions back (iterate again: the next uring_cq_iter_begin
 * flushes them into the freed slots), 0 when it holds none, and -errno when moving them
 * failed: uring_cq_iter_begin's enter failed, and so did a second try here (for example
 * -EEXIST from a thread other than a DEFER_TASKRUN ring's own, or -EINTR). The CQEs the
 * iteration handed out are freed either way. Loop with `> 0`, as above: a loop on any
 * nonzero result would spin on an error that persists. */
static inline int uring_cq_iter_end(struct uring *ring, const struct uring_cq_iter *it) {
  uint32_t head = uring_priv_cq_iter_head(it);
  uring_priv_cq_set_head(&ring->cq, head);
  /* Pairs with the kernel's acquire load of the CQ head before it reuses a slot. */
  uring_store_release(ring->cq.khead, head);
  if (__builtin_expect(uring_priv_cq_needs_flush(ring), 0)) return uring_priv_iter_end_flagged(ring);
  return 0;
}

/* A for loop over the CQEs ready now: `it` is a struct uring_cq_iter, `cqe` a struct
 * uring_cqe pointer set to each CQE in turn; uring_cq_iter_end(ring, &it) frees them all
 * with one store of the CQ head (the pattern above). The loop tests the iterator's
 * position against its stop, not a returned pointer against NULL: one compare per CQE.
 * Inside the loop, before uring_cq_iter_end: the submitter's calls are fine (uring_get_sqe,
 * the prep helpers, uring_submit, and uring_submit_and_wait, whose wait counts the CQEs
 * the loop has not freed yet: an echo server answers each CQE as it goes), and so are uring_buf_ring_add and uring_buf_ring_advance; CQEs that arrive
 * meanwhile come with the next iteration, and the slots being iterated stay the loop's,
 * since the kernel reuses a slot only after uring_cq_iter_end stores the head. What
 * moves the CQ head must wait until after uring_cq_iter_end: uring_cqe_seen,
 * uring_cq_advance, uring_buf_ring_cq_advance (use uring_buf_ring_advance inside the loop
 * and count the CQEs), peeks, waits and the batch copies. */
#define uring_for_each_cqe(ring, it, cqe) \
  for ((it) = uring_cq_iter_begin(ring);  \
       uring_priv_cq_iter_more(&(it)) && ((cqe) = uring_priv_cq_iter_take(&(it)), 1);)

/* liburing's CQE iterator (io_uring_cqe_iter_init and io_uring_cqe_iter_next, liburing
 * 2.10), for code written to it:
 *
 *   struct uring_cqe_iter it = uring_cqe_iter_init(&ring);
 *   struct uring_cqe *cqe;
 *   unsigned slots = 0;
 *   while (uring_cqe_iter_next(&it, &cqe)) {
 *     slots += uring_cqe_nr(cqe);
 *     if (cqe->flags & URING_CQE_F_SKIP) continue;   (CQE_MIXED rings' filler entries)
 *     ...
 *   }
 *   uring_cq_advance(&ring, slots);
 *
 * As liburing's, it hands out what the CQ held between the head and the tail loaded once
 * by uring_cqe_iter_init, and does nothing else: it enters no kernel (completions held on
 * the overflow list stay there until a peek, a wait or uring_get_events: see
 * uring_cq_has_overflow), moves no head (the caller frees the slots), and in CQE_MIXED
 * rings hands out the filler entries too, which take a slot and carry URING_CQE_F_SKIP.
 * uring_for_each_cqe does all three itself, with one compare per CQE where this pair takes
 * a few more. A 32-byte CQE steps two slots only in CQE_MIXED rings (uring_cqe_nr reads
 * the flag alone). Its fields are private. */
struct uring_cqe_iter {
  const struct uring_cq *cq;
  uint32_t head; /* the next slot to hand out */
  uint32_t tail; /* the CQ tail loaded by uring_cqe_iter_init */
};

/* Starts an iteration at the CQ head. Precondition: the ring was set up (checked in the
 * sanitizer builds); on a torn-down ring the iteration is empty. */
static inline struct uring_cqe_iter uring_cqe_iter_init(const struct uring *ring) {
  struct uring_cqe_iter it;
  URING_PRIV_EXPECT(ring && ring->cq.ktail, "uring_cqe_iter_init: ring never set up");
  it.cq = &ring->cq;
  it.head = ring->cq.head;
  /* Pairs with the kernel's release store of the CQ tail, made after it wrote the CQEs. */
  it.tail = uring_load_acquire(ring->cq.ktail);
  /* More than the CQ holds: ring memory overwritten, or the head advanced past the tail.
   * Hand out nothing rather than stale slots. */
  if (it.tail - it.head > ring->cq.ring_entries) it.tail = it.head;
  return it;
}

/* Sets *cqe to the next CQE and returns 1, or returns 0 (and leaves *cqe alone) at the
 * tail uring_cqe_iter_init loaded. */
static inline int uring_cqe_iter_next(struct uring_cqe_iter *iter, struct uring_cqe **cqe) {
  struct uring_cqe *c;
  /* Signed: a 32-byte entry's second slot can never lie past the tail the kernel
   * published, but overwritten ring memory could say so, and the iteration must end. */
  if (URING_CAST(int32_t, iter->tail - iter->head) <= 0) return 0;
  c = uring_priv_cqe_at(iter->cq, iter->head);
  iter->head += uring_priv_cqe_slots(iter->cq, c);
  *cqe = c;
  return 1;
}

/* Copies up to `max` CQEs (16 bytes each) into out[], frees their slots with one store of
 * the CQ head, and returns how many it copied. Flushes held-back completions first. For
 * rings with 32-byte CQEs use uring_copy_cqes32. The result is a count only, so a failed
 * flush is not reported here (it copies what the CQ held, perhaps nothing, and the
 * held-back completions wait for the next call); a caller that must see the enter's error
 * uses the iterator, whose uring_cq_iter_end returns it, or uring_peek_cqe. */
static inline unsigned uring_copy_cqes(struct uring *ring, struct uring_cqe *out,
                                       unsigned max) {
  struct uring_cq_iter it;
  URING_PRIV_EXPECT(out != URING_NULL || !max, "uring_copy_cqes: NULL out");
  it = uring_cq_iter_begin(ring);
  struct uring_cqe *cqe;
  unsigned n = 0;
  while (n < max && (cqe = uring_cq_iter_next(&it)) != URING_NULL) out[n++] = *cqe;
  (void)uring_cq_iter_end(ring, &it);
  return n;
}

/* uring_copy_cqes for CQE32 and CQE_MIXED rings: a 16-byte CQE of a mixed ring is copied
 * with big_cqe zeroed. */
unsigned uring_copy_cqes32(struct uring *ring, struct uring_cqe32 *out, unsigned max);

/* Pointers to up to `count` ready CQEs, without freeing them: the caller frees them with
 * uring_cq_advance(ring, n) (not for CQE_MIXED rings, where slots and CQEs differ: use the
 * iterator there, which returns 0 here). When none are ready and the kernel holds
 * completions back it flushes them first; as liburing's io_uring_peek_batch_cqe, which
 * returns a count only, a failed flush gives 0, as an empty CQ does. */
unsigned uring_peek_batch_cqe(struct uring *ring, struct uring_cqe **cqes, unsigned count);

/* Waiting. Every wait below keeps one contract:
 *   - It returns success once wait_nr CQ slots are filled (at least one real CQE; wait_nr
 *     0 counts as 1, and more than the CQ holds as the CQ size), with *cqe_ptr the first.
 *     A TIMEOUT request completing does not end it: the kernel wakes every waiter when one
 *     does, and the wait goes on for what is still missing.
 *   - With a time limit `ts` (relative, from the call), the deadline is fixed when the call
 *     starts, however often the kernel is entered. When it passes, the CQEs that arrived
 *     are the result: success with *cqe_ptr the first of them, even if fewer than wait_nr
 *     (compare uring_cq_ready with wait_nr); -ETIME only when none arrived.
 *   - A signal that interrupts the wait returns -EINTR at once, not retried, with *cqe_ptr
 *     the first CQE if any are there. The kernel reports such a signal as success when
 *     the CQ is not empty; the library tells it from a TIMEOUT's wake-up by the CQEs that
 *     arrived: an expiring TIMEOUT posts res -ETIME. An early end that leaves the CQ empty
 *     is never a signal (the kernel reports one as -EINTR then) and the wait goes on: 5.10
 *     with SQPOLL ends waits on CQEs it has not published yet. Three cases stay
 *     ambiguous: a signal that arrives in the same kernel wait as a CQE with res -ETIME is
 *     taken for a TIMEOUT's wake-up (the wait goes on); a TIMEOUT that completes by its
 *     count (res 0) ends the wait with -EINTR, as a signal would (wait again); and the
 *     same early end on unpublished CQEs while some CQEs are already there (not seen in
 *     the tests, but 5.10's SQPOLL allows it) looks like a signal too: -EINTR.
 *   - -EPROTO only when the ring words contradict the library (the CQ head changed
 *     behind its back, or more CQEs than the CQ holds): the ring's memory was overwritten.
 *   - -EBADF on a torn-down ring, -EFAULT for a NULL ring or cqe_ptr, and whatever the
 *     kernel's enter returns (-EINVAL for a bad ts or sigmask, ...).
 *   - The calls that submit return the number of SQEs submitted instead of 0, and, once
 *     any went in, that count instead of -ETIME or -EINTR: the SQEs are in the kernel's
 *     hands either way, and *cqe_ptr (NULL when nothing arrived) and uring_cq_ready tell
 *     how the wait ended.
 * The results match liburing's same-named calls except in two places, on purpose:
 * liburing returns after the first early end of the kernel's wait, with fewer than
 * wait_nr CQEs (a TIMEOUT's completion, or a signal while CQEs are there), where uring
 * waits on after a TIMEOUT and returns -EINTR for a signal (README, porting notes).
 * uring_submit_and_wait (sq.h) is not one of these: it enters the kernel once. */

/* Waits for wait_nr CQEs, without a time limit. 0, or -errno as above. */
int uring_wait_cqe_nr(struct uring *ring, struct uring_cqe **cqe_ptr, unsigned wait_nr);

/* Waits for one CQE: returns at once when one is there. Precondition (checked in the
 * sanitizer builds): ring and cqe_ptr are not NULL. */
static inline int uring_wait_cqe(struct uring *ring, struct uring_cqe **cqe_ptr) {
  struct uring_cqe *cqe;
  int ret;
  URING_PRIV_EXPECT(ring && cqe_ptr, "uring_wait_cqe: NULL ring or cqe_ptr");
  cqe = uring_priv_cq_head_cqe(&ring->cq);
  if (__builtin_expect(cqe != URING_NULL, 1)) {
    *cqe_ptr = cqe;
    return 0;
  }
  /* Through a local, as in uring_priv_peek_slow_local. */
  ret = uring_wait_cqe_nr(ring, &cqe, 1);
  *cqe_ptr = cqe;
  return ret;
}

/* Waits for wait_nr CQEs with a time limit `ts` (NULL: none) and a signal mask held during
 * the wait (NULL: unchanged; a kernel sigset, 8 bytes, e.g. &sigset_t). 0, or -errno as
 * above. A time limit needs 5.11 (URING_FEAT_EXT_ARG): -EOPNOTSUPP before; a signal mask
 * alone works on every kernel. Submits nothing. */
int uring_wait_cqes(struct uring *ring, struct uring_cqe **cqe_ptr, unsigned wait_nr,
                    const struct uring_timespec *ts, const void *sigmask);

/* Waits for one CQE for at most `ts` (relative, counted from the call; NULL waits without
 * limit): 0 with *cqe_ptr the CQE (not consumed: uring_cqe_seen it), -ETIME when none
 * came in time, -EINTR when a signal interrupted the wait, -EOPNOTSUPP on kernels before
 * 5.11 (URING_FEAT_EXT_ARG), -EBADF on a torn-down ring. Submits nothing; flushes
 * held-back completions. Returns at once when a CQE is already there. The contract above
 * in full; uring_wait_cqes with wait_nr 1 and no signal mask. */
int uring_wait_cqe_timeout(struct uring *ring, struct uring_cqe **cqe_ptr,
                           const struct uring_timespec *ts);

/* Submits, then waits as uring_wait_cqes does. Returns the number submitted (>= 0), or
 * -errno when nothing was submitted (see above). */
int uring_submit_and_wait_timeout(struct uring *ring, struct uring_cqe **cqe_ptr,
                                  unsigned wait_nr, const struct uring_timespec *ts,
                                  const void *sigmask);

/* As uring_submit_and_wait_timeout, and the kernel waits at least min_wait_usec for
 * wait_nr CQEs; after that, any CQE ends the wait with success (batching, 6.12,
 * URING_FEAT_MIN_TIMEOUT; -EINVAL on kernels without it). */
int uring_submit_and_wait_min_timeout(struct uring *ring, struct uring_cqe **cqe_ptr,
                                      unsigned wait_nr, const struct uring_timespec *ts,
                                      unsigned min_wait_usec, const void *sigmask);

/* uring_wait_cqes with min-timeout batching (liburing's io_uring_wait_cqes_min_timeout):
 * the kernel waits at least min_wait_usec for wait_nr CQEs, and after that any CQE ends
 * the wait with success (URING_FEAT_MIN_TIMEOUT, 6.12). The contract above otherwise, the
 * time limit `ts` (NULL: none) counted from the call. On kernels without MIN_TIMEOUT the
 * minimum is dropped and this is uring_wait_cqes, as liburing does there (unlike
 * uring_submit_and_wait_min_timeout, which refuses them with -EINVAL, as liburing's does).
 * Needs 5.11 (URING_FEAT_EXT_ARG): -EOPNOTSUPP before, as every uring wait with a time
 * limit (liburing's gives the kernel's -EINVAL there). Submits nothing. */
int uring_wait_cqes_min_timeout(struct uring *ring, struct uring_cqe **cqe_ptr,
                                unsigned wait_nr, const struct uring_timespec *ts,
                                unsigned min_wait_usec, const void *sigmask);

/* Submits, then waits with the wait argument registered at index reg_index of the ring's
 * wait region (liburing's io_uring_submit_and_wait_reg; URING_ENTER_EXT_ARG_REG, 6.13):
 * the kernel reads the struct uring_reg_wait at byte offset reg_index * 64 of the region
 * (its time limit with URING_REG_WAIT_TS, relative unless URING_ENTER_ABS_TIMER, its
 * min_wait_usec and its signal mask) instead of copying an argument in on every enter.
 * The region is registered once with uring_register_region (register.h) and
 * URING_MEM_REGION_REG_WAIT_ARG while the ring is still URING_SETUP_R_DISABLED, then
 * uring_enable_rings; fill its entries before the waits that name them.
 *
 * One enter, as uring_submit_and_wait: the wait ends when the kernel's does (wait_nr CQEs,
 * the entry's time limit, a signal, a TIMEOUT request completing). The library does not
 * read the region, so it cannot keep a deadline across enters or tell a signal from the
 * time limit, and leaves that to the caller (*cqe_ptr and uring_cq_ready say what
 * arrived). Returns the number submitted once any SQE went in; else 0 when a CQE is there
 * (*cqe_ptr the first; wait_nr 0 counts as 1), or the kernel's -errno: -ETIME (the time
 * ran out, nothing arrived), -EINTR, -EFAULT for an index outside the region (or no
 * region), -EINVAL on kernels before 6.13 and for a bad entry; -EINVAL without
 * URING_FEAT_EXT_ARG (5.11), as liburing; -EBADF on a torn-down ring; -EFAULT for NULL.
 * (liburing returns 0 rather than the count when a CQE was there before the enter.) */
int uring_submit_and_wait_reg(struct uring *ring, struct uring_cqe **cqe_ptr,
                              unsigned wait_nr, int reg_index);

/* Turns eventfd notifications for this ring on or off (URING_CQ_EVENTFD_DISABLED, 5.8).
 * 0, or -EOPNOTSUPP on kernels without the CQ flags word. */
int uring_cq_eventfd_toggle(struct uring *ring, int enabled);

/* Nonzero when eventfd notifications are on (the default). */
int uring_cq_eventfd_enabled(const struct uring *ring);

#ifdef __cplusplus
}
#endif

#endif /* URING_RING_CQ_H */
