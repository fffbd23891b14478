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
 *
 * The second half of this header is liburing's set of the same (io_uring_recvmsg_validate
 * and friends, liburing 2.3 to 2.15) under uring_ names, with liburing's arguments: the
 * msghdr given at submit instead of its two sizes, and pointers typed as the caller's
 * struct cmsghdr. They are built on the parser above and read no byte that
 * uring_recvmsg_validate did not vouch for; where liburing's would read past what the
 * kernel wrote, their results differ (each says how).
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
  uint32_t payload_full_len; /* recvmsg(2)'s result: with MSG_TRUNC requested, the full length */
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

/* ---- liburing's shapes ---------------------------------------------------------------
 *
 *   struct uring_recvmsg_out *o = uring_recvmsg_validate(buf, cqe->res, &msg);
 *   if (o) {
 *     ... uring_recvmsg_name(o): o->namelen bytes of address (at most msg.msg_namelen)
 *     for (struct cmsghdr *c = uring_recvmsg_cmsg_firsthdr(o, &msg); c;
 *          c = uring_recvmsg_cmsg_nexthdr(o, &msg, c))
 *       ... c->cmsg_level, c->cmsg_type, CMSG_DATA(c) ...
 *     ... uring_recvmsg_payload(o, &msg), uring_recvmsg_payload_length(o, cqe->res, &msg)
 *   }
 *
 * `msgh` is the msghdr given to uring_prep_recvmsg_multishot (the application's struct
 * msghdr, read as the kernel reads it: msg_namelen at byte 8, msg_controllen as 64 bits
 * at byte 40). The pointers returned point into the buffer and are only as aligned as it
 * is: as with liburing, a cmsghdr is read through them directly, so keep the buffer
 * 8-byte aligned and msg_namelen a multiple of 8 (sockaddr_in6's 28 is not: reserve 32,
 * or a sockaddr_storage), or read with the parser above. NULL pointers give NULL (or 0)
 * where liburing's would crash. */

/* Declared only: these helpers take the caller's own msghdr and hand out pointers typed as
 * its cmsghdr, which this header (no libc headers) cannot complete. struct uring_cmsghdr
 * has the same layout. */
struct msghdr;
struct cmsghdr;

/* `buf` as the header of a multishot recvmsg buffer when `buf_len` bytes (cqe->res) hold
 * the header and the name and control areas `msgh` reserves, else NULL (also for a
 * negative buf_len). liburing's io_uring_recvmsg_validate, with its result in every case;
 * the later helpers rely on it having said yes for this buffer and msgh. */
struct uring_recvmsg_out *uring_recvmsg_validate(void *buf, int buf_len,
                                                 const struct msghdr *msgh);

/* The source address: right after the header; o->namelen is its length as the kernel
 * reported it, which may exceed the msg_namelen bytes reserved for it. liburing's
 * io_uring_recvmsg_name. */
void *uring_recvmsg_name(struct uring_recvmsg_out *o);

/* The first control message, or NULL when there is none. liburing's
 * io_uring_recvmsg_cmsg_firsthdr returns a header wherever o->controllen is at least a
 * header's size; this one also returns NULL where o->controllen exceeds msg_controllen or
 * the header's cmsg_len is below the header size or runs past o->controllen, none of
 * which the kernel writes, so that CMSG_DATA(c) and cmsg_len - CMSG_LEN(0) bytes after it
 * stay inside the control area. */
struct cmsghdr *uring_recvmsg_cmsg_firsthdr(struct uring_recvmsg_out *o,
                                            const struct msghdr *msgh);

/* The control message after `cmsg`, or NULL at the end. Like liburing's
 * io_uring_recvmsg_cmsg_nexthdr (and libc's CMSG_NXTHDR) it returns NULL for a message
 * whose cmsg_len, rounded up to 8, runs past the control bytes. Beyond liburing's checks,
 * NULL also for a `cmsg` that is not a header of this buffer's control area, for a next
 * header whose cmsg_len is below the header size (liburing hands that one out), and
 * where o->controllen exceeds msg_controllen (liburing walks on past the control area):
 * nothing the kernel writes. */
struct cmsghdr *uring_recvmsg_cmsg_nexthdr(struct uring_recvmsg_out *o,
                                           const struct msghdr *msgh, struct cmsghdr *cmsg);

/* The payload: after the header, msg_namelen and msg_controllen bytes. liburing's
 * io_uring_recvmsg_payload. */
void *uring_recvmsg_payload(struct uring_recvmsg_out *o, const struct msghdr *msgh);

/* Bytes of payload in the buffer: `buf_len` (cqe->res) less the header and the reserved
 * areas, 0 when those fill it or buf_len is negative. o->payloadlen is recvmsg(2)'s
 * result: the bytes copied, or the datagram's full length with MSG_TRUNC among the
 * request's flags; URING_MSG_TRUNC in o->flags says the datagram was cut short.
 * liburing's io_uring_recvmsg_payload_length, with its result in every case. */
unsigned int uring_recvmsg_payload_length(struct uring_recvmsg_out *o, int buf_len,
                                          const struct msghdr *msgh);

#ifdef __cplusplus
}
#endif

#endif /* URING_RING_RECVMSG_H */
