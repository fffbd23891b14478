/* The library's version, as compiled (version.h). */
#include "uring/version.h"

int uring_version(void) { return URING_VERSION; }
