/* The out-of-line half of the liburing compatibility layer (liburing.h). Everything here
 * is a uring call with liburing's argument types and result conventions; the only libc
 * calls are the allocations liburing's API implies (probes, buffer rings) and the calls
 * liburing makes on the caller's behalf (madvise, the RLIMIT_NOFILE raise). */
#include "uring/compat/liburing.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

/* The size of the kernel's signal set (_NSIG / 8 on x86_64, aarch64 and riscv64), what
 * liburing's io_uring_enter passes with a signal mask. */
#define COMPAT_KERNEL_SIGSET_SIZE 8u

/* ---- Version -------------------------------------------------------------------------
 * The liburing release this layer follows, not uring's own (names.h says why). */

int io_uring_major_version(void) { return IO_URING_VERSION_MAJOR; }

int io_uring_minor_version(void) { return IO_URING_VERSION_MINOR; }

bool io_uring_check_version(int major, int minor) {
  return major > io_uring_major_version() ||
         (major == io_uring_major_version() && minor > io_uring_minor_version());
}

/* ---- Setup and teardown -------------------------------------------------------------- */

static int init_once(unsigned entries, struct io_uring *ring, struct io_uring_params *p,
                     void *buf, size_t buf_size) {
  return buf ? uring_init_mem(ring, entries, p, buf, buf_size)
             : uring_init_params(ring, entries, p);
}

/* liburing 2.6 and later add NO_SQARRAY to every setup and retry without it where the
 * kernel answers -EINVAL (before 6.6), unless the caller asked for it. */
static int init_try_no_sqarray(unsigned entries, struct io_uring *ring,
                               struct io_uring_params *p, void *buf, size_t buf_size) {
  struct io_uring_params given = *p;
  int ret;
  p->flags |= URING_SETUP_NO_SQARRAY;
  ret = init_once(entries, ring, p, buf, buf_size);
  if (ret != -EINVAL || (given.flags & URING_SETUP_NO_SQARRAY)) return ret;
  *p = given;
  return init_once(entries, ring, p, buf, buf_size);
}

int io_uring_queue_init_params(unsigned entries, struct io_uring *ring,
                               struct io_uring_params *p) {
  if (!ring || !p) return -EFAULT;
  /* liburing allocates the memory of a NO_MMAP ring itself; uring takes it from the
   * caller, through io_uring_queue_init_mem. */
  if (p->flags & URING_SETUP_NO_MMAP) return -EINVAL;
  return init_try_no_sqarray(entries, ring, p, NULL, 0);
}

int io_uring_queue_init(unsigned entries, struct io_uring *ring, unsigned flags) {
  struct io_uring_params p;
  memset(&p, 0, sizeof p);
  p.flags = flags;
  return io_uring_queue_init_params(entries, ring, &p);
}

int io_uring_queue_init_mem(unsigned entries, struct io_uring *ring, struct io_uring_params *p,
                            void *buf, size_t buf_size) {
  size_t need;
  int ret;
  if (!ring || !p || !buf) return -EFAULT;
  p->flags |= URING_SETUP_NO_MMAP;
  /* Sized for the larger of the two attempts (with the SQ array). */
  need = uring_mem_size(entries, p);
  if (!need) return -EINVAL;
  if (need > buf_size) return -ENOMEM;
  ret = init_try_no_sqarray(entries, ring, p, buf, buf_size);
  if (ret < 0) return ret;
  /* What this ring's parameters need, which is what liburing counts too. */
  need = uring_mem_size(entries, p);
  return need > (size_t)INT32_MAX ? INT32_MAX : (int)need;
}

int io_uring_queue_mmap(int fd, struct io_uring_params *p, struct io_uring *ring) {
  return uring_queue_mmap(fd, p, ring);
}

void io_uring_queue_exit(struct io_uring *ring) { uring_exit(ring); }

int io_uring_ring_dontfork(struct io_uring *ring) {
  const struct uring_region *regions[3];
  int n = 0;
  if (!ring) return -EFAULT;
  /* Only what the library mapped: caller memory (NO_MMAP) is the caller's to advise. */
  regions[0] = &ring->sq_ring;
  regions[1] = &ring->cq_ring;
  regions[2] = &ring->sqes;
  for (int i = 0; i < 3; i++) {
    if (!regions[i]->size) continue;
    if (madvise(regions[i]->addr, regions[i]->size, MADV_DONTFORK) < 0) return -errno;
    n++;
  }
  return n ? 0 : -EINVAL;
}

