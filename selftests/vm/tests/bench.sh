#!/bin/bash
# `make bench` on two nodes: hive's kernel RPC against a userland TCP
# ping-pong of the same sizes between the same two VMs, hive's one-way
# throughput against iperf3, kill(2) of a process on the other node
# against a local kill(2) and the RPC round trip, and `hivectl run` against
# a plain fork+exec, `hivectl run --node 2` against both, and the stream of
# `hivectl run --node 2` (32 MiB through the command's stdout, then its
# stdin) against an nc pipe between the same VMs, in one run.  Rounds
# alternate hive and raw so
# both see the same machine (DESIGN-NOTES: idle guests add wake-up
# latency).  Then both nodes turn encryption off and the RPC and bulk
# rounds run again ("hive-off"): TCG emulates AES, so that is hive's own
# cost with the emulated crypto taken out.  Each transport round also
# times 4 KiB calls while one-way 1 MiB messages saturate the connection
# (the page-fault shape, "-loaded"), against the idle 4 KiB calls, and
# moves pages: calls of one 4 KiB page each way ("-page", against 4 KiB
# of body) and one-way messages of 512 pages ("-pages", 2 MiB each,
# against the 64 KiB bodies).  Node 1 measures; node 2 serves.  Prints raw numbers; scripts/bench
# computes the ratios.
# hive-vm-timeout: release=1800 debug=3600
set -euo pipefail
. "$HIVE_REPO/selftests/vm/tests/lib/cluster.sh"

pingpong=$HIVE_BUILD/userland/tools/hive-pingpong
rounds=${HIVE_BENCH_ROUNDS:-3}
count=${HIVE_BENCH_COUNT:-2000}
bulk_mib=${HIVE_BENCH_BULK_MIB:-256}
loaded_count=${HIVE_BENCH_LOADED_COUNT:-100}
stream_mib=${HIVE_BENCH_STREAM_MIB:-32}

bring_up > /dev/null

latency=$HIVE_REPO/selftests/vm/tests/lib/latency.py
if [ "$HIVE_NODE" = 2 ]; then
	"$pingpong" server 7000 > /tmp/pingpong.log 2>&1 &
	iperf3 -s -p 7001 > /tmp/iperf3.log 2>&1 &
	hivectl run -- sleep 100000 &
	echo $! > "$HIVE_RESULTS/target.part"
	# nc servers for the stream rounds, one connection after another:
	# 7002 sends the stream, 7003 swallows one.
	while :; do
		head -c "${stream_mib}M" /dev/zero | nc -N -l 7002 || sleep 0.2
	done &
	while :; do
		nc -l 7003 < /dev/null > /dev/null || sleep 0.2
	done &
	mv "$HIVE_RESULTS/target.part" "$HIVE_RESULTS/target"
	barrier servers
	barrier encrypted-done
	encryption_off
	barrier off
	barrier done
	exit 0
fi
barrier servers
sleep 1

# hive_rtt SIZE [CALLS [PAGES]]: "p50_ns p99_ns" of CALLS (default COUNT)
# kernel echo calls of SIZE bytes and PAGES pages.
hive_rtt() {
	hivectl ping 2 --count "${2:-$count}" --size "$1" --pages "${3:-0}" --json |
		sed -E 's/.*"ns_p50":([0-9]+).*"ns_p99":([0-9]+).*/\1 \2/'
}
raw_rtt() {
	"$pingpong" client 198.18.0.2 7000 --size "$1" --count "$count" |
		sed -E 's/.*p50_ns=([0-9]+) p99_ns=([0-9]+).*/\1 \2/'
}

# elapsed_us COMMAND...: run it (its stdout to /tmp/stream.out), print
# the microseconds it took.  600 s is a hang detector.
elapsed_us() {
	local t=${EPOCHREALTIME/./}

	timeout 600 "$@" > /tmp/stream.out
	echo $((${EPOCHREALTIME/./} - t))
}

