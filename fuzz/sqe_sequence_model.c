/* The sqe_sequence model (see sqe_sequence.h): what the kernel under test offers, the
 * setup both fuzzers decode, and the checks of every counter and CQE against the records
 * the actions (sqe_sequence.c) keep. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "fuzz/check.h"
#include "fuzz/sqe_sequence.h"
#include "fuzz/sqe_sequence_internal.h"
#include "uring/mock/mock.h"
#include "uring/uring.h"

const struct seq_caps seq_caps_all = {
    URING_SETUP_SQE128 | URING_SETUP_CQE32 | URING_SETUP_NO_SQARRAY | URING_SETUP_SUBMIT_ALL |
        URING_SETUP_CQSIZE,
    1, 1, 1, 1, 1, 1,
};

/* One request on a scratch ring, and its first CQE (res and flags), within a second. */
static int ask(struct uring *r, struct uring_sqe *sqe, int32_t *res, uint32_t *flags,
               uint64_t *big) {
  struct uring_timespec ts = {1, 0};
  struct uring_cqe *cqe = NULL;
  (void)sqe;
  if (uring_submit(r) != 1) return -1;
  if (uring_wait_cqe_timeout(r, &cqe, &ts) != 0 || !cqe) return -1;
  *res = cqe->res;
  *flags = cqe->flags;
  if (big) {
    big[0] = (r->flags & URING_SETUP_CQE32) ? uring_cqe_big(cqe)[0] : 0;
    big[1] = (r->flags & URING_SETUP_CQE32) ? uring_cqe_big(cqe)[1] : 0;
  }
  uring_cqe_seen(r, cqe);
  return 0;
}

/* Reaps whatever the scratch ring still gets within a few milliseconds. */
static void settle(struct uring *r) {
  struct uring_timespec ts = {0, 5000000};
  struct uring_cqe *cqe;
  while (uring_wait_cqe_timeout(r, &cqe, &ts) == 0) uring_cqe_seen(r, cqe);
}

static void probe_caps(struct seq_caps *c) {
  static const uint32_t setup[] = {URING_SETUP_SQE128, URING_SETUP_CQE32, URING_SETUP_NO_SQARRAY,
                                   URING_SETUP_SUBMIT_ALL, URING_SETUP_CQSIZE};
  struct uring r;
  struct uring_params p;
  struct uring_sqe *sqe;
  struct uring_timespec ts = {0, 1000};
  int32_t res;
  uint32_t flags;
  uint64_t big[2];
  int efd;

  memset(c, 0, sizeof *c);
  for (size_t i = 0; i < sizeof setup / sizeof setup[0]; i++) {
    memset(&p, 0, sizeof p);
    p.flags = setup[i];
    p.cq_entries = 16;
    if (uring_init_params(&r, 4, &p) == 0) {
      c->setup_flags |= setup[i];
      uring_exit(&r);
    }
  }
  memset(&p, 0, sizeof p);
  p.flags = c->setup_flags & URING_SETUP_CQE32;
  if (uring_init_params(&r, 4, &p) != 0) return;
  c->skip_success = (r.features & URING_FEAT_CQE_SKIP) != 0;

  sqe = uring_get_sqe(&r);
  uring_prep_nop(sqe);
  sqe->nop_flags = URING_NOP_INJECT_RESULT;
  sqe->len = 7;
  c->nop_inject = ask(&r, sqe, &res, &flags, NULL) == 0 && res == 7;
  if (r.flags & URING_SETUP_CQE32) {
    sqe = uring_get_sqe(&r);
    uring_prep_nop(sqe);
    sqe->nop_flags = URING_NOP_CQE32;
    sqe->off = 0x1234;
    sqe->addr = 0x5678;
    c->nop_cqe32 = ask(&r, sqe, &res, &flags, big) == 0 && res == 0 && big[0] == 0x1234 &&
                   big[1] == 0x5678;
  }

  /* With nothing to cancel, ALL answers a count of 0; a kernel without the flags -EINVAL. */
  sqe = uring_get_sqe(&r);
  uring_prep_cancel64(sqe, 0, URING_ASYNC_CANCEL_ANY | URING_ASYNC_CANCEL_ALL);
  c->cancel_flags = ask(&r, sqe, &res, &flags, NULL) == 0 && res == 0;

  /* The first of two expiries carries MORE where multishot timeouts exist. */
  sqe = uring_get_sqe(&r);
  uring_prep_timeout_multishot(sqe, &ts, 2, 0);
  c->multishot_timeout = ask(&r, sqe, &res, &flags, NULL) == 0 && res == -URING_ETIME &&
                         (flags & URING_CQE_F_MORE);
  settle(&r);

  /* A multishot poll on a ready eventfd posts with MORE at once; cancel it after. */
  efd = eventfd(1, EFD_NONBLOCK | EFD_CLOEXEC);
  if (efd >= 0) {
    sqe = uring_get_sqe(&r);
    uring_prep_poll_multishot(sqe, efd, SEQ_POLLIN);
    uring_sqe_set_data64(sqe, 0x9011);
    c->multishot_poll = ask(&r, sqe, &res, &flags, NULL) == 0 && res > 0 &&
                        (flags & URING_CQE_F_MORE);
    sqe = uring_get_sqe(&r);
    uring_prep_cancel64(sqe, 0x9011, 0);
    (void)uring_submit(&r);
    settle(&r);
    close(efd);
  }
  uring_exit(&r);
}

