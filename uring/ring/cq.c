/* The out-of-line parts of completion: flushing, waiting, batch helpers. */
#include <stddef.h>
#include <stdint.h>

#include "uring/sys/errcodes.h"
#include "uring/ring/cq.h"
#include "uring/sys/barrier.h"

/* The CQE at the head, or NULL; in CQE_MIXED rings the first that is not a filler (those
 * are freed on the way). It starts the peek run (cq_internal.h): the whole run where the ring has
 * runs, else that CQE alone, so that a peek repeated before uring_cqe_seen returns it
 * again without a system call and uring_cqe_seen steps past it. */
static struct uring_cqe *first_cqe(struct uring *ring) {
  struct uring_cq *cq = &ring->cq;
  uint32_t tail;
  if (!cq->cqes) return (struct uring_cqe *)0;
  tail = uring_load_acquire(cq->ktail);
  if (tail - cq->head > cq->ring_entries && uring_read_once(cq->khead) == cq->head) {
    /* The head was advanced past the tail (uring_cq_advance beyond what was ready): the
     * slots up to the tail were consumed, the rest of the advance is undone. */
    uring_priv_cq_set_head(cq, tail);
    uring_store_release(cq->khead, tail);
  }
  if (!cq->mixed) return uring_priv_cq_refill(cq);
  while (cq->head != tail) {
    struct uring_cqe *cqe = uring_priv_cqe_at(cq, cq->head);
    if (!(cqe->flags & URING_CQE_F_SKIP)) {
      uring_priv_cq_start_run(cq, (uintptr_t)cqe,
                              (uintptr_t)cqe + uring_priv_cqe_slots(cq, cqe) * cq->slot_bytes);
      return cqe;
    }
    uring_cq_advance(ring, 1);
  }
  return NULL;
}

static int needs_enter(const struct uring *ring) {
  return (ring->flags & URING_SETUP_IOPOLL) || uring_priv_cq_needs_flush(ring);
}

int uring_priv_flush_cq(struct uring *ring) {
  int ret;
  if (!uring_priv_set_up(ring)) return -URING_EBADF;
  ret = uring_enter(ring, 0, 0, URING_ENTER_GETEVENTS, (const void *)0, 0);
  return ret < 0 ? ret : 0;
}

int uring_get_events(struct uring *ring) {
  if (!ring) return -URING_EFAULT;
  return uring_priv_flush_cq(ring);
}

void uring_priv_iter_flush(struct uring *ring) { ring->cq.flush_err = uring_priv_flush_cq(ring); }

int uring_priv_iter_end_flagged(struct uring *ring) {
  /* The kernel still holds completions back. When uring_cq_iter_begin could not move them,
   * try once more before reporting: its error may have passed (or be from an earlier
   * iteration whose end found nothing held back). */
  if (ring->cq.flush_err) {
    int ret = uring_priv_flush_cq(ring);
    ring->cq.flush_err = 0;
    if (ret < 0) return ret;
  }
  return 1;
}

int uring_priv_peek_slow(struct uring *ring, struct uring_cqe **cqe_ptr) {
  struct uring_cqe *cqe;
  if (!ring || !cqe_ptr) return -URING_EFAULT;
  /* Never set up, or torn down: nothing there, as in an empty ring. */
  if (!uring_priv_set_up(ring)) {
    *cqe_ptr = (struct uring_cqe *)0;
    return -URING_EAGAIN;
  }
  cqe = first_cqe(ring);
  if (!cqe && needs_enter(ring)) {
    int ret = uring_priv_flush_cq(ring);
    if (ret < 0) {
      *cqe_ptr = NULL;
      return ret;
    }
    cqe = first_cqe(ring);
  }
  *cqe_ptr = cqe;
  return cqe ? 0 : -URING_EAGAIN;
}

/* --- Waiting ---------------------------------------------------------------------------
 *
 * Every wait entry point comes here, to wait_for_cqes. The kernel's wait
 * (io_uring_enter with GETEVENTS and min_complete) can end before min_complete CQEs are in
 * the CQ, and reports it as success in these cases:
 *   - a TIMEOUT request completed (the kernel wakes every waiter when one does);
 *   - a signal arrived while the CQ was not empty (-EINTR becomes 0);
 *   - the wait's time ran out while the CQ was not empty (-ETIME becomes 0);
 *   - a min-timeout batch ended with fewer (6.12, by design).
 * The loop tells these apart by what the enter left in the CQ and by the clock: the first
 * brings the TIMEOUT's own CQE (res -ETIME), so an early end that brought no such CQE was
 * a signal, unless the deadline has passed. */

