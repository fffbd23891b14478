/* //bench:randread: 4 KiB random reads from a file in the page cache, uring against
 * liburing, with preadv2(2) as the anchor that uses no io_uring at all.
 *
 * The file (512 MiB by default) lives in a directory on a real disk (--dir, default
 * /var/tmp; tmpfs and ramfs are refused, their pages never leave memory and their reads
 * take another path in the kernel). It is created when missing, every 4 KiB block holding
 * its own block number, and read once from start to end so that it sits in the page cache.
 *
 * Throughput mode (default): for each setup row (plain READ; READ_FIXED with a registered
 * buffer and a registered file; the same on a SINGLE_ISSUER | DEFER_TASKRUN ring) and
 * queue depth, runs interleaved trials of four implementations: uring, liburing, a second
 * uring ring (the A/A control: its ratio to the first shows the noise floor) and preadv2.
 * Each trial reads the same blocks in the same order (a table drawn once from a fixed-seed
 * generator), and its rate is reads per CPU-second of the whole process (utime + stime
 * from getrusage: the kernel's share of a read runs in the submitting thread or in the
 * process's io-wq workers, and CPU time does not count the time another process held the
 * CPU, which wall-clock time on a shared machine does).
 *
 * Callgrind mode (--callgrind-ops N): exactly N reads of one implementation between
 * CALLGRIND_START_INSTRUMENTATION and CALLGRIND_STOP_INSTRUMENTATION, so that the total Ir
 * divided by N is the user-space instructions per read (bench/callgrind_workloads.sh).
 *
 * Both libraries run the same loop: `depth` reads in flight, each in its own 4 KiB slot;
 * submit_and_wait(1); for each CQE, check it (res 4096, the block number at the start of
 * the slot) and queue the next read into the slot it freed; free the CQEs with one CQ head
 * store. Any mismatch aborts with a message.
 */
#define _GNU_SOURCE

#include <errno.h>
#include <fcntl.h>
#include <liburing.h>
#include <linux/magic.h>
#include <sched.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>
#include <valgrind/callgrind.h>

#include "bench/common.h"
#include "uring/uring.h"

#define BLOCK 4096u
#define MAX_DEPTH 128u
#define DEFAULT_FILE_MIB 512u
#define FILE_NAME "uring-randread.dat"

/* Setup rows: what each ring is given, identically for both libraries. */
enum row { ROW_PLAIN, ROW_FIXED, ROW_DEFER, ROW_COUNT };
static const char *const kRowName[] = {"plain", "fixed", "defer"};
static const char *const kRowWhat[] = {
    "READ, setup flags 0",
    "READ_FIXED, one registered buffer, the file registered (IOSQE_FIXED_FILE), flags 0",
    "as fixed, on SINGLE_ISSUER|DEFER_TASKRUN rings (6.1) with the ring fd registered",
};

enum impl { IMPL_URING, IMPL_LIBURING, IMPL_URING_B, IMPL_PREADV2, IMPL_COUNT };
static const char *const kImplName[] = {"uring", "liburing", "uring-b", "preadv2"};

/* What every implementation reads: the file, the slots, the block table. */
struct job {
  int fd;
  unsigned depth;
  unsigned entries;          /* SQ entries of every ring: --entries, or the depth */
  unsigned char *bufs;       /* MAX_DEPTH slots of BLOCK bytes, page aligned */
  const uint32_t *blocks;    /* block numbers, read in this order by every trial */
  uint32_t slot_block[MAX_DEPTH];
};

static __attribute__((noreturn, noinline, cold)) void bad_read(const char *impl, int res,
                                                               uint32_t want, uint64_t got) {
  bench_die("%s: read of block %u returned %d, block number in the data %llu", impl, want, res,
      (unsigned long long)got);
}

static __attribute__((noreturn, noinline, cold)) void bad_ring(const char *impl,
                                                               const char *what, long v) {
  bench_die("%s: %s (%ld)", impl, what, v);
}

/* The first word of a block is its number (see make_file). */
static inline void check_slot(const struct job *j, const char *impl, unsigned slot, int res) {
  uint64_t got;
  memcpy(&got, j->bufs + (size_t)slot * BLOCK, sizeof got);
  if (res != (int)BLOCK || got != j->slot_block[slot]) bad_read(impl, res, j->slot_block[slot], got);
}

