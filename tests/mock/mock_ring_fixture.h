// What the tests of the mock kernel ring's own behaviour (mock_test, mock_overflow_test,
// mock_ring_fd_test) share: the MockRing fixture over a caller-owned mock, NOPs queued and
// CQEs copied out, and the overflow round trip that the harness's backlog is checked with.
#ifndef URING_TESTS_MOCK_MOCK_RING_FIXTURE_H
#define URING_TESTS_MOCK_MOCK_RING_FIXTURE_H

#include <string.h>

#include <cstdint>
#include <new>
#include <vector>

#include "gtest/gtest.h"
#include "uring/mock/mock.h"
#include "uring/uring.h"

namespace uring_mock_test {

constexpr size_t kAlign = 4096;

struct Cqe {
  uint64_t user_data;
  int32_t res;
  uint32_t flags;
};

// Queues a NOP with `user_data`; false when the SQ is full.
inline bool QueueNop(struct uring *r, uint64_t user_data, unsigned sqe_flags = 0) {
  struct uring_sqe *sqe = uring_get_sqe(r);
  if (!sqe) return false;
  uring_prep_nop(sqe);
  uring_sqe_set_data64(sqe, user_data);
  uring_sqe_set_flags(sqe, sqe_flags);
  return true;
}

// Every CQE the ring will give without waiting (peeks flush the backlog as needed).
inline std::vector<Cqe> Reap(struct uring *r) {
  std::vector<Cqe> out;
  struct uring_cqe *cqe;
  while (uring_peek_cqe(r, &cqe) == 0) {
    out.push_back({cqe->user_data, cqe->res, cqe->flags});
    uring_cqe_seen(r, cqe);
  }
  return out;
}

// A caller-owned mock with its own page-aligned buffer.
class MockMem {
 public:
  MockMem() { memset(&m_, 0, sizeof m_); }
  ~MockMem() { Free(); }
  void Alloc(size_t size) {
    Free();
    if (size < kAlign) size = kAlign;
    mem_ = ::operator new(size, std::align_val_t(kAlign));
    size_ = size;
    uring_mock_init(&m_, mem_, size_);
  }
  struct uring_mock *mock() { return &m_; }
  unsigned char *mem() { return static_cast<unsigned char *>(mem_); }
  size_t size() const { return size_; }

 private:
  void Free() {
    if (mem_) ::operator delete(mem_, std::align_val_t(kAlign));
    mem_ = nullptr;
  }
  struct uring_mock m_;
  void *mem_ = nullptr;
  size_t size_ = 0;
};

class MockRing : public ::testing::Test {
 protected:
  MockRing() {
    memset(&ring_, 0, sizeof ring_);
    memset(&p_, 0, sizeof p_);
  }

  // Gives the mock memory for `entries` with `flags` (and `cq` with CQSIZE) plus a
  // backlog of `backlog` completions. Test controls that act at setup go after this.
  void Prepare(unsigned entries, unsigned flags = 0, unsigned cq = 0, unsigned backlog = 1024) {
    memset(&p_, 0, sizeof p_);
    p_.flags = flags;
    p_.cq_entries = cq;
    mm_.Alloc(uring_mock_mem_size(entries, &p_, backlog));
  }

  int Create(unsigned entries) {
    int ret = uring_mock_ring_init(&ring_, m(), entries, &p_);
    live_ = ret == 0;
    return ret;
  }

  int Init(unsigned entries, unsigned flags = 0, unsigned cq = 0, unsigned backlog = 1024) {
    Prepare(entries, flags, cq, backlog);
    return Create(entries);
  }

  void Exit() {
    uring_exit(&ring_);
    live_ = false;
  }

  void TearDown() override {
    if (live_) {
      Exit();
      EXPECT_TRUE(uring_mock_quiescent(m())) << "the library left a region mapped or the fd open";
    }
  }

  struct uring_mock *m() { return mm_.mock(); }
  const struct uring_backend *be() { return uring_mock_backend(); }
  int fd() { return uring_mock_fd(m()); }
  uint32_t SqFlags() { return uring_read_once(ring_.sq.kflags); }

  MockMem mm_;
  struct uring ring_;
  struct uring_params p_;
  bool live_ = false;
};

// Queues 8x the CQ size of NOPs without reaping, then reaps: every completion arrives
// exactly once, in submission order, and none is lost.
inline void OverflowRoundTrip(struct uring *ring, struct uring_mock *m, unsigned cq,
                              bool use_copy) {
  const uint64_t total = 8ull * cq;
  uint64_t queued = 0;
  while (queued < total) {
    while (queued < total && QueueNop(ring, queued)) queued++;
    int ret = uring_submit(ring);
    ASSERT_GT(ret, 0);
    if (queued > cq) {
      EXPECT_TRUE(uring_read_once(ring->sq.kflags) & URING_SQ_CQ_OVERFLOW);
    }
  }
  EXPECT_EQ(uring_cq_ready(ring), cq);
  EXPECT_EQ(uring_mock_backlog(m), total - cq);
  EXPECT_TRUE(uring_cq_pending(ring));
  std::vector<uint64_t> seen;
  seen.reserve(total);
  if (use_copy) {
    std::vector<struct uring_cqe> buf(97);
    // Bounded, so that a flag left up fails the test instead of spinning.
    for (uint64_t round = 0; round <= total; round++) {
      unsigned n = uring_copy_cqes(ring, buf.data(), buf.size());
      if (!n && !uring_cq_pending(ring)) break;
      for (unsigned i = 0; i < n; i++) {
        EXPECT_EQ(buf[i].res, 0);
        seen.push_back(buf[i].user_data);
      }
    }
  } else {
    for (const Cqe &c : Reap(ring)) {
      EXPECT_EQ(c.res, 0);
      seen.push_back(c.user_data);
    }
  }
  ASSERT_EQ(seen.size(), total);
  for (uint64_t i = 0; i < total; i++) ASSERT_EQ(seen[i], i) << "at " << i;
  EXPECT_EQ(uring_read_once(ring->sq.kflags) & URING_SQ_CQ_OVERFLOW, 0u);
  EXPECT_EQ(uring_read_once(ring->cq.koverflow), 0u);
  EXPECT_EQ(uring_mock_backlog(m), 0u);
  EXPECT_EQ(m->stats.cqes_lost, 0u);
  EXPECT_EQ(m->stats.cqes_posted, total);
}

}  // namespace uring_mock_test

#endif  // URING_TESTS_MOCK_MOCK_RING_FIXTURE_H
