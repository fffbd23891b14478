/* The io_uring kernel ABI, as uring's own prefixed definitions.
 *
 * Everything the kernel's uapi headers define for io_uring (linux/io_uring.h
 * and linux/io_uring/{zcrx,query,bpf_filter}.h, 7.0, and the block layer's
 * URING_CMD command numbers of linux/blkdev.h), renamed so that this
 * header can sit beside <linux/io_uring.h> or liburing without a clash:
 *   IORING_X -> URING_X,  IOSQE_X -> URING_SQE_X,  IO_URING_X -> URING_X,
 *   struct io_uring_X / io_X -> struct uring_X.
 * Each opcode, setup, feature, enter and register value, and each per-request
 * flag a prep helper sets, carries the kernel release that introduced it, at
 * the start of its comment ("5.19: ..."); tests/versions_test.cc holds the
 * releases the helpers state to these and to the opcode table.
 *
 * Differences from the kernel's spelling, all layout-neutral:
 * - No anonymous structs but the two at the end of struct uring_sqe (which
 *   make its cmd[] a trailing array) and the one in struct uring_buf_ring,
 *   whose bufs[] and tail the application writes as the kernel spells them:
 *   where the kernel nests one in a union, the members sit directly in the
 *   union (they start at the same offset) or the struct gets a name (struct
 *   uring_sqe_sockopt, struct uring_bpf_ctx_socket, ...).
 * - No flexible arrays: probe ops[] and task_restriction restrictions[] are
 *   left out; each struct says where its tail lives, and the ring code provides
 *   accessors. cqe big_cqe[], sqe cmd[] and buf_ring bufs[] are there, as
 *   zero-length arrays (see struct uring_cqe and struct uring_buf_ring).
 * - struct io_uring_clone_buffers is struct uring_clone_buffers_arg: in C++ a
 *   struct and a function of one name (uring_clone_buffers(), register.h) hide
 *   each other, and g++ -Wshadow says so in every program that includes both.
 * - Reserved fields lose the kernel's leading underscores (__resv -> resv),
 *   because identifiers starting with "__" are reserved to the implementation.
 * - Values that the kernel spells as enumerators are macros here, unsigned
 *   where the kernel's use is unsigned.
 *
 * Sizes and offsets are pinned by static asserts at the end of this file and
 * compared against the system's <linux/io_uring.h> and liburing by tests.
 */
#ifndef URING_SYS_ABI_H
#define URING_SYS_ABI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The zero-length arrays below (big_cqe[], cmd[]) and the anonymous structs
 * at the end of struct uring_sqe are extensions in C++ (the structs are C11)
 * that gcc and clang accept quietly where a declaration says __extension__.
 * What that does not reach, the push/pop pair around struct uring_sqe does:
 * clang++'s -Wnested-anon-types and g++'s -Wpedantic objection to a
 * zero-length array inside a union. */
#define URING_PRIV_EXTENSION __extension__
#if defined(__cplusplus) && defined(__clang__)
#define URING_PRIV_DIAG_PUSH \
  _Pragma("clang diagnostic push") _Pragma("clang diagnostic ignored \"-Wnested-anon-types\"")
#define URING_PRIV_DIAG_POP _Pragma("clang diagnostic pop")
#elif defined(__cplusplus) && defined(__GNUC__)
#define URING_PRIV_DIAG_PUSH \
  _Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Wpedantic\"")
#define URING_PRIV_DIAG_POP _Pragma("GCC diagnostic pop")
#else
#define URING_PRIV_DIAG_PUSH
#define URING_PRIV_DIAG_POP
#endif

/* ------------------------------------------------------------------------
 * Submission queue entry (64 bytes; 128 with URING_SETUP_SQE128)
 * ---------------------------------------------------------------------- */

/* sqe->level / sqe->optname for URING_SOCKET_OP_[GS]ETSOCKOPT. */
struct uring_sqe_sockopt {
  uint32_t level;
  uint32_t optname;
};

/* g++ -Wpedantic objects to the zero-length cmd[] inside a union (see struct
 * uring_cqe); nothing else in the struct is affected. */
URING_PRIV_DIAG_PUSH
struct uring_sqe {
  uint8_t opcode;  /* URING_OP_* */
  uint8_t flags;   /* URING_SQE_* */
  uint16_t ioprio; /* ioprio, or per-op flags (URING_RECVSEND_*, URING_ACCEPT_*) */
  int32_t fd;
  union {
    uint64_t off;
    uint64_t addr2;
    uint32_t cmd_op; /* URING_OP_URING_CMD: the low word at offset 8 */
  };
  union {
    uint64_t addr;
    uint64_t splice_off_in;
    struct uring_sqe_sockopt sockopt;
  };
  uint32_t len;
  union {
    int32_t rw_flags; /* RWF_* */
    uint32_t fsync_flags;
    uint16_t poll_events; /* 16-bit poll mask, old kernels */
    uint32_t poll32_events; /* word-swapped on big-endian; see URING_FEAT_POLL_32BITS */
    uint32_t sync_range_flags;
    uint32_t msg_flags;
    uint32_t timeout_flags;
    uint32_t accept_flags;
    uint32_t cancel_flags;
    uint32_t open_flags;
    uint32_t statx_flags;
    uint32_t fadvise_advice;
    uint32_t splice_flags;
    uint32_t rename_flags;
    uint32_t unlink_flags;
    uint32_t hardlink_flags;
    uint32_t xattr_flags;
    uint32_t msg_ring_flags;
    uint32_t uring_cmd_flags;
    uint32_t waitid_flags;
    uint32_t futex_flags;
    uint32_t install_fd_flags;
    uint32_t nop_flags;
    uint32_t pipe_flags;
  };
  uint64_t user_data;
  union {
    uint16_t buf_index; /* fixed buffer index */
    uint16_t buf_group; /* provided buffer group, with URING_SQE_BUFFER_SELECT */
  };
  uint16_t personality;
  union {
    int32_t splice_fd_in;
    uint32_t file_index; /* direct descriptor slot + 1, or URING_FILE_INDEX_ALLOC */
    uint32_t zcrx_ifq_idx;
    uint32_t optlen;
    uint16_t addr_len;
    uint8_t write_stream;
  };
  /* The last 16 bytes, laid out as the kernel's: the union is the struct's
   * last member so that cmd[] is a trailing array, which compilers let a
   * program index past its declared size of zero (an interior one draws
   * gcc's -Wzero-length-bounds / -Warray-bounds at -O2). */
  union {
    URING_PRIV_EXTENSION struct {
      uint64_t addr3;
      uint64_t pad2;
    };
    URING_PRIV_EXTENSION struct {
      uint64_t attr_ptr;       /* struct uring_attr_pi *, with attr_type_mask */
      uint64_t attr_type_mask; /* URING_RW_ATTR_FLAG_* */
    };
    uint64_t optval;
    /* The command area: 16 bytes here, 80 in a 128-byte entry
     * (URING_SETUP_SQE128, or a 128-byte opcode under SQE_MIXED): the
     * uring_cmd payload. */
    URING_PRIV_EXTENSION uint8_t cmd[0];
  };
};
URING_PRIV_DIAG_POP

/* sqe->attr_type_mask (6.14) */
#define URING_RW_ATTR_FLAG_PI (1u << 0)

/* Protection information attribute, pointed to by sqe->attr_ptr. */
struct uring_attr_pi {
  uint16_t flags;
  uint16_t app_tag;
  uint32_t len;
  uint64_t addr;
  uint64_t seed;
  uint64_t rsvd;
};

/* sqe->file_index: let the kernel pick a free direct descriptor slot and
 * return it in cqe->res (-ENFILE when the table is full). */
#define URING_FILE_INDEX_ALLOC (~0u)

/* sqe->flags bit numbers */
#define URING_SQE_FIXED_FILE_BIT 0u
#define URING_SQE_IO_DRAIN_BIT 1u
#define URING_SQE_IO_LINK_BIT 2u
#define URING_SQE_IO_HARDLINK_BIT 3u
#define URING_SQE_ASYNC_BIT 4u
#define URING_SQE_BUFFER_SELECT_BIT 5u
#define URING_SQE_CQE_SKIP_SUCCESS_BIT 6u

/* sqe->flags */
#define URING_SQE_FIXED_FILE (1u << 0)       /* 5.1: fd is a registered file index */
#define URING_SQE_IO_DRAIN (1u << 1)         /* 5.2: start after all earlier requests */
#define URING_SQE_IO_LINK (1u << 2)          /* 5.3: next SQE waits for this one */
#define URING_SQE_IO_HARDLINK (1u << 3)      /* 5.5: link that survives failure */
#define URING_SQE_ASYNC (1u << 4)            /* 5.6: go to io-wq at once */
#define URING_SQE_BUFFER_SELECT (1u << 5)    /* 5.7: pick from sqe->buf_group */
#define URING_SQE_CQE_SKIP_SUCCESS (1u << 6) /* 5.17: no CQE unless it fails */

