// The liburing-shaped multishot recvmsg helpers (uring/ring/recvmsg.h) against liburing's
// own (Debian's liburing 2.3, whose io_uring_recvmsg_* have the shapes 2.15 has) on
// buffers laid out as the kernel lays them out: the same header, name, control messages,
// payload and lengths from both, pointer for pointer. Where the two differ on purpose
// (buffers the kernel does not write) recvmsg_shapes_test covers uring's side.
#include <liburing.h>
#include <string.h>
#include <sys/socket.h>

#include <algorithm>
#include <memory>
#include <vector>

#include "gtest/gtest.h"
#include "uring/uring.h"

namespace {

uint64_t g_state = 0x853c49e6748fea9bull;
uint64_t Next() {
  g_state ^= g_state << 13;
  g_state ^= g_state >> 7;
  g_state ^= g_state << 17;
  return g_state;
}

// One buffer as a multishot recvmsg fills it (io_uring/net.c, and put_cmsg in
// net/core/scm.c for the control area): each message takes CMSG_SPACE of its data until
// the room runs out; a message that does not fit is cut to the room left (cmsg_len the
// bytes written, MSG_CTRUNC), and none is started with less than a header's room.
struct KernelBuffer {
  std::unique_ptr<uint64_t[]> mem;  // 8-byte aligned, as liburing's helpers need
  int len = 0;
  struct msghdr msg;
  size_t messages = 0;  // control messages written in full or in part

  unsigned char *data() { return reinterpret_cast<unsigned char *>(mem.get()); }

  void Make() {
    const uint32_t namelen = (uint32_t)(Next() % 5) * 8;          // 0..32, aligned
    const size_t controllen = (Next() % 4 == 0) ? 0 : Next() % 120;
    const size_t payload_room = Next() % 64;
    const size_t total = 16 + namelen + controllen + payload_room;
    mem.reset(new uint64_t[total / 8 + 1]);
    memset(mem.get(), 0x5c, (total / 8 + 1) * 8);
    unsigned char *b = data();

    size_t used = 0, left = controllen;
    uint32_t flags = 0;
    messages = 0;
    unsigned char *control = b + 16 + namelen;
    for (int i = 0; i < 6 && (Next() % 5); i++) {
      const size_t datalen = Next() % 24;
      if (left < CMSG_LEN(0)) {
        flags |= MSG_CTRUNC;
        break;
      }
      size_t cmlen = CMSG_LEN(datalen);
      if (left < cmlen) {
        flags |= MSG_CTRUNC;
        cmlen = left;
      }
      struct cmsghdr h;
      memset(&h, 0, sizeof h);
      h.cmsg_len = cmlen;
      h.cmsg_level = (int)(Next() % 300);
      h.cmsg_type = (int)(Next() % 80);
      memcpy(control + used, &h, sizeof h);
      for (size_t k = sizeof h; k < cmlen; k++) control[used + k] = (unsigned char)Next();
      const size_t take = std::min(CMSG_SPACE(datalen), left);
      used += take;
      left -= take;
      messages++;
      if (flags & MSG_CTRUNC) break;
    }
    const uint32_t reported_name = (Next() % 4 == 0) ? namelen + 12 : namelen;
    const uint32_t payload = (uint32_t)(Next() % (payload_room + 1));
    const uint32_t hdr[4] = {reported_name, (uint32_t)used, payload, flags};
    memcpy(b, hdr, sizeof hdr);
    len = (int)(16 + namelen + controllen + payload);
    memset(&msg, 0, sizeof msg);
    msg.msg_namelen = namelen;
    msg.msg_controllen = controllen;
  }
};

TEST(RecvmsgAgainstLiburing, KernelLaidOutBuffers) {
  size_t compared_messages = 0, truncated = 0;
  for (int iter = 0; iter < 20000; iter++) {
    SCOPED_TRACE(iter);
    KernelBuffer k;
    k.Make();
    // Every length from short of the reserved areas to the full buffer.
    for (int buf_len : {k.len, k.len - 1, (int)(16 + k.msg.msg_namelen + k.msg.msg_controllen),
                        (int)(15 + k.msg.msg_namelen + k.msg.msg_controllen), 0, -1}) {
      struct io_uring_recvmsg_out *theirs = io_uring_recvmsg_validate(k.data(), buf_len, &k.msg);
      struct uring_recvmsg_out *ours = uring_recvmsg_validate(k.data(), buf_len, &k.msg);
      ASSERT_EQ(static_cast<void *>(ours), static_cast<void *>(theirs)) << buf_len;
      if (!ours) continue;
      ASSERT_EQ(uring_recvmsg_name(ours), io_uring_recvmsg_name(theirs));
      ASSERT_EQ(uring_recvmsg_payload(ours, &k.msg), io_uring_recvmsg_payload(theirs, &k.msg));
      ASSERT_EQ(uring_recvmsg_payload_length(ours, buf_len, &k.msg),
                io_uring_recvmsg_payload_length(theirs, buf_len, &k.msg));
    }
    struct io_uring_recvmsg_out *theirs = io_uring_recvmsg_validate(k.data(), k.len, &k.msg);
    struct uring_recvmsg_out *ours = uring_recvmsg_validate(k.data(), k.len, &k.msg);
    ASSERT_NE(ours, nullptr);
    struct cmsghdr *a = uring_recvmsg_cmsg_firsthdr(ours, &k.msg);
    struct cmsghdr *b = io_uring_recvmsg_cmsg_firsthdr(theirs, &k.msg);
    size_t n = 0;
    for (;;) {
      ASSERT_EQ(a, b) << "message " << n;
      if (!a) break;
      n++;
      ASSERT_LE(n, k.messages);
      a = uring_recvmsg_cmsg_nexthdr(ours, &k.msg, a);
      b = io_uring_recvmsg_cmsg_nexthdr(theirs, &k.msg, b);
    }
    compared_messages += n;
    if (n < k.messages) truncated++;
  }
  // The generator reaches what it is meant to: many messages, and cut last ones that both
  // leave out.
  EXPECT_GT(compared_messages, 10000u);
  EXPECT_GT(truncated, 500u);
}

}  // namespace
