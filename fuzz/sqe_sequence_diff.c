/* Differential fuzzer: one sequence of SQEs run on the mock (uring/mock/mock.h) and on the
 * real kernel, with results compared. Only what both serve deterministically is generated:
 * NOPs (plain, or with URING_NOP_INJECT_RESULT, 6.10), READ and WRITE on a file (a memfd on
 * the kernel, a mock file on the mock, same contents), each with any mix of
 * URING_SQE_IO_LINK, IO_HARDLINK, IO_DRAIN and CQE_SKIP_SUCCESS. Checked, with a trap on
 * any disagreement:
 *   - every submit call consumes as many SQEs on both (a refused SQE, such as a drain after
 *     a CQE_SKIP_SUCCESS request, ends the batch on both);
 *   - the multisets of CQEs (user_data, res, flags without URING_CQE_F_MORE) are equal;
 *   - within a link chain, CQEs come in chain order on each side (the only order both
 *     promise: unlinked requests, drains and the chains around them may interleave);
 *   - the bytes every read returned and the file's final contents and size are equal.
 * The kernel half is skipped where io_uring, memfd or URING_NOP_INJECT_RESULT is
 * unavailable (Debian's 5.10 and 6.1 lack the last; the mock models the newest kernel's
 * semantics, which older ones do not share), and for inputs asking for SUBMIT_ALL on a
 * kernel without it (5.18). Every kernel request completes inline or on io-wq without waiting for
 * anything; after each submit call the kernel side waits (bounded) until it has as many
 * CQEs as the mock had then, so a lost completion fails instead of hanging, and a batch's
 * reads and writes are done before the next batch starts.
 *
 * Input: [setup][fill] then ops (setup bit 0: URING_SETUP_SUBMIT_ALL on both rings);
 * op % 4 < 3 preps an SQE from the next bytes, 3 submits.
 * SQE: [kind/flags] then for NOP-inject [res], for READ/WRITE [offset][len] (+[fill] for
 * WRITE). At the end everything left is submitted. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* memfd_create */
#endif
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "uring/mock/mock.h"
#include "uring/uring.h"
#include "fuzz/check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* SQEs per input: at most URING_MOCK_MAX_PENDING, so the mock never runs out of slots for
 * deferred drains (it would answer -EAGAIN where the kernel waits). */
#define MAX_SQES 32u
#define RING_ENTRIES 32u
#define BUF_LEN 256u
/* The file starts FILE_SIZE bytes long, every page written, and writes stay inside it:
 * the kernel then never allocates for a write (no -EAGAIN and io-wq punt that could
 * reorder unlinked writes) and the mock's capacity is never reached. Reads may go past
 * the end (short reads break chains). */
#define FILE_SIZE 4096u
#define MOCK_FD 5
#define MAX_SUBMITS (MAX_SQES + 2u)
/* Submit calls: one per submit op that consumes nothing, at most MAX_SQES more. */
#define MAX_CALLS (MAX_SUBMITS + MAX_SQES)

enum { K_NOP, K_INJECT, K_READ, K_WRITE };

struct op {
  uint8_t kind;
  uint8_t flags; /* SQE flags */
  int32_t res;   /* K_INJECT */
  uint64_t off;
  uint32_t len;
  uint8_t fill;
};

struct side_cqe {
  uint64_t ud;
  int32_t res;
  uint32_t flags;
};

struct side {
  struct side_cqe cqes[2 * MAX_SQES + 8];
  unsigned ncqes;
  int submits[MAX_CALLS];
  unsigned posted[MAX_CALLS]; /* CQEs reaped by the end of each submit call */
  unsigned nsubmits;
  unsigned char rbuf[MAX_SQES][BUF_LEN];
  unsigned char file[FILE_SIZE + BUF_LEN];
  int64_t file_size;
};

static struct op ops[MAX_SQES];
static unsigned nops;
/* Each submit op's position: SQEs prepped before it. */
static unsigned submit_at[MAX_SUBMITS];
static unsigned nsubmit_ops;
static unsigned char wbuf[MAX_SQES][BUF_LEN];
static unsigned char initial[FILE_SIZE];
static struct side M, K;

