/* Fuzzer: the sqe_sequence action language (sqe_sequence.h) against the real kernel, on a
 * ring created disabled (URING_SETUP_R_DISABLED, 5.10), restricted to NOP and a few SQE
 * flags (links, drain, async, skip-success) with URING_REGISTER_RESTRICTIONS, then
 * enabled. Anything else the fuzzer asks for completes with -EACCES. Returns at once where
 * io_uring is unavailable.
 *
 * Input: [size][setup flags][cq size] then actions. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz/sqe_sequence.h"
#include "uring/uring.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  struct seq_input in = {data, size};
  struct seq_setup s;
  struct uring ring;
  struct uring_restriction res[2];
  int ret;

  seq_decode_setup(&in, &s);
  s.p.flags |= URING_SETUP_R_DISABLED;
  ret = uring_init_params(&ring, s.entries, &s.p);
  if (ret == -URING_ENOSYS || ret == -URING_EPERM || ret == -URING_ENOMEM) return 0;
  if (ret == -URING_EINVAL) {
    /* Only a CQ smaller than the SQ is refused here (6.18 has every other flag used). */
    if (!(s.p.flags & URING_SETUP_CQSIZE)) __builtin_trap();
    return 0;
  }
  if (ret < 0) __builtin_trap();

  memset(res, 0, sizeof res);
  res[0].opcode = URING_RESTRICTION_SQE_OP;
  res[0].sqe_op = URING_OP_NOP;
  res[1].opcode = URING_RESTRICTION_SQE_FLAGS_ALLOWED;
  res[1].sqe_flags = URING_SQE_ASYNC | URING_SQE_CQE_SKIP_SUCCESS | URING_SQE_IO_LINK |
                     URING_SQE_IO_HARDLINK | URING_SQE_IO_DRAIN;
  if (uring_register_restrictions(&ring, res, 2) < 0) __builtin_trap();
  if (uring_enable_rings(&ring) < 0) __builtin_trap();

  seq_run(&ring, NULL, 0, &in);
  uring_exit(&ring);
  return 0;
}
