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
 *   struct io_uring_sqe   every field of the kernel's, except the anonymous-struct ones:
 *                         level and optname are sqe->sockopt.level / .optname, and the
 *                         128-byte command area (cmd[]) is uring_sqe_cmd(sqe)
 *   struct io_uring_cqe   user_data, res, flags (the 32-byte CQE's extra 16 bytes are
 *                         uring_cqe_big(cqe))
 *   struct io_uring_params, io_uring_probe (last_op, ops_len, ops[i].op / .flags),
 *   io_uring_buf_ring (tail, bufs[i]), io_uring_buf, io_uring_buf_reg, io_uring_restriction,
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
 *
 * What it cannot do (the README lists the same):
 *   - Waits keep uring's contract (cq.h): a wait for several CQEs goes on after a TIMEOUT
 *     request completes and returns -EINTR for a signal, where liburing returns early with
 *     fewer CQEs; and a wait with a time limit returns -EOPNOTSUPP on kernels before 5.11
 *     (no URING_FEAT_EXT_ARG), where liburing queues a TIMEOUT SQE of its own.
 *   - io_uring_queue_init_params with URING_SETUP_NO_MMAP returns -EINVAL: liburing then
 *     allocates the ring memory itself; here the caller passes it (io_uring_queue_init_mem).
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
 */
#ifndef URING_COMPAT_LIBURING_H
#define URING_COMPAT_LIBURING_H

#ifdef LIB_URING_H
#error "uring/compat/liburing.h defines liburing's names: include it instead of <liburing.h>, not beside it"
#endif
#ifdef LINUX_IO_URING_H
#error "uring/compat/liburing.h defines <linux/io_uring.h>'s names: include it instead, not beside it"
#endif
/* From here on a later #include of either adds nothing. */
#define LIB_URING_H
#define LINUX_IO_URING_H

/* liburing up to 2.5 asked glibc for everything (cpu_set_t, sigset_t under -std=c11);
 * programs written against it may rely on that. Effective only when this header comes
 * first. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

/* What <liburing.h> brings in, so that programs relying on it find the same names. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/openat2.h>
#include <linux/time_types.h>
#include <linux/types.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>

#include "uring/uring.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Version ---------------------------------------------------------------------------
 * The liburing release whose API this layer provides. IO_URING_CHECK_VERSION(major, minor)
 * is 0 when that release is major.minor or newer; io_uring_check_version() answers the same
 * at run time (false: new enough), io_uring_major_version() and io_uring_minor_version()
 * return the two numbers. */
#define IO_URING_VERSION_MAJOR 2
#define IO_URING_VERSION_MINOR 15
#define IO_URING_CHECK_VERSION(major, minor)                                                     \
  ((major) > IO_URING_VERSION_MAJOR ||                                                          \
   ((major) == IO_URING_VERSION_MAJOR && (minor) > IO_URING_VERSION_MINOR))
int io_uring_major_version(void);
int io_uring_minor_version(void);
bool io_uring_check_version(int major, int minor);

/* ---- Struct names ----------------------------------------------------------------------
 * The kernel's and liburing's struct tags, naming uring's structs (see the top of this
 * file). */
#define io_uring uring
#define io_uring_sq uring_sq
#define io_uring_cq uring_cq
#define io_uring_sqe uring_sqe
#define io_uring_cqe uring_cqe
#define io_uring_params uring_params
#define io_sqring_offsets uring_sqring_offsets
#define io_cqring_offsets uring_cqring_offsets
#define io_uring_files_update uring_files_update
#define io_uring_rsrc_register uring_rsrc_register
#define io_uring_rsrc_update uring_rsrc_update
#define io_uring_rsrc_update2 uring_rsrc_update2
#define io_uring_probe_op uring_probe_op
#define io_uring_restriction uring_restriction
#define io_uring_task_restriction uring_task_restriction
#define io_uring_clock_register uring_clock_register
#define io_uring_buf uring_buf
#define io_uring_buf_reg uring_buf_reg
#define io_uring_buf_status uring_buf_status
#define io_uring_napi uring_napi
#define io_uring_reg_wait uring_reg_wait
#define io_uring_getevents_arg uring_getevents_arg
#define io_uring_sync_cancel_reg uring_sync_cancel_reg
#define io_uring_file_index_range uring_file_index_range
#define io_uring_recvmsg_out uring_recvmsg_out
#define io_uring_region_desc uring_region_desc
#define io_uring_mem_region_reg uring_mem_region_reg
#define io_uring_attr_pi uring_attr_pi
#define io_timespec uring_io_timespec
#define io_uring_zcrx_rqe uring_zcrx_rqe
#define io_uring_zcrx_cqe uring_zcrx_cqe
#define io_uring_zcrx_offsets uring_zcrx_offsets
#define io_uring_zcrx_area_reg uring_zcrx_area_reg
#define io_uring_zcrx_ifq_reg uring_zcrx_ifq_reg
#define io_uring_query_hdr uring_query_hdr
#define io_uring_query_opcode uring_query_opcode
#define io_uring_query_zcrx uring_query_zcrx
#define io_uring_query_scq uring_query_scq
#define io_uring_bpf_ctx uring_bpf_ctx
#define io_uring_bpf_filter uring_bpf_filter
#define io_uring_bpf uring_bpf

/* The probe io_uring_get_probe returns (and io_uring_register_probe fills): the kernel's
 * header and room for every opcode a probe can report (ops_len is 8 bits). */
struct io_uring_probe {
  uint8_t last_op; /* highest opcode the kernel knows */
  uint8_t ops_len; /* entries of ops[] the kernel filled */
  uint16_t resv;
  uint32_t resv2[3];
  struct uring_probe_op ops[256];
};

/* A provided-buffer ring as liburing programs address it: bufs[i] is entry i, and the
 * ring tail overlays entry 0's reserved field (the kernel's layout). The kernel's spelling
 * needs an anonymous struct and a zero-length array, which ISO C++ (and ISO C, for the
 * array) lack: the GNU extensions are allowed here alone. bufs[] is addressed up to the
 * ring's entries, as in liburing. */
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"
#endif
struct io_uring_buf_ring {
  union {
    struct {
      uint64_t resv1;
      uint32_t resv2;
      uint16_t resv3;
      uint16_t tail;
    };
    struct uring_buf bufs[0];
  };
};
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

/* ---- Constants -------------------------------------------------------------------------
 * The kernel's names for uring's values (uring/sys/abi.h has each one's release). Those
 * the kernel spells as enumerators are plain int constants here too, so that comparisons
 * with an int stay free of sign warnings; the others are uring's unsigned values. */
