// Comparing SQEs field by field, for the encoding tests: a byte-level mismatch is reported
// with the name of every field that differs and both values.
#ifndef URING_TESTS_OPCODE_SQE_COMPARE_H
#define URING_TESTS_OPCODE_SQE_COMPARE_H

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>

#include "gtest/gtest.h"
#include "uring/uring.h"

namespace uring_test {

// The garbage every SQE under test starts from: a helper that leaves a field unwritten
// shows up as 0xa5 bytes.
constexpr unsigned char kGarbage = 0xa5;

// One named field of the 64-byte SQE, by offset and width (union members share a row).
struct SqeField {
  const char *name;
  size_t offset;
  size_t size;
};

inline const SqeField *SqeFields(size_t *count) {
  static const SqeField fields[] = {
      {"opcode", offsetof(uring_sqe, opcode), 1},
      {"flags", offsetof(uring_sqe, flags), 1},
      {"ioprio", offsetof(uring_sqe, ioprio), 2},
      {"fd", offsetof(uring_sqe, fd), 4},
      {"off/addr2/cmd_op", offsetof(uring_sqe, off), 8},
      {"addr/splice_off_in/level+optname", offsetof(uring_sqe, addr), 8},
      {"len", offsetof(uring_sqe, len), 4},
      {"op_flags (rw_flags, msg_flags, ...)", offsetof(uring_sqe, rw_flags), 4},
      {"user_data", offsetof(uring_sqe, user_data), 8},
      {"buf_index/buf_group", offsetof(uring_sqe, buf_index), 2},
      {"personality", offsetof(uring_sqe, personality), 2},
      {"file_index/splice_fd_in/optlen/addr_len", offsetof(uring_sqe, file_index), 4},
      {"addr3/optval", offsetof(uring_sqe, addr3), 8},
      {"pad2", offsetof(uring_sqe, pad2), 8},
  };
  *count = sizeof fields / sizeof fields[0];
  return fields;
}

inline uint64_t LoadField(const unsigned char *p, size_t size) {
  uint64_t v = 0;
  std::memcpy(&v, p, size);  // little-endian hosts print the field's value
  return v;
}

// One line per differing field of `bytes` (64 or 128) bytes: "len: got 0x5 want 0x4".
// Empty when the two are identical.
inline std::string DiffSqe(const void *got, const void *want, size_t bytes) {
  std::string out;
  size_t count;
  const SqeField *fields = SqeFields(&count);
  for (size_t base = 0; base < bytes; base += sizeof(uring_sqe)) {
    for (size_t i = 0; i < count; ++i) {
      const unsigned char *g = static_cast<const unsigned char *>(got) + base + fields[i].offset;
      const unsigned char *w = static_cast<const unsigned char *>(want) + base + fields[i].offset;
      if (std::memcmp(g, w, fields[i].size) == 0) continue;
      char line[200];
      std::snprintf(line, sizeof line, "%s%s: got 0x%llx want 0x%llx\n",
                    base ? "[second 64 bytes] " : "", fields[i].name,
                    static_cast<unsigned long long>(LoadField(g, fields[i].size)),
                    static_cast<unsigned long long>(LoadField(w, fields[i].size)));
      out += line;
    }
  }
  return out;
}

// Asserts that `got` and `want` hold the same `bytes` bytes, naming each differing field.
#define EXPECT_SQE_BYTES_EQ(got, want, bytes)             \
  do {                                                    \
    EXPECT_EQ(std::memcmp((got), (want), (bytes)), 0)     \
        << "differing fields:\n"                          \
        << ::uring_test::DiffSqe((got), (want), (bytes)); \
  } while (0)

}  // namespace uring_test

#endif  // URING_TESTS_OPCODE_SQE_COMPARE_H
