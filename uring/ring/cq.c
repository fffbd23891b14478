/* The out-of-line parts of completion: flushing, waiting, batch helpers. */
#include <stddef.h>
#include <stdint.h>

#include "uring/sys/errcodes.h"
#include "uring/ring/cq.h"
#include "uring/sys/barrier.h"

/* The CQE at the head, or NULL; in CQE_MIXED rings the first that is not a filler (those
 * are freed on the way). It starts the peek run (ring.h): the whole run where the ring has
 * runs, else that CQE alone, so that a peek repeated before uring_cqe_seen returns it
 * again without a system call and uring_cqe_seen steps past it. */
static struct uring_cqe *first_cqe(struct uring *ring) {
  struct uring_cq *cq = &ring->cq;
  uint32_t tail;
  if (!cq->mixed) return uring__cq_refill(cq);
  /* Pairs with the kernel's release store of the CQ tail. */
  tail = uring_load_acquire(cq->ktail);
  while (cq->head != tail) {
    struct uring_cqe *cqe = uring__cqe_at(cq, cq->head);
    if (!(cqe->flags & URING_CQE_F_SKIP)) {
      cq->next = (uintptr_t)cqe;
      cq->stop = cq->next + uring__cqe_slots(cq, cqe) * cq->slot_bytes;
      return cqe;
    }
    uring_cq_advance(ring, 1);
  }
  return NULL;
}

static int needs_enter(const struct uring *ring) {
  return (ring->flags & URING_SETUP_IOPOLL) || uring__cq_needs_flush(ring);
}

int uring__flush_cq(struct uring *ring) {
  int ret = uring_enter(ring, 0, 0, URING_ENTER_GETEVENTS, (const void *)0, 0);
  return ret < 0 ? ret : 0;
}

int uring__peek_slow(struct uring *ring, struct uring_cqe **cqe_ptr) {
  struct uring_cqe *cqe = first_cqe(ring);
  if (!cqe && needs_enter(ring)) {
    int ret = uring__flush_cq(ring);
    if (ret < 0) {
      *cqe_ptr = NULL;
      return ret;
    }
    cqe = first_cqe(ring);
  }
  *cqe_ptr = cqe;
  return cqe ? 0 : -URING_EAGAIN;
}

/* Waits until wait_nr CQ slots are filled (at least one real CQE), submitting first when
 * `submit` is set. `arg` is the extended argument, or NULL. Returns the number submitted
 * (0 when not submitting) or -errno; *cqe_ptr is the first CQE or NULL. */
static int get_cqes(struct uring *ring, struct uring_cqe **cqe_ptr, unsigned wait_nr, int submit,
                    const struct uring_getevents_arg *arg) {
  unsigned ext = arg ? URING_ENTER_EXT_ARG : 0;
  size_t argsz = arg ? sizeof(*arg) : 0;
  int submitted = 0;
  unsigned stalls = 0;

  if (!wait_nr) wait_nr = 1;
  /* The kernel caps min_complete at the CQ size; a larger count could never be reached. */
  if (wait_nr > ring->cq.ring_entries && ring->cq.ring_entries) wait_nr = ring->cq.ring_entries;
  for (;;) {
    struct uring_cqe *cqe;
    int ret;

    if (submit) {
      /* One submit-and-wait enter; later rounds only wait. */
      ret = uring__submit_special(ring, wait_nr, ext, arg, argsz);
      submit = 0;
      if (ret < 0) {
        *cqe_ptr = first_cqe(ring);
        return ret;
      }
      submitted = ret;
      /* Under SQPOLL the call above may not have waited; fall through to check. */
    } else {
      cqe = first_cqe(ring);
      if (cqe && uring_cq_ready(ring) >= wait_nr && !uring__cq_needs_flush(ring)) {
        *cqe_ptr = cqe;
        return submitted;
      }
      ret = uring_enter(ring, 0, wait_nr, URING_ENTER_GETEVENTS | ext, arg, argsz);
      if (ret < 0) {
        *cqe_ptr = first_cqe(ring);
        return ret;
      }
    }
    cqe = first_cqe(ring);
    if (cqe && uring_cq_ready(ring) >= wait_nr) {
      *cqe_ptr = cqe;
      return submitted;
    }
    /* A timed wait came back short of wait_nr: its time ran out (the kernel reports that as
     * success when the CQ is not empty, and hides it behind the count when it submitted), or
     * a min-timeout batch ended with fewer, which is success. Entering again would wait
     * another full timeout, forever. IOPOLL ignores the timeout and may return early. */
    if (arg && (arg->ts || arg->min_wait_usec) && !(ring->flags & URING_SETUP_IOPOLL)) {
      *cqe_ptr = cqe;
      if (cqe && arg->min_wait_usec) return submitted;
      return -URING_ETIME;
    }
    /* An untimed wait returns only once the kernel counts wait_nr CQEs in the ring (IOPOLL
     * aside, which polls once per enter). When the library keeps seeing fewer, the two
     * no longer read the same ring words (ring memory was overwritten: only the library
     * writes the CQ head): report it instead of spinning. */
    if (!(ring->flags & URING_SETUP_IOPOLL) && !uring__cq_needs_flush(ring) &&
        (uring_read_once(ring->cq.khead) != ring->cq.head || ++stalls > 16)) {
      *cqe_ptr = cqe;
      return -URING_EPROTO;
    }
  }
}

