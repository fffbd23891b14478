/* The mock kernel ring: the kernel side of the io_uring protocol, in user space.
 *
 *   static struct uring_mock mock;
 *   static unsigned char mem[1 << 20] __attribute__((aligned(4096)));
 *   struct uring ring;
 *   uring_mock_init(&mock, mem, sizeof mem);
 *   int ret = uring_mock_ring_init(&ring, &mock, 64, NULL);   (0, or -errno)
 *   ... uring_get_sqe / uring_submit / uring_peek_cqe as with the kernel ...
 *   uring_exit(&ring);
 *
 * The mock plugs in behind struct uring_backend (uring/ring/backend.h): it serves setup,
 * enter, register, map, unmap and close, and lays out ring memory exactly as the kernel's
 * protocol requires, so the library's hot path (SQE hand-out, SQ tail publication, CQE
 * reaping) runs unchanged against it. Everything happens synchronously inside the enter
 * call: every SQE it consumes has completed before it returns.
 *
 * Memory: the mock never allocates. Its state is the caller's struct uring_mock, and ring
 * memory is the caller's buffer given to uring_mock_init, 64-byte aligned (4096 is best),
 * laid out as
 *   [rings: header, CQEs, SQ index array][pad to 4 KiB][SQEs][pad to 64][overflow backlog]
 * The backlog takes whatever the buffer has left: one slot of 16 bytes (32 with CQE32)
 * per completion held back while the CQ is full. uring_mock_mem_size says how much a ring
 * needs. One struct uring_mock serves one ring at a time; after the ring is gone (fd
 * closed, registered indexes dropped, regions unmapped) it can set up another.
 *
 * Calls on one mock must not run concurrently: like the library's hot path, it is meant for
 * one thread per ring.
 *
 * What the kernel side does here (with the kernel release where it matters):
 *   setup     entries and flags validated as the kernel does (0 or too many entries,
 *             CQSIZE smaller than the SQ, unknown flags, contradictory flags, nonzero
 *             params.resv: -EINVAL), sizes rounded to powers of two, CQ twice the SQ by
 *             default. Flags served: CQSIZE, CLAMP, R_DISABLED, SUBMIT_ALL, COOP_TASKRUN,
 *             TASKRUN_FLAG, SQE128, CQE32, SINGLE_ISSUER, DEFER_TASKRUN, NO_SQARRAY. Every
 *             other flag (SQPOLL, IOPOLL, SQ_AFF, ATTACH_WQ, NO_MMAP, REGISTERED_FD_ONLY,
 *             HYBRID_IOPOLL, CQE_MIXED, SQE_MIXED, SQ_REWIND) is refused with -EINVAL, as
 *             a kernel without it would. Features: SINGLE_MMAP, NODROP, SUBMIT_STABLE,
 *             EXT_ARG, CQE_SKIP, REG_REG_RING. -ENOMEM when the buffer is too small,
 *             -EMFILE while the previous ring still exists. Returns a fake fd at or above
 *             URING_MOCK_FD_BASE; every call checks it (-EBADF for any other fd).
 *   layout    SQ head, SQ tail, CQ head and CQ tail each on their own 64-byte line, then
 *             masks, entries, dropped, SQ flags, CQ flags, overflow; CQEs from offset
 *             320; the SQ index array after the CQEs on a 64-byte boundary (none with
 *             NO_SQARRAY). The values differ from the kernel's (6.18 packs the four
 *             counters into one line), which also proves the library follows the offsets.
 *   map       URING_OFF_SQ_RING and URING_OFF_CQ_RING return the one rings region,
 *             URING_OFF_SQES the SQE array; a length beyond the region or any other
 *             offset is -EINVAL. unmap must name a region map returned, with its length.
 *   enter     flags GETEVENTS, EXT_ARG (struct uring_getevents_arg), REGISTERED_RING
 *             (indexes from URING_REGISTER_RING_FDS), ABS_TIMER, NO_IOWAIT, and SQ_WAKEUP
 *             and SQ_WAIT (ignored without SQPOLL, as the kernel does); other flags
 *             -EINVAL. SQEs are consumed from the SQ head up to min(tail, head +
 *             to_submit) through the index array (an index out of range is dropped,
 *             counted in the dropped word, and ends the batch, as on 6.18) or directly with
 *             NO_SQARRAY. An SQE refused before it runs (unknown opcode or flag) posts
 *             its error and ends the batch unless SUBMIT_ALL (5.18). Returns the number
 *             consumed; when that is less than to_submit, nothing is waited for.
 *             GETEVENTS flushes the overflow backlog, then requires min(min_complete, CQ
 *             entries) CQEs in the CQ. Since nothing completes later, a wait that is not
 *             met at once returns: -EBADR once after completions were lost, -ETIME with
 *             a timeout, and -EDEADLK without one (the kernel would sleep forever).
 *             An EXT_ARG min_wait_usec is -EINVAL (no URING_FEAT_MIN_TIMEOUT). A ring
 *             set up with R_DISABLED refuses enter with -EBADFD until ENABLE_RINGS.
 *   opcodes   NOP (res 0; sqe->len with URING_NOP_INJECT_RESULT; big_cqe = {off, addr}
 *             with URING_NOP_CQE32 on a CQE32 ring; NOP_TW accepted). URING_SQE_
 *             CQE_SKIP_SUCCESS and ASYNC are honoured, IO_DRAIN is (it is trivially
 *             met), and IO_DRAIN after any CQE_SKIP_SUCCESS is -EOPNOTSUPP (5.17), as
 *             is BUFFER_SELECT on a NOP. Not served yet, each completing with -EINVAL:
 *             every other opcode, IO_LINK and IO_HARDLINK, a personality, and the NOP
 *             file and buffer flags (URING_NOP_FILE, _FIXED_FILE, _FIXED_BUFFER).
 *   overflow  as the kernel with URING_FEAT_NODROP: a completion that finds the CQ full
 *             goes to the backlog, URING_SQ_CQ_OVERFLOW goes up in the SQ flags word, and
 *             while the backlog is non-empty new completions queue behind it (order is
 *             kept). Each enter with GETEVENTS moves the oldest into the CQ as space
 *             allows and drops the flag once the backlog is empty. When the backlog is
 *             full too, the completion is lost and counted in the CQ overflow word, as a
 *             kernel does when it cannot allocate an overflow entry (stats.cqes_lost).
 *   register  URING_REGISTER_PROBE (NOP supported, nothing else; the buffer must be
 *             zeroed, nr_args <= 256), URING_REGISTER_RING_FDS and UNREGISTER_RING_FDS
 *             (16 slots, as the kernel's per-task table), URING_REGISTER_ENABLE_RINGS;
 *             URING_REGISTER_USE_REGISTERED_RING is honoured. Others: -EINVAL.
 *   close     the ring lives while its fd is open or a registered index holds it.
 */