const struct seq_caps *seq_kernel_caps(void) {
  static struct seq_caps caps;
  static int done;
  if (!done) {
    probe_caps(&caps);
    done = 1;
  }
  return &caps;
}

void seq_decode_setup(struct seq_input *in, struct seq_setup *s, const struct seq_caps *caps) {
  uint8_t size = seq_u8(in), fl = seq_u8(in), cq = seq_u8(in);
  if (!caps) caps = &seq_caps_all;
  memset(s, 0, sizeof *s);
  /* 1..64 entries, not only powers of two: the kernel rounds up. */
  s->entries = 1u + (size & 63u);
  if (fl & 0x01) s->p.flags |= URING_SETUP_SQE128;
  if (fl & 0x02) s->p.flags |= URING_SETUP_CQE32;
  if (fl & 0x04) s->p.flags |= URING_SETUP_NO_SQARRAY;
  if (fl & 0x08) s->p.flags |= URING_SETUP_SUBMIT_ALL;
  if (fl & 0x10) {
    s->p.flags |= URING_SETUP_CQSIZE;
    /* From below the SQ size (refused) up to 8x it plus change. */
    s->p.cq_entries = (s->entries * (cq & 0x0fu)) / 2u + (cq >> 4);
  }
  s->p.flags &= caps->setup_flags;
  if (!(s->p.flags & URING_SETUP_CQSIZE)) s->p.cq_entries = 0;
}

struct rec_mem seq_mem[SEQ_RECS];
uint8_t seq_image[SEQ_OFFSETS + SEQ_BUF];
struct seq_state seq_s;

uint8_t seq_pattern(uint64_t off) { return (uint8_t)((off * 167u + 13u) ^ (off >> 8)); }

uint32_t seq_koverflow(void) { return __atomic_load_n(seq_s.ring->cq.koverflow, __ATOMIC_RELAXED); }

void seq_sync_sq(void) {
  uint32_t khead = __atomic_load_n(seq_s.ring->sq.khead, __ATOMIC_ACQUIRE);
  uint32_t delta = khead - seq_s.last_khead;
  CHECK(delta <= seq_s.sq_prep - seq_s.sq_cons);
  /* Nothing the library has not published may be consumed. */
  CHECK((int32_t)(seq_s.ring->sq.sqe_head - khead) >= 0);
  while (delta--) {
    uint32_t r = seq_s.sq_order[seq_s.sq_cons++];
    seq_s.recs[r].state = REC_INFLIGHT;
    seq_s.recs[r].ord = seq_s.ord_tail;
    seq_s.order[seq_s.ord_tail++] = r;
    if (!seq_s.recs[r].optional) {
      seq_s.owed++;
      seq_s.recs[r].sure = !seq_s.recs[r].pend;
      seq_s.guaranteed += seq_s.recs[r].sure;
    }
  }
  seq_s.last_khead = khead;
}

void seq_check_counters(void) {
  seq_sync_sq();
  CHECK(uring_sq_ready(seq_s.ring) <= seq_s.ring->sq.ring_entries);
  CHECK(uring_sq_space_left(seq_s.ring) <= seq_s.ring->sq.ring_entries);
  CHECK(uring_cq_ready(seq_s.ring) <= seq_s.ring->cq.ring_entries);
  /* Held-back completions must make the cheap check say so. */
  if (__atomic_load_n(seq_s.ring->sq.kflags, __ATOMIC_RELAXED) & URING_SQ_CQ_OVERFLOW)
    CHECK(uring_cq_pending(seq_s.ring));
  if (seq_s.mock) CHECK(seq_s.lost_known + seq_s.lost_seen <= seq_s.mock->stats.cqes_lost);
  CHECK(seq_s.lost_known + seq_s.lost_seen <= seq_koverflow());
}

