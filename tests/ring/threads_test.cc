// Threads on one ring, on the real kernel: the concurrency ring.h allows without a lock (one
// submitter thread beside one reaper thread, register calls beside both), what the kernel
// itself refuses across threads (SINGLE_ISSUER, DEFER_TASKRUN), and completions that the
// kernel runs in the submitting thread reaching a reaper thread.
#include <poll.h>
#include <sched.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "tests/support/kernel.h"
#include "uring/uring.h"

namespace {

using uring_test::KernelAtLeast;

// NOPs per run: a fraction of a second on the kernel; sanitizers slow the user-space side
// several times over, so they run fewer.
#if defined(__has_feature)
#if __has_feature(thread_sanitizer) || __has_feature(address_sanitizer)
#define URING_TEST_SANITIZED 1
#endif
#endif
#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
#define URING_TEST_SANITIZED 1
#endif
#ifdef URING_TEST_SANITIZED
constexpr uint64_t kOps = 50000;
#else
constexpr uint64_t kOps = 200000;
#endif

constexpr unsigned kEntries = 64;

// State the submitter and the reaper share; the ring itself is shared without a lock.
struct Run {
  struct uring ring;
  uint64_t ops = 0;
  // The reaper starts once the kernel has had to hold completions back (the CQ was full),
  // so that the run always crosses the overflow path.
  std::atomic<bool> reaper_go{false};
  std::atomic<bool> overflowed{false};
  std::atomic<bool> abort{false};
  std::atomic<bool> done{false};
  // Written by one thread each, read after both are joined.
  std::string submit_error, reap_error, register_error;
  std::vector<uint8_t> seen;  // per user_data - 1: how many CQEs carried it
  uint64_t received = 0;
  // Written by the registrar; the main thread waits for the first call before it starts
  // the submitter, so that the register calls overlap the whole run however the threads
  // are scheduled (on a loaded machine the run could otherwise end before the registrar's
  // first call).
  std::atomic<unsigned> register_calls{0};
};

bool KernelHoldsCompletions(const struct uring *ring) {
  return (__atomic_load_n(ring->sq.kflags, __ATOMIC_RELAXED) & URING_SQ_CQ_OVERFLOW) != 0;
}

void NoteOverflow(Run *r) {
  if (KernelHoldsCompletions(&r->ring)) r->overflowed = true;
  if (r->overflowed) r->reaper_go = true;
}

// One uring_submit with the errors that mean "reap first, then again" handled: -EBUSY (a
// kernel that will not take SQEs while its overflow list is full) and -EAGAIN leave the SQEs
// queued for the next call.
bool Submit(Run *r) {
  int ret = uring_submit(&r->ring);
  if (ret >= 0 || ret == -EINTR) {
    NoteOverflow(r);
    return true;
  }
  if (ret == -EBUSY || ret == -EAGAIN) {
    if (ret == -EBUSY) r->overflowed = true;
    NoteOverflow(r);
    sched_yield();
    return true;
  }
  r->submit_error = "uring_submit: " + std::string(strerror(-ret));
  return false;
}

void Submitter(Run *r) {
  struct uring *ring = &r->ring;
  const bool sqpoll = (ring->flags & URING_SETUP_SQPOLL) != 0;
  uint64_t next = 0;
  while (next < r->ops && !r->abort) {
    struct uring_sqe *sqe = uring_get_sqe(ring);
    if (!sqe) {
      // The SQ is full (every batch ends so): hand what is queued to the kernel and try
      // again. The SQ thread of an SQPOLL ring frees slots on its own schedule: wait for it
      // there.
      if (!Submit(r)) break;
      if (sqpoll && uring_sq_space_left(ring) == 0) {
        int ret = uring_sqring_wait(ring);
        if (ret < 0 && ret != -EINTR) {
          r->submit_error = "uring_sqring_wait: " + std::string(strerror(-ret));
          break;
        }
      }
      // Without a reaper yet, a kernel that refuses SQEs while it holds completions would
      // leave this loop spinning: the first sign of holding back starts the reaper.
      NoteOverflow(r);
      if (!r->reaper_go && next >= 8 * (uint64_t)kEntries) r->reaper_go = true;
      continue;
    }
    uring_prep_nop(sqe);
    uring_sqe_set_data64(sqe, next + 1);
    next++;
  }
  // Everything filled goes in: under SQPOLL one publish does it, otherwise submit until the
  // kernel has consumed every SQE.
  if (r->submit_error.empty() && Submit(r) && !sqpoll)
    while (uring_sq_ready(ring) != 0 && !r->abort && Submit(r)) {
    }
  // A run too short to fill the CQ still lets the reaper go.
  r->reaper_go = true;
  if (!r->submit_error.empty()) r->abort = true;
}

// Takes one CQE's worth of bookkeeping; false on a CQE that cannot be one of ours.
bool Record(Run *r, const struct uring_cqe *cqe) {
  uint64_t ud = cqe->user_data;
  if (ud == 0 || ud > r->ops || cqe->res != 0 || cqe->flags != 0) {
    r->reap_error = "unexpected CQE: user_data " + std::to_string(ud) + " res " +
                    std::to_string(cqe->res) + " flags " + std::to_string(cqe->flags);
    return false;
  }
  r->seen[ud - 1]++;
  r->received++;
  return true;
}

// Reaps with every style in turn (batch copy, peek and seen, the iterator), so that each of
// them runs beside a submitting thread.
void Reaper(Run *r) {
  struct uring *ring = &r->ring;
  const bool timed = (ring->features & URING_FEAT_EXT_ARG) != 0;
  // Nothing completes for this long only when something was lost.
  struct uring_timespec patience = {5, 0};
  struct uring_cqe batch[kEntries];
  unsigned round = 0;
  while (!r->reaper_go) sched_yield();
  while (r->received < r->ops && !r->abort) {
    struct uring_cqe *cqe = nullptr;
    const auto start = std::chrono::steady_clock::now();
    int ret = timed ? uring_wait_cqe_timeout(ring, &cqe, &patience) : uring_wait_cqe(ring, &cqe);
    // No signal is sent here, so -EINTR is wrong, and so is -ETIME before the time is up:
    // Debian's 5.10 with SQPOLL returns from a wait before the CQE that ended it shows in
    // the CQ, which the wait loop must wait out (cq.c), not report.
    if (ret == -EINTR) {
      r->reap_error = "wait: -EINTR without a signal after " + std::to_string(r->received);
      break;
    }
    if (ret == -ETIME && std::chrono::steady_clock::now() - start < std::chrono::seconds(4)) {
      r->reap_error = "wait: -ETIME before the time ran out after " +
                      std::to_string(r->received);
      break;
    }
    if (ret == -ETIME) {
      r->reap_error = "no completion for 5 s after " + std::to_string(r->received);
      break;
    }
    if (ret < 0) {
      r->reap_error = "wait: " + std::string(strerror(-ret));
      break;
    }
    bool ok = true;
    switch (round++ % 3) {
      case 0: {
        unsigned n = uring_copy_cqes(ring, batch, kEntries);
        for (unsigned i = 0; i < n && ok; i++) ok = Record(r, &batch[i]);
        break;
      }
      case 1:
        while (ok && uring_peek_cqe(ring, &cqe) == 0) {
          ok = Record(r, cqe);
          uring_cqe_seen(ring, cqe);
        }
        break;
      default: {
        struct uring_cq_iter it;
        do {
          uring_for_each_cqe(ring, it, cqe) {
            if (!(ok = Record(r, cqe))) break;
          }
        } while (uring_cq_iter_end(ring, &it) > 0 && ok);
        break;
      }
    }
    if (!ok) break;
  }
  if (!r->reap_error.empty()) r->abort = true;
}

// Register calls that leave struct uring alone, in a loop beside the submitter and reaper.
// Older kernels make some register operations wait for the ring to go idle, and a submit
// or wait in another thread meanwhile fails with -ENXIO: measured on Debian's 5.10 with
// eventfd registration, not on 6.1 or later. Probe and personality calls are exempt there
// too, so they run on every kernel, eventfd calls from 6.1.
void Registrar(Run *r) {
  const bool eventfd_calls = KernelAtLeast(6, 1);
  int efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (efd < 0) {
    r->register_error = "eventfd: " + std::string(strerror(errno));
    r->abort = true;
    return;
  }
  while (!r->done && !r->abort) {
    struct uring_probe_info info;
    int ret = uring_get_probe(&r->ring, &info);
    if (ret < 0) {
      r->register_error = "uring_get_probe: " + std::string(strerror(-ret));
      break;
    }
    int id = uring_register_personality(&r->ring);
    if (id < 0) {
      r->register_error = "uring_register_personality: " + std::string(strerror(-id));
      break;
    }
    ret = uring_unregister_personality(&r->ring, id);
    if (ret < 0) {
      r->register_error = "uring_unregister_personality: " + std::string(strerror(-ret));
      break;
    }
    ret = eventfd_calls ? uring_register_eventfd(&r->ring, efd) : 0;
    if (ret == 0 && eventfd_calls) ret = uring_unregister_eventfd(&r->ring);
    if (ret < 0) {
      r->register_error = "eventfd registration: " + std::string(strerror(-ret));
      break;
    }
    r->register_calls++;
  }
  close(efd);
  if (!r->register_error.empty()) r->abort = true;
}

struct FlagCase {
  const char *name;
  unsigned flags;
};

std::string CaseName(const ::testing::TestParamInfo<FlagCase> &info) { return info.param.name; }
void PrintTo(const FlagCase &c, std::ostream *os) { *os << c.name; }

void RunSubmitterAndReaper(const FlagCase &c, bool with_registrar) {
  URING_SKIP_WITHOUT_KERNEL();
  Run r;
  int ret = uring_init(&r.ring, kEntries, c.flags);
  if (ret != 0) {
    if ((c.flags & URING_SETUP_COOP_TASKRUN) && ret == -EINVAL && !KernelAtLeast(5, 19))
      GTEST_SKIP() << "URING_SETUP_COOP_TASKRUN (5.19) not supported by this kernel";
    if ((c.flags & URING_SETUP_SQPOLL) && ret == -EPERM && !KernelAtLeast(5, 11))
      GTEST_SKIP() << "URING_SETUP_SQPOLL without CAP_SYS_ADMIN (5.11) not supported by this "
                      "kernel";
    FAIL() << "uring_init(" << c.name << "): " << strerror(-ret);
  }
  if (!(r.ring.features & URING_FEAT_NODROP)) {
    uring_exit(&r.ring);
    GTEST_SKIP() << "URING_FEAT_NODROP (5.5) not offered by this kernel: a full CQ drops "
                    "completions";
  }
  r.ops = kOps;
  r.seen.assign(kOps, 0);
  std::thread registrar;
  if (with_registrar) {
    registrar = std::thread(Registrar, &r);
    while (r.register_calls == 0 && !r.abort) sched_yield();
  }
  std::thread reaper(Reaper, &r);
  std::thread submitter(Submitter, &r);
  submitter.join();
  reaper.join();
  r.done = true;
  if (with_registrar) registrar.join();

  EXPECT_EQ(r.submit_error, "");
  EXPECT_EQ(r.reap_error, "");
  EXPECT_EQ(r.register_error, "");
  EXPECT_TRUE(r.overflowed) << "the CQ never filled: the overflow path did not run";
  EXPECT_EQ(r.received, r.ops);
  uint64_t missing = 0, doubled = 0;
  for (uint8_t n : r.seen) {
    missing += n == 0;
    doubled += n > 1;
  }
  EXPECT_EQ(missing, 0u) << "user_data values that never completed";
  EXPECT_EQ(doubled, 0u) << "user_data values that completed more than once";
  // Nothing dropped, nothing left over.
  EXPECT_EQ(__atomic_load_n(r.ring.cq.koverflow, __ATOMIC_RELAXED), 0u);
  struct uring_cqe *cqe;
  EXPECT_EQ(uring_peek_cqe(&r.ring, &cqe), -EAGAIN);
  if (with_registrar) {
    EXPECT_GT(r.register_calls.load(), 0u);
  }
  uring_exit(&r.ring);
}

class SubmitterAndReaper : public ::testing::TestWithParam<FlagCase> {};

// One thread submits N NOPs with distinct user_data while another reaps: every user_data
// arrives exactly once, across a full SQ and a full CQ.
TEST_P(SubmitterAndReaper, EveryCompletionArrivesOnce) { RunSubmitterAndReaper(GetParam(), false); }

INSTANTIATE_TEST_SUITE_P(Flags, SubmitterAndReaper,
                         ::testing::Values(FlagCase{"Plain", 0},
                                           FlagCase{"CoopTaskrun", URING_SETUP_COOP_TASKRUN},
                                           FlagCase{"Sqpoll", URING_SETUP_SQPOLL}),
                         CaseName);

// A third thread makes register calls (probe, personality, eventfd) throughout.
TEST(RegisterBesideSubmitAndReap, EveryCompletionArrivesOnce) {
  RunSubmitterAndReaper(FlagCase{"Plain", 0}, true);
}

// --- What the kernel ties to one task -----------------------------------------------------

void QueueNop(struct uring *ring, uint64_t ud) {
  struct uring_sqe *sqe = uring_get_sqe(ring);
  ASSERT_NE(sqe, nullptr);
  uring_prep_nop(sqe);
  uring_sqe_set_data64(sqe, ud);
}

// URING_SETUP_SINGLE_ISSUER (6.0): the kernel refuses submissions and register calls from
// any task but the one that created the ring; another thread may still wait and reap.
TEST(SingleIssuer, OtherThreadsMayReapButNotSubmitOrRegister) {
  URING_SKIP_WITHOUT_KERNEL();
  struct uring ring;
  struct uring_params p;
  memset(&p, 0, sizeof p);
  p.flags = URING_SETUP_SINGLE_ISSUER;
  int ret = uring_init_params(&ring, 8, &p);
  if (ret == -EINVAL && !KernelAtLeast(6, 0))
    GTEST_SKIP() << "URING_SETUP_SINGLE_ISSUER (6.0) not supported by this kernel";
  ASSERT_EQ(ret, 0) << strerror(-ret);
  // The creating thread submits first (6.0 itself took the first submitter as the owner).
  QueueNop(&ring, 1);
  ASSERT_EQ(uring_submit(&ring), 1);
  struct uring_cqe *cqe = nullptr;
  ASSERT_EQ(uring_wait_cqe(&ring, &cqe), 0);
  uring_cqe_seen(&ring, cqe);

  int submit_ret = 0, register_ret = 0;
  std::thread other([&] {
    QueueNop(&ring, 2);
    submit_ret = uring_submit(&ring);
    struct uring_probe_info info;
    register_ret = uring_get_probe(&ring, &info);
  });
  other.join();
  EXPECT_EQ(submit_ret, -EEXIST);
  EXPECT_EQ(register_ret, -EEXIST);
  // The SQE the other thread queued is still in the SQ: the owner submits it, and another
  // thread reaps it.
  ASSERT_EQ(uring_submit(&ring), 1);
  int wait_ret = 0;
  uint64_t ud = 0;
  std::thread reaper([&] {
    struct uring_cqe *c = nullptr;
    wait_ret = uring_wait_cqe(&ring, &c);
    if (wait_ret == 0) {
      ud = c->user_data;
      uring_cqe_seen(&ring, c);
    }
  });
  reaper.join();
  EXPECT_EQ(wait_ret, 0);
  EXPECT_EQ(ud, 2u);
  uring_exit(&ring);
}

// URING_SETUP_DEFER_TASKRUN (6.1): completions are posted only by the owning task, so a wait
// that has to enter the kernel from any other thread is refused.
TEST(DeferTaskrun, OtherThreadsMayNotWait) {
  URING_SKIP_WITHOUT_KERNEL();
  struct uring ring;
  struct uring_params p;
  memset(&p, 0, sizeof p);
  p.flags = URING_SETUP_SINGLE_ISSUER | URING_SETUP_DEFER_TASKRUN;
  // uring_init_params registers no ring fd: the refusal seen is the kernel's, not a
  // registered index that means nothing in the other thread.
  int ret = uring_init_params(&ring, 8, &p);
  if (ret == -EINVAL && !KernelAtLeast(6, 1))
    GTEST_SKIP() << "URING_SETUP_DEFER_TASKRUN (6.1) not supported by this kernel";
  ASSERT_EQ(ret, 0) << strerror(-ret);
  QueueNop(&ring, 1);
  ASSERT_EQ(uring_submit(&ring), 1);
  int wait_ret = 0;
  std::thread other([&] {
    struct uring_cqe *cqe = nullptr;
    // Two CQEs: more than are there, so the wait enters the kernel.
    wait_ret = uring_wait_cqe_nr(&ring, &cqe, 2);
  });
  other.join();
  EXPECT_EQ(wait_ret, -EEXIST);
  // The owner's own wait is fine.
  struct uring_cqe *cqe = nullptr;
  ASSERT_EQ(uring_wait_cqe(&ring, &cqe), 0);
  EXPECT_EQ(cqe->user_data, 1u);
  uring_cqe_seen(&ring, cqe);
  uring_exit(&ring);
}

// A completion that runs as task work (a recv armed on an empty socket, finished by the
// kernel in the submitting thread) reaches a reaper thread while the submitting thread sleeps
// in a system call: the kernel wakes the sleeper to run it, with URING_SETUP_COOP_TASKRUN
// (5.19, which only spares a running thread the interrupt) as without.
class TaskWork : public ::testing::TestWithParam<FlagCase> {};

TEST_P(TaskWork, ReachesTheReaperWhileTheSubmitterSleeps) {
  URING_SKIP_WITHOUT_KERNEL();
  const FlagCase &c = GetParam();
  struct uring ring;
  int ret = uring_init(&ring, 8, c.flags);
  if ((c.flags & URING_SETUP_COOP_TASKRUN) && ret == -EINVAL && !KernelAtLeast(5, 19))
    GTEST_SKIP() << "URING_SETUP_COOP_TASKRUN (5.19) not supported by this kernel";
  ASSERT_EQ(ret, 0) << strerror(-ret);
  if (!(ring.features & URING_FEAT_EXT_ARG)) {
    uring_exit(&ring);
    GTEST_SKIP() << "waits with a timeout (URING_FEAT_EXT_ARG, 5.11) not supported by this "
                    "kernel";
  }
  int data[2], gate[2];
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, data), 0);
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, gate), 0);
  char buf[8] = {0};
  std::atomic<bool> armed{false};
  int submit_ret = 0;
  std::thread submitter([&] {
    struct uring_sqe *sqe = uring_get_sqe(&ring);
    uring_prep_recv(sqe, data[0], buf, sizeof buf, 0);
    uring_sqe_set_data64(sqe, 7);
    submit_ret = uring_submit(&ring);
    armed = true;
    // Blocks in the kernel until the test opens the gate.
    char g;
    if (read(gate[0], &g, 1) < 0) g = 0;  // the gate closing early only ends the wait
  });
  while (!armed) sched_yield();
  ASSERT_EQ(submit_ret, 1);
  usleep(50 * 1000);  // time for the submitting thread to fall asleep in its read
  ASSERT_EQ(write(data[1], "x", 1), 1);
  struct uring_cqe *cqe = nullptr;
  struct uring_timespec patience = {5, 0};
  ret = uring_wait_cqe_timeout(&ring, &cqe, &patience);
  EXPECT_EQ(ret, 0) << "no completion while the submitting thread slept: " << strerror(-ret);
  if (ret == 0) {
    EXPECT_EQ(cqe->user_data, 7u);
    EXPECT_EQ(cqe->res, 1);
    uring_cqe_seen(&ring, cqe);
  }
  // Only now does the submitting thread leave its read.
  ASSERT_EQ(write(gate[1], "g", 1), 1);
  submitter.join();
  uring_exit(&ring);
  for (int fd : {data[0], data[1], gate[0], gate[1]}) close(fd);
}

