#include "tests/ops/ops_common.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <map>
#include <mutex>

namespace uring_ops {
namespace {

struct Registry {
  std::mutex mu;
  std::map<unsigned, std::string> exercised;  // op -> note ("" for a full check)
  std::map<unsigned, std::string> skipped;    // op -> reason
};

Registry &Reg() {
  static Registry *r = new Registry;
  return *r;
}

const char *Name(unsigned op) {
  const char *n = uring_opcode_name(op);
  return n ? n : "?";
}

// Prints the per-opcode tally once every test has run.
class OpsReport : public ::testing::Environment {
 public:
  void TearDown() override {
    Registry &r = Reg();
    std::lock_guard<std::mutex> lock(r.mu);
    unsigned exercised = 0, partial = 0;
    std::string missing, skipped, partial_list;
    for (unsigned op = 0; op < URING_OP_LAST; op++) {
      auto e = r.exercised.find(op);
      if (e != r.exercised.end()) {
        exercised++;
        if (!e->second.empty()) {
          partial++;
          partial_list += std::string("\n    ") + Name(op) + ": " + e->second;
        }
        continue;
      }
      auto s = r.skipped.find(op);
      if (s != r.skipped.end()) {
        skipped += std::string("\n    ") + Name(op) + ": " + s->second;
        continue;
      }
      missing += std::string(" ") + Name(op);
    }
    unsigned nskipped = 0;
    for (auto &s : r.skipped)
      if (!r.exercised.count(s.first)) nskipped++;
    printf("\n[ops] opcodes exercised: %u of %u, skipped: %u%s\n", exercised,
           (unsigned)URING_OP_LAST, nskipped, skipped.c_str());
    if (partial)
      printf("[ops] of the exercised, %u checked on an error path only:%s\n", partial,
             partial_list.c_str());
    if (!missing.empty())
      printf("[ops] neither exercised nor skipped (failed or filtered out):%s\n",
             missing.c_str());
    fflush(stdout);
  }
};

// Registered from a static initializer so that gtest_main's RUN_ALL_TESTS reports it.
const ::testing::Environment *const kReport =
    ::testing::AddGlobalTestEnvironment(new OpsReport);

int RemoveOne(const char *path, const struct stat *, int, struct FTW *) {
  return remove(path);
}

}  // namespace

void MarkExercised(unsigned op, const char *note) {
  if (::testing::Test::HasFailure()) return;
  Registry &r = Reg();
  std::lock_guard<std::mutex> lock(r.mu);
  auto it = r.exercised.find(op);
  // A full check elsewhere outranks an error-path-only one.
  if (it == r.exercised.end())
    r.exercised[op] = note ? note : "";
  else if (!note)
    it->second.clear();
}

void MarkSkipped(unsigned op, const std::string &reason) {
  Registry &r = Reg();
  std::lock_guard<std::mutex> lock(r.mu);
  r.skipped[op] = reason;
}

const struct uring_probe_info *Probe() {
  static struct uring_probe_info info;
  static int ret = uring_probe_kernel(&info);
  return ret == 0 ? &info : nullptr;
}

bool KernelHas(unsigned op) {
  const struct uring_probe_info *p = Probe();
  return p != nullptr && uring_opcode_supported(p, op);
}

std::string OpRelease(unsigned op) {
  const struct uring_opcode_desc *info = uring_opcode_info(op);
  if (!info) return "(unknown opcode)";
  return "(" + std::to_string(info->since_major) + "." + std::to_string(info->since_minor) +
         ")";
}

struct uring_sqe *Sqe(struct uring *ring) {
  struct uring_sqe *sqe = uring_get_sqe(ring);
  if (sqe == nullptr) {
    (void)uring_submit(ring);
    sqe = uring_get_sqe(ring);
  }
  return sqe;
}

std::vector<struct uring_cqe> Reap(struct uring *ring, unsigned n, int timeout_s) {
  std::vector<struct uring_cqe> out;
  int ret = uring_submit(ring);
  if (ret < 0) {
    ADD_FAILURE() << "uring_submit: " << strerror(-ret);
    return out;
  }
  while (out.size() < n) {
    struct uring_timespec ts = {timeout_s, 0};
    struct uring_cqe *cqe = nullptr;
    ret = uring_wait_cqe_timeout(ring, &cqe, &ts);
    if (ret != 0) break;
    out.push_back(*cqe);
    uring_cqe_seen(ring, cqe);
  }
  return out;
}

std::vector<struct uring_cqe> Drain(struct uring *ring, unsigned max, int timeout_ms) {
  std::vector<struct uring_cqe> out;
  (void)uring_submit(ring);
  while (out.size() < max) {
    struct uring_timespec ts = {timeout_ms / 1000, (timeout_ms % 1000) * 1000000L};
    struct uring_cqe *cqe = nullptr;
    if (uring_wait_cqe_timeout(ring, &cqe, &ts) != 0) break;
    out.push_back(*cqe);
    uring_cqe_seen(ring, cqe);
  }
  return out;
}

bool RunOne(struct uring *ring, struct uring_cqe *out, int timeout_s) {
  std::vector<struct uring_cqe> c = Reap(ring, 1, timeout_s);
  if (c.size() != 1) return false;
  *out = c[0];
  return true;
}

std::string Describe(const std::vector<struct uring_cqe> &cqes) {
  std::string out = std::to_string(cqes.size()) + " CQEs:";
  for (const struct uring_cqe &c : cqes) {
    char one[96];
    snprintf(one, sizeof one, " {ud %llu, res %d, flags 0x%x}", (unsigned long long)c.user_data,
             c.res, c.flags);
    out += one;
  }
  return out;
}

const struct uring_cqe *Find(const std::vector<struct uring_cqe> &cqes, uint64_t user_data) {
  for (const struct uring_cqe &c : cqes)
    if (c.user_data == user_data) return &c;
  return nullptr;
}

TempDir::TempDir() {
  const char *base = getenv("TEST_TMPDIR");
  std::string tmpl = std::string(base && *base ? base : "/tmp") + "/ops-XXXXXX";
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  if (mkdtemp(buf.data()) != nullptr) path = buf.data();
}

TempDir::~TempDir() {
  if (!path.empty()) nftw(path.c_str(), RemoveOne, 16, FTW_DEPTH | FTW_PHYS);
}

bool SetRecvTimeout(int fd) {
  struct timeval tv = {5, 0};
  return setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) == 0;
}

