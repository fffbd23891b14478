// liburing's multishot recvmsg helpers under uring's names (uring_recvmsg_validate, _name,
// _cmsg_firsthdr, _cmsg_nexthdr, _payload, _payload_length; uring/ring/recvmsg.h), built on
// the native parser: well-formed buffers, every truncation point, lengths that would wrap,
// what liburing's would trust, and random bytes, each from a heap block of exactly the
// given size so that AddressSanitizer reports any read past it; then real multishot
// recvmsg completions over UDP on loopback. recvmsg_liburing_test compares them with
// liburing's own.
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

// ---- liburing's shapes ------------------------------------------------------------------

// A msghdr with only the two sizes the helpers read.
struct msghdr Msg(uint32_t namelen, size_t controllen) {
  struct msghdr m;
  memset(&m, 0, sizeof m);
  m.msg_namelen = namelen;
  m.msg_controllen = controllen;
  return m;
}

// An 8-byte aligned heap copy of exactly `n` bytes: the liburing-shaped helpers hand out
// typed pointers, which the caller dereferences.
struct Aligned {
  std::unique_ptr<uint64_t[]> p;
  size_t n;
  Aligned(const Bytes &b, size_t len) : p(new uint64_t[len / 8 + 1]), n(len) {
    if (!b.empty()) memcpy(p.get(), b.data(), std::min(len, b.size()));
  }
  unsigned char *begin() const { return reinterpret_cast<unsigned char *>(p.get()); }
};

// The headers firsthdr/nexthdr hand out, in order (at most 100).
std::vector<struct cmsghdr *> WalkLiburing(struct uring_recvmsg_out *o, const struct msghdr *m) {
  std::vector<struct cmsghdr *> out;
  for (struct cmsghdr *c = uring_recvmsg_cmsg_firsthdr(o, m); c && out.size() < 100;
       c = uring_recvmsg_cmsg_nexthdr(o, m, c))
    out.push_back(c);
  return out;
}

TEST(RecvmsgLiburingShape, WellFormed) {
  Bytes b = Layout(16, 56, 5, URING_MSG_TRUNC, 16, kName, 64, TwoCmsgs(), "hello");
  Aligned e(b, b.size());
  struct msghdr msg = Msg(16, 64);
  struct uring_recvmsg_out *o = uring_recvmsg_validate(e.begin(), (int)e.n, &msg);
  ASSERT_EQ(static_cast<void *>(o), e.begin());
  EXPECT_EQ(o->namelen, 16u);
  EXPECT_EQ(o->payloadlen, 5u);
  EXPECT_EQ(o->flags, URING_MSG_TRUNC);
  EXPECT_EQ(uring_recvmsg_name(o), e.begin() + 16);
  EXPECT_EQ(memcmp(uring_recvmsg_name(o), kName.data(), 16), 0);
  std::vector<struct cmsghdr *> cs = WalkLiburing(o, &msg);
  ASSERT_EQ(cs.size(), 2u);
  EXPECT_EQ(static_cast<void *>(cs[0]), e.begin() + 32);
  EXPECT_EQ(cs[0]->cmsg_len, 28u);
  EXPECT_EQ(cs[0]->cmsg_level, 0);
  EXPECT_EQ(cs[0]->cmsg_type, 8);
  EXPECT_EQ(CMSG_DATA(cs[0])[11], 0xaa);
  EXPECT_EQ(static_cast<void *>(cs[1]), e.begin() + 64);
  EXPECT_EQ(cs[1]->cmsg_type, 29);
  EXPECT_EQ(uring_recvmsg_payload(o, &msg), e.begin() + 96);
  EXPECT_EQ(uring_recvmsg_payload_length(o, (int)e.n, &msg), 5u);
  EXPECT_EQ(std::string(static_cast<char *>(uring_recvmsg_payload(o, &msg)), 5), "hello");
  // The native parser agrees on every position.
  struct uring_recvmsg_parsed m;
  ASSERT_EQ(uring_recvmsg_parse(e.begin(), e.n, 16, 64, &m), 0);
  std::vector<struct uring_recvmsg_cmsg> native;
  ASSERT_EQ(WalkCmsgs(m, &native), 2);
  EXPECT_EQ(native[1].hdr, static_cast<void *>(cs[1]));
  EXPECT_EQ(m.payload, uring_recvmsg_payload(o, &msg));
}

