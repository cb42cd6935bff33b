#!/usr/bin/python3
# Waits up to 120 s for a SIGUSR1 sent to this process and prints who sent
# it: "si_pid si_uid si_code".  Every thread blocks SIGUSR1, so kill(2)
# leaves the signal pending for the process (ShdPnd in /proc/self/status);
# once it is, a thread started only then takes it, by sigwait or by
# reading a signalfd (HOW): any thread may take a signal pending for its
# process.  The PID goes to FILE first (written whole, then renamed).
# Usage: siginfo.py FILE sigwait|signalfd
import ctypes
import os
import select
import signal
import struct
import sys
import threading
import time

path, how = sys.argv[1], sys.argv[2]
signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR1])
with open(path + ".part", "w") as f:
    f.write(f"{os.getpid()}\n")
os.rename(path + ".part", path)


def shared_pending():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("ShdPnd:"):
                return int(line.split()[1], 16) >> (signal.SIGUSR1 - 1) & 1
    return 0


deadline = time.monotonic() + 120
while not shared_pending():
    if time.monotonic() > deadline:
        sys.exit("no SIGUSR1 pending for the process within 120 s")
    time.sleep(0.1)

taken = []


def take():
    if how == "sigwait":
        info = signal.sigtimedwait([signal.SIGUSR1], 10)
        if info:
            taken.append((info.si_pid, info.si_uid, info.si_code))
        return
    libc = ctypes.CDLL(None, use_errno=True)
    mask = ctypes.create_string_buffer(struct.pack("Q", 1 << (signal.SIGUSR1 - 1)), 128)
    fd = libc.signalfd(-1, mask, 0)
    if fd < 0:
        sys.exit(f"signalfd: {os.strerror(ctypes.get_errno())}")
    if select.select([fd], [], [], 10)[0]:
        signo, _, code, pid, uid = struct.unpack_from("IiiII", os.read(fd, 128))
        taken.append((pid, uid, code))


thread = threading.Thread(target=take)
thread.start()
thread.join()
if not taken:
    sys.exit(f"SIGUSR1 pending for the process, but a new thread's {how} did not get it")
print(*taken[0])