/* The measured loops. Each reads `ops` blocks, the first `ops` of the table, and keeps up
 * to `depth` reads in flight. `fixed` is a constant in each caller, so every loop is
 * compiled for its own row. noinline keeps each one function in callgrind's output. */

static inline void uring_queue(struct uring *ring, struct job *j, unsigned slot, uint64_t i,
                               int fixed) {
  struct uring_sqe *sqe = uring_get_sqe(ring);
  uint32_t block = j->blocks[i];
  void *buf = j->bufs + (size_t)slot * BLOCK;
  j->slot_block[slot] = block;
  if (fixed) {
    uring_prep_read_fixed(sqe, 0, buf, BLOCK, (uint64_t)block * BLOCK, 0);
    uring_sqe_set_flags(sqe, URING_SQE_FIXED_FILE);
  } else {
    uring_prep_read(sqe, j->fd, buf, BLOCK, (uint64_t)block * BLOCK);
  }
  uring_sqe_set_data64(sqe, slot);
}

static inline void uring_reads(struct uring *ring, struct job *j, uint64_t ops, int fixed) {
  uint64_t issued = 0, done = 0;
  for (unsigned s = 0; s < j->depth && issued < ops; s++) uring_queue(ring, j, s, issued++, fixed);
  while (done < ops) {
    int ret = uring_submit_and_wait(ring, 1);
    if (ret < 0) bad_ring("uring", "submit_and_wait returned", ret);
    struct uring_cq_iter it;
    struct uring_cqe *cqe;
    uring_for_each_cqe(ring, it, cqe) {
      unsigned slot = (unsigned)cqe->user_data;
      check_slot(j, "uring", slot, cqe->res);
      done++;
      if (issued < ops) uring_queue(ring, j, slot, issued++, fixed);
    }
    ret = uring_cq_iter_end(ring, &it);
    if (ret < 0) bad_ring("uring", "cq_iter_end returned", ret);
  }
}

static __attribute__((noinline)) void uring_reads_plain(struct uring *ring, struct job *j,
                                                        uint64_t ops) {
  uring_reads(ring, j, ops, 0);
}

static __attribute__((noinline)) void uring_reads_fixed(struct uring *ring, struct job *j,
                                                        uint64_t ops) {
  uring_reads(ring, j, ops, 1);
}

static inline void liburing_queue(struct io_uring *ring, struct job *j, unsigned slot,
                                  uint64_t i, int fixed) {
  struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
  uint32_t block = j->blocks[i];
  void *buf = j->bufs + (size_t)slot * BLOCK;
  j->slot_block[slot] = block;
  if (fixed) {
    io_uring_prep_read_fixed(sqe, 0, buf, BLOCK, (uint64_t)block * BLOCK, 0);
    io_uring_sqe_set_flags(sqe, IOSQE_FIXED_FILE);
  } else {
    io_uring_prep_read(sqe, j->fd, buf, BLOCK, (uint64_t)block * BLOCK);
  }
  io_uring_sqe_set_data64(sqe, slot);
}

static inline void liburing_reads(struct io_uring *ring, struct job *j, uint64_t ops,
                                  int fixed) {
  uint64_t issued = 0, done = 0;
  for (unsigned s = 0; s < j->depth && issued < ops; s++)
    liburing_queue(ring, j, s, issued++, fixed);
  while (done < ops) {
    int ret = io_uring_submit_and_wait(ring, 1);
    if (ret < 0) bad_ring("liburing", "submit_and_wait returned", ret);
    unsigned head, n = 0;
    struct io_uring_cqe *cqe;
    io_uring_for_each_cqe(ring, head, cqe) {
      unsigned slot = (unsigned)cqe->user_data;
      check_slot(j, "liburing", slot, cqe->res);
      n++;
      if (issued < ops) liburing_queue(ring, j, slot, issued++, fixed);
    }
    io_uring_cq_advance(ring, n);
    done += n;
  }
}

static __attribute__((noinline)) void liburing_reads_plain(struct io_uring *ring,
                                                           struct job *j, uint64_t ops) {
  liburing_reads(ring, j, ops, 0);
}

static __attribute__((noinline)) void liburing_reads_fixed(struct io_uring *ring,
                                                           struct job *j, uint64_t ops) {
  liburing_reads(ring, j, ops, 1);
}

