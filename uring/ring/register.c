/* io_uring_register(2) operations. */
#include <stddef.h>
#include <stdint.h>

#include "uring/ring/register.h"
#include "uring/sys/abi.h"
#include "uring/sys/barrier.h"
#include "uring/sys/errcodes.h"
#include "uring/sys/syscall.h"

static void zero_bytes(void *p, size_t n) {
  /* volatile: a plain loop may be turned into a call to memset, which a freestanding
   * library cannot count on. */
  volatile unsigned char *b = (volatile unsigned char *)p;
  while (n--) *b++ = 0;
}

static uint64_t ptr64(const void *p) { return (uint64_t)(uintptr_t)p; }

/* Operations that take no ring: the kernel's "blind" register path, fd -1 (6.13). */
static int register_blind(unsigned opcode, const void *arg, unsigned nr) {
  return uring_sys_io_uring_register(-1, opcode, arg, nr);
}

/* ---- Buffers ---------------------------------------------------------------------- */

int uring_register_buffers(struct uring *ring, const void *iovecs, unsigned nr_iovecs) {
  return uring_register(ring, URING_REGISTER_BUFFERS, iovecs, nr_iovecs);
}

/* FILES2 and BUFFERS2 take a struct uring_rsrc_register, and its size as nr_args. */
static int register_rsrc(struct uring *ring, unsigned opcode, const void *data,
                         const uint64_t *tags, unsigned nr, unsigned flags) {
  struct uring_rsrc_register rr;
  zero_bytes(&rr, sizeof rr);
  rr.nr = nr;
  rr.flags = flags;
  rr.data = ptr64(data);
  rr.tags = ptr64(tags);
  return uring_register(ring, opcode, &rr, (unsigned)sizeof rr);
}

/* FILES_UPDATE2 and BUFFERS_UPDATE take a struct uring_rsrc_update2 and its size. */
static int update_rsrc(struct uring *ring, unsigned opcode, unsigned off, const void *data,
                       const uint64_t *tags, unsigned nr) {
  struct uring_rsrc_update2 up;
  zero_bytes(&up, sizeof up);
  up.offset = off;
  up.data = ptr64(data);
  up.tags = ptr64(tags);
  up.nr = nr;
  return uring_register(ring, opcode, &up, (unsigned)sizeof up);
}

int uring_register_buffers_tags(struct uring *ring, const void *iovecs, const uint64_t *tags,
                                unsigned nr) {
  return register_rsrc(ring, URING_REGISTER_BUFFERS2, iovecs, tags, nr, 0);
}

int uring_register_buffers_sparse(struct uring *ring, unsigned nr) {
  return register_rsrc(ring, URING_REGISTER_BUFFERS2, NULL, NULL, nr, URING_RSRC_REGISTER_SPARSE);
}

int uring_register_buffers_update_tag(struct uring *ring, unsigned off, const void *iovecs,
                                      const uint64_t *tags, unsigned nr) {
  return update_rsrc(ring, URING_REGISTER_BUFFERS_UPDATE, off, iovecs, tags, nr);
}

int uring_unregister_buffers(struct uring *ring) {
  return uring_register(ring, URING_UNREGISTER_BUFFERS, NULL, 0);
}

int uring_clone_buffers_offset(struct uring *dst, struct uring *src, unsigned dst_off,
                               unsigned src_off, unsigned nr, unsigned flags) {
  struct uring_clone_buffers cb;
  if (!src) return -URING_EFAULT;
  zero_bytes(&cb, sizeof cb);
  if (src->enter_flags & URING_ENTER_REGISTERED_RING) {
    /* The registered index is per task: valid here because the registration and this call
     * must come from the same thread anyway (see uring_register_ring_fd). */
    cb.src_fd = (uint32_t)src->enter_fd;
    flags |= URING_REGISTER_SRC_REGISTERED;
  } else {
    if (src->ring_fd < 0) return -URING_EBADF;
    cb.src_fd = (uint32_t)src->ring_fd;
    flags &= ~URING_REGISTER_SRC_REGISTERED;
  }
  cb.flags = flags;
  cb.src_off = src_off;
  cb.dst_off = dst_off;
  cb.nr = nr;
  return uring_register(dst, URING_REGISTER_CLONE_BUFFERS, &cb, 1);
}