/* ------------------------------------------------------------------------
 * io_uring_setup(2) flags (params.flags)
 * ---------------------------------------------------------------------- */
#define URING_SETUP_IOPOLL (1u << 0)      /* 5.1: busy-poll for completions */
#define URING_SETUP_SQPOLL (1u << 1)      /* 5.1: kernel thread polls the SQ */
#define URING_SETUP_SQ_AFF (1u << 2)      /* 5.1: sq_thread_cpu is valid */
#define URING_SETUP_CQSIZE (1u << 3)      /* 5.5: cq_entries is valid */
#define URING_SETUP_CLAMP (1u << 4)       /* 5.6: clamp sizes instead of -EINVAL */
#define URING_SETUP_ATTACH_WQ (1u << 5)   /* 5.6: share wq_fd's io-wq */
#define URING_SETUP_R_DISABLED (1u << 6)  /* 5.10: start disabled (ENABLE_RINGS) */
#define URING_SETUP_SUBMIT_ALL (1u << 7)  /* 5.18: keep submitting after an error */
#define URING_SETUP_COOP_TASKRUN (1u << 8) /* 5.19: no IPI to run task work */
#define URING_SETUP_TASKRUN_FLAG (1u << 9) /* 5.19: set URING_SQ_TASKRUN when work waits */
#define URING_SETUP_SQE128 (1u << 10)     /* 5.19: 128-byte SQEs */
#define URING_SETUP_CQE32 (1u << 11)      /* 5.19: 32-byte CQEs */
#define URING_SETUP_SINGLE_ISSUER (1u << 12) /* 6.0: one task submits */
#define URING_SETUP_DEFER_TASKRUN (1u << 13) /* 6.1: task work only when waiting */
#define URING_SETUP_NO_MMAP (1u << 14)    /* 6.5: the application provides ring memory */
#define URING_SETUP_REGISTERED_FD_ONLY (1u << 15) /* 6.5: return a registered ring index */
#define URING_SETUP_NO_SQARRAY (1u << 16) /* 6.6: no SQ index array */
#define URING_SETUP_HYBRID_IOPOLL (1u << 17) /* 6.13: sleep, then poll */
#define URING_SETUP_CQE_MIXED (1u << 18)  /* 6.18: 16- and 32-byte CQEs (URING_CQE_F_32) */
#define URING_SETUP_SQE_MIXED (1u << 19)  /* 6.19: 64- and 128-byte SQEs (the *128 opcodes) */
/* 7.0: SQEs always start at index 0 of the SQE array; the kernel ignores
 * the SQ head and tail, which must stay 0. Needs NO_SQARRAY, not SQPOLL. */
#define URING_SETUP_SQ_REWIND (1u << 20)

/* ------------------------------------------------------------------------
 * Opcodes (sqe->opcode)
 * ---------------------------------------------------------------------- */
#define URING_OP_NOP 0u               /* 5.1 */
#define URING_OP_READV 1u             /* 5.1 */
#define URING_OP_WRITEV 2u            /* 5.1 */
#define URING_OP_FSYNC 3u             /* 5.1 */
#define URING_OP_READ_FIXED 4u        /* 5.1 */
#define URING_OP_WRITE_FIXED 5u       /* 5.1 */
#define URING_OP_POLL_ADD 6u          /* 5.1 */
#define URING_OP_POLL_REMOVE 7u       /* 5.1 */
#define URING_OP_SYNC_FILE_RANGE 8u   /* 5.2 */
#define URING_OP_SENDMSG 9u           /* 5.3 */
#define URING_OP_RECVMSG 10u          /* 5.3 */
#define URING_OP_TIMEOUT 11u          /* 5.4 */
#define URING_OP_TIMEOUT_REMOVE 12u   /* 5.5 */
#define URING_OP_ACCEPT 13u           /* 5.5 */
#define URING_OP_ASYNC_CANCEL 14u     /* 5.5 */
#define URING_OP_LINK_TIMEOUT 15u     /* 5.5 */
#define URING_OP_CONNECT 16u          /* 5.5 */
#define URING_OP_FALLOCATE 17u        /* 5.6 */
#define URING_OP_OPENAT 18u           /* 5.6 */
#define URING_OP_CLOSE 19u            /* 5.6 */
#define URING_OP_FILES_UPDATE 20u     /* 5.6 */
#define URING_OP_STATX 21u            /* 5.6 */
#define URING_OP_READ 22u             /* 5.6 */
#define URING_OP_WRITE 23u            /* 5.6 */
#define URING_OP_FADVISE 24u          /* 5.6 */
#define URING_OP_MADVISE 25u          /* 5.6 */
#define URING_OP_SEND 26u             /* 5.6 */
#define URING_OP_RECV 27u             /* 5.6 */
#define URING_OP_OPENAT2 28u          /* 5.6 */
#define URING_OP_EPOLL_CTL 29u        /* 5.6 */
#define URING_OP_SPLICE 30u           /* 5.7 */
#define URING_OP_PROVIDE_BUFFERS 31u  /* 5.7 */
#define URING_OP_REMOVE_BUFFERS 32u   /* 5.7 */
#define URING_OP_TEE 33u              /* 5.8 */
#define URING_OP_SHUTDOWN 34u         /* 5.11 */
#define URING_OP_RENAMEAT 35u         /* 5.11 */
#define URING_OP_UNLINKAT 36u         /* 5.11 */
#define URING_OP_MKDIRAT 37u          /* 5.15 */
#define URING_OP_SYMLINKAT 38u        /* 5.15 */
#define URING_OP_LINKAT 39u           /* 5.15 */
#define URING_OP_MSG_RING 40u         /* 5.18 */
#define URING_OP_FSETXATTR 41u        /* 5.19 */
#define URING_OP_SETXATTR 42u         /* 5.19 */
#define URING_OP_FGETXATTR 43u        /* 5.19 */
#define URING_OP_GETXATTR 44u         /* 5.19 */
#define URING_OP_SOCKET 45u           /* 5.19 */
#define URING_OP_URING_CMD 46u        /* 5.19 */
#define URING_OP_SEND_ZC 47u          /* 6.0 */
#define URING_OP_SENDMSG_ZC 48u       /* 6.1 */
#define URING_OP_READ_MULTISHOT 49u   /* 6.7 */
#define URING_OP_WAITID 50u           /* 6.7 */
#define URING_OP_FUTEX_WAIT 51u       /* 6.7 */
#define URING_OP_FUTEX_WAKE 52u       /* 6.7 */
#define URING_OP_FUTEX_WAITV 53u      /* 6.7 */
#define URING_OP_FIXED_FD_INSTALL 54u /* 6.8 */
#define URING_OP_FTRUNCATE 55u        /* 6.9 */
#define URING_OP_BIND 56u             /* 6.11 */
#define URING_OP_LISTEN 57u           /* 6.11 */
#define URING_OP_RECV_ZC 58u          /* 6.15 */
#define URING_OP_EPOLL_WAIT 59u       /* 6.15 */
#define URING_OP_READV_FIXED 60u      /* 6.15 */
#define URING_OP_WRITEV_FIXED 61u     /* 6.15 */
#define URING_OP_PIPE 62u             /* 6.16 */
#define URING_OP_NOP128 63u           /* 6.19: 128-byte SQE under SQE_MIXED */
#define URING_OP_URING_CMD128 64u     /* 6.19: 128-byte SQE under SQE_MIXED */
#define URING_OP_LAST 65u             /* one past the highest opcode */

/* sqe->uring_cmd_flags; the top 8 bits belong to the kernel. */
#define URING_URING_CMD_FIXED (1u << 0)     /* 6.1: use registered buffer buf_index */
#define URING_URING_CMD_MULTISHOT (1u << 1) /* 6.18: not with CMD_FIXED */
#define URING_URING_CMD_MASK (URING_URING_CMD_FIXED | URING_URING_CMD_MULTISHOT)

/* sqe->fsync_flags */
#define URING_FSYNC_DATASYNC (1u << 0)

/* sqe->timeout_flags */
#define URING_TIMEOUT_ABS (1u << 0)           /* 5.4 */
#define URING_TIMEOUT_UPDATE (1u << 1)        /* 5.11: TIMEOUT_REMOVE re-arms instead */
#define URING_TIMEOUT_BOOTTIME (1u << 2)      /* 5.15 */
#define URING_TIMEOUT_REALTIME (1u << 3)      /* 5.15 */
#define URING_LINK_TIMEOUT_UPDATE (1u << 4)   /* 5.15 */
#define URING_TIMEOUT_ETIME_SUCCESS (1u << 5) /* 5.16 */
#define URING_TIMEOUT_MULTISHOT (1u << 6)     /* 6.4 */
/* sqe->addr holds the timeout in nanoseconds, not a timespec pointer. */
#define URING_TIMEOUT_IMMEDIATE_ARG (1u << 7)
#define URING_TIMEOUT_CLOCK_MASK (URING_TIMEOUT_BOOTTIME | URING_TIMEOUT_REALTIME)
#define URING_TIMEOUT_UPDATE_MASK (URING_TIMEOUT_UPDATE | URING_LINK_TIMEOUT_UPDATE)

