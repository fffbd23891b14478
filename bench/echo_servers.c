/* //bench:echo's servers: uring, liburing and epoll, each on one thread (echo.c says
 * what each does and how the trials drive them). */
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

const char *const kServerName[SRV_COUNT] = {"uring", "liburing", "epoll", "uring-b"};

void echo_pin(int cpu) {
  if (cpu < 0) return;
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET((size_t)cpu, &set);
  if (sched_setaffinity(0, sizeof set, &set) != 0) bench_die("sched_setaffinity(cpu %d): %s", cpu, strerror(errno));
}

static __attribute__((noinline, cold)) void cg_toggle(struct server_args *a) {
  if (a->cg_next == a->cg_start) {
    CALLGRIND_START_INSTRUMENTATION;
    a->cg_next = a->cg_stop;
  } else {
    CALLGRIND_STOP_INSTRUMENTATION;
    a->cg_next = UINT64_MAX;
  }
}

/* Every server counts what it receives; callgrind mode's window costs each of them the
 * same one compare per receive. */
static inline void count_received(struct server_args *a, uint64_t n) {
  a->received += n;
  if (__builtin_expect(a->received >= a->cg_next, 0)) cg_toggle(a);
}

/* user_data of the io_uring servers: what the request is, its socket, and for a send the
 * provided buffer it came from and its length. */
#define TAG_ACCEPT 1ull
#define TAG_RECV 2ull
#define TAG_SEND 3ull
#define UD(tag, fd, bid, len) \
  ((tag) << 62 | (uint64_t)(len) << 40 | (uint64_t)(bid) << 24 | (uint64_t)(uint32_t)(fd))
#define UD_TAG(ud) ((ud) >> 62)
#define UD_FD(ud) ((int)((ud) & 0xffffffu))
#define UD_BID(ud) ((unsigned)(((ud) >> 24) & 0xffffu))
#define UD_LEN(ud) ((int)(((ud) >> 40) & 0xffffu))

static __attribute__((noreturn, noinline, cold)) void bad_cqe(const char *impl, uint64_t ud,
                                                              int res) {
  bench_die("%s server: CQE tag %llu fd %d res %d", impl, (unsigned long long)UD_TAG(ud), UD_FD(ud),
      res);
}

static const unsigned kSetupFlags = URING_SETUP_SINGLE_ISSUER | URING_SETUP_DEFER_TASKRUN;

static inline struct uring_sqe *uring_sqe_or_submit(struct uring *ring) {
  struct uring_sqe *sqe = uring_get_sqe(ring);
  while (__builtin_expect(sqe == NULL, 0)) {
    int ret = uring_submit(ring);
    if (ret < 0) bench_die("uring server: submit: %s", strerror(-ret));
    sqe = uring_get_sqe(ring);
  }
  return sqe;
}

static inline void uring_arm_recv(struct uring *ring, int fd) {
  struct uring_sqe *sqe = uring_sqe_or_submit(ring);
  uring_prep_recv_multishot(sqe, fd, NULL, 0, 0);
  sqe->flags |= URING_SQE_BUFFER_SELECT;
  sqe->buf_group = BGID;
  uring_sqe_set_data64(sqe, UD(TAG_RECV, fd, 0, 0));
}

