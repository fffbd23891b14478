// 128-byte SQEs on URING_SETUP_SQE_MIXED rings (6.19), through uring_get_sqe128 and the
// mock kernel ring. The kernel here (6.18) refuses SQE_MIXED, so the expected values are
// the 6.19 rules as the kernel source states them (see uring_get_sqe128 in
// uring/ring/sq.h), which the mock copies.
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

struct Cqe {
  uint64_t user_data;
  int32_t res;
};

std::vector<Cqe> Reap(struct uring *r) {
  std::vector<Cqe> out;
  struct uring_cqe *cqe;
  while (uring_peek_cqe(r, &cqe) == 0) {
    out.push_back({cqe->user_data, cqe->res});
    uring_cqe_seen(r, cqe);
  }
  return out;
}

class MixedRing : public ::testing::Test {
 protected:
  MixedRing() {
    memset(&ring_, 0, sizeof ring_);
    memset(&m_, 0, sizeof m_);
  }
  ~MixedRing() override {
    if (live_) uring_exit(&ring_);
    if (mem_) ::operator delete(mem_, std::align_val_t(kAlign));
  }

  // Gives the mock memory for the ring; set_start controls go between this and Create.
  void Prepare(unsigned entries, unsigned flags) {
    memset(&p_, 0, sizeof p_);
    p_.flags = flags;
    size_t size = uring_mock_mem_size(entries, &p_, 256);
    ASSERT_NE(size, 0u);
    if (mem_) ::operator delete(mem_, std::align_val_t(kAlign));
    mem_ = ::operator new(size, std::align_val_t(kAlign));
    uring_mock_init(&m_, mem_, size);
  }
  int Create(unsigned entries) {
    int ret = uring_mock_ring_init(&ring_, &m_, entries, &p_);
    live_ = ret == 0;
    return ret;
  }
  int Init(unsigned entries, unsigned flags) {
    Prepare(entries, flags);
    return Create(entries);
  }
  void Exit() {
    uring_exit(&ring_);
    live_ = false;
    EXPECT_TRUE(uring_mock_quiescent(&m_));
  }

  uint32_t Khead() { return uring_load_acquire(ring_.sq.khead); }
  struct uring_sqe *Slot(unsigned i) { return &ring_.sq.sqes[i]; }

  // Queues and submits `n` NOPs and reaps their CQEs, moving the SQ head by n.
  void Advance(unsigned n) {
    for (unsigned i = 0; i < n; i++) {
      struct uring_sqe *sqe = uring_get_sqe(&ring_);
      ASSERT_NE(sqe, nullptr);
      uring_prep_nop(sqe);
    }
    ASSERT_EQ(uring_submit(&ring_), (int)n);
    ASSERT_EQ(Reap(&ring_).size(), n);
  }

  struct uring_mock m_;
  void *mem_ = nullptr;
  struct uring ring_;
  struct uring_params p_;
  bool live_ = false;
};

TEST_F(MixedRing, SetupRules) {
  EXPECT_EQ(Init(8, URING_SETUP_SQE_MIXED | URING_SETUP_SQE128), -EINVAL);
  // A mixed SQ must hold one 128-byte entry (rings_size, 6.19).
  EXPECT_EQ(Init(1, URING_SETUP_SQE_MIXED), -EOVERFLOW);
  ASSERT_EQ(Init(2, URING_SETUP_SQE_MIXED), 0);
  EXPECT_EQ(ring_.sq.ring_entries, 2u);
  EXPECT_EQ(ring_.sq.slot_shift, 6u);  // 64-byte slots
}

TEST_F(MixedRing, NullOnARingWithout128ByteEntries) {
  ASSERT_EQ(Init(8, 0), 0);
  uint32_t tail = ring_.sq.sqe_tail;
  EXPECT_EQ(uring_get_sqe128(&ring_), nullptr);
  EXPECT_EQ(ring_.sq.sqe_tail, tail);
  EXPECT_EQ(uring_sq_ready(&ring_), 0u);
}