/* No io_uring: one preadv2 system call per read, into slot 0 (depth means nothing here). */
static __attribute__((noinline)) void preadv2_reads(struct job *j, uint64_t ops) {
  struct iovec iov = {j->bufs, BLOCK};
  for (uint64_t i = 0; i < ops; i++) {
    uint32_t block = j->blocks[i];
    j->slot_block[0] = block;
    ssize_t n = preadv2(j->fd, &iov, 1, (off_t)((uint64_t)block * BLOCK), 0);
    check_slot(j, "preadv2", 0, n < 0 ? -errno : (int)n);
  }
}

/* The rings of one row and depth: two uring rings (the second for the A/A control) and
 * one liburing ring, created with the same flags and entries. */
struct rings {
  struct uring u[2];
  struct io_uring l;
  enum row row;
};

static void rings_init(struct rings *r, enum row row, const struct job *j) {
  unsigned flags = row == ROW_DEFER ? URING_SETUP_SINGLE_ISSUER | URING_SETUP_DEFER_TASKRUN : 0;
  struct iovec iov = {j->bufs, (size_t)MAX_DEPTH * BLOCK};
  memset(r, 0, sizeof *r);
  r->row = row;
  for (int i = 0; i < 2; i++) {
    struct uring_params p;
    memset(&p, 0, sizeof p);
    p.flags = flags;
    int ret = uring_init_params(&r->u[i], j->entries, &p);
    if (ret < 0) bench_die("uring_init_params(%u, flags 0x%x): %s", j->entries, flags, strerror(-ret));
    if (row != ROW_PLAIN) {
      ret = uring_register_buffers(&r->u[i], &iov, 1);
      if (ret < 0) bench_die("uring_register_buffers: %s", strerror(-ret));
      ret = uring_register_files(&r->u[i], &j->fd, 1);
      if (ret < 0) bench_die("uring_register_files: %s", strerror(-ret));
    }
    if (row == ROW_DEFER) {
      ret = uring_register_ring_fd(&r->u[i]);
      if (ret < 0) bench_die("uring_register_ring_fd: %s", strerror(-ret));
    }
  }
  struct io_uring_params lp;
  memset(&lp, 0, sizeof lp);
  lp.flags = flags;
  int ret = io_uring_queue_init_params(j->entries, &r->l, &lp);
  if (ret < 0)
    bench_die("io_uring_queue_init_params(%u, flags 0x%x): %s", j->entries, flags, strerror(-ret));
  if (row != ROW_PLAIN) {
    ret = io_uring_register_buffers(&r->l, &iov, 1);
    if (ret < 0) bench_die("io_uring_register_buffers: %s", strerror(-ret));
    ret = io_uring_register_files(&r->l, &j->fd, 1);
    if (ret < 0) bench_die("io_uring_register_files: %s", strerror(-ret));
  }
  if (row == ROW_DEFER) {
    ret = io_uring_register_ring_fd(&r->l);
    if (ret != 1) bench_die("io_uring_register_ring_fd: %d", ret);
  }
}

static void rings_exit(struct rings *r) {
  uring_exit(&r->u[0]);
  uring_exit(&r->u[1]);
  io_uring_queue_exit(&r->l);
}

static void run(struct rings *r, struct job *j, enum impl impl, uint64_t ops) {
  int fixed = r->row != ROW_PLAIN;
  switch (impl) {
    case IMPL_URING:
    case IMPL_URING_B:
      (fixed ? uring_reads_fixed : uring_reads_plain)(&r->u[impl == IMPL_URING_B], j, ops);
      break;
    case IMPL_LIBURING:
      (fixed ? liburing_reads_fixed : liburing_reads_plain)(&r->l, j, ops);
      break;
    case IMPL_PREADV2:
      preadv2_reads(j, ops);
      break;
    case IMPL_COUNT:
      abort();
  }
}

/* The process's CPU time, all threads (io-wq workers included), in seconds. */
static double process_cpu(void) {
  struct rusage ru;
  if (getrusage(RUSAGE_SELF, &ru) != 0) bench_die("getrusage: %s", strerror(errno));
  return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-6;
}


/* One timed trial: thousands of reads per CPU-second, and the share of the wall-clock
 * time the process was on a CPU. */
struct trial_result {
  double kops_cpu;
  double on_cpu;
};

