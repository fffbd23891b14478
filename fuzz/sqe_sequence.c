/* The sqe_sequence action language (see sqe_sequence.h): the SQE flags an input may ask
 * for, the actions, the cleanup and drain at the end of a run, and the run itself. The
 * model the actions keep and check is sqe_sequence_model.c's. */
#include "fuzz/sqe_sequence.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz/check.h"
#include "fuzz/sqe_sequence_internal.h"
#include "uring/mock/mock.h"
#include "uring/uring.h"

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
  if (!seq_s.caps->skip_success) f &= (uint8_t)~URING_SQE_CQE_SKIP_SUCCESS;
  return f;
}

/* SQE flags for a new or changed SQE. A drained request waits until everything before it
 * completed, and everything after it waits behind it (a cancel too): behind a multishot
 * poll, which only a cancel ends, that is a deadlock by design. So no drain while one may
 * be live. On 6.18 it is worse: once a drain was seen, a request submitted later may be
 * deferred until every request allocated before it is freed (io_queue_deferred while
 * drain_active stays set), a multishot poll armed after the drain included, so no drain
 * at all in an input with a multishot poll on the kernel, and no multishot poll after a
 * drain (act_prep_poll). */
static uint8_t usable_flags(uint8_t flags) {
  if (seq_s.multi_polls || (!seq_s.mock && seq_s.multi_seen))
    flags &= (uint8_t)~URING_SQE_IO_DRAIN;
  return flags;
}

/* An SQE and a record for a new request, or NULL (SQ full, or no records left). */
static struct uring_sqe *prep_begin(uint32_t hi, uint8_t kind, uint32_t *idp) {
  struct uring_sqe *sqe;
  uint32_t id;
  if (seq_s.nrec >= SEQ_MAX_RECS) return NULL;
  sqe = uring_get_sqe(seq_s.ring);
  if (!sqe) {
    /* Only a full SQ hands out nothing. */
    CHECK(uring_sq_space_left(seq_s.ring) == 0);
    return NULL;
  }
  id = seq_new_rec(hi * 0x01000193u);
  seq_s.recs[id].kind = kind;
  seq_s.recs[id].clean = 1;
  seq_s.recs[id].unordered =
      kind == K_TIMEOUT || kind == K_POLL || kind == K_CANCEL || kind == K_REMOVE;
  /* The mock zeroes big_cqe of everything but a NOP with URING_NOP_CQE32. */
  seq_s.recs[id].big = seq_s.mock != NULL;
  *idp = id;
  return sqe;
}

static void prep_end(struct uring_sqe *sqe, uint32_t id, uint8_t flags) {
  struct rec *r = &seq_s.recs[id];
  /* Counted before its flags are chosen: a multishot poll drains nothing either. */
  if (r->kind == K_POLL && r->multi) {
    seq_s.multi_polls++;
    seq_s.multi_seen = 1;
  }
  sqe->flags = usable_flags(flags);
  sqe->user_data = (uint64_t)r->hi << 32 | id;
  seq_set_rec_flags(r, sqe, seq_prev_of(seq_s.sq_prep));
  if (r->kind == K_POLL) seq_s.pend_seen = 1;
  r->state = REC_PREPPED;
  seq_s.sq_order[seq_s.sq_prep++] = id;
  seq_s.last_sqe = sqe;
  seq_s.last_pos = seq_s.ring->sq.sqe_tail - 1u;
  seq_s.last_rec = id;
}

