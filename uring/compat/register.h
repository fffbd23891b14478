/* Part of the liburing compatibility layer: include uring/compat/liburing.h, which says what
 * the layer provides and where it differs from liburing. This part: provided-buffer rings,
 * the multishot recvmsg parsing helpers, probes and the register calls.
 */
#ifndef URING_COMPAT_REGISTER_H
#define URING_COMPAT_REGISTER_H

#include "uring/compat/names.h"
#include "uring/uring.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Provided-buffer rings -------------------------------------------------------------
 * io_uring_setup_buf_ring maps a ring of nentries (a power of two) in anonymous memory
 * this layer maps, registers it as group bgid (5.19) and returns it empty, or NULL with
 * *err the -errno; flags may hold IOU_PBUF_RING_INC (6.12). IOU_PBUF_RING_MMAP is taken
 * off (the ring is in this layer's memory either way). io_uring_free_buf_ring unregisters
 * the group and unmaps the ring, returning the unregister result. struct io_uring_buf_ring
 * is uring's struct uring_buf_ring, and the inline calls are uring's (buf_ring.h), which
 * work on the ring as liburing's: add writes a buffer `buf_offset` past the tail without
 * publishing it, advance publishes `count` (release store), cq_advance does both that and
 * io_uring_cq_advance. available is tail minus the kernel's head (6.8). */
struct io_uring_buf_ring *io_uring_setup_buf_ring(struct io_uring *ring, unsigned int nentries,
                                                  int bgid, unsigned int flags, int *err);
int io_uring_free_buf_ring(struct io_uring *ring, struct io_uring_buf_ring *br,
                           unsigned int nentries, int bgid);
int io_uring_register_buf_ring(struct io_uring *ring, struct io_uring_buf_reg *reg,
                               unsigned int flags);
int io_uring_unregister_buf_ring(struct io_uring *ring, int bgid);
int io_uring_buf_ring_head(struct io_uring *ring, int buf_group, uint16_t *head);

static inline int io_uring_buf_ring_mask(__u32 ring_entries) {
  return uring_buf_ring_mask(ring_entries);
}
static inline void io_uring_buf_ring_init(struct io_uring_buf_ring *br) {
  uring_buf_ring_init(br);
}
static inline void io_uring_buf_ring_add(struct io_uring_buf_ring *br, void *addr,
                                         unsigned int len, unsigned short bid, int mask,
                                         int buf_offset) {
  uring_buf_ring_add(br, addr, len, bid, mask, buf_offset);
}
static inline void io_uring_buf_ring_advance(struct io_uring_buf_ring *br, int count) {
  uring_buf_ring_advance(br, count);
}
static inline void io_uring_buf_ring_cq_advance(struct io_uring *ring,
                                                struct io_uring_buf_ring *br, int count) {
  uring_buf_ring_cq_advance(ring, br, count);
}
static inline int io_uring_buf_ring_available(struct io_uring *ring, struct io_uring_buf_ring *br,
                                              unsigned short bgid) {
  uint16_t head;
  int ret = io_uring_buf_ring_head(ring, bgid, &head);
  if (ret) return ret;
  return URING_CAST(uint16_t, (__atomic_load_n(&br->tail, __ATOMIC_RELAXED) - head));
}

/* ---- Multishot recvmsg buffers ---------------------------------------------------------
 * What a multishot recvmsg wrote into a provided buffer, read with liburing's helpers:
 * io_uring_recvmsg_validate(buf, cqe->res, &msg) is the header, or NULL when the buffer
 * cannot hold the header and the areas msg reserves; then the source address (name), the
 * control messages (cmsg_firsthdr, cmsg_nexthdr), the payload and its length. Each is the
 * uring_recvmsg_* call of the same name (uring/ring/recvmsg.h), which gives liburing's
 * result on every buffer the kernel writes and NULL where liburing's would read past the
 * control area or hand out a header shorter than a header. 6.0 (URING_RECV_MULTISHOT). */
static inline struct io_uring_recvmsg_out *io_uring_recvmsg_validate(void *buf, int buf_len,
                                                                     struct msghdr *msgh) {
  return uring_recvmsg_validate(buf, buf_len, msgh);
}
static inline void *io_uring_recvmsg_name(struct io_uring_recvmsg_out *o) {
  return uring_recvmsg_name(o);
}
static inline struct cmsghdr *io_uring_recvmsg_cmsg_firsthdr(struct io_uring_recvmsg_out *o,
                                                             struct msghdr *msgh) {
  return uring_recvmsg_cmsg_firsthdr(o, msgh);
}
static inline struct cmsghdr *io_uring_recvmsg_cmsg_nexthdr(struct io_uring_recvmsg_out *o,
                                                            struct msghdr *msgh,
                                                            struct cmsghdr *cmsg) {
  return uring_recvmsg_cmsg_nexthdr(o, msgh, cmsg);
}
static inline void *io_uring_recvmsg_payload(struct io_uring_recvmsg_out *o,
                                             struct msghdr *msgh) {
  return uring_recvmsg_payload(o, msgh);
}
static inline unsigned int io_uring_recvmsg_payload_length(struct io_uring_recvmsg_out *o,
                                                           int buf_len, struct msghdr *msgh) {
  return uring_recvmsg_payload_length(o, buf_len, msgh);
}

/* ---- Probes ----------------------------------------------------------------------------
 * io_uring_get_probe_ring asks the ring's kernel, io_uring_get_probe a short-lived ring of
 * its own (5.6); both return a probe allocated with malloc, or NULL (the kernel refused,
 * or no memory), which io_uring_free_probe frees. io_uring_register_probe fills a probe of
 * the caller's with nr entries (URING_REGISTER_PROBE). */
struct io_uring_probe *io_uring_get_probe_ring(struct io_uring *ring);
struct io_uring_probe *io_uring_get_probe(void);
void io_uring_free_probe(struct io_uring_probe *probe);
int io_uring_register_probe(struct io_uring *ring, struct io_uring_probe *p, unsigned nr);

/* Whether the probe lists `op` as supported. */
static inline int io_uring_opcode_supported(const struct io_uring_probe *p, int op) {
  if (op < 0 || op > p->last_op) return 0;
  return (p->ops[op].flags & URING_OP_SUPPORTED) != 0;
}

/* ---- Register calls --------------------------------------------------------------------
 * Each is the uring_register_* call of the same name (register.h names its kernel
 * release), with liburing's argument types; the ring-fd calls return 1 on success. */
int io_uring_register_buffers(struct io_uring *ring, const struct iovec *iovecs,
                              unsigned nr_iovecs);
int io_uring_register_buffers_tags(struct io_uring *ring, const struct iovec *iovecs,
                                   const __u64 *tags, unsigned nr);
int io_uring_register_buffers_sparse(struct io_uring *ring, unsigned nr);
int io_uring_register_buffers_update_tag(struct io_uring *ring, unsigned off,
                                         const struct iovec *iovecs, const __u64 *tags,
                                         unsigned nr);
int io_uring_unregister_buffers(struct io_uring *ring);
int io_uring_clone_buffers(struct io_uring *dst, struct io_uring *src);
int io_uring_clone_buffers_offset(struct io_uring *dst, struct io_uring *src, unsigned int dst_off,
                                  unsigned int src_off, unsigned int nr, unsigned int flags);
int io_uring_register_files(struct io_uring *ring, const int *files, unsigned nr_files);
int io_uring_register_files_tags(struct io_uring *ring, const int *files, const __u64 *tags,
                                 unsigned nr);
int io_uring_register_files_sparse(struct io_uring *ring, unsigned nr);
int io_uring_register_files_update(struct io_uring *ring, unsigned off, const int *files,
                                   unsigned nr_files);
int io_uring_register_files_update_tag(struct io_uring *ring, unsigned off, const int *files,
                                       const __u64 *tags, unsigned nr_files);
int io_uring_unregister_files(struct io_uring *ring);
int io_uring_register_file_alloc_range(struct io_uring *ring, unsigned off, unsigned len);
int io_uring_register_eventfd(struct io_uring *ring, int fd);
int io_uring_register_eventfd_async(struct io_uring *ring, int fd);
int io_uring_unregister_eventfd(struct io_uring *ring);
int io_uring_register_personality(struct io_uring *ring);
int io_uring_unregister_personality(struct io_uring *ring, int id);
int io_uring_register_restrictions(struct io_uring *ring, struct io_uring_restriction *res,
                                   unsigned int nr_res);
int io_uring_enable_rings(struct io_uring *ring);
int io_uring_register_iowq_aff(struct io_uring *ring, size_t cpusz, const cpu_set_t *mask);
int io_uring_unregister_iowq_aff(struct io_uring *ring);
int io_uring_register_iowq_max_workers(struct io_uring *ring, unsigned int *values);
int io_uring_register_ring_fd(struct io_uring *ring);
int io_uring_unregister_ring_fd(struct io_uring *ring);
int io_uring_close_ring_fd(struct io_uring *ring);
int io_uring_register_sync_cancel(struct io_uring *ring, struct io_uring_sync_cancel_reg *reg);
int io_uring_register_sync_msg(struct io_uring_sqe *sqe);
int io_uring_register_napi(struct io_uring *ring, struct io_uring_napi *napi);
int io_uring_unregister_napi(struct io_uring *ring, struct io_uring_napi *napi);
int io_uring_register_clock(struct io_uring *ring, struct io_uring_clock_register *arg);
int io_uring_register_ifq(struct io_uring *ring, struct io_uring_zcrx_ifq_reg *reg);
int io_uring_register_region(struct io_uring *ring, struct io_uring_mem_region_reg *reg);
/* liburing 2.9's registration of wait arguments, which 2.10 turned into a stub when the
 * kernel's 6.13 interface became a memory region: -EINVAL always, as liburing's. Register
 * the region with io_uring_register_region (URING_MEM_REGION_REG_WAIT_ARG) instead. */
int io_uring_register_wait_reg(struct io_uring *ring, struct io_uring_reg_wait *reg, int nr);
int io_uring_register_bpf_filter(struct io_uring *ring, struct io_uring_bpf *bpf);
int io_uring_register_bpf_filter_task(struct io_uring_bpf *bpf);
int io_uring_register_query(struct io_uring_query_hdr *query);
int io_uring_resize_rings(struct io_uring *ring, struct io_uring_params *p);

#ifdef __cplusplus
}
#endif

#endif /* URING_COMPAT_REGISTER_H */