// validate says yes exactly when the header and both reserved areas fit, and the payload
// length is what is left; every truncation of the buffer is read from a heap block of that
// size, so ASan sees any read past it.
TEST(RecvmsgLiburingShape, EveryTruncationPoint) {
  Bytes b = Layout(16, 56, 5, 0, 16, kName, 64, TwoCmsgs(), "hello");
  struct msghdr msg = Msg(16, 64);
  const size_t reserved = 16 + 16 + 64;
  for (size_t n = 0; n <= b.size(); n++) {
    SCOPED_TRACE(n);
    Aligned e(b, n);
    struct uring_recvmsg_out *o = uring_recvmsg_validate(e.begin(), (int)n, &msg);
    if (n < reserved) {
      EXPECT_EQ(o, nullptr);
      continue;
    }
    ASSERT_EQ(static_cast<void *>(o), e.begin());
    EXPECT_EQ(WalkLiburing(o, &msg).size(), 2u);
    EXPECT_EQ(uring_recvmsg_payload_length(o, (int)n, &msg), n - reserved);
  }
}

TEST(RecvmsgLiburingShape, ValidateAndLengthsNeverWrap) {
  Bytes b = Layout(0, 0, 3, 0, 0, {}, 0, {}, "abc");
  Aligned e(b, b.size());
  struct msghdr msg = Msg(0, 0);
  struct uring_recvmsg_out *o = uring_recvmsg_validate(e.begin(), (int)e.n, &msg);
  ASSERT_NE(o, nullptr);
  EXPECT_EQ(uring_recvmsg_cmsg_firsthdr(o, &msg), nullptr) << "no control area";
  EXPECT_EQ(uring_recvmsg_payload_length(o, (int)e.n, &msg), 3u);
  EXPECT_EQ(uring_recvmsg_validate(e.begin(), -1, &msg), nullptr);
  EXPECT_EQ(uring_recvmsg_validate(e.begin(), 15, &msg), nullptr);
  EXPECT_EQ(uring_recvmsg_validate(e.begin(), 16, &msg), o);
  EXPECT_EQ(uring_recvmsg_payload_length(o, 16, &msg), 0u);
  EXPECT_EQ(uring_recvmsg_payload_length(o, -5, &msg), 0u);
  // Sizes whose sum wraps 32 or 64 bits.
  for (size_t controllen : {(size_t)0xffffffffu, (size_t)0x100000000ull, SIZE_MAX, SIZE_MAX - 15}) {
    SCOPED_TRACE(controllen);
    struct msghdr big = Msg(0, controllen);
    EXPECT_EQ(uring_recvmsg_validate(e.begin(), INT32_MAX, &big), nullptr);
    EXPECT_EQ(uring_recvmsg_payload_length(o, INT32_MAX, &big), 0u);
    EXPECT_EQ(uring_recvmsg_cmsg_firsthdr(o, &big), nullptr);
  }
  struct msghdr bigname = Msg(0xffffffffu, 16);
  EXPECT_EQ(uring_recvmsg_validate(e.begin(), INT32_MAX, &bigname), nullptr);
  EXPECT_EQ(uring_recvmsg_payload_length(o, INT32_MAX, &bigname), 0u);
  // Large areas that fit an int-sized length: what is left is payload.
  struct msghdr both = Msg(0x7fff0000u, 0xfff0u - 16);
  EXPECT_EQ(uring_recvmsg_payload_length(o, INT32_MAX, &both), 0x7fffffffu - 0x7fff0000u - 0xfff0u);
  // NULL pointers give NULL or 0.
  EXPECT_EQ(uring_recvmsg_validate(nullptr, 100, &msg), nullptr);
  EXPECT_EQ(uring_recvmsg_validate(e.begin(), 100, nullptr), nullptr);
  EXPECT_EQ(uring_recvmsg_name(nullptr), nullptr);
  EXPECT_EQ(uring_recvmsg_cmsg_firsthdr(nullptr, &msg), nullptr);
  EXPECT_EQ(uring_recvmsg_cmsg_firsthdr(o, nullptr), nullptr);
  EXPECT_EQ(uring_recvmsg_cmsg_nexthdr(o, &msg, nullptr), nullptr);
  EXPECT_EQ(uring_recvmsg_payload(nullptr, &msg), nullptr);
  EXPECT_EQ(uring_recvmsg_payload(o, nullptr), nullptr);
  EXPECT_EQ(uring_recvmsg_payload_length(nullptr, 100, &msg), 0u);
}

