// What each register wrapper hands to io_uring_register(2): opcode, argument, nr_args,
// and the argument struct's bytes. A recording backend stands in for the kernel, so these
// run everywhere, and cover the operations this machine cannot run for real (zero-copy
// receive needs a capable NIC, BPF filters and zcrx control are newer than its kernel).
#include <string.h>

#include <vector>

#include "gtest/gtest.h"
#include "uring/uring.h"

namespace {

struct Call {
  int fd = 0;
  unsigned opcode = 0;
  const void *arg = nullptr;
  unsigned nr = 0;
  std::vector<unsigned char> bytes;  // a copy of the argument, when there is one
};

struct Recorder {
  std::vector<Call> calls;
  size_t arg_size = 0;  // bytes of the argument to copy on the next call
  int result = 0;       // what reg() returns
  // map/unmap
  uint64_t map_offset = 0;
  size_t map_len = 0;
  void *map_mem = nullptr;
  void *unmapped = nullptr;
  size_t unmapped_len = 0;
};

int RecSetup(void *, unsigned, struct uring_params *) { return -ENOSYS; }
int RecEnter(void *, int, unsigned, unsigned, unsigned, const void *, size_t) { return -ENOSYS; }
int RecReg(void *ctx, int fd, unsigned opcode, const void *arg, unsigned nr) {
  Recorder *r = static_cast<Recorder *>(ctx);
  Call c;
  c.fd = fd;
  c.opcode = opcode;
  c.arg = arg;
  c.nr = nr;
  if (arg && r->arg_size) {
    const unsigned char *b = static_cast<const unsigned char *>(arg);
    c.bytes.assign(b, b + r->arg_size);
  }
  r->calls.push_back(c);
  return r->result;
}
int RecMap(void *ctx, int, uint64_t offset, size_t len, void **out) {
  Recorder *r = static_cast<Recorder *>(ctx);
  r->map_offset = offset;
  r->map_len = len;
  *out = r->map_mem;
  return r->map_mem ? 0 : -ENOMEM;
}
int RecUnmap(void *ctx, void *addr, size_t len) {
  Recorder *r = static_cast<Recorder *>(ctx);
  r->unmapped = addr;
  r->unmapped_len = len;
  return 0;
}
int RecClose(void *, int) { return 0; }

const struct uring_backend kRecorder = {RecSetup, RecEnter, RecReg, RecMap, RecUnmap, RecClose,
                                        nullptr};

class RegisterEncoding : public ::testing::Test {
 protected:
  void SetUp() override {
    memset(&ring_, 0, sizeof ring_);
    ring_.backend = &kRecorder;
    ring_.backend_ctx = &rec_;
    ring_.ring_fd = 7;
    ring_.enter_fd = 7;
    // A ring that was set up: the library refuses a struct with no entries (zero-filled).
    ring_.sq.ring_entries = 8;
    ring_.cq.ring_entries = 16;
  }
  // The last call, with `size` bytes of its argument expected.
  const Call &Last() { return rec_.calls.back(); }
  template <typename T>
  T LastArg() {
    T t;
    EXPECT_EQ(Last().bytes.size(), sizeof t);
    memcpy(&t, Last().bytes.data(), sizeof t);
    return t;
  }
  struct uring ring_;
  Recorder rec_;
};

TEST_F(RegisterEncoding, Buffers) {
  struct uring_iovec iov[2] = {};
  uint64_t tags[2] = {1, 2};
  ASSERT_EQ(uring_register_buffers(&ring_, iov, 2), 0);
  EXPECT_EQ(Last().fd, 7);
  EXPECT_EQ(Last().opcode, URING_REGISTER_BUFFERS);
  EXPECT_EQ(Last().arg, iov);
  EXPECT_EQ(Last().nr, 2u);

  rec_.arg_size = sizeof(struct uring_rsrc_register);
  ASSERT_EQ(uring_register_buffers_tags(&ring_, iov, tags, 2), 0);
  EXPECT_EQ(Last().opcode, URING_REGISTER_BUFFERS2);
  EXPECT_EQ(Last().nr, sizeof(struct uring_rsrc_register));
  auto rr = LastArg<struct uring_rsrc_register>();
  EXPECT_EQ(rr.nr, 2u);
  EXPECT_EQ(rr.flags, 0u);
  EXPECT_EQ(rr.resv2, 0u);
  EXPECT_EQ(rr.data, (uint64_t)(uintptr_t)iov);
  EXPECT_EQ(rr.tags, (uint64_t)(uintptr_t)tags);

  ASSERT_EQ(uring_register_buffers_sparse(&ring_, 9), 0);
  rr = LastArg<struct uring_rsrc_register>();
  EXPECT_EQ(Last().opcode, URING_REGISTER_BUFFERS2);
  EXPECT_EQ(rr.nr, 9u);
  EXPECT_EQ(rr.flags, URING_RSRC_REGISTER_SPARSE);
  EXPECT_EQ(rr.data, 0u);
  EXPECT_EQ(rr.tags, 0u);

  rec_.arg_size = sizeof(struct uring_rsrc_update2);
  ASSERT_EQ(uring_register_buffers_update_tag(&ring_, 3, iov, tags, 2), 0);
  EXPECT_EQ(Last().opcode, URING_REGISTER_BUFFERS_UPDATE);
  EXPECT_EQ(Last().nr, sizeof(struct uring_rsrc_update2));
  auto up = LastArg<struct uring_rsrc_update2>();
  EXPECT_EQ(up.offset, 3u);
  EXPECT_EQ(up.resv, 0u);
  EXPECT_EQ(up.data, (uint64_t)(uintptr_t)iov);
  EXPECT_EQ(up.tags, (uint64_t)(uintptr_t)tags);
  EXPECT_EQ(up.nr, 2u);
  EXPECT_EQ(up.resv2, 0u);

  rec_.arg_size = 0;
  ASSERT_EQ(uring_unregister_buffers(&ring_), 0);
  EXPECT_EQ(Last().opcode, URING_UNREGISTER_BUFFERS);
  EXPECT_EQ(Last().arg, nullptr);
  EXPECT_EQ(Last().nr, 0u);
}

TEST_F(RegisterEncoding, CloneBuffers) {
  struct uring src;
  memset(&src, 0, sizeof src);
  src.ring_fd = 11;
  src.enter_fd = 11;
  src.sq.ring_entries = 8;
  rec_.arg_size = sizeof(struct uring_clone_buffers_arg);
  ASSERT_EQ(uring_clone_buffers(&ring_, &src), 0);
  EXPECT_EQ(Last().opcode, URING_REGISTER_CLONE_BUFFERS);
  EXPECT_EQ(Last().nr, 1u);
  auto cb = LastArg<struct uring_clone_buffers_arg>();
  EXPECT_EQ(cb.src_fd, 11u);
  EXPECT_EQ(cb.flags, 0u);
  EXPECT_EQ(cb.src_off, 0u);
  EXPECT_EQ(cb.dst_off, 0u);
  EXPECT_EQ(cb.nr, 0u);

  // A source with a registered ring fd is named by its index, with SRC_REGISTERED; a
  // caller's stray SRC_REGISTERED is dropped for a plain fd.
  src.enter_fd = 2;
  src.enter_flags = URING_ENTER_REGISTERED_RING;
  ASSERT_EQ(uring_clone_buffers_offset(&ring_, &src, 4, 5, 6, URING_REGISTER_DST_REPLACE), 0);
  cb = LastArg<struct uring_clone_buffers_arg>();
  EXPECT_EQ(cb.src_fd, 2u);
  EXPECT_EQ(cb.flags, URING_REGISTER_DST_REPLACE | URING_REGISTER_SRC_REGISTERED);
  EXPECT_EQ(cb.dst_off, 4u);
  EXPECT_EQ(cb.src_off, 5u);
  EXPECT_EQ(cb.nr, 6u);
  src.enter_fd = 11;
  src.enter_flags = 0;
  ASSERT_EQ(uring_clone_buffers_offset(&ring_, &src, 0, 0, 0, URING_REGISTER_SRC_REGISTERED), 0);
  cb = LastArg<struct uring_clone_buffers_arg>();
  EXPECT_EQ(cb.flags, 0u);
  EXPECT_EQ(cb.src_fd, 11u);
}

TEST_F(RegisterEncoding, Files) {
  int fds[3] = {3, -1, 5};
  uint64_t tags[3] = {7, 8, 9};
  ASSERT_EQ(uring_register_files(&ring_, fds, 3), 0);
  EXPECT_EQ(Last().opcode, URING_REGISTER_FILES);
  EXPECT_EQ(Last().arg, fds);
  EXPECT_EQ(Last().nr, 3u);

  rec_.arg_size = sizeof(struct uring_rsrc_register);
  ASSERT_EQ(uring_register_files_tags(&ring_, fds, tags, 3), 0);
  EXPECT_EQ(Last().opcode, URING_REGISTER_FILES2);
  EXPECT_EQ(Last().nr, sizeof(struct uring_rsrc_register));
  auto rr = LastArg<struct uring_rsrc_register>();
  EXPECT_EQ(rr.nr, 3u);
  EXPECT_EQ(rr.flags, 0u);
  EXPECT_EQ(rr.data, (uint64_t)(uintptr_t)fds);
  EXPECT_EQ(rr.tags, (uint64_t)(uintptr_t)tags);

  ASSERT_EQ(uring_register_files_sparse(&ring_, 100), 0);
  rr = LastArg<struct uring_rsrc_register>();
  EXPECT_EQ(rr.nr, 100u);
  EXPECT_EQ(rr.flags, URING_RSRC_REGISTER_SPARSE);
  EXPECT_EQ(rr.data, 0u);

  rec_.arg_size = sizeof(struct uring_files_update);
  ASSERT_EQ(uring_register_files_update(&ring_, 4, fds, 3), 0);
  EXPECT_EQ(Last().opcode, URING_REGISTER_FILES_UPDATE);
  EXPECT_EQ(Last().nr, 3u);
  auto fu = LastArg<struct uring_files_update>();
  EXPECT_EQ(fu.offset, 4u);
  EXPECT_EQ(fu.resv, 0u);
  EXPECT_EQ(fu.fds, (uint64_t)(uintptr_t)fds);

  rec_.arg_size = sizeof(struct uring_rsrc_update2);
  ASSERT_EQ(uring_register_files_update_tag(&ring_, 1, fds, nullptr, 2), 0);
  EXPECT_EQ(Last().opcode, URING_REGISTER_FILES_UPDATE2);
  auto up = LastArg<struct uring_rsrc_update2>();
  EXPECT_EQ(up.offset, 1u);
  EXPECT_EQ(up.data, (uint64_t)(uintptr_t)fds);
  EXPECT_EQ(up.tags, 0u);
  EXPECT_EQ(up.nr, 2u);

  rec_.arg_size = sizeof(struct uring_file_index_range);
  ASSERT_EQ(uring_register_file_alloc_range(&ring_, 10, 20), 0);
  EXPECT_EQ(Last().opcode, URING_REGISTER_FILE_ALLOC_RANGE);
  EXPECT_EQ(Last().nr, 0u);  // the kernel insists on 0 here
  auto range = LastArg<struct uring_file_index_range>();
  EXPECT_EQ(range.off, 10u);
  EXPECT_EQ(range.len, 20u);
  EXPECT_EQ(range.resv, 0u);

  rec_.arg_size = 0;
  ASSERT_EQ(uring_unregister_files(&ring_), 0);
  EXPECT_EQ(Last().opcode, URING_UNREGISTER_FILES);
  EXPECT_EQ(Last().arg, nullptr);
}

TEST_F(RegisterEncoding, EventfdPersonalityRestrictions) {
  rec_.arg_size = sizeof(int);
  ASSERT_EQ(uring_register_eventfd(&ring_, 42), 0);
  EXPECT_EQ(Last().opcode, URING_REGISTER_EVENTFD);
  EXPECT_EQ(Last().nr, 1u);
  EXPECT_EQ(LastArg<int>(), 42);
  ASSERT_EQ(uring_register_eventfd_async(&ring_, 43), 0);
  EXPECT_EQ(Last().opcode, URING_REGISTER_EVENTFD_ASYNC);
  EXPECT_EQ(LastArg<int>(), 43);
  rec_.arg_size = 0;
  ASSERT_EQ(uring_unregister_eventfd(&ring_), 0);
  EXPECT_EQ(Last().opcode, URING_UNREGISTER_EVENTFD);

  rec_.result = 5;
  EXPECT_EQ(uring_register_personality(&ring_), 5);
  EXPECT_EQ(Last().opcode, URING_REGISTER_PERSONALITY);
  EXPECT_EQ(Last().arg, nullptr);
  EXPECT_EQ(Last().nr, 0u);
  rec_.result = 0;
  ASSERT_EQ(uring_unregister_personality(&ring_, 5), 0);
  EXPECT_EQ(Last().opcode, URING_UNREGISTER_PERSONALITY);
  EXPECT_EQ(Last().arg, nullptr);
  EXPECT_EQ(Last().nr, 5u);  // the id travels in nr_args
  size_t n = rec_.calls.size();
  EXPECT_EQ(uring_unregister_personality(&ring_, -1), -EINVAL);
  EXPECT_EQ(rec_.calls.size(), n);

  struct uring_restriction res[2] = {};
  ASSERT_EQ(uring_register_restrictions(&ring_, res, 2), 0);
  EXPECT_EQ(Last().opcode, URING_REGISTER_RESTRICTIONS);
  EXPECT_EQ(Last().arg, res);
  EXPECT_EQ(Last().nr, 2u);
  ASSERT_EQ(uring_enable_rings(&ring_), 0);
  EXPECT_EQ(Last().opcode, URING_REGISTER_ENABLE_RINGS);
  EXPECT_EQ(Last().nr, 0u);
}

TEST_F(RegisterEncoding, BpfFilterOnRing) {
  struct uring_bpf bpf;
  memset(&bpf, 0, sizeof bpf);
  bpf.cmd_type = URING_BPF_CMD_FILTER;
  bpf.filter.opcode = URING_OP_OPENAT;
  bpf.filter.flags = URING_BPF_FILTER_DENY_REST | URING_BPF_FILTER_SZ_STRICT;
  bpf.filter.filter_len = 4;
  bpf.filter.pdu_size = 24;  // struct uring_bpf_ctx_open
  bpf.filter.filter_ptr = 0x1000;
  rec_.arg_size = sizeof bpf;
  ASSERT_EQ(uring_register_bpf_filter(&ring_, &bpf), 0);
  EXPECT_EQ(Last().opcode, URING_REGISTER_BPF_FILTER);
  EXPECT_EQ(Last().nr, 1u);
  EXPECT_EQ(memcmp(Last().bytes.data(), &bpf, sizeof bpf), 0);
  // The kernel reads the expected size from byte 20 of the argument (8 + 12), the byte
  // that was the low byte of a 32-bit reserved word before 7.0's pdu_size.
  EXPECT_EQ(Last().bytes[20], 24);
  EXPECT_EQ(Last().bytes[12], URING_BPF_FILTER_DENY_REST | URING_BPF_FILTER_SZ_STRICT);
}

TEST_F(RegisterEncoding, IoWq) {
  unsigned char mask[16] = {0x1};
  ASSERT_EQ(uring_register_iowq_aff(&ring_, sizeof mask, mask), 0);
  EXPECT_EQ(Last().opcode, URING_REGISTER_IOWQ_AFF);
  EXPECT_EQ(Last().arg, mask);
  EXPECT_EQ(Last().nr, 16u);  // the mask's size in bytes
  // Sizes beyond nr_args' width are clamped, not truncated to something small.
  ASSERT_EQ(uring_register_iowq_aff(&ring_, (size_t)1 << 33, mask), 0);
  EXPECT_EQ(Last().nr, 0xffffffffu);
  ASSERT_EQ(uring_unregister_iowq_aff(&ring_), 0);
  EXPECT_EQ(Last().opcode, URING_UNREGISTER_IOWQ_AFF);
  EXPECT_EQ(Last().arg, nullptr);
  unsigned vals[2] = {1, 2};
  ASSERT_EQ(uring_register_iowq_max_workers(&ring_, vals), 0);
  EXPECT_EQ(Last().opcode, URING_REGISTER_IOWQ_MAX_WORKERS);
  EXPECT_EQ(Last().arg, vals);
  EXPECT_EQ(Last().nr, 2u);
}

TEST_F(RegisterEncoding, BufRingOps) {
  struct uring_buf_reg reg;
  memset(&reg, 0, sizeof reg);
  ASSERT_EQ(uring_register_buf_ring(&ring_, &reg, 0), 0);
  EXPECT_EQ(Last().opcode, URING_REGISTER_PBUF_RING);
  EXPECT_EQ(Last().arg, &reg);
  EXPECT_EQ(Last().nr, 1u);
  size_t n = rec_.calls.size();
  EXPECT_EQ(uring_register_buf_ring(&ring_, &reg, 1), -EINVAL);
  EXPECT_EQ(rec_.calls.size(), n);

  rec_.arg_size = sizeof(struct uring_buf_reg);
  ASSERT_EQ(uring_unregister_buf_ring(&ring_, 0xbeef), 0);
  EXPECT_EQ(Last().opcode, URING_UNREGISTER_PBUF_RING);
  EXPECT_EQ(Last().nr, 1u);
  auto r = LastArg<struct uring_buf_reg>();
  EXPECT_EQ(r.bgid, 0xbeef);
  EXPECT_EQ(r.flags, 0);
  EXPECT_EQ(r.ring_addr, 0u);
  EXPECT_EQ(uring_unregister_buf_ring(&ring_, 0x10000), -EINVAL);

  rec_.arg_size = sizeof(struct uring_buf_status);
  uint16_t head = 1;
  ASSERT_EQ(uring_buf_ring_head(&ring_, 0x1234, &head), 0);
  EXPECT_EQ(Last().opcode, URING_REGISTER_PBUF_STATUS);
  EXPECT_EQ(Last().nr, 1u);
  auto st = LastArg<struct uring_buf_status>();
  EXPECT_EQ(st.buf_group, 0x1234u);
  for (unsigned i = 0; i < 8; i++) EXPECT_EQ(st.resv[i], 0u);
}

// The kernel-memory buffer ring is mapped at URING_OFF_PBUF_RING | bgid << 16 through the
// ring's backend, and unmapped through the same backend at teardown.
TEST_F(RegisterEncoding, BufRingSetupMapsAtGroupOffset) {
  alignas(4096) static unsigned char mem[4096];
  rec_.map_mem = mem;
  rec_.arg_size = sizeof(struct uring_buf_reg);
  struct uring_pbuf_ring pbr;
  ASSERT_EQ(uring_buf_ring_setup(&ring_, &pbr, 16, 0x2a, URING_PBUF_RING_INC), 0);
  ASSERT_EQ(rec_.calls.size(), 1u);
  EXPECT_EQ(Last().opcode, URING_REGISTER_PBUF_RING);
  auto reg = LastArg<struct uring_buf_reg>();
  EXPECT_EQ(reg.ring_addr, 0u);
  EXPECT_EQ(reg.ring_entries, 16u);
  EXPECT_EQ(reg.bgid, 0x2a);
  EXPECT_EQ(reg.flags, URING_PBUF_RING_MMAP | URING_PBUF_RING_INC);
  EXPECT_EQ(rec_.map_offset, URING_OFF_PBUF_RING | (0x2aull << URING_OFF_PBUF_SHIFT));
  EXPECT_EQ(rec_.map_len, 16 * sizeof(struct uring_buf));
  EXPECT_EQ((void *)pbr.br, (void *)mem);
  EXPECT_EQ(pbr.entries, 16u);
  EXPECT_EQ(pbr.bgid, 0x2a);

  ASSERT_EQ(uring_buf_ring_teardown(&ring_, &pbr), 0);
  EXPECT_EQ(Last().opcode, URING_UNREGISTER_PBUF_RING);
  EXPECT_EQ(rec_.unmapped, (void *)mem);
  EXPECT_EQ(rec_.unmapped_len, 16 * sizeof(struct uring_buf));
  EXPECT_EQ(pbr.br, nullptr);
}

// When the mapping fails, the group is unregistered again.
TEST_F(RegisterEncoding, BufRingSetupUndoesRegistrationWhenMapFails) {
  rec_.map_mem = nullptr;
  rec_.arg_size = sizeof(struct uring_buf_reg);
  struct uring_pbuf_ring pbr;
  EXPECT_EQ(uring_buf_ring_setup(&ring_, &pbr, 8, 3, 0), -ENOMEM);
  ASSERT_EQ(rec_.calls.size(), 2u);
  EXPECT_EQ(rec_.calls[1].opcode, URING_UNREGISTER_PBUF_RING);
  auto r = LastArg<struct uring_buf_reg>();
  EXPECT_EQ(r.bgid, 3);
}

TEST_F(RegisterEncoding, CancelNapiClockRegion) {
  struct uring_sync_cancel_reg sc;
  memset(&sc, 0, sizeof sc);
  ASSERT_EQ(uring_register_sync_cancel(&ring_, &sc), 0);
  EXPECT_EQ(Last().opcode, URING_REGISTER_SYNC_CANCEL);
  EXPECT_EQ(Last().arg, &sc);
  EXPECT_EQ(Last().nr, 1u);

  struct uring_napi napi;
  memset(&napi, 0, sizeof napi);
  ASSERT_EQ(uring_register_napi(&ring_, &napi), 0);
  EXPECT_EQ(Last().opcode, URING_REGISTER_NAPI);
  EXPECT_EQ(Last().arg, &napi);
  EXPECT_EQ(Last().nr, 1u);
  ASSERT_EQ(uring_unregister_napi(&ring_, nullptr), 0);
  EXPECT_EQ(Last().opcode, URING_UNREGISTER_NAPI);
  EXPECT_EQ(Last().arg, nullptr);
  EXPECT_EQ(Last().nr, 1u);

  struct uring_clock_register clk;
  memset(&clk, 0, sizeof clk);
  ASSERT_EQ(uring_register_clock(&ring_, &clk), 0);
  EXPECT_EQ(Last().opcode, URING_REGISTER_CLOCK);
  EXPECT_EQ(Last().arg, &clk);
  EXPECT_EQ(Last().nr, 0u);  // the kernel insists on 0 here

  struct uring_mem_region_reg mr;
  memset(&mr, 0, sizeof mr);
  ASSERT_EQ(uring_register_region(&ring_, &mr), 0);
  EXPECT_EQ(Last().opcode, URING_REGISTER_MEM_REGION);
  EXPECT_EQ(Last().arg, &mr);
  EXPECT_EQ(Last().nr, 1u);

  struct uring_query_hdr q;
  memset(&q, 0, sizeof q);
  ASSERT_EQ(uring_register_query(&ring_, &q), 0);
  EXPECT_EQ(Last().opcode, URING_REGISTER_QUERY);
  EXPECT_EQ(Last().arg, &q);
  EXPECT_EQ(Last().nr, 0u);  // the chain ends at next_entry 0, not a count
}

// Zero-copy receive needs a NIC with header split and flow steering, so the kernel side
// cannot run here: the encodings are what the kernel's uapi defines.
TEST_F(RegisterEncoding, ZeroCopyReceive) {
  struct uring_zcrx_area_reg area;
  memset(&area, 0, sizeof area);
  area.addr = 0x200000;
  area.len = 1 << 20;
  struct uring_region_desc rd;
  memset(&rd, 0, sizeof rd);
  rd.size = 4096;
  struct uring_zcrx_ifq_reg reg;
  memset(&reg, 0, sizeof reg);
  reg.if_idx = 2;
  reg.if_rxq = 1;
  reg.rq_entries = 64;
  reg.area_ptr = (uint64_t)(uintptr_t)&area;
  reg.region_ptr = (uint64_t)(uintptr_t)&rd;
  rec_.arg_size = sizeof reg;
  ASSERT_EQ(uring_register_ifq(&ring_, &reg), 0);
  EXPECT_EQ(Last().opcode, URING_REGISTER_ZCRX_IFQ);
  EXPECT_EQ(Last().arg, &reg);
  EXPECT_EQ(Last().nr, 1u);
  EXPECT_EQ(memcmp(Last().bytes.data(), &reg, sizeof reg), 0);
  // Field placement the kernel reads: if_idx at 0, if_rxq at 4, rq_entries at 8, the two
  // pointers at 16 and 24.
  uint32_t w;
  memcpy(&w, Last().bytes.data() + 8, 4);
  EXPECT_EQ(w, 64u);
  uint64_t q;
  memcpy(&q, Last().bytes.data() + 16, 8);
  EXPECT_EQ(q, (uint64_t)(uintptr_t)&area);

  struct uring_zcrx_ctrl ctrl;
  memset(&ctrl, 0, sizeof ctrl);
  ctrl.zcrx_id = 3;
  ctrl.op = URING_ZCRX_CTRL_FLUSH_RQ;
  rec_.arg_size = sizeof ctrl;
  ASSERT_EQ(uring_register_zcrx_ctrl(&ring_, &ctrl), 0);
  EXPECT_EQ(Last().opcode, URING_REGISTER_ZCRX_CTRL);
  EXPECT_EQ(Last().arg, &ctrl);
  EXPECT_EQ(Last().nr, 0u);  // the kernel insists on 0 here
  memcpy(&w, Last().bytes.data() + 4, 4);
  EXPECT_EQ(w, URING_ZCRX_CTRL_FLUSH_RQ);
}

// Register calls take the registered ring index where the kernel accepts it there (6.3,
// URING_FEAT_REG_REG_RING)...
TEST_F(RegisterEncoding, RegisteredRingFdIsUsed) {
  ring_.enter_fd = 1;
  ring_.enter_flags = URING_ENTER_REGISTERED_RING;
  ring_.features = URING_FEAT_REG_REG_RING;
  ASSERT_EQ(uring_unregister_files(&ring_), 0);
  EXPECT_EQ(Last().fd, 1);
  EXPECT_EQ(Last().opcode, URING_UNREGISTER_FILES | URING_REGISTER_USE_REGISTERED_RING);
}

// ...and the ring fd on 5.18-6.2, which know registered rings for io_uring_enter alone.
TEST_F(RegisterEncoding, RingFdWithoutRegisteredRingRegister) {
  ring_.enter_fd = 1;
  ring_.enter_flags = URING_ENTER_REGISTERED_RING;
  ring_.features = URING_FEAT_EXT_ARG | URING_FEAT_CQE_SKIP;
  ASSERT_EQ(uring_unregister_files(&ring_), 0);
  EXPECT_EQ(Last().fd, 7);
  EXPECT_EQ(Last().opcode, URING_UNREGISTER_FILES);
  // With the fd closed nothing reaches the ring.
  ring_.ring_fd = -1;
  rec_.calls.clear();
  EXPECT_EQ(uring_unregister_files(&ring_), -EBADF);
  EXPECT_TRUE(rec_.calls.empty());
}

TEST_F(RegisterEncoding, TornDownRingRefusesWithEbadf) {
  ring_.enter_fd = -1;
  ring_.ring_fd = -1;
  EXPECT_EQ(uring_register_files_sparse(&ring_, 4), -EBADF);
  EXPECT_EQ(uring_resize_rings(&ring_, nullptr), -EFAULT);
  struct uring_params p;
  memset(&p, 0, sizeof p);
  EXPECT_EQ(uring_resize_rings(&ring_, &p), -EBADF);
  EXPECT_TRUE(rec_.calls.empty());
}

}  // namespace
