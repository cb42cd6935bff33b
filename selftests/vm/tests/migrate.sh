#!/bin/bash
# `hivectl migrate PID NODE` (Documentation/migration.rst, "Moving a
# process") from node 1 to node 2, with unmodified programs:
# - a python3 counter printing into a file that every node has (the
#   results share) moves while it counts: no number missing or repeated,
#   its CLOCK_MONOTONIC goes on (the nodes may have booted apart),
#   getppid() gives its parent on node 1 throughout, it runs on node 2
#   (node 2's hive.ko says so, `hivectl ps` lists it once, on node 2,
#   with that parent, node 1's copy holds no memory), and its exit status
#   7 reaches its parent's wait on node 1;
# - lazy.py's 32 MiB (4 MiB on the debug kernel) of private anonymous
#   memory follow it to node 2 after it runs there: while they arrive it
#   unmaps a page in the middle of a mapping (the rest stays right),
#   discards a MiB (zeros), forks a child that checks it all and moves a
#   region with mremap: every byte right; node 1's deputy held the memory
#   and gives it back once node 2 has it all (node 2 logs so, and awaits
#   no page);
# - sha256sum of a file every node has (32 MiB; 8 MiB on the debug
#   kernel), held to 2% of a CPU on node 1 by a cgroup there until the
#   move starts, moves mid-read: the digest is the file's;
# - pigz -p 4 (zopfli, small blocks: every thread busy) moves mid-run:
#   node 2 runs each thread that node 1's deputy keeps, with its TID,
#   and the output is that of a run that stayed;
# - hive-fpu-holder keeps known values in every SSE/AVX register and
#   MXCSR across sleeps while it moves (`auto`: to node 2 or 3): every
#   value arrives;
# - killing the process's task on node 1 (its deputy) kills it on node 2;
# - signals for a moved process reach it where it runs, through its
#   deputy: SIGUSR1 from node 1 and from node 3 runs its handler on
#   node 2, SIGSTOP stops it there and SIGCONT continues it, SIGTERM from
#   node 3 ends it (143 at its parent's wait); the deputy sleeps meanwhile;
#   it moves back home (listed there, its handler runs there) and away
#   again; checking it from node 3 through its home is refused in words;
# - xz, busy compressing, moves to node 2 and back home 106 times (4 on
#   the debug kernel): each move succeeds, it runs on, neither node has
#   fewer free pages (per-CPU lists included, caches dropped) after the
#   last 100 moves (2) than before them, and neither holds a module
#   reference for it once its memory is home;
# - signals pending (blocked) when a process moves arrive there once
#   each: a SIGUSR2 and three SIGRTMIN, and one SIGRTMIN sent after;
# - cat reading a FIFO filled here and writing one drained here moves to
#   node 2, then on to node 3, checked and moved by commands on node 1
#   (node 2 answers and moves it), then back home (node 3 moves it): its
#   pipes stay at node 1 and are its own again there (node 1 serves no
#   descriptor, node 3 holds no proxy), every line passes once and in
#   order, its end of file too; moving it to node 3 again is refused in
#   words;
# - a process with an epoll descriptor is refused in words (exit 3);
# - a process holding a file only node 1 has open: node 2 cannot rebuild
#   it, the command says so, and the process counts on at node 1;
# - wrong requests: no NODE, a node that is not a member, its own node,
#   a PID of another node's range no one has; the same through /proc/hive/migrate
#   (the write fails, the sentence is in the kernel log), which moved
#   sha256sum above;
# - clone3 with set_tid of a PID of node 3's range fails on node 1
#   (EEXIST) when no migration expects it, even for root;
# - nothing stays behind on node 2: no restore helper, no process;
# - (release kernel) a python3 counter printing to its terminal (a
#   pseudo-terminal script(1) holds on node 1) moves to node 2, then to
#   node 3 by a command on node 3 (node 1 passes it to node 2): every
#   number reaches the typescript in order, isatty(1) and the terminal's
#   size still answer there, its second thread keeps its own name
#   (PR_SET_NAME); then back home by a command on node 2 (node 1 passes
#   it to node 3), both threads with their TIDs, the terminal its own
#   again; script gets its exit status 7;
# - (release kernel) a process that started a thread on node 2 cannot
#   move back home yet: refused in words, it prints on there;
# - (release kernel) a python3 process whose two threads fill and verify
#   8 MiB each, round after round, moved to node 2 and back home again
#   and again for 20 s: every round right, exit 0;
# - (release kernel) a move on to node 3 whose restore helper cannot run
#   fails in words and leaves a python3 counter printing on node 2
#   through its pipe on node 1; the same move then succeeds;
# - (release kernel) nc talking TCP to a server on node 1, between two
#   FIFOs, moves to node 2: 100 answers in order, nc ends with 0;
# - (release kernel) `hivectl drain 1` on node 1 running pigz (threaded),
#   python3 counters, a sleep, one printing into a pipe and one holding
#   an epoll descriptor: all but the last move to nodes 2 and 3 and go
#   on right there
#   (pigz's output, the counters' numbers until killed from node 1), the
#   last stays with its reason (exit 3); draining another node is refused.
# hive-vm-timeout: release=1800 debug=3000
# hive-vm-cluster: shared
set -euo pipefail
. "$HIVE_REPO/selftests/vm/tests/lib/cluster.sh"

lib=$HIVE_REPO/selftests/vm/tests/lib
size=1024
. "$lib/processes.sh"
if uname -r | grep -q debug; then
	debug=1
	megabytes=8
	lazy_mib=4
	warm_trips=1
	round_trips=1
else
	debug=
	megabytes=32
	lazy_mib=32
	warm_trips=3
	round_trips=50
fi

set_pid_range "$size"
bring_up

shared=$HIVE_RESULTS/migrate
# counter FILE: a domain python3 counter printing into FILE, its PID in
# $pid; it counts to 300, each number with its clock and getppid(), and
# exits with 7.
counter() {
	local out=$1
	: > "$out"
	hivectl run -- python3 -c 'import os, sys, time
for n in range(300):
    print(n, time.monotonic(), os.getppid(), flush=True)
    time.sleep(0.02)
sys.exit(7)' >> "$out" < /dev/null 2>&1 {nap_fd}<&- &
	pid=$!
	wait_for 60 "the counter counting" [ -s "$out" ]
}

