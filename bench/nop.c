/* //bench:nop: NOP throughput and user-space cost per operation, uring against liburing.
 *
 * Throughput mode (default): for each setup-flag row, batch size and reap style, runs
 * interleaved trials of both libraries on rings created with the same flags, and prints
 * the median Mops/s of each and the median of the per-pair ratios uring/liburing. Time is
 * CLOCK_MONOTONIC; a pair in which either trial lost its CPU to another process is run
 * again (the thread's CPU clock tells), so a shared machine skews the figures less.
 *
 * Callgrind mode (--callgrind-ops N): runs exactly N NOPs of one library between
 * CALLGRIND_START_INSTRUMENTATION and CALLGRIND_STOP_INSTRUMENTATION, so that under
 * `valgrind --tool=callgrind --instr-atstart=no` the total Ir divided by N is the
 * user-space instruction count per NOP, setup excluded (bench/callgrind.sh does this).
 *
 * Both libraries run the same loop: get B SQEs, prep a NOP in each, set its user_data,
 * submit_and_wait(B), reap B CQEs. Every CQE is checked (user_data in sequence, res 0),
 * and any mismatch aborts with a message.
 */
#define _GNU_SOURCE

#include <liburing.h>
#include <sched.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <valgrind/callgrind.h>

#include "bench/common.h"
#include "uring/uring.h"

/* Both libraries get the same setup flags, and nothing else: uring_init_params and
 * io_uring_queue_init_params add no flags. NO_SQARRAY (6.6) is left out: liburing 2.3
 * fills the SQ index array at sq_off.array during setup, and on a NO_SQARRAY ring the
 * kernel leaves that offset 0, the ring header. */
struct flag_row {
  const char *name;
  unsigned flags;
};

static const struct flag_row kRows[] = {
    {"plain", 0},
    /* 6.0 and 6.1 */
    {"defer", URING_SETUP_SINGLE_ISSUER | URING_SETUP_DEFER_TASKRUN},
};

enum impl { IMPL_URING, IMPL_LIBURING, IMPL_FLOOR };
enum reap { REAP_FOREACH, REAP_PEEK };

static const char *const kImplName[] = {"uring", "liburing", "floor"};
static const char *const kReapName[] = {"foreach", "peek"};

/* Ring entries unless --entries says otherwise. */
#define DEFAULT_ENTRIES 256u

static __attribute__((noreturn, noinline, cold)) void bad_cqe(const char *impl, uint64_t want,
                                                              uint64_t got, int res) {
  bench_die("%s: CQE user_data %llu res %d, expected user_data %llu res 0", impl,
      (unsigned long long)got, res, (unsigned long long)want);
}

static __attribute__((noreturn, noinline, cold)) void bad_ring(const char *impl,
                                                               const char *what, long v) {
  bench_die("%s: %s (%ld)", impl, what, v);
}

/* The measured loops. Each runs `ops` NOPs (a multiple of `batch`) with user_data counting
 * up from `seq`, and returns the next sequence number. noinline keeps each loop one
 * function in callgrind's output. */

static __attribute__((noinline)) uint64_t uring_run_foreach(struct uring *ring, unsigned batch,
                                                            uint64_t ops, uint64_t seq) {
  for (uint64_t done = 0; done < ops; done += batch) {
    for (unsigned i = 0; i < batch; i++) {
      struct uring_sqe *sqe = uring_get_sqe(ring);
      if (!sqe) bad_ring("uring", "SQ full", (long)i);
      uring_prep_nop(sqe);
      uring_sqe_set_data64(sqe, seq + i);
    }
    int ret = uring_submit_and_wait(ring, batch);
    if (ret != (int)batch) bad_ring("uring", "submit_and_wait returned", ret);
    struct uring_cq_iter it;
    struct uring_cqe *cqe;
    uint64_t want = seq;
    uring_for_each_cqe(ring, it, cqe) {
      if (cqe->user_data != want || cqe->res != 0) bad_cqe("uring", want, cqe->user_data, cqe->res);
      want++;
    }
    ret = uring_cq_iter_end(ring, &it);
    if (ret < 0) bad_ring("uring", "cq_iter_end returned", ret);
    if (want - seq != batch) bad_ring("uring", "CQEs reaped", (long)(want - seq));
    seq = want;
  }
  return seq;
}

