// What the wait tests share: a stopwatch, and a pipe whose read end gives the completion
// that comes later (a read with no data yet finishes when a helper thread writes).
#ifndef URING_TESTS_RING_WAIT_COMMON_H
#define URING_TESTS_RING_WAIT_COMMON_H

#include <time.h>
#include <unistd.h>

namespace uring_wait_test {

struct Stopwatch {
  struct timespec t0;
  Stopwatch() { clock_gettime(CLOCK_MONOTONIC, &t0); }
  double Ms() const {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (t.tv_sec - t0.tv_sec) * 1e3 + (t.tv_nsec - t0.tv_nsec) / 1e6;
  }
};

struct Pipe {
  int r = -1, w = -1;
  Pipe() {
    int fds[2];
    if (pipe(fds) == 0) {
      r = fds[0];
      w = fds[1];
    }
  }
  ~Pipe() {
    if (r >= 0) close(r);
    if (w >= 0) close(w);
  }
};

}  // namespace uring_wait_test

#endif  // URING_TESTS_RING_WAIT_COMMON_H
