// The sqe_sequence model on the real kernel when a request outlives its input.
//
// A read or write with CQE_SKIP_SUCCESS posts nothing when it succeeds, so the model does
// not wait for it, and closing the ring does not wait for it either: under load such a
// request ran in io-wq several inputs later (sqe_sequence_kernel tripped in check_result
// on a read whose bytes were another offset's, and on reads of a file that a late write
// had filled from a reused buffer). Here the late request is made certain instead of
// left to the scheduler: the test records the reads and writes of a first input from its
// SQEs and, after every action of the inputs that follow, does what the kernel would do if
// it ran them then. With each request's memory reused across inputs, as the model once
// had it, these tests trap; the model's memory now leaves a late request nothing to spoil.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <vector>

#include "fuzz/sqe_sequence.h"
#include "uring/uring.h"

namespace {

struct LateOp {
  bool write;
  void *addr;
  uint32_t len;
  uint64_t off;
};

std::vector<LateOp> late;
bool late_armed;
int late_fd = -1;

// What the kernel does for each recorded request, run again now.
void RunLate() {
  if (!late_armed) return;
  for (const LateOp &op : late) {
    ssize_t n = op.write ? pwrite(late_fd, op.addr, op.len, (off_t)op.off)
                         : pread(late_fd, op.addr, op.len, (off_t)op.off);
    (void)n;
  }
}

class SeqLateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    caps_ = seq_kernel_caps();
    struct uring probe;
    int ret = uring_init(&probe, 4, 0);
    if (ret < 0) GTEST_SKIP() << "io_uring unavailable: " << ret;
    uring_exit(&probe);
    env_.file_fd = memfd_create("seq_late", MFD_CLOEXEC);
    ASSERT_GE(env_.file_fd, 0);
    uint8_t pat[SEQ_FILE_SIZE];
    for (unsigned i = 0; i < SEQ_FILE_SIZE; i++) pat[i] = seq_pattern(i);
    ASSERT_EQ(pwrite(env_.file_fd, pat, sizeof pat, 0), (ssize_t)sizeof pat);
    event_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    ASSERT_GE(event_fd_, 0);
    ASSERT_EQ(pipe2(pipe_, O_NONBLOCK | O_CLOEXEC), 0);
    env_.poll_fd[0] = event_fd_;
    env_.poll_fd[1] = pipe_[0];
    // The inputs here poll nothing: readiness changes no result.
    env_.ready = [](unsigned, int) {};
    env_.step = RunLate;
    late.clear();
    late_armed = false;
    late_fd = env_.file_fd;
  }

  void TearDown() override {
    late_armed = false;
    late.clear();
    if (env_.file_fd >= 0) close(env_.file_fd);
    if (event_fd_ >= 0) close(event_fd_);
    if (pipe_[0] >= 0) close(pipe_[0]);
    if (pipe_[1] >= 0) close(pipe_[1]);
  }

  // One input on a fresh ring, as sqe_sequence_kernel runs it (without the restrictions,
  // which change no result here). With `record`, its READ and WRITE SQEs are kept, to be
  // done again late.
  void Run(const std::vector<uint8_t> &actions, bool record) {
    struct uring ring;
    ASSERT_EQ(uring_init(&ring, 8, 0), 0);
    struct seq_input in = {actions.data(), actions.size()};
    seq_run(&ring, nullptr, &env_, caps_, 0, &in);
    if (record) {
      for (uint32_t i = 0; i < ring.sq.ring_entries; i++) {
        const struct uring_sqe *sqe = &ring.sq.sqes[i];
        if (sqe->opcode != URING_OP_READ && sqe->opcode != URING_OP_WRITE) continue;
        late.push_back({sqe->opcode == URING_OP_WRITE,
                        reinterpret_cast<void *>(static_cast<uintptr_t>(sqe->addr)), sqe->len,
                        sqe->off});
      }
    }
    uring_exit(&ring);
  }

  const struct seq_caps *caps_ = nullptr;
  struct seq_env env_ = {-1, {-1, -1}, nullptr, nullptr};
  int event_fd_ = -1;
  int pipe_[2] = {-1, -1};
};

// Action bytes (sqe_sequence.c, seq_run): 12 preps a read or write
// [fsel][raw][hi][sel][off][len][split] (fsel 2: CQE_SKIP_SUCCESS, 0: no flags; sel 0:
// READ, 1: WRITE), 3 submits, 4 [n] submits and waits for n CQEs (only those sure to
// come: the ones of requests already submitted), 5 peeks and checks one CQE.
std::vector<uint8_t> Rw(uint8_t fsel, uint8_t sel, uint8_t off, uint8_t len) {
  return {12, fsel, 0, 1, sel, off, len, 0};
}

std::vector<uint8_t> Cat(std::initializer_list<std::vector<uint8_t>> parts) {
  std::vector<uint8_t> v;
  for (const auto &p : parts) v.insert(v.end(), p.begin(), p.end());
  return v;
}

const std::vector<uint8_t> kSubmit = {3};
// The late request runs after the wait, between the kernel's CQE and its check.
const std::vector<uint8_t> kSubmitWaitPeek = {3, 4, 1, 5};

// A read with CQE_SKIP_SUCCESS at offset 18 runs late, while a later input's first
// request, a read at offset 16, waits to be checked.
TEST_F(SeqLateTest, LateReadLeavesLaterReadsAlone) {
  Run(Cat({Rw(2, 0, 18, 2), kSubmit}), true);
  ASSERT_EQ(late.size(), 1u);
  late_armed = true;
  Run({}, false);  // an input between, as in the fuzzer's runs
  Run(Cat({Rw(0, 0, 16, 2), kSubmitWaitPeek}), false);
  Run(Cat({Rw(0, 0, 16, 4), kSubmitWaitPeek}), false);
}

// A write with CQE_SKIP_SUCCESS at offset 184 runs late, after a later input's read put
// other bytes where the write's buffer once was; a read of offset 184 follows.
TEST_F(SeqLateTest, LateWriteLeavesTheFileAlone) {
  Run(Cat({Rw(2, 1, 184, 8), kSubmit}), true);
  ASSERT_EQ(late.size(), 1u);
  late_armed = true;
  Run({}, false);
  Run(Cat({Rw(0, 0, 138, 48), kSubmitWaitPeek}), false);
  Run(Cat({Rw(0, 0, 184, 8), kSubmitWaitPeek}), false);
  late_armed = false;
  uint8_t got[SEQ_FILE_SIZE];
  ASSERT_EQ(pread(env_.file_fd, got, sizeof got, 0), (ssize_t)sizeof got);
  for (unsigned i = 0; i < SEQ_FILE_SIZE; i++) EXPECT_EQ(got[i], seq_pattern(i)) << "offset " << i;
}

}  // namespace