#ifndef URING_MOCK_MOCK_H
#define URING_MOCK_MOCK_H

#include <stddef.h>
#include <stdint.h>

#include "uring/ring/backend.h"
#include "uring/ring/ring.h"
#include "uring/sys/abi.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The fd a mock ring gets: this plus a generation count, above any real fd table. */
#define URING_MOCK_FD_BASE 0x70000000

/* Registered ring slots, as the kernel's per-task table (IO_RINGFD_REG_MAX). */
#define URING_MOCK_RING_SLOTS 16u

/* Regions handed out by map and not yet unmapped, at most. */
#define URING_MOCK_MAX_MAPS 8u

/* Counters a test reads; the mock only ever increments them (uring_mock_init zeroes). */
struct uring_mock_stats {
  uint64_t enters;          /* enter calls that reached a ring */
  uint64_t sqes_consumed;   /* SQEs taken from the SQ (dropped ones included) */
  uint64_t cqes_posted;     /* completions written into the CQ, flushed ones included */
  uint64_t cqes_backlogged; /* completions that went to the overflow backlog */
  uint64_t cqes_lost;       /* completions lost because the backlog was full */
  uint32_t setups;          /* rings created */
  uint32_t maps;            /* successful map calls */
  uint32_t unmaps;          /* successful unmap calls */
  uint32_t closes;          /* successful close calls */
};

struct uring_mock_map {
  void *addr;
  size_t len;
};

/* Caller-owned; fields other than `stats` are private to the mock. */
struct uring_mock {
  unsigned char *mem;
  size_t mem_size;

  /* The ring, from setup until its fd is closed and no registered index holds it. */
  uint32_t live;
  uint32_t fd_open;
  int fd;
  uint32_t generation;
  uint32_t flags;    /* URING_SETUP_* */
  uint32_t disabled; /* R_DISABLED and not yet enabled */
  uint32_t sq_entries;
  uint32_t cq_entries;
  uint32_t sqe_bytes;
  uint32_t cqe_bytes;
  size_t rings_size;
  size_t sqes_size;