// The same with the ring's own thread asleep on a registered eventfd: the kernel wakes it to
// run the task work, which posts the CQE and signals the eventfd. A ring with
// URING_SETUP_COOP_TASKRUN does not starve such a program.
TEST_P(TaskWork, WakesAThreadSleepingOnTheRegisteredEventfd) {
  URING_SKIP_WITHOUT_KERNEL();
  const FlagCase &c = GetParam();
  struct uring ring;
  int ret = uring_init(&ring, 8, c.flags);
  if ((c.flags & URING_SETUP_COOP_TASKRUN) && ret == -EINVAL && !KernelAtLeast(5, 19))
    GTEST_SKIP() << "URING_SETUP_COOP_TASKRUN (5.19) not supported by this kernel";
  ASSERT_EQ(ret, 0) << strerror(-ret);
  int efd = eventfd(0, EFD_CLOEXEC);
  ASSERT_GE(efd, 0);
  ASSERT_EQ(uring_register_eventfd(&ring, efd), 0);
  int data[2];
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, data), 0);
  char buf[8] = {0};
  struct uring_sqe *sqe = uring_get_sqe(&ring);
  uring_prep_recv(sqe, data[0], buf, sizeof buf, 0);
  uring_sqe_set_data64(sqe, 9);
  ASSERT_EQ(uring_submit(&ring), 1);
  std::thread sender([&] {
    usleep(50 * 1000);  // time for this thread to fall asleep in poll
    (void)!write(data[1], "x", 1);
  });
  struct pollfd pfd = {efd, POLLIN, 0};
  ret = poll(&pfd, 1, 5000);
  sender.join();
  EXPECT_EQ(ret, 1) << "the eventfd never fired while its thread slept";
  struct uring_cqe *cqe = nullptr;
  ASSERT_EQ(uring_peek_cqe(&ring, &cqe), 0);
  EXPECT_EQ(cqe->user_data, 9u);
  EXPECT_EQ(cqe->res, 1);
  uring_cqe_seen(&ring, cqe);
  uring_exit(&ring);
  close(efd);
  close(data[0]);
  close(data[1]);
}

INSTANTIATE_TEST_SUITE_P(Flags, TaskWork,
                         ::testing::Values(FlagCase{"Plain", 0},
                                           FlagCase{"CoopTaskrun", URING_SETUP_COOP_TASKRUN}),
                         CaseName);

}  // namespace
