// Register operations on the real kernel, each checked by its effect on later requests:
// registered buffers and files used by SQEs, sparse tables filled by updates, tags posting
// CQEs, personalities changing what an SQE may do, restrictions refusing opcodes, io-wq
// limits read back, synchronous cancellation, messages between rings, ring resizing and
// registered wait regions. Skips name the feature the kernel lacks.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

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
using uring_register_test::Pipe;
using uring_register_test::Ring;
using uring_register_test::SubmitAndWaitCqe;
using uring_register_test::TempFile;
using uring_register_test::WaitCqe;

const std::string kText = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

// READ_FIXED / WRITE_FIXED of `len` bytes at `addr`, which must lie inside registered
// buffer `index`.
void PrepFixed(struct uring_sqe *sqe, int op, int fd, void *addr, unsigned len, uint64_t off,
               unsigned index) {
  uring_prep_rw(op, sqe, fd, addr, len, off);
  sqe->buf_index = (uint16_t)index;
}

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

// ---- Buffers --------------------------------------------------------------------------

TEST(RegisterBuffers, ReadFixedAndWriteFixedUseTheRegisteredBuffer) {
  URING_SKIP_WITHOUT_KERNEL();
  TempFile f(kText);
  ASSERT_GE(f.fd, 0);
  Ring ring;
  ASSERT_EQ(ring.Init(8, 0), 0);
  Page buf;
  ASSERT_NE(buf.p, nullptr);
  struct uring_iovec iov = {buf.p, buf.size};
  ASSERT_EQ(uring_register_buffers(ring.get(), &iov, 1), 0);
  // A second table is refused while one is registered.
  EXPECT_EQ(uring_register_buffers(ring.get(), &iov, 1), -EBUSY);

  Cqe c;
  PrepFixed(uring_get_sqe(ring.get()), URING_OP_READ_FIXED, f.fd, buf.c() + 100, 10, 5, 0);
  ASSERT_EQ(SubmitAndWaitCqe(ring.get(), &c), 0);
  ASSERT_EQ(c.res, 10);
  EXPECT_EQ(std::string(buf.c() + 100, 10), kText.substr(5, 10));

  memcpy(buf.c() + 2000, "WRITTEN", 7);
  PrepFixed(uring_get_sqe(ring.get()), URING_OP_WRITE_FIXED, f.fd, buf.c() + 2000, 7, 20, 0);
  ASSERT_EQ(SubmitAndWaitCqe(ring.get(), &c), 0);
  ASSERT_EQ(c.res, 7);
  char back[8] = {};
  ASSERT_EQ(pread(f.fd, back, 7, 20), 7);
  EXPECT_STREQ(back, "WRITTEN");

  // An address outside the registered range is refused by the kernel.
  char outside[16];
  PrepFixed(uring_get_sqe(ring.get()), URING_OP_READ_FIXED, f.fd, outside, sizeof outside, 0, 0);
  ASSERT_EQ(SubmitAndWaitCqe(ring.get(), &c), 0);
  EXPECT_EQ(c.res, -EFAULT);

  ASSERT_EQ(uring_unregister_buffers(ring.get()), 0);
  PrepFixed(uring_get_sqe(ring.get()), URING_OP_READ_FIXED, f.fd, buf.c(), 10, 0, 0);
  ASSERT_EQ(SubmitAndWaitCqe(ring.get(), &c), 0);
  EXPECT_EQ(c.res, -EFAULT);
  EXPECT_EQ(uring_unregister_buffers(ring.get()), -ENXIO);
}

TEST(RegisterBuffers, SparseTableFilledByUpdate) {
  URING_SKIP_WITHOUT_KERNEL();
  TempFile f(kText);
  ASSERT_GE(f.fd, 0);
  Ring ring;
  ASSERT_EQ(ring.Init(8, 0), 0);
  int ret = uring_register_buffers_sparse(ring.get(), 4);
  URING_SKIP_IF_UNSUPPORTED(ret, "sparse buffer tables (5.19)");
  ASSERT_EQ(ret, 0);
  Page buf;
  ASSERT_NE(buf.p, nullptr);

  Cqe c;
  PrepFixed(uring_get_sqe(ring.get()), URING_OP_READ_FIXED, f.fd, buf.c(), 4, 0, 2);
  ASSERT_EQ(SubmitAndWaitCqe(ring.get(), &c), 0);
  EXPECT_EQ(c.res, -EFAULT) << "an empty slot must not be usable";

  struct uring_iovec iov = {buf.p, buf.size};
  ASSERT_EQ(uring_register_buffers_update_tag(ring.get(), 2, &iov, nullptr, 1), 1);
  PrepFixed(uring_get_sqe(ring.get()), URING_OP_READ_FIXED, f.fd, buf.c(), 4, 0, 2);
  ASSERT_EQ(SubmitAndWaitCqe(ring.get(), &c), 0);
  ASSERT_EQ(c.res, 4);
  EXPECT_EQ(std::string(buf.c(), 4), "0123");
  // Slot 1 is still empty.
  PrepFixed(uring_get_sqe(ring.get()), URING_OP_READ_FIXED, f.fd, buf.c(), 4, 0, 1);
  ASSERT_EQ(SubmitAndWaitCqe(ring.get(), &c), 0);
  EXPECT_EQ(c.res, -EFAULT);
}