# numbers N PERIOD [AT:FILE]...: print 0..N-1, one every PERIOD seconds;
# before number AT, wait until FILE exists.
numbers() {
	python3 -c 'import os, sys, time
holds = dict((int(at), path) for at, path in (h.split(":", 1) for h in sys.argv[3:]))
for n in range(int(sys.argv[1])):
    while n in holds and not os.path.exists(holds[n]):
        time.sleep(0.05)
    print(n, flush=True)
    time.sleep(float(sys.argv[2]))' "$@"
}

# Progress lines end with [N s], the scenario's seconds so far: where the
# time goes on a busy machine.

# in_order FILE: every number once, in order; prints how many.  Where a
# line has CLOCK_MONOTONIC after the number, the clock went on across the
# move: it never went back nor leapt (the nodes booted at different times).
# A step forward is a leap past 600 s, a hang detector's room: a counter
# stopped and moved back and forth under KASAN beside the release suite
# went 60 s between two lines.  Nodes that booted together differ by less
# than any bound could see; one that booted later shows as a step back.
in_order() {
	python3 - "$1" <<'EOF'
import sys
lines = [line.split() for line in open(sys.argv[1])]
numbers = [int(fields[0]) for fields in lines]
assert numbers == list(range(len(numbers))), "a number missing or repeated"
clock = [float(fields[1]) for fields in lines if len(fields) > 1]
steps = [b - a for a, b in zip(clock, clock[1:])]
assert all(0 < step < 600 for step in steps), "the clock went back or leapt: %s" % max(steps, key=abs)
print(len(numbers))
EOF
}

# at NODE: process $pid (home node 1) listed once, on NODE.
at() { [ "$(hivectl ps | awk -v p="$pid" '$3 == p { print $1, $2 }')" = "$1 1" ]; }

if [ "$HIVE_NODE" = 1 ]; then
	mkdir -p "$shared"
	counter "$shared/counter"
	started=$(date +%s%N)
	hivectl migrate "$pid" 2 | tee /tmp/moved
	echo "(the move took $((($(date +%s%N) - started) / 1000000)) ms, for the record) [${SECONDS} s]"
	grep -q "^process $pid runs on node 2 now$" /tmp/moved
	echo "$pid" > "$shared/moved-pid"
	echo "moved [${SECONDS} s]"
	# Listed once, on node 2 with its home node 1 and its parent here.
	listed_there() {
		[ "$(hivectl ps | awk -v p="$pid" '$3 == p { print $1, $2, $4 }')" = "2 1 $$" ]
	}
	wait_for 10 "process $pid listed once, on node 2, home 1, parent $$" listed_there
	hivectl ps | awk -v p="$pid" 'NR == 1 || $3 == p'
	# Node 1 keeps its deputy: the PID, no memory.  One that ended with
	# the process (a zombie has no VmRSS line) holds none either.
	no_memory() {
		local rss
		rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$pid/status")
		[ "${rss:-0}" -lt 64 ]
	}
	wait_for 30 "the deputy without memory" no_memory
	echo "listed on node 2; the deputy holds no memory [${SECONDS} s]"
	rc=0
	wait "$pid" || rc=$?
	[ "$rc" = 7 ] || { echo "the parent's wait got $rc, not 7"; exit 1; }
	[ "$(in_order "$shared/counter")" = 300 ]
	! awk -v p=$$ '$3 != p' "$shared/counter" | grep . ||
		{ echo "getppid() gave another parent than $$"; exit 1; }
	echo "a python3 counter moved to node 2 mid-count: 300 numbers in order, its parent the same, exit 7 here [${SECONDS} s]"

	# Memory that follows: a python3 process with $lazy_mib MiB of its own
	# (an mmap, its heap, a region) runs on node 2 as soon as it moved;
	# while its pages still arrive it discards a MiB, forks a child that
	# checks everything, and moves the region with mremap: every byte
	# right, the discarded MiB zero.  Node 1's deputy held the memory
	# when it moved and gives it back once node 2 has it all.
	rm -f "$shared/lazy-go" "$shared/lazy-end"
	hivectl run -- python3 "$lib/lazy.py" "$lazy_mib" "$shared/lazy-go" "$shared/lazy-end" \
		> "$shared/lazy.out" < /dev/null 2>&1 {nap_fd}<&- &
	pid=$!
	wait_for 120 "the lazy verifier filling its memory" grep -q '^ready' "$shared/lazy.out"
	rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$pid/status")
	[ "$rss" -gt $((lazy_mib * 1024)) ] || { echo "the verifier holds only $rss kB"; exit 1; }
	hivectl migrate "$pid" 2
	touch "$shared/lazy-go"
	echo "$pid" > "$shared/lazy-pid"
	wait_for 300 "the verifier's checks" grep -q '^lazy' "$shared/lazy.out"
	wait_for 300 "the deputy giving $rss kB back" no_memory
	touch "$shared/lazy-end"
	rc=0
	wait "$pid" || rc=$?
	[ "$rc" = 0 ] && grep -q '^lazy ok$' "$shared/lazy.out" ||
		{ cat "$shared/lazy.out"; echo "the verifier ended with $rc"; exit 1; }
	echo "$lazy_mib MiB followed a python3 process to node 2 while it discarded, forked and moved memory: every byte right; node 1 held $rss kB, then none [${SECONDS} s]"
fi
barrier counted
if [ "$HIVE_NODE" = 2 ]; then
	pid=$(cat "$shared/moved-pid")
	dmesg | grep -q "hive: process $pid of node 1 runs here"
	dmesg | grep -q "hive: process $pid of node 1 ended here (status 0x700)"
	echo "node 2 ran process $pid and saw it end [${SECONDS} s]"
	pid=$(cat "$shared/lazy-pid")
	dmesg | grep "hive: process $pid: all of its memory is here"
	[ "$(cat /sys/kernel/hive/migration/pages_arriving)" = 0 ]