# stream_round NAME: the stream through `hivectl run --node 2`, each way,
# and the same bytes through nc.  Each run must move every byte.
stream_round() {
	local bytes=$((stream_mib * 1048576)) us
	us=$(elapsed_us sh -c "hivectl run --node 2 -- head -c ${stream_mib}M /dev/zero | wc -c")
	[ "$(cat /tmp/stream.out)" = "$bytes" ]
	echo "stream $1 out bytes=$bytes us=$us"
	# No -N here: it would end the connection at once (stdin is empty).
	us=$(elapsed_us sh -c "nc 198.18.0.2 7002 < /dev/null | wc -c")
	[ "$(cat /tmp/stream.out)" = "$bytes" ]
	echo "stream raw out bytes=$bytes us=$us"
	us=$(elapsed_us sh -c "head -c ${stream_mib}M /dev/zero | hivectl run --node 2 -- wc -c")
	[ "$(cat /tmp/stream.out)" = "$bytes" ]
	echo "stream $1 in bytes=$bytes us=$us"
	us=$(elapsed_us sh -c "head -c ${stream_mib}M /dev/zero | nc -N 198.18.0.2 7003")
	echo "stream raw in bytes=$bytes us=$us"
}

# transport_round NAME: RPC and bulk rounds of hive as NAME against raw.
transport_round() {
	local size msgs ns bps
	for size in 64 4096; do
		echo "rtt $1 size=$size $(hive_rtt "$size")"
		echo "rtt raw size=$size $(raw_rtt "$size")"
	done
	msgs=$((bulk_mib * 16))
	ns=$(hivectl ping 2 --oneway --count "$msgs" --size 65536 --json |
		sed -E 's/.*"ns_total":([0-9]+).*/\1/')
	echo "bulk $1 bytes=$((msgs * 65536)) ns=$ns"
	msgs=$((bulk_mib / 2))
	ns=$(hivectl ping 2 --oneway --count "$msgs" --size 0 --pages 512 --json |
		sed -E 's/.*"ns_total":([0-9]+).*/\1/')
	echo "bulk $1-pages bytes=$((msgs * 2097152)) ns=$ns"
	echo "rtt $1-page size=4096 $(hive_rtt 0 "$count" 1)"
	bps=$(iperf3 -c 198.18.0.2 -p 7001 -n "${bulk_mib}M" -J |
		python3 -c 'import json,sys; print(int(json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"]))')
	echo "bulk raw bits_per_second=$bps"
	# The page-fault shape: 4 KiB calls while one-way 1 MiB messages
	# keep node 2's queue full, then the queue drained.
	hivectl ping 2 --oneway --count 1000000 --size 1048560 > /dev/null 2>&1 &
	bulk_pid=$!
	sleep 2
	echo "rtt $1-loaded size=4096 $(hive_rtt 4096 "$loaded_count")"
	kill "$bulk_pid"
	wait "$bulk_pid" || true
	hivectl ping 2 --count 10 > /dev/null
}

hivectl ping 2 --count 500 --size 64 > /dev/null	# warm both sides
target=$(cat "$HIVE_RESULTS/target")
hivectl run -- sleep 100000 &
local_target=$!
echo "encryption $(value /sys/kernel/hive/transport/encryption)"
for round in $(seq "$rounds"); do
	transport_round hive
	echo "kill remote $(python3 "$latency" kill "$target" "$count")"
	echo "kill local $(python3 "$latency" kill "$local_target" "$count")"
	echo "spawn hivectl $(python3 "$latency" spawn 200 hivectl run -- /bin/true)"
	echo "spawn remote $(python3 "$latency" spawn 100 hivectl run --node 2 -- /bin/true)"
	echo "spawn raw $(python3 "$latency" spawn 200 /bin/true)"
	stream_round hive
done
kill "$local_target"
barrier encrypted-done
encryption_off
barrier off
hivectl reconnect 2
wait_peers_up 2 120
hivectl ping 2 --count 500 --size 64 > /dev/null
echo "encryption $(value /sys/kernel/hive/transport/encryption)"
for round in $(seq "$rounds"); do
	transport_round hive-off
	stream_round hive-off
done
barrier done
