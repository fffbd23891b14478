/* uring: a low-level io_uring interface for C.
 *
 * One include for everything: the kernel ABI (uring/sys/abi.h), ring setup and teardown
 * (uring/ring/ring.h), submission (sq.h), completion (cq.h), register operations
 * (register.h), the probe (probe.h), and the prep helpers of every opcode family
 * (uring/opcode/). Each of those headers also stands alone, with its own Bazel target.
 *
 * Conventions: functions return 0 or a count on success and -errno on failure; nothing
 * reads or writes errno. The library never allocates: struct uring and every other
 * struct are the caller's. Names are uring_/URING_ throughout, so <linux/io_uring.h> or
 * liburing can be included beside this header.
 */
#ifndef URING_URING_H
#define URING_URING_H

#include "uring/opcode/buffer.h"
#include "uring/opcode/cancel.h"
#include "uring/opcode/cmd.h"
#include "uring/opcode/fs.h"
#include "uring/opcode/msg.h"
#include "uring/opcode/net.h"
#include "uring/opcode/nop.h"
#include "uring/opcode/poll.h"
#include "uring/opcode/prep.h"
#include "uring/opcode/rw.h"
#include "uring/opcode/splice.h"
#include "uring/opcode/sync.h"
#include "uring/opcode/table.h"
#include "uring/opcode/timeout.h"
#include "uring/opcode/xattr.h"
#include "uring/ring/asan.h"
#include "uring/ring/buf_ring.h"
#include "uring/ring/cq.h"
#include "uring/ring/probe.h"
#include "uring/ring/recvmsg.h"
#include "uring/ring/register.h"
#include "uring/ring/ring.h"
#include "uring/ring/sq.h"
#include "uring/sys/abi.h"
#include "uring/sys/errcodes.h"
#include "uring/version.h"

#endif /* URING_URING_H */
