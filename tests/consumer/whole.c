/* A consumer of @uring//uring: writes a file, reads it back through the ring with a NOP
 * linked before the READ, and checks both CQEs. Exit status 0, 2 when io_uring is
 * unavailable here (the kernel refused the ring), 1 on any other failure. */
#include <uring/uring.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
  static const char text[] = "read through @uring//uring\n";
  char buf[sizeof text] = {0};
  const char *path = argc > 1 ? argv[1] : "whole.txt";
  struct uring ring;
  struct uring_sqe *sqe;
  struct uring_cqe *cqe;
  int fd, ret, seen = 0;

  fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
  if (fd < 0 || write(fd, text, sizeof text) != (ssize_t)sizeof text) return 1;
  ret = uring_init(&ring, 4, 0);
  if (ret < 0) {
    fprintf(stderr, "uring_init: %s\n", strerror(-ret));
    return ret == -EPERM || ret == -ENOSYS ? 2 : 1;
  }
  sqe = uring_get_sqe(&ring);
  uring_prep_nop(sqe);
  sqe->flags |= URING_SQE_IO_LINK;
  uring_sqe_set_data64(sqe, 1);
  sqe = uring_get_sqe(&ring);
  uring_prep_read(sqe, fd, buf, sizeof buf, 0);
  uring_sqe_set_data64(sqe, 2);
  ret = uring_submit_and_wait(&ring, 2);
  if (ret != 2) return 1;
  while (seen < 2 && uring_peek_cqe(&ring, &cqe) == 0) {
    if (cqe->user_data == 2 && (cqe->res != (int)sizeof text || memcmp(buf, text, sizeof text)))
      return 1;
    if (cqe->user_data == 1 && cqe->res != 0) return 1;
    uring_cqe_seen(&ring, cqe);
    seen++;
  }
  uring_exit(&ring);
  close(fd);
  unlink(path);
  printf("whole: %d CQEs, read %zu bytes\n", seen, sizeof text);
  return seen == 2 ? 0 : 1;
}
