/* What the benchmark programs share: a fatal error, a clock, and the statistics of their
 * interleaved trials. Each program keeps its own loops: those are what it measures. */
#ifndef URING_BENCH_COMMON_H
#define URING_BENCH_COMMON_H

#include <time.h>

/* Prints "PROGRAM: message" on stderr and exits with status 1. */
__attribute__((noreturn, format(printf, 1, 2))) void bench_die(const char *fmt, ...);

/* The clock `id` (CLOCK_MONOTONIC, CLOCK_THREAD_CPUTIME_ID, ...) in seconds. */
double bench_clock_sec(clockid_t id);

/* The median of v[0..n), 1 <= n <= BENCH_MAX_SAMPLES; v is left as it was. */
#define BENCH_MAX_SAMPLES 64
double bench_median(const double *v, int n);

/* The smallest and largest of v[0..n), n >= 1. */
void bench_range(const double *v, int n, double *lo, double *hi);

#endif /* URING_BENCH_COMMON_H */
