/* Fuzzer: sequences of requests (NOP, reads and writes on a mock file, timeouts on the
 * virtual clock, polls on mock files made ready by the input, cancels), submits, waits and
 * reaps against the mock kernel ring, with faults injected and counters started near 2^32
 * (sqe_sequence.h has the language and the invariants checked).
 *
 * Input: [size][setup flags][cq size][start][backlog] then actions. Ring memory is
 * allocated at exactly the size the mock asks for, so ASan sees any access past it. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/sqe_sequence.h"
#include "uring/mock/mock.h"
#include "uring/uring.h"
#include "fuzz/check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Mock file descriptors: any numbers do, the mock only matches them. */
static const struct seq_env env = {10, {11, 12}, NULL, NULL};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static struct uring_mock mock;
  static uint8_t file[SEQ_FILE_SIZE];
  struct seq_input in = {data, size};
  struct seq_setup s;
  struct uring ring;
  unsigned backlog;
  uint8_t start;
  size_t need;
  void *mem;
  int ret;

  seq_decode_setup(&in, &s, NULL);
  start = seq_u8(&in);
  /* Small backlogs run out, and losing completions is part of what is checked. */
  backlog = seq_u8(&in);
  backlog = (backlog & 0x80) ? (backlog & 7u) : 64u + backlog;
  need = uring_mock_mem_size(s.entries, &s.p, backlog);
  if (!need) {
    /* Sizes the mock refuses: setup must say -EINVAL, with any memory. */
    static unsigned char small[4096] __attribute__((aligned(4096)));
    uring_mock_init(&mock, small, sizeof small);
    ret = uring_mock_ring_init(&ring, &mock, s.entries, &s.p);
    CHECK(!(ret != -URING_EINVAL));
    return 0;
  }
  /* aligned_alloc wants a multiple of the alignment; the tail beyond `need` is never the
   * mock's, and ASan still catches anything past the allocation. */
  mem = aligned_alloc(4096, (need + 4095) & ~(size_t)4095);
  if (!mem) return 0;
  uring_mock_init(&mock, mem, need);
  /* uring_mock_init forgot the files; the file holds the pattern the read checks expect. */
  for (unsigned i = 0; i < SEQ_FILE_SIZE; i++) file[i] = seq_pattern(i);
  if (uring_mock_add_file(&mock, env.file_fd, file, SEQ_FILE_SIZE, SEQ_FILE_SIZE) != 0 ||
      uring_mock_add_file(&mock, env.poll_fd[0], NULL, 0, 0) != 0 ||
      uring_mock_add_file(&mock, env.poll_fd[1], NULL, 0, 0) != 0)
    __builtin_trap();
  if (start & 1) {
    /* Counters a few steps short of wrapping. */
    uring_mock_set_start(&mock, 0u - 1u - ((start >> 1) & 7u), 0u - 1u - ((start >> 4) & 15u));
  }
  ret = uring_mock_ring_init(&ring, &mock, s.entries, &s.p);
  CHECK(!(ret < 0)); /* the size was accepted above */
  seq_run(&ring, &mock, &env, NULL, 1, &in);
  uring_exit(&ring);
  CHECK(!(!uring_mock_quiescent(&mock)));
  free(mem);
  return 0;
}
