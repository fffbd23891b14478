// The ring-side calls liburing added after the first compat programs were written, in a
// program built twice (BUILD, tests/compat/api.h): io_uring_get_events,
// io_uring_submit_and_get_events, io_uring_queue_mmap, cqe->big_cqe[] and sqe->cmd[] with
// liburing 2.3 and the compat header alike; the CQE iterator and io_uring_cqe_nr, the
// min-timeout and registered-region waits and io_uring_set_iowait where the API has them
// (LIBURING_HAS: liburing 2.8 to 2.12, so the compat build alone here).
#include <fcntl.h>
#include <stdio.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <chrono>
#include <cstddef>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "tests/compat/api.h"
#include "tests/support/kernel.h"

namespace {

using compat_test::QueueNop;
using compat_test::Reap;
using compat_test::Ring;
using uring_test::KernelAtLeast;

// The user_data of every CQE ready, oldest first, each marked seen.
std::vector<__u64> ReapReady(struct io_uring *ring) {
  std::vector<__u64> seen;
  struct io_uring_cqe *cqe;
  while (io_uring_peek_cqe(ring, &cqe) == 0) {
    seen.push_back(cqe->user_data);
    io_uring_cqe_seen(ring, cqe);
  }
  return seen;
}

// Fills a CQ of 2 * entries and puts `extra` NOPs on the kernel's overflow list (user_data
// 0 upwards), submitted `entries` at a time, nothing reaped.
void Overflow(struct io_uring *ring, unsigned entries, unsigned extra) {
  __u64 ud = 0;
  for (unsigned batch = 0; batch < 3; batch++) {
    unsigned n = batch < 2 ? entries : extra;
    for (unsigned i = 0; i < n; i++) ASSERT_TRUE(QueueNop(ring, ud++));
    ASSERT_EQ(io_uring_submit(ring), static_cast<int>(n));
  }
  ASSERT_EQ(io_uring_cq_ready(ring), 2 * entries);
}

// io_uring_get_events enters only to flush: the overflow list comes back, oldest first,
// once there is room, and the call reports 0; io_uring_cq_has_overflow follows the list.
TEST(LiburingRing, GetEventsFlushesTheOverflowList) {
  URING_SKIP_WITHOUT_KERNEL();
  Ring r(4);  // CQ of 8
  ASSERT_EQ(r.ret(), 0);
  struct io_uring *ring = r.get();
  ASSERT_NE(ring->features & IORING_FEAT_NODROP, 0u);  // 5.5
  EXPECT_FALSE(io_uring_cq_has_overflow(ring));
  Overflow(ring, 4, 3);
  if (HasFatalFailure()) return;
  EXPECT_TRUE(io_uring_cq_has_overflow(ring));
  io_uring_cq_advance(ring, 8);
  EXPECT_TRUE(io_uring_cq_has_overflow(ring));
  EXPECT_EQ(io_uring_cq_ready(ring), 0u);
  EXPECT_EQ(io_uring_get_events(ring), 0);
  EXPECT_FALSE(io_uring_cq_has_overflow(ring));
  EXPECT_EQ(ReapReady(ring), (std::vector<__u64>{8, 9, 10}));
  EXPECT_EQ(io_uring_get_events(ring), 0);  // nothing held back: 0 all the same
}

// One enter submits and flushes: the number submitted, the backlog in the CQ with the new
// CQEs, and 0 when nothing was queued.
TEST(LiburingRing, SubmitAndGetEventsSubmitsAndFlushes) {
  URING_SKIP_WITHOUT_KERNEL();
  Ring r(4);
  ASSERT_EQ(r.ret(), 0);
  struct io_uring *ring = r.get();
  Overflow(ring, 4, 2);
  if (HasFatalFailure()) return;
  io_uring_cq_advance(ring, 8);
  for (__u64 ud = 100; ud < 103; ud++) ASSERT_TRUE(QueueNop(ring, ud));
  EXPECT_EQ(io_uring_submit_and_get_events(ring), 3);
  EXPECT_FALSE(io_uring_cq_has_overflow(ring));
  // Where the new CQEs land is the kernel's choice (uring's events_test measured it):
  // Debian's 5.10 ahead of the backlog it flushes in the same enter, 6.1 on after it.
  if (KernelAtLeast(6, 1)) {
    EXPECT_EQ(ReapReady(ring), (std::vector<__u64>{8, 9, 100, 101, 102}));
  } else {
    EXPECT_EQ(ReapReady(ring), (std::vector<__u64>{100, 101, 102, 8, 9}));
  }
  EXPECT_EQ(io_uring_submit_and_get_events(ring), 0);
}

// A ring the program created with io_uring_setup(2) itself: io_uring_queue_mmap maps it
// (0), the ring then runs and io_uring_queue_exit closes the fd. Where the fd is not a
// ring the mapping fails and the fd stays the program's.
TEST(LiburingRing, QueueMmapMapsARingSetUpByTheProgram) {
  URING_SKIP_WITHOUT_KERNEL();
  struct io_uring_params p;
  memset(&p, 0, sizeof p);
  int fd = static_cast<int>(syscall(__NR_io_uring_setup, 8, &p));
  ASSERT_GE(fd, 0);
  struct io_uring ring;
  ASSERT_EQ(io_uring_queue_mmap(fd, &p, &ring), 0);
  EXPECT_EQ(ring.ring_fd, fd);
  EXPECT_EQ(ring.sq.ring_entries, 8u);
  EXPECT_EQ(ring.cq.ring_entries, 16u);
  ASSERT_TRUE(QueueNop(&ring, 5));
  ASSERT_EQ(io_uring_submit(&ring), 1);
  compat_test::Done d = Reap(&ring);
  EXPECT_EQ(d.user_data, 5u);
  EXPECT_EQ(d.res, 0);
  io_uring_queue_exit(&ring);
  EXPECT_EQ(fcntl(fd, F_GETFD), -1) << "the ring owned the fd";

  // An eventfd, open for reading and writing, has no mmap at all.
  int efd = eventfd(0, EFD_CLOEXEC);
  ASSERT_GE(efd, 0);
  memset(&p, 0, sizeof p);
  ASSERT_GE(fd = static_cast<int>(syscall(__NR_io_uring_setup, 8, &p)), 0);
  EXPECT_EQ(io_uring_queue_mmap(efd, &p, &ring), -ENODEV);
  EXPECT_NE(fcntl(efd, F_GETFD), -1) << "the fd stays the program's";
  close(efd);
  close(fd);
}

// In a CQE32 ring (5.19) each CQE is 32 bytes and cqe->big_cqe[] its second half; a NOP's
// extra words are zero.
TEST(LiburingRing, BigCqeIsTheSecondHalfOfA32ByteCqe) {
  URING_SKIP_WITHOUT_KERNEL();
  Ring r(4, IORING_SETUP_CQE32);
  if (r.ret() == -EINVAL && !KernelAtLeast(5, 19))
    GTEST_SKIP() << "IORING_SETUP_CQE32 (5.19) not supported by this kernel";
  ASSERT_EQ(r.ret(), 0);
  struct io_uring *ring = r.get();
  for (__u64 ud = 1; ud <= 3; ud++) ASSERT_TRUE(QueueNop(ring, ud));
  ASSERT_EQ(io_uring_submit_and_wait(ring, 3), 3);
  unsigned head, n = 0;
  struct io_uring_cqe *cqe, *prev = nullptr;
  io_uring_for_each_cqe(ring, head, cqe) {
    EXPECT_EQ(cqe->user_data, n + 1);
    const char *base = reinterpret_cast<const char *>(cqe);
    EXPECT_EQ(reinterpret_cast<const char *>(cqe->big_cqe) - base, 16);
    EXPECT_EQ(cqe->big_cqe[0], 0u);
    EXPECT_EQ(cqe->big_cqe[1], 0u);
    if (prev) {
      EXPECT_EQ(base - reinterpret_cast<const char *>(prev), 32);
    }
    prev = cqe;
    n++;
  }
  EXPECT_EQ(n, 3u);
  io_uring_cq_advance(ring, n);
}

// In an SQE128 ring (5.19) entries are 128 bytes apart and sqe->cmd[] is the 80 bytes from
// byte 48 to the end of the entry: what a program writes there is where the kernel reads
// a command. (Written after the prep call, which owns the first 64 bytes.)
TEST(LiburingRing, SqeCmdIsTheCommandAreaOfA128ByteSqe) {
  URING_SKIP_WITHOUT_KERNEL();
  Ring r(4, IORING_SETUP_SQE128);
  if (r.ret() == -EINVAL && !KernelAtLeast(5, 19))
    GTEST_SKIP() << "IORING_SETUP_SQE128 (5.19) not supported by this kernel";
  ASSERT_EQ(r.ret(), 0);
  struct io_uring *ring = r.get();
  struct io_uring_sqe *a = io_uring_get_sqe(ring);
  struct io_uring_sqe *b = io_uring_get_sqe(ring);
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  const unsigned char *ab = reinterpret_cast<const unsigned char *>(a);
  EXPECT_EQ(reinterpret_cast<const unsigned char *>(b) - ab, 128);
  io_uring_prep_nop(a);
  io_uring_sqe_set_data64(a, 7);
  io_uring_prep_nop(b);
  io_uring_sqe_set_data64(b, 8);
  EXPECT_EQ(a->cmd - ab, 48);
  for (int i = 0; i < 80; i++) a->cmd[i] = static_cast<__u8>(0x30 + i);
  for (int i = 0; i < 80; i++) ASSERT_EQ(ab[48 + i], 0x30 + i) << i;
  EXPECT_EQ(a->user_data, 7u);  // bytes 32..47 are not the command's
  ASSERT_EQ(io_uring_submit_and_wait(ring, 2), 2);
  EXPECT_EQ(Reap(ring).res, 0);
  EXPECT_EQ(Reap(ring).res, 0);
}

#if LIBURING_HAS(2, 12)
// The 2.10 iterator with 2.12's io_uring_cqe_nr: it hands out the CQ from the head to the
// tail it loaded and frees nothing; the slots counted with io_uring_cqe_nr free exactly
// what it handed out.
TEST(LiburingRing, CqeIteratorAndCqeNr) {
  URING_SKIP_WITHOUT_KERNEL();
  Ring r(8);
  ASSERT_EQ(r.ret(), 0);
  struct io_uring *ring = r.get();
  for (__u64 ud = 10; ud < 15; ud++) ASSERT_TRUE(QueueNop(ring, ud));
  ASSERT_EQ(io_uring_submit_and_wait(ring, 5), 5);
  struct io_uring_cqe_iter it = io_uring_cqe_iter_init(ring);
  ASSERT_TRUE(QueueNop(ring, 99));  // completes after the tail the iterator loaded
  ASSERT_EQ(io_uring_submit_and_wait(ring, 1), 1);
  struct io_uring_cqe *cqe;
  std::vector<__u64> seen;
  unsigned slots = 0;
  while (io_uring_cqe_iter_next(&it, &cqe)) {
    EXPECT_EQ(io_uring_cqe_nr(cqe), 1u);
    slots += io_uring_cqe_nr(cqe);
    seen.push_back(cqe->user_data);
  }
  EXPECT_EQ(seen, (std::vector<__u64>{10, 11, 12, 13, 14}));
  EXPECT_EQ(io_uring_cq_ready(ring), 6u);  // nothing freed
  io_uring_cq_advance(ring, slots);
  EXPECT_EQ(ReapReady(ring), (std::vector<__u64>{99}));
}

// A CQE_MIXED ring (6.18) holds 16- and 32-byte CQEs: a NOP with IORING_NOP_CQE32 takes two
// slots (io_uring_cqe_nr 2), and where one would wrap the kernel posts a one-slot filler
// (IORING_CQE_F_SKIP). Counting slots with io_uring_cqe_nr frees the CQ exactly.
TEST(LiburingRing, CqeNrCountsTheSlotsOfAMixedRing) {
  URING_SKIP_WITHOUT_KERNEL();
  struct io_uring_params p;
  memset(&p, 0, sizeof p);
  p.flags = IORING_SETUP_CQE_MIXED;
  struct io_uring ring;
  int ret = io_uring_queue_init_params(4, &ring, &p);  // CQ of 8 slots
  if (ret == -EINVAL && !KernelAtLeast(6, 18))
    GTEST_SKIP() << "IORING_SETUP_CQE_MIXED (6.18) not supported by this kernel";
  ASSERT_EQ(ret, 0);
  __u64 ud = 0, want = 0;
  unsigned fillers = 0, big = 0;
  for (int round = 0; round < 8; round++) {
    for (int i = 0; i < 3; i++, ud++) {
      struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);
      ASSERT_NE(sqe, nullptr);
      io_uring_prep_nop(sqe);
      if (ud % 2) sqe->nop_flags = IORING_NOP_CQE32;
      io_uring_sqe_set_data64(sqe, ud);
    }
    ASSERT_EQ(io_uring_submit_and_wait(&ring, 3), 3);
    const unsigned ready = io_uring_cq_ready(&ring);
    struct io_uring_cqe_iter it = io_uring_cqe_iter_init(&ring);
    struct io_uring_cqe *cqe;
    unsigned slots = 0;
    while (io_uring_cqe_iter_next(&it, &cqe)) {
      slots += io_uring_cqe_nr(cqe);
      if (cqe->flags & IORING_CQE_F_SKIP) {
        EXPECT_EQ(io_uring_cqe_nr(cqe), 1u);
        fillers++;
        continue;
      }
      EXPECT_EQ(cqe->user_data, want);
      EXPECT_EQ(io_uring_cqe_nr(cqe), want % 2 ? 2u : 1u);
      big += want % 2;
      want++;
    }
    EXPECT_EQ(slots, ready);
    io_uring_cq_advance(&ring, slots);
  }
  EXPECT_EQ(want, ud);
  EXPECT_EQ(big, 12u);
  EXPECT_GT(fillers, 0u) << "24 CQEs, 12 of two slots, through 8 slots: some must wrap";
  io_uring_queue_exit(&ring);
}
#endif

