/* The mock kernel ring: see mock.h for what it serves and how. */
#include "uring/mock/mock.h"

#include <stddef.h>
#include <stdint.h>

#include "uring/ring/backend.h"
#include "uring/ring/ring.h"
#include "uring/sys/abi.h"
#include "uring/sys/barrier.h"
#include "uring/sys/errcodes.h"

/* asm-generic errno values errcodes.h does not carry (the same on every arch we build). */
#define MOCK_EDEADLK 35 /* a wait that could only end by a signal */
#define MOCK_EBADR 53   /* completions were lost (io_uring_enter(2), ERRORS) */
#define MOCK_EBADFD 77  /* R_DISABLED ring, or ENABLE_RINGS on an enabled one */

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
   URING_SETUP_DEFER_TASKRUN | URING_SETUP_NO_SQARRAY)

#define FEATURES                                                                       \
  (URING_FEAT_SINGLE_MMAP | URING_FEAT_NODROP | URING_FEAT_SUBMIT_STABLE |              \
   URING_FEAT_EXT_ARG | URING_FEAT_CQE_SKIP | URING_FEAT_REG_REG_RING)

/* Every enter flag up to 6.15; EXT_ARG_REG needs a registered wait region, not served. */
#define ENTER_KNOWN 0xffu
#define ENTER_SERVED (ENTER_KNOWN & ~URING_ENTER_EXT_ARG_REG)

#define SQE_VALID_FLAGS 0x7fu

#define NOP_KNOWN                                                                      \
  (URING_NOP_INJECT_RESULT | URING_NOP_FILE | URING_NOP_FIXED_FILE |                    \
   URING_NOP_FIXED_BUFFER | URING_NOP_TW | URING_NOP_CQE32)

/* _NSIG / 8: the kernel's sigset size on x86_64, aarch64 and riscv64. */
#define KERNEL_SIGSET_BYTES 8u

static void zero(void *p, size_t n) {
  /* volatile: a plain loop may be turned into a call to memset, which the library lacks. */
  volatile uint64_t *w = (volatile uint64_t *)p;
  volatile unsigned char *b;
  for (; n >= 8; n -= 8) *w++ = 0;
  b = (volatile unsigned char *)w;
  while (n--) *b++ = 0;
}

static size_t align_up(size_t v, size_t to) { return (v + to - 1) / to * to; }

static uint32_t pow2_at_least(uint32_t v) {
  uint32_t r = 1;
  while (r < v) r <<= 1;
  return r;
}

static uint32_t *word(unsigned char *base, uint32_t off) { return (uint32_t *)(void *)(base + off); }

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
  size_t rings;
  size_t sqes_off;
  size_t sqes;
  size_t backlog_off;
  uint32_t sqe_bytes;
  uint32_t cqe_bytes;
};

static void compute_layout(uint32_t flags, uint32_t sq, uint32_t cq, struct layout *l) {
  size_t end;
  l->sqe_bytes = (flags & URING_SETUP_SQE128) ? 128u : 64u;
  l->cqe_bytes = (flags & URING_SETUP_CQE32) ? 32u : 16u;
  end = OFF_CQES + (size_t)cq * l->cqe_bytes;
  if (flags & URING_SETUP_NO_SQARRAY) {
    l->sq_array = 0;
    l->rings = end;
  } else {
    l->sq_array = align_up(end, LINE);
    l->rings = l->sq_array + (size_t)sq * sizeof(uint32_t);
  }
  l->sqes_off = align_up(l->rings, PAGE);
  l->sqes = (size_t)sq * l->sqe_bytes;
  l->backlog_off = align_up(l->sqes_off + l->sqes, LINE);
}

size_t uring_mock_mem_size(unsigned entries, const struct uring_params *p, unsigned backlog) {
  uint32_t flags = p ? p->flags : 0, sq, cq;
  struct layout l;
  if (ring_sizes(entries, flags, p ? p->cq_entries : 0, &sq, &cq) < 0) return 0;
  compute_layout(flags, sq, cq, &l);
  return l.backlog_off + (size_t)backlog * l.cqe_bytes;
}

void uring_mock_init(struct uring_mock *m, void *mem, size_t mem_size) {
  zero(m, sizeof *m);
  m->mem = (unsigned char *)mem;
  m->mem_size = mem_size;
  m->fd = -1;
}

