/* The served opcodes: each one's own SQE checks (the kernel's prep) and what it does when
 * it runs (issue), the mock files they read and write, the timeouts on the virtual clock
 * and the polls on readiness. */
#include <stddef.h>
#include <stdint.h>

#include "uring/mock/internal.h"
#include "uring/mock/mock.h"
#include "uring/sys/abi.h"
#include "uring/sys/errcodes.h"

#define NOP_KNOWN                                                                      \
  (URING_NOP_INJECT_RESULT | URING_NOP_FILE | URING_NOP_FIXED_FILE |                    \
   URING_NOP_FIXED_BUFFER | URING_NOP_TW | URING_NOP_CQE32)

#define MOCK_POLLERR 0x8u
#define MOCK_POLLHUP 0x10u
#define MOCK_UIO_MAXIOV 1024u
#define NS_PER_SEC 1000000000ull

#define TIMEOUT_FLAGS_SERVED                                                           \
  (URING_TIMEOUT_ABS | URING_TIMEOUT_CLOCK_MASK | URING_TIMEOUT_ETIME_SUCCESS |          \
   URING_TIMEOUT_MULTISHOT)
#define CANCEL_FLAGS_SERVED                                                            \
  (URING_ASYNC_CANCEL_ALL | URING_ASYNC_CANCEL_FD | URING_ASYNC_CANCEL_ANY |            \
   URING_ASYNC_CANCEL_USERDATA | URING_ASYNC_CANCEL_OP)

/* Request flags by the release that added them; before, the kernel refuses them (they
 * were fields it required to be zero). */
static const struct since kTimeoutSince[] = {
    {URING_TIMEOUT_ABS, REL(5, 4)},           {URING_TIMEOUT_UPDATE, REL(5, 11)},
    {URING_TIMEOUT_BOOTTIME, REL(5, 15)},     {URING_TIMEOUT_REALTIME, REL(5, 15)},
    {URING_LINK_TIMEOUT_UPDATE, REL(5, 15)},  {URING_TIMEOUT_ETIME_SUCCESS, REL(5, 16)},
    {URING_TIMEOUT_MULTISHOT, REL(6, 4)},
};

static const struct since kCancelSince[] = {
    {URING_ASYNC_CANCEL_ALL, REL(5, 19)},      {URING_ASYNC_CANCEL_FD, REL(5, 19)},
    {URING_ASYNC_CANCEL_ANY, REL(5, 19)},      {URING_ASYNC_CANCEL_FD_FIXED, REL(6, 0)},
    {URING_ASYNC_CANCEL_USERDATA, REL(6, 6)},  {URING_ASYNC_CANCEL_OP, REL(6, 6)},
};

static const struct since kPollSince[] = {
    {URING_POLL_ADD_MULTI, REL(5, 13)},
};

/* The struct iovec layout of every supported arch. */
struct mock_iovec {
  void *base;
  size_t len;
};

/* --- Prep: each opcode's own SQE checks ------------------------------------------- */

/* Checks the NOP's own fields; 0 and *res set, or the -errno it completes with. */
static int nop_prep(const struct uring_mock *m, const struct uring_sqe *sqe, int32_t *res,
                    uint64_t *big0, uint64_t *big1) {
  uint32_t nf = sqe->nop_flags;
  if (nf & ~NOP_KNOWN) return -URING_EINVAL;
  /* The mock has no file table and no registered buffers yet. */
  if (nf & (URING_NOP_FILE | URING_NOP_FIXED_FILE | URING_NOP_FIXED_BUFFER)) return -URING_EINVAL;
  *big0 = *big1 = 0;
  if (nf & URING_NOP_CQE32) {
    if (!(m->flags & URING_SETUP_CQE32)) return -URING_EINVAL;
    *big0 = sqe->off;
    *big1 = sqe->addr;
  }
  *res = (nf & URING_NOP_INJECT_RESULT) ? (int32_t)sqe->len : 0;
  return 0;
}

