/* The mock's register call (struct uring_backend's reg): the probe, registered ring fds,
 * ENABLE_RINGS. */
#include <stddef.h>
#include <stdint.h>

#include "uring/mock/internal.h"
#include "uring/mock/mock.h"
#include "uring/sys/abi.h"
#include "uring/sys/errcodes.h"

static int all_zero(const unsigned char *p, size_t n) {
  while (n--)
    if (*p++) return 0;
  return 1;
}

static int op_served(unsigned op) {
  switch (op) {
    case URING_OP_NOP:
    case URING_OP_NOP128:
    case URING_OP_READV:
    case URING_OP_WRITEV:
    case URING_OP_FSYNC:
    case URING_OP_POLL_ADD:
    case URING_OP_POLL_REMOVE:
    case URING_OP_TIMEOUT:
    case URING_OP_TIMEOUT_REMOVE:
    case URING_OP_ASYNC_CANCEL:
    case URING_OP_LINK_TIMEOUT:
    case URING_OP_READ:
    case URING_OP_WRITE:
      return 1;
    default:
      return 0;
  }
}

static int reg_probe(const struct uring_mock *m, void *arg, unsigned nr_args) {
  struct uring_probe *hdr = (struct uring_probe *)arg;
  struct uring_probe_op *ops;
  unsigned n, last = URING_OP_LAST - 1;
  if (!arg || nr_args > 256) return -URING_EINVAL;
  if (!all_zero((const unsigned char *)arg, sizeof *hdr + (size_t)nr_args * sizeof *ops))
    return -URING_EINVAL;
  /* The modelled kernel's last opcode: the opcodes are numbered in the order added. */
  while (last && !op_known(m, last)) last--;
  ops = (struct uring_probe_op *)(void *)(hdr + 1);
  n = nr_args < last + 1 ? nr_args : last + 1;
  hdr->last_op = (uint8_t)last;
  hdr->ops_len = (uint8_t)n;
  for (unsigned i = 0; i < n; i++) {
    ops[i].op = (uint8_t)i;
    ops[i].flags = op_served(i) && op_known(m, i) ? (uint16_t)URING_OP_SUPPORTED : (uint16_t)0;
  }
  return 0;
}

static int reg_ring_fds(struct uring_mock *m, struct uring_rsrc_update *up, unsigned nr) {
  unsigned i;
  int ret = 0;
  if (!nr || nr > URING_MOCK_RING_SLOTS) return -URING_EINVAL;
  if (!up) return -URING_EFAULT;
  for (i = 0; i < nr; i++) {
    uint32_t start, end, slot;
    if (up[i].resv) {
      ret = -URING_EINVAL;
      break;
    }
    if (up[i].offset == UINT32_MAX) {
      start = 0;
      end = URING_MOCK_RING_SLOTS;
    } else if (up[i].offset >= URING_MOCK_RING_SLOTS) {
      ret = -URING_EINVAL;
      break;
    } else {
      start = up[i].offset;
      end = start + 1;
    }
    for (slot = start; slot < end && m->ring_slots[slot]; slot++) {
    }
    if (slot == end) {
      ret = -URING_EBUSY;
      break;
    }
    /* Only this ring's own fd names a ring the mock knows. */
    if (!m->fd_open || up[i].data != (uint64_t)(uint32_t)m->fd) {
      ret = -URING_EBADF;
      break;
    }
    m->ring_slots[slot] = 1;
    up[i].offset = slot;
  }
  return i ? (int)i : ret;
}

static int unreg_ring_fds(struct uring_mock *m, const struct uring_rsrc_update *up, unsigned nr) {
  unsigned i;
  int ret = 0;
  if (!nr || nr > URING_MOCK_RING_SLOTS) return -URING_EINVAL;
  if (!up) return -URING_EFAULT;
  for (i = 0; i < nr; i++) {
    if (up[i].resv || up[i].data || up[i].offset >= URING_MOCK_RING_SLOTS) {
      ret = -URING_EINVAL;
      break;
    }
    /* An empty slot is not an error. */
    m->ring_slots[up[i].offset] = 0;
  }
  uring_mock_priv_maybe_destroy(m);
  return i ? (int)i : ret;
}

int uring_mock_priv_register(void *ctx, int fd, unsigned opcode, const void *arg,
                             unsigned nr_args) {
  struct uring_mock *m = (struct uring_mock *)ctx;
  /* Register calls write through arg for some opcodes, as the system call may. */
  void *out = (void *)(uintptr_t)arg;
  int by_index = (opcode & URING_REGISTER_USE_REGISTERED_RING) != 0;
  int ret;

  /* Before 6.3 (URING_FEAT_REG_REG_RING) the flag makes an opcode the kernel does not
   * know. */
  if (by_index && !has(m, REL(6, 3))) return -URING_EINVAL;
  opcode &= ~URING_REGISTER_USE_REGISTERED_RING;
  ret = uring_mock_priv_resolve(m, fd, by_index);
  if (ret < 0) return ret;
  switch (opcode) {
    case URING_REGISTER_PROBE:
      if (!has(m, REL(5, 6))) return -URING_EINVAL;
      return reg_probe(m, out, nr_args);
    case URING_REGISTER_RING_FDS:
      if (!has(m, REL(5, 18))) return -URING_EINVAL;
      return reg_ring_fds(m, (struct uring_rsrc_update *)out, nr_args);
    case URING_UNREGISTER_RING_FDS:
      if (!has(m, REL(5, 18))) return -URING_EINVAL;
      return unreg_ring_fds(m, (const struct uring_rsrc_update *)arg, nr_args);
    case URING_REGISTER_ENABLE_RINGS:
      if (!has(m, REL(5, 10))) return -URING_EINVAL;
      if (arg || nr_args) return -URING_EINVAL;
      if (!m->disabled) return -URING_EBADFD;
      m->disabled = 0;
      return 0;
    default:
      return -URING_EINVAL;
  }
}