int uring_clone_buffers(struct uring *dst, struct uring *src) {
  return uring_clone_buffers_offset(dst, src, 0, 0, 0, 0);
}

/* ---- Files ------------------------------------------------------------------------ */

int uring_register_files(struct uring *ring, const int *files, unsigned nr_files) {
  return uring_register(ring, URING_REGISTER_FILES, files, nr_files);
}

int uring_register_files_tags(struct uring *ring, const int *files, const uint64_t *tags,
                              unsigned nr) {
  return register_rsrc(ring, URING_REGISTER_FILES2, files, tags, nr, 0);
}

int uring_register_files_sparse(struct uring *ring, unsigned nr) {
  return register_rsrc(ring, URING_REGISTER_FILES2, NULL, NULL, nr, URING_RSRC_REGISTER_SPARSE);
}

int uring_register_files_update(struct uring *ring, unsigned off, const int *files,
                                unsigned nr_files) {
  struct uring_files_update up;
  zero_bytes(&up, sizeof up);
  up.offset = off;
  up.fds = ptr64(files);
  return uring_register(ring, URING_REGISTER_FILES_UPDATE, &up, nr_files);
}

int uring_register_files_update_tag(struct uring *ring, unsigned off, const int *files,
                                    const uint64_t *tags, unsigned nr_files) {
  return update_rsrc(ring, URING_REGISTER_FILES_UPDATE2, off, files, tags, nr_files);
}

int uring_unregister_files(struct uring *ring) {
  return uring_register(ring, URING_UNREGISTER_FILES, NULL, 0);
}

int uring_register_file_alloc_range(struct uring *ring, unsigned off, unsigned len) {
  struct uring_file_index_range range;
  zero_bytes(&range, sizeof range);
  range.off = off;
  range.len = len;
  return uring_register(ring, URING_REGISTER_FILE_ALLOC_RANGE, &range, 0);
}

/* ---- Eventfd ---------------------------------------------------------------------- */

int uring_register_eventfd(struct uring *ring, int eventfd) {
  return uring_register(ring, URING_REGISTER_EVENTFD, &eventfd, 1);
}

int uring_register_eventfd_async(struct uring *ring, int eventfd) {
  return uring_register(ring, URING_REGISTER_EVENTFD_ASYNC, &eventfd, 1);
}

int uring_unregister_eventfd(struct uring *ring) {
  return uring_register(ring, URING_UNREGISTER_EVENTFD, NULL, 0);
}

/* ---- Credentials and access control ----------------------------------------------- */

int uring_register_personality(struct uring *ring) {
  return uring_register(ring, URING_REGISTER_PERSONALITY, NULL, 0);
}

int uring_unregister_personality(struct uring *ring, int id) {
  /* The id travels in nr_args; the kernel's ids are 0..65535. */
  if (id < 0) return -URING_EINVAL;
  return uring_register(ring, URING_UNREGISTER_PERSONALITY, NULL, (unsigned)id);
}

int uring_register_restrictions(struct uring *ring, const struct uring_restriction *res,
                                unsigned nr) {
  return uring_register(ring, URING_REGISTER_RESTRICTIONS, res, nr);
}

int uring_enable_rings(struct uring *ring) {
  return uring_register(ring, URING_REGISTER_ENABLE_RINGS, NULL, 0);
}

int uring_register_task_restrictions(const struct uring_task_restriction *tres) {
  return register_blind(URING_REGISTER_RESTRICTIONS, tres, 1);
}

