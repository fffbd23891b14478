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

#ifdef __cplusplus
}
#endif

#endif /* URING_VERSION_H */