TEST(RegisterBuffers, TagPostsCqeWhenBufferIsReplaced) {
  URING_SKIP_WITHOUT_KERNEL();
  Ring ring;
  ASSERT_EQ(ring.Init(8, 0), 0);
  Page buf;
  ASSERT_NE(buf.p, nullptr);
  struct uring_iovec iov = {buf.p, buf.size};
  uint64_t tag = 0xabc;
  int ret = uring_register_buffers_tags(ring.get(), &iov, &tag, 1);
  URING_SKIP_IF_UNSUPPORTED(ret, "tagged buffers (5.13)");
  ASSERT_EQ(ret, 0);
  EXPECT_EQ(uring_cq_ready(ring.get()), 0u);
  struct uring_iovec empty = {nullptr, 0};
  ASSERT_EQ(uring_register_buffers_update_tag(ring.get(), 0, &empty, nullptr, 1), 1);
  Cqe c;
  ASSERT_EQ(WaitCqe(ring.get(), &c), 0);
  EXPECT_EQ(c.user_data, 0xabcu);
  EXPECT_EQ(c.res, 0);
}

// Before 6.5 the kernel pins a registered buffer only if all its pages come from mappings
// of one backing: all anonymous, or all of one shmem or hugetlbfs file; a buffer that spans
// an anonymous page and a memfd page (or a program's .data and .bss) is refused with
// -EINVAL. 6.5 left the check to the page pinning code, which takes both. Memory from one
// anonymous mmap is accepted everywhere, aligned or not.
TEST(RegisterBuffers, BufferAcrossTwoBackingsPerKernel) {
  URING_SKIP_WITHOUT_KERNEL();
  Page anon(3 * 4096);
  ASSERT_NE(anon.p, nullptr);
  Ring ring;
  ASSERT_EQ(ring.Init(8, 0), 0);
  struct uring_iovec iov = {anon.c() + 100, 4096};
  ASSERT_EQ(uring_register_buffers(ring.get(), &iov, 1), 0) << "unaligned anonymous memory";
  ASSERT_EQ(uring_unregister_buffers(ring.get()), 0);

  int mfd = memfd_create("uring-regbuf", MFD_CLOEXEC);
  ASSERT_GE(mfd, 0);
  ASSERT_EQ(ftruncate(mfd, 4096), 0);
  void *m = mmap(anon.c() + 4096, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, mfd, 0);
  close(mfd);
  ASSERT_EQ(m, anon.c() + 4096);
  iov = {anon.c() + 2048, 4096};
  int ret = uring_register_buffers(ring.get(), &iov, 1);
  if (uring_test::KernelAtLeast(6, 5)) {
    ASSERT_EQ(ret, 0);
    EXPECT_EQ(uring_unregister_buffers(ring.get()), 0);
  } else {
    EXPECT_EQ(ret, -EINVAL);
  }
  // The memfd page alone is one backing: fine everywhere.
  iov = {anon.c() + 4096, 4096};
  EXPECT_EQ(uring_register_buffers(ring.get(), &iov, 1), 0);
}

TEST(RegisterBuffers, CloneSharesBuffersWithAnotherRing) {
  URING_SKIP_WITHOUT_KERNEL();
  TempFile f(kText);
  ASSERT_GE(f.fd, 0);
  Ring src, dst;
  ASSERT_EQ(src.Init(8, 0), 0);
  ASSERT_EQ(dst.Init(8, 0), 0);
  Page buf;
  ASSERT_NE(buf.p, nullptr);
  struct uring_iovec iov[2] = {{buf.p, 2048}, {buf.c() + 2048, 2048}};
  ASSERT_EQ(uring_register_buffers(src.get(), iov, 2), 0);
  int ret = uring_clone_buffers(dst.get(), src.get());
  URING_SKIP_IF_UNSUPPORTED(ret, "buffer cloning (6.12)");
  ASSERT_EQ(ret, 0);

  Cqe c;
  PrepFixed(uring_get_sqe(dst.get()), URING_OP_READ_FIXED, f.fd, buf.c() + 2048, 6, 10, 1);
  ASSERT_EQ(SubmitAndWaitCqe(dst.get(), &c), 0);
  ASSERT_EQ(c.res, 6);
  EXPECT_EQ(std::string(buf.c() + 2048, 6), kText.substr(10, 6));

  // dst now has a table: cloning again needs DST_REPLACE.
  EXPECT_EQ(uring_clone_buffers(dst.get(), src.get()), -EBUSY);
  // Offsets and DST_REPLACE are 6.13. A 6.12 kernel answers -EBUSY for a destination with a
  // table whatever the flags, so ask on a ring without one: there 6.12 refuses the offsets
  // (padding it requires to be zero) with -EINVAL.
  {
    Ring fresh;
    ASSERT_EQ(fresh.Init(8, 0), 0);
    ret = uring_clone_buffers_offset(fresh.get(), src.get(), 0, 1, 1, 0);
    if (ret == -EINVAL)
      GTEST_SKIP() << "buffer cloning with offsets (6.13) not supported by this kernel";
    ASSERT_EQ(ret, 0);
  }
  // With offsets, only src's second buffer lands in dst's slot 0.
  ret = uring_clone_buffers_offset(dst.get(), src.get(), 0, 1, 1, URING_REGISTER_DST_REPLACE);
  ASSERT_EQ(ret, 0);
  PrepFixed(uring_get_sqe(dst.get()), URING_OP_READ_FIXED, f.fd, buf.c() + 2100, 3, 0, 0);
  ASSERT_EQ(SubmitAndWaitCqe(dst.get(), &c), 0);
  ASSERT_EQ(c.res, 3) << "slot 0 must now be src's second buffer";
  PrepFixed(uring_get_sqe(dst.get()), URING_OP_READ_FIXED, f.fd, buf.c(), 3, 0, 0);
  ASSERT_EQ(SubmitAndWaitCqe(dst.get(), &c), 0);
  EXPECT_EQ(c.res, -EFAULT) << "src's first buffer is not in slot 0 any more";
}

// ---- Files ----------------------------------------------------------------------------

