/* A consumer of the fine-grained targets only (@uring//uring/ring:sq, :cq and
 * @uring//uring/opcode:rw): reads a file it wrote through the ring and reaps with the CQE
 * iterator. Exit status 0, 2 when io_uring is unavailable here, 1 on any other failure. */
#include <uring/opcode/rw.h>
#include <uring/ring/cq.h>
#include <uring/ring/sq.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
  static const char text[] = "read through :sq, :cq and :rw\n";
  char buf[sizeof text] = {0};
  const char *path = argc > 1 ? argv[1] : "fine.txt";
  struct uring ring;
  struct uring_sqe *sqe;
  struct uring_cqe *cqe;
  struct uring_cq_iter it;
  int fd, ret, n = 0, ok = 0;

  fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
  if (fd < 0 || write(fd, text, sizeof text) != (ssize_t)sizeof text) return 1;
  ret = uring_init(&ring, 2, 0);
  if (ret < 0) {
    fprintf(stderr, "uring_init: %s\n", strerror(-ret));
    return ret == -EPERM || ret == -ENOSYS ? 2 : 1;
  }
  sqe = uring_get_sqe(&ring);
  uring_prep_read(sqe, fd, buf, sizeof buf, 0);
  uring_sqe_set_data64(sqe, 7);
  if (uring_submit_and_wait(&ring, 1) != 1) return 1;
  do {
    uring_for_each_cqe(&ring, it, cqe) {
      n++;
      ok = cqe->user_data == 7 && cqe->res == (int)sizeof text && !memcmp(buf, text, sizeof text);
    }
  } while (uring_cq_iter_end(&ring, &it) > 0);
  uring_exit(&ring);
  close(fd);
  unlink(path);
  printf("fine: %d CQE, %s\n", n, ok ? "as written" : "WRONG");
  return n == 1 && ok ? 0 : 1;
}
