// What the two recvmsg tests share (recvmsg_test, the native parser; recvmsg_shapes_test,
// the liburing-shaped helpers): buffers laid out as a multishot recvmsg fills them, and a
// walk of their control messages with the native parser that checks each one's bounds.
#ifndef URING_TESTS_REGISTER_RECVMSG_BYTES_H
#define URING_TESTS_REGISTER_RECVMSG_BYTES_H

#include <errno.h>
#include <stdint.h>
#include <string.h>

#include <algorithm>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "uring/uring.h"

namespace recvmsg_bytes {

using Bytes = std::vector<unsigned char>;

inline void Put32(Bytes *b, size_t at, uint32_t v) { memcpy(b->data() + at, &v, 4); }

// Appends one control message (header, data, padding to 8) to `control`.
inline void AddCmsg(Bytes *control, uint64_t cmsg_len, int32_t level, int32_t type, const Bytes &data) {
  size_t at = control->size();
  control->resize(at + 16);
  memcpy(control->data() + at, &cmsg_len, 8);
  memcpy(control->data() + at + 8, &level, 4);
  memcpy(control->data() + at + 12, &type, 4);
  control->insert(control->end(), data.begin(), data.end());
  while (control->size() % 8) control->push_back(0);
}

// A buffer as the kernel lays it out: header, name area (`name_res` bytes, holding
// `name`), control area (`control_res` bytes, holding `control`), payload.
inline Bytes Layout(uint32_t h_name, uint32_t h_control, uint32_t h_payload, uint32_t flags,
             uint32_t name_res, const Bytes &name, uint32_t control_res, const Bytes &control,
             const std::string &payload) {
  Bytes b(16 + name_res + control_res, 0);
  Put32(&b, 0, h_name);
  Put32(&b, 4, h_control);
  Put32(&b, 8, h_payload);
  Put32(&b, 12, flags);
  std::copy_n(name.begin(), std::min<size_t>(name.size(), name_res), b.begin() + 16);
  std::copy_n(control.begin(), std::min<size_t>(control.size(), control_res),
              b.begin() + 16 + name_res);
  b.insert(b.end(), payload.begin(), payload.end());
  return b;
}

// Walks every control message, checking each lies inside the control area; returns the
// number seen, or the first error.
inline int WalkCmsgs(const struct uring_recvmsg_parsed &m, std::vector<struct uring_recvmsg_cmsg> *out) {
  struct uring_recvmsg_cmsg c;
  int n = 0;
  int r = uring_recvmsg_cmsg_first(&m, &c);
  while (r == 0) {
    const unsigned char *lo = static_cast<const unsigned char *>(m.control);
    const unsigned char *d = static_cast<const unsigned char *>(c.data);
    EXPECT_TRUE(d >= lo + 16 && c.len <= (size_t)(lo + m.control_len - d));
    if (out) out->push_back(c);
    if (++n > 1000) return -ELOOP;
    r = uring_recvmsg_cmsg_next(&m, &c);
  }
  return r == -ENOENT ? n : r;
}

// A sockaddr_in for 127.0.0.1:8080, as the name area holds it.
inline const Bytes kName = {2, 0, 0x1f, 0x90, 127, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0};

// Two control messages, 56 bytes with their padding.
inline Bytes TwoCmsgs() {
  Bytes control;
  AddCmsg(&control, 16 + 12, 0, 8, Bytes(12, 0xaa));  // 28 bytes, padded to 32
  AddCmsg(&control, 16 + 4, 1, 29, Bytes(4, 0xbb));   // 20 bytes, padded to 24
  return control;
}

}  // namespace recvmsg_bytes

#endif  // URING_TESTS_REGISTER_RECVMSG_BYTES_H