ssize_t io_uring_memory_size_params(unsigned entries, struct io_uring_params *p) {
  size_t size;
  if (!p) return -EFAULT;
  size = uring_mem_size(entries, p);
  return size ? (ssize_t)size : -EINVAL;
}

ssize_t io_uring_memory_size(unsigned entries, unsigned flags) {
  struct io_uring_params p;
  memset(&p, 0, sizeof p);
  p.flags = flags;
  return io_uring_memory_size_params(entries, &p);
}

ssize_t io_uring_mlock_size_params(unsigned entries, struct io_uring_params *p) {
  struct uring_probe_info info;
  int ret;
  if (!p) return -EFAULT;
  /* From 5.12 (URING_FEAT_NATIVE_WORKERS) the kernel charges ring memory to the memory
   * cgroup instead of RLIMIT_MEMLOCK. */
  ret = uring_probe_kernel(&info);
  if (ret < 0) return ret;
  if (info.features & URING_FEAT_NATIVE_WORKERS) return 0;
  return io_uring_memory_size_params(entries, p);
}

ssize_t io_uring_mlock_size(unsigned entries, unsigned flags) {
  struct io_uring_params p;
  memset(&p, 0, sizeof p);
  p.flags = flags;
  return io_uring_mlock_size_params(entries, &p);
}

/* ---- The raw system calls ------------------------------------------------------------ */

int io_uring_setup(unsigned int entries, struct io_uring_params *p) {
  return uring_sys_io_uring_setup(entries, p);
}

int io_uring_enter(unsigned int fd, unsigned int to_submit, unsigned int min_complete,
                   unsigned int flags, sigset_t *sig) {
  return uring_sys_io_uring_enter((int)fd, to_submit, min_complete, flags, sig,
                                  COMPAT_KERNEL_SIGSET_SIZE);
}

int io_uring_enter2(unsigned int fd, unsigned int to_submit, unsigned int min_complete,
                    unsigned int flags, void *arg, size_t sz) {
  return uring_sys_io_uring_enter((int)fd, to_submit, min_complete, flags, arg, sz);
}

int io_uring_register(unsigned int fd, unsigned int opcode, const void *arg,
                      unsigned int nr_args) {
  return uring_sys_io_uring_register((int)fd, opcode, arg, nr_args);
}

/* ---- Waits --------------------------------------------------------------------------- */

/* A copy of the caller's timespec in uring's type (the same layout): uring's waits read it
 * while the kernel's struct is the caller's object. */
static const struct uring_timespec *ts_of(const struct __kernel_timespec *ts,
                                          struct uring_timespec *copy) {
  if (!ts) return NULL;
  copy->tv_sec = ts->tv_sec;
  copy->tv_nsec = ts->tv_nsec;
  return copy;
}

int io_uring_wait_cqes(struct io_uring *ring, struct io_uring_cqe **cqe_ptr, unsigned wait_nr,
                       struct __kernel_timespec *ts, sigset_t *sigmask) {
  struct uring_timespec t;
  return uring_wait_cqes(ring, cqe_ptr, wait_nr, ts_of(ts, &t), sigmask);
}

int io_uring_wait_cqe_timeout(struct io_uring *ring, struct io_uring_cqe **cqe_ptr,
                              struct __kernel_timespec *ts) {
  struct uring_timespec t;
  return uring_wait_cqe_timeout(ring, cqe_ptr, ts_of(ts, &t));
}

int io_uring_submit_and_wait_timeout(struct io_uring *ring, struct io_uring_cqe **cqe_ptr,
                                     unsigned wait_nr, struct __kernel_timespec *ts,
                                     sigset_t *sigmask) {
  struct uring_timespec t;
  return uring_submit_and_wait_timeout(ring, cqe_ptr, wait_nr, ts_of(ts, &t), sigmask);
}

int io_uring_submit_and_wait_min_timeout(struct io_uring *ring, struct io_uring_cqe **cqe_ptr,
                                         unsigned wait_nr, struct __kernel_timespec *ts,
                                         unsigned min_wait, sigset_t *sigmask) {
  struct uring_timespec t;
  return uring_submit_and_wait_min_timeout(ring, cqe_ptr, wait_nr, ts_of(ts, &t), min_wait,
                                           sigmask);
}