static void act_prep(struct seq_input *in) {
  struct uring_sqe *sqe;
  struct rec *r;
  uint32_t id;
  uint8_t fsel = seq_u8(in), nsel = seq_u8(in), hi = seq_u8(in), flags;

  sqe = prep_begin(hi, K_NOP, &id);
  if (!sqe) return;
  r = &seq_s.recs[id];
  uring_prep_nop(sqe);
  flags = sqe_flags_for(fsel, seq_u8(in));
  /* NOP flags a kernel ignores would leave its CQE unexplained: plain NOPs there. */
  if ((nsel & 7) == 1 && !seq_s.caps->nop_inject) nsel &= (uint8_t)~7u;
  if ((nsel & 7) == 2 && !seq_s.caps->nop_cqe32) nsel &= (uint8_t)~7u;
  switch (nsel & 7) {
    case 1: {
      static const int32_t results[4] = {0, 1, -URING_EINVAL, -URING_ECANCELED};
      sqe->nop_flags = URING_NOP_INJECT_RESULT;
      sqe->len =
          (nsel & 8) ? (uint32_t)(int32_t)(int16_t)seq_u16(in) : (uint32_t)results[(nsel >> 4) & 3];
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
  r->big = (sqe->nop_flags & URING_NOP_CQE32) || seq_s.mock;
  prep_end(sqe, id, flags);
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
  r = &seq_s.recs[id];
  m = &seq_mem[id];
  if (op == 4) {
    uring_prep_fsync(sqe, seq_s.env->file_fd, (sel & 0x40) ? URING_FSYNC_DATASYNC : 0);
    prep_end(sqe, id, sqe_flags_for(fsel, raw));
    return;
  }
  /* The kernel's memfd would grow past its size (and a gap would read as zeroes): its
   * writes stay inside the file. */
  if (!seq_s.mock && wr)
    len = off >= SEQ_FILE_SIZE ? 0 : (len < SEQ_FILE_SIZE - off ? len : SEQ_FILE_SIZE - off);
  l1 = split % (len + 1u);
  r->wr = (uint8_t)wr;
  r->off = off;
  r->len = len;
  r->expect = seq_rw_expect(wr, off, len);
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
    if (vec && wr) uring_prep_writev(sqe, seq_s.env->file_fd, m->iov, 2, o);
    else if (vec) uring_prep_readv(sqe, seq_s.env->file_fd, m->iov, 2, o);
    else if (wr) uring_prep_write(sqe, seq_s.env->file_fd, buf, len, o);
    else uring_prep_read(sqe, seq_s.env->file_fd, buf, len, o);
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
  int multi = (sel & 0x08) != 0 && seq_s.caps->multishot_timeout;
  unsigned t = seq_s.mock ? (sel & 7u) : (sel & 7u) % 5u, count;
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
  seq_s.recs[id].multi = (uint8_t)multi;
  seq_s.recs[id].off = count;
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
  seq_s.recs[id].off = masks[(sel >> 1) & 3u];
  /* A pipe's read end is never writable: without POLLIN nothing could end a single-shot
   * poll on it, and a drain behind it would wait forever. */
  if (!seq_s.mock && (sel & 1u)) seq_s.recs[id].off |= SEQ_POLLIN;
  /* See usable_flags. */
  seq_s.recs[id].multi =
      (sel & 0x08) != 0 && (seq_s.mock || !seq_s.drained) && seq_s.caps->multishot_poll;
  if (seq_s.recs[id].multi)
    uring_prep_poll_multishot(sqe, seq_s.env->poll_fd[sel & 1u], seq_s.recs[id].off);
  else uring_prep_poll_add(sqe, seq_s.env->poll_fd[sel & 1u], seq_s.recs[id].off);
  prep_end(sqe, id, sqe_flags_for(fsel, raw));
}

/* ASYNC_CANCEL, TIMEOUT_REMOVE, POLL_REMOVE: [fsel][raw][hi][sel][back]. The target is
 * the request `back` % 32 records before this one; sel % 7 picks: cancel by user_data,
 * the same with ALL, ANY, ANY|ALL, FD|ALL on a polled fd, TIMEOUT_REMOVE, POLL_REMOVE. */
static void act_prep_cancel(struct seq_input *in) {
  uint8_t fsel = seq_u8(in), raw = seq_u8(in), hi = seq_u8(in), sel = seq_u8(in), back = seq_u8(in);
  uint32_t id, tid, n = seq_s.nrec < 32u ? seq_s.nrec : 32u;
  uint64_t ud;
  unsigned how = sel % 7u;
  struct uring_sqe *sqe;

  /* Without the match flags (5.19): by user_data. */
  if (!seq_s.caps->cancel_flags && how >= 1 && how <= 4) how = 0;

  /* With no record yet, a user_data nothing has (an empty cancel). */
  tid = n ? seq_s.nrec - 1u - back % n : 0;
  ud = n ? (uint64_t)seq_s.recs[tid].hi << 32 | tid : UINT64_MAX;
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
      uring_prep_cancel_fd(sqe, seq_s.env->poll_fd[sel & 1u], URING_ASYNC_CANCEL_ALL);
      break;
    case 5:
      uring_prep_timeout_remove(sqe, ud, 0);
      break;
    default:
      uring_prep_poll_remove(sqe, ud);
      break;
  }
  /* ANY alone counts like ALL (the kernel, and the mock with it, treat ANY as ALL). */
  seq_s.recs[id].all = how >= 1 && how <= 4;
  prep_end(sqe, id, sqe_flags_for(fsel, raw));
}

/* [b]: b & 1 picks the fd; (b >> 1) & 7 the events it has (0: none). */
static void act_ready(uint8_t b) {
  static const uint32_t masks[8] = {0, SEQ_POLLIN, SEQ_POLLOUT, SEQ_POLLIN | SEQ_POLLOUT,
                                    SEQ_POLLHUP, SEQ_POLLIN, 0, SEQ_POLLIN};
  uint32_t mask = masks[(b >> 1) & 7u];
  if (seq_s.mock) CHECK(uring_mock_set_ready(seq_s.mock, seq_s.env->poll_fd[b & 1u], mask) == 0);
  else seq_s.env->ready(b & 1u, mask != 0);
}

/* [b]: the mock's virtual clock moves on; nothing on the kernel, whose timeouts are a
 * few microseconds. */
static void act_advance(uint8_t b) {
  static const uint64_t ns[8] = {500, 1 * NS_PER_US, 10 * NS_PER_US, 100 * NS_PER_US,
                                 1000 * NS_PER_US, 2 * NS_PER_SEC, 3 * NS_PER_US, 50 * NS_PER_US};
  if (seq_s.mock) CHECK(uring_mock_advance_clock(seq_s.mock, ns[b & 7u]) == 0);
}

static void act_set_flags(struct seq_input *in) {
  uint8_t fsel = seq_u8(in), raw = seq_u8(in);
  /* Only while the SQE is the library's alone: not yet published by a submit. */
  if (!seq_s.last_sqe || (int32_t)(seq_s.last_pos - seq_s.ring->sq.sqe_head) < 0) return;
  if (seq_s.recs[seq_s.last_rec].state != REC_PREPPED) return;
  seq_s.last_sqe->flags = usable_flags(sqe_flags_for(fsel, raw));
  seq_set_rec_flags(&seq_s.recs[seq_s.last_rec], seq_s.last_sqe, seq_prev_of(seq_s.sq_prep - 1u));
}

/* What a wait may ask for: anything on the mock (which answers instead of sleeping), only
 * completions sure to come on the kernel. */
static unsigned wait_count(uint8_t b) {
  unsigned n = b & 7u;
  if (!seq_s.mock && n > seq_s.guaranteed) n = seq_s.guaranteed;
  return n;
}

static void act_submit(int wait, uint8_t b) {
  uint32_t before = __atomic_load_n(seq_s.ring->sq.khead, __ATOMIC_RELAXED);
  unsigned n = wait ? wait_count(b) : 0;
  /* The mock takes every SQE published unless told to stop short, or (without SUBMIT_ALL)
   * an SQE it refuses ends the batch. */
  int whole =
      seq_s.mock && !seq_s.mock->short_armed && (seq_s.ring->flags & URING_SETUP_SUBMIT_ALL);
  int ret;
  if (wait && !n) return;
  ret = wait ? uring_submit_and_wait(seq_s.ring, n) : uring_submit(seq_s.ring);
  seq_check_ret(ret);
  /* It returns the number the kernel consumed. */
  if (ret >= 0)
    CHECK((uint32_t)ret == __atomic_load_n(seq_s.ring->sq.khead, __ATOMIC_RELAXED) - before);
  if (ret >= 0 && whole) CHECK(uring_sq_ready(seq_s.ring) == 0);
}

static void act_peek(void) {
  struct uring_cqe *cqe = NULL;
  int ret = uring_peek_cqe(seq_s.ring, &cqe);
  if (ret == 0) {
    CHECK(cqe != NULL);
    seq_check_cqe(cqe, seq_s.cqe32 ? uring_cqe_big(cqe) : NULL);
    uring_cqe_seen(seq_s.ring, cqe);
  } else {
    CHECK(cqe == NULL);
    seq_check_ret(ret);
  }
}

static void act_copy(uint8_t b) {
  unsigned max = 1u + (b & 15u), n;
  if (seq_s.cqe32) {
    struct uring_cqe32 out[16];
    n = uring_copy_cqes32(seq_s.ring, out, max);
    CHECK(n <= max);
    for (unsigned i = 0; i < n; i++)
      seq_check_cqe((const struct uring_cqe *)(const void *)&out[i], out[i].big_cqe);
  } else {
    struct uring_cqe out[16];
    n = uring_copy_cqes(seq_s.ring, out, max);
    CHECK(n <= max);
    for (unsigned i = 0; i < n; i++) seq_check_cqe(&out[i], NULL);
  }
}

static void act_iterate(uint8_t b) {
  unsigned limit = b & 15u, k = 0;
  struct uring_cq_iter it;
  struct uring_cqe *cqe;
  uring_for_each_cqe(seq_s.ring, it, cqe) {
    seq_check_cqe(cqe, seq_s.cqe32 ? uring_cqe_big(cqe) : NULL);
    if (limit && ++k >= limit) break;
  }
  (void)uring_cq_iter_end(seq_s.ring, &it);
}

static void act_peek_batch(uint8_t b) {
  struct uring_cqe *cqes[16];
  unsigned count = 1u + (b & 15u), n, keep;
  n = uring_peek_batch_cqe(seq_s.ring, cqes, count);
  CHECK(n <= count && n <= uring_cq_ready(seq_s.ring));
  /* Frees only the first `keep`: the others stay for a later reap, unchecked now. */
  keep = (b >> 4) % (n + 1u);
  for (unsigned i = 0; i < keep; i++)
    seq_check_cqe(cqes[i], seq_s.cqe32 ? uring_cqe_big(cqes[i]) : NULL);
  uring_cq_advance(seq_s.ring, keep);
}

static void act_wait(uint8_t b) {
  struct uring_cqe *cqe = NULL;
  unsigned n = wait_count(b);
  int ret;
  if (!n) return;
  ret = uring_wait_cqe_nr(seq_s.ring, &cqe, n);
  seq_check_ret(ret);
  if (ret == 0) {
    CHECK(cqe != NULL && uring_cq_ready(seq_s.ring) >=
                             (n < seq_s.ring->cq.ring_entries ? n : seq_s.ring->cq.ring_entries));
    seq_check_cqe(cqe, seq_s.cqe32 ? uring_cqe_big(cqe) : NULL);
    uring_cqe_seen(seq_s.ring, cqe);
  }
}

static void act_fault(struct seq_input *in) {
  static const int errs[3] = {-URING_EAGAIN, -URING_EBUSY, -URING_EINTR};
  uint8_t b = seq_u8(in);
  if (!seq_s.mock) return;
  switch (b & 3) {
    case 0:
      uring_mock_fail_next_enter(seq_s.mock, errs[(b >> 2) % 3]);
      break;
    case 1:
      uring_mock_short_submit_next(seq_s.mock, (b >> 2) & 7u);
      break;
    case 2:
      uring_mock_inject_nop_result(seq_s.mock, (int32_t)(int16_t)seq_u16(in), (b >> 2) & 7u);
      seq_s.injected = 1;
      break;
    default:
      break;
  }
}

static void act_post(struct seq_input *in) {
  uint32_t id;
  struct rec *r;
  int ret;
  if (!seq_s.mock || seq_s.nrec >= SEQ_MAX_RECS) return;
  id = seq_new_rec(0x80000000u | seq_u8(in));
  r = &seq_s.recs[id];
  r->posted = 1;
  r->res = (int32_t)(int16_t)seq_u16(in);
  /* Flags the library gives meaning only in CQE_MIXED rings are left out. */
  r->flags = seq_u8(in);
  r->b0 = seq_u32(in);
  r->b1 = ~r->b0;
  if (!seq_s.cqe32) r->b0 = r->b1 = 0;
  ret = uring_mock_post_cqe(seq_s.mock, (uint64_t)r->hi << 32 | id, r->res, r->flags, r->b0, r->b1);
  if (ret == -URING_ENOSPC) {
    seq_s.lost_known++;
    r->state = REC_DONE;
    return;
  }
  CHECK(ret == 0);
  r->state = REC_INFLIGHT;
  r->ord = seq_s.ord_tail;
  seq_s.order[seq_s.ord_tail++] = id;
  /* Posted completions are in the CQ or its backlog: sure to arrive unless lost. */
  r->sure = 1;
  seq_s.guaranteed++;
  seq_s.owed++;
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
  if (seq_s.nrec >= SEQ_RECS || (sqe = uring_get_sqe(seq_s.ring)) == NULL) return 0;
  id = seq_new_rec(0x7fffffffu);
  seq_s.recs[id].kind = K_CANCEL;
  seq_s.recs[id].unordered = 1;
  seq_s.recs[id].clean = 1;
  seq_s.recs[id].all = (flags & URING_ASYNC_CANCEL_ALL) != 0;
  seq_s.recs[id].big = seq_s.mock != NULL;
  uring_prep_cancel64(sqe, ud, (int)flags);
  sqe->user_data = (uint64_t)seq_s.recs[id].hi << 32 | id;
  seq_set_rec_flags(&seq_s.recs[id], sqe, seq_prev_of(seq_s.sq_prep));
  seq_s.recs[id].state = REC_PREPPED;
  seq_s.sq_order[seq_s.sq_prep++] = id;
  ret = uring_submit(seq_s.ring);
  seq_check_ret(ret);
  seq_check_counters();
  return 1;
}

static void cleanup(void) {
  for (unsigned i = 0; i < 2; i++) {
    if (seq_s.mock)
      CHECK(uring_mock_set_ready(seq_s.mock, seq_s.env->poll_fd[i], SEQ_POLLIN | SEQ_POLLOUT) == 0);
    else seq_s.env->ready(i, 1);
  }
  if (seq_s.caps->cancel_flags) {
    (void)cleanup_cancel(0, URING_ASYNC_CANCEL_ANY | URING_ASYNC_CANCEL_ALL);
  } else {
    /* Before 5.19 a cancel names one request: one per timeout and poll still in flight. */
    for (uint32_t i = 0; i < seq_s.nrec; i++) {
      const struct rec *r = &seq_s.recs[i];
      if (r->state != REC_INFLIGHT || (r->kind != K_TIMEOUT && r->kind != K_POLL)) continue;
      if (!cleanup_cancel((uint64_t)r->hi << 32 | i, 0)) break;
    }
  }
  /* Timeouts are a second at most, multishot ones repeat at most four times. */
  if (seq_s.mock) CHECK(uring_mock_advance_clock(seq_s.mock, 4 * NS_PER_SEC) == 0);
}

/* Submits and reaps until nothing is left, then checks every request that had to complete
 * did. Bounded: each round either consumes SQEs or reaps CQEs, or cleans up (a bounded
 * number of times), or waits with a timeout (a bounded number of times), or the loop
 * ends. */
static void drain(void) {
  unsigned cleanups = 0, idle = 0, cleaned_at = 0;
  if (seq_s.mock) {
    uring_mock_fail_next_enter(seq_s.mock, 0);
    uring_mock_inject_nop_result(seq_s.mock, 0, 0);
    seq_s.mock->short_armed = 0;
  }
  for (unsigned round = 0; round < 4 * SEQ_RECS; round++) {
    unsigned got = 0, n;
    int ret = uring_submit(seq_s.ring);
    seq_check_ret(ret);
    seq_check_counters();
    do {
      struct uring_cqe out[16];
      n = uring_copy_cqes(seq_s.ring, out, 16);
      for (unsigned i = 0; i < n; i++) seq_check_cqe(&out[i], NULL);
      got += n;
    } while (n);
    seq_check_counters();
    if (got) continue;
    if (uring_sq_ready(seq_s.ring)) continue;
    if (uring_cq_pending(seq_s.ring)) continue;
    if (seq_s.mock) {
      /* Nothing completes on the mock but inside a call: once nothing pends, what has not
       * come was lost. */
      if (!uring_mock_pending(seq_s.mock) || cleanups >= SEQ_DRAIN_RECS) break;
      cleanups++;
      cleanup();
      continue;
    }
    if (!seq_s.owed) break;
    /* Once a request that may pend is owed, wake and cancel what is left; again after
     * each wait that came back empty (a cancellation may have let a drained request or
     * chain member arm another poll). */
    if (((seq_s.owed > seq_s.guaranteed && !cleanups) || idle > cleaned_at) &&
        cleanups < SEQ_DRAIN_RECS) {
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
      ret = uring_wait_cqe_timeout(seq_s.ring, &cqe, &ts);
      /* -EINTR: libFuzzer's timeout alarm (SIGALRM) interrupted the wait. */
      CHECK(ret == 0 || ret == -URING_EINTR || ret == -URING_ETIME);
      if (ret == -URING_ETIME && ++idle >= 8) break;
    }
  }
  CHECK(uring_sq_ready(seq_s.ring) == 0);
  CHECK(seq_s.sq_cons == seq_s.sq_prep);
  /* On the kernel, a skipped request that failed in io-wq may post its CQE at any time. */
  if (seq_s.mock) CHECK(uring_cq_ready(seq_s.ring) == 0 && uring_mock_pending(seq_s.mock) == 0);
  if (seq_s.ordered) {
    /* What never came was lost (or skipped); chain members passed over included. */
    for (uint32_t i = 0; i < seq_s.nrec; i++) {
      struct rec *r = &seq_s.recs[i];
      if (r->state != REC_INFLIGHT) continue;
      if (!r->optional) seq_s.lost_seen++;
      seq_retire(r);
    }
    seq_s.ord_head = seq_s.ord_tail;
  }
  seq_check_counters();
  if (!seq_s.mock || seq_s.mock->stats.cqes_lost == 0)
    CHECK(seq_s.owed == 0 && seq_s.guaranteed == 0 && seq_s.lost_seen == 0);
  if (seq_s.mock) CHECK(seq_s.mock->stats.cqes_lost == seq_koverflow());
}

void seq_run(struct uring *ring, struct uring_mock *mock, const struct seq_env *env,
             const struct seq_caps *caps, int ordered, struct seq_input *in) {
  memset(&seq_s, 0, offsetof(struct seq_state, sq_order));
  seq_s.ring = ring;
  seq_s.mock = mock;
  seq_s.caps = caps ? caps : &seq_caps_all;
  seq_s.env = env;
  if (seq_image[0] != seq_pattern(0))
    for (uint32_t i = 0; i < sizeof seq_image; i++) seq_image[i] = seq_pattern(i);
  seq_s.ordered = ordered;
  seq_s.cqe32 = (ring->flags & URING_SETUP_CQE32) != 0;
  seq_s.last_khead = __atomic_load_n(ring->sq.khead, __ATOMIC_RELAXED);
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
    seq_check_counters();
  }
  drain();
}
