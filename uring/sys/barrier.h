/* Memory ordering between the library and the kernel side of the rings.
 *
 * The only ordering primitives the library uses; each is a thin, type-checked wrapper over
 * the compiler's __atomic builtins on a 32-bit ring word. Each call site says which
 * kernel-side access it pairs with.
 */
#ifndef URING_SYS_BARRIER_H
#define URING_SYS_BARRIER_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A word only this side writes, or one whose staleness is harmless. */
static inline uint32_t uring_read_once(const uint32_t *p) {
  return __atomic_load_n(p, __ATOMIC_RELAXED);
}

static inline void uring_write_once(uint32_t *p, uint32_t v) {
  __atomic_store_n(p, v, __ATOMIC_RELAXED);
}

/* Reads a word the other side published with a release store: what it wrote before the
 * store (CQEs before the CQ tail, SQE consumption before the SQ head) is visible after. */
static inline uint32_t uring_load_acquire(const uint32_t *p) {
  return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

/* Publishes a word: everything written before it (SQE contents before the SQ tail, CQE
 * reads before the CQ head) is visible to the side that loads it with acquire. */
static inline void uring_store_release(uint32_t *p, uint32_t v) {
  __atomic_store_n(p, v, __ATOMIC_RELEASE);
}

/* A full fence: orders an earlier store before a later load (store-load), which acquire
 * and release cannot. Needed under SQPOLL between publishing the SQ tail and reading
 * NEED_WAKEUP: the kernel thread sets NEED_WAKEUP, then fences, then re-reads the tail. */
static inline void uring_fence(void) { __atomic_thread_fence(__ATOMIC_SEQ_CST); }

#ifdef __cplusplus
}
#endif

#endif /* URING_SYS_BARRIER_H */