int io_uring_wait_cqes_min_timeout(struct io_uring *ring, struct io_uring_cqe **cqe_ptr,
                                   unsigned wait_nr, struct __kernel_timespec *ts,
                                   unsigned int min_ts_usec, sigset_t *sigmask) {
  struct uring_timespec t;
  return uring_wait_cqes_min_timeout(ring, cqe_ptr, wait_nr, ts_of(ts, &t), min_ts_usec,
                                     sigmask);
}

int io_uring_submit_and_wait_reg(struct io_uring *ring, struct io_uring_cqe **cqe_ptr,
                                 unsigned wait_nr, int reg_index) {
  /* liburing's wait loop looks at the CQ before it enters, and when a CQE is there it
   * reports that CQE with 0 whatever the enter submitted. */
  int had_cqe = ring && uring_priv_set_up(ring) && uring_cq_ready(ring) != 0;
  int ret = uring_submit_and_wait_reg(ring, cqe_ptr, wait_nr, reg_index);
  return ret > 0 && had_cqe ? 0 : ret;
}

int io_uring_get_events(struct io_uring *ring) { return uring_get_events(ring); }

int io_uring_submit_and_get_events(struct io_uring *ring) {
  return uring_submit_and_get_events(ring);
}

int io_uring_set_iowait(struct io_uring *ring, bool enable_iowait) {
  return uring_set_iowait(ring, enable_iowait ? 1 : 0);
}

/* ---- Provided-buffer rings ----------------------------------------------------------- */

static size_t buf_ring_map_size(unsigned nentries) {
  long page = sysconf(_SC_PAGESIZE);
  size_t size = (size_t)nentries * sizeof(struct uring_buf);
  size_t p = page > 0 ? (size_t)page : 4096u;
  return (size + p - 1) / p * p;
}

struct io_uring_buf_ring *io_uring_setup_buf_ring(struct io_uring *ring, unsigned int nentries,
                                                  int bgid, unsigned int flags, int *err) {
  struct uring_pbuf_ring pbr;
  size_t size;
  void *mem;
  int ret;
  if (!err) return NULL;
  if (!ring) {
    *err = -EFAULT;
    return NULL;
  }
  if (!uring_buf_ring_mem_size(nentries)) {
    *err = -EINVAL;
    return NULL;
  }
  size = buf_ring_map_size(nentries);
  mem = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_ANONYMOUS | MAP_PRIVATE, -1, 0);
  if (mem == MAP_FAILED) {
    *err = -errno;
    return NULL;
  }
  ret = uring_buf_ring_setup_mem(ring, &pbr, mem, size, nentries, bgid,
                                 flags & ~(unsigned)URING_PBUF_RING_MMAP);
  if (ret < 0) {
    munmap(mem, size);
    *err = ret;
    return NULL;
  }
  *err = 0;
  return (struct io_uring_buf_ring *)mem;
}

int io_uring_free_buf_ring(struct io_uring *ring, struct io_uring_buf_ring *br,
                           unsigned int nentries, int bgid) {
  int ret;
  if (!ring || !br) return -EFAULT;
  ret = uring_unregister_buf_ring(ring, bgid);
  munmap(br, buf_ring_map_size(nentries));
  return ret;
}

int io_uring_register_buf_ring(struct io_uring *ring, struct io_uring_buf_reg *reg,
                               unsigned int flags) {
  /* liburing ignores flags as well: the register call has none. */
  (void)flags;
  return uring_register_buf_ring(ring, reg, 0);
}

int io_uring_unregister_buf_ring(struct io_uring *ring, int bgid) {
  return uring_unregister_buf_ring(ring, bgid);
}

int io_uring_buf_ring_head(struct io_uring *ring, int buf_group, uint16_t *head) {
  return uring_buf_ring_head(ring, buf_group, head);
}

/* ---- Probes -------------------------------------------------------------------------- */

