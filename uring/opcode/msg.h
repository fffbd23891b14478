/* Messages and waits on other things: MSG_RING (to another ring), FUTEX_WAIT, FUTEX_WAKE,
 * FUTEX_WAITV, WAITID. */
#ifndef URING_OPCODE_MSG_H
#define URING_OPCODE_MSG_H

#include <stdint.h>

#include "uring/opcode/prep.h"
#include "uring/sys/cast.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Declared only: the helpers pass pointers to it through to the kernel. */
struct futex_waitv;

/* Posts a CQE on the ring whose fd is `fd`, with res `len` and user_data `data`
 * (URING_MSG_DATA in addr); this ring gets a CQE with res 0 or -errno. `flags`:
 * URING_MSG_RING_CQE_SKIP to post nothing on the target (6.1). 5.18 */
static inline void uring_prep_msg_ring(struct uring_sqe *sqe, int fd, unsigned int len,
                                       uint64_t data, unsigned int flags) {
  uring_prep_rw(URING_OP_MSG_RING, sqe, fd, URING_NULL, len, data);
  sqe->msg_ring_flags = flags;
}

/* uring_prep_msg_ring with the target CQE's flags set to `cqe_flags` (sets
 * URING_MSG_RING_FLAGS_PASS itself; the flags travel in file_index). 6.3 */
static inline void uring_prep_msg_ring_cqe_flags(struct uring_sqe *sqe, int fd,
                                                 unsigned int len, uint64_t data,
                                                 unsigned int flags, unsigned int cqe_flags) {
  uring_prep_rw(URING_OP_MSG_RING, sqe, fd, URING_NULL, len, data);
  sqe->msg_ring_flags = URING_MSG_RING_FLAGS_PASS | flags;
  sqe->file_index = cqe_flags;
}

/* Sends this ring's direct descriptor `source_fd` (in addr3) to the ring `fd`, into its
 * direct slot `target_fd` (or URING_FILE_INDEX_ALLOC), and posts a CQE there with
 * user_data `data` (URING_MSG_SEND_FD in addr). 6.0 */
static inline void uring_prep_msg_ring_fd(struct uring_sqe *sqe, int fd, int source_fd,
                                          int target_fd, uint64_t data, unsigned int flags) {
  uring_prep_rw(URING_OP_MSG_RING, sqe, fd,
                URING_PTR_CAST(const void *, URING_CAST(uintptr_t, URING_MSG_SEND_FD)), 0, data);
  sqe->addr3 = URING_CAST(uint64_t, URING_CAST(int64_t, source_fd));
  uring_sqe_set_direct_slot(sqe, URING_CAST(unsigned, target_fd));
  sqe->msg_ring_flags = flags;
}

/* uring_prep_msg_ring_fd into a slot the target ring picks. 6.0 */
static inline void uring_prep_msg_ring_fd_alloc(struct uring_sqe *sqe, int fd, int source_fd,
                                                uint64_t data, unsigned int flags) {
  uring_prep_msg_ring_fd(sqe, fd, source_fd, URING_CAST(int, URING_FILE_INDEX_ALLOC), data, flags);
}

/* futex_wait: sleeps while `*futex` equals `val`, woken by a wake matching `mask`
 * (FUTEX_BITSET_MATCH_ANY for all). `futex_flags` are the futex2 FUTEX2_* flags (size,
 * FUTEX2_PRIVATE), which the kernel reads from fd; `flags` must be 0. 6.7 */
static inline void uring_prep_futex_wait(struct uring_sqe *sqe, uint32_t *futex, uint64_t val,
                                         uint64_t mask, uint32_t futex_flags,
                                         unsigned int flags) {
  uring_prep_rw(URING_OP_FUTEX_WAIT, sqe, URING_CAST(int, futex_flags), futex, 0, val);
  sqe->futex_flags = flags;
  sqe->addr3 = mask;
}

/* futex_wake: wakes up to `val` waiters on `futex` whose mask intersects `mask`; cqe->res
 * is the number woken. 6.7 */
static inline void uring_prep_futex_wake(struct uring_sqe *sqe, uint32_t *futex, uint64_t val,
                                         uint64_t mask, uint32_t futex_flags,
                                         unsigned int flags) {
  uring_prep_rw(URING_OP_FUTEX_WAKE, sqe, URING_CAST(int, futex_flags), futex, 0, val);
  sqe->futex_flags = flags;
  sqe->addr3 = mask;
}

/* futex_waitv(2) on `nr_futex` entries (at most 128); cqe->res is the index of the one
 * that woke. `flags` must be 0. 6.7 */
static inline void uring_prep_futex_waitv(struct uring_sqe *sqe, struct futex_waitv *futex,
                                          uint32_t nr_futex, unsigned int flags) {
  uring_prep_rw(URING_OP_FUTEX_WAITV, sqe, 0, futex, nr_futex, 0);
  sqe->futex_flags = flags;
}

/* waitid(2): `idtype` (P_PID, P_PGID, P_ALL, P_PIDFD) in len, `id` in fd, `options`
 * (WEXITED, ...) in file_index, the siginfo_t `infop` in addr2; `flags` must be 0. 6.7 */
static inline void uring_prep_waitid(struct uring_sqe *sqe, int idtype, uint32_t id,
                                     void *infop, int options, unsigned int flags) {
  uring_prep_rw(URING_OP_WAITID, sqe, URING_CAST(int, id), URING_NULL, URING_CAST(unsigned, idtype),
                0);
  sqe->waitid_flags = flags;
  sqe->file_index = URING_CAST(uint32_t, options);
  sqe->addr2 = URING_PTR_TO_U64(infop);
}

#ifdef __cplusplus
}
#endif

#endif /* URING_OPCODE_MSG_H */