int uring_mock_priv_ts_to_ns(uint64_t addr, uint64_t *ns) {
  const struct uring_timespec *ts = (const struct uring_timespec *)(uintptr_t)addr;
  if (!ts) return -URING_EFAULT;
  if (ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= (int64_t)NS_PER_SEC)
    return -URING_EINVAL;
  if ((uint64_t)ts->tv_sec > UINT64_MAX / NS_PER_SEC - 1) {
    *ns = UINT64_MAX;
    return 0;
  }
  *ns = (uint64_t)ts->tv_sec * NS_PER_SEC + (uint64_t)ts->tv_nsec;
  return 0;
}

uint64_t uring_mock_priv_deadline_from(const struct uring_mock *m, uint64_t ns, uint32_t flags) {
  if (flags & URING_TIMEOUT_ABS) return ns;
  return ns > UINT64_MAX - m->now_ns ? UINT64_MAX : m->now_ns + ns;
}

/* The opcode's own SQE checks (the kernel's prep step); 0 or the -errno the request fails
 * submission with. */
int uring_mock_priv_op_prep(const struct uring_mock *m, const struct uring_sqe *sqe) {
  uint64_t ns;
  int ret;
  /* Only the read/write family takes an I/O priority (io_issue_def.ioprio). */
  if (sqe->ioprio && sqe->opcode != URING_OP_READ && sqe->opcode != URING_OP_WRITE &&
      sqe->opcode != URING_OP_READV && sqe->opcode != URING_OP_WRITEV)
    return -URING_EINVAL;
  switch (sqe->opcode) {
    case URING_OP_NOP:
    case URING_OP_NOP128: {
      int32_t res;
      uint64_t b0, b1;
      if (sqe->ioprio) return -URING_EINVAL;
      return nop_prep(m, sqe, &res, &b0, &b1);
    }
    case URING_OP_READ:
    case URING_OP_WRITE:
      if (sqe->buf_index) return -URING_EINVAL;
      return 0;
    case URING_OP_READV:
    case URING_OP_WRITEV:
      if (sqe->buf_index) return -URING_EINVAL;
      if (sqe->len > MOCK_UIO_MAXIOV) return -URING_EINVAL;
      return 0;
    case URING_OP_FSYNC:
      if (sqe->addr || sqe->buf_index || sqe->splice_fd_in) return -URING_EINVAL;
      if (sqe->fsync_flags & ~URING_FSYNC_DATASYNC) return -URING_EINVAL;
      return 0;
    case URING_OP_TIMEOUT:
    case URING_OP_LINK_TIMEOUT:
      if (sqe->buf_index || sqe->len != 1 || sqe->splice_fd_in) return -URING_EINVAL;
      if (sqe->timeout_flags & ~(TIMEOUT_FLAGS_SERVED & KNOWN(m, kTimeoutSince)))
        return -URING_EINVAL;
      /* One clock at most (io_timeout_get_clock). */
      if ((sqe->timeout_flags & URING_TIMEOUT_CLOCK_MASK) == URING_TIMEOUT_CLOCK_MASK)
        return -URING_EINVAL;
      if (sqe->opcode == URING_OP_LINK_TIMEOUT &&
          (sqe->off || (sqe->timeout_flags & URING_TIMEOUT_MULTISHOT)))
        return -URING_EINVAL;
      /* A repeating timeout is relative (io_timeout_prep, 6.4). */
      if ((sqe->timeout_flags & URING_TIMEOUT_MULTISHOT) &&
          (sqe->timeout_flags & URING_TIMEOUT_ABS))
        return -URING_EINVAL;
      return uring_mock_priv_ts_to_ns(sqe->addr, &ns);
    case URING_OP_TIMEOUT_REMOVE:
      if (sqe->buf_index || sqe->len || sqe->splice_fd_in) return -URING_EINVAL;
      if (sqe->timeout_flags & ~KNOWN(m, kTimeoutSince)) return -URING_EINVAL;
      if (sqe->timeout_flags & URING_TIMEOUT_UPDATE_MASK) {
        if ((sqe->timeout_flags & URING_TIMEOUT_UPDATE_MASK) == URING_TIMEOUT_UPDATE_MASK)
          return -URING_EINVAL;
        if (sqe->timeout_flags & ~(URING_TIMEOUT_UPDATE_MASK | URING_TIMEOUT_ABS |
                                   URING_TIMEOUT_CLOCK_MASK))
          return -URING_EINVAL;
        ret = uring_mock_priv_ts_to_ns(sqe->addr2, &ns);
        if (ret < 0) return ret;
      } else if (sqe->timeout_flags) {
        return -URING_EINVAL;
      }
      return 0;
    case URING_OP_ASYNC_CANCEL:
      if (sqe->off || sqe->splice_fd_in || sqe->buf_index) return -URING_EINVAL;
      if (sqe->cancel_flags & ~(CANCEL_FLAGS_SERVED & KNOWN(m, kCancelSince)))
        return -URING_EINVAL;
      if ((sqe->cancel_flags & URING_ASYNC_CANCEL_ANY) &&
          (sqe->cancel_flags & (URING_ASYNC_CANCEL_FD | URING_ASYNC_CANCEL_OP |
                                URING_ASYNC_CANCEL_USERDATA)))
        return -URING_EINVAL;
      return 0;
    case URING_OP_POLL_ADD:
      if (sqe->addr || sqe->off || sqe->buf_index) return -URING_EINVAL;
      /* Level-triggered and update flags are not served. */
      if (sqe->len & ~KNOWN(m, kPollSince)) return -URING_EINVAL;
      /* A multishot poll posts every CQE with MORE until its last: it may not skip them
       * (io_poll_add_prep). */
      if ((sqe->len & URING_POLL_ADD_MULTI) && (sqe->flags & URING_SQE_CQE_SKIP_SUCCESS))
        return -URING_EINVAL;
      return 0;
    case URING_OP_POLL_REMOVE:
      if (sqe->buf_index || sqe->splice_fd_in) return -URING_EINVAL;
      /* Updates in place are not served. */
      if (sqe->len || sqe->off || sqe->poll32_events) return -URING_EINVAL;
      return 0;
    default:
      return -URING_EINVAL; /* not served by the mock */
  }
}