fi

if [ "$HIVE_NODE" = 1 ]; then
	seq 1 10000 > "$shared/pigz-in"
	# -m: no time in the header, which would be the input file's or, from
	# a pipe (the drain below), the current one.
	pigz=(pigz -p 4 -11 -b 32 -m)
	"${pigz[@]}" < "$shared/pigz-in" > /tmp/pigz-stayed
	echo "${pigz[*]} ran here [${SECONDS} s]"
	hivectl run -- "${pigz[@]}" < "$shared/pigz-in" > "$shared/pigz-out" {nap_fd}<&- &
	pid=$!
	threads() { [ "$(ls "/proc/$pid/task" | wc -l)" -ge "$1" ]; }
	wait_for 120 "pigz's threads" threads 3
	hivectl migrate "$pid" 2
	# The deputy keeps the TIDs the process had when it stopped.
	ls "/proc/$pid/task" > "$shared/pigz-tids"
	echo "$pid" > "$shared/pigz-pid"
	[ "$(wc -l < "$shared/pigz-tids")" -ge 3 ] ||
		{ echo "pigz had $(wc -l < "$shared/pigz-tids") thread(s) when it moved"; exit 1; }
fi
barrier pigz-moved
if [ "$HIVE_NODE" = 2 ]; then
	pid=$(cat "$shared/pigz-pid")
	for tid in $(cat "$shared/pigz-tids"); do
		[ -d "/proc/$pid/task/$tid" ] || { echo "thread $tid of pigz is not here"; exit 1; }
	done
	echo "pigz runs here with its $(wc -l < "$shared/pigz-tids") threads, each with its TID [${SECONDS} s]"
fi
barrier pigz-checked
if [ "$HIVE_NODE" = 1 ]; then
	wait "$pid"
	cmp "$shared/pigz-out" /tmp/pigz-stayed
	echo "${pigz[*]} moved mid-run: the output of a run that stayed [${SECONDS} s]"
fi

if [ "$HIVE_NODE" = 1 ]; then
	head -c "${megabytes}M" /dev/urandom > "$shared/data"
	want=$(python3 -c 'import hashlib, sys
h = hashlib.sha256()
with open(sys.argv[1], "rb") as f:
    for chunk in iter(lambda: f.read(1 << 20), b""):
        h.update(chunk)
print(h.hexdigest())' "$shared/data")
	# Here sha256sum gets 2% of a CPU (cpu.max of a cgroup of node 1's,
	# which it leaves when it moves) until the move starts, so it is
	# mid-read when it moves however fast the machine: unthrottled, a
	# debug node with one vCPU and nothing beside it read the 8 MiB
	# before the move came.  Throttled during the move, its threads did
	# not stop within the freeze's 10 s on the debug kernel.
	slow=/sys/fs/cgroup/hive-slow
	cgroup_mount
	echo +cpu > /sys/fs/cgroup/cgroup.subtree_control
	mkdir "$slow"
	echo "2000 100000" > "$slow/cpu.max"
	hivectl run -- sh -c "$cgroup_join" sh "$slow" sha256sum "$shared/data" \
		> "$shared/digest" < /dev/null {nap_fd}<&- &
	sum=$!
	# hivectl becomes sha256sum (exec): moved before, it is hivectl that
	# a reason keeps here (seen once on a busy debug run).
	summing() { [ "$(cat "/proc/$sum/comm" 2> /dev/null)" = sha256sum ]; }
	wait_for 60 "hivectl run become sha256sum" summing
	nap 1
	kill -0 "$sum" || { echo "sha256sum ended before it could move"; exit 1; }
	echo max > "$slow/cpu.max"
	echo "$sum 2" > /proc/hive/migrate
	dmesg | grep -q "hive: process $sum moved to node 2"
	wait "$sum"
	rmdir "$slow"
	echo -cpu > /sys/fs/cgroup/cgroup.subtree_control
	cgroup_umount
	[ "$(cut -d' ' -f1 "$shared/digest")" = "$want" ]
	rm -f "$shared/data"
	echo "sha256sum of $megabytes MiB moved mid-read (/proc/hive/migrate): the right digest [${SECONDS} s]"

	hivectl run -- "$HIVE_BUILD/userland/tools/hive-fpu-holder" 150 > "$shared/fpu" \
		< /dev/null {nap_fd}<&- &
	pid=$!
	wait_for 60 "the FPU holder holding" [ -s "$shared/fpu" ]
	hivectl migrate "$pid" auto | tee /tmp/moved
	grep -Eq "^process $pid runs on node [23] now$" /tmp/moved
	wait "$pid" || { cat "$shared/fpu"; echo "the FPU state changed"; exit 1; }
	[ "$(in_order "$shared/fpu")" = 150 ]
	echo "SSE/AVX registers and MXCSR held across the move [${SECONDS} s]"

	counter "$shared/killed"
	hivectl migrate "$pid" 2
	echo "$pid" > "$shared/killed-pid"
	kill -9 "$pid"
	rc=0
	wait "$pid" || rc=$?
	[ "$rc" = 137 ]
	echo "its deputy killed on node 1 [${SECONDS} s]"
fi
barrier killed
if [ "$HIVE_NODE" = 2 ]; then
	pid=$(cat "$shared/killed-pid")
	gone() { ! kill -0 "$pid" 2> /dev/null; }
	wait_for 30 "process $pid gone from node 2" gone
	echo "... and gone from node 2 [${SECONDS} s]"
fi

if [ "$HIVE_NODE" = 1 ]; then
	: > "$shared/signals"
	# The handler only notes the signal: printing from a handler that
	# interrupted a print raises RuntimeError (a reentrant write).
	hivectl run -- python3 -c 'import signal, time
got = []
signal.signal(signal.SIGUSR1, lambda sig, frame: got.append(sig))
n = 0
while True:
    while got:
        got.pop()
        print("usr1", flush=True)
    print(n, time.monotonic(), flush=True)
    n += 1
    time.sleep(0.02)' >> "$shared/signals" < /dev/null 2>&1 {nap_fd}<&- &
	pid=$!
	wait_for 60 "the counter counting" [ -s "$shared/signals" ]
	hivectl migrate "$pid" 2
	echo "$pid" > "$shared/signals-pid"
	kill -USR1 "$pid"
	wait_for 30 "SIGUSR1's handler on node 2" grep -q "^usr1$" "$shared/signals"
	echo "SIGUSR1 from node 1 ran the handler on node 2 [${SECONDS} s]"
	# Back home, its deputy becomes it again; then away, a new deputy.
	hivectl migrate "$pid" 1 | grep -q "^process $pid runs on node 1 now$"
	wait_for 30 "the counter listed on node 1, home node 1" at 1
	kill -USR1 "$pid"
	handled() { [ "$(grep -c '^usr1$' "$shared/signals")" = "$1" ]; }
	wait_for 30 "SIGUSR1's handler back home" handled 2
	hivectl migrate "$pid" 2
	echo "back home and away to node 2 again [${SECONDS} s]"
	# The deputy sleeps: a few ticks of CPU time in 2 s at most.
	ticks() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }
	before=$(ticks)
	nap 2
	[ $(($(ticks) - before)) -lt 50 ] ||
		{ echo "the deputy used $(($(ticks) - before)) ticks in 2 s"; exit 1; }
	kill -STOP "$pid"