#define IORING_RW_ATTR_FLAG_PI URING_RW_ATTR_FLAG_PI
#define IORING_FILE_INDEX_ALLOC URING_FILE_INDEX_ALLOC
#define IOSQE_FIXED_FILE_BIT 0
#define IOSQE_IO_DRAIN_BIT 1
#define IOSQE_IO_LINK_BIT 2
#define IOSQE_IO_HARDLINK_BIT 3
#define IOSQE_ASYNC_BIT 4
#define IOSQE_BUFFER_SELECT_BIT 5
#define IOSQE_CQE_SKIP_SUCCESS_BIT 6
#define IOSQE_FIXED_FILE URING_SQE_FIXED_FILE
#define IOSQE_IO_DRAIN URING_SQE_IO_DRAIN
#define IOSQE_IO_LINK URING_SQE_IO_LINK
#define IOSQE_IO_HARDLINK URING_SQE_IO_HARDLINK
#define IOSQE_ASYNC URING_SQE_ASYNC
#define IOSQE_BUFFER_SELECT URING_SQE_BUFFER_SELECT
#define IOSQE_CQE_SKIP_SUCCESS URING_SQE_CQE_SKIP_SUCCESS
#define IORING_SETUP_IOPOLL URING_SETUP_IOPOLL
#define IORING_SETUP_SQPOLL URING_SETUP_SQPOLL
#define IORING_SETUP_SQ_AFF URING_SETUP_SQ_AFF
#define IORING_SETUP_CQSIZE URING_SETUP_CQSIZE
#define IORING_SETUP_CLAMP URING_SETUP_CLAMP
#define IORING_SETUP_ATTACH_WQ URING_SETUP_ATTACH_WQ
#define IORING_SETUP_R_DISABLED URING_SETUP_R_DISABLED
#define IORING_SETUP_SUBMIT_ALL URING_SETUP_SUBMIT_ALL
#define IORING_SETUP_COOP_TASKRUN URING_SETUP_COOP_TASKRUN
#define IORING_SETUP_TASKRUN_FLAG URING_SETUP_TASKRUN_FLAG
#define IORING_SETUP_SQE128 URING_SETUP_SQE128
#define IORING_SETUP_CQE32 URING_SETUP_CQE32
#define IORING_SETUP_SINGLE_ISSUER URING_SETUP_SINGLE_ISSUER
#define IORING_SETUP_DEFER_TASKRUN URING_SETUP_DEFER_TASKRUN
#define IORING_SETUP_NO_MMAP URING_SETUP_NO_MMAP
#define IORING_SETUP_REGISTERED_FD_ONLY URING_SETUP_REGISTERED_FD_ONLY
#define IORING_SETUP_NO_SQARRAY URING_SETUP_NO_SQARRAY
#define IORING_SETUP_HYBRID_IOPOLL URING_SETUP_HYBRID_IOPOLL
#define IORING_SETUP_CQE_MIXED URING_SETUP_CQE_MIXED
#define IORING_SETUP_SQE_MIXED URING_SETUP_SQE_MIXED
#define IORING_SETUP_SQ_REWIND URING_SETUP_SQ_REWIND
#define IORING_OP_NOP 0
#define IORING_OP_READV 1
#define IORING_OP_WRITEV 2
#define IORING_OP_FSYNC 3
#define IORING_OP_READ_FIXED 4
#define IORING_OP_WRITE_FIXED 5
#define IORING_OP_POLL_ADD 6
#define IORING_OP_POLL_REMOVE 7
#define IORING_OP_SYNC_FILE_RANGE 8
#define IORING_OP_SENDMSG 9
#define IORING_OP_RECVMSG 10
#define IORING_OP_TIMEOUT 11
#define IORING_OP_TIMEOUT_REMOVE 12
#define IORING_OP_ACCEPT 13
#define IORING_OP_ASYNC_CANCEL 14
#define IORING_OP_LINK_TIMEOUT 15
#define IORING_OP_CONNECT 16
#define IORING_OP_FALLOCATE 17
#define IORING_OP_OPENAT 18
#define IORING_OP_CLOSE 19
#define IORING_OP_FILES_UPDATE 20
#define IORING_OP_STATX 21
#define IORING_OP_READ 22
#define IORING_OP_WRITE 23
#define IORING_OP_FADVISE 24
#define IORING_OP_MADVISE 25
#define IORING_OP_SEND 26
#define IORING_OP_RECV 27
#define IORING_OP_OPENAT2 28
#define IORING_OP_EPOLL_CTL 29
#define IORING_OP_SPLICE 30
#define IORING_OP_PROVIDE_BUFFERS 31
#define IORING_OP_REMOVE_BUFFERS 32
#define IORING_OP_TEE 33
#define IORING_OP_SHUTDOWN 34
#define IORING_OP_RENAMEAT 35
#define IORING_OP_UNLINKAT 36
#define IORING_OP_MKDIRAT 37
#define IORING_OP_SYMLINKAT 38
#define IORING_OP_LINKAT 39
#define IORING_OP_MSG_RING 40
#define IORING_OP_FSETXATTR 41
#define IORING_OP_SETXATTR 42
#define IORING_OP_FGETXATTR 43
#define IORING_OP_GETXATTR 44
#define IORING_OP_SOCKET 45
#define IORING_OP_URING_CMD 46
#define IORING_OP_SEND_ZC 47
#define IORING_OP_SENDMSG_ZC 48
#define IORING_OP_READ_MULTISHOT 49
#define IORING_OP_WAITID 50
#define IORING_OP_FUTEX_WAIT 51
#define IORING_OP_FUTEX_WAKE 52
#define IORING_OP_FUTEX_WAITV 53
#define IORING_OP_FIXED_FD_INSTALL 54
#define IORING_OP_FTRUNCATE 55
#define IORING_OP_BIND 56
#define IORING_OP_LISTEN 57
#define IORING_OP_RECV_ZC 58
#define IORING_OP_EPOLL_WAIT 59
#define IORING_OP_READV_FIXED 60
#define IORING_OP_WRITEV_FIXED 61
#define IORING_OP_PIPE 62
#define IORING_OP_NOP128 63
#define IORING_OP_URING_CMD128 64
#define IORING_OP_LAST 65
#define IORING_URING_CMD_FIXED URING_URING_CMD_FIXED
#define IORING_URING_CMD_MULTISHOT URING_URING_CMD_MULTISHOT
#define IORING_URING_CMD_MASK URING_URING_CMD_MASK
#define IORING_FSYNC_DATASYNC URING_FSYNC_DATASYNC
#define IORING_TIMEOUT_ABS URING_TIMEOUT_ABS
#define IORING_TIMEOUT_UPDATE URING_TIMEOUT_UPDATE
#define IORING_TIMEOUT_BOOTTIME URING_TIMEOUT_BOOTTIME
#define IORING_TIMEOUT_REALTIME URING_TIMEOUT_REALTIME
#define IORING_LINK_TIMEOUT_UPDATE URING_LINK_TIMEOUT_UPDATE
#define IORING_TIMEOUT_ETIME_SUCCESS URING_TIMEOUT_ETIME_SUCCESS
#define IORING_TIMEOUT_MULTISHOT URING_TIMEOUT_MULTISHOT
#define IORING_TIMEOUT_IMMEDIATE_ARG URING_TIMEOUT_IMMEDIATE_ARG
#define IORING_TIMEOUT_CLOCK_MASK URING_TIMEOUT_CLOCK_MASK
#define IORING_TIMEOUT_UPDATE_MASK URING_TIMEOUT_UPDATE_MASK
#define SPLICE_F_FD_IN_FIXED URING_SPLICE_F_FD_IN_FIXED
#define IORING_POLL_ADD_MULTI URING_POLL_ADD_MULTI
#define IORING_POLL_UPDATE_EVENTS URING_POLL_UPDATE_EVENTS
#define IORING_POLL_UPDATE_USER_DATA URING_POLL_UPDATE_USER_DATA
#define IORING_POLL_ADD_LEVEL URING_POLL_ADD_LEVEL
#define IORING_ASYNC_CANCEL_ALL URING_ASYNC_CANCEL_ALL
#define IORING_ASYNC_CANCEL_FD URING_ASYNC_CANCEL_FD
#define IORING_ASYNC_CANCEL_ANY URING_ASYNC_CANCEL_ANY
#define IORING_ASYNC_CANCEL_FD_FIXED URING_ASYNC_CANCEL_FD_FIXED
#define IORING_ASYNC_CANCEL_USERDATA URING_ASYNC_CANCEL_USERDATA
#define IORING_ASYNC_CANCEL_OP URING_ASYNC_CANCEL_OP
#define IORING_RECVSEND_POLL_FIRST URING_RECVSEND_POLL_FIRST
#define IORING_RECV_MULTISHOT URING_RECV_MULTISHOT
#define IORING_RECVSEND_FIXED_BUF URING_RECVSEND_FIXED_BUF
#define IORING_SEND_ZC_REPORT_USAGE URING_SEND_ZC_REPORT_USAGE
#define IORING_RECVSEND_BUNDLE URING_RECVSEND_BUNDLE
#define IORING_SEND_VECTORIZED URING_SEND_VECTORIZED
#define IORING_NOTIF_USAGE_ZC_COPIED URING_NOTIF_USAGE_ZC_COPIED
#define IORING_ACCEPT_MULTISHOT URING_ACCEPT_MULTISHOT
#define IORING_ACCEPT_DONTWAIT URING_ACCEPT_DONTWAIT
#define IORING_ACCEPT_POLL_FIRST URING_ACCEPT_POLL_FIRST
#define IORING_MSG_DATA 0
#define IORING_MSG_SEND_FD 1
#define IORING_MSG_RING_CQE_SKIP URING_MSG_RING_CQE_SKIP
#define IORING_MSG_RING_FLAGS_PASS URING_MSG_RING_FLAGS_PASS
#define IORING_FIXED_FD_NO_CLOEXEC URING_FIXED_FD_NO_CLOEXEC
#define IORING_NOP_INJECT_RESULT URING_NOP_INJECT_RESULT
#define IORING_NOP_FILE URING_NOP_FILE
#define IORING_NOP_FIXED_FILE URING_NOP_FIXED_FILE
#define IORING_NOP_FIXED_BUFFER URING_NOP_FIXED_BUFFER
#define IORING_NOP_TW URING_NOP_TW
#define IORING_NOP_CQE32 URING_NOP_CQE32
#define IORING_CQE_F_BUFFER URING_CQE_F_BUFFER
#define IORING_CQE_F_MORE URING_CQE_F_MORE
#define IORING_CQE_F_SOCK_NONEMPTY URING_CQE_F_SOCK_NONEMPTY
#define IORING_CQE_F_NOTIF URING_CQE_F_NOTIF
#define IORING_CQE_F_BUF_MORE URING_CQE_F_BUF_MORE
#define IORING_CQE_F_SKIP URING_CQE_F_SKIP
#define IORING_CQE_F_32 URING_CQE_F_32
#define IORING_CQE_BUFFER_SHIFT URING_CQE_BUFFER_SHIFT
#define IORING_OFF_SQ_RING URING_OFF_SQ_RING
#define IORING_OFF_CQ_RING URING_OFF_CQ_RING
#define IORING_OFF_SQES URING_OFF_SQES
#define IORING_OFF_PBUF_RING URING_OFF_PBUF_RING
#define IORING_OFF_PBUF_SHIFT URING_OFF_PBUF_SHIFT
#define IORING_OFF_MMAP_MASK URING_OFF_MMAP_MASK
#define IORING_SQ_NEED_WAKEUP URING_SQ_NEED_WAKEUP
#define IORING_SQ_CQ_OVERFLOW URING_SQ_CQ_OVERFLOW
#define IORING_SQ_TASKRUN URING_SQ_TASKRUN
#define IORING_CQ_EVENTFD_DISABLED URING_CQ_EVENTFD_DISABLED
#define IORING_ENTER_GETEVENTS URING_ENTER_GETEVENTS
#define IORING_ENTER_SQ_WAKEUP URING_ENTER_SQ_WAKEUP
#define IORING_ENTER_SQ_WAIT URING_ENTER_SQ_WAIT
#define IORING_ENTER_EXT_ARG URING_ENTER_EXT_ARG
#define IORING_ENTER_REGISTERED_RING URING_ENTER_REGISTERED_RING
#define IORING_ENTER_ABS_TIMER URING_ENTER_ABS_TIMER
#define IORING_ENTER_EXT_ARG_REG URING_ENTER_EXT_ARG_REG
#define IORING_ENTER_NO_IOWAIT URING_ENTER_NO_IOWAIT
#define IORING_FEAT_SINGLE_MMAP URING_FEAT_SINGLE_MMAP
#define IORING_FEAT_NODROP URING_FEAT_NODROP
#define IORING_FEAT_SUBMIT_STABLE URING_FEAT_SUBMIT_STABLE
#define IORING_FEAT_RW_CUR_POS URING_FEAT_RW_CUR_POS
#define IORING_FEAT_CUR_PERSONALITY URING_FEAT_CUR_PERSONALITY
#define IORING_FEAT_FAST_POLL URING_FEAT_FAST_POLL
#define IORING_FEAT_POLL_32BITS URING_FEAT_POLL_32BITS
#define IORING_FEAT_SQPOLL_NONFIXED URING_FEAT_SQPOLL_NONFIXED
#define IORING_FEAT_EXT_ARG URING_FEAT_EXT_ARG
#define IORING_FEAT_NATIVE_WORKERS URING_FEAT_NATIVE_WORKERS
#define IORING_FEAT_RSRC_TAGS URING_FEAT_RSRC_TAGS
#define IORING_FEAT_CQE_SKIP URING_FEAT_CQE_SKIP
#define IORING_FEAT_LINKED_FILE URING_FEAT_LINKED_FILE
#define IORING_FEAT_REG_REG_RING URING_FEAT_REG_REG_RING
#define IORING_FEAT_RECVSEND_BUNDLE URING_FEAT_RECVSEND_BUNDLE
#define IORING_FEAT_MIN_TIMEOUT URING_FEAT_MIN_TIMEOUT
#define IORING_FEAT_RW_ATTR URING_FEAT_RW_ATTR
#define IORING_FEAT_NO_IOWAIT URING_FEAT_NO_IOWAIT
#define IORING_REGISTER_BUFFERS 0
#define IORING_UNREGISTER_BUFFERS 1
#define IORING_REGISTER_FILES 2
#define IORING_UNREGISTER_FILES 3
#define IORING_REGISTER_EVENTFD 4
#define IORING_UNREGISTER_EVENTFD 5
#define IORING_REGISTER_FILES_UPDATE 6
#define IORING_REGISTER_EVENTFD_ASYNC 7
#define IORING_REGISTER_PROBE 8
#define IORING_REGISTER_PERSONALITY 9
#define IORING_UNREGISTER_PERSONALITY 10
#define IORING_REGISTER_RESTRICTIONS 11
#define IORING_REGISTER_ENABLE_RINGS 12
#define IORING_REGISTER_FILES2 13
#define IORING_REGISTER_FILES_UPDATE2 14
#define IORING_REGISTER_BUFFERS2 15
#define IORING_REGISTER_BUFFERS_UPDATE 16
#define IORING_REGISTER_IOWQ_AFF 17
#define IORING_UNREGISTER_IOWQ_AFF 18
#define IORING_REGISTER_IOWQ_MAX_WORKERS 19
#define IORING_REGISTER_RING_FDS 20
#define IORING_UNREGISTER_RING_FDS 21
#define IORING_REGISTER_PBUF_RING 22
#define IORING_UNREGISTER_PBUF_RING 23
#define IORING_REGISTER_SYNC_CANCEL 24
#define IORING_REGISTER_FILE_ALLOC_RANGE 25
#define IORING_REGISTER_PBUF_STATUS 26
#define IORING_REGISTER_NAPI 27
#define IORING_UNREGISTER_NAPI 28
#define IORING_REGISTER_CLOCK 29
#define IORING_REGISTER_CLONE_BUFFERS 30
#define IORING_REGISTER_SEND_MSG_RING 31
#define IORING_REGISTER_ZCRX_IFQ 32
#define IORING_REGISTER_RESIZE_RINGS 33
#define IORING_REGISTER_MEM_REGION 34
#define IORING_REGISTER_QUERY 35
#define IORING_REGISTER_ZCRX_CTRL 36
#define IORING_REGISTER_BPF_FILTER 37
#define IORING_REGISTER_LAST 38
#define IORING_REGISTER_USE_REGISTERED_RING URING_REGISTER_USE_REGISTERED_RING
#define IO_WQ_BOUND 0
#define IO_WQ_UNBOUND 1
#define IORING_MEM_REGION_TYPE_USER 1
#define IORING_MEM_REGION_REG_WAIT_ARG 1
#define IORING_RSRC_REGISTER_SPARSE URING_RSRC_REGISTER_SPARSE
#define IORING_REGISTER_FILES_SKIP URING_REGISTER_FILES_SKIP
#define IO_URING_OP_SUPPORTED URING_OP_SUPPORTED
#define IORING_REGISTER_SRC_REGISTERED 1
#define IORING_REGISTER_DST_REPLACE 2
#define IOU_PBUF_RING_MMAP 1
#define IOU_PBUF_RING_INC 2
#define IO_URING_NAPI_REGISTER_OP 0
#define IO_URING_NAPI_STATIC_ADD_ID 1
#define IO_URING_NAPI_STATIC_DEL_ID 2
#define IO_URING_NAPI_TRACKING_DYNAMIC 0
#define IO_URING_NAPI_TRACKING_STATIC 1
#define IO_URING_NAPI_TRACKING_INACTIVE 255
#define IORING_RESTRICTION_REGISTER_OP 0
#define IORING_RESTRICTION_SQE_OP 1
#define IORING_RESTRICTION_SQE_FLAGS_ALLOWED 2
#define IORING_RESTRICTION_SQE_FLAGS_REQUIRED 3
#define IORING_RESTRICTION_LAST 4
#define IORING_REG_WAIT_TS 1
#define SOCKET_URING_OP_SIOCINQ 0
#define SOCKET_URING_OP_SIOCOUTQ 1
#define SOCKET_URING_OP_GETSOCKOPT 2
#define SOCKET_URING_OP_SETSOCKOPT 3
#define SOCKET_URING_OP_TX_TIMESTAMP 4
#define SOCKET_URING_OP_GETSOCKNAME 5
#define IORING_TIMESTAMP_HW_SHIFT URING_TIMESTAMP_HW_SHIFT
#define IORING_TIMESTAMP_TYPE_SHIFT URING_TIMESTAMP_TYPE_SHIFT
#define IORING_CQE_F_TSTAMP_HW URING_CQE_F_TSTAMP_HW
#define IORING_ZCRX_AREA_SHIFT URING_ZCRX_AREA_SHIFT
#define IORING_ZCRX_AREA_MASK URING_ZCRX_AREA_MASK
#define IORING_ZCRX_AREA_DMABUF 1
#define ZCRX_REG_IMPORT 1
#define ZCRX_REG_NODEV 2
#define ZCRX_FEATURE_RX_PAGE_SIZE 1
#define ZCRX_FEATURE_EVENT 2
#define ZCRX_EVENT_ALLOC_FAIL 0
#define ZCRX_EVENT_COPY 1
#define ZCRX_EVENT_DESC_FLAG_STATS 1
#define ZCRX_CTRL_FLUSH_RQ 0
#define ZCRX_CTRL_EXPORT 1
#define ZCRX_CTRL_ARM_EVENT 2
#define IO_URING_QUERY_OPCODES 0
#define IO_URING_QUERY_ZCRX 1
#define IO_URING_QUERY_SCQ 2
#define IO_URING_QUERY_ZCRX_EVENT 3
#define IO_URING_BPF_FILTER_DENY_REST 1
#define IO_URING_BPF_CMD_FILTER 1