/* --- Issue: what each opcode does when it runs ------------------------------------ */

struct uring_mock_file *uring_mock_priv_find_file(struct uring_mock *m, int32_t fd) {
  for (uint32_t i = 0; i < URING_MOCK_MAX_FILES; i++)
    if (m->files[i].used && m->files[i].fd == fd) return &m->files[i];
  return NULL;
}

static int64_t file_read(struct uring_mock_file *f, unsigned char *dst, uint64_t len,
                         uint64_t off) {
  uint64_t n;
  if (off >= f->size) return 0;
  n = f->size - off < len ? f->size - off : len;
  for (uint64_t i = 0; i < n; i++) dst[i] = f->data[off + i];
  return (int64_t)n;
}

static int64_t file_write(struct uring_mock_file *f, const unsigned char *src, uint64_t len,
                          uint64_t off) {
  uint64_t n;
  if (!len) return 0;
  if (off >= f->capacity) return -URING_ENOSPC;
  n = f->capacity - off < len ? f->capacity - off : len;
  /* A hole between the old end and the offset reads as zeroes. */
  for (uint64_t i = f->size; i < off; i++) f->data[i] = 0;
  for (uint64_t i = 0; i < n; i++) f->data[off + i] = src[i];
  if (off + n > f->size) f->size = off + n;
  return (int64_t)n;
}

/* read, write, readv, writev: the bytes moved (short at EOF or when the file is full), and
 * *want the bytes asked for (a short transfer breaks a link, as in the kernel). */