/* sqe->splice_flags: splice(2) flags plus this one (splice_fd_in is fixed). */
#define URING_SPLICE_F_FD_IN_FIXED (1u << 31)

/* POLL_ADD / POLL_REMOVE command flags, in sqe->len (poll_events holds the
 * event mask). */
#define URING_POLL_ADD_MULTI (1u << 0)        /* 5.13 */
#define URING_POLL_UPDATE_EVENTS (1u << 1)    /* 5.13 */
#define URING_POLL_UPDATE_USER_DATA (1u << 2) /* 5.13 */
#define URING_POLL_ADD_LEVEL (1u << 3)

/* sqe->cancel_flags (ASYNC_CANCEL and URING_REGISTER_SYNC_CANCEL) */
#define URING_ASYNC_CANCEL_ALL (1u << 0)      /* 5.19 */
#define URING_ASYNC_CANCEL_FD (1u << 1)       /* 5.19 */
#define URING_ASYNC_CANCEL_ANY (1u << 2)      /* 5.19 */
#define URING_ASYNC_CANCEL_FD_FIXED (1u << 3) /* 6.0 */
#define URING_ASYNC_CANCEL_USERDATA (1u << 4) /* 6.6 */
#define URING_ASYNC_CANCEL_OP (1u << 5)       /* 6.6 */

/* send/sendmsg/recv/recvmsg flags, in sqe->ioprio */
#define URING_RECVSEND_POLL_FIRST (1u << 0)
#define URING_RECV_MULTISHOT (1u << 1)     /* 6.0 */
#define URING_RECVSEND_FIXED_BUF (1u << 2) /* 6.0 */
#define URING_SEND_ZC_REPORT_USAGE (1u << 3)
#define URING_RECVSEND_BUNDLE (1u << 4)    /* 6.10 */
#define URING_SEND_VECTORIZED (1u << 5) /* SEND[_ZC] takes an iovec array */

/* cqe->res of a URING_CQE_F_NOTIF completion with SEND_ZC_REPORT_USAGE:
 * set when the data was (at least partly) copied. Other bits reserved. */
#define URING_NOTIF_USAGE_ZC_COPIED (1u << 31)

/* accept flags, in sqe->ioprio */
#define URING_ACCEPT_MULTISHOT (1u << 0) /* 5.19 */
#define URING_ACCEPT_DONTWAIT (1u << 1)
#define URING_ACCEPT_POLL_FIRST (1u << 2)

/* URING_OP_MSG_RING command, in sqe->addr */
#define URING_MSG_DATA 0u    /* 5.18: post sqe->len as res, sqe->off as user_data */
#define URING_MSG_SEND_FD 1u /* 6.0: pass a direct descriptor to the target ring */

/* sqe->msg_ring_flags */
#define URING_MSG_RING_CQE_SKIP (1u << 0)   /* 6.1: no CQE on the target ring */
#define URING_MSG_RING_FLAGS_PASS (1u << 1) /* 6.3: sqe->file_index -> target cqe->flags */

/* sqe->install_fd_flags (FIXED_FD_INSTALL) */
#define URING_FIXED_FD_NO_CLOEXEC (1u << 0)

/* sqe->nop_flags */
#define URING_NOP_INJECT_RESULT (1u << 0) /* 6.10: complete with sqe->len as res */
#define URING_NOP_FILE (1u << 1)
#define URING_NOP_FIXED_FILE (1u << 2)
#define URING_NOP_FIXED_BUFFER (1u << 3)
#define URING_NOP_TW (1u << 4)
#define URING_NOP_CQE32 (1u << 5)

/* ------------------------------------------------------------------------
 * Completion queue entry (16 bytes; 32 with CQE32 or an F_32 entry)
 * ---------------------------------------------------------------------- */
struct uring_cqe {
  uint64_t user_data;
  int32_t res;
  uint32_t flags; /* URING_CQE_F_* */
  /* The 16 extra bytes of a 32-byte CQE (URING_SETUP_CQE32, or a
   * URING_CQE_F_32 entry under CQE_MIXED); nothing in a 16-byte one. Also
   * uring_cqe_big() (cq.h) and struct uring_cqe32.
   *
   * The kernel declares big_cqe[] as a flexible array and sqe->cmd[] as a
   * zero-length one. Here both are GNU zero-length arrays marked
   * __extension__, which keep sizeof at 16 and 64 and compile without a
   * warning under -Wpedantic as C11, C17 and C++11/17 with gcc and clang. A
   * flexible array would not: C forbids arrays of structs that end in one
   * (gcc and clang warn at every `struct uring_cqe out[16]`, the argument
   * uring_copy_cqes takes), and g++ rejects such a struct as a member before
   * another. What remains is g++'s, in C++ with -Wpedantic only: it warns
   * where a program's own struct holds a struct uring_cqe before further
   * members (put it last), or holds a struct uring_sqe at all (a zero-length
   * array in a union; wrap that struct in URING_PRIV_DIAG_PUSH/POP as
   * uring/mock/mock.h does, or keep SQEs out of your structs). liburing's
   * structs, the kernel's, draw the same warnings, the first as an error.
   * And where a flexible array would be skipped quietly, a brace list that
   * stops before the array (`struct uring_cqe c = {ud, res, flags}`) draws
   * -Wmissing-field-initializers (-Wextra) from clang and g++: assign the
   * fields, or use designated initializers in C. */
  URING_PRIV_EXTENSION uint64_t big_cqe[0];
};

/* The 32-byte CQE of URING_SETUP_CQE32, or of a URING_CQE_F_32 entry under
 * URING_SETUP_CQE_MIXED. */
struct uring_cqe32 {
  uint64_t user_data;
  int32_t res;
  uint32_t flags;
  uint64_t big_cqe[2];
};

/* cqe->flags */
#define URING_CQE_F_BUFFER (1u << 0)        /* 5.7: upper 16 bits hold the buffer id */
#define URING_CQE_F_MORE (1u << 1)          /* 5.13: more CQEs follow for this SQE */
#define URING_CQE_F_SOCK_NONEMPTY (1u << 2) /* 5.19: more data to read */
#define URING_CQE_F_NOTIF (1u << 3)         /* 6.0: zero-copy notification */
#define URING_CQE_F_BUF_MORE (1u << 4)      /* 6.12: incremental buffer not used up */
#define URING_CQE_F_SKIP (1u << 5)          /* 6.18: padding entry, skip it */
#define URING_CQE_F_32 (1u << 15)           /* 6.18: 32-byte entry in a mixed CQ */

#define URING_CQE_BUFFER_SHIFT 16

/* ------------------------------------------------------------------------
 * mmap(2) offsets and ring layout
 * ---------------------------------------------------------------------- */
#define URING_OFF_SQ_RING 0ull
#define URING_OFF_CQ_RING 0x8000000ull
#define URING_OFF_SQES 0x10000000ull
#define URING_OFF_PBUF_RING 0x80000000ull /* | (bgid << URING_OFF_PBUF_SHIFT) */
#define URING_OFF_PBUF_SHIFT 16
#define URING_OFF_MMAP_MASK 0xf8000000ull

/* Offsets of the SQ ring fields in the SQ ring mapping. */
struct uring_sqring_offsets {
  uint32_t head;
  uint32_t tail;
  uint32_t ring_mask;
  uint32_t ring_entries;
  uint32_t flags;
  uint32_t dropped;
  uint32_t array;
  uint32_t resv1;
  uint64_t user_addr; /* ring memory, with URING_SETUP_NO_MMAP */
};

/* SQ ring flags word */
#define URING_SQ_NEED_WAKEUP (1u << 0) /* SQPOLL thread sleeps: enter with SQ_WAKEUP */
#define URING_SQ_CQ_OVERFLOW (1u << 1) /* CQ overflowed: enter to flush */
#define URING_SQ_TASKRUN (1u << 2)     /* task work pending: enter to run it */

/* Offsets of the CQ ring fields in the CQ ring mapping. */
struct uring_cqring_offsets {
  uint32_t head;
  uint32_t tail;
  uint32_t ring_mask;
  uint32_t ring_entries;
  uint32_t overflow;
  uint32_t cqes;
  uint32_t flags;
  uint32_t resv1;
  uint64_t user_addr; /* ring memory, with URING_SETUP_NO_MMAP */
};

/* CQ ring flags word */
#define URING_CQ_EVENTFD_DISABLED (1u << 0) /* 5.8 */

