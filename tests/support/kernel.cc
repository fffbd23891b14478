#include "tests/support/kernel.h"

#include <dirent.h>
#include <stdio.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <fstream>

#include "uring/uring.h"

namespace uring_test {

const std::string &KernelUnavailableReason() {
  static const std::string reason = [] {
    struct uring ring;
    int ret = uring_init(&ring, 2, 0);
    if (ret == 0) {
      uring_exit(&ring);
      return std::string();
    }
    std::string why = "io_uring_setup failed: " + std::string(strerror(-ret));
    if (ret == -ENOSYS) why += " (a kernel built without io_uring, or a seccomp filter)";
    if (ret == -EPERM)
      why += " (kernel.io_uring_disabled, or a seccomp filter such as a container's default "
             "profile)";
    return why;
  }();
  return reason;
}

bool KernelAtLeast(int major, int minor) {
  struct utsname u;
  int ma = 0, mi = 0;
  if (uname(&u) != 0 || sscanf(u.release, "%d.%d", &ma, &mi) != 2) return false;
  return ma > major || (ma == major && mi >= minor);
}

// What readlink(2) shows for an io_uring descriptor, and the path /proc/self/maps gives a
// mapping of one: the kernel makes each ring an anonymous inode of that name.
static const char kRingInode[] = "anon_inode:[io_uring]";

int CountRingFds() {
  DIR *d = opendir("/proc/self/fd");
  if (!d) return -1;
  int n = 0;
  while (struct dirent *e = readdir(d)) {
    if (e->d_name[0] == '.') continue;
    std::string path = std::string("/proc/self/fd/") + e->d_name;
    char target[64];
    ssize_t len = readlink(path.c_str(), target, sizeof target - 1);
    if (len < 0) continue;  // the directory's own fd, closed by now
    target[len] = '\0';
    if (strcmp(target, kRingInode) == 0) n++;
  }
  closedir(d);
  return n;
}

int CountRingMappings() {
  std::ifstream maps("/proc/self/maps");
  if (!maps) return -1;
  // A line ends with the backing path after five fields (range, perms, offset, dev, inode).
  const std::string suffix = std::string(" ") + kRingInode;
  int n = 0;
  std::string line;
  while (std::getline(maps, line))
    if (line.size() >= suffix.size() &&
        line.compare(line.size() - suffix.size(), suffix.size(), suffix) == 0)
      n++;
  return n;
}

}  // namespace uring_test