static struct io_uring_probe *probe_copy(const struct uring_probe_info *info) {
  struct io_uring_probe *probe = malloc(sizeof *probe);
  if (!probe) return NULL;
  memset(probe, 0, sizeof *probe);
  probe->last_op = info->hdr.last_op;
  probe->ops_len = info->hdr.ops_len;
  memcpy(probe->ops, info->ops, sizeof probe->ops);
  return probe;
}

struct io_uring_probe *io_uring_get_probe_ring(struct io_uring *ring) {
  struct uring_probe_info info;
  if (uring_get_probe(ring, &info) < 0) return NULL;
  return probe_copy(&info);
}

struct io_uring_probe *io_uring_get_probe(void) {
  struct uring_probe_info info;
  if (uring_probe_kernel(&info) < 0) return NULL;
  return probe_copy(&info);
}

void io_uring_free_probe(struct io_uring_probe *probe) { free(probe); }

int io_uring_register_probe(struct io_uring *ring, struct io_uring_probe *p, unsigned nr) {
  return uring_register(ring, URING_REGISTER_PROBE, p, nr);
}

/* ---- Register calls ------------------------------------------------------------------ */

int io_uring_register_buffers(struct io_uring *ring, const struct iovec *iovecs,
                              unsigned nr_iovecs) {
  return uring_register_buffers(ring, iovecs, nr_iovecs);
}

int io_uring_register_buffers_tags(struct io_uring *ring, const struct iovec *iovecs,
                                   const __u64 *tags, unsigned nr) {
  return uring_register_buffers_tags(ring, iovecs, (const uint64_t *)(const void *)tags, nr);
}

int io_uring_register_buffers_sparse(struct io_uring *ring, unsigned nr) {
  return uring_register_buffers_sparse(ring, nr);
}

int io_uring_register_buffers_update_tag(struct io_uring *ring, unsigned off,
                                         const struct iovec *iovecs, const __u64 *tags,
                                         unsigned nr) {
  return uring_register_buffers_update_tag(ring, off, iovecs,
                                           (const uint64_t *)(const void *)tags, nr);
}

int io_uring_unregister_buffers(struct io_uring *ring) { return uring_unregister_buffers(ring); }

int io_uring_clone_buffers(struct io_uring *dst, struct io_uring *src) {
  return uring_clone_buffers(dst, src);
}

int io_uring_clone_buffers_offset(struct io_uring *dst, struct io_uring *src, unsigned int dst_off,
                                  unsigned int src_off, unsigned int nr, unsigned int flags) {
  return uring_clone_buffers_offset(dst, src, dst_off, src_off, nr, flags);
}

/* liburing answers -EMFILE from a file registration by raising RLIMIT_NOFILE's soft limit
 * to what the table needs (within the hard limit) and trying once more. */
static int raise_nofile(unsigned nr) {
  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) < 0) return -errno;
  if (rl.rlim_cur >= nr) return -EMFILE;
  rl.rlim_cur = nr;
  if (rl.rlim_max < rl.rlim_cur) rl.rlim_cur = rl.rlim_max;
  if (setrlimit(RLIMIT_NOFILE, &rl) < 0) return -errno;
  return 0;
}

int io_uring_register_files(struct io_uring *ring, const int *files, unsigned nr_files) {
  int ret = uring_register_files(ring, files, nr_files);
  if (ret == -EMFILE && raise_nofile(nr_files) == 0)
    ret = uring_register_files(ring, files, nr_files);
  return ret;
}

int io_uring_register_files_tags(struct io_uring *ring, const int *files, const __u64 *tags,
                                 unsigned nr) {
  const uint64_t *t = (const uint64_t *)(const void *)tags;
  int ret = uring_register_files_tags(ring, files, t, nr);
  if (ret == -EMFILE && raise_nofile(nr) == 0) ret = uring_register_files_tags(ring, files, t, nr);
  return ret;
}

int io_uring_register_files_sparse(struct io_uring *ring, unsigned nr) {
  int ret = uring_register_files_sparse(ring, nr);
  if (ret == -EMFILE && raise_nofile(nr) == 0) ret = uring_register_files_sparse(ring, nr);
  return ret;
}

int io_uring_register_files_update(struct io_uring *ring, unsigned off, const int *files,
                                   unsigned nr_files) {
  return uring_register_files_update(ring, off, files, nr_files);
}