/* user_data of the TIMEOUT SQEs liburing queues for waits on kernels before 5.11; this
 * layer queues none (see the top of this file), but programs compare against it. */
#define LIBURING_UDATA_TIMEOUT (~URING_CAST(__u64, 0))
/* The 64-bit user_data setters and getters exist. */
#define LIBURING_HAVE_DATA64

#ifndef uring_likely
#define uring_likely(cond) __builtin_expect(!!(cond), 1)
#endif
#ifndef uring_unlikely
#define uring_unlikely(cond) __builtin_expect(!!(cond), 0)
#endif

/* liburing's barrier macros, on the compiler's atomics (type-generic, as liburing's). */
#define IO_URING_WRITE_ONCE(var, val) __atomic_store_n(&(var), (val), __ATOMIC_RELAXED)
#define IO_URING_READ_ONCE(var) __atomic_load_n(&(var), __ATOMIC_RELAXED)
#define io_uring_smp_store_release(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)
#define io_uring_smp_load_acquire(p) __atomic_load_n((p), __ATOMIC_ACQUIRE)
#define io_uring_smp_mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)

/* ---- Setup and teardown ----------------------------------------------------------------
 * io_uring_queue_init(entries, ring, flags) and io_uring_queue_init_params(entries, ring, p)
 * create a ring with the flags (or the parameter block) given plus URING_SETUP_NO_SQARRAY
 * where the kernel takes it (6.6; see the top of this file); 0 or -errno, *p holding the
 * kernel's answer. io_uring_queue_init_mem(entries, ring, p, buf, buf_size) does the same
 * in caller memory with URING_SETUP_NO_MMAP added (6.5) and returns the bytes it uses.
 * io_uring_queue_exit tears the ring down (uring_exit). io_uring_ring_dontfork keeps the
 * ring's mappings out of children (madvise MADV_DONTFORK; -EINVAL for a ring in caller
 * memory, which the caller maps). io_uring_mlock_size and io_uring_mlock_size_params give
 * the bytes a ring would lock on kernels that charge it to RLIMIT_MEMLOCK (before 5.12,
 * without URING_FEAT_NATIVE_WORKERS; 0 from then on), io_uring_memory_size and
 * io_uring_memory_size_params the ring memory itself (uring_mem_size); negative -errno. */
