/* What the two halves of //bench:echo share: echo.c (the client, the trials, the
 * modes) and echo_servers.c (the servers under test). */
#ifndef URING_BENCH_ECHO_H
#define URING_BENCH_ECHO_H

#include <stdatomic.h>
#include <stdint.h>

#define MAX_CONNS 1024u
#define MAX_SIZE 1024u
#define NBUF 1024u        /* provided buffers: one per connection at most is ever taken */
#define BUF_SIZE 2048u
#define BGID 1
#define RING_ENTRIES 256u /* SQ; the CQ has twice as many */

enum server { SRV_URING, SRV_LIBURING, SRV_EPOLL, SRV_URING_B, SRV_COUNT };
extern const char *const kServerName[SRV_COUNT];

/* Pins the calling thread to `cpu` (nothing for a negative one). */
void echo_pin(int cpu);

struct server_args {
  enum server kind;
  int listen_fd;
  unsigned conns;
  int cpu;
  /* Callgrind mode: instrumentation goes on when this many bytes have been received, and
   * off at cg_stop; UINT64_MAX in throughput mode. cg_next is the next of the two. */
  uint64_t cg_start, cg_stop, cg_next;
  atomic_int ready;    /* the server's ring or epoll set exists */
  uint64_t received;   /* bytes echoed, read after the join */
  unsigned char *bufs; /* NBUF buffers of BUF_SIZE */
};

/* The server thread: pins itself to a->cpu, serves a->conns connections accepted on
 * a->listen_fd until each is closed, and returns NULL. */
void *echo_server_main(void *p);

#endif /* URING_BENCH_ECHO_H */