TEST_F(MixedRing, Sqe128RingHandsOutOneBigSlot) {
  ASSERT_EQ(Init(4, URING_SETUP_SQE128), 0);
  for (unsigned i = 0; i < 4; i++) {
    struct uring_sqe *sqe = uring_get_sqe128(&ring_);
    ASSERT_EQ((void *)sqe, (void *)((char *)ring_.sq.sqes + 128 * i));
    uring_prep_nop128(sqe);
    uring_sqe_set_data64(sqe, i);
  }
  EXPECT_EQ(uring_get_sqe128(&ring_), nullptr);
  EXPECT_EQ(uring_sq_ready(&ring_), 4u);
  // On an SQE128 ring a 128-byte opcode is an ordinary one-slot request (io_init_req).
  ASSERT_EQ(uring_submit(&ring_), 4);
  std::vector<Cqe> c = Reap(&ring_);
  ASSERT_EQ(c.size(), 4u);
  for (unsigned i = 0; i < 4; i++) {
    EXPECT_EQ(c[i].user_data, i);
    EXPECT_EQ(c[i].res, 0);
  }
}

TEST_F(MixedRing, Nop128OnAPlainRingFailsTakingOneSlot) {
  ASSERT_EQ(Init(8, 0), 0);
  struct uring_sqe *sqe = uring_get_sqe(&ring_);
  ASSERT_EQ(sqe, Slot(0));
  uring_prep_nop128(sqe);  // slot 1 is still free: writing it is harmless here
  uring_sqe_set_data64(sqe, 7);
  ASSERT_EQ(uring_submit(&ring_), 1);
  EXPECT_EQ(Khead(), 1u);
  std::vector<Cqe> c = Reap(&ring_);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].user_data, 7u);
  EXPECT_EQ(c[0].res, -EINVAL);
}

TEST_F(MixedRing, Nop128TakesTwoSlots) {
  ASSERT_EQ(Init(8, URING_SETUP_SQE_MIXED), 0);
  struct uring_sqe *sqe = uring_get_sqe128(&ring_);
  ASSERT_EQ(sqe, Slot(0));
  uring_prep_nop128(sqe);
  uring_sqe_set_data64(sqe, 1);
  EXPECT_EQ(uring_sq_ready(&ring_), 2u);
  EXPECT_EQ(uring_sq_space_left(&ring_), 6u);
  sqe = uring_get_sqe(&ring_);
  ASSERT_EQ(sqe, Slot(2));
  uring_prep_nop(sqe);
  uring_sqe_set_data64(sqe, 2);
  // enter counts slots: 3 taken for 2 requests.
  ASSERT_EQ(uring_submit(&ring_), 3);
  EXPECT_EQ(Khead(), 3u);
  EXPECT_EQ(m_.stats.sqes_consumed, 3u);
  std::vector<Cqe> c = Reap(&ring_);
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].user_data, 1u);
  EXPECT_EQ(c[0].res, 0);
  EXPECT_EQ(c[1].user_data, 2u);
  EXPECT_EQ(c[1].res, 0);
}

TEST_F(MixedRing, LastSlotGetsASilentNopFiller) {
  ASSERT_EQ(Init(8, URING_SETUP_SQE_MIXED), 0);
  Advance(7);
  memset(Slot(7), 0xa5, sizeof(struct uring_sqe));  // stale contents
  struct uring_sqe *sqe = uring_get_sqe128(&ring_);
  ASSERT_EQ(sqe, Slot(0));  // the entry wraps to the start, never across the end
  uring_prep_nop128(sqe);
  uring_sqe_set_data64(sqe, 99);
  EXPECT_EQ(uring_sq_ready(&ring_), 3u);
  // The filler: every byte written, a NOP that posts no CQE on success.
  struct uring_sqe want;
  memset(&want, 0, sizeof want);
  want.opcode = URING_OP_NOP;
  want.flags = URING_SQE_CQE_SKIP_SUCCESS;
  want.fd = -1;
  EXPECT_EQ(memcmp(Slot(7), &want, sizeof want), 0);
  ASSERT_EQ(uring_submit(&ring_), 3);
  EXPECT_EQ(Khead(), 10u);
  std::vector<Cqe> c = Reap(&ring_);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].user_data, 99u);
  EXPECT_EQ(c[0].res, 0);
}

