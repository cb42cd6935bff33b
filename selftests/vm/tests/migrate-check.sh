#!/bin/bash
# `hivectl migrate --check` (Documentation/migration.rst, "Checking a
# process") on node 2, with unmodified programs:
# - a python3 counter printing into a pipe is stopped and checked 9 times
#   (7 on the debug kernel) while it counts: every number comes once, in
#   order, and the check finds its state (1 thread, its mappings, its
#   memory) and no reason: its working directory, /dev/null on
#   descriptor 0, the pipe on 1 (forwarded; the handle each check gave
#   it is dropped) and the log file on 2 are carried;
# - `stress-ng --vm 2 --vm-bytes 16M --verify`, its processes checked 4
#   times (3 on the debug kernel) while it runs, verifies its memory
#   without an error;
# - a process without descriptors can migrate (exit 0), also with four
#   more threads asleep, which all come back to sleep again, and so can
#   one holding a regular file open for appending, /dev/urandom and
#   /dev/null;
# - each thing a migration cannot carry is named: a seccomp filter, a
#   tracer (strace), a stopped process, a thread gdb holds past the
#   freeze's timeout (and checked again once gdb let it go); on the
#   release kernel also a shared file mapping, System V shared memory,
#   shared anonymous memory, mlock, an interval timer, io_uring, device
#   memory (/dev/mem);
# - wrong requests get a sentence: a process outside the domain, another
#   user's, no such process, a malformed PID;
# - node 1 checks node 2's process (node 2 stops it and answers), with
#   node 2's refusals: another user, no such process.
# hive-vm-timeout: release=900 debug=1500
# hive-vm-cluster: shared
set -euo pipefail
. "$HIVE_REPO/selftests/vm/tests/lib/cluster.sh"

lib=$HIVE_REPO/selftests/vm/tests/lib
size=1024
. "$lib/processes.sh"
# Checks of the counter and rounds over stress-ng: under KASAN a check of
# a python3 process costs seconds.
# The refusals that only classify a mapping or a flag run on the release
# kernel alone; the debug kernel keeps those that stop threads in other
# ways (a tracer, gdb past the timeout, a stopped process).
if uname -r | grep -q debug; then
	checks=6 rounds=3 classify=false
else
	checks=8 rounds=4 classify=true
fi

set_pid_range "$size"
bring_up

# reasons PID: the names of the reasons PID cannot migrate, sorted, one
# line; "none" when it can.  The exit status agrees: 3 cannot, 0 can.
reasons() {
	local rc=0
	hivectl migrate --check "$1" --json > /tmp/check.json || rc=$?
	python3 - "$rc" <<'EOF'
import json, sys
c = json.load(open("/tmp/check.json"))
names = sorted({r["reason"] for r in c["reasons"]})
assert (sys.argv[1] == "3") == (not c["can_migrate"]), (sys.argv[1], c)
assert c["can_migrate"] == (not names), c
print(" ".join(names) or "none")
EOF
}

# hold MODE [WRAPPER...]: a domain process holding MODE (lib/holder.py),
# its PID printed once it holds it.
hold() {
	local mode=$1
	shift
	rm -f "/tmp/ready.$mode"
	hivectl run -- "$@" python3 "$lib/holder.py" "$mode" "/tmp/ready.$mode" \
		< /dev/null > /dev/null 2>&1 {nap_fd}<&- &
	wait_for 120 "holder $mode ready" [ -e "/tmp/ready.$mode" ] >&2
	cat "/tmp/ready.$mode"
}

# expect MODE REASONS [WRAPPER...]: the holder of MODE cannot migrate for
# exactly REASONS.
expect() {
	local mode=$1 want=$2 pid got
	shift 2
	pid=$(hold "$mode" "$@")
	got=$(reasons "$pid")
	[ "$got" = "$want" ] || { echo "$mode: reasons '$got', expected '$want'"; cat /tmp/check.json; return 1; }
	{ hivectl migrate --check "$pid" || [ $? = 3 ]; } | sed 's/^/    /'
	kill -9 "$pid"
	echo "$mode: refused for $want"
}

