/* The mock's enter call (struct uring_backend's enter): the checks on each SQE, the
 * submission batch with its links and drains, the pretend SQPOLL thread. */
#include <stddef.h>
#include <stdint.h>

#include "uring/mock/internal.h"
#include "uring/mock/mock.h"
#include "uring/sys/abi.h"
#include "uring/sys/barrier.h"
#include "uring/sys/errcodes.h"

/* Every enter flag up to 6.15; EXT_ARG_REG needs a registered wait region, not served. */
#define ENTER_KNOWN 0xffu
#define ENTER_SERVED (ENTER_KNOWN & ~URING_ENTER_EXT_ARG_REG)

#define SQE_VALID_FLAGS 0x7fu

/* Enter flags and SQE flags by the release that added them. */
static const struct since kEnterSince[] = {
    {URING_ENTER_GETEVENTS, REL(5, 1)},       {URING_ENTER_SQ_WAKEUP, REL(5, 1)},
    {URING_ENTER_SQ_WAIT, REL(5, 10)},        {URING_ENTER_EXT_ARG, REL(5, 11)},
    {URING_ENTER_REGISTERED_RING, REL(5, 18)}, {URING_ENTER_ABS_TIMER, REL(6, 12)},
    {URING_ENTER_EXT_ARG_REG, REL(6, 13)},    {URING_ENTER_NO_IOWAIT, REL(6, 15)},
};

static const struct since kSqeFlagSince[] = {
    {URING_SQE_FIXED_FILE, REL(5, 1)},  {URING_SQE_IO_DRAIN, REL(5, 2)},
    {URING_SQE_IO_LINK, REL(5, 3)},     {URING_SQE_IO_HARDLINK, REL(5, 5)},
    {URING_SQE_ASYNC, REL(5, 6)},       {URING_SQE_BUFFER_SELECT, REL(5, 7)},
    {URING_SQE_CQE_SKIP_SUCCESS, REL(5, 17)},
};

/* The opcodes that take a 128-byte entry (io_issue_def.is_128, 6.19). */
static int op_is_128(uint8_t op) { return op == URING_OP_NOP128 || op == URING_OP_URING_CMD128; }

/* The checks the kernel makes before a request runs (io_init_req): 0, or the -errno it
 * fails with, for the SQE consumed at SQ position `pos`. `first` is set on the SQE's one
 * real submission; a re-check (to tell a cancelled chain member's own error) leaves the
 * drain state alone and answers as the check did when the SQE was consumed. */
int uring_mock_priv_sqe_check(struct uring_mock *m, const struct uring_sqe *sqe, uint32_t pos,
                              int first) {
  uint8_t op = sqe->opcode, fl = sqe->flags;
  if (op >= URING_OP_LAST || (fl & ~SQE_VALID_FLAGS)) return -URING_EINVAL;
  /* An opcode or SQE flag newer than the modelled kernel is one it does not know. */
  if (!op_known(m, op) || (fl & ~KNOWN(m, kSqeFlagSince))) return -URING_EINVAL;
  /* Before URING_FEAT_SQPOLL_NONFIXED (5.11) an SQPOLL ring takes files only from the
   * registered table, which the mock has none of. */
  if ((m->flags & URING_SETUP_SQPOLL) && !has(m, REL(5, 11)) && op != URING_OP_NOP &&
      op != URING_OP_NOP128 && op != URING_OP_TIMEOUT && op != URING_OP_TIMEOUT_REMOVE &&
      op != URING_OP_LINK_TIMEOUT && op != URING_OP_ASYNC_CANCEL && op != URING_OP_POLL_REMOVE)
    return -URING_EBADF;
  /* A 128-byte opcode needs SQE_MIXED or SQE128 (io_init_req, 6.19). Where it sits is
   * checked in submit. The mock serves none inside a link chain except as its last member
   * (its chains are runs of 64-byte positions); the kernel would take it. */
  if (op_is_128(op) && !(m->flags & URING_SETUP_SQE128) &&
      (!(m->flags & URING_SETUP_SQE_MIXED) || (fl & LINK_FLAGS)))
    return -URING_EINVAL;
  if (fl & URING_SQE_BUFFER_SELECT) {
    /* Opcodes that never select a buffer refuse it; the mock has no provided buffers
     * for those that do, and serves no others. */
    switch (op) {
      case URING_OP_NOP:
      case URING_OP_FSYNC:
      case URING_OP_TIMEOUT:
      case URING_OP_TIMEOUT_REMOVE:
      case URING_OP_LINK_TIMEOUT:
      case URING_OP_ASYNC_CANCEL:
      case URING_OP_POLL_ADD:
      case URING_OP_POLL_REMOVE:
      case URING_OP_WRITE:
      case URING_OP_WRITEV:
        return -URING_EOPNOTSUPP;
      default:
        return -URING_EINVAL;
    }
  }
  /* 5.17: once any request skips its CQE, drained requests cannot be ordered. The kernel
   * checks each SQE as it is consumed, so a CQE_SKIP_SUCCESS SQE later in the batch does
   * not refuse an earlier chain member's drain (6.18). Positions compare as a signed
   * distance: a re-checked SQE is never more than one SQ away from drain_off_pos. */
  if (first && (fl & URING_SQE_CQE_SKIP_SUCCESS) && !m->drain_disabled) {
    m->drain_disabled = 1;
    m->drain_off_pos = pos;
  }
  if ((fl & URING_SQE_IO_DRAIN) && m->drain_disabled &&
      (int32_t)(pos - m->drain_off_pos) >= 0)
    return -URING_EOPNOTSUPP;
  /* The mock has no registered files. */
  if ((fl & URING_SQE_FIXED_FILE) && op != URING_OP_NOP) return -URING_EBADF;
  if (sqe->personality) return -URING_EINVAL; /* no personality is registered */
  return uring_mock_priv_op_prep(m, sqe);
}

