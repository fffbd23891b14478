/* Sockets: SOCKET, BIND, LISTEN, ACCEPT, CONNECT, SEND, SENDMSG, SEND_ZC, SENDMSG_ZC,
 * RECV, RECVMSG, RECV_ZC, SHUTDOWN, and the socket commands of URING_CMD (getsockopt,
 * setsockopt, SIOCINQ/SIOCOUTQ, getsockname).
 *
 * Send and receive flags: `flags` arguments are MSG_* (sqe->msg_flags; the kernel adds
 * MSG_NOSIGNAL to sends); io_uring's own per-request flags go in sqe->ioprio
 * (URING_RECVSEND_POLL_FIRST, URING_RECV_MULTISHOT, URING_RECVSEND_FIXED_BUF,
 * URING_RECVSEND_BUNDLE, URING_SEND_ZC_REPORT_USAGE) and the helpers below set the ones
 * their form needs. Multishot receives and bundles take their buffers from a provided-buffer
 * group: set URING_SQE_BUFFER_SELECT (uring_sqe_set_flags) and the group
 * (uring_sqe_set_buf_group) after the prep helper. */
#ifndef URING_OPCODE_NET_H
#define URING_OPCODE_NET_H

#include <stddef.h>
#include <stdint.h>

#include "uring/opcode/prep.h"
#include "uring/sys/cast.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Declared only: the helpers pass pointers to them through to the kernel. */
struct msghdr;
struct sockaddr;

/* socket(2). `flags` must be 0 (the kernel rejects others); SOCK_NONBLOCK and
 * SOCK_CLOEXEC go in `type` as for socket(2). 5.19 */
static inline void uring_prep_socket(struct uring_sqe *sqe, int domain, int type, int protocol,
                                     unsigned int flags) {
  uring_prep_rw(URING_OP_SOCKET, sqe, domain, URING_NULL, URING_CAST(unsigned, protocol),
                URING_CAST(uint64_t, URING_CAST(int64_t, type)));
  sqe->rw_flags = URING_CAST(int32_t, flags);
}

/* socket(2) into direct slot `file_index` (or URING_FILE_INDEX_ALLOC). 5.19 */
static inline void uring_prep_socket_direct(struct uring_sqe *sqe, int domain, int type,
                                            int protocol, unsigned file_index,
                                            unsigned int flags) {
  uring_prep_socket(sqe, domain, type, protocol, flags);
  uring_sqe_set_direct_slot(sqe, file_index);
}

/* socket(2) into a direct slot the kernel picks; cqe->res is the slot. 5.19 */
static inline void uring_prep_socket_direct_alloc(struct uring_sqe *sqe, int domain, int type,
                                                  int protocol, unsigned int flags) {
  uring_prep_socket_direct(sqe, domain, type, protocol, URING_FILE_INDEX_ALLOC, flags);
}

/* bind(2): the address length goes in addr2. 6.11 */
static inline void uring_prep_bind(struct uring_sqe *sqe, int fd, struct sockaddr *addr,
                                   uint32_t addrlen) {
  uring_prep_rw(URING_OP_BIND, sqe, fd, addr, 0, addrlen);
}

/* listen(2), the backlog in len. 6.11 */
static inline void uring_prep_listen(struct uring_sqe *sqe, int fd, int backlog) {
  uring_prep_rw(URING_OP_LISTEN, sqe, fd, URING_NULL, URING_CAST(unsigned, backlog), 0);
}

/* accept4(2): the peer address lands in `addr`, `*addrlen` (a socklen_t, in addr2) is
 * read and updated; `flags` SOCK_NONBLOCK / SOCK_CLOEXEC. 5.5 */
static inline void uring_prep_accept(struct uring_sqe *sqe, int fd, struct sockaddr *addr,
                                     uint32_t *addrlen, int flags) {
  uring_prep_rw(URING_OP_ACCEPT, sqe, fd, addr, 0, URING_PTR_TO_U64(addrlen));
  sqe->accept_flags = URING_CAST(uint32_t, flags);
}

