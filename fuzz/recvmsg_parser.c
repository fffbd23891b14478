/* Fuzzer: the multishot recvmsg buffer parser (uring/ring/recvmsg.h) on arbitrary bytes,
 * and the liburing-shaped helpers built on it.
 *
 * Input: namelen (u16; bit 15 makes it huge), controllen (u16; likewise; bit 14 also sets
 * bit 40 of the msghdr's 64-bit msg_controllen), then the buffer.
 * The buffer is copied into an allocation of exactly its size, so ASan reports any byte
 * the parser reads outside it; every region the parser reports is then read in full, so a
 * pointer or length that claims bytes beyond the buffer is caught too. The liburing-shaped
 * helpers run on every buffer uring_recvmsg_validate accepts (their precondition), and
 * their control messages must be the native iterator's, in order. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "uring/ring/recvmsg.h"
#include "uring/sys/errcodes.h"
#include "fuzz/check.h"


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static volatile unsigned char sink;

/* Reads [p, p + n) and checks it lies inside [lo, hi). */
static void touch(const void *p, size_t n, const unsigned char *lo, const unsigned char *hi) {
  const unsigned char *c = (const unsigned char *)p;
  unsigned char acc = 0;
  if (!n) return;
  CHECK(c != NULL && c >= lo && c <= hi && n <= (size_t)(hi - c));
  for (size_t i = 0; i < n; i++) acc ^= c[i];
  sink = acc;
}

static void check_cmsg(const struct uring_recvmsg_parsed *m, const struct uring_recvmsg_cmsg *c) {
  const unsigned char *lo = (const unsigned char *)m->control, *hi = lo + m->control_len;
  CHECK(m->control != NULL);
  CHECK(c->offset % 8 == 0 && c->offset < m->control_len);
  CHECK((const unsigned char *)c->hdr == lo + c->offset);
  touch(c->hdr, sizeof(struct uring_cmsghdr), lo, hi);
  CHECK((const unsigned char *)c->data == lo + c->offset + sizeof(struct uring_cmsghdr));
  touch(c->data, c->len, lo, hi);
}

static uint32_t decode_len(uint16_t v) {
  return (v & 0x8000u) ? 0xffff0000u | v : v;
}

/* The headers the native iterator returns for the buffer as validated (the header and
 * the reserved areas), at most `max`; their count. */
static size_t native_walk(const unsigned char *buf, uint32_t namelen, uint32_t controllen,
                          const void **out, size_t max) {
  struct uring_recvmsg_parsed m;
  struct uring_recvmsg_cmsg c;
  size_t n = 0;
  if (uring_recvmsg_parse(buf, 16u + (size_t)namelen + controllen, namelen, controllen, &m) < 0)
    return 0;
  for (int r = uring_recvmsg_cmsg_first(&m, &c); r == 0 && n < max;
       r = uring_recvmsg_cmsg_next(&m, &c))
    out[n++] = c.hdr;
  return n;
}