// What the kernel writes when the control room runs out inside a message (put_cmsg): the
// last header's cmsg_len covers only the bytes written, and the area ends there. Its
// padding does not fit, so nexthdr (like CMSG_NXTHDR) stops before it; firsthdr, like
// liburing's, returns a first message in that state.
TEST(RecvmsgLiburingShape, TruncatedLastMessage) {
  Bytes control;
  AddCmsg(&control, 16 + 12, 0, 8, Bytes(12, 0xaa));  // 32 bytes with padding
  AddCmsg(&control, 20, 1, 29, Bytes(4, 0xbb));       // cut at 20 of its 24
  control.resize(52);
  Bytes b = Layout(0, 52, 1, URING_MSG_CTRUNC, 0, {}, 52, control, "p");
  Aligned e(b, b.size());
  struct msghdr msg = Msg(0, 52);
  struct uring_recvmsg_out *o = uring_recvmsg_validate(e.begin(), (int)e.n, &msg);
  ASSERT_NE(o, nullptr);
  EXPECT_EQ(WalkLiburing(o, &msg).size(), 1u);
  // The native iterator returns it: its bytes are all there.
  struct uring_recvmsg_parsed m;
  ASSERT_EQ(uring_recvmsg_parse(e.begin(), e.n, 0, 52, &m), 0);
  EXPECT_EQ(WalkCmsgs(m, nullptr), 2);
  // Alone in the area, it is the first message.
  control.erase(control.begin(), control.begin() + 32);
  b = Layout(0, 20, 1, URING_MSG_CTRUNC, 0, {}, 20, control, "p");
  Aligned e2(b, b.size());
  msg = Msg(0, 20);
  o = uring_recvmsg_validate(e2.begin(), (int)e2.n, &msg);
  ASSERT_NE(o, nullptr);
  ASSERT_EQ(WalkLiburing(o, &msg).size(), 1u);
  EXPECT_EQ(uring_recvmsg_cmsg_firsthdr(o, &msg)->cmsg_len, 20u);
}