static struct trial_result trial(struct rings *r, struct job *j, enum impl impl, uint64_t ops) {
  struct trial_result res;
  double t0 = bench_clock_sec(CLOCK_MONOTONIC), c0 = process_cpu();
  run(r, j, impl, ops);
  double c1 = process_cpu(), t1 = bench_clock_sec(CLOCK_MONOTONIC);
  res.kops_cpu = (double)ops / (c1 - c0) * 1e-3;
  res.on_cpu = (c1 - c0) / (t1 - t0);
  return res;
}

/* The file: nblocks blocks of BLOCK bytes, each word of block b holding b. */
static int open_file(const char *dir, uint64_t nblocks) {
  struct statfs sfs;
  if (statfs(dir, &sfs) != 0) bench_die("statfs(%s): %s", dir, strerror(errno));
  if (sfs.f_type == TMPFS_MAGIC || sfs.f_type == RAMFS_MAGIC)
    bench_die("%s is on tmpfs or ramfs: pass --dir on a disk-backed file system", dir);
  char path[4096];
  if (snprintf(path, sizeof path, "%s/%s", dir, FILE_NAME) >= (int)sizeof path)
    bench_die("--dir too long");
  int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) bench_die("open(%s): %s", path, strerror(errno));
  struct stat st;
  if (fstat(fd, &st) != 0) bench_die("fstat(%s): %s", path, strerror(errno));
  uint64_t size = nblocks * BLOCK;
  static uint64_t chunk[256 * BLOCK / sizeof(uint64_t)]; /* 1 MiB */
  if ((uint64_t)st.st_size != size) {
    fprintf(stderr, "randread: writing %s (%llu MiB)\n", path, (unsigned long long)(size >> 20));
    if (ftruncate(fd, 0) != 0) bench_die("ftruncate(%s): %s", path, strerror(errno));
    for (uint64_t b = 0; b < nblocks; b += 256) {
      for (size_t w = 0; w < sizeof chunk / sizeof chunk[0]; w++)
        chunk[w] = b + w / (BLOCK / sizeof(uint64_t));
      if (pwrite(fd, chunk, sizeof chunk, (off_t)(b * BLOCK)) != (ssize_t)sizeof chunk)
        bench_die("pwrite(%s): %s", path, strerror(errno));
    }
    /* On the disk, not only dirty pages: the reads then find clean page-cache pages, as
     * they would after a restart once the file is warm. */
    if (fsync(fd) != 0) bench_die("fsync(%s): %s", path, strerror(errno));
  }
  /* Read once, so every block is in the page cache before any trial. */
  for (uint64_t b = 0; b < nblocks; b += 256)
    if (pread(fd, chunk, sizeof chunk, (off_t)(b * BLOCK)) != (ssize_t)sizeof chunk)
      bench_die("pread(%s): %s", path, strerror(errno));
  /* Say how much of it is there. */
  void *map = mmap(NULL, size, PROT_READ, MAP_SHARED, fd, 0);
  if (map == MAP_FAILED) bench_die("mmap(%s): %s", path, strerror(errno));
  unsigned char *vec = malloc(nblocks);
  uint64_t resident = 0;
  if (vec && mincore(map, size, vec) == 0)
    for (uint64_t i = 0; i < nblocks; i++) resident += vec[i] & 1;
  free(vec);
  munmap(map, size);
  fprintf(stderr, "randread: %s: %llu MiB, %.1f%% in the page cache, file system type 0x%lx\n",
          path, (unsigned long long)(size >> 20), 100.0 * (double)resident / (double)nblocks,
          (unsigned long)sfs.f_type);
  return fd;
}