void PrepReadFixedFile(struct uring_sqe *sqe, int index, void *buf, unsigned len, uint64_t off) {
  uring_prep_read(sqe, index, buf, len, off);
  sqe->flags = URING_SQE_FIXED_FILE;
}

TEST(RegisterFiles, FixedFileIndexReachesTheRegisteredFile) {
  URING_SKIP_WITHOUT_KERNEL();
  TempFile f(kText);
  ASSERT_GE(f.fd, 0);
  Ring ring;
  ASSERT_EQ(ring.Init(8, 0), 0);
  int fds[2] = {-1, f.fd};
  ASSERT_EQ(uring_register_files(ring.get(), fds, 2), 0);
  EXPECT_EQ(uring_register_files(ring.get(), fds, 2), -EBUSY);

  char buf[8] = {};
  Cqe c;
  PrepReadFixedFile(uring_get_sqe(ring.get()), 1, buf, 4, 3);
  ASSERT_EQ(SubmitAndWaitCqe(ring.get(), &c), 0);
  ASSERT_EQ(c.res, 4);
  EXPECT_EQ(std::string(buf, 4), "3456");
  PrepReadFixedFile(uring_get_sqe(ring.get()), 0, buf, 4, 0);
  ASSERT_EQ(SubmitAndWaitCqe(ring.get(), &c), 0);
  EXPECT_EQ(c.res, -EBADF) << "slot 0 was registered empty";

  // The old-style update: replace slot 0, leave slot 1 alone.
  int upd[2] = {f.fd, URING_REGISTER_FILES_SKIP};
  ASSERT_EQ(uring_register_files_update(ring.get(), 0, upd, 2), 2);
  PrepReadFixedFile(uring_get_sqe(ring.get()), 0, buf, 2, 0);
  ASSERT_EQ(SubmitAndWaitCqe(ring.get(), &c), 0);
  EXPECT_EQ(c.res, 2);
  PrepReadFixedFile(uring_get_sqe(ring.get()), 1, buf, 2, 0);
  ASSERT_EQ(SubmitAndWaitCqe(ring.get(), &c), 0);
  EXPECT_EQ(c.res, 2) << "SKIP must have left slot 1 in place";

  ASSERT_EQ(uring_unregister_files(ring.get()), 0);
  PrepReadFixedFile(uring_get_sqe(ring.get()), 1, buf, 4, 0);
  ASSERT_EQ(SubmitAndWaitCqe(ring.get(), &c), 0);
  EXPECT_EQ(c.res, -EBADF);
  EXPECT_EQ(uring_unregister_files(ring.get()), -ENXIO);
}

TEST(RegisterFiles, SparseTableUpdatesAndTags) {
  URING_SKIP_WITHOUT_KERNEL();
  TempFile f(kText);
  ASSERT_GE(f.fd, 0);
  Ring ring;
  ASSERT_EQ(ring.Init(8, 0), 0);
  int ret = uring_register_files_sparse(ring.get(), 8);
  URING_SKIP_IF_UNSUPPORTED(ret, "sparse file tables (5.19)");
  ASSERT_EQ(ret, 0);

  char buf[8] = {};
  Cqe c;
  PrepReadFixedFile(uring_get_sqe(ring.get()), 3, buf, 4, 0);
  ASSERT_EQ(SubmitAndWaitCqe(ring.get(), &c), 0);
  EXPECT_EQ(c.res, -EBADF);

  int fd = f.fd;
  uint64_t tag = 0x55;
  ASSERT_EQ(uring_register_files_update_tag(ring.get(), 3, &fd, &tag, 1), 1);
  PrepReadFixedFile(uring_get_sqe(ring.get()), 3, buf, 4, 0);
  ASSERT_EQ(SubmitAndWaitCqe(ring.get(), &c), 0);
  ASSERT_EQ(c.res, 4);
  EXPECT_EQ(std::string(buf, 4), "0123");

  // Emptying the tagged slot posts the tag once the file is released.
  int none = -1;
  ASSERT_EQ(uring_register_files_update_tag(ring.get(), 3, &none, nullptr, 1), 1);
  ASSERT_EQ(WaitCqe(ring.get(), &c), 0);
  EXPECT_EQ(c.user_data, 0x55u);
  EXPECT_EQ(c.res, 0);
  PrepReadFixedFile(uring_get_sqe(ring.get()), 3, buf, 4, 0);
  ASSERT_EQ(SubmitAndWaitCqe(ring.get(), &c), 0);
  EXPECT_EQ(c.res, -EBADF);
}

TEST(RegisterFiles, TagsPostOnUnregister) {
  URING_SKIP_WITHOUT_KERNEL();
  TempFile f(kText);
  ASSERT_GE(f.fd, 0);
  Ring ring;
  ASSERT_EQ(ring.Init(8, 0), 0);
  int fds[2] = {f.fd, f.fd};
  uint64_t tags[2] = {0x77, 0x78};
  int ret = uring_register_files_tags(ring.get(), fds, tags, 2);
  URING_SKIP_IF_UNSUPPORTED(ret, "tagged files (5.13)");
  ASSERT_EQ(ret, 0);
  ASSERT_EQ(uring_unregister_files(ring.get()), 0);
  if (!uring_test::KernelAtLeast(6, 13)) {
    // Before 6.13 tags are posted only for slots an update replaces; unregistering drops the
    // table without posting (the per-slot resource nodes that post on release are 6.13's,
    // and no feature flag shows them). A NOP round trip shows nothing is queued behind it.
    struct uring_cqe *cqe;
    EXPECT_EQ(uring_peek_cqe(ring.get(), &cqe), -EAGAIN);
    struct uring_sqe *sqe = uring_get_sqe(ring.get());
    uring_prep_nop(sqe);
    uring_sqe_set_data64(sqe, 0x79);
    Cqe n;
    ASSERT_EQ(SubmitAndWaitCqe(ring.get(), &n), 0);
    EXPECT_EQ(n.user_data, 0x79u);
    EXPECT_EQ(uring_peek_cqe(ring.get(), &cqe), -EAGAIN);
    return;
  }
  Cqe a, b;
  ASSERT_EQ(WaitCqe(ring.get(), &a), 0);
  ASSERT_EQ(WaitCqe(ring.get(), &b), 0);
  EXPECT_EQ(a.user_data + b.user_data, 0x77u + 0x78u);
  EXPECT_NE(a.user_data, b.user_data);
}

