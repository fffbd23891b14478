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
 * protocol requires, so the library's hot path runs unchanged against it. Everything
 * happens synchronously inside the enter call, or in the test control that makes it happen
 * (a clock advance, a readiness change).
 *
 * The mock never allocates: its state is the caller's struct uring_mock, ring memory the
 * caller's buffer (uring_mock_init; uring_mock_mem_size says how much a ring needs). One
 * struct uring_mock serves one ring at a time, and calls on one mock must not run
 * concurrently.
 *
 * uring/mock/README.md is the specification: what the kernel side does, call by call
 * (setup, layout, map, enter, opcodes, requests, overflow, register, close) with the kernel
 * release where it matters and where the mock differs from the kernel; the kernel profiles
 * (uring_mock_set_kernel) and what they do not model; and which source file holds what.
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

/* The three structs below are private to the mock, like every field of struct uring_mock
 * but `stats`. They stay in this header, not in uring/mock/internal.h, because struct
 * uring_mock holds arrays of them and callers allocate struct uring_mock themselves: its
 * size must be known wherever mock.h is included. */

/* A mock file (uring_mock_add_file). */
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

/* A request kept past its enter call. (The push/pop pair: g++ -Wpedantic objects to any
 * struct that holds a struct uring_sqe, for the zero-length cmd[] in its last union.) */
URING_PRIV_DIAG_PUSH
struct uring_mock_req {
  struct uring_sqe sqe; /* the SQE's first 64 bytes, copied */
  uint64_t deadline;    /* virtual ns, for timeouts */
  uint64_t target;      /* count-based timeouts: completions to wait for */
  uint32_t state;       /* RQ_* (internal.h) */
  uint32_t next;        /* slot + 1 of the next chain member, 0 for none */
  uint32_t ltimeout;    /* slot + 1 of the LINK_TIMEOUT guarding it, or of its guarded one */
  uint32_t seq;         /* arming order */
  int32_t init_err;     /* the error it failed submission with, or 0 */
  uint32_t repeats;     /* multishot timeouts: expiries left, 0 for unbounded */
  uint64_t interval;    /* multishot timeouts: the period, ns */
};
URING_PRIV_DIAG_POP

/* A queued chain step. */
struct uring_mock_followup {
  uint32_t at;  /* SQ ring position, or request slot */
  uint32_t end; /* SQ ring position of the chain's last member */
  uint8_t kind; /* FU_* (internal.h) */
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
 * major.minor (5.1 or later; 0.0, the default, is the newest it models, 7.0): what that
 * release lacks, it lacks (setup flags and features, the split SQ/CQ mapping before 5.4,
 * no overflow backlog before 5.5, enter flags, opcodes, SQE and request flags, register
 * opcodes). This is modelled from the kernel's history rather than from runs; README.md,
 * "Kernel profiles", lists each release's differences and what is not modelled.
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
 * deliver a signal to the waiting task. The wait then ends or sleeps again as README.md
 * says under "enter". NULL: waits that are not met at once end at once (the default). */
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
