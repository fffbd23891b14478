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
