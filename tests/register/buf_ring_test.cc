// Provided-buffer rings on the real kernel: the kernel picks the buffers the application
// published, names them in the CQE, and its head (PBUF_STATUS) follows; incremental
// consumption fills one buffer over several completions.
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <string>

#include "gtest/gtest.h"
#include "tests/register/util.h"
#include "tests/support/kernel.h"
#include "uring/uring.h"

namespace {

using uring_register_test::BufRingSupport;
using uring_register_test::Cqe;
using uring_register_test::Pipe;
using uring_register_test::ProbeBufRings;
using uring_register_test::Ring;
using uring_register_test::SubmitAndWaitCqe;

constexpr unsigned kBufSize = 64;

// A READ of up to `len` bytes from `fd` into a buffer the kernel picks from group `bgid`.
void PrepSelectRead(struct uring *ring, int fd, unsigned len, int bgid, uint64_t ud) {
  struct uring_sqe *sqe = uring_get_sqe(ring);
  uring_prep_read(sqe, fd, nullptr, len, 0);
  sqe->flags = URING_SQE_BUFFER_SELECT;
  uring_sqe_set_buf_group(sqe, bgid);
  uring_sqe_set_data64(sqe, ud);
}

// Writes `text` into the pipe and reads it back through a selected buffer.
int ReadThroughRing(struct uring *ring, const Pipe &p, const std::string &text, int bgid,
                    Cqe *c) {
  if (write(p.w(), text.data(), text.size()) != (ssize_t)text.size()) return -EIO;
  PrepSelectRead(ring, p.r(), kBufSize, bgid, 1);
  return SubmitAndWaitCqe(ring, c);
}

#define SKIP_WITHOUT_BUF_RINGS(support)                                                    \
  do {                                                                                     \
    if (!(support).rings) GTEST_SKIP() << "buffer rings (5.19) not supported by this kernel"; \
  } while (0)

TEST(BufRingHelpers, CqeBufferIdAndMask) {
  struct uring_cqe cqe;
  memset(&cqe, 0, sizeof cqe);
  cqe.flags = 7u << URING_CQE_BUFFER_SHIFT;  // an id without the flag means nothing
  EXPECT_EQ(uring_cqe_buffer_id(&cqe), -ENOENT);
  cqe.flags |= URING_CQE_F_BUFFER;
  EXPECT_EQ(uring_cqe_buffer_id(&cqe), 7);
  cqe.flags = URING_CQE_F_BUFFER | (0xffffu << URING_CQE_BUFFER_SHIFT);
  EXPECT_EQ(uring_cqe_buffer_id(&cqe), 0xffff);
  EXPECT_FALSE(uring_cqe_buffer_more(&cqe));
  cqe.flags |= URING_CQE_F_BUF_MORE;
  EXPECT_TRUE(uring_cqe_buffer_more(&cqe));
  EXPECT_EQ(uring_buf_ring_mask(8), 7);
  EXPECT_EQ(uring_buf_ring_mask(32768), 32767);
}

TEST(BufRingHelpers, MemSize) {
  EXPECT_EQ(uring_buf_ring_mem_size(1), 4096u);
  EXPECT_EQ(uring_buf_ring_mem_size(256), 4096u);
  EXPECT_EQ(uring_buf_ring_mem_size(512), 8192u);
  EXPECT_EQ(uring_buf_ring_mem_size(32768), 32768u * 16);
  EXPECT_EQ(uring_buf_ring_mem_size(0), 0u);
  EXPECT_EQ(uring_buf_ring_mem_size(3), 0u);
  EXPECT_EQ(uring_buf_ring_mem_size(65536), 0u);
}

// add/advance write only what the kernel reads: slot i's addr/len/bid, and the tail in
// slot 0's reserved field, with wrap-around past the mask.
TEST(BufRingHelpers, AddAndAdvanceLayout) {
  alignas(16) struct uring_buf slots[4];
  memset(slots, 0xee, sizeof slots);
  struct uring_buf_ring *br = reinterpret_cast<struct uring_buf_ring *>(slots);
  uring_buf_ring_init(br);
  EXPECT_EQ(br->tail, 0);
  int mask = uring_buf_ring_mask(4);
  char a[8], b[8];
  uring_buf_ring_add(br, a, 8, 100, mask, 0);
  uring_buf_ring_add(br, b, 9, 101, mask, 1);
  EXPECT_EQ(br->tail, 0) << "adding does not publish";
  EXPECT_EQ(slots[0].addr, (uint64_t)(uintptr_t)a);
  EXPECT_EQ(slots[0].len, 8u);
  EXPECT_EQ(slots[0].bid, 100);
  EXPECT_EQ(slots[0].resv, 0) << "slot 0's reserved field is the tail";
  EXPECT_EQ(slots[1].bid, 101);
  EXPECT_EQ(slots[1].resv, 0xeeee) << "other reserved fields are left alone";
  uring_buf_ring_advance(br, 2);
  EXPECT_EQ(br->tail, 2);
  // Offsets wrap: tail 2 + 3 lands in slot 1.
  uring_buf_ring_add(br, a, 1, 102, mask, 3);
  EXPECT_EQ(slots[1].bid, 102);
  uring_buf_ring_advance(br, 65535);  // the tail is a 16-bit counter
  EXPECT_EQ(br->tail, 1);
}

// A ring as programs hold one: a pointer to memory whose size the compiler does not see
// (mapped, or from setup). On a local array of known size g++ -O2 bounds the zero-length
// bufs[] by the struct's 16 bytes and warns (-Warray-bounds), as it does with the kernel's
// own declaration.
__attribute__((noinline)) struct uring_buf_ring *RingAt(void *mem) {
  return static_cast<struct uring_buf_ring *>(mem);
}

// bufs[] names the same slots uring_buf_ring_add writes, and slot 0's resv is the tail.
TEST(BufRingHelpers, BufsAreTheSlots) {
  alignas(16) struct uring_buf slots[4];
  memset(slots, 0, sizeof slots);
  struct uring_buf_ring *br = RingAt(slots);
  EXPECT_EQ(static_cast<void *>(&br->bufs[0]), static_cast<void *>(&slots[0]));
  EXPECT_EQ(static_cast<void *>(&br->bufs[3]), static_cast<void *>(&slots[3]));
  EXPECT_EQ(static_cast<void *>(&br->tail), static_cast<void *>(&slots[0].resv));
  char a[4];
  uring_buf_ring_add(br, a, 4, 7, uring_buf_ring_mask(4), 2);
  EXPECT_EQ(br->bufs[2].addr, (uint64_t)(uintptr_t)a);
  EXPECT_EQ(br->bufs[2].len, 4u);
  EXPECT_EQ(br->bufs[2].bid, 7);
  uring_buf_ring_advance(br, 3);
  EXPECT_EQ(br->bufs[0].resv, 3) << "the tail, read through bufs[0]";
  // Writing slot 0's buffer fields leaves the tail alone.
  br->bufs[0].addr = 1;
  br->bufs[0].len = 2;
  br->bufs[0].bid = 3;
  EXPECT_EQ(br->tail, 3);
}

// Slots written through bufs[] alone, without uring_buf_ring_add, in a kernel-allocated
// ring and in caller memory: the kernel hands them out in tail order, with the ids and
// lengths written there, across the wrap of the ring.
void FillThroughBufs(struct uring *ring, struct uring_pbuf_ring *pbr, int bgid) {
  static char mem[6][kBufSize];
  memset(mem, 0, sizeof mem);
  const unsigned mask = pbr->entries - 1;
  struct uring_buf_ring *br = pbr->br;
  Pipe p;
  ASSERT_GE(p.r(), 0);
  // Four rounds of three buffers in a 4-entry ring: the slots wrap past the end.
  uint16_t next_bid = 100;
  for (int round = 0; round < 4; round++) {
    SCOPED_TRACE(round);
    const uint16_t tail = br->tail;
    for (unsigned i = 0; i < 3; i++) {
      struct uring_buf *b = &br->bufs[(uint16_t)(tail + i) & mask];
      const unsigned m = (next_bid + i) % 6;
      b->addr = (uint64_t)(uintptr_t)mem[m];
      b->len = 8 + i;  // the kernel reads at most this much into the buffer
      b->bid = (uint16_t)(next_bid + i);
    }
    uring_buf_ring_advance(br, 3);
    for (unsigned i = 0; i < 3; i++) {
      Cqe c;
      ASSERT_EQ(ReadThroughRing(ring, p, "0123456789abcdef", bgid, &c), 0);
      ASSERT_EQ(c.res, (int)(8 + i)) << "the length written in bufs[] caps the read";
      struct uring_cqe view = {};
      view.user_data = c.user_data;
      view.res = c.res;
      view.flags = c.flags;
      ASSERT_EQ(uring_cqe_buffer_id(&view), next_bid + (int)i);
      EXPECT_EQ(std::string(mem[(next_bid + i) % 6], 8 + i), std::string("0123456789abcdef", 8 + i));
      // Drain what the read left in the pipe.
      char rest[16];
      ASSERT_EQ(read(p.r(), rest, 16 - (8 + i)), (ssize_t)(16 - (8 + i)));
    }
    next_bid = (uint16_t)(next_bid + 3);
  }
  // Every published buffer was taken: the next read finds none.
  Cqe c;
  ASSERT_EQ(ReadThroughRing(ring, p, "x", bgid, &c), 0);
  EXPECT_EQ(c.res, -ENOBUFS);
}

TEST(BufRing, KernelConsumesSlotsWrittenThroughBufs) {
  URING_SKIP_WITHOUT_KERNEL();
  Ring ring;
  ASSERT_EQ(ring.Init(8, 0), 0);
  const BufRingSupport has = ProbeBufRings(ring.get());
  SKIP_WITHOUT_BUF_RINGS(has);
  struct uring_pbuf_ring pbr;
  ASSERT_EQ(uring_buf_ring_setup(ring.get(), &pbr, 4, 9, 0), 0);
  FillThroughBufs(ring.get(), &pbr, 9);
  EXPECT_EQ(uring_buf_ring_teardown(ring.get(), &pbr), 0);

  void *mem = mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(mem, MAP_FAILED);
  ASSERT_EQ(uring_buf_ring_setup_mem(ring.get(), &pbr, mem, 4096, 4, 10, 0), 0);
  ASSERT_EQ(static_cast<void *>(pbr.br->bufs), mem);
  FillThroughBufs(ring.get(), &pbr, 10);
  EXPECT_EQ(uring_buf_ring_teardown(ring.get(), &pbr), 0);
  munmap(mem, 4096);
}

// uring_buf_ring_setup: kernel memory where the kernel allocates rings (6.4), anonymous
// memory the library maps on 5.19-6.3; either way the kernel hands out what was published.
TEST(BufRing, SetupRingHandsOutPublishedBuffers) {
  URING_SKIP_WITHOUT_KERNEL();
  Ring ring;
  ASSERT_EQ(ring.Init(8, 0), 0);
  const BufRingSupport has = ProbeBufRings(ring.get());
  SKIP_WITHOUT_BUF_RINGS(has);
  struct uring_pbuf_ring pbr;
  ASSERT_EQ(uring_buf_ring_setup(ring.get(), &pbr, 8, 3, 0), 0);
  EXPECT_EQ(pbr.entries, 8u);
  EXPECT_EQ(pbr.bgid, 3);
  if (has.kernel_memory) {
    EXPECT_TRUE(pbr.flags & URING_PBUF_RING_MMAP);
    EXPECT_EQ(pbr.map_size, 8 * sizeof(struct uring_buf));
  } else {
    EXPECT_FALSE(pbr.flags & URING_PBUF_RING_MMAP);
    EXPECT_EQ(pbr.map_size, uring_buf_ring_mem_size(8));
  }

  static char bufs[4][kBufSize];
  int mask = uring_buf_ring_mask(pbr.entries);
  for (int i = 0; i < 4; i++)
    uring_buf_ring_add(pbr.br, bufs[i], kBufSize, (unsigned short)(10 + i), mask, i);
  Pipe p;
  ASSERT_GE(p.r(), 0);
  // Nothing is published yet: the kernel finds no buffer.
  Cqe c;
  ASSERT_EQ(ReadThroughRing(ring.get(), p, "x", 3, &c), 0);
  EXPECT_EQ(c.res, -ENOBUFS);
  char drain;
  ASSERT_EQ(read(p.r(), &drain, 1), 1);

  uring_buf_ring_advance(pbr.br, 4);
  // Without URING_REGISTER_PBUF_STATUS (6.8) the kernel refuses the head query.
  EXPECT_EQ(uring_buf_ring_available(ring.get(), &pbr), has.status ? 4 : -EINVAL);

  ASSERT_EQ(ReadThroughRing(ring.get(), p, "hello", 3, &c), 0);
  ASSERT_EQ(c.res, 5);
  struct uring_cqe view = c.View();
  ASSERT_EQ(uring_cqe_buffer_id(&view), 10);
  EXPECT_EQ(std::string(bufs[0], 5), "hello");
  uint16_t head = 0;
  if (has.status) {
    ASSERT_EQ(uring_buf_ring_head(ring.get(), 3, &head), 0);
    EXPECT_EQ(head, 1);
    EXPECT_EQ(uring_buf_ring_available(ring.get(), &pbr), 3);
  } else {
    EXPECT_EQ(uring_buf_ring_head(ring.get(), 3, &head), -EINVAL);
  }

  ASSERT_EQ(ReadThroughRing(ring.get(), p, "world!", 3, &c), 0);
  ASSERT_EQ(c.res, 6);
  view = c.View();
  EXPECT_EQ(uring_cqe_buffer_id(&view), 11);
  EXPECT_EQ(std::string(bufs[1], 6), "world!");

  struct uring_pbuf_ring dup;
  EXPECT_EQ(uring_buf_ring_setup(ring.get(), &dup, 8, 3, 0), -EEXIST);
  EXPECT_EQ(dup.br, nullptr);
  ASSERT_EQ(uring_buf_ring_teardown(ring.get(), &pbr), 0);
}

// Group 300: 6.1 keeps ids below 64 in a fixed array and answers -EINVAL instead of -ENOENT
// for one without a ring there (measured).
TEST(BufRing, TeardownUnregistersTheGroup) {
  URING_SKIP_WITHOUT_KERNEL();
  Ring ring;
  ASSERT_EQ(ring.Init(8, 0), 0);
  const BufRingSupport has = ProbeBufRings(ring.get());
  SKIP_WITHOUT_BUF_RINGS(has);
  struct uring_pbuf_ring pbr;
  ASSERT_EQ(uring_buf_ring_setup(ring.get(), &pbr, 4, 300, 0), 0);
  static char buf[kBufSize];
  uring_buf_ring_add(pbr.br, buf, kBufSize, 0, uring_buf_ring_mask(4), 0);
  uring_buf_ring_advance(pbr.br, 1);
  ASSERT_EQ(uring_buf_ring_teardown(ring.get(), &pbr), 0);
  EXPECT_EQ(pbr.br, nullptr);
  EXPECT_EQ(uring_buf_ring_head(ring.get(), 300, nullptr), has.status ? -ENOENT : -EINVAL);
  EXPECT_EQ(uring_unregister_buf_ring(ring.get(), 300), -ENOENT);
  Pipe p;
  ASSERT_GE(p.r(), 0);
  Cqe c;
  ASSERT_EQ(ReadThroughRing(ring.get(), p, "abc", 300, &c), 0);
  EXPECT_EQ(c.res, -ENOBUFS);
  // The group id is free again.
  ASSERT_EQ(uring_buf_ring_setup(ring.get(), &pbr, 4, 300, 0), 0);
  EXPECT_EQ(uring_buf_ring_teardown(ring.get(), &pbr), 0);
}

TEST(BufRing, CallerMemoryRing) {
  URING_SKIP_WITHOUT_KERNEL();
  Ring ring;
  ASSERT_EQ(ring.Init(8, 0), 0);
  size_t size = uring_buf_ring_mem_size(16);
  ASSERT_EQ(size, 4096u);
  void *mem = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(mem, MAP_FAILED);
  memset(mem, 0xa5, size);  // garbage: setup must clear the tail itself
  struct uring_pbuf_ring pbr;
  EXPECT_EQ(uring_buf_ring_setup_mem(ring.get(), &pbr, static_cast<char *>(mem) + 64, size - 64,
                                     16, 4, 0),
            -EINVAL)
      << "misaligned memory";
  EXPECT_EQ(uring_buf_ring_setup_mem(ring.get(), &pbr, mem, size - 1, 16, 4, 0), -EINVAL);
  const BufRingSupport has = ProbeBufRings(ring.get());
  SKIP_WITHOUT_BUF_RINGS(has);
  ASSERT_EQ(uring_buf_ring_setup_mem(ring.get(), &pbr, mem, size, 16, 4, 0), 0);
  EXPECT_EQ((void *)pbr.br, mem);
  EXPECT_EQ(pbr.map_size, 0u);
  EXPECT_FALSE(pbr.flags & URING_PBUF_RING_MMAP);

  static char bufs[2][kBufSize];
  int mask = uring_buf_ring_mask(16);
  uring_buf_ring_add(pbr.br, bufs[0], kBufSize, 5, mask, 0);
  uring_buf_ring_add(pbr.br, bufs[1], kBufSize, 6, mask, 1);
  uring_buf_ring_advance(pbr.br, 2);
  Pipe p;
  ASSERT_GE(p.r(), 0);
  Cqe c;
  ASSERT_EQ(ReadThroughRing(ring.get(), p, "caller", 4, &c), 0);
  ASSERT_EQ(c.res, 6);
  struct uring_cqe view = c.View();
  EXPECT_EQ(uring_cqe_buffer_id(&view), 5);
  EXPECT_EQ(std::string(bufs[0], 6), "caller");
  ASSERT_EQ(uring_buf_ring_teardown(ring.get(), &pbr), 0);
  munmap(mem, size);
}

// The usual loop: consume CQEs, hand their buffers back, and free the CQ slots in one step.
TEST(BufRing, RecycleWithCqAdvance) {
  URING_SKIP_WITHOUT_KERNEL();
  Ring ring;
  ASSERT_EQ(ring.Init(8, 0), 0);
  SKIP_WITHOUT_BUF_RINGS(ProbeBufRings(ring.get()));
  struct uring_pbuf_ring pbr;
  ASSERT_EQ(uring_buf_ring_setup(ring.get(), &pbr, 2, 1, 0), 0);
  static char bufs[2][kBufSize];
  int mask = uring_buf_ring_mask(2);
  for (int i = 0; i < 2; i++)
    uring_buf_ring_add(pbr.br, bufs[i], kBufSize, (unsigned short)i, mask, i);
  uring_buf_ring_advance(pbr.br, 2);

  Pipe p;
  ASSERT_GE(p.r(), 0);
  // Two reads take both buffers; their CQEs stay in the CQ.
  for (int i = 0; i < 2; i++) {
    ASSERT_EQ(write(p.w(), "ab", 2), 2);
    PrepSelectRead(ring.get(), p.r(), kBufSize, 1, (uint64_t)i);
    ASSERT_EQ(uring_submit_and_wait(ring.get(), (unsigned)i + 1), 1);
  }
  ASSERT_EQ(uring_cq_ready(ring.get()), 2u);
  struct uring_cqe *cqe;
  ASSERT_EQ(uring_peek_cqe(ring.get(), &cqe), 0);
  int bid = uring_cqe_buffer_id(cqe);
  ASSERT_EQ(bid, 0);
  // Out of buffers now.
  ASSERT_EQ(write(p.w(), "cd", 2), 2);
  PrepSelectRead(ring.get(), p.r(), kBufSize, 1, 9);
  ASSERT_EQ(uring_submit_and_wait(ring.get(), 3), 1);
  ASSERT_EQ(uring_cq_ready(ring.get()), 3u);

  // Give buffer 0 back and drop the first CQE with one call.
  uring_buf_ring_add(pbr.br, bufs[bid], kBufSize, (unsigned short)bid, mask, 0);
  uring_buf_ring_cq_advance(ring.get(), pbr.br, 1);
  EXPECT_EQ(uring_cq_ready(ring.get()), 2u);
  Cqe c;
  ASSERT_EQ(uring_register_test::WaitCqe(ring.get(), &c), 0);
  EXPECT_EQ(c.user_data, 1u);
  ASSERT_EQ(uring_register_test::WaitCqe(ring.get(), &c), 0);
  EXPECT_EQ(c.user_data, 9u);
  EXPECT_EQ(c.res, -ENOBUFS);

  // The recycled buffer serves the next read.
  ASSERT_EQ(ReadThroughRing(ring.get(), p, "e", 1, &c), 0);
  ASSERT_GT(c.res, 0);
  struct uring_cqe view = c.View();
  EXPECT_EQ(uring_cqe_buffer_id(&view), 0);
  ASSERT_EQ(uring_buf_ring_teardown(ring.get(), &pbr), 0);
}

TEST(BufRing, IncrementalConsumptionFillsOneBuffer) {
  URING_SKIP_WITHOUT_KERNEL();
  Ring ring;
  ASSERT_EQ(ring.Init(8, 0), 0);
  struct uring_pbuf_ring pbr;
  int ret = uring_buf_ring_setup(ring.get(), &pbr, 4, 2, URING_PBUF_RING_INC);
  URING_SKIP_IF_UNSUPPORTED(ret, "incremental buffer consumption (6.12)");
  ASSERT_EQ(ret, 0);
  EXPECT_TRUE(pbr.flags & URING_PBUF_RING_INC);
  static char big[kBufSize];
  memset(big, 0, sizeof big);
  uring_buf_ring_add(pbr.br, big, kBufSize, 7, uring_buf_ring_mask(4), 0);
  uring_buf_ring_advance(pbr.br, 1);

  Pipe p;
  ASSERT_GE(p.r(), 0);
  Cqe c;
  ASSERT_EQ(ReadThroughRing(ring.get(), p, "abcde", 2, &c), 0);
  ASSERT_EQ(c.res, 5);
  struct uring_cqe view = c.View();
  EXPECT_EQ(uring_cqe_buffer_id(&view), 7);
  EXPECT_TRUE(uring_cqe_buffer_more(&view)) << "59 bytes of the buffer are left";

  ASSERT_EQ(ReadThroughRing(ring.get(), p, "fghij", 2, &c), 0);
  ASSERT_EQ(c.res, 5);
  view = c.View();
  EXPECT_EQ(uring_cqe_buffer_id(&view), 7);
  EXPECT_TRUE(uring_cqe_buffer_more(&view));
  EXPECT_EQ(std::string(big, 10), "abcdefghij") << "the second read continues the buffer";
  uint16_t head = 1;
  ASSERT_EQ(uring_buf_ring_head(ring.get(), 2, &head), 0);
  EXPECT_EQ(head, 0) << "a partly used buffer stays at the head";
  ASSERT_EQ(uring_buf_ring_teardown(ring.get(), &pbr), 0);
}

TEST(BufRing, SetupValidatesArguments) {
  URING_SKIP_WITHOUT_KERNEL();
  Ring ring;
  ASSERT_EQ(ring.Init(4, 0), 0);
  struct uring_pbuf_ring pbr;
  EXPECT_EQ(uring_buf_ring_setup(ring.get(), &pbr, 0, 1, 0), -EINVAL);
  EXPECT_EQ(uring_buf_ring_setup(ring.get(), &pbr, 6, 1, 0), -EINVAL);
  EXPECT_EQ(uring_buf_ring_setup(ring.get(), &pbr, 65536, 1, 0), -EINVAL);
  EXPECT_EQ(uring_buf_ring_setup(ring.get(), &pbr, 8, -1, 0), -EINVAL);
  EXPECT_EQ(uring_buf_ring_setup(ring.get(), &pbr, 8, 0x10000, 0), -EINVAL);
  EXPECT_EQ(uring_buf_ring_setup(ring.get(), &pbr, 8, 1, URING_PBUF_RING_MMAP), -EINVAL);
  // Group ids the kernel's mmap offset cannot carry are refused before registering.
  EXPECT_EQ(uring_buf_ring_setup(ring.get(), &pbr, 8, 2048, 0), -EINVAL);
  EXPECT_EQ(uring_buf_ring_setup(ring.get(), &pbr, 8, 0xffff, 0), -EINVAL);
  EXPECT_EQ(uring_buf_ring_setup(nullptr, &pbr, 8, 1, 0), -EFAULT);
  // A group that does not exist: -ENOENT where the kernel answers the head query (6.8),
  // its refusal of the unknown register operation before.
  EXPECT_EQ(uring_buf_ring_head(ring.get(), 1234, nullptr),
            ProbeBufRings(ring.get()).status ? -ENOENT : -EINVAL);
  memset(&pbr, 0, sizeof pbr);
  EXPECT_EQ(uring_buf_ring_teardown(ring.get(), &pbr), -EINVAL);
}

// The kernel's mmap offset carries 11 bits of group id: a kernel-allocated ring maps for
// group 2047; 2048 and up are refused before anything is registered (on every kernel, so
// a program behaves the same on 5.19-6.3), and the group stays free for a ring in caller
// memory.
TEST(BufRing, MappedRingGroupIdLimit) {
  URING_SKIP_WITHOUT_KERNEL();
  Ring ring;
  ASSERT_EQ(ring.Init(4, 0), 0);
  SKIP_WITHOUT_BUF_RINGS(ProbeBufRings(ring.get()));
  struct uring_pbuf_ring pbr;
  ASSERT_EQ(uring_buf_ring_setup(ring.get(), &pbr, 8, 2047, 0), 0);
  EXPECT_EQ(uring_buf_ring_teardown(ring.get(), &pbr), 0);
  EXPECT_EQ(uring_buf_ring_setup(ring.get(), &pbr, 8, 2048, 0), -EINVAL);
  void *mem = nullptr;
  ASSERT_EQ(posix_memalign(&mem, 4096, 4096), 0);
  EXPECT_EQ(uring_buf_ring_setup_mem(ring.get(), &pbr, mem, 4096, 8, 2048, 0), 0);
  EXPECT_EQ(uring_buf_ring_teardown(ring.get(), &pbr), 0);
  free(mem);
}

}  // namespace
