/* The base every prep helper composes from, and the per-SQE setters.
 *
 * uring_prep_rw writes all 64 bytes of an SQE: fields an operation does not use are zero,
 * whatever the slot held before. Helpers for single operations live in their family
 * headers (nop.h, rw.h, ...) and take liburing's arguments in liburing's order; each one's
 * comment ends with the kernel release it needs, which tests/versions_test.cc holds to the
 * opcode table and to abi.h. */
#ifndef URING_OPCODE_PREP_H
#define URING_OPCODE_PREP_H

#include <stdint.h>

#include "uring/sys/abi.h"
#include "uring/sys/cast.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Fills every field: opcode, fd, addr, len, off as given; everything else zero. */
static inline void uring_prep_rw(int op, struct uring_sqe *sqe, int fd, const void *addr,
                                 unsigned len, uint64_t offset) {
  sqe->opcode = URING_CAST(uint8_t, op);
  sqe->flags = 0;
  sqe->ioprio = 0;
  sqe->fd = fd;
  sqe->off = offset;
  sqe->addr = URING_PTR_TO_U64(addr);
  sqe->len = len;
  sqe->rw_flags = 0;
  sqe->user_data = 0;
  sqe->buf_index = 0;
  sqe->personality = 0;
  sqe->file_index = 0;
  sqe->addr3 = 0;
  sqe->pad2 = 0;
}

/* uring_prep_rw for the 128-byte forms (NOP128, URING_CMD128): also zeroes the entry's
 * second 64 bytes, which on an SQE128 ring or under URING_SETUP_SQE_MIXED is the next
 * struct uring_sqe of the array. */
static inline void uring_prep_rw128(int op, struct uring_sqe *sqe, int fd, const void *addr,
                                    unsigned len, uint64_t offset) {
  uring_prep_rw(op, sqe, fd, addr, len, offset);
  uring_prep_rw(URING_OP_NOP, sqe + 1, 0, URING_NULL, 0, 0);
}

/* The second 64 bytes of a 128-byte SQE (SQE128 rings, NOP128, URING_CMD128), where
 * uring_cmd payloads live together with the 16 bytes at offset 48. */
static inline uint8_t *uring_sqe_cmd(struct uring_sqe *sqe) {
  return URING_PTR_CAST(uint8_t *, URING_PTR_CAST(void *, sqe)) + 48;
}

static inline void uring_sqe_set_data64(struct uring_sqe *sqe, uint64_t data) {
  sqe->user_data = data;
}

static inline void uring_sqe_set_data(struct uring_sqe *sqe, void *data) {
  sqe->user_data = URING_PTR_TO_U64(data);
}

static inline uint64_t uring_cqe_get_data64(const struct uring_cqe *cqe) {
  return cqe->user_data;
}

static inline void *uring_cqe_get_data(const struct uring_cqe *cqe) {
  return URING_PTR_CAST(void *, URING_PTR_CAST(uintptr_t, cqe->user_data));
}

/* URING_SQE_* flags: IO_LINK, IO_HARDLINK, IO_DRAIN, ASYNC, FIXED_FILE, BUFFER_SELECT,
 * CQE_SKIP_SUCCESS. Replaces the SQE's flags. */
static inline void uring_sqe_set_flags(struct uring_sqe *sqe, unsigned flags) {
  sqe->flags = URING_CAST(uint8_t, flags);
}

/* Selects a provided buffer from group `bgid` (with URING_SQE_BUFFER_SELECT). */
static inline void uring_sqe_set_buf_group(struct uring_sqe *sqe, int bgid) {
  sqe->buf_group = URING_CAST(uint16_t, bgid);
}

static inline void uring_sqe_set_personality(struct uring_sqe *sqe, unsigned personality) {
  sqe->personality = URING_CAST(uint16_t, personality);
}

/* Makes an fd-creating operation (openat, accept, socket, pipe, MSG_RING's SEND_FD) install
 * its file into the direct descriptor table instead of the process fd table. The kernel
 * reads sqe->file_index as slot + 1, 0 meaning "not direct"; `file_index` here is the slot
 * itself, or URING_FILE_INDEX_ALLOC to let the kernel pick a free slot and return it in
 * cqe->res (5.19), which is passed through unchanged. Direct slots: 5.15. */
static inline void uring_sqe_set_direct_slot(struct uring_sqe *sqe, unsigned file_index) {
  sqe->file_index = file_index == URING_FILE_INDEX_ALLOC ? URING_FILE_INDEX_ALLOC
                                                          : file_index + 1u;
}

#ifdef __cplusplus
}
#endif

#endif /* URING_OPCODE_PREP_H */
