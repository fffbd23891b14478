/* liburing's names on top of uring: an opt-in compatibility layer.
 *
 * A program written for liburing 2.15 builds against uring with two changes, its include
 * and its link line:
 *
 *   #include <uring/compat/liburing.h>       (for #include <liburing.h>)
 *   deps = ["@uring//uring/compat:liburing"]  (for -luring)
 *
 * Each name below has liburing's arguments and gives liburing's result; liburing's man
 * page of the same name is its contract, apart from the differences listed here and in
 * README.md ("Coming from liburing").
 *
 * Not beside liburing or the kernel's header. This header defines the names of
 * <liburing.h> and <linux/io_uring.h> itself (struct io_uring_sqe, IORING_OP_READ, ...), so
 * a file cannot include either of them as well: included after one of them it stops with
 * #error; included first, it defines their include guards, so a later #include of either
 * (from another header of the program) adds nothing and the names stay these. A program
 * cannot link liburing beside it either: the out-of-line functions have liburing's symbol
 * names. uring's own names (uring/uring.h, which this header includes) never clash.
 *
 * The structs are uring's. struct io_uring is struct uring, struct io_uring_sqe is struct
 * uring_sqe, and so on (macros rename the tags; do not use these names for anything else).
 * The fields programs read directly keep their names and meaning:
 *   struct io_uring       ring_fd, flags, features, sq, cq
 *   ring.sq               khead, ktail, kflags, kdropped, array, sqes, sqe_head,
 *                         sqe_tail, ring_mask, ring_entries
 *   ring.cq               khead, ktail, kflags, koverflow, cqes, ring_mask, ring_entries
 *   struct io_uring_sqe   every field of the kernel's, except the anonymous-struct ones
 *                         (level and optname are sqe->sockopt.level / .optname); the
 *                         command area of a 128-byte entry is sqe->cmd[], from byte 48
 *   struct io_uring_cqe   user_data, res, flags, and big_cqe[]: the second 16 bytes of a
 *                         32-byte CQE (CQE32 rings, or URING_CQE_F_32 in a CQE_MIXED ring)
 *   struct io_uring_buf_ring  uring's struct uring_buf_ring: tail, and bufs[i] up to the
 *                         ring's entries, the kernel's layout (tail overlays bufs[0].resv)
 *   struct io_uring_cqe_iter  uring's struct uring_cqe_iter (cq.h): head and tail are
 *                         there, liburing's cqes, mask and shift are not
 *   struct io_uring_params, io_uring_probe (last_op, ops_len, ops[i].op / .flags),
 *   io_uring_buf, io_uring_buf_reg, io_uring_restriction,
 *   io_uring_rsrc_*, io_uring_getevents_arg, io_uring_sync_cancel_reg, io_uring_napi,
 *   io_uring_recvmsg_out, io_uring_reg_wait, ...: the kernel's fields, with reserved fields
 *   spelled without leading underscores (resv, pad2).
 * Missing from struct io_uring: enter_ring_fd, int_flags (uring's holds other bits),
 * sq.ring_sz / ring_ptr / kring_mask / kring_entries, cq.ring_sz / ring_ptr / kring_mask /
 * kring_entries. The kernel's 64-bit fields are uint64_t here (unsigned long on LP64) where
 * liburing has __u64 (unsigned long long): a printf of cqe->user_data with %llu needs a
 * cast, and `__u64 *p = &sqe->user_data;` a uint64_t pointer instead.
 *
 * Where liburing's convention differs from uring's, these names follow liburing:
 *   - io_uring_register_ring_fd, io_uring_unregister_ring_fd and io_uring_close_ring_fd
 *     return 1 on success (uring's return 0).
 *   - io_uring_queue_init and io_uring_queue_init_params add URING_SETUP_NO_SQARRAY and
 *     drop it again where the kernel refuses it (before 6.6), as liburing does since 2.6,
 *     unless the caller asked for it; nothing else is added (uring_init also adds
 *     SUBMIT_ALL, and registers the ring fd of DEFER_TASKRUN rings).
 *   - io_uring_queue_init_mem adds URING_SETUP_NO_MMAP itself and returns the bytes of the
 *     buffer it uses (uring_mem_size), -ENOMEM when the buffer is smaller.
 *   - io_uring_register_buf_ring takes a flags argument, which it ignores (as liburing).
 *   - io_uring_register_files, _files_tags and _files_sparse raise RLIMIT_NOFILE's soft
 *     limit and try again when the kernel answers -EMFILE, as liburing does.
 *   - io_uring_get_sqe and io_uring_get_sqe128 zero the first 64 bytes of the entry, and
 *     the io_uring_prep_* helpers keep the user_data, personality and flags set before
 *     them (uring's prep helpers rewrite the whole entry): a program may set them before
 *     or after the prep call, as with liburing.
 *   - io_uring_cqe_seen accepts NULL (does nothing); io_uring_for_each_cqe and the
 *     io_uring_cqe_iter calls walk the CQ from the head as liburing's do, without
 *     flushing completions the kernel holds back (the peeks and waits flush them).
 *   - io_uring_submit_and_wait_reg returns 0, not the number submitted, when a CQE was
 *     in the CQ before the call (uring_submit_and_wait_reg returns the count).
 *   - io_uring_register_wait_reg returns -EINVAL, as liburing's has since 2.10: the wait
 *     region is registered with io_uring_register_region (6.13).
 *
 * What it cannot do (the README lists the same):
 *   - Waits keep uring's contract (cq.h): a wait for several CQEs goes on after a TIMEOUT
 *     request completes and returns -EINTR for a signal, where liburing returns early with
 *     fewer CQEs; and a wait with a time limit returns -EOPNOTSUPP on kernels before 5.11
 *     (no URING_FEAT_EXT_ARG), where liburing queues a TIMEOUT SQE of its own.
 *   - io_uring_queue_init_params with URING_SETUP_NO_MMAP returns -EINVAL: liburing then
 *     allocates the ring memory itself; here the caller passes it (io_uring_queue_init_mem).
 *   - The multishot recvmsg helpers (io_uring_recvmsg_validate, ...) return NULL where
 *     liburing's would read past the control area or hand out a header shorter than a
 *     header, on buffers the kernel does not write (uring/ring/recvmsg.h).
 *   - liburing's internal names (__io_uring_get_cqe, __io_uring_sqring_wait,
 *     __io_uring_prep_poll_mask, ...) are not provided, nor struct io_uring_zcrx_rq,
 *     struct io_uring_clone_buffers (its name is also a function's), the zcrx control
 *     structs (struct zcrx_ctrl) and io_uring_register_zcrx_ctrl.
 *
 * Allocation: uring allocates nothing, and this layer allocates only where liburing's API
 * hands the caller memory to free: io_uring_get_probe and io_uring_get_probe_ring (malloc,
 * freed by io_uring_free_probe), and io_uring_setup_buf_ring (an anonymous mmap, unmapped
 * by io_uring_free_buf_ring). It therefore needs libc, like liburing, and this target is
 * not freestanding; the rest of uring stays so.
 *
 * Threads, fork and the kernel versions each call needs: as for the uring call each one
 * uses (uring/ring/ring.h and the header of each).
 *
 * This header is the one to include. It gathers four parts, by concern, each of which
 * includes what it needs and compiles alone but is not meant to be included by itself:
 *   uring/compat/names.h     the version, struct names, constants and barrier macros
 *   uring/compat/queue.h     setup, the system calls, submission, completion and waits
 *   uring/compat/prep.h      the io_uring_prep_* helpers
 *   uring/compat/register.h  buffer rings, recvmsg parsing, probes and register calls
 */
#ifndef URING_COMPAT_LIBURING_H
#define URING_COMPAT_LIBURING_H

/* names.h first: it refuses to follow <liburing.h> or <linux/io_uring.h>, and takes their
 * include guards. */
#include "uring/compat/names.h"
#include "uring/compat/prep.h"
#include "uring/compat/queue.h"
#include "uring/compat/register.h"

#endif /* URING_COMPAT_LIBURING_H */
