/* Completions: posting CQEs, the overflow backlog behind a full CQ, and the GETEVENTS wait. */
#include <stddef.h>
#include <stdint.h>

#include "uring/mock/internal.h"
#include "uring/mock/mock.h"
#include "uring/sys/abi.h"
#include "uring/sys/barrier.h"
#include "uring/sys/errcodes.h"

/* _NSIG / 8: the kernel's sigset size on x86_64, aarch64 and riscv64. */
#define KERNEL_SIGSET_BYTES 8u

static void write_cqe(unsigned char *slot, uint32_t cqe_bytes, uint64_t user_data, int32_t res,
                      uint32_t flags, uint64_t big0, uint64_t big1) {
  struct uring_cqe32 *c = (struct uring_cqe32 *)(void *)slot;
  c->user_data = user_data;
  c->res = res;
  c->flags = flags;
  if (cqe_bytes == sizeof(struct uring_cqe32)) {
    c->big_cqe[0] = big0;
    c->big_cqe[1] = big1;
  }
}

static unsigned char *cq_slot(const struct uring_mock *m, uint32_t tail) {
  return m->cqes + (size_t)(tail & (m->cq_entries - 1)) * m->cqe_bytes;
}

/* The CQ size, or the smaller one uring_mock_set_cq_limit pretends. */
static uint32_t cq_size(const struct uring_mock *m) {
  return m->cq_limit && m->cq_limit < m->cq_entries ? m->cq_limit : m->cq_entries;
}

static int cq_has_room(const struct uring_mock *m) {
  /* Pairs with the library's release store of the CQ head: its reads of the CQEs before
   * the head are done, so those slots may be rewritten. */
  return m->cq_tail - uring_load_acquire(m->cq_khead) < cq_size(m);
}

void uring_mock_priv_set_sq_flag(struct uring_mock *m, uint32_t bit, int on) {
  if (on)
    __atomic_fetch_or(m->sq_kflags, bit, __ATOMIC_RELAXED);
  else
    __atomic_fetch_and(m->sq_kflags, ~bit, __ATOMIC_RELAXED);
}

/* Posts one completion: into the CQ, or behind the backlog (NODROP), or lost. The CQ tail
 * is published by uring_mock_priv_commit_cq. */
int uring_mock_priv_post(struct uring_mock *m, uint64_t user_data, int32_t res, uint32_t flags,
                         uint64_t big0, uint64_t big1) {
  if (!m->backlog_count && cq_has_room(m)) {
    write_cqe(cq_slot(m, m->cq_tail), m->cqe_bytes, user_data, res, flags, big0, big1);
    m->cq_tail++;
    m->stats.cqes_posted++;
    return 0;
  }
  if (!has(m, REL(5, 5))) {
    /* Before URING_FEAT_NODROP (5.5) a completion that finds the CQ full is dropped and
     * only counted in the CQ overflow word. */
    uring_write_once(m->cq_koverflow, uring_read_once(m->cq_koverflow) + 1);
    m->stats.cqes_lost++;
    return -URING_ENOSPC;
  }
  if (m->backlog_count < m->backlog_cap) {
    uint32_t at = m->backlog_head + m->backlog_count;
    if (at >= m->backlog_cap) at -= m->backlog_cap;
    write_cqe(m->backlog + (size_t)at * m->cqe_bytes, m->cqe_bytes, user_data, res, flags, big0,
              big1);
    m->backlog_count++;
    m->stats.cqes_backlogged++;
    uring_mock_priv_set_sq_flag(m, URING_SQ_CQ_OVERFLOW, 1);
    return 0;
  }
  /* A kernel that cannot allocate an overflow entry counts the loss here and fails the
   * next wait with -EBADR. */
  uring_write_once(m->cq_koverflow, uring_read_once(m->cq_koverflow) + 1);
  m->cqes_dropped = 1;
  m->stats.cqes_lost++;
  return -URING_ENOSPC;
}

/* Posts a multishot request's CQE with MORE, where the CQ has room and nothing waits on the
 * backlog. False where it has not: the kernel then ends the request instead of holding a
 * MORE CQE back (measured on 6.1, 6.12 and 6.18, for multishot polls and timeouts); a
 * kernel with 5.15's io_uring (Debian's 5.10, measured) holds a poll's MORE CQE on the
 * overflow list like any other, and the poll stays armed. Which release between changed
 * is not pinned here: the mock takes 6.1. */
int uring_mock_priv_post_more(struct uring_mock *m, uint64_t user_data, int32_t res) {
  if ((m->backlog_count || !cq_has_room(m)) && has(m, REL(6, 1))) return 0;
  (void)uring_mock_priv_post(m, user_data, res, URING_CQE_F_MORE, 0, 0);
  return 1;
}

void uring_mock_priv_commit_cq(struct uring_mock *m) {
  /* Pairs with the library's acquire load of the CQ tail: the CQEs written before this
   * store are visible once it sees the new tail. */
  uring_store_release(m->cq_ktail, m->cq_tail);
}