/* accept4(2) into direct slot `file_index` (or URING_FILE_INDEX_ALLOC). 5.15 */
static inline void uring_prep_accept_direct(struct uring_sqe *sqe, int fd,
                                            struct sockaddr *addr, uint32_t *addrlen,
                                            int flags, unsigned int file_index) {
  uring_prep_accept(sqe, fd, addr, addrlen, flags);
  uring_sqe_set_direct_slot(sqe, file_index);
}

/* One CQE per accepted connection (URING_CQE_F_MORE while armed). 5.19 */
static inline void uring_prep_multishot_accept(struct uring_sqe *sqe, int fd,
                                               struct sockaddr *addr, uint32_t *addrlen,
                                               int flags) {
  uring_prep_accept(sqe, fd, addr, addrlen, flags);
  sqe->ioprio |= URING_CAST(uint16_t, URING_ACCEPT_MULTISHOT);
}

/* Multishot accept into direct slots the kernel picks: the kernel allows only
 * URING_FILE_INDEX_ALLOC with multishot. 5.19 */
static inline void uring_prep_multishot_accept_direct(struct uring_sqe *sqe, int fd,
                                                      struct sockaddr *addr,
                                                      uint32_t *addrlen, int flags) {
  uring_prep_multishot_accept(sqe, fd, addr, addrlen, flags);
  uring_sqe_set_direct_slot(sqe, URING_FILE_INDEX_ALLOC);
}

/* connect(2): the address length goes in addr2. 5.5 */
static inline void uring_prep_connect(struct uring_sqe *sqe, int fd,
                                      const struct sockaddr *addr, uint32_t addrlen) {
  uring_prep_rw(URING_OP_CONNECT, sqe, fd, addr, 0, addrlen);
}

/* send(2). 5.6 */
static inline void uring_prep_send(struct uring_sqe *sqe, int sockfd, const void *buf,
                                   size_t len, int flags) {
  uring_prep_rw(URING_OP_SEND, sqe, sockfd, buf, URING_CAST(unsigned, len), 0);
  sqe->msg_flags = URING_CAST(uint32_t, flags);
}

/* Adds a destination to a prepared SEND or SEND_ZC, making it sendto(2): the address in
 * addr2, its length in addr_len. SEND_ZC takes one from 6.0; older kernels fail a SEND
 * with an address with -EINVAL. 6.1 */
static inline void uring_prep_send_set_addr(struct uring_sqe *sqe,
                                            const struct sockaddr *dest_addr,
                                            uint16_t addr_len) {
  sqe->addr2 = URING_PTR_TO_U64(dest_addr);
  sqe->addr_len = addr_len;
}

/* sendto(2): SEND with a destination address. 6.1 */
static inline void uring_prep_sendto(struct uring_sqe *sqe, int sockfd, const void *buf,
                                     size_t len, int flags, const struct sockaddr *addr,
                                     uint32_t addrlen) {
  uring_prep_send(sqe, sockfd, buf, len, flags);
  uring_prep_send_set_addr(sqe, addr, URING_CAST(uint16_t, addrlen));
}

/* Sends as many buffers of the selected provided-buffer group as are queued, up to `len`
 * bytes (0: no limit), in one request (URING_RECVSEND_BUNDLE, URING_FEAT_RECVSEND_BUNDLE).
 * Needs URING_SQE_BUFFER_SELECT and a group, set after this helper. 6.10 */
static inline void uring_prep_send_bundle(struct uring_sqe *sqe, int sockfd, size_t len,
                                          int flags) {
  uring_prep_send(sqe, sockfd, URING_NULL, len, flags);
  sqe->ioprio |= URING_CAST(uint16_t, URING_RECVSEND_BUNDLE);
}

/* Zero-copy send: a first CQE with the result (URING_CQE_F_MORE), then a
 * URING_CQE_F_NOTIF one when the buffer may be reused. `zc_flags` go in ioprio
 * (URING_RECVSEND_POLL_FIRST, URING_SEND_ZC_REPORT_USAGE). 6.0 */
static inline void uring_prep_send_zc(struct uring_sqe *sqe, int sockfd, const void *buf,
                                      size_t len, int flags, unsigned zc_flags) {
  uring_prep_rw(URING_OP_SEND_ZC, sqe, sockfd, buf, URING_CAST(unsigned, len), 0);
  sqe->msg_flags = URING_CAST(uint32_t, flags);
  sqe->ioprio = URING_CAST(uint16_t, zc_flags);
}

