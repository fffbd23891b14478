/* A ring: setup, mapping, teardown and the enter/register boundary.
 *
 *   struct uring ring;
 *   int ret = uring_init(&ring, 64, 0);     (0, or -errno)
 *   ...
 *   uring_exit(&ring);
 *
 * struct uring is caller-owned; the library never allocates. Ring memory comes from the
 * kernel's mmap, or from the caller with URING_SETUP_NO_MMAP (uring_init_mem).
 *
 * Threads. The library keeps the submission side's positions in struct uring_sq and the
 * completion side's in struct uring_cq, in plain fields, and neither side writes the other's:
 *   - One submitter thread and one reaper thread may use a ring at the same time without a
 *     lock. The submitter's calls are uring_get_sqe, uring_get_sqe128, the prep helpers on
 *     the SQEs they return, uring_submit, uring_submit_and_wait,
 *     uring_submit_and_get_events, uring_sqring_wait, uring_sq_ready and
 *     uring_sq_space_left (sq.h); the reaper's are the peeks, waits, both iterators,
 *     copies, uring_cqe_seen, uring_cq_advance, uring_cq_ready, uring_cq_pending,
 *     uring_cq_has_overflow and uring_get_events (cq.h). Measured on 6.18 with setup flags 0, COOP_TASKRUN and SQPOLL:
 *     10^6 NOPs, every user_data reaped once, ThreadSanitizer clean; threads_test runs the
 *     pattern across a full SQ and a full CQ in every test run. Beside a reaper, the
 *     submitter calls uring_submit: the wait of uring_submit_and_wait counts CQEs the
 *     reaper may already have taken.
 *   - Several submitters, or several reapers, need the caller's lock around every call of
 *     their side. Measured without one: two reapers delivered 715,872 duplicate CQEs in
 *     10^6, two submitters lost 19 SQEs per million.
 *   - uring_submit_and_wait_timeout, uring_submit_and_wait_min_timeout and
 *     uring_submit_and_wait_reg (cq.h) submit and reap: they are calls of both sides, for a thread that is the only submitter and the
 *     only reaper.
 *   - Register calls that leave struct uring as it is (uring_get_probe, the buf_ring.h
 *     setup, teardown and status calls, and every call in register.h but
 *     uring_resize_rings) only read it, and the kernel orders them against submission
 *     itself: they may run in any thread beside the submitter and the reaper (threads_test
 *     makes probe, personality and eventfd calls throughout a run). Older kernels make
 *     some register operations wait for the ring to go idle first, and a submit or wait in
 *     another thread meanwhile fails with -ENXIO (measured on Debian's 5.10 with eventfd
 *     registration; not on 6.1, 6.12 or 6.18; probe and personality calls are exempt
 *     there). uring_register_ring_fd, uring_unregister_ring_fd,
 *     uring_close_ring_fd, uring_resize_rings and uring_set_iowait change what submit and
 *     reap read: no other call on the ring may run meanwhile.
 *   - uring_exit never runs concurrently with any other call on the ring: it unmaps the
 *     memory the others read.
 *   - A registered ring fd names the ring only in the thread that registered it (see
 *     uring_register_ring_fd): once registered, every call that enters the kernel (submit,
 *     wait, flush, register) must come from that thread. uring_init registers it only for
 *     DEFER_TASKRUN rings, which are tied to one task anyway.
 *   - URING_SETUP_SINGLE_ISSUER (6.0): the kernel takes submissions and register calls only
 *     from the task that created the ring (or enabled it, with URING_SETUP_R_DISABLED) and
 *     refuses other threads' with -EEXIST; another thread may still wait and reap. With
 *     URING_SETUP_DEFER_TASKRUN (6.1) it refuses other threads' waits with -EEXIST too (it
 *     posts completions only in that task), so submitter and reaper are the creating thread.
 *   - Completions the kernel finishes as task work (a recv that waited for data, most file
 *     and socket I/O) run in the thread that submitted the request, also when another
 *     thread reaps; the kernel wakes that thread from a sleeping system call to run them,
 *     with URING_SETUP_COOP_TASKRUN as without (threads_test; measured on 6.1, 6.12 and
 *     6.18).
 *
 * Fork. A child gets a copy of struct uring and of the mappings, and the mappings still
 * show the parent's ring: the SQ and CQ words and entries are shared, the positions the
 * library keeps in struct uring are not. A child that submits or reaps therefore corrupts
 * the parent's queues (measured on 6.18: the parent reaps the child's CQE, and the kernel
 * never sees the parent's next SQE, whose slot and tail the child's submission took:
 * uring_submit returns 0 for it and uring_submit_and_wait never returns). A child may do
 * one of two things with an inherited ring: nothing until it exits or execs (the kernel
 * makes the ring fd close-on-exec), or uring_exit on its copy. That closes only the child's
 * descriptor and unmaps only the child's mappings; it unregisters no registered ring fd of
 * the parent's (the kernel gives a child no io_uring task state, so it finds nothing to
 * unregister, and on a DEFER_TASKRUN ring it refuses with -EEXIST, which uring_exit
 * ignores). Either way the parent's ring, its registered ring fd and its requests in flight
 * go on as before (fork_test: plain, SQPOLL, registered-fd, DEFER_TASKRUN and NO_MMAP
 * rings, on 5.10, 6.1, 6.12 and 6.18 as far as each has them). A NO_MMAP ring lives in the caller's memory and follows its mapping: in private
 * memory the child's copy is its own, and the kernel keeps using the parent's pages.
 */
