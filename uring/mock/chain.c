/* Requests past their SQE: the slots pending requests wait in, link chains and how they
 * go on or fail, the follow-up queue that stands in for the kernel's task work, drains. */
#include <stddef.h>
#include <stdint.h>

#include "uring/mock/internal.h"
#include "uring/mock/mock.h"
#include "uring/sys/abi.h"
#include "uring/sys/errcodes.h"

static void do_followup(struct uring_mock *m, uint32_t kind, struct ref r, int32_t res);

/* --- Slots and chains ------------------------------------------------------------- */

static int slot_alloc(struct uring_mock *m) {
  for (uint32_t i = 0; i < URING_MOCK_MAX_PENDING; i++)
    if (m->reqs[i].state == RQ_FREE) return (int)i;
  return -1;
}

static uint32_t slots_free(const struct uring_mock *m) {
  uint32_t n = 0;
  for (uint32_t i = 0; i < URING_MOCK_MAX_PENDING; i++) n += m->reqs[i].state == RQ_FREE;
  return n;
}

static void slot_free(struct uring_mock *m, uint32_t s) {
  zero(&m->reqs[s], sizeof m->reqs[s]);
}

/* Members from `r` to the end of its chain. */
static uint32_t chain_len(const struct uring_mock *m, struct ref r) {
  uint32_t n = 1;
  if (r.in_table) {
    for (uint32_t s = r.at; m->reqs[s].next; s = m->reqs[s].next - 1) n++;
    return n;
  }
  return r.end - r.at + 1;
}

/* Copies the chain from SQ position r.at to r.end into request slots, with `state` for
 * the first and `rest_state` for the others; the first slot, or -1 when the table is too
 * small. */
static int copy_chain(struct uring_mock *m, struct ref r, uint32_t state, uint32_t rest_state) {
  int first = -1, prev = -1;
  if (chain_len(m, r) > slots_free(m)) return -1;
  for (;;) {
    int s = slot_alloc(m);
    struct uring_mock_req *q = &m->reqs[s];
    copy_sqe(&q->sqe, sqe_at_pos(m, r.at));
    q->init_err = uring_mock_priv_sqe_check(m, &q->sqe, r.at, 0);
    q->state = first < 0 ? state : rest_state;
    q->next = 0;
    q->seq = m->arm_seq++;
    if (prev >= 0) m->reqs[prev].next = (uint32_t)s + 1;
    if (first < 0) first = s;
    prev = s;
    if (r.at == r.end) break;
    r.at++;
  }
  return first;
}

/* The member after `r` in its chain, if `r` links on. */
static int chain_next(const struct uring_mock *m, struct ref r, const struct uring_sqe *sqe,
                      struct ref *out) {
  if (!(sqe->flags & LINK_FLAGS)) return 0;
  if (r.in_table) {
    if (!m->reqs[r.at].next) return 0;
    out->at = m->reqs[r.at].next - 1;
    out->end = 0;
    out->in_table = 1;
    return 1;
  }
  if (r.at == r.end) return 0;
  out->at = r.at + 1;
  out->end = r.end;
  out->in_table = 0;
  return 1;
}

/* Arms the pending request at `r` in a slot (with its chain behind it, and the
 * LINK_TIMEOUT that guards it armed beside it). The slot, or -1 when the table is full. */
