/* probe: what this machine's io_uring offers, as seen through the uring library.
 *
 *   tools/bazel run //tools:probe
 *
 * Prints the kernel, whether io_uring can be used (and why not), the URING_FEAT_* bits the
 * kernel reports, which URING_SETUP_* flags it accepts, and which opcodes its probe lists.
 * Exits 0 whenever it could report, also when io_uring is unavailable; 1 on internal error.
 * A tool, not the library: it uses libc freely. */
#define _GNU_SOURCE /* strerrorname_np (glibc 2.32) */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/utsname.h>

#include "uring/uring.h"

static const char *errname(int neg_errno) {
  const char *n = strerrorname_np(-neg_errno);
  return n ? n : "unknown errno";
}

/* kernel.io_uring_disabled (6.6): 0 allowed, 1 only CAP_SYS_ADMIN or members of
 * kernel.io_uring_group, 2 nobody. -1 where the sysctl does not exist. */
static int io_uring_disabled_sysctl(void) {
  FILE *f = fopen("/proc/sys/kernel/io_uring_disabled", "r");
  int v = -1;
  if (!f) return -1;
  if (fscanf(f, "%d", &v) != 1) v = -1;
  fclose(f);
  return v;
}

static void explain_unavailable(int err) {
  int disabled = io_uring_disabled_sysctl();
  printf("io_uring:  NOT usable: io_uring_setup failed with %s (%s)\n", errname(err),
         strerror(-err));
  if (disabled >= 0)
    printf("           kernel.io_uring_disabled = %d\n", disabled);
  else
    printf("           kernel.io_uring_disabled: not present (kernel before 6.6)\n");
  if (err == -ENOSYS)
    printf("           likely cause: a kernel built without io_uring (CONFIG_IO_URING=n), or a\n"
           "           seccomp filter that answers ENOSYS for the io_uring system calls\n");
  else if (err == -EPERM && disabled == 2)
    printf("           likely cause: kernel.io_uring_disabled=2 refuses every process\n");
  else if (err == -EPERM && disabled == 1)
    printf("           likely cause: kernel.io_uring_disabled=1 allows only CAP_SYS_ADMIN and\n"
           "           members of kernel.io_uring_group\n");
  else if (err == -EPERM)
    printf("           likely cause: a seccomp filter (Docker's default profile denies\n"
           "           io_uring) or a security module\n");
  printf("Skipping the feature, setup flag and opcode tables.\n");
}

/* What each setup flag cannot be tried without (io_uring_setup(2)). */
static unsigned flag_needs(unsigned flag) {
  switch (flag) {
    case URING_SETUP_SQ_AFF: return URING_SETUP_SQPOLL;
    case URING_SETUP_TASKRUN_FLAG: return URING_SETUP_COOP_TASKRUN;
    case URING_SETUP_DEFER_TASKRUN: return URING_SETUP_SINGLE_ISSUER;
    case URING_SETUP_REGISTERED_FD_ONLY: return URING_SETUP_NO_MMAP;
    case URING_SETUP_HYBRID_IOPOLL: return URING_SETUP_IOPOLL;
    case URING_SETUP_SQ_REWIND: return URING_SETUP_NO_SQARRAY;
    default: return 0;
  }
}

/* Creates and tears down a 4-entry ring with `flag` and what it needs: 0 or -errno. */
static int try_setup_flag(unsigned flag, int other_ring_fd) {
  struct uring ring;
  struct uring_params p;
  void *mem = NULL;
  size_t size = 0;
  int ret;

  memset(&p, 0, sizeof p);
  p.flags = flag | flag_needs(flag);
  if (flag == URING_SETUP_CQSIZE) p.cq_entries = 16;
  if (flag == URING_SETUP_SQ_AFF) p.sq_thread_cpu = 0;
  if (flag == URING_SETUP_ATTACH_WQ) p.wq_fd = (uint32_t)other_ring_fd;
  if (p.flags & URING_SETUP_NO_MMAP) {
    size = uring_mem_size(4, &p);
    if (!size) return -EINVAL;
    mem = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mem == MAP_FAILED) return -errno;
    ret = uring_init_mem(&ring, 4, &p, mem, size);
  } else {
    ret = uring_init_params(&ring, 4, &p);
  }
  if (ret == 0) uring_exit(&ring);
  if (mem) munmap(mem, size);
  return ret;
}