#ifndef URING_RING_RING_H
#define URING_RING_RING_H

#include <stddef.h>
#include <stdint.h>

#include "uring/ring/backend.h"
#include "uring/sys/abi.h"
#include "uring/sys/cast.h"
#include "uring/sys/syscall.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The kernel's limits on ring sizes (without URING_SETUP_CLAMP). */
#define URING_MAX_ENTRIES 32768u
#define URING_MAX_CQ_ENTRIES (2u * URING_MAX_ENTRIES)

/* Every setup flag this library knows (bits 0..20). */
#define URING_SETUP_KNOWN_MASK ((1u << 21) - 1u)

/* The submission side. Fields are read by the inline hot path; treat them as private. */
struct uring_sq {
  uint32_t *khead;          /* the kernel advances it as it consumes SQEs */
  uint32_t *ktail;          /* the library publishes filled SQEs through it */
  uint32_t *kflags;         /* URING_SQ_NEED_WAKEUP, URING_SQ_CQ_OVERFLOW, URING_SQ_TASKRUN */
  uint32_t *kdropped;       /* SQEs the kernel dropped for an invalid index */
  uint32_t *array;          /* the index array; NULL with URING_SETUP_NO_SQARRAY */
  struct uring_sqe *sqes;   /* ring_entries SQEs of 64 (or 128, with SQE128) bytes */
  uint32_t sqe_tail;        /* next SQE to hand out; published to *ktail on submit */
  uint32_t sqe_head;        /* tail last published (the SQEs before it belong to the kernel) */
  uint32_t ring_mask;
  uint32_t ring_entries;
  uint32_t sqe_shift;       /* 1 with URING_SETUP_SQE128: an index addresses 2 slots */
  uint32_t slot_shift;      /* log2 of an SQE slot's bytes: 6, or 7 with SQE128 */
  uint32_t resv;
  /* uring_get_sqe's run: sqe_tail, sqe_next and sqe_stop are written only through run.h,
   * which states the run's invariant. */
  uintptr_t sqe_next;
  uintptr_t sqe_stop;
  uintptr_t sqe_bytes;      /* 1 << slot_shift */
  uintptr_t sqe_end_1;      /* the end of the SQE array plus one; 0 when not set up */
};

/* The completion side. */
struct uring_cq {
  uint32_t *khead;          /* only the library writes it */
  uint32_t *ktail;          /* the kernel publishes CQEs through it */
  uint32_t *kflags;         /* URING_CQ_EVENTFD_DISABLED; NULL before 5.8 */
  uint32_t *koverflow;      /* CQEs the kernel had to drop (without URING_FEAT_NODROP) */
  struct uring_cqe *cqes;
  uint32_t head;            /* the library's copy of *khead */
  uint32_t ring_mask;
  uint32_t ring_entries;
  uint32_t cqe_shift;       /* 1 with URING_SETUP_CQE32 */
  uint32_t mixed;           /* nonzero with URING_SETUP_CQE_MIXED */
  uint32_t slot_shift;      /* log2 of a CQ slot's bytes: 4, or 5 with CQE32 */
  uint32_t run_max;         /* the most slots a peek run takes: ring_entries, or 0 in
                               CQE_MIXED rings (whose runs are empty) and unmapped ones */
  int32_t flush_err;        /* -errno of uring_cq_iter_begin's failed flush, or 0 */
  /* The peek run: head, next and stop are written only through run.h, which states the
   * run's invariant. */
  uintptr_t next;
  uintptr_t stop;
  uintptr_t slot_bytes;     /* 1 << slot_shift */
  /* Where runs end: the end of the CQE array, or 0 in CQE_MIXED rings, whose entries are
   * handed out one at a time by the careful paths. */
  uintptr_t run_end;
};