#if LIBURING_HAS(2, 8)
// io_uring_wait_cqes_min_timeout: with IORING_FEAT_MIN_TIMEOUT (6.12) a wait for 8 CQEs
// with a long limit ends with the one there once the minimum (1 ms) has passed; without it
// the minimum is dropped, the limit runs out and the CQE that came is the result (the
// compat layer keeps uring's contract there); before 5.11 (no EXT_ARG) it is refused.
TEST(LiburingRing, WaitCqesMinTimeoutPerKernel) {
  URING_SKIP_WITHOUT_KERNEL();
  Ring r;
  ASSERT_EQ(r.ret(), 0);
  struct io_uring *ring = r.get();
  ASSERT_TRUE(QueueNop(ring, 21));
  ASSERT_EQ(io_uring_submit(ring), 1);
  const bool min_timeout = ring->features & IORING_FEAT_MIN_TIMEOUT;
  struct __kernel_timespec ts = {min_timeout ? 10 : 0, min_timeout ? 0 : 50 * 1000 * 1000};
  struct io_uring_cqe *cqe = nullptr;
  auto start = std::chrono::steady_clock::now();
  int ret = io_uring_wait_cqes_min_timeout(ring, &cqe, 8, &ts, 1000, nullptr);
  auto waited = std::chrono::steady_clock::now() - start;
  if (!(ring->features & IORING_FEAT_EXT_ARG)) {
    EXPECT_EQ(ret, -EOPNOTSUPP) << "no IORING_FEAT_EXT_ARG (5.11)";
    return;
  }
  ASSERT_EQ(ret, 0);
  ASSERT_NE(cqe, nullptr);
  EXPECT_EQ(cqe->user_data, 21u);
  if (min_timeout) {
    EXPECT_LT(waited, std::chrono::seconds(5)) << "ended after the minimum, not the limit";
  }
  io_uring_cqe_seen(ring, cqe);
  ts = {0, 20 * 1000 * 1000};
  EXPECT_EQ(io_uring_wait_cqes_min_timeout(ring, &cqe, 1, &ts, 1000, nullptr), -ETIME);
}
#endif

