// A program written against liburing's API, built twice (BUILD, api.h): against Debian's
// liburing 2.3 (:api_liburing23_test) and against uring's compatibility header
// (:api_compat_test), with the same expectations. Where liburing releases differ (2.3
// against the 2.15 the compat layer follows) or the compat layer differs on purpose
// (uring/compat/liburing.h), the test says which side expects what; everything else is
// asserted alike.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/compat/api.h"
#include "tests/support/kernel.h"

namespace {

using compat_test::Done;
using compat_test::KernelTakesSetupFlag;
using compat_test::kMinor;
using compat_test::Reap;
using compat_test::Ring;
using compat_test::TempFile;

TEST(LiburingApi, SetupFillsTheRingAndParams) {
  URING_SKIP_WITHOUT_KERNEL();
  struct io_uring ring;
  struct io_uring_params p;
  memset(&p, 0, sizeof p);
  ASSERT_EQ(io_uring_queue_init_params(8, &ring, &p), 0);
  EXPECT_GE(ring.ring_fd, 0);
  EXPECT_EQ(p.sq_entries, 8u);
  EXPECT_EQ(p.cq_entries, 16u);
  EXPECT_EQ(ring.sq.ring_entries, 8u);
  EXPECT_EQ(ring.cq.ring_entries, 16u);
  EXPECT_EQ(ring.sq.ring_mask, 7u);
  EXPECT_EQ(ring.cq.ring_mask, 15u);
  EXPECT_EQ(ring.features, p.features);
  EXPECT_NE(ring.features & IORING_FEAT_SINGLE_MMAP, 0u);  // every kernel the suite runs
  EXPECT_EQ(ring.flags, p.flags);
  // liburing adds NO_SQARRAY from 2.6 where the kernel takes it (6.6); 2.3 adds nothing.
  unsigned expected = (kMinor >= 6 && KernelTakesSetupFlag(IORING_SETUP_NO_SQARRAY))
                          ? IORING_SETUP_NO_SQARRAY
                          : 0u;
  EXPECT_EQ(ring.flags, expected);
  EXPECT_EQ(io_uring_sq_space_left(&ring), 8u);
  EXPECT_EQ(io_uring_sq_ready(&ring), 0u);
  EXPECT_EQ(io_uring_cq_ready(&ring), 0u);
  io_uring_queue_exit(&ring);

  // What the caller asked for is kept; an unknown flag is the kernel's -EINVAL.
  Ring clamp(8, IORING_SETUP_CLAMP);
  ASSERT_EQ(clamp.ret(), 0);
  EXPECT_NE(clamp.get()->flags & IORING_SETUP_CLAMP, 0u);
  struct io_uring bad;
  EXPECT_EQ(io_uring_queue_init(8, &bad, 1u << 30), -EINVAL);
}

TEST(LiburingApi, WriteThenReadAFile) {
  URING_SKIP_WITHOUT_KERNEL();
  Ring r;
  ASSERT_EQ(r.ret(), 0);
  int fd = TempFile();
  ASSERT_GE(fd, 0);
  const char text[] = "compat layer";
  struct io_uring_sqe *sqe = io_uring_get_sqe(r.get());
  ASSERT_NE(sqe, nullptr);
  io_uring_prep_write(sqe, fd, text, sizeof text, 0);
  io_uring_sqe_set_data64(sqe, 1);
  ASSERT_EQ(io_uring_submit(r.get()), 1);
  Done w = Reap(r.get());
  EXPECT_EQ(w.user_data, 1u);
  EXPECT_EQ(w.res, static_cast<int>(sizeof text));

  char buf[64] = {};
  int tag = 7;
  sqe = io_uring_get_sqe(r.get());
  ASSERT_NE(sqe, nullptr);
  // Data set before the prep call survives it, as with liburing.
  io_uring_sqe_set_data(sqe, &tag);
  io_uring_prep_read(sqe, fd, buf, sizeof buf, 0);
  ASSERT_EQ(io_uring_submit_and_wait(r.get(), 1), 1);
  struct io_uring_cqe *cqe = nullptr;
  ASSERT_EQ(io_uring_peek_cqe(r.get(), &cqe), 0);
  EXPECT_EQ(io_uring_cqe_get_data(cqe), &tag);
  EXPECT_EQ(cqe->res, static_cast<int>(sizeof text));
  EXPECT_STREQ(buf, text);
  io_uring_cqe_seen(r.get(), cqe);
  io_uring_cqe_seen(r.get(), nullptr);  // does nothing
  EXPECT_EQ(io_uring_peek_cqe(r.get(), &cqe), -EAGAIN);

  // Vectored, at an offset.
  char a[4] = {}, b[8] = {};
  struct iovec iov[2] = {{a, sizeof a}, {b, sizeof b}};
  sqe = io_uring_get_sqe(r.get());
  io_uring_prep_readv(sqe, fd, iov, 2, 1);
  io_uring_sqe_set_data64(sqe, 3);
  ASSERT_EQ(io_uring_submit(r.get()), 1);
  Done v = Reap(r.get());
  EXPECT_EQ(v.user_data, 3u);
  EXPECT_EQ(v.res, 12);
  EXPECT_EQ(std::string(a, 4), "ompa");
  EXPECT_EQ(std::string(b, 8), std::string("t layer", 8));  // and the terminating NUL
  close(fd);
}

TEST(LiburingApi, LinkChainRunsInOrderAndABrokenLinkCancels) {
  URING_SKIP_WITHOUT_KERNEL();
  Ring r;
  ASSERT_EQ(r.ret(), 0);
  int fd = TempFile();
  ASSERT_GE(fd, 0);
  const char text[] = "linked";
  char buf[16] = {};
  struct io_uring_sqe *sqe = io_uring_get_sqe(r.get());
  io_uring_prep_write(sqe, fd, text, sizeof text, 0);
  io_uring_sqe_set_flags(sqe, IOSQE_IO_LINK);
  io_uring_sqe_set_data64(sqe, 1);
  sqe = io_uring_get_sqe(r.get());
  io_uring_prep_fsync(sqe, fd, IORING_FSYNC_DATASYNC);
  sqe->flags |= IOSQE_IO_LINK;
  io_uring_sqe_set_data64(sqe, 2);
  sqe = io_uring_get_sqe(r.get());
  io_uring_prep_read(sqe, fd, buf, sizeof buf, 0);
  io_uring_sqe_set_data64(sqe, 3);
  ASSERT_EQ(io_uring_submit_and_wait(r.get(), 3), 3);
  for (__u64 i = 1; i <= 3; i++) {
    Done d = Reap(r.get());
    EXPECT_EQ(d.user_data, i);
    EXPECT_GE(d.res, 0) << "step " << i;
  }
  EXPECT_STREQ(buf, text);

  // A read past a bad fd fails and cancels what is linked behind it.
  sqe = io_uring_get_sqe(r.get());
  io_uring_prep_read(sqe, -1, buf, sizeof buf, 0);
  io_uring_sqe_set_flags(sqe, IOSQE_IO_LINK);
  io_uring_sqe_set_data64(sqe, 4);
  sqe = io_uring_get_sqe(r.get());
  io_uring_prep_nop(sqe);
  io_uring_sqe_set_data64(sqe, 5);
  ASSERT_EQ(io_uring_submit(r.get()), 2);
  Done bad = Reap(r.get());
  Done next = Reap(r.get());
  EXPECT_EQ(bad.user_data, 4u);
  EXPECT_EQ(bad.res, -EBADF);
  EXPECT_EQ(next.user_data, 5u);
  EXPECT_EQ(next.res, -ECANCELED);
  close(fd);
}

TEST(LiburingApi, Timeouts) {
  URING_SKIP_WITHOUT_KERNEL();
  Ring r;
  ASSERT_EQ(r.ret(), 0);
  // Expires.
  struct __kernel_timespec ts = {0, 5 * 1000 * 1000};
  struct io_uring_sqe *sqe = io_uring_get_sqe(r.get());
  io_uring_prep_timeout(sqe, &ts, 0, 0);
  io_uring_sqe_set_data64(sqe, 1);
  ASSERT_EQ(io_uring_submit(r.get()), 1);
  Done d = Reap(r.get());
  EXPECT_EQ(d.user_data, 1u);
  EXPECT_EQ(d.res, -ETIME);

  // Completes by count: one other CQE.
  struct __kernel_timespec long_ts = {10, 0};
  sqe = io_uring_get_sqe(r.get());
  io_uring_prep_timeout(sqe, &long_ts, 1, 0);
  io_uring_sqe_set_data64(sqe, 2);
  sqe = io_uring_get_sqe(r.get());
  io_uring_prep_nop(sqe);
  io_uring_sqe_set_data64(sqe, 3);
  ASSERT_EQ(io_uring_submit(r.get()), 2);
  Done a = Reap(r.get());
  Done b = Reap(r.get());
  EXPECT_EQ(a.user_data, 3u);
  EXPECT_EQ(b.user_data, 2u);
  EXPECT_EQ(b.res, 0);

  // Removed.
  sqe = io_uring_get_sqe(r.get());
  io_uring_prep_timeout(sqe, &long_ts, 0, 0);
  io_uring_sqe_set_data64(sqe, 4);
  ASSERT_EQ(io_uring_submit(r.get()), 1);
  sqe = io_uring_get_sqe(r.get());
  io_uring_prep_timeout_remove(sqe, 4, 0);
  io_uring_sqe_set_data64(sqe, 5);
  ASSERT_EQ(io_uring_submit(r.get()), 1);
  Done x = Reap(r.get());
  Done y = Reap(r.get());
  if (x.user_data != 4u) std::swap(x, y);
  EXPECT_EQ(x.user_data, 4u);
  EXPECT_EQ(x.res, -ECANCELED);
  EXPECT_EQ(y.user_data, 5u);
  EXPECT_EQ(y.res, 0);

  // A linked timeout cancels a read that cannot complete.
  int pipefd[2];
  ASSERT_EQ(pipe(pipefd), 0);
  char c;
  sqe = io_uring_get_sqe(r.get());
  io_uring_prep_read(sqe, pipefd[0], &c, 1, 0);
  sqe->flags |= IOSQE_IO_LINK;
  io_uring_sqe_set_data64(sqe, 6);
  sqe = io_uring_get_sqe(r.get());
  io_uring_prep_link_timeout(sqe, &ts, 0);
  io_uring_sqe_set_data64(sqe, 7);
  ASSERT_EQ(io_uring_submit(r.get()), 2);
  Done rd = Reap(r.get());
  Done lt = Reap(r.get());
  if (rd.user_data != 6u) std::swap(rd, lt);
  EXPECT_EQ(rd.res, -ECANCELED);
  EXPECT_EQ(lt.res, -ETIME);
  close(pipefd[0]);
  close(pipefd[1]);
}

TEST(LiburingApi, WaitsWithATimeLimit) {
  URING_SKIP_WITHOUT_KERNEL();
  Ring r;
  ASSERT_EQ(r.ret(), 0);
  struct io_uring *ring = r.get();
  struct __kernel_timespec ts = {0, 10 * 1000 * 1000};
  struct io_uring_cqe *cqe = nullptr;
  int ret = io_uring_wait_cqe_timeout(ring, &cqe, &ts);
#ifdef URING_COMPAT_TEST
  if (!(ring->features & IORING_FEAT_EXT_ARG)) {
    // uring queues no TIMEOUT SQE of its own before 5.11 (liburing.h, README).
    EXPECT_EQ(ret, -EOPNOTSUPP);
    GTEST_SKIP() << "waits with a time limit need IORING_FEAT_EXT_ARG (5.11) here";
  }
#endif
  // liburing 2.3 before 5.11 waits with a TIMEOUT SQE of its own, with the same result.
  EXPECT_EQ(ret, -ETIME);
  EXPECT_EQ(io_uring_cq_ready(ring), 0u);

  // Two NOPs, waited for together.
  for (int i = 0; i < 2; i++) io_uring_prep_nop(io_uring_get_sqe(ring));
  ASSERT_EQ(io_uring_submit(ring), 2);
  ret = io_uring_wait_cqes(ring, &cqe, 2, &ts, nullptr);
  EXPECT_EQ(ret, 0);
  ASSERT_NE(cqe, nullptr);
  EXPECT_EQ(io_uring_cq_ready(ring), 2u);
  io_uring_cq_advance(ring, 2);

  // Submit and wait in one call: the number submitted.
  io_uring_prep_nop(io_uring_get_sqe(ring));
  ret = io_uring_submit_and_wait_timeout(ring, &cqe, 1, &ts, nullptr);
  EXPECT_EQ(ret, 1);
  ASSERT_NE(cqe, nullptr);
  EXPECT_EQ(cqe->res, 0);
  io_uring_cqe_seen(ring, cqe);
  EXPECT_EQ(io_uring_cq_ready(ring), 0u);
}

TEST(LiburingApi, ForEachCqeThenAdvance) {
  URING_SKIP_WITHOUT_KERNEL();
  Ring r(16);
  ASSERT_EQ(r.ret(), 0);
  struct io_uring *ring = r.get();
  for (__u64 i = 0; i < 5; i++) {
    struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
    io_uring_prep_nop(sqe);
    io_uring_sqe_set_data64(sqe, 100 + i);
  }
  ASSERT_EQ(io_uring_submit_and_wait(ring, 5), 5);
  ASSERT_EQ(io_uring_cq_ready(ring), 5u);
  unsigned head = 0, count = 0;
  std::vector<__u64> seen;
  struct io_uring_cqe *cqe;
  io_uring_for_each_cqe(ring, head, cqe) {
    EXPECT_EQ(head, *ring->cq.khead + count);
    seen.push_back(cqe->user_data);
    count++;
  }
  EXPECT_EQ(count, 5u);
  EXPECT_EQ(seen, (std::vector<__u64>{100, 101, 102, 103, 104}));
  // Nothing is consumed until the advance.
  EXPECT_EQ(io_uring_cq_ready(ring), 5u);
  io_uring_cq_advance(ring, count);
  EXPECT_EQ(io_uring_cq_ready(ring), 0u);
  EXPECT_EQ(io_uring_peek_cqe(ring, &cqe), -EAGAIN);

  // A batch peek, then the same advance.
  for (__u64 i = 0; i < 3; i++) {
    struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
    io_uring_prep_nop(sqe);
    io_uring_sqe_set_data64(sqe, 200 + i);
  }
  ASSERT_EQ(io_uring_submit_and_wait(ring, 3), 3);
  struct io_uring_cqe *batch[8];
  ASSERT_EQ(io_uring_peek_batch_cqe(ring, batch, 8), 3u);
  for (unsigned i = 0; i < 3; i++) EXPECT_EQ(batch[i]->user_data, 200u + i);
  io_uring_cq_advance(ring, 3);
  EXPECT_EQ(io_uring_cq_ready(ring), 0u);
}

TEST(LiburingApi, OverflowIsFlaggedAndNothingIsLost) {
  URING_SKIP_WITHOUT_KERNEL();
  struct io_uring ring;
  struct io_uring_params p;
  memset(&p, 0, sizeof p);
  p.flags = IORING_SETUP_CQSIZE;
  p.cq_entries = 4;
  ASSERT_EQ(io_uring_queue_init_params(4, &ring, &p), 0);
  ASSERT_NE(ring.features & IORING_FEAT_NODROP, 0u);  // 5.5
  for (int round = 0; round < 2; round++) {
    for (int i = 0; i < 4; i++) {
      struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);
      io_uring_prep_nop(sqe);
      io_uring_sqe_set_data64(sqe, static_cast<__u64>(round * 4 + i));
    }
    ASSERT_EQ(io_uring_submit(&ring), 4);
  }
  EXPECT_TRUE(io_uring_cq_has_overflow(&ring));
  std::vector<__u64> got;
  struct io_uring_cqe *cqe;
  while (got.size() < 8 && io_uring_wait_cqe(&ring, &cqe) == 0) {
    got.push_back(cqe->user_data);
    io_uring_cqe_seen(&ring, cqe);
  }
  EXPECT_EQ(got, (std::vector<__u64>{0, 1, 2, 3, 4, 5, 6, 7}));
  EXPECT_FALSE(io_uring_cq_has_overflow(&ring));
  io_uring_queue_exit(&ring);
}

