/* Parsing multishot recvmsg buffers without trusting them. */
#include <stddef.h>
#include <stdint.h>

#include "uring/ring/recvmsg.h"
#include "uring/sys/abi.h"
#include "uring/sys/errcodes.h"

/* Unaligned loads: a packed struct tells the compiler the field may sit at any address,
 * so the access is defined (and UBSan-clean) wherever the buffer starts. */
struct unaligned32 {
  uint32_t v;
} __attribute__((packed, may_alias));
struct unaligned64 {
  uint64_t v;
} __attribute__((packed, may_alias));
struct unaligned_s32 {
  int32_t v;
} __attribute__((packed, may_alias));

static uint32_t load32(const unsigned char *p) {
  return ((const struct unaligned32 *)(const void *)p)->v;
}
static uint64_t load64(const unsigned char *p) {
  return ((const struct unaligned64 *)(const void *)p)->v;
}
static int32_t load_s32(const unsigned char *p) {
  return ((const struct unaligned_s32 *)(const void *)p)->v;
}

static void clear(struct uring_recvmsg_parsed *out) {
  out->name = NULL;
  out->name_len = out->name_full_len = 0;
  out->control = NULL;
  out->control_len = 0;
  out->flags = 0;
  out->payload = NULL;
  out->payload_len = out->payload_full_len = 0;
}

int uring_recvmsg_parse(const void *buf, size_t buf_len, uint32_t namelen, uint32_t controllen,
                        struct uring_recvmsg_parsed *out) {
  const unsigned char *b = (const unsigned char *)buf;
  /* 64-bit sums of 32-bit values cannot wrap. */
  uint64_t reserved = (uint64_t)sizeof(struct uring_recvmsg_out) + namelen + controllen;
  uint32_t h_name, h_control, h_payload;
  uint64_t room;

  if (!out) return -URING_EINVAL;
  clear(out);
  if (!buf || (uint64_t)buf_len < reserved) return -URING_EINVAL;

  h_name = load32(b + offsetof(struct uring_recvmsg_out, namelen));
  h_control = load32(b + offsetof(struct uring_recvmsg_out, controllen));
  h_payload = load32(b + offsetof(struct uring_recvmsg_out, payloadlen));
  /* The kernel writes at most the reserved control room; more means the header is not
   * what the kernel wrote, or the sizes given here differ from those at submit. */
  if (h_control > controllen) return -URING_EINVAL;

  out->name_full_len = h_name;
  out->name_len = h_name < namelen ? h_name : namelen;
  out->name = out->name_len ? b + sizeof(struct uring_recvmsg_out) : NULL;
  out->control_len = h_control;
  out->control = h_control ? b + sizeof(struct uring_recvmsg_out) + namelen : NULL;
  out->flags = load32(b + offsetof(struct uring_recvmsg_out, flags));
  room = (uint64_t)buf_len - reserved;
  out->payload_full_len = h_payload;
  out->payload_len = (uint64_t)h_payload < room ? h_payload : (uint32_t)room;
  out->payload = b + reserved;
  return 0;
}

/* Fills *c from the header at `off`; -ENOENT at the end of the control bytes. */
static int cmsg_at(const struct uring_recvmsg_parsed *m, uint64_t off,
                   struct uring_recvmsg_cmsg *c) {
  const unsigned char *base = (const unsigned char *)m->control;
  uint64_t size = m->control_len, len;

  if (off >= size) return -URING_ENOENT;
  /* Headers start at multiples of 8 (URING_CMSG_ALIGN from 0); any other offset comes
   * from a tampered iterator, and would hand out misaligned data. */
  if (off & 7u) return -URING_EINVAL;
  /* The kernel never writes a partial header: it stops (MSG_CTRUNC) instead. */
  if (!base || size - off < sizeof(struct uring_cmsghdr)) return -URING_EINVAL;
  len = load64(base + off + offsetof(struct uring_cmsghdr, cmsg_len));
  /* A truncated message keeps a cmsg_len that covers only what was written, so it
   * always fits. */
  if (len < sizeof(struct uring_cmsghdr) || len > size - off) return -URING_EINVAL;
  c->level = load_s32(base + off + offsetof(struct uring_cmsghdr, cmsg_level));
  c->type = load_s32(base + off + offsetof(struct uring_cmsghdr, cmsg_type));
  c->hdr = base + off;
  c->data = base + off + sizeof(struct uring_cmsghdr);
  c->len = (size_t)(len - sizeof(struct uring_cmsghdr));
  c->offset = (size_t)off;
  return 0;
}

int uring_recvmsg_cmsg_first(const struct uring_recvmsg_parsed *m, struct uring_recvmsg_cmsg *c) {
  if (!m || !c) return -URING_EINVAL;
  return cmsg_at(m, 0, c);
}

int uring_recvmsg_cmsg_next(const struct uring_recvmsg_parsed *m, struct uring_recvmsg_cmsg *c) {
  struct uring_recvmsg_cmsg cur;
  uint64_t next;
  int ret;
  if (!m || !c) return -URING_EINVAL;
  /* Re-read the current header rather than trust c->len. */
  ret = cmsg_at(m, (uint64_t)c->offset, &cur);
  if (ret < 0) return ret == -URING_ENOENT ? -URING_EINVAL : ret;
  next = cur.offset + URING_CMSG_ALIGN((uint64_t)URING_CMSG_LEN(cur.len));
  return cmsg_at(m, next, c);
}

/* ---- liburing's shapes ------------------------------------------------------------- */

