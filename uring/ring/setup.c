/* Ring setup, mapping and teardown. */
#include <stddef.h>
#include <stdint.h>

#include "uring/ring/ring.h"
#include "uring/sys/abi.h"
#include "uring/sys/errcodes.h"
#include "uring/sys/syscall.h"

#define PAGE_4K 4096u

static void zero_bytes(void *p, size_t n) {
  volatile unsigned char *b = (volatile unsigned char *)p;
  while (n--) *b++ = 0;
}

static size_t round_up(size_t v, size_t to) { return (v + to - 1) / to * to; }

static uint32_t round_pow2(uint32_t v) {
  uint32_t r = 1;
  while (r < v) r <<= 1;
  return r;
}

/* Platform calls that go to the backend when there is one. */
static int do_setup(const struct uring_backend *be, void *ctx, unsigned entries,
                    struct uring_params *p) {
  if (be) return be->setup(ctx, entries, p);
  return uring_sys_io_uring_setup(entries, p);
}

static int do_map(struct uring *ring, uint64_t offset, size_t len, void **out) {
  if (ring->backend) return ring->backend->map(ring->backend_ctx, ring->ring_fd, offset, len, out);
  void *p = uring_sys_mmap(NULL, len, URING_PROT_READ | URING_PROT_WRITE,
                           URING_MAP_SHARED | URING_MAP_POPULATE, ring->ring_fd, offset);
  if (uring_sys_is_err((long)p)) return (int)(long)p;
  *out = p;
  return 0;
}

static void do_unmap(struct uring *ring, struct uring_region *r) {
  if (!r->size) return;
  if (ring->backend)
    (void)ring->backend->unmap(ring->backend_ctx, r->addr, r->size);
  else
    (void)uring_sys_munmap(r->addr, r->size);
  r->addr = NULL;
  r->size = 0;
}

static void do_close(const struct uring_backend *be, void *ctx, int fd) {
  if (fd < 0) return;
  if (be)
    (void)be->close(ctx, fd);
  else
    (void)uring_sys_close(fd);
}

/* Points every ring pointer at the struct's own zeroed words: a torn-down or half-built
 * ring reads as empty and full instead of dereferencing unmapped memory. */
static void make_inert(struct uring *ring) {
  uint32_t *dead = ring->dead;
  dead[0] = dead[1] = dead[2] = dead[3] = 0;
  ring->sq.khead = ring->sq.ktail = ring->sq.kflags = ring->sq.kdropped = &dead[0];
  ring->sq.array = NULL;
  ring->sq.sqes = NULL;
  ring->sq.sqe_tail = ring->sq.sqe_head = ring->sq.cached_head = 0;
  ring->sq.ring_mask = ring->sq.ring_entries = 0;
  ring->sq.sqe_shift = 0;
  ring->cq.khead = &dead[1];
  ring->cq.ktail = &dead[2];
  ring->cq.kflags = &dead[3];
  ring->cq.koverflow = &dead[3];
  ring->cq.cqes = NULL;
  ring->cq.head = ring->cq.ring_mask = ring->cq.ring_entries = 0;
  ring->cq.cqe_shift = ring->cq.mixed = 0;
  ring->flags = 0;
  ring->features = 0;
  ring->ring_fd = -1;
  ring->enter_fd = -1;
  ring->enter_flags = 0;
  ring->int_flags = 0;
  ring->backend = NULL;
  ring->backend_ctx = NULL;
}

/* A ring word at `off` inside a region of `size` bytes, or NULL when it does not fit. */
static uint32_t *ring_word(void *base, size_t size, uint32_t off) {
  if ((size_t)off + sizeof(uint32_t) > size || (off & 3u)) return NULL;
  return (uint32_t *)(void *)((char *)base + off);
}

static size_t sqe_size(uint32_t flags) { return (flags & URING_SETUP_SQE128) ? 128 : 64; }
static size_t cqe_size(uint32_t flags) { return (flags & URING_SETUP_CQE32) ? 32 : 16; }

/* Fills ring->sq and ring->cq from the regions and the offsets the kernel returned, and
 * checks what the kernel wrote there. -URING_EPROTO when anything is out of bounds. */
