#!/usr/bin/python3
# A fork bomb that stops itself: starts `sleep` processes until the kernel
# refuses a fork, reports how many it got and why it stopped, checks that
# every PID came from [FIRST, LAST], kills them all and exits 0 only if the
# refusal was EAGAIN.  Usage: forkbomb.py FIRST LAST
import errno
import subprocess
import sys

first, last = int(sys.argv[1]), int(sys.argv[2])
children = []
try:
    while True:
        children.append(subprocess.Popen(["sleep", "1000"]))
except OSError as e:
    refusal = e
outside = [c.pid for c in children if not first <= c.pid <= last]
print(f"fork bomb: {len(children)} processes, then: {refusal}")
for c in children:
    c.kill()
for c in children:
    c.wait()
if outside:
    print(f"PIDs outside {first}-{last}: {outside[:10]}")
sys.exit(0 if refusal.errno == errno.EAGAIN and not outside else 1)