/* Where the kernel reads the two sizes from the application's struct msghdr (its
 * struct user_msghdr on 64-bit: name pointer, 32-bit msg_namelen, iov pointer, 64-bit
 * msg_iovlen, control pointer, 64-bit msg_controllen). Read the same way here, so that
 * the sizes are the ones the kernel laid the buffer out with: musl's 32-bit
 * msg_controllen with padding above it is read as 64 bits by the kernel too. */
#define MSGHDR_NAMELEN_AT 8u
#define MSGHDR_CONTROLLEN_AT 40u

static uint32_t msg_namelen(const struct msghdr *msgh) {
  return load32((const unsigned char *)msgh + MSGHDR_NAMELEN_AT);
}
static uint64_t msg_controllen(const struct msghdr *msgh) {
  return load64((const unsigned char *)msgh + MSGHDR_CONTROLLEN_AT);
}

/* Hands a pointer into the caller's buffer back without a const the caller never had. */
static void *unconst(const void *p) {
  return (void *)(uintptr_t)p;
}

struct uring_recvmsg_out *uring_recvmsg_validate(void *buf, int buf_len,
                                                 const struct msghdr *msgh) {
  uint64_t room;
  uint32_t namelen;
  uint64_t controllen;
  if (!buf || !msgh || buf_len < 0) return NULL;
  room = (uint64_t)buf_len;
  namelen = msg_namelen(msgh);
  controllen = msg_controllen(msgh);
  /* One subtraction at a time: controllen is the caller's 64 bits. */
  if (room < sizeof(struct uring_recvmsg_out)) return NULL;
  room -= sizeof(struct uring_recvmsg_out);
  if (namelen > room) return NULL;
  room -= namelen;
  if (controllen > room) return NULL;
  return (struct uring_recvmsg_out *)buf;
}

void *uring_recvmsg_name(struct uring_recvmsg_out *o) {
  if (!o) return NULL;
  return (unsigned char *)o + sizeof(struct uring_recvmsg_out);
}

/* The buffer as the parser sees it: exactly the header and the reserved areas, which
 * uring_recvmsg_validate vouched for. 0, or -EINVAL where no control message can be read
 * (the parser's refusals, and sizes no int-sized buffer holds). */
static int parse_reserved(const struct uring_recvmsg_out *o, const struct msghdr *msgh,
                          struct uring_recvmsg_parsed *m) {
  uint32_t namelen;
  uint64_t controllen;
  if (!o || !msgh) return -URING_EINVAL;
  namelen = msg_namelen(msgh);
  controllen = msg_controllen(msgh);
  if (controllen > 0x7fffffffu || namelen > 0x7fffffffu) return -URING_EINVAL;
  return uring_recvmsg_parse(o, sizeof(struct uring_recvmsg_out) + (size_t)namelen +
                                    (size_t)controllen,
                             namelen, (uint32_t)controllen, m);
}

struct cmsghdr *uring_recvmsg_cmsg_firsthdr(struct uring_recvmsg_out *o,
                                            const struct msghdr *msgh) {
  struct uring_recvmsg_parsed m;
  struct uring_recvmsg_cmsg c;
  if (parse_reserved(o, msgh, &m) < 0) return NULL;
  if (uring_recvmsg_cmsg_first(&m, &c) < 0) return NULL;
  return (struct cmsghdr *)unconst(c.hdr);
}

struct cmsghdr *uring_recvmsg_cmsg_nexthdr(struct uring_recvmsg_out *o,
                                           const struct msghdr *msgh, struct cmsghdr *cmsg) {
  struct uring_recvmsg_parsed m;
  struct uring_recvmsg_cmsg c;
  uintptr_t at, base;
  if (!cmsg || parse_reserved(o, msgh, &m) < 0 || !m.control) return NULL;
  /* Compared as integers: a cmsg from anywhere else must not become pointer arithmetic
   * across objects. */
  at = (uintptr_t)cmsg;
  base = (uintptr_t)m.control;
  if (at < base || at - base >= m.control_len) return NULL;
  c.offset = at - base;
  /* The parser re-reads the current header and checks the next one's cmsg_len against
   * the control bytes left. */
  if (uring_recvmsg_cmsg_next(&m, &c) < 0) return NULL;
  /* liburing's (and CMSG_NXTHDR's) one further condition: the next message's padding
   * must fit as well. */
  if (URING_CMSG_ALIGN((uint64_t)URING_CMSG_LEN(c.len)) > (uint64_t)m.control_len - c.offset)
    return NULL;
  return (struct cmsghdr *)unconst(c.hdr);
}

void *uring_recvmsg_payload(struct uring_recvmsg_out *o, const struct msghdr *msgh) {
  if (!o || !msgh) return NULL;
  /* Integer sums: sizes that no buffer holds give an address, never undefined pointer
   * arithmetic; after uring_recvmsg_validate it lies inside the buffer or at its end. */
  return (void *)((uintptr_t)o + sizeof(struct uring_recvmsg_out) + msg_namelen(msgh) +
                  (uintptr_t)msg_controllen(msgh));
}

unsigned int uring_recvmsg_payload_length(struct uring_recvmsg_out *o, int buf_len,
                                          const struct msghdr *msgh) {
  uint64_t room;
  uint32_t namelen;
  uint64_t controllen;
  if (!o || !msgh || buf_len < 0) return 0;
  room = (uint64_t)buf_len;
  namelen = msg_namelen(msgh);
  controllen = msg_controllen(msgh);
  if (room <= sizeof(struct uring_recvmsg_out)) return 0;
  room -= sizeof(struct uring_recvmsg_out);
  if (namelen >= room) return 0;
  room -= namelen;
  if (controllen >= room) return 0;
  return (unsigned int)(room - controllen);
}
