/* The mock kernel ring: see mock.h for what it serves and how. */
#include "uring/mock/mock.h"

#include <stddef.h>
#include <stdint.h>

#include "uring/mock/internal.h"
#include "uring/opcode/table.h"
#include "uring/ring/backend.h"
#include "uring/ring/ring.h"
#include "uring/sys/abi.h"
#include "uring/sys/barrier.h"
#include "uring/sys/errcodes.h"

/* Ring header layout: each counter the two sides write concurrently gets its own 64-byte
 * line, as older kernels' struct io_rings had it (6.18 packs all four into one line). */
#define OFF_SQ_HEAD 0u
#define OFF_SQ_TAIL 64u
#define OFF_CQ_HEAD 128u
#define OFF_CQ_TAIL 192u
#define OFF_SQ_MASK 256u
#define OFF_CQ_MASK 260u
#define OFF_SQ_ENTRIES 264u
#define OFF_CQ_ENTRIES 268u
#define OFF_SQ_DROPPED 272u
#define OFF_SQ_FLAGS 276u
#define OFF_CQ_FLAGS 280u
#define OFF_CQ_OVERFLOW 284u
#define OFF_CQES 320u

#define LINE 64u
#define PAGE 4096u

#define SETUP_SERVED                                                                   \
  (URING_SETUP_CQSIZE | URING_SETUP_CLAMP | URING_SETUP_R_DISABLED |                    \
   URING_SETUP_SUBMIT_ALL | URING_SETUP_COOP_TASKRUN | URING_SETUP_TASKRUN_FLAG |      \
   URING_SETUP_SQE128 | URING_SETUP_CQE32 | URING_SETUP_SINGLE_ISSUER |                \
   URING_SETUP_DEFER_TASKRUN | URING_SETUP_NO_SQARRAY | URING_SETUP_SQE_MIXED |         \
   URING_SETUP_SQPOLL | URING_SETUP_SQ_AFF)

#define FEATURES                                                                       \
  (URING_FEAT_SINGLE_MMAP | URING_FEAT_NODROP | URING_FEAT_SUBMIT_STABLE |              \
   URING_FEAT_EXT_ARG | URING_FEAT_CQE_SKIP | URING_FEAT_REG_REG_RING)

/* --- Kernel profiles (uring_mock_set_kernel) -------------------------------------- */

static const struct since kSetupSince[] = {
    {URING_SETUP_IOPOLL, REL(5, 1)},         {URING_SETUP_SQPOLL, REL(5, 1)},
    {URING_SETUP_SQ_AFF, REL(5, 1)},         {URING_SETUP_CQSIZE, REL(5, 5)},
    {URING_SETUP_CLAMP, REL(5, 6)},          {URING_SETUP_ATTACH_WQ, REL(5, 6)},
    {URING_SETUP_R_DISABLED, REL(5, 10)},    {URING_SETUP_SUBMIT_ALL, REL(5, 18)},
    {URING_SETUP_COOP_TASKRUN, REL(5, 19)},  {URING_SETUP_TASKRUN_FLAG, REL(5, 19)},
    {URING_SETUP_SQE128, REL(5, 19)},        {URING_SETUP_CQE32, REL(5, 19)},
    {URING_SETUP_SINGLE_ISSUER, REL(6, 0)},  {URING_SETUP_DEFER_TASKRUN, REL(6, 1)},
    {URING_SETUP_NO_MMAP, REL(6, 5)},        {URING_SETUP_REGISTERED_FD_ONLY, REL(6, 5)},
    {URING_SETUP_NO_SQARRAY, REL(6, 6)},     {URING_SETUP_HYBRID_IOPOLL, REL(6, 13)},
    {URING_SETUP_CQE_MIXED, REL(6, 18)},     {URING_SETUP_SQE_MIXED, REL(6, 19)},
    {URING_SETUP_SQ_REWIND, REL(6, 19)},
};

static const struct since kFeatureSince[] = {
    {URING_FEAT_SINGLE_MMAP, REL(5, 4)}, {URING_FEAT_NODROP, REL(5, 5)},
    {URING_FEAT_SUBMIT_STABLE, REL(5, 5)}, {URING_FEAT_EXT_ARG, REL(5, 11)},
    {URING_FEAT_CQE_SKIP, REL(5, 17)},  {URING_FEAT_REG_REG_RING, REL(6, 3)},
};

static size_t align_up(size_t v, size_t to) { return (v + to - 1) / to * to; }

static uint32_t pow2_at_least(uint32_t v) {
  uint32_t r = 1;
  while (r < v) r <<= 1;
  return r;
}

