// uring/sys/abi.h against the system's kernel uapi header <linux/io_uring.h>
// (Debian 12: kernel 6.1). Every constant and every struct size and field
// offset the two define in common must agree; what 6.1 lacks is pinned in
// abi_layout_test.cc instead. The comparisons live in abi_common.inc, shared
// with abi_liburing_test.cc: liburing ships its own copy of this header under
// the same include guard, so the two cannot be one translation unit.
#include <linux/io_uring.h>
#include <linux/time_types.h>

#define ABI_SUITE AbiKernel61
// 6.1 has these; liburing 2.3's copy predates them.
#define ABI_HAS_CANCEL_USERDATA_OP 1
#define ABI_HAS_SEND_ZC_USAGE 1
#define ABI_HAS_OFF_MMAP_MASK 1
// bufs[] overlays the header, entry 0 at the ring's address. Not checked
// here: 6.1's __DECLARE_FLEX_ARRAY puts an empty struct before bufs, which
// is 0 bytes in C but 1 in C++, so in C++ bufs lands at offset 8.
#define ABI_CHECK_BUF_RING_BUFS_OFFSET 0

#include "tests/abi_common.inc"
