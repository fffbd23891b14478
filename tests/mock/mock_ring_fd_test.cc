// The mock kernel ring's descriptors and mappings: teardown leaves nothing, registered ring
// fds follow the kernel's rules, and bad fds and regions are refused.
#include <errno.h>
#include <string.h>

#include <cstdint>
#include <vector>

#include "gtest/gtest.h"
#include "tests/mock/mock_ring_fixture.h"
#include "uring/mock/mock.h"
#include "uring/uring.h"

namespace {

using uring_mock_test::Cqe;
using uring_mock_test::MockRing;
using uring_mock_test::QueueNop;
using uring_mock_test::Reap;

TEST_F(MockRing, TeardownUnmapsAndClosesEverything) {
  ASSERT_EQ(Init(16), 0);
  EXPECT_FALSE(uring_mock_quiescent(m()));
  Exit();
  EXPECT_TRUE(uring_mock_quiescent(m()));
  EXPECT_EQ(m()->stats.maps, 2u);
  EXPECT_EQ(m()->stats.unmaps, 2u);
  EXPECT_EQ(m()->stats.closes, 1u);
  uring_exit(&ring_);  // again: nothing more happens
  EXPECT_EQ(m()->stats.unmaps, 2u);
  EXPECT_EQ(m()->stats.closes, 1u);
}

TEST_F(MockRing, RegisteredRingFd) {
  ASSERT_EQ(Init(4), 0);
  ASSERT_EQ(uring_register_ring_fd(&ring_), 0);
  EXPECT_EQ(ring_.enter_fd, 0);
  EXPECT_EQ(uring_register_ring_fd(&ring_), -EEXIST);
  ASSERT_TRUE(QueueNop(&ring_, 1));
  EXPECT_EQ(uring_submit(&ring_), 1);
  struct uring_probe_info info;
  EXPECT_EQ(uring_get_probe(&ring_, &info), 0);  // register through the index
  // With the fd closed the index alone keeps the ring.
  ASSERT_EQ(uring_close_ring_fd(&ring_), 0);
  EXPECT_EQ(m()->stats.closes, 1u);
  EXPECT_FALSE(uring_mock_quiescent(m()));
  EXPECT_EQ(be()->enter(m(), fd(), 0, 0, 0, nullptr, 0), -EBADF);
  ASSERT_TRUE(QueueNop(&ring_, 2));
  EXPECT_EQ(uring_submit(&ring_), 1);
  std::vector<Cqe> c = Reap(&ring_);
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[1].user_data, 2u);
  Exit();  // unregisters the index: the ring goes
  EXPECT_TRUE(uring_mock_quiescent(m()));
}

TEST_F(MockRing, DeferTaskrunRingRegistersItsFd) {
  ASSERT_EQ(Init(4, URING_SETUP_SINGLE_ISSUER | URING_SETUP_DEFER_TASKRUN), 0);
  // Setup with explicit params registers nothing (only uring_init does); registering on
  // the mock works as on the kernel.
  EXPECT_FALSE(ring_.int_flags & URING_INT_REG_RING);
  ASSERT_EQ(uring_register_ring_fd(&ring_), 0);
  EXPECT_TRUE(ring_.int_flags & URING_INT_REG_RING);
  EXPECT_TRUE(ring_.enter_flags & URING_ENTER_REGISTERED_RING);
  ASSERT_TRUE(QueueNop(&ring_, 1));
  EXPECT_EQ(uring_submit_and_wait(&ring_, 1), 1);
  EXPECT_EQ(Reap(&ring_).size(), 1u);
}