/* splitmix64: a fixed seed gives every implementation the same blocks in the same order. */
static uint64_t next_random(uint64_t *state) {
  uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

static uint32_t *make_blocks(uint64_t n, uint64_t nblocks) {
  uint32_t *t = malloc(n * sizeof *t);
  if (!t) bench_die("out of memory for %llu block numbers", (unsigned long long)n);
  uint64_t state = 0x5eed5eed5eed5eedull;
  for (uint64_t i = 0; i < n; i++)
    t[i] = (uint32_t)(((next_random(&state) >> 32) * nblocks) >> 32);
  return t;
}

#define MAX_TRIALS 63

struct options {
  const char *dir;
  uint64_t file_mib;
  int trials;
  uint64_t ops;
  unsigned depths[8];
  int ndepths;
  int row_mask;
  unsigned entries; /* 0: each ring as large as the depth */
  int cpu;
  uint64_t callgrind_ops;
  enum impl impl;
};

static __attribute__((noreturn)) void usage(void) {
  fputs("usage: randread [--dir DIR] [--file-mib N] [--trials N] [--ops N] [--depth D]...\n"
        "                [--mode plain|fixed|defer|all] [--entries N] [--cpu N]\n"
        "       randread --callgrind-ops N --impl uring|liburing|preadv2 --depth D\n"
        "                --mode plain|fixed|defer [--entries N] [--dir DIR] [--file-mib N]\n"
        "                [--cpu N]\n"
        "(--depth: 1..128, a power of two; default 1 8 32 128; --entries: SQ entries of\n"
        " every ring, a power of two at least every depth, default the depth; --dir default\n"
        " /var/tmp)\n",
        stderr);
  exit(2);
}

static unsigned long parse_num(const char *s) {
  char *end;
  unsigned long v = strtoul(s, &end, 10);
  if (!*s || *end) usage();
  return v;
}

static void parse(int argc, char **argv, struct options *o) {
  memset(o, 0, sizeof *o);
  o->dir = "/var/tmp";
  o->file_mib = DEFAULT_FILE_MIB;
  o->trials = 7;
  o->ops = 200000;
  o->row_mask = (1 << ROW_COUNT) - 1;
  o->cpu = -1;
  o->impl = IMPL_COUNT;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (!v) usage();
    i++;
    if (!strcmp(a, "--dir")) {
      o->dir = v;
    } else if (!strcmp(a, "--file-mib")) {
      o->file_mib = parse_num(v);
      if (!o->file_mib || o->file_mib > DEFAULT_FILE_MIB * 8) usage();
    } else if (!strcmp(a, "--trials")) {
      o->trials = (int)parse_num(v);
      if (o->trials < 1 || o->trials > MAX_TRIALS) usage();
    } else if (!strcmp(a, "--ops")) {
      o->ops = parse_num(v);
      if (!o->ops) usage();
    } else if (!strcmp(a, "--depth")) {
      unsigned long d = parse_num(v);
      if (!d || d > MAX_DEPTH || (d & (d - 1)) || o->ndepths == 8) usage();
      o->depths[o->ndepths++] = (unsigned)d;
    } else if (!strcmp(a, "--mode")) {
      int m = -1;
      for (int r = 0; r < ROW_COUNT; r++)
        if (!strcmp(v, kRowName[r])) m = 1 << r;
      if (!strcmp(v, "all")) m = (1 << ROW_COUNT) - 1;
      if (m < 0) usage();
      o->row_mask = m;
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
      else if (!strcmp(v, "preadv2"))
        o->impl = IMPL_PREADV2;
      else
        usage();
    } else {
      usage();
    }
  }
  if (!o->ndepths) {
    static const unsigned kDefault[] = {1, 8, 32, 128};
    for (int i = 0; i < 4; i++) o->depths[o->ndepths++] = kDefault[i];
  }
  for (int i = 0; i < o->ndepths; i++)
    if (o->entries && o->depths[i] > o->entries) usage();
  if (o->callgrind_ops &&
      (o->impl == IMPL_COUNT || o->ndepths != 1 || (o->row_mask & (o->row_mask - 1))))
    usage();
}

static enum row row_of(int mask) {
  for (int r = 0; r < ROW_COUNT; r++)
    if (mask == 1 << r) return (enum row)r;
  abort();
}

static int callgrind_mode(const struct options *o, struct job *j) {
  struct rings r;
  enum row row = row_of(o->row_mask);
  j->depth = o->depths[0];
  j->entries = o->entries ? o->entries : j->depth;
  rings_init(&r, row, j);
  /* Warm the ring pages, the slots and the loop's code before counting. */
  run(&r, j, o->impl, 4 * (uint64_t)j->depth + 64);
  CALLGRIND_ZERO_STATS;
  CALLGRIND_START_INSTRUMENTATION;
  run(&r, j, o->impl, o->callgrind_ops);
  CALLGRIND_STOP_INSTRUMENTATION;
  rings_exit(&r);
  printf("%s mode %s depth %u entries %u: %llu reads\n", kImplName[o->impl], kRowName[row],
         j->depth, j->entries, (unsigned long long)o->callgrind_ops);
  return 0;
}