int io_uring_queue_init(unsigned entries, struct io_uring *ring, unsigned flags);
int io_uring_queue_init_params(unsigned entries, struct io_uring *ring,
                               struct io_uring_params *p);
int io_uring_queue_init_mem(unsigned entries, struct io_uring *ring, struct io_uring_params *p,
                            void *buf, size_t buf_size);
void io_uring_queue_exit(struct io_uring *ring);
int io_uring_ring_dontfork(struct io_uring *ring);
ssize_t io_uring_mlock_size(unsigned entries, unsigned flags);
ssize_t io_uring_mlock_size_params(unsigned entries, struct io_uring_params *p);
ssize_t io_uring_memory_size(unsigned entries, unsigned flags);
ssize_t io_uring_memory_size_params(unsigned entries, struct io_uring_params *p);

/* The raw system calls, as liburing exports them: the result, or -errno. io_uring_enter
 * passes a signal mask of the kernel's size (8 bytes); io_uring_enter2 passes arg and sz
 * as given (an extended argument with URING_ENTER_EXT_ARG). */
int io_uring_setup(unsigned int entries, struct io_uring_params *p);
int io_uring_enter(unsigned int fd, unsigned int to_submit, unsigned int min_complete,
                   unsigned int flags, sigset_t *sig);
int io_uring_enter2(unsigned int fd, unsigned int to_submit, unsigned int min_complete,
                    unsigned int flags, void *arg, size_t sz);
int io_uring_register(unsigned int fd, unsigned int opcode, const void *arg,
                      unsigned int nr_args);

/* ---- Submission ------------------------------------------------------------------------ */

/* The next free SQE with its first 64 bytes zeroed, or NULL when the SQ is full. */
static inline struct io_uring_sqe *io_uring_get_sqe(struct io_uring *ring) {
  struct uring_sqe *sqe = uring_get_sqe(ring);
  if (sqe) __builtin_memset(sqe, 0, sizeof *sqe);
  return sqe;
}

/* A 128-byte SQE (SQE128 rings, or two slots of an SQE_MIXED ring, 6.19), zeroed, or NULL
 * (full, or a ring without 128-byte entries). */
static inline struct io_uring_sqe *io_uring_get_sqe128(struct io_uring *ring) {
  struct uring_sqe *sqe = uring_get_sqe128(ring);
  if (sqe) __builtin_memset(sqe, 0, 2 * sizeof *sqe);
  return sqe;
}

/* Submits; submits and waits for wait_nr CQEs in one enter (uring_submit,
 * uring_submit_and_wait): the number submitted, or -errno. */
static inline int io_uring_submit(struct io_uring *ring) { return uring_submit(ring); }
static inline int io_uring_submit_and_wait(struct io_uring *ring, unsigned wait_nr) {
  return uring_submit_and_wait(ring, wait_nr);
}

/* SQEs handed out and not yet consumed by the kernel; free SQ slots. */
static inline unsigned io_uring_sq_ready(const struct io_uring *ring) {
  return uring_sq_ready(ring);
}
static inline unsigned io_uring_sq_space_left(const struct io_uring *ring) {
  return uring_sq_space_left(ring);
}

/* The SQ index shift: 1 for rings with 128-byte SQEs, else 0. */
static inline unsigned io_uring_sqe_shift_from_flags(unsigned flags) {
  return (flags & URING_SETUP_SQE128) ? 1u : 0u;
}
static inline unsigned io_uring_sqe_shift(const struct io_uring *ring) {
  return io_uring_sqe_shift_from_flags(ring->flags);
}

/* Under SQPOLL, waits until the SQ has room (5.10); 0 at once without SQPOLL or with room,
 * as liburing. */
static inline int io_uring_sqring_wait(struct io_uring *ring) {
  if (!(ring->flags & URING_SETUP_SQPOLL) || uring_sq_space_left(ring)) return 0;
  return uring_sqring_wait(ring);
}

/* ---- Completion ------------------------------------------------------------------------ */

/* The CQ index shift: 1 for CQE32 rings, else 0. */
static inline unsigned io_uring_cqe_shift_from_flags(unsigned flags) {
  return (flags & URING_SETUP_CQE32) ? 1u : 0u;
}
static inline unsigned io_uring_cqe_shift(const struct io_uring *ring) {
  return io_uring_cqe_shift_from_flags(ring->flags);
}
#define io_uring_cqe_index(ring, ptr, mask) (((ptr) & (mask)) << io_uring_cqe_shift(ring))

/* The CQ slots a CQE takes: 2 for a 32-byte CQE of a CQE_MIXED ring (URING_CQE_F_32), 1
 * otherwise. */
static inline unsigned io_uring_cqe_nr(const struct io_uring_cqe *cqe) {
  return (cqe->flags & URING_CQE_F_32) ? 2u : 1u;
}

/* Frees nr CQ slots (after io_uring_for_each_cqe or a batch peek). Precondition as
 * uring_cq_advance's: nr is at most io_uring_cq_ready. */
static inline void io_uring_cq_advance(struct io_uring *ring, unsigned nr) {
  if (nr) uring_cq_advance(ring, nr);
}

/* Marks the CQE a peek or wait returned as consumed; NULL does nothing. */
static inline void io_uring_cqe_seen(struct io_uring *ring, struct io_uring_cqe *cqe) {
  if (cqe) uring_cqe_seen(ring, cqe);
}

/* CQ slots filled and not yet seen. */
static inline unsigned io_uring_cq_ready(const struct io_uring *ring) {
  return uring_cq_ready(ring);
}

/* Whether the kernel holds completions on its overflow list (URING_SQ_CQ_OVERFLOW), which
 * the next peek or wait flushes. */
static inline bool io_uring_cq_has_overflow(const struct io_uring *ring) {
  return (uring_read_once(ring->sq.kflags) & URING_SQ_CQ_OVERFLOW) != 0;
}