static __attribute__((noinline)) void uring_serve(struct uring *ring, struct server_args *a,
                                                  struct uring_buf_ring *br) {
  const int mask = uring_buf_ring_mask(NBUF);
  unsigned accepted = 0, closed = 0;
  struct uring_sqe *sqe = uring_sqe_or_submit(ring);
  uring_prep_multishot_accept(sqe, a->listen_fd, NULL, NULL, 0);
  uring_sqe_set_data64(sqe, UD(TAG_ACCEPT, 0, 0, 0));
  while (closed < a->conns) {
    int ret = uring_submit_and_wait(ring, 1);
    if (ret < 0 && ret != -EINTR) bench_die("uring server: submit_and_wait: %s", strerror(-ret));
    struct uring_cq_iter it;
    struct uring_cqe *cqe;
    int returned = 0;
    uring_for_each_cqe(ring, it, cqe) {
      uint64_t ud = cqe->user_data;
      int res = cqe->res;
      int fd = UD_FD(ud);
      switch (UD_TAG(ud)) {
        case TAG_RECV:
          if (res > 0) {
            int bid = uring_cqe_buffer_id(cqe);
            if (bid < 0) bad_cqe("uring (no buffer)", ud, res);
            count_received(a, (uint64_t)res);
            sqe = uring_sqe_or_submit(ring);
            uring_prep_send(sqe, fd, a->bufs + (size_t)bid * BUF_SIZE, (size_t)res, MSG_NOSIGNAL);
            uring_sqe_set_data64(sqe, UD(TAG_SEND, fd, bid, res));
            if (!(cqe->flags & URING_CQE_F_MORE)) uring_arm_recv(ring, fd);
          } else if (res == -ENOBUFS) {
            uring_arm_recv(ring, fd);
          } else {
            /* End of stream, or the connection failed: the client is done with it. */
            close(fd);
            closed++;
          }
          break;
        case TAG_SEND: {
          unsigned bid = UD_BID(ud);
          if (res >= 0 && res != UD_LEN(ud)) bad_cqe("uring (short send)", ud, res);
          uring_buf_ring_add(br, a->bufs + (size_t)bid * BUF_SIZE, BUF_SIZE,
                             (unsigned short)bid, mask, returned++);
          break;
        }
        case TAG_ACCEPT:
          if (res < 0) bad_cqe("uring", ud, res);
          accepted++;
          uring_arm_recv(ring, res);
          if (!(cqe->flags & URING_CQE_F_MORE) && accepted < a->conns) {
            sqe = uring_sqe_or_submit(ring);
            uring_prep_multishot_accept(sqe, a->listen_fd, NULL, NULL, 0);
            uring_sqe_set_data64(sqe, UD(TAG_ACCEPT, 0, 0, 0));
          }
          break;
        default:
          bad_cqe("uring", ud, res);
      }
    }
    if (returned) uring_buf_ring_advance(br, returned);
    ret = uring_cq_iter_end(ring, &it);
    if (ret < 0) bench_die("uring server: cq_iter_end: %s", strerror(-ret));
  }
}

static void uring_server(struct server_args *a) {
  struct uring ring;
  struct uring_params p;
  memset(&p, 0, sizeof p);
  p.flags = kSetupFlags;
  int ret = uring_init_params(&ring, RING_ENTRIES, &p);
  if (ret < 0) bench_die("uring_init_params(flags 0x%x): %s", kSetupFlags, strerror(-ret));
  ret = uring_register_ring_fd(&ring);
  if (ret < 0) bench_die("uring_register_ring_fd: %s", strerror(-ret));
  struct uring_pbuf_ring pbr;
  ret = uring_buf_ring_setup(&ring, &pbr, NBUF, BGID, 0);
  if (ret < 0) bench_die("uring_buf_ring_setup: %s", strerror(-ret));
  const int mask = uring_buf_ring_mask(NBUF);
  for (unsigned i = 0; i < NBUF; i++)
    uring_buf_ring_add(pbr.br, a->bufs + (size_t)i * BUF_SIZE, BUF_SIZE, (unsigned short)i, mask,
                       (int)i);
  uring_buf_ring_advance(pbr.br, (int)NBUF);
  atomic_store(&a->ready, 1);
  uring_serve(&ring, a, pbr.br);
  uring_buf_ring_teardown(&ring, &pbr);
  uring_exit(&ring);
}

static inline struct io_uring_sqe *liburing_sqe_or_submit(struct io_uring *ring) {
  struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
  while (__builtin_expect(sqe == NULL, 0)) {
    int ret = io_uring_submit(ring);
    if (ret < 0) bench_die("liburing server: submit: %s", strerror(-ret));
    sqe = io_uring_get_sqe(ring);
  }
  return sqe;
}

