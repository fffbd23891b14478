/* //bench:echo: a loopback TCP echo server on one ring and one thread, uring against
 * liburing and against epoll, driven by one client that is the same for every server.
 *
 * The servers (each on one thread, pinned to --server-cpu):
 *   uring, liburing  one SINGLE_ISSUER | DEFER_TASKRUN ring (6.1), its fd registered; a
 *                    multishot accept (5.19); per connection a multishot recv (6.0) taking
 *                    buffers from a provided-buffer ring (5.19); a send of each received
 *                    chunk from the buffer it landed in, the buffer given back when the
 *                    send completes; submit_and_wait(1), then every CQE with the
 *                    iterator and one CQ head store;
 *   epoll            level-triggered epoll_wait, nonblocking accept4, recv, send;
 *   uring-b          uring again, the A/A control: its ratio to uring is the noise floor.
 * The client (pinned to --client-cpu): N connections to 127.0.0.1, each with one message
 * of --size bytes (64) in flight; when the whole echo is back it is checked and the next
 * message goes out. epoll_wait over the connections, nonblocking recv and send.
 *
 * Throughput mode (default): per connection count, rounds of one trial per server in a
 * rotated order; each trial is a new server thread and a new client thread that connects,
 * runs --warm seconds untimed, then counts round trips for --seconds, stops sending,
 * collects the last echoes and closes; the server ends when every connection is closed.
 * A trial that does not end in time aborts the program. Printed: round trips per second
 * (wall clock), the server thread's CPU use over the same window (utime + stime of that
 * thread over wall time: near 100% means the server was the bottleneck), round trips per
 * server CPU-second, the client thread's CPU use, and per-round ratios' medians.
 *
 * Callgrind mode (--callgrind-rts N): one server runs under valgrind; the client is this
 * program again (--client), started with fork and exec so that valgrind, which does not
 * follow exec unless told to, runs it natively. It sends exactly --warm-rts + N messages
 * per connection; the server turns instrumentation on when it has received the warm-up's
 * bytes and off after N more round trips' worth, so the Ir between is the server loop's
 * user-space cost of N * connections round trips (bench/callgrind_workloads.sh).
 *
 * --fifo N runs the program at SCHED_FIFO priority N (threads inherit it), as
 * `chrt -f N` would: on a machine shared with other work the server and client otherwise
 * wait behind it for their CPU at every round trip.
 */
#define _GNU_SOURCE

#include <errno.h>
#include <fcntl.h>
#include <liburing.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <valgrind/callgrind.h>

#include "bench/common.h"
#include "bench/echo.h"
#include "uring/uring.h"

/* ---- the client ---- */

struct client_args {
  int port;
  unsigned conns;
  unsigned size;
  int cpu;
  /* Timed mode: warm-up and measured seconds; the server thread's CPU clock is read at
   * both ends of the measured window. */
  double warm, seconds;
  clockid_t server_clock;
  int have_server_clock;
  /* Exact mode (callgrind): messages per connection; 0 for timed mode. */
  uint64_t messages;
  /* Results of timed mode. */
  uint64_t rts;
  double wall, server_cpu, client_cpu;
};

struct conn {
  int fd;
  unsigned got;       /* bytes of the current echo received */
  uint64_t seq;       /* messages sent */
  int busy;           /* a message is in flight */
};

static void fill_message(unsigned char *m, unsigned size, unsigned idx, uint64_t seq) {
  for (unsigned i = 0; i < size; i++) m[i] = (unsigned char)(i * 7u + idx);
  memcpy(m, &seq, sizeof seq < size ? sizeof seq : size);
}

static void client_send(struct conn *c, unsigned idx, unsigned size) {
  unsigned char m[MAX_SIZE];
  fill_message(m, size, idx, c->seq);
  ssize_t s = send(c->fd, m, size, MSG_NOSIGNAL);
  if (s != (ssize_t)size) bench_die("client: send returned %zd (%s)", s, s < 0 ? strerror(errno) : "short");
  c->seq++;
  c->got = 0;
  c->busy = 1;
}

