/* Part of the liburing compatibility layer: include uring/compat/liburing.h, which says what
 * the layer provides and where it differs from liburing. This part: setup and teardown, the
 * raw system calls, submission, completion, the waits, and the SQE and CQE data.
 */
#ifndef URING_COMPAT_QUEUE_H
#define URING_COMPAT_QUEUE_H

#include "uring/compat/names.h"
#include "uring/uring.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Setup and teardown ----------------------------------------------------------------
 * io_uring_queue_init(entries, ring, flags) and io_uring_queue_init_params(entries, ring, p)
 * create a ring with the flags (or the parameter block) given plus URING_SETUP_NO_SQARRAY
 * where the kernel takes it (6.6; see uring/compat/liburing.h); 0 or -errno, *p holding the
 * kernel's answer. io_uring_queue_init_mem(entries, ring, p, buf, buf_size) does the same
 * in caller memory with URING_SETUP_NO_MMAP added (6.5) and returns the bytes it uses.
 * io_uring_queue_exit tears the ring down (uring_exit). io_uring_ring_dontfork keeps the
 * ring's mappings out of children (madvise MADV_DONTFORK; -EINVAL for a ring in caller
 * memory, which the caller maps). io_uring_mlock_size and io_uring_mlock_size_params give
 * the bytes a ring would lock on kernels that charge it to RLIMIT_MEMLOCK (before 5.12,
 * without URING_FEAT_NATIVE_WORKERS; 0 from then on), io_uring_memory_size and
 * io_uring_memory_size_params the ring memory itself (uring_mem_size); negative -errno.
 * io_uring_queue_mmap(fd, p, ring) maps a ring the program created with io_uring_setup
 * itself (uring_queue_mmap): 0 or -errno; the ring then owns fd (io_uring_queue_exit closes
 * it), and on failure fd stays open and the program's. */
int io_uring_queue_init(unsigned entries, struct io_uring *ring, unsigned flags);
int io_uring_queue_init_params(unsigned entries, struct io_uring *ring,
                               struct io_uring_params *p);
int io_uring_queue_init_mem(unsigned entries, struct io_uring *ring, struct io_uring_params *p,
                            void *buf, size_t buf_size);
int io_uring_queue_mmap(int fd, struct io_uring_params *p, struct io_uring *ring);
void io_uring_queue_exit(struct io_uring *ring);
int io_uring_ring_dontfork(struct io_uring *ring);
ssize_t io_uring_mlock_size(unsigned entries, unsigned flags);
ssize_t io_uring_mlock_size_params(unsigned entries, struct io_uring_params *p);
ssize_t io_uring_memory_size(unsigned entries, unsigned flags);
ssize_t io_uring_memory_size_params(unsigned entries, struct io_uring_params *p);

/* The raw system calls, as liburing exports them: the result, or -errno. io_uring_enter
 * passes a signal mask of the kernel's size (8 bytes); io_uring_enter2 passes arg and sz
 * as given (an extended argument with URING_ENTER_EXT_ARG). */
int io_uring_setup(unsigned int entries, struct io_uring_params *p);
int io_uring_enter(unsigned int fd, unsigned int to_submit, unsigned int min_complete,
                   unsigned int flags, sigset_t *sig);
int io_uring_enter2(unsigned int fd, unsigned int to_submit, unsigned int min_complete,
                    unsigned int flags, void *arg, size_t sz);
int io_uring_register(unsigned int fd, unsigned int opcode, const void *arg,
                      unsigned int nr_args);

/* ---- Submission ------------------------------------------------------------------------ */

/* The next free SQE with its first 64 bytes zeroed, or NULL when the SQ is full. */
static inline struct io_uring_sqe *io_uring_get_sqe(struct io_uring *ring) {
  struct uring_sqe *sqe = uring_get_sqe(ring);
  if (sqe) __builtin_memset(sqe, 0, sizeof *sqe);
  return sqe;
}

/* A 128-byte SQE (SQE128 rings, or two slots of an SQE_MIXED ring, 6.19), zeroed, or NULL
 * (full, or a ring without 128-byte entries). */
static inline struct io_uring_sqe *io_uring_get_sqe128(struct io_uring *ring) {
  struct uring_sqe *sqe = uring_get_sqe128(ring);
  if (sqe) __builtin_memset(sqe, 0, 2 * sizeof *sqe);
  return sqe;
}

/* Submits; submits and waits for wait_nr CQEs in one enter (uring_submit,
 * uring_submit_and_wait): the number submitted, or -errno. */
static inline int io_uring_submit(struct io_uring *ring) { return uring_submit(ring); }
static inline int io_uring_submit_and_wait(struct io_uring *ring, unsigned wait_nr) {
  return uring_submit_and_wait(ring, wait_nr);
}

/* Submits and enters with GETEVENTS in the same call, flushing held-back completions and
 * running task work (uring_submit_and_get_events): the number submitted, or -errno. */
int io_uring_submit_and_get_events(struct io_uring *ring);