TEST(LiburingApi, Probe) {
  URING_SKIP_WITHOUT_KERNEL();
  struct io_uring_probe *probe = io_uring_get_probe();
  ASSERT_NE(probe, nullptr) << "probes need 5.6";
  EXPECT_GE(probe->last_op, IORING_OP_READ);
  EXPECT_TRUE(io_uring_opcode_supported(probe, IORING_OP_NOP));
  EXPECT_TRUE(io_uring_opcode_supported(probe, IORING_OP_READ));
  EXPECT_EQ(probe->ops[IORING_OP_READ].op, IORING_OP_READ);
  EXPECT_FALSE(io_uring_opcode_supported(probe, probe->last_op + 1));
  int last_op = probe->last_op;
  io_uring_free_probe(probe);

  Ring r;
  ASSERT_EQ(r.ret(), 0);
  probe = io_uring_get_probe_ring(r.get());
  ASSERT_NE(probe, nullptr);
  EXPECT_EQ(probe->last_op, last_op);
  EXPECT_TRUE(io_uring_opcode_supported(probe, IORING_OP_WRITE));
  io_uring_free_probe(probe);

  // A probe of the caller's, filled by the register call.
  size_t len = sizeof(struct io_uring_probe) + 256 * sizeof(struct io_uring_probe_op);
  probe = static_cast<struct io_uring_probe *>(calloc(1, len));
  ASSERT_NE(probe, nullptr);
  EXPECT_EQ(io_uring_register_probe(r.get(), probe, 256), 0);
  EXPECT_EQ(probe->last_op, last_op);
  EXPECT_TRUE(io_uring_opcode_supported(probe, IORING_OP_NOP));
  free(probe);
}