static void client_run(struct client_args *a) {
  static struct conn conns[MAX_CONNS];
  static unsigned char rbuf[MAX_CONNS][MAX_SIZE];
  unsigned char expect[MAX_SIZE];
  echo_pin(a->cpu);
  int ep = epoll_create1(EPOLL_CLOEXEC);
  if (ep < 0) bench_die("client: epoll_create1: %s", strerror(errno));
  struct sockaddr_in sa;
  memset(&sa, 0, sizeof sa);
  sa.sin_family = AF_INET;
  sa.sin_port = htons((uint16_t)a->port);
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  for (unsigned i = 0; i < a->conns; i++) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) bench_die("client: socket: %s", strerror(errno));
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) bench_die("client: connect: %s", strerror(errno));
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) != 0) bench_die("client: fcntl: %s", strerror(errno));
    struct epoll_event ev = {.events = EPOLLIN, .data.u32 = i};
    if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) != 0) bench_die("client: epoll_ctl: %s", strerror(errno));
    conns[i] = (struct conn){.fd = fd};
  }
  const int timed = a->messages == 0;
  double start = bench_clock_sec(CLOCK_MONOTONIC), t0 = 0, t1 = 0, s0 = 0, c0 = 0;
  uint64_t rts = 0, rts0 = 0;
  int phase = 0; /* 0 warm-up, 1 measuring, 2 draining */
  unsigned busy = 0;
  for (unsigned i = 0; i < a->conns; i++) {
    client_send(&conns[i], i, a->size);
    busy++;
  }
  while (busy) {
    struct epoll_event evs[64];
    /* Long enough for a server under valgrind on a busy machine. */
    int n = epoll_wait(ep, evs, 64, 10000);
    if (n < 0) {
      if (errno == EINTR) continue;
      bench_die("client: epoll_wait: %s", strerror(errno));
    }
    if (n == 0) bench_die("client: no echo for 10 s (%u connections waiting)", busy);
    for (int e = 0; e < n; e++) {
      unsigned i = evs[e].data.u32;
      struct conn *c = &conns[i];
      ssize_t r = recv(c->fd, rbuf[i] + c->got, a->size - c->got, 0);
      if (r < 0 && errno == EAGAIN) continue;
      if (r <= 0) bench_die("client: recv returned %zd (%s)", r, r < 0 ? strerror(errno) : "closed");
      c->got += (unsigned)r;
      if (c->got < a->size) continue;
      fill_message(expect, a->size, i, c->seq - 1);
      if (memcmp(expect, rbuf[i], a->size) != 0) bench_die("client: echo differs on connection %u", i);
      rts++;
      c->busy = 0;
      if (timed ? phase < 2 : c->seq < a->messages) {
        client_send(c, i, a->size);
      } else {
        busy--;
      }
    }
    if (!timed) continue;
    double t = bench_clock_sec(CLOCK_MONOTONIC);
    if (phase == 0 && t >= start + a->warm) {
      phase = 1;
      t0 = t;
      rts0 = rts;
      s0 = a->have_server_clock ? bench_clock_sec(a->server_clock) : 0;
      c0 = bench_clock_sec(CLOCK_THREAD_CPUTIME_ID);
    } else if (phase == 1 && t >= t0 + a->seconds) {
      phase = 2;
      t1 = t;
      a->rts = rts - rts0;
      a->wall = t1 - t0;
      a->server_cpu = a->have_server_clock ? bench_clock_sec(a->server_clock) - s0 : 0;
      a->client_cpu = bench_clock_sec(CLOCK_THREAD_CPUTIME_ID) - c0;
    }
  }
  for (unsigned i = 0; i < a->conns; i++) close(conns[i].fd);
  close(ep);
}

static void *client_main(void *p) {
  client_run(p);
  return NULL;
}

/* ---- trials ---- */

static int listen_socket(int *port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) bench_die("socket: %s", strerror(errno));
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  /* Accepted sockets inherit it: the echo of each message goes out at once. */
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  struct sockaddr_in sa;
  memset(&sa, 0, sizeof sa);
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0) bench_die("bind: %s", strerror(errno));
  if (listen(fd, (int)MAX_CONNS) != 0) bench_die("listen: %s", strerror(errno));
  socklen_t len = sizeof sa;
  if (getsockname(fd, (struct sockaddr *)&sa, &len) != 0) bench_die("getsockname: %s", strerror(errno));
  *port = ntohs(sa.sin_port);
  return fd;
}

struct options {
  int trials;
  unsigned conns[8];
  int nconns;
  unsigned size;
  double warm, seconds;
  int server_cpu, client_cpu;
  int fifo;
  int server_mask;
  /* callgrind mode */
  uint64_t callgrind_rts;
  uint64_t warm_rts;
  enum server server;
  /* client mode (exec'd by callgrind mode) */
  int client_port;
};

