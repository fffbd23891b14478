/* Part of the liburing compatibility layer: include uring/compat/liburing.h, which says what
 * the layer provides and where it differs from liburing. This part: the liburing release it
 * follows, the struct names of <liburing.h> and <linux/io_uring.h>, their constants, and
 * liburing's barrier macros. It is included first, so that it alone refuses to follow
 * either header and takes their include guards.
 */
#ifndef URING_COMPAT_NAMES_H
#define URING_COMPAT_NAMES_H

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
#include <linux/ioctl.h>
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
 * return the two numbers. They answer for the liburing API, not for uring: uring's own
 * queries (uring_major_version, uring_check_version, version.h) report uring's release,
 * 0.1, and a program that asks io_uring_check_version(2, 4) to choose between liburing's
 * calls and a fallback must hear of 2.15, the API it compiles against here. */
#define IO_URING_VERSION_MAJOR 2
#define IO_URING_VERSION_MINOR 15
#define IO_URING_CHECK_VERSION(major, minor)                                                     \
  ((major) > IO_URING_VERSION_MAJOR ||                                                          \
   ((major) == IO_URING_VERSION_MAJOR && (minor) > IO_URING_VERSION_MINOR))
int io_uring_major_version(void);
int io_uring_minor_version(void);
bool io_uring_check_version(int major, int minor);

/* ---- Struct names ----------------------------------------------------------------------
 * The kernel's and liburing's struct tags, naming uring's structs (see the list in
 * uring/compat/liburing.h). */
#define io_uring uring
#define io_uring_sq uring_sq
#define io_uring_cq uring_cq
#define io_uring_sqe uring_sqe
#define io_uring_cqe uring_cqe
#define io_uring_cqe_iter uring_cqe_iter
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
#define io_uring_buf_ring uring_buf_ring
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

/* The block layer's discard command for URING_CMD (<linux/blkdev.h>, 6.12), which
 * io_uring_prep_cmd_discard sets and <liburing.h> defines where the system's headers lack
 * it; spelled as they spell it, so that <linux/blkdev.h> may come later. */
#ifndef BLOCK_URING_CMD_DISCARD
#define BLOCK_URING_CMD_DISCARD _IO(0x12, 0)
#endif

/* user_data of the TIMEOUT SQEs liburing queues for waits on kernels before 5.11; this
 * layer queues none (see uring/compat/liburing.h), but programs compare against it. */
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

#ifdef __cplusplus
}
#endif

#endif /* URING_COMPAT_NAMES_H */