// The cases where liburing's helpers trust what they read, each answered with NULL here
// (recvmsg.h says which).
TEST(RecvmsgLiburingShape, WhatLiburingWouldTrust) {
  struct msghdr msg = Msg(0, 56);
  // o->controllen beyond msg_controllen: liburing walks into the payload and past it.
  Bytes b = Layout(0, 64, 8, 0, 0, {}, 56, TwoCmsgs(), "payload!");
  Aligned e1(b, b.size());
  struct uring_recvmsg_out *o = uring_recvmsg_validate(e1.begin(), (int)e1.n, &msg);
  ASSERT_NE(o, nullptr) << "validate reads only msgh and buf_len, as liburing's";
  EXPECT_EQ(uring_recvmsg_cmsg_firsthdr(o, &msg), nullptr);
  // A first header whose cmsg_len is below the header size or past the control bytes.
  for (uint64_t len : {(uint64_t)0, (uint64_t)15, (uint64_t)57, (uint64_t)UINT64_MAX}) {
    SCOPED_TRACE(len);
    Bytes control = TwoCmsgs();
    memcpy(control.data(), &len, 8);
    b = Layout(0, 56, 0, 0, 0, {}, 56, control, "");
    Aligned e(b, b.size());
    o = uring_recvmsg_validate(e.begin(), (int)e.n, &msg);
    ASSERT_NE(o, nullptr);
    EXPECT_EQ(uring_recvmsg_cmsg_firsthdr(o, &msg), nullptr);
  }
  // A next header with cmsg_len 0: liburing hands it out (and its caller then reads a
  // data length of -16); here the walk ends before it.
  Bytes control;
  AddCmsg(&control, 20, 1, 2, Bytes(4, 1));
  AddCmsg(&control, 0, 3, 4, Bytes(8, 0));
  b = Layout(0, (uint32_t)control.size(), 0, 0, 0, {}, (uint32_t)control.size(), control, "");
  Aligned e2(b, b.size());
  msg = Msg(0, control.size());
  o = uring_recvmsg_validate(e2.begin(), (int)e2.n, &msg);
  ASSERT_NE(o, nullptr);
  EXPECT_EQ(WalkLiburing(o, &msg).size(), 1u);
  // A cmsg that is not a header of this control area.
  struct cmsghdr *first = uring_recvmsg_cmsg_firsthdr(o, &msg);
  ASSERT_NE(first, nullptr);
  unsigned char *base = reinterpret_cast<unsigned char *>(first);
  EXPECT_EQ(uring_recvmsg_cmsg_nexthdr(o, &msg, reinterpret_cast<struct cmsghdr *>(base + 4)),
            nullptr)
      << "inside the area, off a header boundary";
  EXPECT_EQ(uring_recvmsg_cmsg_nexthdr(o, &msg, reinterpret_cast<struct cmsghdr *>(base + 40)),
            nullptr)
      << "just past the area";
  alignas(8) unsigned char elsewhere[32] = {};
  EXPECT_EQ(uring_recvmsg_cmsg_nexthdr(o, &msg, reinterpret_cast<struct cmsghdr *>(elsewhere)),
            nullptr);
}

