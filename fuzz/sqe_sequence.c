/* The sqe_sequence action language and its model (see sqe_sequence.h). */
#include "fuzz/sqe_sequence.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "uring/mock/mock.h"
#include "uring/uring.h"
#include "fuzz/check.h"

/* Requests and posted CQEs one input can create; the rest of a longer input only reaps. */
#define SEQ_MAX_RECS 8192u
/* Beyond that, room for the cancels drain() submits. */
#define SEQ_DRAIN_RECS 32u
#define SEQ_RECS (SEQ_MAX_RECS + SEQ_DRAIN_RECS)

/* Bytes a read or write moves at most. */
#define SEQ_BUF 64u

/* Poll events (poll.h values, the same on every arch). */
#define SEQ_POLLIN 0x1u
#define SEQ_POLLOUT 0x4u
#define SEQ_POLLERR 0x8u
#define SEQ_POLLHUP 0x10u

#define NS_PER_US 1000ull
#define NS_PER_SEC 1000000000ull


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

enum { REC_FREE = 0, REC_PREPPED, REC_INFLIGHT, REC_DONE };

enum { K_NOP = 0, K_RW, K_FSYNC, K_TIMEOUT, K_POLL, K_CANCEL, K_REMOVE };

/* Offsets reads and writes name: one byte (act_prep_rw). */
#define SEQ_OFFSETS 256u

/* Memory a request's SQE points at. On the kernel a request can outlive its input: one
 * whose CQE never came (CQE_SKIP_SUCCESS, or a chain member behind one) may still be
 * queued or running in io-wq when its input ends, and closing the ring starts its teardown
 * without waiting for it (seen under load: a read with CQE_SKIP_SUCCESS ran after eight
 * more inputs had begun). Nothing shows when such a request is done, so instead of waiting
 * for it the memory is laid out to make whatever it does later harmless:
 *   - a read at offset `off` lands at rd + off, so whatever any read, however late, writes
 *     into rd[i] is the file's byte at i; each read poisons its bytes first, so one that
 *     moved nothing (or other bytes) still fails the content check. A read at the file
 *     position (offset unknown, content unchecked) lands in fpos;
 *   - a write takes its bytes from seq_image at its offset, which holds the pattern and is
 *     never written: every write, however late, writes what the file already holds.
 * iov and ts are the kernel's only while the submit that consumes the SQE runs
 * (URING_FEAT_SUBMIT_STABLE, 5.5), and the mock runs everything inside its calls. */
struct rec_mem {
  uint8_t rd[SEQ_OFFSETS + SEQ_BUF];
  uint8_t fpos[SEQ_BUF];
  struct uring_iovec iov[2];
  struct uring_timespec ts;
};

static struct rec_mem seq_mem[SEQ_RECS];
/* seq_pattern(i) at every i a write can start at or reach; filled once, then only read. */
static uint8_t seq_image[SEQ_OFFSETS + SEQ_BUF];

uint8_t seq_pattern(uint64_t off) { return (uint8_t)((off * 167u + 13u) ^ (off >> 8)); }

struct rec {
  uint8_t state;
  uint8_t skip;   /* URING_SQE_CQE_SKIP_SUCCESS */
  uint8_t plain;  /* no SQE or NOP flags, no link: res 0 unless a result was injected */
  uint8_t big;    /* on a CQE32 ring, big_cqe must be {b0, b1} when res >= 0 */
  uint8_t posted; /* a CQE posted from the kernel side (uring_mock_post_cqe) */
  uint8_t chained; /* linked or drained: may complete after requests consumed later */
  /* Its CQE may never come: CQE_SKIP_SUCCESS, or a link member behind such a request
   * (a failed chain's members post nothing when the request before them skips its CQE,
   * as on 6.18). */
  uint8_t optional;
  uint8_t flags8; /* the SQE's flags */
  uint8_t kind;   /* K_* */
  /* Completes outside consumption order even on the mock: a timeout, poll, cancel or
   * removal (on a clock advance, a readiness change, or after its canceller). */
  uint8_t unordered;
  uint8_t multi;  /* multishot: CQEs with URING_CQE_F_MORE, then one without */
  /* May stay pending until something else happens (a poll, or a request waiting behind
   * one in a chain or a drain): no wait may count on it. */
  uint8_t pend;
  uint8_t sure;   /* counted in `guaranteed` */
  uint8_t clean;  /* no opcode-specific flags that could make it fail (NOP flags) */
  uint8_t wr;     /* K_RW: a write */
  uint8_t all;    /* K_CANCEL: ALL or ANY, res is a count */
  uint32_t hi;    /* the upper half of user_data */
  int32_t expect; /* K_RW: the bytes moved (or -ENOSPC); -1: unknown (file position) */
  uint32_t off;   /* K_RW: the offset; K_POLL: the events asked for; K_TIMEOUT: count */
  uint32_t len;   /* K_RW: bytes asked for */
  int32_t res;    /* posted: the res it carries */
  uint32_t flags; /* posted: the flags it carries */
  uint32_t ord;   /* its place in the completion order */
  uint64_t b0, b1;
};