static uint32_t *word(unsigned char *base, uint32_t off) {
  return (uint32_t *)(void *)(base + off);
}

/* Ring sizes from the request, by the kernel's rules (io_uring_setup(2)). */
static int ring_sizes(unsigned entries, uint32_t flags, uint32_t cq_req, uint32_t *sq,
                      uint32_t *cq) {
  if (!entries) return -URING_EINVAL;
  if (entries > URING_MAX_ENTRIES) {
    if (!(flags & URING_SETUP_CLAMP)) return -URING_EINVAL;
    entries = URING_MAX_ENTRIES;
  }
  *sq = pow2_at_least(entries);
  if (flags & URING_SETUP_CQSIZE) {
    if (!cq_req) return -URING_EINVAL;
    if (cq_req > URING_MAX_CQ_ENTRIES) {
      if (!(flags & URING_SETUP_CLAMP)) return -URING_EINVAL;
      cq_req = URING_MAX_CQ_ENTRIES;
    }
    *cq = pow2_at_least(cq_req);
    if (*cq < *sq) return -URING_EINVAL;
  } else {
    *cq = 2 * *sq;
  }
  return 0;
}

struct layout {
  size_t sq_array; /* 0 with NO_SQARRAY */
  size_t rings;    /* the rings region; the SQ ring alone when split */
  size_t cq_off;   /* split: where the CQ ring region starts (0 when shared) */
  size_t cq_size;  /* split: its bytes */
  size_t sqes_off;
  size_t sqes;
  size_t backlog_off;
  uint32_t sqe_bytes;
  uint32_t cqe_bytes;
};

/* With `split` (kernels before URING_FEAT_SINGLE_MMAP, 5.4) the SQ ring and the CQ ring are
 * two regions, a page apart: the SQ ring keeps the SQ words at their offsets and its index
 * array at OFF_CQES, the CQ ring the CQ words and the CQEs. */
static void compute_layout(uint32_t flags, uint32_t sq, uint32_t cq, int split,
                           struct layout *l) {
  size_t end;
  l->sqe_bytes = (flags & URING_SETUP_SQE128) ? 128u : 64u;
  l->cqe_bytes = (flags & URING_SETUP_CQE32) ? 32u : 16u;
  end = OFF_CQES + (size_t)cq * l->cqe_bytes;
  l->cq_off = l->cq_size = 0;
  if (split) {
    l->sq_array = OFF_CQES;
    l->rings = OFF_CQES + (size_t)sq * sizeof(uint32_t);
    l->cq_off = align_up(l->rings, PAGE);
    l->cq_size = end;
    l->sqes_off = align_up(l->cq_off + l->cq_size, PAGE);
  } else if (flags & URING_SETUP_NO_SQARRAY) {
    l->sq_array = 0;
    l->rings = end;
    l->sqes_off = align_up(l->rings, PAGE);
  } else {
    l->sq_array = align_up(end, LINE);
    l->rings = l->sq_array + (size_t)sq * sizeof(uint32_t);
    l->sqes_off = align_up(l->rings, PAGE);
  }
  l->sqes = (size_t)sq * l->sqe_bytes;
  l->backlog_off = align_up(l->sqes_off + l->sqes, LINE);
}

size_t uring_mock_mem_size_kernel(unsigned major, unsigned minor, unsigned entries,
                                  const struct uring_params *p, unsigned backlog) {
  uint32_t flags = p ? p->flags : 0, sq, cq;
  struct layout l;
  int split = (major || minor) && REL(major, minor) < REL(5, 4);
  if (ring_sizes(entries, flags, p ? p->cq_entries : 0, &sq, &cq) < 0) return 0;
  compute_layout(flags, sq, cq, split, &l);
  return l.backlog_off + (size_t)backlog * l.cqe_bytes;
}

size_t uring_mock_mem_size(unsigned entries, const struct uring_params *p, unsigned backlog) {
  return uring_mock_mem_size_kernel(0, 0, entries, p, backlog);
}

void uring_mock_init(struct uring_mock *m, void *mem, size_t mem_size) {
  zero(m, sizeof *m);
  m->mem = (unsigned char *)mem;
  m->mem_size = mem_size;
  m->fd = -1;
}

/* --- Ring lifetime ---------------------------------------------------------------- */

int uring_mock_priv_slots_used(const struct uring_mock *m) {
  for (uint32_t i = 0; i < URING_MOCK_RING_SLOTS; i++)
    if (m->ring_slots[i]) return 1;
  return 0;
}