static void check_liburing_shapes(unsigned char *buf, size_t len, uint32_t namelen,
                                  uint64_t controllen) {
  struct msghdr msg;
  struct uring_recvmsg_out *o;
  uint64_t reserved = 16u + (uint64_t)namelen + controllen;
  const unsigned char *control, *control_end;
  const void *native[64];
  size_t n_native, n = 0;
  struct cmsghdr *cm;

  memset(&msg, 0, sizeof msg);
  msg.msg_namelen = namelen;
  msg.msg_controllen = (size_t)controllen;
  o = uring_recvmsg_validate(buf, (int)len, &msg);
  CHECK((o != NULL) == (len >= reserved));
  if (!o) {
    CHECK(uring_recvmsg_payload_length((struct uring_recvmsg_out *)(void *)buf, (int)len,
                                       &msg) == 0);
    return;
  }
  CHECK((unsigned char *)o == buf);
  CHECK((unsigned char *)uring_recvmsg_name(o) == buf + 16);
  CHECK((unsigned char *)uring_recvmsg_payload(o, &msg) == buf + reserved);
  CHECK(uring_recvmsg_payload_length(o, (int)len, &msg) == len - reserved);
  touch(uring_recvmsg_payload(o, &msg), uring_recvmsg_payload_length(o, (int)len, &msg), buf,
        buf + len);

  /* Whatever is walked lies in the control bytes the header reports (never past the
   * reserved area), whole, and is the native iterator's next header. */
  control = buf + 16 + namelen;
  control_end = control + (o->controllen < controllen ? o->controllen : controllen);
  n_native = native_walk(buf, namelen, (uint32_t)controllen, native, 64);
  for (cm = uring_recvmsg_cmsg_firsthdr(o, &msg); cm && n < 64;
       cm = uring_recvmsg_cmsg_nexthdr(o, &msg, cm)) {
    const unsigned char *at = (const unsigned char *)cm;
    uint64_t clen;
    CHECK(n < n_native && (const void *)cm == native[n]);
    CHECK(at >= control && (size_t)(at - control) % 8 == 0);
    touch(at, 16, control, control_end);
    memcpy(&clen, at, 8);
    CHECK(clen >= 16);
    touch(at, (size_t)clen, control, control_end);
    n++;
  }

  /* A cmsg from anywhere, in the area or not, on a header boundary or not: NULL, or a
   * header inside the area. */
  {
    const uintptr_t base = (uintptr_t)control;
    const uintptr_t offs[5] = {0, 8, 4, (uintptr_t)(control_end - control),
                               (uintptr_t)0 - 16};
    for (int i = 0; i < 5; i++) {
      struct cmsghdr *probe = (struct cmsghdr *)(base + offs[i]);
      struct cmsghdr *next = uring_recvmsg_cmsg_nexthdr(o, &msg, probe);
      if (next) {
        const unsigned char *at = (const unsigned char *)next;
        CHECK(at >= control && at + 16 <= control_end);
        touch(at, 16, control, control_end);
      }
    }
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  struct uring_recvmsg_parsed m;
  struct uring_recvmsg_cmsg c;
  uint32_t namelen, controllen;
  unsigned char *buf;
  size_t len;
  int ret;

  if (size < 4) return 0;
  namelen = decode_len((uint16_t)(data[0] | data[1] << 8));
  controllen = decode_len((uint16_t)(data[2] | data[3] << 8));
  len = size - 4;
  buf = (unsigned char *)calloc(1, len ? len : 1); /* zeroed: len may be 0 */
  if (!buf) return 0;
  if (len) memcpy(buf, data + 4, len);

  if (len <= 0x7fffffffu)
    check_liburing_shapes(buf, len, namelen,
                          (uint64_t)controllen | ((data[3] & 0x40u) ? (uint64_t)1 << 40 : 0));

  ret = uring_recvmsg_parse(buf, len, namelen, controllen, &m);
  if (ret < 0) {
    CHECK(ret == -URING_EINVAL);
    CHECK(m.name == NULL && m.control == NULL && m.payload == NULL);
    CHECK(m.name_len == 0 && m.control_len == 0 && m.payload_len == 0);
    /* Iterating a failed parse finds nothing. */
    CHECK(uring_recvmsg_cmsg_first(&m, &c) == -URING_ENOENT);
    free(buf);
    return 0;
  }
  {
    const unsigned char *lo = buf, *hi = buf + len;
    uint64_t reserved = 16u + (uint64_t)namelen + controllen;
    CHECK(len >= reserved);
    CHECK(m.name_len <= namelen && m.name_len <= m.name_full_len);
    if (m.name_len) CHECK((const unsigned char *)m.name == buf + 16);
    touch(m.name, m.name_len, lo, hi);
    CHECK(m.control_len <= controllen);
    if (m.control_len) CHECK((const unsigned char *)m.control == buf + 16 + namelen);
    touch(m.control, m.control_len, lo, hi);
    CHECK((const unsigned char *)m.payload == buf + reserved);
    CHECK(m.payload_len <= m.payload_full_len);
    CHECK((uint64_t)m.payload_len == (m.payload_full_len < len - reserved ? m.payload_full_len : len - reserved));
    touch(m.payload, m.payload_len, lo, hi);
  }

  /* Walk the control messages: offsets strictly increase, so this ends. */
  {
    size_t last = 0;
    int first = 1;
    for (ret = uring_recvmsg_cmsg_first(&m, &c); ret == 0; ret = uring_recvmsg_cmsg_next(&m, &c)) {
      check_cmsg(&m, &c);
      CHECK(first || c.offset > last);
      first = 0;
      last = c.offset;
    }
    CHECK(ret == -URING_ENOENT || ret == -URING_EINVAL);
  }

  /* A tampered iterator: any offset, any length; the parser re-reads, never trusts. */
  {
    static const size_t odd[4] = {0, 8, (size_t)-8, (size_t)-1};
    size_t offs[4];
    offs[0] = (size_t)m.control_len / 2u;
    offs[1] = (size_t)namelen * 8u;
    offs[2] = odd[len & 3];
    offs[3] = (size_t)m.control_len - 8u;
    for (int i = 0; i < 4; i++) {
      memset(&c, 0, sizeof c);
      c.offset = offs[i];
      c.len = (size_t)-1;
      ret = uring_recvmsg_cmsg_next(&m, &c);
      CHECK(ret == 0 || ret == -URING_ENOENT || ret == -URING_EINVAL);
      if (ret == 0) check_cmsg(&m, &c);
    }
  }
  free(buf);
  return 0;
}