/* ------------------------------------------------------------------------
 * io_uring_enter(2) flags
 * ---------------------------------------------------------------------- */
#define URING_ENTER_GETEVENTS (1u << 0)       /* 5.1 */
#define URING_ENTER_SQ_WAKEUP (1u << 1)       /* 5.1 */
#define URING_ENTER_SQ_WAIT (1u << 2)         /* 5.10: wait for SQ space (SQPOLL) */
#define URING_ENTER_EXT_ARG (1u << 3)         /* 5.11: arg is struct uring_getevents_arg */
#define URING_ENTER_REGISTERED_RING (1u << 4) /* 5.18: fd is a registered ring index */
#define URING_ENTER_ABS_TIMER (1u << 5)       /* 6.12: timeout is absolute */
#define URING_ENTER_EXT_ARG_REG (1u << 6)     /* 6.13: arg indexes a registered wait region */
#define URING_ENTER_NO_IOWAIT (1u << 7)       /* 6.15: don't account the wait as iowait */

/* ------------------------------------------------------------------------
 * io_uring_setup(2) parameters
 * ---------------------------------------------------------------------- */
struct uring_params {
  uint32_t sq_entries;
  uint32_t cq_entries;
  uint32_t flags; /* URING_SETUP_* */
  uint32_t sq_thread_cpu;
  uint32_t sq_thread_idle; /* milliseconds */
  uint32_t features;       /* URING_FEAT_*, filled in by the kernel */
  uint32_t wq_fd;          /* with URING_SETUP_ATTACH_WQ */
  uint32_t resv[3];
  struct uring_sqring_offsets sq_off;
  struct uring_cqring_offsets cq_off;
};

/* params.features */
#define URING_FEAT_SINGLE_MMAP (1u << 0)      /* 5.4: SQ and CQ rings share one mapping */
#define URING_FEAT_NODROP (1u << 1)           /* 5.5: CQ overflow is kept, not dropped */
#define URING_FEAT_SUBMIT_STABLE (1u << 2)    /* 5.5 */
#define URING_FEAT_RW_CUR_POS (1u << 3)       /* 5.6: off == -1 uses the file position */
#define URING_FEAT_CUR_PERSONALITY (1u << 4)  /* 5.6 */
#define URING_FEAT_FAST_POLL (1u << 5)        /* 5.7 */
#define URING_FEAT_POLL_32BITS (1u << 6)      /* 5.9 */
#define URING_FEAT_SQPOLL_NONFIXED (1u << 7)  /* 5.11 */
#define URING_FEAT_EXT_ARG (1u << 8)          /* 5.11 */
#define URING_FEAT_NATIVE_WORKERS (1u << 9)   /* 5.12 */
#define URING_FEAT_RSRC_TAGS (1u << 10)       /* 5.13 */
#define URING_FEAT_CQE_SKIP (1u << 11)        /* 5.17 */
#define URING_FEAT_LINKED_FILE (1u << 12)     /* 5.18 */
#define URING_FEAT_REG_REG_RING (1u << 13)    /* 6.3 */
#define URING_FEAT_RECVSEND_BUNDLE (1u << 14) /* 6.10 */
#define URING_FEAT_MIN_TIMEOUT (1u << 15)     /* 6.12 */
#define URING_FEAT_RW_ATTR (1u << 16)         /* 6.14 */
#define URING_FEAT_NO_IOWAIT (1u << 17)       /* 6.15 */

/* ------------------------------------------------------------------------
 * io_uring_register(2) opcodes
 * ---------------------------------------------------------------------- */
#define URING_REGISTER_BUFFERS 0u            /* 5.1 */
#define URING_UNREGISTER_BUFFERS 1u          /* 5.1 */
#define URING_REGISTER_FILES 2u              /* 5.1 */
#define URING_UNREGISTER_FILES 3u            /* 5.1 */
#define URING_REGISTER_EVENTFD 4u            /* 5.2 */
#define URING_UNREGISTER_EVENTFD 5u          /* 5.2 */
#define URING_REGISTER_FILES_UPDATE 6u       /* 5.5 */
#define URING_REGISTER_EVENTFD_ASYNC 7u      /* 5.6 */
#define URING_REGISTER_PROBE 8u              /* 5.6 */
#define URING_REGISTER_PERSONALITY 9u        /* 5.6 */
#define URING_UNREGISTER_PERSONALITY 10u     /* 5.6 */
#define URING_REGISTER_RESTRICTIONS 11u      /* 5.10 */
#define URING_REGISTER_ENABLE_RINGS 12u      /* 5.10 */
#define URING_REGISTER_FILES2 13u            /* 5.13: with tags */
#define URING_REGISTER_FILES_UPDATE2 14u     /* 5.13 */
#define URING_REGISTER_BUFFERS2 15u          /* 5.13 */
#define URING_REGISTER_BUFFERS_UPDATE 16u    /* 5.13 */
#define URING_REGISTER_IOWQ_AFF 17u          /* 5.14 */
#define URING_UNREGISTER_IOWQ_AFF 18u        /* 5.14 */
#define URING_REGISTER_IOWQ_MAX_WORKERS 19u  /* 5.15 */
#define URING_REGISTER_RING_FDS 20u          /* 5.18 */
#define URING_UNREGISTER_RING_FDS 21u        /* 5.18 */
#define URING_REGISTER_PBUF_RING 22u         /* 5.19 */
#define URING_UNREGISTER_PBUF_RING 23u       /* 5.19 */
#define URING_REGISTER_SYNC_CANCEL 24u       /* 6.0 */
#define URING_REGISTER_FILE_ALLOC_RANGE 25u  /* 6.0 */
#define URING_REGISTER_PBUF_STATUS 26u       /* 6.8 */
#define URING_REGISTER_NAPI 27u              /* 6.9 */
#define URING_UNREGISTER_NAPI 28u            /* 6.9 */
#define URING_REGISTER_CLOCK 29u             /* 6.12 */
#define URING_REGISTER_CLONE_BUFFERS 30u     /* 6.12 */
#define URING_REGISTER_SEND_MSG_RING 31u     /* 6.13: MSG_RING without a ring (fd -1) */
#define URING_REGISTER_ZCRX_IFQ 32u          /* 6.15 */
#define URING_REGISTER_RESIZE_RINGS 33u      /* 6.13 */
#define URING_REGISTER_MEM_REGION 34u        /* 6.13 */
#define URING_REGISTER_QUERY 35u             /* 6.18: works without a ring (fd -1) */
#define URING_REGISTER_ZCRX_CTRL 36u         /* 6.19 */
#define URING_REGISTER_BPF_FILTER 37u        /* 7.0 */
#define URING_REGISTER_LAST 38u              /* one past the highest register opcode */
/* 6.3: or'ed into the opcode when fd is a registered ring index */
#define URING_REGISTER_USE_REGISTERED_RING (1u << 31)

/* io-wq worker classes: index into the URING_REGISTER_IOWQ_MAX_WORKERS array */
#define URING_IO_WQ_BOUND 0u
#define URING_IO_WQ_UNBOUND 1u

/* URING_REGISTER_FILES_UPDATE argument (superseded by uring_rsrc_update). */
struct uring_files_update {
  uint32_t offset;
  uint32_t resv;
  uint64_t fds; /* int32_t * */
};

/* struct uring_region_desc.flags */
#define URING_MEM_REGION_TYPE_USER 1u /* memory at user_addr */

struct uring_region_desc {
  uint64_t user_addr;
  uint64_t size;
  uint32_t flags;
  uint32_t id;
  uint64_t mmap_offset;
  uint64_t resv[4];
};

/* struct uring_mem_region_reg.flags */
#define URING_MEM_REGION_REG_WAIT_ARG 1u /* region holds uring_reg_wait entries */

/* URING_REGISTER_MEM_REGION argument */
struct uring_mem_region_reg {
  uint64_t region_uptr; /* struct uring_region_desc * */
  uint64_t flags;
  uint64_t resv[2];
};

/* struct uring_rsrc_register.flags: sparse table of nr empty slots */
#define URING_RSRC_REGISTER_SPARSE (1u << 0) /* 5.19 */

/* URING_REGISTER_FILES2 / BUFFERS2 argument */
struct uring_rsrc_register {
  uint32_t nr;
  uint32_t flags;
  uint64_t resv2;
  uint64_t data;
  uint64_t tags;
};

struct uring_rsrc_update {
  uint32_t offset;
  uint32_t resv;
  uint64_t data;
};

/* URING_REGISTER_FILES_UPDATE2 / BUFFERS_UPDATE argument */
struct uring_rsrc_update2 {
  uint32_t offset;
  uint32_t resv;
  uint64_t data;
  uint64_t tags;
  uint32_t nr;
  uint32_t resv2;
};

/* In a files update, leave the slot as it is. */
#define URING_REGISTER_FILES_SKIP (-2)