if [ "$HIVE_NODE" = 2 ]; then
	# A counter, stopped and checked while it counts into a pipe.
	mkfifo /tmp/counter.fifo
	cat /tmp/counter.fifo > /tmp/counter &
	reader=$!
	hivectl run -- python3 -c 'import sys, time
n = 0
while True:
    print(n, flush=True)
    n += 1
    time.sleep(0.02)' > /tmp/counter.fifo < /dev/null {nap_fd}<&- &
	counter=$!
	wait_for 60 "the counter counting" [ -s /tmp/counter ]
	for _ in $(seq "$checks"); do
		[ "$(reasons "$counter")" = none ]
	done
	# Each check gave its pipe a handle and dropped it.
	[ "$(cat /sys/kernel/hive/processes/forwarded)" = 0 ]
	hivectl migrate --check "$counter"
	python3 - "$counter" <<'EOF'
import json, subprocess, sys
c = json.loads(subprocess.run(["hivectl", "migrate", "--check", sys.argv[1], "--json"],
                              capture_output=True, text=True).stdout)
assert c["threads"] == 1 and c["mappings"] >= 10, c
assert 4096 < c["state_bytes"] < 65536 and c["memory_bytes"] > 1 << 20, c
assert c["reasons"] == [], c
EOF
	sleep 0.5
	kill "$counter"
	wait "$counter" 2> /dev/null || true
	wait "$reader"
	python3 - <<'EOF'
