/* The fuzzers' invariant check. A failed check traps, which libFuzzer reports with the
 * input that caused it; first it names the check on stderr, so a corpus replay on a
 * machine without a debugger (the kernel matrix's guests) says which invariant broke. */
#ifndef URING_FUZZ_CHECK_H
#define URING_FUZZ_CHECK_H

#include <stdio.h>

#define CHECK(cond)                                                                   \
  do {                                                                                \
    if (!(cond)) {                                                                    \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);        \
      fflush(stderr);                                                                 \
      __builtin_trap();                                                               \
    }                                                                                 \
  } while (0)

#endif /* URING_FUZZ_CHECK_H */
