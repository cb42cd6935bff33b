#!/usr/bin/python3
# lazy.py MIB GO END: memory that follows its process after a move
# (Documentation/migration.rst, "Memory").  Fills MIB MiB of private
# anonymous memory (an mmap, half of it, and a region it will mremap, a
# quarter) with random bytes, prints "ready", and waits for the file GO,
# which the test makes once the process runs on another node.  Then, while
# its pages are still arriving: unmaps one page in the middle of a 4 MiB
# mapping (the kernel then tells of the whole 2 MiB around it: the rest
# must stay), discards the first MiB of the mmap (MADV_DONTNEED: zeros
# from then on), forks a child that checks all of it, moves the region
# elsewhere (mremap), and checks everything again.
# Prints "lazy ok", or what differed and "lazy BAD"; then waits for the
# file END and exits 0, or 1 if something differed.
import ctypes
import hashlib
import mmap
import os
import sys
import time

MIB = 1 << 20
total, go, end = int(sys.argv[1]) * MIB, sys.argv[2], sys.argv[3]

libc = ctypes.CDLL(None, use_errno=True)
libc.mmap.restype = ctypes.c_void_p
libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int,
                      ctypes.c_int, ctypes.c_long]
libc.munmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
libc.mremap.restype = ctypes.c_void_p
libc.mremap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_size_t, ctypes.c_int,
                        ctypes.c_void_p]
MREMAP_MAYMOVE, MREMAP_FIXED = 1, 2
FAILED = ctypes.c_void_p(-1).value


def anon(size, hint=None):
    addr = libc.mmap(hint, size, mmap.PROT_READ | mmap.PROT_WRITE,
                     mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS, -1, 0)
    if addr == FAILED:
        sys.exit("mmap: errno %d" % ctypes.get_errno())
    return addr


def digest(data):
    return hashlib.sha256(data).hexdigest()


mapped = mmap.mmap(-1, total // 2, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
mapped.write(os.urandom(total // 2))
heap = bytearray(os.urandom(total // 4))
region_len = total // 4
region = anon(region_len)
ctypes.memmove(region, os.urandom(region_len), region_len)
# A page in the middle of the 2 MiB-aligned part of a 4 MiB mapping,
# placed above the others (64 MiB below the stack, where nothing is), so
# that the target's pullers, which go up from the lowest address, come to
# it last and the unmap finds its pages still awaited.
SPLIT_LEN, PAGE = 4 * MIB, mmap.PAGESIZE
with open("/proc/self/maps") as maps:
    stack = next(int(line.split("-")[0], 16) for line in maps if line.rstrip().endswith("[stack]"))
split = anon(SPLIT_LEN, (stack - 64 * MIB) & ~(2 * MIB - 1))
ctypes.memmove(split, os.urandom(SPLIT_LEN), SPLIT_LEN)
hole = ((split + 2 * MIB - 1) & ~(2 * MIB - 1)) + MIB


def split_kept():
    return (ctypes.string_at(split, hole - split) +
            ctypes.string_at(hole + PAGE, split + SPLIT_LEN - hole - PAGE))


want = {
    "split": digest(split_kept()),
    "mapped": digest(mapped[MIB:]),
    "heap": digest(heap),
    "region": digest(ctypes.string_at(region, region_len)),
}


def check(where, region_at):
    bad = []
    if mapped[:MIB] != bytes(MIB):
        bad.append("the discarded MiB is not zero")
    if digest(mapped[MIB:]) != want["mapped"]:
        bad.append("the mmap differs")
    if digest(heap) != want["heap"]:
        bad.append("the heap differs")
    if digest(ctypes.string_at(region_at, region_len)) != want["region"]:
        bad.append("the region differs")
    if digest(split_kept()) != want["split"]:
        bad.append("the mapping split by an unmapped page differs")
    for what in bad:
        print(where + ": " + what, flush=True)
    return not bad


def wait(path):
    while not os.path.exists(path):
        time.sleep(0.01)


print("ready", flush=True)
wait(go)
if libc.munmap(hole, PAGE):
    sys.exit("munmap: errno %d" % ctypes.get_errno())
mapped.madvise(mmap.MADV_DONTNEED, 0, MIB)
child = os.fork()
if child == 0:
    os._exit(0 if check("child", region) else 1)
_, status = os.waitpid(child, 0)
ok = status == 0
# Moved to a place of its own: every page goes with it.
elsewhere = anon(region_len)
moved = libc.mremap(region, region_len, region_len, MREMAP_MAYMOVE | MREMAP_FIXED, elsewhere)
if moved != elsewhere:
    sys.exit("mremap: errno %d" % ctypes.get_errno())
ok = check("after mremap", moved) and ok
print("lazy ok" if ok else "lazy BAD", flush=True)
wait(end)
sys.exit(0 if ok else 1)