#if LIBURING_HAS(2, 9)
// Registered wait arguments (6.13): a region of struct io_uring_reg_wait registered with
// io_uring_register_region on a disabled ring, then waits that name an entry by index.
// io_uring_register_wait_reg, 2.9's registration, is liburing's -EINVAL stub since 2.10.
TEST(LiburingRing, SubmitAndWaitRegWithARegisteredRegion) {
  URING_SKIP_WITHOUT_KERNEL();
  // The region's memory, freed after the ring below is torn down.
  struct Region {
    void *mem = nullptr;
    ~Region() { free(mem); }
  } region;
  constexpr size_t kRegion = 4096;  // 64 entries
  ASSERT_EQ(posix_memalign(&region.mem, 4096, kRegion), 0);
  memset(region.mem, 0, kRegion);
  struct io_uring_reg_wait *entries = static_cast<struct io_uring_reg_wait *>(region.mem);
  Ring r(8, IORING_SETUP_R_DISABLED);
  ASSERT_EQ(r.ret(), 0);
  struct io_uring *ring = r.get();
#if LIBURING_HAS(2, 10)
  EXPECT_EQ(io_uring_register_wait_reg(ring, entries, 1), -EINVAL);
#endif
  struct io_uring_region_desc rd;
  memset(&rd, 0, sizeof rd);
  rd.user_addr = reinterpret_cast<uintptr_t>(region.mem);
  rd.size = kRegion;
  rd.flags = IORING_MEM_REGION_TYPE_USER;
  struct io_uring_mem_region_reg mr;
  memset(&mr, 0, sizeof mr);
  mr.region_uptr = reinterpret_cast<uintptr_t>(&rd);
  mr.flags = IORING_MEM_REGION_REG_WAIT_ARG;
  int ret = io_uring_register_region(ring, &mr);
  if (ret == -EINVAL && !KernelAtLeast(6, 13))
    GTEST_SKIP() << "registered wait regions (IORING_REGISTER_MEM_REGION, 6.13) not supported";
  ASSERT_EQ(ret, 0);
  ASSERT_EQ(io_uring_enable_rings(ring), 0);
  entries[1].ts.tv_sec = 10;
  entries[1].flags = IORING_REG_WAIT_TS;
  entries[2].ts.tv_nsec = 20 * 1000 * 1000;
  entries[2].flags = IORING_REG_WAIT_TS;

  // An empty CQ: the number submitted, and the CQE the wait waited for.
  ASSERT_TRUE(QueueNop(ring, 1));
  struct io_uring_cqe *cqe = nullptr;
  EXPECT_EQ(io_uring_submit_and_wait_reg(ring, &cqe, 1, 1), 1);
  ASSERT_NE(cqe, nullptr);
  EXPECT_EQ(cqe->user_data, 1u);
  // A CQE already there: liburing's 0, with that CQE, though the NOP went in.
  ASSERT_TRUE(QueueNop(ring, 2));
  cqe = nullptr;
  EXPECT_EQ(io_uring_submit_and_wait_reg(ring, &cqe, 1, 1), 0);
  ASSERT_NE(cqe, nullptr);
  EXPECT_EQ(cqe->user_data, 1u);
  EXPECT_EQ(io_uring_sq_ready(ring), 0u);
  EXPECT_EQ(ReapReady(ring), (std::vector<__u64>{1, 2}));
  // Nothing queued, nothing coming: the entry's 20 ms run out.
  EXPECT_EQ(io_uring_submit_and_wait_reg(ring, &cqe, 1, 2), -ETIME);
  // Past the region's 64 entries.
  EXPECT_EQ(io_uring_submit_and_wait_reg(ring, &cqe, 1, 64), -EFAULT);
}
#endif

