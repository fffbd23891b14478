/* io_uring_register(2) operations. */
#include <stddef.h>
#include <stdint.h>

#include "uring/ring/internal.h"
#include "uring/ring/register.h"
#include "uring/sys/abi.h"
#include "uring/sys/barrier.h"
#include "uring/sys/errcodes.h"
#include "uring/sys/syscall.h"

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
  uring_priv_zero(&rr, sizeof rr);
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
  uring_priv_zero(&up, sizeof up);
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
  struct uring_clone_buffers_arg cb;
  if (!src || !dst) return -URING_EFAULT;
  if (!uring_priv_set_up(src)) return -URING_EBADF;
  uring_priv_zero(&cb, sizeof cb);
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
  uring_priv_zero(&up, sizeof up);
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
  uring_priv_zero(&range, sizeof range);
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

int uring_register_bpf_filter(struct uring *ring, struct uring_bpf *bpf) {
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
  uring_priv_zero(&reg, sizeof reg);
  reg.bgid = (uint16_t)bgid;
  return uring_register(ring, URING_UNREGISTER_PBUF_RING, &reg, 1);
}

int uring_buf_ring_head(struct uring *ring, int buf_group, uint16_t *head) {
  struct uring_buf_status st;
  int ret;
  if (buf_group < 0 || buf_group > 0xffff) return -URING_EINVAL;
  uring_priv_zero(&st, sizeof st);
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

/* ---- Resizing --------------------------------------------------------------------- */

int uring_resize_rings(struct uring *ring, struct uring_params *p) {
  struct uring_priv_regions n;
  int ret;

  if (!ring || !p) return -URING_EFAULT;
  if (!uring_priv_set_up(ring)) return -URING_EBADF;
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
  /* Some kernels answer a request for the current sizes without swapping anything;
   * mapping the same regions again is harmless, so there is no special case. */
  /* The ring keeps its setup flags (the kernel carries SQE128, CQE32, NO_SQARRAY and
   * the MIXED flags over) and its features (a resize reports none). */
  ret = uring_priv_map_regions(ring, p, ring->flags, ring->features, &n);
  if (ret == 0) {
    /* The kernel carried the queue positions over and copied SQE i and CQE i to slot
     * i & new_mask, which is where the new views send them. */
    ret = uring_priv_attach(&n, p, ring->flags, &ring->sq, &ring->cq);
    if (ret < 0) uring_priv_unmap_regions(ring, &n);
  }
  if (ret < 0) {
    /* The kernel already serves the new rings; the old mappings only hold stale copies.
     * Keep them for uring_exit to unmap, and make sure nothing reads or writes them. */
    uring_priv_detach(ring);
    return ret;
  }

  /* The old regions: the kernel freed its side, our mappings kept the pages alive. */
  uring_priv_unmap_ring(ring);
  uring_priv_set_regions(ring, &n);
  return 0;
}