/* struct uring_probe_op.flags */
#define URING_OP_SUPPORTED (1u << 0)

struct uring_probe_op {
  uint8_t op;
  uint8_t resv;
  uint16_t flags; /* URING_OP_SUPPORTED */
  uint32_t resv2;
};

/* URING_REGISTER_PROBE argument: this header, then ops_len entries of
 * struct uring_probe_op (the kernel's ops[]) right after it. */
struct uring_probe {
  uint8_t last_op; /* highest opcode the kernel knows */
  uint8_t ops_len;
  uint16_t resv;
  uint32_t resv2[3];
};

/* URING_REGISTER_RESTRICTIONS entry */
struct uring_restriction {
  uint16_t opcode; /* URING_RESTRICTION_* */
  union {
    uint8_t register_op; /* URING_RESTRICTION_REGISTER_OP */
    uint8_t sqe_op;      /* URING_RESTRICTION_SQE_OP */
    uint8_t sqe_flags;   /* URING_RESTRICTION_SQE_FLAGS_* */
  };
  uint8_t resv;
  uint32_t resv2[3];
};

/* Restrictions for the current task, registered without a ring (fd -1):
 * this header, then nr_res struct uring_restriction entries (the kernel's
 * restrictions[]). */
struct uring_task_restriction {
  uint16_t flags;
  uint16_t nr_res;
  uint32_t resv[3];
};

/* URING_REGISTER_CLOCK argument */
struct uring_clock_register {
  uint32_t clockid; /* CLOCK_MONOTONIC or CLOCK_BOOTTIME */
  uint32_t resv[3];
};

/* struct uring_clone_buffers_arg.flags */
#define URING_REGISTER_SRC_REGISTERED (1u << 0) /* src_fd is a registered ring index */
#define URING_REGISTER_DST_REPLACE (1u << 1)    /* replace existing buffers */

/* URING_REGISTER_CLONE_BUFFERS argument */
struct uring_clone_buffers_arg {
  uint32_t src_fd;
  uint32_t flags;
  uint32_t src_off;
  uint32_t dst_off;
  uint32_t nr;
  uint32_t pad[3];
};

/* One provided buffer in a buffer ring. */
struct uring_buf {
  uint64_t addr;
  uint32_t len;
  uint16_t bid;
  uint16_t resv;
};

/* A provided-buffer ring: an array of struct uring_buf, bufs[0] to
 * bufs[entries - 1], starting at the ring's address. The ring tail overlays
 * entry 0's resv field, as in the kernel's struct: write entries' addr, len
 * and bid, never their resv, and publish the tail with a release store
 * (uring_buf_ring_advance). The union with an anonymous struct and the
 * zero-length array are the one place this header leaves ISO C and C++: the
 * kernel's bufs[] and tail are both meant to be written by name, and nothing
 * else gives them their shared first 16 bytes. The pragmas keep -Wpedantic
 * quiet for this definition only. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"
struct uring_buf_ring {
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
#pragma GCC diagnostic pop

/* struct uring_buf_reg.flags */
#define URING_PBUF_RING_MMAP 1u /* 6.4: kernel allocates; mmap URING_OFF_PBUF_RING */
#define URING_PBUF_RING_INC 2u  /* 6.12: buffers may be consumed incrementally */

/* URING_REGISTER_PBUF_RING / UNREGISTER_PBUF_RING argument */
struct uring_buf_reg {
  uint64_t ring_addr;
  uint32_t ring_entries;
  uint16_t bgid;
  uint16_t flags;
  uint32_t min_left;
  uint32_t resv[5];
};

/* URING_REGISTER_PBUF_STATUS argument */
struct uring_buf_status {
  uint32_t buf_group; /* in */
  uint32_t head;      /* out */
  uint32_t resv[8];
};

/* struct uring_napi.opcode */
#define URING_NAPI_REGISTER_OP 0u
#define URING_NAPI_STATIC_ADD_ID 1u
#define URING_NAPI_STATIC_DEL_ID 2u

/* struct uring_napi.op_param for URING_NAPI_REGISTER_OP */
#define URING_NAPI_TRACKING_DYNAMIC 0u
#define URING_NAPI_TRACKING_STATIC 1u
#define URING_NAPI_TRACKING_INACTIVE 255u

/* URING_REGISTER_NAPI / UNREGISTER_NAPI argument */
struct uring_napi {
  uint32_t busy_poll_to; /* microseconds */
  uint8_t prefer_busy_poll;
  uint8_t opcode; /* URING_NAPI_*_OP / *_ID */
  uint8_t pad[2];
  uint32_t op_param; /* tracking strategy, or a napi id */
  uint32_t resv;
};

/* struct uring_restriction.opcode */
#define URING_RESTRICTION_REGISTER_OP 0u
#define URING_RESTRICTION_SQE_OP 1u
#define URING_RESTRICTION_SQE_FLAGS_ALLOWED 2u
#define URING_RESTRICTION_SQE_FLAGS_REQUIRED 3u
#define URING_RESTRICTION_LAST 4u

/* __kernel_timespec */
struct uring_timespec {
  int64_t tv_sec;
  int64_t tv_nsec;
};

/* struct uring_reg_wait.flags */
#define URING_REG_WAIT_TS (1u << 0)

/* A wait argument in a registered wait region (URING_ENTER_EXT_ARG_REG). */
struct uring_reg_wait {
  struct uring_timespec ts;
  uint32_t min_wait_usec;
  uint32_t flags;
  uint64_t sigmask;
  uint32_t sigmask_sz;
  uint32_t pad[3];
  uint64_t pad2[2];
};

/* io_uring_enter(2) argument with URING_ENTER_EXT_ARG */
struct uring_getevents_arg {
  uint64_t sigmask;
  uint32_t sigmask_sz;
  uint32_t min_wait_usec;
  uint64_t ts; /* struct uring_timespec * */
};

/* URING_REGISTER_SYNC_CANCEL argument */
struct uring_sync_cancel_reg {
  uint64_t addr;
  int32_t fd;
  uint32_t flags; /* URING_ASYNC_CANCEL_* */
  struct uring_timespec timeout;
  uint8_t opcode;
  uint8_t pad[7];
  uint64_t pad2[3];
};

/* URING_REGISTER_FILE_ALLOC_RANGE argument: slots [off, off + len) */
struct uring_file_index_range {
  uint32_t off;
  uint32_t len;
  uint64_t resv;
};

/* Header at the start of each multishot recvmsg buffer. */
struct uring_recvmsg_out {
  uint32_t namelen;
  uint32_t controllen;
  uint32_t payloadlen;
  uint32_t flags;
};

/* sqe->cmd_op for URING_OP_URING_CMD on a socket */
#define URING_SOCKET_OP_SIOCINQ 0u      /* 6.7 */
#define URING_SOCKET_OP_SIOCOUTQ 1u     /* 6.7 */
#define URING_SOCKET_OP_GETSOCKOPT 2u   /* 6.7 */
#define URING_SOCKET_OP_SETSOCKOPT 3u   /* 6.7 */
#define URING_SOCKET_OP_TX_TIMESTAMP 4u /* 6.17 */
#define URING_SOCKET_OP_GETSOCKNAME 5u  /* 6.19 */

/* URING_SOCKET_OP_TX_TIMESTAMP: cqe->flags bit 16 says hardware, the
 * timestamp type starts at bit 17, the time is in the CQE32 tail as a
 * struct uring_io_timespec. */
#define URING_TIMESTAMP_HW_SHIFT 16
#define URING_TIMESTAMP_TYPE_SHIFT (URING_TIMESTAMP_HW_SHIFT + 1)
#define URING_CQE_F_TSTAMP_HW ((uint32_t)1 << URING_TIMESTAMP_HW_SHIFT)

/* The kernel's struct io_timespec (unsigned fields, unlike uring_timespec). */
struct uring_io_timespec {
  uint64_t tv_sec;
  uint64_t tv_nsec;
};

/* ------------------------------------------------------------------------
 * Zero-copy receive (linux/io_uring/zcrx.h)
 * ---------------------------------------------------------------------- */

/* Refill queue entry */
struct uring_zcrx_rqe {
  uint64_t off;
  uint32_t len;
  uint32_t pad;
};

/* The CQE32 tail of a RECV_ZC completion */
struct uring_zcrx_cqe {
  uint64_t off;
  uint64_t pad;
};

/* The area id is encoded in the offsets from this bit up. */
#define URING_ZCRX_AREA_SHIFT 48
#define URING_ZCRX_AREA_MASK (~(((uint64_t)1 << URING_ZCRX_AREA_SHIFT) - 1))

struct uring_zcrx_offsets {
  uint32_t head;
  uint32_t tail;
  uint32_t rqes;
  uint32_t resv2;
  uint64_t resv[2];
};

/* struct uring_zcrx_area_reg.flags */
#define URING_ZCRX_AREA_DMABUF 1u