struct wait_args {
  unsigned nr;                     /* CQ slots to wait for: 1 up to the CQ size */
  int submit;                      /* submit the queued SQEs with the first enter */
  const struct uring_timespec *ts; /* relative time limit from the call, or NULL */
  const void *sigmask;             /* kernel sigset held during the wait, or NULL */
  unsigned min_wait_usec;          /* min-timeout batching (6.12), or 0 */
};

#define NSEC_PER_SEC 1000000000ll

static int read_clock(const struct uring *ring, int64_t *ns) {
  struct uring_timespec t;
  int ret = ring->backend && ring->backend->clock
                ? ring->backend->clock(ring->backend_ctx, &t)
                : uring_sys_clock_gettime(URING_CLOCK_MONOTONIC, &t);
  if (ret < 0) return ret;
  *ns = t.tv_sec * NSEC_PER_SEC + t.tv_nsec;
  return 0;
}

/* now + ts in ns, saturated; a time the kernel refuses (negative, tv_nsec out of range) is
 * passed to it unchanged by the first enter, which fails with -EINVAL. */
static int64_t deadline_after(int64_t now, const struct uring_timespec *ts) {
  const int64_t max = 0x7fffffffffffffffll;
  int64_t rel;
  if (ts->tv_sec < 0 || ts->tv_nsec < 0) return now;
  if (ts->tv_sec >= max / NSEC_PER_SEC - 1) return max;
  rel = ts->tv_sec * NSEC_PER_SEC + ts->tv_nsec;
  return rel > max - now ? max : now + rel;
}

/* Whether one of the CQ slots [from, tail) holds what an expiring TIMEOUT request posts
 * when it wakes waiters: res -ETIME. (One that completes by its count posts 0, which too
 * many requests post to tell it from them: such a wake-up is taken for a signal, and a
 * signal is never mistaken for it.) */
static int timeout_cqe_among(const struct uring *ring, uint32_t from, uint32_t tail) {
  const struct uring_cq *cq = &ring->cq;
  if (tail - from > cq->ring_entries) from = tail - cq->ring_entries;
  for (; from != tail; from++) {
    const struct uring_cqe *cqe = uring_priv_cqe_at(cq, from);
    if (cqe->res == -URING_ETIME) return 1;
  }
  return 0;
}

/* The ring words agree with the library: only the library writes the CQ head, and the
 * kernel never posts more than the CQ holds. */
static int cq_consistent(const struct uring *ring) {
  const struct uring_cq *cq = &ring->cq;
  return uring_read_once(cq->khead) == cq->head &&
         uring_load_acquire(cq->ktail) - cq->head <= cq->ring_entries;
}