TEST(LiburingApi, RegisteredFilesAndBuffers) {
  URING_SKIP_WITHOUT_KERNEL();
  Ring r;
  ASSERT_EQ(r.ret(), 0);
  struct io_uring *ring = r.get();
  int fd = TempFile();
  ASSERT_GE(fd, 0);
  ASSERT_EQ(pwrite(fd, "registered", 10, 0), 10);

  ASSERT_EQ(io_uring_register_files(ring, &fd, 1), 0);
  char buf[16] = {};
  struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
  io_uring_prep_read(sqe, 0, buf, 10, 0);
  sqe->flags |= IOSQE_FIXED_FILE;
  ASSERT_EQ(io_uring_submit(ring), 1);
  EXPECT_EQ(Reap(ring).res, 10);
  EXPECT_STREQ(buf, "registered");
  int none = -1;
  EXPECT_EQ(io_uring_register_files_update(ring, 0, &none, 1), 1);
  sqe = io_uring_get_sqe(ring);
  io_uring_prep_read(sqe, 0, buf, 10, 0);
  sqe->flags |= IOSQE_FIXED_FILE;
  ASSERT_EQ(io_uring_submit(ring), 1);
  EXPECT_EQ(Reap(ring).res, -EBADF);
  EXPECT_EQ(io_uring_unregister_files(ring), 0);
  EXPECT_EQ(io_uring_unregister_files(ring), -ENXIO);

  // Anonymous memory: registrable on every kernel (register.h).
  void *mem = mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(mem, MAP_FAILED);
  struct iovec iov = {mem, 4096};
  ASSERT_EQ(io_uring_register_buffers(ring, &iov, 1), 0);
  sqe = io_uring_get_sqe(ring);
  io_uring_prep_read_fixed(sqe, fd, mem, 10, 0, 0);
  ASSERT_EQ(io_uring_submit(ring), 1);
  EXPECT_EQ(Reap(ring).res, 10);
  EXPECT_EQ(memcmp(mem, "registered", 10), 0);
  memcpy(mem, "FIXED", 5);
  sqe = io_uring_get_sqe(ring);
  io_uring_prep_write_fixed(sqe, fd, mem, 5, 0, 0);
  ASSERT_EQ(io_uring_submit(ring), 1);
  EXPECT_EQ(Reap(ring).res, 5);
  EXPECT_EQ(pread(fd, buf, 10, 0), 10);
  EXPECT_EQ(std::string(buf, 10), "FIXEDtered");
  EXPECT_EQ(io_uring_unregister_buffers(ring), 0);
  munmap(mem, 4096);
  close(fd);
}

