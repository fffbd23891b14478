// The extended-attribute helpers (uring/opcode/xattr.h) against liburing 2.3.
#include <liburing.h>

#include "gtest/gtest.h"
#include "tests/opcode/encoding.h"
#include "uring/uring.h"

namespace {

TEST(EncodingLiburing23, Xattr) {
  char value[32];
  const char *name = "user.k";
  const char *path = "/tmp/x";
  SAME(URING_OP_SETXATTR, uring_prep_setxattr(sqe, name, value, path, 1, 5),
       io_uring_prep_setxattr(sqe, name, value, path, 1, 5));
  SAME(URING_OP_GETXATTR, uring_prep_getxattr(sqe, name, value, path, sizeof value),
       io_uring_prep_getxattr(sqe, name, value, path, sizeof value));
  SAME(URING_OP_FSETXATTR, uring_prep_fsetxattr(sqe, 6, name, value, 2, 5),
       io_uring_prep_fsetxattr(sqe, 6, name, value, 2, 5));
  SAME(URING_OP_FGETXATTR, uring_prep_fgetxattr(sqe, 6, name, value, sizeof value),
       io_uring_prep_fgetxattr(sqe, 6, name, value, sizeof value));
}

}  // namespace