struct uring_zcrx_area_reg {
  uint64_t addr;
  uint64_t len;
  uint64_t rq_area_token;
  uint32_t flags;
  uint32_t dmabuf_fd;
  uint64_t resv2[2];
};

/* struct uring_zcrx_ifq_reg.flags */
#define URING_ZCRX_REG_IMPORT 1u
#define URING_ZCRX_REG_NODEV 2u /* no net device: all data is copied */

/* struct uring_query_zcrx.features */
#define URING_ZCRX_FEATURE_RX_PAGE_SIZE (1u << 0) /* rx_buf_len is honoured */
#define URING_ZCRX_FEATURE_EVENT (1u << 1)

/* zcrx event types (bit numbers in uring_zcrx_event_desc.type_mask) */
#define URING_ZCRX_EVENT_ALLOC_FAIL 0u
#define URING_ZCRX_EVENT_COPY 1u
#define URING_ZCRX_EVENT_TYPE_LAST 2u

/* struct uring_zcrx_event_desc.flags */
#define URING_ZCRX_EVENT_DESC_FLAG_STATS (1u << 0) /* stats_offset is valid */

struct uring_zcrx_stats {
  uint64_t copy_count;
  uint64_t copy_bytes;
};

struct uring_zcrx_event_desc {
  uint64_t user_data;
  uint32_t type_mask;
  uint32_t flags;
  uint64_t stats_offset; /* from the start of the refill ring region */
  uint64_t resv2[9];
};

/* URING_REGISTER_ZCRX_IFQ argument */
struct uring_zcrx_ifq_reg {
  uint32_t if_idx;
  uint32_t if_rxq;
  uint32_t rq_entries;
  uint32_t flags;
  uint64_t area_ptr;   /* struct uring_zcrx_area_reg * */
  uint64_t region_ptr; /* struct uring_region_desc * */
  struct uring_zcrx_offsets offsets;
  uint32_t zcrx_id;
  uint32_t rx_buf_len;
  uint64_t event_desc; /* struct uring_zcrx_event_desc * */
  uint64_t resv[2];
};

/* struct uring_zcrx_ctrl.op */
#define URING_ZCRX_CTRL_FLUSH_RQ 0u
#define URING_ZCRX_CTRL_EXPORT 1u
#define URING_ZCRX_CTRL_ARM_EVENT 2u
#define URING_ZCRX_CTRL_LAST 3u

struct uring_zcrx_ctrl_flush_rq {
  uint64_t resv[6];
};

struct uring_zcrx_ctrl_export {
  uint32_t zcrx_fd;
  uint32_t resv1[11];
};

struct uring_zcrx_ctrl_arm_event {
  uint32_t event_type; /* URING_ZCRX_EVENT_* */
  uint32_t resv[11];
};

/* URING_REGISTER_ZCRX_CTRL argument */
struct uring_zcrx_ctrl {
  uint32_t zcrx_id;
  uint32_t op; /* URING_ZCRX_CTRL_* */
  uint64_t resv[2];
  union {
    struct uring_zcrx_ctrl_export zc_export;
    struct uring_zcrx_ctrl_flush_rq zc_flush;
    struct uring_zcrx_ctrl_arm_event zc_arm_event;
  };
};

/* ------------------------------------------------------------------------
 * URING_REGISTER_QUERY (linux/io_uring/query.h)
 * ---------------------------------------------------------------------- */

/* One query in a chain linked by next_entry. */
struct uring_query_hdr {
  uint64_t next_entry; /* struct uring_query_hdr *, or 0 */
  uint64_t query_data;
  uint32_t query_op; /* URING_QUERY_* */
  uint32_t size;     /* of the query_data buffer */
  int32_t result;    /* bytes written, or -errno */
  uint32_t resv[3];
};

#define URING_QUERY_OPCODES 0u
#define URING_QUERY_ZCRX 1u
#define URING_QUERY_SCQ 2u
#define URING_QUERY_ZCRX_EVENT 3u
#define URING_QUERY_MAX 4u

/* URING_QUERY_OPCODES result; needs no ring */
struct uring_query_opcode {
  uint32_t nr_request_opcodes;
  uint32_t nr_register_opcodes;
  uint64_t feature_flags;
  uint64_t ring_setup_flags;
  uint64_t enter_flags;
  uint64_t sqe_flags;
  uint32_t nr_query_opcodes;
  uint32_t pad;
};

/* URING_QUERY_ZCRX result */
struct uring_query_zcrx {
  uint64_t register_flags; /* URING_ZCRX_REG_* */
  uint64_t area_flags;     /* URING_ZCRX_AREA_* */
  uint32_t nr_ctrl_opcodes;
  uint32_t features; /* URING_ZCRX_FEATURE_* */
  uint32_t rq_hdr_size;
  uint32_t rq_hdr_alignment;
  uint64_t resv2;
};

/* URING_QUERY_ZCRX_EVENT result */
struct uring_query_zcrx_event {
  uint32_t event_flags;
  uint32_t stats_size; /* sizeof struct uring_zcrx_stats */
  uint32_t stats_off_alignment;
  uint32_t resv1;
  uint64_t resv2[4];
};

/* URING_QUERY_SCQ result */
struct uring_query_scq {
  uint64_t hdr_size; /* SQ/CQ ring header */
  uint64_t hdr_alignment;
};

/* ------------------------------------------------------------------------
 * URING_REGISTER_BPF_FILTER (linux/io_uring/bpf_filter.h)
 * ---------------------------------------------------------------------- */

struct uring_bpf_ctx_socket {
  uint32_t family;
  uint32_t type;
  uint32_t protocol;
};

struct uring_bpf_ctx_open {
  uint64_t flags;
  uint64_t mode;
  uint64_t resolve;
};

/* What a filter program sees. */
struct uring_bpf_ctx {
  uint64_t user_data;
  uint8_t opcode;
  uint8_t sqe_flags;
  uint8_t pdu_size; /* bytes of the op-specific union below */
  uint8_t pad[5];
  union {
    struct uring_bpf_ctx_socket socket;
    struct uring_bpf_ctx_open open;
  };
};

/* struct uring_bpf_filter.flags: deny every opcode that has no filter */
#define URING_BPF_FILTER_DENY_REST 1u
/* 7.0: fail (-EMSGSIZE) unless pdu_size is the kernel's size for the opcode */
#define URING_BPF_FILTER_SZ_STRICT 2u

struct uring_bpf_filter {
  uint32_t opcode;     /* URING_OP_* */
  uint32_t flags;      /* URING_BPF_FILTER_* */
  uint32_t filter_len; /* classic BPF instructions */
  /* Bytes of struct uring_bpf_ctx's op-specific union the filter reads. The
   * kernel writes its own size back; a larger one is refused (-EMSGSIZE),
   * a smaller one too with URING_BPF_FILTER_SZ_STRICT. */
  uint8_t pdu_size;
  uint8_t resv[3];
  uint64_t filter_ptr; /* struct sock_filter * */
  uint64_t resv2[5];
};

/* struct uring_bpf.cmd_type */
#define URING_BPF_CMD_FILTER 1u

/* URING_REGISTER_BPF_FILTER argument */
struct uring_bpf {
  uint16_t cmd_type;
  uint16_t cmd_flags;
  uint32_t resv;
  union {
    struct uring_bpf_filter filter;
  };
};

/* ------------------------------------------------------------------------
 * Block device commands for URING_OP_URING_CMD (linux/blkdev.h)
 * ---------------------------------------------------------------------- */

/* 6.12: discard sqe->addr3 bytes from byte sqe->addr (the kernel's
 * BLOCK_URING_CMD_DISCARD, _IO(0x12, 0)) */
#define URING_BLOCK_CMD_DISCARD 0x1200u

/* ------------------------------------------------------------------------
 * Layout pins
 * ---------------------------------------------------------------------- */
#ifdef __cplusplus
#define URING_ABI_ASSERT(expr) static_assert(expr, #expr)
#else
#define URING_ABI_ASSERT(expr) _Static_assert(expr, #expr)
#endif
#define URING_ABI_SIZE(type, n) URING_ABI_ASSERT(sizeof(struct type) == (n))
#define URING_ABI_OFF(type, field, n) URING_ABI_ASSERT(offsetof(struct type, field) == (n))