static __attribute__((noinline)) uint64_t uring_run_peek(struct uring *ring, unsigned batch,
                                                         uint64_t ops, uint64_t seq) {
  for (uint64_t done = 0; done < ops; done += batch) {
    for (unsigned i = 0; i < batch; i++) {
      struct uring_sqe *sqe = uring_get_sqe(ring);
      if (!sqe) bad_ring("uring", "SQ full", (long)i);
      uring_prep_nop(sqe);
      uring_sqe_set_data64(sqe, seq + i);
    }
    int ret = uring_submit_and_wait(ring, batch);
    if (ret != (int)batch) bad_ring("uring", "submit_and_wait returned", ret);
    for (unsigned i = 0; i < batch; i++) {
      struct uring_cqe *cqe;
      ret = uring_peek_cqe(ring, &cqe);
      if (ret != 0) bad_ring("uring", "peek_cqe returned", ret);
      if (cqe->user_data != seq || cqe->res != 0) bad_cqe("uring", seq, cqe->user_data, cqe->res);
      uring_cqe_seen(ring, cqe);
      seq++;
    }
  }
  return seq;
}

static __attribute__((noinline)) uint64_t liburing_run_foreach(struct io_uring *ring,
                                                               unsigned batch, uint64_t ops,
                                                               uint64_t seq) {
  for (uint64_t done = 0; done < ops; done += batch) {
    for (unsigned i = 0; i < batch; i++) {
      struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
      if (!sqe) bad_ring("liburing", "SQ full", (long)i);
      io_uring_prep_nop(sqe);
      io_uring_sqe_set_data64(sqe, seq + i);
    }
    int ret = io_uring_submit_and_wait(ring, batch);
    if (ret != (int)batch) bad_ring("liburing", "submit_and_wait returned", ret);
    unsigned head;
    struct io_uring_cqe *cqe;
    uint64_t want = seq;
    io_uring_for_each_cqe(ring, head, cqe) {
      if (cqe->user_data != want || cqe->res != 0)
        bad_cqe("liburing", want, cqe->user_data, cqe->res);
      want++;
    }
    io_uring_cq_advance(ring, (unsigned)(want - seq));
    if (want - seq != batch) bad_ring("liburing", "CQEs reaped", (long)(want - seq));
    seq = want;
  }
  return seq;
}

static __attribute__((noinline)) uint64_t liburing_run_peek(struct io_uring *ring,
                                                            unsigned batch, uint64_t ops,
                                                            uint64_t seq) {
  for (uint64_t done = 0; done < ops; done += batch) {
    for (unsigned i = 0; i < batch; i++) {
      struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
      if (!sqe) bad_ring("liburing", "SQ full", (long)i);
      io_uring_prep_nop(sqe);
      io_uring_sqe_set_data64(sqe, seq + i);
    }
    int ret = io_uring_submit_and_wait(ring, batch);
    if (ret != (int)batch) bad_ring("liburing", "submit_and_wait returned", ret);
    for (unsigned i = 0; i < batch; i++) {
      struct io_uring_cqe *cqe;
      ret = io_uring_peek_cqe(ring, &cqe);
      if (ret != 0) bad_ring("liburing", "peek_cqe returned", ret);
      if (cqe->user_data != seq || cqe->res != 0)
        bad_cqe("liburing", seq, cqe->user_data, cqe->res);
      io_uring_cqe_seen(ring, cqe);
      seq++;
    }
  }
  return seq;
}

/* The floor: what a NOP round trip costs with no library on the hot path. The ring is set
 * up once by uring_init_params (which also fills the SQ index array with 0, 1, 2, ...,
 * once); from then on the loop touches only the mapped memory and the raw system call:
 * all 64 bytes of each SQE, one release store of the SQ tail per batch, one io_uring_enter,
 * one acquire load of the CQ tail, each CQE's user_data and res, one release store of the
 * CQ head per batch. What it leaves out is what a library must do for every caller:
 * bench/README.md names it. Its reap has no style; --reap is ignored. */
