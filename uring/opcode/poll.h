/* Readiness: POLL_ADD, POLL_REMOVE (also the update form), EPOLL_CTL, EPOLL_WAIT. */
#ifndef URING_OPCODE_POLL_H
#define URING_OPCODE_POLL_H

#include <stdint.h>

#include "uring/opcode/prep.h"
#include "uring/sys/cast.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Declared only: the helpers pass pointers to it through to the kernel. */
struct epoll_event;

/* The kernel reads the 32-bit poll mask (URING_FEAT_POLL_32BITS, 5.9) with its two 16-bit
 * halves swapped on big-endian machines, so that the low half stays where 5.1-5.8 read
 * the 16-bit poll_events. */
static inline uint32_t uring_priv_poll_mask(unsigned poll_mask) {
#if defined(__BYTE_ORDER__) && defined(__ORDER_BIG_ENDIAN__) && \
    __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  return (uint32_t)((poll_mask << 16) | (poll_mask >> 16));
#else
  return URING_CAST(uint32_t, poll_mask);
#endif
}

/* poll(2) on `fd` for `poll_mask` (POLLIN, POLLOUT, ...): one CQE with the ready events in
 * cqe->res. 5.1 */
static inline void uring_prep_poll_add(struct uring_sqe *sqe, int fd, unsigned poll_mask) {
  uring_prep_rw(URING_OP_POLL_ADD, sqe, fd, URING_NULL, 0, 0);
  sqe->poll32_events = uring_priv_poll_mask(poll_mask);
}

/* A poll that stays armed: one CQE (URING_CQE_F_MORE) per readiness change
 * (URING_POLL_ADD_MULTI in len). 5.13 */
static inline void uring_prep_poll_multishot(struct uring_sqe *sqe, int fd,
                                             unsigned poll_mask) {
  uring_prep_poll_add(sqe, fd, poll_mask);
  sqe->len = URING_POLL_ADD_MULTI;
}

/* Removes the poll request whose user_data is `user_data` (in addr). 5.1 */
static inline void uring_prep_poll_remove(struct uring_sqe *sqe, uint64_t user_data) {
  uring_prep_rw(URING_OP_POLL_REMOVE, sqe, -1, URING_NULL, 0, 0);
  sqe->addr = user_data;
}

/* Changes the poll request `old_user_data` in place: `flags` (in len) picks what to change,
 * URING_POLL_UPDATE_EVENTS for `poll_mask`, URING_POLL_UPDATE_USER_DATA for
 * `new_user_data` (in off), and may add URING_POLL_ADD_MULTI. 5.13 */
static inline void uring_prep_poll_update(struct uring_sqe *sqe, uint64_t old_user_data,
                                          uint64_t new_user_data, unsigned poll_mask,
                                          unsigned flags) {
  uring_prep_rw(URING_OP_POLL_REMOVE, sqe, -1, URING_NULL, flags, new_user_data);
  sqe->addr = old_user_data;
  sqe->poll32_events = uring_priv_poll_mask(poll_mask);
}

/* epoll_ctl(2) on epoll instance `epfd`: `op` (EPOLL_CTL_*) in len, the target `fd` in
 * off, `ev` in addr, copied at prep time. 5.6 */
static inline void uring_prep_epoll_ctl(struct uring_sqe *sqe, int epfd, int fd, int op,
                                        struct epoll_event *ev) {
  uring_prep_rw(URING_OP_EPOLL_CTL, sqe, epfd, ev, URING_CAST(unsigned, op),
                URING_CAST(uint32_t, fd));
}

/* epoll_wait(2) without a timeout: completes once events are ready, up to `maxevents` in
 * `events`; cqe->res is their count. `flags` must be 0. 6.15 */
static inline void uring_prep_epoll_wait(struct uring_sqe *sqe, int fd,
                                         struct epoll_event *events, int maxevents,
                                         unsigned flags) {
  uring_prep_rw(URING_OP_EPOLL_WAIT, sqe, fd, events, URING_CAST(unsigned, maxevents), 0);
  sqe->rw_flags = URING_CAST(int32_t, flags);
}

#ifdef __cplusplus
}
#endif

#endif /* URING_OPCODE_POLL_H */