TEST(RegisterFiles, AllocRangeLimitsKernelChosenSlots) {
  URING_SKIP_WITHOUT_KERNEL();
  Ring ring;
  ASSERT_EQ(ring.Init(8, 0), 0);
  int ret = uring_register_files_sparse(ring.get(), 8);
  URING_SKIP_IF_UNSUPPORTED(ret, "sparse file tables (5.19)");
  ASSERT_EQ(ret, 0);
  ret = uring_register_file_alloc_range(ring.get(), 4, 2);
  URING_SKIP_IF_UNSUPPORTED(ret, "file allocation ranges (6.0)");
  ASSERT_EQ(ret, 0);
  EXPECT_EQ(uring_register_file_alloc_range(ring.get(), 6, 4), -EINVAL) << "past the table";

  std::vector<int> slots;
  for (int i = 0; i < 3; i++) {
    struct uring_sqe *sqe = uring_get_sqe(ring.get());
    uring_prep_rw(URING_OP_OPENAT, sqe, AT_FDCWD, "/dev/null", 0, 0);
    sqe->open_flags = O_RDONLY;
    sqe->file_index = URING_FILE_INDEX_ALLOC;
    Cqe c;
    ASSERT_EQ(SubmitAndWaitCqe(ring.get(), &c), 0);
    slots.push_back(c.res);
  }
  EXPECT_EQ(slots[0], 4);
  EXPECT_EQ(slots[1], 5);
  EXPECT_EQ(slots[2], -ENFILE) << "the range [4, 6) is used up";
}

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

// ---- Synchronous cancel ---------------------------------------------------------------

TEST(RegisterSyncCancel, CancelsPendingPipeReadByUserData) {
  URING_SKIP_WITHOUT_KERNEL();
  Ring ring;
  ASSERT_EQ(ring.Init(8, 0), 0);
  Pipe p;
  ASSERT_GE(p.r(), 0);
  char buf[16];
  struct uring_sqe *sqe = uring_get_sqe(ring.get());
  uring_prep_read(sqe, p.r(), buf, sizeof buf, 0);
  uring_sqe_set_data64(sqe, 0x11);
  ASSERT_EQ(uring_submit(ring.get()), 1);
  EXPECT_EQ(uring_cq_ready(ring.get()), 0u) << "the read must be waiting for data";

  struct uring_sync_cancel_reg reg;
  memset(&reg, 0, sizeof reg);
  reg.addr = 0x11;
  reg.timeout.tv_sec = -1;
  reg.timeout.tv_nsec = -1;
  int ret = uring_register_sync_cancel(ring.get(), &reg);
  URING_SKIP_IF_UNSUPPORTED(ret, "synchronous cancel (6.0)");
  ASSERT_EQ(ret, 0);
  Cqe c;
  ASSERT_EQ(WaitCqe(ring.get(), &c), 0);
  EXPECT_EQ(c.user_data, 0x11u);
  EXPECT_EQ(c.res, -ECANCELED);
  EXPECT_EQ(uring_register_sync_cancel(ring.get(), &reg), -ENOENT);

  reg.pad[0] = 1;
  EXPECT_EQ(uring_register_sync_cancel(ring.get(), &reg), -EINVAL);
}

TEST(RegisterSyncCancel, CancelsAllPollsOnAnFd) {
  URING_SKIP_WITHOUT_KERNEL();
  Ring ring;
  ASSERT_EQ(ring.Init(8, 0), 0);
  Pipe p;
  ASSERT_GE(p.r(), 0);
  for (uint64_t ud = 1; ud <= 2; ud++) {
    struct uring_sqe *sqe = uring_get_sqe(ring.get());
    uring_prep_rw(URING_OP_POLL_ADD, sqe, p.r(), nullptr, 0, 0);
    sqe->poll32_events = POLLIN;
    uring_sqe_set_data64(sqe, ud);
  }
  ASSERT_EQ(uring_submit(ring.get()), 2);
  struct uring_sync_cancel_reg reg;
  memset(&reg, 0, sizeof reg);
  reg.fd = p.r();
  reg.flags = URING_ASYNC_CANCEL_FD | URING_ASYNC_CANCEL_ALL;
  reg.timeout.tv_sec = -1;
  reg.timeout.tv_nsec = -1;
  int ret = uring_register_sync_cancel(ring.get(), &reg);
  URING_SKIP_IF_UNSUPPORTED(ret, "synchronous cancel (6.0)");
  EXPECT_EQ(ret, 2) << "ALL reports how many it cancelled";
  Cqe a, b;
  ASSERT_EQ(WaitCqe(ring.get(), &a), 0);
  ASSERT_EQ(WaitCqe(ring.get(), &b), 0);
  EXPECT_EQ(a.res, -ECANCELED);
  EXPECT_EQ(b.res, -ECANCELED);
  EXPECT_EQ(a.user_data + b.user_data, 3u);
}

// ---- Clock, NAPI ----------------------------------------------------------------------