static int attach_rings(struct uring *ring, const struct uring_params *p) {
  struct uring_sq *sq = &ring->sq;
  struct uring_cq *cq = &ring->cq;
  void *sb = ring->sq_ring.addr, *cb = ring->cq_ring.addr;
  size_t ss = ring->sq_ring.size, cs = ring->cq_ring.size;

  sq->khead = ring_word(sb, ss, p->sq_off.head);
  sq->ktail = ring_word(sb, ss, p->sq_off.tail);
  sq->kflags = ring_word(sb, ss, p->sq_off.flags);
  sq->kdropped = ring_word(sb, ss, p->sq_off.dropped);
  uint32_t *smask = ring_word(sb, ss, p->sq_off.ring_mask);
  uint32_t *sent = ring_word(sb, ss, p->sq_off.ring_entries);
  cq->khead = ring_word(cb, cs, p->cq_off.head);
  cq->ktail = ring_word(cb, cs, p->cq_off.tail);
  cq->koverflow = ring_word(cb, cs, p->cq_off.overflow);
  uint32_t *cmask = ring_word(cb, cs, p->cq_off.ring_mask);
  uint32_t *cent = ring_word(cb, cs, p->cq_off.ring_entries);
  if (!sq->khead || !sq->ktail || !sq->kflags || !sq->kdropped || !smask || !sent ||
      !cq->khead || !cq->ktail || !cq->koverflow || !cmask || !cent)
    return -URING_EPROTO;
  /* The CQ flags word exists from 5.8; before, cq_off.flags is 0. */
  cq->kflags = p->cq_off.flags ? ring_word(cb, cs, p->cq_off.flags) : NULL;

  uint32_t se = p->sq_entries, ce = p->cq_entries;
  if (!se || (se & (se - 1)) || !ce || (ce & (ce - 1))) return -URING_EPROTO;
  if (*sent != se || *smask != se - 1 || *cent != ce || *cmask != ce - 1) return -URING_EPROTO;
  if ((size_t)p->cq_off.cqes + (size_t)ce * cqe_size(p->flags) > cs || (p->cq_off.cqes & 7u))
    return -URING_EPROTO;
  if (ring->sqes.size < (size_t)se * sqe_size(p->flags)) return -URING_EPROTO;

  sq->ring_mask = se - 1;
  sq->ring_entries = se;
  sq->sqe_shift = (p->flags & URING_SETUP_SQE128) ? 1 : 0;
  sq->sqes = (struct uring_sqe *)ring->sqes.addr;
  sq->array = NULL;
  if (!(p->flags & URING_SETUP_NO_SQARRAY)) {
    if ((size_t)p->sq_off.array + (size_t)se * 4 > ss || (p->sq_off.array & 3u)) return -URING_EPROTO;
    sq->array = (uint32_t *)(void *)((char *)sb + p->sq_off.array);
    /* Slot i always holds SQE i: the library never reorders, so the array is written
     * once here instead of once per SQE. */
    for (uint32_t i = 0; i < se; i++) sq->array[i] = i;
  }
  /* Start from what the kernel says, not from zero (the mock can start near 2^32). */
  sq->sqe_head = sq->sqe_tail = *sq->ktail;
  sq->cached_head = *sq->khead;
  if (sq->sqe_tail - sq->cached_head > se) return -URING_EPROTO;

  cq->ring_mask = ce - 1;
  cq->ring_entries = ce;
  cq->cqe_shift = (p->flags & URING_SETUP_CQE32) ? 1 : 0;
  cq->mixed = (p->flags & URING_SETUP_CQE_MIXED) ? 1 : 0;
  cq->cqes = (struct uring_cqe *)(void *)((char *)cb + p->cq_off.cqes);
  cq->head = *cq->khead;
  if (*cq->ktail - cq->head > ce) return -URING_EPROTO;
  return 0;
}

static int map_rings(struct uring *ring, const struct uring_params *p) {
  size_t sq_sz = 0, cq_sz, sqe_sz;
  int ret;

  cq_sz = (size_t)p->cq_off.cqes + (size_t)p->cq_entries * cqe_size(p->flags);
  if (!(p->flags & URING_SETUP_NO_SQARRAY))
    sq_sz = (size_t)p->sq_off.array + (size_t)p->sq_entries * sizeof(uint32_t);
  sqe_sz = (size_t)p->sq_entries * sqe_size(p->flags);

  if (p->features & URING_FEAT_SINGLE_MMAP) {
    /* 5.4: both rings live in one region at the SQ ring offset. */
    size_t sz = sq_sz > cq_sz ? sq_sz : cq_sz;
    void *addr;
    ret = do_map(ring, URING_OFF_SQ_RING, sz, &addr);
    if (ret < 0) return ret;
    ring->sq_ring.addr = addr;
    ring->sq_ring.size = sz;
    ring->cq_ring = ring->sq_ring;
  } else {
    void *addr;
    if (!sq_sz) return -URING_EPROTO; /* NO_SQARRAY implies SINGLE_MMAP */
    ret = do_map(ring, URING_OFF_SQ_RING, sq_sz, &addr);
    if (ret < 0) return ret;
    ring->sq_ring.addr = addr;
    ring->sq_ring.size = sq_sz;
    ret = do_map(ring, URING_OFF_CQ_RING, cq_sz, &addr);
    if (ret < 0) return ret;
    ring->cq_ring.addr = addr;
    ring->cq_ring.size = cq_sz;
  }
  void *sqes;
  ret = do_map(ring, URING_OFF_SQES, sqe_sz, &sqes);
  if (ret < 0) return ret;
  ring->sqes.addr = sqes;
  ring->sqes.size = sqe_sz;
  return 0;
}