/* A 128-byte SQE without room for its second slot fails with -EINVAL; when it closes a
 * chain (headed at SQ position `head`), the chain fails. */
static void misplaced_128(struct uring_mock *m, const struct uring_sqe *sqe, int in_chain,
                          uint32_t head, uint32_t pos, int drain) {
  if (in_chain) {
    /* The last member of a chain: the chain fails (the mock posts -ECANCELED for this
     * member where the kernel posts -EINVAL). */
    uring_mock_priv_end_chain(m, head, pos, 1, drain);
  } else {
    (void)uring_mock_priv_post(m, sqe->user_data, -URING_EINVAL, 0, 0, 0);
    m->completions++;
    uring_mock_priv_flush_count_timeouts(m);
  }
}

/* Consumes up to to_submit SQEs (io_submit_sqes). Returns the number consumed, or
 * -EAGAIN when a short submit took none. */
static int submit(struct uring_mock *m, unsigned to_submit) {
  /* Pairs with the library's release store of the SQ tail: the SQE contents written
   * before it are visible. */
  uint32_t entries = uring_load_acquire(m->sq_ktail) - m->sq_head;
  uint32_t nr, left, head = 0, last = 0, cq_start = m->cq_tail;
  /* SQE flags the modelled kernel does not know are no links or drains to it. */
  const uint32_t known_flags = KNOWN(m, kSqeFlagSince);
  int in_chain = 0, failed = 0, drain = 0;

  if (entries > m->sq_entries) entries = m->sq_entries;
  /* Every SQE from here on is past the one that disabled drain; moving the mark up keeps
   * the signed position distances in uring_mock_priv_sqe_check from wrapping. */
  if (m->drain_disabled) m->drain_off_pos = m->sq_head;
  nr = to_submit < entries ? to_submit : entries;
  if (!nr) return 0;
  if (m->short_armed) {
    m->short_armed = 0;
    if (m->short_max < nr) {
      nr = m->short_max;
      if (!nr) return -URING_EAGAIN;
    }
  }
  left = nr;
  while (left) {
    uint32_t pos = m->sq_head++, idx = pos & (m->sq_entries - 1);
    const struct uring_sqe *sqe;
    int err;
    uint8_t fl;
    m->stats.sqes_consumed++;
    if (m->sq_array) {
      idx = uring_read_once(&m->sq_array[idx]);
      if (idx >= m->sq_entries) {
        /* Dropped: consumed, counted, not submitted, and the batch ends here. */
        uring_write_once(m->sq_kdropped, uring_read_once(m->sq_kdropped) + 1);
        break;
      }
    }
    sqe = (const struct uring_sqe *)(const void *)(m->sqes + (size_t)idx * m->sqe_bytes);
    left--;
    fl = (uint8_t)(sqe->flags & known_flags);
    if ((m->flags & URING_SETUP_SQE_MIXED) && op_is_128(sqe->opcode) && !(fl & LINK_FLAGS)) {
      /* Its two slots must both be in the batch and must not wrap (io_init_req, 6.19:
       * one slot left of to_submit, or the SQE array's last slot, is -EINVAL, taking that
       * one slot only). Otherwise it takes the next slot too. */
      if (!left || idx == m->sq_entries - 1) {
        misplaced_128(m, sqe, in_chain, head, pos, drain);
        in_chain = 0;
        if (!(m->flags & URING_SETUP_SUBMIT_ALL)) break;
        continue;
      }
      m->sq_head++;
      m->stats.sqes_consumed++;
      left--;
    }
    err = uring_mock_priv_sqe_check(m, sqe, pos, 1);
    if (!in_chain) {
      in_chain = 1;
      head = pos;
      failed = drain = 0;
    }
    last = pos;
    if (err) failed = 1;
    if (fl & URING_SQE_IO_DRAIN) drain = 1;
    /* LINK_TIMEOUT must follow a linked request (io_link_timeout_prep). */
    if (!err && sqe->opcode == URING_OP_LINK_TIMEOUT && pos == head) {
      failed = 1;
      err = -URING_EINVAL;
    }
    if (fl & LINK_FLAGS) continue;
    in_chain = 0;
    uring_mock_priv_end_chain(m, head, pos, failed, drain);
    /* A failed submission ends the batch, unless SUBMIT_ALL (5.18); a failed member
     * inside a chain does not (the chain is still assembled). */
    if (err && !(m->flags & URING_SETUP_SUBMIT_ALL)) break;
  }
  /* A chain the batch ended inside is submitted as it stands (io_submit_state_end). */
  if (in_chain) uring_mock_priv_end_chain(m, head, last, failed, drain);
  uring_mock_priv_run_deferred(m);
  uring_mock_priv_fire_timeouts(m);
  uring_mock_priv_run_deferred(m);
  if (m->reverse_armed) {
    m->reverse_armed = 0;
    uring_mock_priv_reverse_cq(m, cq_start);
  }
  uring_mock_priv_commit_cq(m);
  /* Pairs with the library's acquire load of the SQ head in uring_get_sqe: the SQEs
   * before it were read and may be reused. */
  uring_store_release(m->sq_khead, m->sq_head);
  return (int)(nr - left);
}

