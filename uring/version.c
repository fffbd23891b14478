/* The library's version, as compiled (version.h). */
#include "uring/version.h"

int uring_version(void) { return URING_VERSION; }

int uring_major_version(void) { return URING_VERSION_MAJOR; }

int uring_minor_version(void) { return URING_VERSION_MINOR; }

int uring_check_version(int major, int minor) {
  /* What the library was built as, not what the caller's headers say. */
  return URING_CHECK_VERSION(major, minor) ? 1 : 0;
}