/* Moves held-back completions into the CQ, oldest first, as space allows. */
static void flush_backlog(struct uring_mock *m) {
  while (m->backlog_count && cq_has_room(m)) {
    const unsigned char *slot = m->backlog + (size_t)m->backlog_head * m->cqe_bytes;
    const struct uring_cqe32 *src = (const struct uring_cqe32 *)(const void *)slot;
    uint64_t b0 = 0, b1 = 0;
    if (m->cqe_bytes == sizeof(struct uring_cqe32)) {
      b0 = src->big_cqe[0];
      b1 = src->big_cqe[1];
    }
    write_cqe(cq_slot(m, m->cq_tail), m->cqe_bytes, src->user_data, src->res, src->flags, b0, b1);
    m->cq_tail++;
    m->stats.cqes_posted++;
    m->backlog_head = m->backlog_head + 1 == m->backlog_cap ? 0 : m->backlog_head + 1;
    m->backlog_count--;
  }
  if (!m->backlog_count) {
    m->backlog_head = 0;
    uring_mock_priv_set_sq_flag(m, URING_SQ_CQ_OVERFLOW, 0);
  }
  uring_mock_priv_commit_cq(m);
}

/* Reverses the CQEs from CQ position `from` to the tail (fault injection). */
void uring_mock_priv_reverse_cq(struct uring_mock *m, uint32_t from) {
  uint32_t a = from, b = m->cq_tail;
  unsigned char tmp[sizeof(struct uring_cqe32)];
  while (a != b && a != --b) {
    unsigned char *pa = cq_slot(m, a), *pb = cq_slot(m, b);
    for (uint32_t i = 0; i < m->cqe_bytes; i++) tmp[i] = pa[i];
    for (uint32_t i = 0; i < m->cqe_bytes; i++) pa[i] = pb[i];
    for (uint32_t i = 0; i < m->cqe_bytes; i++) pb[i] = tmp[i];
    a++;
  }
}

/* CQEs in the CQ as the ring words show them. */
static uint32_t cq_filled(const struct uring_mock *m) {
  return uring_read_once(m->cq_ktail) - uring_load_acquire(m->cq_khead);
}

/* The GETEVENTS part of enter (io_cqring_wait). */
int uring_mock_priv_get_events(struct uring_mock *m, unsigned min_complete, unsigned flags,
                               const void *arg, size_t argsz) {
  const void *sigmask = arg;
  size_t sigmask_sz = argsz;
  const struct uring_timespec *ts = (const struct uring_timespec *)0;
  uint64_t deadline = UINT64_MAX, timeouts;
  uint32_t want;
  int ret;

  if (flags & URING_ENTER_EXT_ARG) {
    const struct uring_getevents_arg *ga = (const struct uring_getevents_arg *)arg;
    if (argsz != sizeof *ga) return -URING_EINVAL;
    if (!ga) return -URING_EFAULT;
    /* Without URING_FEAT_MIN_TIMEOUT this word must be zero (it was padding before 6.12). */
    if (ga->min_wait_usec) return -URING_EINVAL;
    sigmask = (const void *)(uintptr_t)ga->sigmask;
    sigmask_sz = ga->sigmask_sz;
    ts = (const struct uring_timespec *)(uintptr_t)ga->ts;
  }
  flush_backlog(m);
  /* The kernel never waits for more than the CQ can hold. */
  want = min_complete < cq_size(m) ? min_complete : cq_size(m);
  if (cq_filled(m) >= want) return 0;
  /* From here the kernel would sleep, and checks what sleeping needs. */
  if (sigmask && sigmask_sz != KERNEL_SIGSET_BYTES) return -URING_EINVAL;
  if (m->cqes_dropped) return -URING_EBADR;
  if (!m->wait_fn) {
    /* Nothing will complete later: a timeout expires now, and a wait without one would
     * never end. */
    return ts ? -URING_ETIME : -URING_EDEADLK;
  }
  if (ts) {
    /* A negative time has passed already. */
    uint64_t rel = ts->tv_sec < 0 || ts->tv_nsec < 0 ? 0
                   : (uint64_t)ts->tv_sec >= UINT64_MAX / 1000000000u - 1
                       ? UINT64_MAX
                       : (uint64_t)ts->tv_sec * 1000000000u + (uint64_t)ts->tv_nsec;
    if (flags & URING_ENTER_ABS_TIMER) deadline = rel;
    else deadline = rel > UINT64_MAX - m->now_ns ? UINT64_MAX : m->now_ns + rel;
  }
  /* The wait: the hook makes things happen as other threads, timers and signals would. It
   * ends as the kernel's does: enough CQEs, a TIMEOUT request's completion, a signal
   * (-EINTR), the deadline (-ETIME), and, when the hook changed nothing, as above. */
  timeouts = m->timeouts_fired;
  for (;;) {
    uint32_t tail = uring_read_once(m->cq_ktail);
    uint64_t now = m->now_ns;
    uint32_t backlog = m->backlog_count;
    int sig = m->wait_fn(m, m->wait_arg);
    flush_backlog(m);
    if (sig == -URING_EINTR) {
      ret = -URING_EINTR;
      break;
    }
    if (cq_filled(m) >= want || m->timeouts_fired != timeouts) {
      ret = 0;
      break;
    }
    if (m->now_ns >= deadline) {
      ret = -URING_ETIME;
      break;
    }
    if (uring_read_once(m->cq_ktail) == tail && m->now_ns == now && m->backlog_count == backlog)
      return ts ? -URING_ETIME : -URING_EDEADLK;
  }
  /* A signal or the deadline is reported as success when the CQ is not empty. */
  return cq_filled(m) ? 0 : ret;
}
