// Queries, register opcodes newer than the kernel, and zero-copy receive on the real kernel
// (uring/ring/register.h, "Queries and zero-copy receive").
#include <errno.h>
#include <string.h>

#include "gtest/gtest.h"
#include "tests/register/util.h"
#include "tests/support/kernel.h"
#include "uring/uring.h"

namespace {

using uring_register_test::Ring;

// ---- Query ----------------------------------------------------------------------------

TEST(RegisterQuery, OpcodesWithoutAndWithRing) {
  URING_SKIP_WITHOUT_KERNEL();
  struct uring_query_opcode ops;
  memset(&ops, 0, sizeof ops);
  struct uring_query_scq scq;
  memset(&scq, 0, sizeof scq);
  struct uring_query_hdr hdr[2];
  memset(hdr, 0, sizeof hdr);
  hdr[0].query_op = URING_QUERY_OPCODES;
  hdr[0].query_data = (uint64_t)(uintptr_t)&ops;
  hdr[0].size = sizeof ops;
  hdr[0].next_entry = (uint64_t)(uintptr_t)&hdr[1];
  hdr[1].query_op = URING_QUERY_SCQ;
  hdr[1].query_data = (uint64_t)(uintptr_t)&scq;
  hdr[1].size = sizeof scq;
  int ret = uring_register_query(nullptr, &hdr[0]);
  URING_SKIP_IF_UNSUPPORTED(ret, "queries (6.18)");
  ASSERT_EQ(ret, 0);
  ASSERT_EQ(hdr[0].result, 0);
  EXPECT_GT(hdr[0].size, 0u);

  struct uring_probe_info probe;
  ASSERT_EQ(uring_probe_kernel(&probe), 0);
  EXPECT_EQ(ops.nr_request_opcodes, uring_probe_last_op(&probe) + 1u);
  EXPECT_GT(ops.nr_register_opcodes, (uint32_t)URING_REGISTER_QUERY);
  EXPECT_TRUE(ops.enter_flags & URING_ENTER_GETEVENTS);
  EXPECT_TRUE(ops.sqe_flags & URING_SQE_FIXED_FILE);
  EXPECT_TRUE(ops.ring_setup_flags & URING_SETUP_SQPOLL);
  // The second query in the chain ran too (or reported why not).
  if (hdr[1].result == 0) {
    EXPECT_GT(scq.hdr_size, 0u);
    EXPECT_GT(scq.hdr_alignment, 0u);
  } else {
    EXPECT_EQ(hdr[1].result, -EOPNOTSUPP);
  }

  Ring ring;
  ASSERT_EQ(ring.Init(4, 0), 0);
  struct uring_query_opcode ops2;
  memset(&ops2, 0, sizeof ops2);
  struct uring_query_hdr h;
  memset(&h, 0, sizeof h);
  h.query_op = URING_QUERY_OPCODES;
  h.query_data = (uint64_t)(uintptr_t)&ops2;
  h.size = sizeof ops2;
  ASSERT_EQ(uring_register_query(ring.get(), &h), 0);
  EXPECT_EQ(h.result, 0);
  EXPECT_EQ(ops2.nr_request_opcodes, ops.nr_request_opcodes);
  EXPECT_EQ(ops2.nr_register_opcodes, ops.nr_register_opcodes);

  h.query_op = URING_QUERY_MAX + 10;
  h.result = 0;
  ASSERT_EQ(uring_register_query(ring.get(), &h), 0);
  EXPECT_EQ(h.result, -EOPNOTSUPP) << "an unknown query fails in its header, not the call";
}

// The number of register opcodes the running kernel knows, from the query (6.18), or 0.
unsigned KernelRegisterOpcodes() {
  struct uring_query_opcode ops;
  memset(&ops, 0, sizeof ops);
  struct uring_query_hdr h;
  memset(&h, 0, sizeof h);
  h.query_op = URING_QUERY_OPCODES;
  h.query_data = (uint64_t)(uintptr_t)&ops;
  h.size = sizeof ops;
  if (uring_register_query(nullptr, &h) != 0 || h.result != 0) return 0;
  return ops.nr_register_opcodes;
}

// Operations newer than this kernel: the kernel must refuse the opcode (-EINVAL), which
// shows the call reaches it unchanged. Where the kernel has them they would change the
// test process (task-wide filters), so the encoding test covers them instead.
TEST(RegisterNewer, KernelWithoutTheOpcodeRefusesIt) {
  URING_SKIP_WITHOUT_KERNEL();
  unsigned known = KernelRegisterOpcodes();
  if (known == 0) GTEST_SKIP() << "needs URING_REGISTER_QUERY (6.18) to know what is missing";
  Ring ring;
  ASSERT_EQ(ring.Init(4, 0), 0);
  int checked = 0;
  if (known <= URING_REGISTER_ZCRX_CTRL) {
    struct uring_zcrx_ctrl ctrl;
    memset(&ctrl, 0, sizeof ctrl);
    EXPECT_EQ(uring_register_zcrx_ctrl(ring.get(), &ctrl), -EINVAL);
    checked++;
  }
  if (known <= URING_REGISTER_BPF_FILTER) {
    struct uring_bpf bpf;
    memset(&bpf, 0, sizeof bpf);
    EXPECT_EQ(uring_register_bpf_filter(ring.get(), &bpf), -EINVAL);
    EXPECT_EQ(uring_register_bpf_filter(nullptr, &bpf), -EINVAL);
    struct {
      struct uring_task_restriction hdr;
      struct uring_restriction res[1];
    } tres;
    memset(&tres, 0, sizeof tres);
    EXPECT_EQ(uring_register_task_restrictions(&tres.hdr), -EINVAL);
    checked++;
  }
  if (!checked) GTEST_SKIP() << "this kernel has every register opcode this library knows";
}

// Zero-copy receive needs CAP_NET_ADMIN, a DEFER_TASKRUN ring with 32-byte CQEs and a NIC
// queue with header split: none of which a test can count on. On a plain ring the kernel
// refuses the registration before touching any device: -EINVAL (or -EPERM without
// CAP_NET_ADMIN, -EOPNOTSUPP without CONFIG_IO_URING_ZCRX).
TEST(RegisterZcrx, PlainRingIsRefused) {
  URING_SKIP_WITHOUT_KERNEL();
  Ring ring;
  ASSERT_EQ(ring.Init(4, 0), 0);
  struct uring_zcrx_ifq_reg reg;
  memset(&reg, 0, sizeof reg);
  reg.if_idx = 1;
  reg.rq_entries = 64;
  int ret = uring_register_ifq(ring.get(), &reg);
  EXPECT_TRUE(ret == -EINVAL || ret == -EPERM || ret == -EOPNOTSUPP) << ret;
}

}  // namespace