int uring_mock_priv_arm(struct uring_mock *m, struct ref r, uint32_t state) {
  const struct uring_sqe *sqe = ref_sqe(m, r);
  struct ref nx;
  int s, has_next = chain_next(m, r, sqe, &nx);
  uint32_t need = 1 + (has_next ? chain_len(m, nx) : 0);

  if (!r.in_table && need > slots_free(m)) return -1;
  if (r.in_table) {
    s = (int)r.at;
  } else {
    s = slot_alloc(m);
    copy_sqe(&m->reqs[s].sqe, sqe);
    m->reqs[s].next = 0;
  }
  m->reqs[s].state = state;
  m->reqs[s].seq = m->arm_seq++;
  if (has_next && !r.in_table) {
    int first = copy_chain(m, nx, RQ_WAIT, RQ_WAIT);
    m->reqs[s].next = (uint32_t)first + 1;
  }
  if (m->reqs[s].next) {
    uint32_t t = m->reqs[s].next - 1;
    if (m->reqs[t].sqe.opcode == URING_OP_LINK_TIMEOUT && !m->reqs[t].init_err) {
      uint64_t ns = 0;
      (void)uring_mock_priv_ts_to_ns(m->reqs[t].sqe.addr, &ns);
      /* Out of the chain: the guarded request goes on to the member after it. */
      m->reqs[s].next = m->reqs[t].next;
      m->reqs[t].next = 0;
      m->reqs[t].state = RQ_LTIMEOUT;
      m->reqs[t].deadline = uring_mock_priv_deadline_from(m, ns, m->reqs[t].sqe.timeout_flags);
      m->reqs[t].ltimeout = (uint32_t)s + 1;
      m->reqs[s].ltimeout = t + 1;
    }
  }
  return s;
}

/* --- Completing and failing ------------------------------------------------------- */

void uring_mock_priv_push_followup(struct uring_mock *m, uint32_t kind, struct ref r, int32_t res) {
  struct uring_mock_followup *f;
  while (m->fu_count == URING_MOCK_FOLLOWUPS) {
    /* Full: run the oldest now, which may queue one more behind it. */
    struct uring_mock_followup old = m->fu[m->fu_head];
    struct ref o = {old.at, old.end, old.in_table};
    m->fu_head = (m->fu_head + 1) % URING_MOCK_FOLLOWUPS;
    m->fu_count--;
    do_followup(m, old.kind, o, old.res);
  }
  f = &m->fu[(m->fu_head + m->fu_count) % URING_MOCK_FOLLOWUPS];
  f->at = r.at;
  f->end = r.end;
  f->in_table = (uint8_t)r.in_table;
  f->kind = (uint8_t)kind;
  f->res = res;
  m->fu_count++;
}

void uring_mock_priv_complete(struct uring_mock *m, struct ref r, int32_t res, uint32_t cflags,
                              int broke) {
  uring_mock_priv_complete_big(m, r, res, cflags, broke, 0, 0);
}

/* Count-based timeouts whose count was reached complete with 0 (io_flush_timeouts). */
void uring_mock_priv_flush_count_timeouts(struct uring_mock *m) {
  for (uint32_t i = 0; i < URING_MOCK_MAX_PENDING; i++) {
    struct uring_mock_req *q = &m->reqs[i];
    if (q->state != RQ_TIMEOUT || !q->target || m->completions < q->target) continue;
    struct ref r = {i, 0, 1};
    m->timeouts_fired++;
    uring_mock_priv_complete(m, r, 0, 0, 0);
  }
}

/* Posts a request's completion (unless it fully succeeded with CQE_SKIP_SUCCESS), then queues
 * the next chain member: to run, or, when this one `broke` the link and it is not a hard
 * link, to be cancelled. A slot is freed. */