int io_uring_register_files_update_tag(struct io_uring *ring, unsigned off, const int *files,
                                       const __u64 *tags, unsigned nr_files) {
  return uring_register_files_update_tag(ring, off, files, (const uint64_t *)(const void *)tags,
                                         nr_files);
}

int io_uring_unregister_files(struct io_uring *ring) { return uring_unregister_files(ring); }

int io_uring_register_file_alloc_range(struct io_uring *ring, unsigned off, unsigned len) {
  return uring_register_file_alloc_range(ring, off, len);
}

int io_uring_register_eventfd(struct io_uring *ring, int fd) {
  return uring_register_eventfd(ring, fd);
}

int io_uring_register_eventfd_async(struct io_uring *ring, int fd) {
  return uring_register_eventfd_async(ring, fd);
}

int io_uring_unregister_eventfd(struct io_uring *ring) { return uring_unregister_eventfd(ring); }

int io_uring_register_personality(struct io_uring *ring) {
  return uring_register_personality(ring);
}

int io_uring_unregister_personality(struct io_uring *ring, int id) {
  return uring_unregister_personality(ring, id);
}

int io_uring_register_restrictions(struct io_uring *ring, struct io_uring_restriction *res,
                                   unsigned int nr_res) {
  return uring_register_restrictions(ring, res, nr_res);
}

int io_uring_enable_rings(struct io_uring *ring) { return uring_enable_rings(ring); }

int io_uring_register_iowq_aff(struct io_uring *ring, size_t cpusz, const cpu_set_t *mask) {
  return uring_register_iowq_aff(ring, cpusz, mask);
}

int io_uring_unregister_iowq_aff(struct io_uring *ring) { return uring_unregister_iowq_aff(ring); }

int io_uring_register_iowq_max_workers(struct io_uring *ring, unsigned int *values) {
  return uring_register_iowq_max_workers(ring, values);
}

/* liburing's ring-fd calls return the count the kernel registered or unregistered: 1. */
int io_uring_register_ring_fd(struct io_uring *ring) {
  int ret = uring_register_ring_fd(ring);
  return ret < 0 ? ret : 1;
}

int io_uring_unregister_ring_fd(struct io_uring *ring) {
  int ret = uring_unregister_ring_fd(ring);
  return ret < 0 ? ret : 1;
}

int io_uring_close_ring_fd(struct io_uring *ring) {
  int ret = uring_close_ring_fd(ring);
  return ret < 0 ? ret : 1;
}

int io_uring_register_sync_cancel(struct io_uring *ring, struct io_uring_sync_cancel_reg *reg) {
  return uring_register_sync_cancel(ring, reg);
}

int io_uring_register_sync_msg(struct io_uring_sqe *sqe) {
  return uring_register_send_msg_ring(sqe);
}

int io_uring_register_napi(struct io_uring *ring, struct io_uring_napi *napi) {
  return uring_register_napi(ring, napi);
}

int io_uring_unregister_napi(struct io_uring *ring, struct io_uring_napi *napi) {
  return uring_unregister_napi(ring, napi);
}

int io_uring_register_clock(struct io_uring *ring, struct io_uring_clock_register *arg) {
  return uring_register_clock(ring, arg);
}

int io_uring_register_ifq(struct io_uring *ring, struct io_uring_zcrx_ifq_reg *reg) {
  return uring_register_ifq(ring, reg);
}

int io_uring_register_region(struct io_uring *ring, struct io_uring_mem_region_reg *reg) {
  return uring_register_region(ring, reg);
}

int io_uring_register_wait_reg(struct io_uring *ring, struct io_uring_reg_wait *reg, int nr) {
  (void)ring;
  (void)reg;
  (void)nr;
  return -EINVAL;
}

int io_uring_register_bpf_filter(struct io_uring *ring, struct io_uring_bpf *bpf) {
  if (!ring) return -EFAULT;
  return uring_register_bpf_filter(ring, bpf);
}

int io_uring_register_bpf_filter_task(struct io_uring_bpf *bpf) {
  return uring_register_bpf_filter(NULL, bpf);
}

int io_uring_register_query(struct io_uring_query_hdr *query) {
  return uring_register_query(NULL, query);
}

int io_uring_resize_rings(struct io_uring *ring, struct io_uring_params *p) {
  return uring_resize_rings(ring, p);
}
