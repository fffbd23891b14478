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
 * call, or in the test control that makes it happen (a clock advance, a readiness change):
 * every SQE it consumes has completed before it returns, unless it waits for something
 * only a test control brings (a timeout, a poll, a drain behind them).
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
 *             TASKRUN_FLAG, SQE128, CQE32, SINGLE_ISSUER, DEFER_TASKRUN, NO_SQARRAY,
 *             SQE_MIXED (6.19; -EOVERFLOW for a 1-entry SQ, as 6.19), SQPOLL and SQ_AFF
 *             with it (a pretend SQ thread: see uring_mock_sqpoll_run). Every
 *             other flag (IOPOLL, SQ_AFF alone, ATTACH_WQ, NO_MMAP, REGISTERED_FD_ONLY,
 *             HYBRID_IOPOLL, CQE_MIXED, SQ_REWIND) is refused with -EINVAL, as
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
 *             On an SQPOLL ring nothing is consumed but by the pretend SQ thread (on
 *             SQ_WAKEUP, or SQ_WAIT while it is awake and the SQ full) and to_submit is
 *             returned as is.
 *             GETEVENTS flushes the overflow backlog, then requires min(min_complete, CQ
 *             entries) CQEs in the CQ. A wait that is not met at once returns -EBADR once
 *             after completions were lost; otherwise, without a wait hook (nothing
 *             completes later), -ETIME with a timeout and -EDEADLK without one (the
 *             kernel would sleep forever). With a wait hook (uring_mock_set_wait_hook)
 *             the wait goes on as the kernel's: it ends with 0 once enough CQEs are
 *             there or a TIMEOUT request completed (by expiry or count; not a
 *             LINK_TIMEOUT), with -EINTR for a signal and -ETIME when the virtual clock
 *             reaches the timeout (relative to the enter, or absolute with ABS_TIMER),
 *             both reported as 0 when the CQ is not empty; a round of the hook that
 *             changes nothing ends it as without a hook.
 *             An EXT_ARG min_wait_usec is -EINVAL (no URING_FEAT_MIN_TIMEOUT). A ring
 *             set up with R_DISABLED refuses enter with -EBADFD until ENABLE_RINGS.
 *   opcodes   Served (and listed as supported by the probe); every other opcode
 *             completes with -EINVAL, as a kernel without it would:
 *             128-byte opcodes (6.19): on an SQE_MIXED ring one takes its slot and the
 *                       next (the SQ head moves by 2; the count enter returns counts
 *                       slots); in the SQE array's last slot, or as the last slot of
 *                       to_submit, it fails with -EINVAL taking one slot and ends the batch
 *                       unless SUBMIT_ALL. Without SQE_MIXED or SQE128: -EINVAL. The mock
 *                       refuses one carrying IO_LINK/IO_HARDLINK (-EINVAL; the kernel takes
 *                       it), and a misplaced one closing a chain posts -ECANCELED (the
 *                       kernel: -EINVAL).
 *             NOP128    as NOP, on a 128-byte entry.
 *             NOP       res 0; sqe->len with URING_NOP_INJECT_RESULT; big_cqe = {off,
 *                       addr} with URING_NOP_CQE32 on a CQE32 ring; NOP_TW accepted; the
 *                       NOP file and buffer flags are -EINVAL (no file or buffer tables).
 *             READ, WRITE, READV, WRITEV on mock files (uring_mock_add_file): the
 *                       offset, or the file position with offset -1 (which then advances);
 *                       short at EOF, short (or -ENOSPC) at the file's capacity, a hole
 *                       before a write reads as zeroes; -EBADF for an fd that is no mock
 *                       file; fixed buffers and BUFFER_SELECT are not served (-EINVAL).
 *             FSYNC     0 on a mock file (DATASYNC accepted), -EBADF otherwise.
 *             TIMEOUT   on the virtual clock (uring_mock_advance_clock): relative or ABS
 *                       (clock flags accepted, all one clock); -ETIME when it expires (0
 *                       with ETIME_SUCCESS); with a count (sqe->off) it completes with 0
 *                       once that many other CQEs were posted after it. MULTISHOT (6.4,
 *                       relative only): -ETIME with URING_CQE_F_MORE every period (one per
 *                       period a clock advance crosses; a 0 period counts as 1 ns), `count`
 *                       times in all (0: until removed), the last without MORE.
 *                       An expiry due at submission (0 or a past ABS time) fires before
 *                       the enter returns.
 *             TIMEOUT_REMOVE  removes (target -ECANCELED, 0) or with TIMEOUT_UPDATE /
 *                       LINK_TIMEOUT_UPDATE re-arms; -ENOENT when nothing matches.
 *             LINK_TIMEOUT  over a request that pends (timeout, poll): when it expires
 *                       first it posts -ETIME and the request is cancelled; when the
 *                       request finishes first (always, for the rest) it posts -ECANCELED
 *                       right after it and the chain goes on. Heading a chain: -EINVAL.
 *             ASYNC_CANCEL  pending timeouts and polls by user_data (or USERDATA), FD,
 *                       OP or ANY, one or ALL: the oldest match, res 0 or -ENOENT; with
 *                       ALL the number cancelled (0 for none). Targets post -ECANCELED.
 *             POLL_ADD  on mock files made ready with uring_mock_set_ready (POLLERR and
 *                       POLLHUP always count): res is the ready events; at once when
 *                       already ready. Multishot (URING_POLL_ADD_MULTI) posts with
 *                       URING_CQE_F_MORE per readiness call until removed or cancelled;
 *                       level-triggered and update flags are -EINVAL.
 *             POLL_REMOVE  0 (target -ECANCELED) or -ENOENT.
 *             Requests that pend (timeouts, polls, their chains, deferred drains) take
 *             slots of URING_MOCK_MAX_PENDING; without a free slot a request completes
 *             with -EAGAIN. They die with the ring.
 *   requests  As the kernel's io_init_req/io_submit_sqe (checked against 6.18 by
 *             tests/mock/mock_ops_test.cc): a request refused before it runs (unknown
 *             opcode, SQE flag or opcode field, personality, BUFFER_SELECT where it
 *             cannot apply, DRAIN after any CQE_SKIP_SUCCESS: 5.17) ends the batch
 *             unless SUBMIT_ALL (5.18), except inside a chain, which is still assembled.
 *             IO_LINK: a chain's head runs when its last member was consumed (or the
 *             batch ended inside it); each later member runs after the rest of the batch
 *             (the kernel's task work), in order. A failure (res < 0, or a short read or
 *             write) cancels the rest with -ECANCELED; a member refused at submission
 *             fails the whole chain: the head posts its own error or -ECANCELED at once,
 *             the others theirs or -ECANCELED after the batch. So chains 1->2 (1 fails)
 *             and 3->4->5 (4 refused) post 1, 3, 2, 4, 5, as 6.18 does. IO_HARDLINK goes
 *             on after a failure. CQE_SKIP_SUCCESS drops successes only; when the request
 *             that breaks a chain has it, the cancelled rest posts nothing (6.18).
 *             IO_DRAIN (anywhere in a chain) holds the chain until every request before it
 *             finished, and everything submitted after it waits behind it. Cancellation
 *             and removal post the canceller's CQE first, the target's after.
 *             Where the order may differ from the kernel: more than URING_MOCK_FOLLOWUPS
 *             chains in flight at once run their steps early; and when several things
 *             complete from one clock advance or readiness call, the mock posts them in
 *             deadline (or arming) order.
 *   overflow  as the kernel with URING_FEAT_NODROP: a completion that finds the CQ full
 *             goes to the backlog, URING_SQ_CQ_OVERFLOW goes up in the SQ flags word, and
 *             while the backlog is non-empty new completions queue behind it (order is
 *             kept). Each enter with GETEVENTS moves the oldest into the CQ as space
 *             allows and drops the flag once the backlog is empty. When the backlog is
 *             full too, the completion is lost and counted in the CQ overflow word, as a
 *             kernel does when it cannot allocate an overflow entry (stats.cqes_lost).
 *   register  URING_REGISTER_PROBE (the served opcodes above; the buffer must be
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

/* Mock files (uring_mock_add_file), at most. */
#define URING_MOCK_MAX_FILES 16u

/* Requests that outlive the call that submitted them (pending timeouts and polls, the
 * chain members waiting behind them, drained requests waiting their turn), at most. */
#define URING_MOCK_MAX_PENDING 32u

/* Chain steps queued to run after the current batch (the kernel's task work), at most;
 * beyond that the oldest runs early, which changes only the order of their CQEs. */
#define URING_MOCK_FOLLOWUPS 128u

/* Private to the mock. */
struct uring_mock_file {
  int32_t fd;
  uint32_t ready; /* poll events the test made ready */
  uint32_t used;  /* 0: free slot */
  uint32_t resv;
  unsigned char *data;
  uint64_t size;
  uint64_t capacity;
  uint64_t pos; /* the file position, for offset -1 */
};

/* Private to the mock: a request kept past its enter call. */
struct uring_mock_req {
  struct uring_sqe sqe; /* the SQE's first 64 bytes, copied */
  uint64_t deadline;    /* virtual ns, for timeouts */
  uint64_t target;      /* count-based timeouts: completions to wait for */
  uint32_t state;
  uint32_t next;        /* slot + 1 of the next chain member, 0 for none */
  uint32_t ltimeout;    /* slot + 1 of the LINK_TIMEOUT guarding it, or of its guarded one */
  uint32_t seq;         /* arming order */
  int32_t init_err;     /* the error it failed submission with, or 0 */
  uint32_t repeats;     /* multishot timeouts: expiries left, 0 for unbounded */
  uint64_t interval;    /* multishot timeouts: the period, ns */
};

/* Private to the mock: a queued chain step. */
struct uring_mock_followup {
  uint32_t at;  /* SQ ring position, or request slot */
  uint32_t end; /* SQ ring position of the chain's last member */
  uint8_t kind;
  uint8_t in_table;
  uint16_t resv;
  int32_t res;
};

/* Caller-owned; fields other than `stats` are private to the mock. */
struct uring_mock;

/* What happens while an enter waits (uring_mock_set_wait_hook). */
typedef int (*uring_mock_wait_fn)(struct uring_mock *m, void *arg);

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
  uint32_t drain_off_pos;  /* SQ position from which drain is refused, once disabled */
  uint32_t sqpoll_idle_after_run; /* the pretend SQ thread sleeps after each run */
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

  /* Served since the first mock (below the controls that drive them); private. */
  struct uring_mock_file files[URING_MOCK_MAX_FILES];
  struct uring_mock_req reqs[URING_MOCK_MAX_PENDING];
  struct uring_mock_followup fu[URING_MOCK_FOLLOWUPS];
  uint32_t fu_head;
  uint32_t fu_count;
  uint64_t now_ns;         /* the virtual clock */
  uint64_t completions;    /* CQEs posted by requests other than timeouts */
  uint32_t arm_seq;        /* orders pending requests by arming */
  uint32_t cq_limit;       /* 0, or the CQ size the mock pretends to have */
  uint32_t reverse_armed;  /* the next batch's completions are posted reversed */
  uint32_t resv2;
  /* The kernel profile: major * 100 + minor, 0 for the newest (uring_mock_set_kernel). */
  uint32_t release;        /* of the current ring */
  uint32_t release_next;   /* for the next setup */
  unsigned char *cq_ring;  /* the CQ ring's own region before 5.4, else NULL */
  size_t cq_ring_size;
  uint64_t timeouts_fired; /* TIMEOUT completions by expiry or count: they wake waiters */
  uring_mock_wait_fn wait_fn; /* uring_mock_set_wait_hook */
  void *wait_arg;
};