TEST(RegisterClock, AcceptsMonotonicAndBoottimeOnly) {
  URING_SKIP_WITHOUT_KERNEL();
  Ring ring;
  ASSERT_EQ(ring.Init(4, 0), 0);
  struct uring_clock_register clk;
  memset(&clk, 0, sizeof clk);
  clk.clockid = CLOCK_BOOTTIME;
  int ret = uring_register_clock(ring.get(), &clk);
  URING_SKIP_IF_UNSUPPORTED(ret, "wait clock selection (6.12)");
  ASSERT_EQ(ret, 0);
  clk.clockid = CLOCK_REALTIME;
  EXPECT_EQ(uring_register_clock(ring.get(), &clk), -EINVAL);
  clk.clockid = CLOCK_MONOTONIC;
  clk.resv[1] = 1;
  EXPECT_EQ(uring_register_clock(ring.get(), &clk), -EINVAL);
  clk.resv[1] = 0;
  EXPECT_EQ(uring_register_clock(ring.get(), &clk), 0);

  // With CLOCK_BOOTTIME registered, an absolute deadline (6.12) on that clock that is
  // already past ends the wait at once.
  clk.clockid = CLOCK_BOOTTIME;
  ASSERT_EQ(uring_register_clock(ring.get(), &clk), 0);
  struct timespec now;
  ASSERT_EQ(clock_gettime(CLOCK_BOOTTIME, &now), 0);
  struct uring_timespec ts = {now.tv_sec - 1, now.tv_nsec};
  struct uring_getevents_arg arg;
  memset(&arg, 0, sizeof arg);
  arg.ts = (uint64_t)(uintptr_t)&ts;
  ret = uring_enter(ring.get(), 0, 1,
                    URING_ENTER_GETEVENTS | URING_ENTER_EXT_ARG | URING_ENTER_ABS_TIMER, &arg,
                    sizeof arg);
  EXPECT_EQ(ret, -ETIME);
}

TEST(RegisterNapi, SettingsReadBack) {
  URING_SKIP_WITHOUT_KERNEL();
  Ring ring;
  ASSERT_EQ(ring.Init(4, 0), 0);
  struct uring_napi napi;
  memset(&napi, 0, sizeof napi);
  napi.busy_poll_to = 50;
  napi.prefer_busy_poll = 1;
  napi.opcode = URING_NAPI_REGISTER_OP;
  napi.op_param = URING_NAPI_TRACKING_DYNAMIC;
  int ret = uring_register_napi(ring.get(), &napi);
  URING_SKIP_IF_UNSUPPORTED(ret, "NAPI busy polling (6.9, CONFIG_NET_RX_BUSY_POLL)");
  ASSERT_EQ(ret, 0);
  EXPECT_EQ(napi.busy_poll_to, 0u) << "the previous settings come back: none";

  struct uring_napi next;
  memset(&next, 0, sizeof next);
  next.busy_poll_to = 100;
  next.opcode = URING_NAPI_REGISTER_OP;
  ASSERT_EQ(uring_register_napi(ring.get(), &next), 0);
  EXPECT_EQ(next.busy_poll_to, 50u);
  EXPECT_EQ(next.prefer_busy_poll, 1);

  struct uring_napi old;
  memset(&old, 0, sizeof old);
  ASSERT_EQ(uring_unregister_napi(ring.get(), &old), 0);
  EXPECT_EQ(old.busy_poll_to, 100u);
  EXPECT_EQ(old.prefer_busy_poll, 0);
  EXPECT_EQ(uring_unregister_napi(ring.get(), nullptr), 0);
}

// ---- Eventfd --------------------------------------------------------------------------

TEST(RegisterEventfd, SignalsCompletions) {
  URING_SKIP_WITHOUT_KERNEL();
  Ring ring;
  ASSERT_EQ(ring.Init(4, 0), 0);
  int efd = eventfd(0, EFD_NONBLOCK);
  ASSERT_GE(efd, 0);
  ASSERT_EQ(uring_register_eventfd(ring.get(), efd), 0);
  EXPECT_EQ(uring_register_eventfd(ring.get(), efd), -EBUSY);
  uring_prep_nop(uring_get_sqe(ring.get()));
  Cqe c;
  ASSERT_EQ(SubmitAndWaitCqe(ring.get(), &c), 0);
  uint64_t count = 0;
  EXPECT_EQ(read(efd, &count, sizeof count), (ssize_t)sizeof count);
  EXPECT_EQ(count, 1u);
  ASSERT_EQ(uring_unregister_eventfd(ring.get()), 0);

  // Async only: a NOP completes inline and signals nothing.
  ASSERT_EQ(uring_register_eventfd_async(ring.get(), efd), 0);
  uring_prep_nop(uring_get_sqe(ring.get()));
  ASSERT_EQ(SubmitAndWaitCqe(ring.get(), &c), 0);
  EXPECT_EQ(read(efd, &count, sizeof count), -1);
  EXPECT_EQ(errno, EAGAIN);
  ASSERT_EQ(uring_unregister_eventfd(ring.get()), 0);
  close(efd);
}

// ---- Messages without a ring ----------------------------------------------------------

TEST(RegisterSendMsgRing, DeliversCqeIntoTargetRing) {
  URING_SKIP_WITHOUT_KERNEL();
  Ring target;
  ASSERT_EQ(target.Init(4, 0), 0);
  struct uring_sqe sqe;
  uring_prep_rw(URING_OP_MSG_RING, &sqe, target->ring_fd, (const void *)(uintptr_t)URING_MSG_DATA,
                77, 0xfeed);
  int ret = uring_register_send_msg_ring(&sqe);
  URING_SKIP_IF_UNSUPPORTED(ret, "MSG_RING without a ring (6.13)");
  ASSERT_EQ(ret, 0);
  Cqe c;
  ASSERT_EQ(WaitCqe(target.get(), &c), 0);
  EXPECT_EQ(c.user_data, 0xfeedu);
  EXPECT_EQ(c.res, 77);

  sqe.flags = URING_SQE_IO_LINK;
  EXPECT_EQ(uring_register_send_msg_ring(&sqe), -EINVAL) << "no SQE flags allowed";
  sqe.flags = 0;
  sqe.opcode = URING_OP_NOP;
  EXPECT_EQ(uring_register_send_msg_ring(&sqe), -EINVAL);
  TempFile f("x");
  uring_prep_rw(URING_OP_MSG_RING, &sqe, f.fd, (const void *)(uintptr_t)URING_MSG_DATA, 1, 1);
  EXPECT_EQ(uring_register_send_msg_ring(&sqe), -EBADFD) << "the target is not a ring";
}

