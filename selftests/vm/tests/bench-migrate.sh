#!/bin/bash
# `make bench`, migration, on two nodes: a python3 process with 16, 128
# and 512 MiB of touched private anonymous memory moves from node 1 to
# node 2.  The freeze is `hivectl migrate`'s time (the process stops on
# node 1 and the command returns once it runs on node 2); the settle is
# the time until node 1 serves it no memory (processes_served 0), every
# page on node 2.  Against nc moving the same bytes between the same two
# VMs in the same run: the least a stop-and-copy migration (CRIU's dump,
# copy and restore among them) spends frozen.  Rounds alternate hive and
# nc.  Then single page faults: a python3 process with one page written
# in every 16 (64 KiB) moves to node 2 with no puller
# (/sys/kernel/hive/migration/pullers 0 there) and reads each of those
# pages once, timing each read, which brings that one 4 KiB page from node
# 1; its reads of the same pages before it moved are the loop's own cost;
# against a raw 4 KiB TCP round trip (hive-pingpong) and hive's own 4 KiB
# page call (hivectl ping --pages 1) in the same run.  All of it
# encrypted, then again with encryption off on both nodes.  Node 1
# measures; node 2 swallows nc's bytes and serves the ping-pong.  Prints
# raw numbers; scripts/bench computes the ratios.
# hive-vm-timeout: release=3600 debug=7200
set -euo pipefail
. "$HIVE_REPO/selftests/vm/tests/lib/cluster.sh"

pingpong=$HIVE_BUILD/userland/tools/hive-pingpong
rounds=${HIVE_BENCH_ROUNDS:-3}
sizes=${HIVE_BENCH_MIGRATE_MIB:-16 128 512}
faults=${HIVE_BENCH_FAULTS:-1000}
pullers=/sys/kernel/hive/migration/pullers

bring_up > /dev/null

if [ "$HIVE_NODE" = 2 ]; then
	"$pingpong" server 7000 > /tmp/pingpong.log 2>&1 &
	while :; do
		nc -l 7004 < /dev/null > /dev/null || sleep 0.2
	done &
	# without_pullers NAME: none while node 1 times faults.
	without_pullers() {
		barrier "faults-$1"
		echo 0 > "$pullers"
		barrier "no-pullers-$1"
		barrier "faults-done-$1"
		echo 4 > "$pullers"
		barrier "pullers-$1"
	}
	barrier servers
	without_pullers hive
	barrier encrypted-done
	encryption_off
	barrier off
	without_pullers hive-off
	barrier done
	exit 0
fi
barrier servers
sleep 1

# Microseconds since the epoch.
now_us() { echo "${EPOCHREALTIME/./}"; }
# Neither forks: a process start every 50 ms would take a share of node
# 1's one vCPU from the pages it serves.
served_none() {
	local n

	read -r n < /sys/kernel/hive/migration/processes_served
	[ "$n" = 0 ]
}

# hive_round NAME MIB: move a process holding MIB MiB to node 2.
hive_round() {
	local pid t0 t1

	hivectl run -- python3 -c 'import sys, time
memory = bytearray(b"\x5a") * (int(sys.argv[1]) << 20)
print("ready", flush=True)
time.sleep(1000000)' "$2" > "$HIVE_RESULTS/bench-migrate.out" < /dev/null 2>&1 {nap_fd}<&- &
	pid=$!
	wait_for 600 "the process filling $2 MiB" grep -q '^ready' "$HIVE_RESULTS/bench-migrate.out"
	t0=$(now_us)
	hivectl migrate "$pid" 2 > /dev/null
	t1=$(now_us)
	# Looked at every 50 ms (wait_for backs off to a second).
	until served_none; do
		[ $((${EPOCHREALTIME/./} - t0)) -lt 3600000000 ] ||
			{ echo "node 1 still serves memory after 3600 s"; return 1; }
		nap 0.05
	done
	echo "migrate $1 mib=$2 freeze_us=$((t1 - t0)) settle_us=$(($(now_us) - t0))"
	kill "$pid"
	wait "$pid" 2> /dev/null || true
}

# fault_round NAME: FAULTS single-page faults of a process on node 2
# served by node 1, their p50 and p99 against those of the same reads of
# resident pages, a raw TCP round trip of 4 KiB and hive's 4 KiB page call.
fault_round() {
	local pid out=$HIVE_RESULTS/bench-fault.out

	barrier "faults-$1"
	barrier "no-pullers-$1"
	rm -f "$HIVE_RESULTS/bench-fault.go"
	hivectl run -- python3 -c 'import mmap, os, sys, time
n, go, stride = int(sys.argv[1]), sys.argv[2], 16 * mmap.PAGESIZE
m = mmap.mmap(-1, n * stride, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
m.madvise(mmap.MADV_NOHUGEPAGE)	# one 4 KiB page written in every 16
for i in range(n):
    m[i * stride] = 0x5a
def reads():
    ns = []
    for i in range(n):
        t = time.perf_counter_ns()
        b = m[i * stride]
        ns.append(time.perf_counter_ns() - t)
        assert b == 0x5a, "page %d read %#x" % (i, b)
    ns.sort()
    return "%d %d" % (ns[len(ns) // 2], ns[len(ns) * 99 // 100])
print("resident", reads(), flush=True)
print("ready", flush=True)
while not os.path.exists(go):
    time.sleep(0.01)
print("remote", reads(), flush=True)
time.sleep(1000000)' "$faults" "$HIVE_RESULTS/bench-fault.go" > "$out" < /dev/null 2>&1 {nap_fd}<&- &
	pid=$!
	wait_for 600 "the process writing its pages" grep -q '^ready' "$out"
	hivectl migrate "$pid" 2 > /dev/null
	touch "$HIVE_RESULTS/bench-fault.go"
	wait_for 600 "the faults timed" grep -q '^remote' "$out"
	[ "$(cat /sys/kernel/hive/migration/processes_served)" = 1 ] ||
		{ echo "node 1 should still hold the pages not read"; return 1; }
	echo "fault $1 resident $(sed -n 's/^resident //p' "$out")"
	echo "fault $1 remote $(sed -n 's/^remote //p' "$out")"
	kill "$pid"
	wait "$pid" 2> /dev/null || true
	barrier "faults-done-$1"
	barrier "pullers-$1"
	echo "fault $1 rpc $(hivectl ping 2 --count "$faults" --size 0 --pages 1 --json |
		sed -E 's/.*"ns_p50":([0-9]+).*"ns_p99":([0-9]+).*/\1 \2/')"
	echo "fault raw rtt $("$pingpong" client 198.18.0.2 7000 --size 4096 --count "$faults" |
		sed -E 's/.*p50_ns=([0-9]+) p99_ns=([0-9]+).*/\1 \2/')"
}

# raw_round MIB: the same bytes through nc.
raw_round() {
	local t0

	t0=$(now_us)
	head -c "$1M" /dev/zero | timeout 3600 nc -N 198.18.0.2 7004
	echo "migrate raw mib=$1 us=$(($(now_us) - t0))"
}

# phase NAME: the migration rounds and the faults.
phase() {
	echo "encryption $(value /sys/kernel/hive/transport/encryption)"
	for round in $(seq "$rounds"); do
		for mib in $sizes; do
			hive_round "$1" "$mib"
			raw_round "$mib"
		done
	done
	fault_round "$1"
}

phase hive
barrier encrypted-done
encryption_off
barrier off
hivectl reconnect 2
wait_peers_up 2 120
phase hive-off
barrier done