fi
barrier signals-stop
if [ "$HIVE_NODE" = 2 ]; then
	pid=$(cat "$shared/signals-pid")
	stopped() { grep -q "^State:.*(stopped)" "/proc/$pid/status"; }
	wait_for 30 "process $pid stopped here" stopped
	echo "SIGSTOP from node 1 stopped process $pid here [${SECONDS} s]"
fi
barrier signals-stopped
[ "$HIVE_NODE" != 1 ] || kill -CONT "$pid"
barrier signals-cont
if [ "$HIVE_NODE" = 2 ]; then
	going() { ! grep -q "^State:.*(stopped)" "/proc/$pid/status"; }
	wait_for 30 "process $pid going on here" going
	echo "SIGCONT from node 1 continued it [${SECONDS} s]"
fi
barrier signals-going
if [ "$HIVE_NODE" = 3 ]; then
	pid=$(cat "$shared/signals-pid")
	expect_error "runs on another node now" hivectl migrate --check "$pid"
	kill -USR1 "$pid"
	thrice() { [ "$(grep -c '^usr1$' "$shared/signals")" -ge 3 ]; }
	wait_for 30 "SIGUSR1 from node 3 handled on node 2" thrice
	kill -TERM "$pid"
	echo "SIGUSR1 from node 3 ran the handler on node 2; SIGTERM sent [${SECONDS} s]"
fi
barrier signals-term
if [ "$HIVE_NODE" = 1 ]; then
	rc=0
	wait "$pid" || rc=$?
	[ "$rc" = 143 ] || { echo "the parent's wait got $rc, not 143"; exit 1; }
	grep -v '^usr1$' "$shared/signals" > /tmp/numbers
	[ "$(in_order /tmp/numbers)" -gt 0 ]
	echo "SIGTERM from node 3 ended it on node 2: 143 here [${SECONDS} s]"

	# Signals pending when it moves arrive once: SIGUSR2 and three
	# SIGRTMIN (34) blocked here, one more SIGRTMIN through the deputy,
	# then taken one by one there.
	rm -f "$shared/pending-go"
	hivectl run -- python3 -c 'import os, signal, sys, time
sigs = [signal.SIGUSR2, signal.SIGRTMIN]
signal.pthread_sigmask(signal.SIG_BLOCK, sigs)
print("blocked", flush=True)
while not os.path.exists(sys.argv[1]):
    time.sleep(0.05)
got = []
while True:
    info = signal.sigtimedwait(sigs, 2)
    if info is None:
        break
    got.append(info.si_signo)
print(got.count(signal.SIGUSR2), got.count(signal.SIGRTMIN), flush=True)' \
		"$shared/pending-go" > "$shared/pending" < /dev/null 2>&1 {nap_fd}<&- &
	pid=$!
	wait_for 60 "the signals blocked" grep -q "^blocked$" "$shared/pending"
	kill -USR2 "$pid"
	kill -34 "$pid"
	kill -34 "$pid"
	kill -34 "$pid"
	hivectl migrate "$pid" 2
	kill -34 "$pid"
	touch "$shared/pending-go"
	wait "$pid"
	grep -q "^1 4$" "$shared/pending" ||
		{ cat "$shared/pending"; echo "pending signals arrived other than once each"; exit 1; }
	echo "pending SIGUSR2 and 3 SIGRTMIN moved with it, 1 more came after: each once [${SECONDS} s]"

	# Pipes move as proxies: cat (unmodified) reading a FIFO a writer here
	# fills slowly and writing one a reader here drains moves to node 2,
	# then on to node 3 (moved by a command node 2 runs: where it runs),
	# then back home; every line arrives once and in order, and its end of
	# file too.  The writer holds at 50, 100 and 150 until cat runs on
	# node 2, node 3, then here again.
	mkfifo /tmp/migrate.in /tmp/migrate.out
	numbers 200 0.02 50:/tmp/migrate.go2 100:/tmp/migrate.go3 150:/tmp/migrate.go1 \
		> /tmp/migrate.in &
	writer=$!
	cat /tmp/migrate.out > /tmp/piped &
	reader=$!
	hivectl run -- cat < /tmp/migrate.in > /tmp/migrate.out {nap_fd}<&- &
	pid=$!
	wait_for 60 "cat copying" [ -s /tmp/piped ]
	hivectl migrate "$pid" 2
	touch /tmp/migrate.go2
	copied() { [ "$(wc -l < /tmp/piped)" = "$1" ]; }
	wait_for 60 "100 lines copied on node 2" copied 100
	# Checked and moved from its home node: node 2 answers, and moves it.
	hivectl migrate --check "$pid" | grep -q "^process $pid can migrate"
	hivectl migrate "$pid" 3 | grep -q "^process $pid runs on node 3 now$"
	wait_for 30 "cat listed on node 3, home node 1" at 3
	expect_error "on that node already" hivectl migrate "$pid" 3
	touch /tmp/migrate.go3
	wait_for 60 "150 lines copied on node 3" copied 150
	# Back home, node 3 moves it: its pipes are its own again.
	hivectl migrate "$pid" 1 | grep -q "^process $pid runs on node 1 now$"
	wait_for 30 "cat listed on node 1, home node 1" at 1
	[ "$(readlink "/proc/$pid/fd/0")" = /tmp/migrate.in ]
	[ "$(readlink "/proc/$pid/fd/1")" = /tmp/migrate.out ]
	serving_none() { [ "$(cat /sys/kernel/hive/processes/forwarded)" = 0 ]; }
	serving_none
	no_proxy_on_3() { [ "$(hivectl run --node 3 -- cat /sys/kernel/hive/processes/proxies)" = 0 ]; }
	wait_for 30 "node 3 holding no proxy" no_proxy_on_3
	touch /tmp/migrate.go1
	rc=0
	wait "$pid" || rc=$?
	[ "$rc" = 0 ] || { echo "cat ended with $rc"; exit 1; }
	wait "$writer" "$reader"
	[ "$(in_order /tmp/piped)" = 200 ]
	echo "cat moved to node 2, on to node 3, then back home, with a pipe in and a pipe out: 200 lines in order, then its end; its pipes its own again [${SECONDS} s]"

	# What keeps a process here, in words: an epoll descriptor.
	hivectl run -- python3 -c 'import select, time
