// uring/sys/abi.h against liburing 2.3 (Debian 12's liburing-dev): <liburing.h>
// and its bundled <liburing/io_uring.h>, a copy of the kernel 6.1 uapi header
// with a few 6.1 additions missing. Every constant and every struct size and
// field offset the two define in common must agree; what liburing 2.3 lacks is
// pinned in abi_layout_test.cc instead. The comparisons live in abi_common.inc.
//
// liburing's copy uses the kernel header's include guard, so it cannot share a
// translation unit with <linux/io_uring.h> (see abi_kernel_test.cc).
#include <liburing.h>

#define ABI_SUITE AbiLiburing23
// liburing 2.3 lacks ASYNC_CANCEL_USERDATA/_OP, SEND_ZC_REPORT_USAGE,
// NOTIF_USAGE_ZC_COPIED and IORING_OFF_MMAP_MASK; abi_kernel_test.cc checks
// them against 6.1.
#define ABI_HAS_CANCEL_USERDATA_OP 0
#define ABI_HAS_SEND_ZC_USAGE 0
#define ABI_HAS_OFF_MMAP_MASK 0
// Its bufs is a plain zero-length array in the union, so unlike 6.1's
// __DECLARE_FLEX_ARRAY it sits at offset 0 in C++ too.
#define ABI_CHECK_BUF_RING_BUFS_OFFSET 1

#include "tests/abi_common.inc"
