/* Conversions in the public headers' inline code, spelled so that both languages that
 * include the headers compile them cleanly.
 *
 * A C program sees plain casts. A C++ program sees the named cast each conversion is, so
 * that the headers pass clang++ and g++ with -Wold-style-cast and
 * -Wzero-as-null-pointer-constant: a program built with those warnings (and -Werror) can
 * include any uring header. The C expansions are the casts the headers always had, so the
 * library's C code compiles to the same instructions.
 *
 *   URING_CAST(T, v)      a value conversion: one integer type to another, void * to an
 *                         object pointer (static_cast in C++)
 *   URING_PTR_CAST(T, v)  between a pointer and an integer, or between pointers to
 *                         different object types (reinterpret_cast in C++); never casts
 *                         away const (the C build's -Wcast-qual holds to that)
 *   URING_PTR_TO_U64(p)   a pointer as the 64-bit address field of an SQE
 *   URING_NULL            the null pointer constant (nullptr in C++)
 */
#ifndef URING_SYS_CAST_H
#define URING_SYS_CAST_H

#ifdef __cplusplus
#define URING_CAST(T, v) (static_cast<T>(v))
#define URING_PTR_CAST(T, v) (reinterpret_cast<T>(v))
#define URING_NULL nullptr
#else
#define URING_CAST(T, v) ((T)(v))
#define URING_PTR_CAST(T, v) ((T)(v))
#define URING_NULL ((void *)0)
#endif

#define URING_PTR_TO_U64(p) URING_CAST(uint64_t, URING_PTR_CAST(uintptr_t, (p)))

#endif /* URING_SYS_CAST_H */