static struct {
  struct uring *ring;
  struct uring_mock *mock;
  const struct seq_caps *caps;
  int ordered;
  int cqe32;
  const struct seq_env *env;
  int injected;          /* the mock was told to override NOP results */
  int drained;           /* an SQE asked for URING_SQE_IO_DRAIN */
  int pend_seen;         /* a request that may pend was prepped */
  uint32_t multi_polls;  /* multishot polls prepped and not yet retired */
  int multi_seen;        /* a multishot poll was prepped */
  uint32_t nrec;
  /* sq_order[sq_cons, sq_prep): prepped, not yet consumed, in SQ order. */
  uint32_t sq_cons, sq_prep;
  uint32_t last_khead;
  /* order[ord_head, ord_tail): in flight, in the order their completions are posted. */
  uint32_t ord_head, ord_tail;
  uint32_t guaranteed;   /* in flight, and sure to post a CQE without anything else */
  uint32_t owed;         /* in flight, and must post a CQE before drain() ends */
  uint32_t lost_known;   /* posts the mock refused (backlog full) */
  uint32_t lost_seen;    /* requests passed over that had to post a CQE */
  /* The last prepped SQE, while the library has not published it. */
  struct uring_sqe *last_sqe;
  uint32_t last_pos, last_rec;
  /* Arrays last: seq_run resets everything before them. */
  uint32_t sq_order[SEQ_RECS];
  uint32_t order[SEQ_RECS];
  struct rec recs[SEQ_RECS];
} S;

static uint32_t koverflow(void) { return __atomic_load_n(S.ring->cq.koverflow, __ATOMIC_RELAXED); }

/* Moves the SQEs the kernel consumed since the last look into flight. */
static void sync_sq(void) {
  uint32_t khead = __atomic_load_n(S.ring->sq.khead, __ATOMIC_ACQUIRE);
  uint32_t delta = khead - S.last_khead;
  CHECK(delta <= S.sq_prep - S.sq_cons);
  /* Nothing the library has not published may be consumed. */
  CHECK((int32_t)(S.ring->sq.sqe_head - khead) >= 0);
  while (delta--) {
    uint32_t r = S.sq_order[S.sq_cons++];
    S.recs[r].state = REC_INFLIGHT;
    S.recs[r].ord = S.ord_tail;
    S.order[S.ord_tail++] = r;
    if (!S.recs[r].optional) {
      S.owed++;
      S.recs[r].sure = !S.recs[r].pend;
      S.guaranteed += S.recs[r].sure;
    }
  }
  S.last_khead = khead;
}

static void check_counters(void) {
  sync_sq();
  CHECK(uring_sq_ready(S.ring) <= S.ring->sq.ring_entries);
  CHECK(uring_sq_space_left(S.ring) <= S.ring->sq.ring_entries);
  CHECK(uring_cq_ready(S.ring) <= S.ring->cq.ring_entries);
  /* Held-back completions must make the cheap check say so. */
  if (__atomic_load_n(S.ring->sq.kflags, __ATOMIC_RELAXED) & URING_SQ_CQ_OVERFLOW)
    CHECK(uring_cq_pending(S.ring));
  if (S.mock) CHECK(S.lost_known + S.lost_seen <= S.mock->stats.cqes_lost);
  CHECK(S.lost_known + S.lost_seen <= koverflow());
}