// ---- Resize ---------------------------------------------------------------------------

void QueueNops(struct uring *ring, unsigned n, uint64_t first_ud) {
  for (unsigned i = 0; i < n; i++) {
    struct uring_sqe *sqe = uring_get_sqe(ring);
    ASSERT_NE(sqe, nullptr);
    uring_prep_nop(sqe);
    uring_sqe_set_data64(sqe, first_ud + i);
  }
}

TEST(RegisterResize, KeepsPendingCqesAndQueuedSqes) {
  URING_SKIP_WITHOUT_KERNEL();
  Ring ring;
  int ret = ring.Init(8, URING_SETUP_SINGLE_ISSUER | URING_SETUP_DEFER_TASKRUN);
  URING_SKIP_IF_UNSUPPORTED(ret, "URING_SETUP_DEFER_TASKRUN (6.1)");
  ASSERT_EQ(ret, 0);
  ASSERT_EQ(ring->sq.ring_entries, 8u);
  ASSERT_EQ(ring->cq.ring_entries, 16u);

  // Five completions waiting in the CQ, two SQEs filled and not submitted.
  QueueNops(ring.get(), 5, 100);
  ASSERT_EQ(uring_submit_and_wait(ring.get(), 5), 5);
  ASSERT_EQ(uring_cq_ready(ring.get()), 5u);
  QueueNops(ring.get(), 2, 200);

  struct uring_params p;
  memset(&p, 0, sizeof p);
  p.sq_entries = 32;
  p.cq_entries = 128;
  p.flags = URING_SETUP_CQSIZE;
  ret = uring_resize_rings(ring.get(), &p);
  URING_SKIP_IF_UNSUPPORTED(ret, "ring resizing (6.13)");
  ASSERT_EQ(ret, 0);
  EXPECT_EQ(p.sq_entries, 32u);
  EXPECT_EQ(p.cq_entries, 128u);
  EXPECT_EQ(ring->sq.ring_entries, 32u);
  EXPECT_EQ(ring->cq.ring_entries, 128u);

  // The old completions are there, in order.
  ASSERT_EQ(uring_cq_ready(ring.get()), 5u);
  for (uint64_t i = 0; i < 5; i++) {
    Cqe c;
    ASSERT_EQ(WaitCqe(ring.get(), &c), 0);
    EXPECT_EQ(c.user_data, 100 + i);
  }
  // The two queued SQEs go with the next submit, followed by more than the old SQ held.
  QueueNops(ring.get(), 30, 300);
  ASSERT_EQ(uring_submit_and_wait(ring.get(), 32), 32);
  std::vector<uint64_t> seen;
  for (int i = 0; i < 32; i++) {
    Cqe c;
    ASSERT_EQ(WaitCqe(ring.get(), &c), 0);
    EXPECT_EQ(c.res, 0);
    seen.push_back(c.user_data);
  }
  EXPECT_EQ(seen[0], 200u);
  EXPECT_EQ(seen[1], 201u);
  for (int i = 0; i < 30; i++) EXPECT_EQ(seen[2 + i], 300u + i);
  EXPECT_EQ(uring_cq_ready(ring.get()), 0u);
}

TEST(RegisterResize, RefusesWhatDoesNotFitAndRingKeepsWorking) {
  URING_SKIP_WITHOUT_KERNEL();
  Ring ring;
  int ret = ring.Init(8, URING_SETUP_SINGLE_ISSUER | URING_SETUP_DEFER_TASKRUN);
  URING_SKIP_IF_UNSUPPORTED(ret, "URING_SETUP_DEFER_TASKRUN (6.1)");
  ASSERT_EQ(ret, 0);
  QueueNops(ring.get(), 8, 1);
  ASSERT_EQ(uring_submit_and_wait(ring.get(), 8), 8);
  QueueNops(ring.get(), 4, 9);
  ASSERT_EQ(uring_submit_and_wait(ring.get(), 12), 4);
  ASSERT_EQ(uring_cq_ready(ring.get()), 12u);

  struct uring_params p;
  memset(&p, 0, sizeof p);
  p.sq_entries = 4;
  p.cq_entries = 8;
  p.flags = URING_SETUP_CQSIZE;
  ret = uring_resize_rings(ring.get(), &p);
  URING_SKIP_IF_UNSUPPORTED(ret, "ring resizing (6.13)");
  EXPECT_EQ(ret, -EOVERFLOW) << "12 CQEs cannot move into 8 slots";
  EXPECT_EQ(ring->cq.ring_entries, 16u);
  for (uint64_t i = 1; i <= 12; i++) {
    Cqe c;
    ASSERT_EQ(WaitCqe(ring.get(), &c), 0);
    EXPECT_EQ(c.user_data, i);
  }
  // Now it fits: shrink. (The kernel wrote its view into p, inherited flags included.)
  memset(&p, 0, sizeof p);
  p.sq_entries = 4;
  p.cq_entries = 8;
  p.flags = URING_SETUP_CQSIZE;
  ASSERT_EQ(uring_resize_rings(ring.get(), &p), 0);
  EXPECT_EQ(ring->sq.ring_entries, 4u);
  EXPECT_EQ(ring->cq.ring_entries, 8u);
  QueueNops(ring.get(), 4, 50);
  EXPECT_EQ(uring_get_sqe(ring.get()), nullptr) << "the SQ now holds 4";
  ASSERT_EQ(uring_submit_and_wait(ring.get(), 4), 4);
  for (uint64_t i = 0; i < 4; i++) {
    Cqe c;
    ASSERT_EQ(WaitCqe(ring.get(), &c), 0);
    EXPECT_EQ(c.user_data, 50 + i);
  }
  // The current size again: the ring keeps working whether or not the kernel swapped.
  memset(&p, 0, sizeof p);
  p.sq_entries = 4;
  p.cq_entries = 8;
  p.flags = URING_SETUP_CQSIZE;
  ASSERT_EQ(uring_resize_rings(ring.get(), &p), 0);
  EXPECT_EQ(ring->sq.ring_entries, 4u);
  QueueNops(ring.get(), 1, 60);
  Cqe c;
  ASSERT_EQ(SubmitAndWaitCqe(ring.get(), &c), 0);
  EXPECT_EQ(c.user_data, 60u);
}