int uring_mock_priv_maps_live(const struct uring_mock *m) {
  for (uint32_t i = 0; i < URING_MOCK_MAX_MAPS; i++)
    if (m->maps[i].len) return 1;
  return 0;
}

/* Pending requests die with their ring. */
static void reset_requests(struct uring_mock *m) {
  zero(m->reqs, sizeof m->reqs);
  zero(m->fu, sizeof m->fu);
  m->fu_head = m->fu_count = 0;
  m->completions = 0;
}

/* The ring goes away with its last reference, the fd or a registered index (mappings keep
 * the memory, which is the caller's anyway, but no call reaches the ring any more). */
void uring_mock_priv_maybe_destroy(struct uring_mock *m) {
  if (m->fd_open || uring_mock_priv_slots_used(m)) return;
  m->live = 0;
  m->backlog_count = 0;
  m->backlog_head = 0;
  reset_requests(m);
}

/* Resolves the fd an enter or register call names: the ring fd, or with `by_index` a
 * registered ring index. */
int uring_mock_priv_resolve(const struct uring_mock *m, int fd, int by_index) {
  if (by_index) {
    /* The kernel takes the fd as unsigned: negative indexes are out of range too. */
    if ((unsigned)fd >= URING_MOCK_RING_SLOTS) return -URING_EINVAL;
    if (!m->live || !m->ring_slots[fd]) return -URING_EBADF;
    return 0;
  }
  if (!m->live || !m->fd_open || fd != m->fd) return -URING_EBADF;
  return 0;
}

/* --- setup ------------------------------------------------------------------------ */

/* Flag combinations the kernel refuses whatever it supports (io_uring_setup(2)). */
static int contradictory(uint32_t f) {
  if ((f & URING_SETUP_REGISTERED_FD_ONLY) && !(f & URING_SETUP_NO_MMAP)) return 1;
  if ((f & URING_SETUP_SQPOLL) &&
      (f & (URING_SETUP_COOP_TASKRUN | URING_SETUP_TASKRUN_FLAG | URING_SETUP_DEFER_TASKRUN)))
    return 1;
  if ((f & URING_SETUP_TASKRUN_FLAG) &&
      !(f & (URING_SETUP_COOP_TASKRUN | URING_SETUP_DEFER_TASKRUN)))
    return 1;
  if ((f & URING_SETUP_HYBRID_IOPOLL) && !(f & URING_SETUP_IOPOLL)) return 1;
  if ((f & URING_SETUP_DEFER_TASKRUN) && !(f & URING_SETUP_SINGLE_ISSUER)) return 1;
  if ((f & URING_SETUP_CQE32) && (f & URING_SETUP_CQE_MIXED)) return 1;
  if ((f & URING_SETUP_SQE128) && (f & URING_SETUP_SQE_MIXED)) return 1;
  return 0;
}

/* The checks on the parameters, in the kernel's order: 0 with the ring sizes, or the
 * -errno setup fails with. */
static int setup_check(struct uring_mock *m, unsigned entries, const struct uring_params *p,
                       uint32_t *sq, uint32_t *cq) {
  uint32_t flags = p->flags;
  int ret;

  for (size_t i = 0; i < sizeof p->resv / sizeof p->resv[0]; i++)
    if (p->resv[i]) return -URING_EINVAL;
  /* The profile applies from this setup on (uring_mock_set_kernel). */
  m->release = m->release_next;
  if (flags & ~URING_SETUP_KNOWN_MASK) return -URING_EINVAL;
  if (flags & ~KNOWN(m, kSetupSince)) return -URING_EINVAL;
  if (contradictory(flags)) return -URING_EINVAL;
  /* What the mock does not implement it refuses like a kernel without the flag. */
  if (flags & ~SETUP_SERVED) return -URING_EINVAL;
  /* The pretend SQ thread has no CPU to pin nor idle time to wait out: sq_thread_cpu and
   * sq_thread_idle are taken and ignored. SQ_AFF alone stays refused as before. */
  if ((flags & URING_SETUP_SQ_AFF) && !(flags & URING_SETUP_SQPOLL)) return -URING_EINVAL;
  ret = ring_sizes(entries, flags, p->cq_entries, sq, cq);
  if (ret < 0) return ret;
  /* A mixed SQ needs room for one 128-byte entry: rings_size answers SIZE_MAX, which
   * io_allocate_scq_urings turns into -EOVERFLOW (6.19). */
  if ((flags & URING_SETUP_SQE_MIXED) && *sq < 2) return -URING_EOVERFLOW;
  return 0;
}