/* SQEs handed out and not yet consumed by the kernel; free SQ slots. */
static inline unsigned io_uring_sq_ready(const struct io_uring *ring) {
  return uring_sq_ready(ring);
}
static inline unsigned io_uring_sq_space_left(const struct io_uring *ring) {
  return uring_sq_space_left(ring);
}

/* The SQ index shift: 1 for rings with 128-byte SQEs, else 0. */
static inline unsigned io_uring_sqe_shift_from_flags(unsigned flags) {
  return (flags & URING_SETUP_SQE128) ? 1u : 0u;
}
static inline unsigned io_uring_sqe_shift(const struct io_uring *ring) {
  return io_uring_sqe_shift_from_flags(ring->flags);
}

/* Under SQPOLL, waits until the SQ has room (5.10); 0 at once without SQPOLL or with room,
 * as liburing. */
static inline int io_uring_sqring_wait(struct io_uring *ring) {
  if (!(ring->flags & URING_SETUP_SQPOLL) || uring_sq_space_left(ring)) return 0;
  return uring_sqring_wait(ring);
}

/* ---- Completion ------------------------------------------------------------------------ */

/* The CQ index shift: 1 for CQE32 rings, else 0. */
static inline unsigned io_uring_cqe_shift_from_flags(unsigned flags) {
  return (flags & URING_SETUP_CQE32) ? 1u : 0u;
}
static inline unsigned io_uring_cqe_shift(const struct io_uring *ring) {
  return io_uring_cqe_shift_from_flags(ring->flags);
}
#define io_uring_cqe_index(ring, ptr, mask) (((ptr) & (mask)) << io_uring_cqe_shift(ring))

/* The CQ slots a CQE takes: 2 for a 32-byte CQE of a CQE_MIXED ring (URING_CQE_F_32), 1
 * otherwise. */
static inline unsigned io_uring_cqe_nr(const struct io_uring_cqe *cqe) {
  return uring_cqe_nr(cqe);
}

/* Frees nr CQ slots (after io_uring_for_each_cqe or a batch peek). Precondition as
 * uring_cq_advance's: nr is at most io_uring_cq_ready. */
static inline void io_uring_cq_advance(struct io_uring *ring, unsigned nr) {
  if (nr) uring_cq_advance(ring, nr);
}

/* Marks the CQE a peek or wait returned as consumed; NULL does nothing. */
static inline void io_uring_cqe_seen(struct io_uring *ring, struct io_uring_cqe *cqe) {
  if (cqe) uring_cqe_seen(ring, cqe);
}

/* CQ slots filled and not yet seen. */
static inline unsigned io_uring_cq_ready(const struct io_uring *ring) {
  return uring_cq_ready(ring);
}

/* Whether the kernel holds completions on its overflow list (URING_SQ_CQ_OVERFLOW), which
 * the next peek or wait flushes. */
static inline bool io_uring_cq_has_overflow(const struct io_uring *ring) {
  return uring_cq_has_overflow(ring) != 0;
}

/* Eventfd notifications on (true, the default) or off (5.8; -EOPNOTSUPP before). */
static inline bool io_uring_cq_eventfd_enabled(const struct io_uring *ring) {
  return uring_cq_eventfd_enabled(ring) != 0;
}
static inline int io_uring_cq_eventfd_toggle(struct io_uring *ring, bool enabled) {
  return uring_cq_eventfd_toggle(ring, enabled ? 1 : 0);
}

/* The next CQE without waiting: 0, or -EAGAIN when there is none; and waiting for one or
 * wait_nr (uring_peek_cqe, uring_wait_cqe, uring_wait_cqe_nr: their contract, README). */
static inline int io_uring_peek_cqe(struct io_uring *ring, struct io_uring_cqe **cqe_ptr) {
  return uring_peek_cqe(ring, cqe_ptr);
}
static inline int io_uring_wait_cqe(struct io_uring *ring, struct io_uring_cqe **cqe_ptr) {
  return uring_wait_cqe(ring, cqe_ptr);
}
static inline int io_uring_wait_cqe_nr(struct io_uring *ring, struct io_uring_cqe **cqe_ptr,
                                       unsigned wait_nr) {
  return uring_wait_cqe_nr(ring, cqe_ptr, wait_nr);
}

/* Up to count ready CQEs into cqes[], not freed: io_uring_cq_advance them. */
static inline unsigned io_uring_peek_batch_cqe(struct io_uring *ring, struct io_uring_cqe **cqes,
                                               unsigned count) {
  return uring_peek_batch_cqe(ring, cqes, count);
}

/* Waits with a time limit and a signal mask (uring_wait_cqes, uring_wait_cqe_timeout,
 * uring_submit_and_wait_timeout, uring_submit_and_wait_min_timeout,
 * uring_wait_cqes_min_timeout): a time limit needs 5.11 (-EOPNOTSUPP before), min_wait
 * 6.12 (io_uring_wait_cqes_min_timeout drops it on older kernels, as liburing's does;
 * io_uring_submit_and_wait_min_timeout gets their -EINVAL). */
