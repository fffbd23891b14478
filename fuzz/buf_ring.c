/* Fuzzer: the provided-buffer ring helpers (uring/ring/buf_ring.h).
 *
 * Input: [entries: 4 bytes][cqe flags: 4 bytes][mode][bgid: 2 bytes] then actions.
 *
 * Arithmetic, with no kernel: uring_buf_ring_mem_size against the kernel's rules (a power
 * of two in 1..32768, 16 bytes an entry, whole 4 KiB pages; 0 otherwise) and
 * uring_cqe_buffer_id / uring_cqe_buffer_more against the CQE flag layout.
 *
 * Then one buffer ring of 1, 2, 8 or 16 entries, registered with the real kernel in
 * library-mapped memory (6.4; group ids up to 2047, larger ones must be refused) or caller
 * memory (5.19), with every slot filled first. Actions, each a
 * byte and its arguments:
 *   add      uring_buf_ring_add of a buffer with a fuzzed id, length and slot offset;
 *   advance  uring_buf_ring_advance by 0..255, past what was added and past a whole ring
 *            too (the 16-bit tail wraps; the kernel reads slots round again, and every slot
 *            always holds a buffer);
 *   read     a few bytes into a pipe, then a READ with URING_SQE_BUFFER_SELECT on it: the
 *            kernel takes the buffer at its head, or fails with -ENOBUFS when the ring is
 *            empty; the CQE's buffer id, the byte count and the bytes in that buffer must be
 *            what a model of the ring (slot contents, tail, kernel head) says;
 *   return   after a read, the buffer goes back with uring_buf_ring_add and
 *            uring_buf_ring_cq_advance frees the CQE with it;
 *   status   uring_buf_ring_available against the model's tail minus head (6.8).
 * In caller memory (one page, as uring_buf_ring_mem_size asks for) the bytes past the
 * ring's entries must never change; every slot write is checked not to touch the tail,
 * which shares slot 0. Returns at once where io_uring or provided-buffer rings are unavailable.
 */
#define _GNU_SOURCE

#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz/input.h"
#include "uring/uring.h"
#include "fuzz/check.h"


#define MAX_ENTRIES 16u
#define BUF_SIZE 64u
#define GUARD 0xa5

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_arithmetic(uint32_t entries, uint32_t cqe_flags) {
  size_t want = 0;
  struct uring_cqe cqe;
  if (entries && entries <= 32768u && !(entries & (entries - 1)))
    want = ((size_t)entries * 16u + 4095u) / 4096u * 4096u;
  CHECK(uring_buf_ring_mem_size(entries) == want);
  CHECK(uring_buf_ring_mask(entries) == (int)(entries - 1));

  memset(&cqe, 0, sizeof cqe);
  cqe.flags = cqe_flags;
  if (cqe_flags & URING_CQE_F_BUFFER)
    CHECK(uring_cqe_buffer_id(&cqe) == (int)(cqe_flags >> 16));
  else
    CHECK(uring_cqe_buffer_id(&cqe) == -URING_ENOENT);
  CHECK(uring_cqe_buffer_more(&cqe) == ((cqe_flags & URING_CQE_F_BUF_MORE) != 0));
}

/* What the ring should hold: each slot's buffer id and length, the tail this side
 * published, the kernel's head. */
struct model {
  uint16_t bid[MAX_ENTRIES];
  uint32_t len[MAX_ENTRIES];
  uint16_t tail;
  uint16_t head;
  unsigned mask;
};

static unsigned char bufs[MAX_ENTRIES][BUF_SIZE];
static int pipe_fds[2] = {-1, -1};

/* Every slot, and the tail, as the model says. */
static void check_ring(const struct uring_buf_ring *br, const struct model *m) {
  const struct uring_buf *slots = (const struct uring_buf *)(const void *)br;
  for (unsigned i = 0; i <= m->mask; i++) {
    CHECK(slots[i].addr == (uint64_t)(uintptr_t)bufs[m->bid[i]]);
    CHECK(slots[i].len == m->len[i]);
    CHECK(slots[i].bid == m->bid[i]);
  }
  CHECK(__atomic_load_n(&br->tail, __ATOMIC_ACQUIRE) == m->tail);
}

static void add(struct uring_buf_ring *br, struct model *m, uint16_t bid, uint32_t len,
                int offset) {
  unsigned slot = (uint16_t)(m->tail + offset) & m->mask;
  uring_buf_ring_add(br, bufs[bid], len, bid, (int)m->mask, offset);
  m->bid[slot] = bid;
  m->len[slot] = len;
}

/* Returns 0, or -1 when the ring cannot go on (a system call failed for want of
 * resources). */
