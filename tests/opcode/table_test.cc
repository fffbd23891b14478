// The opcode table (uring/opcode/table.h): one consistent row per opcode, named as the
// probe names it; and a prep helper for every opcode.
#include <errno.h>
#include <sys/utsname.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <set>
#include <string>

#include "gtest/gtest.h"
#include "uring/uring.h"

namespace {

TEST(OpcodeTable, EveryOpcodeHasARow) {
  ASSERT_EQ(uring_opcode_count(), URING_OP_LAST);
  for (unsigned op = 0; op < URING_OP_LAST; ++op) {
    SCOPED_TRACE(op);
    const struct uring_opcode_desc *info = uring_opcode_info(op);
    ASSERT_NE(info, nullptr);
    EXPECT_EQ(info->opcode, op);
    ASSERT_NE(info->name, nullptr);
    ASSERT_NE(info->family, nullptr);
    EXPECT_STRNE(info->name, "");
    EXPECT_STRNE(info->family, "");
  }
  EXPECT_EQ(uring_opcode_info(URING_OP_LAST), nullptr);
  EXPECT_EQ(uring_opcode_info(255), nullptr);
  EXPECT_EQ(uring_opcode_info(~0u), nullptr);
}

// Each name is the URING_OP_ constant's own spelling, paired through the ABI header's
// value: a table row under the wrong number, or a misspelt name, fails here. The probe
// tool's names (uring_opcode_name) come from the same rows.
TEST(OpcodeTable, NamesAreTheAbiConstantNames) {
#define OP(name) {URING_OP_##name, #name}
  static const struct {
    unsigned op;
    const char *name;
  } kNames[] = {
      OP(NOP),
      OP(READV),
      OP(WRITEV),
      OP(FSYNC),
      OP(READ_FIXED),
      OP(WRITE_FIXED),
      OP(POLL_ADD),
      OP(POLL_REMOVE),
      OP(SYNC_FILE_RANGE),
      OP(SENDMSG),
      OP(RECVMSG),
      OP(TIMEOUT),
      OP(TIMEOUT_REMOVE),
      OP(ACCEPT),
      OP(ASYNC_CANCEL),
      OP(LINK_TIMEOUT),
      OP(CONNECT),
      OP(FALLOCATE),
      OP(OPENAT),
      OP(CLOSE),
      OP(FILES_UPDATE),
      OP(STATX),
      OP(READ),
      OP(WRITE),
      OP(FADVISE),
      OP(MADVISE),
      OP(SEND),
      OP(RECV),
      OP(OPENAT2),
      OP(EPOLL_CTL),
      OP(SPLICE),
      OP(PROVIDE_BUFFERS),
      OP(REMOVE_BUFFERS),
      OP(TEE),
      OP(SHUTDOWN),
      OP(RENAMEAT),
      OP(UNLINKAT),
      OP(MKDIRAT),
      OP(SYMLINKAT),
      OP(LINKAT),
      OP(MSG_RING),
      OP(FSETXATTR),
      OP(SETXATTR),
      OP(FGETXATTR),
      OP(GETXATTR),
      OP(SOCKET),
      OP(URING_CMD),
      OP(SEND_ZC),
      OP(SENDMSG_ZC),
      OP(READ_MULTISHOT),
      OP(WAITID),
      OP(FUTEX_WAIT),
      OP(FUTEX_WAKE),
      OP(FUTEX_WAITV),
      OP(FIXED_FD_INSTALL),
      OP(FTRUNCATE),
      OP(BIND),
      OP(LISTEN),
      OP(RECV_ZC),
      OP(EPOLL_WAIT),
      OP(READV_FIXED),
      OP(WRITEV_FIXED),
      OP(PIPE),
      OP(NOP128),
      OP(URING_CMD128),
  };
#undef OP
  ASSERT_EQ(sizeof kNames / sizeof kNames[0], (size_t)URING_OP_LAST);
  for (const auto &n : kNames) {
    SCOPED_TRACE(n.name);
    ASSERT_NE(uring_opcode_info(n.op), nullptr);
    EXPECT_STREQ(uring_opcode_info(n.op)->name, n.name);
    EXPECT_STREQ(uring_opcode_name(n.op), n.name);
  }
  EXPECT_EQ(uring_opcode_name(URING_OP_LAST), nullptr);
}

// Families are the //uring/opcode targets that hold the helpers.
TEST(OpcodeTable, FamiliesAreTheOpcodeTargets) {
  const std::set<std::string> targets = {"nop",    "rw",   "sync",    "fs",     "xattr",
                                         "net",    "poll", "timeout", "cancel", "buffer",
                                         "splice", "msg",  "cmd"};
  std::set<std::string> used;
  for (unsigned op = 0; op < URING_OP_LAST; ++op) {
    SCOPED_TRACE(uring_opcode_info(op)->name);
    EXPECT_EQ(targets.count(uring_opcode_info(op)->family), 1u) << uring_opcode_info(op)->family;
    used.insert(uring_opcode_info(op)->family);
  }
  EXPECT_EQ(used, targets);
  EXPECT_STREQ(uring_opcode_info(URING_OP_READV)->family, "rw");
  EXPECT_STREQ(uring_opcode_info(URING_OP_EPOLL_CTL)->family, "poll");
  EXPECT_STREQ(uring_opcode_info(URING_OP_FUTEX_WAITV)->family, "msg");
  EXPECT_STREQ(uring_opcode_info(URING_OP_FIXED_FD_INSTALL)->family, "fs");
}

// Versions: within 5.1 .. 7.0, in opcode order (opcodes are numbered as they were added),
// and a few pinned.
TEST(OpcodeTable, KernelVersions) {
  for (unsigned op = 0; op < URING_OP_LAST; ++op) {
    const struct uring_opcode_desc *info = uring_opcode_info(op);
    SCOPED_TRACE(info->name);
    unsigned v = info->since_major * 100u + info->since_minor;
    EXPECT_GE(v, 501u);
    EXPECT_LE(v, 700u);
    if (op > 0) {
      const struct uring_opcode_desc *prev = uring_opcode_info(op - 1);
      EXPECT_GE(v, prev->since_major * 100u + prev->since_minor);
    }
  }
  auto version = [](unsigned op) {
    const struct uring_opcode_desc *i = uring_opcode_info(op);
    return i->since_major * 100u + i->since_minor;
  };
  EXPECT_EQ(version(URING_OP_NOP), 501u);
  EXPECT_EQ(version(URING_OP_READ), 506u);
  EXPECT_EQ(version(URING_OP_SEND_ZC), 600u);
  EXPECT_EQ(version(URING_OP_READ_MULTISHOT), 607u);
  EXPECT_EQ(version(URING_OP_PIPE), 616u);
  EXPECT_EQ(version(URING_OP_URING_CMD128), 619u);
}

// The release (major * 100 + minor) whose io_uring code a kernel carries: its own release,
// or later where a stable kernel took newer io_uring code, which the feature flags it
// reports give away (Debian's 5.10.223 reports 5.13's RSRC_TAGS: it carries 5.15's
// io_uring). The releases are those uring/sys/abi.h gives for each URING_FEAT_*.
unsigned IoUringRelease(unsigned uname_release, uint32_t features) {
  static const struct {
    uint32_t feat;
    unsigned since;
  } kFeatures[] = {
      {URING_FEAT_SINGLE_MMAP, 504},    {URING_FEAT_NODROP, 505},
      {URING_FEAT_SUBMIT_STABLE, 505},  {URING_FEAT_RW_CUR_POS, 506},
      {URING_FEAT_CUR_PERSONALITY, 506}, {URING_FEAT_FAST_POLL, 507},
      {URING_FEAT_POLL_32BITS, 509},    {URING_FEAT_SQPOLL_NONFIXED, 511},
      {URING_FEAT_EXT_ARG, 511},        {URING_FEAT_NATIVE_WORKERS, 512},
      {URING_FEAT_RSRC_TAGS, 513},      {URING_FEAT_CQE_SKIP, 517},
      {URING_FEAT_LINKED_FILE, 518},    {URING_FEAT_REG_REG_RING, 603},
      {URING_FEAT_RECVSEND_BUNDLE, 610}, {URING_FEAT_MIN_TIMEOUT, 612},
      {URING_FEAT_RW_ATTR, 614},        {URING_FEAT_NO_IOWAIT, 615},
  };
  unsigned r = uname_release;
  for (const auto &f : kFeatures)
    if ((features & f.feat) && f.since > r) r = f.since;
  return r;
}

// Cross-check with the running kernel: an opcode its probe reports must not be listed as
// added by a release later than the io_uring code the kernel carries. (The converse does
// not hold: a kernel built without, say, CONFIG_FUTEX lacks opcodes older than itself, and
// a stable kernel's io_uring backport can leave out opcodes that need newer VFS calls.)
TEST(OpcodeTable, ProbeAgreesWithVersions) {
  struct uring_probe_info probe;
  int ret = uring_probe_kernel(&probe);
  if (ret == -ENOSYS || ret == -EPERM) GTEST_SKIP() << "io_uring unavailable: " << ret;
  ASSERT_EQ(ret, 0);
  struct uring ring;
  ASSERT_EQ(uring_init(&ring, 2, 0), 0);
  const uint32_t features = ring.features;
  uring_exit(&ring);
  struct utsname u;
  ASSERT_EQ(uname(&u), 0);
  unsigned major = 0, minor = 0;
  ASSERT_EQ(std::sscanf(u.release, "%u.%u", &major, &minor), 2) << u.release;
  const unsigned running = IoUringRelease(major * 100u + minor, features);
  for (unsigned op = 0; op < URING_OP_LAST; ++op) {
    const struct uring_opcode_desc *i = uring_opcode_info(op);
    SCOPED_TRACE(i->name);
    if (uring_opcode_supported(&probe, op)) {
      EXPECT_LE(i->since_major * 100u + i->since_minor, running)
          << "kernel " << u.release << ", io_uring of " << running / 100 << "." << running % 100;
    }
  }
}

TEST(OpcodeTable, OnlyThe128ByteOpcodesNeedA128ByteEntry) {
  for (unsigned op = 0; op < URING_OP_LAST; ++op) {
    SCOPED_TRACE(op);
    bool big = op == URING_OP_NOP128 || op == URING_OP_URING_CMD128;
    EXPECT_EQ(uring_opcode_info(op)->sqe_bytes, big ? 128 : 64);
  }
}

// The bitmask and the per-field kinds say the same thing.
TEST(OpcodeTable, PointerDescriptionIsConsistent) {
  for (unsigned op = 0; op < URING_OP_LAST; ++op) {
    const struct uring_opcode_desc *i = uring_opcode_info(op);
    SCOPED_TRACE(i->name);
    EXPECT_EQ((i->ptrs & URING_OPINFO_ADDR) != 0, i->addr_kind != URING_OPPTR_NONE);
    EXPECT_EQ((i->ptrs & URING_OPINFO_ADDR2) != 0, i->addr2_kind != URING_OPPTR_NONE);
    EXPECT_EQ((i->ptrs & URING_OPINFO_ADDR3) != 0, i->addr3_kind != URING_OPPTR_NONE);
    EXPECT_EQ((i->ptrs & URING_OPINFO_LEN_BYTES) != 0, i->addr_kind == URING_OPPTR_BUF);
    EXPECT_EQ((i->ptrs & URING_OPINFO_LEN_IOVECS) != 0, i->addr_kind == URING_OPPTR_IOVEC);
    EXPECT_FALSE((i->ptrs & URING_OPINFO_LEN_BYTES) && (i->ptrs & URING_OPINFO_LEN_IOVECS));
    const uint8_t kinds[3] = {i->addr_kind, i->addr2_kind, i->addr3_kind};
    const uint16_t sizes[3] = {i->addr_size, i->addr2_size, i->addr3_size};
    for (int f = 0; f < 3; ++f) {
      SCOPED_TRACE(f);
      EXPECT_LE(kinds[f], URING_OPPTR_BUFFERS);
      bool sized = kinds[f] == URING_OPPTR_OBJECT || kinds[f] == URING_OPPTR_ARRAY;
      EXPECT_EQ(sizes[f] != 0, sized);
    }
    // len can describe one buffer only.
    int len_users = 0;
    for (int f = 0; f < 3; ++f) {
      len_users += kinds[f] == URING_OPPTR_BUF || kinds[f] == URING_OPPTR_IOVEC ||
                   kinds[f] == URING_OPPTR_ARRAY || kinds[f] == URING_OPPTR_BUFFERS;
    }
    EXPECT_LE(len_users, 1);
    EXPECT_EQ(i->resv, 0);
  }
}

// A few rows spelled out, from the kernel's prep handlers.
TEST(OpcodeTable, KnownRows) {
  const struct uring_opcode_desc *readv = uring_opcode_info(URING_OP_READV);
  EXPECT_EQ(readv->ptrs, URING_OPINFO_ADDR | URING_OPINFO_LEN_IOVECS);
  const struct uring_opcode_desc *read = uring_opcode_info(URING_OP_READ);
  EXPECT_EQ(read->ptrs, URING_OPINFO_ADDR | URING_OPINFO_LEN_BYTES);
  // STATX: the path at addr, the struct statx at addr2; len is the mask.
  const struct uring_opcode_desc *statx = uring_opcode_info(URING_OP_STATX);
  EXPECT_EQ(statx->ptrs, URING_OPINFO_ADDR | URING_OPINFO_ADDR2);
  EXPECT_EQ(statx->addr_kind, URING_OPPTR_STRING);
  EXPECT_EQ(statx->addr2_kind, URING_OPPTR_OBJECT);
  EXPECT_EQ(statx->addr2_size, 256);
  // GETXATTR: name, value (len bytes), path.
  const struct uring_opcode_desc *gx = uring_opcode_info(URING_OP_GETXATTR);
  EXPECT_EQ(gx->ptrs, URING_OPINFO_ADDR | URING_OPINFO_ADDR2 | URING_OPINFO_ADDR3);
  EXPECT_EQ(gx->addr2_kind, URING_OPPTR_BUF);
  // Values that share the address fields are not pointers.
  EXPECT_EQ(uring_opcode_info(URING_OP_ASYNC_CANCEL)->ptrs, 0u);
  EXPECT_EQ(uring_opcode_info(URING_OP_POLL_REMOVE)->ptrs, 0u);
  EXPECT_EQ(uring_opcode_info(URING_OP_FALLOCATE)->ptrs, 0u);
  EXPECT_EQ(uring_opcode_info(URING_OP_SPLICE)->ptrs, 0u);
  EXPECT_EQ(uring_opcode_info(URING_OP_MSG_RING)->ptrs, 0u);
  EXPECT_EQ(uring_opcode_info(URING_OP_TIMEOUT)->addr_size, 16);
  EXPECT_EQ(uring_opcode_info(URING_OP_SENDMSG)->addr_size, 7 * sizeof(void *));
  EXPECT_EQ(uring_opcode_info(URING_OP_URING_CMD)->ptrs, URING_OPINFO_CMD);
}

// Every opcode has a prep helper that encodes it, in the family header the table names
// (written down here from where each helper is declared).
TEST(OpcodeTable, EveryOpcodeHasAPrepHelperInItsFamily) {
  struct Helper {
    const char *family;
    void (*prep)(struct uring_sqe *);
  };
  const Helper helpers[] = {
      {"nop", [](struct uring_sqe *s) { uring_prep_nop(s); }},
      {"rw", [](struct uring_sqe *s) { uring_prep_readv(s, 0, nullptr, 0, 0); }},
      {"rw", [](struct uring_sqe *s) { uring_prep_writev(s, 0, nullptr, 0, 0); }},
      {"sync", [](struct uring_sqe *s) { uring_prep_fsync(s, 0, 0); }},
      {"rw", [](struct uring_sqe *s) { uring_prep_read_fixed(s, 0, nullptr, 0, 0, 0); }},
      {"rw", [](struct uring_sqe *s) { uring_prep_write_fixed(s, 0, nullptr, 0, 0, 0); }},
      {"poll", [](struct uring_sqe *s) { uring_prep_poll_add(s, 0, 1); }},
      {"poll", [](struct uring_sqe *s) { uring_prep_poll_remove(s, 0); }},
      {"sync", [](struct uring_sqe *s) { uring_prep_sync_file_range(s, 0, 0, 0, 0); }},
      {"net", [](struct uring_sqe *s) { uring_prep_sendmsg(s, 0, nullptr, 0); }},
      {"net", [](struct uring_sqe *s) { uring_prep_recvmsg(s, 0, nullptr, 0); }},
      {"timeout", [](struct uring_sqe *s) { uring_prep_timeout(s, nullptr, 0, 0); }},
      {"timeout", [](struct uring_sqe *s) { uring_prep_timeout_remove(s, 0, 0); }},
      {"net", [](struct uring_sqe *s) { uring_prep_accept(s, 0, nullptr, nullptr, 0); }},
      {"cancel", [](struct uring_sqe *s) { uring_prep_cancel64(s, 0, 0); }},
      {"timeout", [](struct uring_sqe *s) { uring_prep_link_timeout(s, nullptr, 0); }},
      {"net", [](struct uring_sqe *s) { uring_prep_connect(s, 0, nullptr, 0); }},
      {"sync", [](struct uring_sqe *s) { uring_prep_fallocate(s, 0, 0, 0, 0); }},
      {"fs", [](struct uring_sqe *s) { uring_prep_openat(s, 0, nullptr, 0, 0); }},
      {"fs", [](struct uring_sqe *s) { uring_prep_close(s, 0); }},
      {"fs", [](struct uring_sqe *s) { uring_prep_files_update(s, nullptr, 0, 0); }},
      {"fs", [](struct uring_sqe *s) { uring_prep_statx(s, 0, nullptr, 0, 0, nullptr); }},
      {"rw", [](struct uring_sqe *s) { uring_prep_read(s, 0, nullptr, 0, 0); }},
      {"rw", [](struct uring_sqe *s) { uring_prep_write(s, 0, nullptr, 0, 0); }},
      {"sync", [](struct uring_sqe *s) { uring_prep_fadvise(s, 0, 0, 0, 0); }},
      {"sync", [](struct uring_sqe *s) { uring_prep_madvise(s, nullptr, 0, 0); }},
      {"net", [](struct uring_sqe *s) { uring_prep_send(s, 0, nullptr, 0, 0); }},
      {"net", [](struct uring_sqe *s) { uring_prep_recv(s, 0, nullptr, 0, 0); }},
      {"fs", [](struct uring_sqe *s) { uring_prep_openat2(s, 0, nullptr, nullptr); }},
      {"poll", [](struct uring_sqe *s) { uring_prep_epoll_ctl(s, 0, 0, 0, nullptr); }},
      {"splice", [](struct uring_sqe *s) { uring_prep_splice(s, 0, -1, 0, -1, 0, 0); }},
      {"buffer", [](struct uring_sqe *s) { uring_prep_provide_buffers(s, nullptr, 0, 0, 0, 0); }},
      {"buffer", [](struct uring_sqe *s) { uring_prep_remove_buffers(s, 0, 0); }},
      {"splice", [](struct uring_sqe *s) { uring_prep_tee(s, 0, 0, 0, 0); }},
      {"net", [](struct uring_sqe *s) { uring_prep_shutdown(s, 0, 0); }},
      {"fs", [](struct uring_sqe *s) { uring_prep_renameat(s, 0, nullptr, 0, nullptr, 0); }},
      {"fs", [](struct uring_sqe *s) { uring_prep_unlinkat(s, 0, nullptr, 0); }},
      {"fs", [](struct uring_sqe *s) { uring_prep_mkdirat(s, 0, nullptr, 0); }},
      {"fs", [](struct uring_sqe *s) { uring_prep_symlinkat(s, nullptr, 0, nullptr); }},
      {"fs", [](struct uring_sqe *s) { uring_prep_linkat(s, 0, nullptr, 0, nullptr, 0); }},
      {"msg", [](struct uring_sqe *s) { uring_prep_msg_ring(s, 0, 0, 0, 0); }},
      {"xattr", [](struct uring_sqe *s) { uring_prep_fsetxattr(s, 0, nullptr, nullptr, 0, 0); }},
      {"xattr",
       [](struct uring_sqe *s) { uring_prep_setxattr(s, nullptr, nullptr, nullptr, 0, 0); }},
      {"xattr", [](struct uring_sqe *s) { uring_prep_fgetxattr(s, 0, nullptr, nullptr, 0); }},
      {"xattr", [](struct uring_sqe *s) { uring_prep_getxattr(s, nullptr, nullptr, nullptr, 0); }},
      {"net", [](struct uring_sqe *s) { uring_prep_socket(s, 0, 0, 0, 0); }},
      {"cmd", [](struct uring_sqe *s) { uring_prep_uring_cmd(s, 0, 0); }},
      {"net", [](struct uring_sqe *s) { uring_prep_send_zc(s, 0, nullptr, 0, 0, 0); }},
      {"net", [](struct uring_sqe *s) { uring_prep_sendmsg_zc(s, 0, nullptr, 0); }},
      {"rw", [](struct uring_sqe *s) { uring_prep_read_multishot(s, 0, 0, 0, 0); }},
      {"msg", [](struct uring_sqe *s) { uring_prep_waitid(s, 0, 0, nullptr, 0, 0); }},
      {"msg", [](struct uring_sqe *s) { uring_prep_futex_wait(s, nullptr, 0, 0, 0, 0); }},
      {"msg", [](struct uring_sqe *s) { uring_prep_futex_wake(s, nullptr, 0, 0, 0, 0); }},
      {"msg", [](struct uring_sqe *s) { uring_prep_futex_waitv(s, nullptr, 0, 0); }},
      {"fs", [](struct uring_sqe *s) { uring_prep_fixed_fd_install(s, 0, 0); }},
      {"sync", [](struct uring_sqe *s) { uring_prep_ftruncate(s, 0, 0); }},
      {"net", [](struct uring_sqe *s) { uring_prep_bind(s, 0, nullptr, 0); }},
      {"net", [](struct uring_sqe *s) { uring_prep_listen(s, 0, 0); }},
      {"net", [](struct uring_sqe *s) { uring_prep_recv_zc(s, 0, 0, 0, 0); }},
      {"poll", [](struct uring_sqe *s) { uring_prep_epoll_wait(s, 0, nullptr, 0, 0); }},
      {"rw", [](struct uring_sqe *s) { uring_prep_readv_fixed(s, 0, nullptr, 0, 0, 0, 0); }},
      {"rw", [](struct uring_sqe *s) { uring_prep_writev_fixed(s, 0, nullptr, 0, 0, 0, 0); }},
      {"fs", [](struct uring_sqe *s) { uring_prep_pipe(s, nullptr, 0); }},
      {"nop", [](struct uring_sqe *s) { uring_prep_nop128(s); }},
      {"cmd", [](struct uring_sqe *s) { uring_prep_uring_cmd128(s, 0, 0); }},
  };
  ASSERT_EQ(sizeof helpers / sizeof helpers[0], URING_OP_LAST);
  for (unsigned op = 0; op < URING_OP_LAST; ++op) {
    SCOPED_TRACE(uring_opcode_info(op)->name);
    struct uring_sqe pair[2];
    std::memset(pair, 0xa5, sizeof pair);
    helpers[op].prep(&pair[0]);
    EXPECT_EQ(pair[0].opcode, op);
    EXPECT_STREQ(uring_opcode_info(op)->family, helpers[op].family);
  }
}

}  // namespace
