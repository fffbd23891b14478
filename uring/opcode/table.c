/* The opcode table. Field use comes from the kernel's prep handlers (io_uring/ in the
 * kernel tree): which SQE fields each one turns into a user pointer with u64_to_user_ptr,
 * and what it reads from len. Kernel versions are those of uring/sys/abi.h. */
#include "uring/opcode/table.h"

#include <stddef.h>

#include "uring/sys/abi.h"

/* Sizes of the kernel objects the table points at, without libc headers. */
#define SZ_TIMESPEC 16u           /* struct __kernel_timespec */
#define SZ_MSGHDR (7u * sizeof(void *)) /* struct msghdr (user_msghdr): 56 on 64-bit */
#define SZ_STATX 256u             /* struct statx */
#define SZ_SOCKLEN 4u             /* socklen_t */
#define SZ_INT 4u                 /* an fd */
#define SZ_FUTEX 4u               /* a 32-bit futex word (FUTEX2_SIZE_U32) */
#define SZ_FUTEX_WAITV 24u        /* struct futex_waitv */
#define SZ_SIGINFO 128u           /* siginfo_t */
#define SZ_PIPE_FDS 8u            /* int[2] */
/* struct epoll_event is packed on x86 (12 bytes), naturally aligned elsewhere (16). */
#if defined(__x86_64__) || defined(__i386__)
#define SZ_EPOLL_EVENT 12u
#else
#define SZ_EPOLL_EVENT 16u
#endif

#define A URING_OPINFO_ADDR
#define A2 URING_OPINFO_ADDR2
#define A3 URING_OPINFO_ADDR3
#define LB URING_OPINFO_LEN_BYTES
#define LV URING_OPINFO_LEN_IOVECS

#define NONE URING_OPPTR_NONE, 0
#define BUF URING_OPPTR_BUF, 0
#define IOV URING_OPPTR_IOVEC, 0
#define STR URING_OPPTR_STRING, 0
#define OBJ(size) URING_OPPTR_OBJECT, (size)
#define ARR(size) URING_OPPTR_ARRAY, (size)
#define SOCKADDR URING_OPPTR_SOCKADDR, 0
#define BUFFERS URING_OPPTR_BUFFERS, 0

/* One row. Each pointer argument expands to a (kind, size) pair before ROW sees it, so
 * ROW receives the pairs for addr, addr2 and addr3 as separate arguments. */
#define ROW(code, fam, maj, min, bytes, ptrs, k1, s1, k2, s2, k3, s3) \
  [URING_OP_##code] = {#code, fam, URING_OP_##code, maj, min, bytes, ptrs, k1, k2, k3, 0, \
                       s1, s2, s3}
#define OP(code, fam, maj, min, ptrs, p1, p2, p3) ROW(code, fam, maj, min, 64, ptrs, p1, p2, p3)
#define OP128(code, fam, maj, min, ptrs, p1, p2, p3) \
  ROW(code, fam, maj, min, 128, ptrs, p1, p2, p3)