TEST_F(MockRing, RingFdRegistrationRules) {
  ASSERT_EQ(Init(4), 0);
  struct uring_rsrc_update up[2];
  memset(up, 0, sizeof up);
  up[0].offset = UINT32_MAX;
  up[0].data = static_cast<uint32_t>(ring_.ring_fd);
  up[1] = up[0];
  up[1].resv = 1;
  EXPECT_EQ(uring_register(&ring_, URING_REGISTER_RING_FDS, up, 2), 1);  // partial
  EXPECT_EQ(up[0].offset, 0u);
  EXPECT_EQ(uring_register(&ring_, URING_REGISTER_RING_FDS, up, 0), -EINVAL);
  EXPECT_EQ(uring_register(&ring_, URING_REGISTER_RING_FDS, up, 17), -EINVAL);
  up[0].offset = 3;
  EXPECT_EQ(uring_register(&ring_, URING_REGISTER_RING_FDS, up, 1), 1);
  EXPECT_EQ(uring_register(&ring_, URING_REGISTER_RING_FDS, up, 1), -EBUSY);
  up[0].offset = 16;
  EXPECT_EQ(uring_register(&ring_, URING_REGISTER_RING_FDS, up, 1), -EINVAL);
  up[0].offset = UINT32_MAX;
  up[0].data = 1;  // not this ring
  EXPECT_EQ(uring_register(&ring_, URING_REGISTER_RING_FDS, up, 1), -EBADF);
  EXPECT_EQ(be()->enter(m(), 3, 0, 0, URING_ENTER_REGISTERED_RING, nullptr, 0), 0);

  memset(up, 0, sizeof up);
  up[0].offset = 5;  // an empty slot: not an error
  EXPECT_EQ(uring_register(&ring_, URING_UNREGISTER_RING_FDS, up, 1), 1);
  up[0].data = 5;
  EXPECT_EQ(uring_register(&ring_, URING_UNREGISTER_RING_FDS, up, 1), -EINVAL);
  up[0].data = 0;
  up[0].offset = 0;
  up[1].offset = 3;
  EXPECT_EQ(uring_register(&ring_, URING_UNREGISTER_RING_FDS, up, 2), 2);
  EXPECT_EQ(be()->enter(m(), 3, 0, 0, URING_ENTER_REGISTERED_RING, nullptr, 0), -EBADF);
}

TEST_F(MockRing, BadFdsAndRegions) {
  ASSERT_EQ(Init(4), 0);
  const int f = fd();
  char probe[16 + 8 * 4] = {};
  void *out = nullptr;
  EXPECT_EQ(be()->enter(m(), f + 1, 0, 0, 0, nullptr, 0), -EBADF);
  EXPECT_EQ(be()->enter(m(), 3, 0, 0, URING_ENTER_REGISTERED_RING, nullptr, 0), -EBADF);
  EXPECT_EQ(be()->enter(m(), 16, 0, 0, URING_ENTER_REGISTERED_RING, nullptr, 0), -EINVAL);
  EXPECT_EQ(be()->enter(m(), -1, 0, 0, URING_ENTER_REGISTERED_RING, nullptr, 0), -EINVAL);
  EXPECT_EQ(be()->reg(m(), f + 1, URING_REGISTER_PROBE, probe, 4), -EBADF);
  EXPECT_EQ(be()->reg(m(), 2, URING_REGISTER_PROBE | URING_REGISTER_USE_REGISTERED_RING, probe, 4),
            -EBADF);
  EXPECT_EQ(be()->map(m(), 5, URING_OFF_SQES, 64, &out), -EBADF);
  EXPECT_EQ(be()->close(m(), f + 1), -EBADF);

  // Regions: the CQ ring offset names the one rings region; nothing beyond it.
  ASSERT_EQ(be()->map(m(), f, URING_OFF_CQ_RING, 64, &out), 0);
  EXPECT_EQ(out, ring_.sq_ring.addr);
  EXPECT_EQ(be()->unmap(m(), out, 32), -EINVAL);
  EXPECT_EQ(be()->unmap(m(), out, 64), 0);
  EXPECT_EQ(be()->map(m(), f, URING_OFF_SQES, ring_.sqes.size + 1, &out), -EINVAL);
  EXPECT_EQ(be()->map(m(), f, URING_OFF_SQ_RING, ring_.sq_ring.size + 1, &out), -EINVAL);
  EXPECT_EQ(be()->map(m(), f, URING_OFF_SQES, 0, &out), -EINVAL);
  EXPECT_EQ(be()->map(m(), f, URING_OFF_PBUF_RING, 64, &out), -EINVAL);
  EXPECT_EQ(be()->unmap(m(), mm_.mem() + 64, 64), -EINVAL);

  Exit();
  EXPECT_EQ(be()->enter(m(), f, 0, 0, 0, nullptr, 0), -EBADF);
  EXPECT_EQ(be()->reg(m(), f, URING_REGISTER_PROBE, probe, 4), -EBADF);
  EXPECT_EQ(be()->map(m(), f, URING_OFF_SQES, 64, &out), -EBADF);
  EXPECT_EQ(be()->close(m(), f), -EBADF);
  EXPECT_EQ(uring_mock_post_cqe(m(), 1, 0, 0, 0, 0), -EBADF);
  EXPECT_EQ(uring_register(&ring_, URING_REGISTER_PROBE, probe, 4), -EBADF);
}

}  // namespace