// Random buffers: whatever firsthdr/nexthdr return lies inside the control area with its
// cmsg_len, and is one of the headers the native iterator returns, in the same order.
TEST(RecvmsgLiburingShape, RandomBuffersStayInBounds) {
  uint64_t state = 0x2545f4914f6cdd1dull;
  auto next = [&state]() {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  int walked = 0;
  for (int iter = 0; iter < 20000; iter++) {
    size_t len = next() % 256;
    Bytes b(len);
    for (auto &x : b) x = (unsigned char)next();
    uint32_t namelen = (uint32_t)(next() % 8) * 8, controllen = (uint32_t)(next() % 160);
    if (len >= 16) {
      uint32_t h_control = (next() & 3) ? (uint32_t)(next() % (controllen + 1)) : (uint32_t)next();
      Put32(&b, 4, h_control);
      for (size_t at = 16 + namelen; at + 8 <= len && at < 16 + namelen + controllen; at += 8)
        if (next() % 2 == 0) {
          uint64_t v = (next() % 4) ? 16 + next() % 40 : next();
          memcpy(b.data() + at, &v, 8);
        }
    }
    Aligned e(b, len);
    struct msghdr msg = Msg(namelen, controllen);
    struct uring_recvmsg_out *o = uring_recvmsg_validate(e.begin(), (int)len, &msg);
    ASSERT_EQ(o != nullptr, len >= 16 + namelen + controllen);
    if (!o) continue;
    struct uring_recvmsg_parsed m;
    std::vector<struct cmsghdr *> cs = WalkLiburing(o, &msg);
    std::vector<struct uring_recvmsg_cmsg> native;
    if (uring_recvmsg_parse(e.begin(), len, namelen, controllen, &m) == 0) {
      WalkCmsgs(m, &native);
    } else {
      ASSERT_TRUE(cs.empty()) << "no message where the parser refuses the header";
    }
    ASSERT_LE(cs.size(), native.size());
    const unsigned char *lo = e.begin() + 16 + namelen;
    for (size_t i = 0; i < cs.size(); i++) {
      ASSERT_EQ(static_cast<const void *>(cs[i]), native[i].hdr);
      const unsigned char *c = reinterpret_cast<const unsigned char *>(cs[i]);
      uint64_t clen;
      memcpy(&clen, c, 8);
      ASSERT_GE(clen, 16u);
      ASSERT_LE(c + clen, lo + m.control_len);
    }
    ASSERT_EQ(uring_recvmsg_payload(o, &msg), e.begin() + 16 + namelen + controllen);
    ASSERT_EQ(uring_recvmsg_payload_length(o, (int)len, &msg), len - 16 - namelen - controllen);
    walked += (int)cs.size();
  }
  EXPECT_GT(walked, 500);
}

// ---- liburing's shapes on real completions -------------------------------------------

// A multishot recvmsg on a UDP socket with IP_PKTINFO and IP_RECVTTL, its buffers from a
// ring of 8 (each `buf_size` bytes, 8-byte aligned), armed with a msghdr reserving a
// sockaddr_in and `controllen` control bytes.
struct MultishotUdp {
  int rx = -1, tx = -1;
  struct sockaddr_in to, from;
  uring_register_test::Ring ring;
  struct uring_pbuf_ring pbr;
  bool have_pbr = false;
  alignas(8) unsigned char bufs[8][256];
  struct msghdr msg;
  std::string skip;  // why the kernel cannot run this, or ""

  // Sets everything up and arms the request; false (with `skip` set, or a failure
  // recorded) when that did not work.
  bool Arm(size_t controllen) {
    rx = socket(AF_INET, SOCK_DGRAM, 0);
    tx = socket(AF_INET, SOCK_DGRAM, 0);
    if (rx < 0 || tx < 0) return (skip = "no UDP sockets here"), false;
    memset(&to, 0, sizeof to);
    to.sin_family = AF_INET;
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(rx, (struct sockaddr *)&to, sizeof to) != 0 ||
        bind(tx, (struct sockaddr *)&to, sizeof to) != 0)
      return (skip = "cannot bind to 127.0.0.1 here"), false;
    socklen_t alen = sizeof to;
    EXPECT_EQ(getsockname(rx, (struct sockaddr *)&to, &alen), 0);
    alen = sizeof from;
    EXPECT_EQ(getsockname(tx, (struct sockaddr *)&from, &alen), 0);
    int one = 1;
    EXPECT_EQ(setsockopt(rx, IPPROTO_IP, IP_PKTINFO, &one, sizeof one), 0);
    EXPECT_EQ(setsockopt(rx, IPPROTO_IP, IP_RECVTTL, &one, sizeof one), 0);
    EXPECT_EQ(ring.Init(8, 0), 0);
    int ret = uring_buf_ring_setup(ring.get(), &pbr, 8, 6, 0);
    if (ret == -EINVAL) return (skip = "buffer rings (5.19) not supported by this kernel"), false;
    EXPECT_EQ(ret, 0);
    if (ret != 0) return false;
    have_pbr = true;
    for (int i = 0; i < 8; i++)
      uring_buf_ring_add(pbr.br, bufs[i], sizeof bufs[i], (unsigned short)i,
                         uring_buf_ring_mask(8), i);
    uring_buf_ring_advance(pbr.br, 8);
    memset(&msg, 0, sizeof msg);
    msg.msg_namelen = sizeof(struct sockaddr_in);
    msg.msg_controllen = controllen;
    struct uring_sqe *sqe = uring_get_sqe(ring.get());
    uring_prep_recvmsg_multishot(sqe, rx, &msg, 0);
    uring_sqe_set_flags(sqe, URING_SQE_BUFFER_SELECT);
    uring_sqe_set_buf_group(sqe, 6);
    uring_sqe_set_data64(sqe, 0x99);
    EXPECT_EQ(uring_submit(ring.get()), 1);
    return !::testing::Test::HasFailure();
  }

  // Sends `data` and returns the CQE it produced; -EINVAL in *res means the kernel
  // refused multishot recvmsg.
  bool Receive(const std::string &data, uring_register_test::Cqe *c) {
    EXPECT_EQ(sendto(tx, data.data(), data.size(), 0, (struct sockaddr *)&to, sizeof to),
              (ssize_t)data.size());
    EXPECT_EQ(uring_register_test::WaitCqe(ring.get(), c), 0);
    EXPECT_EQ(c->user_data, 0x99u);
    return !::testing::Test::HasFailure();
  }

  unsigned char *Buffer(const uring_register_test::Cqe &c) {
    struct uring_cqe view = {};
    view.user_data = c.user_data;
    view.res = c.res;
    view.flags = c.flags;
    int bid = uring_cqe_buffer_id(&view);
    EXPECT_GE(bid, 0);
    EXPECT_LT(bid, 8);
    return bid >= 0 && bid < 8 ? bufs[bid] : nullptr;
  }

  ~MultishotUdp() {
    if (have_pbr) uring_buf_ring_teardown(ring.get(), &pbr);
    if (rx >= 0) close(rx);
    if (tx >= 0) close(tx);
  }
};