int uring_register_bpf_filter(struct uring *ring, const struct uring_bpf *bpf) {
  if (!ring) return register_blind(URING_REGISTER_BPF_FILTER, bpf, 1);
  return uring_register(ring, URING_REGISTER_BPF_FILTER, bpf, 1);
}

/* ---- io-wq ------------------------------------------------------------------------ */

int uring_register_iowq_aff(struct uring *ring, size_t cpusz, const void *mask) {
  /* The kernel reads at most its own cpumask size, so a larger bitmap loses nothing by the
   * clamp to nr_args' width. */
  unsigned n = cpusz > 0xffffffffu ? 0xffffffffu : (unsigned)cpusz;
  return uring_register(ring, URING_REGISTER_IOWQ_AFF, mask, n);
}

int uring_unregister_iowq_aff(struct uring *ring) {
  return uring_register(ring, URING_UNREGISTER_IOWQ_AFF, NULL, 0);
}

int uring_register_iowq_max_workers(struct uring *ring, unsigned *values) {
  return uring_register(ring, URING_REGISTER_IOWQ_MAX_WORKERS, values, 2);
}

/* ---- Provided-buffer rings -------------------------------------------------------- */

int uring_register_buf_ring(struct uring *ring, struct uring_buf_reg *reg, unsigned flags) {
  if (flags) return -URING_EINVAL;
  return uring_register(ring, URING_REGISTER_PBUF_RING, reg, 1);
}

int uring_unregister_buf_ring(struct uring *ring, int bgid) {
  struct uring_buf_reg reg;
  if (bgid < 0 || bgid > 0xffff) return -URING_EINVAL;
  zero_bytes(&reg, sizeof reg);
  reg.bgid = (uint16_t)bgid;
  return uring_register(ring, URING_UNREGISTER_PBUF_RING, &reg, 1);
}

int uring_buf_ring_head(struct uring *ring, int buf_group, uint16_t *head) {
  struct uring_buf_status st;
  int ret;
  if (buf_group < 0 || buf_group > 0xffff) return -URING_EINVAL;
  zero_bytes(&st, sizeof st);
  st.buf_group = (uint32_t)buf_group;
  ret = uring_register(ring, URING_REGISTER_PBUF_STATUS, &st, 1);
  if (ret < 0) return ret;
  /* The kernel's head is a free-running 16-bit index like the ring's tail. */
  if (head) *head = (uint16_t)st.head;
  return 0;
}

/* ---- Cancellation, polling, clocks, messages -------------------------------------- */

int uring_register_sync_cancel(struct uring *ring, struct uring_sync_cancel_reg *reg) {
  return uring_register(ring, URING_REGISTER_SYNC_CANCEL, reg, 1);
}

int uring_register_napi(struct uring *ring, struct uring_napi *napi) {
  return uring_register(ring, URING_REGISTER_NAPI, napi, 1);
}

int uring_unregister_napi(struct uring *ring, struct uring_napi *napi) {
  return uring_register(ring, URING_UNREGISTER_NAPI, napi, 1);
}

int uring_register_clock(struct uring *ring, struct uring_clock_register *arg) {
  return uring_register(ring, URING_REGISTER_CLOCK, arg, 0);
}

int uring_register_send_msg_ring(const struct uring_sqe *sqe) {
  return register_blind(URING_REGISTER_SEND_MSG_RING, sqe, 1);
}

/* ---- Memory regions, queries, zero-copy receive ----------------------------------- */

int uring_register_region(struct uring *ring, struct uring_mem_region_reg *reg) {
  return uring_register(ring, URING_REGISTER_MEM_REGION, reg, 1);
}

int uring_register_query(struct uring *ring, struct uring_query_hdr *hdr) {
  if (!ring) return register_blind(URING_REGISTER_QUERY, hdr, 0);
  return uring_register(ring, URING_REGISTER_QUERY, hdr, 0);
}

int uring_register_ifq(struct uring *ring, struct uring_zcrx_ifq_reg *reg) {
  return uring_register(ring, URING_REGISTER_ZCRX_IFQ, reg, 1);
}