// What the kernel does with a 128-byte entry in the last slot, which uring_get_sqe128
// never produces: -EINVAL, one slot taken, and the batch ends there.
TEST_F(MixedRing, Nop128InTheLastSlotFailsAndEndsTheBatch) {
  ASSERT_EQ(Init(8, URING_SETUP_SQE_MIXED), 0);
  Advance(7);
  struct uring_sqe *sqe = uring_get_sqe(&ring_);
  ASSERT_EQ(sqe, Slot(7));
  uring_prep_rw(URING_OP_NOP128, sqe, -1, nullptr, 0, 0);  // 64 bytes: the array ends here
  uring_sqe_set_data64(sqe, 1);
  sqe = uring_get_sqe(&ring_);
  ASSERT_EQ(sqe, Slot(0));
  uring_prep_nop(sqe);
  uring_sqe_set_data64(sqe, 2);
  ASSERT_EQ(uring_submit(&ring_), 1);
  EXPECT_EQ(Khead(), 8u);
  std::vector<Cqe> c = Reap(&ring_);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].user_data, 1u);
  EXPECT_EQ(c[0].res, -EINVAL);
  // The NOP after it is still queued and goes with the next submit.
  ASSERT_EQ(uring_submit(&ring_), 1);
  c = Reap(&ring_);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].user_data, 2u);
  EXPECT_EQ(c[0].res, 0);
}

TEST_F(MixedRing, Nop128InTheLastSlotUnderSubmitAllDoesNotEndTheBatch) {
  ASSERT_EQ(Init(8, URING_SETUP_SQE_MIXED | URING_SETUP_SUBMIT_ALL), 0);
  Advance(7);
  struct uring_sqe *sqe = uring_get_sqe(&ring_);
  uring_prep_rw(URING_OP_NOP128, sqe, -1, nullptr, 0, 0);
  uring_sqe_set_data64(sqe, 1);
  sqe = uring_get_sqe(&ring_);
  uring_prep_nop(sqe);
  uring_sqe_set_data64(sqe, 2);
  ASSERT_EQ(uring_submit(&ring_), 2);
  std::vector<Cqe> c = Reap(&ring_);
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].res, -EINVAL);
  EXPECT_EQ(c[1].user_data, 2u);
  EXPECT_EQ(c[1].res, 0);
}

// to_submit ending after the first half: -EINVAL, one slot (io_init_req's *left < 2).
TEST_F(MixedRing, Nop128CutByToSubmitFails) {
  ASSERT_EQ(Init(8, URING_SETUP_SQE_MIXED), 0);
  struct uring_sqe *sqe = uring_get_sqe(&ring_);
  uring_prep_nop128(sqe);
  uring_sqe_set_data64(sqe, 5);
  ASSERT_EQ(uring_submit(&ring_), 1);
  EXPECT_EQ(Khead(), 1u);
  std::vector<Cqe> c = Reap(&ring_);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].res, -EINVAL);
}

TEST_F(MixedRing, Nop128ClosingALinkChain) {
  ASSERT_EQ(Init(8, URING_SETUP_SQE_MIXED), 0);
  struct uring_sqe *sqe = uring_get_sqe(&ring_);
  uring_prep_nop(sqe);
  uring_sqe_set_data64(sqe, 1);
  uring_sqe_set_flags(sqe, URING_SQE_IO_LINK);
  sqe = uring_get_sqe128(&ring_);
  ASSERT_EQ(sqe, Slot(1));
  uring_prep_nop128(sqe);
  uring_sqe_set_data64(sqe, 2);
  ASSERT_EQ(uring_submit(&ring_), 3);
  std::vector<Cqe> c = Reap(&ring_);
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].user_data, 1u);
  EXPECT_EQ(c[0].res, 0);
  EXPECT_EQ(c[1].user_data, 2u);
  EXPECT_EQ(c[1].res, 0);
}

// Under ASan checks the submit path checks each SQE's buffers: the second half of a
// 128-byte entry is payload, and a payload that looks like a READ of freed memory must
// not be taken for one.
TEST_F(MixedRing, AsanChecksSkipTheSecondHalf) {
  ASSERT_EQ(Init(8, URING_SETUP_SQE_MIXED), 0);
  char *buf = new char[64];
  const uintptr_t gone = reinterpret_cast<uintptr_t>(buf);
  delete[] buf;
  struct uring_sqe *sqe = uring_get_sqe128(&ring_);
  uring_prep_nop128(sqe);
  uring_sqe_set_data64(sqe, 1);
  uring_prep_read(sqe + 1, 3, reinterpret_cast<void *>(gone), 64, 0);
  ASSERT_EQ(uring_submit(&ring_), 2);
  std::vector<Cqe> c = Reap(&ring_);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].res, 0);
}

