// URING_CMD on the kernel (uring/opcode/cmd.h): URING_CMD128's refusal on kernels without
// it, and the block discard on a loop device and its refusal elsewhere. The socket
// commands, which net.h prepares, are net_test's.
#include <errno.h>
#include <fcntl.h>
#include <linux/loop.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <string>

#include "tests/ops/ops_common.h"

namespace uring_ops {
namespace {

// The discard's CQE on `fd`.
int Discard(struct uring *ring, int fd, uint64_t offset, uint64_t nbytes) {
  struct uring_sqe *sqe = Sqe(ring);
  if (!sqe) return -ENOSPC;
  uring_prep_cmd_discard(sqe, fd, offset, nbytes);
  struct uring_cqe c;
  if (!RunOne(ring, &c)) return -ETIMEDOUT;
  return c.res;
}

// What is not a block device refuses the discard: -EOPNOTSUPP from every kernel with
// URING_CMD (5.19; its files have no command handler, or none for this command), the
// unknown opcode's -EINVAL from the others.
TEST(OpsCmd, DiscardRefusedOutsideBlockDevices) {
  URING_SKIP_WITHOUT_KERNEL();
  const int want = KernelHas(URING_OP_URING_CMD) ? -EOPNOTSUPP : -EINVAL;
  TempDir dir;
  int file = MakeFile(dir.File("plain"), std::string(8192, 'x'));
  ASSERT_GE(file, 0);
  Pipe p;
  ASSERT_TRUE(p.Make());
  TcpPair tcp;
  ASSERT_TRUE(tcp.Make());
  Ring r;
  ASSERT_EQ(r.Init(), 0);
  EXPECT_EQ(Discard(r.get(), file, 0, 4096), want) << "regular file";
  EXPECT_EQ(Discard(r.get(), p.fd[1], 0, 4096), want) << "pipe";
  EXPECT_EQ(Discard(r.get(), tcp.client, 0, 4096), want) << "socket";
  EXPECT_EQ(ReadAll(dir.File("plain")), std::string(8192, 'x'));
  close(file);
}

// A loop device over a temporary file, detached at scope exit.
struct LoopDevice {
  int fd = -1;
  std::string path;
  std::string skip;  // why none could be made here, or ""

  bool Attach(int backing) {
    int ctl = open("/dev/loop-control", O_RDWR | O_CLOEXEC);
    if (ctl < 0) return (skip = std::string("no /dev/loop-control: ") + strerror(errno)), false;
    // Another process may take the free device first: ask again.
    for (int attempt = 0; attempt < 8 && fd < 0; attempt++) {
      int n = ioctl(ctl, LOOP_CTL_GET_FREE);
      if (n < 0) {
        skip = std::string("LOOP_CTL_GET_FREE: ") + strerror(errno);
        break;
      }
      path = "/dev/loop" + std::to_string(n);
      int dev = open(path.c_str(), O_RDWR | O_CLOEXEC);
      if (dev < 0) {
        skip = "cannot open " + path + ": " + strerror(errno);
        break;
      }
      if (ioctl(dev, LOOP_SET_FD, backing) == 0) {
        fd = dev;
        // Detached by the kernel when the last descriptor closes, should the test die
        // before the destructor runs.
        struct loop_info64 info;
        memset(&info, 0, sizeof info);
        if (ioctl(dev, LOOP_GET_STATUS64, &info) == 0) {
          info.lo_flags |= LO_FLAGS_AUTOCLEAR;
          ioctl(dev, LOOP_SET_STATUS64, &info);
        }
        break;
      }
      int err = errno;
      close(dev);
      if (err != EBUSY) {
        skip = std::string("LOOP_SET_FD: ") + strerror(err);
        break;
      }
    }
    close(ctl);
    return fd >= 0;
  }

