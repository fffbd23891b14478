/* The action language shared by the sqe_sequence_* fuzzers.
 *
 * Input bytes pick actions from a table (prep a NOP, change the last SQE's flags, submit,
 * submit and wait, peek and see one CQE, copy a batch, iterate, peek a batch, and, on the
 * mock, inject a fault or post a kernel-side CQE). A model beside the ring records what
 * every SQE and posted CQE should produce; after each action the ring's counters and every
 * CQE reaped are checked against it, and any disagreement is a trap:
 *   - a CQE names a request that is in flight (no duplicates, no unknown user_data);
 *   - with `ordered` (the mock, where NOPs complete inside enter, in order) completions
 *     arrive in the order the requests were consumed; a request passed over either asked
 *     for URING_SQE_CQE_SKIP_SUCCESS or was lost, and losses never exceed the CQ overflow
 *     counter. Link chains (URING_SQE_IO_LINK, IO_HARDLINK) and drains reorder
 *     completions by design (a chain's later members run after the rest of their batch,
 *     drained requests and everything behind them wait): chain members, and every request
 *     from the first drain on, are exempt from the order check;
 *   - a CQE_SKIP_SUCCESS request only ever shows up with res < 0;
 *   - every request completes exactly once, except that a CQE_SKIP_SUCCESS request posts
 *     nothing on success, and the members behind a chain member that has CQE_SKIP_SUCCESS
 *     may post nothing: when that member fails, it breaks the chain and the cancelled
 *     rest are silent (6.18; otherwise they post -ECANCELED, which the checks accept for
 *     any chain member);
 *   - the SQ head moves forward by no more than the SQEs published, uring_sq_ready <= SQ
 *     entries, uring_cq_ready <= CQ entries;
 *   - at the end, after submitting and reaping everything, every request that had to
 *     complete did.
 */
#ifndef URING_FUZZ_SQE_SEQUENCE_H
#define URING_FUZZ_SQE_SEQUENCE_H

#include <stddef.h>
#include <stdint.h>

#include "uring/mock/mock.h"
#include "uring/uring.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Bytes of input, consumed front to back; reads past the end give 0. */
struct seq_input {
  const uint8_t *p;
  size_t n;
};

uint8_t seq_u8(struct seq_input *in);
uint16_t seq_u16(struct seq_input *in);
uint32_t seq_u32(struct seq_input *in);

/* Setup choices both fuzzers decode the same way from the first input bytes. */
struct seq_setup {
  unsigned entries;
  struct uring_params p;
};
void seq_decode_setup(struct seq_input *in, struct seq_setup *s);

/* Runs the actions in `in` on a ring that is set up and enabled, then drains it and checks
 * the end state. `mock` is the ring's mock (fault actions and exact loss accounting), or
 * NULL for the kernel. `ordered`: completions come in consumption order. */
void seq_run(struct uring *ring, struct uring_mock *mock, int ordered, struct seq_input *in);

#ifdef __cplusplus
}
#endif

#endif /* URING_FUZZ_SQE_SEQUENCE_H */
