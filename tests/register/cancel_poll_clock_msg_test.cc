// Synchronous cancellation, NAPI busy polling, the wait clock and messages without a ring
// on the real kernel (uring/ring/register.h, "Cancellation, polling, clocks, messages").
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <time.h>

#include "gtest/gtest.h"
#include "tests/register/util.h"
#include "tests/support/kernel.h"
#include "uring/uring.h"

namespace {

using uring_register_test::Cqe;
using uring_register_test::Pipe;
using uring_register_test::Ring;
using uring_register_test::TempFile;
using uring_register_test::WaitCqe;

// ---- Synchronous cancel ---------------------------------------------------------------

TEST(RegisterSyncCancel, CancelsPendingPipeReadByUserData) {
  URING_SKIP_WITHOUT_KERNEL();
  Ring ring;
  ASSERT_EQ(ring.Init(8, 0), 0);
  Pipe p;
  ASSERT_GE(p.r(), 0);
  char buf[16];
  struct uring_sqe *sqe = uring_get_sqe(ring.get());
  uring_prep_read(sqe, p.r(), buf, sizeof buf, 0);
  uring_sqe_set_data64(sqe, 0x11);
  ASSERT_EQ(uring_submit(ring.get()), 1);
  EXPECT_EQ(uring_cq_ready(ring.get()), 0u) << "the read must be waiting for data";

  struct uring_sync_cancel_reg reg;
  memset(&reg, 0, sizeof reg);
  reg.addr = 0x11;
  reg.timeout.tv_sec = -1;
  reg.timeout.tv_nsec = -1;
  int ret = uring_register_sync_cancel(ring.get(), &reg);
  URING_SKIP_IF_UNSUPPORTED(ret, "synchronous cancel (6.0)");
  ASSERT_EQ(ret, 0);
  Cqe c;
  ASSERT_EQ(WaitCqe(ring.get(), &c), 0);
  EXPECT_EQ(c.user_data, 0x11u);
  EXPECT_EQ(c.res, -ECANCELED);
  EXPECT_EQ(uring_register_sync_cancel(ring.get(), &reg), -ENOENT);

  reg.pad[0] = 1;
  EXPECT_EQ(uring_register_sync_cancel(ring.get(), &reg), -EINVAL);
}

TEST(RegisterSyncCancel, CancelsAllPollsOnAnFd) {
  URING_SKIP_WITHOUT_KERNEL();
  Ring ring;
  ASSERT_EQ(ring.Init(8, 0), 0);
  Pipe p;
  ASSERT_GE(p.r(), 0);
  for (uint64_t ud = 1; ud <= 2; ud++) {
    struct uring_sqe *sqe = uring_get_sqe(ring.get());
    uring_prep_rw(URING_OP_POLL_ADD, sqe, p.r(), nullptr, 0, 0);
    sqe->poll32_events = POLLIN;
    uring_sqe_set_data64(sqe, ud);
  }
  ASSERT_EQ(uring_submit(ring.get()), 2);
  struct uring_sync_cancel_reg reg;
  memset(&reg, 0, sizeof reg);
  reg.fd = p.r();
  reg.flags = URING_ASYNC_CANCEL_FD | URING_ASYNC_CANCEL_ALL;
  reg.timeout.tv_sec = -1;
  reg.timeout.tv_nsec = -1;
  int ret = uring_register_sync_cancel(ring.get(), &reg);
  URING_SKIP_IF_UNSUPPORTED(ret, "synchronous cancel (6.0)");
  EXPECT_EQ(ret, 2) << "ALL reports how many it cancelled";
  Cqe a, b;
  ASSERT_EQ(WaitCqe(ring.get(), &a), 0);
  ASSERT_EQ(WaitCqe(ring.get(), &b), 0);
  EXPECT_EQ(a.res, -ECANCELED);
  EXPECT_EQ(b.res, -ECANCELED);
  EXPECT_EQ(a.user_data + b.user_data, 3u);
}

// ---- Clock, NAPI ----------------------------------------------------------------------

TEST(RegisterClock, AcceptsMonotonicAndBoottimeOnly) {
  URING_SKIP_WITHOUT_KERNEL();
  Ring ring;
  ASSERT_EQ(ring.Init(4, 0), 0);
  struct uring_clock_register clk;
  memset(&clk, 0, sizeof clk);
  clk.clockid = CLOCK_BOOTTIME;
  int ret = uring_register_clock(ring.get(), &clk);
  URING_SKIP_IF_UNSUPPORTED(ret, "wait clock selection (6.12)");
  ASSERT_EQ(ret, 0);
  clk.clockid = CLOCK_REALTIME;
  EXPECT_EQ(uring_register_clock(ring.get(), &clk), -EINVAL);
  clk.clockid = CLOCK_MONOTONIC;
  clk.resv[1] = 1;
  EXPECT_EQ(uring_register_clock(ring.get(), &clk), -EINVAL);
  clk.resv[1] = 0;
  EXPECT_EQ(uring_register_clock(ring.get(), &clk), 0);

  // With CLOCK_BOOTTIME registered, an absolute deadline (6.12) on that clock that is
  // already past ends the wait at once.
  clk.clockid = CLOCK_BOOTTIME;
  ASSERT_EQ(uring_register_clock(ring.get(), &clk), 0);
  struct timespec now;
  ASSERT_EQ(clock_gettime(CLOCK_BOOTTIME, &now), 0);
  struct uring_timespec ts = {now.tv_sec - 1, now.tv_nsec};
  struct uring_getevents_arg arg;
  memset(&arg, 0, sizeof arg);
  arg.ts = (uint64_t)(uintptr_t)&ts;
  ret = uring_enter(ring.get(), 0, 1,
                    URING_ENTER_GETEVENTS | URING_ENTER_EXT_ARG | URING_ENTER_ABS_TIMER, &arg,
                    sizeof arg);
  EXPECT_EQ(ret, -ETIME);
}

TEST(RegisterNapi, SettingsReadBack) {
  URING_SKIP_WITHOUT_KERNEL();
  Ring ring;
  ASSERT_EQ(ring.Init(4, 0), 0);
  struct uring_napi napi;
  memset(&napi, 0, sizeof napi);
  napi.busy_poll_to = 50;
  napi.prefer_busy_poll = 1;
  napi.opcode = URING_NAPI_REGISTER_OP;
  napi.op_param = URING_NAPI_TRACKING_DYNAMIC;
  int ret = uring_register_napi(ring.get(), &napi);
  URING_SKIP_IF_UNSUPPORTED(ret, "NAPI busy polling (6.9, CONFIG_NET_RX_BUSY_POLL)");
  ASSERT_EQ(ret, 0);
  EXPECT_EQ(napi.busy_poll_to, 0u) << "the previous settings come back: none";

  struct uring_napi next;
  memset(&next, 0, sizeof next);
  next.busy_poll_to = 100;
  next.opcode = URING_NAPI_REGISTER_OP;
  ASSERT_EQ(uring_register_napi(ring.get(), &next), 0);
  EXPECT_EQ(next.busy_poll_to, 50u);
  EXPECT_EQ(next.prefer_busy_poll, 1);

  struct uring_napi old;
  memset(&old, 0, sizeof old);
  ASSERT_EQ(uring_unregister_napi(ring.get(), &old), 0);
  EXPECT_EQ(old.busy_poll_to, 100u);
  EXPECT_EQ(old.prefer_busy_poll, 0);
  EXPECT_EQ(uring_unregister_napi(ring.get(), nullptr), 0);
}

// ---- Messages without a ring ----------------------------------------------------------

TEST(RegisterSendMsgRing, DeliversCqeIntoTargetRing) {
  URING_SKIP_WITHOUT_KERNEL();
  Ring target;
  ASSERT_EQ(target.Init(4, 0), 0);
  struct uring_sqe sqe;
  uring_prep_rw(URING_OP_MSG_RING, &sqe, target->ring_fd, (const void *)(uintptr_t)URING_MSG_DATA,
                77, 0xfeed);
  int ret = uring_register_send_msg_ring(&sqe);
  URING_SKIP_IF_UNSUPPORTED(ret, "MSG_RING without a ring (6.13)");
  ASSERT_EQ(ret, 0);
  Cqe c;
  ASSERT_EQ(WaitCqe(target.get(), &c), 0);
  EXPECT_EQ(c.user_data, 0xfeedu);
  EXPECT_EQ(c.res, 77);

  sqe.flags = URING_SQE_IO_LINK;
  EXPECT_EQ(uring_register_send_msg_ring(&sqe), -EINVAL) << "no SQE flags allowed";
  sqe.flags = 0;
  sqe.opcode = URING_OP_NOP;
  EXPECT_EQ(uring_register_send_msg_ring(&sqe), -EINVAL);
  TempFile f("x");
  uring_prep_rw(URING_OP_MSG_RING, &sqe, f.fd, (const void *)(uintptr_t)URING_MSG_DATA, 1, 1);
  EXPECT_EQ(uring_register_send_msg_ring(&sqe), -EBADFD) << "the target is not a ring";
}

}  // namespace