/* Zero-copy send from registered buffer `buf_index`. 6.0 */
static inline void uring_prep_send_zc_fixed(struct uring_sqe *sqe, int sockfd, const void *buf,
                                            size_t len, int flags, unsigned zc_flags,
                                            unsigned buf_index) {
  uring_prep_send_zc(sqe, sockfd, buf, len, flags, zc_flags);
  sqe->ioprio |= URING_CAST(uint16_t, URING_RECVSEND_FIXED_BUF);
  sqe->buf_index = URING_CAST(uint16_t, buf_index);
}

/* sendmsg(2). The kernel reads the msghdr at prep time. 5.3 */
static inline void uring_prep_sendmsg(struct uring_sqe *sqe, int fd, const struct msghdr *msg,
                                      unsigned flags) {
  uring_prep_rw(URING_OP_SENDMSG, sqe, fd, msg, 1, 0);
  sqe->msg_flags = flags;
}

/* Zero-copy sendmsg(2), with the two CQEs of uring_prep_send_zc. 6.1 */
static inline void uring_prep_sendmsg_zc(struct uring_sqe *sqe, int fd,
                                         const struct msghdr *msg, unsigned flags) {
  uring_prep_sendmsg(sqe, fd, msg, flags);
  sqe->opcode = URING_CAST(uint8_t, URING_OP_SENDMSG_ZC);
}

/* Zero-copy sendmsg(2) whose iovecs all lie inside registered buffer `buf_index`
 * (URING_RECVSEND_FIXED_BUF on SENDMSG_ZC): the pages are already pinned, so the kernel
 * does not map them per send. An iovec outside that buffer fails the send with -EFAULT;
 * kernels before 6.15 refuse the flag on SENDMSG_ZC with -EINVAL. The two CQEs of
 * uring_prep_send_zc. 6.15 */
static inline void uring_prep_sendmsg_zc_fixed(struct uring_sqe *sqe, int fd,
                                               const struct msghdr *msg, unsigned flags,
                                               unsigned buf_index) {
  uring_prep_sendmsg_zc(sqe, fd, msg, flags);
  sqe->ioprio |= URING_CAST(uint16_t, URING_RECVSEND_FIXED_BUF);
  sqe->buf_index = URING_CAST(uint16_t, buf_index);
}

/* recv(2). 5.6 */
static inline void uring_prep_recv(struct uring_sqe *sqe, int sockfd, void *buf, size_t len,
                                   int flags) {
  uring_prep_rw(URING_OP_RECV, sqe, sockfd, buf, URING_CAST(unsigned, len), 0);
  sqe->msg_flags = URING_CAST(uint32_t, flags);
}

/* One CQE per receive, each in a provided buffer (URING_RECV_MULTISHOT). The caller sets
 * URING_SQE_BUFFER_SELECT in sqe->flags and the group in sqe->buf_group: this helper has
 * liburing's arguments, which name no group (uring_prep_read_multishot takes one, so it
 * sets both itself). `buf` is not used (pass NULL). `len` must be 0 on kernels before
 * 6.16, which take it as a cap on each receive. Not with MSG_WAITALL.
 * Every CQE with URING_CQE_F_MORE is one receive; a CQE without it ends the request,
 * which takes no more data until it is submitted again. res -ENOBUFS there means the
 * group ran out of buffers: add buffers (uring_buf_ring_add), then re-arm. 6.0 */
static inline void uring_prep_recv_multishot(struct uring_sqe *sqe, int sockfd, void *buf,
                                             size_t len, int flags) {
  uring_prep_recv(sqe, sockfd, buf, len, flags);
  sqe->ioprio |= URING_CAST(uint16_t, URING_RECV_MULTISHOT);
}

/* recvmsg(2). The kernel reads the msghdr at prep time. 5.3 */
static inline void uring_prep_recvmsg(struct uring_sqe *sqe, int fd, struct msghdr *msg,
                                      unsigned flags) {
  uring_prep_rw(URING_OP_RECVMSG, sqe, fd, msg, 1, 0);
  sqe->msg_flags = flags;
}