int SenderTtl(int fd) {
  int ttl = 0;
  socklen_t len = sizeof ttl;
  EXPECT_EQ(getsockopt(fd, IPPROTO_IP, IP_TTL, &ttl, &len), 0);
  return ttl;
}

// Each datagram's buffer read back with the liburing-shaped helpers: address, both
// control messages (through libc's CMSG_DATA), payload, and a datagram longer than the
// buffer's room (MSG_TRUNC in o->flags, payload_length what is there).
TEST(RecvmsgMultishot, LiburingShapedHelpersOnRealCompletions) {
  URING_SKIP_WITHOUT_KERNEL();
  const size_t controllen = CMSG_SPACE(sizeof(struct in_pktinfo)) + CMSG_SPACE(sizeof(int));
  ASSERT_EQ(controllen, 56u);
  MultishotUdp u;
  if (!u.Arm(controllen)) {
    if (!u.skip.empty()) GTEST_SKIP() << u.skip;
    return;
  }
  const size_t room = sizeof u.bufs[0] - 16 - sizeof(struct sockaddr_in) - controllen;
  const std::string msgs[3] = {"one", "two!", std::string(room + 40, 'z')};
  for (int i = 0; i < 3; i++) {
    SCOPED_TRACE(i);
    uring_register_test::Cqe c;
    ASSERT_TRUE(u.Receive(msgs[i], &c));
    if (i == 0) URING_SKIP_IF_UNSUPPORTED(c.res, "multishot recvmsg (6.0)");
    ASSERT_GT(c.res, 0);
    EXPECT_TRUE(c.flags & URING_CQE_F_MORE);
    unsigned char *buf = u.Buffer(c);
    ASSERT_NE(buf, nullptr);

    struct uring_recvmsg_out *o = uring_recvmsg_validate(buf, c.res, &u.msg);
    ASSERT_EQ(static_cast<void *>(o), buf);
    ASSERT_EQ(o->namelen, sizeof(struct sockaddr_in));
    struct sockaddr_in src;
    memcpy(&src, uring_recvmsg_name(o), sizeof src);
    EXPECT_EQ(src.sin_family, AF_INET);
    EXPECT_EQ(src.sin_port, u.from.sin_port);
    EXPECT_EQ(src.sin_addr.s_addr, htonl(INADDR_LOOPBACK));

    EXPECT_EQ(o->controllen, controllen);
    int seen = 0;
    for (struct cmsghdr *cm = uring_recvmsg_cmsg_firsthdr(o, &u.msg); cm;
         cm = uring_recvmsg_cmsg_nexthdr(o, &u.msg, cm)) {
      ASSERT_LT(seen, 2);
      seen++;
      ASSERT_EQ(cm->cmsg_level, IPPROTO_IP);
      if (cm->cmsg_type == IP_PKTINFO) {
        ASSERT_EQ(cm->cmsg_len, CMSG_LEN(sizeof(struct in_pktinfo)));
        struct in_pktinfo pi;
        memcpy(&pi, CMSG_DATA(cm), sizeof pi);
        EXPECT_EQ(pi.ipi_addr.s_addr, htonl(INADDR_LOOPBACK));
      } else {
        ASSERT_EQ(cm->cmsg_type, IP_TTL);
        ASSERT_EQ(cm->cmsg_len, CMSG_LEN(sizeof(int)));
        int ttl;
        memcpy(&ttl, CMSG_DATA(cm), sizeof ttl);
        EXPECT_EQ(ttl, SenderTtl(u.tx));
      }
    }
    EXPECT_EQ(seen, 2);

    const unsigned len = uring_recvmsg_payload_length(o, c.res, &u.msg);
    const std::string got(static_cast<const char *>(uring_recvmsg_payload(o, &u.msg)), len);
    if (i < 2) {
      EXPECT_EQ(got, msgs[i]);
      EXPECT_EQ(o->payloadlen, msgs[i].size());
      EXPECT_FALSE(o->flags & MSG_TRUNC);
    } else {
      EXPECT_EQ(len, room);
      EXPECT_EQ(got, msgs[i].substr(0, room));
      // recvmsg(2)'s result: the bytes copied, as the request's flags lack MSG_TRUNC.
      EXPECT_EQ(o->payloadlen, room);
      EXPECT_TRUE(o->flags & MSG_TRUNC) << "the datagram was cut short";
    }
  }
}

