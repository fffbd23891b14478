// The encoding tests of //uring/opcode's prep helpers, one file per family
// (tests/opcode/<family>_encoding_test.cc), are of two kinds, which share what is here.
//
// Every uring_prep_<op> helper that liburing 2.3 (Debian 12's liburing-dev) also has,
// encoded side by side with io_uring_prep_<op> from the same arguments: all 64 bytes must
// match.
//
// Both SQEs start from the same garbage. liburing 2.3's prep helpers write every field
// except user_data (its io_uring_prep_rw leaves it alone; ours clears it), so user_data is
// set to the same value on both before the comparison.
//
// Where liburing 2.3's encoding no longer matches what the kernel reads, the test says so
// and checks our encoding against the kernel's field use instead (see DirectAlloc* in
// fs_encoding_test.cc).
//
// Golden encodings of the helpers liburing 2.3 does not have, written from the fields each
// kernel prep handler reads (io_uring/*.c in the kernel tree, named per test). Each test
// builds the expected SQE from zero, one field at a time, and compares it with what the
// helper wrote over garbage: every other byte, user_data included, must come out zero.
#ifndef URING_TESTS_OPCODE_ENCODING_H
#define URING_TESTS_OPCODE_ENCODING_H

#include <liburing.h>
#include <sys/socket.h>

#include <cstdint>
#include <cstring>

#include "gtest/gtest.h"
#include "tests/opcode/sqe_compare.h"
#include "uring/uring.h"

namespace uring_test {

// ---- Against liburing 2.3 ---------------------------------------------------------------

constexpr uint64_t kUserData = 0x0123456789abcdefull;
constexpr uint64_t kOffset = 0x1122334455667788ull;

// Fills one SQE with `ours` and one with `theirs`, both from garbage, and compares them.
// `op` guards against a test calling the wrong pair of helpers.
template <typename Ours, typename Theirs>
void ExpectSameEncoding(const char *what, unsigned op, Ours ours, Theirs theirs) {
  SCOPED_TRACE(what);
  struct uring_sqe mine;
  struct io_uring_sqe ref;
  static_assert(sizeof mine == sizeof ref, "both SQEs are 64 bytes");
  std::memset(&mine, kGarbage, sizeof mine);
  std::memset(&ref, kGarbage, sizeof ref);
  ours(&mine);
  theirs(&ref);
  uring_sqe_set_data64(&mine, kUserData);
  io_uring_sqe_set_data64(&ref, kUserData);
  EXPECT_EQ(mine.opcode, op);
  EXPECT_SQE_BYTES_EQ(&mine, &ref, sizeof mine);
}

// SAME(URING_OP_X, ours(sqe, ...), theirs(sqe, ...)): `sqe` names each side's entry.
#define SAME(op, ours_call, theirs_call)                           \
  ::uring_test::ExpectSameEncoding(                                \
      #ours_call, (op), [&](struct uring_sqe *sqe) { ours_call; }, \
      [&](struct io_uring_sqe *sqe) { theirs_call; })

// Buffers and objects whose addresses end up in the SQEs. Only addresses are compared.
struct Args {
  char buf[64] = {};
  struct iovec iov[3] = {};
  struct msghdr msg = {};
  struct sockaddr_storage ss = {};
  socklen_t sslen = sizeof ss;
  struct __kernel_timespec kts = {};
  int fds[4] = {};
  alignas(8) unsigned char how[24] = {};
  alignas(8) unsigned char statxbuf[256] = {};
  alignas(8) unsigned char ev[16] = {};
  struct sockaddr *sa() {
    return reinterpret_cast<struct sockaddr *>(&ss);
  }
  // Our timeout helpers take the same 16-byte object under our own name.
  const struct uring_timespec *ts() {
    return reinterpret_cast<const struct uring_timespec *>(&kts);
  }
  struct open_how *open_how() {
    return reinterpret_cast<struct open_how *>(how);
  }
  struct statx *stx() {
    return reinterpret_cast<struct statx *>(statxbuf);
  }
  struct epoll_event *epev() {
    return reinterpret_cast<struct epoll_event *>(ev);
  }
};

// ---- Golden SQEs ------------------------------------------------------------------------

inline uint64_t Ptr(const void *p) { return static_cast<uint64_t>(reinterpret_cast<uintptr_t>(p)); }

// An all-zero SQE (or pair, for the 128-byte forms) to fill in field by field.
struct Want {
  struct uring_sqe sqe[2];
  Want() { std::memset(sqe, 0, sizeof sqe); }
  struct uring_sqe *operator->() {
    return &sqe[0];
  }
};

// Runs `prep` on garbage and compares the first `bytes` bytes with `want`.
template <typename Prep>
void Check(const Want &want, Prep prep, size_t bytes = sizeof(struct uring_sqe)) {
  struct uring_sqe got[2];
  std::memset(got, kGarbage, sizeof got);
  prep(&got[0]);
  EXPECT_SQE_BYTES_EQ(&got[0], &want.sqe[0], bytes);
  if (bytes == sizeof(struct uring_sqe)) {
    // A 64-byte helper must not touch the next entry.
    unsigned char untouched[sizeof(struct uring_sqe)];
    std::memset(untouched, kGarbage, sizeof untouched);
    EXPECT_EQ(std::memcmp(&got[1], untouched, sizeof untouched), 0);
  }
}

#define CHECK_PREP(want, call) ::uring_test::Check((want), [&](struct uring_sqe *sqe) { call; })
#define CHECK_PREP128(want, call) \
  ::uring_test::Check((want), [&](struct uring_sqe *sqe) { call; }, 2 * sizeof(struct uring_sqe))

}  // namespace uring_test

#endif  // URING_TESTS_OPCODE_ENCODING_H
