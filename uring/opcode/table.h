/* One row per opcode: its name, family, the kernel that added it, and which SQE fields
 * carry user memory, for tools that must know what an SQE points at (the probe tool, the
 * fuzzers, the ASan pre-submit check).
 *
 *   const struct uring_opcode_desc *info = uring_opcode_info(sqe->opcode);
 *   if (info && (info->ptrs & URING_OPINFO_ADDR)) ... sqe->addr is a user address ...
 *
 * The pointer description is of the plain form each opcode's prep helper builds. Flags
 * change it for some requests: with URING_SQE_BUFFER_SELECT a read or receive takes its
 * buffer from a provided group and addr is unused; fixed-buffer forms point into a
 * registered buffer; an update flag makes TIMEOUT_REMOVE read a timespec at addr2;
 * SEND/SEND_ZC read addr2 only when it is non-zero; URING_CMD's payload is the driver's. A
 * zero address is never dereferenced as an optional pointer. */
#ifndef URING_OPCODE_TABLE_H
#define URING_OPCODE_TABLE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* uring_opcode_info.ptrs: which fields are user addresses, and what len means. */
#define URING_OPINFO_ADDR (1u << 0)       /* sqe->addr is a user address */
#define URING_OPINFO_ADDR2 (1u << 1)      /* sqe->addr2 (sqe->off) is a user address */
#define URING_OPINFO_ADDR3 (1u << 2)      /* sqe->addr3 is a user address */
#define URING_OPINFO_LEN_BYTES (1u << 3)  /* sqe->len is the byte length of the buffer at addr */
#define URING_OPINFO_LEN_IOVECS (1u << 4) /* sqe->len counts the struct iovecs at addr */
#define URING_OPINFO_CMD (1u << 5)        /* the driver-defined payload from byte 48 */

/* What one address field points at (uring_opcode_info.addr_kind and friends). */
#define URING_OPPTR_NONE 0u     /* not an address */
#define URING_OPPTR_BUF 1u      /* a buffer of sqe->len bytes */
#define URING_OPPTR_IOVEC 2u    /* sqe->len struct iovecs (16 bytes each on 64-bit) */
#define URING_OPPTR_STRING 3u   /* a NUL-terminated string (path or attribute name) */
#define URING_OPPTR_OBJECT 4u   /* one object of `..._size` bytes */
#define URING_OPPTR_ARRAY 5u    /* sqe->len objects of `..._size` bytes each */
#define URING_OPPTR_SOCKADDR 6u /* a socket address: its length is in sqe->addr2 (CONNECT,
                                 * BIND), sqe->addr_len (SEND/SEND_ZC destination) or in
                                 * the socklen_t at sqe->addr2 (ACCEPT) */
#define URING_OPPTR_BUFFERS 7u  /* sqe->fd buffers of sqe->len bytes (PROVIDE_BUFFERS) */

/* One opcode's row. (Not named after uring_opcode_info(): in C++ a struct and a function of
 * one name hide each other, which g++ -Wshadow reports in every program that includes this.) */
struct uring_opcode_desc {
  const char *name;   /* "READV": the opcode without URING_OP_ */
  const char *family; /* the //uring/opcode target with its helpers: "rw", "net", ... */
  uint8_t opcode;
  uint8_t since_major; /* first kernel release with the opcode, e.g. 5 and 6 for 5.6 */
  uint8_t since_minor;
  uint8_t sqe_bytes; /* 64, or 128 for the opcodes that need a 128-byte entry */
  uint32_t ptrs;     /* URING_OPINFO_* */
  uint8_t addr_kind; /* URING_OPPTR_* for sqe->addr, sqe->addr2, sqe->addr3 */
  uint8_t addr2_kind;
  uint8_t addr3_kind;
  uint8_t resv;
  uint16_t addr_size; /* object or element size for URING_OPPTR_OBJECT / _ARRAY, else 0 */
  uint16_t addr2_size;
  uint16_t addr3_size;
};

/* The row for `op`, or NULL when this library does not know the opcode. */
const struct uring_opcode_desc *uring_opcode_info(unsigned op);

/* The number of rows: opcodes 0 .. uring_opcode_count() - 1 (URING_OP_LAST). */
unsigned uring_opcode_count(void);

#ifdef __cplusplus
}
#endif

#endif /* URING_OPCODE_TABLE_H */