static void start_server(pthread_t *t, struct server_args *a, enum server kind, int lfd,
                         unsigned conns, const struct options *o, unsigned char *bufs) {
  memset(a, 0, sizeof *a);
  a->kind = kind;
  a->listen_fd = lfd;
  a->conns = conns;
  a->cpu = o->server_cpu;
  a->cg_start = a->cg_next = a->cg_stop = UINT64_MAX;
  a->bufs = bufs;
  atomic_init(&a->ready, 0);
  if (pthread_create(t, NULL, echo_server_main, a) != 0) bench_die("pthread_create failed");
  while (!atomic_load(&a->ready)) {
    struct timespec ts = {0, 1000000};
    nanosleep(&ts, NULL);
  }
}

/* Joins a thread, or aborts the program when it has not ended by `deadline` (CLOCK_REALTIME
 * seconds): a run that hangs must not go on for ever. */
static void join_by(pthread_t t, double deadline, const char *what) {
  struct timespec ts;
  ts.tv_sec = (time_t)deadline;
  ts.tv_nsec = (long)((deadline - (double)ts.tv_sec) * 1e9);
  int ret = pthread_timedjoin_np(t, NULL, &ts);
  if (ret != 0) bench_die("%s did not finish in time (%s)", what, strerror(ret));
}

struct trial_result {
  double krts;        /* thousands of round trips per second */
  double server_cpu;  /* share of the window the server thread was on a CPU */
  double client_cpu;
};

static struct trial_result trial(enum server kind, unsigned conns, const struct options *o,
                                 unsigned char *bufs) {
  int port;
  int lfd = listen_socket(&port);
  pthread_t st, ct;
  struct server_args sa;
  start_server(&st, &sa, kind, lfd, conns, o, bufs);
  struct client_args ca;
  memset(&ca, 0, sizeof ca);
  ca.port = port;
  ca.conns = conns;
  ca.size = o->size;
  ca.cpu = o->client_cpu;
  ca.warm = o->warm;
  ca.seconds = o->seconds;
  ca.have_server_clock = pthread_getcpuclockid(st, &ca.server_clock) == 0;
  if (pthread_create(&ct, NULL, client_main, &ca) != 0) bench_die("pthread_create failed");
  double deadline = bench_clock_sec(CLOCK_REALTIME) + o->warm + o->seconds + 10;
  join_by(ct, deadline, "client");
  join_by(st, deadline, kServerName[kind]);
  close(lfd);
  struct trial_result r;
  r.krts = (double)ca.rts / ca.wall * 1e-3;
  r.server_cpu = ca.server_cpu / ca.wall;
  r.client_cpu = ca.client_cpu / ca.wall;
  return r;
}

static void print_ratio(const char *name, const double *v, int n) {
  double lo, hi;
  bench_range(v, n, &lo, &hi);
  printf("  %-15s %7.3fx %8.3f..%-7.3f", name, bench_median(v, n), lo, hi);
}

#define MAX_TRIALS 63

static int throughput_mode(const struct options *o, unsigned char *bufs) {
  char prio[32] = "normal priority";
  if (o->fifo) snprintf(prio, sizeof prio, "SCHED_FIFO priority %d", o->fifo);
  printf("Loopback TCP echo, %u-byte messages, one in flight per connection; server thread "
         "on CPU %d, client on CPU %d; %s\n",
         o->size, o->server_cpu, o->client_cpu, prio);
  printf("%d rounds of one trial per server (rotated order), each %.1f s measured after "
         "%.1f s warm-up; medians\n",
         o->trials, o->seconds, o->warm);
  printf("%5s %-9s %10s %9s %15s %9s\n", "conns", "server", "Krt/s", "srv CPU",
         "Krt/srv-CPU-s", "cli CPU");
  for (int c = 0; c < o->nconns; c++) {
    unsigned conns = o->conns[c];
    double k[SRV_COUNT][MAX_TRIALS], scpu[SRV_COUNT][MAX_TRIALS], ccpu[SRV_COUNT][MAX_TRIALS];
    double per_cpu[SRV_COUNT][MAX_TRIALS];
    for (int t = 0; t < o->trials; t++) {
      for (int i = 0; i < SRV_COUNT; i++) {
        enum server s = (enum server)((t + i) % SRV_COUNT);
        if (!(o->server_mask & (1 << s))) continue;
        struct trial_result r = trial(s, conns, o, bufs);
        k[s][t] = r.krts;
        scpu[s][t] = r.server_cpu;
        ccpu[s][t] = r.client_cpu;
        per_cpu[s][t] = r.server_cpu > 0 ? r.krts / r.server_cpu : 0;
      }
    }
    for (int s = 0; s < SRV_COUNT; s++) {
      if (!(o->server_mask & (1 << s))) continue;
      printf("%5u %-9s %10.1f %8.0f%% %15.1f %8.0f%%\n", conns, kServerName[s],
             bench_median(k[s], o->trials), 100.0 * bench_median(scpu[s], o->trials),
             bench_median(per_cpu[s], o->trials), 100.0 * bench_median(ccpu[s], o->trials));
    }
    double ratio[MAX_TRIALS];
    static const struct {
      const char *name;
      enum server num, den;
    } kRatios[] = {{"uring/liburing", SRV_URING, SRV_LIBURING},
                   {"uring/epoll", SRV_URING, SRV_EPOLL},
                   {"A/A uring/b", SRV_URING, SRV_URING_B}};
    printf("%5u rt/s ratios, median and range:", conns);
    for (size_t q = 0; q < sizeof kRatios / sizeof kRatios[0]; q++) {
      int m = (1 << kRatios[q].num) | (1 << kRatios[q].den);
      if ((o->server_mask & m) != m) continue;
      for (int t = 0; t < o->trials; t++) ratio[t] = k[kRatios[q].num][t] / k[kRatios[q].den][t];
      printf("\n");
      print_ratio(kRatios[q].name, ratio, o->trials);
    }
    printf("\n");
    fflush(stdout);
  }
  return 0;
}

