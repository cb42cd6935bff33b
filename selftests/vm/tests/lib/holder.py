#!/usr/bin/python3
"""holder.py MODE READY: hold what MODE names (something that keeps a process
from migrating, or nothing), write this process's PID to READY, then wait.

Modes: plain (stdin, stdout and stderr open), closed (no descriptor at
all), threads (closed, and four more threads sleeping), shared-file,
sysv-shm, shared-anon, mlock, timers, io-uring, device (/dev/mem)."""
import ctypes
import mmap
import os
import signal
import sys
import threading
import time

mode, ready = sys.argv[1], sys.argv[2]
libc = ctypes.CDLL(None, use_errno=True)
held = []


def fail(what):
    sys.exit("holder.py %s: %s: %s" % (mode, what, os.strerror(ctypes.get_errno())))


def close_all():
    for fd in sorted(map(int, os.listdir("/proc/self/fd")), reverse=True):
        try:
            os.close(fd)
        except OSError:
            pass  # the directory's own descriptor, gone already


def sleeper():
    while True:
        time.sleep(0.1)


if mode == "shared-file":
    f = open("/tmp/holder.map", "w+b")
    f.write(b"\0" * 4096)
    f.flush()
    held.append(mmap.mmap(f.fileno(), 4096))
elif mode == "sysv-shm":
    libc.shmat.restype = ctypes.c_void_p
    shmid = libc.shmget(0, 4096, 0o1600)  # IPC_PRIVATE, IPC_CREAT | 0600
    if shmid < 0 or libc.shmat(shmid, None, 0) in (None, ctypes.c_void_p(-1).value):
        fail("shmget/shmat")
    libc.shmctl(shmid, 0, None)  # IPC_RMID: gone once detached
elif mode == "shared-anon":
    held.append(mmap.mmap(-1, 4096))
elif mode == "mlock":
    if libc.mlockall(1):  # MCL_CURRENT
        fail("mlockall")
elif mode == "timers":
    signal.setitimer(signal.ITIMER_REAL, 3600)
elif mode == "io-uring":
    params = ctypes.create_string_buffer(120)
    if libc.syscall(425, 8, params) < 0:  # io_uring_setup
        fail("io_uring_setup")
elif mode == "device":
    fd = os.open("/dev/mem", os.O_RDONLY)
    held.append(mmap.mmap(fd, 4096, mmap.MAP_SHARED, mmap.PROT_READ, offset=0xF0000))
elif mode not in ("plain", "closed", "threads"):
    sys.exit("holder.py: unknown mode " + mode)

if mode == "threads":
    for _ in range(4):
        threading.Thread(target=sleeper, daemon=True).start()
if mode in ("closed", "threads"):
    close_all()
fd = os.open(ready + ".part", os.O_WRONLY | os.O_CREAT, 0o644)
os.write(fd, b"%d\n" % os.getpid())
os.close(fd)
os.rename(ready + ".part", ready)
while True:
    time.sleep(1000)