/* Prepares `m` to serve rings from `mem` (mem_size bytes, 64-byte aligned, owned by the
 * caller until the mock is no longer used). Zeroes all state and counters. */
void uring_mock_init(struct uring_mock *m, void *mem, size_t mem_size);

/* Bytes of memory a ring of `entries` with p->flags (and p->cq_entries with CQSIZE)
 * needs, plus room for `backlog` held-back completions; 0 for sizes setup would refuse.
 * p may be NULL (no flags). */
size_t uring_mock_mem_size(unsigned entries, const struct uring_params *p, unsigned backlog);

/* The same for the kernel profile major.minor (uring_mock_set_kernel; 0.0 for the newest):
 * profiles before 5.4 keep the SQ and CQ rings in separate regions, which takes up to a
 * page more. */
size_t uring_mock_mem_size_kernel(unsigned major, unsigned minor, unsigned entries,
                                  const struct uring_params *p, unsigned backlog);

/* The backend table to pass to uring_init_backend, with the struct uring_mock as ctx. */
const struct uring_backend *uring_mock_backend(void);

/* uring_init_backend on the mock: uring_init_params semantics, p may be NULL (no flags).
 * -EFAULT when m is NULL. */
int uring_mock_ring_init(struct uring *ring, struct uring_mock *m, unsigned entries,
                         struct uring_params *p);

