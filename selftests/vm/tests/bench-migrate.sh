#!/bin/bash
# `make bench`, migration, on two nodes: a python3 process with 16, 128
# and 512 MiB of touched private anonymous memory moves from node 1 to
# node 2.  The freeze is `hivectl migrate`'s time (the process stops on
# node 1 and the command returns once it runs on node 2); the settle is
# the time until node 1 serves it no memory (processes_served 0), every
# page on node 2.  Against nc moving the same bytes between the same two
# VMs in the same run: the least a stop-and-copy migration (CRIU's dump,
# copy and restore among them) spends frozen.  Rounds alternate hive and
# nc.  Node 1 measures; node 2 swallows nc's bytes.  Prints raw numbers;
# scripts/bench computes the ratios.
# hive-vm-timeout: release=3600 debug=7200
set -euo pipefail
. "$HIVE_REPO/selftests/vm/tests/lib/cluster.sh"

rounds=${HIVE_BENCH_ROUNDS:-3}
sizes=${HIVE_BENCH_MIGRATE_MIB:-16 128 512}

bring_up > /dev/null

if [ "$HIVE_NODE" = 2 ]; then
	while :; do
		nc -l 7004 < /dev/null > /dev/null || sleep 0.2
	done &
	barrier servers
	barrier done
	exit 0
fi
barrier servers
sleep 1

# Microseconds since the epoch.
now_us() { echo "${EPOCHREALTIME/./}"; }
served_none() { [ "$(cat /sys/kernel/hive/migration/processes_served)" = 0 ]; }

# hive_round MIB: move a process holding MIB MiB to node 2.
hive_round() {
	local pid t0 t1

	hivectl run -- python3 -c 'import sys, time
memory = bytearray(b"\x5a") * (int(sys.argv[1]) << 20)
print("ready", flush=True)
time.sleep(1000000)' "$1" > "$HIVE_RESULTS/bench-migrate.out" < /dev/null 2>&1 {nap_fd}<&- &
	pid=$!
	wait_for 600 "the process filling $1 MiB" grep -q '^ready' "$HIVE_RESULTS/bench-migrate.out"
	t0=$(now_us)
	hivectl migrate "$pid" 2 > /dev/null
	t1=$(now_us)
	# Looked at every 50 ms (wait_for backs off to a second).
	until served_none; do
		[ $(($(now_us) - t0)) -lt 3600000000 ] ||
			{ echo "node 1 still serves memory after 3600 s"; return 1; }
		nap 0.05
	done
	echo "migrate hive mib=$1 freeze_us=$((t1 - t0)) settle_us=$(($(now_us) - t0))"
	kill "$pid"
	wait "$pid" 2> /dev/null || true
}

# raw_round MIB: the same bytes through nc.
raw_round() {
	local t0

	t0=$(now_us)
	head -c "$1M" /dev/zero | timeout 3600 nc -N 198.18.0.2 7004
	echo "migrate raw mib=$1 us=$(($(now_us) - t0))"
}

for round in $(seq "$rounds"); do
	for mib in $sizes; do
		hive_round "$mib"
		raw_round "$mib"
	done
done
barrier done
