/* Fuzzer: a hostile kernel. A backend wraps the mock kernel ring and, driven by the input,
 *   - at setup, rewrites what the kernel returns in struct uring_params (sq_entries,
 *     cq_entries, any sq_off / cq_off offset) and the ring_mask / ring_entries words in
 *     ring memory, so that they agree with the lies or not;
 *   - between steps, overwrites the kernel-side ring words (SQ head, SQ flags, dropped,
 *     CQ tail, overflow, CQ flags, the mask and entries words) with arbitrary values.
 * The library must refuse what it cannot use (setup fails cleanly: nothing stays mapped or
 * open) and never read or write outside the ring memory, which is allocated at exactly the
 * mock's size so that ASan sees any stray access. No result is checked beyond that: a
 * hostile kernel may make completions appear or vanish, but not corrupt memory.
 *
 * Hangs are out of scope (a hostile kernel can always block in enter). A wait whose kernel
 * counts CQEs where the library does not look (a lied-about tail offset, a scribbled head)
 * returns 0 from every enter while the library still sees too few and enters again; after
 * HOSTILE_ENTERS in one step the backend answers -EINTR, as a signal would, to end it.
 *
 * Input: [size][setup flags][cq size][start][tamper mask] then setup tamper values, then
 * actions.
 *
 * The inline calls' preconditions (URING_ASAN_CHECKS) are off here: they check the caller
 * against the kernel's ring words (uring_cq_advance: not past the CQ tail), and this
 * kernel rewrites those words between a peek and its uring_cqe_seen at will. What this
 * fuzzer asks of the library is memory safety, which ASan checks regardless. */
#undef URING_ASAN_CHECKS
#define URING_ASAN_CHECKS 0
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/sqe_sequence.h"
#include "uring/mock/mock.h"
#include "uring/uring.h"
#include "fuzz/check.h"


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define HOSTILE_ENTERS 64u

struct hostile {
  struct uring_mock mock;
  struct seq_input *in;
  uint8_t tamper;
  unsigned enters; /* in the current step */
};

/* A fuzzed 32-bit value near a given one (most lies are small), or anything. */
static uint32_t lie(struct seq_input *in, uint32_t truth) {
  uint8_t how = seq_u8(in);
  switch (how & 3) {
    case 0: {
      /* A step of -128..127. Its own variable: gcc's -Wsign-conversion misreads the sum
       * with the cast inline. */
      int8_t step = (int8_t)seq_u8(in);
      uint32_t delta = (uint32_t)step;
      return truth + delta;
    }
    case 1:
      return truth * 2u;
    case 2:
      return truth ^ (1u << (seq_u8(in) & 31));
    default:
      return seq_u32(in);
  }
}

static uint32_t *sq_off_field(struct uring_params *p, unsigned i) {
  uint32_t *f[7] = {&p->sq_off.head,  &p->sq_off.tail,    &p->sq_off.ring_mask, &p->sq_off.ring_entries,
                    &p->sq_off.flags, &p->sq_off.dropped, &p->sq_off.array};
  return f[i % 7];
}

static uint32_t *cq_off_field(struct uring_params *p, unsigned i) {
  uint32_t *f[7] = {&p->cq_off.head,     &p->cq_off.tail, &p->cq_off.ring_mask, &p->cq_off.ring_entries,
                    &p->cq_off.overflow, &p->cq_off.cqes, &p->cq_off.flags};
  return f[i % 7];
}

/* The mask and entries words the mock laid out (fixed offsets the params name). */
static uint32_t *ring_word(struct hostile *h, uint32_t off) {
  if ((size_t)off + 4 > h->mock.rings_size || (off & 3)) return NULL;
  return (uint32_t *)(void *)(h->mock.mem + off);
}

