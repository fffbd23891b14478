/* The mock kernel ring's backend: memory layout, setup, map, unmap, close, the clock and
 * the struct uring_backend table. README.md says what the mock serves and how. */
#include "uring/mock/mock.h"

#include <stddef.h>
#include <stdint.h>

#include "uring/mock/internal.h"
#include "uring/ring/backend.h"
#include "uring/ring/ring.h"
#include "uring/sys/abi.h"
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
   URING_FEAT_EXT_ARG | URING_FEAT_CQE_SKIP | URING_FEAT_REG_REG_RING | URING_FEAT_NO_IOWAIT)

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
    {URING_SETUP_SQ_REWIND, REL(7, 0)},
};

static const struct since kFeatureSince[] = {
    {URING_FEAT_SINGLE_MMAP, REL(5, 4)}, {URING_FEAT_NODROP, REL(5, 5)},
    {URING_FEAT_SUBMIT_STABLE, REL(5, 5)}, {URING_FEAT_EXT_ARG, REL(5, 11)},
    {URING_FEAT_CQE_SKIP, REL(5, 17)},  {URING_FEAT_REG_REG_RING, REL(6, 3)},
    {URING_FEAT_NO_IOWAIT, REL(6, 15)},
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