/* --- Ring lifetime ---------------------------------------------------------------- */

static int slots_used(const struct uring_mock *m) {
  for (uint32_t i = 0; i < URING_MOCK_RING_SLOTS; i++)
    if (m->ring_slots[i]) return 1;
  return 0;
}

static int maps_live(const struct uring_mock *m) {
  for (uint32_t i = 0; i < URING_MOCK_MAX_MAPS; i++)
    if (m->maps[i].len) return 1;
  return 0;
}

/* The ring goes away with its last reference, the fd or a registered index (mappings keep
 * the memory, which is the caller's anyway, but no call reaches the ring any more). */
static void maybe_destroy(struct uring_mock *m) {
  if (m->fd_open || slots_used(m)) return;
  m->live = 0;
  m->backlog_count = 0;
  m->backlog_head = 0;
}

/* Resolves the fd an enter or register call names: the ring fd, or with `by_index` a
 * registered ring index. */
static int resolve(const struct uring_mock *m, int fd, int by_index) {
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

static int mock_setup(void *ctx, unsigned entries, struct uring_params *p) {
  struct uring_mock *m = (struct uring_mock *)ctx;
  uint32_t flags, sq, cq;
  struct layout l;
  unsigned char *rings;
  int ret;

  if (!p) return -URING_EFAULT;
  for (size_t i = 0; i < sizeof p->resv / sizeof p->resv[0]; i++)
    if (p->resv[i]) return -URING_EINVAL;
  flags = p->flags;
  if (flags & ~URING_SETUP_KNOWN_MASK) return -URING_EINVAL;
  if (contradictory(flags)) return -URING_EINVAL;
  /* What the mock does not implement it refuses like a kernel without the flag. */
  if (flags & ~SETUP_SERVED) return -URING_EINVAL;
  ret = ring_sizes(entries, flags, p->cq_entries, &sq, &cq);
  if (ret < 0) return ret;

  if (!m->mem) return -URING_ENOMEM;
  if ((uintptr_t)m->mem & (LINE - 1)) return -URING_EINVAL;
  if (m->live || maps_live(m)) return -URING_EMFILE;
  compute_layout(flags, sq, cq, &l);
  if (l.sqes_off + l.sqes > m->mem_size) return -URING_ENOMEM;

  rings = m->mem;
  /* The kernel's ring pages start zeroed; so do these. */
  zero(rings, l.rings);
  zero(rings + l.sqes_off, l.sqes);

  m->flags = flags;
  m->disabled = (flags & URING_SETUP_R_DISABLED) ? 1u : 0u;
  m->sq_entries = sq;
  m->cq_entries = cq;
  m->sqe_bytes = l.sqe_bytes;
  m->cqe_bytes = l.cqe_bytes;
  m->rings_size = l.rings;
  m->sqes_size = l.sqes;
  m->sq_khead = word(rings, OFF_SQ_HEAD);
  m->sq_ktail = word(rings, OFF_SQ_TAIL);
  m->sq_kflags = word(rings, OFF_SQ_FLAGS);
  m->sq_kdropped = word(rings, OFF_SQ_DROPPED);
  m->sq_array = l.sq_array ? word(rings, (uint32_t)l.sq_array) : NULL;
  m->cq_khead = word(rings, OFF_CQ_HEAD);
  m->cq_ktail = word(rings, OFF_CQ_TAIL);
  m->cq_koverflow = word(rings, OFF_CQ_OVERFLOW);
  m->cqes = rings + OFF_CQES;
  m->sqes = rings + l.sqes_off;
  m->backlog = rings + l.backlog_off;
  m->backlog_cap = 0;
  if (m->mem_size > l.backlog_off) {
    size_t cap = (m->mem_size - l.backlog_off) / l.cqe_bytes;
    m->backlog_cap = cap > UINT32_MAX ? UINT32_MAX : (uint32_t)cap;
  }
  m->backlog_head = m->backlog_count = 0;
  m->drain_disabled = 0;
  m->cqes_dropped = 0;

  *word(rings, OFF_SQ_MASK) = sq - 1;
  *word(rings, OFF_CQ_MASK) = cq - 1;
  *word(rings, OFF_SQ_ENTRIES) = sq;
  *word(rings, OFF_CQ_ENTRIES) = cq;
  *m->sq_khead = *m->sq_ktail = m->sq_head = m->start_sq;
  *m->cq_khead = *m->cq_ktail = m->cq_tail = m->start_cq;

  p->sq_entries = sq;
  p->cq_entries = cq;
  p->features = FEATURES;
  p->sq_off.head = OFF_SQ_HEAD;
  p->sq_off.tail = OFF_SQ_TAIL;
  p->sq_off.ring_mask = OFF_SQ_MASK;
  p->sq_off.ring_entries = OFF_SQ_ENTRIES;
  p->sq_off.flags = OFF_SQ_FLAGS;
  p->sq_off.dropped = OFF_SQ_DROPPED;
  p->sq_off.array = (uint32_t)l.sq_array;
  p->sq_off.resv1 = 0;
  p->sq_off.user_addr = 0;
  p->cq_off.head = OFF_CQ_HEAD;
  p->cq_off.tail = OFF_CQ_TAIL;
  p->cq_off.ring_mask = OFF_CQ_MASK;
  p->cq_off.ring_entries = OFF_CQ_ENTRIES;
  p->cq_off.overflow = OFF_CQ_OVERFLOW;
  p->cq_off.cqes = OFF_CQES;
  p->cq_off.flags = OFF_CQ_FLAGS;
  p->cq_off.resv1 = 0;
  p->cq_off.user_addr = 0;

  for (uint32_t i = 0; i < URING_MOCK_RING_SLOTS; i++) m->ring_slots[i] = 0;
  m->fd = URING_MOCK_FD_BASE + (int)(m->generation & 0x0fffffffu);
  m->generation++;
  m->fd_open = 1;
  m->live = 1;
  m->stats.setups++;
  return m->fd;
}

/* --- Completions ------------------------------------------------------------------ */

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

static int cq_has_room(const struct uring_mock *m) {
  /* Pairs with the library's release store of the CQ head: its reads of the CQEs before
   * the head are done, so those slots may be rewritten. */
  return m->cq_tail - uring_load_acquire(m->cq_khead) < m->cq_entries;
}

static void set_sq_flag(struct uring_mock *m, uint32_t bit, int on) {
  if (on)
    __atomic_fetch_or(m->sq_kflags, bit, __ATOMIC_RELAXED);
  else
    __atomic_fetch_and(m->sq_kflags, ~bit, __ATOMIC_RELAXED);
}

/* Posts one completion: into the CQ, or behind the backlog (NODROP), or lost. The CQ tail
 * is published by commit_cq. */
static int post(struct uring_mock *m, uint64_t user_data, int32_t res, uint32_t flags,
                uint64_t big0, uint64_t big1) {
  if (!m->backlog_count && cq_has_room(m)) {
    write_cqe(cq_slot(m, m->cq_tail), m->cqe_bytes, user_data, res, flags, big0, big1);
    m->cq_tail++;
    m->stats.cqes_posted++;
    return 0;
  }
  if (m->backlog_count < m->backlog_cap) {
    uint32_t at = m->backlog_head + m->backlog_count;
    if (at >= m->backlog_cap) at -= m->backlog_cap;
    write_cqe(m->backlog + (size_t)at * m->cqe_bytes, m->cqe_bytes, user_data, res, flags, big0,
              big1);
    m->backlog_count++;
    m->stats.cqes_backlogged++;
    set_sq_flag(m, URING_SQ_CQ_OVERFLOW, 1);
    return 0;
  }
  /* A kernel that cannot allocate an overflow entry counts the loss here and fails the
   * next wait with -EBADR. */
  uring_write_once(m->cq_koverflow, uring_read_once(m->cq_koverflow) + 1);
  m->cqes_dropped = 1;
  m->stats.cqes_lost++;
  return -URING_ENOSPC;
}

static void commit_cq(struct uring_mock *m) {
  /* Pairs with the library's acquire load of the CQ tail: the CQEs written before this
   * store are visible once it sees the new tail. */
  uring_store_release(m->cq_ktail, m->cq_tail);
}

/* Moves held-back completions into the CQ, oldest first, as space allows. */
static void flush_backlog(struct uring_mock *m) {
  while (m->backlog_count && cq_has_room(m)) {
    const struct uring_cqe32 *src =
        (const struct uring_cqe32 *)(const void *)(m->backlog + (size_t)m->backlog_head * m->cqe_bytes);
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
    set_sq_flag(m, URING_SQ_CQ_OVERFLOW, 0);
  }
  commit_cq(m);
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

/* Runs one SQE to completion. Returns nonzero when it was refused before it ran (which
 * ends the batch without SUBMIT_ALL), in the kernel's order of checks (io_init_req). */
static int run_sqe(struct uring_mock *m, const struct uring_sqe *sqe) {
  uint8_t op = sqe->opcode, fl = sqe->flags;
  uint64_t user_data = sqe->user_data, big0 = 0, big1 = 0;
  int32_t res = 0;
  int err = 0;

  if (op >= URING_OP_LAST || (fl & ~SQE_VALID_FLAGS)) {
    err = -URING_EINVAL;
  } else if ((fl & URING_SQE_BUFFER_SELECT) && op == URING_OP_NOP) {
    err = -URING_EOPNOTSUPP;
  } else {
    /* 5.17: once any request skips its CQE, drained requests cannot be ordered. */
    if (fl & URING_SQE_CQE_SKIP_SUCCESS) m->drain_disabled = 1;
    if ((fl & URING_SQE_IO_DRAIN) && m->drain_disabled)
      err = -URING_EOPNOTSUPP;
    else if (op != URING_OP_NOP)
      err = -URING_EINVAL; /* not served by the mock yet */
    else if (fl & (URING_SQE_IO_LINK | URING_SQE_IO_HARDLINK))
      err = -URING_EINVAL; /* links: not served by the mock yet */
    else if (sqe->ioprio)
      err = -URING_EINVAL; /* NOP takes no ioprio */
    else if (sqe->personality)
      err = -URING_EINVAL; /* no personality is registered */
    else
      err = nop_prep(m, sqe, &res, &big0, &big1);
  }
  if (err) {
    (void)post(m, user_data, err, 0, 0, 0);
    return 1;
  }
  if (m->inject_count) {
    res = m->inject_res;
    m->inject_count--;
  }
  if (res >= 0 && (fl & URING_SQE_CQE_SKIP_SUCCESS)) return 0;
  (void)post(m, user_data, res, 0, big0, big1);
  return 0;
}

/* Consumes up to to_submit SQEs (io_submit_sqes). Returns the number consumed, or
 * -EAGAIN when a short submit took none. */
static int submit(struct uring_mock *m, unsigned to_submit) {
  /* Pairs with the library's release store of the SQ tail: the SQE contents written
   * before it are visible. */
  uint32_t entries = uring_load_acquire(m->sq_ktail) - m->sq_head;
  uint32_t nr, left;

  if (entries > m->sq_entries) entries = m->sq_entries;
  nr = to_submit < entries ? to_submit : entries;
  if (!nr) return 0;
  if (m->short_armed) {
    m->short_armed = 0;
    if (m->short_max < nr) {
      nr = m->short_max;
      if (!nr) return -URING_EAGAIN;
    }
  }
  left = nr;
  while (left) {
    uint32_t idx = m->sq_head++ & (m->sq_entries - 1);
    m->stats.sqes_consumed++;
    if (m->sq_array) {
      idx = uring_read_once(&m->sq_array[idx]);
      if (idx >= m->sq_entries) {
        /* Dropped: consumed, counted, not submitted, and the batch ends here. */
        uring_write_once(m->sq_kdropped, uring_read_once(m->sq_kdropped) + 1);
        break;
      }
    }
    int refused = run_sqe(m, (const struct uring_sqe *)(const void *)(m->sqes + (size_t)idx * m->sqe_bytes));
    left--;
    if (refused && !(m->flags & URING_SETUP_SUBMIT_ALL)) break;
  }
  commit_cq(m);
  /* Pairs with the library's acquire load of the SQ head in uring_get_sqe: the SQEs
   * before it were read and may be reused. */
  uring_store_release(m->sq_khead, m->sq_head);
  return (int)(nr - left);
}

/* The GETEVENTS part of enter (io_cqring_wait). */
static int get_events(struct uring_mock *m, unsigned min_complete, unsigned flags,
                      const void *arg, size_t argsz) {
  const void *sigmask = arg;
  size_t sigmask_sz = argsz;
  int has_timeout = 0;
  uint32_t want;

  if (flags & URING_ENTER_EXT_ARG) {
    const struct uring_getevents_arg *ga = (const struct uring_getevents_arg *)arg;
    if (argsz != sizeof *ga) return -URING_EINVAL;
    if (!ga) return -URING_EFAULT;
    /* Without URING_FEAT_MIN_TIMEOUT this word must be zero (it was padding before 6.12). */
    if (ga->min_wait_usec) return -URING_EINVAL;
    sigmask = (const void *)(uintptr_t)ga->sigmask;
    sigmask_sz = ga->sigmask_sz;
    has_timeout = ga->ts != 0;
  }
  flush_backlog(m);
  /* The kernel never waits for more than the CQ can hold. */
  want = min_complete < m->cq_entries ? min_complete : m->cq_entries;
  if (uring_read_once(m->cq_ktail) - uring_load_acquire(m->cq_khead) >= want) return 0;
  /* From here the kernel would sleep, and checks what sleeping needs. */
  if (sigmask && sigmask_sz != KERNEL_SIGSET_BYTES) return -URING_EINVAL;
  if (m->cqes_dropped) return -MOCK_EBADR;
  /* Nothing will complete later: a timeout expires now, and a wait without one would
   * never end. */
  return has_timeout ? -URING_ETIME : -MOCK_EDEADLK;
}

static int mock_enter(void *ctx, int fd, unsigned to_submit, unsigned min_complete,
                      unsigned flags, const void *arg, size_t argsz) {
  struct uring_mock *m = (struct uring_mock *)ctx;
  int ret, submitted = 0;

  if (flags & ~ENTER_SERVED) return -URING_EINVAL;
  ret = resolve(m, fd, (flags & URING_ENTER_REGISTERED_RING) != 0);
  if (ret < 0) return ret;
  m->stats.enters++;
  if (m->disabled) return -MOCK_EBADFD;
  if (m->fail_enter) {
    ret = m->fail_enter;
    m->fail_enter = 0;
    return ret;
  }
  if (to_submit) {
    submitted = submit(m, to_submit);
    /* A short or failed submit returns at once, without waiting. */
    if (submitted != (int)to_submit) return submitted;
  }
  if (flags & URING_ENTER_GETEVENTS) {
    ret = get_events(m, min_complete, flags, arg, argsz);
    if (!submitted) {
      /* -EBADR is reported once, when nothing else is returned. */
      if (ret == -MOCK_EBADR) m->cqes_dropped = 0;
      return ret;
    }
  }
  return submitted;
}

/* --- register --------------------------------------------------------------------- */

static int all_zero(const unsigned char *p, size_t n) {
  while (n--)
    if (*p++) return 0;
  return 1;
}

static int reg_probe(void *arg, unsigned nr_args) {
  struct uring_probe *hdr = (struct uring_probe *)arg;
  struct uring_probe_op *ops;
  unsigned n;
  if (!arg || nr_args > 256) return -URING_EINVAL;
  if (!all_zero((const unsigned char *)arg, sizeof *hdr + (size_t)nr_args * sizeof *ops))
    return -URING_EINVAL;
  ops = (struct uring_probe_op *)(void *)(hdr + 1);
  n = nr_args < URING_OP_LAST ? nr_args : URING_OP_LAST;
  hdr->last_op = (uint8_t)(URING_OP_LAST - 1);
  hdr->ops_len = (uint8_t)n;
  for (unsigned i = 0; i < n; i++) {
    ops[i].op = (uint8_t)i;
    ops[i].flags = i == URING_OP_NOP ? (uint16_t)URING_OP_SUPPORTED : (uint16_t)0;
  }
  return 0;
}

static int reg_ring_fds(struct uring_mock *m, struct uring_rsrc_update *up, unsigned nr) {
  unsigned i;
  int ret = 0;
  if (!nr || nr > URING_MOCK_RING_SLOTS) return -URING_EINVAL;
  if (!up) return -URING_EFAULT;
  for (i = 0; i < nr; i++) {
    uint32_t start, end, slot;
    if (up[i].resv) {
      ret = -URING_EINVAL;
      break;
    }
    if (up[i].offset == UINT32_MAX) {
      start = 0;
      end = URING_MOCK_RING_SLOTS;
    } else if (up[i].offset >= URING_MOCK_RING_SLOTS) {
      ret = -URING_EINVAL;
      break;
    } else {
      start = up[i].offset;
      end = start + 1;
    }
    for (slot = start; slot < end && m->ring_slots[slot]; slot++) {
    }
    if (slot == end) {
      ret = -URING_EBUSY;
      break;
    }
    /* Only this ring's own fd names a ring the mock knows. */
    if (!m->fd_open || up[i].data != (uint64_t)(uint32_t)m->fd) {
      ret = -URING_EBADF;
      break;
    }
    m->ring_slots[slot] = 1;
    up[i].offset = slot;
  }
  return i ? (int)i : ret;
}

static int unreg_ring_fds(struct uring_mock *m, const struct uring_rsrc_update *up, unsigned nr) {
  unsigned i;
  int ret = 0;
  if (!nr || nr > URING_MOCK_RING_SLOTS) return -URING_EINVAL;
  if (!up) return -URING_EFAULT;
  for (i = 0; i < nr; i++) {
    if (up[i].resv || up[i].data || up[i].offset >= URING_MOCK_RING_SLOTS) {
      ret = -URING_EINVAL;
      break;
    }
    /* An empty slot is not an error. */
    m->ring_slots[up[i].offset] = 0;
  }
  maybe_destroy(m);
  return i ? (int)i : ret;
}

static int mock_reg(void *ctx, int fd, unsigned opcode, const void *arg, unsigned nr_args) {
  struct uring_mock *m = (struct uring_mock *)ctx;
  /* Register calls write through arg for some opcodes, as the system call may. */
  void *out = (void *)(uintptr_t)arg;
  int by_index = (opcode & URING_REGISTER_USE_REGISTERED_RING) != 0;
  int ret;

  opcode &= ~URING_REGISTER_USE_REGISTERED_RING;
  ret = resolve(m, fd, by_index);
  if (ret < 0) return ret;
  switch (opcode) {
    case URING_REGISTER_PROBE:
      return reg_probe(out, nr_args);
    case URING_REGISTER_RING_FDS:
      return reg_ring_fds(m, (struct uring_rsrc_update *)out, nr_args);
    case URING_UNREGISTER_RING_FDS:
      return unreg_ring_fds(m, (const struct uring_rsrc_update *)arg, nr_args);
    case URING_REGISTER_ENABLE_RINGS:
      if (arg || nr_args) return -URING_EINVAL;
      if (!m->disabled) return -MOCK_EBADFD;
      m->disabled = 0;
      return 0;
    default:
      return -URING_EINVAL;
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
    case URING_OFF_SQ_RING:
    case URING_OFF_CQ_RING: /* SINGLE_MMAP: both name the one rings region */
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
  maybe_destroy(m);
  return 0;
}

static const struct uring_backend mock_backend = {
    mock_setup, mock_enter, mock_reg, mock_map, mock_unmap, mock_close,
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

/* --- Test controls ---------------------------------------------------------------- */

void uring_mock_set_start(struct uring_mock *m, uint32_t sq_start, uint32_t cq_start) {
  m->start_sq = sq_start;
  m->start_cq = cq_start;
}

void uring_mock_inject_nop_result(struct uring_mock *m, int32_t res, unsigned count) {
  m->inject_res = res;
  m->inject_count = count;
}

void uring_mock_fail_next_enter(struct uring_mock *m, int err) { m->fail_enter = err; }

void uring_mock_short_submit_next(struct uring_mock *m, unsigned max) {
  m->short_armed = 1;
  m->short_max = max;
}

int uring_mock_post_cqe(struct uring_mock *m, uint64_t user_data, int32_t res, uint32_t flags,
                        uint64_t big0, uint64_t big1) {
  int ret;
  if (!m->live) return -URING_EBADF;
  ret = post(m, user_data, res, flags, big0, big1);
  commit_cq(m);
  return ret;
}

unsigned uring_mock_backlog(const struct uring_mock *m) { return m->backlog_count; }

int uring_mock_fd(const struct uring_mock *m) { return m->fd; }

int uring_mock_quiescent(const struct uring_mock *m) {
  return !m->live && !m->fd_open && !slots_used(m) && !maps_live(m);
}