URING_ABI_SIZE(uring_sqe_sockopt, 8);
URING_ABI_SIZE(uring_sqe, 64);
URING_ABI_OFF(uring_sqe, opcode, 0);
URING_ABI_OFF(uring_sqe, flags, 1);
URING_ABI_OFF(uring_sqe, ioprio, 2);
URING_ABI_OFF(uring_sqe, fd, 4);
URING_ABI_OFF(uring_sqe, off, 8);
URING_ABI_OFF(uring_sqe, addr2, 8);
URING_ABI_OFF(uring_sqe, cmd_op, 8);
URING_ABI_OFF(uring_sqe, addr, 16);
URING_ABI_OFF(uring_sqe, splice_off_in, 16);
URING_ABI_OFF(uring_sqe, sockopt.level, 16);
URING_ABI_OFF(uring_sqe, sockopt.optname, 20);
URING_ABI_OFF(uring_sqe, len, 24);
URING_ABI_OFF(uring_sqe, rw_flags, 28);
URING_ABI_OFF(uring_sqe, fsync_flags, 28);
URING_ABI_OFF(uring_sqe, poll_events, 28);
URING_ABI_OFF(uring_sqe, poll32_events, 28);
URING_ABI_OFF(uring_sqe, sync_range_flags, 28);
URING_ABI_OFF(uring_sqe, msg_flags, 28);
URING_ABI_OFF(uring_sqe, timeout_flags, 28);
URING_ABI_OFF(uring_sqe, accept_flags, 28);
URING_ABI_OFF(uring_sqe, cancel_flags, 28);
URING_ABI_OFF(uring_sqe, open_flags, 28);
URING_ABI_OFF(uring_sqe, statx_flags, 28);
URING_ABI_OFF(uring_sqe, fadvise_advice, 28);
URING_ABI_OFF(uring_sqe, splice_flags, 28);
URING_ABI_OFF(uring_sqe, rename_flags, 28);
URING_ABI_OFF(uring_sqe, unlink_flags, 28);
URING_ABI_OFF(uring_sqe, hardlink_flags, 28);
URING_ABI_OFF(uring_sqe, xattr_flags, 28);
URING_ABI_OFF(uring_sqe, msg_ring_flags, 28);
URING_ABI_OFF(uring_sqe, uring_cmd_flags, 28);
URING_ABI_OFF(uring_sqe, waitid_flags, 28);
URING_ABI_OFF(uring_sqe, futex_flags, 28);
URING_ABI_OFF(uring_sqe, install_fd_flags, 28);
URING_ABI_OFF(uring_sqe, nop_flags, 28);
URING_ABI_OFF(uring_sqe, pipe_flags, 28);
URING_ABI_OFF(uring_sqe, user_data, 32);
URING_ABI_OFF(uring_sqe, buf_index, 40);
URING_ABI_OFF(uring_sqe, buf_group, 40);
URING_ABI_OFF(uring_sqe, personality, 42);
URING_ABI_OFF(uring_sqe, splice_fd_in, 44);
URING_ABI_OFF(uring_sqe, file_index, 44);
URING_ABI_OFF(uring_sqe, zcrx_ifq_idx, 44);
URING_ABI_OFF(uring_sqe, optlen, 44);
URING_ABI_OFF(uring_sqe, addr_len, 44);
URING_ABI_OFF(uring_sqe, write_stream, 44);
URING_ABI_OFF(uring_sqe, addr3, 48);
URING_ABI_OFF(uring_sqe, attr_ptr, 48);
URING_ABI_OFF(uring_sqe, optval, 48);
URING_ABI_OFF(uring_sqe, cmd, 48);
URING_ABI_OFF(uring_sqe, pad2, 56);
URING_ABI_OFF(uring_sqe, attr_type_mask, 56);

URING_ABI_SIZE(uring_attr_pi, 32);
URING_ABI_OFF(uring_attr_pi, flags, 0);
URING_ABI_OFF(uring_attr_pi, app_tag, 2);
URING_ABI_OFF(uring_attr_pi, len, 4);
URING_ABI_OFF(uring_attr_pi, addr, 8);
URING_ABI_OFF(uring_attr_pi, seed, 16);
URING_ABI_OFF(uring_attr_pi, rsvd, 24);

URING_ABI_SIZE(uring_cqe, 16);
URING_ABI_OFF(uring_cqe, user_data, 0);
URING_ABI_OFF(uring_cqe, res, 8);
URING_ABI_OFF(uring_cqe, flags, 12);
URING_ABI_OFF(uring_cqe, big_cqe, 16);
URING_ABI_SIZE(uring_cqe32, 32);
URING_ABI_OFF(uring_cqe32, user_data, 0);
URING_ABI_OFF(uring_cqe32, res, 8);
URING_ABI_OFF(uring_cqe32, flags, 12);
URING_ABI_OFF(uring_cqe32, big_cqe, 16);

URING_ABI_SIZE(uring_sqring_offsets, 40);
URING_ABI_OFF(uring_sqring_offsets, head, 0);
URING_ABI_OFF(uring_sqring_offsets, tail, 4);
URING_ABI_OFF(uring_sqring_offsets, ring_mask, 8);
URING_ABI_OFF(uring_sqring_offsets, ring_entries, 12);
URING_ABI_OFF(uring_sqring_offsets, flags, 16);
URING_ABI_OFF(uring_sqring_offsets, dropped, 20);
URING_ABI_OFF(uring_sqring_offsets, array, 24);
URING_ABI_OFF(uring_sqring_offsets, resv1, 28);
URING_ABI_OFF(uring_sqring_offsets, user_addr, 32);
URING_ABI_SIZE(uring_cqring_offsets, 40);
URING_ABI_OFF(uring_cqring_offsets, head, 0);
URING_ABI_OFF(uring_cqring_offsets, tail, 4);
URING_ABI_OFF(uring_cqring_offsets, ring_mask, 8);
URING_ABI_OFF(uring_cqring_offsets, ring_entries, 12);
URING_ABI_OFF(uring_cqring_offsets, overflow, 16);
URING_ABI_OFF(uring_cqring_offsets, cqes, 20);
URING_ABI_OFF(uring_cqring_offsets, flags, 24);
URING_ABI_OFF(uring_cqring_offsets, resv1, 28);
URING_ABI_OFF(uring_cqring_offsets, user_addr, 32);

URING_ABI_SIZE(uring_params, 120);
URING_ABI_OFF(uring_params, sq_entries, 0);
URING_ABI_OFF(uring_params, cq_entries, 4);
URING_ABI_OFF(uring_params, flags, 8);
URING_ABI_OFF(uring_params, sq_thread_cpu, 12);
URING_ABI_OFF(uring_params, sq_thread_idle, 16);
URING_ABI_OFF(uring_params, features, 20);
URING_ABI_OFF(uring_params, wq_fd, 24);
URING_ABI_OFF(uring_params, resv, 28);
URING_ABI_OFF(uring_params, sq_off, 40);
URING_ABI_OFF(uring_params, cq_off, 80);

URING_ABI_SIZE(uring_files_update, 16);
URING_ABI_OFF(uring_files_update, fds, 8);
URING_ABI_SIZE(uring_region_desc, 64);
URING_ABI_OFF(uring_region_desc, size, 8);
URING_ABI_OFF(uring_region_desc, flags, 16);
URING_ABI_OFF(uring_region_desc, id, 20);
URING_ABI_OFF(uring_region_desc, mmap_offset, 24);
URING_ABI_OFF(uring_region_desc, resv, 32);
URING_ABI_SIZE(uring_mem_region_reg, 32);
URING_ABI_OFF(uring_mem_region_reg, flags, 8);
URING_ABI_SIZE(uring_rsrc_register, 32);
URING_ABI_OFF(uring_rsrc_register, flags, 4);
URING_ABI_OFF(uring_rsrc_register, data, 16);
URING_ABI_OFF(uring_rsrc_register, tags, 24);
URING_ABI_SIZE(uring_rsrc_update, 16);
URING_ABI_OFF(uring_rsrc_update, data, 8);
URING_ABI_SIZE(uring_rsrc_update2, 32);
URING_ABI_OFF(uring_rsrc_update2, data, 8);
URING_ABI_OFF(uring_rsrc_update2, tags, 16);
URING_ABI_OFF(uring_rsrc_update2, nr, 24);
URING_ABI_OFF(uring_rsrc_update2, resv2, 28);

URING_ABI_SIZE(uring_probe_op, 8);
URING_ABI_OFF(uring_probe_op, op, 0);
URING_ABI_OFF(uring_probe_op, flags, 2);
URING_ABI_OFF(uring_probe_op, resv2, 4);
URING_ABI_SIZE(uring_probe, 16);
URING_ABI_OFF(uring_probe, last_op, 0);
URING_ABI_OFF(uring_probe, ops_len, 1);
URING_ABI_OFF(uring_probe, resv2, 4);

URING_ABI_SIZE(uring_restriction, 16);
URING_ABI_OFF(uring_restriction, opcode, 0);
URING_ABI_OFF(uring_restriction, register_op, 2);
URING_ABI_OFF(uring_restriction, sqe_op, 2);
URING_ABI_OFF(uring_restriction, sqe_flags, 2);
URING_ABI_OFF(uring_restriction, resv, 3);
URING_ABI_OFF(uring_restriction, resv2, 4);
URING_ABI_SIZE(uring_task_restriction, 16);
URING_ABI_OFF(uring_task_restriction, nr_res, 2);
URING_ABI_OFF(uring_task_restriction, resv, 4);