/* Lays the new ring out in the caller's memory as `l` says: zeroed regions, the kernel's
 * view of them, the backlog in what is left, and the ring words at their start values. */
static void lay_out(struct uring_mock *m, uint32_t flags, uint32_t sq, uint32_t cq,
                    const struct layout *l) {
  unsigned char *rings = m->mem;
  /* The CQ words and CQEs: in the rings region, or in their own before 5.4. */
  unsigned char *cqr = l->cq_size ? rings + l->cq_off : rings;

  /* The kernel's ring pages start zeroed; so do these. */
  zero(rings, l->rings);
  if (l->cq_size) zero(cqr, l->cq_size);
  zero(rings + l->sqes_off, l->sqes);

  m->flags = flags;
  m->disabled = (flags & URING_SETUP_R_DISABLED) ? 1u : 0u;
  m->sq_entries = sq;
  m->cq_entries = cq;
  m->sqe_bytes = l->sqe_bytes;
  m->cqe_bytes = l->cqe_bytes;
  m->rings_size = l->rings;
  m->cq_ring = l->cq_size ? cqr : NULL;
  m->cq_ring_size = l->cq_size;
  m->sqes_size = l->sqes;
  m->sq_khead = word(rings, OFF_SQ_HEAD);
  m->sq_ktail = word(rings, OFF_SQ_TAIL);
  m->sq_kflags = word(rings, OFF_SQ_FLAGS);
  m->sq_kdropped = word(rings, OFF_SQ_DROPPED);
  m->sq_array = l->sq_array ? word(rings, (uint32_t)l->sq_array) : NULL;
  m->cq_khead = word(cqr, OFF_CQ_HEAD);
  m->cq_ktail = word(cqr, OFF_CQ_TAIL);
  m->cq_koverflow = word(cqr, OFF_CQ_OVERFLOW);
  m->cqes = cqr + OFF_CQES;
  m->sqes = rings + l->sqes_off;
  m->backlog = rings + l->backlog_off;
  m->backlog_cap = 0;
  if (m->mem_size > l->backlog_off) {
    size_t cap = (m->mem_size - l->backlog_off) / l->cqe_bytes;
    m->backlog_cap = cap > UINT32_MAX ? UINT32_MAX : (uint32_t)cap;
  }
  m->backlog_head = m->backlog_count = 0;
  m->drain_disabled = 0;
  m->drain_off_pos = 0;
  m->sqpoll_idle_after_run = 0;
  m->cqes_dropped = 0;
  reset_requests(m);

  *word(rings, OFF_SQ_MASK) = sq - 1;
  *word(cqr, OFF_CQ_MASK) = cq - 1;
  *word(rings, OFF_SQ_ENTRIES) = sq;
  *word(cqr, OFF_CQ_ENTRIES) = cq;
  *m->sq_khead = *m->sq_ktail = m->sq_head = m->start_sq;
  *m->cq_khead = *m->cq_ktail = m->cq_tail = m->start_cq;
}

/* What setup answers in *p: the ring sizes, the features, where the ring words are. */
static void fill_params(const struct uring_mock *m, struct uring_params *p,
                        const struct layout *l) {
  p->sq_entries = m->sq_entries;
  p->cq_entries = m->cq_entries;
  p->features = FEATURES & KNOWN(m, kFeatureSince);
  p->sq_off.head = OFF_SQ_HEAD;
  p->sq_off.tail = OFF_SQ_TAIL;
  p->sq_off.ring_mask = OFF_SQ_MASK;
  p->sq_off.ring_entries = OFF_SQ_ENTRIES;
  p->sq_off.flags = OFF_SQ_FLAGS;
  p->sq_off.dropped = OFF_SQ_DROPPED;
  p->sq_off.array = (uint32_t)l->sq_array;
  p->sq_off.resv1 = 0;
  p->sq_off.user_addr = 0;
  p->cq_off.head = OFF_CQ_HEAD;
  p->cq_off.tail = OFF_CQ_TAIL;
  p->cq_off.ring_mask = OFF_CQ_MASK;
  p->cq_off.ring_entries = OFF_CQ_ENTRIES;
  p->cq_off.overflow = OFF_CQ_OVERFLOW;
  p->cq_off.cqes = OFF_CQES;
  /* The CQ flags word is 5.8's (URING_CQ_EVENTFD_DISABLED); before, the field is 0. */
  p->cq_off.flags = has(m, REL(5, 8)) ? OFF_CQ_FLAGS : 0;
  p->cq_off.resv1 = 0;
  p->cq_off.user_addr = 0;
}

