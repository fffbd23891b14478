/* The SQ tail, the CQ head and the runs that follow them: not API. The functions here are
 * the only code that writes those positions, so each run's invariant holds in one place.
 *
 * uring_get_sqe's run (struct uring_sq in ring.h): while sqe_next < sqe_stop, sqe_next is
 * the address of slot sqe_tail, and every slot from it up to sqe_stop is free, with no
 * wrap in between. uring_priv_sq_take steps inside the run, uring_priv_sq_start_run begins
 * one, uring_priv_sq_rerun begins one at the array's start, and uring_priv_sq_set_tail is
 * every other move of the tail: it ends the run, so that the next uring_get_sqe computes a
 * new one. A run that ended at the array's end leaves sqe_next at the array's end, and slot
 * sqe_tail is then slot 0; set_tail clears sqe_next so that this never holds by accident.
 *
 * The peek run (struct uring_cq): while next < stop, next is the address of the CQE at
 * head, and the slots from it up to stop hold CQEs the kernel has posted, with no wrap in
 * between. uring_priv_cq_consume moves the head inside the run (moving the head by n slots
 * moves next by n slots; past stop the next peek refills), uring_priv_cq_start_run begins
 * a run at the head, and uring_priv_cq_set_head is every other move of the head: it ends
 * the run. The CQE iterator works on a local copy of the positions and hands the head back
 * through uring_priv_cq_set_head.
 *
 * Runs are integers, not pointers: a stop of 0 compares below any address. */
#ifndef URING_RING_RUN_H
#define URING_RING_RUN_H

#include <stdint.h>

#include "uring/ring/ring.h"
#include "uring/sys/barrier.h"
#include "uring/sys/cast.h"

#ifdef __cplusplus
extern "C" {
#endif

/* --- The SQ tail's writers ------------------------------------------------------------ */

/* Hands out the run's next slot: the caller checked sqe_next < sqe_stop. */
static inline uintptr_t uring_priv_sq_take(struct uring_sq *sq, uintptr_t sqe) {
  sq->sqe_next = sqe + sq->sqe_bytes;
  sq->sqe_tail++;
  return sqe;
}

/* Hands out slot `tail` at address `sqe`, the first of a run of `run` free slots. */
static inline void uring_priv_sq_start_run(struct uring_sq *sq, uint32_t tail, uintptr_t sqe,
                                           uint32_t run) {
  sq->sqe_next = sqe + sq->sqe_bytes;
  sq->sqe_stop = sqe + (URING_CAST(uintptr_t, run) << sq->slot_shift);
  sq->sqe_tail = tail + 1;
}

/* At the run's end, the common case of the out-of-line refill inline: when the run
 * ended at the array's end (`sqe`, the old sqe_next, is the array's end, so the tail's slot
 * is slot 0) and the kernel has consumed every SQE handed out (its head is the tail), the
 * whole array is free and the next run is all of it. Returns 0 when it is not so, or the
 * ring is not set up, and the refill decides. On a small ring the run ends at the array's
 * end every few SQEs (a 1-entry ring's run is one slot): this keeps those SQEs inline.
 * sqe_end_1 is the end plus one so that one compare also turns away a ring that is not set
 * up: there it is 0, which no sqe_next + 1 equals (sqe_next is 0 there too). */
static inline int uring_priv_sq_rerun(struct uring_sq *sq, uintptr_t sqe) {
  if (sqe + 1 != sq->sqe_end_1) return 0;
  /* Pairs with the kernel's release store of the head after it read the SQEs. The tail is
   * read once, here: a plain read gcc hoists above uring_get_sqe's run test, and then
   * keeps the tail in a register on the path that only increments it (two instructions
   * more per SQE). */
  if (uring_load_acquire(sq->khead) != uring_read_once(&sq->sqe_tail)) return 0;
  sq->sqe_next = URING_PTR_CAST(uintptr_t, sq->sqes);
  sq->sqe_stop = sqe;
  return 1;
}

/* Moves the tail any other way (setup, teardown, 128-byte entries, SQ_REWIND), ending the
 * run. */
static inline void uring_priv_sq_set_tail(struct uring_sq *sq, uint32_t tail) {
  sq->sqe_tail = tail;
  sq->sqe_next = 0;
  sq->sqe_stop = 0;
}

/* --- The CQ head's writers ------------------------------------------------------------ */

/* Frees nr slots from the head; the caller stores the head to the kernel. */
static inline void uring_priv_cq_consume(struct uring_cq *cq, unsigned nr) {
  cq->head += nr;
  cq->next += URING_CAST(uintptr_t, nr) * cq->slot_bytes;
}

/* Starts a run at the head: `next` is the head's CQE, `stop` where the run ends. */
static inline void uring_priv_cq_start_run(struct uring_cq *cq, uintptr_t next, uintptr_t stop) {
  cq->next = next;
  cq->stop = stop;
}

/* Moves the head any other way (setup, teardown, the iterator's end, a head put back to
 * the tail), ending the run. */
static inline void uring_priv_cq_set_head(struct uring_cq *cq, uint32_t head) {
  cq->head = head;
  cq->stop = 0;
}

#ifdef __cplusplus
}
#endif

#endif /* URING_RING_RUN_H */