void uring_mock_priv_complete_big(struct uring_mock *m, struct ref r, int32_t res, uint32_t cflags,
                                  int broke, uint64_t big0, uint64_t big1) {
  struct uring_sqe sqe;
  struct ref nx;
  int has_next, counted;
  uint32_t lt = r.in_table ? m->reqs[r.at].ltimeout : 0;

  copy_sqe(&sqe, ref_sqe(m, r));
  has_next = chain_next(m, r, &sqe, &nx);
  if (r.in_table) slot_free(m, r.at);
  counted = 0;
  /* A request that broke its link failed in the kernel's eyes (a short read or write too:
   * req_set_fail), and a failure's CQE is never skipped. */
  if (!(res >= 0 && !broke && (sqe.flags & URING_SQE_CQE_SKIP_SUCCESS))) {
    (void)uring_mock_priv_post(m, sqe.user_data, res, cflags, big0, big1);
    counted = sqe.opcode != URING_OP_TIMEOUT;
  }
  if (lt) {
    /* It finished before its LINK_TIMEOUT fired: that one is cancelled. */
    struct uring_mock_req *t = &m->reqs[lt - 1];
    if (t->state == RQ_LTIMEOUT) {
      struct ref tr = {lt - 1, 0, 1};
      t->ltimeout = 0;
      t->state = RQ_WAIT;
      uring_mock_priv_push_followup(m, FU_DONE, tr, -URING_ECANCELED);
    }
  } else if (has_next && ref_sqe(m, nx)->opcode == URING_OP_LINK_TIMEOUT) {
    /* Completed inline: its LINK_TIMEOUT never armed and is cancelled (io_disarm_next);
     * the chain goes on after it. */
    struct uring_sqe lts;
    struct ref after;
    int more;
    copy_sqe(&lts, ref_sqe(m, nx));
    more = chain_next(m, nx, &lts, &after);
    if (nx.in_table) slot_free(m, nx.at);
    (void)uring_mock_priv_post(m, lts.user_data, -URING_ECANCELED, 0, 0, 0);
    counted++;
    if (broke && more && !(sqe.flags & URING_SQE_IO_HARDLINK)) {
      uring_mock_priv_push_followup(m, FU_FAIL, after,
                                    (sqe.flags & URING_SQE_CQE_SKIP_SUCCESS) != 0);
      has_next = 0;
    } else {
      has_next = more;
      nx = after;
    }
  }
  if (has_next) {
    if (broke && !(sqe.flags & URING_SQE_IO_HARDLINK))
      uring_mock_priv_push_followup(m, FU_FAIL, nx, (sqe.flags & URING_SQE_CQE_SKIP_SUCCESS) != 0);
    else
      uring_mock_priv_push_followup(m, FU_RUN, nx, 0);
  }
  if (counted) {
    m->completions += (uint64_t)counted;
    uring_mock_priv_flush_count_timeouts(m);
  }
}

/* Cancels every member from `r` on: each posts its own submission error, or -ECANCELED
 * (even with CQE_SKIP_SUCCESS: a failure is never skipped), unless `silent`: when the
 * request that broke the chain had CQE_SKIP_SUCCESS, the kernel posts nothing for the
 * rest (REQ_F_SKIP_LINK_CQES, 5.17; seen on 6.18). */
static void fail_chain(struct uring_mock *m, struct ref r, int silent) {
  for (;;) {
    struct uring_sqe sqe;
    struct ref nx;
    int32_t res;
    int more;
    copy_sqe(&sqe, ref_sqe(m, r));
    if (r.in_table) {
      res = m->reqs[r.at].init_err;
      more = m->reqs[r.at].next != 0;
      nx.at = m->reqs[r.at].next - 1;
      nx.end = 0;
      nx.in_table = 1;
      slot_free(m, r.at);
    } else {
      res = uring_mock_priv_sqe_check(m, &sqe, r.at, 0);
      more = r.at != r.end;
      nx.at = r.at + 1;
      nx.end = r.end;
      nx.in_table = 0;
    }
    if (!silent) {
      (void)uring_mock_priv_post(m, sqe.user_data, res ? res : -URING_ECANCELED, 0, 0, 0);
      if (sqe.opcode != URING_OP_TIMEOUT) m->completions++;
    }
    if (!more) break;
    r = nx;
  }
  uring_mock_priv_flush_count_timeouts(m);
}

/* --- Follow-ups, drains, chain starts --------------------------------------------- */

static void do_followup(struct uring_mock *m, uint32_t kind, struct ref r, int32_t res) {
  if (kind == FU_RUN) {
    if (r.in_table) m->reqs[r.at].state = RQ_WAIT;
    uring_mock_priv_issue(m, r);
  } else if (kind == FU_FAIL) {
    fail_chain(m, r, res);
  } else {
    uring_mock_priv_complete(m, r, res, 0, res < 0);
  }
}

void uring_mock_priv_run_followups(struct uring_mock *m) {
  while (m->fu_count) {
    struct uring_mock_followup f = m->fu[m->fu_head];
    struct ref r = {f.at, f.end, f.in_table};
    m->fu_head = (m->fu_head + 1) % URING_MOCK_FOLLOWUPS;
    m->fu_count--;
    do_followup(m, f.kind, r, f.res);
  }
}