struct uring {
  struct uring_sq sq;
  struct uring_cq cq;
  uint32_t flags;           /* URING_SETUP_* the ring was created with */
  uint32_t features;        /* URING_FEAT_* the kernel reported */
  int ring_fd;              /* the ring's file descriptor; -1 with REGISTERED_FD_ONLY */
  int enter_fd;             /* what enter/register pass: ring_fd or a registered index */
  uint32_t enter_flags;     /* URING_ENTER_REGISTERED_RING when enter_fd is an index */
  uint32_t int_flags;       /* library state (URING_INT_*) */
  const struct uring_backend *backend; /* NULL: the kernel */
  void *backend_ctx;
  struct uring_region sq_ring; /* what uring_exit unmaps; size 0 when not ours */
  struct uring_region cq_ring;
  struct uring_region sqes;
  uint32_t dead[4];         /* what a torn-down ring's ring pointers point at */
  uint64_t resv[4];
};

/* int_flags */
#define URING_INT_REG_RING 0x1u   /* enter_fd is a registered ring index we registered */
#define URING_INT_CALLER_MEM 0x2u /* ring memory belongs to the caller (NO_MMAP) */
#define URING_INT_PLAIN 0x4u      /* set up on the kernel (no backend), and neither SQPOLL nor
                                     SQ_REWIND: uring_submit takes its inline path, which
                                     makes the system call itself. Clear in a zeroed or
                                     torn-down struct, which therefore goes to the checking
                                     path, and on a backend's ring. */

/* Whether the struct holds a ring: set up, and not torn down since. A zero-filled struct
 * (never set up) and a torn-down one have no SQ entries, and every out-of-line call
 * refuses them (-EBADF, or nothing to hand out) before touching a ring word or an fd. */
static inline int uring_priv_set_up(const struct uring *ring) { return ring->sq.ring_entries != 0; }

/* Preconditions of the inline calls, which cannot check without slowing every caller:
 * each header states them, and the sanitizer builds (URING_ASAN_CHECKS) check them, print
 * which one failed and abort. */
#if defined(URING_ASAN_CHECKS) && URING_ASAN_CHECKS
void uring_priv_precondition_failed(const char *what);
#define URING_PRIV_EXPECT(cond, what) \
  (__builtin_expect(!!(cond), 1) ? (void)0 : uring_priv_precondition_failed(what))
#else
#define URING_PRIV_EXPECT(cond, what) ((void)0)
#endif

/* Creates a ring with `entries` SQEs (rounded up to a power of two by the kernel) and the
 * URING_SETUP_* `flags` the caller requires. The library adds these flags, each dropped
 * again if the running kernel refuses it (ring->flags shows what the ring got):
 *   URING_SETUP_NO_SQARRAY (6.6)   no SQ index array: one store less per SQE;
 *   URING_SETUP_SUBMIT_ALL (5.18)  an SQE that fails at submission does not stop the rest
 *                                  of the batch: uring_submit takes every queued SQE.
 *                                  Without it (kernels before 5.18, and liburing's
 *                                  io_uring_queue_init on any kernel) the kernel stops
 *                                  after such an SQE, which it counts and completes with
 *                                  its error; the SQEs behind it stay queued and go with
 *                                  the next submit, so uring_submit returns fewer than
 *                                  were queued. Which SQEs fail at submission differs by
 *                                  kernel too: 5.10 looks fds up there (-EBADF), later
 *                                  kernels when the request runs.
 * Flags the caller passed are never dropped. COOP_TASKRUN is not added: with it the
 * kernel no longer interrupts a submitting thread that runs in user space to finish its
 * task-work completions, which a thread spinning on uring_peek_cqe then sees only at its
 * next system call or interrupt (1.7 ms late on 6.18); a thread asleep in a system call,
 * an eventfd waiter included, is woken as without. With URING_SETUP_DEFER_TASKRUN, where
 * the kernel already ties the ring to one task, the ring fd is also registered (5.18).
 * Returns 0 or -errno: -EINVAL for 0 or too many entries, unknown flags, or NO_MMAP /
 * REGISTERED_FD_ONLY (which need uring_init_mem); -EPERM where io_uring is disabled
 * (kernel.io_uring_disabled) or blocked by seccomp; -ENOSYS on kernels built without it;
 * -ENOMEM; -EMFILE. Needs 5.1. */