struct floor_ring {
  struct uring_sqe *sqes;
  const struct uring_cqe *cqes;
  uint32_t *sq_ktail;
  const uint32_t *cq_ktail;
  uint32_t *cq_khead;
  uint32_t sq_mask, cq_mask;
  uint32_t sq_tail, cq_head;
  int enter_fd;
  unsigned enter_flags; /* GETEVENTS, plus REGISTERED_RING when the fd is an index */
};

static void floor_attach(struct floor_ring *f, const struct uring *u) {
  f->sqes = u->sq.sqes;
  f->cqes = u->cq.cqes;
  f->sq_ktail = u->sq.ktail;
  f->cq_ktail = u->cq.ktail;
  f->cq_khead = u->cq.khead;
  f->sq_mask = u->sq.ring_mask;
  f->cq_mask = u->cq.ring_mask;
  f->sq_tail = *u->sq.ktail;
  f->cq_head = *u->cq.khead;
  f->enter_fd = u->enter_fd;
  f->enter_flags = URING_ENTER_GETEVENTS | u->enter_flags;
}

static __attribute__((noinline)) uint64_t floor_run(struct floor_ring *f, unsigned batch,
                                                    uint64_t ops, uint64_t seq) {
  for (uint64_t done = 0; done < ops; done += batch) {
    uint32_t tail = f->sq_tail;
    for (unsigned i = 0; i < batch; i++) {
      struct uring_sqe *sqe = &f->sqes[(tail + i) & f->sq_mask];
      /* Every byte of the SQE: a NOP with nothing set but its user_data. */
      memset(sqe, 0, sizeof *sqe);
      sqe->opcode = URING_OP_NOP;
      sqe->user_data = seq + i;
    }
    tail += batch;
    f->sq_tail = tail;
    __atomic_store_n(f->sq_ktail, tail, __ATOMIC_RELEASE);
    int ret = uring_sys_io_uring_enter(f->enter_fd, batch, batch, f->enter_flags, NULL, 0);
    if (ret != (int)batch) bad_ring("floor", "io_uring_enter returned", ret);
    uint32_t head = f->cq_head;
    uint32_t ctail = __atomic_load_n(f->cq_ktail, __ATOMIC_ACQUIRE);
    if (ctail - head != batch) bad_ring("floor", "CQEs ready", (long)(ctail - head));
    for (; head != ctail; head++, seq++) {
      const struct uring_cqe *cqe = &f->cqes[head & f->cq_mask];
      if (cqe->user_data != seq || cqe->res != 0) bad_cqe("floor", seq, cqe->user_data, cqe->res);
    }
    f->cq_head = head;
    __atomic_store_n(f->cq_khead, head, __ATOMIC_RELEASE);
  }
  return seq;
}

/* Both rings of one flag row, and each one's next user_data. */
struct rings {
  struct uring u;
  struct io_uring l;
  struct uring f;        /* the floor's ring, set up by uring and then left to floor_run */
  struct floor_ring fr;
  uint64_t useq, lseq, fseq;
  unsigned entries;
  int registered; /* all three rings enter through a registered ring fd */
};

static void rings_init(struct rings *r, unsigned flags, unsigned entries) {
  struct uring_params up, fp;
  struct io_uring_params lp;
  memset(r, 0, sizeof *r);
  memset(&up, 0, sizeof up);
  memset(&fp, 0, sizeof fp);
  memset(&lp, 0, sizeof lp);
  r->entries = entries;
  up.flags = flags;
  fp.flags = flags;
  lp.flags = flags;
  int ret = uring_init_params(&r->u, entries, &up);
  if (ret < 0) bench_die("uring_init_params(%u, flags 0x%x): %s", entries, flags, strerror(-ret));
  ret = uring_init_params(&r->f, entries, &fp);
  if (ret < 0) bench_die("uring_init_params(%u, flags 0x%x): %s", entries, flags, strerror(-ret));
  ret = io_uring_queue_init_params(entries, &r->l, &lp);
  if (ret < 0)
    bench_die("io_uring_queue_init_params(%u, flags 0x%x): %s", entries, flags, strerror(-ret));
  if (up.sq_entries != lp.sq_entries || up.cq_entries != lp.cq_entries)
    bench_die("rings differ: uring %u/%u entries, liburing %u/%u", up.sq_entries, up.cq_entries,
        lp.sq_entries, lp.cq_entries);
  /* A DEFER_TASKRUN ring belongs to one task, so the rings register their fd there
   * (uring_init would do it by itself; uring_init_params adds nothing): all enter
   * through a registered fd then, or none. */
  if (flags & URING_SETUP_DEFER_TASKRUN) {
    ret = uring_register_ring_fd(&r->u);
    if (ret < 0) bench_die("uring_register_ring_fd: %s", strerror(-ret));
    ret = uring_register_ring_fd(&r->f);
    if (ret < 0) bench_die("uring_register_ring_fd: %s", strerror(-ret));
  }
  r->registered = (r->u.enter_flags & URING_ENTER_REGISTERED_RING) != 0;
  if (r->registered) {
    ret = io_uring_register_ring_fd(&r->l);
    if (ret != 1) bench_die("io_uring_register_ring_fd: %d", ret);
  }
  floor_attach(&r->fr, &r->f);
}

