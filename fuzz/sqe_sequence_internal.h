/* The sqe_sequence fuzzers' shared internals: the model's records and state, and the
 * calls between the actions (sqe_sequence.c) and the model that checks what the ring
 * does against them (sqe_sequence_model.c). Private to those two files; the fuzzers and
 * tests include sqe_sequence.h. */
#ifndef URING_FUZZ_SQE_SEQUENCE_INTERNAL_H
#define URING_FUZZ_SQE_SEQUENCE_INTERNAL_H

#include <stdint.h>

#include "fuzz/sqe_sequence.h"
#include "uring/mock/mock.h"
#include "uring/uring.h"

/* Requests and posted CQEs one input can create; the rest of a longer input only reaps. */
#define SEQ_MAX_RECS 8192u
/* Beyond that, room for the cancels drain() submits. */
#define SEQ_DRAIN_RECS 32u
#define SEQ_RECS (SEQ_MAX_RECS + SEQ_DRAIN_RECS)

/* Bytes a read or write moves at most. */
#define SEQ_BUF 64u

/* Poll events (poll.h values, the same on every arch). */
#define SEQ_POLLIN 0x1u
#define SEQ_POLLOUT 0x4u
#define SEQ_POLLERR 0x8u
#define SEQ_POLLHUP 0x10u

#define NS_PER_US 1000ull
#define NS_PER_SEC 1000000000ull

enum { REC_FREE = 0, REC_PREPPED, REC_INFLIGHT, REC_DONE };

enum { K_NOP = 0, K_RW, K_FSYNC, K_TIMEOUT, K_POLL, K_CANCEL, K_REMOVE };

/* Offsets reads and writes name: one byte (act_prep_rw). */
#define SEQ_OFFSETS 256u

#define CHAIN_FLAGS (URING_SQE_IO_LINK | URING_SQE_IO_HARDLINK | URING_SQE_IO_DRAIN)

#define LINK_FLAGS (URING_SQE_IO_LINK | URING_SQE_IO_HARDLINK)

/* Memory a request's SQE points at. On the kernel a request can outlive its input: one
 * whose CQE never came (CQE_SKIP_SUCCESS, or a chain member behind one) may still be
 * queued or running in io-wq when its input ends, and closing the ring starts its teardown
 * without waiting for it (seen under load: a read with CQE_SKIP_SUCCESS ran after eight
 * more inputs had begun). Nothing shows when such a request is done, so instead of waiting
 * for it the memory is laid out to make whatever it does later harmless:
 *   - a read at offset `off` lands at rd + off, so whatever any read, however late, writes
 *     into rd[i] is the file's byte at i; each read poisons its bytes first, so one that
 *     moved nothing (or other bytes) still fails the content check. A read at the file
 *     position (offset unknown, content unchecked) lands in fpos;
 *   - a write takes its bytes from seq_image at its offset, which holds the pattern and is
 *     never written: every write, however late, writes what the file already holds.
 * iov and ts are the kernel's only while the submit that consumes the SQE runs
 * (URING_FEAT_SUBMIT_STABLE, 5.5), and the mock runs everything inside its calls. */
struct rec_mem {
  uint8_t rd[SEQ_OFFSETS + SEQ_BUF];
  uint8_t fpos[SEQ_BUF];
  struct uring_iovec iov[2];
  struct uring_timespec ts;
};

/* One per request id (the low half of its user_data). */
extern struct rec_mem seq_mem[SEQ_RECS];
/* seq_pattern(i) at every i a write can start at or reach; filled once, then only read. */
extern uint8_t seq_image[SEQ_OFFSETS + SEQ_BUF];