static int32_t do_rw(struct uring_mock *m, const struct uring_sqe *sqe, uint64_t *want) {
  struct uring_mock_file *f = uring_mock_priv_find_file(m, sqe->fd);
  int wr = sqe->opcode == URING_OP_WRITE || sqe->opcode == URING_OP_WRITEV;
  int vec = sqe->opcode == URING_OP_READV || sqe->opcode == URING_OP_WRITEV;
  const struct mock_iovec *iov = (const struct mock_iovec *)(uintptr_t)sqe->addr;
  uint32_t nseg = vec ? sqe->len : 1;
  int use_pos = sqe->off == UINT64_MAX;
  uint64_t off = use_pos ? (f ? f->pos : 0) : sqe->off, done = 0;

  *want = 0;
  if (!f) return -URING_EBADF;
  if (vec && nseg && !iov) return -URING_EFAULT;
  for (uint32_t i = 0; i < nseg; i++) *want += vec ? iov[i].len : sqe->len;
  if (*want > 0x7ffff000u) return -URING_EINVAL;
  if (!vec && sqe->len && !sqe->addr) return -URING_EFAULT;
  for (uint32_t i = 0; i < nseg; i++) {
    unsigned char *buf = (unsigned char *)(vec ? iov[i].base : (void *)(uintptr_t)sqe->addr);
    uint64_t len = vec ? iov[i].len : sqe->len;
    int64_t n;
    if (len && !buf) return done ? (int32_t)done : -URING_EFAULT;
    n = wr ? file_write(f, buf, len, off) : file_read(f, buf, len, off);
    if (n < 0) {
      if (done) break;
      return (int32_t)n;
    }
    done += (uint64_t)n;
    off += (uint64_t)n;
    if ((uint64_t)n < len) break;
  }
  if (use_pos) f->pos = off;
  return (int32_t)done;
}

/* Puts the request slots order[0..n) in the order their requests were armed (at most
 * URING_MOCK_MAX_PENDING: an insertion sort). */
static void sort_by_arming(const struct uring_mock *m, uint32_t *order, uint32_t n) {
  for (uint32_t a = 1; a < n; a++)
    for (uint32_t b = a; b && m->reqs[order[b]].seq < m->reqs[order[b - 1]].seq; b--) {
      uint32_t t = order[b];
      order[b] = order[b - 1];
      order[b - 1] = t;
    }
}

static uint32_t poll_events(const struct uring_sqe *sqe) {
  return sqe->poll32_events | MOCK_POLLERR | MOCK_POLLHUP;
}

/* Cancels the pending requests `match` selects; the number found. `all` stops after the
 * first otherwise. Targets complete after the canceller, as the kernel's task work. */
static int cancel_matching(struct uring_mock *m, const struct uring_sqe *c, int all) {
  uint32_t cf = c->cancel_flags, order[URING_MOCK_MAX_PENDING], n = 0;
  int found = 0;
  /* In arming order, so that "the first match" is the oldest. */
  for (uint32_t i = 0; i < URING_MOCK_MAX_PENDING; i++) {
    const struct uring_mock_req *q = &m->reqs[i];
    /* A poll stays in the kernel's poll table until its cancellation's task work runs, so
     * a later cancel in the same batch finds it again (seen on 6.18); a timeout leaves
     * its list at once. */
    if (q->state != RQ_TIMEOUT && q->state != RQ_POLL && q->state != RQ_PCANCEL) continue;
    if (!(cf & URING_ASYNC_CANCEL_ANY)) {
      if ((cf & URING_ASYNC_CANCEL_FD) && q->sqe.fd != c->fd) continue;
      if ((cf & URING_ASYNC_CANCEL_OP) && q->sqe.opcode != c->len) continue;
      if (((cf & URING_ASYNC_CANCEL_USERDATA) ||
           !(cf & (URING_ASYNC_CANCEL_FD | URING_ASYNC_CANCEL_OP))) &&
          q->sqe.user_data != c->addr)
        continue;
    }
    order[n++] = i;
  }
  sort_by_arming(m, order, n);
  for (uint32_t i = 0; i < n; i++) {
    struct ref r = {order[i], 0, 1};
    struct uring_mock_req *q = &m->reqs[order[i]];
    found++;
    if (q->state == RQ_PCANCEL) {
      if (!all) break;
      continue;
    }
    q->state = q->state == RQ_POLL ? RQ_PCANCEL : RQ_WAIT;
    uring_mock_priv_push_followup(m, FU_DONE, r, -URING_ECANCELED);
    if (!all) break;
  }
  return found;
}

/* Finds the pending request in `state` with user_data `ud`, or -1. */
static int find_pending(const struct uring_mock *m, uint32_t state, uint64_t ud) {
  for (uint32_t i = 0; i < URING_MOCK_MAX_PENDING; i++)
    if (m->reqs[i].state == state && m->reqs[i].sqe.user_data == ud) return (int)i;
  return -1;
}