int uring_register_zcrx_ctrl(struct uring *ring, struct uring_zcrx_ctrl *ctrl) {
  return uring_register(ring, URING_REGISTER_ZCRX_CTRL, ctrl, 0);
}

/* ---- Mapping ---------------------------------------------------------------------- */

int uring__map(struct uring *ring, uint64_t offset, size_t len, void **out) {
  void *p;
  if (ring->ring_fd < 0) return -URING_EBADF;
  if (ring->backend) return ring->backend->map(ring->backend_ctx, ring->ring_fd, offset, len, out);
  p = uring_sys_mmap(NULL, len, URING_PROT_READ | URING_PROT_WRITE,
                     URING_MAP_SHARED | URING_MAP_POPULATE, ring->ring_fd, offset);
  if (uring_sys_is_err((long)p)) return (int)(long)p;
  *out = p;
  return 0;
}

void uring__unmap(struct uring *ring, void *addr, size_t len) {
  if (!len) return;
  if (ring->backend)
    (void)ring->backend->unmap(ring->backend_ctx, addr, len);
  else
    (void)uring_sys_munmap(addr, len);
}

/* ---- Resizing --------------------------------------------------------------------- */

static size_t sqe_bytes(uint32_t flags) { return (flags & URING_SETUP_SQE128) ? 128 : 64; }
static size_t cqe_bytes(uint32_t flags) { return (flags & URING_SETUP_CQE32) ? 32 : 16; }

/* A ring word at `off` inside a region of `size` bytes, or NULL when it does not fit. */
static uint32_t *word_at(const struct uring_region *r, uint32_t off) {
  if ((size_t)off + sizeof(uint32_t) > r->size || (off & 3u)) return NULL;
  return (uint32_t *)(void *)((char *)r->addr + off);
}

/* The new rings, mapped but not yet attached. */
struct resized {
  struct uring_region sq_ring, cq_ring, sqes;
};

static void unmap_resized(struct uring *ring, struct resized *n) {
  if (n->cq_ring.addr != n->sq_ring.addr) uring__unmap(ring, n->cq_ring.addr, n->cq_ring.size);
  uring__unmap(ring, n->sq_ring.addr, n->sq_ring.size);
  uring__unmap(ring, n->sqes.addr, n->sqes.size);
  n->sq_ring.size = n->cq_ring.size = n->sqes.size = 0;
}

/* Maps the regions the kernel now serves at the ring offsets, sized from the new params.
 * The ring keeps its setup flags (the kernel copies SQE128, CQE32, NO_SQARRAY, the
 * MIXED flags) and its features (a resize reports none). */
static int map_resized(struct uring *ring, const struct uring_params *p, struct resized *n) {
  uint32_t flags = ring->flags;
  size_t cq_sz = (size_t)p->cq_off.cqes + (size_t)p->cq_entries * cqe_bytes(flags);
  size_t sq_sz = 0, sqe_sz = (size_t)p->sq_entries * sqe_bytes(flags);
  void *addr;
  int ret;

  zero_bytes(n, sizeof *n);
  if (!(flags & URING_SETUP_NO_SQARRAY))
    sq_sz = (size_t)p->sq_off.array + (size_t)p->sq_entries * sizeof(uint32_t);
  if (ring->features & URING_FEAT_SINGLE_MMAP) {
    size_t sz = sq_sz > cq_sz ? sq_sz : cq_sz;
    ret = uring__map(ring, URING_OFF_SQ_RING, sz, &addr);
    if (ret < 0) return ret;
    n->sq_ring.addr = addr;
    n->sq_ring.size = sz;
    n->cq_ring = n->sq_ring;
  } else {
    if (!sq_sz) return -URING_EPROTO;
    ret = uring__map(ring, URING_OFF_SQ_RING, sq_sz, &addr);
    if (ret < 0) return ret;
    n->sq_ring.addr = addr;
    n->sq_ring.size = sq_sz;
    ret = uring__map(ring, URING_OFF_CQ_RING, cq_sz, &addr);
    if (ret < 0) goto fail;
    n->cq_ring.addr = addr;
    n->cq_ring.size = cq_sz;
  }
  ret = uring__map(ring, URING_OFF_SQES, sqe_sz, &addr);
  if (ret < 0) goto fail;
  n->sqes.addr = addr;
  n->sqes.size = sqe_sz;
  return 0;
fail:
  unmap_resized(ring, n);
  return ret;
}

