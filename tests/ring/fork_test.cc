// fork(2) with a ring, on the real kernel: what ring.h allows a child (exit, or uring_exit and
// exit) leaves the parent's ring whole. The parent then submits and reaps as before, its
// request in flight across the fork completes instead of being cancelled, and its
// descriptors, mappings and registered ring fd are where they were. A child doing more than
// that corrupts the parent's queues (ring.h says how); that is not tested here.
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <map>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/support/kernel.h"
#include "uring/uring.h"

namespace {

using uring_test::CountRingFds;
using uring_test::CountRingMappings;
using uring_test::KernelAtLeast;

constexpr unsigned kEntries = 8;

enum class Child { kExits, kUringExitThenExits };

struct Kind {
  const char *name;
  unsigned flags;  // for uring_init, or uring_init_mem with URING_SETUP_NO_MMAP
  bool register_fd;  // uring_register_ring_fd after setup
};

struct Case {
  Kind kind;
  Child child;
};

std::string CaseName(const ::testing::TestParamInfo<Case> &info) {
  return std::string(info.param.kind.name) +
         (info.param.child == Child::kExits ? "_ChildExits" : "_ChildUringExits");
}
void PrintTo(const Case &c, std::ostream *os) { *os << CaseName({c, 0}); }

struct Cqe {
  uint64_t user_data;
  int32_t res;
};

// Waits for one CQE, with a deadline where the kernel takes one (5.11), and copies it out.
int WaitOne(struct uring *ring, Cqe *out) {
  struct uring_cqe *cqe = nullptr;
  struct uring_timespec patience = {5, 0};
  int ret = (ring->features & URING_FEAT_EXT_ARG) ? uring_wait_cqe_timeout(ring, &cqe, &patience)
                                                   : uring_wait_cqe(ring, &cqe);
  if (ret < 0) return ret;
  out->user_data = cqe->user_data;
  out->res = cqe->res;
  uring_cqe_seen(ring, cqe);
  return 0;
}

// Runs n NOPs (user_data first, first + 1, ...) in batches of the SQ size and returns every
// CQE reaped meanwhile, plus `extra` more CQEs expected from elsewhere.
std::vector<Cqe> NopsAndReap(struct uring *ring, unsigned n, uint64_t first, unsigned extra) {
  std::vector<Cqe> got;
  unsigned done = 0;
  while (done < n) {
    unsigned batch = 0;
    while (batch < ring->sq.ring_entries && done + batch < n) {
      struct uring_sqe *sqe = uring_get_sqe(ring);
      if (!sqe && (ring->flags & URING_SETUP_SQPOLL)) {
        EXPECT_EQ(uring_sqring_wait(ring), 0);
        sqe = uring_get_sqe(ring);
      }
      if (!sqe) {
        ADD_FAILURE() << "SQ full after " << batch;
        return got;
      }
      uring_prep_nop(sqe);
      uring_sqe_set_data64(sqe, first + done + batch);
      batch++;
    }
    int ret = uring_submit(ring);
    EXPECT_EQ(ret, (int)batch) << "uring_submit lost SQEs";
    if (ret != (int)batch) return got;
    for (unsigned i = 0; i < batch; i++) {
      Cqe c;
      ret = WaitOne(ring, &c);
      EXPECT_EQ(ret, 0) << strerror(-ret);
      if (ret < 0) return got;
      got.push_back(c);
    }
    done += batch;
  }
  for (unsigned i = 0; i < extra; i++) {
    Cqe c;
    int ret = WaitOne(ring, &c);
    EXPECT_EQ(ret, 0) << strerror(-ret);
    if (ret < 0) break;
    got.push_back(c);
  }
  return got;
}

// Child exit codes: what the child found wrong, for the parent to report.
enum ChildStatus { kChildOk = 0, kChildFdsLeft = 10, kChildMapsLeft = 11, kChildNotInert = 12 };

[[noreturn]] void RunChild(struct uring *ring, Child what) {
  // Nothing from the test framework runs here: the child leaves with _exit, so no atexit
  // handler, buffered output or gtest state of the parent's is flushed twice.
  if (what == Child::kUringExitThenExits) {
    uring_exit(ring);
    // Its own copies are gone: the fd and the mappings it inherited.
    if (CountRingFds() != 0) _exit(kChildFdsLeft);
    if (CountRingMappings() != 0) _exit(kChildMapsLeft);
    if (ring->ring_fd != -1 || uring_get_sqe(ring) != nullptr) _exit(kChildNotInert);
  }
  _exit(kChildOk);
}

class Fork : public ::testing::TestWithParam<Case> {
 protected:
  void TearDown() override {
    if (live_) uring_exit(&ring_);
    if (mem_) munmap(mem_, mem_size_);
    for (int fd : sv_)
      if (fd >= 0) close(fd);
  }
  // Creates the ring of `kind`; false (with the test skipped) where the kernel lacks it.
  bool Create(const Kind &kind) {
    int ret;
    if (kind.flags & URING_SETUP_NO_MMAP) {
      struct uring_params p;
      memset(&p, 0, sizeof p);
      p.flags = kind.flags;
      mem_size_ = uring_mem_size(kEntries, &p);
      // Private anonymous memory, the ordinary kind: the child gets its own copy of the
      // pages the kernel pinned, and the parent keeps the pinned ones.
      mem_ = mmap(nullptr, mem_size_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (mem_ == MAP_FAILED) {
        mem_ = nullptr;
        ADD_FAILURE() << "mmap: " << strerror(errno);
        return false;
      }
      ret = uring_init_mem(&ring_, kEntries, &p, mem_, mem_size_);
      if (ret == -EINVAL && !KernelAtLeast(6, 5)) {
        skip_ = "URING_SETUP_NO_MMAP (6.5) not supported by this kernel";
        return false;
      }
    } else {
      ret = uring_init(&ring_, kEntries, kind.flags);
      if ((kind.flags & URING_SETUP_SQPOLL) && ret == -EPERM && !KernelAtLeast(5, 11)) {
        skip_ = "URING_SETUP_SQPOLL without CAP_SYS_ADMIN (5.11) not supported by this kernel";
        return false;
      }
      if ((kind.flags & URING_SETUP_DEFER_TASKRUN) && ret == -EINVAL && !KernelAtLeast(6, 1)) {
        skip_ = "URING_SETUP_DEFER_TASKRUN (6.1) not supported by this kernel";
        return false;
      }
    }
    EXPECT_EQ(ret, 0) << strerror(-ret);
    live_ = ret == 0;
    if (live_ && kind.register_fd) {
      ret = uring_register_ring_fd(&ring_);
      if (ret == -EINVAL && !KernelAtLeast(5, 18)) {
        skip_ = "registered ring fds (5.18) not supported by this kernel";
        return false;
      }
      EXPECT_EQ(ret, 0) << strerror(-ret);
      return ret == 0;
    }
    return live_;
  }

  struct uring ring_;
  bool live_ = false;
  void *mem_ = nullptr;
  size_t mem_size_ = 0;
  int sv_[2] = {-1, -1};
  std::string skip_;
};

TEST_P(Fork, ParentRingIsWholeAfterTheChild) {
  URING_SKIP_WITHOUT_KERNEL();
  const Case &c = GetParam();
  if (!Create(c.kind)) {
    if (!skip_.empty()) GTEST_SKIP() << skip_;
    return;
  }
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, sv_), 0);
  // Traffic first, so that the queue positions the child inherits are not the initial ones.
  std::vector<Cqe> before = NopsAndReap(&ring_, 2 * kEntries + 3, 1000, 0);
  ASSERT_EQ(before.size(), 2 * kEntries + 3);
  // A request in flight across the fork: a recv on a socket nothing has written to yet.
  char byte = 0;
  struct uring_sqe *sqe = uring_get_sqe(&ring_);
  ASSERT_NE(sqe, nullptr);
  uring_prep_recv(sqe, sv_[0], &byte, 1, 0);
  uring_sqe_set_data64(sqe, 50);
  ASSERT_EQ(uring_submit(&ring_), 1);
  const uint32_t enter_flags = ring_.enter_flags;
  const int enter_fd = ring_.enter_fd;
  const int fds = CountRingFds(), maps = CountRingMappings();