int uring_init(struct uring *ring, unsigned entries, unsigned flags);

/* Creates a ring from a full parameter block, exactly as given: nothing is added or
 * dropped. On success *p holds what the kernel returned (sizes, features, offsets). */
int uring_init_params(struct uring *ring, unsigned entries, struct uring_params *p);

/* uring_init's defaults on a full parameter block: what *p asks for (flags, cq_entries
 * with URING_SETUP_CQSIZE, the SQPOLL thread's CPU and idle time, wq_fd), plus the flags
 * uring_init adds, each dropped again where the kernel refuses it, and the ring fd
 * registered with DEFER_TASKRUN. For a CQ larger than twice the SQ, or an SQPOLL thread's
 * settings, with what uring_init would give. On success *p holds the kernel's answer
 * (p->flags shows what the ring got); on failure its contents are unspecified. Returns
 * what uring_init returns, and -EFAULT for a NULL p. */
int uring_init_params_defaults(struct uring *ring, unsigned entries, struct uring_params *p);

/* Like uring_init_params, with URING_SETUP_NO_MMAP (6.5): the rings live in caller memory
 * `mem` of `size` bytes, page aligned, which must stay mapped until uring_exit. The size
 * needed comes from uring_mem_size. With URING_SETUP_REGISTERED_FD_ONLY (6.5) as well,
 * the ring has no file descriptor, only a registered index. The library zeroes the
 * uring_mem_size bytes before setup (some kernels, 6.12 among them, do not initialise the
 * ring words there). Returns -EINVAL for a NULL, misaligned or short buffer, and on
 * kernels before 6.5. The first NO_MMAP kernels wanted each of the two parts (rings, then
 * SQEs) physically contiguous, a single page or huge page, and refused other memory with
 * -EINVAL; 6.12 and 6.18 (measured) take any page-aligned memory. */
int uring_init_mem(struct uring *ring, unsigned entries, struct uring_params *p, void *mem,
                   size_t size);

/* Bytes of caller memory uring_init_mem needs for these entries and p->flags (SQE128,
 * CQE32, CQSIZE with p->cq_entries, NO_SQARRAY), rounded up to whole 4 KiB pages; 0 for
 * sizes the kernel would refuse. An upper bound: the kernel uses less. */
size_t uring_mem_size(unsigned entries, const struct uring_params *p);

/* Like uring_init_params, with the kernel side served by `backend` (see backend.h), for
 * example the mock kernel ring. */
int uring_init_backend(struct uring *ring, unsigned entries, struct uring_params *p,
                       const struct uring_backend *backend, void *backend_ctx);

/* Tears the ring down: unregisters the ring fd if the library registered it, unmaps the
 * rings, closes the fd. Afterwards the struct is inert, not dangling: uring_get_sqe
 * returns NULL, peeks return -EAGAIN, submits, waits and register calls return -EBADF.
 * Calling it again does nothing, and so does calling it on a zero-filled struct (one never
 * set up), which is inert in the same way: it closes nothing.
 *
 * A struct uring is the ring: it must not be copied (a copy's calls and the original's
 * would disagree about the ring's state, and uring_exit on both closes the fd twice, the
 * second time perhaps an unrelated file that took its number), and must not be set up
 * again while live (the first ring's fd and mappings would leak: uring_exit it first).
 * Neither can be detected. NULL ring pointers give -EFAULT in every out-of-line call.
 *
 * Requests still in flight are not waited for: the kernel cancels them after the fd
 * closes, in the background, and one that cannot be stopped midway (a file read or write
 * a kernel worker has started) runs to its end, reading or writing its buffers after
 * uring_exit has returned. That includes requests whose CQE the caller never waits for
 * (URING_SQE_CQE_SKIP_SUCCESS). Memory lent to a request stays valid until its CQE is
 * reaped; to tear down early, cancel everything (uring_prep_cancel with
 * URING_ASYNC_CANCEL_ANY, 5.19) and reap the cancelled requests' CQEs first. */
void uring_exit(struct uring *ring);

