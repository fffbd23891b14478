/* Internal to //uring/mock: what the mock's source files share. Not a public header: it is
 * in the library's srcs, not its hdrs, so targets depending on //uring/mock do not get it.
 * README.md, "The source files", says which file holds what; the sections below follow it.
 *
 * Names without the uring_mock_priv_ prefix below are macros, types and static inline
 * functions: they have no linkage and are seen by the mock's own files only. */
#ifndef URING_MOCK_INTERNAL_H
#define URING_MOCK_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "uring/mock/mock.h"
#include "uring/opcode/table.h"
#include "uring/sys/abi.h"
#include "uring/sys/barrier.h"
#include "uring/sys/errcodes.h"

#ifdef __cplusplus
extern "C" {
#endif


/* --- Kernel profiles (uring_mock_set_kernel) -------------------------------------- */

/* A release as major * 100 + minor. */
#define REL(major, minor) ((major) * 100u + (minor))

/* The release a bit became known in, for the setup flags, features, enter flags and SQE
 * flags the mock knows (the releases of uring/sys/abi.h). */
struct since {
  uint32_t bit;
  uint32_t release;
};

/* Whether the modelled kernel is at least `release` (0 models the newest). */
static inline int has(const struct uring_mock *m, uint32_t release) {
  return !m->release || m->release >= release;
}

/* The bits of `table` the modelled kernel knows. */
static inline uint32_t known_bits(const struct uring_mock *m, const struct since *table,
                                  size_t n) {
  uint32_t bits = 0;
  for (size_t i = 0; i < n; i++)
    if (has(m, table[i].release)) bits |= table[i].bit;
  return bits;
}
#define KNOWN(m, table) known_bits((m), (table), sizeof(table) / sizeof((table)[0]))

/* Opcodes by the release that added them (the opcode table's since_major/minor). */
static inline int op_known(const struct uring_mock *m, unsigned op) {
  const struct uring_opcode_desc *i = uring_opcode_info(op);
  return i && has(m, REL(i->since_major, i->since_minor));
}

/* --- Memory ----------------------------------------------------------------------- */

static inline void zero(void *p, size_t n) {
  /* volatile: a plain loop may be turned into a call to memset, which the library lacks. */
  volatile uint64_t *w = (volatile uint64_t *)p;
  volatile unsigned char *b;
  for (; n >= 8; n -= 8) *w++ = 0;
  b = (volatile unsigned char *)w;
  while (n--) *b++ = 0;
}

/* --- Requests --------------------------------------------------------------------- */

#define LINK_FLAGS (URING_SQE_IO_LINK | URING_SQE_IO_HARDLINK)

/* Request slot states. */
#define RQ_FREE 0u
#define RQ_TIMEOUT 1u  /* URING_OP_TIMEOUT, armed */
#define RQ_POLL 2u     /* URING_OP_POLL_ADD, armed */
#define RQ_LTIMEOUT 3u /* URING_OP_LINK_TIMEOUT, armed over a pending request */
#define RQ_WAIT 4u     /* a chain member waiting behind a pending one */
#define RQ_DEFER 5u    /* the head of a drained (or queued-behind-drain) chain */
#define RQ_DMEMBER 6u  /* a later member of such a chain */
#define RQ_PCANCEL 7u  /* a poll whose cancellation is queued: cancels still find it */

/* Follow-up kinds. */
#define FU_RUN 1u  /* issue the chain member */
#define FU_FAIL 2u /* cancel the chain from this member on */
#define FU_DONE 3u /* complete the pending request (a slot) with res */

/* A chain member: an SQE in the SQ (at ring position `at`, chain ending at `end`) during
 * the batch that consumed it, or a copy in a request slot. */
struct ref {
  uint32_t at;
  uint32_t end;
  uint32_t in_table;
};

static inline const struct uring_sqe *sqe_at_pos(const struct uring_mock *m, uint32_t pos) {
  uint32_t idx = pos & (m->sq_entries - 1);
  /* The index was checked when the SQE was consumed; the mask keeps a rewrite in range. */
  if (m->sq_array) idx = uring_read_once(&m->sq_array[idx]) & (m->sq_entries - 1);
  return (const struct uring_sqe *)(const void *)(m->sqes + (size_t)idx * m->sqe_bytes);
}

static inline const struct uring_sqe *ref_sqe(const struct uring_mock *m, struct ref r) {
  return r.in_table ? &m->reqs[r.at].sqe : sqe_at_pos(m, r.at);
}

static inline void copy_sqe(struct uring_sqe *dst, const struct uring_sqe *src) {
  const volatile unsigned char *s = (const volatile unsigned char *)src;
  unsigned char *d = (unsigned char *)dst;
  for (size_t i = 0; i < sizeof *dst; i++) d[i] = s[i];
}

/* --- Ring lifetime (mock.c) ------------------------------------------------------- */

/* Nonzero while a registered ring index holds the ring. */
int uring_mock_priv_slots_used(const struct uring_mock *m);

/* Nonzero while a region map returned is not unmapped. */
int uring_mock_priv_maps_live(const struct uring_mock *m);

/* The ring goes away once neither its fd nor a registered index holds it. */
void uring_mock_priv_maybe_destroy(struct uring_mock *m);

/* 0 when `fd` names the live ring (with `by_index`, as a registered ring index), else the
 * -errno an enter or register call fails with. */
int uring_mock_priv_resolve(const struct uring_mock *m, int fd, int by_index);

/* --- Submission: the backend's enter call (submit.c) ------------------------------ */

int uring_mock_priv_enter(void *ctx, int fd, unsigned to_submit, unsigned min_complete,
                          unsigned flags, const void *arg, size_t argsz);

/* The checks the kernel makes before a request runs (io_init_req), for the SQE consumed at
 * SQ position `pos`: 0 or the -errno it fails with. `first` on its one real submission
 * (which may disable drain); a re-check answers as that one did. */
int uring_mock_priv_sqe_check(struct uring_mock *m, const struct uring_sqe *sqe, uint32_t pos,
                              int first);

/* The pretend SQ thread's run: consumes every published SQE (uring_mock_sqpoll_run). */
int uring_mock_priv_sqpoll_run(struct uring_mock *m);

/* --- Requests: slots, chains, follow-ups (chain.c) -------------------------------- */

/* Arms the pending request at `r` in a slot (with its chain behind it, and the
 * LINK_TIMEOUT that guards it armed beside it) in `state`. The slot, or -1 when the table
 * is full. */
int uring_mock_priv_arm(struct uring_mock *m, struct ref r, uint32_t state);

/* Posts a request's completion (unless it fully succeeded with CQE_SKIP_SUCCESS) and
 * queues the next chain member: to run, or, when this one `broke` the link and it is not
 * a hard link, to be cancelled. Frees its slot. _big fills big_cqe on CQE32 rings. */
void uring_mock_priv_complete(struct uring_mock *m, struct ref r, int32_t res, uint32_t cflags,
                              int broke);
void uring_mock_priv_complete_big(struct uring_mock *m, struct ref r, int32_t res, uint32_t cflags,
                                  int broke, uint64_t big0, uint64_t big1);

/* Completes the count-based timeouts whose count of other completions was reached. */
void uring_mock_priv_flush_count_timeouts(struct uring_mock *m);

/* Queues a chain step (FU_RUN, FU_FAIL, FU_DONE) to run after the current batch, as the
 * kernel's task work; when the queue is full, the oldest runs now. */
void uring_mock_priv_push_followup(struct uring_mock *m, uint32_t kind, struct ref r,
                                   int32_t res);

/* Runs the queued follow-ups, and those they queue, until none is left. */
void uring_mock_priv_run_followups(struct uring_mock *m);

/* Runs the queued follow-ups and starts the deferred (drained) chains whose turn came. */
void uring_mock_priv_run_deferred(struct uring_mock *m);

/* A chain whose last member was consumed at SQ position `end` (or the batch ended inside
 * it), headed at `head`: fails at once when a member failed submission (`failed`), waits
 * when it drains behind requests in flight (`drain`) or queues behind one that does, or
 * starts. */
void uring_mock_priv_end_chain(struct uring_mock *m, uint32_t head, uint32_t end, int failed,
                               int drain);

/* --- The served opcodes (ops.c) --------------------------------------------------- */

/* The opcode's own SQE checks (the kernel's prep step): 0, or the -errno the request fails
 * submission with. */
int uring_mock_priv_op_prep(const struct uring_mock *m, const struct uring_sqe *sqe);

/* Runs a chain member: completes it now, or arms it. */
void uring_mock_priv_issue(struct uring_mock *m, struct ref r);

/* The struct uring_timespec at `addr` in ns (UINT64_MAX at most): 0, -EFAULT (NULL) or
 * -EINVAL (negative, or tv_nsec of a second or more). */
int uring_mock_priv_ts_to_ns(uint64_t addr, uint64_t *ns);

/* The virtual-clock deadline of a timeout of `ns` with these timeout flags (ABS or not). */
uint64_t uring_mock_priv_deadline_from(const struct uring_mock *m, uint64_t ns, uint32_t flags);

/* The mock file registered as `fd`, or NULL. */
struct uring_mock_file *uring_mock_priv_find_file(struct uring_mock *m, int32_t fd);

/* Completes the expired timeouts, earliest first, with the follow-ups each queues. */
void uring_mock_priv_fire_timeouts(struct uring_mock *m);

/* Completes the polls armed on mock file `fd` that want any of the events in `mask`, in
 * arming order, with the follow-ups each queues (uring_mock_set_ready). */
void uring_mock_priv_wake_polls(struct uring_mock *m, int fd, uint32_t mask);

/* --- Completions (cq.c) ----------------------------------------------------------- */

/* Posts one completion as the kernel does from inside: into the CQ, or behind the overflow
 * backlog (NODROP; URING_SQ_CQ_OVERFLOW goes up), or lost (-ENOSPC, counted in the CQ
 * overflow word). The CQ tail is published by uring_mock_priv_commit_cq. */
int uring_mock_priv_post(struct uring_mock *m, uint64_t user_data, int32_t res, uint32_t flags,
                         uint64_t big0, uint64_t big1);

/* A multishot request's CQE with URING_CQE_F_MORE: 1 when posted; 0 when a 6.1 or later
 * profile finds the CQ full or the backlog non-empty, where the kernel ends the request
 * instead (the caller completes it). */
int uring_mock_priv_post_more(struct uring_mock *m, uint64_t user_data, int32_t res);

/* Publishes the CQ tail: the CQEs written before are visible to the library after. */
void uring_mock_priv_commit_cq(struct uring_mock *m);

/* Sets (`on`) or clears a URING_SQ_* bit in the SQ flags word. */
void uring_mock_priv_set_sq_flag(struct uring_mock *m, uint32_t bit, int on);

/* Reverses the CQEs from CQ position `from` to the tail (uring_mock_reverse_next_batch). */
void uring_mock_priv_reverse_cq(struct uring_mock *m, uint32_t from);

/* The GETEVENTS part of enter (io_cqring_wait): flushes the backlog, then waits for
 * min_complete CQEs as README.md says under "enter". 0 or -errno. */
int uring_mock_priv_get_events(struct uring_mock *m, unsigned min_complete, unsigned flags,
                               const void *arg, size_t argsz);

/* --- The backend's register call (register.c) ------------------------------------- */

/* PROBE, RING_FDS, UNREGISTER_RING_FDS and ENABLE_RINGS, as far as the modelled kernel
 * has them; -EINVAL for every other opcode. */
int uring_mock_priv_register(void *ctx, int fd, unsigned opcode, const void *arg,
                             unsigned nr_args);

#ifdef __cplusplus
}
#endif

#endif /* URING_MOCK_INTERNAL_H */
