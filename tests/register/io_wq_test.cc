// The io-wq worker pool on the real kernel (uring/ring/register.h, "io-wq"): worker limits
// read back, and the CPUs new workers run on.
#include <dirent.h>
#include <errno.h>
#include <sched.h>

#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "tests/register/util.h"
#include "tests/support/kernel.h"
#include "uring/uring.h"

namespace {

using uring_register_test::Cqe;
using uring_register_test::Ring;
using uring_register_test::SubmitAndWaitCqe;

// ---- io-wq ----------------------------------------------------------------------------

TEST(RegisterIoWq, MaxWorkersReadBack) {
  URING_SKIP_WITHOUT_KERNEL();
  Ring ring;
  ASSERT_EQ(ring.Init(4, 0), 0);
  unsigned orig[2] = {0, 0};
  int ret = uring_register_iowq_max_workers(ring.get(), orig);
  URING_SKIP_IF_UNSUPPORTED(ret, "io-wq worker limits (5.15)");
  ASSERT_EQ(ret, 0);
  ASSERT_GT(orig[URING_IO_WQ_BOUND], 0u);
  ASSERT_GT(orig[URING_IO_WQ_UNBOUND], 0u);

  unsigned vals[2] = {2, 3};
  ASSERT_EQ(uring_register_iowq_max_workers(ring.get(), vals), 0);
  EXPECT_EQ(vals[0], orig[0]);
  EXPECT_EQ(vals[1], orig[1]);
  unsigned now[2] = {0, 0};
  ASSERT_EQ(uring_register_iowq_max_workers(ring.get(), now), 0);
  EXPECT_EQ(now[URING_IO_WQ_BOUND], 2u);
  EXPECT_EQ(now[URING_IO_WQ_UNBOUND], 3u);
  // Zero leaves one limit alone.
  unsigned one[2] = {0, 5};
  ASSERT_EQ(uring_register_iowq_max_workers(ring.get(), one), 0);
  unsigned after[2] = {0, 0};
  ASSERT_EQ(uring_register_iowq_max_workers(ring.get(), after), 0);
  EXPECT_EQ(after[0], 2u);
  EXPECT_EQ(after[1], 5u);
  // The limits belong to this thread's io-wq: put them back for the other tests.
  ASSERT_EQ(uring_register_iowq_max_workers(ring.get(), orig), 0);
}

std::string ReadFileText(const std::string &path) {
  std::ifstream in(path);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

TEST(RegisterIoWq, AffinityAppliesToNewWorkers) {
  URING_SKIP_WITHOUT_KERNEL();
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  ASSERT_EQ(sched_getaffinity(0, sizeof allowed, &allowed), 0);
  if (!CPU_ISSET(0, &allowed) || CPU_COUNT(&allowed) < 2)
    GTEST_SKIP() << "needs CPU 0 and at least one other CPU in this task's affinity";

  // A fresh thread has its own io-wq with no workers yet, so the first worker is created
  // after the affinity is set and must carry it.
  std::string result;
  std::thread t([&result] {
    Ring ring;
    if (ring.Init(4, 0) != 0) {
      result = "ring setup failed";
      return;
    }
    cpu_set_t mask;
    CPU_ZERO(&mask);
    CPU_SET(0, &mask);
    int ret = uring_register_iowq_aff(ring.get(), sizeof mask, &mask);
    if (ret == -EINVAL || ret == -EOPNOTSUPP) {
      result = "skip";
      return;
    }
    if (ret != 0) {
      result = "register failed: " + std::to_string(ret);
      return;
    }
    struct uring_sqe *sqe = uring_get_sqe(ring.get());
    uring_prep_nop(sqe);
    sqe->flags = URING_SQE_ASYNC;  // forces the NOP through an io-wq worker
    Cqe c;
    if (SubmitAndWaitCqe(ring.get(), &c) != 0 || c.res != 0) {
      result = "async NOP failed";
      return;
    }
    // The worker idles for seconds before it exits; look for it now.
    std::string want = "iou-wrk-" + std::to_string(gettid());
    int found = 0;
    DIR *d = opendir("/proc/self/task");
    if (!d) {
      result = "cannot list /proc/self/task";
      return;
    }
    std::vector<std::string> tids;
    while (struct dirent *e = readdir(d))
      if (e->d_name[0] != '.') tids.push_back(e->d_name);
    closedir(d);
    for (const std::string &tid : tids) {
      std::string base = "/proc/self/task/" + tid;
      std::string comm = ReadFileText(base + "/comm");
      if (comm.compare(0, want.size(), want) != 0) continue;
      std::string status = ReadFileText(base + "/status");
      size_t at = status.find("Cpus_allowed_list:");
      if (at == std::string::npos) continue;
      std::string list = status.substr(at + 18, status.find('\n', at) - at - 18);
      list.erase(0, list.find_first_not_of(" \t"));
      if (list != "0") {
        result = "worker affinity is " + list;
        return;
      }
      found++;
    }
    result = found ? "" : "no io-wq worker found";
    uring_unregister_iowq_aff(ring.get());
  });
  t.join();
  if (result == "skip") GTEST_SKIP() << "io-wq affinity (5.14)";
  EXPECT_EQ(result, "");
}

TEST(RegisterIoWq, AffinityArgumentsAreChecked) {
  URING_SKIP_WITHOUT_KERNEL();
  Ring ring;
  ASSERT_EQ(ring.Init(4, 0), 0);
  cpu_set_t mask;
  CPU_ZERO(&mask);
  CPU_SET(0, &mask);
  int ret = uring_register_iowq_aff(ring.get(), sizeof mask, &mask);
  URING_SKIP_IF_UNSUPPORTED(ret, "io-wq affinity (5.14)");
  ASSERT_EQ(ret, 0);
  EXPECT_EQ(uring_register_iowq_aff(ring.get(), 0, &mask), -EINVAL) << "an empty mask size";
  EXPECT_EQ(uring_register_iowq_aff(ring.get(), sizeof mask, nullptr), -EINVAL);
  EXPECT_EQ(uring_unregister_iowq_aff(ring.get()), 0);
}

}  // namespace
