/* Ring setup, mapping and teardown. */
#include <stddef.h>
#include <stdint.h>

#include "uring/ring/internal.h"
#include "uring/ring/ring.h"
#include "uring/sys/abi.h"
#include "uring/sys/errcodes.h"
#include "uring/sys/syscall.h"

#define PAGE_4K 4096u

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
  uring_priv_detach(ring);
  ring->flags = 0;
  ring->features = 0;
  ring->ring_fd = -1;
  ring->enter_fd = -1;
  ring->enter_flags = 0;
  ring->int_flags = 0;
  ring->backend = NULL;
  ring->backend_ctx = NULL;
  /* Forgotten, not unmapped: uring_exit unmaps before it makes the ring inert. */
  ring->sq_ring.addr = ring->cq_ring.addr = ring->sqes.addr = NULL;
  ring->sq_ring.size = ring->cq_ring.size = ring->sqes.size = 0;
}

static void teardown(struct uring *ring);

static void unmap_rings(struct uring *ring) {
  if (ring->int_flags & URING_INT_CALLER_MEM) {
    ring->sq_ring.size = ring->cq_ring.size = ring->sqes.size = 0;
    return;
  }
  uring_priv_unmap_ring(ring);
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
  size_t rings = RINGS_HEADER_BOUND + (size_t)ce * uring_priv_cqe_bytes(flags);
  if (!(flags & URING_SETUP_NO_SQARRAY)) rings = round_up(rings, 128) + (size_t)se * 4;
  out->rings = round_up(rings, PAGE_4K);
  out->sqes = round_up((size_t)se * uring_priv_sqe_bytes(flags), PAGE_4K);
  return 0;
}

size_t uring_mem_size(unsigned entries, const struct uring_params *p) {
  struct mem_layout l;
  if (!p || mem_layout(entries, p, &l) < 0) return 0;
  return l.rings + l.sqes;
}

static int attach_fd(struct uring *ring, int fd, const struct uring_params *p,
                     const struct uring_backend *be, void *ctx, void *mem,
                     const struct mem_layout *layout);

static int setup_ring(struct uring *ring, unsigned entries, struct uring_params *p,
                      const struct uring_backend *be, void *ctx, void *mem, size_t memsize) {
  struct mem_layout layout = {0, 0};
  int fd, ret;

  if (!ring || !p) return -URING_EFAULT;
  make_inert(ring);

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
    /* The kernel takes the ring words it finds in caller memory as they are (measured on
     * 6.12: a head and tail left at 0x5a5a5a5a made it post every CQE to its overflow list
     * while the library read garbage), so the rings start from zeroes here. */
    uring_priv_zero(mem, layout.rings + layout.sqes);
    p->cq_off.user_addr = (uint64_t)(uintptr_t)mem;
    p->sq_off.user_addr = (uint64_t)(uintptr_t)((char *)mem + layout.rings);
  } else if (mem) {
    return -URING_EINVAL;
  }
  if ((p->flags & URING_SETUP_REGISTERED_FD_ONLY) && !(p->flags & URING_SETUP_NO_MMAP))
    return -URING_EINVAL;

  fd = do_setup(be, ctx, entries, p);
  if (fd < 0) return fd;
  ret = attach_fd(ring, fd, p, be, ctx, mem, &layout);
  if (ret < 0) teardown(ring);
  return ret;
}

/* Attaches struct uring to the ring behind fd that *p describes: maps its regions (or
 * takes them from `mem`, laid out as `layout` says, with NO_MMAP) and builds the SQ and CQ
 * views. On failure the struct names fd and whatever it mapped: the caller tears down. */
static int attach_fd(struct uring *ring, int fd, const struct uring_params *p,
                     const struct uring_backend *be, void *ctx, void *mem,
                     const struct mem_layout *layout) {
  int ret;
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

  {
    struct uring_priv_regions r;
    if (p->flags & URING_SETUP_NO_MMAP) {
      ring->int_flags |= URING_INT_CALLER_MEM;
      r.cq_ring.addr = mem;
      r.cq_ring.size = layout->rings;
      r.sq_ring = r.cq_ring;
      r.sqes.addr = (char *)mem + layout->rings;
      r.sqes.size = layout->sqes;
      ret = 0;
    } else {
      ret = uring_priv_map_regions(ring, p, p->flags, p->features, &r);
    }
    if (ret == 0) {
      uring_priv_set_regions(ring, &r);
      ret = uring_priv_attach(&r, p, p->flags, &ring->sq, &ring->cq);
    }
  }
  if (ret < 0) return ret;
  if (!be && !(p->flags & (URING_SETUP_SQPOLL | URING_SETUP_SQ_REWIND)))
    ring->int_flags |= URING_INT_PLAIN;
  return 0;
}

int uring_queue_mmap(int fd, struct uring_params *p, struct uring *ring) {
  /* Unused without NO_MMAP, but not NULL: gcc -O3 cannot see that attach_fd's NO_MMAP
   * branch is dead here (ring may alias p as far as it knows) and warns. */
  const struct mem_layout no_layout = {0, 0};
  int ret;
  if (!ring || !p) return -URING_EFAULT;
  make_inert(ring);
  if (fd < 0) return -URING_EBADF;
  if (p->flags & ~URING_SETUP_KNOWN_MASK) return -URING_EINVAL;
  /* Rings in caller memory cannot be mapped from the fd (and REGISTERED_FD_ONLY rings have
   * no fd to give). */
  if (p->flags & (URING_SETUP_NO_MMAP | URING_SETUP_REGISTERED_FD_ONLY)) return -URING_EINVAL;
  ret = attach_fd(ring, fd, p, NULL, NULL, NULL, &no_layout);
  if (ret < 0) {
    /* The fd stays the caller's: tear down the mappings only. */
    ring->ring_fd = ring->enter_fd = -1;
    teardown(ring);
  }
  return ret;
}

