// The setup flags with an observable effect on the real kernel, a test of that effect each:
// the defaults uring_init adds, SQPOLL's thread, IOPOLL, CQSIZE, ATTACH_WQ, R_DISABLED,
// SUBMIT_ALL, big SQEs and CQEs, SINGLE_ISSUER, DEFER_TASKRUN, NO_MMAP and CQE_MIXED.
#include <dirent.h>
#include <sched.h>
#include <string.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "tests/ring/setup_flags_common.h"
#include "tests/support/kernel.h"
#include "uring/uring.h"

namespace {

using uring_setup_flags_test::Mem;
using uring_setup_flags_test::NopRounds;
using uring_setup_flags_test::Params;
using uring_setup_flags_test::Within;
using uring_test::KernelAtLeast;

// uring_init adds the flags that only make the ring faster.
TEST(SetupDefaults, InitAddsNoSqarrayAndSubmitAll) {
  URING_SKIP_WITHOUT_KERNEL();
  struct uring ring;
  ASSERT_EQ(uring_init(&ring, 8, 0), 0);
  if (KernelAtLeast(6, 6)) {
    EXPECT_NE(ring.flags & URING_SETUP_NO_SQARRAY, 0u);
    EXPECT_EQ(ring.sq.array, nullptr);
  }
  if (KernelAtLeast(5, 18)) {
    EXPECT_NE(ring.flags & URING_SETUP_SUBMIT_ALL, 0u);
  }
  EXPECT_EQ(ring.flags & ~(URING_SETUP_NO_SQARRAY | URING_SETUP_SUBMIT_ALL |
                           URING_SETUP_COOP_TASKRUN | URING_SETUP_TASKRUN_FLAG),
            0u);
  NopRounds(&ring, 20);
  uring_exit(&ring);

  // The caller's own flags stay, and the optional ones are added beside them. A flag the
  // caller asked for is never dropped: a kernel without CQE32 (5.19) refuses the setup.
  int ret = uring_init(&ring, 8, URING_SETUP_CQE32);
  if (ret == -EINVAL && !KernelAtLeast(5, 19)) {
    EXPECT_EQ(ring.ring_fd, -1);
  } else {
    ASSERT_EQ(ret, 0);
    EXPECT_NE(ring.flags & URING_SETUP_CQE32, 0u);
    if (KernelAtLeast(6, 6)) {
      EXPECT_NE(ring.flags & URING_SETUP_NO_SQARRAY, 0u);
    }
    NopRounds(&ring, 9);
    uring_exit(&ring);
  }

  // An SQ array ring when the caller asks for exactly nothing.
  struct uring_params p = Params(0);
  ASSERT_EQ(uring_init_params(&ring, 8, &p), 0);
  EXPECT_EQ(ring.flags, 0u);
  ASSERT_NE(ring.sq.array, nullptr);
  for (unsigned i = 0; i < ring.sq.ring_entries; i++) EXPECT_EQ(ring.sq.array[i], i);
  NopRounds(&ring, 20);
  uring_exit(&ring);
}

// The ids of this process's SQPOLL threads ("iou-sqp-<pid>"), each with its allowed CPUs.
std::map<std::string, std::string> SqThreads() {
  std::map<std::string, std::string> threads;
  DIR *d = opendir("/proc/self/task");
  if (!d) return threads;
  while (struct dirent *e = readdir(d)) {
    if (e->d_name[0] == '.') continue;
    std::string dir = std::string("/proc/self/task/") + e->d_name;
    std::ifstream comm(dir + "/comm");
    std::string name;
    std::getline(comm, name);
    if (name.rfind("iou-sqp-", 0) != 0) continue;
    std::ifstream status(dir + "/status");
    std::string line, cpus;
    while (std::getline(status, line))
      if (line.rfind("Cpus_allowed_list:", 0) == 0) cpus = line.substr(line.find(':') + 1);
    size_t b = cpus.find_first_not_of(" \t");
    threads[e->d_name] = b == std::string::npos ? "" : cpus.substr(b);
  }
  closedir(d);
  return threads;
}

TEST(Sqpoll, SqAffPinsTheThread) {
  URING_SKIP_WITHOUT_KERNEL();
  const unsigned cpu = (unsigned)sysconf(_SC_NPROCESSORS_ONLN) - 1;
  cpu_set_t allowed;
  ASSERT_EQ(sched_getaffinity(0, sizeof allowed, &allowed), 0);
  if (!CPU_ISSET(cpu, &allowed)) GTEST_SKIP() << "CPU " << cpu << " not available to this test";
  struct uring_params p = Params(URING_SETUP_SQPOLL | URING_SETUP_SQ_AFF);
  p.sq_thread_cpu = cpu;
  p.sq_thread_idle = 100;
  struct uring ring;
  // SQ threads of rings from earlier tests may still be on their way out.
  const std::map<std::string, std::string> before = SqThreads();
  ASSERT_EQ(uring_init_params(&ring, 8, &p), 0);
  // The thread names and pins itself when it first runs: after it has served NOPs.
  NopRounds(&ring, 17);
  std::vector<std::string> cpus;
  for (const auto &t : SqThreads())
    if (!before.count(t.first)) cpus.push_back(t.second);
  EXPECT_EQ(cpus, std::vector<std::string>{std::to_string(cpu)});
  uring_exit(&ring);

  // A CPU that does not exist is refused.
  p = Params(URING_SETUP_SQPOLL | URING_SETUP_SQ_AFF);
  p.sq_thread_cpu = 4096;
  EXPECT_EQ(uring_init_params(&ring, 8, &p), -EINVAL);
}

// The SQ thread goes to sleep after sq_thread_idle and says so with URING_SQ_NEED_WAKEUP; a
// submit must then wake it, or the NOP would never be consumed.
TEST(Sqpoll, SubmitWakesTheIdleThread) {
  URING_SKIP_WITHOUT_KERNEL();
  struct uring_params p = Params(URING_SETUP_SQPOLL);
  p.sq_thread_idle = 1;
  struct uring ring;
  ASSERT_EQ(uring_init_params(&ring, 8, &p), 0);
  for (int round = 0; round < 3; round++) {
    // The thread sleeps 1 ms after its last work; the bound only turns a hang into a failure.
    bool asleep = false;
    for (int i = 0; i < 10000 && !asleep; i++) {
      asleep = (__atomic_load_n(ring.sq.kflags, __ATOMIC_ACQUIRE) & URING_SQ_NEED_WAKEUP) != 0;
      if (!asleep) usleep(1000);
    }
    ASSERT_TRUE(asleep) << "SQ thread never went idle (round " << round << ")";

    struct uring_sqe *sqe = uring_get_sqe(&ring);
    ASSERT_NE(sqe, nullptr);
    uring_prep_nop(sqe);
    uring_sqe_set_data64(sqe, 0x5100 + round);
    ASSERT_EQ(uring_submit(&ring), 1);
    // This wait does not wake the SQ thread itself: only the submit above could have.
    struct uring_timespec ts = {10, 0};
    struct uring_cqe *cqe = nullptr;
    ASSERT_EQ(uring_wait_cqe_timeout(&ring, &cqe, &ts), 0) << "NOP not consumed: no wakeup";
    EXPECT_EQ(cqe->user_data, 0x5100u + round);
    EXPECT_EQ(cqe->res, 0);
    uring_cqe_seen(&ring, cqe);
  }
  uring_exit(&ring);
}

TEST(Sqpoll, SqringWaitReturnsWhenThereIsRoom) {
  URING_SKIP_WITHOUT_KERNEL();
  struct uring_params p = Params(URING_SETUP_SQPOLL);
  p.sq_thread_idle = 100;
  struct uring ring;
  ASSERT_EQ(uring_init_params(&ring, 4, &p), 0);
  for (unsigned i = 0; i < 4; i++) {
    struct uring_sqe *sqe = uring_get_sqe(&ring);
    ASSERT_NE(sqe, nullptr);
    uring_prep_nop(sqe);
    uring_sqe_set_data64(sqe, i);
  }
  ASSERT_EQ(uring_submit(&ring), 4);
  ASSERT_EQ(uring_sqring_wait(&ring), 0);
  EXPECT_GT(uring_sq_space_left(&ring), 0u);
  struct uring_cqe *cqe;
  ASSERT_EQ(uring_wait_cqe_nr(&ring, &cqe, 4), 0);
  uring_cq_advance(&ring, 4);
  uring_exit(&ring);

  // Not an SQPOLL ring: nothing to wait for.
  ASSERT_EQ(uring_init(&ring, 4, 0), 0);
  EXPECT_EQ(uring_sqring_wait(&ring), -EINVAL);
  uring_exit(&ring);
}

// A NOP on an IOPOLL ring completes (5.19); before, the kernel completes it with -EINVAL.
// Either way the wait returns: the library polls for it.
TEST(Iopoll, NopCompletesOnPolledRing) {
  URING_SKIP_WITHOUT_KERNEL();
  struct uring_params p = Params(URING_SETUP_IOPOLL);
  struct uring ring;
  ASSERT_EQ(uring_init_params(&ring, 8, &p), 0);
  struct uring_sqe *sqe = uring_get_sqe(&ring);
  ASSERT_NE(sqe, nullptr);
  uring_prep_nop(sqe);
  uring_sqe_set_data64(sqe, 0x10);
  ASSERT_EQ(uring_submit_and_wait(&ring, 1), 1);
  struct uring_cqe *cqe = nullptr;
  ASSERT_EQ(uring_peek_cqe(&ring, &cqe), 0);
  EXPECT_EQ(cqe->user_data, 0x10u);
  EXPECT_EQ(cqe->res, KernelAtLeast(5, 19) ? 0 : -EINVAL);
  uring_cqe_seen(&ring, cqe);
  uring_exit(&ring);
}

TEST(Cqsize, SizesRoundUpAndClamp) {
  URING_SKIP_WITHOUT_KERNEL();
  struct uring ring;
  struct uring_params p = Params(URING_SETUP_CQSIZE);
  p.cq_entries = 33;
  ASSERT_EQ(uring_init_params(&ring, 8, &p), 0);
  EXPECT_EQ(p.cq_entries, 64u);
  EXPECT_EQ(ring.cq.ring_entries, 64u);
  EXPECT_EQ(ring.cq.ring_mask, 63u);
  uring_exit(&ring);

  // A CQ smaller than the SQ is refused.
  p = Params(URING_SETUP_CQSIZE);
  p.cq_entries = 4;
  EXPECT_EQ(uring_init_params(&ring, 8, &p), -EINVAL);
  p = Params(URING_SETUP_CQSIZE);
  p.cq_entries = 0;
  EXPECT_EQ(uring_init_params(&ring, 8, &p), -EINVAL);
  // Too big without CLAMP; clamped to the limit with it.
  p = Params(URING_SETUP_CQSIZE);
  p.cq_entries = URING_MAX_CQ_ENTRIES + 1;
  EXPECT_EQ(uring_init_params(&ring, 8, &p), -EINVAL);
  p = Params(URING_SETUP_CQSIZE | URING_SETUP_CLAMP);
  p.cq_entries = URING_MAX_CQ_ENTRIES + 1;
  ASSERT_EQ(uring_init_params(&ring, 8, &p), 0);
  EXPECT_EQ(p.cq_entries, URING_MAX_CQ_ENTRIES);
  EXPECT_EQ(ring.cq.ring_entries, URING_MAX_CQ_ENTRIES);
  NopRounds(&ring, 9);
  uring_exit(&ring);

  // CLAMP also caps the SQ.
  p = Params(URING_SETUP_CLAMP);
  ASSERT_EQ(uring_init_params(&ring, 2 * URING_MAX_ENTRIES, &p), 0);
  EXPECT_EQ(p.sq_entries, URING_MAX_ENTRIES);
  EXPECT_EQ(ring.sq.ring_entries, URING_MAX_ENTRIES);
  EXPECT_EQ(p.cq_entries, URING_MAX_CQ_ENTRIES);
  NopRounds(&ring, 5);
  uring_exit(&ring);
}

// A second ring shares the first one's io-wq; URING_SQE_ASYNC sends each NOP through it.
TEST(AttachWq, SecondRingSharesTheWorkQueue) {
  URING_SKIP_WITHOUT_KERNEL();
  struct uring first, second;
  ASSERT_EQ(uring_init(&first, 8, 0), 0);
  struct uring_params p = Params(URING_SETUP_ATTACH_WQ);
  p.wq_fd = (uint32_t)first.ring_fd;
  ASSERT_EQ(uring_init_params(&second, 8, &p), 0);
  EXPECT_NE(second.flags & URING_SETUP_ATTACH_WQ, 0u);
  for (struct uring *r : {&first, &second}) {
    for (unsigned i = 0; i < 4; i++) {
      struct uring_sqe *sqe = uring_get_sqe(r);
      ASSERT_NE(sqe, nullptr);
      uring_prep_nop(sqe);
      uring_sqe_set_flags(sqe, URING_SQE_ASYNC);
      uring_sqe_set_data64(sqe, 40 + i);
    }
    ASSERT_EQ(uring_submit_and_wait(r, 4), 4);
    std::set<uint64_t> seen;
    struct uring_cqe *cqe;
    while (uring_peek_cqe(r, &cqe) == 0) {
      EXPECT_EQ(cqe->res, 0);
      seen.insert(cqe->user_data);
      uring_cqe_seen(r, cqe);
    }
    EXPECT_EQ(seen, (std::set<uint64_t>{40, 41, 42, 43}));
  }
  // The second ring keeps working when the first is gone.
  uring_exit(&first);
  NopRounds(&second, 9);
  uring_exit(&second);
}

// A disabled ring refuses submission until it is enabled; the SQE stays queued meanwhile.
TEST(RDisabled, SubmitFailsUntilEnabled) {
  URING_SKIP_WITHOUT_KERNEL();
  struct uring_params p = Params(URING_SETUP_R_DISABLED);
  struct uring ring;
  ASSERT_EQ(uring_init_params(&ring, 8, &p), 0);
  struct uring_sqe *sqe = uring_get_sqe(&ring);
  ASSERT_NE(sqe, nullptr);
  uring_prep_nop(sqe);
  uring_sqe_set_data64(sqe, 0xd15);
  EXPECT_EQ(uring_submit(&ring), -EBADFD);
  EXPECT_EQ(uring_sq_ready(&ring), 1u);
  ASSERT_EQ(uring_enable_rings(&ring), 0);
  ASSERT_EQ(uring_submit_and_wait(&ring, 1), 1);
  struct uring_cqe *cqe = nullptr;
  ASSERT_EQ(uring_peek_cqe(&ring, &cqe), 0);
  EXPECT_EQ(cqe->user_data, 0xd15u);
  EXPECT_EQ(cqe->res, 0);
  uring_cqe_seen(&ring, cqe);
  // Enabling twice is refused: the ring is no longer disabled.
  EXPECT_EQ(uring_enable_rings(&ring), -EBADFD);
  uring_exit(&ring);
}

// An invalid SQE (unknown opcode) in the middle of a batch: with SUBMIT_ALL the batch goes on,
// without it the kernel stops after the failing SQE and the rest stays in the SQ.
void SubmitBatchWithBadSqe(struct uring *ring) {
  for (uint64_t ud = 1; ud <= 3; ud++) {
    struct uring_sqe *sqe = uring_get_sqe(ring);
    ASSERT_NE(sqe, nullptr);
    uring_prep_nop(sqe);
    if (ud == 2) sqe->opcode = 0xff;
    uring_sqe_set_data64(sqe, ud);
  }
}

std::map<uint64_t, int> ReapResults(struct uring *ring) {
  std::map<uint64_t, int> res;
  struct uring_cqe *cqe;
  while (uring_peek_cqe(ring, &cqe) == 0) {
    EXPECT_EQ(res.count(cqe->user_data), 0u);
    res[cqe->user_data] = cqe->res;
    uring_cqe_seen(ring, cqe);
  }
  return res;
}

TEST(SubmitAll, BatchContinuesPastAFailingSqe) {
  URING_SKIP_WITHOUT_KERNEL();
  struct uring ring;
  struct uring_params p = Params(URING_SETUP_SUBMIT_ALL);
  int ret = uring_init_params(&ring, 8, &p);
  SKIP_IF_SETUP_REFUSED(ret, "URING_SETUP_SUBMIT_ALL", 5, 18);
  ASSERT_EQ(ret, 0);
  SubmitBatchWithBadSqe(&ring);
  ASSERT_EQ(uring_submit(&ring), 3);
  EXPECT_EQ(uring_sq_ready(&ring), 0u);
  EXPECT_EQ(ReapResults(&ring), (std::map<uint64_t, int>{{1, 0}, {2, -EINVAL}, {3, 0}}));
  uring_exit(&ring);
}

// Every kernel stops a batch without SUBMIT_ALL after the SQE that failed at submission.
TEST(SubmitAll, WithoutItTheBatchStopsAtAFailingSqe) {
  URING_SKIP_WITHOUT_KERNEL();
  struct uring ring;
  struct uring_params p = Params(0);
  ASSERT_EQ(uring_init_params(&ring, 8, &p), 0);
  SubmitBatchWithBadSqe(&ring);
  ASSERT_EQ(uring_submit(&ring), 2);
  EXPECT_EQ(uring_sq_ready(&ring), 1u);
  EXPECT_EQ(ReapResults(&ring), (std::map<uint64_t, int>{{1, 0}, {2, -EINVAL}}));
  // The SQE the kernel did not take goes with the next submit.
  ASSERT_EQ(uring_submit_and_wait(&ring, 1), 1);
  EXPECT_EQ(ReapResults(&ring), (std::map<uint64_t, int>{{3, 0}}));
  uring_exit(&ring);
}

// uring_init adds SUBMIT_ALL where the kernel has it (5.18): the same batch then goes in
// whole; on older kernels it stops as above, and the rest goes with the next submit.
TEST(SubmitAll, InitDefaultPerKernel) {
  URING_SKIP_WITHOUT_KERNEL();
  struct uring ring;
  ASSERT_EQ(uring_init(&ring, 8, 0), 0);
  SubmitBatchWithBadSqe(&ring);
  if (ring.flags & URING_SETUP_SUBMIT_ALL) {
    ASSERT_EQ(uring_submit(&ring), 3);
    EXPECT_EQ(ReapResults(&ring), (std::map<uint64_t, int>{{1, 0}, {2, -EINVAL}, {3, 0}}));
  } else {
    EXPECT_FALSE(KernelAtLeast(5, 18)) << "uring_init must add SUBMIT_ALL from 5.18";
    ASSERT_EQ(uring_submit(&ring), 2);
    EXPECT_EQ(uring_sq_ready(&ring), 1u);
    EXPECT_EQ(ReapResults(&ring), (std::map<uint64_t, int>{{1, 0}, {2, -EINVAL}}));
    ASSERT_EQ(uring_submit_and_wait(&ring, 1), 1);
    EXPECT_EQ(ReapResults(&ring), (std::map<uint64_t, int>{{3, 0}}));
  }
  uring_exit(&ring);
}

TEST(Sqe128, EntriesAre128BytesApart) {
  URING_SKIP_WITHOUT_KERNEL();
  struct uring ring;
  struct uring_params p = Params(URING_SETUP_SQE128);
  int ret = uring_init_params(&ring, 4, &p);
  SKIP_IF_SETUP_REFUSED(ret, "URING_SETUP_SQE128", 5, 19);
  ASSERT_EQ(ret, 0);
  std::vector<char *> at;
  for (unsigned i = 0; i < 4; i++) {
    struct uring_sqe *sqe = uring_get_sqe(&ring);
    ASSERT_NE(sqe, nullptr);
    at.push_back(reinterpret_cast<char *>(sqe));
    // Garbage in the upper half must not matter to a NOP.
    memset(sqe, 0xee, 128);
    uring_prep_nop(sqe);
    memset(uring_sqe_cmd(sqe) + 16, 0xee, 64);
    uring_sqe_set_data64(sqe, i);
  }
  for (unsigned i = 1; i < 4; i++) EXPECT_EQ(at[i] - at[i - 1], 128);
  EXPECT_EQ(uring_get_sqe(&ring), nullptr);
  ASSERT_EQ(uring_submit_and_wait(&ring, 4), 4);
  EXPECT_EQ(ReapResults(&ring), (std::map<uint64_t, int>{{0, 0}, {1, 0}, {2, 0}, {3, 0}}));
  uring_exit(&ring);
}

TEST(Cqe32, EntriesAre32BytesApart) {
  URING_SKIP_WITHOUT_KERNEL();
  struct uring ring;
  struct uring_params p = Params(URING_SETUP_CQE32);
  int ret = uring_init_params(&ring, 4, &p);
  SKIP_IF_SETUP_REFUSED(ret, "URING_SETUP_CQE32", 5, 19);
  ASSERT_EQ(ret, 0);
  for (unsigned i = 0; i < 3; i++) {
    struct uring_sqe *sqe = uring_get_sqe(&ring);
    ASSERT_NE(sqe, nullptr);
    uring_prep_nop(sqe);
    uring_sqe_set_data64(sqe, 0x320 + i);
  }
  ASSERT_EQ(uring_submit_and_wait(&ring, 3), 3);
  struct uring_cqe *batch[3];
  ASSERT_EQ(uring_peek_batch_cqe(&ring, batch, 3), 3u);
  for (unsigned i = 0; i < 3; i++) {
    EXPECT_EQ(batch[i]->user_data, 0x320u + i);
    if (i) {
      EXPECT_EQ(reinterpret_cast<char *>(batch[i]) - reinterpret_cast<char *>(batch[i - 1]), 32);
    }
  }
  struct uring_cqe *cqe = nullptr;
  ASSERT_EQ(uring_peek_cqe(&ring, &cqe), 0);
  EXPECT_EQ(cqe, batch[0]);
  uring_cqe_seen(&ring, cqe);
  ASSERT_EQ(uring_peek_cqe(&ring, &cqe), 0);
  EXPECT_EQ(cqe, batch[1]);
  // The copy for 32-byte CQEs takes the rest, extra words included (zero for a NOP).
  struct uring_cqe32 out[4];
  memset(out, 0xff, sizeof out);
  ASSERT_EQ(uring_copy_cqes32(&ring, out, 4), 2u);
  EXPECT_EQ(out[0].user_data, 0x321u);
  EXPECT_EQ(out[1].user_data, 0x322u);
  EXPECT_EQ(out[1].big_cqe[0], 0u);
  EXPECT_EQ(out[1].big_cqe[1], 0u);
  uring_exit(&ring);
}

// The kernel ties a SINGLE_ISSUER ring to the task that created it; another thread's
// submission is refused with -EEXIST (6.0).
TEST(SingleIssuer, OtherThreadIsRefused) {
  URING_SKIP_WITHOUT_KERNEL();
  struct uring ring;
  struct uring_params p = Params(URING_SETUP_SINGLE_ISSUER);
  int ret = uring_init_params(&ring, 8, &p);
  SKIP_IF_SETUP_REFUSED(ret, "URING_SETUP_SINGLE_ISSUER", 6, 0);
  ASSERT_EQ(ret, 0);
  struct uring_sqe *sqe = uring_get_sqe(&ring);
  ASSERT_NE(sqe, nullptr);
  uring_prep_nop(sqe);
  uring_sqe_set_data64(sqe, 1);
  int other = 0;
  std::thread([&] { other = uring_submit(&ring); }).join();
  EXPECT_EQ(other, -EEXIST);
  ASSERT_EQ(uring_submit_and_wait(&ring, 1), 1);
  EXPECT_EQ(ReapResults(&ring), (std::map<uint64_t, int>{{1, 0}}));
  uring_exit(&ring);
}

TEST(DeferTaskrun, NeedsSingleIssuer) {
  URING_SKIP_WITHOUT_KERNEL();
  struct uring ring;
  struct uring_params p = Params(URING_SETUP_DEFER_TASKRUN);
  EXPECT_EQ(uring_init_params(&ring, 8, &p), -EINVAL);
  EXPECT_EQ(uring_init(&ring, 8, URING_SETUP_DEFER_TASKRUN), -EINVAL);
}

// uring_init registers the ring fd of a DEFER_TASKRUN ring (the kernel already ties such a
// ring to one task); uring_init_params adds nothing.
TEST(DeferTaskrun, InitRegistersTheRingFd) {
  URING_SKIP_WITHOUT_KERNEL();
  struct uring ring;
  int ret = uring_init(&ring, 8, URING_SETUP_DEFER_TASKRUN | URING_SETUP_SINGLE_ISSUER);
  SKIP_IF_SETUP_REFUSED(ret, "URING_SETUP_DEFER_TASKRUN", 6, 1);
  ASSERT_EQ(ret, 0);
  EXPECT_NE(ring.enter_flags & URING_ENTER_REGISTERED_RING, 0u);
  EXPECT_NE(ring.int_flags & URING_INT_REG_RING, 0u);
  EXPECT_GE(ring.ring_fd, 0);
  EXPECT_NE(ring.enter_fd, ring.ring_fd);
  EXPECT_EQ(uring_register_ring_fd(&ring), -EEXIST);
  // Completions are posted only when the task waits; the wait runs the task work.
  NopRounds(&ring, 17);
  // Register calls work too: through the index from 6.3 (URING_FEAT_REG_REG_RING), through
  // the ring fd before.
  struct uring_probe_info info;
  EXPECT_EQ(uring_get_probe(&ring, &info), 0);
  uring_exit(&ring);

  struct uring_params p = Params(URING_SETUP_DEFER_TASKRUN | URING_SETUP_SINGLE_ISSUER);
  ASSERT_EQ(uring_init_params(&ring, 8, &p), 0);
  EXPECT_EQ(ring.enter_flags & URING_ENTER_REGISTERED_RING, 0u);
  EXPECT_EQ(ring.enter_fd, ring.ring_fd);
  NopRounds(&ring, 3);
  uring_exit(&ring);
}

TEST(NoMmap, RingLivesInCallerMemory) {
  URING_SKIP_WITHOUT_KERNEL();
  struct uring_params p = Params(URING_SETUP_NO_MMAP);
  size_t need = uring_mem_size(8, &p);
  ASSERT_GT(need, 0u);
  Mem mem(need);
  ASSERT_NE(mem.addr, nullptr);
  // Garbage where the ring words go: uring_init_mem must clear it, since the kernel (6.12
  // measured) takes the head and tail it finds there.
  memset(mem.addr, 0x5a, mem.size);
  struct uring ring;
  int ret = uring_init_mem(&ring, 8, &p, mem.addr, mem.size);
  if (ret == -EINVAL && !KernelAtLeast(6, 5)) GTEST_SKIP() << "NO_MMAP needs Linux 6.5";
  ASSERT_EQ(ret, 0) << strerror(-ret);
  EXPECT_TRUE(Within(ring.sq.sqes, mem.addr, mem.size));
  EXPECT_TRUE(Within(ring.cq.cqes, mem.addr, mem.size));
  EXPECT_TRUE(Within(ring.cq.ktail, mem.addr, mem.size));
  NopRounds(&ring, 20);
  uring_exit(&ring);
  // uring_exit leaves the caller's memory mapped and usable.
  memset(mem.addr, 0, mem.size);

  // The same memory serves a second ring.
  p = Params(URING_SETUP_NO_MMAP | URING_SETUP_REGISTERED_FD_ONLY);
  ASSERT_EQ(uring_init_mem(&ring, 8, &p, mem.addr, mem.size), 0);
  EXPECT_EQ(ring.ring_fd, -1);
  EXPECT_EQ(uring_register_ring_fd(&ring), -EEXIST);
  NopRounds(&ring, 20);
  uring_exit(&ring);
}

// CQE_MIXED rings hold 16- and 32-byte CQEs side by side; a NOP with URING_NOP_CQE32 posts a
// 32-byte one (both 6.18).
TEST(CqeMixed, BigAndSmallCqesInterleave) {
  URING_SKIP_WITHOUT_KERNEL();
  struct uring ring;
  struct uring_params p = Params(URING_SETUP_CQE_MIXED);
  int ret = uring_init_params(&ring, 4, &p);
  if (ret == -EINVAL && !KernelAtLeast(6, 18)) GTEST_SKIP() << "CQE_MIXED needs Linux 6.18";
  ASSERT_EQ(ret, 0) << strerror(-ret);
  ASSERT_NE(ring.cq.mixed, 0u);
  // Enough rounds that a 32-byte CQE meets the end of the ring and the kernel pads it.
  const uint32_t head0 = *ring.cq.khead;
  uint32_t slots = 0;  // taken by real CQEs
  uint64_t ud = 0;
  for (unsigned round = 0; round < 12; round++) {
    for (unsigned i = 0; i < 3; i++, ud++) {
      struct uring_sqe *sqe = uring_get_sqe(&ring);
      ASSERT_NE(sqe, nullptr);
      uring_prep_nop(sqe);
      if (ud % 2) {
        sqe->nop_flags = URING_NOP_CQE32;
      }
      uring_sqe_set_data64(sqe, ud);
    }
    ASSERT_EQ(uring_submit_and_wait(&ring, 3), 3);
    std::vector<uint64_t> seen;
    auto check = [&](const struct uring_cqe *cqe) {
      EXPECT_EQ(cqe->flags & URING_CQE_F_SKIP, 0u);
      EXPECT_EQ(cqe->res, 0);
      EXPECT_EQ((cqe->flags & URING_CQE_F_32) != 0, (cqe->user_data % 2) != 0);
      seen.push_back(cqe->user_data);
      slots += (cqe->flags & URING_CQE_F_32) ? 2 : 1;
    };
    if (round == 0) {
      struct uring_cqe *first = nullptr;
      ASSERT_EQ(uring_peek_cqe(&ring, &first), 0);
      struct uring_cqe *second = first;
      ASSERT_EQ(uring_peek_batch_cqe(&ring, &second, 1), 0u);  // slots and CQEs differ here
    }
    // Alternate the two ways of reaping: the iterator, and peek/seen.
    if (round % 2 == 0) {
      struct uring_cq_iter it;
      struct uring_cqe *cqe;
      do {
        uring_for_each_cqe(&ring, it, cqe) check(cqe);
      } while (uring_cq_iter_end(&ring, &it));
    } else {
      struct uring_cqe *cqe;
      while (uring_peek_cqe(&ring, &cqe) == 0) {
        check(cqe);
        uring_cqe_seen(&ring, cqe);
      }
    }
    EXPECT_EQ(seen, (std::vector<uint64_t>{ud - 3, ud - 2, ud - 1})) << "round " << round;
  }
  // The kernel padded the end of the ring at least once, and the library stepped over it.
  EXPECT_GT(*ring.cq.khead - head0, slots);
  EXPECT_EQ(*ring.cq.khead, *ring.cq.ktail);
  struct uring_cqe *cqe;
  EXPECT_EQ(uring_peek_cqe(&ring, &cqe), -EAGAIN);
  uring_exit(&ring);
}

}  // namespace
