/* Prints the library's uring_version() for tests/version_test.sh. */
#include <stdio.h>

#include "uring/version.h"

int main(void) {
  printf("%d\n", uring_version());
  return 0;
}