TEST(LiburingApi, RingFdCallsReturnOne) {
  URING_SKIP_WITHOUT_KERNEL();
  Ring r;
  ASSERT_EQ(r.ret(), 0);
  struct io_uring *ring = r.get();
  int ret = io_uring_register_ring_fd(ring);
  if (ret == -EINVAL) GTEST_SKIP() << "registered ring fds need 5.18 (IORING_REGISTER_RING_FDS)";
  ASSERT_EQ(ret, 1);
  // Registering twice, and unregistering what is not registered, are refused from
  // liburing 2.4 on; 2.3 passes both to the kernel.
  if (kMinor >= 4) {
    EXPECT_EQ(io_uring_register_ring_fd(ring), -EEXIST);
  }
  io_uring_prep_nop(io_uring_get_sqe(ring));
  ASSERT_EQ(io_uring_submit(ring), 1);
  EXPECT_EQ(Reap(ring).res, 0);
  EXPECT_EQ(io_uring_unregister_ring_fd(ring), 1);
  if (kMinor >= 4) {
    EXPECT_EQ(io_uring_unregister_ring_fd(ring), -EINVAL);
  }
#ifdef IO_URING_VERSION_MAJOR
  // io_uring_close_ring_fd came with liburing 2.4.
  ASSERT_EQ(io_uring_register_ring_fd(ring), 1);
  int fd = ring->ring_fd;
  ret = io_uring_close_ring_fd(ring);
  if (!(ring->features & IORING_FEAT_REG_REG_RING)) {
    // Before 6.3 register calls need the fd itself: it stays open.
    EXPECT_EQ(ret, -EOPNOTSUPP);
    EXPECT_EQ(ring->ring_fd, fd);
    return;
  }
  EXPECT_EQ(ret, 1);
  EXPECT_EQ(ring->ring_fd, -1);
  EXPECT_EQ(fcntl(fd, F_GETFD), -1);  // closed
  io_uring_prep_nop(io_uring_get_sqe(ring));
  ASSERT_EQ(io_uring_submit(ring), 1);
  EXPECT_EQ(Reap(ring).res, 0);
  EXPECT_EQ(io_uring_close_ring_fd(ring), -EBADF);
#endif
}