  fflush(nullptr);  // nothing buffered is written twice
  pid_t pid = fork();
  ASSERT_GE(pid, 0) << strerror(errno);
  if (pid == 0) RunChild(&ring_, c.child);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status)) << "child status " << status;
  EXPECT_EQ(WEXITSTATUS(status), kChildOk)
      << "in the child after uring_exit: 10 ring fds left, 11 ring mappings left, 12 the "
         "struct not inert";

  // The parent's view of its ring is as it was.
  EXPECT_EQ(ring_.enter_flags, enter_flags);
  EXPECT_EQ(ring_.enter_fd, enter_fd);
  EXPECT_EQ(CountRingFds(), fds);
  EXPECT_EQ(CountRingMappings(), maps);
  // Its in-flight recv still completes, and every NOP after the child goes in and comes back.
  ASSERT_EQ(write(sv_[1], "x", 1), 1);
  const unsigned n = 3 * kEntries + 1;
  std::vector<Cqe> after = NopsAndReap(&ring_, n, 2000, 1);
  ASSERT_EQ(after.size(), n + 1);
  std::map<uint64_t, int> res;
  for (const Cqe &cqe : after) {
    EXPECT_EQ(res.count(cqe.user_data), 0u) << "user_data " << cqe.user_data << " twice";
    res[cqe.user_data] = cqe.res;
  }
  ASSERT_EQ(res.count(50), 1u) << "the recv in flight across the fork never completed";
  EXPECT_EQ(res[50], 1) << "the recv ended with " << strerror(-res[50]);
  EXPECT_EQ(byte, 'x');
  for (unsigned i = 0; i < n; i++) {
    ASSERT_EQ(res.count(2000 + i), 1u) << "NOP " << i << " never completed";
    EXPECT_EQ(res[2000 + i], 0);
  }
}

const Kind kKinds[] = {
    {"Plain", 0, false},
    {"Sqpoll", URING_SETUP_SQPOLL, false},
    // The child's uring_exit unregisters the ring fd: the kernel finds no registration in
    // the child (it gives a child no io_uring state of its own) and returns 0.
    {"RegisteredFd", 0, true},
    // uring_init registers the ring fd of such a ring; in the child the kernel refuses the
    // unregistering with -EEXIST (not the ring's task), which uring_exit ignores.
    {"DeferTaskrun", URING_SETUP_SINGLE_ISSUER | URING_SETUP_DEFER_TASKRUN, false},
    {"NoMmap", URING_SETUP_NO_MMAP, false},
};

std::vector<Case> AllCases() {
  std::vector<Case> cases;
  for (const Kind &k : kKinds)
    for (Child ch : {Child::kExits, Child::kUringExitThenExits}) cases.push_back({k, ch});
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Rings, Fork, ::testing::ValuesIn(AllCases()), CaseName);

}  // namespace
