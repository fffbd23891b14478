// Registered files on the real kernel (uring/ring/register.h, "Registered files"): fixed
// file indexes, sparse tables filled by updates, tags posting CQEs, the allocation range.
#include <errno.h>
#include <fcntl.h>

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/register/util.h"
#include "tests/support/kernel.h"
#include "uring/uring.h"

namespace {

using uring_register_test::Cqe;
using uring_register_test::Ring;
using uring_register_test::SubmitAndWaitCqe;
using uring_register_test::TempFile;
using uring_register_test::WaitCqe;
using uring_register_test::kText;

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

}  // namespace
