// Extended attributes on the kernel (uring/opcode/xattr.h): set and get, by path and by fd.
#include <sys/xattr.h>
#include <unistd.h>

#include <cstring>
#include <string>

#include "tests/ops/ops_common.h"

namespace uring_ops {
namespace {

// The answers of a filesystem without user xattrs (tmpfs before 6.6, some overlays).
bool XattrUnsupported(int res) { return res == -EOPNOTSUPP || res == -ENOTSUP; }

TEST(OpsFs, Xattrs) {
  OPS_REQUIRE_OP(URING_OP_FSETXATTR);
  OPS_REQUIRE_OP(URING_OP_SETXATTR);
  OPS_REQUIRE_OP(URING_OP_FGETXATTR);
  OPS_REQUIRE_OP(URING_OP_GETXATTR);
  TempDir dir;
  std::string path = dir.File("attrs");
  int fd = MakeFile(path, "");
  ASSERT_GE(fd, 0);
  Ring r;
  ASSERT_EQ(r.Init(), 0);

  struct uring_sqe *sqe = Sqe(r.get());
  uring_prep_fsetxattr(sqe, fd, "user.by_fd", "fd-value", XATTR_CREATE, 8);
  struct uring_cqe c;
  ASSERT_TRUE(RunOne(r.get(), &c));
  if (XattrUnsupported(c.res)) {
    for (unsigned op : {URING_OP_FSETXATTR, URING_OP_SETXATTR, URING_OP_FGETXATTR,
                        URING_OP_GETXATTR})
      MarkSkipped(op, "the filesystem under TEST_TMPDIR has no user xattrs");
    close(fd);
    GTEST_SKIP() << "user xattrs not supported by the filesystem at " << dir.path;
  }
  ASSERT_EQ(c.res, 0);
  char buf[32] = {0};
  ASSERT_EQ(fgetxattr(fd, "user.by_fd", buf, sizeof buf), 8);
  EXPECT_EQ(std::string(buf, 8), "fd-value");
  // XATTR_CREATE on an existing name: the flags reached the kernel.
  sqe = Sqe(r.get());
  uring_prep_fsetxattr(sqe, fd, "user.by_fd", "again", XATTR_CREATE, 5);
  ASSERT_TRUE(RunOne(r.get(), &c));
  EXPECT_EQ(c.res, -EEXIST);
  MarkExercised(URING_OP_FSETXATTR);

  sqe = Sqe(r.get());
  uring_prep_setxattr(sqe, "user.by_path", "path-value", path.c_str(), 0, 10);
  ASSERT_TRUE(RunOne(r.get(), &c));
  ASSERT_EQ(c.res, 0);
  memset(buf, 0, sizeof buf);
  ASSERT_EQ(getxattr(path.c_str(), "user.by_path", buf, sizeof buf), 10);
  EXPECT_EQ(std::string(buf, 10), "path-value");
  MarkExercised(URING_OP_SETXATTR);

  ASSERT_EQ(fsetxattr(fd, "user.plain", "set-by-libc", 11, 0), 0);
  memset(buf, 0, sizeof buf);
  sqe = Sqe(r.get());
  uring_prep_fgetxattr(sqe, fd, "user.plain", buf, sizeof buf);
  ASSERT_TRUE(RunOne(r.get(), &c));
  ASSERT_EQ(c.res, 11);
  EXPECT_EQ(std::string(buf, 11), "set-by-libc");
  sqe = Sqe(r.get());
  uring_prep_fgetxattr(sqe, fd, "user.absent", buf, sizeof buf);
  ASSERT_TRUE(RunOne(r.get(), &c));
  EXPECT_EQ(c.res, -ENODATA);
  MarkExercised(URING_OP_FGETXATTR);

  memset(buf, 0, sizeof buf);
  sqe = Sqe(r.get());
  uring_prep_getxattr(sqe, "user.by_fd", buf, path.c_str(), sizeof buf);
  ASSERT_TRUE(RunOne(r.get(), &c));
  ASSERT_EQ(c.res, 8);
  EXPECT_EQ(std::string(buf, 8), "fd-value");
  // A buffer too small for the value: -ERANGE.
  sqe = Sqe(r.get());
  uring_prep_getxattr(sqe, "user.by_path", buf, path.c_str(), 3);
  ASSERT_TRUE(RunOne(r.get(), &c));
  EXPECT_EQ(c.res, -ERANGE);
  MarkExercised(URING_OP_GETXATTR);
  close(fd);
}

}  // namespace
}  // namespace uring_ops
