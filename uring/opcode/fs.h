/* Files and names: OPENAT, OPENAT2, CLOSE, STATX, RENAMEAT, UNLINKAT, MKDIRAT, SYMLINKAT,
 * LINKAT, FILES_UPDATE, FIXED_FD_INSTALL, PIPE, with the direct-descriptor forms.
 *
 * Direct forms install the new file in the ring's registered file table (slot `file_index`,
 * or URING_FILE_INDEX_ALLOC for any free slot, returned in cqe->res) instead of the process
 * fd table: see uring_sqe_set_direct_slot. They reject O_CLOEXEC, which has no meaning
 * there. Path-taking operations refuse URING_SQE_FIXED_FILE on their directory fd. */
#ifndef URING_OPCODE_FS_H
#define URING_OPCODE_FS_H

#include <stdint.h>

#include "uring/opcode/prep.h"
#include "uring/sys/cast.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Declared only: the helpers pass pointers to them through to the kernel. */
struct open_how;
struct statx;

/* AT_FDCWD on every Linux architecture. */
#define URING_AT_FDCWD (-100)

/* The size of struct open_how the kernel first shipped (OPEN_HOW_SIZE_VER0): flags, mode
 * and resolve, 8 bytes each. */
#define URING_OPEN_HOW_SIZE 24u

/* openat(2): `flags` O_*, `mode` for O_CREAT/O_TMPFILE. 5.6 */
static inline void uring_prep_openat(struct uring_sqe *sqe, int dfd, const char *path,
                                     int flags, uint32_t mode) {
  uring_prep_rw(URING_OP_OPENAT, sqe, dfd, path, mode, 0);
  sqe->open_flags = URING_CAST(uint32_t, flags);
}

/* openat(2) into direct slot `file_index` (or URING_FILE_INDEX_ALLOC). 5.15 */
static inline void uring_prep_openat_direct(struct uring_sqe *sqe, int dfd, const char *path,
                                            int flags, uint32_t mode, unsigned file_index) {
  uring_prep_openat(sqe, dfd, path, flags, mode);
  uring_sqe_set_direct_slot(sqe, file_index);
}

/* openat2(2): the kernel copies URING_OPEN_HOW_SIZE bytes of `how` (len) at prep time.
 * 5.6 */
static inline void uring_prep_openat2(struct uring_sqe *sqe, int dfd, const char *path,
                                      const struct open_how *how) {
  uring_prep_rw(URING_OP_OPENAT2, sqe, dfd, path, URING_OPEN_HOW_SIZE, URING_PTR_TO_U64(how));
}

/* openat2(2) into direct slot `file_index` (or URING_FILE_INDEX_ALLOC). 5.15 */
static inline void uring_prep_openat2_direct(struct uring_sqe *sqe, int dfd, const char *path,
                                             const struct open_how *how,
                                             unsigned file_index) {
  uring_prep_openat2(sqe, dfd, path, how);
  uring_sqe_set_direct_slot(sqe, file_index);
}

/* close(2). 5.6 */
static inline void uring_prep_close(struct uring_sqe *sqe, int fd) {
  uring_prep_rw(URING_OP_CLOSE, sqe, fd, URING_NULL, 0, 0);
}

/* Empties direct slot `file_index`; the kernel requires fd 0 then. 5.15 */
static inline void uring_prep_close_direct(struct uring_sqe *sqe, unsigned file_index) {
  uring_prep_close(sqe, 0);
  uring_sqe_set_direct_slot(sqe, file_index);
}

/* statx(2): `flags` AT_*, `mask` STATX_* (in len), result in `statxbuf` (addr2). 5.6 */
static inline void uring_prep_statx(struct uring_sqe *sqe, int dfd, const char *path,
                                    int flags, unsigned mask, struct statx *statxbuf) {
  uring_prep_rw(URING_OP_STATX, sqe, dfd, path, mask, URING_PTR_TO_U64(statxbuf));
  sqe->statx_flags = URING_CAST(uint32_t, flags);
}

/* renameat2(2): new directory fd in len, new path in addr2, RENAME_* `flags`. 5.11 */
static inline void uring_prep_renameat(struct uring_sqe *sqe, int olddfd, const char *oldpath,
                                       int newdfd, const char *newpath, unsigned flags) {
  uring_prep_rw(URING_OP_RENAMEAT, sqe, olddfd, oldpath, URING_CAST(unsigned, newdfd),
                URING_PTR_TO_U64(newpath));
  sqe->rename_flags = flags;
}

/* rename(2), relative to the current directory. 5.11 */
static inline void uring_prep_rename(struct uring_sqe *sqe, const char *oldpath,
                                     const char *newpath) {
  uring_prep_renameat(sqe, URING_AT_FDCWD, oldpath, URING_AT_FDCWD, newpath, 0);
}