static inline void liburing_arm_recv(struct io_uring *ring, int fd) {
  struct io_uring_sqe *sqe = liburing_sqe_or_submit(ring);
  io_uring_prep_recv_multishot(sqe, fd, NULL, 0, 0);
  sqe->flags |= IOSQE_BUFFER_SELECT;
  sqe->buf_group = BGID;
  io_uring_sqe_set_data64(sqe, UD(TAG_RECV, fd, 0, 0));
}

static __attribute__((noinline)) void liburing_serve(struct io_uring *ring,
                                                     struct server_args *a,
                                                     struct io_uring_buf_ring *br) {
  const int mask = io_uring_buf_ring_mask(NBUF);
  unsigned accepted = 0, closed = 0;
  struct io_uring_sqe *sqe = liburing_sqe_or_submit(ring);
  io_uring_prep_multishot_accept(sqe, a->listen_fd, NULL, NULL, 0);
  io_uring_sqe_set_data64(sqe, UD(TAG_ACCEPT, 0, 0, 0));
  while (closed < a->conns) {
    int ret = io_uring_submit_and_wait(ring, 1);
    if (ret < 0 && ret != -EINTR) bench_die("liburing server: submit_and_wait: %s", strerror(-ret));
    unsigned head, seen = 0;
    struct io_uring_cqe *cqe;
    int returned = 0;
    io_uring_for_each_cqe(ring, head, cqe) {
      uint64_t ud = cqe->user_data;
      int res = cqe->res;
      int fd = UD_FD(ud);
      seen++;
      switch (UD_TAG(ud)) {
        case TAG_RECV:
          if (res > 0) {
            unsigned bid = cqe->flags >> IORING_CQE_BUFFER_SHIFT;
            if (!(cqe->flags & IORING_CQE_F_BUFFER)) bad_cqe("liburing (no buffer)", ud, res);
            count_received(a, (uint64_t)res);
            sqe = liburing_sqe_or_submit(ring);
            io_uring_prep_send(sqe, fd, a->bufs + (size_t)bid * BUF_SIZE, (size_t)res,
                               MSG_NOSIGNAL);
            io_uring_sqe_set_data64(sqe, UD(TAG_SEND, fd, bid, res));
            if (!(cqe->flags & IORING_CQE_F_MORE)) liburing_arm_recv(ring, fd);
          } else if (res == -ENOBUFS) {
            liburing_arm_recv(ring, fd);
          } else {
            close(fd);
            closed++;
          }
          break;
        case TAG_SEND: {
          unsigned bid = UD_BID(ud);
          if (res >= 0 && res != UD_LEN(ud)) bad_cqe("liburing (short send)", ud, res);
          io_uring_buf_ring_add(br, a->bufs + (size_t)bid * BUF_SIZE, BUF_SIZE,
                                (unsigned short)bid, mask, returned++);
          break;
        }
        case TAG_ACCEPT:
          if (res < 0) bad_cqe("liburing", ud, res);
          accepted++;
          liburing_arm_recv(ring, res);
          if (!(cqe->flags & IORING_CQE_F_MORE) && accepted < a->conns) {
            sqe = liburing_sqe_or_submit(ring);
            io_uring_prep_multishot_accept(sqe, a->listen_fd, NULL, NULL, 0);
            io_uring_sqe_set_data64(sqe, UD(TAG_ACCEPT, 0, 0, 0));
          }
          break;
        default:
          bad_cqe("liburing", ud, res);
      }
    }
    if (returned) io_uring_buf_ring_advance(br, returned);
    io_uring_cq_advance(ring, seen);
  }
}

