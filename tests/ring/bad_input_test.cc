// Bad input and teardown: every refusal is a clear -errno with no crash, and neither a refused
// setup nor a finished ring leaves a descriptor or a mapping behind.
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <unistd.h>

#include "gtest/gtest.h"
#include "tests/support/kernel.h"
#include "uring/uring.h"

namespace {

// The library's own descriptors and mappings are io_uring instances; counting only those
// keeps sanitizer runtimes and the allocator, which map on their own, out of the check.
using uring_test::CountRingFds;
using uring_test::CountRingMappings;

struct uring_params Params(unsigned flags) {
  struct uring_params p;
  memset(&p, 0, sizeof p);
  p.flags = flags;
  return p;
}

// A failed setup leaves the ring inert: no SQE, no CQE, nothing to tear down.
void ExpectInert(struct uring *ring) {
  EXPECT_EQ(uring_get_sqe(ring), nullptr);
  struct uring_cqe *cqe = reinterpret_cast<struct uring_cqe *>(ring);
  EXPECT_EQ(uring_peek_cqe(ring, &cqe), -EAGAIN);
  EXPECT_EQ(cqe, nullptr);
  uring_exit(ring);
}

// Checks that the test body leaves as many fds and mappings as it found.
class NoLeaks : public ::testing::Test {
 protected:
  void SetUp() override {
    URING_SKIP_WITHOUT_KERNEL();
    fds_ = CountRingFds();
    maps_ = CountRingMappings();
    ASSERT_GE(fds_, 0) << "cannot list /proc/self/fd";
    ASSERT_GE(maps_, 0) << "cannot read /proc/self/maps";
  }
  void TearDown() override {
    if (IsSkipped()) return;
    EXPECT_EQ(CountRingFds(), fds_) << "descriptor leaked";
    EXPECT_EQ(CountRingMappings(), maps_) << "mapping leaked";
  }
  int fds_ = 0, maps_ = 0;
};

using BadInput = NoLeaks;
using Teardown = NoLeaks;

TEST_F(BadInput, ZeroEntries) {
  struct uring ring;
  EXPECT_EQ(uring_init(&ring, 0, 0), -EINVAL);
  ExpectInert(&ring);
  struct uring_params p = Params(0);
  EXPECT_EQ(uring_init_params(&ring, 0, &p), -EINVAL);
  ExpectInert(&ring);
  p = Params(URING_SETUP_CLAMP);  // clamping does not make 0 valid
  EXPECT_EQ(uring_init_params(&ring, 0, &p), -EINVAL);
  EXPECT_EQ(uring_mem_size(0, &p), 0u);
}

TEST_F(BadInput, TooManyEntries) {
  struct uring ring;
  EXPECT_EQ(uring_init(&ring, URING_MAX_ENTRIES + 1, 0), -EINVAL);
  ExpectInert(&ring);
  EXPECT_EQ(uring_init(&ring, 65536, 0), -EINVAL);
  EXPECT_EQ(uring_init(&ring, ~0u, 0), -EINVAL);
  struct uring_params p = Params(0);
  EXPECT_EQ(uring_init_params(&ring, 65536, &p), -EINVAL);
  EXPECT_EQ(uring_mem_size(65536, &p), 0u);
  // The limit itself is fine.
  ASSERT_EQ(uring_init(&ring, URING_MAX_ENTRIES, 0), 0);
  EXPECT_EQ(ring.sq.ring_entries, URING_MAX_ENTRIES);
  uring_exit(&ring);
}

TEST_F(BadInput, UnknownFlags) {
  struct uring ring;
  EXPECT_EQ(uring_init(&ring, 8, 1u << 30), -EINVAL);
  ExpectInert(&ring);
  struct uring_params p = Params(1u << 30);
  EXPECT_EQ(uring_init_params(&ring, 8, &p), -EINVAL);
  ExpectInert(&ring);
  p = Params(1u << 21);  // the first bit past the known ones
  EXPECT_EQ(uring_init_params(&ring, 8, &p), -EINVAL);
  ExpectInert(&ring);
}

// Flags the kernel refuses in these combinations (io_uring_setup(2)).
TEST_F(BadInput, ContradictoryFlags) {
  struct uring ring;
  const unsigned cases[] = {
      URING_SETUP_SQ_AFF,                                    // without SQPOLL
      URING_SETUP_TASKRUN_FLAG,                              // without COOP or DEFER
      URING_SETUP_DEFER_TASKRUN,                             // without SINGLE_ISSUER
      URING_SETUP_DEFER_TASKRUN | URING_SETUP_SINGLE_ISSUER | URING_SETUP_SQPOLL,
      URING_SETUP_HYBRID_IOPOLL,                             // without IOPOLL
      URING_SETUP_CQSIZE,                                    // with cq_entries 0
      URING_SETUP_CQE32 | URING_SETUP_CQE_MIXED,
      URING_SETUP_SQPOLL | URING_SETUP_COOP_TASKRUN | URING_SETUP_TASKRUN_FLAG,
  };
  for (unsigned flags : cases) {
    struct uring_params p = Params(flags);
    EXPECT_EQ(uring_init_params(&ring, 8, &p), -EINVAL) << "flags 0x" << std::hex << flags;
    ExpectInert(&ring);
  }
  // REGISTERED_FD_ONLY needs NO_MMAP.
  struct uring_params p = Params(URING_SETUP_REGISTERED_FD_ONLY);
  EXPECT_EQ(uring_init_params(&ring, 8, &p), -EINVAL);
  EXPECT_EQ(uring_init(&ring, 8, URING_SETUP_REGISTERED_FD_ONLY), -EINVAL);
}

TEST_F(BadInput, NoMmapWithoutMemory) {
  struct uring ring;
  struct uring_params p = Params(URING_SETUP_NO_MMAP);
  EXPECT_EQ(uring_init_mem(&ring, 8, &p, nullptr, 0), -EINVAL);
  ExpectInert(&ring);
  EXPECT_EQ(uring_init_mem(&ring, 8, &p, nullptr, 1 << 20), -EINVAL);
  EXPECT_EQ(uring_init_params(&ring, 8, &p), -EINVAL);
  ExpectInert(&ring);
  EXPECT_EQ(uring_init(&ring, 8, URING_SETUP_NO_MMAP), -EINVAL);
}

TEST_F(BadInput, MisalignedOrShortMemory) {
  struct uring_params p = Params(URING_SETUP_NO_MMAP);
  const size_t need = uring_mem_size(8, &p);
  ASSERT_GT(need, 0u);
  const size_t len = need + 4096;
  void *mem = mmap(nullptr, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(mem, MAP_FAILED);
  char *base = static_cast<char *>(mem);
  struct uring ring;
  EXPECT_EQ(uring_init_mem(&ring, 8, &p, base + 64, need), -EINVAL);
  ExpectInert(&ring);
  EXPECT_EQ(uring_init_mem(&ring, 8, &p, base + 8, need), -EINVAL);
  EXPECT_EQ(uring_init_mem(&ring, 8, &p, base, need - 4096), -EINVAL);
  ExpectInert(&ring);
  EXPECT_EQ(uring_init_mem(&ring, 8, &p, base, 1), -EINVAL);
  // Memory without NO_MMAP is refused too.
  struct uring_params plain = Params(0);
  EXPECT_EQ(uring_init_mem(&ring, 8, &plain, base, need), -EINVAL);
  // Memory sized for 8 entries is short for 256.
  ASSERT_GT(uring_mem_size(256, &p), len);
  EXPECT_EQ(uring_init_mem(&ring, 256, &p, base, len), -EINVAL);
  EXPECT_EQ(CountRingMappings(), maps_);
  // The exact size, page aligned, works where the kernel has NO_MMAP (6.5); an older
  // kernel refuses the flag itself, and the ring stays inert.
  int ret = uring_init_mem(&ring, 8, &p, base, need);
  if (ret == -EINVAL && !uring_test::KernelAtLeast(6, 5)) {
    ExpectInert(&ring);
  } else {
    ASSERT_EQ(ret, 0) << strerror(-ret);
    uring_exit(&ring);
  }
  munmap(mem, len);
}

TEST_F(BadInput, AttachWqToInvalidFd) {
  // An fd number that is certainly closed.
  int closed = dup(0);
  ASSERT_GE(closed, 0);
  close(closed);
  struct uring ring;
  struct uring_params p = Params(URING_SETUP_ATTACH_WQ);
  p.wq_fd = (uint32_t)closed;
  // The kernel answers -ENXIO for a wq_fd with no file behind it (io_uring/sqpoll.c).
  EXPECT_EQ(uring_init_params(&ring, 8, &p), -ENXIO);
  ExpectInert(&ring);
  // An open fd that is not a ring.
  int efd = eventfd(0, EFD_CLOEXEC);
  ASSERT_GE(efd, 0);
  p = Params(URING_SETUP_ATTACH_WQ);
  p.wq_fd = (uint32_t)efd;
  EXPECT_EQ(uring_init_params(&ring, 8, &p), -EINVAL);
  ExpectInert(&ring);
  close(efd);
}

TEST_F(BadInput, NullPointers) {
  struct uring ring;
  struct uring_params p = Params(0);
  EXPECT_EQ(uring_init(nullptr, 8, 0), -EFAULT);
  EXPECT_EQ(uring_init_params(nullptr, 8, &p), -EFAULT);
  EXPECT_EQ(uring_init_params(&ring, 8, nullptr), -EFAULT);
  EXPECT_EQ(uring_init_mem(&ring, 8, nullptr, nullptr, 0), -EFAULT);
  EXPECT_EQ(uring_init_backend(&ring, 8, &p, nullptr, nullptr), -EINVAL);
  EXPECT_EQ(uring_mem_size(8, nullptr), 0u);
  struct uring_probe_info info;
  EXPECT_EQ(uring_probe_kernel(nullptr), -EFAULT);
  EXPECT_EQ(uring_get_probe(nullptr, &info), -EFAULT);
  ASSERT_EQ(uring_init(&ring, 8, 0), 0);
  EXPECT_EQ(uring_get_probe(&ring, nullptr), -EFAULT);
  uring_exit(&ring);
  uring_exit(nullptr);
}

// A zero-filled struct (never set up) is inert, as a torn-down one: nothing crashes,
// nothing reaches fd 0 (here a pipe the test puts there), every call says -EBADF, -EAGAIN
// or NULL, and uring_exit closes nothing.
TEST_F(BadInput, ZeroedStructIsInert) {
  int saved = dup(0);
  ASSERT_GE(saved, 0);
  int pfd[2];
  ASSERT_EQ(pipe(pfd), 0);
  ASSERT_EQ(dup2(pfd[0], 0), 0);
  struct uring z;
  memset(&z, 0, sizeof z);
  EXPECT_EQ(uring_get_sqe(&z), nullptr);
  EXPECT_EQ(uring_submit(&z), -EBADF);
  EXPECT_EQ(uring_submit_and_wait(&z, 1), -EBADF);
  struct uring_cqe *cqe = reinterpret_cast<struct uring_cqe *>(&z);
  EXPECT_EQ(uring_peek_cqe(&z, &cqe), -EAGAIN);
  EXPECT_EQ(cqe, nullptr);
  EXPECT_EQ(uring_wait_cqe(&z, &cqe), -EBADF);
  EXPECT_EQ(uring_wait_cqe_nr(&z, &cqe, 2), -EBADF);
  struct uring_timespec ts = {0, 1000};
  EXPECT_EQ(uring_wait_cqes(&z, &cqe, 1, &ts, nullptr), -EBADF);
  EXPECT_EQ(uring_submit_and_wait_timeout(&z, &cqe, 1, &ts, nullptr), -EBADF);
  EXPECT_EQ(uring_sqring_wait(&z), -EBADF);
  struct uring_cqe *batch[2];
  EXPECT_EQ(uring_peek_batch_cqe(&z, batch, 2), 0u);
  struct uring_cqe32 out32[2];
  EXPECT_EQ(uring_copy_cqes32(&z, out32, 2), 0u);
  struct uring_probe_info info;
  EXPECT_EQ(uring_get_probe(&z, &info), -EBADF);
  EXPECT_EQ(uring_register_files_sparse(&z, 4), -EBADF);
  EXPECT_EQ(uring_register_eventfd(&z, pfd[1]), -EBADF);
  EXPECT_EQ(uring_register_ring_fd(&z), -EBADF);
  EXPECT_EQ(uring_unregister_ring_fd(&z), -EINVAL);
  EXPECT_EQ(uring_close_ring_fd(&z), -EBADF);
  EXPECT_EQ(uring_cq_eventfd_toggle(&z, 0), -EBADF);
  EXPECT_EQ(uring_cq_eventfd_enabled(&z), 0);
  struct uring_params p = Params(0);
  EXPECT_EQ(uring_resize_rings(&z, &p), -EBADF);
  struct uring_pbuf_ring pbr;
  EXPECT_EQ(uring_buf_ring_setup(&z, &pbr, 8, 1, 0), -EBADF);
  struct uring live;
  ASSERT_EQ(uring_init(&live, 4, 0), 0);
  EXPECT_EQ(uring_clone_buffers(&live, &z), -EBADF);
  uring_exit(&live);
  uring_exit(&z);
  uring_exit(&z);
  // fd 0 is still the pipe: nothing closed it or wrote to it.
  EXPECT_EQ(fcntl(0, F_GETFD), 0);
  EXPECT_EQ(write(pfd[1], "x", 1), 1);
  char c = 0;
  EXPECT_EQ(read(0, &c, 1), 1);
  EXPECT_EQ(c, 'x');
  ASSERT_EQ(dup2(saved, 0), 0);
  close(saved);
  close(pfd[0]);
  close(pfd[1]);
}

// One rule for NULL: every out-of-line call returns -EFAULT (or 0 for the calls that
// return a count), never crashes.
TEST_F(BadInput, NullRingAndCqePointers) {
  struct uring_cqe *cqe = nullptr;
  struct uring_timespec ts = {0, 1000};
  EXPECT_EQ(uring_wait_cqe_nr(nullptr, &cqe, 1), -EFAULT);
  EXPECT_EQ(uring_wait_cqes(nullptr, &cqe, 1, &ts, nullptr), -EFAULT);
  EXPECT_EQ(uring_wait_cqe_timeout(nullptr, &cqe, &ts), -EFAULT);
  EXPECT_EQ(uring_submit_and_wait_timeout(nullptr, &cqe, 1, &ts, nullptr), -EFAULT);
  EXPECT_EQ(uring_submit_and_wait_min_timeout(nullptr, &cqe, 1, &ts, 10, nullptr), -EFAULT);
  EXPECT_EQ(uring_sqring_wait(nullptr), -EFAULT);
  EXPECT_EQ(uring_register(nullptr, URING_REGISTER_PROBE, nullptr, 0), -EFAULT);
  EXPECT_EQ(uring_register_files_sparse(nullptr, 4), -EFAULT);
  EXPECT_EQ(uring_unregister_files(nullptr), -EFAULT);
  EXPECT_EQ(uring_register_buffers_sparse(nullptr, 4), -EFAULT);
  EXPECT_EQ(uring_unregister_buffers(nullptr), -EFAULT);
  EXPECT_EQ(uring_register_eventfd(nullptr, 0), -EFAULT);
  EXPECT_EQ(uring_unregister_eventfd(nullptr), -EFAULT);
  EXPECT_EQ(uring_register_personality(nullptr), -EFAULT);
  EXPECT_EQ(uring_enable_rings(nullptr), -EFAULT);
  EXPECT_EQ(uring_register_ring_fd(nullptr), -EFAULT);
  EXPECT_EQ(uring_unregister_ring_fd(nullptr), -EFAULT);
  EXPECT_EQ(uring_close_ring_fd(nullptr), -EFAULT);
  EXPECT_EQ(uring_cq_eventfd_toggle(nullptr, 1), -EFAULT);
  EXPECT_EQ(uring_peek_batch_cqe(nullptr, nullptr, 4), 0u);
  EXPECT_EQ(uring_copy_cqes32(nullptr, nullptr, 4), 0u);

  struct uring ring;
  ASSERT_EQ(uring_init(&ring, 8, 0), 0);
  EXPECT_EQ(uring_wait_cqe_nr(&ring, nullptr, 1), -EFAULT);
  EXPECT_EQ(uring_wait_cqes(&ring, nullptr, 1, &ts, nullptr), -EFAULT);
  EXPECT_EQ(uring_submit_and_wait_timeout(&ring, nullptr, 1, &ts, nullptr), -EFAULT);
  EXPECT_EQ(uring_clone_buffers(nullptr, &ring), -EFAULT);
  EXPECT_EQ(uring_clone_buffers(&ring, nullptr), -EFAULT);
  // A NULL array takes nothing off the CQ.
  struct uring_sqe *sqe = uring_get_sqe(&ring);
  ASSERT_NE(sqe, nullptr);
  uring_prep_nop(sqe);
  ASSERT_EQ(uring_submit(&ring), 1);
  EXPECT_EQ(uring_peek_batch_cqe(&ring, nullptr, 4), 0u);
  EXPECT_EQ(uring_copy_cqes32(&ring, nullptr, 4), 0u);
  EXPECT_EQ(uring_cq_ready(&ring), 1u);
  uring_exit(&ring);
}

// uring_cq_advance past the tail (a caller's bug, which the sanitizer builds abort on):
// nothing stale is handed out, the next peek puts the head back, and later CQEs arrive.
TEST_F(BadInput, CqAdvancePastTheTailHandsOutNothing) {
#if defined(URING_ASAN_CHECKS) && URING_ASAN_CHECKS
  GTEST_SKIP() << "the sanitizer builds abort on this precondition (tests/asan)";
#endif
  struct uring ring;
  ASSERT_EQ(uring_init(&ring, 4, 0), 0);
  struct uring_sqe *sqe = uring_get_sqe(&ring);
  ASSERT_NE(sqe, nullptr);
  uring_prep_nop(sqe);
  uring_sqe_set_data64(sqe, 1);
  ASSERT_EQ(uring_submit_and_wait(&ring, 1), 1);
  uring_cq_advance(&ring, 1000000);
  struct uring_cqe *cqe = reinterpret_cast<struct uring_cqe *>(&ring);
  EXPECT_EQ(uring_peek_cqe(&ring, &cqe), -EAGAIN);
  EXPECT_EQ(cqe, nullptr);
  EXPECT_EQ(uring_cq_ready(&ring), 0u);
  sqe = uring_get_sqe(&ring);
  ASSERT_NE(sqe, nullptr);
  uring_prep_nop(sqe);
  uring_sqe_set_data64(sqe, 2);
  ASSERT_EQ(uring_submit_and_wait(&ring, 1), 1);
  ASSERT_EQ(uring_peek_cqe(&ring, &cqe), 0);
  EXPECT_EQ(cqe->user_data, 2u);
  uring_cqe_seen(&ring, cqe);
  EXPECT_EQ(uring_peek_cqe(&ring, &cqe), -EAGAIN);
  uring_exit(&ring);
}

// A backend table with a hole is refused before anything is called.
TEST_F(BadInput, IncompleteBackend) {
  struct uring_backend be;
  memset(&be, 0, sizeof be);
  struct uring ring;
  struct uring_params p = Params(0);
  EXPECT_EQ(uring_init_backend(&ring, 8, &p, &be, nullptr), -EINVAL);
  ExpectInert(&ring);
}

// Invalid descriptors in SQEs fail the request, not the ring.
TEST_F(BadInput, InvalidFdInSqe) {
  struct uring ring;
  ASSERT_EQ(uring_init(&ring, 8, 0), 0);
  int closed = dup(0);
  ASSERT_GE(closed, 0);
  close(closed);
  char buf[8];
  struct uring_sqe *sqe = uring_get_sqe(&ring);
  ASSERT_NE(sqe, nullptr);
  uring_prep_read(sqe, closed, buf, sizeof buf, 0);
  uring_sqe_set_data64(sqe, 1);
  sqe = uring_get_sqe(&ring);
  ASSERT_NE(sqe, nullptr);
  uring_prep_read(sqe, -1, buf, sizeof buf, 0);
  uring_sqe_set_data64(sqe, 2);
  sqe = uring_get_sqe(&ring);
  ASSERT_NE(sqe, nullptr);
  uring_prep_nop(sqe);
  uring_sqe_set_data64(sqe, 3);
  if (ring.flags & URING_SETUP_SUBMIT_ALL) {
    // The kernel took URING_SETUP_SUBMIT_ALL (5.18), which uring_init adds: the batch goes
    // in whole.
    ASSERT_EQ(uring_submit_and_wait(&ring, 3), 3);
  } else {
    // Before 5.18 the kernel stops at an SQE that fails at submission. Kernels that look
    // the fd up at submission (5.15's io_uring, which Debian's 5.10 carries) fail both reads
    // there: each submit takes one SQE and skips its wait; nothing is lost, the rest stays
    // queued for the next submit.
    ASSERT_EQ(uring_submit_and_wait(&ring, 3), 1);
    EXPECT_EQ(uring_sq_ready(&ring), 2u);
    ASSERT_EQ(uring_submit_and_wait(&ring, 2), 1);
    EXPECT_EQ(uring_sq_ready(&ring), 1u);
    ASSERT_EQ(uring_submit_and_wait(&ring, 3), 1);
    EXPECT_EQ(uring_sq_ready(&ring), 0u);
  }
  int res[4] = {1, 1, 1, 1};
  struct uring_cqe *cqe;
  while (uring_peek_cqe(&ring, &cqe) == 0) {
    ASSERT_LT(cqe->user_data, 4u);
    res[cqe->user_data] = cqe->res;
    uring_cqe_seen(&ring, cqe);
  }
  EXPECT_EQ(res[1], -EBADF);
  EXPECT_EQ(res[2], -EBADF);
  EXPECT_EQ(res[3], 0);
  uring_exit(&ring);
}

// After uring_exit the struct is inert, not dangling.
void ExpectTornDown(struct uring *ring) {
  EXPECT_EQ(uring_get_sqe(ring), nullptr);
  struct uring_cqe *cqe = reinterpret_cast<struct uring_cqe *>(ring);
  EXPECT_EQ(uring_peek_cqe(ring, &cqe), -EAGAIN);
  EXPECT_EQ(cqe, nullptr);
  EXPECT_EQ(uring_wait_cqe(ring, &cqe), -EBADF);
  struct uring_timespec ts = {0, 1000};
  EXPECT_EQ(uring_wait_cqe_timeout(ring, &cqe, &ts), -EBADF);
  EXPECT_EQ(uring_submit(ring), -EBADF);
  EXPECT_EQ(uring_submit_and_wait(ring, 1), -EBADF);
  EXPECT_EQ(uring_sq_ready(ring), 0u);
  EXPECT_EQ(uring_cq_ready(ring), 0u);
  EXPECT_EQ(uring_cq_pending(ring), 0);
  struct uring_cqe out[2];
  EXPECT_EQ(uring_copy_cqes(ring, out, 2), 0u);
  struct uring_probe_info info;
  EXPECT_EQ(uring_get_probe(ring, &info), -EBADF);
  EXPECT_EQ(uring_register_ring_fd(ring), -EBADF);
  EXPECT_EQ(uring_close_ring_fd(ring), -EBADF);
  // The CQ flags word of a torn-down ring is a placeholder: toggling it is refused, and
  // the dropped counter stays 0.
  EXPECT_EQ(uring_cq_eventfd_toggle(ring, 0), -EBADF);
  EXPECT_EQ(*ring->cq.koverflow, 0u);
  EXPECT_EQ(uring_enable_rings(ring), -EBADF);
  EXPECT_EQ(ring->ring_fd, -1);
  uring_exit(ring);  // a second time: harmless
  uring_exit(ring);
  EXPECT_EQ(uring_get_sqe(ring), nullptr);
}

TEST_F(Teardown, PlainRing) {
  struct uring ring;
  ASSERT_EQ(uring_init(&ring, 8, 0), 0);
  EXPECT_EQ(CountRingFds(), fds_ + 1);
  EXPECT_GT(CountRingMappings(), maps_);
  uring_exit(&ring);
  EXPECT_EQ(CountRingFds(), fds_);
  EXPECT_EQ(CountRingMappings(), maps_);
  ExpectTornDown(&ring);
}

// Unreaped CQEs and an overflow backlog do not keep anything alive.
TEST_F(Teardown, WithPendingCompletionsAndBacklog) {
  struct uring ring;
  ASSERT_EQ(uring_init(&ring, 4, 0), 0);
  for (unsigned round = 0; round < 8; round++) {
    for (unsigned i = 0; i < 4; i++) {
      struct uring_sqe *sqe = uring_get_sqe(&ring);
      ASSERT_NE(sqe, nullptr);
      uring_prep_nop(sqe);
    }
    ASSERT_EQ(uring_submit(&ring), 4);
  }
  EXPECT_NE(*ring.sq.kflags & URING_SQ_CQ_OVERFLOW, 0u);
  uring_exit(&ring);
  ExpectTornDown(&ring);
}

TEST_F(Teardown, RegisteredAndClosedRingFd) {
  struct uring ring;
  ASSERT_EQ(uring_init(&ring, 8, 0), 0);
  int ret = uring_register_ring_fd(&ring);
  if (ret == -EINVAL) {
    uring_exit(&ring);
    GTEST_SKIP() << "registered ring fds (5.18) not supported by this kernel";
  }
  ASSERT_EQ(ret, 0);
  uring_exit(&ring);
  ExpectTornDown(&ring);

  ASSERT_EQ(uring_init(&ring, 8, 0), 0);
  ASSERT_EQ(uring_register_ring_fd(&ring), 0);
  if (ring.features & URING_FEAT_REG_REG_RING) {
    ASSERT_EQ(uring_close_ring_fd(&ring), 0);
    EXPECT_EQ(CountRingFds(), fds_);
  } else {
    // Before 6.3 only the fd reaches the ring for register calls: it stays open.
    EXPECT_EQ(uring_close_ring_fd(&ring), -EOPNOTSUPP);
    EXPECT_EQ(CountRingFds(), fds_ + 1);
  }
  uring_exit(&ring);
  ExpectTornDown(&ring);
  // Both registrations were dropped: all 16 slots of this thread are free again.
  struct uring rings[16];
  for (auto &r : rings) {
    ASSERT_EQ(uring_init(&r, 2, 0), 0);
    ASSERT_EQ(uring_register_ring_fd(&r), 0);
  }
  for (auto &r : rings) uring_exit(&r);
}

TEST_F(Teardown, DeferTaskrun) {
  struct uring ring;
  struct uring_params p = Params(URING_SETUP_SINGLE_ISSUER | URING_SETUP_DEFER_TASKRUN);
  int ret = uring_init_params(&ring, 8, &p);
  if (ret == -EINVAL && !uring_test::KernelAtLeast(6, 1))
    GTEST_SKIP() << "URING_SETUP_DEFER_TASKRUN (6.1) not supported by this kernel";
  ASSERT_EQ(ret, 0);
  uring_exit(&ring);
  ExpectTornDown(&ring);
  // uring_init registers the ring fd of such a ring: teardown drops that too.
  ASSERT_EQ(uring_init(&ring, 8, URING_SETUP_SINGLE_ISSUER | URING_SETUP_DEFER_TASKRUN), 0);
  uring_exit(&ring);
  ExpectTornDown(&ring);
}

TEST_F(Teardown, Sqpoll) {
  struct uring ring;
  struct uring_params p = Params(URING_SETUP_SQPOLL);
  p.sq_thread_idle = 10;
  ASSERT_EQ(uring_init_params(&ring, 8, &p), 0);
  uring_exit(&ring);
  ExpectTornDown(&ring);
}

TEST_F(Teardown, NoMmapRegisteredFdOnly) {
  struct uring ring;
  struct uring_params p = Params(URING_SETUP_NO_MMAP | URING_SETUP_REGISTERED_FD_ONLY);
  const size_t need = uring_mem_size(8, &p);
  void *mem = mmap(nullptr, need, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(mem, MAP_FAILED);
  int ret = uring_init_mem(&ring, 8, &p, mem, need);
  if (ret == -EINVAL && !uring_test::KernelAtLeast(6, 5)) {
    munmap(mem, need);
    GTEST_SKIP() << "URING_SETUP_NO_MMAP (6.5) not supported by this kernel";
  }
  ASSERT_EQ(ret, 0);
  uring_exit(&ring);
  ExpectTornDown(&ring);
  munmap(mem, need);
}

}  // namespace