static void unmap_rings(struct uring *ring) {
  if (ring->int_flags & URING_INT_CALLER_MEM) {
    ring->sq_ring.size = ring->cq_ring.size = ring->sqes.size = 0;
    return;
  }
  if (ring->cq_ring.addr == ring->sq_ring.addr) ring->cq_ring.size = 0;
  do_unmap(ring, &ring->sqes);
  do_unmap(ring, &ring->cq_ring);
  do_unmap(ring, &ring->sq_ring);
}

/* Layout of caller memory for NO_MMAP: [rings | SQEs], each rounded to 4 KiB. */
struct mem_layout {
  size_t rings;
  size_t sqes;
};

/* The kernel's ring header (struct io_rings) is under 256 bytes with 64-byte cache lines;
 * 1 KiB leaves room for larger cache lines and new fields. */
#define RINGS_HEADER_BOUND 1024u

static int mem_layout(unsigned entries, const struct uring_params *p, struct mem_layout *out) {
  uint32_t flags = p->flags;
  uint32_t se, ce;
  if (!entries) return -URING_EINVAL;
  if (entries > URING_MAX_ENTRIES) {
    if (!(flags & URING_SETUP_CLAMP)) return -URING_EINVAL;
    entries = URING_MAX_ENTRIES;
  }
  se = round_pow2(entries);
  if (flags & URING_SETUP_CQSIZE) {
    uint32_t c = p->cq_entries;
    if (!c) return -URING_EINVAL;
    if (c > URING_MAX_CQ_ENTRIES) {
      if (!(flags & URING_SETUP_CLAMP)) return -URING_EINVAL;
      c = URING_MAX_CQ_ENTRIES;
    }
    ce = round_pow2(c);
    if (ce < se) return -URING_EINVAL;
  } else {
    ce = 2 * se;
  }
  size_t rings = RINGS_HEADER_BOUND + (size_t)ce * cqe_size(flags);
  if (!(flags & URING_SETUP_NO_SQARRAY)) rings = round_up(rings, 128) + (size_t)se * 4;
  out->rings = round_up(rings, PAGE_4K);
  out->sqes = round_up((size_t)se * sqe_size(flags), PAGE_4K);
  return 0;
}

size_t uring_mem_size(unsigned entries, const struct uring_params *p) {
  struct mem_layout l;
  if (!p || mem_layout(entries, p, &l) < 0) return 0;
  return l.rings + l.sqes;
}

static int setup_ring(struct uring *ring, unsigned entries, struct uring_params *p,
                      const struct uring_backend *be, void *ctx, void *mem, size_t memsize) {
  struct mem_layout layout = {0, 0};
  int fd, ret;

  if (!ring || !p) return -URING_EFAULT;
  make_inert(ring);
  ring->sq_ring.addr = ring->cq_ring.addr = ring->sqes.addr = NULL;
  ring->sq_ring.size = ring->cq_ring.size = ring->sqes.size = 0;

  /* Preconditions the kernel would also refuse, checked first so the error is clear and
   * no system call is made. */
  if (!entries) return -URING_EINVAL;
  if (entries > URING_MAX_ENTRIES && !(p->flags & URING_SETUP_CLAMP)) return -URING_EINVAL;
  if (p->flags & ~URING_SETUP_KNOWN_MASK) return -URING_EINVAL;
  if (be && (!be->setup || !be->enter || !be->reg || !be->map || !be->unmap || !be->close))
    return -URING_EINVAL;
  if (p->flags & URING_SETUP_NO_MMAP) {
    if (!mem) return -URING_EINVAL;
    ret = mem_layout(entries, p, &layout);
    if (ret < 0) return ret;
    if (((uintptr_t)mem & (PAGE_4K - 1)) || memsize < layout.rings + layout.sqes) return -URING_EINVAL;
    p->cq_off.user_addr = (uint64_t)(uintptr_t)mem;
    p->sq_off.user_addr = (uint64_t)(uintptr_t)((char *)mem + layout.rings);
  } else if (mem) {
    return -URING_EINVAL;
  }
  if ((p->flags & URING_SETUP_REGISTERED_FD_ONLY) && !(p->flags & URING_SETUP_NO_MMAP))
    return -URING_EINVAL;

  fd = do_setup(be, ctx, entries, p);
  if (fd < 0) return fd;

  ring->backend = be;
  ring->backend_ctx = ctx;
  ring->flags = p->flags;
  ring->features = p->features;
  if (p->flags & URING_SETUP_REGISTERED_FD_ONLY) {
    /* 6.5: the kernel returned a registered ring index, not an fd. */
    ring->ring_fd = -1;
    ring->enter_fd = fd;
    ring->enter_flags = URING_ENTER_REGISTERED_RING;
    ring->int_flags |= URING_INT_REG_RING;
  } else {
    ring->ring_fd = fd;
    ring->enter_fd = fd;
  }

  if (p->flags & URING_SETUP_NO_MMAP) {
    ring->int_flags |= URING_INT_CALLER_MEM;
    ring->cq_ring.addr = mem;
    ring->cq_ring.size = layout.rings;
    ring->sq_ring = ring->cq_ring;
    ring->sqes.addr = (char *)mem + layout.rings;
    ring->sqes.size = layout.sqes;
    ret = 0;
  } else {
    ret = map_rings(ring, p);
  }
  if (ret == 0) ret = attach_rings(ring, p);
  if (ret < 0) {
    uring_exit(ring);
    return ret;
  }

  /* With DEFER_TASKRUN only the task that created the ring may wait on it, so the ring
   * fd's registration (which is per task) is always valid where it is used. */
  if ((p->flags & URING_SETUP_DEFER_TASKRUN) && !(ring->int_flags & URING_INT_REG_RING))
    (void)uring_register_ring_fd(ring);
  return 0;
}

