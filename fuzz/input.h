/* Fuzzer input read as little-endian integers, front to back; reads past the end give 0,
 * so every input, however short, is a complete program for the fuzzers that use it. */
#ifndef URING_FUZZ_INPUT_H
#define URING_FUZZ_INPUT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct seq_input {
  const uint8_t *p;
  size_t n;
};

static inline uint8_t seq_u8(struct seq_input *in) {
  if (!in->n) return 0;
  in->n--;
  return *in->p++;
}

static inline uint16_t seq_u16(struct seq_input *in) {
  uint16_t lo = seq_u8(in);
  return (uint16_t)(lo | (uint16_t)seq_u8(in) << 8);
}

static inline uint32_t seq_u32(struct seq_input *in) {
  uint32_t lo = seq_u16(in);
  return lo | (uint32_t)seq_u16(in) << 16;
}

#ifdef __cplusplus
}
#endif

#endif /* URING_FUZZ_INPUT_H */