int io_uring_wait_cqes(struct io_uring *ring, struct io_uring_cqe **cqe_ptr, unsigned wait_nr,
                       struct __kernel_timespec *ts, sigset_t *sigmask);
int io_uring_wait_cqe_timeout(struct io_uring *ring, struct io_uring_cqe **cqe_ptr,
                              struct __kernel_timespec *ts);
int io_uring_submit_and_wait_timeout(struct io_uring *ring, struct io_uring_cqe **cqe_ptr,
                                     unsigned wait_nr, struct __kernel_timespec *ts,
                                     sigset_t *sigmask);
int io_uring_submit_and_wait_min_timeout(struct io_uring *ring, struct io_uring_cqe **cqe_ptr,
                                         unsigned wait_nr, struct __kernel_timespec *ts,
                                         unsigned min_wait, sigset_t *sigmask);
int io_uring_wait_cqes_min_timeout(struct io_uring *ring, struct io_uring_cqe **cqe_ptr,
                                   unsigned wait_nr, struct __kernel_timespec *ts,
                                   unsigned int min_ts_usec, sigset_t *sigmask);

/* Submits, then waits with the wait argument at index reg_index of the ring's registered
 * wait region (uring_submit_and_wait_reg, 6.13; register the region with
 * io_uring_register_region on a ring set up with IORING_SETUP_R_DISABLED, then
 * io_uring_enable_rings). Returns the number submitted, or 0 when nothing was submitted
 * or a CQE was in the CQ before the call (liburing's result; uring's returns the count
 * there), or -errno: -ETIME, -EINTR, -EFAULT for an index outside the region, -EINVAL
 * before 6.13 and without URING_FEAT_EXT_ARG. */
int io_uring_submit_and_wait_reg(struct io_uring *ring, struct io_uring_cqe **cqe_ptr,
                                 unsigned wait_nr, int reg_index);

/* Whether the kernel counts this ring's waits as iowait (uring_set_iowait): 0, or
 * -EOPNOTSUPP on kernels without URING_FEAT_NO_IOWAIT (6.15). */
int io_uring_set_iowait(struct io_uring *ring, bool enable_iowait);

/* Enters the kernel only to flush held-back completions and run task work: 0 or -errno. */
int io_uring_get_events(struct io_uring *ring);

/* The 2.10 CQE iterator (uring_cqe_iter_init and uring_cqe_iter_next, cq.h), and
 * io_uring_for_each_cqe on it: from the CQ head to the tail loaded at init (acquire), a
 * 32-byte CQE of a CQE_MIXED ring counting two slots. `head` receives each CQE's position;
 * free what was handled with io_uring_cq_advance. struct io_uring_cqe_iter is uring's: its
 * head and tail are there, liburing's cqes, mask and shift are not. */
static inline struct io_uring_cqe_iter io_uring_cqe_iter_init(const struct io_uring *ring) {
  return uring_cqe_iter_init(ring);
}
static inline bool io_uring_cqe_iter_next(struct io_uring_cqe_iter *it,
                                          struct io_uring_cqe **cqe) {
  return uring_cqe_iter_next(it, cqe) != 0;
}
#define io_uring_for_each_cqe(ring, head, cqe)                                                   \
  for (struct io_uring_cqe_iter uring_priv_compat_iter = io_uring_cqe_iter_init(ring);          \
       (head) = uring_priv_compat_iter.head,                                                     \
                io_uring_cqe_iter_next(&uring_priv_compat_iter, &(cqe));                         \
       (void)(head))

/* ---- SQE and CQE data ------------------------------------------------------------------ */

static inline void io_uring_sqe_set_data(struct io_uring_sqe *sqe, void *data) {
  uring_sqe_set_data(sqe, data);
}
static inline void io_uring_sqe_set_data64(struct io_uring_sqe *sqe, __u64 data) {
  uring_sqe_set_data64(sqe, data);
}
static inline void *io_uring_cqe_get_data(const struct io_uring_cqe *cqe) {
  return uring_cqe_get_data(cqe);
}
static inline __u64 io_uring_cqe_get_data64(const struct io_uring_cqe *cqe) {
  return uring_cqe_get_data64(cqe);
}
static inline void io_uring_sqe_set_flags(struct io_uring_sqe *sqe, unsigned flags) {
  uring_sqe_set_flags(sqe, flags);
}
static inline void io_uring_sqe_set_buf_group(struct io_uring_sqe *sqe, int bgid) {
  uring_sqe_set_buf_group(sqe, bgid);
}
/* Zeroes the fields liburing's io_uring_get_sqe resets (io_uring_get_sqe here zeroes the
 * whole entry already). */
static inline void io_uring_initialize_sqe(struct io_uring_sqe *sqe) {
  sqe->flags = 0;
  sqe->ioprio = 0;
  sqe->rw_flags = 0;
  sqe->buf_index = 0;
  sqe->personality = 0;
  sqe->file_index = 0;
  sqe->addr3 = 0;
  sqe->pad2 = 0;
}

#ifdef __cplusplus
}
#endif

#endif /* URING_COMPAT_QUEUE_H */