static uint8_t next(const uint8_t **p, size_t *n) {
  if (!*n) return 0;
  (*n)--;
  return *(*p)++;
}

static void decode(const uint8_t *p, size_t n, uint8_t *setup) {
  static const int32_t results[8] = {0, 1, 100, -URING_EINVAL, -URING_ECANCELED, -URING_EIO,
                                     -URING_EAGAIN, -1};
  uint8_t fill;
  unsigned chain = 0, rw_chain = ~0u, skip_rw = ~0u;
  nops = 0;
  nsubmit_ops = 0;
  *setup = next(&p, &n);
  fill = next(&p, &n);
  for (unsigned i = 0; i < FILE_SIZE; i++) initial[i] = (uint8_t)(fill + i * 7u + (i >> 8));
  while (n) {
    uint8_t op = next(&p, &n);
    if (op % 4 == 3) {
      /* Submits beyond the last slot are dropped: the batch goes on. */
      if (nsubmit_ops == MAX_SUBMITS - 1) continue;
      submit_at[nsubmit_ops++] = nops;
      /* A batch's end ends its chain. */
      if (skip_rw != ~0u) ops[skip_rw].flags &= (uint8_t)~URING_SQE_CQE_SKIP_SUCCESS;
      skip_rw = ~0u;
      chain++;
      rw_chain = ~0u;
      continue;
    }
    if (nops == MAX_SQES) break;
    struct op *o = &ops[nops++];
    uint8_t b = next(&p, &n);
    memset(o, 0, sizeof *o);
    o->kind = b & 3;
    if (b & 0x04) o->flags |= URING_SQE_IO_LINK;
    if (b & 0x08) o->flags |= URING_SQE_IO_HARDLINK;
    if (b & 0x10) o->flags |= URING_SQE_IO_DRAIN;
    if (b & 0x20) o->flags |= URING_SQE_CQE_SKIP_SUCCESS;
    switch (o->kind) {
      case K_INJECT: {
        uint8_t r = next(&p, &n);
        o->res = (r & 0x80) ? (int32_t)(int8_t)(r << 1) / 2 : results[r & 7];
        break;
      }
      case K_READ:
      case K_WRITE: {
        uint8_t off = next(&p, &n), len = next(&p, &n);
        o->len = len;
        if (o->kind == K_READ) {
          /* 0xff: the file position (offset -1); otherwise up to past the end. */
          o->off = off == 0xff ? (uint64_t)-1 : (uint64_t)off * 17u;
        } else {
          o->off = (uint64_t)off * (FILE_SIZE - BUF_LEN) / 255u;
          o->fill = next(&p, &n);
          for (unsigned i = 0; i < BUF_LEN; i++) wbuf[nops - 1][i] = (uint8_t)(o->fill ^ i);
        }
        break;
      }
      default:
        break;
    }
    /* 6.18 completes memfd reads and writes on io-wq, after the submit returns, so only a
     * CQE shows one is done: one with CQE_SKIP_SUCCESS needs a linked next SQE that posts
     * (that one runs, and posts, only after it succeeded; when it fails, it posts itself).
     * And only one chain per batch may hold them, so none runs beside another (unlinked
     * ones would race). */
    if (skip_rw != ~0u && (o->flags & URING_SQE_CQE_SKIP_SUCCESS))
      ops[skip_rw].flags &= (uint8_t)~URING_SQE_CQE_SKIP_SUCCESS;
    skip_rw = ~0u;
    if (o->kind >= K_READ) {
      if (rw_chain != ~0u && rw_chain != chain) o->kind = K_NOP;
      else rw_chain = chain;
    }
    if (o->kind >= K_READ && (o->flags & URING_SQE_CQE_SKIP_SUCCESS)) {
      if (o->flags & (URING_SQE_IO_LINK | URING_SQE_IO_HARDLINK))
        skip_rw = nops - 1u;
      else
        o->flags &= (uint8_t)~URING_SQE_CQE_SKIP_SUCCESS;
    }
    if (!(o->flags & (URING_SQE_IO_LINK | URING_SQE_IO_HARDLINK))) chain++;
  }
  if (skip_rw != ~0u) ops[skip_rw].flags &= (uint8_t)~URING_SQE_CQE_SKIP_SUCCESS;
  submit_at[nsubmit_ops++] = nops;
}

