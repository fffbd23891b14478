/* The README's quick-start: read a file through the ring.
 *
 *   tools/bazel run //tools/examples:quickstart -- /etc/hostname
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "uring/uring.h"

int main(int argc, char **argv) {
  const char *path = argc > 1 ? argv[1] : "/etc/hostname";
  char buf[4096];
  struct uring ring;
  struct uring_sqe *sqe;
  struct uring_cqe *cqe;
  int fd, ret;

  fd = open(path, O_RDONLY);
  if (fd < 0) {
    perror(path);
    return 1;
  }
  ret = uring_init(&ring, 8, 0); /* 0 or -errno */
  if (ret < 0) {
    fprintf(stderr, "uring_init: %s\n", strerror(-ret));
    return 1;
  }

  sqe = uring_get_sqe(&ring); /* NULL only when the SQ is full */
  uring_prep_read(sqe, fd, buf, sizeof buf, 0);
  uring_sqe_set_data64(sqe, 0x42);

  ret = uring_submit_and_wait(&ring, 1); /* SQEs submitted, or -errno */
  if (ret < 0) {
    fprintf(stderr, "uring_submit_and_wait: %s\n", strerror(-ret));
    return 1;
  }
  ret = uring_peek_cqe(&ring, &cqe); /* 0, or -EAGAIN when empty */
  if (ret < 0 || cqe->user_data != 0x42) {
    fprintf(stderr, "no completion for the read\n");
    return 1;
  }
  if (cqe->res < 0) {
    fprintf(stderr, "read: %s\n", strerror(-cqe->res));
    return 1;
  }
  fwrite(buf, 1, (size_t)cqe->res, stdout); /* cqe->res: bytes read */
  uring_cqe_seen(&ring, cqe);

  uring_exit(&ring);
  close(fd);
  return 0;
}
