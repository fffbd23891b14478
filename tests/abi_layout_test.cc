// uring/sys/abi.h against values written down from the kernel's uapi headers
// and documentation, for everything newer than the system's kernel 6.1 and
// liburing 2.3 headers (those two are compared in abi_kernel_test.cc and
// abi_liburing_test.cc). Also the counts: 65 opcodes, 21 setup flags,
// 18 features, 8 enter flags, 38 register opcodes, each run without gaps.
#include <stddef.h>
#include <stdint.h>

#include <errno.h>

#include "gtest/gtest.h"
#include "uring/sys/abi.h"
#include "uring/sys/errcodes.h"

namespace {

#define EXPECT_VALUE(name, value) \
  EXPECT_EQ(static_cast<uint64_t>(name), static_cast<uint64_t>(value))

#define EXPECT_SIZE(type, n) EXPECT_EQ(sizeof(struct type), static_cast<size_t>(n))
#define EXPECT_OFFSET(type, field, n) \
  EXPECT_EQ(offsetof(struct type, field), static_cast<size_t>(n)) << #type "." #field

// Checks that `values` are exactly 0, 1, 2, ... in order.
#define EXPECT_SEQUENCE(values)                                            \
  do {                                                                     \
    for (size_t i_ = 0; i_ < sizeof(values) / sizeof(values[0]); i_++)     \
      EXPECT_EQ(static_cast<uint64_t>(values[i_]), i_) << "entry " << i_;  \
  } while (0)

// Checks that `values` are exactly 1<<0, 1<<1, 1<<2, ... in order.
#define EXPECT_BIT_SEQUENCE(values)                                          \
  do {                                                                       \
    for (size_t i_ = 0; i_ < sizeof(values) / sizeof(values[0]); i_++)       \
      EXPECT_EQ(static_cast<uint64_t>(values[i_]), uint64_t{1} << i_)        \
          << "entry " << i_;                                                 \
  } while (0)

// The library's errno values (it includes no libc header) against libc's.
TEST(AbiLayout, ErrnoValuesMatchLibc) {
  EXPECT_VALUE(URING_EPERM, EPERM);
  EXPECT_VALUE(URING_ENOENT, ENOENT);
  EXPECT_VALUE(URING_EINTR, EINTR);
  EXPECT_VALUE(URING_EIO, EIO);
  EXPECT_VALUE(URING_ENXIO, ENXIO);
  EXPECT_VALUE(URING_EBADF, EBADF);
  EXPECT_VALUE(URING_EAGAIN, EAGAIN);
  EXPECT_VALUE(URING_ENOMEM, ENOMEM);
  EXPECT_VALUE(URING_EFAULT, EFAULT);
  EXPECT_VALUE(URING_EBUSY, EBUSY);
  EXPECT_VALUE(URING_EEXIST, EEXIST);
  EXPECT_VALUE(URING_EINVAL, EINVAL);
  EXPECT_VALUE(URING_EMFILE, EMFILE);
  EXPECT_VALUE(URING_ENOSPC, ENOSPC);
  EXPECT_VALUE(URING_ERANGE, ERANGE);
  EXPECT_VALUE(URING_ENOSYS, ENOSYS);
  EXPECT_VALUE(URING_ETIME, ETIME);
  EXPECT_VALUE(URING_EPROTO, EPROTO);
  EXPECT_VALUE(URING_EOVERFLOW, EOVERFLOW);
  EXPECT_VALUE(URING_EOPNOTSUPP, EOPNOTSUPP);
  EXPECT_VALUE(URING_ENOBUFS, ENOBUFS);
  EXPECT_VALUE(URING_ECANCELED, ECANCELED);
}

TEST(AbiLayout, OpcodeCountAndOrder) {
  const unsigned ops[] = {
      URING_OP_NOP,           URING_OP_READV,           URING_OP_WRITEV,
      URING_OP_FSYNC,         URING_OP_READ_FIXED,      URING_OP_WRITE_FIXED,
      URING_OP_POLL_ADD,      URING_OP_POLL_REMOVE,     URING_OP_SYNC_FILE_RANGE,
      URING_OP_SENDMSG,       URING_OP_RECVMSG,         URING_OP_TIMEOUT,
      URING_OP_TIMEOUT_REMOVE, URING_OP_ACCEPT,         URING_OP_ASYNC_CANCEL,
      URING_OP_LINK_TIMEOUT,  URING_OP_CONNECT,         URING_OP_FALLOCATE,
      URING_OP_OPENAT,        URING_OP_CLOSE,           URING_OP_FILES_UPDATE,
      URING_OP_STATX,         URING_OP_READ,            URING_OP_WRITE,
      URING_OP_FADVISE,       URING_OP_MADVISE,         URING_OP_SEND,
      URING_OP_RECV,          URING_OP_OPENAT2,         URING_OP_EPOLL_CTL,
      URING_OP_SPLICE,        URING_OP_PROVIDE_BUFFERS, URING_OP_REMOVE_BUFFERS,
      URING_OP_TEE,           URING_OP_SHUTDOWN,        URING_OP_RENAMEAT,
      URING_OP_UNLINKAT,      URING_OP_MKDIRAT,         URING_OP_SYMLINKAT,
      URING_OP_LINKAT,        URING_OP_MSG_RING,        URING_OP_FSETXATTR,
      URING_OP_SETXATTR,      URING_OP_FGETXATTR,       URING_OP_GETXATTR,
      URING_OP_SOCKET,        URING_OP_URING_CMD,       URING_OP_SEND_ZC,
      URING_OP_SENDMSG_ZC,    URING_OP_READ_MULTISHOT,  URING_OP_WAITID,
      URING_OP_FUTEX_WAIT,    URING_OP_FUTEX_WAKE,      URING_OP_FUTEX_WAITV,
      URING_OP_FIXED_FD_INSTALL, URING_OP_FTRUNCATE,    URING_OP_BIND,
      URING_OP_LISTEN,        URING_OP_RECV_ZC,         URING_OP_EPOLL_WAIT,
      URING_OP_READV_FIXED,   URING_OP_WRITEV_FIXED,    URING_OP_PIPE,
      URING_OP_NOP128,        URING_OP_URING_CMD128,
  };
  EXPECT_EQ(sizeof ops / sizeof ops[0], 65u);
  EXPECT_VALUE(URING_OP_LAST, 65);
  EXPECT_SEQUENCE(ops);
}

TEST(AbiLayout, OpcodesNewerThan61) {
  EXPECT_VALUE(URING_OP_READ_MULTISHOT, 49);
  EXPECT_VALUE(URING_OP_WAITID, 50);
  EXPECT_VALUE(URING_OP_FUTEX_WAIT, 51);
  EXPECT_VALUE(URING_OP_FUTEX_WAKE, 52);
  EXPECT_VALUE(URING_OP_FUTEX_WAITV, 53);
  EXPECT_VALUE(URING_OP_FIXED_FD_INSTALL, 54);
  EXPECT_VALUE(URING_OP_FTRUNCATE, 55);
  EXPECT_VALUE(URING_OP_BIND, 56);
  EXPECT_VALUE(URING_OP_LISTEN, 57);
  EXPECT_VALUE(URING_OP_RECV_ZC, 58);
  EXPECT_VALUE(URING_OP_EPOLL_WAIT, 59);
  EXPECT_VALUE(URING_OP_READV_FIXED, 60);
  EXPECT_VALUE(URING_OP_WRITEV_FIXED, 61);
  EXPECT_VALUE(URING_OP_PIPE, 62);
  EXPECT_VALUE(URING_OP_NOP128, 63);
  EXPECT_VALUE(URING_OP_URING_CMD128, 64);
  // Opcodes are a uint8_t in the SQE and in struct uring_probe_op.
  EXPECT_LE(URING_OP_LAST, 256u);
}

TEST(AbiLayout, SetupFlagCountAndOrder) {
  const unsigned flags[] = {
      URING_SETUP_IOPOLL,       URING_SETUP_SQPOLL,         URING_SETUP_SQ_AFF,
      URING_SETUP_CQSIZE,       URING_SETUP_CLAMP,          URING_SETUP_ATTACH_WQ,
      URING_SETUP_R_DISABLED,   URING_SETUP_SUBMIT_ALL,     URING_SETUP_COOP_TASKRUN,
      URING_SETUP_TASKRUN_FLAG, URING_SETUP_SQE128,         URING_SETUP_CQE32,
      URING_SETUP_SINGLE_ISSUER, URING_SETUP_DEFER_TASKRUN, URING_SETUP_NO_MMAP,
      URING_SETUP_REGISTERED_FD_ONLY, URING_SETUP_NO_SQARRAY, URING_SETUP_HYBRID_IOPOLL,
      URING_SETUP_CQE_MIXED,    URING_SETUP_SQE_MIXED,      URING_SETUP_SQ_REWIND,
  };
  EXPECT_EQ(sizeof flags / sizeof flags[0], 21u);
  EXPECT_BIT_SEQUENCE(flags);
}

TEST(AbiLayout, SetupFlagsNewerThan61) {
  EXPECT_VALUE(URING_SETUP_NO_MMAP, 1u << 14);
  EXPECT_VALUE(URING_SETUP_REGISTERED_FD_ONLY, 1u << 15);
  EXPECT_VALUE(URING_SETUP_NO_SQARRAY, 1u << 16);
  EXPECT_VALUE(URING_SETUP_HYBRID_IOPOLL, 1u << 17);
  EXPECT_VALUE(URING_SETUP_CQE_MIXED, 1u << 18);
  EXPECT_VALUE(URING_SETUP_SQE_MIXED, 1u << 19);
  EXPECT_VALUE(URING_SETUP_SQ_REWIND, 1u << 20);
}

TEST(AbiLayout, FeatureFlagCountAndOrder) {
  const unsigned feats[] = {
      URING_FEAT_SINGLE_MMAP,     URING_FEAT_NODROP,          URING_FEAT_SUBMIT_STABLE,
      URING_FEAT_RW_CUR_POS,      URING_FEAT_CUR_PERSONALITY, URING_FEAT_FAST_POLL,
      URING_FEAT_POLL_32BITS,     URING_FEAT_SQPOLL_NONFIXED, URING_FEAT_EXT_ARG,
      URING_FEAT_NATIVE_WORKERS,  URING_FEAT_RSRC_TAGS,       URING_FEAT_CQE_SKIP,
      URING_FEAT_LINKED_FILE,     URING_FEAT_REG_REG_RING,    URING_FEAT_RECVSEND_BUNDLE,
      URING_FEAT_MIN_TIMEOUT,     URING_FEAT_RW_ATTR,         URING_FEAT_NO_IOWAIT,
  };
  EXPECT_EQ(sizeof feats / sizeof feats[0], 18u);
  EXPECT_BIT_SEQUENCE(feats);
  EXPECT_VALUE(URING_FEAT_REG_REG_RING, 1u << 13);
  EXPECT_VALUE(URING_FEAT_RECVSEND_BUNDLE, 1u << 14);
  EXPECT_VALUE(URING_FEAT_MIN_TIMEOUT, 1u << 15);
  EXPECT_VALUE(URING_FEAT_RW_ATTR, 1u << 16);
  EXPECT_VALUE(URING_FEAT_NO_IOWAIT, 1u << 17);
}

TEST(AbiLayout, EnterFlagCountAndOrder) {
  const unsigned flags[] = {
      URING_ENTER_GETEVENTS,       URING_ENTER_SQ_WAKEUP,  URING_ENTER_SQ_WAIT,
      URING_ENTER_EXT_ARG,         URING_ENTER_REGISTERED_RING, URING_ENTER_ABS_TIMER,
      URING_ENTER_EXT_ARG_REG,     URING_ENTER_NO_IOWAIT,
  };
  EXPECT_EQ(sizeof flags / sizeof flags[0], 8u);
  EXPECT_BIT_SEQUENCE(flags);
  EXPECT_VALUE(URING_ENTER_ABS_TIMER, 1u << 5);
  EXPECT_VALUE(URING_ENTER_EXT_ARG_REG, 1u << 6);
  EXPECT_VALUE(URING_ENTER_NO_IOWAIT, 1u << 7);
}

TEST(AbiLayout, RegisterOpCountAndOrder) {
  const unsigned ops[] = {
      URING_REGISTER_BUFFERS,          URING_UNREGISTER_BUFFERS,
      URING_REGISTER_FILES,            URING_UNREGISTER_FILES,
      URING_REGISTER_EVENTFD,          URING_UNREGISTER_EVENTFD,
      URING_REGISTER_FILES_UPDATE,     URING_REGISTER_EVENTFD_ASYNC,
      URING_REGISTER_PROBE,            URING_REGISTER_PERSONALITY,
      URING_UNREGISTER_PERSONALITY,    URING_REGISTER_RESTRICTIONS,
      URING_REGISTER_ENABLE_RINGS,     URING_REGISTER_FILES2,
      URING_REGISTER_FILES_UPDATE2,    URING_REGISTER_BUFFERS2,
      URING_REGISTER_BUFFERS_UPDATE,   URING_REGISTER_IOWQ_AFF,
      URING_UNREGISTER_IOWQ_AFF,       URING_REGISTER_IOWQ_MAX_WORKERS,
      URING_REGISTER_RING_FDS,         URING_UNREGISTER_RING_FDS,
      URING_REGISTER_PBUF_RING,        URING_UNREGISTER_PBUF_RING,
      URING_REGISTER_SYNC_CANCEL,      URING_REGISTER_FILE_ALLOC_RANGE,
      URING_REGISTER_PBUF_STATUS,      URING_REGISTER_NAPI,
      URING_UNREGISTER_NAPI,           URING_REGISTER_CLOCK,
      URING_REGISTER_CLONE_BUFFERS,    URING_REGISTER_SEND_MSG_RING,
      URING_REGISTER_ZCRX_IFQ,         URING_REGISTER_RESIZE_RINGS,
      URING_REGISTER_MEM_REGION,       URING_REGISTER_QUERY,
      URING_REGISTER_ZCRX_CTRL,        URING_REGISTER_BPF_FILTER,
  };
  EXPECT_EQ(sizeof ops / sizeof ops[0], 38u);
  EXPECT_VALUE(URING_REGISTER_LAST, 38);
  EXPECT_SEQUENCE(ops);
}

TEST(AbiLayout, RegisterOpsNewerThan61) {
  EXPECT_VALUE(URING_REGISTER_PBUF_STATUS, 26);
  EXPECT_VALUE(URING_REGISTER_NAPI, 27);
  EXPECT_VALUE(URING_UNREGISTER_NAPI, 28);
  EXPECT_VALUE(URING_REGISTER_CLOCK, 29);
  EXPECT_VALUE(URING_REGISTER_CLONE_BUFFERS, 30);
  EXPECT_VALUE(URING_REGISTER_SEND_MSG_RING, 31);
  EXPECT_VALUE(URING_REGISTER_ZCRX_IFQ, 32);
  EXPECT_VALUE(URING_REGISTER_RESIZE_RINGS, 33);
  EXPECT_VALUE(URING_REGISTER_MEM_REGION, 34);
  EXPECT_VALUE(URING_REGISTER_QUERY, 35);
  EXPECT_VALUE(URING_REGISTER_ZCRX_CTRL, 36);
  EXPECT_VALUE(URING_REGISTER_BPF_FILTER, 37);
  EXPECT_VALUE(URING_REGISTER_USE_REGISTERED_RING, 0x80000000u);
  EXPECT_EQ(URING_REGISTER_LAST & URING_REGISTER_USE_REGISTERED_RING, 0u);
}

TEST(AbiLayout, OpSpecificFlagsNewerThan61) {
  EXPECT_VALUE(URING_URING_CMD_MULTISHOT, 1u << 1);
  EXPECT_VALUE(URING_URING_CMD_MASK, 3);
  EXPECT_VALUE(URING_TIMEOUT_MULTISHOT, 1u << 6);
  EXPECT_VALUE(URING_TIMEOUT_IMMEDIATE_ARG, 1u << 7);
  EXPECT_VALUE(URING_RECVSEND_BUNDLE, 1u << 4);
  EXPECT_VALUE(URING_SEND_VECTORIZED, 1u << 5);
  EXPECT_VALUE(URING_ACCEPT_DONTWAIT, 1u << 1);
  EXPECT_VALUE(URING_ACCEPT_POLL_FIRST, 1u << 2);
  EXPECT_VALUE(URING_MSG_RING_FLAGS_PASS, 1u << 1);
  EXPECT_VALUE(URING_FIXED_FD_NO_CLOEXEC, 1u << 0);
  EXPECT_VALUE(URING_NOP_INJECT_RESULT, 1u << 0);
  EXPECT_VALUE(URING_NOP_FILE, 1u << 1);
  EXPECT_VALUE(URING_NOP_FIXED_FILE, 1u << 2);
  EXPECT_VALUE(URING_NOP_FIXED_BUFFER, 1u << 3);
  EXPECT_VALUE(URING_NOP_TW, 1u << 4);
  EXPECT_VALUE(URING_NOP_CQE32, 1u << 5);
  EXPECT_VALUE(URING_RW_ATTR_FLAG_PI, 1u << 0);
}

TEST(AbiLayout, CqeFlagsNewerThan61) {
  EXPECT_VALUE(URING_CQE_F_BUF_MORE, 1u << 4);
  EXPECT_VALUE(URING_CQE_F_SKIP, 1u << 5);
  EXPECT_VALUE(URING_CQE_F_32, 1u << 15);
  EXPECT_VALUE(URING_TIMESTAMP_HW_SHIFT, 16);
  EXPECT_VALUE(URING_TIMESTAMP_TYPE_SHIFT, 17);
  EXPECT_VALUE(URING_CQE_F_TSTAMP_HW, 1u << 16);
}

TEST(AbiLayout, MmapOffsetsNewerThan61) {
  EXPECT_VALUE(URING_OFF_PBUF_RING, 0x80000000ull);
  EXPECT_VALUE(URING_OFF_PBUF_SHIFT, 16);
  // Every region offset keeps its selector inside the mmap mask.
  EXPECT_VALUE(URING_OFF_PBUF_RING & ~URING_OFF_MMAP_MASK, 0);
  EXPECT_VALUE(URING_OFF_SQES & ~URING_OFF_MMAP_MASK, 0);
  EXPECT_VALUE(URING_OFF_CQ_RING & ~URING_OFF_MMAP_MASK, 0);
}

TEST(AbiLayout, RegisterArgumentConstantsNewerThan61) {
  EXPECT_VALUE(URING_MEM_REGION_TYPE_USER, 1);
  EXPECT_VALUE(URING_MEM_REGION_REG_WAIT_ARG, 1);
  EXPECT_VALUE(URING_REGISTER_SRC_REGISTERED, 1u << 0);
  EXPECT_VALUE(URING_REGISTER_DST_REPLACE, 1u << 1);
  EXPECT_VALUE(URING_PBUF_RING_MMAP, 1);
  EXPECT_VALUE(URING_PBUF_RING_INC, 2);
  EXPECT_VALUE(URING_NAPI_REGISTER_OP, 0);
  EXPECT_VALUE(URING_NAPI_STATIC_ADD_ID, 1);
  EXPECT_VALUE(URING_NAPI_STATIC_DEL_ID, 2);
  EXPECT_VALUE(URING_NAPI_TRACKING_DYNAMIC, 0);
  EXPECT_VALUE(URING_NAPI_TRACKING_STATIC, 1);
  EXPECT_VALUE(URING_NAPI_TRACKING_INACTIVE, 255);
  EXPECT_VALUE(URING_REG_WAIT_TS, 1u << 0);
}

TEST(AbiLayout, SocketCommandOps) {
  EXPECT_VALUE(URING_SOCKET_OP_SIOCINQ, 0);
  EXPECT_VALUE(URING_SOCKET_OP_SIOCOUTQ, 1);
  EXPECT_VALUE(URING_SOCKET_OP_GETSOCKOPT, 2);
  EXPECT_VALUE(URING_SOCKET_OP_SETSOCKOPT, 3);
  EXPECT_VALUE(URING_SOCKET_OP_TX_TIMESTAMP, 4);
  EXPECT_VALUE(URING_SOCKET_OP_GETSOCKNAME, 5);
}

TEST(AbiLayout, ZcrxQueryBpfConstants) {
  EXPECT_VALUE(URING_ZCRX_AREA_SHIFT, 48);
  EXPECT_VALUE(URING_ZCRX_AREA_MASK, 0xffff000000000000ull);
  EXPECT_VALUE(URING_ZCRX_AREA_DMABUF, 1);
  EXPECT_VALUE(URING_ZCRX_REG_IMPORT, 1);
  EXPECT_VALUE(URING_ZCRX_REG_NODEV, 2);
  EXPECT_VALUE(URING_ZCRX_FEATURE_RX_PAGE_SIZE, 1u << 0);
  EXPECT_VALUE(URING_ZCRX_FEATURE_EVENT, 1u << 1);
  EXPECT_VALUE(URING_ZCRX_EVENT_ALLOC_FAIL, 0);
  EXPECT_VALUE(URING_ZCRX_EVENT_COPY, 1);
  EXPECT_VALUE(URING_ZCRX_EVENT_DESC_FLAG_STATS, 1u << 0);
  EXPECT_VALUE(URING_ZCRX_CTRL_FLUSH_RQ, 0);
  EXPECT_VALUE(URING_ZCRX_CTRL_EXPORT, 1);
  EXPECT_VALUE(URING_ZCRX_CTRL_ARM_EVENT, 2);
  EXPECT_VALUE(URING_QUERY_OPCODES, 0);
  EXPECT_VALUE(URING_QUERY_ZCRX, 1);
  EXPECT_VALUE(URING_QUERY_SCQ, 2);
  EXPECT_VALUE(URING_QUERY_ZCRX_EVENT, 3);
  EXPECT_VALUE(URING_BPF_FILTER_DENY_REST, 1);
  EXPECT_VALUE(URING_BPF_CMD_FILTER, 1);
}

TEST(AbiLayout, SqeFieldsNewerThan61) {
  EXPECT_SIZE(uring_sqe, 64);
  EXPECT_OFFSET(uring_sqe, sockopt.level, 16);
  EXPECT_OFFSET(uring_sqe, sockopt.optname, 20);
  EXPECT_OFFSET(uring_sqe, waitid_flags, 28);
  EXPECT_OFFSET(uring_sqe, futex_flags, 28);
  EXPECT_OFFSET(uring_sqe, install_fd_flags, 28);
  EXPECT_OFFSET(uring_sqe, nop_flags, 28);
  EXPECT_OFFSET(uring_sqe, pipe_flags, 28);
  EXPECT_OFFSET(uring_sqe, zcrx_ifq_idx, 44);
  EXPECT_OFFSET(uring_sqe, optlen, 44);
  EXPECT_OFFSET(uring_sqe, write_stream, 44);
  EXPECT_OFFSET(uring_sqe, attr_ptr, 48);
  EXPECT_OFFSET(uring_sqe, optval, 48);
  EXPECT_OFFSET(uring_sqe, attr_type_mask, 56);
  EXPECT_SIZE(uring_attr_pi, 32);
  EXPECT_OFFSET(uring_attr_pi, app_tag, 2);
  EXPECT_OFFSET(uring_attr_pi, addr, 8);
  EXPECT_OFFSET(uring_attr_pi, seed, 16);
  EXPECT_OFFSET(uring_attr_pi, rsvd, 24);
}

TEST(AbiLayout, RingStructsNewerThan61) {
  EXPECT_SIZE(uring_cqe32, 32);
  EXPECT_OFFSET(uring_cqe32, big_cqe, 16);
  EXPECT_OFFSET(uring_sqring_offsets, user_addr, 32);
  EXPECT_OFFSET(uring_cqring_offsets, user_addr, 32);
  EXPECT_SIZE(uring_params, 120);
  EXPECT_SIZE(uring_getevents_arg, 24);
  EXPECT_OFFSET(uring_getevents_arg, min_wait_usec, 12);
  EXPECT_SIZE(uring_reg_wait, 64);
  EXPECT_OFFSET(uring_reg_wait, min_wait_usec, 16);
  EXPECT_OFFSET(uring_reg_wait, sigmask, 24);
  EXPECT_OFFSET(uring_reg_wait, sigmask_sz, 32);
}

TEST(AbiLayout, RegisterStructsNewerThan61) {
  EXPECT_SIZE(uring_region_desc, 64);
  EXPECT_OFFSET(uring_region_desc, mmap_offset, 24);
  EXPECT_SIZE(uring_mem_region_reg, 32);
  EXPECT_SIZE(uring_task_restriction, 16);
  EXPECT_OFFSET(uring_task_restriction, nr_res, 2);
  EXPECT_SIZE(uring_clock_register, 16);
  EXPECT_SIZE(uring_clone_buffers, 32);
  EXPECT_OFFSET(uring_clone_buffers, nr, 16);
  EXPECT_SIZE(uring_buf_reg, 40);
  EXPECT_OFFSET(uring_buf_reg, flags, 14);
  EXPECT_OFFSET(uring_buf_reg, min_left, 16);
  EXPECT_SIZE(uring_buf_status, 40);
  EXPECT_SIZE(uring_napi, 16);
  EXPECT_OFFSET(uring_napi, opcode, 5);
  EXPECT_OFFSET(uring_napi, op_param, 8);
  EXPECT_SIZE(uring_sync_cancel_reg, 64);
  EXPECT_OFFSET(uring_sync_cancel_reg, opcode, 32);
  EXPECT_OFFSET(uring_sync_cancel_reg, pad2, 40);
  EXPECT_SIZE(uring_io_timespec, 16);
}

TEST(AbiLayout, ZcrxStructs) {
  EXPECT_SIZE(uring_zcrx_rqe, 16);
  EXPECT_SIZE(uring_zcrx_cqe, 16);
  EXPECT_SIZE(uring_zcrx_offsets, 32);
  EXPECT_SIZE(uring_zcrx_area_reg, 48);
  EXPECT_OFFSET(uring_zcrx_area_reg, dmabuf_fd, 28);
  EXPECT_SIZE(uring_zcrx_stats, 16);
  EXPECT_SIZE(uring_zcrx_event_desc, 96);
  EXPECT_SIZE(uring_zcrx_ifq_reg, 96);
  EXPECT_OFFSET(uring_zcrx_ifq_reg, offsets, 32);
  EXPECT_OFFSET(uring_zcrx_ifq_reg, zcrx_id, 64);
  EXPECT_OFFSET(uring_zcrx_ifq_reg, rx_buf_len, 68);
  EXPECT_OFFSET(uring_zcrx_ifq_reg, event_desc, 72);
  EXPECT_SIZE(uring_zcrx_ctrl, 72);
  EXPECT_OFFSET(uring_zcrx_ctrl, zc_export, 24);
  EXPECT_OFFSET(uring_zcrx_ctrl, zc_flush, 24);
  EXPECT_OFFSET(uring_zcrx_ctrl, zc_arm_event, 24);
}

TEST(AbiLayout, QueryStructs) {
  EXPECT_SIZE(uring_query_hdr, 40);
  EXPECT_OFFSET(uring_query_hdr, query_op, 16);
  EXPECT_OFFSET(uring_query_hdr, result, 24);
  EXPECT_SIZE(uring_query_opcode, 48);
  EXPECT_OFFSET(uring_query_opcode, nr_query_opcodes, 40);
  EXPECT_SIZE(uring_query_zcrx, 40);
  EXPECT_SIZE(uring_query_zcrx_event, 48);
  EXPECT_SIZE(uring_query_scq, 16);
}

TEST(AbiLayout, BpfFilterStructs) {
  EXPECT_SIZE(uring_bpf_ctx, 40);
  EXPECT_OFFSET(uring_bpf_ctx, socket, 16);
  EXPECT_OFFSET(uring_bpf_ctx, open, 16);
  EXPECT_SIZE(uring_bpf_filter, 64);
  EXPECT_OFFSET(uring_bpf_filter, filter_ptr, 16);
  EXPECT_SIZE(uring_bpf, 72);
  EXPECT_OFFSET(uring_bpf, filter, 8);
}

}  // namespace