static void prep(struct uring_sqe *sqe, unsigned i, int fd, struct side *s) {
  const struct op *o = &ops[i];
  switch (o->kind) {
    case K_NOP:
      uring_prep_nop(sqe);
      break;
    case K_INJECT:
      uring_prep_nop(sqe);
      sqe->nop_flags = URING_NOP_INJECT_RESULT;
      sqe->len = (uint32_t)o->res;
      break;
    case K_READ:
      uring_prep_read(sqe, fd, s->rbuf[i], o->len, o->off);
      break;
    default:
      uring_prep_write(sqe, fd, wbuf[i], o->len, o->off);
      break;
  }
  sqe->flags = o->flags;
  sqe->user_data = 0x5100000000ull | i;
}

static void reap(struct uring *ring, struct side *s);

/* Called after submit call k on each side. */
typedef void after_submit_fn(struct uring *ring, struct side *s, unsigned k);

/* Preps and submits the ops on `ring` as the input says, recording submit returns. SQEs a
 * refused SQE left in the SQ are submitted at once, as a batch of their own, so every
 * batch's requests are done (after_submit) before the next batch starts. */
static void run_submits(struct uring *ring, int fd, struct side *s, after_submit_fn *after) {
  unsigned prepped = 0;
  s->nsubmits = 0;
  for (unsigned k = 0; k < nsubmit_ops; k++) {
    while (prepped < submit_at[k]) {
      struct uring_sqe *sqe = uring_get_sqe(ring);
      CHECK(!(!sqe)); /* MAX_SQES fit in the SQ */
      prep(sqe, prepped++, fd, s);
    }
    do {
      int ret = uring_submit(ring);
      CHECK(!(s->nsubmits == MAX_CALLS));
      s->submits[s->nsubmits++] = ret;
      after(ring, s, s->nsubmits - 1u);
      if (ret <= 0) break;
    } while (uring_sq_ready(ring));
  }
}

static void mock_after(struct uring *ring, struct side *s, unsigned k) {
  reap(ring, s);
  s->posted[k] = s->ncqes;
}

/* Waits (bounded) until the kernel posted as many CQEs as the mock had after the same
 * submit call; a completion that never comes is a disagreement, not a hang. */
static void kernel_after(struct uring *ring, struct side *s, unsigned k) {
  unsigned expect = k < M.nsubmits ? M.posted[k] : M.ncqes;
  for (unsigned tries = 0;; tries++) {
    struct uring_timespec ts = {2, 0};
    struct uring_cqe *cqe = NULL;
    int ret;
    reap(ring, s);
    if (s->ncqes >= expect || tries > 2 * MAX_SQES) break;
    ret = uring_wait_cqe_timeout(ring, &cqe, &ts);
    if (ret == -URING_ETIME) break;
    CHECK(!(ret < 0 && ret != -URING_EINTR));
  }
  s->posted[k] = s->ncqes;
}

static void reap(struct uring *ring, struct side *s) {
  unsigned n;
  do {
    struct uring_cqe out[16];
    n = uring_copy_cqes(ring, out, 16);
    for (unsigned i = 0; i < n; i++) {
      CHECK(!(s->ncqes == sizeof s->cqes / sizeof s->cqes[0]));
      s->cqes[s->ncqes].ud = out[i].user_data;
      s->cqes[s->ncqes].res = out[i].res;
      s->cqes[s->ncqes].flags = out[i].flags & ~URING_CQE_F_MORE;
      s->ncqes++;
    }
  } while (n);
}

static uint8_t setup_bits;

static void set_params(struct uring_params *p) {
  memset(p, 0, sizeof *p);
  if (setup_bits & 1) p->flags |= URING_SETUP_SUBMIT_ALL;
}