struct rec {
  uint8_t state;
  uint8_t skip;   /* URING_SQE_CQE_SKIP_SUCCESS */
  uint8_t plain;  /* no SQE or NOP flags, no link: res 0 unless a result was injected */
  uint8_t big;    /* on a CQE32 ring, big_cqe must be {b0, b1} when res >= 0 */
  uint8_t posted; /* a CQE posted from the kernel side (uring_mock_post_cqe) */
  uint8_t chained; /* linked or drained: may complete after requests consumed later */
  /* Its CQE may never come: CQE_SKIP_SUCCESS, or a link member behind such a request
   * (a failed chain's members post nothing when the request before them skips its CQE,
   * as on 6.18). */
  uint8_t optional;
  uint8_t flags8; /* the SQE's flags */
  uint8_t kind;   /* K_* */
  /* Completes outside consumption order even on the mock: a timeout, poll, cancel or
   * removal (on a clock advance, a readiness change, or after its canceller). */
  uint8_t unordered;
  uint8_t multi;  /* multishot: CQEs with URING_CQE_F_MORE, then one without */
  /* May stay pending until something else happens (a poll, or a request waiting behind
   * one in a chain or a drain): no wait may count on it. */
  uint8_t pend;
  uint8_t sure;   /* counted in `guaranteed` */
  uint8_t clean;  /* no opcode-specific flags that could make it fail (NOP flags) */
  uint8_t wr;     /* K_RW: a write */
  uint8_t all;    /* K_CANCEL: ALL or ANY, res is a count */
  uint32_t hi;    /* the upper half of user_data */
  int32_t expect; /* K_RW: the bytes moved (or -ENOSPC); -1: unknown (file position) */
  uint32_t off;   /* K_RW: the offset; K_POLL: the events asked for; K_TIMEOUT: count */
  uint32_t len;   /* K_RW: bytes asked for */
  int32_t res;    /* posted: the res it carries */
  uint32_t flags; /* posted: the flags it carries */
  uint32_t ord;   /* its place in the completion order */
  uint64_t b0, b1;
};

/* The ring under test and the model beside it, for the run in progress (one at a time:
 * seq_run starts each afresh). */
struct seq_state {
  struct uring *ring;
  struct uring_mock *mock;
  const struct seq_caps *caps;
  int ordered;
  int cqe32;
  const struct seq_env *env;
  int injected;          /* the mock was told to override NOP results */
  int drained;           /* an SQE asked for URING_SQE_IO_DRAIN */
  int pend_seen;         /* a request that may pend was prepped */
  uint32_t multi_polls;  /* multishot polls prepped and not yet retired */
  int multi_seen;        /* a multishot poll was prepped */
  uint32_t nrec;
  /* sq_order[sq_cons, sq_prep): prepped, not yet consumed, in SQ order. */
  uint32_t sq_cons, sq_prep;
  uint32_t last_khead;
  /* order[ord_head, ord_tail): in flight, in the order their completions are posted. */
  uint32_t ord_head, ord_tail;
  uint32_t guaranteed;   /* in flight, and sure to post a CQE without anything else */
  uint32_t owed;         /* in flight, and must post a CQE before drain() ends */
  uint32_t lost_known;   /* posts the mock refused (backlog full) */
  uint32_t lost_seen;    /* requests passed over that had to post a CQE */
  /* The last prepped SQE, while the library has not published it. */
  struct uring_sqe *last_sqe;
  uint32_t last_pos, last_rec;
  /* Arrays last: seq_run resets everything before them. */
  uint32_t sq_order[SEQ_RECS];
  uint32_t order[SEQ_RECS];
  struct rec recs[SEQ_RECS];
};

extern struct seq_state seq_s;

/* The kernel's CQ overflow counter. */
uint32_t seq_koverflow(void);
/* Moves the SQEs the kernel consumed since the last look into flight. */
void seq_sync_sq(void);
/* The ring's counters against the model's (after every action). */
void seq_check_counters(void);
/* A request is done: it owes nothing any more. */
void seq_retire(struct rec *r);
/* One CQE reaped from the ring; big is its big_cqe (CQE32 ring, read in full) or NULL. */
void seq_check_cqe(const struct uring_cqe *cqe, const uint64_t *big);
/* A submit's or wait's return value: a count, or an error some request explains. */
void seq_check_ret(int ret);
/* A fresh record with `hi` as the upper half of its user_data; returns its id. */
uint32_t seq_new_rec(uint32_t hi);
/* The record of the SQE before SQ position `sq_index` (NULL for none). */
const struct rec *seq_prev_of(uint32_t sq_index);
/* Records the SQE's flags in `r`: what they allow of its result, order and completion.
 * `prev`: the request before it in the SQ (NULL for none), whose link would make this
 * one a chain member. */
void seq_set_rec_flags(struct rec *r, const struct uring_sqe *sqe, const struct rec *prev);
/* What a read or write at `off` of `len` bytes moves in a file of SEQ_FILE_SIZE bytes
 * whose capacity is its size (the mock file; the kernel's writes are clamped to it). */
int32_t seq_rw_expect(int wr, uint32_t off, uint32_t len);

#endif /* URING_FUZZ_SQE_SEQUENCE_INTERNAL_H */