int Listener(sockaddr_in *addr) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  memset(addr, 0, sizeof *addr);
  addr->sin_family = AF_INET;
  addr->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof *addr;
  if (bind(fd, reinterpret_cast<sockaddr *>(addr), sizeof *addr) != 0 || listen(fd, 8) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr *>(addr), &len) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

int Connect(const sockaddr_in &addr) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd >= 0 && connect(fd, reinterpret_cast<const sockaddr *>(&addr), sizeof addr) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

TEST(LiburingApi, MultishotAcceptAndRecvWithABufferRing) {
  URING_SKIP_WITHOUT_KERNEL();
  Ring r(16);
  ASSERT_EQ(r.ret(), 0);
  struct io_uring *ring = r.get();
  sockaddr_in addr;
  int lfd = Listener(&addr);
  ASSERT_GE(lfd, 0);

  struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
  io_uring_prep_multishot_accept(sqe, lfd, nullptr, nullptr, 0);
  io_uring_sqe_set_data64(sqe, 1);
  ASSERT_EQ(io_uring_submit(ring), 1);
  int c1 = Connect(addr), c2 = Connect(addr);
  ASSERT_GE(c1, 0);
  ASSERT_GE(c2, 0);
  Done a1 = Reap(ring);
  if (a1.res == -EINVAL) {
    close(c1);
    close(c2);
    close(lfd);
    GTEST_SKIP() << "multishot accept needs 5.19 (IORING_ACCEPT_MULTISHOT)";
  }
  Done a2 = Reap(ring);
  ASSERT_GE(a1.res, 0);
  ASSERT_GE(a2.res, 0);
  EXPECT_NE(a1.flags & IORING_CQE_F_MORE, 0u);
  EXPECT_NE(a2.flags & IORING_CQE_F_MORE, 0u);
  int s1 = a1.res;

  // A buffer ring of 4 buffers in page-aligned memory of the test's, group 3.
  constexpr unsigned kEntries = 4, kBufSize = 32;
  void *ring_mem = mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                        -1, 0);
  ASSERT_NE(ring_mem, MAP_FAILED);
  struct io_uring_buf_ring *br = static_cast<struct io_uring_buf_ring *>(ring_mem);
  struct io_uring_buf_reg reg;
  memset(&reg, 0, sizeof reg);
  reg.ring_addr = reinterpret_cast<uintptr_t>(ring_mem);
  reg.ring_entries = kEntries;
  reg.bgid = 3;
  int ret = io_uring_register_buf_ring(ring, &reg, 0);
  if (ret == -EINVAL) {
    close(c1);
    close(c2);
    close(lfd);
    GTEST_SKIP() << "provided-buffer rings need 5.19 (IORING_REGISTER_PBUF_RING)";
  }
  ASSERT_EQ(ret, 0);
  static char bufs[kEntries][kBufSize];
  io_uring_buf_ring_init(br);
  int mask = io_uring_buf_ring_mask(kEntries);
  for (unsigned i = 0; i < kEntries; i++)
    io_uring_buf_ring_add(br, bufs[i], kBufSize, static_cast<unsigned short>(i), mask,
                          static_cast<int>(i));
  io_uring_buf_ring_advance(br, kEntries);
  EXPECT_EQ(br->tail, kEntries);
  EXPECT_EQ(br->bufs[2].addr, reinterpret_cast<uintptr_t>(bufs[2]));
  EXPECT_EQ(br->bufs[2].bid, 2);

  sqe = io_uring_get_sqe(ring);
  io_uring_prep_recv_multishot(sqe, s1, nullptr, 0, 0);
  sqe->flags |= IOSQE_BUFFER_SELECT;
  sqe->buf_group = 3;
  io_uring_sqe_set_data64(sqe, 2);
  ASSERT_EQ(io_uring_submit(ring), 1);
  ASSERT_EQ(send(c1, "first", 5, 0), 5);
  Done m1 = Reap(ring);
  if (m1.res == -EINVAL) {
    io_uring_unregister_buf_ring(ring, 3);
    close(c1);
    close(c2);
    close(lfd);
    GTEST_SKIP() << "multishot recv needs 6.0 (IORING_RECV_MULTISHOT)";
  }
  EXPECT_EQ(m1.user_data, 2u);
  ASSERT_EQ(m1.res, 5);
  ASSERT_NE(m1.flags & IORING_CQE_F_BUFFER, 0u);
  EXPECT_NE(m1.flags & IORING_CQE_F_MORE, 0u);
  unsigned bid = m1.flags >> IORING_CQE_BUFFER_SHIFT;
  ASSERT_LT(bid, kEntries);
  EXPECT_EQ(std::string(bufs[bid], 5), "first");

  ASSERT_EQ(send(c1, "second", 6, 0), 6);
  struct io_uring_cqe *cqe = nullptr;
  ASSERT_EQ(io_uring_wait_cqe(ring, &cqe), 0);
  ASSERT_EQ(cqe->res, 6);
  unsigned bid2 = cqe->flags >> IORING_CQE_BUFFER_SHIFT;
  EXPECT_NE(bid2, bid);
  EXPECT_EQ(std::string(bufs[bid2], 6), "second");
  // Give both buffers back and free the CQE in one step.
  io_uring_buf_ring_add(br, bufs[bid], kBufSize, static_cast<unsigned short>(bid), mask, 0);
  io_uring_buf_ring_add(br, bufs[bid2], kBufSize, static_cast<unsigned short>(bid2), mask, 1);
  io_uring_buf_ring_advance(br, 1);
  io_uring_buf_ring_cq_advance(ring, br, 1);
  EXPECT_EQ(br->tail, kEntries + 2);
  EXPECT_EQ(io_uring_cq_ready(ring), 0u);

  EXPECT_EQ(io_uring_unregister_buf_ring(ring, 3), 0);
  munmap(ring_mem, 4096);
  close(c1);
  close(c2);
  close(a2.res);
  close(s1);
  close(lfd);
}

