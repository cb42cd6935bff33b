#!/bin/bash
# Where hive's time goes (Documentation/performance.rst, "Where the time
# goes"): perf on both of two nodes (cpu-clock: TCG has no PMU) while
# node 1 runs each load for 14 s: 4 KiB echo calls and 64 KiB one-way
# messages, encrypted and with encryption off, and raw TCP ping-pong and
# iperf3 between the same guests.  Writes each guest's top symbols and
# shared objects to $HIVE_RESULTS/LOAD.{sym,dso}.NODE and the load's own
# result to LOAD.result.  A measurement, not a test: not in `make check`.
# Needs Debian's linux-perf on the host (the guests run its binaries).
# Run: selftests/vm/hive-vm --nodes 2 --out build/vm/profile \
#	selftests/vm/tests/profile.sh
# hive-vm-timeout: release=1800 debug=3600
set -euo pipefail
. "$HIVE_REPO/selftests/vm/tests/lib/cluster.sh"
pingpong=$HIVE_BUILD/userland/tools/hive-pingpong
server=198.18.0.2

bring_up > /dev/null
if [ "$HIVE_NODE" = 2 ]; then
	"$pingpong" server 7000 > /tmp/pingpong.log 2>&1 &
	iperf3 -s -p 7001 > /tmp/iperf3.log 2>&1 &
fi
barrier up
wait_peers_up 2 120

# prof LOAD CMD...: perf on every node while node 1 runs CMD.
prof() {
	local load=$1 perf_pid; shift
	perf record -a -F 199 -o "/tmp/perf.$load" -- sleep 14 > /dev/null 2>&1 &
	perf_pid=$!
	nap 1
	if [ "$HIVE_NODE" = 1 ]; then
		"$@" | tail -1 > "$HIVE_RESULTS/$load.result"
	fi
	wait "$perf_pid"
	# awk reads to the end: a reader that stops early would end perf
	# with SIGPIPE.
	perf report -i "/tmp/perf.$load" --no-children --sort dso --stdio 2> /dev/null |
		awk '!/^#/ && NF && n++ < 12' > "$HIVE_RESULTS/$load.dso.$HIVE_NODE"
	perf report -i "/tmp/perf.$load" --no-children --sort sym --stdio 2> /dev/null |
		awk '!/^#/ && NF && n++ < 45' > "$HIVE_RESULTS/$load.sym.$HIVE_NODE"
	barrier "$load"
}

[ "$HIVE_NODE" != 1 ] || hivectl ping 2 --count 500 > /dev/null
prof rpc4k-enc hivectl ping 2 --count 8000 --size 4096
prof bulk-enc hivectl ping 2 --oneway --count 2000 --size 65536
prof rpc4k-raw "$pingpong" client "$server" 7000 --size 4096 --count 12000
prof bulk-raw iperf3 -c "$server" -p 7001 -t 10
# Both nodes off, then a new connection, which the setting applies to.
encryption_off
barrier off
if [ "$HIVE_NODE" = 1 ]; then
	hivectl reconnect 2
	wait_peers_up 2 120
	hivectl ping 2 --count 500 > /dev/null
fi
barrier reconnected
prof rpc4k-off hivectl ping 2 --count 16000 --size 4096
prof bulk-off hivectl ping 2 --oneway --count 10000 --size 65536
end_cluster