int uring_set_iowait(struct uring *ring, int enable) {
  if (!ring) return -URING_EFAULT;
  if (!uring_priv_set_up(ring)) return -URING_EBADF;
  /* Older kernels refuse the enter flag with -EINVAL on every enter: refuse it here. */
  if (!(ring->features & URING_FEAT_NO_IOWAIT)) return -URING_EOPNOTSUPP;
  /* enter_flags goes with every enter the library makes (uring_enter). */
  if (enable)
    ring->enter_flags &= ~URING_ENTER_NO_IOWAIT;
  else
    ring->enter_flags |= URING_ENTER_NO_IOWAIT;
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

/* uring_init's defaults on the caller's parameter block: the optional flags are added to
 * what *given asks for, each dropped in turn when the kernel answers -EINVAL. */
static int init_with_defaults(struct uring *ring, unsigned entries,
                              const struct uring_params *given, struct uring_params *out) {
  /* Flags added for speed alone, newest first: each is dropped in turn when the kernel
   * answers -URING_EINVAL (a kernel older than the flag). */
  static const uint32_t optional[] = {
      URING_SETUP_NO_SQARRAY, /* 6.6 */
      URING_SETUP_SUBMIT_ALL, /* 5.18 */
  };
  uint32_t extra = 0, flags = given->flags;
  int ret;

  make_inert(ring);
  for (size_t i = 0; i < sizeof(optional) / sizeof(optional[0]); i++) extra |= optional[i];
  /* NO_MMAP needs caller memory, REGISTERED_FD_ONLY needs NO_MMAP: uring_init_mem. */
  if (flags & (URING_SETUP_NO_MMAP | URING_SETUP_REGISTERED_FD_ONLY)) return -URING_EINVAL;
  extra &= ~flags;
  for (size_t i = 0;; i++) {
    *out = *given;
    out->flags = flags | extra;
    ret = uring_init_params(ring, entries, out);
    if (ret == 0) {
      /* With DEFER_TASKRUN only the task that created the ring may wait on it, so the
       * ring fd's registration (which is per task) is valid wherever it is used. */
      if (flags & URING_SETUP_DEFER_TASKRUN) (void)uring_register_ring_fd(ring);
      return 0;
    }
    if (ret != -URING_EINVAL || !extra) return ret;
    if (i >= sizeof(optional) / sizeof(optional[0])) return ret;
    extra &= ~optional[i];
  }
}

int uring_init(struct uring *ring, unsigned entries, unsigned flags) {
  struct uring_params given, out;
  if (!ring) return -URING_EFAULT;
  uring_priv_zero(&given, sizeof given);
  given.flags = flags;
  return init_with_defaults(ring, entries, &given, &out);
}

int uring_init_params_defaults(struct uring *ring, unsigned entries, struct uring_params *p) {
  struct uring_params given;
  if (!ring || !p) return -URING_EFAULT;
  given = *p;
  return init_with_defaults(ring, entries, &given, p);
}

/* uring_exit's work, for a ring that got as far as an fd (a setup that failed after the
 * kernel's setup too, where the struct does not show entries yet). */
static void teardown(struct uring *ring) {
  const struct uring_backend *be = ring->backend;
  void *ctx = ring->backend_ctx;
  int fd = ring->ring_fd;
  /* A registered ring fd holds a reference to the ring: drop it, or closing the fd would
   * not free the ring until the task exits. */
  if (ring->int_flags & URING_INT_REG_RING) (void)uring_unregister_ring_fd(ring);
  unmap_rings(ring);
  do_close(be, ctx, fd);
  make_inert(ring);
}

void uring_exit(struct uring *ring) {
  if (!ring) return;
  /* Never set up (zero-filled), or torn down already: there is nothing to close, and
   * fd 0 in a zeroed struct is not the ring's. */
  if (!uring_priv_set_up(ring)) {
    make_inert(ring);
    return;
  }
  teardown(ring);
}

#if defined(URING_ASAN_CHECKS) && URING_ASAN_CHECKS
void uring_priv_precondition_failed(const char *what) {
  static const char prefix[] = "uring: precondition violated: ";
  size_t n = 0;
  while (what[n]) n++;
  (void)uring_sys_write(2, prefix, sizeof prefix - 1);
  (void)uring_sys_write(2, what, n);
  (void)uring_sys_write(2, "\n", 1);
  __builtin_trap();
}
#endif

int uring_register(struct uring *ring, unsigned opcode, const void *arg, unsigned nr_args) {
  int fd;
  if (!ring) return -URING_EFAULT;
  /* A zero-filled struct's fd 0 is not a ring. (A registered index counts: a setup that
   * failed half way unregisters it through here before the struct shows entries.) */
  if (!uring_priv_set_up(ring) && !(ring->int_flags & URING_INT_REG_RING)) return -URING_EBADF;
  fd = ring->ring_fd;
  /* io_uring_register takes a registered ring index only from 6.3 (URING_FEAT_REG_REG_RING);
   * 5.18-6.2 know registered rings for io_uring_enter alone and refuse the flag here. */
  if ((ring->enter_flags & URING_ENTER_REGISTERED_RING) &&
      (ring->features & URING_FEAT_REG_REG_RING)) {
    fd = ring->enter_fd;
    opcode |= URING_REGISTER_USE_REGISTERED_RING;
  }
  if (fd < 0) return -URING_EBADF;
  if (ring->backend) return ring->backend->reg(ring->backend_ctx, fd, opcode, arg, nr_args);
  return uring_sys_io_uring_register(fd, opcode, arg, nr_args);
}
