#!/usr/bin/python3
# A fork bomb that stops itself: forks children that wait for a signal
# until the kernel refuses a fork, reports how many it got and why it
# stopped, checks that every PID came from [FIRST, LAST], kills them all
# and exits 0 only if the refusal was EAGAIN.  The children only fork, as
# a bomb does: an exec per child cost 0.2 s each on the release kernel
# under TCG and tests nothing the range needs.  Usage: forkbomb.py FIRST LAST
import errno
import os
import signal
import sys

first, last = int(sys.argv[1]), int(sys.argv[2])
children = []
try:
    while True:
        pid = os.fork()
        if pid == 0:
            while True:
                signal.pause()
        children.append(pid)
except OSError as e:
    refusal = e
outside = [pid for pid in children if not first <= pid <= last]
print(f"fork bomb: {len(children)} processes, then: {refusal}")
for pid in children:
    os.kill(pid, signal.SIGKILL)
for pid in children:
    os.waitpid(pid, 0)
if outside:
    print(f"PIDs outside {first}-{last}: {outside[:10]}")
sys.exit(0 if refusal.errno == errno.EAGAIN and not outside else 1)
