#!/usr/bin/env python3
"""Writes the seed corpora under fuzz/corpus/ (run from anywhere; rewrites the seeds it
names, leaves other files, such as reproducers, alone).

The byte layouts follow the fuzzers' decoders: sqe_sequence.c (actions), mem_size.c,
recvmsg_parser.c.
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))

# sqe_sequence actions: the opcode byte is taken modulo 18.
PREP, SETFL, SUBMIT, SUBWAIT, PEEK, COPY, ITER, PBATCH, WAIT, FAULT, POST = 0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
RW, TIMEOUT, POLL, CANCEL, READY, ADVANCE = 12, 13, 14, 15, 16, 17
# RW sel: op = sel % 5 (read, write, readv, writev, fsync), 0x80 at the file position.
READ, WRITE, READV, WRITEV, FSYNC, AT_POS = 0, 1, 2, 3, 4, 0x80
# TIMEOUT sel: & 7 the time (mock: 0, 1us, 2us, 5us, 20us, 100us, 1ms, 1s; kernel: the
# first five), 0x08 multishot; count byte: & 4 with a count of 1 + (& 3).
T_MULTI = 0x08
# POLL sel: & 1 the fd, (>> 1) & 3 the events (IN, OUT, IN|OUT, IN), 0x08 multishot.
P_MULTI = 0x08
# CANCEL sel % 7: by user_data, + ALL, ANY, ANY|ALL, FD|ALL, TIMEOUT_REMOVE, POLL_REMOVE.
C_UD, C_UD_ALL, C_ANY, C_ANY_ALL, C_FD, T_REMOVE, P_REMOVE = range(7)
# READY byte: & 1 the fd, (>> 1) & 7 the events (none, IN, OUT, IN|OUT, HUP, IN, none, IN).
# ADVANCE byte & 7: 500ns, 1us, 10us, 100us, 1ms, 2s, 3us, 50us (mock only).
# Flag selectors (sqe_flags_for): 0 none, 2 CQE_SKIP_SUCCESS, 3 ASYNC, 4 FIXED_FILE,
# 5 SKIP|ASYNC, 6 BUFFER_SELECT, 7 raw byte.  NOP selectors: 0 plain, 1 inject result,
# 2 CQE32 payload, 3 TW, 4 raw nop_flags.
SQE128, CQE32, NO_SQARRAY, SUBMIT_ALL, CQSIZE = 1, 2, 4, 8, 16


def prep(fsel=0, nsel=0, hi=0, raw=0, extra=b""):
    return bytes([PREP, fsel, nsel, hi, raw]) + extra


def nops(n, fsel=0):
    return b"".join(prep(fsel, 0, i) for i in range(n))


def rw(sel, off, length, split=0, fsel=0, hi=0, raw=0):
    return bytes([RW, fsel, raw, hi, sel, off, length, split])


def timeout(sel, cnt=0, fsel=0, hi=0, raw=0):
    return bytes([TIMEOUT, fsel, raw, hi, sel, cnt])


def poll(sel, fsel=0, hi=0, raw=0):
    return bytes([POLL, fsel, raw, hi, sel])


def cancel(sel, back=0, fsel=0, hi=0, raw=0):
    return bytes([CANCEL, fsel, raw, hi, sel, back])


def ready(fd, events):
    return bytes([READY, fd | events << 1])


def advance(b):
    return bytes([ADVANCE, b])


def write(name, files):
    d = os.path.join(HERE, "corpus", name)
    os.makedirs(d, exist_ok=True)
    for fname, data in files.items():
        with open(os.path.join(d, fname), "wb") as f:
            f.write(data)


def sqe_sequence(mock):
    def hdr(size, flags, cq=0, start=0, backlog=0x00):
        h = bytes([size, flags, cq])
        return h + bytes([start, backlog]) if mock else h

    seeds = {
        "basic": hdr(7, 0) + nops(4) + bytes([SUBMIT, PEEK, PEEK, COPY, 3, ITER, 0]),
        "wait": hdr(3, SUBMIT_ALL) + nops(3) + bytes([SUBWAIT, 3, WAIT, 2, PBATCH, 0x23, COPY, 15]),
        "skip": hdr(7, 0) + nops(2, 2) + prep(2, 1, 9, 0, b"") + prep(0, 1, 7)
        + bytes([SETFL, 2, 0, SUBMIT, ITER, 0]),
        "cqe32": hdr(15, CQE32 | SQE128) + prep(0, 2, 1, 0, struct.pack("<II", 0x1234, 0x55))
        + prep(0, 2, 2, 0, struct.pack("<II", 7, 9)) + bytes([SUBMIT, COPY, 1, PEEK]),
        "nosqarray": hdr(1, NO_SQARRAY | CQSIZE, 0x21) + nops(2) + bytes([SUBMIT]) + nops(2)
        + bytes([SUBWAIT, 2, ITER, 1, ITER, 0]),
        "flags": hdr(7, 0) + prep(7, 4, 1, 0x40, b"\x3f") + prep(6, 0, 2) + prep(4, 3, 3)
        + prep(7, 0, 4, 0x04) + prep(3, 0, 5) + bytes([SUBMIT, SUBMIT, COPY, 15]),
        "overflow": hdr(0, CQSIZE, 0x12) + b"".join(nops(1) + bytes([SUBMIT]) for _ in range(6))
        + bytes([COPY, 15, COPY, 15]),
        "rw": hdr(15, 0) + rw(WRITE, 10, 40) + rw(READ, 10, 40) + rw(READV, 180, 30, 7)
        + rw(WRITEV, 100, 64, 20) + rw(FSYNC, 0, 0) + rw(READ | AT_POS, 0, 20) + rw(READ | AT_POS, 0, 20)
        + rw(WRITE, 200, 10) + rw(READ, 250, 10) + bytes([SUBMIT, COPY, 15, SUBWAIT, 1, COPY, 15]),
        "rw_chain": hdr(15, 0) + rw(WRITE, 0, 64, 0, 7) + rw(READV, 0, 64, 33, 7) + rw(FSYNC | 0x40, 0, 0, 0, 2)
        + rw(READ, 150, 64, 0, 3) + bytes([SUBMIT, SUBWAIT, 2, COPY, 15, WAIT, 1, COPY, 15]),
        "timeout": hdr(7, 0) + timeout(1) + timeout(5, 4 | 1) + nops(3) + bytes([SUBMIT]) + advance(2)
        + bytes([COPY, 15]) + timeout(T_MULTI | 2, 3) + bytes([SUBWAIT, 1]) + advance(4) + bytes([COPY, 15, ITER, 0]),
        "poll": hdr(7, 0) + poll(0) + poll(P_MULTI | 1) + bytes([SUBMIT]) + ready(0, 1) + ready(1, 1)
        + bytes([COPY, 15]) + ready(1, 3) + bytes([SUBMIT, COPY, 15]) + ready(1, 0) + bytes([COPY, 15]),
        "cancel": hdr(7, 0) + timeout(7) + poll(0) + poll(P_MULTI | 3) + bytes([SUBMIT])
        + cancel(C_UD, 1) + cancel(P_REMOVE, 2) + cancel(T_REMOVE, 5) + cancel(C_UD_ALL, 3)
        + bytes([SUBMIT, COPY, 15]) + poll(1) + poll(P_MULTI) + cancel(C_FD, 0) + cancel(C_ANY_ALL)
        + cancel(C_ANY) + bytes([SUBMIT, COPY, 15]) + advance(5) + bytes([COPY, 15]),
        "poll_chain": hdr(7, 0) + poll(0, 7) + nops(1) + timeout(2, 0, 12) + nops(1, 2) + bytes([SUBMIT, COPY, 15])
        + ready(0, 1) + bytes([COPY, 15, SUBWAIT, 1, COPY, 15]),
        "multishot_overflow": hdr(0, CQSIZE, 0x12) + poll(P_MULTI) + bytes([SUBMIT])
        + b"".join(ready(0, 1) + ready(0, 0) for _ in range(8)) + timeout(T_MULTI | 1, 3)
        + bytes([SUBMIT]) + advance(4) + bytes([COPY, 15, COPY, 15]),
    }
    if mock:
        seeds.update({
            "wrap": hdr(3, 0, 0, 0xff) + b"".join(nops(3) + bytes([SUBMIT, COPY, 15]) for _ in range(4)),
            "faults": hdr(7, 0) + nops(3) + bytes([FAULT, 0x00, SUBMIT, FAULT, 0x05, SUBMIT, SUBMIT])
            + bytes([FAULT, 0x0e]) + struct.pack("<h", -5) + nops(2, 2) + bytes([SUBMIT, PEEK, PEEK]),
            "lost": hdr(0, CQSIZE, 0x02, 0, 0x81) + b"".join(nops(1) + bytes([SUBMIT]) for _ in range(6))
            + bytes([POST, 1]) + struct.pack("<hBI", -4, 0, 5) + bytes([WAIT, 1, COPY, 15, COPY, 15]),
            "sq_full": hdr(1, SUBMIT_ALL) + nops(3) + bytes([SUBMIT]) + nops(3) + bytes([SUBWAIT, 2, COPY, 15]),
            "batch": hdr(7, 0) + nops(6) + bytes([SUBMIT, PBATCH, 0x47, PBATCH, 0x0f, ITER, 2, ITER, 0]),
            "post": hdr(7, CQE32) + bytes([POST, 3]) + struct.pack("<hBI", 17, 2, 0xabcdef)
            + nops(1) + bytes([SUBMIT, PBATCH, 0x13, PEEK]),
        })
    return seeds


def mem_size():
    # entries u32, flags u32, cq_entries u32
    def m(e, f, c=0):
        return struct.pack("<III", e, f, c)
    return {
        "one": m(1, 0),
        "default": m(64, 0),
        "sqe128_cqe32": m(100, (1 << 10) | (1 << 11)),
        "nosqarray": m(8, 1 << 16),
        "cqsize": m(4, 1 << 3, 1000),
        "clamp": m(0xffffffff, (1 << 3) | (1 << 4), 0xffffffff),
        "zero": m(0, 0),
        "too_big": m(32769, 0),
        "cq_small": m(64, 1 << 3, 8),
    }


def recvmsg():
    # namelen u16, controllen u16, then the buffer
    def r(namelen, controllen, buf):
        return struct.pack("<HH", namelen, controllen) + buf

    hdr = lambda nl, cl, pl, fl: struct.pack("<IIII", nl, cl, pl, fl)
    cmsg = lambda level, typ, data: struct.pack("<Qii", 16 + len(data), level, typ) + data + b"\0" * ((-len(data)) % 8)
    ctrl = cmsg(0, 8, b"\1\2\3\4") + cmsg(41, 50, b"x" * 20)
    name = b"\2\0\x1f\x90\x7f\0\0\1" + b"\0" * 8
    return {
        "plain": r(16, 64, hdr(16, len(ctrl), 5, 0) + name + ctrl + b"\0" * (64 - len(ctrl)) + b"hello"),
        "noname": r(0, 0, hdr(0, 0, 3, 0) + b"abc"),
        "trunc": r(8, 16, hdr(28, 16, 100, 0x28) + b"n" * 8 + cmsg(1, 1, b"") + b"pay"),
        "badcmsg": r(0, 32, hdr(0, 32, 0, 0) + struct.pack("<Qii", 200, 1, 1) + b"\0" * 16),
        "short": r(16, 16, hdr(16, 16, 0, 0)),
        # The kernel's cut last message: cmsg_len 20 where the room ended, MSG_CTRUNC;
        # the liburing-shaped walk stops before it, the native one returns it.
        "ctrunc_tail": r(0, 52, hdr(0, 52, 1, 0x08) + cmsg(0, 8, b"\1" * 12)
                         + struct.pack("<Qii", 20, 1, 29) + b"\2" * 4 + b"p"),
        # msg_controllen with bit 40 set (controllen bit 14): no buffer holds that.
        "controllen64": r(0, 0x4010, hdr(0, 16, 1, 0) + cmsg(1, 1, b"") + b"p"),
    }


def hostile():
    # [size][flags][cq][start][tamper] + setup lies + steps of [scribble?][which lie] op arg
    def steps(*ops):
        return b"".join(bytes([0]) + bytes(o) for o in ops)
    nop, sub, peek, copy, it, batch, wait = (0, 1), (2, 0), (4, 0), (5, 15), (6, 15), (7, 15), (8, 0)
    plain = steps(nop, nop, sub, peek, copy, it, batch, wait)
    return {
        "honest": bytes([7, 0, 0, 0, 0]) + plain,
        "sizes": bytes([7, 0, 0, 0, 0x13, 1, 1]) + plain,
        "sizes_agree": bytes([7, 0, 0, 0, 0x13, 0, 1, 0, 0xff]) + plain,
        "sq_offset": bytes([3, 4, 0, 0, 0x04, 2, 0, 8]) + plain,
        "cq_offset": bytes([3, 2, 0, 0, 0x08, 5, 3, 0x40, 0x01, 0, 0]) + plain,
        "counters": bytes([3, 0, 0, 1, 0x20, 0, 2, 0, 5]) + plain,
        "scribble_tail": bytes([7, 0, 0, 0, 0]) + steps(nop, sub) + bytes([1, 3, 3, 0xff, 0xff, 0xff, 0x7f, 6, 15])
        + bytes([1, 0, 0, 4]) + steps(nop, nop, sub, copy, wait),
        "scribble_flags": bytes([7, 2, 0, 0, 0]) + bytes([1, 1, 2, 0, 4, 0]) + steps(peek, copy, wait, sub)
        + bytes([1, 7, 0, 40, 0, 1]) + steps(sub, copy),
    }


def buf_ring():
    # [entries u32][cqe flags u32][mode][bgid u16] then actions: op % 5 = add (+ offset byte),
    # advance, read, read and give back, status. Mode & 3 picks 1/2/8/16 entries; mode & 4
    # maps the ring in kernel memory.
    def head(entries, flags, mode, bgid):
        return struct.pack("<IIBH", entries, flags, mode, bgid)
    return {
        "mapped_reads": head(8, 0x10001, 2 | 4, 3)
        + bytes([1, 8, 0, 2, 10, 0, 2, 63, 0, 2, 5, 0, 4, 0, 0, 2, 1, 0, 1, 3, 0, 2, 7, 0, 4, 0, 0]),
        "caller_adds_giveback": head(16, 0x2, 3, 65535)
        + bytes([0, 3, 9, 0xFF, 1, 16, 0, 3, 40, 0, 3, 2, 0, 0, 5, 1, 17, 1, 16, 0])
        + bytes([1, 255, 0]) * 258 + bytes([2, 9, 0, 4, 0, 0, 3, 9, 0, 4, 0, 0]),
        "one_entry": head(1, 0x8000, 0, 0) + bytes([1, 1, 0, 3, 30, 0, 2, 30, 0, 2, 1, 0, 4, 0, 0]),
        "limits": head(32768, 0x3, 1, 7) + bytes([1, 2, 0, 2, 64, 0]),
        "too_big": head(65536, 0xFFFFFFFF, 5, 9) + bytes([4, 0, 0]),
    }


def main():
    write("sqe_sequence_mock", sqe_sequence(True))
    write("sqe_sequence_kernel", sqe_sequence(False))
    write("mem_size", mem_size())
    write("recvmsg_parser", recvmsg())
    write("hostile_ring", hostile())
    write("buf_ring", buf_ring())


if __name__ == "__main__":
    main()