/* The pretend SQ thread wakes: it consumes everything published, then sleeps again
 * (NEED_WAKEUP) if the test asked for that. */
int uring_mock_priv_sqpoll_run(struct uring_mock *m) {
  int ret;
  uring_mock_priv_set_sq_flag(m, URING_SQ_NEED_WAKEUP, 0);
  ret = submit(m, m->sq_entries);
  if (m->sqpoll_idle_after_run) uring_mock_priv_set_sq_flag(m, URING_SQ_NEED_WAKEUP, 1);
  return ret;
}

/* Enter on an SQPOLL ring (io_uring_enter, 6.18): to_submit is not consumed here but
 * returned as is; SQ_WAKEUP wakes the thread; SQ_WAIT waits for SQ room, which only an
 * awake thread makes; GETEVENTS waits as on any ring. */
static int enter_sqpoll(struct uring_mock *m, unsigned to_submit, unsigned min_complete,
                        unsigned flags, const void *arg, size_t argsz) {
  int ret;
  if (flags & URING_ENTER_SQ_WAKEUP) (void)uring_mock_priv_sqpoll_run(m);
  if (flags & URING_ENTER_SQ_WAIT) {
    uint32_t queued = uring_load_acquire(m->sq_ktail) - m->sq_head;
    if (queued >= m->sq_entries) {
      /* A sleeping thread makes no room: the wait could only end by a signal. */
      if (uring_read_once(m->sq_kflags) & URING_SQ_NEED_WAKEUP) return -URING_EDEADLK;
      (void)uring_mock_priv_sqpoll_run(m);
    }
  }
  if (flags & URING_ENTER_GETEVENTS) {
    ret = uring_mock_priv_get_events(m, min_complete, flags, arg, argsz);
    if (ret < 0) {
      if (ret == -URING_EBADR) m->cqes_dropped = 0;
      return ret;
    }
  }
  return (int)to_submit;
}

int uring_mock_priv_enter(void *ctx, int fd, unsigned to_submit, unsigned min_complete,
                          unsigned flags, const void *arg, size_t argsz) {
  struct uring_mock *m = (struct uring_mock *)ctx;
  int ret, submitted = 0;

  if (flags & ~(ENTER_SERVED & KNOWN(m, kEnterSince))) return -URING_EINVAL;
  ret = uring_mock_priv_resolve(m, fd, (flags & URING_ENTER_REGISTERED_RING) != 0);
  if (ret < 0) return ret;
  m->stats.enters++;
  if (m->disabled) return -URING_EBADFD;
  if (m->fail_enter) {
    ret = m->fail_enter;
    m->fail_enter = 0;
    return ret;
  }
  if (m->flags & URING_SETUP_SQPOLL) return enter_sqpoll(m, to_submit, min_complete, flags,
                                                         arg, argsz);
  if (to_submit) {
    submitted = submit(m, to_submit);
    /* A short or failed submit returns at once, without waiting. */
    if (submitted != (int)to_submit) return submitted;
  }
  if (flags & URING_ENTER_GETEVENTS) {
    ret = uring_mock_priv_get_events(m, min_complete, flags, arg, argsz);
    if (!submitted) {
      /* -EBADR is reported once, when nothing else is returned. */
      if (ret == -URING_EBADR) m->cqes_dropped = 0;
      return ret;
    }
  }
  return submitted;
}