static int h_setup(void *ctx, unsigned entries, struct uring_params *p) {
  struct hostile *h = (struct hostile *)ctx;
  struct seq_input *in = h->in;
  uint32_t sq_mask_off, sq_ent_off, cq_mask_off, cq_ent_off;
  int fd = uring_mock_backend()->setup(&h->mock, entries, p);
  if (fd < 0) return fd;
  sq_mask_off = p->sq_off.ring_mask;
  sq_ent_off = p->sq_off.ring_entries;
  cq_mask_off = p->cq_off.ring_mask;
  cq_ent_off = p->cq_off.ring_entries;
  if (h->tamper & 0x01) p->sq_entries = lie(in, p->sq_entries);
  if (h->tamper & 0x02) p->cq_entries = lie(in, p->cq_entries);
  if (h->tamper & 0x04) {
    uint32_t *f = sq_off_field(p, seq_u8(in));
    *f = lie(in, *f);
  }
  if (h->tamper & 0x08) {
    uint32_t *f = cq_off_field(p, seq_u8(in));
    *f = lie(in, *f);
  }
  if (h->tamper & 0x10) {
    /* Make the ring words agree with the lies about the sizes. */
    uint32_t *w;
    if ((w = ring_word(h, sq_ent_off))) *w = p->sq_entries;
    if ((w = ring_word(h, sq_mask_off))) *w = p->sq_entries - 1u;
    if ((w = ring_word(h, cq_ent_off))) *w = p->cq_entries;
    if ((w = ring_word(h, cq_mask_off))) *w = p->cq_entries - 1u;
  }
  if (h->tamper & 0x20) {
    /* Counters that disagree from the start. */
    *h->mock.sq_khead = lie(in, *h->mock.sq_khead);
    *h->mock.cq_ktail = lie(in, *h->mock.cq_ktail);
  }
  return fd;
}

static int h_enter(void *ctx, int fd, unsigned to_submit, unsigned min_complete, unsigned flags,
                   const void *arg, size_t argsz) {
  struct hostile *h = (struct hostile *)ctx;
  if (++h->enters > HOSTILE_ENTERS) return -URING_EINTR;
  return uring_mock_backend()->enter(&h->mock, fd, to_submit, min_complete, flags, arg, argsz);
}
static int h_reg(void *ctx, int fd, unsigned opcode, const void *arg, unsigned nr_args) {
  return uring_mock_backend()->reg(&((struct hostile *)ctx)->mock, fd, opcode, arg, nr_args);
}
static int h_map(void *ctx, int fd, uint64_t offset, size_t len, void **out) {
  return uring_mock_backend()->map(&((struct hostile *)ctx)->mock, fd, offset, len, out);
}
static int h_unmap(void *ctx, void *addr, size_t len) {
  return uring_mock_backend()->unmap(&((struct hostile *)ctx)->mock, addr, len);
}
static int h_close(void *ctx, int fd) {
  return uring_mock_backend()->close(&((struct hostile *)ctx)->mock, fd);
}

static const struct uring_backend hostile_backend = {h_setup, h_enter, h_reg, h_map, h_unmap, h_close, NULL};

/* Overwrites one kernel-side word of the live ring. */
static void scribble(struct hostile *h, struct seq_input *in) {
  struct uring_mock *m = &h->mock;
  uint8_t which = seq_u8(in);
  uint32_t *w;
  switch (which % 8) {
    case 0: w = m->sq_khead; break;
    case 1: w = m->sq_kflags; break;
    case 2: w = m->sq_kdropped; break;
    case 3: w = m->cq_ktail; break;
    case 4: w = m->cq_koverflow; break;
    case 5: w = ring_word(h, 0x100u + 4u * (which >> 3)); break; /* the masks and entries */
    case 6: w = m->cq_khead; break; /* the library's own word, changed behind its back */
    default: w = m->sq_array ? &m->sq_array[(which >> 3) & (m->sq_entries - 1u)] : NULL; break;
  }
  if (w) *w = lie(in, *w);
}

static volatile uint64_t sink;

static void use_cqe(const struct uring *ring, const struct uring_cqe *cqe) {
  sink ^= cqe->user_data ^ (uint64_t)(uint32_t)cqe->res;
  if (ring->flags & URING_SETUP_CQE32) sink ^= uring_cqe_big((struct uring_cqe *)(uintptr_t)cqe)[1];
}