/* Eventfd notifications on (true, the default) or off (5.8; -EOPNOTSUPP before). */
static inline bool io_uring_cq_eventfd_enabled(const struct io_uring *ring) {
  return uring_cq_eventfd_enabled(ring) != 0;
}
static inline int io_uring_cq_eventfd_toggle(struct io_uring *ring, bool enabled) {
  return uring_cq_eventfd_toggle(ring, enabled ? 1 : 0);
}

/* The next CQE without waiting: 0, or -EAGAIN when there is none; and waiting for one or
 * wait_nr (uring_peek_cqe, uring_wait_cqe, uring_wait_cqe_nr: their contract, README). */
static inline int io_uring_peek_cqe(struct io_uring *ring, struct io_uring_cqe **cqe_ptr) {
  return uring_peek_cqe(ring, cqe_ptr);
}
static inline int io_uring_wait_cqe(struct io_uring *ring, struct io_uring_cqe **cqe_ptr) {
  return uring_wait_cqe(ring, cqe_ptr);
}
static inline int io_uring_wait_cqe_nr(struct io_uring *ring, struct io_uring_cqe **cqe_ptr,
                                       unsigned wait_nr) {
  return uring_wait_cqe_nr(ring, cqe_ptr, wait_nr);
}

/* Up to count ready CQEs into cqes[], not freed: io_uring_cq_advance them. */
static inline unsigned io_uring_peek_batch_cqe(struct io_uring *ring, struct io_uring_cqe **cqes,
                                               unsigned count) {
  return uring_peek_batch_cqe(ring, cqes, count);
}

/* Waits with a time limit and a signal mask (uring_wait_cqes, uring_wait_cqe_timeout,
 * uring_submit_and_wait_timeout, uring_submit_and_wait_min_timeout): a time limit needs
 * 5.11 (-EOPNOTSUPP before), min_wait 6.12. */
int io_uring_wait_cqes(struct io_uring *ring, struct io_uring_cqe **cqe_ptr, unsigned wait_nr,
                       struct __kernel_timespec *ts, sigset_t *sigmask);
int io_uring_wait_cqe_timeout(struct io_uring *ring, struct io_uring_cqe **cqe_ptr,
                              struct __kernel_timespec *ts);
int io_uring_submit_and_wait_timeout(struct io_uring *ring, struct io_uring_cqe **cqe_ptr,
                                     unsigned wait_nr, struct __kernel_timespec *ts,
                                     sigset_t *sigmask);
int io_uring_submit_and_wait_min_timeout(struct io_uring *ring, struct io_uring_cqe **cqe_ptr,
                                         unsigned wait_nr, struct __kernel_timespec *ts,
                                         unsigned min_wait, sigset_t *sigmask);

/* Enters the kernel only to flush held-back completions and run task work: 0 or -errno. */
int io_uring_get_events(struct io_uring *ring);

/* The 2.10 CQE iterator, and io_uring_for_each_cqe on it: from the CQ head to the tail
 * loaded at init (acquire), a 32-byte CQE of a CQE_MIXED ring counting two slots. `head`
 * receives each CQE's position; free what was handled with io_uring_cq_advance. */
struct io_uring_cqe_iter {
  struct io_uring_cqe *cqes;
  unsigned mask;
  unsigned shift;
  unsigned head;
  unsigned tail;
};
static inline struct io_uring_cqe_iter io_uring_cqe_iter_init(const struct io_uring *ring) {
  struct io_uring_cqe_iter it;
  it.cqes = ring->cq.cqes;
  it.mask = ring->cq.ring_mask;
  it.shift = io_uring_cqe_shift(ring);
  it.head = ring->cq.head;
  /* Pairs with the kernel's release store of the CQ tail after it wrote the CQEs. */
  it.tail = uring_load_acquire(ring->cq.ktail);
  return it;
}
static inline bool io_uring_cqe_iter_next(struct io_uring_cqe_iter *it,
                                          struct io_uring_cqe **cqe) {
  if (it->head == it->tail) return false;
  *cqe = &it->cqes[(it->head & it->mask) << it->shift];
  it->head += io_uring_cqe_nr(*cqe);
  return true;
}
#define io_uring_for_each_cqe(ring, head, cqe)                                                   \
  for (struct io_uring_cqe_iter uring_priv_compat_iter = io_uring_cqe_iter_init(ring);          \
       (head) = uring_priv_compat_iter.head,                                                     \
                io_uring_cqe_iter_next(&uring_priv_compat_iter, &(cqe));                         \
       (void)(head))

/* ---- SQE and CQE data ------------------------------------------------------------------ */

static inline void io_uring_sqe_set_data(struct io_uring_sqe *sqe, void *data) {
  uring_sqe_set_data(sqe, data);
}
static inline void io_uring_sqe_set_data64(struct io_uring_sqe *sqe, __u64 data) {
  uring_sqe_set_data64(sqe, data);
}
static inline void *io_uring_cqe_get_data(const struct io_uring_cqe *cqe) {
  return uring_cqe_get_data(cqe);
}
static inline __u64 io_uring_cqe_get_data64(const struct io_uring_cqe *cqe) {
  return uring_cqe_get_data64(cqe);
}
static inline void io_uring_sqe_set_flags(struct io_uring_sqe *sqe, unsigned flags) {
  uring_sqe_set_flags(sqe, flags);
}
static inline void io_uring_sqe_set_buf_group(struct io_uring_sqe *sqe, int bgid) {
  uring_sqe_set_buf_group(sqe, bgid);
}
/* Zeroes the fields liburing's io_uring_get_sqe resets (io_uring_get_sqe here zeroes the
 * whole entry already). */
static inline void io_uring_initialize_sqe(struct io_uring_sqe *sqe) {
  sqe->flags = 0;
  sqe->ioprio = 0;
  sqe->rw_flags = 0;
  sqe->buf_index = 0;
  sqe->personality = 0;
  sqe->file_index = 0;
  sqe->addr3 = 0;
  sqe->pad2 = 0;
}

/* ---- Prep helpers ----------------------------------------------------------------------
 * Each io_uring_prep_X(sqe, ...) is uring_prep_X(sqe, ...) (its header names the kernel
 * release the opcode needs), keeping the user_data, personality and flags the SQE had
 * before the call (see the top of this file). */
struct uring_priv_compat_kept {
  uint64_t user_data;
  uint16_t personality;
  uint8_t flags;
};
static inline struct uring_priv_compat_kept uring_priv_compat_keep(const struct uring_sqe *sqe) {
  struct uring_priv_compat_kept k;
  k.user_data = sqe->user_data;
  k.personality = sqe->personality;
  k.flags = sqe->flags;
  return k;
}
static inline void uring_priv_compat_put(struct uring_sqe *sqe, struct uring_priv_compat_kept k) {
  sqe->user_data = k.user_data;
  sqe->personality = k.personality;
  sqe->flags = URING_CAST(uint8_t, (sqe->flags | k.flags));
}
#define URING_PRIV_COMPAT_PREP(sqe, call)                                                        \
  do {                                                                                           \
    struct uring_priv_compat_kept uring_priv_kept = uring_priv_compat_keep(sqe);                 \
    call;                                                                                        \
    uring_priv_compat_put(sqe, uring_priv_kept);                                                 \
  } while (0)