static int throughput_mode(const struct options *o, struct job *j) {
  printf("4 KiB random reads from a %llu MiB file in the page cache, %d interleaved trials "
         "of %llu reads per cell, rings of %s\n",
         (unsigned long long)o->file_mib, o->trials, (unsigned long long)o->ops,
         o->entries ? "--entries entries" : "depth entries");
  printf("thousands of reads per CPU-second of the process (utime+stime), medians; ratio: "
         "uring/liburing, A/A: uring/uring-b (the noise floor)\n");
  for (int row = 0; row < ROW_COUNT; row++)
    if (o->row_mask & (1 << row)) printf("  %-6s %s\n", kRowName[row], kRowWhat[row]);
  printf("%-6s %5s %8s %9s %8s %17s %8s %17s %8s %9s %6s\n", "mode", "depth", "uring",
         "liburing", "ratio", "ratio min..max", "A/A", "A/A min..max", "preadv2",
         "/preadv2", "on-CPU");
  for (int row = 0; row < ROW_COUNT; row++) {
    if (!(o->row_mask & (1 << row))) continue;
    for (int d = 0; d < o->ndepths; d++) {
      struct rings r;
      j->depth = o->depths[d];
      j->entries = o->entries ? o->entries : j->depth;
      rings_init(&r, (enum row)row, j);
      /* One untimed run each: ring pages, slots, code, branch predictors. */
      for (int i = 0; i < IMPL_COUNT; i++) run(&r, j, (enum impl)i, o->ops / 4 + 1);
      double k[IMPL_COUNT][MAX_TRIALS], ratio[MAX_TRIALS], aa[MAX_TRIALS], anchor[MAX_TRIALS];
      double on_cpu[MAX_TRIALS * IMPL_COUNT];
      int n_on = 0;
      for (int t = 0; t < o->trials; t++) {
        /* Each trial round runs the four in a rotated order, so no implementation always
         * follows the same one (the A/A pair sits two apart). */
        for (int i = 0; i < IMPL_COUNT; i++) {
          enum impl impl = (enum impl)((t + i) % IMPL_COUNT);
          struct trial_result res = trial(&r, j, impl, o->ops);
          k[impl][t] = res.kops_cpu;
          on_cpu[n_on++] = res.on_cpu;
        }
        ratio[t] = k[IMPL_URING][t] / k[IMPL_LIBURING][t];
        aa[t] = k[IMPL_URING][t] / k[IMPL_URING_B][t];
        anchor[t] = k[IMPL_URING][t] / k[IMPL_PREADV2][t];
      }
      rings_exit(&r);
      double rlo, rhi, alo, ahi;
      bench_range(ratio, o->trials, &rlo, &rhi);
      bench_range(aa, o->trials, &alo, &ahi);
      printf("%-6s %5u %8.1f %9.1f %7.3fx %8.3f..%-7.3f %7.3fx %8.3f..%-7.3f %8.1f %8.3fx %5.0f%%\n",
             kRowName[row], j->depth, bench_median(k[IMPL_URING], o->trials),
             bench_median(k[IMPL_LIBURING], o->trials), bench_median(ratio, o->trials), rlo, rhi,
             bench_median(aa, o->trials), alo, ahi, bench_median(k[IMPL_PREADV2], o->trials),
             bench_median(anchor, o->trials), 100.0 * bench_median(on_cpu, n_on));
      fflush(stdout);
    }
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
  uint64_t nblocks = (o.file_mib << 20) / BLOCK;
  struct job j;
  memset(&j, 0, sizeof j);
  j.fd = open_file(o.dir, nblocks);
  j.bufs = mmap(NULL, (size_t)MAX_DEPTH * BLOCK, PROT_READ | PROT_WRITE,
                MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (j.bufs == MAP_FAILED) bench_die("mmap: %s", strerror(errno));
  uint64_t table = o.callgrind_ops ? o.callgrind_ops + 4 * MAX_DEPTH + 64 : o.ops;
  j.blocks = make_blocks(table, nblocks);
  int ret = o.callgrind_ops ? callgrind_mode(&o, &j) : throughput_mode(&o, &j);
  close(j.fd);
  return ret;
}