  // discard_max_bytes from sysfs: 0 when the device cannot discard (its backing file
  // system cannot punch holes); -1 when unreadable.
  long long DiscardMax() const {
    std::ifstream in("/sys/block/" + path.substr(5) + "/queue/discard_max_bytes");
    long long v = -1;
    if (!(in >> v)) return -1;
    return v;
  }

  ~LoopDevice() {
    if (fd >= 0) {
      ioctl(fd, LOOP_CLR_FD, 0);
      close(fd);
    }
  }
};

// The discard on a loop device (6.12): the loop driver punches the range out of its
// backing file, which then reads zeros there and its old bytes elsewhere. The kernel
// checks the fd's mode and the range before any of that.
TEST(OpsCmd, DiscardOnLoopDevice) {
  OPS_REQUIRE_OP(URING_OP_URING_CMD);
  constexpr size_t kSize = 1 << 20;
  TempDir dir;
  int backing = MakeFile(dir.File("backing"), std::string(kSize, '\xab'));
  ASSERT_GE(backing, 0);
  LoopDevice loop;
  if (!loop.Attach(backing)) {
    close(backing);
    GTEST_SKIP() << "needs a loop device: " << loop.skip;
  }
  Ring r;
  ASSERT_EQ(r.Init(), 0);
  const uint64_t off = 64 << 10, len = 128 << 10;
  int res = Discard(r.get(), loop.fd, off, len);
  OPS_SKIP_IF_REFUSED(res, -EOPNOTSUPP, 6, 12, "block device discard through URING_CMD");
  if (res == -EOPNOTSUPP && loop.DiscardMax() == 0) {
    close(backing);
    GTEST_SKIP() << loop.path << " cannot discard: its backing file system has no hole punching";
  }
  ASSERT_EQ(res, 0);
  std::string now = ReadAll(dir.File("backing"));
  ASSERT_EQ(now.size(), kSize);
  EXPECT_EQ(now.substr(0, off), std::string(off, '\xab'));
  EXPECT_EQ(now.substr(off, len), std::string(len, '\0')) << "the discarded range";
  EXPECT_EQ(now.substr(off + len), std::string(kSize - off - len, '\xab'));

  // Not a multiple of the 512-byte logical block, or past the end: -EINVAL.
  EXPECT_EQ(Discard(r.get(), loop.fd, 100, 4096), -EINVAL);
  EXPECT_EQ(Discard(r.get(), loop.fd, 0, 1000), -EINVAL);
  EXPECT_EQ(Discard(r.get(), loop.fd, kSize - 4096, 8192), -EINVAL);
  // A descriptor opened for reading only: -EBADF.
  int ro = open(loop.path.c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(ro, 0);
  EXPECT_EQ(Discard(r.get(), ro, 0, 4096), -EBADF);
  close(ro);
  EXPECT_EQ(ReadAll(dir.File("backing")), now) << "the refused discards changed nothing";
  close(backing);
}

TEST(OpsNet, UringCmd128NeedsNewerKernel) {
  OPS_REQUIRE_OP(URING_OP_URING_CMD128);
  // Runs only where the probe lists it (6.19): SIOCINQ in a 128-byte entry of an
  // SQE_MIXED ring.
  TcpPair tcp;
  ASSERT_TRUE(tcp.Make());
  Ring r;
  ASSERT_EQ(r.Init(8, URING_SETUP_SQE_MIXED), 0);
  ASSERT_EQ(send(tcp.client, "abc", 3, 0), 3);
  struct uring_sqe *sqe = uring_get_sqe128(r.get());
  ASSERT_NE(sqe, nullptr);
  uring_prep_uring_cmd128(sqe, URING_SOCKET_OP_SIOCINQ, tcp.server);
  struct uring_cqe c;
  ASSERT_TRUE(RunOne(r.get(), &c));
  EXPECT_EQ(c.res, 3);
  MarkExercised(URING_OP_URING_CMD128);
}

}  // namespace
}  // namespace uring_ops