static void rings_exit(struct rings *r) {
  uring_exit(&r->u);
  uring_exit(&r->f);
  io_uring_queue_exit(&r->l);
}

static void run(struct rings *r, enum impl impl, enum reap reap, unsigned batch, uint64_t ops) {
  if (impl == IMPL_FLOOR)
    r->fseq = floor_run(&r->fr, batch, ops, r->fseq);
  else if (impl == IMPL_URING)
    r->useq = (reap == REAP_FOREACH ? uring_run_foreach : uring_run_peek)(&r->u, batch, ops,
                                                                           r->useq);
  else
    r->lseq = (reap == REAP_FOREACH ? liburing_run_foreach : liburing_run_peek)(&r->l, batch,
                                                                                 ops, r->lseq);
}

/* One timed run: Mops/s by the wall clock, and whether the thread kept its CPU. A NOP
 * completes inside io_uring_enter, in this thread, so an undisturbed trial spends all its
 * wall-clock time on the thread's own CPU clock; a trial that other work preempted (the
 * machine is shared) shows a gap. */
struct trial_result {
  double mops;
  int preempted;
};

/* Share of wall-clock time a trial may spend off the CPU and still count. */
#define MIN_ON_CPU 0.97

static struct trial_result trial(struct rings *r, enum impl impl, enum reap reap,
                                 unsigned batch, uint64_t ops) {
  struct trial_result res;
  double c0 = bench_clock_sec(CLOCK_THREAD_CPUTIME_ID);
  double t0 = bench_clock_sec(CLOCK_MONOTONIC);
  run(r, impl, reap, batch, ops);
  double t1 = bench_clock_sec(CLOCK_MONOTONIC);
  double c1 = bench_clock_sec(CLOCK_THREAD_CPUTIME_ID);
  res.mops = (double)ops / (t1 - t0) * 1e-6;
  res.preempted = (c1 - c0) < MIN_ON_CPU * (t1 - t0);
  return res;
}

/* Ops per trial: about 0.25 s each at the rates measured on the reference machine (5.7,
 * 17, 22 and 23 Mops/s at batch 1, 8, 32 and 128; see README.md); always a multiple of
 * the batch. */
static uint64_t default_ops(unsigned batch) {
  uint64_t ops = batch < 8 ? 1500000 : batch < 32 ? 4000000 : 6000000;
  return ops / batch * batch;
}

#define MAX_TRIALS 63

struct options {
  int trials;
  uint64_t ops;          /* 0: default_ops(batch) */
  unsigned batches[8];
  int nbatches;
  int reap_mask;         /* bit per enum reap */
  int row_mask;          /* bit per kRows entry */
  unsigned entries;      /* ring entries (SQ; the CQ gets twice as many) */
  int cpu;               /* -1: no pinning */
  int keep_all;          /* keep preempted pairs instead of running them again */
  /* callgrind mode */
  uint64_t callgrind_ops;
  enum impl impl;
};