int uring_init_params(struct uring *ring, unsigned entries, struct uring_params *p) {
  return setup_ring(ring, entries, p, NULL, NULL, NULL, 0);
}

int uring_init_mem(struct uring *ring, unsigned entries, struct uring_params *p, void *mem,
                   size_t size) {
  if (!p) return -URING_EFAULT;
  if (!(p->flags & URING_SETUP_NO_MMAP)) return -URING_EINVAL;
  return setup_ring(ring, entries, p, NULL, NULL, mem, size);
}

int uring_init_backend(struct uring *ring, unsigned entries, struct uring_params *p,
                       const struct uring_backend *backend, void *backend_ctx) {
  if (!backend) return -URING_EINVAL;
  return setup_ring(ring, entries, p, backend, backend_ctx, NULL, 0);
}

int uring_init(struct uring *ring, unsigned entries, unsigned flags) {
  /* Flags added for speed alone, newest first: each is dropped in turn when the kernel
   * answers -URING_EINVAL (a kernel older than the flag). */
  static const uint32_t optional[] = {
      URING_SETUP_NO_SQARRAY, /* 6.6 */
      URING_SETUP_SUBMIT_ALL, /* 5.18 */
  };
  uint32_t extra = 0;
  int ret;

  if (!ring) return -URING_EFAULT;
  for (size_t i = 0; i < sizeof(optional) / sizeof(optional[0]); i++) extra |= optional[i];
  /* NO_MMAP needs caller memory, REGISTERED_FD_ONLY needs NO_MMAP: uring_init_mem. */
  if (flags & (URING_SETUP_NO_MMAP | URING_SETUP_REGISTERED_FD_ONLY)) return -URING_EINVAL;
  extra &= ~flags;
  for (size_t i = 0;; i++) {
    struct uring_params p;
    zero_bytes(&p, sizeof p);
    p.flags = flags | extra;
    ret = uring_init_params(ring, entries, &p);
    if (ret != -URING_EINVAL || !extra) return ret;
    if (i >= sizeof(optional) / sizeof(optional[0])) return ret;
    extra &= ~optional[i];
  }
}

void uring_exit(struct uring *ring) {
  const struct uring_backend *be;
  void *ctx;
  int fd;

  if (!ring) return;
  be = ring->backend;
  ctx = ring->backend_ctx;
  fd = ring->ring_fd;
  /* A registered ring fd holds a reference to the ring: drop it, or closing the fd would
   * not free the ring until the task exits. */
  if (ring->int_flags & URING_INT_REG_RING) (void)uring_unregister_ring_fd(ring);
  unmap_rings(ring);
  do_close(be, ctx, fd);
  make_inert(ring);
}

int uring_register(struct uring *ring, unsigned opcode, const void *arg, unsigned nr_args) {
  int fd = ring->enter_fd;
  if (ring->enter_flags & URING_ENTER_REGISTERED_RING)
    opcode |= URING_REGISTER_USE_REGISTERED_RING;
  if (fd < 0) return -URING_EBADF;
  if (ring->backend) return ring->backend->reg(ring->backend_ctx, fd, opcode, arg, nr_args);
  return uring_sys_io_uring_register(fd, opcode, arg, nr_args);
}