static void run_mock(void) {
  static struct uring_mock mock;
  static unsigned char mem[256 << 10] __attribute__((aligned(4096)));
  struct uring_params p;
  struct uring ring;
  set_params(&p);
  memset(&M, 0, sizeof M);
  memcpy(M.file, initial, FILE_SIZE);
  uring_mock_init(&mock, mem, sizeof mem);
  CHECK(!(uring_mock_add_file(&mock, MOCK_FD, M.file, FILE_SIZE, sizeof M.file) < 0));
  CHECK(!(uring_mock_ring_init(&ring, &mock, RING_ENTRIES, &p) < 0));
  run_submits(&ring, MOCK_FD, &M, mock_after);
  reap(&ring, &M);
  /* Nothing here waits for a clock or readiness: all is done once the enters returned. */
  CHECK(!(uring_mock_pending(&mock)));
  M.file_size = uring_mock_file_size(&mock, MOCK_FD);
  uring_exit(&ring);
  CHECK(!(!uring_mock_quiescent(&mock)));
}

/* Whether the kernel honours URING_NOP_INJECT_RESULT (a kernel without it completes the
 * NOP with 0 or -EINVAL); asked once, on the first ring. */
static int nop_inject_works(struct uring *ring) {
  static int works = -1;
  if (works < 0) {
    struct uring_timespec ts = {2, 0};
    struct uring_cqe *cqe = NULL;
    struct uring_sqe *sqe = uring_get_sqe(ring);
    CHECK(!(!sqe));
    uring_prep_nop(sqe);
    sqe->nop_flags = URING_NOP_INJECT_RESULT;
    sqe->len = 7;
    CHECK(!(uring_submit(ring) != 1 || uring_wait_cqe_timeout(ring, &cqe, &ts) < 0));
    works = cqe->res == 7;
    uring_cqe_seen(ring, cqe);
  }
  return works;
}

/* 0 when the kernel half ran, -1 when it had to be skipped. */
static int run_kernel(void) {
  static int memfd = -2;
  struct uring_params p;
  struct uring ring;
  struct stat st;
  int ret;

  if (memfd == -2) memfd = memfd_create("sqe_sequence_diff", 0);
  if (memfd < 0) return -1;
  memset(&K, 0, sizeof K);
  if (ftruncate(memfd, 0) < 0 || pwrite(memfd, initial, FILE_SIZE, 0) != (ssize_t)FILE_SIZE ||
      lseek(memfd, 0, SEEK_SET) != 0)
    __builtin_trap();
  set_params(&p);
  ret = uring_init_params(&ring, RING_ENTRIES, &p);
  if (ret == -URING_ENOSYS || ret == -URING_EPERM || ret == -URING_ENOMEM) return -1;
  if (ret == -URING_EINVAL && (p.flags & URING_SETUP_SUBMIT_ALL)) {
    /* SUBMIT_ALL is 5.18's: an older kernel refuses the setup that asks for it, and
     * takes the same ring without it. */
    p.flags &= ~URING_SETUP_SUBMIT_ALL;
    ret = uring_init_params(&ring, RING_ENTRIES, &p);
    CHECK(ret == 0);
    uring_exit(&ring);
    return -1;
  }
  CHECK(!(ret < 0));
  if (!nop_inject_works(&ring)) {
    uring_exit(&ring);
    return -1;
  }
  run_submits(&ring, memfd, &K, kernel_after);
  {
    /* One enter with GETEVENTS runs pending task work, which may post more. */
    struct uring_timespec ts = {0, 0};
    struct uring_cqe *cqe = NULL;
    (void)uring_wait_cqe_timeout(&ring, &cqe, &ts);
    reap(&ring, &K);
  }
  uring_exit(&ring);
  CHECK(!(fstat(memfd, &st) < 0));
  K.file_size = st.st_size;
  CHECK(!(st.st_size > (off_t)sizeof K.file));
  CHECK(!(pread(memfd, K.file, sizeof K.file, 0) != st.st_size));
  return 0;
}

static int cmp_cqe(const void *a, const void *b) {
  const struct side_cqe *x = a, *y = b;
  if (x->ud != y->ud) return x->ud < y->ud ? -1 : 1;
  if (x->res != y->res) return x->res < y->res ? -1 : 1;
  if (x->flags != y->flags) return x->flags < y->flags ? -1 : 1;
  return 0;
}