numbers = [int(line) for line in open("/tmp/counter")]
assert numbers == list(range(len(numbers))), "a number missing or repeated"
print("the counter went on through its checks: %d numbers in order" % len(numbers))
EOF

	# A real program verifying its memory while it is checked.
	hivectl run -- stress-ng --temp-path /tmp --vm 2 --vm-bytes 16M --verify --timeout 40s \
		> /tmp/stress.log 2>&1 {nap_fd}<&- &
	stress=$!
	# Its workers' own workers verify the memory (stress-ng-vm [run]).
	verifying() { pgrep -f 'stress-ng-vm \[run\]' > /dev/null; }
	wait_for 60 "stress-ng's workers running" verifying
	for _ in $(seq "$rounds"); do
		for pid in $(pgrep stress-ng); do
			reasons "$pid" > /dev/null 2>&1 || ! kill -0 "$pid" 2> /dev/null
		done
		nap 1
	done
	wait "$stress" || { cat /tmp/stress.log; echo "stress-ng failed after the checks"; exit 1; }
	! grep -qi "verif.*fail\|error" /tmp/stress.log || { cat /tmp/stress.log; exit 1; }
	echo "stress-ng --vm --verify passed while checked $rounds times"

	# Nothing keeps these from moving.
	pid=$(hold closed)
	[ "$(reasons "$pid")" = none ]
	hivectl migrate --check "$pid"
	kill -9 "$pid"
	pid=$(hold threads)
	[ "$(reasons "$pid")" = none ]
	python3 -c 'import json; c = json.load(open("/tmp/check.json")); assert c["threads"] == 5, c'
	for _ in $(seq 5); do
		[ "$(reasons "$pid")" = none ]
	done
	grep -q '^Threads:.*5$' "/proc/$pid/status"
	kill -9 "$pid"
	echo "processes without descriptors can migrate, with 1 and with 5 threads"
	pid=$(hold plain)
	[ "$(reasons "$pid")" = none ]
	kill -9 "$pid"
	hivectl run -- python3 "$lib/holder.py" plain /tmp/ready.files \
		< /dev/null >> /tmp/files.log 2> /dev/urandom {nap_fd}<&- &
	wait_for 120 "holder with files ready" [ -e /tmp/ready.files ]
	[ "$(reasons "$(cat /tmp/ready.files)")" = none ]
	kill -9 "$(cat /tmp/ready.files)"
	echo "a process with a file open for appending, /dev/urandom and /dev/null can migrate"

	# What a migration cannot carry.
	expect plain confined python3 "$lib/seccomp.py"
	grep -q "a seccomp filter" /tmp/check.json
	pid=$(hold plain)
	strace -f -o /dev/null -p "$pid" &
	tracer=$!
	wait_for 30 "strace attached" grep -q "^TracerPid:[[:space:]]*$tracer" "/proc/$pid/status"
	[ "$(reasons "$pid")" = ptraced ]
	kill "$tracer"
	wait "$tracer" || true
	kill -9 "$pid"
	echo "plain: refused for ptraced while strace held it"
	# A thread that does not reach a safe point in time: gdb holds it in a
	# ptrace stop for 25 s.  Its work runs once gdb lets it go, finds the
	# freeze over and takes nothing; the process runs on.
	pid=$(hold plain)
	gdb -p "$pid" -batch -ex 'shell sleep 25' > /dev/null 2>&1 &
	debugger=$!
	wait_for 60 "gdb holding the holder" grep -q "^State:.*tracing stop" "/proc/$pid/status"
	[ "$(reasons "$pid")" = "no-safe-point ptraced" ]
	wait "$debugger" || true
	[ "$(reasons "$pid")" = none ]
	kill -9 "$pid"
	echo "plain: a thread held by gdb past the freeze's 10 s named, then checked again"
	if $classify; then
		expect shared-file shared-file
		grep -q "/tmp/holder.map" /tmp/check.json
		expect sysv-shm sysv-shm
		expect shared-anon shared-anon
		expect mlock mlock
		expect timers timers
		expect io-uring "descriptor io-uring"
		expect device "descriptor device"
	fi
	pid=$(hold plain)
	kill -STOP "$pid"
	wait_for 30 "the holder stopped" grep -q '^State:.*T' "/proc/$pid/status"
	[ "$(reasons "$pid")" = stopped ]
	kill -CONT "$pid"
	[ "$(reasons "$pid")" = none ]
	kill -9 "$pid"
	echo "stopped: refused until continued"

	# Wrong requests.
	sleep 1000 &
	outsider=$!
	expect_error "not in the hive domain" hivectl migrate --check "$outsider"
	kill "$outsider"
	pid=$(hold plain)
	echo "$pid" > "$HIVE_RESULTS/node2-holder"
	expect_error "owner or a user with CAP_KILL" setpriv --reuid=65534 --regid=65534 \
		--clear-groups hivectl migrate --check "$pid"
	expect_error "no such process on this node" hivectl migrate --check "$last"
	expect_error "a process id" hivectl migrate --check 0
	echo "wrong requests refused with their sentences"
fi
barrier checked
# From another node: node 2 checks its process for node 1's caller.
if [ "$HIVE_NODE" = 1 ]; then
	holder=$(cat "$HIVE_RESULTS/node2-holder")
	[ "$(reasons "$holder")" = none ]
	python3 -c 'import json; c = json.load(open("/tmp/check.json")); assert c["threads"] == 1 and c["mappings"] >= 10 and c["state_bytes"] > 4096, c'
	hivectl migrate --check "$holder" || [ $? = 3 ]
	expect_error "owner or a user with CAP_KILL" setpriv --reuid=65534 --regid=65534 \
		--clear-groups hivectl migrate --check "$holder"
	expect_error "no such process on the node whose PID range holds it" \
		hivectl migrate --check $((2 * size + size - 1))
	echo "node 2's process checked from node 1, with node 2's refusals"
fi
barrier done
[ "$HIVE_NODE" != 2 ] || kill -9 "$(cat "$HIVE_RESULTS/node2-holder")"
end_cluster