// A control area with room for the first message and only a header of the second: the
// kernel cuts the second to its header (cmsg_len CMSG_LEN(0)) and sets MSG_CTRUNC; the
// walk returns both, the second with no data.
TEST(RecvmsgMultishot, TruncatedControlOnRealCompletion) {
  URING_SKIP_WITHOUT_KERNEL();
  const size_t controllen = CMSG_SPACE(sizeof(struct in_pktinfo)) + sizeof(struct cmsghdr);
  MultishotUdp u;
  if (!u.Arm(controllen)) {
    if (!u.skip.empty()) GTEST_SKIP() << u.skip;
    return;
  }
  uring_register_test::Cqe c;
  ASSERT_TRUE(u.Receive("ctrunc", &c));
  URING_SKIP_IF_UNSUPPORTED(c.res, "multishot recvmsg (6.0)");
  ASSERT_GT(c.res, 0);
  unsigned char *buf = u.Buffer(c);
  ASSERT_NE(buf, nullptr);
  struct uring_recvmsg_out *o = uring_recvmsg_validate(buf, c.res, &u.msg);
  ASSERT_NE(o, nullptr);
  EXPECT_TRUE(o->flags & MSG_CTRUNC);
  EXPECT_EQ(o->controllen, controllen);
  struct cmsghdr *first = uring_recvmsg_cmsg_firsthdr(o, &u.msg);
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->cmsg_type, IP_PKTINFO);
  struct cmsghdr *second = uring_recvmsg_cmsg_nexthdr(o, &u.msg, first);
  ASSERT_NE(second, nullptr);
  EXPECT_EQ(second->cmsg_type, IP_TTL);
  EXPECT_EQ(second->cmsg_len, CMSG_LEN(0));
  EXPECT_EQ(uring_recvmsg_cmsg_nexthdr(o, &u.msg, second), nullptr);
  EXPECT_EQ(std::string(static_cast<const char *>(uring_recvmsg_payload(o, &u.msg)),
                        uring_recvmsg_payload_length(o, c.res, &u.msg)),
            "ctrunc");
}

}  // namespace