/* Multishot recvmsg(2): each provided buffer starts with a struct uring_recvmsg_out, then
 * the name, control data and payload sized by `msg` (msg_namelen, msg_controllen). 6.0 */
static inline void uring_prep_recvmsg_multishot(struct uring_sqe *sqe, int fd,
                                                struct msghdr *msg, unsigned flags) {
  uring_prep_recvmsg(sqe, fd, msg, flags);
  sqe->ioprio |= URING_CAST(uint16_t, URING_RECV_MULTISHOT);
}

/* Zero-copy receive of `len` bytes through zero-copy receive queue `zcrx_ifq_idx`
 * (URING_REGISTER_ZCRX_IFQ); data arrives as 32-byte CQEs referencing the area.
 * `flags` (ioprio): 0 or URING_RECVSEND_POLL_FIRST. MSG_* flags are not taken. 6.15 */
static inline void uring_prep_recv_zc(struct uring_sqe *sqe, int sockfd, unsigned len,
                                      unsigned zcrx_ifq_idx, unsigned flags) {
  uring_prep_rw(URING_OP_RECV_ZC, sqe, sockfd, URING_NULL, len, 0);
  sqe->ioprio = URING_CAST(uint16_t, flags);
  sqe->zcrx_ifq_idx = zcrx_ifq_idx;
}

/* Multishot zero-copy receive: keeps receiving until `len` bytes (0: no limit), an error
 * or cancellation. 6.15 */
static inline void uring_prep_recv_zc_multishot(struct uring_sqe *sqe, int sockfd,
                                                unsigned len, unsigned zcrx_ifq_idx,
                                                unsigned flags) {
  uring_prep_recv_zc(sqe, sockfd, len, zcrx_ifq_idx, flags);
  sqe->ioprio |= URING_CAST(uint16_t, URING_RECV_MULTISHOT);
}

/* shutdown(2), `how` SHUT_RD / SHUT_WR / SHUT_RDWR in len. 5.11 */
static inline void uring_prep_shutdown(struct uring_sqe *sqe, int fd, int how) {
  uring_prep_rw(URING_OP_SHUTDOWN, sqe, fd, URING_NULL, URING_CAST(unsigned, how), 0);
}

/* A socket command through URING_CMD: `cmd_op` is URING_SOCKET_OP_SIOCINQ / SIOCOUTQ
 * (cqe->res: the byte count) or GETSOCKOPT / SETSOCKOPT, whose level and optname share
 * addr's 8 bytes, optval sits in addr3 and optlen in file_index (cqe->res of GETSOCKOPT:
 * the option's length). The kernel allows only SOL_SOCKET for GETSOCKOPT. 6.7 */
static inline void uring_prep_cmd_sock(struct uring_sqe *sqe, int cmd_op, int fd, int level,
                                       int optname, void *optval, int optlen) {
  uring_prep_rw(URING_OP_URING_CMD, sqe, fd, URING_NULL, 0, 0);
  sqe->cmd_op = URING_CAST(uint32_t, cmd_op);
  sqe->sockopt.level = URING_CAST(uint32_t, level);
  sqe->sockopt.optname = URING_CAST(uint32_t, optname);
  sqe->optval = URING_PTR_TO_U64(optval);
  sqe->optlen = URING_CAST(uint32_t, optlen);
}

/* getsockname(2), or getpeername(2) with `peer` 1, through URING_CMD
 * (URING_SOCKET_OP_GETSOCKNAME): the address in addr, the socklen_t pointer in addr3,
 * `peer` in file_index. 6.19 */
static inline void uring_prep_cmd_getsockname(struct uring_sqe *sqe, int fd,
                                              struct sockaddr *sockaddr,
                                              uint32_t *sockaddr_len, int peer) {
  uring_prep_rw(URING_OP_URING_CMD, sqe, fd, sockaddr, 0, 0);
  sqe->cmd_op = URING_CAST(uint32_t, URING_SOCKET_OP_GETSOCKNAME);
  sqe->addr3 = URING_PTR_TO_U64(sockaddr_len);
  sqe->optlen = URING_CAST(uint32_t, peer);
}

#ifdef __cplusplus
}
#endif

#endif /* URING_OPCODE_NET_H */