e = select.epoll()
time.sleep(600)' < /dev/null > /dev/null {nap_fd}<&- &
	pid=$!
	epolled() { ls -l "/proc/$pid/fd" | grep -q eventpoll; }
	wait_for 60 "python3 holding an epoll descriptor" epolled
	rc=0
	hivectl migrate "$pid" 2 > /tmp/refused || rc=$?
	cat /tmp/refused
	[ "$rc" = 3 ]
	grep -q "^process $pid cannot migrate:$" /tmp/refused
	grep -q "descriptor 3 ('anon_inode:\[eventpoll\]')" /tmp/refused
	kill -0 "$pid"
	kill "$pid"
	wait "$pid" 2> /dev/null || true
	echo "a process with an epoll descriptor refused with its reason [${SECONDS} s]"

	# A file node 2 does not have: node 2 cannot rebuild it.
	echo "only on node 1" > /tmp/only-here
	hivectl run -- python3 -c 'import sys, time
held = open("/tmp/only-here")
n = 0
while True:
    print(n, flush=True)
    n += 1
    time.sleep(0.02)' >> "$shared/stays" < /dev/null 2>&1 {nap_fd}<&- &
	pid=$!
	wait_for 60 "the counter counting" [ -s "$shared/stays" ]
	expect_error "could not rebuild the process: the process runs on where it was" \
		hivectl migrate "$pid" 2
	before=$(wc -l < "$shared/stays")
	nap 1
	[ "$(wc -l < "$shared/stays")" -gt "$before" ]
	[ "$(awk '/^VmRSS/ { print $2 }' "/proc/$pid/status")" -gt 1024 ]
	kill "$pid"
	wait "$pid" 2> /dev/null || true
	[ "$(in_order "$shared/stays")" -gt 0 ]
	echo "a process node 2 cannot rebuild runs on at node 1 [${SECONDS} s]"

	# Round trips: xz busy compressing moves to node 2 and back home again
	# and again.  Every move succeeds and it runs on; neither node has
	# fewer free pages afterwards than after the first few (a process's
	# pages left behind on each move would show) nor a module reference
	# left.  kmemleak looks for the rest on the debug kernel.
	hivectl run -- xz -0 -T1 -c /dev/zero < /dev/null > /dev/null 2> "$shared/xz.err" \
		{nap_fd}<&- &
	pid=$!
	wait_for 60 "xz running" grep -qx xz "/proc/$pid/comm"
	round_trip() {
		local to

		for to in 2 1; do
			hivectl migrate "$pid" "$to" > /tmp/moved 2>&1 ||
				{ cat /tmp/moved; dmesg | grep hive | tail -20; return 1; }
		done
	}
	# The free pages of nodes 1 and 2 once the memory of xz's last move
	# home arrived, node 2 serves none, and neither node holds a module
	# reference for it any more (node 1 none, node 2 the remote command's
	# own; the end of a move's memory lets its reference go from a work
	# item, a little after).
	served=/sys/kernel/hive/migration/processes_served
	refcnt=/sys/module/hive/refcnt
	footprint() {
		wait_for 600 "xz's memory home" equals 0 value /sys/kernel/hive/migration/pages_arriving
		wait_for 120 "no module reference on node 1" equals 0 value $refcnt
		echo "$("$lib/free-pages")" "$(hivectl run --node 2 -- sh -c \
			"timeout 600 sh -c 'until grep -qx 0 $served; do sleep 0.1; done' &&
			 timeout 120 sh -c 'until grep -qx 1 $refcnt; do sleep 0.1; done' &&
			 $lib/free-pages")"
	}
	for _ in $(seq "$warm_trips"); do
		round_trip
	done
	read -r -a before <<< "$(footprint)"
	for _ in $(seq "$round_trips"); do
		round_trip
	done
	read -r -a after <<< "$(footprint)"
	[ "${#before[@]}" = 2 ] && [ "${#after[@]}" = 2 ] ||
		{ echo "node 2 went on serving or holding a reference: ${before[*]}, ${after[*]}"; exit 1; }
	echo "free pages of nodes 1 and 2: ${before[*]} before, ${after[*]} after"
	for i in 0 1; do
		[ $((before[i] - after[i])) -lt 1024 ] ||
			{ echo "node $((i + 1)) lost $((before[i] - after[i])) pages"; exit 1; }
	done
	kill -0 "$pid"
	kill "$pid"
	wait "$pid" 2> /dev/null || true
	! [ -s "$shared/xz.err" ]
	echo "xz moved to node 2 and back home $(((warm_trips + round_trips) * 2)) times, nothing left behind [${SECONDS} s]"

	# Wrong requests.
	sleep 1000 &
	outsider=$!
	expect_error "missing NODE" hivectl migrate "$outsider"
	expect_error "a node id or auto" hivectl migrate "$outsider" two
	expect_error "not in the hive domain" hivectl migrate "$outsider" 2
	expect_error "not a member of the cluster" hivectl migrate "$outsider" 9
	expect_error "on that node already" hivectl migrate "$outsider" 1
	expect_error "no such domain process on its home node" hivectl migrate $((2 * size + 5)) 3
	# /proc/hive/migrate: the write fails, the sentence is in the log.
	proc_error() { ! (echo "$2" > /proc/hive/migrate) 2> /tmp/err && grep -q "$1" /tmp/err; }
	proc_error "Invalid argument" "garbage"
	proc_error "Invalid argument" "$outsider 0"
	proc_error "Invalid argument" "$outsider"
	proc_error "Invalid argument" "$outsider 2"
	dmesg | grep -q "moving process $outsider: the process is not in the hive domain"
	proc_error "Host is down" "$outsider 9"
	kill "$outsider"
	echo "wrong requests refused with their sentences [${SECONDS} s]"

	# The PID-range probe: another node's PID is no one's to take here,
	# not even root's restore helper's, unless a migration expects it.
	theirs=$((3 * size + 7))
	/usr/local/libexec/hive/hive-restore --migration 5 --pid "$theirs" \
		--vvar 0x10000 --vdso 0x14000 > /tmp/taken 2>&1
	cat /tmp/taken
	grep -q "no task with PID $theirs: File exists" /tmp/taken
	echo "a PID of node 3's range cannot be taken on node 1 [${SECONDS} s]"
