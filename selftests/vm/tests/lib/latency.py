#!/usr/bin/python3
# Median and 99th percentile of COUNT calls, in ns: "p50_ns p99_ns".
# Usage: latency.py kill PID COUNT   (kill(PID, 0): existence and permission)
#        latency.py spawn COUNT CMD...   (start CMD and wait for it)
import os
import subprocess
import sys
import time


def measure(call, count):
    times = []
    for _ in range(count):
        start = time.perf_counter_ns()
        call()
        times.append(time.perf_counter_ns() - start)
    times.sort()
    return times[len(times) // 2], times[len(times) * 99 // 100]


if sys.argv[1] == "kill":
    pid = int(sys.argv[2])
    p50, p99 = measure(lambda: os.kill(pid, 0), int(sys.argv[3]))
else:
    argv = sys.argv[3:]
    p50, p99 = measure(lambda: subprocess.run(argv, check=True), int(sys.argv[2]))
print(p50, p99)
