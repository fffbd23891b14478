// Shared pieces of the per-opcode real-kernel tests: the exercised/skipped registry that
// the suite reports at exit, a ring that tears itself down, bounded waits, temp files.
#ifndef URING_TESTS_OPS_OPS_COMMON_H
#define URING_TESTS_OPS_OPS_COMMON_H

#include <unistd.h>

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/support/harness.h"
#include "uring/uring.h"

namespace uring_ops {

// Records that `op` ran on the kernel and its result and side effect were checked. Does
// nothing when the current test already has a failure, so a broken opcode is not counted.
// `note` qualifies a partial check (printed in the report).
void MarkExercised(unsigned op, const char *note = nullptr);

// Records that `op` could not be run here, and why.
void MarkSkipped(unsigned op, const std::string &reason);

// The running kernel's probe (fetched once); nullptr when io_uring is unavailable.
const struct uring_probe_info *Probe();

// True when the probe lists `op`.
bool KernelHas(unsigned op);

// "(5.6)": the release that added `op`, from the opcode table.
std::string OpRelease(unsigned op);

// Skips the test (and records the opcode as skipped) when the probe does not list `op`.
#define OPS_REQUIRE_OP(op)                                                          \
  do {                                                                              \
    const std::string &why_ops_ = ::uring_test::KernelUnavailableReason();          \
    if (!why_ops_.empty()) {                                                        \
      ::uring_ops::MarkSkipped(op, "io_uring unavailable here: " + why_ops_);       \
      GTEST_SKIP() << "io_uring unavailable here: " << why_ops_;                    \
    }                                                                               \
    if (!::uring_ops::KernelHas(op)) {                                              \
      ::uring_ops::MarkSkipped(op, "the kernel's probe does not list it");          \
      GTEST_SKIP() << #op " " << ::uring_ops::OpRelease(op)                         \
                   << " not supported by this kernel (probe)";                      \
    }                                                                               \
  } while (0)

// The kernel's release, for what the kernel cannot be asked about (tests/support/kernel.h).
using ::uring_test::KernelAtLeast;

// Skips the test when `res` is `refusal` (what a kernel without the feature answers, e.g.
// -EINVAL for an unknown flag) and the running kernel predates `major.minor`, the release
// that added `feature`. On a kernel that has the feature the same answer is left for the
// test to fail on.
#define OPS_SKIP_IF_REFUSED(res, refusal, major, minor, feature)                           \
  do {                                                                                     \
    int r_ops_ = (res);                                                                    \
    if (r_ops_ == (refusal) && !::uring_test::KernelAtLeast(major, minor))                 \
      GTEST_SKIP() << feature << " (" #major "." #minor ") not supported by this kernel: " \
                   << "it answered " << strerror(-r_ops_);                                 \
  } while (0)

// OPS_SKIP_IF_REFUSED that also records `op` as skipped, for the test that alone exercises
// it.
#define OPS_SKIP_OP_IF_REFUSED(op, res, refusal, major, minor, feature)                 \
  do {                                                                                  \
    int r_op_ = (res);                                                                  \
    if (r_op_ == (refusal) && !::uring_test::KernelAtLeast(major, minor))               \
      ::uring_ops::MarkSkipped(                                                         \
          op, std::string(feature) + " (" #major "." #minor ") refused by the kernel"); \
    OPS_SKIP_IF_REFUSED(r_op_, refusal, major, minor, feature);                         \
  } while (0)

// A ring on the real kernel, torn down at scope exit (tests/support/harness.h).
using ::uring_test::Ring;

// The next SQE; fails the test (by returning nullptr, checked by the caller) when full.
struct uring_sqe *Sqe(struct uring *ring);

// Submits what is queued and collects exactly `n` CQEs, each waited for at most
// `timeout_s` seconds. Returns fewer when a wait times out.
std::vector<struct uring_cqe> Reap(struct uring *ring, unsigned n, int timeout_s = 5);

// Collects whatever CQEs arrive within `timeout_ms` (after submitting), up to `max`.
std::vector<struct uring_cqe> Drain(struct uring *ring, unsigned max, int timeout_ms);

// Submits and reaps one CQE; res in *res. Returns false on timeout.
bool RunOne(struct uring *ring, struct uring_cqe *out, int timeout_s = 5);

// "{user_data, res, flags} ..." for failure messages.
std::string Describe(const std::vector<struct uring_cqe> &cqes);

// The CQE with this user_data among `cqes`, or nullptr.
const struct uring_cqe *Find(const std::vector<struct uring_cqe> &cqes, uint64_t user_data);

// A fresh directory under $TEST_TMPDIR (or /tmp), removed with its contents at scope exit.
struct TempDir {
  std::string path;
  TempDir();
  ~TempDir();
  std::string File(const std::string &name) const { return path + "/" + name; }
};

// Bounds blocking receives on `fd` to 5 seconds (SO_RCVTIMEO), so that a test whose send
// failed reports it instead of hanging.
bool SetRecvTimeout(int fd);

// A connected loopback TCP pair made with libc (127.0.0.1, an ephemeral port), both ends
// with a receive timeout.
struct TcpPair {
  int client = -1, server = -1;
  bool Make();
  ~TcpPair();
};

// A pipe, closed at scope exit.
struct Pipe {
  int fd[2] = {-1, -1};
  bool Make() { return pipe(fd) == 0; }
  ~Pipe() {
    for (int f : fd)
      if (f >= 0) close(f);
  }
};

// Nothing completed yet: the request is still armed in the kernel. A submit returns after
// the kernel armed the poll (no wait involved).
bool NothingReady(struct uring *ring);

// Page-aligned anonymous memory (mmap), unmapped at scope exit. For buffers to register:
// 5.10 and 6.1 refuse (-EINVAL) a registered buffer whose pages come from more than one
// kind of mapping, which a static array spanning .data and .bss (or a page shared with
// other data) can do; anonymous pages of one mapping are accepted by every kernel.
struct AnonPages {
  char *p = nullptr;
  size_t len = 0;
  explicit AnonPages(size_t bytes);
  ~AnonPages();
  AnonPages(const AnonPages &) = delete;
  AnonPages &operator=(const AnonPages &) = delete;
};

// Writes `data` to a new file at `path`; returns an O_RDWR fd or -1.
int MakeFile(const std::string &path, const std::string &data);

// The whole content of the file at `path`.
std::string ReadAll(const std::string &path);

}  // namespace uring_ops

#endif  // URING_TESTS_OPS_OPS_COMMON_H
