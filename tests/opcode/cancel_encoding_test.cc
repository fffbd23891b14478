// The cancel helpers (uring/opcode/cancel.h) against liburing 2.3 where it has them, against
// golden SQEs where it does not.
#include <liburing.h>

#include <cstring>

#include "gtest/gtest.h"
#include "tests/opcode/encoding.h"
#include "uring/uring.h"

namespace {

using uring_test::Want;
using uring_test::kGarbage;
using uring_test::kOffset;

// Every match mode of ASYNC_CANCEL. USERDATA and OP are newer than liburing 2.3's header;
// their values are passed to both sides.
TEST(EncodingLiburing23, Cancel) {
  int tag = 0;
  const unsigned modes[] = {
      0,
      URING_ASYNC_CANCEL_ALL,
      URING_ASYNC_CANCEL_ANY,
      URING_ASYNC_CANCEL_USERDATA,
      URING_ASYNC_CANCEL_USERDATA | URING_ASYNC_CANCEL_ALL,
      URING_ASYNC_CANCEL_OP,
      URING_ASYNC_CANCEL_OP | URING_ASYNC_CANCEL_ALL,
      URING_ASYNC_CANCEL_FD,
      URING_ASYNC_CANCEL_FD | URING_ASYNC_CANCEL_FD_FIXED,
  };
  for (unsigned m : modes) {
    SCOPED_TRACE(m);
    SAME(URING_OP_ASYNC_CANCEL, uring_prep_cancel64(sqe, kOffset, static_cast<int>(m)),
         io_uring_prep_cancel64(sqe, kOffset, static_cast<int>(m)));
    SAME(URING_OP_ASYNC_CANCEL, uring_prep_cancel(sqe, &tag, static_cast<int>(m)),
         io_uring_prep_cancel(sqe, &tag, static_cast<int>(m)));
    SAME(URING_OP_ASYNC_CANCEL, uring_prep_cancel_fd(sqe, 17, m),
         io_uring_prep_cancel_fd(sqe, 17, m));
  }
  // The FD flag comes from the helper itself.
  struct uring_sqe sqe;
  std::memset(&sqe, kGarbage, sizeof sqe);
  uring_prep_cancel_fd(&sqe, 17, URING_ASYNC_CANCEL_ALL);
  EXPECT_EQ(sqe.cancel_flags, URING_ASYNC_CANCEL_FD | URING_ASYNC_CANCEL_ALL);
  EXPECT_EQ(sqe.fd, 17);
}

// ---- cancel.h (io_uring/cancel.c io_async_cancel_prep) ------------------------------

TEST(Golden, CancelByOpcode) {
  Want w;
  w->opcode = URING_OP_ASYNC_CANCEL;
  w->fd = -1;
  w->len = URING_OP_READ;
  w->cancel_flags = URING_ASYNC_CANCEL_OP | URING_ASYNC_CANCEL_ALL;
  CHECK_PREP(w, uring_prep_cancel_op(sqe, URING_OP_READ, URING_ASYNC_CANCEL_ALL));
}

TEST(Golden, CancelEveryKey) {
  Want w;
  w->opcode = URING_OP_ASYNC_CANCEL;
  w->fd = 7;
  w->addr = 0xfeedull;
  w->len = URING_OP_RECV;
  w->cancel_flags = URING_ASYNC_CANCEL_FD | URING_ASYNC_CANCEL_FD_FIXED | URING_ASYNC_CANCEL_OP |
                    URING_ASYNC_CANCEL_USERDATA;
  CHECK_PREP(w, uring_prep_cancel_match(sqe, 0xfeedull, 7, URING_OP_RECV,
                                        URING_ASYNC_CANCEL_FD | URING_ASYNC_CANCEL_FD_FIXED |
                                            URING_ASYNC_CANCEL_OP | URING_ASYNC_CANCEL_USERDATA));
}

}  // namespace