TEST(RegisterResize, NeedsDeferTaskrun) {
  URING_SKIP_WITHOUT_KERNEL();
  Ring ring;
  ASSERT_EQ(ring.Init(8, 0), 0);
  struct uring_params p;
  memset(&p, 0, sizeof p);
  p.sq_entries = 16;
  EXPECT_EQ(uring_resize_rings(ring.get(), &p), -EINVAL);
  EXPECT_EQ(ring->sq.ring_entries, 8u);
}

// ---- Memory regions -------------------------------------------------------------------

TEST(RegisterRegion, WaitArgumentsComeFromTheRegisteredRegion) {
  URING_SKIP_WITHOUT_KERNEL();
  Ring ring;
  int ret = ring.Init(4, URING_SETUP_R_DISABLED);
  URING_SKIP_IF_UNSUPPORTED(ret, "URING_SETUP_R_DISABLED (5.10)");
  ASSERT_EQ(ret, 0);
  Page page;
  ASSERT_NE(page.p, nullptr);
  memset(page.p, 0, page.size);
  struct uring_region_desc rd;
  memset(&rd, 0, sizeof rd);
  rd.user_addr = (uint64_t)(uintptr_t)page.p;
  rd.size = page.size;
  rd.flags = URING_MEM_REGION_TYPE_USER;
  struct uring_mem_region_reg reg;
  memset(&reg, 0, sizeof reg);
  reg.region_uptr = (uint64_t)(uintptr_t)&rd;
  reg.flags = URING_MEM_REGION_REG_WAIT_ARG;
  ret = uring_register_region(ring.get(), &reg);
  URING_SKIP_IF_UNSUPPORTED(ret, "memory regions (6.13)");
  ASSERT_EQ(ret, 0);
  EXPECT_EQ(uring_register_region(ring.get(), &reg), -EBUSY);
  ASSERT_EQ(uring_enable_rings(ring.get()), 0);

  // The second entry of the region: wait 1 ms at most.
  struct uring_reg_wait *w = static_cast<struct uring_reg_wait *>(page.p) + 1;
  w->ts.tv_sec = 0;
  w->ts.tv_nsec = 1000000;
  w->flags = URING_REG_WAIT_TS;
  // EXT_ARG_REG qualifies EXT_ARG: the argument is an offset into the region.
  const unsigned flags = URING_ENTER_GETEVENTS | URING_ENTER_EXT_ARG | URING_ENTER_EXT_ARG_REG;
  ret = uring_enter(ring.get(), 0, 1, flags,
                    (const void *)(uintptr_t)sizeof(struct uring_reg_wait),
                    sizeof(struct uring_reg_wait));
  EXPECT_EQ(ret, -ETIME) << "the timeout must come from the region";
  // An offset past the region is refused.
  ret = uring_enter(ring.get(), 0, 1, flags, (const void *)(uintptr_t)page.size,
                    sizeof(struct uring_reg_wait));
  EXPECT_EQ(ret, -EFAULT);
}

TEST(RegisterRegion, WaitArgumentRegionNeedsDisabledRing) {
  URING_SKIP_WITHOUT_KERNEL();
  Ring ring;
  ASSERT_EQ(ring.Init(4, 0), 0);
  Page page;
  ASSERT_NE(page.p, nullptr);
  struct uring_region_desc rd;
  memset(&rd, 0, sizeof rd);
  rd.user_addr = (uint64_t)(uintptr_t)page.p;
  rd.size = page.size;
  rd.flags = URING_MEM_REGION_TYPE_USER;
  struct uring_mem_region_reg reg;
  memset(&reg, 0, sizeof reg);
  reg.region_uptr = (uint64_t)(uintptr_t)&rd;
  reg.flags = URING_MEM_REGION_REG_WAIT_ARG;
  int ret = uring_register_region(ring.get(), &reg);
  // Before 6.13 the opcode itself is unknown: -EINVAL either way.
  EXPECT_EQ(ret, -EINVAL);
}

// ---- Query ----------------------------------------------------------------------------