static inline void io_uring_prep_rw(int op, struct io_uring_sqe *sqe, int fd, const void *addr,
                                    unsigned len, __u64 offset) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_rw(op, sqe, fd, addr, len, offset));
}
static inline void io_uring_prep_splice(struct io_uring_sqe *sqe, int fd_in, int64_t off_in,
                                        int fd_out, int64_t off_out, unsigned int nbytes,
                                        unsigned int splice_flags) {
  URING_PRIV_COMPAT_PREP(
      sqe, uring_prep_splice(sqe, fd_in, off_in, fd_out, off_out, nbytes, splice_flags));
}
static inline void io_uring_prep_tee(struct io_uring_sqe *sqe, int fd_in, int fd_out,
                                     unsigned int nbytes, unsigned int splice_flags) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_tee(sqe, fd_in, fd_out, nbytes, splice_flags));
}
static inline void io_uring_prep_readv(struct io_uring_sqe *sqe, int fd, const struct iovec *iovecs,
                                       unsigned nr_vecs, __u64 offset) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_readv(sqe, fd, iovecs, nr_vecs, offset));
}
static inline void io_uring_prep_readv2(struct io_uring_sqe *sqe, int fd,
                                        const struct iovec *iovecs, unsigned nr_vecs, __u64 offset,
                                        int flags) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_readv2(sqe, fd, iovecs, nr_vecs, offset, flags));
}
static inline void io_uring_prep_read_fixed(struct io_uring_sqe *sqe, int fd, void *buf,
                                            unsigned nbytes, __u64 offset, int buf_index) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_read_fixed(sqe, fd, buf, nbytes, offset, buf_index));
}
static inline void io_uring_prep_readv_fixed(struct io_uring_sqe *sqe, int fd,
                                             const struct iovec *iovecs, unsigned nr_vecs,
                                             __u64 offset, int flags, int buf_index) {
  URING_PRIV_COMPAT_PREP(
      sqe, uring_prep_readv_fixed(sqe, fd, iovecs, nr_vecs, offset, flags, buf_index));
}
static inline void io_uring_prep_writev(struct io_uring_sqe *sqe, int fd,
                                        const struct iovec *iovecs, unsigned nr_vecs,
                                        __u64 offset) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_writev(sqe, fd, iovecs, nr_vecs, offset));
}
static inline void io_uring_prep_writev2(struct io_uring_sqe *sqe, int fd,
                                         const struct iovec *iovecs, unsigned nr_vecs, __u64 offset,
                                         int flags) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_writev2(sqe, fd, iovecs, nr_vecs, offset, flags));
}
static inline void io_uring_prep_write_fixed(struct io_uring_sqe *sqe, int fd, const void *buf,
                                             unsigned nbytes, __u64 offset, int buf_index) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_write_fixed(sqe, fd, buf, nbytes, offset, buf_index));
}
static inline void io_uring_prep_writev_fixed(struct io_uring_sqe *sqe, int fd,
                                              const struct iovec *iovecs, unsigned nr_vecs,
                                              __u64 offset, int flags, int buf_index) {
  URING_PRIV_COMPAT_PREP(
      sqe, uring_prep_writev_fixed(sqe, fd, iovecs, nr_vecs, offset, flags, buf_index));
}
static inline void io_uring_prep_read(struct io_uring_sqe *sqe, int fd, void *buf, unsigned nbytes,
                                      __u64 offset) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_read(sqe, fd, buf, nbytes, offset));
}
static inline void io_uring_prep_read_multishot(struct io_uring_sqe *sqe, int fd, unsigned nbytes,
                                                __u64 offset, int buf_group) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_read_multishot(sqe, fd, nbytes, offset, buf_group));
}
static inline void io_uring_prep_write(struct io_uring_sqe *sqe, int fd, const void *buf,
                                       unsigned nbytes, __u64 offset) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_write(sqe, fd, buf, nbytes, offset));
}
static inline void io_uring_prep_recvmsg(struct io_uring_sqe *sqe, int fd, struct msghdr *msg,
                                         unsigned flags) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_recvmsg(sqe, fd, msg, flags));
}
static inline void io_uring_prep_recvmsg_multishot(struct io_uring_sqe *sqe, int fd,
                                                   struct msghdr *msg, unsigned flags) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_recvmsg_multishot(sqe, fd, msg, flags));
}
static inline void io_uring_prep_sendmsg(struct io_uring_sqe *sqe, int fd, const struct msghdr *msg,
                                         unsigned flags) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_sendmsg(sqe, fd, msg, flags));
}
static inline void io_uring_prep_sendmsg_zc(struct io_uring_sqe *sqe, int fd,
                                            const struct msghdr *msg, unsigned flags) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_sendmsg_zc(sqe, fd, msg, flags));
}
static inline void io_uring_prep_poll_add(struct io_uring_sqe *sqe, int fd, unsigned poll_mask) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_poll_add(sqe, fd, poll_mask));
}
static inline void io_uring_prep_poll_multishot(struct io_uring_sqe *sqe, int fd,
                                                unsigned poll_mask) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_poll_multishot(sqe, fd, poll_mask));
}
static inline void io_uring_prep_poll_remove(struct io_uring_sqe *sqe, __u64 user_data) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_poll_remove(sqe, user_data));
}
static inline void io_uring_prep_poll_update(struct io_uring_sqe *sqe, __u64 old_user_data,
                                             __u64 new_user_data, unsigned poll_mask,
                                             unsigned flags) {
  URING_PRIV_COMPAT_PREP(
      sqe, uring_prep_poll_update(sqe, old_user_data, new_user_data, poll_mask, flags));
}
static inline void io_uring_prep_fsync(struct io_uring_sqe *sqe, int fd, unsigned fsync_flags) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_fsync(sqe, fd, fsync_flags));
}
static inline void io_uring_prep_nop(struct io_uring_sqe *sqe) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_nop(sqe));
}
static inline void io_uring_prep_nop128(struct io_uring_sqe *sqe) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_nop128(sqe));
}
static inline void io_uring_prep_timeout(struct io_uring_sqe *sqe,
                                         const struct __kernel_timespec *ts, unsigned count,
                                         unsigned flags) {
  URING_PRIV_COMPAT_PREP(
      sqe,
      uring_prep_timeout(sqe, URING_PTR_CAST(const struct uring_timespec *, ts), count, flags));
}
static inline void io_uring_prep_timeout_remove(struct io_uring_sqe *sqe, __u64 user_data,
                                                unsigned flags) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_timeout_remove(sqe, user_data, flags));
}
static inline void io_uring_prep_timeout_update(struct io_uring_sqe *sqe,
                                                const struct __kernel_timespec *ts, __u64 user_data,
                                                unsigned flags) {
  URING_PRIV_COMPAT_PREP(
      sqe, uring_prep_timeout_update(sqe, URING_PTR_CAST(const struct uring_timespec *, ts),
                                     user_data, flags));
}
static inline void io_uring_prep_link_timeout(struct io_uring_sqe *sqe,
                                              const struct __kernel_timespec *ts, unsigned flags) {
  URING_PRIV_COMPAT_PREP(
      sqe, uring_prep_link_timeout(sqe, URING_PTR_CAST(const struct uring_timespec *, ts), flags));
}
static inline void io_uring_prep_accept(struct io_uring_sqe *sqe, int fd, struct sockaddr *addr,
                                        socklen_t *addrlen, int flags) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_accept(sqe, fd, addr, addrlen, flags));
}
static inline void io_uring_prep_accept_direct(struct io_uring_sqe *sqe, int fd,
                                               struct sockaddr *addr, socklen_t *addrlen, int flags,
                                               unsigned int file_index) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_accept_direct(sqe, fd, addr, addrlen, flags, file_index));
}
static inline void io_uring_prep_multishot_accept(struct io_uring_sqe *sqe, int fd,
                                                  struct sockaddr *addr, socklen_t *addrlen,
                                                  int flags) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_multishot_accept(sqe, fd, addr, addrlen, flags));
}
static inline void io_uring_prep_multishot_accept_direct(struct io_uring_sqe *sqe, int fd,
                                                         struct sockaddr *addr, socklen_t *addrlen,
                                                         int flags) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_multishot_accept_direct(sqe, fd, addr, addrlen, flags));
}
static inline void io_uring_prep_cancel64(struct io_uring_sqe *sqe, __u64 user_data, int flags) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_cancel64(sqe, user_data, flags));
}
static inline void io_uring_prep_cancel(struct io_uring_sqe *sqe, const void *user_data,
                                        int flags) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_cancel64(sqe, URING_PTR_TO_U64(user_data), flags));
}
static inline void io_uring_prep_cancel_fd(struct io_uring_sqe *sqe, int fd, unsigned int flags) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_cancel_fd(sqe, fd, flags));
}
static inline void io_uring_prep_connect(struct io_uring_sqe *sqe, int fd,
                                         const struct sockaddr *addr, socklen_t addrlen) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_connect(sqe, fd, addr, addrlen));
}
static inline void io_uring_prep_bind(struct io_uring_sqe *sqe, int fd, const struct sockaddr *addr,
                                      socklen_t addrlen) {
  URING_PRIV_COMPAT_PREP(
      sqe,
      uring_prep_bind(sqe, fd, URING_PTR_CAST(struct sockaddr *, URING_PTR_CAST(uintptr_t, addr)),
                      addrlen));
}
static inline void io_uring_prep_listen(struct io_uring_sqe *sqe, int fd, int backlog) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_listen(sqe, fd, backlog));
}
static inline void io_uring_prep_epoll_ctl(struct io_uring_sqe *sqe, int epfd, int fd, int op,
                                           struct epoll_event *ev) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_epoll_ctl(sqe, epfd, fd, op, ev));
}
static inline void io_uring_prep_epoll_wait(struct io_uring_sqe *sqe, int fd,
                                            struct epoll_event *events, int maxevents,
                                            unsigned flags) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_epoll_wait(sqe, fd, events, maxevents, flags));
}
static inline void io_uring_prep_files_update(struct io_uring_sqe *sqe, int *fds, unsigned nr_fds,
                                              int offset) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_files_update(sqe, fds, nr_fds, offset));
}
static inline void io_uring_prep_fallocate(struct io_uring_sqe *sqe, int fd, int mode, __u64 offset,
                                           __u64 len) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_fallocate(sqe, fd, mode, offset, len));
}
static inline void io_uring_prep_openat(struct io_uring_sqe *sqe, int dfd, const char *path,
                                        int flags, mode_t mode) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_openat(sqe, dfd, path, flags, mode));
}
static inline void io_uring_prep_openat_direct(struct io_uring_sqe *sqe, int dfd, const char *path,
                                               int flags, mode_t mode, unsigned file_index) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_openat_direct(sqe, dfd, path, flags, mode, file_index));
}
static inline void io_uring_prep_open(struct io_uring_sqe *sqe, const char *path, int flags,
                                      mode_t mode) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_openat(sqe, AT_FDCWD, path, flags, mode));
}
static inline void io_uring_prep_open_direct(struct io_uring_sqe *sqe, const char *path, int flags,
                                             mode_t mode, unsigned file_index) {
  URING_PRIV_COMPAT_PREP(sqe,
                         uring_prep_openat_direct(sqe, AT_FDCWD, path, flags, mode, file_index));
}
static inline void io_uring_prep_openat2(struct io_uring_sqe *sqe, int dfd, const char *path,
                                         const struct open_how *how) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_openat2(sqe, dfd, path, how));
}
static inline void io_uring_prep_openat2_direct(struct io_uring_sqe *sqe, int dfd, const char *path,
                                                const struct open_how *how, unsigned file_index) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_openat2_direct(sqe, dfd, path, how, file_index));
}
static inline void io_uring_prep_close(struct io_uring_sqe *sqe, int fd) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_close(sqe, fd));
}
static inline void io_uring_prep_close_direct(struct io_uring_sqe *sqe, unsigned file_index) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_close_direct(sqe, file_index));
}
static inline void io_uring_prep_statx(struct io_uring_sqe *sqe, int dfd, const char *path,
                                       int flags, unsigned mask, struct statx *statxbuf) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_statx(sqe, dfd, path, flags, mask, statxbuf));
}
static inline void io_uring_prep_fadvise(struct io_uring_sqe *sqe, int fd, __u64 offset, __u32 len,
                                         int advice) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_fadvise(sqe, fd, offset, len, advice));
}
static inline void io_uring_prep_madvise(struct io_uring_sqe *sqe, void *addr, __u32 length,
                                         int advice) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_madvise(sqe, addr, length, advice));
}
static inline void io_uring_prep_fadvise64(struct io_uring_sqe *sqe, int fd, __u64 offset,
                                           off_t len, int advice) {
  URING_PRIV_COMPAT_PREP(sqe,
                         uring_prep_fadvise64(sqe, fd, offset, URING_CAST(uint64_t, len), advice));
}
static inline void io_uring_prep_madvise64(struct io_uring_sqe *sqe, void *addr, off_t length,
                                           int advice) {
  URING_PRIV_COMPAT_PREP(sqe,
                         uring_prep_madvise64(sqe, addr, URING_CAST(uint64_t, length), advice));
}
static inline void io_uring_prep_send(struct io_uring_sqe *sqe, int sockfd, const void *buf,
                                      size_t len, int flags) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_send(sqe, sockfd, buf, len, flags));
}
static inline void io_uring_prep_send_bundle(struct io_uring_sqe *sqe, int sockfd, size_t len,
                                             int flags) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_send_bundle(sqe, sockfd, len, flags));
}
static inline void io_uring_prep_send_set_addr(struct io_uring_sqe *sqe,
                                               const struct sockaddr *dest_addr, __u16 addr_len) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_send_set_addr(sqe, dest_addr, addr_len));
}
static inline void io_uring_prep_sendto(struct io_uring_sqe *sqe, int sockfd, const void *buf,
                                        size_t len, int flags, const struct sockaddr *addr,
                                        socklen_t addrlen) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_sendto(sqe, sockfd, buf, len, flags, addr, addrlen));
}
static inline void io_uring_prep_send_zc(struct io_uring_sqe *sqe, int sockfd, const void *buf,
                                         size_t len, int flags, unsigned zc_flags) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_send_zc(sqe, sockfd, buf, len, flags, zc_flags));
}
static inline void io_uring_prep_send_zc_fixed(struct io_uring_sqe *sqe, int sockfd,
                                               const void *buf, size_t len, int flags,
                                               unsigned zc_flags, unsigned buf_index) {
  URING_PRIV_COMPAT_PREP(
      sqe, uring_prep_send_zc_fixed(sqe, sockfd, buf, len, flags, zc_flags, buf_index));
}
static inline void io_uring_prep_recv(struct io_uring_sqe *sqe, int sockfd, void *buf, size_t len,
                                      int flags) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_recv(sqe, sockfd, buf, len, flags));
}
static inline void io_uring_prep_recv_multishot(struct io_uring_sqe *sqe, int sockfd, void *buf,
                                                size_t len, int flags) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_recv_multishot(sqe, sockfd, buf, len, flags));
}
static inline void io_uring_prep_provide_buffers(struct io_uring_sqe *sqe, void *addr, int len,
                                                 int nr, int bgid, int bid) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_provide_buffers(sqe, addr, len, nr, bgid, bid));
}
static inline void io_uring_prep_remove_buffers(struct io_uring_sqe *sqe, int nr, int bgid) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_remove_buffers(sqe, nr, bgid));
}
static inline void io_uring_prep_shutdown(struct io_uring_sqe *sqe, int fd, int how) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_shutdown(sqe, fd, how));
}
static inline void io_uring_prep_unlinkat(struct io_uring_sqe *sqe, int dfd, const char *path,
                                          int flags) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_unlinkat(sqe, dfd, path, flags));
}
static inline void io_uring_prep_unlink(struct io_uring_sqe *sqe, const char *path, int flags) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_unlink(sqe, path, flags));
}
static inline void io_uring_prep_renameat(struct io_uring_sqe *sqe, int olddfd, const char *oldpath,
                                          int newdfd, const char *newpath, unsigned int flags) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_renameat(sqe, olddfd, oldpath, newdfd, newpath, flags));
}
static inline void io_uring_prep_rename(struct io_uring_sqe *sqe, const char *oldpath,
                                        const char *newpath) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_rename(sqe, oldpath, newpath));
}
static inline void io_uring_prep_sync_file_range(struct io_uring_sqe *sqe, int fd, unsigned len,
                                                 __u64 offset, int flags) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_sync_file_range(sqe, fd, len, offset, flags));
}
static inline void io_uring_prep_mkdirat(struct io_uring_sqe *sqe, int dfd, const char *path,
                                         mode_t mode) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_mkdirat(sqe, dfd, path, mode));
}
static inline void io_uring_prep_mkdir(struct io_uring_sqe *sqe, const char *path, mode_t mode) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_mkdir(sqe, path, mode));
}
static inline void io_uring_prep_symlinkat(struct io_uring_sqe *sqe, const char *target,
                                           int newdirfd, const char *linkpath) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_symlinkat(sqe, target, newdirfd, linkpath));
}
static inline void io_uring_prep_symlink(struct io_uring_sqe *sqe, const char *target,
                                         const char *linkpath) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_symlink(sqe, target, linkpath));
}
static inline void io_uring_prep_linkat(struct io_uring_sqe *sqe, int olddfd, const char *oldpath,
                                        int newdfd, const char *newpath, int flags) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_linkat(sqe, olddfd, oldpath, newdfd, newpath, flags));
}
static inline void io_uring_prep_link(struct io_uring_sqe *sqe, const char *oldpath,
                                      const char *newpath, int flags) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_link(sqe, oldpath, newpath, flags));
}
static inline void io_uring_prep_msg_ring(struct io_uring_sqe *sqe, int fd, unsigned int len,
                                          __u64 data, unsigned int flags) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_msg_ring(sqe, fd, len, data, flags));
}
static inline void io_uring_prep_msg_ring_cqe_flags(struct io_uring_sqe *sqe, int fd,
                                                    unsigned int len, __u64 data,
                                                    unsigned int flags, unsigned int cqe_flags) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_msg_ring_cqe_flags(sqe, fd, len, data, flags, cqe_flags));
}
static inline void io_uring_prep_msg_ring_fd(struct io_uring_sqe *sqe, int fd, int source_fd,
                                             int target_fd, __u64 data, unsigned int flags) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_msg_ring_fd(sqe, fd, source_fd, target_fd, data, flags));
}
static inline void io_uring_prep_msg_ring_fd_alloc(struct io_uring_sqe *sqe, int fd, int source_fd,
                                                   __u64 data, unsigned int flags) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_msg_ring_fd_alloc(sqe, fd, source_fd, data, flags));
}
static inline void io_uring_prep_getxattr(struct io_uring_sqe *sqe, const char *name, char *value,
                                          const char *path, unsigned int len) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_getxattr(sqe, name, value, path, len));
}
static inline void io_uring_prep_setxattr(struct io_uring_sqe *sqe, const char *name,
                                          const char *value, const char *path, int flags,
                                          unsigned int len) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_setxattr(sqe, name, value, path, flags, len));
}
static inline void io_uring_prep_fgetxattr(struct io_uring_sqe *sqe, int fd, const char *name,
                                           char *value, unsigned int len) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_fgetxattr(sqe, fd, name, value, len));
}
static inline void io_uring_prep_fsetxattr(struct io_uring_sqe *sqe, int fd, const char *name,
                                           const char *value, int flags, unsigned int len) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_fsetxattr(sqe, fd, name, value, flags, len));
}
static inline void io_uring_prep_socket(struct io_uring_sqe *sqe, int domain, int type,
                                        int protocol, unsigned int flags) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_socket(sqe, domain, type, protocol, flags));
}
static inline void io_uring_prep_socket_direct(struct io_uring_sqe *sqe, int domain, int type,
                                               int protocol, unsigned file_index,
                                               unsigned int flags) {
  URING_PRIV_COMPAT_PREP(sqe,
                         uring_prep_socket_direct(sqe, domain, type, protocol, file_index, flags));
}
static inline void io_uring_prep_socket_direct_alloc(struct io_uring_sqe *sqe, int domain, int type,
                                                     int protocol, unsigned int flags) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_socket_direct_alloc(sqe, domain, type, protocol, flags));
}
static inline void io_uring_prep_uring_cmd(struct io_uring_sqe *sqe, int cmd_op, int fd) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_uring_cmd(sqe, cmd_op, fd));
}
static inline void io_uring_prep_uring_cmd128(struct io_uring_sqe *sqe, int cmd_op, int fd) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_uring_cmd128(sqe, cmd_op, fd));
}
static inline void io_uring_prep_cmd_sock(struct io_uring_sqe *sqe, int cmd_op, int fd, int level,
                                          int optname, void *optval, int optlen) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_cmd_sock(sqe, cmd_op, fd, level, optname, optval, optlen));
}
static inline void io_uring_prep_cmd_getsockname(struct io_uring_sqe *sqe, int fd,
                                                 struct sockaddr *sockaddr, socklen_t *sockaddr_len,
                                                 int peer) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_cmd_getsockname(sqe, fd, sockaddr, sockaddr_len, peer));
}
static inline void io_uring_prep_waitid(struct io_uring_sqe *sqe, idtype_t idtype, id_t id,
                                        siginfo_t *infop, int options, unsigned int flags) {
  URING_PRIV_COMPAT_PREP(
      sqe, uring_prep_waitid(sqe, URING_CAST(int, idtype), id, infop, options, flags));
}
static inline void io_uring_prep_futex_wake(struct io_uring_sqe *sqe, const uint32_t *futex,
                                            uint64_t val, uint64_t mask, uint32_t futex_flags,
                                            unsigned int flags) {
  URING_PRIV_COMPAT_PREP(
      sqe, uring_prep_futex_wake(sqe, URING_PTR_CAST(uint32_t *, URING_PTR_CAST(uintptr_t, futex)),
                                 val, mask, futex_flags, flags));
}
static inline void io_uring_prep_futex_wait(struct io_uring_sqe *sqe, const uint32_t *futex,
                                            uint64_t val, uint64_t mask, uint32_t futex_flags,
                                            unsigned int flags) {
  URING_PRIV_COMPAT_PREP(
      sqe, uring_prep_futex_wait(sqe, URING_PTR_CAST(uint32_t *, URING_PTR_CAST(uintptr_t, futex)),
                                 val, mask, futex_flags, flags));
}
static inline void io_uring_prep_futex_waitv(struct io_uring_sqe *sqe,
                                             const struct futex_waitv *futex, uint32_t nr_futex,
                                             unsigned int flags) {
  URING_PRIV_COMPAT_PREP(
      sqe, uring_prep_futex_waitv(
               sqe, URING_PTR_CAST(struct futex_waitv *, URING_PTR_CAST(uintptr_t, futex)),
               nr_futex, flags));
}
static inline void io_uring_prep_fixed_fd_install(struct io_uring_sqe *sqe, int fd,
                                                  unsigned int flags) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_fixed_fd_install(sqe, fd, flags));
}
static inline void io_uring_prep_ftruncate(struct io_uring_sqe *sqe, int fd, loff_t len) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_ftruncate(sqe, fd, URING_CAST(uint64_t, len)));
}
static inline void io_uring_prep_pipe(struct io_uring_sqe *sqe, int *fds, int pipe_flags) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_pipe(sqe, fds, pipe_flags));
}
static inline void io_uring_prep_pipe_direct(struct io_uring_sqe *sqe, int *fds, int pipe_flags,
                                             unsigned int file_index) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_pipe_direct(sqe, fds, pipe_flags, file_index));
}

