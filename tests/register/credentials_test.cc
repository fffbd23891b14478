// Personalities and restrictions on the real kernel (uring/ring/register.h, "Credentials
// and access control"): credentials an SQE runs with, opcodes a disabled ring refuses.
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>

#include "gtest/gtest.h"
#include "tests/register/util.h"
#include "tests/support/kernel.h"
#include "uring/uring.h"

namespace {

using uring_register_test::Cqe;
using uring_register_test::Pipe;
using uring_register_test::Ring;
using uring_register_test::SubmitAndWaitCqe;

// ---- Personality ----------------------------------------------------------------------

TEST(RegisterPersonality, IdIsAcceptedInSqeUntilUnregistered) {
  URING_SKIP_WITHOUT_KERNEL();
  Ring ring;
  ASSERT_EQ(ring.Init(8, 0), 0);
  int id = uring_register_personality(ring.get());
  ASSERT_GT(id, 0);  // ids start at 1: 0 in an SQE means "none"
  Cqe c;
  struct uring_sqe *sqe = uring_get_sqe(ring.get());
  uring_prep_nop(sqe);
  sqe->personality = (uint16_t)id;
  ASSERT_EQ(SubmitAndWaitCqe(ring.get(), &c), 0);
  EXPECT_EQ(c.res, 0);

  sqe = uring_get_sqe(ring.get());
  uring_prep_nop(sqe);
  sqe->personality = (uint16_t)(id + 1);
  ASSERT_EQ(SubmitAndWaitCqe(ring.get(), &c), 0);
  EXPECT_EQ(c.res, -EINVAL) << "an id never registered";

  ASSERT_EQ(uring_unregister_personality(ring.get(), id), 0);
  sqe = uring_get_sqe(ring.get());
  uring_prep_nop(sqe);
  sqe->personality = (uint16_t)id;
  ASSERT_EQ(SubmitAndWaitCqe(ring.get(), &c), 0);
  EXPECT_EQ(c.res, -EINVAL);
  EXPECT_EQ(uring_unregister_personality(ring.get(), id), -EINVAL);
}

// The registered credentials are what the SQE runs with: after the task drops root, an
// open of a root-only file fails without the personality and succeeds with it. Runs in a
// child process, since dropping privileges cannot be undone.
TEST(RegisterPersonality, SqeRunsWithRegisteredCredentials) {
  URING_SKIP_WITHOUT_KERNEL();
  if (geteuid() != 0) GTEST_SKIP() << "needs root to drop privileges";
  const char *tmp = getenv("TEST_TMPDIR");
  std::string dir = std::string(tmp ? tmp : "/tmp") + "/uring-pers-XXXXXX";
  ASSERT_NE(mkdtemp(&dir[0]), nullptr);
  std::string file = dir + "/secret";
  int wfd = open(file.c_str(), O_CREAT | O_WRONLY, 0600);
  ASSERT_GE(wfd, 0);
  ASSERT_EQ(write(wfd, "s", 1), 1);
  close(wfd);
  ASSERT_EQ(chmod(dir.c_str(), 0700), 0);

  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    // Child: exit codes say what went wrong; no gtest assertions here.
    struct uring ring;
    if (uring_init(&ring, 4, 0) != 0) _exit(10);
    int id = uring_register_personality(&ring);
    if (id <= 0) _exit(11);
    int dfd = open(dir.c_str(), O_RDONLY | O_DIRECTORY);
    if (dfd < 0) _exit(12);
    if (setresgid(65534, 65534, 65534) != 0 || setresuid(65534, 65534, 65534) != 0) _exit(13);
    int results[2];
    for (int i = 0; i < 2; i++) {
      struct uring_sqe *sqe = uring_get_sqe(&ring);
      uring_prep_rw(URING_OP_OPENAT, sqe, dfd, "secret", 0, 0);
      sqe->open_flags = O_RDONLY;
      sqe->personality = i ? (uint16_t)id : 0;
      if (uring_submit_and_wait(&ring, 1) != 1) _exit(14);
      struct uring_cqe *cqe;
      if (uring_peek_cqe(&ring, &cqe) != 0) _exit(15);
      results[i] = cqe->res;
      uring_cqe_seen(&ring, cqe);
    }
    if (results[0] != -EACCES) _exit(20);
    if (results[1] < 0) _exit(21);
    _exit(0);
  }
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  unlink(file.c_str());
  rmdir(dir.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_NE(WEXITSTATUS(status), 20) << "without the personality the open must be refused";
  EXPECT_NE(WEXITSTATUS(status), 21) << "with the personality the open must succeed";
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

// ---- Restrictions ---------------------------------------------------------------------

TEST(RegisterRestrictions, DisabledRingRefusesWhatIsNotAllowed) {
  URING_SKIP_WITHOUT_KERNEL();
  Ring plain;
  ASSERT_EQ(plain.Init(4, 0), 0);
  struct uring_restriction res[3];
  memset(res, 0, sizeof res);
  res[0].opcode = URING_RESTRICTION_SQE_OP;
  res[0].sqe_op = URING_OP_NOP;
  res[1].opcode = URING_RESTRICTION_REGISTER_OP;
  res[1].register_op = URING_REGISTER_PROBE;
  res[2].opcode = URING_RESTRICTION_SQE_FLAGS_ALLOWED;
  res[2].sqe_flags = URING_SQE_IO_LINK;
  EXPECT_EQ(uring_register_restrictions(plain.get(), res, 3), -EBADFD)
      << "restrictions need a ring created disabled";

  Ring ring;
  int ret = ring.Init(4, URING_SETUP_R_DISABLED);
  URING_SKIP_IF_UNSUPPORTED(ret, "URING_SETUP_R_DISABLED (5.10)");
  ASSERT_EQ(ret, 0);
  struct uring_sqe *sqe = uring_get_sqe(ring.get());
  uring_prep_nop(sqe);
  EXPECT_EQ(uring_submit(ring.get()), -EBADFD) << "a disabled ring takes no SQEs";

  ASSERT_EQ(uring_register_restrictions(ring.get(), res, 3), 0);
  EXPECT_EQ(uring_register_restrictions(ring.get(), res, 3), -EBUSY);
  ASSERT_EQ(uring_enable_rings(ring.get()), 0);
  EXPECT_EQ(uring_enable_rings(plain.get()), -EBADFD) << "the plain ring is not disabled";

  // The NOP queued while disabled goes now.
  Cqe c;
  ASSERT_EQ(SubmitAndWaitCqe(ring.get(), &c), 0);
  EXPECT_EQ(c.res, 0);

  char buf[4];
  Pipe p;
  ASSERT_GE(p.r(), 0);
  uring_prep_read(uring_get_sqe(ring.get()), p.r(), buf, sizeof buf, 0);
  ASSERT_EQ(SubmitAndWaitCqe(ring.get(), &c), 0);
  EXPECT_EQ(c.res, -EACCES) << "READ is not in the allowed set";

  sqe = uring_get_sqe(ring.get());
  uring_prep_nop(sqe);
  sqe->flags = URING_SQE_ASYNC;
  ASSERT_EQ(SubmitAndWaitCqe(ring.get(), &c), 0);
  EXPECT_EQ(c.res, -EACCES) << "ASYNC is not an allowed SQE flag";

  struct uring_probe_info info;
  EXPECT_EQ(uring_get_probe(ring.get(), &info), 0) << "PROBE is allowed";
  EXPECT_EQ(uring_register_personality(ring.get()), -EACCES);
  EXPECT_EQ(uring_enable_rings(ring.get()), -EACCES) << "so is nothing else, not even this";
}

}  // namespace