TEST(RegisterQuery, OpcodesWithoutAndWithRing) {
  URING_SKIP_WITHOUT_KERNEL();
  struct uring_query_opcode ops;
  memset(&ops, 0, sizeof ops);
  struct uring_query_scq scq;
  memset(&scq, 0, sizeof scq);
  struct uring_query_hdr hdr[2];
  memset(hdr, 0, sizeof hdr);
  hdr[0].query_op = URING_QUERY_OPCODES;
  hdr[0].query_data = (uint64_t)(uintptr_t)&ops;
  hdr[0].size = sizeof ops;
  hdr[0].next_entry = (uint64_t)(uintptr_t)&hdr[1];
  hdr[1].query_op = URING_QUERY_SCQ;
  hdr[1].query_data = (uint64_t)(uintptr_t)&scq;
  hdr[1].size = sizeof scq;
  int ret = uring_register_query(nullptr, &hdr[0]);
  URING_SKIP_IF_UNSUPPORTED(ret, "queries (6.18)");
  ASSERT_EQ(ret, 0);
  ASSERT_EQ(hdr[0].result, 0);
  EXPECT_GT(hdr[0].size, 0u);

  struct uring_probe_info probe;
  ASSERT_EQ(uring_probe_kernel(&probe), 0);
  EXPECT_EQ(ops.nr_request_opcodes, uring_probe_last_op(&probe) + 1u);
  EXPECT_GT(ops.nr_register_opcodes, (uint32_t)URING_REGISTER_QUERY);
  EXPECT_TRUE(ops.enter_flags & URING_ENTER_GETEVENTS);
  EXPECT_TRUE(ops.sqe_flags & URING_SQE_FIXED_FILE);
  EXPECT_TRUE(ops.ring_setup_flags & URING_SETUP_SQPOLL);
  // The second query in the chain ran too (or reported why not).
  if (hdr[1].result == 0) {
    EXPECT_GT(scq.hdr_size, 0u);
    EXPECT_GT(scq.hdr_alignment, 0u);
  } else {
    EXPECT_EQ(hdr[1].result, -EOPNOTSUPP);
  }

  Ring ring;
  ASSERT_EQ(ring.Init(4, 0), 0);
  struct uring_query_opcode ops2;
  memset(&ops2, 0, sizeof ops2);
  struct uring_query_hdr h;
  memset(&h, 0, sizeof h);
  h.query_op = URING_QUERY_OPCODES;
  h.query_data = (uint64_t)(uintptr_t)&ops2;
  h.size = sizeof ops2;
  ASSERT_EQ(uring_register_query(ring.get(), &h), 0);
  EXPECT_EQ(h.result, 0);
  EXPECT_EQ(ops2.nr_request_opcodes, ops.nr_request_opcodes);
  EXPECT_EQ(ops2.nr_register_opcodes, ops.nr_register_opcodes);

  h.query_op = URING_QUERY_MAX + 10;
  h.result = 0;
  ASSERT_EQ(uring_register_query(ring.get(), &h), 0);
  EXPECT_EQ(h.result, -EOPNOTSUPP) << "an unknown query fails in its header, not the call";
}

// The number of register opcodes the running kernel knows, from the query (6.18), or 0.
unsigned KernelRegisterOpcodes() {
  struct uring_query_opcode ops;
  memset(&ops, 0, sizeof ops);
  struct uring_query_hdr h;
  memset(&h, 0, sizeof h);
  h.query_op = URING_QUERY_OPCODES;
  h.query_data = (uint64_t)(uintptr_t)&ops;
  h.size = sizeof ops;
  if (uring_register_query(nullptr, &h) != 0 || h.result != 0) return 0;
  return ops.nr_register_opcodes;
}

// Operations newer than this kernel: the kernel must refuse the opcode (-EINVAL), which
// shows the call reaches it unchanged. Where the kernel has them they would change the
// test process (task-wide filters), so the encoding test covers them instead.
TEST(RegisterNewer, KernelWithoutTheOpcodeRefusesIt) {
  URING_SKIP_WITHOUT_KERNEL();
  unsigned known = KernelRegisterOpcodes();
  if (known == 0) GTEST_SKIP() << "needs URING_REGISTER_QUERY (6.18) to know what is missing";
  Ring ring;
  ASSERT_EQ(ring.Init(4, 0), 0);
  int checked = 0;
  if (known <= URING_REGISTER_ZCRX_CTRL) {
    struct uring_zcrx_ctrl ctrl;
    memset(&ctrl, 0, sizeof ctrl);
    EXPECT_EQ(uring_register_zcrx_ctrl(ring.get(), &ctrl), -EINVAL);
    checked++;
  }
  if (known <= URING_REGISTER_BPF_FILTER) {
    struct uring_bpf bpf;
    memset(&bpf, 0, sizeof bpf);
    EXPECT_EQ(uring_register_bpf_filter(ring.get(), &bpf), -EINVAL);
    EXPECT_EQ(uring_register_bpf_filter(nullptr, &bpf), -EINVAL);
    struct {
      struct uring_task_restriction hdr;
      struct uring_restriction res[1];
    } tres;
    memset(&tres, 0, sizeof tres);
    EXPECT_EQ(uring_register_task_restrictions(&tres.hdr), -EINVAL);
    checked++;
  }
  if (!checked) GTEST_SKIP() << "this kernel has every register opcode this library knows";
}

// Zero-copy receive needs CAP_NET_ADMIN, a DEFER_TASKRUN ring with 32-byte CQEs and a NIC
// queue with header split: none of which a test can count on. On a plain ring the kernel
// refuses the registration before touching any device: -EINVAL (or -EPERM without
// CAP_NET_ADMIN, -EOPNOTSUPP without CONFIG_IO_URING_ZCRX).
TEST(RegisterZcrx, PlainRingIsRefused) {
  URING_SKIP_WITHOUT_KERNEL();
  Ring ring;
  ASSERT_EQ(ring.Init(4, 0), 0);
  struct uring_zcrx_ifq_reg reg;
  memset(&reg, 0, sizeof reg);
  reg.if_idx = 1;
  reg.rq_entries = 64;
  int ret = uring_register_ifq(ring.get(), &reg);
  EXPECT_TRUE(ret == -EINVAL || ret == -EPERM || ret == -EOPNOTSUPP) << ret;
}

}  // namespace
