// The timeout helpers (uring/opcode/timeout.h) against liburing 2.3.
#include <liburing.h>

#include "gtest/gtest.h"
#include "tests/opcode/encoding.h"
#include "uring/uring.h"

namespace {

using uring_test::Args;
using uring_test::kOffset;

TEST(EncodingLiburing23, Timeout) {
  Args a;
  SAME(URING_OP_TIMEOUT, uring_prep_timeout(sqe, a.ts(), 0, 0),
       io_uring_prep_timeout(sqe, &a.kts, 0, 0));
  SAME(URING_OP_TIMEOUT,
       uring_prep_timeout(sqe, a.ts(), 5, URING_TIMEOUT_ABS | URING_TIMEOUT_BOOTTIME),
       io_uring_prep_timeout(sqe, &a.kts, 5, IORING_TIMEOUT_ABS | IORING_TIMEOUT_BOOTTIME));
  // A repeating timeout is a plain timeout with URING_TIMEOUT_MULTISHOT (newer than
  // liburing 2.3's header, so its value is passed to both).
  SAME(URING_OP_TIMEOUT, uring_prep_timeout_multishot(sqe, a.ts(), 3, 0),
       io_uring_prep_timeout(sqe, &a.kts, 3, URING_TIMEOUT_MULTISHOT));
  SAME(URING_OP_TIMEOUT_REMOVE, uring_prep_timeout_remove(sqe, kOffset, 0),
       io_uring_prep_timeout_remove(sqe, kOffset, 0));
  SAME(URING_OP_TIMEOUT_REMOVE, uring_prep_timeout_update(sqe, a.ts(), 77, URING_TIMEOUT_ABS),
       io_uring_prep_timeout_update(sqe, &a.kts, 77, IORING_TIMEOUT_ABS));
  SAME(URING_OP_TIMEOUT_REMOVE,
       uring_prep_timeout_update(sqe, a.ts(), 77, URING_LINK_TIMEOUT_UPDATE),
       io_uring_prep_timeout_update(sqe, &a.kts, 77, IORING_LINK_TIMEOUT_UPDATE));
  SAME(URING_OP_LINK_TIMEOUT, uring_prep_link_timeout(sqe, a.ts(), 0),
       io_uring_prep_link_timeout(sqe, &a.kts, 0));
  SAME(URING_OP_LINK_TIMEOUT, uring_prep_link_timeout(sqe, a.ts(), URING_TIMEOUT_ETIME_SUCCESS),
       io_uring_prep_link_timeout(sqe, &a.kts, IORING_TIMEOUT_ETIME_SUCCESS));
}

}  // namespace