/* --- Test controls ------------------------------------------------------------------ */

/* Kernel profiles. From the next setup on, the mock answers as the io_uring of release
 * major.minor (5.1 or later; 0.0, the default, is the newest it models, 6.19): what that
 * release lacks, it lacks. This models, from the kernel's history rather than from runs
 * (no kernel before 5.10 can be booted where the project is tested):
 *   setup     flags newer than the release are refused with -EINVAL (CQSIZE 5.5, CLAMP
 *             5.6, R_DISABLED 5.10, SUBMIT_ALL 5.18, COOP_TASKRUN/TASKRUN_FLAG/SQE128/
 *             CQE32 5.19, SINGLE_ISSUER 6.0, DEFER_TASKRUN 6.1, NO_SQARRAY 6.6, SQE_MIXED
 *             6.19); the features reported are the release's (SINGLE_MMAP 5.4, NODROP and
 *             SUBMIT_STABLE 5.5, EXT_ARG 5.11, CQE_SKIP 5.17, REG_REG_RING 6.3); the CQ
 *             flags word (cq_off.flags) exists from 5.8.
 *   mapping   before 5.4 (no SINGLE_MMAP) the SQ ring and the CQ ring are two regions, a
 *             page apart, mapped at URING_OFF_SQ_RING and URING_OFF_CQ_RING.
 *   overflow  before 5.5 (no NODROP) a completion that finds the CQ full is dropped and
 *             counted in the CQ overflow word: no backlog, no URING_SQ_CQ_OVERFLOW.
 *   enter     flags newer than the release are -EINVAL (SQ_WAIT 5.10, EXT_ARG 5.11,
 *             REGISTERED_RING 5.18, ABS_TIMER 6.12, NO_IOWAIT 6.15).
 *   requests  opcodes newer than the release (the opcode table's releases: READ and WRITE
 *             5.6, TIMEOUT 5.4, TIMEOUT_REMOVE, ASYNC_CANCEL and LINK_TIMEOUT 5.5, ...)
 *             and SQE flags (IO_DRAIN 5.2, IO_LINK 5.3, IO_HARDLINK 5.5, ASYNC 5.6,
 *             BUFFER_SELECT 5.7, CQE_SKIP_SUCCESS 5.17) fail submission with -EINVAL, as
 *             do request flags (POLL_ADD_MULTI 5.13; TIMEOUT_UPDATE 5.11, the clock flags
 *             and LINK_TIMEOUT_UPDATE 5.15, ETIME_SUCCESS 5.16, TIMEOUT_MULTISHOT 6.4;
 *             ASYNC_CANCEL ALL/FD/ANY 5.19, USERDATA/OP 6.6). Before 5.11 an SQPOLL ring
 *             takes only registered files: requests on mock files fail with -EBADF.
 *   register  PROBE 5.6, ENABLE_RINGS 5.10, RING_FDS and UNREGISTER_RING_FDS 5.18, and
 *             URING_REGISTER_USE_REGISTERED_RING 6.3: before, -EINVAL.
 * Not modelled: NOP flags (INJECT_RESULT and the rest are served on every profile), the
 * -EBUSY that NODROP kernels gave a submit while completions were held back, the root
 * privilege SQPOLL needed before 5.11, and the smaller entry limits of the first releases.
 * Returns 0, or -EINVAL for a release before 5.1. */