/* NOP: res 0, sqe->len with URING_NOP_INJECT_RESULT, or what uring_mock_inject_nop_result
 * armed; big_cqe from the SQE with URING_NOP_CQE32. */
static void issue_nop(struct uring_mock *m, struct ref r, const struct uring_sqe *sqe) {
  int32_t res = 0;
  uint64_t b0 = 0, b1 = 0;
  (void)nop_prep(m, sqe, &res, &b0, &b1);
  if (m->inject_count) {
    res = m->inject_res;
    m->inject_count--;
  }
  uring_mock_priv_complete_big(m, r, res, 0, res < 0, b0, b1);
}

/* read, write, readv, writev on a mock file. */
static void issue_rw(struct uring_mock *m, struct ref r, const struct uring_sqe *sqe) {
  uint64_t want;
  int32_t res = do_rw(m, sqe, &want);
  uring_mock_priv_complete(m, r, res, 0, res < 0 || (uint64_t)res != want);
}

/* TIMEOUT: armed on the virtual clock, with a completion count or as a repeating timer.
 * -1 when no slot is free. */
static int issue_timeout(struct uring_mock *m, struct ref r, const struct uring_sqe *sqe) {
  /* ns = 0: uring_mock_priv_op_prep checked the timespec, so the conversion sets it; gcc
   * -O2 cannot see that. */
  uint64_t ns = 0;
  int s = uring_mock_priv_arm(m, r, RQ_TIMEOUT);
  if (s < 0) return -1;
  (void)uring_mock_priv_ts_to_ns(sqe->addr, &ns);
  m->reqs[s].deadline = uring_mock_priv_deadline_from(m, ns, sqe->timeout_flags);
  if (sqe->timeout_flags & URING_TIMEOUT_MULTISHOT) {
    /* sqe->off is a repeat count here, not a completion count. */
    m->reqs[s].repeats = (uint32_t)sqe->off;
    m->reqs[s].interval = ns ? ns : 1;
  } else {
    m->reqs[s].target = sqe->off ? m->completions + sqe->off : 0;
  }
  return 0;
}

/* TIMEOUT_REMOVE: removes the timeout with user_data sqe->addr, or re-arms it with
 * TIMEOUT_UPDATE (LINK_TIMEOUT_UPDATE: a LINK_TIMEOUT). */
static void issue_timeout_remove(struct uring_mock *m, struct ref r,
                                 const struct uring_sqe *sqe) {
  int upd = (sqe->timeout_flags & URING_TIMEOUT_UPDATE_MASK) != 0;
  uint32_t state = (sqe->timeout_flags & URING_LINK_TIMEOUT_UPDATE) ? RQ_LTIMEOUT : RQ_TIMEOUT;
  int t = find_pending(m, state, sqe->addr);
  int32_t res = 0;
  /* As in issue_timeout: uring_mock_priv_op_prep checked the timespec at addr2. */
  uint64_t ns = 0;
  if (t < 0) {
    res = -URING_ENOENT;
  } else if (upd) {
    (void)uring_mock_priv_ts_to_ns(sqe->addr2, &ns);
    m->reqs[t].deadline = uring_mock_priv_deadline_from(m, ns, sqe->timeout_flags);
  } else {
    struct ref tr = {(uint32_t)t, 0, 1};
    m->reqs[t].state = RQ_WAIT;
    uring_mock_priv_push_followup(m, FU_DONE, tr, -URING_ECANCELED);
  }
  uring_mock_priv_complete(m, r, res, 0, res < 0);
}

/* ASYNC_CANCEL: the oldest match (0 or -ENOENT), or every match and their number. */
static void issue_cancel(struct uring_mock *m, struct ref r, const struct uring_sqe *sqe) {
  /* ANY matches every request, and counts them as ALL does (__io_async_cancel in
   * io_uring/cancel.c; checked on 6.18 by tests/ops/cancel_test.cc). */
  int all = (sqe->cancel_flags & (URING_ASYNC_CANCEL_ALL | URING_ASYNC_CANCEL_ANY)) != 0;
  int n = cancel_matching(m, sqe, all);
  int32_t res = all ? n : (n ? 0 : -URING_ENOENT);
  uring_mock_priv_complete(m, r, res, 0, res < 0);
}

