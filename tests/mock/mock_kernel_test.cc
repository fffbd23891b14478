// The mock's kernel profiles (uring_mock_set_kernel) and the library paths for kernels too
// old to boot here: separate SQ/CQ mappings (before 5.4), dropped completions (before
// 5.5), no probe (before 5.6), no extended wait argument (before 5.11), the setup flags
// uring_init adds and drops, and register calls without URING_FEAT_REG_REG_RING (before
// 6.3). Every ring is also torn down completely (the harness-style checks at the end).
#include <errno.h>
#include <string.h>

#include <cstdint>
#include <new>
#include <vector>

#include "gtest/gtest.h"
#include "uring/mock/mock.h"
#include "uring/uring.h"

namespace {

constexpr size_t kAlign = 4096;

// A mock modelling release major.minor, with memory for a ring of up to 64 entries and a
// small backlog.
class Profile {
 public:
  Profile(unsigned major, unsigned minor) {
    memset(&m_, 0, sizeof m_);
    size_ = uring_mock_mem_size_kernel(major, minor, 64, nullptr, 64);
    mem_ = ::operator new(size_, std::align_val_t(kAlign));
    uring_mock_init(&m_, mem_, size_);
    EXPECT_EQ(uring_mock_set_kernel(&m_, major, minor), 0);
    memset(&ring_, 0, sizeof ring_);
  }
  ~Profile() {
    if (live_) uring_exit(&ring_);
    EXPECT_TRUE(uring_mock_quiescent(&m_)) << "maps " << m_.stats.maps << " unmaps "
                                          << m_.stats.unmaps;
    EXPECT_EQ(m_.stats.maps, m_.stats.unmaps);
    ::operator delete(mem_, std::align_val_t(kAlign));
  }
  // uring_init_params semantics, on this mock.
  int Init(unsigned entries, unsigned flags) {
    struct uring_params p;
    memset(&p, 0, sizeof p);
    p.flags = flags;
    int ret = uring_mock_ring_init(&ring_, &m_, entries, &p);
    live_ = ret == 0;
    return ret;
  }
  struct uring *ring() { return &ring_; }
  struct uring_mock *mock() { return &m_; }