static int wait_for_cqes(struct uring *ring, struct uring_cqe **cqe_ptr,
                         const struct wait_args *w) {
  struct uring_getevents_arg ext;
  struct uring_timespec left;
  const void *arg = (const void *)0;
  size_t argsz = 0;
  unsigned flags = URING_ENTER_GETEVENTS, nr = w->nr ? w->nr : 1;
  int64_t deadline = 0, now;
  int submitted = 0, entered = 0, ret;
  uint32_t tail_before = 0;

  if (!ring || !cqe_ptr) return -URING_EFAULT;
  *cqe_ptr = (struct uring_cqe *)0;
  /* A torn-down ring (uring_exit) has no fd and nothing to wait for. */
  if (ring->enter_fd < 0 || !uring_priv_set_up(ring)) return -URING_EBADF;
  if (w->min_wait_usec && !(ring->features & URING_FEAT_MIN_TIMEOUT)) return -URING_EINVAL;
  /* The kernel caps min_complete at the CQ size; a larger count could never be reached. */
  if (nr > ring->cq.ring_entries) nr = ring->cq.ring_entries;

  if (w->ts || w->min_wait_usec) {
    if (!(ring->features & URING_FEAT_EXT_ARG)) return -URING_EOPNOTSUPP;
    ext.sigmask = (uint64_t)(uintptr_t)w->sigmask;
    ext.sigmask_sz = w->sigmask ? 8u : 0u; /* _NSIG / 8: the kernel's sigset */
    ext.min_wait_usec = w->min_wait_usec;
    ext.ts = (uint64_t)(uintptr_t)w->ts;
    arg = &ext;
    argsz = sizeof ext;
    flags |= URING_ENTER_EXT_ARG;
  } else if (w->sigmask) {
    /* A signal mask alone is io_uring_enter's original argument (5.1). */
    arg = w->sigmask;
    argsz = 8;
  }

  for (;;) {
    struct uring_cqe *cqe = first_cqe(ring);
    uint32_t tail = uring_load_acquire(ring->cq.ktail);
    if (cqe && tail - ring->cq.head >= nr) {
      *cqe_ptr = cqe;
      return submitted;
    }
    if (entered) {
      /* The last enter returned without an error, short of nr. */
      if (w->min_wait_usec && cqe) {
        *cqe_ptr = cqe;
        return submitted;
      }
      if (w->ts) {
        ret = read_clock(ring, &now);
        if (ret < 0) return submitted ? submitted : ret;
        if (now >= deadline) {
          /* The time is up: what arrived is the result, as when the kernel says so. */
          *cqe_ptr = cqe;
          return cqe || submitted ? submitted : -URING_ETIME;
        }
      }
      /* The kernel turns a signal into success only when the CQ is not empty: with an
       * empty CQ the early end was the kernel's own count running ahead of the tail it
       * publishes (seen on 5.10 with SQPOLL, whose thread posts while this one waits),
       * and the CQE shows on a later look. Empty means first_cqe found nothing: the tail
       * loaded after it may already show a CQE published since (measured on 5.10 with
       * another thread submitting), which the kernel did not see when it returned. */
      if (!(ring->flags & URING_SETUP_IOPOLL) && !uring_priv_cq_needs_flush(ring) && cqe &&
          !timeout_cqe_among(ring, tail_before, tail)) {
        if (!cq_consistent(ring)) return -URING_EPROTO;
        /* No TIMEOUT woke the wait and its time is not up: a signal ended it (the kernel
         * reports -EINTR as 0 when the CQ is not empty). Not retried. The submit count,
         * when there is one, is the result: those SQEs are in the kernel's hands. */
        *cqe_ptr = cqe;
        return submitted ? submitted : -URING_EINTR;
      }
      /* A TIMEOUT request ended the kernel's wait (or IOPOLL polled once, or the kernel
       * holds completions back that the next enter flushes, or counted a CQE it has not
       * published yet): wait for the rest. */
      if (w->ts) {
        int64_t rem = deadline - now;
        left.tv_sec = rem / NSEC_PER_SEC;
        left.tv_nsec = rem % NSEC_PER_SEC;
        ext.ts = (uint64_t)(uintptr_t)&left;
      }
    } else if (w->ts) {
      /* The deadline is fixed here, once: later enters wait for what is left of it. */
      ret = read_clock(ring, &now);
      if (ret < 0) return ret;
      deadline = deadline_after(now, w->ts);
    }

    tail_before = tail;
    if (!entered && w->submit) {
      ret = uring_priv_submit_special(ring, nr, flags & ~URING_ENTER_GETEVENTS, arg, argsz);
      if (ret >= 0) submitted = ret;
    } else {
      ret = uring_enter(ring, 0, nr, flags, arg, argsz);
    }
    entered = 1;
    if (ret < 0) {
      *cqe_ptr = first_cqe(ring);
      /* -ETIME: the time ran out with the CQ empty (a CQE may have landed since). */
      if (ret == -URING_ETIME && *cqe_ptr) return submitted;
      return submitted ? submitted : ret;
    }
  }
}

int uring_wait_cqe_nr(struct uring *ring, struct uring_cqe **cqe_ptr, unsigned wait_nr) {
  struct wait_args w = {wait_nr, 0, (const struct uring_timespec *)0, (const void *)0, 0};
  return wait_for_cqes(ring, cqe_ptr, &w);
}

int uring_wait_cqes(struct uring *ring, struct uring_cqe **cqe_ptr, unsigned wait_nr,
                    const struct uring_timespec *ts, const void *sigmask) {
  struct wait_args w = {wait_nr, 0, ts, sigmask, 0};
  return wait_for_cqes(ring, cqe_ptr, &w);
}

int uring_wait_cqe_timeout(struct uring *ring, struct uring_cqe **cqe_ptr,
                           const struct uring_timespec *ts) {
  struct wait_args w = {1, 0, ts, (const void *)0, 0};
  return wait_for_cqes(ring, cqe_ptr, &w);
}

int uring_submit_and_wait_timeout(struct uring *ring, struct uring_cqe **cqe_ptr,
                                  unsigned wait_nr, const struct uring_timespec *ts,
                                  const void *sigmask) {
  struct wait_args w = {wait_nr, 1, ts, sigmask, 0};
  return wait_for_cqes(ring, cqe_ptr, &w);
}

int uring_wait_cqes_min_timeout(struct uring *ring, struct uring_cqe **cqe_ptr,
                                unsigned wait_nr, const struct uring_timespec *ts,
                                unsigned min_wait_usec, const void *sigmask) {
  struct wait_args w = {wait_nr, 0, ts, sigmask, min_wait_usec};
  if (!ring || !cqe_ptr) return -URING_EFAULT;
  /* liburing drops the minimum where the kernel lacks it, and still waits. */
  if (!(ring->features & URING_FEAT_MIN_TIMEOUT)) w.min_wait_usec = 0;
  /* Always the extended argument, as liburing's: its absence is an error, not a fallback
   * to a plain wait. */
  if (uring_priv_set_up(ring) && !(ring->features & URING_FEAT_EXT_ARG)) {
    *cqe_ptr = (struct uring_cqe *)0;
    return -URING_EOPNOTSUPP;
  }
  return wait_for_cqes(ring, cqe_ptr, &w);
}