/* Requests a drain waits for: everything submitted and not finished, except what is
 * itself deferred. */
static uint32_t in_flight(const struct uring_mock *m) {
  uint32_t n = m->fu_count;
  for (uint32_t i = 0; i < URING_MOCK_MAX_PENDING; i++) {
    uint32_t st = m->reqs[i].state;
    n += st == RQ_TIMEOUT || st == RQ_POLL || st == RQ_LTIMEOUT || st == RQ_WAIT ||
         st == RQ_PCANCEL;
  }
  return n;
}

static int oldest_deferred(const struct uring_mock *m) {
  int best = -1;
  for (uint32_t i = 0; i < URING_MOCK_MAX_PENDING; i++)
    if (m->reqs[i].state == RQ_DEFER && (best < 0 || m->reqs[i].seq < m->reqs[best].seq))
      best = (int)i;
  return best;
}

static int chain_drains(const struct uring_mock *m, uint32_t s) {
  for (;;) {
    if (m->reqs[s].sqe.flags & URING_SQE_IO_DRAIN) return 1;
    if (!m->reqs[s].next) return 0;
    s = m->reqs[s].next - 1;
  }
}

/* Starts deferred chains in order, each drained one once nothing before it is in flight. */
void uring_mock_priv_run_deferred(struct uring_mock *m) {
  for (;;) {
    int s;
    uring_mock_priv_run_followups(m);
    s = oldest_deferred(m);
    if (s < 0) return;
    if (chain_drains(m, (uint32_t)s) && in_flight(m)) return;
    {
      struct ref r = {(uint32_t)s, 0, 1};
      uint32_t t = (uint32_t)s;
      m->reqs[s].state = RQ_WAIT;
      while (m->reqs[t].next) {
        t = m->reqs[t].next - 1;
        m->reqs[t].state = RQ_WAIT;
      }
      uring_mock_priv_issue(m, r);
    }
  }
}

/* A chain whose last member was consumed (or the batch ended in it): it fails at once if
 * a member failed submission, waits if it drains behind requests in flight (or queues
 * behind a chain that does), or starts. */
void uring_mock_priv_end_chain(struct uring_mock *m, uint32_t head, uint32_t end, int failed,
                               int drain) {
  struct ref r = {head, end, 0};
  if (failed) {
    /* The head posts its own error, or -ECANCELED; the rest later (io_queue_sqe_fallback
     * now, io_fail_links as task work). A failed chain is never hard-linked. */
    struct uring_sqe sqe;
    int32_t res;
    copy_sqe(&sqe, sqe_at_pos(m, head));
    res = uring_mock_priv_sqe_check(m, &sqe, head, 0);
    /* A LINK_TIMEOUT heading a chain guards nothing (io_link_timeout_prep). */
    if (!res && sqe.opcode == URING_OP_LINK_TIMEOUT) res = -URING_EINVAL;
    (void)uring_mock_priv_post(m, sqe.user_data, res ? res : -URING_ECANCELED, 0, 0, 0);
    if (sqe.opcode != URING_OP_TIMEOUT) {
      m->completions++;
      uring_mock_priv_flush_count_timeouts(m);
    }
    if (head != end) {
      struct ref nx = {head + 1, end, 0};
      uring_mock_priv_push_followup(m, FU_FAIL, nx, (sqe.flags & URING_SQE_CQE_SKIP_SUCCESS) != 0);
    }
    return;
  }
  if (oldest_deferred(m) >= 0 || (drain && in_flight(m))) {
    if (copy_chain(m, r, RQ_DEFER, RQ_DMEMBER) >= 0) return;
    /* No room to wait: fail it as a kernel out of request memory would. */
    {
      struct uring_sqe sqe;
      copy_sqe(&sqe, sqe_at_pos(m, head));
      (void)uring_mock_priv_post(m, sqe.user_data, -URING_EAGAIN, 0, 0, 0);
      if (head != end) {
        struct ref nx = {head + 1, end, 0};
        uring_mock_priv_push_followup(m, FU_FAIL, nx, 0);
      }
    }
    return;
  }
  uring_mock_priv_issue(m, r);
}