/* unlinkat(2); `flags` 0 or AT_REMOVEDIR. 5.11 */
static inline void uring_prep_unlinkat(struct uring_sqe *sqe, int dfd, const char *path,
                                       int flags) {
  uring_prep_rw(URING_OP_UNLINKAT, sqe, dfd, path, 0, 0);
  sqe->unlink_flags = URING_CAST(uint32_t, flags);
}

/* unlink(2), or rmdir(2) with AT_REMOVEDIR. 5.11 */
static inline void uring_prep_unlink(struct uring_sqe *sqe, const char *path, int flags) {
  uring_prep_unlinkat(sqe, URING_AT_FDCWD, path, flags);
}

/* mkdirat(2), `mode` in len. 5.15 */
static inline void uring_prep_mkdirat(struct uring_sqe *sqe, int dfd, const char *path,
                                      uint32_t mode) {
  uring_prep_rw(URING_OP_MKDIRAT, sqe, dfd, path, mode, 0);
}

/* mkdir(2). 5.15 */
static inline void uring_prep_mkdir(struct uring_sqe *sqe, const char *path, uint32_t mode) {
  uring_prep_mkdirat(sqe, URING_AT_FDCWD, path, mode);
}

/* symlinkat(2): `target` in addr, the new link's directory in fd, its path in addr2.
 * 5.15 */
static inline void uring_prep_symlinkat(struct uring_sqe *sqe, const char *target,
                                        int newdirfd, const char *linkpath) {
  uring_prep_rw(URING_OP_SYMLINKAT, sqe, newdirfd, target, 0, URING_PTR_TO_U64(linkpath));
}

/* symlink(2). 5.15 */
static inline void uring_prep_symlink(struct uring_sqe *sqe, const char *target,
                                      const char *linkpath) {
  uring_prep_symlinkat(sqe, target, URING_AT_FDCWD, linkpath);
}

/* linkat(2): new directory fd in len, new path in addr2, AT_* `flags`. 5.15 */
static inline void uring_prep_linkat(struct uring_sqe *sqe, int olddfd, const char *oldpath,
                                     int newdfd, const char *newpath, int flags) {
  uring_prep_rw(URING_OP_LINKAT, sqe, olddfd, oldpath, URING_CAST(unsigned, newdfd),
                URING_PTR_TO_U64(newpath));
  sqe->hardlink_flags = URING_CAST(uint32_t, flags);
}

/* link(2), with AT_* `flags`. 5.15 */
static inline void uring_prep_link(struct uring_sqe *sqe, const char *oldpath,
                                   const char *newpath, int flags) {
  uring_prep_linkat(sqe, URING_AT_FDCWD, oldpath, URING_AT_FDCWD, newpath, flags);
}

/* Replaces `nr_fds` registered files from table index `offset` with `fds` (-1 empties a
 * slot, URING_REGISTER_FILES_SKIP keeps it). With `offset` URING_FILE_INDEX_ALLOC the
 * kernel picks free slots and writes them back into `fds` (5.19). 5.6 */
static inline void uring_prep_files_update(struct uring_sqe *sqe, int *fds, unsigned nr_fds,
                                           int offset) {
  uring_prep_rw(URING_OP_FILES_UPDATE, sqe, -1, fds, nr_fds,
                URING_CAST(uint64_t, URING_CAST(int64_t, offset)));
}

/* Installs direct descriptor `fd` as a regular process fd, returned in cqe->res; O_CLOEXEC
 * unless `flags` has URING_FIXED_FD_NO_CLOEXEC. Sets URING_SQE_FIXED_FILE itself, which the
 * kernel requires. 6.8 */
static inline void uring_prep_fixed_fd_install(struct uring_sqe *sqe, int fd, unsigned flags) {
  uring_prep_rw(URING_OP_FIXED_FD_INSTALL, sqe, fd, URING_NULL, 0, 0);
  sqe->flags = URING_CAST(uint8_t, URING_SQE_FIXED_FILE);
  sqe->install_fd_flags = flags;
}

/* pipe2(2): the two fds land in `fds[0]` (read end) and `fds[1]`; `pipe_flags` O_CLOEXEC,
 * O_NONBLOCK, O_DIRECT. 6.16 */
static inline void uring_prep_pipe(struct uring_sqe *sqe, int *fds, int pipe_flags) {
  uring_prep_rw(URING_OP_PIPE, sqe, 0, fds, 0, 0);
  sqe->pipe_flags = URING_CAST(uint32_t, pipe_flags);
}

/* pipe2(2) into direct slots: the read end in slot `file_index` and the write end in the
 * next one, or both allocated with URING_FILE_INDEX_ALLOC; the slots land in `fds`. 6.16 */
static inline void uring_prep_pipe_direct(struct uring_sqe *sqe, int *fds, int pipe_flags,
                                          unsigned file_index) {
  uring_prep_pipe(sqe, fds, pipe_flags);
  uring_sqe_set_direct_slot(sqe, file_index);
}

#ifdef __cplusplus
}
#endif

#endif /* URING_OPCODE_FS_H */