static const struct uring_opcode_desc table[] = {
    OP(NOP, "nop", 5, 1, 0, NONE, NONE, NONE),
    OP(READV, "rw", 5, 1, A | LV, IOV, NONE, NONE),
    OP(WRITEV, "rw", 5, 1, A | LV, IOV, NONE, NONE),
    OP(FSYNC, "sync", 5, 1, 0, NONE, NONE, NONE),
    /* [addr, addr + len) lies inside registered buffer buf_index. */
    OP(READ_FIXED, "rw", 5, 1, A | LB, BUF, NONE, NONE),
    OP(WRITE_FIXED, "rw", 5, 1, A | LB, BUF, NONE, NONE),
    OP(POLL_ADD, "poll", 5, 1, 0, NONE, NONE, NONE),
    /* addr is the user_data to remove, off the new one for updates. */
    OP(POLL_REMOVE, "poll", 5, 1, 0, NONE, NONE, NONE),
    OP(SYNC_FILE_RANGE, "sync", 5, 2, 0, NONE, NONE, NONE),
    OP(SENDMSG, "net", 5, 3, A, OBJ(SZ_MSGHDR), NONE, NONE),
    OP(RECVMSG, "net", 5, 3, A, OBJ(SZ_MSGHDR), NONE, NONE),
    OP(TIMEOUT, "timeout", 5, 4, A, OBJ(SZ_TIMESPEC), NONE, NONE),
    /* addr is the target's user_data; addr2 a timespec with an update flag. */
    OP(TIMEOUT_REMOVE, "timeout", 5, 5, A2, NONE, OBJ(SZ_TIMESPEC), NONE),
    OP(ACCEPT, "net", 5, 5, A | A2, SOCKADDR, OBJ(SZ_SOCKLEN), NONE),
    /* addr is the user_data to match. */
    OP(ASYNC_CANCEL, "cancel", 5, 5, 0, NONE, NONE, NONE),
    OP(LINK_TIMEOUT, "timeout", 5, 5, A, OBJ(SZ_TIMESPEC), NONE, NONE),
    OP(CONNECT, "net", 5, 5, A, SOCKADDR, NONE, NONE),
    /* addr is the length, len the mode. */
    OP(FALLOCATE, "sync", 5, 6, 0, NONE, NONE, NONE),
    OP(OPENAT, "fs", 5, 6, A, STR, NONE, NONE),
    OP(CLOSE, "fs", 5, 6, 0, NONE, NONE, NONE),
    OP(FILES_UPDATE, "fs", 5, 6, A, ARR(SZ_INT), NONE, NONE),
    OP(STATX, "fs", 5, 6, A | A2, STR, OBJ(SZ_STATX), NONE),
    OP(READ, "rw", 5, 6, A | LB, BUF, NONE, NONE),
    OP(WRITE, "rw", 5, 6, A | LB, BUF, NONE, NONE),
    /* addr is the 64-bit length when len is 0 (6.10). */
    OP(FADVISE, "sync", 5, 6, 0, NONE, NONE, NONE),
    /* A range of the address space rather than a buffer the kernel copies; the 64-bit form
     * (len 0) takes the length from off. */
    OP(MADVISE, "sync", 5, 6, A | LB, BUF, NONE, NONE),
    /* addr2: optional destination (6.0), addr_len bytes. */
    OP(SEND, "net", 5, 6, A | A2 | LB, BUF, SOCKADDR, NONE),
    OP(RECV, "net", 5, 6, A | LB, BUF, NONE, NONE),
    /* len is the size of the struct open_how at addr2. */
    OP(OPENAT2, "fs", 5, 6, A | A2, STR, BUF, NONE),
    /* off is the target fd; the event is read only for ADD and MOD. */
    OP(EPOLL_CTL, "poll", 5, 6, A, OBJ(SZ_EPOLL_EVENT), NONE, NONE),
    /* addr is off_in. */
    OP(SPLICE, "splice", 5, 7, 0, NONE, NONE, NONE),
    OP(PROVIDE_BUFFERS, "buffer", 5, 7, A, BUFFERS, NONE, NONE),
    OP(REMOVE_BUFFERS, "buffer", 5, 7, 0, NONE, NONE, NONE),
    OP(TEE, "splice", 5, 8, 0, NONE, NONE, NONE),
    OP(SHUTDOWN, "net", 5, 11, 0, NONE, NONE, NONE),
    OP(RENAMEAT, "fs", 5, 11, A | A2, STR, STR, NONE),
    OP(UNLINKAT, "fs", 5, 11, A, STR, NONE, NONE),
    OP(MKDIRAT, "fs", 5, 15, A, STR, NONE, NONE),
    OP(SYMLINKAT, "fs", 5, 15, A | A2, STR, STR, NONE),
    OP(LINKAT, "fs", 5, 15, A | A2, STR, STR, NONE),
    /* addr is the command, addr3 a direct descriptor of this ring. */
    OP(MSG_RING, "msg", 5, 18, 0, NONE, NONE, NONE),
    /* addr: attribute name; addr2: value, len bytes; addr3: path. */
    OP(FSETXATTR, "xattr", 5, 19, A | A2, STR, BUF, NONE),
    OP(SETXATTR, "xattr", 5, 19, A | A2 | A3, STR, BUF, STR),
    OP(FGETXATTR, "xattr", 5, 19, A | A2, STR, BUF, NONE),
    OP(GETXATTR, "xattr", 5, 19, A | A2 | A3, STR, BUF, STR),
    OP(SOCKET, "net", 5, 19, 0, NONE, NONE, NONE),
    OP(URING_CMD, "cmd", 5, 19, URING_OPINFO_CMD, NONE, NONE, NONE),
    OP(SEND_ZC, "net", 6, 0, A | A2 | LB, BUF, SOCKADDR, NONE),
    OP(SENDMSG_ZC, "net", 6, 1, A, OBJ(SZ_MSGHDR), NONE, NONE),
    /* Always a provided buffer: addr and len must be 0. */
    OP(READ_MULTISHOT, "rw", 6, 7, 0, NONE, NONE, NONE),
    OP(WAITID, "msg", 6, 7, A2, NONE, OBJ(SZ_SIGINFO), NONE),
    /* off is the value, addr3 the mask. */
    OP(FUTEX_WAIT, "msg", 6, 7, A, OBJ(SZ_FUTEX), NONE, NONE),
    OP(FUTEX_WAKE, "msg", 6, 7, A, OBJ(SZ_FUTEX), NONE, NONE),
    OP(FUTEX_WAITV, "msg", 6, 7, A, ARR(SZ_FUTEX_WAITV), NONE, NONE),
    OP(FIXED_FD_INSTALL, "fs", 6, 8, 0, NONE, NONE, NONE),
    OP(FTRUNCATE, "sync", 6, 9, 0, NONE, NONE, NONE),
    OP(BIND, "net", 6, 11, A, SOCKADDR, NONE, NONE),
    OP(LISTEN, "net", 6, 11, 0, NONE, NONE, NONE),
    /* Data lands in the registered zero-copy area, not at an SQE address. */
    OP(RECV_ZC, "net", 6, 15, 0, NONE, NONE, NONE),
    OP(EPOLL_WAIT, "poll", 6, 15, A, ARR(SZ_EPOLL_EVENT), NONE, NONE),
    /* Every iovec points into registered buffer buf_index. */
    OP(READV_FIXED, "rw", 6, 15, A | LV, IOV, NONE, NONE),
    OP(WRITEV_FIXED, "rw", 6, 15, A | LV, IOV, NONE, NONE),
    OP(PIPE, "fs", 6, 16, A, OBJ(SZ_PIPE_FDS), NONE, NONE),
    OP128(NOP128, "nop", 6, 19, 0, NONE, NONE, NONE),
    OP128(URING_CMD128, "cmd", 6, 19, URING_OPINFO_CMD, NONE, NONE, NONE),
};

_Static_assert(sizeof(table) / sizeof(table[0]) == URING_OP_LAST, "one row per opcode");

const struct uring_opcode_desc *uring_opcode_info(unsigned op) {
  return op < sizeof(table) / sizeof(table[0]) ? &table[op] : NULL;
}

unsigned uring_opcode_count(void) { return (unsigned)(sizeof(table) / sizeof(table[0])); }