static void step(struct uring *ring, struct hostile *h, struct seq_input *in) {
  uint8_t op = seq_u8(in), arg = seq_u8(in);
  struct uring_cqe *cqe = NULL;
  h->enters = 0;
  switch (op % 10) {
    case 0:
    case 1: {
      struct uring_sqe *sqe = uring_get_sqe(ring);
      if (sqe) {
        uring_prep_nop(sqe);
        sqe->user_data = arg;
        if (arg & 0x80) sqe->flags = URING_SQE_CQE_SKIP_SUCCESS;
      }
      break;
    }
    case 2:
      (void)uring_submit(ring);
      break;
    case 3:
      (void)uring_submit_and_wait(ring, arg & 7u);
      break;
    case 4:
      if (uring_peek_cqe(ring, &cqe) == 0) {
        use_cqe(ring, cqe);
        uring_cqe_seen(ring, cqe);
      }
      break;
    case 5: {
      struct uring_cqe32 out[16];
      unsigned n = (ring->flags & URING_SETUP_CQE32)
                       ? uring_copy_cqes32(ring, out, 1u + (arg & 15u))
                       : uring_copy_cqes(ring, (struct uring_cqe *)(void *)out, 1u + (arg & 15u));
      CHECK(n <= 1u + (arg & 15u));
      break;
    }
    case 6: {
      /* Bounded: a hostile tail can claim 2^32 CQEs. */
      unsigned limit = 1u + (arg & 15u), k = 0;
      struct uring_cq_iter it;
      uring_for_each_cqe(ring, it, cqe) {
        use_cqe(ring, cqe);
        if (++k >= limit) break;
      }
      (void)uring_cq_iter_end(ring, &it);
      break;
    }
    case 7: {
      struct uring_cqe *cqes[16];
      unsigned n = uring_peek_batch_cqe(ring, cqes, 1u + (arg & 15u));
      CHECK(n <= 1u + (arg & 15u));
      for (unsigned i = 0; i < n; i++) use_cqe(ring, cqes[i]);
      uring_cq_advance(ring, n);
      break;
    }
    case 8:
      if (uring_wait_cqe_nr(ring, &cqe, 1u + (arg & 3u)) == 0 && cqe) {
        use_cqe(ring, cqe);
        uring_cqe_seen(ring, cqe);
      }
      break;
    default:
      (void)uring_mock_post_cqe(&h->mock, arg, -(int32_t)arg, 0, arg, arg);
      break;
  }
  sink ^= uring_sq_ready(ring) ^ uring_cq_ready(ring) ^ (unsigned)uring_cq_pending(ring) ^
          uring_sq_space_left(ring);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static struct hostile h;
  struct seq_input in = {data, size};
  struct seq_setup s;
  struct uring ring;
  uint8_t start;
  size_t need;
  void *mem;
  int ret;

  seq_decode_setup(&in, &s, NULL);
  start = seq_u8(&in);
  need = uring_mock_mem_size(s.entries, &s.p, 16);
  if (!need) return 0;
  mem = aligned_alloc(4096, (need + 4095) & ~(size_t)4095);
  if (!mem) return 0;
  uring_mock_init(&h.mock, mem, need);
  if (start & 1) uring_mock_set_start(&h.mock, 0u - 1u - ((start >> 1) & 7u), 0u - 1u - ((start >> 4) & 15u));
  h.in = &in;
  h.tamper = seq_u8(&in);
  ret = uring_init_backend(&ring, s.entries, &s.p, &hostile_backend, &h);
  if (ret == 0) {
    unsigned steps = 0;
    while (in.n && steps++ < 4096) {
      if (seq_u8(&in) & 1) scribble(&h, &in);
      step(&ring, &h, &in);
    }
    uring_exit(&ring);
  } else {
    /* A refused setup leaves the ring inert. */
    CHECK(uring_get_sqe(&ring) == NULL);
  }
  /* Whatever the kernel said, everything mapped was unmapped and the fd closed. */
  CHECK(uring_mock_quiescent(&h.mock));
  free(mem);
  return 0;
}
