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

#define NOP_KNOWN                                                                      \
  (URING_NOP_INJECT_RESULT | URING_NOP_FILE | URING_NOP_FIXED_FILE |                    \
   URING_NOP_FIXED_BUFFER | URING_NOP_TW | URING_NOP_CQE32)

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

/* --- Submission ------------------------------------------------------------------- */

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

/* --- Requests: checks, chains, pending work --------------------------------------- */

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

static void do_followup(struct uring_mock *m, uint32_t kind, struct ref r, int32_t res);

struct uring_mock_file *uring_mock_priv_find_file(struct uring_mock *m, int32_t fd) {
  for (uint32_t i = 0; i < URING_MOCK_MAX_FILES; i++)
    if (m->files[i].used && m->files[i].fd == fd) return &m->files[i];
  return NULL;
}

static int ts_to_ns(uint64_t addr, uint64_t *ns) {
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

static uint64_t deadline_from(const struct uring_mock *m, uint64_t ns, uint32_t flags) {
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
      return ts_to_ns(sqe->addr, &ns);
    case URING_OP_TIMEOUT_REMOVE:
      if (sqe->buf_index || sqe->len || sqe->splice_fd_in) return -URING_EINVAL;
      if (sqe->timeout_flags & ~KNOWN(m, kTimeoutSince)) return -URING_EINVAL;
      if (sqe->timeout_flags & URING_TIMEOUT_UPDATE_MASK) {
        if ((sqe->timeout_flags & URING_TIMEOUT_UPDATE_MASK) == URING_TIMEOUT_UPDATE_MASK)
          return -URING_EINVAL;
        if (sqe->timeout_flags & ~(URING_TIMEOUT_UPDATE_MASK | URING_TIMEOUT_ABS |
                                   URING_TIMEOUT_CLOCK_MASK))
          return -URING_EINVAL;
        ret = ts_to_ns(sqe->addr2, &ns);
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

static void push_followup(struct uring_mock *m, uint32_t kind, struct ref r, int32_t res) {
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

static void complete_big(struct uring_mock *m, struct ref r, int32_t res, uint32_t cflags,
                         int broke, uint64_t big0, uint64_t big1);

static void complete(struct uring_mock *m, struct ref r, int32_t res, uint32_t cflags,
                     int broke) {
  complete_big(m, r, res, cflags, broke, 0, 0);
}

/* Count-based timeouts whose count was reached complete with 0 (io_flush_timeouts). */
void uring_mock_priv_flush_count_timeouts(struct uring_mock *m) {
  for (uint32_t i = 0; i < URING_MOCK_MAX_PENDING; i++) {
    struct uring_mock_req *q = &m->reqs[i];
    if (q->state != RQ_TIMEOUT || !q->target || m->completions < q->target) continue;
    struct ref r = {i, 0, 1};
    m->timeouts_fired++;
    complete(m, r, 0, 0, 0);
  }
}

/* Posts a request's completion (unless it fully succeeded with CQE_SKIP_SUCCESS), then queues
 * the next chain member: to run, or, when this one `broke` the link and it is not a hard
 * link, to be cancelled. A slot is freed. */
static void complete_big(struct uring_mock *m, struct ref r, int32_t res, uint32_t cflags,
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
      push_followup(m, FU_DONE, tr, -URING_ECANCELED);
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
      push_followup(m, FU_FAIL, after, (sqe.flags & URING_SQE_CQE_SKIP_SUCCESS) != 0);
      has_next = 0;
    } else {
      has_next = more;
      nx = after;
    }
  }
  if (has_next) {
    if (broke && !(sqe.flags & URING_SQE_IO_HARDLINK))
      push_followup(m, FU_FAIL, nx, (sqe.flags & URING_SQE_CQE_SKIP_SUCCESS) != 0);
    else
      push_followup(m, FU_RUN, nx, 0);
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

/* --- The served opcodes ----------------------------------------------------------- */

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
  for (uint32_t a = 1; a < n; a++)
    for (uint32_t b = a; b && m->reqs[order[b]].seq < m->reqs[order[b - 1]].seq; b--) {
      uint32_t t = order[b];
      order[b] = order[b - 1];
      order[b - 1] = t;
    }
  for (uint32_t i = 0; i < n; i++) {
    struct ref r = {order[i], 0, 1};
    struct uring_mock_req *q = &m->reqs[order[i]];
    found++;
    if (q->state == RQ_PCANCEL) {
      if (!all) break;
      continue;
    }
    q->state = q->state == RQ_POLL ? RQ_PCANCEL : RQ_WAIT;
    push_followup(m, FU_DONE, r, -URING_ECANCELED);
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

/* Arms the pending request at `r` in a slot (with its chain behind it, and the
 * LINK_TIMEOUT that guards it armed beside it). The slot, or -1 when the table is full. */
static int arm(struct uring_mock *m, struct ref r, uint32_t state) {
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
      (void)ts_to_ns(m->reqs[t].sqe.addr, &ns);
      /* Out of the chain: the guarded request goes on to the member after it. */
      m->reqs[s].next = m->reqs[t].next;
      m->reqs[t].next = 0;
      m->reqs[t].state = RQ_LTIMEOUT;
      m->reqs[t].deadline = deadline_from(m, ns, m->reqs[t].sqe.timeout_flags);
      m->reqs[t].ltimeout = (uint32_t)s + 1;
      m->reqs[s].ltimeout = t + 1;
    }
  }
  return s;
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
  complete_big(m, r, res, 0, res < 0, b0, b1);
}

/* read, write, readv, writev on a mock file. */
static void issue_rw(struct uring_mock *m, struct ref r, const struct uring_sqe *sqe) {
  uint64_t want;
  int32_t res = do_rw(m, sqe, &want);
  complete(m, r, res, 0, res < 0 || (uint64_t)res != want);
}

/* TIMEOUT: armed on the virtual clock, with a completion count or as a repeating timer.
 * -1 when no slot is free. */
static int issue_timeout(struct uring_mock *m, struct ref r, const struct uring_sqe *sqe) {
  /* ns = 0: op_prep checked the timespec, so ts_to_ns sets it; gcc -O2 cannot see that. */
  uint64_t ns = 0;
  int s = arm(m, r, RQ_TIMEOUT);
  if (s < 0) return -1;
  (void)ts_to_ns(sqe->addr, &ns);
  m->reqs[s].deadline = deadline_from(m, ns, sqe->timeout_flags);
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
  /* As in issue_timeout: op_prep checked the timespec at addr2. */
  uint64_t ns = 0;
  if (t < 0) {
    res = -URING_ENOENT;
  } else if (upd) {
    (void)ts_to_ns(sqe->addr2, &ns);
    m->reqs[t].deadline = deadline_from(m, ns, sqe->timeout_flags);
  } else {
    struct ref tr = {(uint32_t)t, 0, 1};
    m->reqs[t].state = RQ_WAIT;
    push_followup(m, FU_DONE, tr, -URING_ECANCELED);
  }
  complete(m, r, res, 0, res < 0);
}

/* ASYNC_CANCEL: the oldest match (0 or -ENOENT), or every match and their number. */
static void issue_cancel(struct uring_mock *m, struct ref r, const struct uring_sqe *sqe) {
  /* ANY matches every request, and counts them as ALL does (__io_async_cancel in
   * io_uring/cancel.c; checked on 6.18 by tests/ops/poll_test.cc). */
  int all = (sqe->cancel_flags & (URING_ASYNC_CANCEL_ALL | URING_ASYNC_CANCEL_ANY)) != 0;
  int n = cancel_matching(m, sqe, all);
  int32_t res = all ? n : (n ? 0 : -URING_ENOENT);
  complete(m, r, res, 0, res < 0);
}

/* POLL_ADD: completes at once when the file is already ready (a multishot poll posts and
 * stays armed), or arms. -1 when no slot is free. */
static int issue_poll_add(struct uring_mock *m, struct ref r, const struct uring_sqe *sqe) {
  struct uring_mock_file *f = uring_mock_priv_find_file(m, sqe->fd);
  uint32_t hit;
  int s;
  if (!f) {
    complete(m, r, -URING_EBADF, 0, 1);
    return 0;
  }
  hit = f->ready & poll_events(sqe);
  if (hit && !(sqe->len & URING_POLL_ADD_MULTI)) {
    complete(m, r, (int32_t)hit, 0, 0);
    return 0;
  }
  s = arm(m, r, RQ_POLL);
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
    push_followup(m, FU_DONE, tr, -URING_ECANCELED);
  }
  complete(m, r, res, 0, res < 0);
}

/* Runs a chain member: completes it now, or arms it. */
static void issue(struct uring_mock *m, struct ref r) {
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
      complete(m, r, res, 0, res < 0);
      return;
    case URING_OP_TIMEOUT:
      if (issue_timeout(m, r, &sqe) < 0) break;
      return;
    case URING_OP_LINK_TIMEOUT:
      /* Reached as a chain member of its own: what it guarded already finished. */
      complete(m, r, -URING_ECANCELED, 0, 1);
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
  complete(m, r, -URING_EAGAIN, 0, 1);
}

static void do_followup(struct uring_mock *m, uint32_t kind, struct ref r, int32_t res) {
  if (kind == FU_RUN) {
    if (r.in_table) m->reqs[r.at].state = RQ_WAIT;
    issue(m, r);
  } else if (kind == FU_FAIL) {
    fail_chain(m, r, res);
  } else {
    complete(m, r, res, 0, res < 0);
  }
}

static void run_followups(struct uring_mock *m) {
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
    run_followups(m);
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
      issue(m, r);
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
      push_followup(m, FU_FAIL, nx, (sqe.flags & URING_SQE_CQE_SKIP_SUCCESS) != 0);
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
        push_followup(m, FU_FAIL, nx, 0);
      }
    }
    return;
  }
  issue(m, r);
}

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
        complete(m, r, -URING_ETIME, 0, 1);
      } else {
        if (q->repeats) q->repeats--;
        q->deadline =
            q->interval > UINT64_MAX - q->deadline ? UINT64_MAX : q->deadline + q->interval;
        if (q->deadline == UINT64_MAX && m->now_ns == UINT64_MAX)
          complete(m, r, -URING_ETIME, 0, 1);
      }
    } else if (m->reqs[best].state == RQ_TIMEOUT) {
      struct ref r = {(uint32_t)best, 0, 1};
      int ok = (m->reqs[best].sqe.timeout_flags & URING_TIMEOUT_ETIME_SUCCESS) != 0;
      complete(m, r, -URING_ETIME, 0, !ok);
    } else {
      /* A LINK_TIMEOUT fired first: it completes with -ETIME, and the request it guards
       * is cancelled (after it, through task work), which breaks that request's chain. */
      uint32_t g = m->reqs[best].ltimeout;
      struct ref r = {(uint32_t)best, 0, 1};
      m->reqs[best].ltimeout = 0;
      complete(m, r, -URING_ETIME, 0, 1);
      if (g && m->reqs[g - 1].ltimeout == (uint32_t)best + 1) {
        struct ref gr = {g - 1, 0, 1};
        m->reqs[g - 1].ltimeout = 0;
        m->reqs[g - 1].state = RQ_WAIT;
        push_followup(m, FU_DONE, gr, -URING_ECANCELED);
      }
    }
    run_followups(m);
  }
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

/* Completes the polls armed on mock file `fd` that want any of the events in `mask`, in
 * arming order (a multishot one posts with MORE and stays armed). */
void uring_mock_priv_wake_polls(struct uring_mock *m, int fd, uint32_t mask) {
  uint32_t order[URING_MOCK_MAX_PENDING], n = 0;
  for (uint32_t i = 0; i < URING_MOCK_MAX_PENDING; i++)
    if (m->reqs[i].state == RQ_POLL && m->reqs[i].sqe.fd == fd) order[n++] = i;
  /* Wake-ups in arming order. */
  for (uint32_t a = 1; a < n; a++)
    for (uint32_t b = a; b && m->reqs[order[b]].seq < m->reqs[order[b - 1]].seq; b--) {
      uint32_t t = order[b];
      order[b] = order[b - 1];
      order[b - 1] = t;
    }
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
      complete(m, r, (int32_t)hit, 0, 0);
    }
    run_followups(m);
  }
}