/* POLL_ADD: completes at once when the file is already ready (a multishot poll posts and
 * stays armed), or arms. -1 when no slot is free. */
static int issue_poll_add(struct uring_mock *m, struct ref r, const struct uring_sqe *sqe) {
  struct uring_mock_file *f = uring_mock_priv_find_file(m, sqe->fd);
  uint32_t hit;
  int s;
  if (!f) {
    uring_mock_priv_complete(m, r, -URING_EBADF, 0, 1);
    return 0;
  }
  hit = f->ready & poll_events(sqe);
  if (hit && !(sqe->len & URING_POLL_ADD_MULTI)) {
    uring_mock_priv_complete(m, r, (int32_t)hit, 0, 0);
    return 0;
  }
  s = uring_mock_priv_arm(m, r, RQ_POLL);
  if (s < 0) return -1;
  if (hit) {
    (void)uring_mock_priv_post(m, sqe->user_data, (int32_t)hit, URING_CQE_F_MORE, 0, 0);
    m->completions++;
    uring_mock_priv_flush_count_timeouts(m);
  }
  return 0;
}

/* POLL_REMOVE: 0 and the poll cancelled after it, or -ENOENT. */
static void issue_poll_remove(struct uring_mock *m, struct ref r, const struct uring_sqe *sqe) {
  int t = find_pending(m, RQ_POLL, sqe->addr);
  int32_t res = 0;
  if (t < 0) {
    res = -URING_ENOENT;
  } else {
    struct ref tr = {(uint32_t)t, 0, 1};
    m->reqs[t].state = RQ_WAIT;
    uring_mock_priv_push_followup(m, FU_DONE, tr, -URING_ECANCELED);
  }
  uring_mock_priv_complete(m, r, res, 0, res < 0);
}

/* Runs a chain member: completes it now, or arms it. */
void uring_mock_priv_issue(struct uring_mock *m, struct ref r) {
  struct uring_sqe sqe;
  int32_t res;

  copy_sqe(&sqe, ref_sqe(m, r));
  switch (sqe.opcode) {
    case URING_OP_NOP:
    case URING_OP_NOP128:
      issue_nop(m, r, &sqe);
      return;
    case URING_OP_READ:
    case URING_OP_WRITE:
    case URING_OP_READV:
    case URING_OP_WRITEV:
      issue_rw(m, r, &sqe);
      return;
    case URING_OP_FSYNC:
      res = uring_mock_priv_find_file(m, sqe.fd) ? 0 : -URING_EBADF;
      uring_mock_priv_complete(m, r, res, 0, res < 0);
      return;
    case URING_OP_TIMEOUT:
      if (issue_timeout(m, r, &sqe) < 0) break;
      return;
    case URING_OP_LINK_TIMEOUT:
      /* Reached as a chain member of its own: what it guarded already finished. */
      uring_mock_priv_complete(m, r, -URING_ECANCELED, 0, 1);
      return;
    case URING_OP_TIMEOUT_REMOVE:
      issue_timeout_remove(m, r, &sqe);
      return;
    case URING_OP_ASYNC_CANCEL:
      issue_cancel(m, r, &sqe);
      return;
    case URING_OP_POLL_ADD:
      if (issue_poll_add(m, r, &sqe) < 0) break;
      return;
    case URING_OP_POLL_REMOVE:
      issue_poll_remove(m, r, &sqe);
      return;
    default:
      break;
  }
  /* Out of request slots: it fails as a kernel out of request memory would. */
  uring_mock_priv_complete(m, r, -URING_EAGAIN, 0, 1);
}

/* --- What the clock and readiness controls complete ------------------------------- */