TEST_F(MixedRing, FullAccounting) {
  ASSERT_EQ(Init(8, URING_SETUP_SQE_MIXED), 0);
  for (unsigned i = 0; i < 4; i++) ASSERT_EQ(uring_get_sqe128(&ring_), Slot(2 * i));
  EXPECT_EQ(uring_get_sqe128(&ring_), nullptr);
  EXPECT_EQ(uring_get_sqe(&ring_), nullptr);
  EXPECT_EQ(uring_sq_space_left(&ring_), 0u);
  for (unsigned i = 0; i < 8; i += 2) uring_prep_nop128(Slot(i));
  ASSERT_EQ(uring_submit(&ring_), 8);
  ASSERT_EQ(Reap(&ring_).size(), 4u);

  // One slot free: no 128-byte entry, and nothing changes; a 64-byte one still fits.
  for (unsigned i = 0; i < 7; i++) ASSERT_NE(uring_get_sqe(&ring_), nullptr);
  for (unsigned i = 0; i < 7; i++) uring_prep_nop(Slot(i));
  uint32_t tail = ring_.sq.sqe_tail;
  EXPECT_EQ(uring_get_sqe128(&ring_), nullptr);
  EXPECT_EQ(ring_.sq.sqe_tail, tail);
  ASSERT_EQ(uring_submit(&ring_), 7);
  ASSERT_EQ(Reap(&ring_).size(), 7u);
}

// Tail at the last slot with exactly two slots free: the entry plus its filler need three.
TEST_F(MixedRing, FillerNeedsAThirdSlot) {
  ASSERT_EQ(Init(8, URING_SETUP_SQE_MIXED), 0);
  Advance(1);  // head 1
  for (unsigned i = 0; i < 6; i++) {
    struct uring_sqe *sqe = uring_get_sqe(&ring_);
    ASSERT_NE(sqe, nullptr);
    uring_prep_nop(sqe);
  }
  ASSERT_EQ(ring_.sq.sqe_tail, 7u);
  EXPECT_EQ(uring_sq_space_left(&ring_), 2u);
  memset(Slot(7), 0xa5, sizeof(struct uring_sqe));
  EXPECT_EQ(uring_get_sqe128(&ring_), nullptr);
  EXPECT_EQ(ring_.sq.sqe_tail, 7u);
  EXPECT_EQ(Slot(7)->opcode, 0xa5);  // no filler left behind
  // After the kernel takes one more, it fits: the SQ head is re-read.
  ASSERT_EQ(uring_submit(&ring_), 6);
  EXPECT_EQ(Reap(&ring_).size(), 6u);
  struct uring_sqe *sqe = uring_get_sqe128(&ring_);
  ASSERT_EQ(sqe, Slot(0));
  uring_prep_nop128(sqe);
  ASSERT_EQ(uring_submit(&ring_), 3);
  EXPECT_EQ(Reap(&ring_).size(), 1u);
}

// Mixed batches of NOP and NOP128 across many wraps; each batch fills the SQ until it is
// full. `start` is the first SQ/CQ counter value, to cross 2^32 too.
void MixedRounds(struct uring *ring, unsigned rounds, uint32_t seed) {
  uint64_t next = 1, expect = 1;
  uint32_t x = seed;
  const unsigned entries = ring->sq.ring_entries;
  for (unsigned round = 0; round < rounds; round++) {
    uint32_t tail0 = ring->sq.sqe_tail;
    unsigned reqs = 0;
    for (;;) {
      x = x * 1103515245u + 12345u;
      bool big = (x >> 16) & 1;
      struct uring_sqe *sqe = big ? uring_get_sqe128(ring) : uring_get_sqe(ring);
      if (!sqe) break;
      if (big)
        uring_prep_nop128(sqe);
      else
        uring_prep_nop(sqe);
      uring_sqe_set_data64(sqe, next++);
      reqs++;
      // A 128-byte entry is two slots of one array, never split by the wrap.
      ASSERT_LE((char *)sqe - (char *)ring->sq.sqes,
                (ptrdiff_t)(big ? entries - 2 : entries - 1) * 64);
      ASSERT_LE(uring_sq_ready(ring), entries);
    }
    uint32_t slots = ring->sq.sqe_tail - tail0;
    ASSERT_GE(slots, entries - 2u);  // full, up to a slot a 128-byte entry could not use
    ASSERT_EQ(uring_submit(ring), (int)slots);
    ASSERT_EQ(uring_load_acquire(ring->sq.khead), ring->sq.sqe_tail);
    std::vector<Cqe> c = Reap(ring);
    ASSERT_EQ(c.size(), reqs);  // fillers are silent
    for (const Cqe &e : c) {
      ASSERT_EQ(e.user_data, expect++);
      ASSERT_EQ(e.res, 0);
    }
  }
}

