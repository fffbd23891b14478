/* What the running kernel's io_uring supports, without allocation.
 *
 *   struct uring_probe_info info;
 *   if (uring_probe_kernel(&info) == 0 && uring_opcode_supported(&info, URING_OP_READ)) ...
 */
#ifndef URING_RING_PROBE_H
#define URING_RING_PROBE_H

#include "uring/ring/ring.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The kernel's probe answer: a header and one entry per opcode, caller-owned. */
struct uring_probe_info {
  struct uring_probe hdr;
  struct uring_probe_op ops[256];
  uint32_t features; /* URING_FEAT_* of the ring the probe ran on */
  uint32_t resv;
};

/* Asks the ring's kernel which opcodes it supports (URING_REGISTER_PROBE, 5.6). 0 or
 * -errno (-EINVAL before 5.6). */
int uring_get_probe(struct uring *ring, struct uring_probe_info *out);

/* The same through a short-lived ring of its own: -ENOSYS or -EPERM where io_uring is
 * unavailable. */
int uring_probe_kernel(struct uring_probe_info *out);

/* Nonzero when the probe lists `op` as supported. */
int uring_opcode_supported(const struct uring_probe_info *p, unsigned op);

/* The last opcode the kernel knows, from the probe. */
unsigned uring_probe_last_op(const struct uring_probe_info *p);

/* Names without the URING_ prefix ("READV", "SQPOLL", "SINGLE_MMAP"), or NULL when the
 * value is unknown to this library. */
const char *uring_opcode_name(unsigned op);
const char *uring_setup_flag_name(unsigned bit);
const char *uring_feature_name(unsigned bit);
const char *uring_register_op_name(unsigned op);

#ifdef __cplusplus
}
#endif

#endif /* URING_RING_PROBE_H */
