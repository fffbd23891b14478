/* The seam between the library and whatever serves the kernel side of a ring.
 *
 * A ring created with a backend (uring_init_backend) sends the five calls that cross the
 * syscall boundary through this table instead of the raw system calls: setup, enter,
 * register, map and unmap, plus close, and reads the time for wait deadlines from its
 * clock when it has one. Nothing else goes through it: getting and filling
 * SQEs, publishing the SQ tail, reading CQEs and advancing the CQ head touch the shared
 * ring memory directly, exactly as with the kernel. //uring/mock is one backend; a test
 * harness can write its own.
 *
 * Every function returns >= 0 or -errno, like the system call it stands for.
 */
#ifndef URING_RING_BACKEND_H
#define URING_RING_BACKEND_H

#include <stddef.h>
#include <stdint.h>

#include "uring/sys/abi.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One region of ring memory: what map returned (or caller memory, with NO_MMAP) and how
 * long it is. */
struct uring_region {
  void *addr;
  size_t size;
};

struct uring_backend {
  /* io_uring_setup(2): fills *p (features, offsets) and returns a ring fd. */
  int (*setup)(void *ctx, unsigned entries, struct uring_params *p);
  /* io_uring_enter(2). */
  int (*enter)(void *ctx, int fd, unsigned to_submit, unsigned min_complete, unsigned flags,
               const void *arg, size_t argsz);
  /* io_uring_register(2). */
  int (*reg)(void *ctx, int fd, unsigned opcode, const void *arg, unsigned nr_args);
  /* mmap(2) of one of the ring regions (offset URING_OFF_SQ_RING, URING_OFF_CQ_RING,
   * URING_OFF_SQES, or a provided-buffer ring): stores the address in *out. */
  int (*map)(void *ctx, int fd, uint64_t offset, size_t len, void **out);
  /* munmap(2) of a region returned by map. */
  int (*unmap)(void *ctx, void *addr, size_t len);
  /* close(2) of the ring fd. */
  int (*close)(void *ctx, int fd);
  /* clock_gettime(2) of the clock enter's timeouts run on (CLOCK_MONOTONIC for the
   * kernel): waits with a timeout fix their deadline on it. NULL: CLOCK_MONOTONIC. */
  int (*clock)(void *ctx, struct uring_timespec *now);
};

#ifdef __cplusplus
}
#endif

#endif /* URING_RING_BACKEND_H */