int uring_submit_and_wait_reg(struct uring *ring, struct uring_cqe **cqe_ptr,
                              unsigned wait_nr, int reg_index) {
  /* A byte offset into the region, as the kernel takes it; a negative index wraps to an
   * offset the kernel refuses (-EFAULT), as liburing's arithmetic does. */
  uintptr_t offset = (uintptr_t)(intptr_t)reg_index * (uintptr_t)sizeof(struct uring_reg_wait);
  unsigned nr = wait_nr ? wait_nr : 1;
  int ret;
  if (!ring || !cqe_ptr) return -URING_EFAULT;
  *cqe_ptr = (struct uring_cqe *)0;
  if (ring->enter_fd < 0 || !uring_priv_set_up(ring)) return -URING_EBADF;
  if (!(ring->features & URING_FEAT_EXT_ARG)) return -URING_EINVAL;
  if (nr > ring->cq.ring_entries) nr = ring->cq.ring_entries;
  ret = uring_priv_submit_special(ring, nr, URING_ENTER_EXT_ARG | URING_ENTER_EXT_ARG_REG,
                                  (const void *)offset, sizeof(struct uring_reg_wait));
  *cqe_ptr = first_cqe(ring);
  /* The kernel reports a wait whose time ran out with the CQ empty as -ETIME; a CQE may
   * have landed since. */
  if (ret == -URING_ETIME && *cqe_ptr) return 0;
  return ret;
}

int uring_submit_and_wait_min_timeout(struct uring *ring, struct uring_cqe **cqe_ptr,
                                      unsigned wait_nr, const struct uring_timespec *ts,
                                      unsigned min_wait_usec, const void *sigmask) {
  struct wait_args w = {wait_nr, 1, ts, sigmask, min_wait_usec};
  return wait_for_cqes(ring, cqe_ptr, &w);
}

unsigned uring_copy_cqes32(struct uring *ring, struct uring_cqe32 *out, unsigned max) {
  struct uring_cq_iter it;
  struct uring_cqe *cqe;
  unsigned n = 0;
  int big_ring;
  if (!ring || !out || !uring_priv_set_up(ring)) return 0;
  it = uring_cq_iter_begin(ring);
  big_ring = ring->cq.cqe_shift != 0;
  while (n < max && (cqe = uring_cq_iter_next(&it)) != NULL) {
    struct uring_cqe32 *o = &out[n++];
    o->user_data = cqe->user_data;
    o->res = cqe->res;
    o->flags = cqe->flags;
    if (big_ring || (cqe->flags & URING_CQE_F_32)) {
      const uint64_t *big = uring_cqe_big(cqe);
      o->big_cqe[0] = big[0];
      o->big_cqe[1] = big[1];
    } else {
      o->big_cqe[0] = o->big_cqe[1] = 0;
    }
  }
  (void)uring_cq_iter_end(ring, &it);
  return n;
}

unsigned uring_peek_batch_cqe(struct uring *ring, struct uring_cqe **cqes, unsigned count) {
  struct uring_cq *cq;
  unsigned ready, n;
  if (!ring || !cqes || !uring_priv_set_up(ring)) return 0;
  cq = &ring->cq;
  if (cq->mixed) return 0;
  ready = uring_cq_ready(ring);
  if (!ready && uring_priv_cq_needs_flush(ring)) {
    (void)uring_priv_flush_cq(ring);
    ready = uring_cq_ready(ring);
  }
  n = ready < count ? ready : count;
  for (unsigned i = 0; i < n; i++) cqes[i] = uring_priv_cqe_at(cq, cq->head + i);
  return n;
}

int uring_cq_eventfd_toggle(struct uring *ring, int enabled) {
  uint32_t *kf, v;
  if (!ring) return -URING_EFAULT;
  /* A torn-down ring's flags word is a placeholder shared with others: leave it alone. */
  if (!uring_priv_set_up(ring)) return -URING_EBADF;
  kf = ring->cq.kflags;
  if (!kf) return -URING_EOPNOTSUPP;
  v = uring_read_once(kf);
  v = enabled ? (v & ~URING_CQ_EVENTFD_DISABLED) : (v | URING_CQ_EVENTFD_DISABLED);
  /* The kernel only reads this word when it posts; no ordering with other ring words. */
  uring_write_once(kf, v);
  return 0;
}

int uring_cq_eventfd_enabled(const struct uring *ring) {
  const uint32_t *kf;
  if (!ring || !uring_priv_set_up(ring)) return 0;
  kf = ring->cq.kflags;
  return !kf || !(uring_read_once(kf) & URING_CQ_EVENTFD_DISABLED);
}