static void liburing_server(struct server_args *a) {
  struct io_uring ring;
  struct io_uring_params p;
  memset(&p, 0, sizeof p);
  p.flags = kSetupFlags;
  int ret = io_uring_queue_init_params(RING_ENTRIES, &ring, &p);
  if (ret < 0) bench_die("io_uring_queue_init_params(flags 0x%x): %s", kSetupFlags, strerror(-ret));
  ret = io_uring_register_ring_fd(&ring);
  if (ret != 1) bench_die("io_uring_register_ring_fd: %d", ret);
  /* liburing 2.3 has no io_uring_setup_buf_ring: the ring goes in memory mapped here. */
  size_t br_size = NBUF * sizeof(struct io_uring_buf);
  void *mem = mmap(NULL, br_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mem == MAP_FAILED) bench_die("mmap: %s", strerror(errno));
  struct io_uring_buf_ring *br = mem;
  struct io_uring_buf_reg reg;
  memset(&reg, 0, sizeof reg);
  reg.ring_addr = (uint64_t)(uintptr_t)mem;
  reg.ring_entries = NBUF;
  reg.bgid = BGID;
  ret = io_uring_register_buf_ring(&ring, &reg, 0);
  if (ret < 0) bench_die("io_uring_register_buf_ring: %s", strerror(-ret));
  io_uring_buf_ring_init(br);
  const int mask = io_uring_buf_ring_mask(NBUF);
  for (unsigned i = 0; i < NBUF; i++)
    io_uring_buf_ring_add(br, a->bufs + (size_t)i * BUF_SIZE, BUF_SIZE, (unsigned short)i, mask,
                          (int)i);
  io_uring_buf_ring_advance(br, (int)NBUF);
  atomic_store(&a->ready, 1);
  liburing_serve(&ring, a, br);
  io_uring_unregister_buf_ring(&ring, BGID);
  io_uring_queue_exit(&ring);
  munmap(mem, br_size);
}

static __attribute__((noinline)) void epoll_serve(int ep, struct server_args *a) {
  unsigned closed = 0;
  struct epoll_event evs[64];
  unsigned char *buf = a->bufs;
  while (closed < a->conns) {
    int n = epoll_wait(ep, evs, 64, -1);
    if (n < 0) {
      if (errno == EINTR) continue;
      bench_die("epoll server: epoll_wait: %s", strerror(errno));
    }
    for (int i = 0; i < n; i++) {
      int fd = evs[i].data.fd;
      if (fd == a->listen_fd) {
        for (;;) {
          int c = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
          if (c < 0) {
            if (errno == EAGAIN) break;
            bench_die("epoll server: accept4: %s", strerror(errno));
          }
          struct epoll_event ev = {.events = EPOLLIN, .data.fd = c};
          if (epoll_ctl(ep, EPOLL_CTL_ADD, c, &ev) != 0) bench_die("epoll_ctl: %s", strerror(errno));
        }
        continue;
      }
      ssize_t r = recv(fd, buf, BUF_SIZE, 0);
      if (r > 0) {
        count_received(a, (uint64_t)r);
        ssize_t s = send(fd, buf, (size_t)r, MSG_NOSIGNAL);
        if (s >= 0 && s != r) bench_die("epoll server: short send (%zd of %zd)", s, r);
      } else if (r < 0 && errno == EAGAIN) {
        continue;
      } else {
        close(fd);
        closed++;
      }
    }
  }
}

static void epoll_server(struct server_args *a) {
  int ep = epoll_create1(EPOLL_CLOEXEC);
  if (ep < 0) bench_die("epoll_create1: %s", strerror(errno));
  int fl = fcntl(a->listen_fd, F_GETFL);
  if (fl < 0 || fcntl(a->listen_fd, F_SETFL, fl | O_NONBLOCK) != 0) bench_die("fcntl: %s", strerror(errno));
  struct epoll_event ev = {.events = EPOLLIN, .data.fd = a->listen_fd};
  if (epoll_ctl(ep, EPOLL_CTL_ADD, a->listen_fd, &ev) != 0) bench_die("epoll_ctl: %s", strerror(errno));
  atomic_store(&a->ready, 1);
  epoll_serve(ep, a);
  close(ep);
}

void *echo_server_main(void *p) {
  struct server_args *a = p;
  echo_pin(a->cpu);
  switch (a->kind) {
    case SRV_URING:
    case SRV_URING_B:
      uring_server(a);
      break;
    case SRV_LIBURING:
      liburing_server(a);
      break;
    case SRV_EPOLL:
      epoll_server(a);
      break;
    case SRV_COUNT:
      abort();
  }
  return NULL;
}