int uring_mock_set_kernel(struct uring_mock *m, unsigned major, unsigned minor);

/* The modelled release of the current ring (major * 100 + minor), or 0 for the newest. */
unsigned uring_mock_kernel(const struct uring_mock *m);

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

/* Registers a mock file for read/write/readv/writev/fsync/poll: `fd` (>= 0) names it in
 * SQEs, `data` holds `size` bytes of content and room for `capacity` (writes past that
 * are short, or -ENOSPC when nothing fits). The caller owns `data` while it is
 * registered. Files belong to the mock, not the ring: they may be added before the ring
 * is set up and outlive it. 0, -EINVAL (bad arguments), -EEXIST (fd taken), -ENOSPC
 * (table full). */
int uring_mock_add_file(struct uring_mock *m, int fd, void *data, uint64_t size,
                        uint64_t capacity);

/* Forgets a mock file (polls armed on it stay armed). 0 or -EBADF. */
int uring_mock_remove_file(struct uring_mock *m, int fd);

/* The current size of a mock file, or -EBADF. */
int64_t uring_mock_file_size(const struct uring_mock *m, int fd);

/* Sets the poll events (POLLIN 0x1, POLLOUT 0x4, POLLERR 0x8, POLLHUP 0x10, ...) that
 * are ready on mock file `fd`, and completes the polls armed on it that want any of them
 * (a multishot poll posts one CQE per call that finds it interested). 0 or -EBADF. */
