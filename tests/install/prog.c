/* Built against an installed uring (PREFIX from tools/install): a NOP through the ring,
 * and the library's version beside the header's. Prints "nop 0 version 100 100". */
#include <uring/uring.h>

#include <stdio.h>

int main(void) {
  struct uring ring;
  struct uring_cqe *cqe;
  int ret = uring_init(&ring, 2, 0);
  if (ret < 0) {
    printf("uring_init %d\n", ret);
    return 1;
  }
  uring_prep_nop(uring_get_sqe(&ring));
  ret = uring_submit_and_wait(&ring, 1);
  if (ret != 1 || uring_peek_cqe(&ring, &cqe) != 0) return 1;
  printf("nop %d version %d %d\n", cqe->res, uring_version(), URING_VERSION);
  uring_cqe_seen(&ring, cqe);
  uring_exit(&ring);
  return 0;
}
