// Registered buffers on the real kernel (uring/ring/register.h, "Registered buffers"):
// READ_FIXED and WRITE_FIXED through them, sparse tables filled by updates, tags posting
// CQEs, what memory each kernel accepts, and clones into another ring.
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <string>

#include "gtest/gtest.h"
#include "tests/register/util.h"
#include "tests/support/kernel.h"
#include "uring/uring.h"

namespace {

using uring_register_test::Cqe;
using uring_register_test::Page;
using uring_register_test::Ring;
using uring_register_test::SubmitAndWaitCqe;
using uring_register_test::TempFile;
using uring_register_test::WaitCqe;
using uring_register_test::kText;

// READ_FIXED / WRITE_FIXED of `len` bytes at `addr`, which must lie inside registered
// buffer `index`.
void PrepFixed(struct uring_sqe *sqe, int op, int fd, void *addr, unsigned len, uint64_t off,
               unsigned index) {
  uring_prep_rw(op, sqe, fd, addr, len, off);
  sqe->buf_index = (uint16_t)index;
}

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

}  // namespace
