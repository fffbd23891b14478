/* uring's version: the one place it is written. The pkg-config file, the README and the
 * CHANGELOG take it from here (tests/version_test.sh checks that they agree).
 *
 * The macros are the version of the headers a program was compiled with; uring_version()
 * is that of the library it runs with. Until 1.0, a minor release may change the API. */
#ifndef URING_VERSION_H
#define URING_VERSION_H

#ifdef __cplusplus
extern "C" {
#endif

#define URING_VERSION_MAJOR 0
#define URING_VERSION_MINOR 1
#define URING_VERSION_PATCH 0

/* One number that orders versions: major * 10000 + minor * 100 + patch (0.1.0 is 100). */
#define URING_VERSION \
  (URING_VERSION_MAJOR * 10000 + URING_VERSION_MINOR * 100 + URING_VERSION_PATCH)

/* The library's URING_VERSION, as built: compare with the macro to see whether a program
 * runs with the library it was compiled against. */
int uring_version(void);

/* The library's URING_VERSION_MAJOR and URING_VERSION_MINOR, as built (liburing's
 * io_uring_major_version and io_uring_minor_version). */
int uring_major_version(void);
int uring_minor_version(void);

/* liburing's io_uring_check_version, with its sense: nonzero when the library a program
 * runs with is OLDER than major.minor (it lacks what that release added), 0 when it is
 * that release or newer. So `if (uring_check_version(0, 2))` guards a fallback for
 * libraries before 0.2. The patch level is not compared. Returns 1 or 0 (liburing's bool:
 * the same truth value). */
int uring_check_version(int major, int minor);

/* The same test at compile time, on the headers (liburing's IO_URING_CHECK_VERSION):
 * nonzero when they are older than major.minor. Usable in #if. */
#define URING_CHECK_VERSION(major, minor) \
  ((major) > URING_VERSION_MAJOR ||       \
   ((major) == URING_VERSION_MAJOR && (minor) > URING_VERSION_MINOR))

#ifdef __cplusplus
}
#endif

#endif /* URING_VERSION_H */
