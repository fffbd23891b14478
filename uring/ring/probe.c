/* The probe, and names for opcodes, setup flags, features and register operations. */
#include <stddef.h>
#include <stdint.h>

#include "uring/opcode/table.h"
#include "uring/ring/internal.h"
#include "uring/ring/probe.h"
#include "uring/ring/ring.h"
#include "uring/sys/abi.h"
#include "uring/sys/errcodes.h"

int uring_get_probe(struct uring *ring, struct uring_probe_info *out) {
  int ret;
  if (!ring || !out) return -URING_EFAULT;
  /* The kernel refuses a probe buffer that is not zeroed. */
  uring_priv_zero(out, sizeof *out);
  ret = uring_register(ring, URING_REGISTER_PROBE, out, 256);
  if (ret < 0) return ret;
  out->features = ring->features;
  return 0;
}

int uring_probe_kernel(struct uring_probe_info *out) {
  struct uring ring;
  struct uring_params p;
  int ret;
  if (!out) return -URING_EFAULT;
  uring_priv_zero(&p, sizeof p);
  ret = uring_init_params(&ring, 2, &p);
  if (ret < 0) return ret;
  ret = uring_get_probe(&ring, out);
  uring_exit(&ring);
  return ret;
}

int uring_opcode_supported(const struct uring_probe_info *p, unsigned op) {
  if (!p || op >= p->hdr.ops_len || op >= 256) return 0;
  return (p->ops[op].flags & URING_OP_SUPPORTED) != 0;
}

unsigned uring_probe_last_op(const struct uring_probe_info *p) { return p ? p->hdr.last_op : 0; }

static const char *const setup_names[] = {
    "IOPOLL", "SQPOLL", "SQ_AFF", "CQSIZE", "CLAMP", "ATTACH_WQ", "R_DISABLED",
    "SUBMIT_ALL", "COOP_TASKRUN", "TASKRUN_FLAG", "SQE128", "CQE32", "SINGLE_ISSUER",
    "DEFER_TASKRUN", "NO_MMAP", "REGISTERED_FD_ONLY", "NO_SQARRAY", "HYBRID_IOPOLL",
    "CQE_MIXED", "SQE_MIXED", "SQ_REWIND",
};

static const char *const feature_names[] = {
    "SINGLE_MMAP", "NODROP", "SUBMIT_STABLE", "RW_CUR_POS", "CUR_PERSONALITY", "FAST_POLL",
    "POLL_32BITS", "SQPOLL_NONFIXED", "EXT_ARG", "NATIVE_WORKERS", "RSRC_TAGS", "CQE_SKIP",
    "LINKED_FILE", "REG_REG_RING", "RECVSEND_BUNDLE", "MIN_TIMEOUT", "RW_ATTR", "NO_IOWAIT",
};

static const char *const register_names[] = {
    "REGISTER_BUFFERS", "UNREGISTER_BUFFERS", "REGISTER_FILES", "UNREGISTER_FILES",
    "REGISTER_EVENTFD", "UNREGISTER_EVENTFD", "REGISTER_FILES_UPDATE",
    "REGISTER_EVENTFD_ASYNC", "REGISTER_PROBE", "REGISTER_PERSONALITY",
    "UNREGISTER_PERSONALITY", "REGISTER_RESTRICTIONS", "REGISTER_ENABLE_RINGS",
    "REGISTER_FILES2", "REGISTER_FILES_UPDATE2", "REGISTER_BUFFERS2",
    "REGISTER_BUFFERS_UPDATE", "REGISTER_IOWQ_AFF", "UNREGISTER_IOWQ_AFF",
    "REGISTER_IOWQ_MAX_WORKERS", "REGISTER_RING_FDS", "UNREGISTER_RING_FDS",
    "REGISTER_PBUF_RING", "UNREGISTER_PBUF_RING", "REGISTER_SYNC_CANCEL",
    "REGISTER_FILE_ALLOC_RANGE", "REGISTER_PBUF_STATUS", "REGISTER_NAPI", "UNREGISTER_NAPI",
    "REGISTER_CLOCK", "REGISTER_CLONE_BUFFERS", "REGISTER_SEND_MSG_RING",
    "REGISTER_ZCRX_IFQ", "REGISTER_RESIZE_RINGS", "REGISTER_MEM_REGION", "REGISTER_QUERY",
    "REGISTER_ZCRX_CTRL", "REGISTER_BPF_FILTER",
};
_Static_assert(sizeof(register_names) / sizeof(register_names[0]) == URING_REGISTER_LAST,
               "one name per register opcode");

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const char *uring_opcode_name(unsigned op) {
  /* One list of opcode names: the opcode table's. */
  const struct uring_opcode_desc *info = uring_opcode_info(op);
  return info ? info->name : NULL;
}

const char *uring_setup_flag_name(unsigned bit) {
  return bit < COUNT(setup_names) ? setup_names[bit] : NULL;
}

const char *uring_feature_name(unsigned bit) {
  return bit < COUNT(feature_names) ? feature_names[bit] : NULL;
}

const char *uring_register_op_name(unsigned op) {
  return op < COUNT(register_names) ? register_names[op] : NULL;
}