/* ---- Provided-buffer rings -------------------------------------------------------------
 * io_uring_setup_buf_ring maps a ring of nentries (a power of two) in anonymous memory
 * this layer maps, registers it as group bgid (5.19) and returns it empty, or NULL with
 * *err the -errno; flags may hold IOU_PBUF_RING_INC (6.12). IOU_PBUF_RING_MMAP is taken
 * off (the ring is in this layer's memory either way). io_uring_free_buf_ring unregisters
 * the group and unmaps the ring, returning the unregister result. The inline calls work on
 * the ring as liburing's: add writes a buffer `buf_offset` past the tail, advance
 * publishes `count` (release store), cq_advance does both that and io_uring_cq_advance,
 * available is tail minus the kernel's head (6.8). */
struct io_uring_buf_ring *io_uring_setup_buf_ring(struct io_uring *ring, unsigned int nentries,
                                                  int bgid, unsigned int flags, int *err);
int io_uring_free_buf_ring(struct io_uring *ring, struct io_uring_buf_ring *br,
                           unsigned int nentries, int bgid);
int io_uring_register_buf_ring(struct io_uring *ring, struct io_uring_buf_reg *reg,
                               unsigned int flags);
int io_uring_unregister_buf_ring(struct io_uring *ring, int bgid);
int io_uring_buf_ring_head(struct io_uring *ring, int buf_group, uint16_t *head);