void seq_retire(struct rec *r) {
  if (r->kind == K_POLL && r->multi && r->state != REC_DONE) seq_s.multi_polls--;
  if (!r->optional && r->state == REC_INFLIGHT) {
    CHECK(seq_s.owed > 0);
    seq_s.owed--;
    if (r->sure) {
      CHECK(seq_s.guaranteed > 0);
      seq_s.guaranteed--;
    }
  }
  r->state = REC_DONE;
}

static int poll_res_ok(const struct rec *r, int32_t res) {
  return res > 0 && ((uint32_t)res & ~(r->off | SEQ_POLLERR | SEQ_POLLHUP)) == 0;
}

/* The last (or only) CQE of a request that is no NOP and was not posted by the test. */
static void check_result(const struct rec *r, int32_t res) {
  /* Errors any request may meet where it is not plain: its SQE flags refused (-EACCES,
   * -EBADF, -EINVAL, -EOPNOTSUPP), its chain broken (-ECANCELED), no pending slot left
   * on the mock (-EAGAIN). */
  int any_err = !r->plain && res < 0;
  /* On the kernel, work punted to io-wq can be cancelled by an ASYNC_CANCEL that named
   * it, or by ANY. */
  int cancelled = res == -URING_ECANCELED && !seq_s.mock;
  switch (r->kind) {
    case K_RW: {
      const uint8_t *buf = seq_mem[r - seq_s.recs].rd + r->off;
      if (res < 0) {
        CHECK(any_err || cancelled || (r->expect < -1 && res == r->expect));
        return;
      }
      if (r->expect < 0) {
        CHECK((uint32_t)res <= r->len);
        return;
      }
      /* The mock moves exactly what fits; the kernel may be short. */
      if (seq_s.mock) CHECK(res == r->expect);
      else CHECK(res <= r->expect);
      if (!r->wr)
        for (int32_t k = 0; k < res; k++) CHECK(buf[k] == seq_pattern(r->off + (uint32_t)k));
      return;
    }
    case K_FSYNC:
      CHECK(res == 0 || any_err || cancelled);
      return;
    case K_TIMEOUT:
      /* A count reached completes it with 0 (a multishot's off is a repeat count). */
      CHECK(res == -URING_ETIME || res == -URING_ECANCELED || (res == 0 && r->off && !r->multi) ||
            (seq_s.mock && res == -URING_EAGAIN) || any_err);
      return;
    case K_POLL:
      /* A multishot one ends without MORE on cancellation, or, on the kernel, with the
       * events when it cannot post with MORE (CQ overflow). */
      CHECK(poll_res_ok(r, res) || res == -URING_ECANCELED ||
            (seq_s.mock && res == -URING_EAGAIN) || any_err);
      return;
    case K_CANCEL:
      if (r->all) CHECK(res >= 0 || res == -URING_ENOENT || res == -URING_EALREADY || any_err);
      else CHECK(res == 0 || res == -URING_ENOENT || res == -URING_EALREADY || any_err);
      return;
    default:
      CHECK(res == 0 || res == -URING_ENOENT || res == -URING_EALREADY || res == -URING_EBUSY ||
            any_err);
      return;
  }
}

