/* Part of the liburing compatibility layer: include uring/compat/liburing.h, which says what
 * the layer provides and where it differs from liburing. This part: the io_uring_prep_*
 * helpers.
 */
#ifndef URING_COMPAT_PREP_H
#define URING_COMPAT_PREP_H

#include "uring/compat/names.h"
#include "uring/uring.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Prep helpers ----------------------------------------------------------------------
 * Each io_uring_prep_X(sqe, ...) is uring_prep_X(sqe, ...) (its header names the kernel
 * release the opcode needs), keeping the user_data, personality and flags the SQE had
 * before the call (see uring/compat/liburing.h). */
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
static inline void io_uring_prep_sendmsg_zc_fixed(struct io_uring_sqe *sqe, int fd,
                                                  const struct msghdr *msg, unsigned flags,
                                                  unsigned buf_index) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_sendmsg_zc_fixed(sqe, fd, msg, flags, buf_index));
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
static inline void io_uring_prep_cmd_discard(struct io_uring_sqe *sqe, int fd, uint64_t offset,
                                             uint64_t nbytes) {
  URING_PRIV_COMPAT_PREP(sqe, uring_prep_cmd_discard(sqe, fd, offset, nbytes));
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

#ifdef __cplusplus
}
#endif

#endif /* URING_COMPAT_PREP_H */