/* Maps a ring the caller created with io_uring_setup(2) itself: `fd` is its descriptor and
 * *p the parameter block the kernel filled in (liburing's io_uring_queue_mmap, with its
 * arguments in its order, so that a port is a rename; uring's own setup calls put the ring
 * first). The ring takes over fd: uring_exit closes it. On failure fd stays open and the
 * caller's, as in liburing, and the struct is inert. Exactly the ring *p describes:
 * nothing is added, the ring fd is not registered (DEFER_TASKRUN included). Returns 0 or
 * -errno: -EFAULT for NULL p or ring; -EBADF for a negative fd; -EINVAL when *p says
 * URING_SETUP_NO_MMAP (the rings are in the caller's memory: uring_init_mem) or unknown
 * setup flags; -EPROTO when the offsets or sizes in *p do not describe a ring the library
 * can use; the mmap's error otherwise (-ENODEV, for example, when fd is not an io_uring).
 * Needs 5.1. */
int uring_queue_mmap(int fd, struct uring_params *p, struct uring *ring);

/* Stops (enable 0) or restores (nonzero, the default) the kernel's accounting of this
 * ring's waits as iowait: with it off, every later enter on the ring carries
 * URING_ENTER_NO_IOWAIT (liburing's io_uring_set_iowait). The kernel counts a task that
 * waits for CQEs while it has requests in flight as waiting for I/O, which shows as iowait
 * CPU time and in /proc/stat's procs_blocked, and on some systems raises the CPU
 * frequency. 0, or -EOPNOTSUPP on kernels without URING_FEAT_NO_IOWAIT (6.15), as liburing
 * (the kernel refuses the flag there), -EBADF on a ring not set up, -EFAULT for NULL. One
 * thread at a time, with no enter on the ring meanwhile: it changes what enters pass. */
int uring_set_iowait(struct uring *ring, int enable);

/* io_uring_enter(2) on this ring, through the registered ring fd when there is one (the
 * library adds URING_ENTER_REGISTERED_RING itself), or through the ring's backend. */
static inline int uring_enter(struct uring *ring, unsigned to_submit, unsigned min_complete,
                              unsigned flags, const void *arg, size_t argsz) {
  flags |= ring->enter_flags;
  if (__builtin_expect(ring->backend != URING_NULL, 0))
    return ring->backend->enter(ring->backend_ctx, ring->enter_fd, to_submit, min_complete,
                                flags, arg, argsz);
  return uring_sys_io_uring_enter(ring->enter_fd, to_submit, min_complete, flags, arg, argsz);
}

/* Registers the ring's own fd with the kernel (5.18) so io_uring_enter skips the fd table
 * lookup; from then on enters pass the registered index with URING_ENTER_REGISTERED_RING.
 * Register calls (uring_register and every uring_register_* built on it) take the index
 * too where the kernel accepts it there (6.3, URING_FEAT_REG_REG_RING); on 5.18-6.2 they
 * keep going through the real fd.
 *
 * The registration is per task (thread) in the kernel: the index means this ring only in
 * the thread that registered it. Call it only when every uring_submit/wait/register call on
 * this ring comes from that thread; in another thread the index names nothing (-EINVAL,
 * -EBADF) or, worse, a ring that thread registered. uring_init does it by itself only for
 * URING_SETUP_DEFER_TASKRUN rings, which the kernel already ties to one task.
 * 0, or -EEXIST when already registered. (liburing's io_uring_register_ring_fd returns 1,
 * the count the kernel registered, and so do its unregister and close calls; these return
 * 0, as every uring call without a count to report.) */
int uring_register_ring_fd(struct uring *ring);

/* Undoes uring_register_ring_fd (5.18); -EINVAL when the ring fd is not registered (a ring not
 * set up included). -EFAULT for a NULL ring here and in the two calls around it, which
 * give -EBADF for a ring not set up. */
int uring_unregister_ring_fd(struct uring *ring);

/* Closes the ring's file descriptor and keeps using the registered index (after
 * uring_register_ring_fd): the ring then has no fd in the process's table. -EINVAL when the
 * ring fd is not registered; -EBADF when there is no fd any more (closed already, or
 * REGISTERED_FD_ONLY); -EOPNOTSUPP, with the fd left open, on kernels without
 * URING_FEAT_REG_REG_RING (before 6.3), where register calls (the unregistering of the
 * index among them) can only reach the ring through its fd. */
int uring_close_ring_fd(struct uring *ring);

/* io_uring_register(2) on this ring, through the registered ring index when there is one
 * and the kernel takes it there (6.3, URING_FEAT_REG_REG_RING), otherwise through the ring
 * fd. -EBADF when neither reaches the ring (a torn-down ring). */
int uring_register(struct uring *ring, unsigned opcode, const void *arg, unsigned nr_args);

#ifdef __cplusplus
}
#endif

#endif /* URING_RING_RING_H */