static void retire(struct rec *r) {
  if (r->kind == K_POLL && r->multi && r->state != REC_DONE) S.multi_polls--;
  if (!r->optional && r->state == REC_INFLIGHT) {
    CHECK(S.owed > 0);
    S.owed--;
    if (r->sure) {
      CHECK(S.guaranteed > 0);
      S.guaranteed--;
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
  int cancelled = res == -URING_ECANCELED && !S.mock;
  switch (r->kind) {
    case K_RW: {
      const uint8_t *buf = seq_mem[r - S.recs].rd + r->off;
      if (res < 0) {
        CHECK(any_err || cancelled || (r->expect < -1 && res == r->expect));
        return;
      }
      if (r->expect < 0) {
        CHECK((uint32_t)res <= r->len);
        return;
      }
      /* The mock moves exactly what fits; the kernel may be short. */
      if (S.mock) CHECK(res == r->expect);
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
            (S.mock && res == -URING_EAGAIN) || any_err);
      return;
    case K_POLL:
      /* A multishot one ends without MORE on cancellation, or, on the kernel, with the
       * events when it cannot post with MORE (CQ overflow). */
      CHECK(poll_res_ok(r, res) || res == -URING_ECANCELED || (S.mock && res == -URING_EAGAIN) ||
            any_err);
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

/* One CQE reaped from the ring; big is its big_cqe (CQE32 ring, read in full) or NULL. */
static void check_cqe(const struct uring_cqe *cqe, const uint64_t *big) {
  uint64_t ud = cqe->user_data;
  uint32_t id = (uint32_t)ud;
  struct rec *r;

  sync_sq();
  CHECK(id < S.nrec);
  r = &S.recs[id];
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
  if (S.ordered && !r->chained && !r->unordered) {
    /* Everything posted before it is gone: skipped on success, or lost. Chain members,
     * drained requests and the unordered kinds may still come. */
    CHECK((int32_t)(r->ord - S.ord_head) >= 0);
    for (uint32_t pos = S.ord_head; pos != r->ord; pos++) {
      struct rec *before = &S.recs[S.order[pos]];
      if (before->chained || before->unordered) continue;
      CHECK(before->state == REC_INFLIGHT);
      if (!before->optional) S.lost_seen++;
      retire(before);
    }
    S.ord_head = r->ord + 1;
    CHECK(S.lost_known + S.lost_seen <= koverflow());
  }
  retire(r);
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
    if (r->plain && !S.injected) CHECK(cqe->res == 0);
    return;
  }
  check_result(r, cqe->res);
}

static void check_ret(int ret) {
  if (ret >= 0) return;
  if (ret == -URING_EAGAIN || ret == -URING_EBUSY || ret == -URING_EINTR || ret == -URING_ETIME)
    return;
  /* The mock's answers to a wait nothing can satisfy any more. */
  if (S.mock && (ret == -URING_EDEADLK || ret == -URING_EBADR)) return;
  CHECK(0 && "an enter error no request explains");
}

static uint32_t new_rec(uint32_t hi) {
  uint32_t id = S.nrec++;
  memset(&S.recs[id], 0, sizeof S.recs[id]);
  S.recs[id].hi = hi;
  return id;
}

static uint8_t sqe_flags_for_all(uint8_t sel, uint8_t raw) {
  static const uint8_t table[16] = {
      0,
      0,
      URING_SQE_CQE_SKIP_SUCCESS,
      URING_SQE_ASYNC,
      URING_SQE_FIXED_FILE,
      URING_SQE_CQE_SKIP_SUCCESS | URING_SQE_ASYNC,
      URING_SQE_BUFFER_SELECT,
      URING_SQE_IO_LINK,
      URING_SQE_IO_LINK,
      URING_SQE_IO_HARDLINK,
      URING_SQE_IO_LINK | URING_SQE_CQE_SKIP_SUCCESS,
      URING_SQE_IO_HARDLINK | URING_SQE_CQE_SKIP_SUCCESS,
      URING_SQE_IO_DRAIN,
      URING_SQE_IO_DRAIN | URING_SQE_IO_LINK,
      URING_SQE_IO_LINK | URING_SQE_ASYNC,
      0,
  };
  return (sel & 15) == 15 ? raw : table[sel & 15];
}

/* Without CQE_SKIP_SUCCESS (5.17) a request posts every CQE. */
static uint8_t sqe_flags_for(uint8_t sel, uint8_t raw) {
  uint8_t f = sqe_flags_for_all(sel, raw);
  if (!S.caps->skip_success) f &= (uint8_t)~URING_SQE_CQE_SKIP_SUCCESS;
  return f;
}

#define CHAIN_FLAGS (URING_SQE_IO_LINK | URING_SQE_IO_HARDLINK | URING_SQE_IO_DRAIN)

#define LINK_FLAGS (URING_SQE_IO_LINK | URING_SQE_IO_HARDLINK)

/* SQE flags for a new or changed SQE. A drained request waits until everything before it
 * completed, and everything after it waits behind it (a cancel too): behind a multishot
 * poll, which only a cancel ends, that is a deadlock by design. So no drain while one may
 * be live. On 6.18 it is worse: once a drain was seen, a request submitted later may be
 * deferred until every request allocated before it is freed (io_queue_deferred while
 * drain_active stays set), a multishot poll armed after the drain included, so no drain
 * at all in an input with a multishot poll on the kernel, and no multishot poll after a
 * drain (act_prep_poll). */
static uint8_t usable_flags(uint8_t flags) {
  if (S.multi_polls || (!S.mock && S.multi_seen)) flags &= (uint8_t)~URING_SQE_IO_DRAIN;
  return flags;
}

/* `prev`: the request before it in the SQ (NULL for none), whose link would make this
 * one a chain member. */
static void set_rec_flags(struct rec *r, const struct uring_sqe *sqe, const struct rec *prev) {
  uint8_t prev_flags = prev ? prev->flags8 : 0;
  int member = (prev_flags & LINK_FLAGS) != 0;
  r->flags8 = sqe->flags;
  r->skip = (sqe->flags & URING_SQE_CQE_SKIP_SUCCESS) != 0;
  /* A chain member is cancelled when a request before it fails. */
  r->plain = sqe->flags == 0 && r->clean && !member;
  /* Once a drain was asked for, anything after it may wait behind it (and on the mock,
   * with every pending slot taken, complete at once with -EAGAIN): no order or result
   * checks for those. */
  if (sqe->flags & URING_SQE_IO_DRAIN) S.drained = 1;
  if (S.drained) r->plain = 0;
  r->chained = ((sqe->flags | prev_flags) & CHAIN_FLAGS) != 0 || S.drained;
  r->optional = r->skip || (member && prev->optional);
  /* A poll pends until its fd is ready; a chain member waits for the one before it; a
   * drained request waits for everything before it, and the rest wait behind it. */
  r->pend = r->kind == K_POLL || (S.mock && r->kind == K_TIMEOUT) || (member && prev->pend) ||
            (S.drained && S.pend_seen);
  /* A drain on a chain member drains the whole chain from its head (io_init_drain marks
   * the head; the mock's chain_drains does the same): the members before it, not yet
   * consumed, wait for everything before the chain too. */
  if ((sqe->flags & URING_SQE_IO_DRAIN) && member) {
    for (uint32_t k = S.sq_prep; k > S.sq_cons; k--) {
      struct rec *before = &S.recs[S.sq_order[k - 1u]];
      if (before == r) continue;
      if (!(before->flags8 & LINK_FLAGS) || before->state != REC_PREPPED) break;
      before->chained = 1;
      before->plain = 0;
      if (S.pend_seen) before->pend = 1;
    }
  }
}

static const struct rec *prev_of(uint32_t sq_index) {
  if (sq_index == 0) return NULL;
  return &S.recs[S.sq_order[sq_index - 1]];
}

/* An SQE and a record for a new request, or NULL (SQ full, or no records left). */
static struct uring_sqe *prep_begin(uint32_t hi, uint8_t kind, uint32_t *idp) {
  struct uring_sqe *sqe;
  uint32_t id;
  if (S.nrec >= SEQ_MAX_RECS) return NULL;
  sqe = uring_get_sqe(S.ring);
  if (!sqe) {
    /* Only a full SQ hands out nothing. */
    CHECK(uring_sq_space_left(S.ring) == 0);
    return NULL;
  }
  id = new_rec(hi * 0x01000193u);
  S.recs[id].kind = kind;
  S.recs[id].clean = 1;
  S.recs[id].unordered = kind == K_TIMEOUT || kind == K_POLL || kind == K_CANCEL || kind == K_REMOVE;
  /* The mock zeroes big_cqe of everything but a NOP with URING_NOP_CQE32. */
  S.recs[id].big = S.mock != NULL;
  *idp = id;
  return sqe;
}

static void prep_end(struct uring_sqe *sqe, uint32_t id, uint8_t flags) {
  struct rec *r = &S.recs[id];
  /* Counted before its flags are chosen: a multishot poll drains nothing either. */
  if (r->kind == K_POLL && r->multi) {
    S.multi_polls++;
    S.multi_seen = 1;
  }
  sqe->flags = usable_flags(flags);
  sqe->user_data = (uint64_t)r->hi << 32 | id;
  set_rec_flags(r, sqe, prev_of(S.sq_prep));
  if (r->kind == K_POLL) S.pend_seen = 1;
  r->state = REC_PREPPED;
  S.sq_order[S.sq_prep++] = id;
  S.last_sqe = sqe;
  S.last_pos = S.ring->sq.sqe_tail - 1u;
  S.last_rec = id;
}

static void act_prep(struct seq_input *in) {
  struct uring_sqe *sqe;
  struct rec *r;
  uint32_t id;
  uint8_t fsel = seq_u8(in), nsel = seq_u8(in), hi = seq_u8(in), flags;

  sqe = prep_begin(hi, K_NOP, &id);
  if (!sqe) return;
  r = &S.recs[id];
  uring_prep_nop(sqe);
  flags = sqe_flags_for(fsel, seq_u8(in));
  /* NOP flags a kernel ignores would leave its CQE unexplained: plain NOPs there. */
  if ((nsel & 7) == 1 && !S.caps->nop_inject) nsel &= (uint8_t)~7u;
  if ((nsel & 7) == 2 && !S.caps->nop_cqe32) nsel &= (uint8_t)~7u;
  switch (nsel & 7) {
    case 1: {
      static const int32_t results[4] = {0, 1, -URING_EINVAL, -URING_ECANCELED};
      sqe->nop_flags = URING_NOP_INJECT_RESULT;
      sqe->len = (nsel & 8) ? (uint32_t)(int32_t)(int16_t)seq_u16(in) : (uint32_t)results[(nsel >> 4) & 3];
      break;
    }
    case 2:
      sqe->nop_flags = URING_NOP_CQE32;
      sqe->off = seq_u32(in);
      sqe->addr = (uint64_t)seq_u32(in) << 8;
      r->b0 = sqe->off;
      r->b1 = sqe->addr;
      break;
    case 3:
      sqe->nop_flags = URING_NOP_TW;
      break;
    case 4:
      sqe->nop_flags = seq_u8(in);
      break;
    default:
      break;
  }
  r->clean = sqe->nop_flags == 0;
  /* NOP fills big_cqe only when asked (URING_NOP_CQE32); the mock zeroes it otherwise. */
  r->big = (sqe->nop_flags & URING_NOP_CQE32) || S.mock;
  prep_end(sqe, id, flags);
}

/* What a read or write at `off` of `len` bytes moves in a file of SEQ_FILE_SIZE bytes
 * whose capacity is its size (the mock file; the kernel's writes are clamped to it). */
static int32_t rw_expect(int wr, uint32_t off, uint32_t len) {
  if (wr && !len) return 0;
  if (off >= SEQ_FILE_SIZE) return wr ? -URING_ENOSPC : 0;
  return (int32_t)(len < SEQ_FILE_SIZE - off ? len : SEQ_FILE_SIZE - off);
}

/* READ, WRITE, READV, WRITEV or FSYNC on the file: [fsel][raw][hi][sel][off][len][split].
 * sel: op = sel % 5, 0x40 DATASYNC (fsync), 0x80 at the file position (reads). */
static void act_prep_rw(struct seq_input *in) {
  uint8_t fsel = seq_u8(in), raw = seq_u8(in), hi = seq_u8(in), sel = seq_u8(in);
  uint32_t off = seq_u8(in), len = seq_u8(in) % (SEQ_BUF + 1u), split = seq_u8(in), id, l1;
  unsigned op = sel % 5u;
  int wr = op == 1 || op == 3, vec = op == 2 || op == 3;
  struct uring_sqe *sqe = prep_begin(hi, op == 4 ? K_FSYNC : K_RW, &id);
  struct rec_mem *m;
  struct rec *r;
  uint8_t *buf;

  if (!sqe) return;
  r = &S.recs[id];
  m = &seq_mem[id];
  if (op == 4) {
    uring_prep_fsync(sqe, S.env->file_fd, (sel & 0x40) ? URING_FSYNC_DATASYNC : 0);
    prep_end(sqe, id, sqe_flags_for(fsel, raw));
    return;
  }
  /* The kernel's memfd would grow past its size (and a gap would read as zeroes): its
   * writes stay inside the file. */
  if (!S.mock && wr) len = off >= SEQ_FILE_SIZE ? 0 : (len < SEQ_FILE_SIZE - off ? len : SEQ_FILE_SIZE - off);
  l1 = split % (len + 1u);
  r->wr = (uint8_t)wr;
  r->off = off;
  r->len = len;
  r->expect = rw_expect(wr, off, len);
  if (wr) {
    buf = seq_image + off;
  } else if (sel & 0x80) {
    /* Reads at the file position: where that is depends on the order they ran in. */
    r->expect = -1;
    off = UINT32_MAX;
    buf = m->fpos;
  } else {
    buf = m->rd + off;
    for (uint32_t k = 0; k < len; k++) buf[k] = (uint8_t)~seq_pattern(off + k);
  }
  m->iov[0].iov_base = buf;
  m->iov[0].iov_len = l1;
  m->iov[1].iov_base = buf + l1;
  m->iov[1].iov_len = len - l1;
  {
    uint64_t o = off == UINT32_MAX ? UINT64_MAX : off;
    if (vec && wr) uring_prep_writev(sqe, S.env->file_fd, m->iov, 2, o);
    else if (vec) uring_prep_readv(sqe, S.env->file_fd, m->iov, 2, o);
    else if (wr) uring_prep_write(sqe, S.env->file_fd, buf, len, o);
    else uring_prep_read(sqe, S.env->file_fd, buf, len, o);
  }
  prep_end(sqe, id, sqe_flags_for(fsel, raw));
}

/* TIMEOUT: [fsel][raw][hi][sel][count]. sel & 7 picks the time, 0x08 multishot. The
 * kernel's are a few microseconds at most (sure to fire soon); the mock's run on its
 * virtual clock, up to a second. */
static void act_prep_timeout(struct seq_input *in) {
  static const uint64_t ns[8] = {0, 1 * NS_PER_US, 2 * NS_PER_US, 5 * NS_PER_US, 20 * NS_PER_US,
                                 100 * NS_PER_US, 1000 * NS_PER_US, NS_PER_SEC};
  uint8_t fsel = seq_u8(in), raw = seq_u8(in), hi = seq_u8(in), sel = seq_u8(in), cnt = seq_u8(in);
  int multi = (sel & 0x08) != 0 && S.caps->multishot_timeout;
  unsigned t = S.mock ? (sel & 7u) : (sel & 7u) % 5u, count;
  struct uring_sqe *sqe;
  struct rec_mem *m;
  uint32_t id;

  /* A multishot timeout repeats `count` times (0 would be forever) every period (at least
   * a microsecond: a zero period would post without end). */
  if (multi) {
    count = 1u + (cnt & 3u);
    if (!t) t = 1;
  } else {
    count = (cnt & 4u) ? 1u + (cnt & 3u) : 0u;
  }
  sqe = prep_begin(hi, K_TIMEOUT, &id);
  if (!sqe) return;
  m = &seq_mem[id];
  m->ts.tv_sec = (int64_t)(ns[t] / NS_PER_SEC);
  m->ts.tv_nsec = (int64_t)(ns[t] % NS_PER_SEC);
  if (multi) uring_prep_timeout_multishot(sqe, &m->ts, count, 0);
  else uring_prep_timeout(sqe, &m->ts, count, 0);
  S.recs[id].multi = (uint8_t)multi;
  S.recs[id].off = count;
  prep_end(sqe, id, sqe_flags_for(fsel, raw));
}

/* POLL_ADD: [fsel][raw][hi][sel]. sel & 1: which fd; (sel >> 1) & 3: the events;
 * 0x08 multishot. */
static void act_prep_poll(struct seq_input *in) {
  static const uint32_t masks[4] = {SEQ_POLLIN, SEQ_POLLOUT, SEQ_POLLIN | SEQ_POLLOUT, SEQ_POLLIN};
  uint8_t fsel = seq_u8(in), raw = seq_u8(in), hi = seq_u8(in), sel = seq_u8(in);
  struct uring_sqe *sqe;
  uint32_t id;

  sqe = prep_begin(hi, K_POLL, &id);
  if (!sqe) return;
  S.recs[id].off = masks[(sel >> 1) & 3u];
  /* A pipe's read end is never writable: without POLLIN nothing could end a single-shot
   * poll on it, and a drain behind it would wait forever. */
  if (!S.mock && (sel & 1u)) S.recs[id].off |= SEQ_POLLIN;
  /* See usable_flags. */
  S.recs[id].multi = (sel & 0x08) != 0 && (S.mock || !S.drained) && S.caps->multishot_poll;
  if (S.recs[id].multi) uring_prep_poll_multishot(sqe, S.env->poll_fd[sel & 1u], S.recs[id].off);
  else uring_prep_poll_add(sqe, S.env->poll_fd[sel & 1u], S.recs[id].off);
  prep_end(sqe, id, sqe_flags_for(fsel, raw));
}

/* ASYNC_CANCEL, TIMEOUT_REMOVE, POLL_REMOVE: [fsel][raw][hi][sel][back]. The target is
 * the request `back` % 32 records before this one; sel % 7 picks: cancel by user_data,
 * the same with ALL, ANY, ANY|ALL, FD|ALL on a polled fd, TIMEOUT_REMOVE, POLL_REMOVE. */
static void act_prep_cancel(struct seq_input *in) {
  uint8_t fsel = seq_u8(in), raw = seq_u8(in), hi = seq_u8(in), sel = seq_u8(in), back = seq_u8(in);
  uint32_t id, tid, n = S.nrec < 32u ? S.nrec : 32u;
  uint64_t ud;
  unsigned how = sel % 7u;
  struct uring_sqe *sqe;

  /* Without the match flags (5.19): by user_data. */
  if (!S.caps->cancel_flags && how >= 1 && how <= 4) how = 0;

  /* With no record yet, a user_data nothing has (an empty cancel). */
  tid = n ? S.nrec - 1u - back % n : 0;
  ud = n ? (uint64_t)S.recs[tid].hi << 32 | tid : UINT64_MAX;
  sqe = prep_begin(hi, how >= 5 ? K_REMOVE : K_CANCEL, &id);
  if (!sqe) return;
  switch (how) {
    case 0:
      uring_prep_cancel64(sqe, ud, 0);
      break;
    case 1:
      uring_prep_cancel64(sqe, ud, URING_ASYNC_CANCEL_ALL);
      break;
    case 2:
      uring_prep_cancel64(sqe, 0, URING_ASYNC_CANCEL_ANY);
      break;
    case 3:
      uring_prep_cancel64(sqe, 0, URING_ASYNC_CANCEL_ANY | URING_ASYNC_CANCEL_ALL);
      break;
    case 4:
      uring_prep_cancel_fd(sqe, S.env->poll_fd[sel & 1u], URING_ASYNC_CANCEL_ALL);
      break;
    case 5:
      uring_prep_timeout_remove(sqe, ud, 0);
      break;
    default:
      uring_prep_poll_remove(sqe, ud);
      break;
  }
  /* ANY alone counts like ALL (the kernel, and the mock with it, treat ANY as ALL). */
  S.recs[id].all = how >= 1 && how <= 4;
  prep_end(sqe, id, sqe_flags_for(fsel, raw));
}

/* [b]: b & 1 picks the fd; (b >> 1) & 7 the events it has (0: none). */
static void act_ready(uint8_t b) {
  static const uint32_t masks[8] = {0, SEQ_POLLIN, SEQ_POLLOUT, SEQ_POLLIN | SEQ_POLLOUT,
                                    SEQ_POLLHUP, SEQ_POLLIN, 0, SEQ_POLLIN};
  uint32_t mask = masks[(b >> 1) & 7u];
  if (S.mock) CHECK(uring_mock_set_ready(S.mock, S.env->poll_fd[b & 1u], mask) == 0);
  else S.env->ready(b & 1u, mask != 0);
}

/* [b]: the mock's virtual clock moves on; nothing on the kernel, whose timeouts are a
 * few microseconds. */
static void act_advance(uint8_t b) {
  static const uint64_t ns[8] = {500, 1 * NS_PER_US, 10 * NS_PER_US, 100 * NS_PER_US,
                                 1000 * NS_PER_US, 2 * NS_PER_SEC, 3 * NS_PER_US, 50 * NS_PER_US};
  if (S.mock) CHECK(uring_mock_advance_clock(S.mock, ns[b & 7u]) == 0);
}

static void act_set_flags(struct seq_input *in) {
  uint8_t fsel = seq_u8(in), raw = seq_u8(in);
  /* Only while the SQE is the library's alone: not yet published by a submit. */
  if (!S.last_sqe || (int32_t)(S.last_pos - S.ring->sq.sqe_head) < 0) return;
  if (S.recs[S.last_rec].state != REC_PREPPED) return;
  S.last_sqe->flags = usable_flags(sqe_flags_for(fsel, raw));
  set_rec_flags(&S.recs[S.last_rec], S.last_sqe, prev_of(S.sq_prep - 1u));
}

/* What a wait may ask for: anything on the mock (which answers instead of sleeping), only
 * completions sure to come on the kernel. */
static unsigned wait_count(uint8_t b) {
  unsigned n = b & 7u;
  if (!S.mock && n > S.guaranteed) n = S.guaranteed;
  return n;
}

static void act_submit(int wait, uint8_t b) {
  uint32_t before = __atomic_load_n(S.ring->sq.khead, __ATOMIC_RELAXED);
  unsigned n = wait ? wait_count(b) : 0;
  /* The mock takes every SQE published unless told to stop short, or (without SUBMIT_ALL)
   * an SQE it refuses ends the batch. */
  int whole = S.mock && !S.mock->short_armed && (S.ring->flags & URING_SETUP_SUBMIT_ALL);
  int ret;
  if (wait && !n) return;
  ret = wait ? uring_submit_and_wait(S.ring, n) : uring_submit(S.ring);
  check_ret(ret);
  /* It returns the number the kernel consumed. */
  if (ret >= 0) CHECK((uint32_t)ret == __atomic_load_n(S.ring->sq.khead, __ATOMIC_RELAXED) - before);
  if (ret >= 0 && whole) CHECK(uring_sq_ready(S.ring) == 0);
}

static void act_peek(void) {
  struct uring_cqe *cqe = NULL;
  int ret = uring_peek_cqe(S.ring, &cqe);
  if (ret == 0) {
    CHECK(cqe != NULL);
    check_cqe(cqe, S.cqe32 ? uring_cqe_big(cqe) : NULL);
    uring_cqe_seen(S.ring, cqe);
  } else {
    CHECK(cqe == NULL);
    check_ret(ret);
  }
}

static void act_copy(uint8_t b) {
  unsigned max = 1u + (b & 15u), n;
  if (S.cqe32) {
    struct uring_cqe32 out[16];
    n = uring_copy_cqes32(S.ring, out, max);
    CHECK(n <= max);
    for (unsigned i = 0; i < n; i++) check_cqe((const struct uring_cqe *)(const void *)&out[i], out[i].big_cqe);
  } else {
    struct uring_cqe out[16];
    n = uring_copy_cqes(S.ring, out, max);
    CHECK(n <= max);
    for (unsigned i = 0; i < n; i++) check_cqe(&out[i], NULL);
  }
}

static void act_iterate(uint8_t b) {
  unsigned limit = b & 15u, k = 0;
  struct uring_cq_iter it;
  struct uring_cqe *cqe;
  uring_for_each_cqe(S.ring, it, cqe) {
    check_cqe(cqe, S.cqe32 ? uring_cqe_big(cqe) : NULL);
    if (limit && ++k >= limit) break;
  }
  (void)uring_cq_iter_end(S.ring, &it);
}

static void act_peek_batch(uint8_t b) {
  struct uring_cqe *cqes[16];
  unsigned count = 1u + (b & 15u), n, keep;
  n = uring_peek_batch_cqe(S.ring, cqes, count);
  CHECK(n <= count && n <= uring_cq_ready(S.ring));
  /* Frees only the first `keep`: the others stay for a later reap, unchecked now. */
  keep = (b >> 4) % (n + 1u);
  for (unsigned i = 0; i < keep; i++) check_cqe(cqes[i], S.cqe32 ? uring_cqe_big(cqes[i]) : NULL);
  uring_cq_advance(S.ring, keep);
}

static void act_wait(uint8_t b) {
  struct uring_cqe *cqe = NULL;
  unsigned n = wait_count(b);
  int ret;
  if (!n) return;
  ret = uring_wait_cqe_nr(S.ring, &cqe, n);
  check_ret(ret);
  if (ret == 0) {
    CHECK(cqe != NULL && uring_cq_ready(S.ring) >= (n < S.ring->cq.ring_entries ? n : S.ring->cq.ring_entries));
    check_cqe(cqe, S.cqe32 ? uring_cqe_big(cqe) : NULL);
    uring_cqe_seen(S.ring, cqe);
  }
}

static void act_fault(struct seq_input *in) {
  static const int errs[3] = {-URING_EAGAIN, -URING_EBUSY, -URING_EINTR};
  uint8_t b = seq_u8(in);
  if (!S.mock) return;
  switch (b & 3) {
    case 0:
      uring_mock_fail_next_enter(S.mock, errs[(b >> 2) % 3]);
      break;
    case 1:
      uring_mock_short_submit_next(S.mock, (b >> 2) & 7u);
      break;
    case 2:
      uring_mock_inject_nop_result(S.mock, (int32_t)(int16_t)seq_u16(in), (b >> 2) & 7u);
      S.injected = 1;
      break;
    default:
      break;
  }
}

static void act_post(struct seq_input *in) {
  uint32_t id;
  struct rec *r;
  int ret;
  if (!S.mock || S.nrec >= SEQ_MAX_RECS) return;
  id = new_rec(0x80000000u | seq_u8(in));
  r = &S.recs[id];
  r->posted = 1;
  r->res = (int32_t)(int16_t)seq_u16(in);
  /* Flags the library gives meaning only in CQE_MIXED rings are left out. */
  r->flags = seq_u8(in);
  r->b0 = seq_u32(in);
  r->b1 = ~r->b0;
  if (!S.cqe32) r->b0 = r->b1 = 0;
  ret = uring_mock_post_cqe(S.mock, (uint64_t)r->hi << 32 | id, r->res, r->flags, r->b0, r->b1);
  if (ret == -URING_ENOSPC) {
    S.lost_known++;
    r->state = REC_DONE;
    return;
  }
  CHECK(ret == 0);
  r->state = REC_INFLIGHT;
  r->ord = S.ord_tail;
  S.order[S.ord_tail++] = id;
  /* Posted completions are in the CQ or its backlog: sure to arrive unless lost. */
  r->sure = 1;
  S.guaranteed++;
  S.owed++;
}

/* Ends what could otherwise pend forever: every polled fd becomes ready (single-shot
 * polls complete), an ASYNC_CANCEL with ANY|ALL cancels the polls and timeouts left
 * (multishot ones too), and the mock's clock moves past every timeout. Whatever a
 * cancellation lets run (chain members, drained requests) may arm more: drain() calls it
 * again while anything pends. */
/* Submits one ASYNC_CANCEL of the cleanup; 0 when no SQE or record is left for it. */
static int cleanup_cancel(uint64_t ud, uint32_t flags) {
  struct uring_sqe *sqe;
  uint32_t id;
  int ret;
  if (S.nrec >= SEQ_RECS || (sqe = uring_get_sqe(S.ring)) == NULL) return 0;
  id = new_rec(0x7fffffffu);
  S.recs[id].kind = K_CANCEL;
  S.recs[id].unordered = 1;
  S.recs[id].clean = 1;
  S.recs[id].all = (flags & URING_ASYNC_CANCEL_ALL) != 0;
  S.recs[id].big = S.mock != NULL;
  uring_prep_cancel64(sqe, ud, (int)flags);
  sqe->user_data = (uint64_t)S.recs[id].hi << 32 | id;
  set_rec_flags(&S.recs[id], sqe, prev_of(S.sq_prep));
  S.recs[id].state = REC_PREPPED;
  S.sq_order[S.sq_prep++] = id;
  ret = uring_submit(S.ring);
  check_ret(ret);
  check_counters();
  return 1;
}

static void cleanup(void) {
  for (unsigned i = 0; i < 2; i++) {
    if (S.mock) CHECK(uring_mock_set_ready(S.mock, S.env->poll_fd[i], SEQ_POLLIN | SEQ_POLLOUT) == 0);
    else S.env->ready(i, 1);
  }
  if (S.caps->cancel_flags) {
    (void)cleanup_cancel(0, URING_ASYNC_CANCEL_ANY | URING_ASYNC_CANCEL_ALL);
  } else {
    /* Before 5.19 a cancel names one request: one per timeout and poll still in flight. */
    for (uint32_t i = 0; i < S.nrec; i++) {
      const struct rec *r = &S.recs[i];
      if (r->state != REC_INFLIGHT || (r->kind != K_TIMEOUT && r->kind != K_POLL)) continue;
      if (!cleanup_cancel((uint64_t)r->hi << 32 | i, 0)) break;
    }
  }
  /* Timeouts are a second at most, multishot ones repeat at most four times. */
  if (S.mock) CHECK(uring_mock_advance_clock(S.mock, 4 * NS_PER_SEC) == 0);
}

/* Submits and reaps until nothing is left, then checks every request that had to complete
 * did. Bounded: each round either consumes SQEs or reaps CQEs, or cleans up (a bounded
 * number of times), or waits with a timeout (a bounded number of times), or the loop
 * ends. */
static void drain(void) {
  unsigned cleanups = 0, idle = 0, cleaned_at = 0;
  if (S.mock) {
    uring_mock_fail_next_enter(S.mock, 0);
    uring_mock_inject_nop_result(S.mock, 0, 0);
    S.mock->short_armed = 0;
  }
  for (unsigned round = 0; round < 4 * SEQ_RECS; round++) {
    unsigned got = 0, n;
    int ret = uring_submit(S.ring);
    check_ret(ret);
    check_counters();
    do {
      struct uring_cqe out[16];
      n = uring_copy_cqes(S.ring, out, 16);
      for (unsigned i = 0; i < n; i++) check_cqe(&out[i], NULL);
      got += n;
    } while (n);
    check_counters();
    if (got) continue;
    if (uring_sq_ready(S.ring)) continue;
    if (uring_cq_pending(S.ring)) continue;
    if (S.mock) {
      /* Nothing completes on the mock but inside a call: once nothing pends, what has not
       * come was lost. */
      if (!uring_mock_pending(S.mock) || cleanups >= SEQ_DRAIN_RECS) break;
      cleanups++;
      cleanup();
      continue;
    }
    if (!S.owed) break;
    /* Once a request that may pend is owed, wake and cancel what is left; again after
     * each wait that came back empty (a cancellation may have let a drained request or
     * chain member arm another poll). */
    if (((S.owed > S.guaranteed && !cleanups) || idle > cleaned_at) && cleanups < SEQ_DRAIN_RECS) {
      cleanups++;
      cleaned_at = idle;
      cleanup();
      continue;
    }
    {
      /* Requests the kernel runs elsewhere (io-wq) complete later: wait, with a timeout
       * far beyond what any of them takes, so a lost completion fails instead of
       * hanging. */
      struct uring_timespec ts = {1, 0};
      struct uring_cqe *cqe = NULL;
      ret = uring_wait_cqe_timeout(S.ring, &cqe, &ts);
      /* -EINTR: libFuzzer's timeout alarm (SIGALRM) interrupted the wait. */
      CHECK(ret == 0 || ret == -URING_EINTR || ret == -URING_ETIME);
      if (ret == -URING_ETIME && ++idle >= 8) break;
    }
  }
  CHECK(uring_sq_ready(S.ring) == 0);
  CHECK(S.sq_cons == S.sq_prep);
  /* On the kernel, a skipped request that failed in io-wq may post its CQE at any time. */
  if (S.mock) CHECK(uring_cq_ready(S.ring) == 0 && uring_mock_pending(S.mock) == 0);
  if (S.ordered) {
    /* What never came was lost (or skipped); chain members passed over included. */
    for (uint32_t i = 0; i < S.nrec; i++) {
      struct rec *r = &S.recs[i];
      if (r->state != REC_INFLIGHT) continue;
      if (!r->optional) S.lost_seen++;
      retire(r);
    }
    S.ord_head = S.ord_tail;
  }
  check_counters();
  if (!S.mock || S.mock->stats.cqes_lost == 0) CHECK(S.owed == 0 && S.guaranteed == 0 && S.lost_seen == 0);
  if (S.mock) CHECK(S.mock->stats.cqes_lost == koverflow());
}

void seq_run(struct uring *ring, struct uring_mock *mock, const struct seq_env *env,
             const struct seq_caps *caps, int ordered, struct seq_input *in) {
  memset(&S, 0, offsetof(__typeof__(S), sq_order));
  S.ring = ring;
  S.mock = mock;
  S.caps = caps ? caps : &seq_caps_all;
  S.env = env;
  if (seq_image[0] != seq_pattern(0))
    for (uint32_t i = 0; i < sizeof seq_image; i++) seq_image[i] = seq_pattern(i);
  S.ordered = ordered;
  S.cqe32 = (ring->flags & URING_SETUP_CQE32) != 0;
  S.last_khead = __atomic_load_n(ring->sq.khead, __ATOMIC_RELAXED);
  while (in->n) {
    uint8_t op = seq_u8(in);
    switch (op % 18) {
      case 0:
      case 1:
        act_prep(in);
        break;
      case 2:
        act_set_flags(in);
        break;
      case 3:
        act_submit(0, 0);
        break;
      case 4:
        act_submit(1, seq_u8(in));
        break;
      case 5:
        act_peek();
        break;
      case 6:
        act_copy(seq_u8(in));
        break;
      case 7:
        act_iterate(seq_u8(in));
        break;
      case 8:
        act_peek_batch(seq_u8(in));
        break;
      case 9:
        act_wait(seq_u8(in));
        break;
      case 10:
        act_fault(in);
        break;
      case 11:
        act_post(in);
        break;
      case 12:
        act_prep_rw(in);
        break;
      case 13:
        act_prep_timeout(in);
        break;
      case 14:
        act_prep_poll(in);
        break;
      case 15:
        act_prep_cancel(in);
        break;
      case 16:
        act_ready(seq_u8(in));
        break;
      default:
        act_advance(seq_u8(in));
        break;
    }
    if (env->step) env->step();
    check_counters();
  }
  drain();
}