int uring_mock_set_ready(struct uring_mock *m, int fd, uint32_t mask);

/* SQPOLL: there is no thread. The pretend SQ thread consumes every published SQE when
 * uring_mock_sqpoll_run is called or an enter carries SQ_WAKEUP; it starts awake
 * (URING_SQ_NEED_WAKEUP clear). The number consumed, or -EINVAL without an SQPOLL ring. */
int uring_mock_sqpoll_run(struct uring_mock *m);

/* The pretend SQ thread goes idle: URING_SQ_NEED_WAKEUP is set until the next run.
 * 0, or -EINVAL without an SQPOLL ring. */
int uring_mock_sqpoll_idle(struct uring_mock *m);

/* With `on`, the pretend SQ thread goes idle after each run (the next setup clears it). */
void uring_mock_sqpoll_idle_after_run(struct uring_mock *m, int on);

/* Advances the virtual clock that timeouts run on (it starts at 0 at uring_mock_init;
 * URING_TIMEOUT_ABS times are on it) and completes what expired, earliest first.
 * 0, or -EBADF without a ring. */
int uring_mock_advance_clock(struct uring_mock *m, uint64_t ns);

/* The virtual clock, in ns. It is also the backend's clock, which waits with a time limit
 * fix their deadline on. */
uint64_t uring_mock_now(const struct uring_mock *m);

/* Sets what happens while an enter waits: each time a wait would sleep, fn(m, arg) runs and
 * may post CQEs (uring_mock_post_cqe), advance the clock (uring_mock_advance_clock, which
 * fires timeouts), change readiness (uring_mock_set_ready); it returns 0, or -EINTR to
 * deliver a signal to the waiting task. The wait then ends or sleeps again as `enter`
 * above says. NULL: waits that are not met at once end at once (the default). */
void uring_mock_set_wait_hook(struct uring_mock *m, uring_mock_wait_fn fn, void *arg);

/* Requests pending in the mock (timeouts, polls, waiting chain members and drained
 * requests). */
unsigned uring_mock_pending(const struct uring_mock *m);

/* The completions of the next enter's batch are posted in reverse order (those that go to
 * the CQ; the backlog keeps its order). */
void uring_mock_reverse_next_batch(struct uring_mock *m);

/* The CQ takes at most `entries` CQEs before completions go to the overflow backlog, as if
 * it were that small (0 restores the real size). Takes effect at once. */
void uring_mock_set_cq_limit(struct uring_mock *m, unsigned entries);

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