static int mock_setup(void *ctx, unsigned entries, struct uring_params *p) {
  struct uring_mock *m = (struct uring_mock *)ctx;
  uint32_t sq, cq;
  struct layout l;
  int ret;

  if (!p) return -URING_EFAULT;
  ret = setup_check(m, entries, p, &sq, &cq);
  if (ret < 0) return ret;
  if (!m->mem) return -URING_ENOMEM;
  if ((uintptr_t)m->mem & (LINE - 1)) return -URING_EINVAL;
  if (m->live || uring_mock_priv_maps_live(m)) return -URING_EMFILE;
  compute_layout(p->flags, sq, cq, !has(m, REL(5, 4)), &l);
  if (l.sqes_off + l.sqes > m->mem_size) return -URING_ENOMEM;
  lay_out(m, p->flags, sq, cq, &l);
  fill_params(m, p, &l);

  for (uint32_t i = 0; i < URING_MOCK_RING_SLOTS; i++) m->ring_slots[i] = 0;
  m->fd = URING_MOCK_FD_BASE + (int)(m->generation & 0x0fffffffu);
  m->generation++;
  m->fd_open = 1;
  m->live = 1;
  m->stats.setups++;
  return m->fd;
}

/* --- Requests: checks, chains, pending work --------------------------------------- */

static void do_followup(struct uring_mock *m, uint32_t kind, struct ref r, int32_t res);

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

/* --- map, unmap, close ------------------------------------------------------------ */

static int mock_map(void *ctx, int fd, uint64_t offset, size_t len, void **out) {
  struct uring_mock *m = (struct uring_mock *)ctx;
  unsigned char *base;
  size_t size;

  if (!out) return -URING_EFAULT;
  /* mmap needs a real fd: a registered index cannot name the ring here. */
  if (!m->live || !m->fd_open || fd != m->fd) return -URING_EBADF;
  switch (offset) {
    case URING_OFF_CQ_RING:
      /* Its own region before SINGLE_MMAP (5.4); with it, the one rings region. */
      base = m->cq_ring ? m->cq_ring : m->mem;
      size = m->cq_ring ? m->cq_ring_size : m->rings_size;
      break;
    case URING_OFF_SQ_RING:
      base = m->mem;
      size = m->rings_size;
      break;
    case URING_OFF_SQES:
      base = m->sqes;
      size = m->sqes_size;
      break;
    default:
      return -URING_EINVAL;
  }
  if (!len || len > size) return -URING_EINVAL;
  for (uint32_t i = 0; i < URING_MOCK_MAX_MAPS; i++) {
    if (m->maps[i].len) continue;
    m->maps[i].addr = base;
    m->maps[i].len = len;
    m->stats.maps++;
    *out = base;
    return 0;
  }
  return -URING_ENOMEM;
}

static int mock_unmap(void *ctx, void *addr, size_t len) {
  struct uring_mock *m = (struct uring_mock *)ctx;
  for (uint32_t i = 0; i < URING_MOCK_MAX_MAPS; i++) {
    if (!m->maps[i].len || m->maps[i].addr != addr || m->maps[i].len != len) continue;
    m->maps[i].addr = NULL;
    m->maps[i].len = 0;
    m->stats.unmaps++;
    return 0;
  }
  return -URING_EINVAL;
}

static int mock_close(void *ctx, int fd) {
  struct uring_mock *m = (struct uring_mock *)ctx;
  if (!m->live || !m->fd_open || fd != m->fd) return -URING_EBADF;
  m->fd_open = 0;
  m->stats.closes++;
  uring_mock_priv_maybe_destroy(m);
  return 0;
}

/* The clock timeouts run on: the virtual one. */
static int mock_clock(void *ctx, struct uring_timespec *now) {
  const struct uring_mock *m = (const struct uring_mock *)ctx;
  now->tv_sec = (int64_t)(m->now_ns / 1000000000u);
  now->tv_nsec = (int64_t)(m->now_ns % 1000000000u);
  return 0;
}

static const struct uring_backend mock_backend = {
    mock_setup, uring_mock_priv_enter, uring_mock_priv_register, mock_map, mock_unmap,
    mock_close, mock_clock,
};

const struct uring_backend *uring_mock_backend(void) { return &mock_backend; }

int uring_mock_ring_init(struct uring *ring, struct uring_mock *m, unsigned entries,
                         struct uring_params *p) {
  struct uring_params defaults;
  if (!m) return -URING_EFAULT;
  if (!p) {
    zero(&defaults, sizeof defaults);
    p = &defaults;
  }
  return uring_init_backend(ring, entries, p, &mock_backend, m);
}

