/* The out-of-line parts of submission: SQPOLL, SQ_REWIND, extended-argument enters. */
#include <stddef.h>
#include <stdint.h>

#include "uring/sys/errcodes.h"
#include "uring/ring/sq.h"
#include "uring/sys/barrier.h"

static int submit_sqpoll(struct uring *ring, unsigned wait_nr, unsigned flags, const void *arg,
                         size_t argsz) {
  struct uring_sq *sq = &ring->sq;
  uint32_t tail = sq->sqe_tail;
  unsigned published = tail - sq->sqe_head;
  uint32_t kflags;

  URING_PRIV_ASAN_CHECK(ring);
  sq->sqe_head = tail;
  /* Pairs with the SQ thread's acquire load of the tail. */
  uring_store_release(sq->ktail, tail);
  /* Store-load ordering: the tail store must be visible before NEED_WAKEUP is read. The
   * SQ thread sets NEED_WAKEUP, issues a full barrier, then re-checks the tail before it
   * sleeps; with this fence one of the two sides always sees the other's write, so a
   * published SQE is never left behind a sleeping thread. */
  uring_fence();
  kflags = uring_read_once(sq->kflags);
  if (kflags & URING_SQ_NEED_WAKEUP) flags |= URING_ENTER_SQ_WAKEUP;
  flags |= uring_priv_getevents_at(ring, wait_nr, &kflags);
  if (flags & (URING_ENTER_SQ_WAKEUP | URING_ENTER_GETEVENTS)) {
    int ret = uring_enter(ring, published, wait_nr, flags, arg, argsz);
    if (ret < 0) return ret;
  }
  return (int)published;
}

/* SQ_REWIND (7.0): the kernel ignores head and tail and takes `to_submit` SQEs starting at
 * slot 0 on every enter. The library hands out slots from 0 again after each submit. */
static int submit_rewind(struct uring *ring, unsigned wait_nr, unsigned flags, const void *arg,
                         size_t argsz) {
  struct uring_sq *sq = &ring->sq;
  unsigned filled = sq->sqe_tail - sq->sqe_head;
  int ret;

  flags |= uring_priv_getevents(ring, wait_nr);
  if (!filled && !(flags & URING_ENTER_GETEVENTS)) return 0;
  URING_PRIV_ASAN_CHECK(ring);
  ret = uring_enter(ring, filled, wait_nr, flags, arg, argsz);
  if (ret < 0) return ret;
  if ((unsigned)ret < filled) {
    /* The kernel stopped early (an SQE failed without SUBMIT_ALL): keep the rest by moving
     * them to the front, where the next enter starts. */
    size_t slot = (size_t)64 << sq->sqe_shift;
    unsigned left = filled - (unsigned)ret;
    unsigned char *base = (unsigned char *)sq->sqes;
    for (size_t i = 0; i < (size_t)left * slot; i++) base[i] = base[(size_t)ret * slot + i];
    uring_priv_sq_set_tail(sq, sq->sqe_head + left);
  } else {
    uring_priv_sq_set_tail(sq, sq->sqe_head);
  }
  return ret;
}

struct uring_sqe *uring_priv_get_sqe_refill(struct uring *ring) {
  struct uring_sq *sq = &ring->sq;
  uint32_t tail = sq->sqe_tail, room, idx, run;
  uintptr_t sqe;

  if (!ring) return (struct uring_sqe *)0;
  /* A torn-down or zeroed ring has no SQEs (and a zeroed one no head to load). */
  if (!sq->sqes) return (struct uring_sqe *)0;
  /* Pairs with the kernel's release store of the SQ head, made after it copied the SQEs
   * out: slots before the new head may be reused. */
  room = uring_load_acquire(sq->khead) + sq->ring_entries - tail;
  if (room == 0) return (struct uring_sqe *)0;
  /* A head past the tail is ring memory overwritten; stay inside the array regardless. */
  if (room > sq->ring_entries) room = sq->ring_entries;
  idx = tail & sq->ring_mask;
  run = sq->ring_entries - idx;
  if (run > room) run = room;
  sqe = (uintptr_t)sq->sqes + ((uintptr_t)idx << sq->slot_shift);
  uring_priv_sq_start_run(sq, tail, sqe, run);
  return (struct uring_sqe *)sqe;
}

int uring_priv_submit_special(struct uring *ring, unsigned wait_nr, unsigned flags, const void *arg,
                              size_t argsz) {
  unsigned to_submit;

  /* A ring never set up (zero-filled) or torn down: nothing reaches a kernel. */
  if (!ring) return -URING_EFAULT;
  if (!uring_priv_set_up(ring) || ring->enter_fd < 0) return -URING_EBADF;
  if (ring->flags & URING_SETUP_SQPOLL) return submit_sqpoll(ring, wait_nr, flags, arg, argsz);
  if (ring->flags & URING_SETUP_SQ_REWIND) return submit_rewind(ring, wait_nr, flags, arg, argsz);

  /* The ordinary path, with an extended argument. */
  to_submit = uring_priv_publish(ring);
  flags |= uring_priv_getevents(ring, wait_nr);
  if (!to_submit && !(flags & URING_ENTER_GETEVENTS)) return 0;
  return uring_enter(ring, to_submit, wait_nr, flags, arg, argsz);
}

int uring_submit_and_get_events(struct uring *ring) {
  /* The special path takes extra enter flags: with GETEVENTS among them it enters whether
   * or not anything is queued, SQPOLL's wakeup rule included. */
  return uring_priv_submit_special(ring, 0, URING_ENTER_GETEVENTS, (const void *)0, 0);
}

int uring_sqring_wait(struct uring *ring) {
  if (!ring) return -URING_EFAULT;
  if (!uring_priv_set_up(ring)) return -URING_EBADF;
  if (!(ring->flags & URING_SETUP_SQPOLL)) return -URING_EINVAL;
  /* The kernel's wait ends once the SQ thread has fetched SQEs, which can be before it
   * publishes the new SQ head (measured on 6.18): enter again until the room shows, or
   * uring_get_sqe would still return NULL. */
  while (!uring_sq_space_left(ring)) {
    int ret = uring_enter(ring, 0, 0, URING_ENTER_SQ_WAIT, (const void *)0, 0);
    if (ret < 0) return ret;
  }
  return 0;
}
