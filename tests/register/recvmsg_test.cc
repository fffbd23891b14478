// The multishot recvmsg parser: well-formed buffers, every truncation point, lengths that
// lie, and random bytes, each parsed from a heap block of exactly the given size so that
// AddressSanitizer reports any read past it; then a real multishot recvmsg over UDP on
// loopback with a buffer ring. The liburing-shaped helpers built on it are
// recvmsg_shapes_test's.
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/register/recvmsg_bytes.h"
#include "tests/register/util.h"
#include "tests/support/kernel.h"
#include "uring/uring.h"

namespace {

using recvmsg_bytes::AddCmsg;
using recvmsg_bytes::Bytes;
using recvmsg_bytes::kName;
using recvmsg_bytes::Layout;
using recvmsg_bytes::Put32;
using recvmsg_bytes::TwoCmsgs;
using recvmsg_bytes::WalkCmsgs;

// A heap copy of exactly `n` bytes (n may be 0): the parser reads nothing else.
struct Exact {
  std::unique_ptr<unsigned char[]> p;
  size_t n;
  Exact(const Bytes &b, size_t len) : p(new unsigned char[len ? len : 1]), n(len) {
    std::copy_n(b.begin(), std::min(len, b.size()), p.get());
  }
  const unsigned char *begin() const { return p.get(); }
  const unsigned char *end() const { return p.get() + n; }
};

bool Inside(const Exact &e, const void *ptr, size_t len) {
  const unsigned char *q = static_cast<const unsigned char *>(ptr);
  return q >= e.begin() && q <= e.end() && len <= (size_t)(e.end() - q);
}

TEST(RecvmsgParse, WellFormed) {
  Bytes control = TwoCmsgs();
  ASSERT_EQ(control.size(), 56u);
  Bytes b = Layout(16, 56, 5, 0, 16, kName, 64, control, "hello");
  Exact e(b, b.size());
  struct uring_recvmsg_parsed m;
  ASSERT_EQ(uring_recvmsg_parse(e.begin(), e.n, 16, 64, &m), 0);
  EXPECT_EQ(m.name, e.begin() + 16);
  EXPECT_EQ(m.name_len, 16u);
  EXPECT_EQ(m.name_full_len, 16u);
  EXPECT_EQ(memcmp(m.name, kName.data(), 16), 0);
  EXPECT_EQ(m.control, e.begin() + 32);
  EXPECT_EQ(m.control_len, 56u);
  EXPECT_EQ(m.payload, e.begin() + 96);
  EXPECT_EQ(m.payload_len, 5u);
  EXPECT_EQ(m.payload_full_len, 5u);
  EXPECT_EQ(std::string(static_cast<const char *>(m.payload), 5), "hello");
  EXPECT_EQ(m.flags, 0u);

  std::vector<struct uring_recvmsg_cmsg> cs;
  ASSERT_EQ(WalkCmsgs(m, &cs), 2);
  EXPECT_EQ(cs[0].level, 0);
  EXPECT_EQ(cs[0].type, 8);
  EXPECT_EQ(cs[0].len, 12u);
  EXPECT_EQ(cs[0].hdr, e.begin() + 32);
  EXPECT_EQ(cs[0].data, e.begin() + 48);
  EXPECT_EQ(static_cast<const unsigned char *>(cs[0].data)[11], 0xaa);
  EXPECT_EQ(cs[1].level, 1);
  EXPECT_EQ(cs[1].type, 29);
  EXPECT_EQ(cs[1].len, 4u);
  EXPECT_EQ(cs[1].offset, 32u) << "the second header starts after the 8-byte padding";
}

TEST(RecvmsgParse, NothingReserved) {
  Bytes b = Layout(0, 0, 3, 0, 0, {}, 0, {}, "abc");
  Exact e(b, b.size());
  struct uring_recvmsg_parsed m;
  ASSERT_EQ(uring_recvmsg_parse(e.begin(), e.n, 0, 0, &m), 0);
  EXPECT_EQ(m.name, nullptr);
  EXPECT_EQ(m.control, nullptr);
  EXPECT_EQ(m.payload, e.begin() + 16);
  EXPECT_EQ(m.payload_len, 3u);
  struct uring_recvmsg_cmsg c;
  EXPECT_EQ(uring_recvmsg_cmsg_first(&m, &c), -ENOENT);
}

TEST(RecvmsgParse, EveryTruncationPoint) {
  Bytes b = Layout(16, 56, 5, 0, 16, kName, 64, TwoCmsgs(), "hello");
  const size_t reserved = 16 + 16 + 64;
  for (size_t n = 0; n <= b.size(); n++) {
    SCOPED_TRACE(n);
    Exact e(b, n);
    struct uring_recvmsg_parsed m;
    memset(&m, 0x5a, sizeof m);
    int r = uring_recvmsg_parse(e.begin(), e.n, 16, 64, &m);
    if (n < reserved) {
      EXPECT_EQ(r, -EINVAL);
      EXPECT_EQ(m.payload, nullptr) << "a failed parse leaves *out zeroed";
      EXPECT_EQ(m.name_len, 0u);
      continue;
    }
    ASSERT_EQ(r, 0);
    EXPECT_EQ(m.payload_len, n - reserved);
    EXPECT_EQ(m.payload_full_len, 5u);
    EXPECT_TRUE(Inside(e, m.payload, m.payload_len));
    EXPECT_EQ(WalkCmsgs(m, nullptr), 2);
  }
}

TEST(RecvmsgParse, NullAndHugeReservations) {
  struct uring_recvmsg_parsed m;
  EXPECT_EQ(uring_recvmsg_parse(nullptr, 100, 0, 0, &m), -EINVAL);
  Bytes b = Layout(0, 0, 0, 0, 0, {}, 0, {}, "");
  Exact e(b, b.size());
  EXPECT_EQ(uring_recvmsg_parse(e.begin(), e.n, 0, 0, nullptr), -EINVAL);
  // Reservations whose sum would wrap 32 bits are compared in 64.
  EXPECT_EQ(uring_recvmsg_parse(e.begin(), e.n, 0xffffffffu, 0xffffffffu, &m), -EINVAL);
  EXPECT_EQ(uring_recvmsg_parse(e.begin(), e.n, 0xfffffff0u, 0x10u, &m), -EINVAL);
  // The buffer length is the caller's word: one that claims room for both areas passes,
  // and only the 16-byte header is read.
  EXPECT_EQ(uring_recvmsg_parse(e.begin(), SIZE_MAX >> 1, 0xffffffffu, 0xffffffffu, &m), 0);
}

TEST(RecvmsgParse, ReportedLengthsAreClampedOrRejected) {
  struct uring_recvmsg_parsed m;
  // A name longer than the room reserved for it: recvmsg reports the full length.
  Bytes b = Layout(28, 0, 4, 0, 16, kName, 0, {}, "data");
  Exact e1(b, b.size());
  ASSERT_EQ(uring_recvmsg_parse(e1.begin(), e1.n, 16, 0, &m), 0);
  EXPECT_EQ(m.name_len, 16u);
  EXPECT_EQ(m.name_full_len, 28u);
  // A huge name and payload.
  b = Layout(0xffffffffu, 0, 0xffffffffu, URING_MSG_TRUNC, 16, kName, 0, {}, "data");
  Exact e2(b, b.size());
  ASSERT_EQ(uring_recvmsg_parse(e2.begin(), e2.n, 16, 0, &m), 0);
  EXPECT_EQ(m.name_len, 16u);
  EXPECT_EQ(m.payload_len, 4u);
  EXPECT_EQ(m.payload_full_len, 0xffffffffu);
  EXPECT_EQ(m.flags, URING_MSG_TRUNC);
  // More control bytes than were reserved cannot come from the kernel.
  b = Layout(0, 65, 0, 0, 0, {}, 64, TwoCmsgs(), "");
  Exact e3(b, b.size());
  EXPECT_EQ(uring_recvmsg_parse(e3.begin(), e3.n, 0, 64, &m), -EINVAL);
  b = Layout(0, 0xffffffffu, 0, 0, 0, {}, 64, TwoCmsgs(), "");
  Exact e4(b, b.size());
  EXPECT_EQ(uring_recvmsg_parse(e4.begin(), e4.n, 0, 64, &m), -EINVAL);
}

// Parses a buffer whose control area holds `control` (reported as its full size) and
// returns the walk's result.
int WalkControl(const Bytes &control, std::vector<struct uring_recvmsg_cmsg> *out = nullptr) {
  Bytes b = Layout(0, (uint32_t)control.size(), 0, 0, 0, {}, (uint32_t)control.size(), control,
                   "");
  Exact e(b, b.size());
  struct uring_recvmsg_parsed m;
  if (uring_recvmsg_parse(e.begin(), e.n, 0, (uint32_t)control.size(), &m) != 0) return -999;
  return WalkCmsgs(m, out);
}

TEST(RecvmsgParse, MalformedControlMessages) {
  // cmsg_len below the header size, including 0 (which would loop forever if trusted).
  for (uint64_t len : {(uint64_t)0, (uint64_t)1, (uint64_t)15}) {
    Bytes control;
    AddCmsg(&control, len, 0, 0, Bytes(8, 0));
    EXPECT_EQ(WalkControl(control), -EINVAL) << len;
  }
  // cmsg_len past the end of the control bytes, up to values that overflow additions.
  for (uint64_t len : {(uint64_t)25, (uint64_t)0x100000000, (uint64_t)UINT64_MAX, (uint64_t)UINT64_MAX - 6}) {
    Bytes control;
    AddCmsg(&control, len, 0, 0, Bytes(8, 0));
    EXPECT_EQ(WalkControl(control), -EINVAL) << len;
  }
  // A header cut short: fewer than 16 control bytes.
  EXPECT_EQ(WalkControl(Bytes(8, 0)), -EINVAL);
  // A good message followed by a partial header.
  Bytes control;
  AddCmsg(&control, 20, 1, 2, Bytes(4, 1));
  control.resize(control.size() + 8, 0);
  std::vector<struct uring_recvmsg_cmsg> cs;
  EXPECT_EQ(WalkControl(control, &cs), -EINVAL);
  EXPECT_EQ(cs.size(), 1u) << "the good message comes out before the bad one stops the walk";
  // A message whose length exactly fills the control bytes, with no padding after it.
  control.clear();
  AddCmsg(&control, 20, 1, 2, Bytes(4, 1));
  control.resize(20);
  cs.clear();
  EXPECT_EQ(WalkControl(control, &cs), 1);
  EXPECT_EQ(cs[0].len, 4u);
  // A header with no data.
  control.clear();
  AddCmsg(&control, 16, 3, 4, {});
  EXPECT_EQ(WalkControl(control), 1);
}

TEST(RecvmsgParse, UnalignedBuffer) {
  // A 28-byte name (sockaddr_in6) puts the control area at offset 44; the buffer itself
  // starts at an odd address. UBSan checks that no misaligned access happens.
  Bytes control;
  AddCmsg(&control, 16 + 12, 41, 50, Bytes(12, 7));
  Bytes b = Layout(28, 32, 2, 0, 28, Bytes(28, 9), 32, control, "ok");
  Bytes shifted(b.size() + 1, 0);
  std::copy(b.begin(), b.end(), shifted.begin() + 1);
  Exact e(shifted, shifted.size());
  struct uring_recvmsg_parsed m;
  ASSERT_EQ(uring_recvmsg_parse(e.begin() + 1, e.n - 1, 28, 32, &m), 0);
  EXPECT_EQ(m.name_len, 28u);
  EXPECT_EQ(m.control_len, 32u);
  std::vector<struct uring_recvmsg_cmsg> cs;
  ASSERT_EQ(WalkCmsgs(m, &cs), 1);
  EXPECT_EQ(cs[0].level, 41);
  EXPECT_EQ(cs[0].type, 50);
  EXPECT_EQ(cs[0].len, 12u);
  EXPECT_EQ(std::string(static_cast<const char *>(m.payload), m.payload_len), "ok");
}

TEST(RecvmsgParse, TamperedIteratorIsRechecked) {
  Bytes b = Layout(0, 56, 0, 0, 0, {}, 56, TwoCmsgs(), "");
  Exact e(b, b.size());
  struct uring_recvmsg_parsed m;
  ASSERT_EQ(uring_recvmsg_parse(e.begin(), e.n, 0, 56, &m), 0);
  struct uring_recvmsg_cmsg c;
  ASSERT_EQ(uring_recvmsg_cmsg_first(&m, &c), 0);
  c.len = 1000000;  // ignored: the length is read again from the buffer
  ASSERT_EQ(uring_recvmsg_cmsg_next(&m, &c), 0);
  EXPECT_EQ(c.offset, 32u);
  for (size_t off : {(size_t)4, (size_t)50, (size_t)56, SIZE_MAX, SIZE_MAX - 15}) {
    c.offset = off;
    EXPECT_EQ(uring_recvmsg_cmsg_next(&m, &c), -EINVAL) << off;
  }
  EXPECT_EQ(uring_recvmsg_cmsg_first(nullptr, &c), -EINVAL);
  EXPECT_EQ(uring_recvmsg_cmsg_next(&m, nullptr), -EINVAL);
}

// Random buffers, random reservations, lengths biased towards the edges: every result
// must stay inside the buffer (and ASan sees every read).
TEST(RecvmsgParse, RandomBuffersStayInBounds) {
  uint64_t state = 0x9e3779b97f4a7c15ull;
  auto next = [&state]() {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  const uint32_t edges[] = {0, 1, 7, 8, 15, 16, 17, 24, 28, 32, 0x7fffffff, 0xffffffff};
  auto pick = [&]() -> uint32_t {
    return (next() & 1) ? edges[next() % (sizeof edges / sizeof edges[0])] : (uint32_t)(next() % 200);
  };
  int parsed = 0, cmsgs = 0;
  for (int iter = 0; iter < 20000; iter++) {
    size_t len = next() % 320;
    Bytes b(len);
    for (auto &x : b) x = (unsigned char)next();
    uint32_t namelen = (uint32_t)(next() % 64), controllen = (uint32_t)(next() % 160);
    if (len >= 16) {
      Put32(&b, 0, pick());
      Put32(&b, 4, (next() & 1) ? (uint32_t)(next() % (controllen + 1)) : pick());
      Put32(&b, 8, pick());
      // Sometimes plant plausible-looking cmsg lengths in the control area.
      size_t ctl = 16 + namelen;
      if (ctl + 8 <= len && controllen >= 16 && (next() & 1)) {
        uint64_t v = 16 + next() % 32;
        memcpy(b.data() + ctl, &v, 8);
      }
      for (size_t at = ctl + 8; at + 8 <= len && at < ctl + controllen; at += 8)
        if (next() % 3 == 0) {
          uint64_t v = (next() & 1) ? (uint64_t)pick() : (uint64_t)(next() % 48);
          memcpy(b.data() + at, &v, 8);
        }
    }
    Exact e(b, len);
    struct uring_recvmsg_parsed m;
    if (uring_recvmsg_parse(e.begin(), e.n, namelen, controllen, &m) != 0) continue;
    parsed++;
    ASSERT_TRUE(m.name_len == 0 || Inside(e, m.name, m.name_len));
    ASSERT_TRUE(m.control_len == 0 || Inside(e, m.control, m.control_len));
    ASSERT_TRUE(Inside(e, m.payload, m.payload_len));
    ASSERT_LE(m.name_len, namelen);
    ASSERT_LE(m.control_len, controllen);
    int n = WalkCmsgs(m, nullptr);
    ASSERT_NE(n, -ELOOP);
    if (n > 0) cmsgs += n;
  }
  EXPECT_GT(parsed, 1000);
  EXPECT_GT(cmsgs, 100);
}

// ---- A real multishot recvmsg ---------------------------------------------------------

TEST(RecvmsgMultishot, UdpLoopbackWithBufferRing) {
  URING_SKIP_WITHOUT_KERNEL();
  int rx = socket(AF_INET, SOCK_DGRAM, 0);
  int tx = socket(AF_INET, SOCK_DGRAM, 0);
  if (rx < 0 || tx < 0) GTEST_SKIP() << "no UDP sockets here";
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(rx, (struct sockaddr *)&addr, sizeof addr) != 0 ||
      bind(tx, (struct sockaddr *)&addr, sizeof addr) != 0) {
    close(rx);
    close(tx);
    GTEST_SKIP() << "cannot bind to 127.0.0.1 here";
  }
  socklen_t alen = sizeof addr;
  ASSERT_EQ(getsockname(rx, (struct sockaddr *)&addr, &alen), 0);
  struct sockaddr_in from;
  alen = sizeof from;
  ASSERT_EQ(getsockname(tx, (struct sockaddr *)&from, &alen), 0);
  int one = 1;
  ASSERT_EQ(setsockopt(rx, IPPROTO_IP, IP_PKTINFO, &one, sizeof one), 0);

  uring_register_test::Ring ring;
  ASSERT_EQ(ring.Init(8, 0), 0);
  struct uring_pbuf_ring pbr;
  int ret = uring_buf_ring_setup(ring.get(), &pbr, 8, 5, 0);
  URING_SKIP_IF_UNSUPPORTED(ret, "kernel-allocated buffer rings (6.4)");
  ASSERT_EQ(ret, 0);
  static unsigned char bufs[8][256];
  int mask = uring_buf_ring_mask(8);
  for (int i = 0; i < 8; i++)
    uring_buf_ring_add(pbr.br, bufs[i], sizeof bufs[i], (unsigned short)i, mask, i);
  uring_buf_ring_advance(pbr.br, 8);

  const uint32_t namelen = sizeof(struct sockaddr_in);
  const uint32_t controllen = URING_CMSG_SPACE(sizeof(struct in_pktinfo));
  struct msghdr msg;
  memset(&msg, 0, sizeof msg);
  msg.msg_namelen = namelen;
  msg.msg_controllen = controllen;
  struct uring_sqe *sqe = uring_get_sqe(ring.get());
  uring_prep_rw(URING_OP_RECVMSG, sqe, rx, &msg, 1, 0);
  sqe->ioprio = URING_RECV_MULTISHOT;
  sqe->flags = URING_SQE_BUFFER_SELECT;
  uring_sqe_set_buf_group(sqe, 5);
  uring_sqe_set_data64(sqe, 0x77);
  ASSERT_EQ(uring_submit(ring.get()), 1);

  const std::string msgs[3] = {"one", "two!", "three"};
  for (const auto &s : msgs)
    ASSERT_EQ(sendto(tx, s.data(), s.size(), 0, (struct sockaddr *)&addr, sizeof addr),
              (ssize_t)s.size());
  for (int i = 0; i < 3; i++) {
    SCOPED_TRACE(i);
    uring_register_test::Cqe c;
    ASSERT_EQ(uring_register_test::WaitCqe(ring.get(), &c), 0);
    ASSERT_EQ(c.user_data, 0x77u);
    if (i == 0) URING_SKIP_IF_UNSUPPORTED(c.res, "multishot recvmsg (6.0)");
    ASSERT_GT(c.res, 0);
    EXPECT_TRUE(c.flags & URING_CQE_F_MORE);
    struct uring_cqe view = c.View();
    int bid = uring_cqe_buffer_id(&view);
    ASSERT_GE(bid, 0);
    ASSERT_LT(bid, 8);

    struct uring_recvmsg_parsed m;
    ASSERT_EQ(uring_recvmsg_parse(bufs[bid], (size_t)c.res, namelen, controllen, &m), 0);
    EXPECT_EQ(std::string(static_cast<const char *>(m.payload), m.payload_len), msgs[i]);
    EXPECT_EQ(m.payload_full_len, msgs[i].size());
    ASSERT_EQ(m.name_len, sizeof(struct sockaddr_in));
    struct sockaddr_in src;
    memcpy(&src, m.name, sizeof src);
    EXPECT_EQ(src.sin_family, AF_INET);
    EXPECT_EQ(src.sin_port, from.sin_port);
    EXPECT_EQ(src.sin_addr.s_addr, htonl(INADDR_LOOPBACK));
    std::vector<struct uring_recvmsg_cmsg> cs;
    ASSERT_EQ(WalkCmsgs(m, &cs), 1);
    EXPECT_EQ(cs[0].level, IPPROTO_IP);
    EXPECT_EQ(cs[0].type, IP_PKTINFO);
    ASSERT_EQ(cs[0].len, sizeof(struct in_pktinfo));
    struct in_pktinfo pi;
    memcpy(&pi, cs[0].data, sizeof pi);
    EXPECT_EQ(pi.ipi_addr.s_addr, htonl(INADDR_LOOPBACK));
  }

  // Cancel the multishot request: its last CQE has no F_MORE.
  struct uring_sync_cancel_reg reg;
  memset(&reg, 0, sizeof reg);
  reg.addr = 0x77;
  reg.timeout.tv_sec = -1;
  reg.timeout.tv_nsec = -1;
  ret = uring_register_sync_cancel(ring.get(), &reg);
  if (ret != -EINVAL) {
    EXPECT_EQ(ret, 0);
    uring_register_test::Cqe c;
    ASSERT_EQ(uring_register_test::WaitCqe(ring.get(), &c), 0);
    EXPECT_EQ(c.user_data, 0x77u);
    EXPECT_EQ(c.res, -ECANCELED);
    EXPECT_FALSE(c.flags & URING_CQE_F_MORE);
  }
  EXPECT_EQ(uring_buf_ring_teardown(ring.get(), &pbr), 0);
  close(rx);
  close(tx);
}

}  // namespace
