/* Registering the ring's own fd (5.18). */
#include <stdint.h>

#include "uring/ring/ring.h"
#include "uring/sys/abi.h"
#include "uring/sys/errcodes.h"
#include "uring/sys/syscall.h"

/* Ring-fd registration always names the ring by its real fd: the registered index is the
 * thing being created or removed. */
static int register_by_fd(struct uring *ring, unsigned opcode, const void *arg,
                          unsigned nr) {
  if (ring->ring_fd < 0) return -URING_EBADF;
  if (ring->backend) return ring->backend->reg(ring->backend_ctx, ring->ring_fd, opcode, arg, nr);
  return uring_sys_io_uring_register(ring->ring_fd, opcode, arg, nr);
}

int uring_register_ring_fd(struct uring *ring) {
  struct uring_rsrc_update up;
  int ret;

  if (!ring) return -URING_EFAULT;
  /* Never set up or torn down: a zeroed struct's fd 0 is not a ring. */
  if (!uring_priv_set_up(ring)) return -URING_EBADF;
  if (ring->int_flags & URING_INT_REG_RING) return -URING_EEXIST;
  up.offset = UINT32_MAX; /* let the kernel pick a free slot */
  up.resv = 0;
  up.data = (uint64_t)(uint32_t)ring->ring_fd;
  ret = register_by_fd(ring, URING_REGISTER_RING_FDS, &up, 1);
  if (ret < 0) return ret;
  if (ret != 1) return -URING_EPROTO;
  ring->enter_fd = (int)up.offset;
  ring->enter_flags |= URING_ENTER_REGISTERED_RING;
  ring->int_flags |= URING_INT_REG_RING;
  return 0;
}

int uring_unregister_ring_fd(struct uring *ring) {
  struct uring_rsrc_update up;
  int ret;

  if (!ring) return -URING_EFAULT;
  /* Not registered covers a zeroed or torn-down struct too (no flags). */
  if (!(ring->int_flags & URING_INT_REG_RING)) return -URING_EINVAL;
  up.offset = (uint32_t)ring->enter_fd;
  up.resv = 0;
  up.data = 0;
  if (ring->ring_fd >= 0) {
    ret = register_by_fd(ring, URING_UNREGISTER_RING_FDS, &up, 1);
  } else {
    /* No fd left (REGISTERED_FD_ONLY, or closed): only the index reaches the ring, and
     * unregistering it releases the ring. */
    ret = uring_register(ring, URING_UNREGISTER_RING_FDS, &up, 1);
  }
  if (ret < 0) return ret;
  ring->enter_fd = ring->ring_fd;
  ring->enter_flags &= ~URING_ENTER_REGISTERED_RING;
  ring->int_flags &= ~URING_INT_REG_RING;
  return 0;
}

int uring_close_ring_fd(struct uring *ring) {
  int fd;
  if (!ring) return -URING_EFAULT;
  if (!uring_priv_set_up(ring)) return -URING_EBADF;
  fd = ring->ring_fd;
  if (!(ring->int_flags & URING_INT_REG_RING)) return -URING_EINVAL;
  /* Closed already (or REGISTERED_FD_ONLY): no fd to close, as liburing reports it. */
  if (fd < 0) return -URING_EBADF;
  /* Before 6.3 register calls need the real fd: without it the ring could no longer be
   * probed, registered against, or even have its index unregistered. */
  if (!(ring->features & URING_FEAT_REG_REG_RING)) return -URING_EOPNOTSUPP;
  ring->ring_fd = -1;
  if (ring->backend) return ring->backend->close(ring->backend_ctx, fd);
  return uring_sys_close(fd);
}