static int do_read(struct uring *ring, struct uring_buf_ring *br, struct model *m,
                   uint16_t bgid, unsigned count, int give_back) {
  unsigned char bytes[BUF_SIZE];
  struct uring_sqe *sqe;
  struct uring_cqe *cqe = NULL;
  unsigned slot = m->head & m->mask;
  int empty = m->tail == m->head;
  int ret;

  for (unsigned i = 0; i < count; i++) bytes[i] = (unsigned char)(m->head * 7u + i * 13u + 1u);
  if (write(pipe_fds[1], bytes, count) != (ssize_t)count) return -1;
  sqe = uring_get_sqe(ring);
  CHECK(sqe != NULL);
  uring_prep_read(sqe, pipe_fds[0], NULL, BUF_SIZE, 0);
  uring_sqe_set_flags(sqe, URING_SQE_BUFFER_SELECT);
  sqe->buf_group = bgid;
  uring_sqe_set_data64(sqe, 0x5eed);
  ret = uring_submit_and_wait(ring, 1);
  if (ret == -URING_EAGAIN || ret == -URING_ENOMEM) return -1;
  CHECK(ret == 1);
  CHECK(uring_peek_cqe(ring, &cqe) == 0);
  CHECK(cqe->user_data == 0x5eed);
  if (empty) {
    CHECK(cqe->res == -URING_ENOBUFS);
    CHECK(uring_cqe_buffer_id(cqe) == -URING_ENOENT);
    uring_cqe_seen(ring, cqe);
  } else {
    uint32_t want = count < m->len[slot] ? count : m->len[slot];
    uint16_t bid = m->bid[slot];
    CHECK(cqe->res == (int32_t)want);
    CHECK(uring_cqe_buffer_id(cqe) == (int)bid);
    CHECK(memcmp(bufs[bid], bytes, want) == 0);
    m->head++;
    if (give_back) {
      add(br, m, bid, BUF_SIZE, 0);
      uring_buf_ring_cq_advance(ring, br, 1);
      m->tail++;
    } else {
      uring_cqe_seen(ring, cqe);
    }
  }
  /* Whatever the read left in the pipe goes, so the next read starts clean. */
  while (read(pipe_fds[0], bytes, sizeof bytes) > 0) {
  }
  CHECK(uring_cq_ready(ring) == 0);
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static void *caller_mem;
  struct seq_input in = {data, size};
  struct uring_pbuf_ring pbr;
  struct uring ring;
  struct model m;
  int in_caller_mem;
  uint32_t entries;
  uint8_t mode;
  uint16_t bgid;
  int ret;

  entries = seq_u32(&in);
  check_arithmetic(entries, seq_u32(&in));
  mode = seq_u8(&in);
  bgid = seq_u16(&in);

  if (pipe_fds[0] < 0 && pipe2(pipe_fds, O_NONBLOCK | O_CLOEXEC) < 0) return 0;
  if (!caller_mem && posix_memalign(&caller_mem, 4096, 4096) != 0) return 0;
  ret = uring_init(&ring, 4, 0);
  if (ret < 0) return 0; /* io_uring unavailable here */

  {
    static const uint32_t sizes[4] = {1, 2, 8, MAX_ENTRIES};
    entries = sizes[mode & 3u];
  }
  in_caller_mem = !(mode & 4);
  if (in_caller_mem) {
    /* Past the ring's entries the page must stay as it was. */
    memset(caller_mem, GUARD, 4096);
    ret = uring_buf_ring_setup_mem(&ring, &pbr, caller_mem, 4096, entries, bgid, 0);
  } else {
    ret = uring_buf_ring_setup(&ring, &pbr, entries, bgid, 0);
  }
  if (!in_caller_mem && bgid > 2047) {
    /* The kernel's mmap offset carries 11 bits of group id (buf_ring.h). */
    CHECK(ret == -URING_EINVAL);
    uring_exit(&ring);
    return 0;
  }
  if (ret == -URING_EINVAL || ret == -URING_ENOSYS || ret == -URING_EOPNOTSUPP) {
    uring_exit(&ring); /* a kernel without provided-buffer rings (or the mapped kind) */
    return 0;
  }
  CHECK(ret == 0);
  CHECK(pbr.entries == entries && pbr.bgid == bgid);

  memset(&m, 0, sizeof m);
  m.mask = entries - 1;
  for (unsigned i = 0; i < entries; i++) add(pbr.br, &m, (uint16_t)i, BUF_SIZE, (int)i);
  check_ring(pbr.br, &m);

  while (in.n) {
    uint8_t op = seq_u8(&in), a = seq_u8(&in), b = seq_u8(&in);
    switch (op % 5) {
      case 0:
        /* The offset may be negative or past the ring: the slot index wraps. */
        add(pbr.br, &m, (uint16_t)(a % entries), 1u + b % BUF_SIZE, (int)(int8_t)seq_u8(&in));
        break;
      case 1: {
        /* Up to 255: past what was added, and past a whole ring (the kernel then reads
         * slots round again); the 16-bit tail wraps within a few hundred steps. */
        unsigned count = a;
        uring_buf_ring_advance(pbr.br, (int)count);
        m.tail = (uint16_t)(m.tail + count);
        break;
      }
      case 2:
      case 3:
        if (do_read(&ring, pbr.br, &m, bgid, 1u + a % BUF_SIZE, op % 5 == 3) < 0) goto out;
        break;
      default:
        ret = uring_buf_ring_available(&ring, &pbr);
        if (ret != -URING_EINVAL) CHECK(ret == (uint16_t)(m.tail - m.head));
        break;
    }
    check_ring(pbr.br, &m);
  }
out:
  if (in_caller_mem) {
    const unsigned char *page = (const unsigned char *)caller_mem;
    for (size_t i = (size_t)entries * 16u; i < 4096; i++) CHECK(page[i] == GUARD);
  }
  CHECK(uring_buf_ring_teardown(&ring, &pbr) == 0);
  uring_exit(&ring);
  return 0;
}