fi
barrier refused
if [ "$HIVE_NODE" = 2 ]; then
	helpers() { ! pgrep -x hive-restore > /dev/null; }
	wait_for 30 "no restore helper left" helpers
	no_proxies() { [ "$(cat /sys/kernel/hive/processes/proxies)" = 0 ]; }
	wait_for 30 "no proxy file left" no_proxies
	for pid in $(cat "$shared/moved-pid" "$shared/killed-pid"); do
		! kill -0 "$pid" 2> /dev/null
	done
	echo "nothing of the moved processes left on node 2 [${SECONDS} s]"
fi

# The same moves as above: on the release kernel alone.
if [ "$HIVE_NODE" = 1 ] && [ -z "$debug" ]; then
	# A python3 counter printing to its terminal, a pseudo-terminal
	# script(1) holds here, moves to node 2, then on to node 3, then back
	# home: the typescript gets every number once and in order, the
	# terminal is still one there (isatty, its size), and script gets the
	# exit status 7.  The counter holds at 75 until it runs on node 3, at
	# 110 until it runs here again.
	rm -f "$shared/tty-go" "$shared/tty-home"
	cat > /tmp/tty-counter.py <<'EOF'
import ctypes, os, sys, threading, time
def tick():
    ctypes.CDLL(None).prctl(15, b"ticker", 0, 0, 0)	# PR_SET_NAME
    time.sleep(600)
threading.Thread(target=tick, daemon=True).start()
holds = {75: sys.argv[1], 110: sys.argv[2]}
for n in range(150):
    while n in holds and not os.path.exists(holds[n]):
        time.sleep(0.05)
    print(n, flush=True)
    time.sleep(0.02)
print("still a terminal:", os.isatty(1), os.get_terminal_size(1).columns >= 0, flush=True)
names = (open("/proc/self/task/%s/comm" % t).read().strip() for t in os.listdir("/proc/self/task"))
print("threads:", *sorted(names), flush=True)
sys.exit(7)
EOF
	script -qefc "hivectl run -- python3 /tmp/tty-counter.py $shared/tty-go $shared/tty-home" \
		/tmp/typescript < /dev/null > /dev/null {nap_fd}<&- &
	scripted=$!
	counting() { grep -q "^5" /tmp/typescript 2> /dev/null; }
	wait_for 60 "the counter printing to its terminal" counting
	pid=$(pgrep -xf "python3 /tmp/tty-counter.py $shared/tty-go $shared/tty-home")
	tids=$(ls "/proc/$pid/task")
	[ "$(readlink "/proc/$pid/fd/1")" = "$(readlink "/proc/$pid/fd/0")" ]
	readlink "/proc/$pid/fd/1" | grep -q "^/dev/pts/"
	hivectl migrate "$pid" 2
	held() { tr -d '\r' < /tmp/typescript | grep -qx 74; }
	wait_for 60 "the counter at 74 on node 2" held
	# Ordered on node 3: its home node passes the request on to node 2.
	hivectl run --node 3 -- hivectl migrate "$pid" 3
	wait_for 30 "the counter listed on node 3, home node 1" at 3
	touch "$shared/tty-go"
	held() { tr -d '\r' < /tmp/typescript | grep -qx 109; }
	wait_for 60 "the counter at 109 on node 3" held
	# Back home, ordered on node 2: node 1 passes the request on to node 3.
	hivectl run --node 2 -- hivectl migrate "$pid" 1
	wait_for 30 "the counter listed on node 1, home node 1" at 1
	[ "$(ls "/proc/$pid/task")" = "$tids" ]
	readlink "/proc/$pid/fd/1" | grep -q "^/dev/pts/"
	touch "$shared/tty-home"
	rc=0
	wait "$scripted" || rc=$?
	[ "$rc" = 7 ] || { echo "script got $rc, not 7"; exit 1; }
	tr -d '\r' < /tmp/typescript | grep -v "^Script " > /tmp/typed
	grep -qx "still a terminal: True True" /tmp/typed
	grep -qx "threads: python3 ticker" /tmp/typed
	grep -v "^still\|^threads\|^$" /tmp/typed > /tmp/typed-numbers
	[ "$(in_order /tmp/typed-numbers)" = 150 ]
	echo "a python3 counter moved with its terminal to node 2, node 3, then back home: 150 lines in order, isatty there, its thread's name, 7 at script [${SECONDS} s]"

	# A thread started where it runs: its home node cannot take it back
	# yet.  It prints on there.
	rm -f "$shared/thread-go"
	: > "$shared/threaded"
	hivectl run -- python3 -c 'import os, sys, threading, time
