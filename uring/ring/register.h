/* io_uring_register(2) operations on a ring.
 *
 * Every call returns 0 (or a count where noted) or -errno, goes through the registered ring
 * fd when the ring has one (uring_register in ring.h), and names the kernel release it
 * needs as the first release in its comment (tests/versions_test.cc holds it to abi.h); an
 * older kernel answers -EINVAL for an opcode or flag it does not know.
 *
 * Where a liburing helper of the same name exists (io_uring_register_X), the arguments come
 * in the same order. Unlike liburing nothing here allocates: the sparse tables use the
 * kernel's URING_RSRC_REGISTER_SPARSE flag, and every argument struct is the caller's.
 *
 * The operations by register opcode:
 *   BUFFERS, BUFFERS2, BUFFERS_UPDATE, UNREGISTER_BUFFERS, CLONE_BUFFERS   buffers below
 *   FILES, FILES2, FILES_UPDATE, FILES_UPDATE2, UNREGISTER_FILES,
 *   FILE_ALLOC_RANGE                                                       files below
 *   EVENTFD, EVENTFD_ASYNC, UNREGISTER_EVENTFD                             eventfd below
 *   PROBE                                                                  probe.h
 *   PERSONALITY, UNREGISTER_PERSONALITY, RESTRICTIONS, ENABLE_RINGS,
 *   BPF_FILTER                                                             access below
 *   IOWQ_AFF, UNREGISTER_IOWQ_AFF, IOWQ_MAX_WORKERS                        io-wq below
 *   RING_FDS, UNREGISTER_RING_FDS                                          ring.h
 *   PBUF_RING, UNREGISTER_PBUF_RING, PBUF_STATUS                           below; buf_ring.h
 *   SYNC_CANCEL, NAPI, UNREGISTER_NAPI, CLOCK, SEND_MSG_RING,
 *   RESIZE_RINGS, MEM_REGION, QUERY, ZCRX_IFQ, ZCRX_CTRL                   below
 */
#ifndef URING_RING_REGISTER_H
#define URING_RING_REGISTER_H

#include <stddef.h>
#include <stdint.h>