void seq_check_cqe(const struct uring_cqe *cqe, const uint64_t *big) {
  uint64_t ud = cqe->user_data;
  uint32_t id = (uint32_t)ud;
  struct rec *r;

  seq_sync_sq();
  CHECK(id < seq_s.nrec);
  r = &seq_s.recs[id];
  CHECK(r->hi == (uint32_t)(ud >> 32));
  CHECK(r->state == REC_INFLIGHT);
  if (!r->posted && (cqe->flags & URING_CQE_F_MORE)) {
    /* One of a multishot request's CQEs: it stays in flight. */
    CHECK(r->multi);
    CHECK(cqe->flags == URING_CQE_F_MORE);
    if (r->kind == K_POLL) CHECK(poll_res_ok(r, cqe->res));
    else CHECK(cqe->res == -URING_ETIME);
    return;
  }
  if (seq_s.ordered && !r->chained && !r->unordered) {
    /* Everything posted before it is gone: skipped on success, or lost. Chain members,
     * drained requests and the unordered kinds may still come. */
    CHECK((int32_t)(r->ord - seq_s.ord_head) >= 0);
    for (uint32_t pos = seq_s.ord_head; pos != r->ord; pos++) {
      struct rec *before = &seq_s.recs[seq_s.order[pos]];
      if (before->chained || before->unordered) continue;
      CHECK(before->state == REC_INFLIGHT);
      if (!before->optional) seq_s.lost_seen++;
      seq_retire(before);
    }
    seq_s.ord_head = r->ord + 1;
    CHECK(seq_s.lost_known + seq_s.lost_seen <= seq_koverflow());
  }
  seq_retire(r);
  if (r->posted) {
    CHECK(cqe->res == r->res && cqe->flags == r->flags);
    if (big) CHECK(big[0] == r->b0 && big[1] == r->b1);
    return;
  }
  /* None of these kinds sets a CQE flag but MORE. */
  CHECK(cqe->flags == 0);
  /* A short read or write failed too, in the kernel's eyes (req_set_fail): it posts. */
  if (r->skip) CHECK(cqe->res < 0 || (r->kind == K_RW && (uint32_t)cqe->res < r->len));
  if (big && r->big && cqe->res >= 0) CHECK(big[0] == r->b0 && big[1] == r->b1);
  if (r->kind == K_NOP) {
    if (r->plain && !seq_s.injected) CHECK(cqe->res == 0);
    return;
  }
  check_result(r, cqe->res);
}

void seq_check_ret(int ret) {
  if (ret >= 0) return;
  if (ret == -URING_EAGAIN || ret == -URING_EBUSY || ret == -URING_EINTR || ret == -URING_ETIME)
    return;
  /* The mock's answers to a wait nothing can satisfy any more. */
  if (seq_s.mock && (ret == -URING_EDEADLK || ret == -URING_EBADR)) return;
  CHECK(0 && "an enter error no request explains");
}

uint32_t seq_new_rec(uint32_t hi) {
  uint32_t id = seq_s.nrec++;
  memset(&seq_s.recs[id], 0, sizeof seq_s.recs[id]);
  seq_s.recs[id].hi = hi;
  return id;
}

void seq_set_rec_flags(struct rec *r, const struct uring_sqe *sqe, const struct rec *prev) {
  uint8_t prev_flags = prev ? prev->flags8 : 0;
  int member = (prev_flags & LINK_FLAGS) != 0;
  r->flags8 = sqe->flags;
  r->skip = (sqe->flags & URING_SQE_CQE_SKIP_SUCCESS) != 0;
  /* A chain member is cancelled when a request before it fails. */
  r->plain = sqe->flags == 0 && r->clean && !member;
  /* Once a drain was asked for, anything after it may wait behind it (and on the mock,
   * with every pending slot taken, complete at once with -EAGAIN): no order or result
   * checks for those. */
  if (sqe->flags & URING_SQE_IO_DRAIN) seq_s.drained = 1;
  if (seq_s.drained) r->plain = 0;
  r->chained = ((sqe->flags | prev_flags) & CHAIN_FLAGS) != 0 || seq_s.drained;
  r->optional = r->skip || (member && prev->optional);
  /* A poll pends until its fd is ready; a chain member waits for the one before it; a
   * drained request waits for everything before it, and the rest wait behind it. */
  r->pend = r->kind == K_POLL || (seq_s.mock && r->kind == K_TIMEOUT) || (member && prev->pend) ||
            (seq_s.drained && seq_s.pend_seen);
  /* A drain on a chain member drains the whole chain from its head (io_init_drain marks
   * the head; the mock's chain_drains does the same): the members before it, not yet
   * consumed, wait for everything before the chain too. */
  if ((sqe->flags & URING_SQE_IO_DRAIN) && member) {
    for (uint32_t k = seq_s.sq_prep; k > seq_s.sq_cons; k--) {
      struct rec *before = &seq_s.recs[seq_s.sq_order[k - 1u]];
      if (before == r) continue;
      if (!(before->flags8 & LINK_FLAGS) || before->state != REC_PREPPED) break;
      before->chained = 1;
      before->plain = 0;
      if (seq_s.pend_seen) before->pend = 1;
    }
  }
}

const struct rec *seq_prev_of(uint32_t sq_index) {
  if (sq_index == 0) return NULL;
  return &seq_s.recs[seq_s.sq_order[sq_index - 1]];
}

int32_t seq_rw_expect(int wr, uint32_t off, uint32_t len) {
  if (wr && !len) return 0;
  if (off >= SEQ_FILE_SIZE) return wr ? -URING_ENOSPC : 0;
  return (int32_t)(len < SEQ_FILE_SIZE - off ? len : SEQ_FILE_SIZE - off);
}
