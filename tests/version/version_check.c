/* Prints what the library reports for tests/version_test.sh, one item a line:
 *   uring_version()
 *   uring_major_version() uring_minor_version()
 *   uring_check_version(M, m) for M.m = the library's own version, one minor older, one
 *   minor newer, one major newer, one major older (liburing's sense: 1 when the library is
 *   older than M.m)
 *   URING_CHECK_VERSION of the same five, evaluated by the preprocessor where it can be */
#include <stdio.h>

#include "uring/version.h"

int main(void) {
  int M = uring_major_version(), m = uring_minor_version();
  printf("%d\n", uring_version());
  printf("%d %d\n", M, m);
  printf("%d %d %d %d %d\n", uring_check_version(M, m), uring_check_version(M, m - 1),
         uring_check_version(M, m + 1), uring_check_version(M + 1, 0),
         uring_check_version(M - 1, 99));
  printf("%d %d %d %d %d\n", URING_CHECK_VERSION(URING_VERSION_MAJOR, URING_VERSION_MINOR),
         URING_CHECK_VERSION(URING_VERSION_MAJOR, URING_VERSION_MINOR - 1),
         URING_CHECK_VERSION(URING_VERSION_MAJOR, URING_VERSION_MINOR + 1),
         URING_CHECK_VERSION(URING_VERSION_MAJOR + 1, 0),
         URING_CHECK_VERSION(URING_VERSION_MAJOR - 1, 99));
#if URING_CHECK_VERSION(URING_VERSION_MAJOR, URING_VERSION_MINOR)
  printf("URING_CHECK_VERSION of the headers' own version is true in #if\n");
  return 1;
#else
  return 0;
#endif
}