/* Points the ring's sq and cq at the new regions, checking what the kernel wrote there
 * exactly as setup does. Nothing in *ring changes unless everything checks out. */
static int attach_resized(struct uring *ring, const struct uring_params *p,
                          const struct resized *n) {
  struct uring_sq sq = ring->sq;
  struct uring_cq cq = ring->cq;
  uint32_t se = p->sq_entries, ce = p->cq_entries, flags = ring->flags;
  uint32_t *smask, *sent, *cmask, *cent;

  if (!se || (se & (se - 1)) || !ce || (ce & (ce - 1))) return -URING_EPROTO;
  sq.khead = word_at(&n->sq_ring, p->sq_off.head);
  sq.ktail = word_at(&n->sq_ring, p->sq_off.tail);
  sq.kflags = word_at(&n->sq_ring, p->sq_off.flags);
  sq.kdropped = word_at(&n->sq_ring, p->sq_off.dropped);
  smask = word_at(&n->sq_ring, p->sq_off.ring_mask);
  sent = word_at(&n->sq_ring, p->sq_off.ring_entries);
  cq.khead = word_at(&n->cq_ring, p->cq_off.head);
  cq.ktail = word_at(&n->cq_ring, p->cq_off.tail);
  cq.koverflow = word_at(&n->cq_ring, p->cq_off.overflow);
  cmask = word_at(&n->cq_ring, p->cq_off.ring_mask);
  cent = word_at(&n->cq_ring, p->cq_off.ring_entries);
  if (!sq.khead || !sq.ktail || !sq.kflags || !sq.kdropped || !smask || !sent || !cq.khead ||
      !cq.ktail || !cq.koverflow || !cmask || !cent)
    return -URING_EPROTO;
  cq.kflags = p->cq_off.flags ? word_at(&n->cq_ring, p->cq_off.flags) : NULL;
  if (*sent != se || *smask != se - 1 || *cent != ce || *cmask != ce - 1) return -URING_EPROTO;
  if ((size_t)p->cq_off.cqes + (size_t)ce * cqe_bytes(flags) > n->cq_ring.size ||
      (p->cq_off.cqes & 7u))
    return -URING_EPROTO;
  if (n->sqes.size < (size_t)se * sqe_bytes(flags)) return -URING_EPROTO;

  sq.array = NULL;
  if (!(flags & URING_SETUP_NO_SQARRAY)) {
    if ((size_t)p->sq_off.array + (size_t)se * 4 > n->sq_ring.size || (p->sq_off.array & 3u))
      return -URING_EPROTO;
    sq.array = (uint32_t *)(void *)((char *)n->sq_ring.addr + p->sq_off.array);
  }
  sq.sqes = (struct uring_sqe *)n->sqes.addr;
  sq.ring_mask = se - 1;
  sq.ring_entries = se;
  /* The kernel carried the queue positions over (head and tail of both rings) and copied
   * SQE i and CQE i to slot i & new_mask. */
  sq.sqe_head = sq.sqe_tail = *sq.ktail;
  sq.cached_head = *sq.khead;
  if (sq.sqe_tail - sq.cached_head > se) return -URING_EPROTO;
  cq.cqes = (struct uring_cqe *)(void *)((char *)n->cq_ring.addr + p->cq_off.cqes);
  cq.ring_mask = ce - 1;
  cq.ring_entries = ce;
  cq.head = *cq.khead;
  if (*cq.ktail - cq.head > ce) return -URING_EPROTO;

  /* The new SQ array is zeroed; slot i holds SQE i, as at setup. The queued SQEs were
   * copied to slot (index & new_mask), which is where this mapping sends them. */
  if (sq.array)
    for (uint32_t i = 0; i < se; i++) sq.array[i] = i;
  ring->sq = sq;
  ring->cq = cq;
  return 0;
}

