#!/usr/bin/python3
# Waits up to 120 s for SIGUSR1 and prints who sent it: "si_pid si_uid
# si_code".  Its own PID goes to FILE first (written whole, then renamed).
# Usage: siginfo.py FILE
import os
import signal
import sys

signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR1])
with open(sys.argv[1] + ".part", "w") as f:
    f.write(f"{os.getpid()}\n")
os.rename(sys.argv[1] + ".part", sys.argv[1])
info = signal.sigtimedwait([signal.SIGUSR1], 120)
if info is None:
    sys.exit("no SIGUSR1 in 120 s")
print(info.si_pid, info.si_uid, info.si_code)