/* Completes expired timeouts, earliest first (ties in arming order). */
void uring_mock_priv_fire_timeouts(struct uring_mock *m) {
  for (;;) {
    int best = -1;
    for (uint32_t i = 0; i < URING_MOCK_MAX_PENDING; i++) {
      const struct uring_mock_req *q = &m->reqs[i];
      if ((q->state != RQ_TIMEOUT && q->state != RQ_LTIMEOUT) || q->deadline > m->now_ns)
        continue;
      if (best < 0 || q->deadline < m->reqs[best].deadline ||
          (q->deadline == m->reqs[best].deadline && q->seq < m->reqs[best].seq))
        best = (int)i;
    }
    if (best < 0) break;
    /* A TIMEOUT's expiry wakes every waiter (the kernel's cq_timeouts); a LINK_TIMEOUT's
     * does not. */
    if (m->reqs[best].state == RQ_TIMEOUT) m->timeouts_fired++;
    if (m->reqs[best].state == RQ_TIMEOUT &&
        (m->reqs[best].sqe.timeout_flags & URING_TIMEOUT_MULTISHOT) &&
        m->reqs[best].repeats != 1) {
      /* Not the last expiry: a CQE with MORE, and the timer goes round again. */
      struct uring_mock_req *q = &m->reqs[best];
      struct ref r = {(uint32_t)best, 0, 1};
      if (!uring_mock_priv_post_more(m, q->sqe.user_data, -URING_ETIME)) {
        /* The CQ is full: the kernel ends the timeout with its final CQE. */
        uring_mock_priv_complete(m, r, -URING_ETIME, 0, 1);
      } else {
        if (q->repeats) q->repeats--;
        q->deadline =
            q->interval > UINT64_MAX - q->deadline ? UINT64_MAX : q->deadline + q->interval;
        if (q->deadline == UINT64_MAX && m->now_ns == UINT64_MAX)
          uring_mock_priv_complete(m, r, -URING_ETIME, 0, 1);
      }
    } else if (m->reqs[best].state == RQ_TIMEOUT) {
      struct ref r = {(uint32_t)best, 0, 1};
      int ok = (m->reqs[best].sqe.timeout_flags & URING_TIMEOUT_ETIME_SUCCESS) != 0;
      uring_mock_priv_complete(m, r, -URING_ETIME, 0, !ok);
    } else {
      /* A LINK_TIMEOUT fired first: it completes with -ETIME, and the request it guards
       * is cancelled (after it, through task work), which breaks that request's chain. */
      uint32_t g = m->reqs[best].ltimeout;
      struct ref r = {(uint32_t)best, 0, 1};
      m->reqs[best].ltimeout = 0;
      uring_mock_priv_complete(m, r, -URING_ETIME, 0, 1);
      if (g && m->reqs[g - 1].ltimeout == (uint32_t)best + 1) {
        struct ref gr = {g - 1, 0, 1};
        m->reqs[g - 1].ltimeout = 0;
        m->reqs[g - 1].state = RQ_WAIT;
        uring_mock_priv_push_followup(m, FU_DONE, gr, -URING_ECANCELED);
      }
    }
    uring_mock_priv_run_followups(m);
  }
}

/* Completes the polls armed on mock file `fd` that want any of the events in `mask`, in
 * arming order (a multishot one posts with MORE and stays armed). */
void uring_mock_priv_wake_polls(struct uring_mock *m, int fd, uint32_t mask) {
  uint32_t order[URING_MOCK_MAX_PENDING], n = 0;
  for (uint32_t i = 0; i < URING_MOCK_MAX_PENDING; i++)
    if (m->reqs[i].state == RQ_POLL && m->reqs[i].sqe.fd == fd) order[n++] = i;
  sort_by_arming(m, order, n);
  for (uint32_t i = 0; i < n; i++) {
    struct uring_mock_req *q = &m->reqs[order[i]];
    uint32_t hit = mask & poll_events(&q->sqe);
    if (q->state != RQ_POLL || !hit) continue;
    if ((q->sqe.len & URING_POLL_ADD_MULTI) &&
        uring_mock_priv_post_more(m, q->sqe.user_data, (int32_t)hit)) {
      m->completions++;
      uring_mock_priv_flush_count_timeouts(m);
    } else {
      /* A single-shot poll, or a multishot one whose CQE found the CQ full: it ends here. */
      struct ref r = {order[i], 0, 1};
      uring_mock_priv_complete(m, r, (int32_t)hit, 0, 0);
    }
    uring_mock_priv_run_followups(m);
  }
}
