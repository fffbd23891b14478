/* Fuzzer: the sqe_sequence action language (sqe_sequence.h) against the real kernel, on a
 * ring created disabled (URING_SETUP_R_DISABLED, 5.10), restricted with
 * URING_REGISTER_RESTRICTIONS to the operations safe to fuzz (NOP, READ, WRITE, READV,
 * WRITEV, FSYNC, TIMEOUT, TIMEOUT_REMOVE, POLL_ADD, POLL_REMOVE, ASYNC_CANCEL) and a few
 * SQE flags (links, drain, async, skip-success), then enabled. Anything else the fuzzer
 * asks for completes with -EACCES. The only fds an SQE ever names are the fuzzer's own: a
 * memfd of SEQ_FILE_SIZE bytes, an eventfd and a pipe's read end, created once per
 * process. Returns at once where io_uring is unavailable. On older kernels the fuzzer asks
 * for nothing the kernel lacks (seq_kernel_caps: setup flags, CQE_SKIP_SUCCESS, multishot
 * polls and timeouts, cancel match flags, NOP flags), so the model's checks stay exact
 * for what runs there; the kernel matrix replays the corpus on 5.10, 6.1 and 6.12.
 *
 * Input: [size][setup flags][cq size] then actions. */
#define _GNU_SOURCE

#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz/sqe_sequence.h"
#include "uring/uring.h"
#include "fuzz/check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int pipe_fds[2] = {-1, -1};
static int event_fd = -1;

/* poll_fd[0] is the eventfd, poll_fd[1] the pipe's read end; both nonblocking, so making
 * them ready or draining them never blocks. */
static void ready(unsigned i, int on) {
  uint64_t v = 1;
  unsigned char junk[512];
  if (i == 0) {
    if (on) (void)!write(event_fd, &v, sizeof v);
    else (void)!read(event_fd, &v, sizeof v);
    return;
  }
  if (on) {
    (void)!write(pipe_fds[1], "x", 1);
    return;
  }
  while (read(pipe_fds[0], junk, sizeof junk) > 0) {
  }
}

static struct seq_env env = {-1, {-1, -1}, ready, NULL};

static int open_fds(void) {
  unsigned char pat[SEQ_FILE_SIZE];
  if (env.file_fd >= 0) return 0;
  env.file_fd = memfd_create("sqe_sequence", MFD_CLOEXEC);
  event_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (env.file_fd < 0 || event_fd < 0 || pipe2(pipe_fds, O_NONBLOCK | O_CLOEXEC) < 0) return -1;
  for (unsigned i = 0; i < SEQ_FILE_SIZE; i++) pat[i] = seq_pattern(i);
  if (pwrite(env.file_fd, pat, sizeof pat, 0) != (ssize_t)sizeof pat) return -1;
  env.poll_fd[0] = event_fd;
  env.poll_fd[1] = pipe_fds[0];
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const uint8_t ops[] = {URING_OP_NOP,          URING_OP_READ,     URING_OP_WRITE,
                                URING_OP_READV,        URING_OP_WRITEV,   URING_OP_FSYNC,
                                URING_OP_TIMEOUT,      URING_OP_TIMEOUT_REMOVE,
                                URING_OP_POLL_ADD,     URING_OP_POLL_REMOVE,
                                URING_OP_ASYNC_CANCEL};
  struct seq_input in = {data, size};
  const struct seq_caps *caps;
  struct seq_setup s;
  struct uring ring;
  struct uring_restriction res[sizeof ops + 1];
  unsigned nres = 0;
  int ret;

  CHECK(!(open_fds() < 0));
  caps = seq_kernel_caps();
  seq_decode_setup(&in, &s, caps);
  s.p.flags |= URING_SETUP_R_DISABLED;
  ret = uring_init_params(&ring, s.entries, &s.p);
  if (ret == -URING_ENOSYS || ret == -URING_EPERM || ret == -URING_ENOMEM) return 0;
  if (ret == -URING_EINVAL) {
    /* Only a CQ smaller than the SQ is refused here: the other flags are those the kernel
     * took in seq_kernel_caps. */
    CHECK(!(!(s.p.flags & URING_SETUP_CQSIZE)));
    return 0;
  }
  CHECK(!(ret < 0));

  memset(res, 0, sizeof res);
  for (unsigned i = 0; i < sizeof ops; i++) {
    res[nres].opcode = URING_RESTRICTION_SQE_OP;
    res[nres++].sqe_op = ops[i];
  }
  res[nres].opcode = URING_RESTRICTION_SQE_FLAGS_ALLOWED;
  res[nres++].sqe_flags = URING_SQE_ASYNC | URING_SQE_CQE_SKIP_SUCCESS | URING_SQE_IO_LINK |
                          URING_SQE_IO_HARDLINK | URING_SQE_IO_DRAIN;
  CHECK(!(uring_register_restrictions(&ring, res, nres) < 0));
  CHECK(!(uring_enable_rings(&ring) < 0));

  /* Readiness left by the input before must not leak into this one; nor the position
   * reads at the file position start from. */
  ready(0, 0);
  ready(1, 0);
  (void)lseek(env.file_fd, 0, SEEK_SET);
  seq_run(&ring, NULL, &env, caps, 0, &in);
  uring_exit(&ring);
  return 0;
}