static __attribute__((noreturn)) void usage(void) {
  fputs("usage: nop [--trials N] [--ops N] [--batch B]... [--reap foreach|peek|both]\n"
        "           [--flags plain|defer|all] [--entries N] [--cpu N] [--keep-preempted 0|1]\n"
        "       nop --callgrind-ops N --impl uring|liburing|floor --batch B --reap foreach|peek\n"
        "           [--flags plain|defer] [--entries N] [--cpu N]\n"
        "(--entries: a power of two, at least every --batch; default 256)\n",
        stderr);
  exit(2);
}

static unsigned long parse_num(const char *s) {
  char *end;
  unsigned long v = strtoul(s, &end, 10);
  if (!*s || *end) usage();
  return v;
}

/* 1 for the first name, 2 for the second, 3 (both) for the third. */
static int mask_of(const char *v, const char *one, const char *two, const char *both) {
  if (!strcmp(v, one)) return 1;
  if (!strcmp(v, two)) return 2;
  if (!strcmp(v, both)) return 3;
  usage();
}

static void parse(int argc, char **argv, struct options *o) {
  memset(o, 0, sizeof *o);
  o->trials = 7;
  o->reap_mask = 3;
  o->row_mask = 3;
  o->cpu = -1;
  o->entries = DEFAULT_ENTRIES;
  o->impl = IMPL_URING;
  int impl_set = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (!v) usage();
    i++;
    if (!strcmp(a, "--trials")) {
      o->trials = (int)parse_num(v);
      if (o->trials < 1 || o->trials > MAX_TRIALS) usage();
    } else if (!strcmp(a, "--ops")) {
      o->ops = parse_num(v);
    } else if (!strcmp(a, "--batch")) {
      unsigned long b = parse_num(v);
      if (!b || b > URING_MAX_ENTRIES || o->nbatches == 8) usage();
      o->batches[o->nbatches++] = (unsigned)b;
    } else if (!strcmp(a, "--reap")) {
      o->reap_mask = mask_of(v, "foreach", "peek", "both");
    } else if (!strcmp(a, "--flags")) {
      o->row_mask = mask_of(v, "plain", "defer", "all");
    } else if (!strcmp(a, "--keep-preempted")) {
      o->keep_all = (int)parse_num(v);
    } else if (!strcmp(a, "--entries")) {
      unsigned long e = parse_num(v);
      if (!e || e > URING_MAX_ENTRIES || (e & (e - 1))) usage();
      o->entries = (unsigned)e;
    } else if (!strcmp(a, "--cpu")) {
      o->cpu = (int)parse_num(v);
    } else if (!strcmp(a, "--callgrind-ops")) {
      o->callgrind_ops = parse_num(v);
      if (!o->callgrind_ops) usage();
    } else if (!strcmp(a, "--impl")) {
      if (!strcmp(v, "uring"))
        o->impl = IMPL_URING;
      else if (!strcmp(v, "liburing"))
        o->impl = IMPL_LIBURING;
      else if (!strcmp(v, "floor"))
        o->impl = IMPL_FLOOR;
      else
        usage();
      impl_set = 1;
    } else {
      usage();
    }
  }
  if (!o->nbatches) {
    /* The default batches that fit the ring (a batch takes that many SQEs at once). */
    static const unsigned kDefault[] = {1, 8, 32, 128};
    for (int i = 0; i < 4; i++)
      if (kDefault[i] <= o->entries) o->batches[o->nbatches++] = kDefault[i];
  }
  for (int i = 0; i < o->nbatches; i++)
    if (o->batches[i] > o->entries) usage();
  if (o->callgrind_ops && o->row_mask == 3) o->row_mask = 1;
  if (o->callgrind_ops &&
      (!impl_set || o->nbatches != 1 || (o->reap_mask != 1 && o->reap_mask != 2) ||
       (o->row_mask != 1 && o->row_mask != 2) || o->callgrind_ops % o->batches[0]))
    usage();
}

static int row_index(int mask) { return mask == 2 ? 1 : 0; }