URING_ABI_SIZE(uring_clock_register, 16);
URING_ABI_SIZE(uring_clone_buffers_arg, 32);
URING_ABI_OFF(uring_clone_buffers_arg, flags, 4);
URING_ABI_OFF(uring_clone_buffers_arg, src_off, 8);
URING_ABI_OFF(uring_clone_buffers_arg, dst_off, 12);
URING_ABI_OFF(uring_clone_buffers_arg, nr, 16);

URING_ABI_SIZE(uring_buf, 16);
URING_ABI_OFF(uring_buf, addr, 0);
URING_ABI_OFF(uring_buf, len, 8);
URING_ABI_OFF(uring_buf, bid, 12);
URING_ABI_OFF(uring_buf, resv, 14);
URING_ABI_SIZE(uring_buf_ring, 16);
URING_ABI_OFF(uring_buf_ring, resv1, 0);
URING_ABI_OFF(uring_buf_ring, resv2, 8);
URING_ABI_OFF(uring_buf_ring, resv3, 12);
URING_ABI_OFF(uring_buf_ring, tail, 14);
URING_ABI_OFF(uring_buf_ring, bufs, 0);
URING_ABI_OFF(uring_buf_ring, bufs[1], 16);
/* The tail is entry 0's reserved field. */
URING_ABI_OFF(uring_buf_ring, bufs[0].resv, 14);
URING_ABI_SIZE(uring_buf_reg, 40);
URING_ABI_OFF(uring_buf_reg, ring_addr, 0);
URING_ABI_OFF(uring_buf_reg, ring_entries, 8);
URING_ABI_OFF(uring_buf_reg, bgid, 12);
URING_ABI_OFF(uring_buf_reg, flags, 14);
URING_ABI_OFF(uring_buf_reg, min_left, 16);
URING_ABI_OFF(uring_buf_reg, resv, 20);
URING_ABI_SIZE(uring_buf_status, 40);
URING_ABI_OFF(uring_buf_status, head, 4);

URING_ABI_SIZE(uring_napi, 16);
URING_ABI_OFF(uring_napi, prefer_busy_poll, 4);
URING_ABI_OFF(uring_napi, opcode, 5);
URING_ABI_OFF(uring_napi, op_param, 8);
URING_ABI_OFF(uring_napi, resv, 12);

URING_ABI_SIZE(uring_timespec, 16);
URING_ABI_SIZE(uring_reg_wait, 64);
URING_ABI_OFF(uring_reg_wait, min_wait_usec, 16);
URING_ABI_OFF(uring_reg_wait, flags, 20);
URING_ABI_OFF(uring_reg_wait, sigmask, 24);
URING_ABI_OFF(uring_reg_wait, sigmask_sz, 32);
URING_ABI_OFF(uring_reg_wait, pad2, 48);
URING_ABI_SIZE(uring_getevents_arg, 24);
URING_ABI_OFF(uring_getevents_arg, sigmask, 0);
URING_ABI_OFF(uring_getevents_arg, sigmask_sz, 8);
URING_ABI_OFF(uring_getevents_arg, min_wait_usec, 12);
URING_ABI_OFF(uring_getevents_arg, ts, 16);
URING_ABI_SIZE(uring_sync_cancel_reg, 64);
URING_ABI_OFF(uring_sync_cancel_reg, fd, 8);
URING_ABI_OFF(uring_sync_cancel_reg, flags, 12);
URING_ABI_OFF(uring_sync_cancel_reg, timeout, 16);
URING_ABI_OFF(uring_sync_cancel_reg, opcode, 32);
URING_ABI_OFF(uring_sync_cancel_reg, pad2, 40);
URING_ABI_SIZE(uring_file_index_range, 16);
URING_ABI_OFF(uring_file_index_range, len, 4);
URING_ABI_OFF(uring_file_index_range, resv, 8);
URING_ABI_SIZE(uring_recvmsg_out, 16);
URING_ABI_OFF(uring_recvmsg_out, controllen, 4);
URING_ABI_OFF(uring_recvmsg_out, payloadlen, 8);
URING_ABI_OFF(uring_recvmsg_out, flags, 12);
URING_ABI_SIZE(uring_io_timespec, 16);

URING_ABI_SIZE(uring_zcrx_rqe, 16);
URING_ABI_OFF(uring_zcrx_rqe, len, 8);
URING_ABI_SIZE(uring_zcrx_cqe, 16);
URING_ABI_SIZE(uring_zcrx_offsets, 32);
URING_ABI_OFF(uring_zcrx_offsets, rqes, 8);
URING_ABI_OFF(uring_zcrx_offsets, resv, 16);
URING_ABI_SIZE(uring_zcrx_area_reg, 48);
URING_ABI_OFF(uring_zcrx_area_reg, flags, 24);
URING_ABI_OFF(uring_zcrx_area_reg, dmabuf_fd, 28);
URING_ABI_OFF(uring_zcrx_area_reg, resv2, 32);
URING_ABI_SIZE(uring_zcrx_stats, 16);
URING_ABI_SIZE(uring_zcrx_event_desc, 96);
URING_ABI_OFF(uring_zcrx_event_desc, type_mask, 8);
URING_ABI_OFF(uring_zcrx_event_desc, stats_offset, 16);
URING_ABI_SIZE(uring_zcrx_ifq_reg, 96);
URING_ABI_OFF(uring_zcrx_ifq_reg, area_ptr, 16);
URING_ABI_OFF(uring_zcrx_ifq_reg, region_ptr, 24);
URING_ABI_OFF(uring_zcrx_ifq_reg, offsets, 32);
URING_ABI_OFF(uring_zcrx_ifq_reg, zcrx_id, 64);
URING_ABI_OFF(uring_zcrx_ifq_reg, rx_buf_len, 68);
URING_ABI_OFF(uring_zcrx_ifq_reg, event_desc, 72);
URING_ABI_OFF(uring_zcrx_ifq_reg, resv, 80);
URING_ABI_SIZE(uring_zcrx_ctrl_flush_rq, 48);
URING_ABI_SIZE(uring_zcrx_ctrl_export, 48);
URING_ABI_SIZE(uring_zcrx_ctrl_arm_event, 48);
URING_ABI_SIZE(uring_zcrx_ctrl, 72);
URING_ABI_OFF(uring_zcrx_ctrl, op, 4);
URING_ABI_OFF(uring_zcrx_ctrl, zc_export, 24);
URING_ABI_OFF(uring_zcrx_ctrl, zc_flush, 24);
URING_ABI_OFF(uring_zcrx_ctrl, zc_arm_event, 24);

URING_ABI_SIZE(uring_query_hdr, 40);
URING_ABI_OFF(uring_query_hdr, query_data, 8);
URING_ABI_OFF(uring_query_hdr, query_op, 16);
URING_ABI_OFF(uring_query_hdr, size, 20);
URING_ABI_OFF(uring_query_hdr, result, 24);
URING_ABI_SIZE(uring_query_opcode, 48);
URING_ABI_OFF(uring_query_opcode, feature_flags, 8);
URING_ABI_OFF(uring_query_opcode, nr_query_opcodes, 40);
URING_ABI_SIZE(uring_query_zcrx, 40);
URING_ABI_OFF(uring_query_zcrx, nr_ctrl_opcodes, 16);
URING_ABI_SIZE(uring_query_zcrx_event, 48);
URING_ABI_SIZE(uring_query_scq, 16);

URING_ABI_SIZE(uring_bpf_ctx_socket, 12);
URING_ABI_SIZE(uring_bpf_ctx_open, 24);
URING_ABI_SIZE(uring_bpf_ctx, 40);
URING_ABI_OFF(uring_bpf_ctx, opcode, 8);
URING_ABI_OFF(uring_bpf_ctx, pdu_size, 10);
URING_ABI_OFF(uring_bpf_ctx, socket, 16);
URING_ABI_OFF(uring_bpf_ctx, open, 16);
URING_ABI_SIZE(uring_bpf_filter, 64);
URING_ABI_OFF(uring_bpf_filter, flags, 4);
URING_ABI_OFF(uring_bpf_filter, filter_len, 8);
URING_ABI_OFF(uring_bpf_filter, pdu_size, 12);
URING_ABI_OFF(uring_bpf_filter, resv, 13);
URING_ABI_OFF(uring_bpf_filter, filter_ptr, 16);
URING_ABI_OFF(uring_bpf_filter, resv2, 24);
URING_ABI_SIZE(uring_bpf, 72);
URING_ABI_OFF(uring_bpf, filter, 8);

#undef URING_ABI_OFF
#undef URING_ABI_SIZE
#undef URING_ABI_ASSERT

#ifdef __cplusplus
}
#endif

#endif /* URING_SYS_ABI_H */
