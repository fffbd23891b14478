/* The test controls of mock.h: fault injection, mock files, readiness, the virtual clock,
 * the pretend SQ thread, and what a test reads back. */
#include <stddef.h>
#include <stdint.h>

#include "uring/mock/internal.h"
#include "uring/mock/mock.h"
#include "uring/sys/abi.h"
#include "uring/sys/errcodes.h"

void uring_mock_set_start(struct uring_mock *m, uint32_t sq_start, uint32_t cq_start) {
  m->start_sq = sq_start;
  m->start_cq = cq_start;
}

void uring_mock_inject_nop_result(struct uring_mock *m, int32_t res, unsigned count) {
  m->inject_res = res;
  m->inject_count = count;
}

void uring_mock_fail_next_enter(struct uring_mock *m, int err) { m->fail_enter = err; }

int uring_mock_set_kernel(struct uring_mock *m, unsigned major, unsigned minor) {
  if (!major && !minor) {
    m->release_next = 0;
    return 0;
  }
  /* io_uring appeared in 5.1. */
  if (major < 5 || (major == 5 && minor < 1) || minor > 99 || major > 99) return -URING_EINVAL;
  m->release_next = REL(major, minor);
  return 0;
}

unsigned uring_mock_kernel(const struct uring_mock *m) { return m->release; }

int uring_mock_sqpoll_run(struct uring_mock *m) {
  if (!m->live || !(m->flags & URING_SETUP_SQPOLL)) return -URING_EINVAL;
  return uring_mock_priv_sqpoll_run(m);
}

int uring_mock_sqpoll_idle(struct uring_mock *m) {
  if (!m->live || !(m->flags & URING_SETUP_SQPOLL)) return -URING_EINVAL;
  uring_mock_priv_set_sq_flag(m, URING_SQ_NEED_WAKEUP, 1);
  return 0;
}

void uring_mock_sqpoll_idle_after_run(struct uring_mock *m, int on) {
  m->sqpoll_idle_after_run = on ? 1u : 0u;
}

void uring_mock_short_submit_next(struct uring_mock *m, unsigned max) {
  m->short_armed = 1;
  m->short_max = max;
}

int uring_mock_post_cqe(struct uring_mock *m, uint64_t user_data, int32_t res, uint32_t flags,
                        uint64_t big0, uint64_t big1) {
  int ret;
  if (!m->live) return -URING_EBADF;
  ret = uring_mock_priv_post(m, user_data, res, flags, big0, big1);
  uring_mock_priv_commit_cq(m);
  return ret;
}

unsigned uring_mock_backlog(const struct uring_mock *m) { return m->backlog_count; }

int uring_mock_fd(const struct uring_mock *m) { return m->fd; }

int uring_mock_quiescent(const struct uring_mock *m) {
  return !m->live && !m->fd_open && !uring_mock_priv_slots_used(m) && !uring_mock_priv_maps_live(m);
}

int uring_mock_add_file(struct uring_mock *m, int fd, void *data, uint64_t size,
                        uint64_t capacity) {
  if (fd < 0 || size > capacity || (capacity && !data)) return -URING_EINVAL;
  if (uring_mock_priv_find_file(m, fd)) return -URING_EEXIST;
  for (uint32_t i = 0; i < URING_MOCK_MAX_FILES; i++) {
    struct uring_mock_file *f = &m->files[i];
    if (f->used) continue;
    zero(f, sizeof *f);
    f->used = 1;
    f->fd = fd;
    f->data = (unsigned char *)data;
    f->size = size;
    f->capacity = capacity;
    return 0;
  }
  return -URING_ENOSPC;
}

int uring_mock_remove_file(struct uring_mock *m, int fd) {
  struct uring_mock_file *f = uring_mock_priv_find_file(m, fd);
  if (!f) return -URING_EBADF;
  zero(f, sizeof *f);
  return 0;
}

int64_t uring_mock_file_size(const struct uring_mock *m, int fd) {
  for (uint32_t i = 0; i < URING_MOCK_MAX_FILES; i++)
    if (m->files[i].used && m->files[i].fd == fd) return (int64_t)m->files[i].size;
  return -URING_EBADF;
}

int uring_mock_set_ready(struct uring_mock *m, int fd, uint32_t mask) {
  struct uring_mock_file *f = uring_mock_priv_find_file(m, fd);
  if (!f) return -URING_EBADF;
  f->ready = mask;
  if (!m->live) return 0;
  uring_mock_priv_wake_polls(m, fd, mask);
  uring_mock_priv_run_deferred(m);
  uring_mock_priv_commit_cq(m);
  return 0;
}

int uring_mock_advance_clock(struct uring_mock *m, uint64_t ns) {
  m->now_ns = ns > UINT64_MAX - m->now_ns ? UINT64_MAX : m->now_ns + ns;
  if (!m->live) return -URING_EBADF;
  uring_mock_priv_fire_timeouts(m);
  uring_mock_priv_run_deferred(m);
  uring_mock_priv_commit_cq(m);
  return 0;
}

uint64_t uring_mock_now(const struct uring_mock *m) { return m->now_ns; }

void uring_mock_set_wait_hook(struct uring_mock *m, uring_mock_wait_fn fn, void *arg) {
  m->wait_fn = fn;
  m->wait_arg = arg;
}

unsigned uring_mock_pending(const struct uring_mock *m) {
  unsigned n = 0;
  for (uint32_t i = 0; i < URING_MOCK_MAX_PENDING; i++) n += m->reqs[i].state != RQ_FREE;
  return n;
}

void uring_mock_reverse_next_batch(struct uring_mock *m) { m->reverse_armed = 1; }

void uring_mock_set_cq_limit(struct uring_mock *m, unsigned entries) { m->cq_limit = entries; }