#if LIBURING_HAS(2, 10)
// procs_blocked in /proc/stat: the tasks the kernel counts as waiting for I/O now.
long ProcsBlocked() {
  FILE *f = fopen("/proc/stat", "r");
  if (!f) return -1;
  char line[256];
  long n = -1;
  while (fgets(line, sizeof line, f))
    if (sscanf(line, "procs_blocked %ld", &n) == 1) break;
  fclose(f);
  return n;
}

// io_uring_set_iowait: -EOPNOTSUPP without IORING_FEAT_NO_IOWAIT (6.15). With it, a wait
// with a read in flight counts as iowait (in procs_blocked) unless set_iowait(false).
TEST(LiburingRing, SetIowaitPerKernel) {
  URING_SKIP_WITHOUT_KERNEL();
  Ring r;
  ASSERT_EQ(r.ret(), 0);
  struct io_uring *ring = r.get();
  if (!(ring->features & IORING_FEAT_NO_IOWAIT)) {
    EXPECT_EQ(io_uring_set_iowait(ring, false), -EOPNOTSUPP) << "no FEAT_NO_IOWAIT (6.15)";
    EXPECT_EQ(io_uring_set_iowait(ring, true), -EOPNOTSUPP);
    return;
  }
  if (ProcsBlocked() < 0) GTEST_SKIP() << "/proc/stat unreadable";
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  // Waits for a pipe read while another thread samples procs_blocked, up to `samples`
  // times a millisecond apart, stopping at the first that `stop` accepts; then writes.
  auto wait_and_sample = [&](__u64 ud, bool (*stop)(long), int samples) {
    static char c;
    struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
    io_uring_prep_read(sqe, fds[0], &c, 1, 0);
    io_uring_sqe_set_data64(sqe, ud);
    EXPECT_EQ(io_uring_submit(ring), 1);
    long found = -1;
    std::thread sampler([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));  // asleep in the wait
      for (int i = 0; i < samples; i++) {
        found = ProcsBlocked();
        if (stop(found)) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
      EXPECT_EQ(write(fds[1], "x", 1), 1);
    });
    compat_test::Done d = Reap(ring);
    sampler.join();
    EXPECT_EQ(d.user_data, ud);
    return found;
  };
  EXPECT_GE(wait_and_sample(1, [](long) { return true; }, 1), 1);
  ASSERT_EQ(io_uring_set_iowait(ring, false), 0);
  EXPECT_EQ(wait_and_sample(2, [](long n) { return n == 0; }, 1000), 0)
      << "still counted as iowait after io_uring_set_iowait(ring, false)";
  ASSERT_EQ(io_uring_set_iowait(ring, true), 0);
  EXPECT_GE(wait_and_sample(3, [](long) { return true; }, 1), 1);
  close(fds[0]);
  close(fds[1]);
}
#endif

}  // namespace
