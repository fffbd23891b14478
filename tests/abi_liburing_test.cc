// uring/sys/abi.h against liburing 2.3 (Debian 12's liburing-dev): <liburing.h>
// and its bundled <liburing/io_uring.h>, a copy of the kernel 6.1 uapi header
// with a few 6.1 additions missing. Every constant and every struct size and
// field offset the two define in common must agree; what liburing 2.3 lacks is
// pinned in abi_layout_test.cc instead.
//
// liburing's copy uses the kernel header's include guard, so it cannot share a
// translation unit with <linux/io_uring.h> (see abi_kernel_test.cc).
#include <liburing.h>
#include <stddef.h>
#include <stdint.h>

#include "gtest/gtest.h"
#include "uring/sys/abi.h"

namespace {

// Both sides go through uint64_t so that enumerators, signed and unsigned
// macros compare by value without sign-compare noise; the failure message
// still names both expressions.
#define EXPECT_SAME(ours, theirs) \
  EXPECT_EQ(static_cast<uint64_t>(ours), static_cast<uint64_t>(theirs))

#define EXPECT_SAME_SIZE(ours, theirs) EXPECT_EQ(sizeof(struct ours), sizeof(struct theirs))

// Same offset and same width, for fields whose names differ.
#define EXPECT_SAME_FIELD_AS(ours, ofield, theirs, tfield)                          \
  do {                                                                              \
    EXPECT_EQ(offsetof(struct ours, ofield), offsetof(struct theirs, tfield))       \
        << "offset of " #ours "." #ofield " vs " #theirs "." #tfield;               \
    EXPECT_EQ(sizeof(static_cast<struct ours *>(nullptr)->ofield),                  \
              sizeof(static_cast<struct theirs *>(nullptr)->tfield))                \
        << "size of " #ours "." #ofield " vs " #theirs "." #tfield;                 \
  } while (0)

#define EXPECT_SAME_FIELD(ours, theirs, field) EXPECT_SAME_FIELD_AS(ours, field, theirs, field)

TEST(AbiLiburing23, Opcodes) {
  EXPECT_SAME(URING_OP_NOP, IORING_OP_NOP);
  EXPECT_SAME(URING_OP_READV, IORING_OP_READV);
  EXPECT_SAME(URING_OP_WRITEV, IORING_OP_WRITEV);
  EXPECT_SAME(URING_OP_FSYNC, IORING_OP_FSYNC);
  EXPECT_SAME(URING_OP_READ_FIXED, IORING_OP_READ_FIXED);
  EXPECT_SAME(URING_OP_WRITE_FIXED, IORING_OP_WRITE_FIXED);
  EXPECT_SAME(URING_OP_POLL_ADD, IORING_OP_POLL_ADD);
  EXPECT_SAME(URING_OP_POLL_REMOVE, IORING_OP_POLL_REMOVE);
  EXPECT_SAME(URING_OP_SYNC_FILE_RANGE, IORING_OP_SYNC_FILE_RANGE);
  EXPECT_SAME(URING_OP_SENDMSG, IORING_OP_SENDMSG);
  EXPECT_SAME(URING_OP_RECVMSG, IORING_OP_RECVMSG);
  EXPECT_SAME(URING_OP_TIMEOUT, IORING_OP_TIMEOUT);
  EXPECT_SAME(URING_OP_TIMEOUT_REMOVE, IORING_OP_TIMEOUT_REMOVE);
  EXPECT_SAME(URING_OP_ACCEPT, IORING_OP_ACCEPT);
  EXPECT_SAME(URING_OP_ASYNC_CANCEL, IORING_OP_ASYNC_CANCEL);
  EXPECT_SAME(URING_OP_LINK_TIMEOUT, IORING_OP_LINK_TIMEOUT);
  EXPECT_SAME(URING_OP_CONNECT, IORING_OP_CONNECT);
  EXPECT_SAME(URING_OP_FALLOCATE, IORING_OP_FALLOCATE);
  EXPECT_SAME(URING_OP_OPENAT, IORING_OP_OPENAT);
  EXPECT_SAME(URING_OP_CLOSE, IORING_OP_CLOSE);
  EXPECT_SAME(URING_OP_FILES_UPDATE, IORING_OP_FILES_UPDATE);
  EXPECT_SAME(URING_OP_STATX, IORING_OP_STATX);
  EXPECT_SAME(URING_OP_READ, IORING_OP_READ);
  EXPECT_SAME(URING_OP_WRITE, IORING_OP_WRITE);
  EXPECT_SAME(URING_OP_FADVISE, IORING_OP_FADVISE);
  EXPECT_SAME(URING_OP_MADVISE, IORING_OP_MADVISE);
  EXPECT_SAME(URING_OP_SEND, IORING_OP_SEND);
  EXPECT_SAME(URING_OP_RECV, IORING_OP_RECV);
  EXPECT_SAME(URING_OP_OPENAT2, IORING_OP_OPENAT2);
  EXPECT_SAME(URING_OP_EPOLL_CTL, IORING_OP_EPOLL_CTL);
  EXPECT_SAME(URING_OP_SPLICE, IORING_OP_SPLICE);
  EXPECT_SAME(URING_OP_PROVIDE_BUFFERS, IORING_OP_PROVIDE_BUFFERS);
  EXPECT_SAME(URING_OP_REMOVE_BUFFERS, IORING_OP_REMOVE_BUFFERS);
  EXPECT_SAME(URING_OP_TEE, IORING_OP_TEE);
  EXPECT_SAME(URING_OP_SHUTDOWN, IORING_OP_SHUTDOWN);
  EXPECT_SAME(URING_OP_RENAMEAT, IORING_OP_RENAMEAT);
  EXPECT_SAME(URING_OP_UNLINKAT, IORING_OP_UNLINKAT);
  EXPECT_SAME(URING_OP_MKDIRAT, IORING_OP_MKDIRAT);
  EXPECT_SAME(URING_OP_SYMLINKAT, IORING_OP_SYMLINKAT);
  EXPECT_SAME(URING_OP_LINKAT, IORING_OP_LINKAT);
  EXPECT_SAME(URING_OP_MSG_RING, IORING_OP_MSG_RING);
  EXPECT_SAME(URING_OP_FSETXATTR, IORING_OP_FSETXATTR);
  EXPECT_SAME(URING_OP_SETXATTR, IORING_OP_SETXATTR);
  EXPECT_SAME(URING_OP_FGETXATTR, IORING_OP_FGETXATTR);
  EXPECT_SAME(URING_OP_GETXATTR, IORING_OP_GETXATTR);
  EXPECT_SAME(URING_OP_SOCKET, IORING_OP_SOCKET);
  EXPECT_SAME(URING_OP_URING_CMD, IORING_OP_URING_CMD);
  EXPECT_SAME(URING_OP_SEND_ZC, IORING_OP_SEND_ZC);
  EXPECT_SAME(URING_OP_SENDMSG_ZC, IORING_OP_SENDMSG_ZC);
  // liburing 2.3 stops at SENDMSG_ZC; the newer kernel only adds opcodes at the end.
  EXPECT_SAME(URING_OP_SENDMSG_ZC + 1, IORING_OP_LAST);
  EXPECT_LT(static_cast<uint64_t>(IORING_OP_LAST), static_cast<uint64_t>(URING_OP_LAST));
}

TEST(AbiLiburing23, SqeFlags) {
  EXPECT_SAME(URING_SQE_FIXED_FILE_BIT, IOSQE_FIXED_FILE_BIT);
  EXPECT_SAME(URING_SQE_IO_DRAIN_BIT, IOSQE_IO_DRAIN_BIT);
  EXPECT_SAME(URING_SQE_IO_LINK_BIT, IOSQE_IO_LINK_BIT);
  EXPECT_SAME(URING_SQE_IO_HARDLINK_BIT, IOSQE_IO_HARDLINK_BIT);
  EXPECT_SAME(URING_SQE_ASYNC_BIT, IOSQE_ASYNC_BIT);
  EXPECT_SAME(URING_SQE_BUFFER_SELECT_BIT, IOSQE_BUFFER_SELECT_BIT);
  EXPECT_SAME(URING_SQE_CQE_SKIP_SUCCESS_BIT, IOSQE_CQE_SKIP_SUCCESS_BIT);
  EXPECT_SAME(URING_SQE_FIXED_FILE, IOSQE_FIXED_FILE);
  EXPECT_SAME(URING_SQE_IO_DRAIN, IOSQE_IO_DRAIN);
  EXPECT_SAME(URING_SQE_IO_LINK, IOSQE_IO_LINK);
  EXPECT_SAME(URING_SQE_IO_HARDLINK, IOSQE_IO_HARDLINK);
  EXPECT_SAME(URING_SQE_ASYNC, IOSQE_ASYNC);
  EXPECT_SAME(URING_SQE_BUFFER_SELECT, IOSQE_BUFFER_SELECT);
  EXPECT_SAME(URING_SQE_CQE_SKIP_SUCCESS, IOSQE_CQE_SKIP_SUCCESS);
}

TEST(AbiLiburing23, SetupFlags) {
  EXPECT_SAME(URING_SETUP_IOPOLL, IORING_SETUP_IOPOLL);
  EXPECT_SAME(URING_SETUP_SQPOLL, IORING_SETUP_SQPOLL);
  EXPECT_SAME(URING_SETUP_SQ_AFF, IORING_SETUP_SQ_AFF);
  EXPECT_SAME(URING_SETUP_CQSIZE, IORING_SETUP_CQSIZE);
  EXPECT_SAME(URING_SETUP_CLAMP, IORING_SETUP_CLAMP);
  EXPECT_SAME(URING_SETUP_ATTACH_WQ, IORING_SETUP_ATTACH_WQ);
  EXPECT_SAME(URING_SETUP_R_DISABLED, IORING_SETUP_R_DISABLED);
  EXPECT_SAME(URING_SETUP_SUBMIT_ALL, IORING_SETUP_SUBMIT_ALL);
  EXPECT_SAME(URING_SETUP_COOP_TASKRUN, IORING_SETUP_COOP_TASKRUN);
  EXPECT_SAME(URING_SETUP_TASKRUN_FLAG, IORING_SETUP_TASKRUN_FLAG);
  EXPECT_SAME(URING_SETUP_SQE128, IORING_SETUP_SQE128);
  EXPECT_SAME(URING_SETUP_CQE32, IORING_SETUP_CQE32);
  EXPECT_SAME(URING_SETUP_SINGLE_ISSUER, IORING_SETUP_SINGLE_ISSUER);
  EXPECT_SAME(URING_SETUP_DEFER_TASKRUN, IORING_SETUP_DEFER_TASKRUN);
}

TEST(AbiLiburing23, FeatureFlags) {
  EXPECT_SAME(URING_FEAT_SINGLE_MMAP, IORING_FEAT_SINGLE_MMAP);
  EXPECT_SAME(URING_FEAT_NODROP, IORING_FEAT_NODROP);
  EXPECT_SAME(URING_FEAT_SUBMIT_STABLE, IORING_FEAT_SUBMIT_STABLE);
  EXPECT_SAME(URING_FEAT_RW_CUR_POS, IORING_FEAT_RW_CUR_POS);
  EXPECT_SAME(URING_FEAT_CUR_PERSONALITY, IORING_FEAT_CUR_PERSONALITY);
  EXPECT_SAME(URING_FEAT_FAST_POLL, IORING_FEAT_FAST_POLL);
  EXPECT_SAME(URING_FEAT_POLL_32BITS, IORING_FEAT_POLL_32BITS);
  EXPECT_SAME(URING_FEAT_SQPOLL_NONFIXED, IORING_FEAT_SQPOLL_NONFIXED);
  EXPECT_SAME(URING_FEAT_EXT_ARG, IORING_FEAT_EXT_ARG);
  EXPECT_SAME(URING_FEAT_NATIVE_WORKERS, IORING_FEAT_NATIVE_WORKERS);
  EXPECT_SAME(URING_FEAT_RSRC_TAGS, IORING_FEAT_RSRC_TAGS);
  EXPECT_SAME(URING_FEAT_CQE_SKIP, IORING_FEAT_CQE_SKIP);
  EXPECT_SAME(URING_FEAT_LINKED_FILE, IORING_FEAT_LINKED_FILE);
}

TEST(AbiLiburing23, EnterFlags) {
  EXPECT_SAME(URING_ENTER_GETEVENTS, IORING_ENTER_GETEVENTS);
  EXPECT_SAME(URING_ENTER_SQ_WAKEUP, IORING_ENTER_SQ_WAKEUP);
  EXPECT_SAME(URING_ENTER_SQ_WAIT, IORING_ENTER_SQ_WAIT);
  EXPECT_SAME(URING_ENTER_EXT_ARG, IORING_ENTER_EXT_ARG);
  EXPECT_SAME(URING_ENTER_REGISTERED_RING, IORING_ENTER_REGISTERED_RING);
}

TEST(AbiLiburing23, RegisterOps) {
  EXPECT_SAME(URING_REGISTER_BUFFERS, IORING_REGISTER_BUFFERS);
  EXPECT_SAME(URING_UNREGISTER_BUFFERS, IORING_UNREGISTER_BUFFERS);
  EXPECT_SAME(URING_REGISTER_FILES, IORING_REGISTER_FILES);
  EXPECT_SAME(URING_UNREGISTER_FILES, IORING_UNREGISTER_FILES);
  EXPECT_SAME(URING_REGISTER_EVENTFD, IORING_REGISTER_EVENTFD);
  EXPECT_SAME(URING_UNREGISTER_EVENTFD, IORING_UNREGISTER_EVENTFD);
  EXPECT_SAME(URING_REGISTER_FILES_UPDATE, IORING_REGISTER_FILES_UPDATE);
  EXPECT_SAME(URING_REGISTER_EVENTFD_ASYNC, IORING_REGISTER_EVENTFD_ASYNC);
  EXPECT_SAME(URING_REGISTER_PROBE, IORING_REGISTER_PROBE);
  EXPECT_SAME(URING_REGISTER_PERSONALITY, IORING_REGISTER_PERSONALITY);
  EXPECT_SAME(URING_UNREGISTER_PERSONALITY, IORING_UNREGISTER_PERSONALITY);
  EXPECT_SAME(URING_REGISTER_RESTRICTIONS, IORING_REGISTER_RESTRICTIONS);
  EXPECT_SAME(URING_REGISTER_ENABLE_RINGS, IORING_REGISTER_ENABLE_RINGS);
  EXPECT_SAME(URING_REGISTER_FILES2, IORING_REGISTER_FILES2);
  EXPECT_SAME(URING_REGISTER_FILES_UPDATE2, IORING_REGISTER_FILES_UPDATE2);
  EXPECT_SAME(URING_REGISTER_BUFFERS2, IORING_REGISTER_BUFFERS2);
  EXPECT_SAME(URING_REGISTER_BUFFERS_UPDATE, IORING_REGISTER_BUFFERS_UPDATE);
  EXPECT_SAME(URING_REGISTER_IOWQ_AFF, IORING_REGISTER_IOWQ_AFF);
  EXPECT_SAME(URING_UNREGISTER_IOWQ_AFF, IORING_UNREGISTER_IOWQ_AFF);
  EXPECT_SAME(URING_REGISTER_IOWQ_MAX_WORKERS, IORING_REGISTER_IOWQ_MAX_WORKERS);
  EXPECT_SAME(URING_REGISTER_RING_FDS, IORING_REGISTER_RING_FDS);
  EXPECT_SAME(URING_UNREGISTER_RING_FDS, IORING_UNREGISTER_RING_FDS);
  EXPECT_SAME(URING_REGISTER_PBUF_RING, IORING_REGISTER_PBUF_RING);
  EXPECT_SAME(URING_UNREGISTER_PBUF_RING, IORING_UNREGISTER_PBUF_RING);
  EXPECT_SAME(URING_REGISTER_SYNC_CANCEL, IORING_REGISTER_SYNC_CANCEL);
  EXPECT_SAME(URING_REGISTER_FILE_ALLOC_RANGE, IORING_REGISTER_FILE_ALLOC_RANGE);
  // liburing 2.3 stops at FILE_ALLOC_RANGE; later register opcodes are appended.
  EXPECT_SAME(URING_REGISTER_FILE_ALLOC_RANGE + 1, IORING_REGISTER_LAST);
  EXPECT_SAME(URING_IO_WQ_BOUND, IO_WQ_BOUND);
  EXPECT_SAME(URING_IO_WQ_UNBOUND, IO_WQ_UNBOUND);
}

TEST(AbiLiburing23, OpSpecificFlags) {
  EXPECT_SAME(URING_URING_CMD_FIXED, IORING_URING_CMD_FIXED);
  EXPECT_SAME(URING_FSYNC_DATASYNC, IORING_FSYNC_DATASYNC);
  EXPECT_SAME(URING_TIMEOUT_ABS, IORING_TIMEOUT_ABS);
  EXPECT_SAME(URING_TIMEOUT_UPDATE, IORING_TIMEOUT_UPDATE);
  EXPECT_SAME(URING_TIMEOUT_BOOTTIME, IORING_TIMEOUT_BOOTTIME);
  EXPECT_SAME(URING_TIMEOUT_REALTIME, IORING_TIMEOUT_REALTIME);
  EXPECT_SAME(URING_LINK_TIMEOUT_UPDATE, IORING_LINK_TIMEOUT_UPDATE);
  EXPECT_SAME(URING_TIMEOUT_ETIME_SUCCESS, IORING_TIMEOUT_ETIME_SUCCESS);
  EXPECT_SAME(URING_TIMEOUT_CLOCK_MASK, IORING_TIMEOUT_CLOCK_MASK);
  EXPECT_SAME(URING_TIMEOUT_UPDATE_MASK, IORING_TIMEOUT_UPDATE_MASK);
  EXPECT_SAME(URING_SPLICE_F_FD_IN_FIXED, SPLICE_F_FD_IN_FIXED);
  EXPECT_SAME(URING_POLL_ADD_MULTI, IORING_POLL_ADD_MULTI);
  EXPECT_SAME(URING_POLL_UPDATE_EVENTS, IORING_POLL_UPDATE_EVENTS);
  EXPECT_SAME(URING_POLL_UPDATE_USER_DATA, IORING_POLL_UPDATE_USER_DATA);
  EXPECT_SAME(URING_POLL_ADD_LEVEL, IORING_POLL_ADD_LEVEL);
  EXPECT_SAME(URING_ASYNC_CANCEL_ALL, IORING_ASYNC_CANCEL_ALL);
  EXPECT_SAME(URING_ASYNC_CANCEL_FD, IORING_ASYNC_CANCEL_FD);
  EXPECT_SAME(URING_ASYNC_CANCEL_ANY, IORING_ASYNC_CANCEL_ANY);
  EXPECT_SAME(URING_ASYNC_CANCEL_FD_FIXED, IORING_ASYNC_CANCEL_FD_FIXED);
  // liburing 2.3 lacks ASYNC_CANCEL_USERDATA/_OP, SEND_ZC_REPORT_USAGE and
  // NOTIF_USAGE_ZC_COPIED; abi_kernel_test.cc checks them against 6.1.
  EXPECT_SAME(URING_RECVSEND_POLL_FIRST, IORING_RECVSEND_POLL_FIRST);
  EXPECT_SAME(URING_RECV_MULTISHOT, IORING_RECV_MULTISHOT);
  EXPECT_SAME(URING_RECVSEND_FIXED_BUF, IORING_RECVSEND_FIXED_BUF);
  EXPECT_SAME(URING_ACCEPT_MULTISHOT, IORING_ACCEPT_MULTISHOT);
  EXPECT_SAME(URING_MSG_DATA, IORING_MSG_DATA);
  EXPECT_SAME(URING_MSG_SEND_FD, IORING_MSG_SEND_FD);
  EXPECT_SAME(URING_MSG_RING_CQE_SKIP, IORING_MSG_RING_CQE_SKIP);
}

TEST(AbiLiburing23, CqeFlags) {
  EXPECT_SAME(URING_CQE_F_BUFFER, IORING_CQE_F_BUFFER);
  EXPECT_SAME(URING_CQE_F_MORE, IORING_CQE_F_MORE);
  EXPECT_SAME(URING_CQE_F_SOCK_NONEMPTY, IORING_CQE_F_SOCK_NONEMPTY);
  EXPECT_SAME(URING_CQE_F_NOTIF, IORING_CQE_F_NOTIF);
  EXPECT_SAME(URING_CQE_BUFFER_SHIFT, IORING_CQE_BUFFER_SHIFT);
}

TEST(AbiLiburing23, MmapOffsets) {
  EXPECT_SAME(URING_OFF_SQ_RING, IORING_OFF_SQ_RING);
  EXPECT_SAME(URING_OFF_CQ_RING, IORING_OFF_CQ_RING);
  EXPECT_SAME(URING_OFF_SQES, IORING_OFF_SQES);
  // liburing 2.3 has no IORING_OFF_MMAP_MASK; abi_kernel_test.cc checks it.
}

TEST(AbiLiburing23, RingFlags) {
  EXPECT_SAME(URING_SQ_NEED_WAKEUP, IORING_SQ_NEED_WAKEUP);
  EXPECT_SAME(URING_SQ_CQ_OVERFLOW, IORING_SQ_CQ_OVERFLOW);
  EXPECT_SAME(URING_SQ_TASKRUN, IORING_SQ_TASKRUN);
  EXPECT_SAME(URING_CQ_EVENTFD_DISABLED, IORING_CQ_EVENTFD_DISABLED);
}

TEST(AbiLiburing23, RegisterArgumentConstants) {
  EXPECT_SAME(URING_FILE_INDEX_ALLOC, IORING_FILE_INDEX_ALLOC);
  EXPECT_SAME(URING_REGISTER_FILES_SKIP, IORING_REGISTER_FILES_SKIP);
  EXPECT_EQ(URING_REGISTER_FILES_SKIP, IORING_REGISTER_FILES_SKIP);  // also the sign
  EXPECT_SAME(URING_RSRC_REGISTER_SPARSE, IORING_RSRC_REGISTER_SPARSE);
  EXPECT_SAME(URING_OP_SUPPORTED, IO_URING_OP_SUPPORTED);
  EXPECT_SAME(URING_RESTRICTION_REGISTER_OP, IORING_RESTRICTION_REGISTER_OP);
  EXPECT_SAME(URING_RESTRICTION_SQE_OP, IORING_RESTRICTION_SQE_OP);
  EXPECT_SAME(URING_RESTRICTION_SQE_FLAGS_ALLOWED, IORING_RESTRICTION_SQE_FLAGS_ALLOWED);
  EXPECT_SAME(URING_RESTRICTION_SQE_FLAGS_REQUIRED, IORING_RESTRICTION_SQE_FLAGS_REQUIRED);
  EXPECT_SAME(URING_RESTRICTION_LAST, IORING_RESTRICTION_LAST);
}

TEST(AbiLiburing23, SqeLayout) {
  EXPECT_SAME_SIZE(uring_sqe, io_uring_sqe);
  EXPECT_SAME_FIELD(uring_sqe, io_uring_sqe, opcode);
  EXPECT_SAME_FIELD(uring_sqe, io_uring_sqe, flags);
  EXPECT_SAME_FIELD(uring_sqe, io_uring_sqe, ioprio);
  EXPECT_SAME_FIELD(uring_sqe, io_uring_sqe, fd);
  EXPECT_SAME_FIELD(uring_sqe, io_uring_sqe, off);
  EXPECT_SAME_FIELD(uring_sqe, io_uring_sqe, addr2);
  EXPECT_SAME_FIELD(uring_sqe, io_uring_sqe, cmd_op);
  EXPECT_SAME_FIELD(uring_sqe, io_uring_sqe, addr);
  EXPECT_SAME_FIELD(uring_sqe, io_uring_sqe, splice_off_in);
  EXPECT_SAME_FIELD(uring_sqe, io_uring_sqe, len);
  EXPECT_SAME_FIELD(uring_sqe, io_uring_sqe, rw_flags);
  EXPECT_SAME_FIELD(uring_sqe, io_uring_sqe, fsync_flags);
  EXPECT_SAME_FIELD(uring_sqe, io_uring_sqe, poll_events);
  EXPECT_SAME_FIELD(uring_sqe, io_uring_sqe, poll32_events);
  EXPECT_SAME_FIELD(uring_sqe, io_uring_sqe, sync_range_flags);
  EXPECT_SAME_FIELD(uring_sqe, io_uring_sqe, msg_flags);
  EXPECT_SAME_FIELD(uring_sqe, io_uring_sqe, timeout_flags);
  EXPECT_SAME_FIELD(uring_sqe, io_uring_sqe, accept_flags);
  EXPECT_SAME_FIELD(uring_sqe, io_uring_sqe, cancel_flags);
  EXPECT_SAME_FIELD(uring_sqe, io_uring_sqe, open_flags);
  EXPECT_SAME_FIELD(uring_sqe, io_uring_sqe, statx_flags);
  EXPECT_SAME_FIELD(uring_sqe, io_uring_sqe, fadvise_advice);
  EXPECT_SAME_FIELD(uring_sqe, io_uring_sqe, splice_flags);
  EXPECT_SAME_FIELD(uring_sqe, io_uring_sqe, rename_flags);
  EXPECT_SAME_FIELD(uring_sqe, io_uring_sqe, unlink_flags);
  EXPECT_SAME_FIELD(uring_sqe, io_uring_sqe, hardlink_flags);
  EXPECT_SAME_FIELD(uring_sqe, io_uring_sqe, xattr_flags);
  EXPECT_SAME_FIELD(uring_sqe, io_uring_sqe, msg_ring_flags);
  EXPECT_SAME_FIELD(uring_sqe, io_uring_sqe, uring_cmd_flags);
  EXPECT_SAME_FIELD(uring_sqe, io_uring_sqe, user_data);
  EXPECT_SAME_FIELD(uring_sqe, io_uring_sqe, buf_index);
  EXPECT_SAME_FIELD(uring_sqe, io_uring_sqe, buf_group);
  EXPECT_SAME_FIELD(uring_sqe, io_uring_sqe, personality);
  EXPECT_SAME_FIELD(uring_sqe, io_uring_sqe, splice_fd_in);
  EXPECT_SAME_FIELD(uring_sqe, io_uring_sqe, file_index);
  EXPECT_SAME_FIELD(uring_sqe, io_uring_sqe, addr_len);
  EXPECT_SAME_FIELD(uring_sqe, io_uring_sqe, addr3);
  EXPECT_SAME_FIELD_AS(uring_sqe, pad2, io_uring_sqe, __pad2);
  // The SQE128 command area (the kernel's cmd[]) starts where addr3 does.
  EXPECT_EQ(offsetof(struct uring_sqe, addr3), offsetof(struct io_uring_sqe, cmd));
}

TEST(AbiLiburing23, CqeLayout) {
  EXPECT_SAME_SIZE(uring_cqe, io_uring_cqe);
  EXPECT_SAME_FIELD(uring_cqe, io_uring_cqe, user_data);
  EXPECT_SAME_FIELD(uring_cqe, io_uring_cqe, res);
  EXPECT_SAME_FIELD(uring_cqe, io_uring_cqe, flags);
  // The CQE32 tail (the kernel's big_cqe[]) follows the 16-byte head.
  EXPECT_EQ(offsetof(struct uring_cqe32, big_cqe), offsetof(struct io_uring_cqe, big_cqe));
  EXPECT_EQ(sizeof(struct uring_cqe32), 2 * sizeof(struct io_uring_cqe));
}

TEST(AbiLiburing23, RingOffsetsLayout) {
  EXPECT_SAME_SIZE(uring_sqring_offsets, io_sqring_offsets);
  EXPECT_SAME_FIELD(uring_sqring_offsets, io_sqring_offsets, head);
  EXPECT_SAME_FIELD(uring_sqring_offsets, io_sqring_offsets, tail);
  EXPECT_SAME_FIELD(uring_sqring_offsets, io_sqring_offsets, ring_mask);
  EXPECT_SAME_FIELD(uring_sqring_offsets, io_sqring_offsets, ring_entries);
  EXPECT_SAME_FIELD(uring_sqring_offsets, io_sqring_offsets, flags);
  EXPECT_SAME_FIELD(uring_sqring_offsets, io_sqring_offsets, dropped);
  EXPECT_SAME_FIELD(uring_sqring_offsets, io_sqring_offsets, array);
  EXPECT_SAME_FIELD(uring_sqring_offsets, io_sqring_offsets, resv1);
  // liburing 2.3's resv2 became user_addr in 6.5 (NO_MMAP).
  EXPECT_SAME_FIELD_AS(uring_sqring_offsets, user_addr, io_sqring_offsets, resv2);

  EXPECT_SAME_SIZE(uring_cqring_offsets, io_cqring_offsets);
  EXPECT_SAME_FIELD(uring_cqring_offsets, io_cqring_offsets, head);
  EXPECT_SAME_FIELD(uring_cqring_offsets, io_cqring_offsets, tail);
  EXPECT_SAME_FIELD(uring_cqring_offsets, io_cqring_offsets, ring_mask);
  EXPECT_SAME_FIELD(uring_cqring_offsets, io_cqring_offsets, ring_entries);
  EXPECT_SAME_FIELD(uring_cqring_offsets, io_cqring_offsets, overflow);
  EXPECT_SAME_FIELD(uring_cqring_offsets, io_cqring_offsets, cqes);
  EXPECT_SAME_FIELD(uring_cqring_offsets, io_cqring_offsets, flags);
  EXPECT_SAME_FIELD(uring_cqring_offsets, io_cqring_offsets, resv1);
  EXPECT_SAME_FIELD_AS(uring_cqring_offsets, user_addr, io_cqring_offsets, resv2);
}

TEST(AbiLiburing23, ParamsLayout) {
  EXPECT_SAME_SIZE(uring_params, io_uring_params);
  EXPECT_SAME_FIELD(uring_params, io_uring_params, sq_entries);
  EXPECT_SAME_FIELD(uring_params, io_uring_params, cq_entries);
  EXPECT_SAME_FIELD(uring_params, io_uring_params, flags);
  EXPECT_SAME_FIELD(uring_params, io_uring_params, sq_thread_cpu);
  EXPECT_SAME_FIELD(uring_params, io_uring_params, sq_thread_idle);
  EXPECT_SAME_FIELD(uring_params, io_uring_params, features);
  EXPECT_SAME_FIELD(uring_params, io_uring_params, wq_fd);
  EXPECT_SAME_FIELD(uring_params, io_uring_params, resv);
  EXPECT_SAME_FIELD(uring_params, io_uring_params, sq_off);
  EXPECT_SAME_FIELD(uring_params, io_uring_params, cq_off);
}

TEST(AbiLiburing23, RsrcLayouts) {
  EXPECT_SAME_SIZE(uring_files_update, io_uring_files_update);
  EXPECT_SAME_FIELD(uring_files_update, io_uring_files_update, offset);
  EXPECT_SAME_FIELD(uring_files_update, io_uring_files_update, resv);
  EXPECT_SAME_FIELD(uring_files_update, io_uring_files_update, fds);

  EXPECT_SAME_SIZE(uring_rsrc_register, io_uring_rsrc_register);
  EXPECT_SAME_FIELD(uring_rsrc_register, io_uring_rsrc_register, nr);
  EXPECT_SAME_FIELD(uring_rsrc_register, io_uring_rsrc_register, flags);
  EXPECT_SAME_FIELD(uring_rsrc_register, io_uring_rsrc_register, resv2);
  EXPECT_SAME_FIELD(uring_rsrc_register, io_uring_rsrc_register, data);
  EXPECT_SAME_FIELD(uring_rsrc_register, io_uring_rsrc_register, tags);

  EXPECT_SAME_SIZE(uring_rsrc_update, io_uring_rsrc_update);
  EXPECT_SAME_FIELD(uring_rsrc_update, io_uring_rsrc_update, offset);
  EXPECT_SAME_FIELD(uring_rsrc_update, io_uring_rsrc_update, resv);
  EXPECT_SAME_FIELD(uring_rsrc_update, io_uring_rsrc_update, data);

  EXPECT_SAME_SIZE(uring_rsrc_update2, io_uring_rsrc_update2);
  EXPECT_SAME_FIELD(uring_rsrc_update2, io_uring_rsrc_update2, offset);
  EXPECT_SAME_FIELD(uring_rsrc_update2, io_uring_rsrc_update2, resv);
  EXPECT_SAME_FIELD(uring_rsrc_update2, io_uring_rsrc_update2, data);
  EXPECT_SAME_FIELD(uring_rsrc_update2, io_uring_rsrc_update2, tags);
  EXPECT_SAME_FIELD(uring_rsrc_update2, io_uring_rsrc_update2, nr);
  EXPECT_SAME_FIELD(uring_rsrc_update2, io_uring_rsrc_update2, resv2);
}

TEST(AbiLiburing23, ProbeLayout) {
  EXPECT_SAME_SIZE(uring_probe_op, io_uring_probe_op);
  EXPECT_SAME_FIELD(uring_probe_op, io_uring_probe_op, op);
  EXPECT_SAME_FIELD(uring_probe_op, io_uring_probe_op, resv);
  EXPECT_SAME_FIELD(uring_probe_op, io_uring_probe_op, flags);
  EXPECT_SAME_FIELD(uring_probe_op, io_uring_probe_op, resv2);

  EXPECT_SAME_SIZE(uring_probe, io_uring_probe);
  EXPECT_SAME_FIELD(uring_probe, io_uring_probe, last_op);
  EXPECT_SAME_FIELD(uring_probe, io_uring_probe, ops_len);
  EXPECT_SAME_FIELD(uring_probe, io_uring_probe, resv);
  EXPECT_SAME_FIELD(uring_probe, io_uring_probe, resv2);
  // ops[] starts right after the header.
  EXPECT_EQ(sizeof(struct uring_probe), offsetof(struct io_uring_probe, ops));
}

TEST(AbiLiburing23, RestrictionLayout) {
  EXPECT_SAME_SIZE(uring_restriction, io_uring_restriction);
  EXPECT_SAME_FIELD(uring_restriction, io_uring_restriction, opcode);
  EXPECT_SAME_FIELD(uring_restriction, io_uring_restriction, register_op);
  EXPECT_SAME_FIELD(uring_restriction, io_uring_restriction, sqe_op);
  EXPECT_SAME_FIELD(uring_restriction, io_uring_restriction, sqe_flags);
  EXPECT_SAME_FIELD(uring_restriction, io_uring_restriction, resv);
  EXPECT_SAME_FIELD(uring_restriction, io_uring_restriction, resv2);
}

TEST(AbiLiburing23, BufRingLayouts) {
  EXPECT_SAME_SIZE(uring_buf, io_uring_buf);
  EXPECT_SAME_FIELD(uring_buf, io_uring_buf, addr);
  EXPECT_SAME_FIELD(uring_buf, io_uring_buf, len);
  EXPECT_SAME_FIELD(uring_buf, io_uring_buf, bid);
  EXPECT_SAME_FIELD(uring_buf, io_uring_buf, resv);

  EXPECT_SAME_SIZE(uring_buf_ring, io_uring_buf_ring);
  EXPECT_SAME_FIELD(uring_buf_ring, io_uring_buf_ring, resv1);
  EXPECT_SAME_FIELD(uring_buf_ring, io_uring_buf_ring, resv2);
  EXPECT_SAME_FIELD(uring_buf_ring, io_uring_buf_ring, resv3);
  EXPECT_SAME_FIELD(uring_buf_ring, io_uring_buf_ring, tail);
  // bufs[] overlays the header: entry 0 starts at the ring's address.
  EXPECT_EQ(0u, offsetof(struct io_uring_buf_ring, bufs));

  EXPECT_SAME_SIZE(uring_buf_reg, io_uring_buf_reg);
  EXPECT_SAME_FIELD(uring_buf_reg, io_uring_buf_reg, ring_addr);
  EXPECT_SAME_FIELD(uring_buf_reg, io_uring_buf_reg, ring_entries);
  EXPECT_SAME_FIELD(uring_buf_reg, io_uring_buf_reg, bgid);
  // 2.3's pad became flags (6.4); its resv[3] later became min_left + resv[5].
  EXPECT_SAME_FIELD_AS(uring_buf_reg, flags, io_uring_buf_reg, pad);
  EXPECT_EQ(offsetof(struct uring_buf_reg, min_left), offsetof(struct io_uring_buf_reg, resv));
}

TEST(AbiLiburing23, WaitArgumentLayouts) {
  EXPECT_SAME_SIZE(uring_timespec, __kernel_timespec);
  EXPECT_SAME_FIELD(uring_timespec, __kernel_timespec, tv_sec);
  EXPECT_SAME_FIELD(uring_timespec, __kernel_timespec, tv_nsec);

  EXPECT_SAME_SIZE(uring_getevents_arg, io_uring_getevents_arg);
  EXPECT_SAME_FIELD(uring_getevents_arg, io_uring_getevents_arg, sigmask);
  EXPECT_SAME_FIELD(uring_getevents_arg, io_uring_getevents_arg, sigmask_sz);
  // liburing 2.3's pad became min_wait_usec in 6.12.
  EXPECT_SAME_FIELD_AS(uring_getevents_arg, min_wait_usec, io_uring_getevents_arg, pad);
  EXPECT_SAME_FIELD(uring_getevents_arg, io_uring_getevents_arg, ts);
}

TEST(AbiLiburing23, SyncCancelRegLayout) {
  EXPECT_SAME_SIZE(uring_sync_cancel_reg, io_uring_sync_cancel_reg);
  EXPECT_SAME_FIELD(uring_sync_cancel_reg, io_uring_sync_cancel_reg, addr);
  EXPECT_SAME_FIELD(uring_sync_cancel_reg, io_uring_sync_cancel_reg, fd);
  EXPECT_SAME_FIELD(uring_sync_cancel_reg, io_uring_sync_cancel_reg, flags);
  EXPECT_SAME_FIELD(uring_sync_cancel_reg, io_uring_sync_cancel_reg, timeout);
  // liburing 2.3's pad[4] became opcode + pad[7] + pad2[3] in 6.6.
  EXPECT_EQ(offsetof(struct uring_sync_cancel_reg, opcode),
            offsetof(struct io_uring_sync_cancel_reg, pad));
}

TEST(AbiLiburing23, FileIndexRangeLayout) {
  EXPECT_SAME_SIZE(uring_file_index_range, io_uring_file_index_range);
  EXPECT_SAME_FIELD(uring_file_index_range, io_uring_file_index_range, off);
  EXPECT_SAME_FIELD(uring_file_index_range, io_uring_file_index_range, len);
  EXPECT_SAME_FIELD(uring_file_index_range, io_uring_file_index_range, resv);
}

TEST(AbiLiburing23, RecvmsgOutLayout) {
  EXPECT_SAME_SIZE(uring_recvmsg_out, io_uring_recvmsg_out);
  EXPECT_SAME_FIELD(uring_recvmsg_out, io_uring_recvmsg_out, namelen);
  EXPECT_SAME_FIELD(uring_recvmsg_out, io_uring_recvmsg_out, controllen);
  EXPECT_SAME_FIELD(uring_recvmsg_out, io_uring_recvmsg_out, payloadlen);
  EXPECT_SAME_FIELD(uring_recvmsg_out, io_uring_recvmsg_out, flags);
}

}  // namespace
