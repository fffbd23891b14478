// NOP128 (uring/opcode/nop.h) against its golden SQE; the plain NOP is compared with
// liburing 2.3's in prep_encoding_test.cc (EncodingLiburing23.Base).
#include "gtest/gtest.h"
#include "tests/opcode/encoding.h"
#include "uring/uring.h"

namespace {

using uring_test::Want;

// ---- nop.h --------------------------------------------------------------------------

TEST(Golden, Nop128) {
  Want w;
  w->opcode = URING_OP_NOP128;
  w->fd = -1;
  CHECK_PREP128(w, uring_prep_nop128(sqe));
}

}  // namespace
