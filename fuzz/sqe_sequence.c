/* The sqe_sequence action language and its model (see sqe_sequence.h). */
#include "fuzz/sqe_sequence.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "uring/mock/mock.h"
#include "uring/uring.h"

/* Errors the mock's wait answers with instead of sleeping (mock.h, "enter"). */
#define SEQ_EDEADLK 35
#define SEQ_EBADR 53

/* Requests and posted CQEs one input can create; the rest of a longer input only reaps. */
#define SEQ_MAX_RECS 8192u

#define CHECK(cond)                      \
  do {                                   \
    if (!(cond)) __builtin_trap();       \
  } while (0)

uint8_t seq_u8(struct seq_input *in) {
  if (!in->n) return 0;
  in->n--;
  return *in->p++;
}

uint16_t seq_u16(struct seq_input *in) {
  uint16_t lo = seq_u8(in);
  return (uint16_t)(lo | (uint16_t)seq_u8(in) << 8);
}

uint32_t seq_u32(struct seq_input *in) {
  uint32_t lo = seq_u16(in);
  return lo | (uint32_t)seq_u16(in) << 16;
}

void seq_decode_setup(struct seq_input *in, struct seq_setup *s) {
  uint8_t size = seq_u8(in), fl = seq_u8(in), cq = seq_u8(in);
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
}

enum { REC_FREE = 0, REC_PREPPED, REC_INFLIGHT, REC_DONE };

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
  uint32_t hi;    /* the upper half of user_data */
  int32_t res;    /* posted: the res it carries */
  uint32_t flags; /* posted: the flags it carries */
  uint32_t ord;   /* its place in the completion order */
  uint64_t b0, b1;
};

