/* A program written for liburing, built against an installed uring's compatibility layer
 * with only its include and link line changed (pkg-config curing-compat): a NOP and a
 * probe. Prints "nop 0 probe 1 version 2.15". */
#include <uring/compat/liburing.h>

#include <stdio.h>

int main(void) {
  struct io_uring ring;
  struct io_uring_cqe *cqe;
  struct io_uring_probe *probe;
  int ret = io_uring_queue_init(2, &ring, 0);
  if (ret < 0) {
    printf("io_uring_queue_init %d\n", ret);
    return 1;
  }
  io_uring_prep_nop(io_uring_get_sqe(&ring));
  if (io_uring_submit_and_wait(&ring, 1) != 1 || io_uring_peek_cqe(&ring, &cqe) != 0) return 1;
  probe = io_uring_get_probe_ring(&ring);
  if (!probe) return 1;
  printf("nop %d probe %d version %d.%d\n", cqe->res,
         io_uring_opcode_supported(probe, IORING_OP_NOP), io_uring_major_version(),
         io_uring_minor_version());
  io_uring_free_probe(probe);
  io_uring_cqe_seen(&ring, cqe);
  io_uring_queue_exit(&ring);
  return 0;
}