#ifdef IO_URING_VERSION_MAJOR
// io_uring_setup_buf_ring / io_uring_free_buf_ring came with liburing 2.4.
TEST(LiburingApi, SetupBufRingAllocatesAndFrees) {
  URING_SKIP_WITHOUT_KERNEL();
  Ring r;
  ASSERT_EQ(r.ret(), 0);
  int err = 1;
  struct io_uring_buf_ring *br = io_uring_setup_buf_ring(r.get(), 8, 5, 0, &err);
  if (!br && err == -EINVAL) GTEST_SKIP() << "provided-buffer rings need 5.19";
  ASSERT_NE(br, nullptr);
  EXPECT_EQ(err, 0);
  EXPECT_EQ(br->tail, 0);
  // The group exists: a second one of that id is refused.
  struct io_uring_buf_ring *again = io_uring_setup_buf_ring(r.get(), 8, 5, 0, &err);
  EXPECT_EQ(again, nullptr);
  EXPECT_EQ(err, -EEXIST);
  EXPECT_EQ(io_uring_free_buf_ring(r.get(), br, 8, 5), 0);
  // Gone: its id is free again.
  br = io_uring_setup_buf_ring(r.get(), 8, 5, 0, &err);
  ASSERT_NE(br, nullptr);
  EXPECT_EQ(io_uring_free_buf_ring(r.get(), br, 8, 5), 0);
  // Not a power of two.
  EXPECT_EQ(io_uring_setup_buf_ring(r.get(), 3, 6, 0, &err), nullptr);
  EXPECT_EQ(err, -EINVAL);
}