n = 0
while True:
    if n == 20:
        while not os.path.exists(sys.argv[1]):
            time.sleep(0.05)
        threading.Thread(target=time.sleep, args=(600,), daemon=True).start()
    print(n, flush=True)
    n += 1
    time.sleep(0.02)' "$shared/thread-go" >> "$shared/threaded" < /dev/null 2>&1 {nap_fd}<&- &
	pid=$!
	wait_for 60 "the counter at 20" grep -qx 19 "$shared/threaded"
	hivectl migrate "$pid" 2
	touch "$shared/thread-go"
	wait_for 60 "the counter past its new thread" grep -qx 25 "$shared/threaded"
	expect_error "started or ended a thread since it left its home node" \
		hivectl migrate "$pid" 1
	wait_for 30 "the counter listed on node 2" at 2
	lines=$(wc -l < "$shared/threaded")
	more() { [ "$(wc -l < "$shared/threaded")" -gt "$lines" ]; }
	wait_for 30 "the counter printing on from node 2" more
	kill "$pid"
	wait "$pid" 2> /dev/null || true
	[ "$(in_order "$shared/threaded")" -gt 25 ]
	echo "a process that started a thread on node 2 stays there, in words [${SECONDS} s]"

	# Back and forth for 20 s: a python3 process whose two threads each
	# fill 8 MiB with a new byte value and verify it, round after round,
	# moves to node 2 and back home again and again while they do; no
	# round finds another byte, both threads go on to the end.  (stress-ng
	# --vm cannot move: its workers share an anonymous mapping with their
	# parent.)
	rm -f "$shared/verify-stop"
	hivectl run -- python3 -c 'import os, sys, threading
bad = []
def work(k):
    buf = bytearray(8 << 20)
    r = 0
    try:
        while not os.path.exists(sys.argv[1]):
            v = (r * 7 + k) % 251 + 1
            buf[:] = bytes([v]) * len(buf)
            if buf.count(v) != len(buf):
                bad.append((k, r))
                return
            r += 1
            print("thread", k, "round", r, "right", flush=True)
    except BaseException as e:
        bad.append((k, r, repr(e)))
        return
    print("thread", k, "rounds", r, flush=True)
threads = [threading.Thread(target=work, args=(k,)) for k in (1, 2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("bad rounds:", bad, flush=True)
sys.exit(1 if bad else 0)' "$shared/verify-stop" > "$shared/verify.out" < /dev/null 2>&1 {nap_fd}<&- &
	pid=$!
	threads() { [ "$(ls "/proc/$pid/task" | wc -l)" -ge "$1" ]; }
	wait_for 60 "the verifier's two threads" threads 3
	# 20 s, at least three round trips and two rounds of each thread,
	# however long they take: each move home brings the 16 MiB back, and
	# on a slow machine a thread may not end a round in six moves (the
	# CI run of c5843d4 ended here without a word, once).
	moves=0
	rounds_end=$((SECONDS + 20))
	rounds() { [ "$(grep -c "^thread $1 round " "$shared/verify.out")" -ge 2 ]; }
	while [ "$SECONDS" -lt "$rounds_end" ] || [ "$moves" -lt 6 ] || ! rounds 1 || ! rounds 2; do
		hivectl migrate "$pid" 2
		hivectl migrate "$pid" 1
		moves=$((moves + 2))
	done
	touch "$shared/verify-stop"
	verified() {
		wait "$pid" && grep -q "^thread 1 rounds [1-9]" "$shared/verify.out" &&
			grep -q "^thread 2 rounds [1-9]" "$shared/verify.out"
	}
	verified || { cat "$shared/verify.out"; echo "the verifier failed"; exit 1; }
	echo "a verifier of 2 x 8 MiB moved to node 2 and back home $moves times: every round right [${SECONDS} s]"

	# A move on that fails takes all of it back: with node 3's restore
	# helper not executable, a python3 counter printing into a pipe here
	# stays on node 2 and prints on through its pipe (its handle passed
	# back, its deputy told it stayed); once the helper is back, the same
	# move succeeds and every number arrives once, in order.  The counter
	# holds at 50 until the failed move is over, at 150 until it runs on
	# node 3.
	helper=/usr/local/libexec/hive/hive-restore
	rm -f "$shared/stay-failed" "$shared/stay-go"
	mkfifo /tmp/stay.pipe
	cat /tmp/stay.pipe > /tmp/stayed &
	reader=$!
	hivectl run -- python3 -c 'import os, sys, time
holds = {50: sys.argv[1], 150: sys.argv[2]}
for n in range(300):
    while n in holds and not os.path.exists(holds[n]):
        time.sleep(0.05)
    print(n, flush=True)
    time.sleep(0.02)' "$shared/stay-failed" "$shared/stay-go" \
		> /tmp/stay.pipe < /dev/null {nap_fd}<&- &
	pid=$!
	wait_for 60 "the counter printing into a pipe" [ -s /tmp/stayed ]
	hivectl migrate "$pid" 2
	hivectl run --node 3 -- sh -c "echo no > /tmp/no-helper && mount --bind /tmp/no-helper $helper"
	expect_error "could not start its restore helper: the process runs on where it was" \
		hivectl migrate "$pid" 3
	hivectl run --node 3 -- umount "$helper"
	wait_for 30 "the counter listed on node 2" at 2
	touch "$shared/stay-failed"
	stayed() { [ "$(wc -l < /tmp/stayed)" = 150 ]; }
	wait_for 60 "the counter printing on from node 2, to 150" stayed
	hivectl migrate "$pid" 3
	wait_for 30 "the counter listed on node 3" at 3
	touch "$shared/stay-go"
	wait "$pid"
	wait "$reader"
	[ "$(in_order /tmp/stayed)" = 300 ]
	echo "a move on that failed left the counter printing on node 2 through its pipe; then it moved: 300 lines in order [${SECONDS} s]"

	# nc (unmodified) talking TCP to a server here, its input a FIFO a
	# writer here fills slowly and its output one a reader here drains,
	# moves to node 2: the connection stays up (its socket stays here),
	# nc's poll wakes for each, and every answer arrives in order.
	python3 -c 'import socket
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 7100))
s.listen(1)
c, _ = s.accept()
r, w = c.makefile("r"), c.makefile("w")
for n in range(100):
    w.write("echo " + r.readline())
    w.flush()