static struct {
  struct uring *ring;
  struct uring_mock *mock;
  int ordered;
  int cqe32;
  int injected;          /* the mock was told to override NOP results */
  int drained;           /* an SQE asked for URING_SQE_IO_DRAIN */
  uint32_t nrec;
  /* sq_order[sq_cons, sq_prep): prepped, not yet consumed, in SQ order. */
  uint32_t sq_cons, sq_prep;
  uint32_t last_khead;
  /* order[ord_head, ord_tail): in flight, in the order their completions are posted. */
  uint32_t ord_head, ord_tail;
  uint32_t guaranteed;   /* in flight, and sure to post a CQE */
  uint32_t lost_known;   /* posts the mock refused (backlog full) */
  uint32_t lost_seen;    /* requests passed over that had to post a CQE */
  /* The last prepped SQE, while the library has not published it. */
  struct uring_sqe *last_sqe;
  uint32_t last_pos, last_rec;
  /* Arrays last: seq_run resets everything before them. */
  uint32_t sq_order[SEQ_MAX_RECS];
  uint32_t order[SEQ_MAX_RECS];
  struct rec recs[SEQ_MAX_RECS];
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
    if (!S.recs[r].optional) S.guaranteed++;
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
  if (!r->optional && r->state == REC_INFLIGHT) {
    CHECK(S.guaranteed > 0);
    S.guaranteed--;
  }
  r->state = REC_DONE;
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
  if (S.ordered && !r->chained) {
    /* Everything posted before it is gone: skipped on success, or lost. Chain members
     * and drained requests may still come. */
    CHECK((int32_t)(r->ord - S.ord_head) >= 0);
    for (uint32_t pos = S.ord_head; pos != r->ord; pos++) {
      struct rec *before = &S.recs[S.order[pos]];
      if (before->chained) continue;
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
  if (r->skip) CHECK(cqe->res < 0);
  if (r->plain && !S.injected) CHECK(cqe->res == 0);
  if (big && r->big && cqe->res >= 0) CHECK(big[0] == r->b0 && big[1] == r->b1);
}

static void check_ret(int ret) {
  if (ret >= 0) return;
  if (ret == -URING_EAGAIN || ret == -URING_EBUSY || ret == -URING_EINTR || ret == -URING_ETIME)
    return;
  /* The mock's answers to a wait nothing can satisfy any more. */
  if (S.mock && (ret == -SEQ_EDEADLK || ret == -SEQ_EBADR)) return;
  __builtin_trap();
}

static uint32_t new_rec(uint32_t hi) {
  uint32_t id = S.nrec++;
  memset(&S.recs[id], 0, sizeof S.recs[id]);
  S.recs[id].hi = hi;
  return id;
}

static uint8_t sqe_flags_for(uint8_t sel, uint8_t raw) {
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

#define CHAIN_FLAGS (URING_SQE_IO_LINK | URING_SQE_IO_HARDLINK | URING_SQE_IO_DRAIN)

#define LINK_FLAGS (URING_SQE_IO_LINK | URING_SQE_IO_HARDLINK)

/* `prev`: the request before it in the SQ (NULL for none), whose link would make this
 * one a chain member. */
static void set_rec_flags(struct rec *r, const struct uring_sqe *sqe, const struct rec *prev) {
  uint8_t prev_flags = prev ? prev->flags8 : 0;
  int member = (prev_flags & LINK_FLAGS) != 0;
  r->flags8 = sqe->flags;
  r->skip = (sqe->flags & URING_SQE_CQE_SKIP_SUCCESS) != 0;
  /* A chain member is cancelled when a request before it fails. */
  r->plain = sqe->flags == 0 && sqe->nop_flags == 0 && !member;
  /* Once a drain was asked for, anything after it may wait behind it (and on the mock,
   * with every pending slot taken, complete at once with -EAGAIN): no order or result
   * checks for those. */
  if (sqe->flags & URING_SQE_IO_DRAIN) S.drained = 1;
  if (S.drained) r->plain = 0;
  r->chained = ((sqe->flags | prev_flags) & CHAIN_FLAGS) != 0 || S.drained;
  r->optional = r->skip || (member && prev->optional);
}

static const struct rec *prev_of(uint32_t sq_index) {
  if (sq_index == 0) return NULL;
  return &S.recs[S.sq_order[sq_index - 1]];
}

static void act_prep(struct seq_input *in) {
  struct uring_sqe *sqe;
  struct rec *r;
  uint32_t id;
  uint8_t fsel = seq_u8(in), nsel = seq_u8(in), hi = seq_u8(in);

  if (S.nrec >= SEQ_MAX_RECS) return;
  sqe = uring_get_sqe(S.ring);
  if (!sqe) {
    /* Only a full SQ hands out nothing. */
    CHECK(uring_sq_space_left(S.ring) == 0);
    return;
  }
  id = new_rec((uint32_t)hi * 0x01000193u);
  r = &S.recs[id];
  uring_prep_nop(sqe);
  sqe->flags = sqe_flags_for(fsel, seq_u8(in));
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
  /* NOP fills big_cqe only when asked (URING_NOP_CQE32); the mock zeroes it otherwise. */
  r->big = (sqe->nop_flags & URING_NOP_CQE32) || S.mock;
  sqe->user_data = (uint64_t)r->hi << 32 | id;
  set_rec_flags(r, sqe, prev_of(S.sq_prep));
  r->state = REC_PREPPED;
  S.sq_order[S.sq_prep++] = id;
  S.last_sqe = sqe;
  S.last_pos = S.ring->sq.sqe_tail - 1u;
  S.last_rec = id;
}

static void act_set_flags(struct seq_input *in) {
  uint8_t fsel = seq_u8(in), raw = seq_u8(in);
  /* Only while the SQE is the library's alone: not yet published by a submit. */
  if (!S.last_sqe || (int32_t)(S.last_pos - S.ring->sq.sqe_head) < 0) return;
  if (S.recs[S.last_rec].state != REC_PREPPED) return;
  S.last_sqe->flags = sqe_flags_for(fsel, raw);
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
  S.guaranteed++;
}

/* Submits and reaps until nothing is left, then checks every request that had to complete
 * did. Bounded: each round either consumes SQEs or reaps CQEs, or the loop ends. */
static void drain(void) {
  if (S.mock) {
    uring_mock_fail_next_enter(S.mock, 0);
    uring_mock_inject_nop_result(S.mock, 0, 0);
    S.mock->short_armed = 0;
  }
  for (unsigned round = 0; round < 4 * SEQ_MAX_RECS; round++) {
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
    if (!S.mock && S.guaranteed) {
      /* Requests the kernel runs elsewhere (io-wq) complete later: wait, with a timeout
       * far beyond what a NOP takes, so a lost completion fails instead of hanging. */
      struct uring_timespec ts = {10, 0};
      struct uring_cqe *cqe = NULL;
      ret = uring_wait_cqe_timeout(S.ring, &cqe, &ts);
      /* -EINTR: libFuzzer's timeout alarm (SIGALRM) interrupted the wait. */
      CHECK(ret == 0 || ret == -URING_EINTR);
      continue;
    }
    break;
  }
  CHECK(uring_sq_ready(S.ring) == 0);
  CHECK(S.sq_cons == S.sq_prep);
  /* On the kernel, a skipped request that failed in io-wq may post its CQE at any time. */
  if (S.mock) CHECK(uring_cq_ready(S.ring) == 0);
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
  if (!S.mock || S.mock->stats.cqes_lost == 0) CHECK(S.guaranteed == 0 && S.lost_seen == 0);
  if (S.mock) CHECK(S.mock->stats.cqes_lost == koverflow());
}

void seq_run(struct uring *ring, struct uring_mock *mock, int ordered, struct seq_input *in) {
  memset(&S, 0, offsetof(__typeof__(S), sq_order));
  S.ring = ring;
  S.mock = mock;
  S.ordered = ordered;
  S.cqe32 = (ring->flags & URING_SETUP_CQE32) != 0;
  S.last_khead = __atomic_load_n(ring->sq.khead, __ATOMIC_RELAXED);
  while (in->n) {
    uint8_t op = seq_u8(in);
    switch (op % 12) {
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
      default:
        act_post(in);
        break;
    }
    check_counters();
  }
  drain();
}