TEST_F(MixedRing, MixedBatchesAcrossTheWrap) {
  ASSERT_EQ(Init(8, URING_SETUP_SQE_MIXED), 0);
  MixedRounds(&ring_, 2000, 1);
  Exit();
  ASSERT_EQ(Init(16, URING_SETUP_SQE_MIXED | URING_SETUP_NO_SQARRAY), 0);
  MixedRounds(&ring_, 2000, 2);
  Exit();
  ASSERT_EQ(Init(2, URING_SETUP_SQE_MIXED), 0);
  MixedRounds(&ring_, 200, 3);
}

// Partial batches: half the SQ at a time, so the filler meets every tail position.
TEST_F(MixedRing, SmallBatchesMeetEveryTailPosition) {
  ASSERT_EQ(Init(8, URING_SETUP_SQE_MIXED), 0);
  uint64_t next = 1, expect = 1;
  unsigned fillers = 0;
  for (unsigned round = 0; round < 500; round++) {
    uint32_t tail0 = ring_.sq.sqe_tail;
    unsigned reqs = 0;
    if ((round % 3) == 0) {
      struct uring_sqe *sqe = uring_get_sqe(&ring_);
      ASSERT_NE(sqe, nullptr);
      uring_prep_nop(sqe);
      uring_sqe_set_data64(sqe, next++);
      reqs++;
    }
    if ((tail0 + reqs + 1) % 8 == 0) fillers++;
    struct uring_sqe *sqe = uring_get_sqe128(&ring_);
    ASSERT_NE(sqe, nullptr);
    uring_prep_nop128(sqe);
    uring_sqe_set_data64(sqe, next++);
    reqs++;
    ASSERT_EQ(uring_submit(&ring_), (int)(ring_.sq.sqe_tail - tail0));
    std::vector<Cqe> c = Reap(&ring_);
    ASSERT_EQ(c.size(), reqs);
    for (const Cqe &e : c) {
      ASSERT_EQ(e.user_data, expect++);
      ASSERT_EQ(e.res, 0);
    }
  }
  EXPECT_GT(fillers, 0u);
}

TEST_F(MixedRing, CountersNear2To32) {
  Prepare(8, URING_SETUP_SQE_MIXED);
  uring_mock_set_start(&m_, UINT32_MAX - 20, UINT32_MAX - 20);
  ASSERT_EQ(Create(8), 0);
  ASSERT_EQ(Khead(), UINT32_MAX - 20);
  MixedRounds(&ring_, 100, 4);
  EXPECT_LT(Khead(), 2000u);  // wrapped
  Exit();
  // Tail at the last slot just below 2^32: the filler takes UINT32_MAX, the entry 0 and 1.
  Prepare(8, URING_SETUP_SQE_MIXED);
  uring_mock_set_start(&m_, UINT32_MAX, UINT32_MAX);
  ASSERT_EQ(Create(8), 0);
  struct uring_sqe *sqe = uring_get_sqe128(&ring_);
  ASSERT_EQ(sqe, Slot(0));
  EXPECT_EQ(Slot(7)->flags, URING_SQE_CQE_SKIP_SUCCESS);
  uring_prep_nop128(sqe);
  uring_sqe_set_data64(sqe, 3);
  EXPECT_EQ(ring_.sq.sqe_tail, 2u);
  ASSERT_EQ(uring_submit(&ring_), 3);
  EXPECT_EQ(Khead(), 2u);
  std::vector<Cqe> c = Reap(&ring_);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].user_data, 3u);
}

}  // namespace