 private:
  struct uring_mock m_;
  void *mem_ = nullptr;
  size_t size_ = 0;
  struct uring ring_;
  bool live_ = false;
};

void QueueNops(struct uring *r, unsigned n, uint64_t first) {
  for (unsigned i = 0; i < n; i++) {
    struct uring_sqe *sqe = uring_get_sqe(r);
    ASSERT_NE(sqe, nullptr);
    uring_prep_nop(sqe);
    uring_sqe_set_data64(sqe, first + i);
  }
}

std::vector<uint64_t> Reap(struct uring *r) {
  std::vector<uint64_t> out;
  struct uring_cqe *cqe;
  while (uring_peek_cqe(r, &cqe) == 0) {
    out.push_back(cqe->user_data);
    uring_cqe_seen(r, cqe);
  }
  return out;
}

TEST(MockKernel, ProfileIsChecked) {
  struct uring_mock m;
  unsigned char mem[64];
  uring_mock_init(&m, mem, sizeof mem);
  EXPECT_EQ(uring_mock_set_kernel(&m, 4, 20), -EINVAL);
  EXPECT_EQ(uring_mock_set_kernel(&m, 5, 0), -EINVAL);
  EXPECT_EQ(uring_mock_set_kernel(&m, 5, 1), 0);
  EXPECT_EQ(uring_mock_set_kernel(&m, 0, 0), 0);
  EXPECT_EQ(uring_mock_kernel(&m), 0u);
}

// 5.1-5.3: two ring regions. The library maps each at its offset, reads the CQ words from
// the CQ region, and unmaps all three regions at exit (the Profile destructor checks).
TEST(MockKernel, SeparateRingMappingsBefore54) {
  Profile k(5, 1);
  ASSERT_EQ(k.Init(8, 0), 0);
  EXPECT_EQ(uring_mock_kernel(k.mock()), 501u);
  EXPECT_EQ(k.ring()->features & URING_FEAT_SINGLE_MMAP, 0u);
  EXPECT_NE(k.ring()->sq_ring.addr, k.ring()->cq_ring.addr);
  EXPECT_EQ(k.mock()->stats.maps, 3u);
  EXPECT_EQ(k.ring()->cq.kflags, nullptr) << "no CQ flags word before 5.8";
  EXPECT_EQ(uring_cq_eventfd_toggle(k.ring(), 0), -EOPNOTSUPP);
  EXPECT_NE(uring_cq_eventfd_enabled(k.ring()), 0);
  for (unsigned round = 0; round < 5; round++) {
    QueueNops(k.ring(), 8, round * 8);
    ASSERT_EQ(uring_submit_and_wait(k.ring(), 8), 8);
    std::vector<uint64_t> want;
    for (unsigned i = 0; i < 8; i++) want.push_back(round * 8 + i);
    EXPECT_EQ(Reap(k.ring()), want);
  }
  // READ is 5.6's and the probe 5.6's too; READV is 5.1's.
  struct uring_probe_info info;
  EXPECT_EQ(uring_get_probe(k.ring(), &info), -EINVAL);
  struct uring_sqe *sqe = uring_get_sqe(k.ring());
  uring_prep_read(sqe, 3, nullptr, 0, 0);
  uring_sqe_set_data64(sqe, 99);
  ASSERT_EQ(uring_submit(k.ring()), 1);
  struct uring_cqe *cqe = nullptr;
  ASSERT_EQ(uring_peek_cqe(k.ring(), &cqe), 0);
  EXPECT_EQ(cqe->user_data, 99u);
  EXPECT_EQ(cqe->res, -EINVAL);
  uring_cqe_seen(k.ring(), cqe);
}

// 5.4 has SINGLE_MMAP: one region for both rings, mapped once.
TEST(MockKernel, SingleMappingFrom54) {
  Profile k(5, 4);
  ASSERT_EQ(k.Init(8, 0), 0);
  EXPECT_NE(k.ring()->features & URING_FEAT_SINGLE_MMAP, 0u);
  EXPECT_EQ(k.ring()->sq_ring.addr, k.ring()->cq_ring.addr);
  EXPECT_EQ(k.mock()->stats.maps, 2u);
}

// Before NODROP (5.5) the CQ keeps what fits; the rest is counted in the overflow word, the
// SQ flags never say CQ_OVERFLOW, and no wait can bring the rest back.
TEST(MockKernel, CompletionsDroppedBefore55) {
  Profile k(5, 4);
  ASSERT_EQ(k.Init(4, 0), 0);
  EXPECT_EQ(k.ring()->features & URING_FEAT_NODROP, 0u);
  for (unsigned i = 0; i < 3; i++) {
    QueueNops(k.ring(), 4, i * 4);
    ASSERT_EQ(uring_submit(k.ring()), 4);
  }
  EXPECT_EQ(uring_cq_ready(k.ring()), 8u);
  EXPECT_EQ(*k.ring()->cq.koverflow, 4u);
  EXPECT_EQ(*k.ring()->sq.kflags & URING_SQ_CQ_OVERFLOW, 0u);
  EXPECT_EQ(Reap(k.ring()), (std::vector<uint64_t>{0, 1, 2, 3, 4, 5, 6, 7}));
  struct uring_cqe *cqe;
  EXPECT_EQ(uring_peek_cqe(k.ring(), &cqe), -EAGAIN);
}

// CQSIZE is 5.5's, CLAMP 5.6's, R_DISABLED 5.10's: setup refuses what the release lacks.
TEST(MockKernel, SetupFlagsByRelease) {
  {
    Profile k(5, 4);
    EXPECT_EQ(k.Init(8, URING_SETUP_CQSIZE), -EINVAL);
  }
  {
    Profile k(5, 5);
    struct uring_params p;
    memset(&p, 0, sizeof p);
    p.flags = URING_SETUP_CQSIZE;
    p.cq_entries = 32;
    ASSERT_EQ(uring_mock_ring_init(k.ring(), k.mock(), 8, &p), 0);
    EXPECT_EQ(k.ring()->cq.ring_entries, 32u);
    uring_exit(k.ring());
    EXPECT_EQ(k.Init(8, URING_SETUP_CLAMP), -EINVAL);
    EXPECT_EQ(k.Init(8, URING_SETUP_R_DISABLED), -EINVAL);
  }
  {
    Profile k(5, 10);
    EXPECT_EQ(k.Init(8, URING_SETUP_R_DISABLED), 0);
    EXPECT_EQ(uring_enable_rings(k.ring()), 0);
  }
}

// The flags uring_init adds where the kernel takes them: SUBMIT_ALL from 5.18, NO_SQARRAY
// from 6.6; earlier releases refuse each. Without SUBMIT_ALL the batch stops at an SQE
// that fails at submission, and the rest goes with the next submit.
TEST(MockKernel, OptionalFlagsByRelease) {
  struct Case {
    unsigned major, minor;
    bool submit_all, no_sqarray;
  } cases[] = {{5, 11, false, false}, {5, 18, true, false}, {6, 6, true, true}};
  for (const Case &c : cases) {
    SCOPED_TRACE(testing::Message() << c.major << "." << c.minor);
    Profile k(c.major, c.minor);
    EXPECT_EQ(k.Init(8, URING_SETUP_NO_SQARRAY), c.no_sqarray ? 0 : -EINVAL);
    if (c.no_sqarray) uring_exit(k.ring());
    int ret = k.Init(8, URING_SETUP_SUBMIT_ALL);
    if (!c.submit_all) {
      EXPECT_EQ(ret, -EINVAL);
      ASSERT_EQ(k.Init(8, 0), 0);
    } else {
      ASSERT_EQ(ret, 0);
    }
    for (uint64_t ud = 1; ud <= 3; ud++) {
      struct uring_sqe *sqe = uring_get_sqe(k.ring());
      ASSERT_NE(sqe, nullptr);
      uring_prep_nop(sqe);
      if (ud == 2) sqe->opcode = 0xff;  // unknown: refused at submission
      uring_sqe_set_data64(sqe, ud);
    }
    if (c.submit_all) {
      ASSERT_EQ(uring_submit(k.ring()), 3);
      EXPECT_EQ(Reap(k.ring()), (std::vector<uint64_t>{1, 2, 3}));
    } else {
      ASSERT_EQ(uring_submit(k.ring()), 2);
      EXPECT_EQ(uring_sq_ready(k.ring()), 1u);
      EXPECT_EQ(Reap(k.ring()), (std::vector<uint64_t>{1, 2}));
      ASSERT_EQ(uring_submit(k.ring()), 1);
      EXPECT_EQ(Reap(k.ring()), (std::vector<uint64_t>{3}));
    }
  }
}

// Before 5.11 there is no extended argument: the library refuses timed and masked waits
// itself, before it submits anything.
TEST(MockKernel, NoExtendedWaitArgumentBefore511) {
  Profile k(5, 10);
  ASSERT_EQ(k.Init(8, 0), 0);
  EXPECT_EQ(k.ring()->features & URING_FEAT_EXT_ARG, 0u);
  QueueNops(k.ring(), 2, 1);
  struct uring_timespec ts = {1, 0};
  struct uring_cqe *cqe = reinterpret_cast<struct uring_cqe *>(k.ring());
  EXPECT_EQ(uring_submit_and_wait_timeout(k.ring(), &cqe, 2, &ts, nullptr), -EOPNOTSUPP);
  EXPECT_EQ(cqe, nullptr);
  EXPECT_EQ(uring_sq_ready(k.ring()), 2u);
  EXPECT_EQ(k.mock()->stats.enters, 0u);
  ASSERT_EQ(uring_submit_and_wait(k.ring(), 2), 2);
  EXPECT_EQ(uring_wait_cqe_timeout(k.ring(), &cqe, &ts), -EOPNOTSUPP);
  EXPECT_EQ(Reap(k.ring()), (std::vector<uint64_t>{1, 2}));
  // The kernel itself refuses the flag.
  struct uring_getevents_arg arg;
  memset(&arg, 0, sizeof arg);
  EXPECT_EQ(uring_enter(k.ring(), 0, 1, URING_ENTER_GETEVENTS | URING_ENTER_EXT_ARG, &arg,
                        sizeof arg),
            -EINVAL);
}

// SQE flags and request flags newer than the release fail submission with -EINVAL.
TEST(MockKernel, RequestFlagsByRelease) {
  Profile k(5, 2);
  ASSERT_EQ(k.Init(8, 0), 0);
  struct uring_sqe *sqe = uring_get_sqe(k.ring());
  uring_prep_nop(sqe);
  uring_sqe_set_flags(sqe, URING_SQE_IO_LINK);  // 5.3
  uring_sqe_set_data64(sqe, 1);
  sqe = uring_get_sqe(k.ring());
  uring_prep_nop(sqe);
  uring_sqe_set_flags(sqe, URING_SQE_IO_DRAIN);  // 5.2
  uring_sqe_set_data64(sqe, 2);
  ASSERT_EQ(uring_submit(k.ring()), 1);  // refused at submission: the batch ends
  struct uring_cqe *cqe = nullptr;
  ASSERT_EQ(uring_peek_cqe(k.ring(), &cqe), 0);
  EXPECT_EQ(cqe->user_data, 1u);
  EXPECT_EQ(cqe->res, -EINVAL);
  uring_cqe_seen(k.ring(), cqe);
  ASSERT_EQ(uring_submit(k.ring()), 1);
  ASSERT_EQ(uring_peek_cqe(k.ring(), &cqe), 0);
  EXPECT_EQ(cqe->user_data, 2u);
  EXPECT_EQ(cqe->res, 0);
  uring_cqe_seen(k.ring(), cqe);
}

// 5.18-6.2: the ring fd can be registered for enters, but register calls must name the
// ring by its fd (the mock, like those kernels, refuses the registered index there). The
// library registers the fd of a DEFER_TASKRUN ring and keeps every register call working.
TEST(MockKernel, RegisterCallsThroughTheFdBefore63) {
  Profile k(6, 1);
  ASSERT_EQ(k.Init(8, URING_SETUP_SINGLE_ISSUER | URING_SETUP_DEFER_TASKRUN), 0);
  EXPECT_EQ(k.ring()->features & URING_FEAT_REG_REG_RING, 0u);
  ASSERT_EQ(uring_register_ring_fd(k.ring()), 0);
  EXPECT_NE(k.ring()->enter_flags & URING_ENTER_REGISTERED_RING, 0u);
  QueueNops(k.ring(), 4, 10);
  ASSERT_EQ(uring_submit_and_wait(k.ring(), 4), 4);
  EXPECT_EQ(Reap(k.ring()), (std::vector<uint64_t>{10, 11, 12, 13}));
  struct uring_probe_info info;
  EXPECT_EQ(uring_get_probe(k.ring(), &info), 0);
  // Closing the fd would leave register calls nothing to reach the ring by.
  EXPECT_EQ(uring_close_ring_fd(k.ring()), -EOPNOTSUPP);
  EXPECT_GE(k.ring()->ring_fd, 0);
  // What those kernels refuse: a register call naming the ring by its index.
  struct uring_probe raw[2];
  memset(raw, 0, sizeof raw);
  EXPECT_EQ(uring_mock_backend()->reg(k.mock(), k.ring()->enter_fd,
                                      URING_REGISTER_PROBE | URING_REGISTER_USE_REGISTERED_RING,
                                      raw, 1),
            -EINVAL);
  ASSERT_EQ(uring_unregister_ring_fd(k.ring()), 0);
}

TEST(MockKernel, RegisterCallsThroughTheIndexFrom63) {
  Profile k(6, 3);
  ASSERT_EQ(k.Init(8, 0), 0);
  EXPECT_NE(k.ring()->features & URING_FEAT_REG_REG_RING, 0u);
  ASSERT_EQ(uring_register_ring_fd(k.ring()), 0);
  ASSERT_EQ(uring_close_ring_fd(k.ring()), 0);
  EXPECT_EQ(k.ring()->ring_fd, -1);
  struct uring_probe_info info;
  EXPECT_EQ(uring_get_probe(k.ring(), &info), 0);
  QueueNops(k.ring(), 2, 1);
  ASSERT_EQ(uring_submit_and_wait(k.ring(), 2), 2);
  EXPECT_EQ(Reap(k.ring()), (std::vector<uint64_t>{1, 2}));
}

// Registered ring fds are 5.18's.
TEST(MockKernel, NoRegisteredRingFdsBefore518) {
  Profile k(5, 17);
  ASSERT_EQ(k.Init(8, 0), 0);
  EXPECT_EQ(uring_register_ring_fd(k.ring()), -EINVAL);
  EXPECT_EQ(k.ring()->enter_flags & URING_ENTER_REGISTERED_RING, 0u);
  QueueNops(k.ring(), 1, 5);
  ASSERT_EQ(uring_submit_and_wait(k.ring(), 1), 1);
  EXPECT_EQ(Reap(k.ring()), (std::vector<uint64_t>{5}));
}

}  // namespace
