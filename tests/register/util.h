// Helpers shared by the register tests: a ring that tears itself down, waiting for one
// CQE without hanging forever, a temporary file with known contents, a page of memory.
#ifndef URING_TESTS_REGISTER_UTIL_H
#define URING_TESTS_REGISTER_UTIL_H

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <string>

#include "gtest/gtest.h"
#include "tests/support/harness.h"
#include "uring/uring.h"

namespace uring_register_test {

// A ring on the real kernel, torn down at scope exit (tests/support/harness.h).
using ::uring_test::Ring;

// A copy of one CQE (the slot is freed before the test looks at it).
struct Cqe {
  uint64_t user_data = 0;
  int32_t res = 0;
  uint32_t flags = 0;
  // As a 16-byte struct uring_cqe, for the calls that decode one. Assigned field by field:
  // a brace list {user_data, res, flags} leaves big_cqe[] out, which -Wextra reports.
  struct uring_cqe View() const {
    struct uring_cqe v;
    v.user_data = user_data;
    v.res = res;
    v.flags = flags;
    return v;
  }
};

// Waits for the next CQE, copies it out and frees its slot. The 10-second limit only keeps
// a broken test from hanging: no test passes or fails by how long anything takes.
inline int WaitCqe(struct uring *ring, Cqe *out) {
  struct uring_cqe *cqe = nullptr;
  struct uring_timespec ts = {10, 0};
  int ret = uring_wait_cqe_timeout(ring, &cqe, &ts);
  if (ret < 0) return ret;
  out->user_data = cqe->user_data;
  out->res = cqe->res;
  out->flags = cqe->flags;
  uring_cqe_seen(ring, cqe);
  return 0;
}

// Submits what is queued and returns the next CQE.
inline int SubmitAndWaitCqe(struct uring *ring, Cqe *out) {
  int ret = uring_submit(ring);
  if (ret < 0) return ret;
  return WaitCqe(ring, out);
}

// A temporary file holding `contents`, unlinked at once; closed at scope exit.
struct TempFile {
  int fd = -1;
  explicit TempFile(const std::string &contents) {
    const char *dir = getenv("TEST_TMPDIR");
    std::string path = std::string(dir ? dir : "/tmp") + "/uring-register-XXXXXX";
    fd = mkstemp(&path[0]);
    if (fd >= 0) {
      unlink(path.c_str());
      if (write(fd, contents.data(), contents.size()) != (ssize_t)contents.size()) {
        close(fd);
        fd = -1;
      }
    }
  }
  ~TempFile() {
    if (fd >= 0) close(fd);
  }
  TempFile(const TempFile &) = delete;
  TempFile &operator=(const TempFile &) = delete;
};

// Contents for the files and buffers the tests read back.
const std::string kText = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

// One page of page-aligned memory, unmapped at scope exit.
struct Page {
  void *p = nullptr;
  size_t size;
  explicit Page(size_t n = 4096) : size(n) {
    void *m = mmap(nullptr, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m != MAP_FAILED) p = m;
  }
  ~Page() {
    if (p) munmap(p, size);
  }
  char *c() { return static_cast<char *>(p); }
};

// A pipe, closed at scope exit.
struct Pipe {
  int fds[2] = {-1, -1};
  Pipe() {
    if (pipe(fds) != 0) fds[0] = fds[1] = -1;
  }
  ~Pipe() {
    if (fds[0] >= 0) close(fds[0]);
    if (fds[1] >= 0) close(fds[1]);
  }
  Pipe(const Pipe &) = delete;
  Pipe &operator=(const Pipe &) = delete;
  int r() const { return fds[0]; }
  int w() const { return fds[1]; }
};

// What the running kernel offers for provided-buffer rings, asked of the kernel itself with
// a throwaway group on `ring`: a kernel without a feature refuses it with -EINVAL.
struct BufRingSupport {
  bool rings = false;          // buffer rings in caller memory (5.19)
  bool kernel_memory = false;  // kernel-allocated rings, URING_PBUF_RING_MMAP (6.4)
  bool status = false;         // the head query, URING_REGISTER_PBUF_STATUS (6.8)
};

inline BufRingSupport ProbeBufRings(struct uring *ring) {
  constexpr int kGroup = 65000;
  BufRingSupport s;
  void *mem = mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mem == MAP_FAILED) {
    ADD_FAILURE() << "mmap failed";
    return s;
  }
  struct uring_buf_reg reg;
  memset(&reg, 0, sizeof reg);
  reg.ring_addr = (uint64_t)(uintptr_t)mem;
  reg.ring_entries = 1;
  reg.bgid = kGroup;
  int ret = uring_register_buf_ring(ring, &reg, 0);
  EXPECT_TRUE(ret == 0 || ret == -EINVAL) << "buffer ring registration: " << strerror(-ret);
  s.rings = ret == 0;
  if (s.rings) {
    uint16_t head = 1;
    ret = uring_buf_ring_head(ring, kGroup, &head);
    EXPECT_TRUE(ret == 0 || ret == -EINVAL) << "PBUF_STATUS: " << strerror(-ret);
    s.status = ret == 0;
    EXPECT_EQ(uring_unregister_buf_ring(ring, kGroup), 0);
    memset(&reg, 0, sizeof reg);
    reg.ring_entries = 1;
    reg.bgid = kGroup;
    reg.flags = URING_PBUF_RING_MMAP;
    ret = uring_register_buf_ring(ring, &reg, 0);
    EXPECT_TRUE(ret == 0 || ret == -EINVAL) << "PBUF_RING_MMAP: " << strerror(-ret);
    s.kernel_memory = ret == 0;
    if (s.kernel_memory) {
      EXPECT_EQ(uring_unregister_buf_ring(ring, kGroup), 0);
    }
  }
  munmap(mem, 4096);
  return s;
}

}  // namespace uring_register_test

#endif  // URING_TESTS_REGISTER_UTIL_H