static int make_arg(const struct uring *ring, struct uring_getevents_arg *arg,
                    const struct uring_timespec *ts, const void *sigmask, unsigned min_wait) {
  /* A torn-down ring has no features either: report it as such (see uring_exit). */
  if (ring->enter_fd < 0) return -URING_EBADF;
  if (!(ring->features & URING_FEAT_EXT_ARG)) return -URING_EOPNOTSUPP;
  arg->sigmask = (uint64_t)(uintptr_t)sigmask;
  arg->sigmask_sz = sigmask ? 8u : 0u; /* _NSIG / 8: the kernel's sigset */
  arg->min_wait_usec = min_wait;
  arg->ts = (uint64_t)(uintptr_t)ts;
  return 0;
}

int uring_wait_cqe_nr(struct uring *ring, struct uring_cqe **cqe_ptr, unsigned wait_nr) {
  int ret = get_cqes(ring, cqe_ptr, wait_nr, 0, NULL);
  return ret < 0 ? ret : 0;
}

int uring_wait_cqes(struct uring *ring, struct uring_cqe **cqe_ptr, unsigned wait_nr,
                    const struct uring_timespec *ts, const void *sigmask) {
  struct uring_getevents_arg arg;
  int ret;
  if (!ts && !sigmask) return uring_wait_cqe_nr(ring, cqe_ptr, wait_nr);
  ret = make_arg(ring, &arg, ts, sigmask, 0);
  if (ret < 0) {
    *cqe_ptr = NULL;
    return ret;
  }
  ret = get_cqes(ring, cqe_ptr, wait_nr, 0, &arg);
  return ret < 0 ? ret : 0;
}

int uring_wait_cqe_timeout(struct uring *ring, struct uring_cqe **cqe_ptr,
                           const struct uring_timespec *ts) {
  return uring_wait_cqes(ring, cqe_ptr, 1, ts, NULL);
}

int uring_submit_and_wait_timeout(struct uring *ring, struct uring_cqe **cqe_ptr,
                                  unsigned wait_nr, const struct uring_timespec *ts,
                                  const void *sigmask) {
  struct uring_getevents_arg arg;
  int ret;
  if (!ts && !sigmask) return get_cqes(ring, cqe_ptr, wait_nr, 1, NULL);
  ret = make_arg(ring, &arg, ts, sigmask, 0);
  if (ret < 0) {
    *cqe_ptr = NULL;
    return ret;
  }
  return get_cqes(ring, cqe_ptr, wait_nr, 1, &arg);
}

int uring_submit_and_wait_min_timeout(struct uring *ring, struct uring_cqe **cqe_ptr,
                                      unsigned wait_nr, const struct uring_timespec *ts,
                                      unsigned min_wait_usec, const void *sigmask) {
  struct uring_getevents_arg arg;
  int ret;
  if (ring->enter_fd < 0) {
    *cqe_ptr = NULL;
    return -URING_EBADF;
  }
  if (min_wait_usec && !(ring->features & URING_FEAT_MIN_TIMEOUT)) {
    *cqe_ptr = NULL;
    return -URING_EINVAL;
  }
  ret = make_arg(ring, &arg, ts, sigmask, min_wait_usec);
  if (ret < 0) {
    *cqe_ptr = NULL;
    return ret;
  }
  return get_cqes(ring, cqe_ptr, wait_nr, 1, &arg);
}

unsigned uring_copy_cqes32(struct uring *ring, struct uring_cqe32 *out, unsigned max) {
  struct uring_cq_iter it = uring_cq_iter_begin(ring);
  struct uring_cqe *cqe;
  unsigned n = 0;
  int big_ring = ring->cq.cqe_shift != 0;
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
  struct uring_cq *cq = &ring->cq;
  unsigned ready, n;
  if (cq->mixed) return 0;
  ready = uring_cq_ready(ring);
  if (!ready && uring__cq_needs_flush(ring)) {
    (void)uring__flush_cq(ring);
    ready = uring_cq_ready(ring);
  }
  n = ready < count ? ready : count;
  for (unsigned i = 0; i < n; i++) cqes[i] = uring__cqe_at(cq, cq->head + i);
  return n;
}

int uring_cq_eventfd_toggle(struct uring *ring, int enabled) {
  uint32_t *kf = ring->cq.kflags, v;
  if (!kf) return -URING_EOPNOTSUPP;
  v = uring_read_once(kf);
  v = enabled ? (v & ~URING_CQ_EVENTFD_DISABLED) : (v | URING_CQ_EVENTFD_DISABLED);
  /* The kernel only reads this word when it posts; no ordering with other ring words. */
  uring_write_once(kf, v);
  return 0;
}

int uring_cq_eventfd_enabled(const struct uring *ring) {
  const uint32_t *kf = ring->cq.kflags;
  return !kf || !(uring_read_once(kf) & URING_CQ_EVENTFD_DISABLED);
}