  /* The kernel's view of the shared ring memory. */
  uint32_t *sq_khead;
  uint32_t *sq_ktail;
  uint32_t *sq_kflags;
  uint32_t *sq_kdropped;
  uint32_t *sq_array; /* NULL with NO_SQARRAY */
  uint32_t *cq_khead;
  uint32_t *cq_ktail;
  uint32_t *cq_koverflow;
  unsigned char *cqes;
  unsigned char *sqes;

  /* Kernel-private copies: the kernel never trusts the words user space can write. */
  uint32_t sq_head;
  uint32_t cq_tail;
  uint32_t drain_disabled; /* a CQE_SKIP_SUCCESS SQE was seen (5.17) */
  uint32_t cqes_dropped;   /* completions were lost since the last -EBADR */

  /* The overflow backlog: a FIFO of CQEs in the caller's buffer. */
  unsigned char *backlog;
  uint32_t backlog_cap;
  uint32_t backlog_head;
  uint32_t backlog_count;
  uint32_t resv0;

  uint8_t ring_slots[URING_MOCK_RING_SLOTS]; /* nonzero: the index names this ring */
  struct uring_mock_map maps[URING_MOCK_MAX_MAPS];

  /* Test controls. */
  uint32_t start_sq;
  uint32_t start_cq;
  int32_t inject_res;
  uint32_t inject_count;
  int32_t fail_enter;    /* 0, or the -errno the next enter returns */
  uint32_t short_armed;
  uint32_t short_max;
  uint32_t resv1;

  struct uring_mock_stats stats;
};

/* Prepares `m` to serve rings from `mem` (mem_size bytes, 64-byte aligned, owned by the
 * caller until the mock is no longer used). Zeroes all state and counters. */
void uring_mock_init(struct uring_mock *m, void *mem, size_t mem_size);

/* Bytes of memory a ring of `entries` with p->flags (and p->cq_entries with CQSIZE)
 * needs, plus room for `backlog` held-back completions; 0 for sizes setup would refuse.
 * p may be NULL (no flags). */
size_t uring_mock_mem_size(unsigned entries, const struct uring_params *p, unsigned backlog);

/* The backend table to pass to uring_init_backend, with the struct uring_mock as ctx. */
const struct uring_backend *uring_mock_backend(void);

/* uring_init_backend on the mock: uring_init_params semantics, p may be NULL (no flags).
 * -EFAULT when m is NULL. */
int uring_mock_ring_init(struct uring *ring, struct uring_mock *m, unsigned entries,
                         struct uring_params *p);

/* --- Test controls ------------------------------------------------------------------ */

/* The SQ head and tail start at sq_start, the CQ head and tail at cq_start (for example
 * near 2^32, to test wrap-around). Takes effect at the next setup. */
void uring_mock_set_start(struct uring_mock *m, uint32_t sq_start, uint32_t cq_start);

/* The next `count` NOPs complete with `res`, whatever their SQEs say. */
void uring_mock_inject_nop_result(struct uring_mock *m, int32_t res, unsigned count);

/* The next enter that passes the flag and fd checks returns `err` (-EBUSY, -EAGAIN,
 * -EINTR, ...) without consuming or flushing anything. 0 disarms. */
void uring_mock_fail_next_enter(struct uring_mock *m, int err);

/* The next enter that submits consumes at most `max` SQEs (a short submit, as when the
 * kernel runs out of request memory: with max 0 it returns -EAGAIN). */
void uring_mock_short_submit_next(struct uring_mock *m, unsigned max);

/* Posts a completion as the kernel would from inside (to the CQ, or to the backlog when
 * the CQ is full or the backlog non-empty). big0/big1 fill big_cqe on CQE32 rings.
 * 0, -EBADF without a ring, -ENOSPC when it was lost (backlog full). */
int uring_mock_post_cqe(struct uring_mock *m, uint64_t user_data, int32_t res, uint32_t flags,
                        uint64_t big0, uint64_t big1);

/* Completions held in the overflow backlog. */
unsigned uring_mock_backlog(const struct uring_mock *m);

/* The current ring's fd (valid or not: it stays readable after close), or -1. */
int uring_mock_fd(const struct uring_mock *m);

/* Nonzero when no ring is left: fd closed, no registered index, every region unmapped. */
int uring_mock_quiescent(const struct uring_mock *m);

#ifdef __cplusplus
}
#endif

#endif /* URING_MOCK_MOCK_H */