/* After a failure past the point of no return: the ring reads as empty and full. */
static void disable_rings(struct uring *ring) {
  uint32_t *dead = ring->dead;
  dead[0] = dead[1] = dead[2] = dead[3] = 0;
  ring->sq.khead = ring->sq.ktail = ring->sq.kflags = ring->sq.kdropped = &dead[0];
  ring->sq.array = NULL;
  ring->sq.sqes = NULL;
  ring->sq.sqe_tail = ring->sq.sqe_head = ring->sq.cached_head = 0;
  ring->sq.ring_mask = ring->sq.ring_entries = 0;
  ring->cq.khead = &dead[1];
  ring->cq.ktail = &dead[2];
  ring->cq.kflags = &dead[3];
  ring->cq.koverflow = &dead[3];
  ring->cq.cqes = NULL;
  ring->cq.head = ring->cq.ring_mask = ring->cq.ring_entries = 0;
}

int uring_resize_rings(struct uring *ring, struct uring_params *p) {
  struct resized n;
  int ret;

  if (!ring || !p) return -URING_EFAULT;
  if ((ring->flags & URING_SETUP_NO_MMAP) || (ring->int_flags & URING_INT_CALLER_MEM))
    return -URING_EINVAL;
  /* mmap needs the real fd; failing here is better than after the kernel resized. */
  if (ring->ring_fd < 0) return -URING_EBADF;

  if (ring->flags & URING_SETUP_SQ_REWIND) {
    /* The kernel ignores head and tail there, so it would not copy filled SQEs. */
    if (ring->sq.sqe_tail != ring->sq.sqe_head) return -URING_EBUSY;
  } else if (ring->sq.sqe_tail != ring->sq.sqe_head) {
    /* The kernel copies SQEs between its head and the published tail: publish what the
     * caller filled so it survives. No enter follows, so nothing is submitted yet; the
     * next submit counts them from the kernel's head. Pairs with the kernel's read of the
     * tail under the ring lock in the resize. */
    ring->sq.sqe_head = ring->sq.sqe_tail;
    uring_store_release(ring->sq.ktail, ring->sq.sqe_tail);
  }

  ret = uring_register(ring, URING_REGISTER_RESIZE_RINGS, p, 1);
  if (ret < 0) return ret;
  /* The kernel answers a request for the current sizes with success and no swap. */
  if (p->sq_entries == ring->sq.ring_entries && p->cq_entries == ring->cq.ring_entries)
    return 0;

  ret = map_resized(ring, p, &n);
  if (ret == 0) {
    ret = attach_resized(ring, p, &n);
    if (ret < 0) unmap_resized(ring, &n);
  }
  if (ret < 0) {
    /* The kernel already serves the new rings; the old mappings only hold stale copies.
     * Keep them for uring_exit to unmap, and make sure nothing reads or writes them. */
    disable_rings(ring);
    return ret;
  }

  /* The old regions: the kernel freed its side, our mappings kept the pages alive. */
  if (ring->cq_ring.addr != ring->sq_ring.addr)
    uring__unmap(ring, ring->cq_ring.addr, ring->cq_ring.size);
  uring__unmap(ring, ring->sq_ring.addr, ring->sq_ring.size);
  uring__unmap(ring, ring->sqes.addr, ring->sqes.size);
  ring->sq_ring = n.sq_ring;
  ring->cq_ring = n.cq_ring;
  ring->sqes = n.sqes;
  return 0;
}
