// The poll and epoll helpers (uring/opcode/poll.h) against liburing 2.3 where it has them,
// against golden SQEs where it does not.
#include <liburing.h>
#include <poll.h>

#include "gtest/gtest.h"
#include "tests/opcode/encoding.h"
#include "uring/uring.h"

namespace {

using uring_test::Args;
using uring_test::Ptr;
using uring_test::Want;
using uring_test::kOffset;

TEST(EncodingLiburing23, Poll) {
  Args a;
  SAME(URING_OP_POLL_ADD, uring_prep_poll_add(sqe, 3, POLLIN | POLLRDHUP),
       io_uring_prep_poll_add(sqe, 3, POLLIN | POLLRDHUP));
  // EPOLLEXCLUSIVE sits in the upper 16 bits of the 32-bit mask.
  SAME(URING_OP_POLL_ADD, uring_prep_poll_add(sqe, 3, 1u << 28),
       io_uring_prep_poll_add(sqe, 3, 1u << 28));
  SAME(URING_OP_POLL_ADD, uring_prep_poll_multishot(sqe, 3, POLLOUT),
       io_uring_prep_poll_multishot(sqe, 3, POLLOUT));
  SAME(URING_OP_POLL_REMOVE, uring_prep_poll_remove(sqe, kOffset),
       io_uring_prep_poll_remove(sqe, kOffset));
  SAME(URING_OP_POLL_REMOVE,
       uring_prep_poll_update(sqe, 11, 22, POLLIN,
                              URING_POLL_UPDATE_EVENTS | URING_POLL_UPDATE_USER_DATA),
       io_uring_prep_poll_update(sqe, 11, 22, POLLIN,
                                 IORING_POLL_UPDATE_EVENTS | IORING_POLL_UPDATE_USER_DATA));
  SAME(URING_OP_EPOLL_CTL, uring_prep_epoll_ctl(sqe, 5, 6, 1, a.epev()),
       io_uring_prep_epoll_ctl(sqe, 5, 6, 1, a.epev()));
  SAME(URING_OP_EPOLL_CTL, uring_prep_epoll_ctl(sqe, 5, 6, 2, nullptr),
       io_uring_prep_epoll_ctl(sqe, 5, 6, 2, nullptr));
}

// ---- poll.h (io_uring/epoll.c io_epoll_wait_prep) -----------------------------------

TEST(Golden, EpollWait) {
  unsigned char events[4 * 16];
  Want w;
  w->opcode = URING_OP_EPOLL_WAIT;
  w->fd = 5;
  w->addr = Ptr(events);
  w->len = 4;
  CHECK_PREP(w,
             uring_prep_epoll_wait(sqe, 5, reinterpret_cast<struct epoll_event *>(events), 4, 0));
}

}  // namespace
