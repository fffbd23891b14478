// Splice and tee on the kernel (uring/opcode/splice.h).
#include <unistd.h>

#include <string>

#include "tests/ops/ops_common.h"

namespace uring_ops {
namespace {

TEST(OpsRw, SpliceAndTee) {
  OPS_REQUIRE_OP(URING_OP_SPLICE);
  OPS_REQUIRE_OP(URING_OP_TEE);
  TempDir dir;
  std::string src = dir.File("splice-src"), dst = dir.File("splice-dst");
  int in = MakeFile(src, "0123456789abcdef");
  int out = MakeFile(dst, "");
  ASSERT_GE(in, 0);
  ASSERT_GE(out, 0);
  int p1[2], p2[2];
  ASSERT_EQ(pipe(p1), 0);
  ASSERT_EQ(pipe(p2), 0);
  Ring r;
  ASSERT_EQ(r.Init(), 0);

  // File (from offset 4) into pipe 1.
  struct uring_sqe *sqe = Sqe(r.get());
  uring_prep_splice(sqe, in, 4, p1[1], -1, 6, 0);
  struct uring_cqe c;
  ASSERT_TRUE(RunOne(r.get(), &c));
  ASSERT_EQ(c.res, 6);

  // Tee copies pipe 1 into pipe 2 without consuming it.
  sqe = Sqe(r.get());
  uring_prep_tee(sqe, p1[0], p2[1], 6, 0);
  ASSERT_TRUE(RunOne(r.get(), &c));
  ASSERT_EQ(c.res, 6);
  char buf[16] = {0};
  ASSERT_EQ(read(p2[0], buf, sizeof buf), 6);
  EXPECT_EQ(std::string(buf, 6), "456789");
  MarkExercised(URING_OP_TEE);

  // Pipe 1 (still holding the bytes) into the file at offset 2.
  sqe = Sqe(r.get());
  uring_prep_splice(sqe, p1[0], -1, out, 2, 6, 0);
  ASSERT_TRUE(RunOne(r.get(), &c));
  ASSERT_EQ(c.res, 6);
  EXPECT_EQ(ReadAll(dst), std::string(2, '\0') + "456789");
  MarkExercised(URING_OP_SPLICE);
  close(in);
  close(out);
  for (int fd : {p1[0], p1[1], p2[0], p2[1]}) close(fd);
}

}  // namespace
}  // namespace uring_ops