bool TcpPair::Make() {
  int lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (lfd < 0) return false;
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  bool ok = bind(lfd, (struct sockaddr *)&a, sizeof a) == 0 && listen(lfd, 4) == 0 &&
            getsockname(lfd, (struct sockaddr *)&a, &len) == 0;
  if (ok) {
    client = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    ok = client >= 0 && connect(client, (struct sockaddr *)&a, sizeof a) == 0;
  }
  if (ok) server = accept4(lfd, nullptr, nullptr, SOCK_CLOEXEC);
  close(lfd);
  return ok && server >= 0 && SetRecvTimeout(client) && SetRecvTimeout(server);
}

TcpPair::~TcpPair() {
  if (client >= 0) close(client);
  if (server >= 0) close(server);
}

bool NothingReady(struct uring *ring) {
  struct uring_cqe *cqe;
  return uring_peek_cqe(ring, &cqe) == -EAGAIN;
}

AnonPages::AnonPages(size_t bytes) {
  void *m = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (m != MAP_FAILED) {
    p = static_cast<char *>(m);
    len = bytes;
  }
}

AnonPages::~AnonPages() {
  if (p != nullptr) munmap(p, len);
}

int MakeFile(const std::string &path, const std::string &data) {
  int fd = open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return -1;
  if (!data.empty() && write(fd, data.data(), data.size()) != (ssize_t)data.size()) {
    close(fd);
    return -1;
  }
  return fd;
}

std::string ReadAll(const std::string &path) {
  std::string out;
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return out;
  char buf[4096];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) out.append(buf, (size_t)n);
  close(fd);
  return out;
}

}  // namespace uring_ops