#include "uring/ring/ring.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Registered buffers (READ_FIXED, WRITE_FIXED, sqe->buf_index) -------------------
 * `iovecs` is an array of struct iovec (struct uring_iovec from uring/opcode/rw.h, or
 * libc's: same layout). Each buffer is pinned by the kernel until it is unregistered or
 * replaced; RLIMIT_MEMLOCK no longer limits this from 5.12. */

/* Registers nr_iovecs buffers as indexes 0..nr_iovecs-1 (5.1). -EBUSY when buffers are
 * already registered, -EFAULT for a buffer the kernel cannot pin. Before 6.5 every page of
 * one buffer must come from mappings of one backing (all anonymous, or all of one shmem or
 * hugetlbfs file): a buffer that crosses from one to another, such as a static array
 * spanning a program's .data and .bss, is refused with -EINVAL, and one in a file-backed
 * mapping other than shmem or hugetlbfs with -EOPNOTSUPP. Memory from one anonymous mmap
 * (or malloc) works on every kernel. */
int uring_register_buffers(struct uring *ring, const void *iovecs, unsigned nr_iovecs);

/* Like uring_register_buffers with one tag per buffer (5.13): when a tagged buffer is
 * replaced by an update (and, from 6.13, when the table is unregistered), the kernel posts a
 * CQE whose user_data is its tag (res 0) once no request uses it any more. A tag of 0
 * posts nothing. */
int uring_register_buffers_tags(struct uring *ring, const void *iovecs, const uint64_t *tags,
                                unsigned nr);

/* A table of nr empty buffer slots, to fill with uring_register_buffers_update_tag
 * (URING_RSRC_REGISTER_SPARSE, 5.19). Using an empty slot fails with -EFAULT. */
int uring_register_buffers_sparse(struct uring *ring, unsigned nr);

/* Replaces slots off..off+nr-1 with these buffers (an iovec with iov_base NULL and
 * iov_len 0 empties a slot); tags may be NULL (5.13). Returns the number of slots updated. */
int uring_register_buffers_update_tag(struct uring *ring, unsigned off, const void *iovecs,
                                      const uint64_t *tags, unsigned nr);

/* Drops the whole buffer table (5.1). -ENXIO when none is registered. */
int uring_unregister_buffers(struct uring *ring);

/* Copies every registered buffer of `src` into `dst`'s empty table (6.12): both rings then
 * share the pinned pages. `src` may use its registered ring fd (same thread). */
int uring_clone_buffers(struct uring *dst, struct uring *src);

/* Copies src's buffers src_off..src_off+nr-1 into dst's slots from dst_off (6.13); nr 0
 * means all. flags: URING_REGISTER_DST_REPLACE to replace dst's existing table (6.13);
 * URING_REGISTER_SRC_REGISTERED is added by the library when src has a registered ring fd. */
int uring_clone_buffers_offset(struct uring *dst, struct uring *src, unsigned dst_off,
                               unsigned src_off, unsigned nr, unsigned flags);

/* ---- Registered files (URING_SQE_FIXED_FILE, direct descriptors) ---------------------
 * `files` holds file descriptors; -1 leaves a slot empty. The kernel takes its own
 * reference: the caller may close its fds afterwards. nr may not exceed RLIMIT_NOFILE
 * (-EMFILE): raise the limit first for large tables. */

/* Registers nr_files files as indexes 0..nr_files-1 (5.1). -EBUSY when files are already
 * registered. */
int uring_register_files(struct uring *ring, const int *files, unsigned nr_files);

/* Like uring_register_files with one tag per file (5.13); see uring_register_buffers_tags. */
int uring_register_files_tags(struct uring *ring, const int *files, const uint64_t *tags,
                              unsigned nr);

/* A table of nr empty slots (URING_RSRC_REGISTER_SPARSE, 5.19), for direct descriptors
 * (URING_FILE_INDEX_ALLOC) or later updates. */
int uring_register_files_sparse(struct uring *ring, unsigned nr);

/* Replaces slots off..off+nr_files-1 (5.5): -1 empties a slot, URING_REGISTER_FILES_SKIP
 * leaves it as it is. Returns the number of slots updated. */
int uring_register_files_update(struct uring *ring, unsigned off, const int *files,
                                unsigned nr_files);

/* uring_register_files_update with tags (NULL: none) (5.13). Returns the number updated. */
int uring_register_files_update_tag(struct uring *ring, unsigned off, const int *files,
                                    const uint64_t *tags, unsigned nr_files);

/* Drops the whole file table (5.1). -ENXIO when none is registered. */
int uring_unregister_files(struct uring *ring);

/* Direct descriptors allocated by the kernel (URING_FILE_INDEX_ALLOC) come only from slots
 * off..off+len-1 of the table (6.0). -EINVAL when the range leaves the table. */
int uring_register_file_alloc_range(struct uring *ring, unsigned off, unsigned len);

/* ---- Eventfd ------------------------------------------------------------------------ */

/* Signals `eventfd` for every completion (5.2). -EBUSY when one is already registered. */
int uring_register_eventfd(struct uring *ring, int eventfd);

/* Like uring_register_eventfd, but only for the completions that did not complete inline
 * (async, 5.6). */
int uring_register_eventfd_async(struct uring *ring, int eventfd);

/* Stops the signalling (5.2). */
int uring_unregister_eventfd(struct uring *ring);

/* ---- Credentials and access control ------------------------------------------------- */

/* Registers the calling task's credentials (5.6) and returns their id (>= 0): an SQE with
 * sqe->personality = id runs with them, whatever the submitting task's credentials are
 * then. */
int uring_register_personality(struct uring *ring);

/* Drops a personality (5.6). -EINVAL for an unknown id. */
int uring_unregister_personality(struct uring *ring, int id);

/* Allows only the listed operations on a ring created with URING_SETUP_R_DISABLED (5.10);
 * must come before uring_enable_rings. A disallowed SQE completes with -EACCES, a
 * disallowed register call returns -EACCES. -EBADFD when the ring is not disabled, -EBUSY
 * when restrictions were already registered. */
int uring_register_restrictions(struct uring *ring, const struct uring_restriction *res,
                                unsigned nr);

/* Enables a ring created with URING_SETUP_R_DISABLED (5.10). -EBADFD when it is not
 * disabled. */
int uring_enable_rings(struct uring *ring);

/* Restrictions for the calling task instead of one ring (7.0, no ring: fd -1): every ring
 * the task (and its children) creates afterwards starts with them. `tres` is followed in
 * memory by tres->nr_res struct uring_restriction entries. -EPERM when the task already
 * has restrictions. */
int uring_register_task_restrictions(const struct uring_task_restriction *tres);

/* Adds a classic-BPF filter that runs on every SQE of bpf->filter.opcode (7.0). With
 * `ring` NULL, the filter applies to the calling task's future rings (fd -1). The kernel
 * writes bpf->filter back, with pdu_size set to its own size of the opcode's filter data:
 * -EMSGSIZE when the given pdu_size is larger, or differs under
 * URING_BPF_FILTER_SZ_STRICT. */
int uring_register_bpf_filter(struct uring *ring, struct uring_bpf *bpf);

/* ---- io-wq, the kernel's worker pool for blocking work ------------------------------ */

/* Binds this ring's io-wq workers to the CPUs in `mask`, a CPU bitmap of `cpusz` bytes
 * (a cpu_set_t works: sizeof(cpu_set_t), &set) (5.14). With SQPOLL the SQ thread's
 * affinity is set instead. -EINVAL for an empty size or CPUs outside the task's cpuset;
 * applies to workers created afterwards. */
int uring_register_iowq_aff(struct uring *ring, size_t cpusz, const void *mask);

/* Back to the task's own affinity (5.14). */
int uring_unregister_iowq_aff(struct uring *ring);

/* values[URING_IO_WQ_BOUND] and values[URING_IO_WQ_UNBOUND] cap the number of bounded
 * (regular file and block I/O) and unbounded (sockets, pipes) workers; 0 leaves a limit as
 * it is (5.15). On return both hold the previous limits, so {0, 0} reads them. */
int uring_register_iowq_max_workers(struct uring *ring, unsigned *values);

/* ---- Provided-buffer rings (the helper in buf_ring.h builds on these) --------------- */

/* Registers a buffer ring for reg->bgid (5.19): reg->ring_addr is page-aligned caller
 * memory of reg->ring_entries struct uring_buf (a power of two below 65536), or 0 with
 * URING_PBUF_RING_MMAP in reg->flags for kernel memory to mmap (6.4);
 * URING_PBUF_RING_INC lets the kernel consume a buffer in parts (6.12). `flags` is
 * reserved: pass 0 (-EINVAL otherwise). -EEXIST when the group already exists. */
int uring_register_buf_ring(struct uring *ring, struct uring_buf_reg *reg, unsigned flags);

/* Unregisters the buffer ring of group `bgid` (5.19). -ENOENT when there is none; kernels
 * that keep group ids below 64 in a fixed array (6.1 measured) answer -EINVAL for those. */
int uring_unregister_buf_ring(struct uring *ring, int bgid);

/* The kernel's head of buffer ring `buf_group` (URING_REGISTER_PBUF_STATUS, 6.8): the
 * index of the next buffer it will take; tail - head buffers are still available.
 * -ENOENT for an unknown group, -EINVAL for a group that is not a ring. */
int uring_buf_ring_head(struct uring *ring, int buf_group, uint16_t *head);

/* ---- Cancellation, polling, clocks, messages ---------------------------------------- */

/* Cancels requests synchronously (6.0): reg selects them as URING_OP_ASYNC_CANCEL does
 * (addr = user_data, or fd with URING_ASYNC_CANCEL_FD, or opcode with
 * URING_ASYNC_CANCEL_OP; URING_ASYNC_CANCEL_ALL/ANY for all matches) and the call waits up
 * to reg->timeout for requests that were already running (tv_sec = tv_nsec = -1: no
 * limit). Returns 0 when a request was cancelled (with ALL or ANY: the number cancelled),
 * -ENOENT when none matched, -ETIME when the timeout expired, -EALREADY never reaches the
 * caller. The cancelled requests still post their CQEs (-ECANCELED). pad and pad2 must be
 * zero. */
int uring_register_sync_cancel(struct uring *ring, struct uring_sync_cancel_reg *reg);

/* Turns on NAPI busy polling for this ring's sockets (6.9): napi->busy_poll_to
 * microseconds, napi->prefer_busy_poll, napi->opcode URING_NAPI_REGISTER_OP with a
 * URING_NAPI_TRACKING_* strategy in op_param (6.15; 0, dynamic, before), or
 * URING_NAPI_STATIC_ADD_ID / STATIC_DEL_ID with a NAPI id. On return *napi holds the
 * previous settings. -EOPNOTSUPP on kernels built without busy polling; -EINVAL with
 * IOPOLL. */
int uring_register_napi(struct uring *ring, struct uring_napi *napi);

/* Turns NAPI busy polling off (6.9); napi may be NULL, else it receives the previous
 * settings. */
int uring_unregister_napi(struct uring *ring, struct uring_napi *napi);

/* The clock the ring's wait timeouts are measured on (6.12): CLOCK_MONOTONIC (1, the
 * default) or CLOCK_BOOTTIME (7); anything else is -EINVAL. */
int uring_register_clock(struct uring *ring, struct uring_clock_register *arg);

/* Runs a URING_OP_MSG_RING SQE without a ring of one's own (6.13, fd -1): sqe->fd is the
 * target ring's fd (not a direct descriptor), the command URING_MSG_DATA (sqe->addr), and
 * sqe->flags must be 0. Posts a CQE (res = sqe->len, user_data = sqe->off) into the
 * target ring. Returns 0 or -errno (-EBADFD when the fd is not a ring, or the ring is
 * still disabled). */
int uring_register_send_msg_ring(const struct uring_sqe *sqe);

/* ---- Ring geometry and memory ------------------------------------------------------- */

/* Resizes the SQ and CQ (6.13) to p->sq_entries and, with URING_SETUP_CQSIZE in p->flags,
 * p->cq_entries (else twice the SQ); URING_SETUP_CLAMP clamps. Other p fields must be
 * zero. Needs a ring created with URING_SETUP_DEFER_TASKRUN (-EINVAL otherwise, as the
 * kernel has it today), mapped by the kernel (not URING_SETUP_NO_MMAP: -EINVAL) and with
 * its fd still open (-EBADF after uring_close_ring_fd).
 *
 * SQEs taken with uring_get_sqe and not yet submitted are published first, so the kernel
 * copies them with the queued ones; pending CQEs are copied too: nothing is lost, and
 * the next uring_submit submits what was queued. Afterwards the library maps the new
 * rings and unmaps the old ones, so ring pointers obtained before (SQEs, CQEs) are
 * invalid. On return *p holds the kernel's new sizes and offsets, and the setup flags the
 * new rings inherited: clear p before using it for another resize.
 *
 * -EOVERFLOW (nothing changed, though *p was written) when the new rings cannot hold what
 * is queued. If mapping the new rings fails after the kernel switched to them (-ENOMEM),
 * the ring can no longer be used: it reads as empty and full, and uring_exit tears it
 * down. */
int uring_resize_rings(struct uring *ring, struct uring_params *p);

/* Registers a memory region (6.13): reg->region_uptr points at a struct uring_region_desc
 * (user memory with URING_MEM_REGION_TYPE_USER: page-aligned user_addr and size). With
 * URING_MEM_REGION_REG_WAIT_ARG (only on a ring still URING_SETUP_R_DISABLED) the region
 * holds struct uring_reg_wait entries that waits name by offset
 * (URING_ENTER_EXT_ARG_REG). The kernel writes the region's mmap offset back into the
 * descriptor. -EBUSY when a region is already registered. */
int uring_register_region(struct uring *ring, struct uring_mem_region_reg *reg);

/* ---- Queries and zero-copy receive -------------------------------------------------- */

/* Runs a chain of queries (6.18): each struct uring_query_hdr names a URING_QUERY_* op and
 * a result buffer (query_data, size) and links to the next (next_entry, 0 ends). Each
 * header's result receives 0 or -errno and its size the bytes written. `ring` may be NULL
 * (fd -1): the answers do not depend on a ring. */
int uring_register_query(struct uring *ring, struct uring_query_hdr *hdr);

/* Registers a zero-copy receive interface queue (6.15): needs CAP_NET_ADMIN, a ring with
 * URING_SETUP_DEFER_TASKRUN and 32-byte CQEs (CQE32 or CQE_MIXED), and a NIC queue that
 * supports it (header split, flow steering). The kernel fills reg->offsets and
 * reg->zcrx_id, and the area's rq_area_token. */
int uring_register_ifq(struct uring *ring, struct uring_zcrx_ifq_reg *reg);

/* A control operation on zero-copy receive instance ctrl->zcrx_id (6.19):
 * URING_ZCRX_CTRL_FLUSH_RQ, _EXPORT (returns a new fd), _ARM_EVENT. */
int uring_register_zcrx_ctrl(struct uring *ring, struct uring_zcrx_ctrl *ctrl);

/* ---- Internal: backend-aware mapping of ring-fd regions ----------------------------- */


#ifdef __cplusplus
}
#endif

#endif /* URING_RING_REGISTER_H */