/* Callgrind mode: the client exec'd beside this process, the server on this process's one
 * thread. One thread, because valgrind 3.19 keeps its lock on the guest threads across
 * io_uring_enter (it does not mark the call as one that may block): a second thread would
 * wait for the lock for as long as the server waits in the kernel. */
static int callgrind_mode(const struct options *o, unsigned char *bufs) {
  unsigned conns = o->conns[0];
  int port;
  int lfd = listen_socket(&port);
  char exe[4096];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0) bench_die("readlink(/proc/self/exe): %s", strerror(errno));
  exe[n] = 0;
  char port_s[16], conns_s[16], size_s[16], msgs_s[32], cpu_s[16];
  snprintf(port_s, sizeof port_s, "%d", port);
  snprintf(conns_s, sizeof conns_s, "%u", conns);
  snprintf(size_s, sizeof size_s, "%u", o->size);
  snprintf(msgs_s, sizeof msgs_s, "%llu", (unsigned long long)(o->warm_rts + o->callgrind_rts));
  snprintf(cpu_s, sizeof cpu_s, "%d", o->client_cpu);
  /* The client connects into the listen backlog; the server accepts once it runs. */
  pid_t pid = fork();
  if (pid < 0) bench_die("fork: %s", strerror(errno));
  if (pid == 0) {
    execl(exe, exe, "--client", port_s, "--conns", conns_s, "--size", size_s, "--messages",
          msgs_s, "--client-cpu", cpu_s, (char *)NULL);
    _exit(127);
  }
  uint64_t per_rt = (uint64_t)conns * o->size;
  struct server_args sa;
  memset(&sa, 0, sizeof sa);
  sa.kind = o->server;
  sa.listen_fd = lfd;
  sa.conns = conns;
  sa.cpu = o->server_cpu;
  sa.cg_start = sa.cg_next = o->warm_rts * per_rt;
  sa.cg_stop = (o->warm_rts + o->callgrind_rts) * per_rt;
  sa.bufs = bufs;
  /* A client that fails leaves the server waiting: bound the whole run. */
  alarm(300);
  echo_server_main(&sa);
  alarm(0);
  int status;
  if (waitpid(pid, &status, 0) != pid) bench_die("waitpid: %s", strerror(errno));
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) bench_die("client failed (status 0x%x)", status);
  close(lfd);
  uint64_t want = (o->warm_rts + o->callgrind_rts) * per_rt;
  if (sa.received != want)
    bench_die("server received %llu bytes, expected %llu", (unsigned long long)sa.received,
        (unsigned long long)want);
  printf("%s conns %u size %u: %llu round trips counted\n", kServerName[o->server], conns,
         o->size, (unsigned long long)(o->callgrind_rts * conns));
  return 0;
}

static __attribute__((noreturn)) void usage(void) {
  fputs("usage: echo [--trials N] [--conns N]... [--size B] [--seconds S] [--warm S]\n"
        "            [--server uring|liburing|epoll|all] [--server-cpu N] [--client-cpu N]\n"
        "            [--fifo PRIO]\n"
        "       echo --callgrind-rts N --server uring|liburing|epoll --conns N [--warm-rts N]\n"
        "            [--size B] [--server-cpu N] [--client-cpu N]\n"
        "(defaults: 5 trials, 16 and 64 connections, 64 bytes, 1 s after 0.2 s, CPUs 0 and 1;\n"
        " --fifo: SCHED_FIFO at that priority, as chrt -f; --server-cpu/--client-cpu -1: no "
        "pinning)\n",
        stderr);
  exit(2);
}

