/* Parsing what a multishot URING_OP_RECVMSG (URING_RECV_MULTISHOT, 6.0, with a provided
 * buffer) writes into each buffer.
 *
 * Layout of one buffer, as the kernel fills it:
 *   struct uring_recvmsg_out   16 bytes: namelen, controllen, payloadlen, flags
 *   name                       msg_namelen bytes reserved (the msghdr given at submit)
 *   control                    msg_controllen bytes reserved: cmsg headers and data
 *   payload                    the rest; cqe->res is the number of bytes used in all
 *
 *   struct uring_recvmsg_parsed m;
 *   if (uring_recvmsg_parse(buf, (size_t)cqe->res, sizeof(struct sockaddr_in6),
 *                           CONTROL_SPACE, &m) == 0) {
 *     ... m.name / m.name_len, m.payload / m.payload_len ...
 *     struct uring_recvmsg_cmsg c;
 *     for (int r = uring_recvmsg_cmsg_first(&m, &c); r == 0; r = uring_recvmsg_cmsg_next(&m, &c))
 *       ... c.level, c.type, c.data, c.len ...
 *   }
 *
 * Nothing here trusts the buffer: lengths the kernel (or anything else that wrote there)
 * put in it are checked against the buffer's bounds and the sizes reserved at submit, and
 * no byte outside [buf, buf + buf_len) is ever read, whatever it holds. The buffer need
 * not be aligned: fields are read with unaligned loads and returned by value, and data
 * pointers are to bytes (copy out before reading a wider type from them).
 */
#ifndef URING_RING_RECVMSG_H
#define URING_RING_RECVMSG_H

#include <stddef.h>
#include <stdint.h>

#include "uring/sys/abi.h"
#include "uring/sys/cast.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A control message header with the kernel's 64-bit layout (libc's struct cmsghdr on
 * x86_64, aarch64 and riscv64). Data follows the header, and the next header starts
 * URING_CMSG_ALIGN(cmsg_len) bytes after this one. */
struct uring_cmsghdr {
  uint64_t cmsg_len; /* header and data, without trailing padding */
  int32_t cmsg_level;
  int32_t cmsg_type;
};

#define URING_CMSG_ALIGN(len) (((len) + 7u) & ~URING_CAST(size_t, 7u))
/* Bytes a control message with `len` data bytes takes (libc's CMSG_SPACE): use it to
 * size the control area reserved at submit. */
#define URING_CMSG_SPACE(len) (sizeof(struct uring_cmsghdr) + URING_CMSG_ALIGN(len))
/* The cmsg_len of a message with `len` data bytes (libc's CMSG_LEN). */
#define URING_CMSG_LEN(len) (sizeof(struct uring_cmsghdr) + (len))

/* recvmsg(2) flags that can appear in the header's flags (same values as libc's). */
#ifndef URING_MSG_CTRUNC
#define URING_MSG_CTRUNC 0x08u /* control messages did not all fit */
#endif
#ifndef URING_MSG_TRUNC
#define URING_MSG_TRUNC 0x20u /* the datagram was longer than the payload room */
#endif

/* One buffer, parsed. Lengths are clamped to what lies inside the buffer; the *_full_len
 * fields keep what the kernel reported, larger when something was cut off. */
struct uring_recvmsg_parsed {
  const void *name;          /* source address, or NULL when name_len is 0 */
  uint32_t name_len;         /* bytes of it present: min(reported, reserved) */
  uint32_t name_full_len;    /* the address length the kernel reported */
  const void *control;       /* control messages, or NULL when control_len is 0 */
  uint32_t control_len;      /* bytes of control messages written */
  uint32_t flags;            /* URING_MSG_TRUNC, URING_MSG_CTRUNC, ... */
  const void *payload;       /* the data (never NULL after a successful parse) */
  uint32_t payload_len;      /* bytes of data present in the buffer */
  uint32_t payload_full_len; /* the length the kernel reported (larger: truncated) */
};

/* Parses the buffer of one multishot recvmsg completion: `buf` is the provided buffer the
 * CQE names (uring_cqe_buffer_id), `buf_len` the bytes the kernel used in it (cqe->res),
 * and `namelen` / `controllen` the msg_namelen and msg_controllen of the msghdr given at
 * submit, which fix where each part starts. Returns 0, or -EINVAL (and *out zeroed) when
 * buf is NULL, shorter than the header plus both reserved areas, or the header reports
 * more control bytes than were reserved. A reported name longer than the reserved room
 * is not an error (recvmsg reports the untruncated length): name_len is clamped. */
int uring_recvmsg_parse(const void *buf, size_t buf_len, uint32_t namelen, uint32_t controllen,
                        struct uring_recvmsg_parsed *out);

/* One control message; `offset` is the iterator's position (leave it alone). */
struct uring_recvmsg_cmsg {
  int32_t level;       /* cmsg_level, e.g. IPPROTO_IP */
  int32_t type;        /* cmsg_type, e.g. IP_PKTINFO */
  const void *data;    /* cmsg data: 8-byte aligned relative to the control area */
  size_t len;          /* data bytes (cmsg_len minus the header) */
  const void *hdr;     /* the header in the buffer (read it with unaligned loads) */
  size_t offset;       /* of the header from the start of the control area */
};

/* The first control message: 0 and *c filled, -ENOENT when there is none, -EINVAL when
 * the first header is malformed (partial, cmsg_len below the header size or past the end
 * of the control bytes). */
int uring_recvmsg_cmsg_first(const struct uring_recvmsg_parsed *m, struct uring_recvmsg_cmsg *c);

/* The message after *c, with the same results. An iterator that was tampered with or
 * belongs to another buffer is re-checked, never trusted: the worst it gets is -EINVAL. */
int uring_recvmsg_cmsg_next(const struct uring_recvmsg_parsed *m, struct uring_recvmsg_cmsg *c);

#ifdef __cplusplus
}
#endif

#endif /* URING_RING_RECVMSG_H */