int main(void) {
  struct utsname u;
  struct uring ring;
  struct uring_params p;
  static struct uring_probe_info info; /* 4 KiB: kept off the stack */
  unsigned bit, op, nflags = 0, nflags_ok = 0, nops_ok = 0;
  int ret;

  if (uname(&u) != 0) {
    perror("uname");
    return 1;
  }
  printf("kernel:    %s %s (%s)\n", u.sysname, u.release, u.machine);

  memset(&p, 0, sizeof p);
  ret = uring_init_params(&ring, 4, &p);
  if (ret < 0) {
    explain_unavailable(ret);
    return 0;
  }
  printf("io_uring:  usable\n");

  printf("\nFeatures the kernel reports (URING_FEAT_*):\n");
  for (bit = 0; bit < 32; bit++) {
    const char *name = uring_feature_name(bit);
    int present = (p.features >> bit) & 1u;
    if (name)
      printf("  %-18s %s\n", name, present ? "present" : "absent");
    else if (present)
      printf("  bit %-14u present (unknown to this library)\n", bit);
  }

  printf("\nSetup flags (URING_SETUP_*), each on a 4-entry ring with what it needs:\n");
  for (bit = 0; uring_setup_flag_name(bit) != NULL; bit++) {
    unsigned flag = 1u << bit, needs = flag_needs(flag);
    char with[64] = "";
    ret = try_setup_flag(flag, ring.ring_fd);
    nflags++;
    if (ret == 0) nflags_ok++;
    if (needs)
      snprintf(with, sizeof with, "(with %s)",
               uring_setup_flag_name((unsigned)__builtin_ctz(needs)));
    printf("  %2u %-18s %-22s %s%s\n", bit, uring_setup_flag_name(bit), with,
           ret == 0 ? "accepted" : "refused: ", ret == 0 ? "" : errname(ret));
  }

  ret = uring_get_probe(&ring, &info);
  uring_exit(&ring);
  if (ret < 0) {
    /* URING_REGISTER_PROBE arrived in 5.6. */
    printf("\nOpcode probe: not available (%s); skipping the opcode table.\n", errname(ret));
    printf("\n? of %u opcodes supported, %u of %u setup flags accepted\n", URING_OP_LAST,
           nflags_ok, nflags);
    return 0;
  }

  /* Two columns, numbered down each column: number, name, family (the //uring/opcode
   * target with its helpers), the first kernel with the opcode, and the probe's answer. */
  printf("\nOpcodes (URING_OP_*), as the kernel's probe lists them:\n");
  {
    const unsigned rows = (URING_OP_LAST + 1) / 2;
    for (unsigned r = 0; r < rows; r++) {
      for (unsigned c = 0; c < 2; c++) {
        const struct uring_opcode_desc *oi;
        char since[8];
        op = r + c * rows;
        if (op >= URING_OP_LAST) break;
        oi = uring_opcode_info(op);
        snprintf(since, sizeof since, "%u.%u", oi ? oi->since_major : 0u,
                 oi ? oi->since_minor : 0u);
        printf("%s%2u %-17s %-8s %5s %-3s", c ? "    " : "  ", op, uring_opcode_name(op),
               oi ? oi->family : "?", since,
               uring_opcode_supported(&info, op) ? "yes" : "no");
      }
      printf("\n");
    }
  }
  for (op = 0; op < URING_OP_LAST; op++) nops_ok += uring_opcode_supported(&info, op) != 0;
  if (uring_probe_last_op(&info) >= URING_OP_LAST)
    printf("  (the kernel knows opcodes up to %u; this library names those below %u)\n",
           uring_probe_last_op(&info), URING_OP_LAST);

  printf("\n%u of %u opcodes supported, %u of %u setup flags accepted\n", nops_ok,
         URING_OP_LAST, nflags_ok, nflags);
  return 0;
}
