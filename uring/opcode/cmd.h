/* Passthrough commands: URING_CMD and URING_CMD128, handled by the file's driver (NVMe
 * char devices, ublk, sockets: see net.h for the socket commands).
 *
 * The kernel reads cmd_op (the low 32 bits of off; the high 32 must be 0), fd,
 * uring_cmd_flags (URING_URING_CMD_FIXED with buf_index, 6.1; URING_URING_CMD_MULTISHOT
 * with a provided-buffer group, 6.18) and hands the payload from byte 48 to the driver:
 * 16 bytes in a 64-byte entry, 80 in a 128-byte one. Fill the payload through
 * uring_sqe_cmd() after the prep helper, which zeroes it. */
#ifndef URING_OPCODE_CMD_H
#define URING_OPCODE_CMD_H

#include <stdint.h>

#include "uring/opcode/prep.h"
#include "uring/sys/cast.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Command `cmd_op` (driver-defined) on `fd`. On a URING_SETUP_SQE128 ring the entry is
 * 128 bytes but this writes only the first 64: zero or fill the rest through
 * uring_sqe_cmd(). 5.19 */
static inline void uring_prep_uring_cmd(struct uring_sqe *sqe, int cmd_op, int fd) {
  uring_prep_rw(URING_OP_URING_CMD, sqe, fd, URING_NULL, 0, 0);
  sqe->cmd_op = URING_CAST(uint32_t, cmd_op);
}

/* Command `cmd_op` on `fd` in a 128-byte entry (from uring_get_sqe128: a double slot under
 * URING_SETUP_SQE_MIXED, or any slot of a URING_SETUP_SQE128 ring); all 128 bytes are
 * written, the 80-byte payload zeroed. 6.19 */
static inline void uring_prep_uring_cmd128(struct uring_sqe *sqe, int cmd_op, int fd) {
  uring_prep_rw128(URING_OP_URING_CMD128, sqe, fd, URING_NULL, 0, 0);
  sqe->cmd_op = URING_CAST(uint32_t, cmd_op);
}

/* Discards `nbytes` from byte `offset` of the block device `fd` (BLOCK_URING_CMD_DISCARD,
 * an asynchronous BLKDISCARD): the offset in addr, the length in addr3. The fd must be
 * open for writing (-EBADF), the range inside the device and both numbers multiples of
 * its logical block size (-EINVAL); a device without discard answers -EOPNOTSUPP. Unlike
 * BLKDISCARD it does not hold off reads and writes of the range in flight, and drops the
 * page cache only as far as it can: keep other I/O off the range meanwhile. A file that is
 * not a block device, and a block device before 6.12, answer -EOPNOTSUPP (-EINVAL on
 * kernels without URING_CMD, before 5.19). 6.12 */
static inline void uring_prep_cmd_discard(struct uring_sqe *sqe, int fd, uint64_t offset,
                                          uint64_t nbytes) {
  uring_prep_uring_cmd(sqe, URING_CAST(int, URING_BLOCK_CMD_DISCARD), fd);
  sqe->addr = offset;
  sqe->addr3 = nbytes;
}

#ifdef __cplusplus
}
#endif

#endif /* URING_OPCODE_CMD_H */