static inline int io_uring_buf_ring_mask(__u32 ring_entries) {
  return URING_CAST(int, (ring_entries - 1u));
}
static inline void io_uring_buf_ring_init(struct io_uring_buf_ring *br) {
  __atomic_store_n(&br->tail, URING_CAST(uint16_t, 0), __ATOMIC_RELEASE);
}
static inline void io_uring_buf_ring_add(struct io_uring_buf_ring *br, void *addr,
                                         unsigned int len, unsigned short bid, int mask,
                                         int buf_offset) {
  struct uring_buf *buf =
      &br->bufs[URING_CAST(unsigned, (br->tail + buf_offset)) & URING_CAST(unsigned, mask)];
  buf->addr = URING_PTR_TO_U64(addr);
  buf->len = len;
  buf->bid = bid;
}
static inline void io_uring_buf_ring_advance(struct io_uring_buf_ring *br, int count) {
  /* Pairs with the kernel's acquire load of the tail: it sees the entries written before. */
  __atomic_store_n(&br->tail, URING_CAST(uint16_t, (br->tail + count)), __ATOMIC_RELEASE);
}
static inline void io_uring_buf_ring_cq_advance(struct io_uring *ring,
                                                struct io_uring_buf_ring *br, int count) {
  io_uring_buf_ring_advance(br, count);
  io_uring_cq_advance(ring, URING_CAST(unsigned, count));
}
static inline int io_uring_buf_ring_available(struct io_uring *ring, struct io_uring_buf_ring *br,
                                              unsigned short bgid) {
  uint16_t head;
  int ret = io_uring_buf_ring_head(ring, bgid, &head);
  if (ret) return ret;
  return URING_CAST(uint16_t, (__atomic_load_n(&br->tail, __ATOMIC_RELAXED) - head));
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
int io_uring_register_bpf_filter(struct io_uring *ring, struct io_uring_bpf *bpf);
int io_uring_register_bpf_filter_task(struct io_uring_bpf *bpf);
int io_uring_register_query(struct io_uring_query_hdr *query);
int io_uring_resize_rings(struct io_uring *ring, struct io_uring_params *p);

#ifdef __cplusplus
}
#endif

#endif /* URING_COMPAT_LIBURING_H */