// io_uring_queue_init_mem came with liburing 2.5.
TEST(LiburingApi, QueueInitMemReturnsTheBytesUsed) {
  URING_SKIP_WITHOUT_KERNEL();
  size_t size = 64 * 1024;
  void *mem = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(mem, MAP_FAILED);
  struct io_uring ring;
  struct io_uring_params p;
  memset(&p, 0, sizeof p);
  int ret = io_uring_queue_init_mem(8, &ring, &p, mem, size);
  if (ret == -EINVAL) {
    munmap(mem, size);
    GTEST_SKIP() << "rings in caller memory need 6.5 (IORING_SETUP_NO_MMAP)";
  }
  ASSERT_GT(ret, 0);
  EXPECT_LE(static_cast<size_t>(ret), size);
  EXPECT_EQ(ret % 4096, 0);
  EXPECT_NE(ring.flags & IORING_SETUP_NO_MMAP, 0u);  // added by the call
  io_uring_prep_nop(io_uring_get_sqe(&ring));
  ASSERT_EQ(io_uring_submit(&ring), 1);
  EXPECT_EQ(Reap(&ring).res, 0);
  io_uring_queue_exit(&ring);
  // Too small: -ENOMEM, as liburing.
  memset(&p, 0, sizeof p);
  EXPECT_EQ(io_uring_queue_init_mem(8, &ring, &p, mem, 1024), -ENOMEM);
  munmap(mem, size);
}

TEST(LiburingApi, VersionChecks) {
  EXPECT_EQ(io_uring_major_version(), IO_URING_VERSION_MAJOR);
  EXPECT_EQ(io_uring_minor_version(), IO_URING_VERSION_MINOR);
  EXPECT_FALSE(io_uring_check_version(2, 3));
  EXPECT_FALSE(io_uring_check_version(IO_URING_VERSION_MAJOR, IO_URING_VERSION_MINOR));
  EXPECT_TRUE(io_uring_check_version(IO_URING_VERSION_MAJOR, IO_URING_VERSION_MINOR + 1));
  EXPECT_TRUE(io_uring_check_version(IO_URING_VERSION_MAJOR + 1, 0));
  static_assert(!IO_URING_CHECK_VERSION(2, 3), "the compat layer is newer than 2.3");
  static_assert(IO_URING_CHECK_VERSION(3, 0), "and older than 3.0");
}
#endif

}  // namespace
