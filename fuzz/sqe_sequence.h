/* The action language shared by the sqe_sequence_* fuzzers.
 *
 * Input bytes pick actions from a table (prep a request, change the last SQE's flags,
 * submit, submit and wait, peek and see one CQE, copy a batch, iterate, peek a batch, make
 * a polled fd ready or not, advance the mock's virtual clock, and, on the mock, inject a
 * fault or post a kernel-side CQE). The requests: NOP; READ, WRITE, READV, WRITEV and
 * FSYNC on the fuzzer's file; TIMEOUT (relative, with or without a completion count, or
 * multishot with a repeat count); POLL_ADD single-shot and multishot on the fuzzer's two
 * pollable fds; ASYNC_CANCEL (by user_data, ALL, ANY, FD), TIMEOUT_REMOVE and POLL_REMOVE
 * naming an earlier request. Every fd an SQE names is one of struct seq_env's, never a
 * fuzzed number. A model beside the ring records what every SQE and posted CQE should
 * produce; after each action the ring's counters and every CQE reaped are checked against
 * it, and any disagreement is a trap:
 *   - a CQE names a request that is in flight (no duplicates, no unknown user_data); a
 *     CQE with URING_CQE_F_MORE comes only from a multishot request and leaves it in
 *     flight, its last CQE lacks MORE and retires it;
 *   - with `ordered` (the mock, where NOPs and reads/writes complete inside enter, in
 *     order) completions arrive in the order the requests were consumed; a request passed
 *     over either asked for URING_SQE_CQE_SKIP_SUCCESS or was lost, and losses never
 *     exceed the CQ overflow counter. Link chains (URING_SQE_IO_LINK, IO_HARDLINK) and
 *     drains reorder completions by design (a chain's later members run after the rest of
 *     their batch, drained requests and everything behind them wait), and so do timeouts,
 *     polls, cancels and removals (they complete on a clock advance, a readiness change,
 *     or after their canceller): those are exempt from the order check;
 *   - a CQE_SKIP_SUCCESS request only ever shows up with res < 0 (its last CQE);
 *   - results by kind: NOP 0 (unless injected); a read or write at an offset moves exactly
 *     what the file's fixed size allows on the mock, at most that on the kernel, and what
 *     a read returns is the file's byte pattern at that offset (every write writes the
 *     pattern, so the content never changes; sqe_sequence.c, struct rec_mem, keeps that
 *     true for a request that runs after its input ended); FSYNC 0; TIMEOUT -ETIME, 0 (count reached)
 *     or -ECANCELED; POLL the ready events within those asked for (plus POLLERR/POLLHUP)
 *     or -ECANCELED; cancels 0/-ENOENT/-EALREADY (a count with ALL or ANY); removals
 *     0/-ENOENT/-EALREADY/-EBUSY. A request with SQE flags, in a chain or behind a drain
 *     may fail with any error instead;
 *   - every request completes exactly once, except that a CQE_SKIP_SUCCESS request posts
 *     nothing on success, and the members behind a chain member that has CQE_SKIP_SUCCESS
 *     may post nothing: when that member fails, it breaks the chain and the cancelled
 *     rest are silent (6.18; otherwise they post -ECANCELED, which the checks accept for
 *     any chain member);
 *   - the SQ head moves forward by no more than the SQEs published, uring_sq_ready <= SQ
 *     entries, uring_cq_ready <= CQ entries;
 *   - at the end, after making every polled fd ready, cancelling what still pends
 *     (ASYNC_CANCEL ANY|ALL), advancing the mock's clock past every timeout, submitting
 *     and reaping everything, every request that had to complete did.
 * A wait on the kernel asks only for completions sure to come: requests that can pend
 * (polls, and whatever waits in a chain or behind a drain after one) are not counted.
 * No SQE gets URING_SQE_IO_DRAIN while a multishot poll may be live (on the kernel: in an
 * input with a multishot poll at all): only a cancel ends such a poll, and the cancel
 * would wait behind the drain (sqe_sequence.c, usable_flags).
 */
#ifndef URING_FUZZ_SQE_SEQUENCE_H
#define URING_FUZZ_SQE_SEQUENCE_H

#include <stddef.h>
#include <stdint.h>

#include "fuzz/input.h"
#include "uring/mock/mock.h"
#include "uring/uring.h"

#ifdef __cplusplus
extern "C" {
#endif


/* What the kernel under test offers, where the requests the fuzzers make depend on it.
 * On a kernel that lacks something the fuzzers do not ask for it (the input bytes are
 * read the same either way), so the model's checks stay exact for what runs. */
struct seq_caps {
  uint32_t setup_flags;      /* of SQE128, CQE32 (5.19), NO_SQARRAY (6.6), SUBMIT_ALL
                                (5.18) and CQSIZE (5.5): the ones setup accepts */
  uint8_t skip_success;      /* URING_SQE_CQE_SKIP_SUCCESS (5.17, URING_FEAT_CQE_SKIP) */
  uint8_t multishot_poll;    /* URING_POLL_ADD_MULTI (5.13) */
  uint8_t multishot_timeout; /* URING_TIMEOUT_MULTISHOT (6.4) */
  uint8_t cancel_flags;      /* ASYNC_CANCEL with ALL, ANY or FD (5.19) */
  uint8_t nop_inject;        /* URING_NOP_INJECT_RESULT is honoured */
  uint8_t nop_cqe32;         /* URING_NOP_CQE32 fills big_cqe */
};

/* Everything: the mock, which models the newest kernel. */
extern const struct seq_caps seq_caps_all;

/* The running kernel's, found out once per process by asking it (setup attempts, feature
 * flags, one request of each kind on a scratch ring); all zero where io_uring is
 * unavailable. */
const struct seq_caps *seq_kernel_caps(void);

/* Setup choices both fuzzers decode the same way from the first input bytes, limited to
 * the setup flags `caps` has (NULL: all). */
struct seq_setup {
  unsigned entries;
  struct uring_params p;
};
void seq_decode_setup(struct seq_input *in, struct seq_setup *s, const struct seq_caps *caps);

/* Size of the fuzzer's file: offsets run to 255, so reads and writes also start at and
 * beyond its end. */
#define SEQ_FILE_SIZE 192u

/* The byte the fuzzer's file holds at `off`, from the start and forever after (every
 * write writes these bytes at their offsets). */
uint8_t seq_pattern(uint64_t off);

/* What the requests work on. On the mock, mock files (uring_mock_add_file): `file` of
 * SEQ_FILE_SIZE bytes and capacity, and two empty ones to poll. On the kernel, a memfd of
 * SEQ_FILE_SIZE bytes, an eventfd and a pipe's read end. */
struct seq_env {
  int file_fd;
  int poll_fd[2];
  /* Kernel only (NULL on the mock): makes poll_fd[i] readable (on) or drains it. */
  void (*ready)(unsigned i, int on);
  /* Tests only (NULL in the fuzzers): called after every action, to do there what a kernel
   * request that outlived an earlier input may do at any moment. */
  void (*step)(void);
};

/* Runs the actions in `in` on a ring that is set up and enabled, then drains it and checks
 * the end state. `mock` is the ring's mock (fault actions, clock, readiness and exact loss
 * accounting), or NULL for the kernel. `caps`: what requests may use (NULL: all).
 * `ordered`: plain requests complete in consumption order. */
void seq_run(struct uring *ring, struct uring_mock *mock, const struct seq_env *env,
             const struct seq_caps *caps, int ordered, struct seq_input *in);

#ifdef __cplusplus
}
#endif

#endif /* URING_FUZZ_SQE_SEQUENCE_H */