c.close()' &
	server=$!
	mkfifo /tmp/nc.in /tmp/nc.out
	numbers 100 0.03 > /tmp/nc.in &
	writer=$!
	cat /tmp/nc.out > /tmp/nc.answers &
	reader=$!
	listening() { ss -ltn | grep -q "127.0.0.1:7100 "; }
	wait_for 60 "the server listening" listening
	hivectl run -- nc 127.0.0.1 7100 < /tmp/nc.in > /tmp/nc.out {nap_fd}<&- &
	pid=$!
	talking() { [ "$(wc -l < /tmp/nc.answers)" -ge 5 ]; }
	wait_for 60 "nc talking" talking
	hivectl migrate "$pid" 2
	wait "$writer" "$server" "$reader"
	rc=0
	wait "$pid" || rc=$?
	[ "$rc" = 0 ] || { echo "nc ended with $rc"; exit 1; }
	sed 's/^echo //' /tmp/nc.answers > /tmp/nc.numbers
	[ "$(in_order /tmp/nc.numbers)" = 100 ]
	echo "nc moved with its TCP connection and pipes: 100 answers in order [${SECONDS} s]"

	# Counters that count until killed.
	count() {
		hivectl run -- python3 -c 'import time
n = 0
while True:
    print(n, time.monotonic(), flush=True)
    n += 1
    time.sleep(0.05)' > "$1" < /dev/null 2>&1 {nap_fd}<&- &
		jobs+=($!)
		killed+=($!)
	}
	counters=2
	jobs=() killed=()
	# The threaded one first: drain takes them in PID order.  Its input's
	# second half waits for the drain, so that it cannot end before it.
	rm -f /tmp/drained
	{
		head -n 5000 "$shared/pigz-in"
		timeout 600 sh -c 'until grep -q "processes moved off" /tmp/drained 2> /dev/null; do
			sleep 0.5; done' || true
		tail -n +5001 "$shared/pigz-in"
	} | hivectl run -- "${pigz[@]}" > "$shared/drain-pigz" 2> "$shared/drain-pigz.err" \
		{nap_fd}<&- &
	jobs+=($!)
	for c in $(seq "$counters"); do
		count "$shared/drain-count$c"
	done
	hivectl run -- sleep 600 < /dev/null > /dev/null {nap_fd}<&- &
	jobs+=($!)
	killed+=($!)
	hivectl run -- python3 -c 'import time
while True:
    print("piped", flush=True)
    time.sleep(0.05)' < /dev/null 2>&1 {nap_fd}<&- | cat > /tmp/drain-piped &
	hivectl run -- python3 -c 'import select, time
e = select.epoll()
time.sleep(600)' < /dev/null > /dev/null {nap_fd}<&- &
	stays=$!
	for c in $(seq "$counters"); do
		wait_for 60 "counter $c counting" [ -s "$shared/drain-count$c" ]
	done
	wait_for 60 "the piped process printing" [ -s /tmp/drain-piped ]
	piped=$(pgrep -f 'print\("piped"')
	epolled() { ls -l "/proc/$stays/fd" | grep -q eventpoll; }
	wait_for 60 "python3 holding an epoll descriptor" epolled
	rc=0
	hivectl drain 1 > /tmp/drained || rc=$?
	cat /tmp/drained
	[ "$rc" = 3 ] || { echo "hivectl drain exited $rc, not 3"; exit 1; }
	for pid in "${jobs[@]}" "$piped"; do
		grep -Eq "^process $pid '.*' runs on node [23] now$" /tmp/drained ||
			{ echo "process $pid did not move"; exit 1; }
	done
	grep -q "^$((${#jobs[@]} + 1)) processes moved off node 1, 1 stayed$" /tmp/drained
	grep -A1 "^process $stays 'python3' stays:$" /tmp/drained | grep -q "descriptor 3"
	echo "hivectl drain 1: $((${#jobs[@]} + 1)) processes moved, the one with epoll stayed [${SECONDS} s]"
	# The piped one prints on through its pipe here.
	now=$(wc -l < /tmp/drain-piped)
	more() { [ "$(wc -l < /tmp/drain-piped)" -ge $((now + 20)) ]; }
	wait_for 60 "the piped process printing on" more
	# Each counter counts on where it went, then all but pigz are ended.
	for c in $(seq "$counters"); do
		now=$(wc -l < "$shared/drain-count$c")
		more() { [ "$(wc -l < "$shared/drain-count$c")" -ge $((now + 20)) ]; }
		wait_for 60 "counter $c counting on" more
	done
	kill "${killed[@]}"
	for pid in "${jobs[@]}"; do
		rc=0
		wait "$pid" || rc=$?
		[ "$rc" = 0 ] || { [ "$rc" = 143 ] && [[ " ${killed[*]} " == *" $pid "* ]]; } ||
			{ echo "process $pid ended with $rc"; cat "$shared/drain-pigz.err"; exit 1; }
	done
	for c in $(seq "$counters"); do
		[ "$(in_order "$shared/drain-count$c")" -gt 20 ]
	done
	cmp "$shared/drain-pigz" /tmp/pigz-stayed
	kill "$stays" "$piped"
	wait "$stays" 2> /dev/null || true
	wait_for 30 "node 1 serving no descriptor" serving_none
	expect_error "run it on node 2" hivectl drain 2
	echo "each went on right where it went; draining node 2 from node 1 refused [${SECONDS} s]"
fi
barrier done
end_cluster