static int callgrind_mode(const struct options *o) {
  struct rings r;
  unsigned batch = o->batches[0];
  enum reap reap = o->reap_mask == 2 ? REAP_PEEK : REAP_FOREACH;
  rings_init(&r, kRows[row_index(o->row_mask)].flags, o->entries);
  /* Warm the rings' pages and the loop's code before counting. */
  run(&r, o->impl, reap, batch, (uint64_t)o->entries * 4 / batch * batch + 4 * batch);
  CALLGRIND_ZERO_STATS;
  CALLGRIND_START_INSTRUMENTATION;
  run(&r, o->impl, reap, batch, o->callgrind_ops);
  CALLGRIND_STOP_INSTRUMENTATION;
  rings_exit(&r);
  printf("%s entries %u batch %u reap %s flags %s%s: %llu NOPs\n", kImplName[o->impl],
         o->entries, batch, kReapName[reap], kRows[row_index(o->row_mask)].name,
         r.registered ? " (registered ring fd)" : "", (unsigned long long)o->callgrind_ops);
  return 0;
}

static int throughput_mode(const struct options *o) {
  printf("NOP throughput, %d interleaved trials per cell, %u-entry rings, medians\n",
         o->trials, o->entries);
  printf("plain: setup flags 0; defer: SINGLE_ISSUER|DEFER_TASKRUN, both ring fds registered\n");
  printf("%-6s %6s %-8s %13s %16s %8s %18s %6s\n", "flags", "batch", "reap", "uring Mops/s",
         "liburing Mops/s", "ratio", "ratio min..max", "redone");
  for (int row = 0; row < 2; row++) {
    if (!(o->row_mask & (1 << row))) continue;
    struct rings r;
    rings_init(&r, kRows[row].flags, o->entries);
    for (int b = 0; b < o->nbatches; b++) {
      unsigned batch = o->batches[b];
      uint64_t ops = o->ops ? (o->ops + batch - 1) / batch * batch : default_ops(batch);
      for (int rp = 0; rp < 2; rp++) {
        if (!(o->reap_mask & (1 << rp))) continue;
        enum reap reap = (enum reap)rp;
        double u[MAX_TRIALS], l[MAX_TRIALS], ratio[MAX_TRIALS];
        /* One untimed round each: page faults, caches, branch predictors. */
        run(&r, IMPL_URING, reap, batch, ops / 4 / batch * batch + batch);
        run(&r, IMPL_LIBURING, reap, batch, ops / 4 / batch * batch + batch);
        /* A pair where either trial was preempted is run again, up to as many extra
         * pairs as were asked for; the count of such pairs is printed. */
        int t = 0, redone = 0;
        for (int pair = 0; t < o->trials; pair++) {
          struct trial_result tu, tl;
          /* Alternate which goes first (ABBA) so a drift in machine speed during a pair
           * does not favour either. */
          if (pair % 2 == 0) {
            tu = trial(&r, IMPL_URING, reap, batch, ops);
            tl = trial(&r, IMPL_LIBURING, reap, batch, ops);
          } else {
            tl = trial(&r, IMPL_LIBURING, reap, batch, ops);
            tu = trial(&r, IMPL_URING, reap, batch, ops);
          }
          if ((tu.preempted || tl.preempted) && redone < o->trials && !o->keep_all) {
            redone++;
            continue;
          }
          u[t] = tu.mops;
          l[t] = tl.mops;
          ratio[t] = u[t] / l[t];
          t++;
        }
        double lo = ratio[0], hi = ratio[0];
        for (int i = 1; i < o->trials; i++) {
          if (ratio[i] < lo) lo = ratio[i];
          if (ratio[i] > hi) hi = ratio[i];
        }
        printf("%-6s %6u %-8s %13.2f %16.2f %7.3fx %8.3f..%-8.3f %6d\n", kRows[row].name,
               batch, kReapName[reap], bench_median(u, o->trials), bench_median(l, o->trials),
               bench_median(ratio, o->trials), lo, hi, redone);
        fflush(stdout);
      }
    }
    rings_exit(&r);
  }
  return 0;
}

int main(int argc, char **argv) {
  struct options o;
  parse(argc, argv, &o);
  if (o.cpu >= 0) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET((size_t)o.cpu, &set);
    if (sched_setaffinity(0, sizeof set, &set) != 0) bench_die("sched_setaffinity(cpu %d) failed", o.cpu);
  }
  return o.callgrind_ops ? callgrind_mode(&o) : throughput_mode(&o);
}