static void dump(const char *name, const struct side *s) {
  fprintf(stderr, "%s: submits", name);
  for (unsigned i = 0; i < s->nsubmits; i++) fprintf(stderr, " %d", s->submits[i]);
  fprintf(stderr, "\n%s: cqes (posting order)", name);
  for (unsigned i = 0; i < s->ncqes; i++)
    fprintf(stderr, " %u:%d/%x", (unsigned)(s->cqes[i].ud & 0xff), s->cqes[i].res,
            s->cqes[i].flags);
  fprintf(stderr, "\n");
}

static void disagree(const char *what) {
  fprintf(stderr, "sqe_sequence_diff: mock and kernel disagree: %s\nops:", what);
  for (unsigned i = 0; i < nops; i++)
    fprintf(stderr, " %u:k%u/f%02x/r%d/o%lld/l%u", i, ops[i].kind, ops[i].flags, ops[i].res,
            (long long)ops[i].off, ops[i].len);
  fprintf(stderr, "\nsubmit points:");
  for (unsigned i = 0; i < nsubmit_ops; i++) fprintf(stderr, " %u", submit_at[i]);
  fprintf(stderr, "\n");
  dump("mock", &M);
  dump("kernel", &K);
  for (unsigned i = 0; i < nops; i++)
    for (unsigned j = 0; j < BUF_LEN; j++)
      if (M.rbuf[i][j] != K.rbuf[i][j]) {
        fprintf(stderr, "read buffer %u differs from byte %u: mock %02x kernel %02x\n", i, j,
                M.rbuf[i][j], K.rbuf[i][j]);
        j = BUF_LEN;
      }
  abort();
}

/* Chain order on one side: the SQEs consumed by one submit call form chains that end at
 * an SQE without a link flag or at the batch's end (6.18 and the mock alike). */
static int chains_in_order(const struct side *s) {
  unsigned pos[MAX_SQES];
  unsigned start = 0;
  for (unsigned i = 0; i < MAX_SQES; i++) pos[i] = ~0u;
  for (unsigned i = 0; i < s->ncqes; i++) {
    uint64_t ud = s->cqes[i].ud;
    if ((ud >> 32) != 0x51u || (uint32_t)ud >= nops || pos[(uint32_t)ud] != ~0u) return 0;
    pos[(uint32_t)ud] = i;
  }
  for (unsigned k = 0; k < s->nsubmits; k++) {
    unsigned end, last = ~0u;
    if (s->submits[k] <= 0) continue;
    end = start + (unsigned)s->submits[k];
    for (unsigned i = start; i < end && i < nops; i++) {
      if (pos[i] != ~0u) {
        if (last != ~0u && pos[i] < last) return 0;
        last = pos[i];
      }
      if (!(ops[i].flags & (URING_SQE_IO_LINK | URING_SQE_IO_HARDLINK))) last = ~0u;
    }
    start = end;
  }
  return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  decode(data, size, &setup_bits);
  run_mock();
  if (run_kernel() < 0) return 0;

  if (M.nsubmits != K.nsubmits || memcmp(M.submits, K.submits, M.nsubmits * sizeof M.submits[0]))
    disagree("SQEs consumed per submit");
  if (!chains_in_order(&M)) disagree("mock: duplicate CQE or chain out of order");
  if (!chains_in_order(&K)) disagree("kernel: duplicate CQE or chain out of order");
  if (M.ncqes != K.ncqes) disagree("number of CQEs");
  {
    static struct side_cqe a[2 * MAX_SQES + 8], b[2 * MAX_SQES + 8];
    memcpy(a, M.cqes, M.ncqes * sizeof a[0]);
    memcpy(b, K.cqes, K.ncqes * sizeof b[0]);
    qsort(a, M.ncqes, sizeof a[0], cmp_cqe);
    qsort(b, K.ncqes, sizeof b[0], cmp_cqe);
    if (memcmp(a, b, M.ncqes * sizeof a[0])) disagree("CQE multisets");
  }
  if (memcmp(M.rbuf, K.rbuf, sizeof M.rbuf)) disagree("bytes read");
  if (M.file_size != K.file_size || memcmp(M.file, K.file, (size_t)M.file_size))
    disagree("file contents");
  return 0;
}