static long parse_num(const char *s) {
  char *end;
  long v = strtol(s, &end, 10);
  if (!*s || *end) usage();
  return v;
}

static double parse_sec(const char *s) {
  char *end;
  double v = strtod(s, &end);
  if (!*s || *end || !(v > 0) || v > 600) usage();
  return v;
}

static void parse(int argc, char **argv, struct options *o) {
  memset(o, 0, sizeof *o);
  o->trials = 5;
  o->size = 64;
  o->warm = 0.2;
  o->seconds = 1.0;
  o->server_cpu = 0;
  o->client_cpu = 1;
  o->server_mask = (1 << SRV_COUNT) - 1;
  o->warm_rts = 200;
  o->server = SRV_COUNT;
  o->client_port = -1;
  uint64_t messages = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (!v) usage();
    i++;
    if (!strcmp(a, "--trials")) {
      o->trials = (int)parse_num(v);
      if (o->trials < 1 || o->trials > MAX_TRIALS) usage();
    } else if (!strcmp(a, "--conns")) {
      long c = parse_num(v);
      if (c < 1 || c > (long)MAX_CONNS || o->nconns == 8) usage();
      o->conns[o->nconns++] = (unsigned)c;
    } else if (!strcmp(a, "--size")) {
      long s = parse_num(v);
      if (s < 1 || s > (long)MAX_SIZE) usage();
      o->size = (unsigned)s;
    } else if (!strcmp(a, "--seconds")) {
      o->seconds = parse_sec(v);
    } else if (!strcmp(a, "--warm")) {
      o->warm = parse_sec(v);
    } else if (!strcmp(a, "--server-cpu")) {
      o->server_cpu = (int)parse_num(v);
    } else if (!strcmp(a, "--client-cpu")) {
      o->client_cpu = (int)parse_num(v);
    } else if (!strcmp(a, "--fifo")) {
      o->fifo = (int)parse_num(v);
      if (o->fifo < 1 || o->fifo > 99) usage();
    } else if (!strcmp(a, "--server")) {
      int m = 0;
      for (int s = 0; s < SRV_COUNT; s++)
        if (!strcmp(v, kServerName[s])) {
          m = 1 << s;
          o->server = (enum server)s;
        }
      if (!strcmp(v, "all")) m = (1 << SRV_COUNT) - 1;
      if (!m) usage();
      o->server_mask = m;
    } else if (!strcmp(a, "--callgrind-rts")) {
      o->callgrind_rts = (uint64_t)parse_num(v);
      if (!o->callgrind_rts) usage();
    } else if (!strcmp(a, "--warm-rts")) {
      o->warm_rts = (uint64_t)parse_num(v);
    } else if (!strcmp(a, "--client")) {
      o->client_port = (int)parse_num(v);
    } else if (!strcmp(a, "--messages")) {
      messages = (uint64_t)parse_num(v);
    } else {
      usage();
    }
  }
  if (o->client_port >= 0) {
    if (!messages || o->nconns != 1) usage();
    o->warm_rts = messages;
    return;
  }
  if (!o->nconns) {
    o->conns[o->nconns++] = 16;
    o->conns[o->nconns++] = 64;
  }
  if (o->callgrind_rts && (o->server == SRV_COUNT || o->server == SRV_URING_B || o->nconns != 1))
    usage();
}

int main(int argc, char **argv) {
  struct options o;
  parse(argc, argv, &o);
  if (o.client_port >= 0) {
    struct client_args ca;
    memset(&ca, 0, sizeof ca);
    ca.port = o.client_port;
    ca.conns = o.conns[0];
    ca.size = o.size;
    ca.cpu = o.client_cpu;
    ca.messages = o.warm_rts;
    client_run(&ca);
    return 0;
  }
  if (o.fifo) {
    struct sched_param sp = {.sched_priority = o.fifo};
    if (sched_setscheduler(0, SCHED_FIFO, &sp) != 0)
      bench_die("sched_setscheduler(SCHED_FIFO, %d): %s", o.fifo, strerror(errno));
  }
  unsigned char *bufs = mmap(NULL, (size_t)NBUF * BUF_SIZE, PROT_READ | PROT_WRITE,
                             MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (bufs == MAP_FAILED) bench_die("mmap: %s", strerror(errno));
  if (o.callgrind_rts) return callgrind_mode(&o, bufs);
  return throughput_mode(&o, bufs);
}
