#!/bin/bash
# The transport's lifetimes under stress, for KASAN, lockdep and kmemleak
# (run on the debug kernel; Documentation/transport.rst, "Who owns what"):
# - signals: nodes 1 and 2 send each other 1 MiB echo calls while their
#   hivectl is stopped and continued every 50 ms; every call is answered
#   and no connection drops (a caller's signals never reach the link);
# - then all at once until node 3 has left and rejoined twice: 64 B,
#   1 MiB and 2 MiB-of-pages calls (64 B and 512 pages each way, received
#   into fresh pages) both ways between nodes 1 and 2, 64 B and 1 MiB
#   between them and node 3; node 1 drops its connection to node 2 every second; node 3 cuts
#   itself off (netem drops everything it sends) and nodes 1 and 2 drop
#   their connections to it, so that their dials hang in connect (the
#   SYN-ACKs are lost) while their views drop node 3; then node 3 rejoins.
#   Every call between nodes 1 and 2 is answered, and each received exactly
#   the calls and replies sent to it; calls to and from node 3 may fail
#   while it is away.  The slowest `hivectl nodes` on node 1 while node 3
#   leaves is printed (a view change no longer waits for a hung dial).
# hive-vm-timeout: release=1800 debug=2400
# hive-vm-cluster: shared
set -euo pipefail
. "$HIVE_REPO/selftests/vm/tests/lib/cluster.sh"
# The PID range of the scenarios after it, so that they can take the
# cluster this one leaves (lib/cluster.sh, "A cluster handed on").
set_pid_range 1024

# On the debug kernel each node also pauses between its runs (pause
# seconds; retry after a failed one, sample the slowest `hivectl nodes`
# every "sample" seconds): calls are still in flight at every drop and
# view change, at a fraction of the CPU that back-to-back runs and
# process starts took there (a 1 MiB call under KASAN takes 3-12 s).
if uname -r | grep -q debug; then
	big=5 small=50 paged=2 signal_calls=5 pause=2 retry=3 sample=1
else
	big=20 small=500 paged=10 signal_calls=100 pause=0 retry=1 sample=0.5
fi
mib=$((1048576 - 16))
rx() { value "/sys/kernel/hive/nodes/$1/rx_messages"; }
connects() { value "/sys/kernel/hive/nodes/$1/connects"; }

bring_up
other=$((HIVE_NODE == 1 ? 2 : 1))

# Signals: a stopped and continued sender keeps its connection.
if [ "$HIVE_NODE" -le 2 ]; then
	before=$(connects "$other")
	# 600 s per call is a hang detector: a 1 MiB call under KASAN takes
	# 3-4 s alone, and up to 35 s beside the release suite in CI.
	hivectl ping "$other" --count "$signal_calls" --size "$mib" --timeout 600000 \
		> /tmp/signals 2>&1 &
	pid=$!
	stops=0
	while running "$pid"; do
		kill -STOP "$pid" 2> /dev/null || break
		kill -CONT "$pid" 2> /dev/null || break
		stops=$((stops + 1))
		nap 0.05
	done
	wait "$pid" || { cat /tmp/signals; exit 1; }
	cat /tmp/signals
	grep -q "$signal_calls of $signal_calls" /tmp/signals
	echo "stopped and continued $stops times; connections to node $other: $before -> $(connects "$other")"
	[ "$stops" -gt 0 ]
	[ "$(connects "$other")" = "$before" ]
fi
barrier signals-done

# The chaos ends when node 3 has come back the second time.
done_file=$HIVE_RESULTS/chaos-done
chaos() { [ ! -e "$done_file" ]; }
# batches PEER SIZE COUNT OUT [PAGES]: COUNT echoes of SIZE (and PAGES
# pages) to PEER, again and again while the chaos lasts; OUT gets each
# run's output, OUT.n how many runs there were.  Fails if a run fails.
batches() {
	local n=0
	: > "$4"
	while chaos; do
		# Each call's 600 s is a hang detector: a 1 MiB call under KASAN
		# waits behind resends of up to 8 MiB at every reconnect.
		hivectl ping "$1" --count "$3" --size "$2" --pages "${5:-0}" \
			--timeout 600000 >> "$4" 2>&1 || { cat "$4"; return 1; }
		n=$((n + 1))
		nap "$pause"
	done
	echo "$n" > "$4.n"
}
# tries PEER SIZE COUNT: the same to a node that may be away; failures
# only counted.
tries() {
	local ok=0 failed=0
	while chaos; do
		if hivectl ping "$1" --count "$3" --size "$2" --timeout 30000 \
			> /dev/null 2>&1; then
			ok=$((ok + 1))
			nap "$pause"
		else
			failed=$((failed + 1))
			nap "$retry"
		fi
	done
	echo "to node $1: $ok runs answered, $failed failed"
}

[ "$HIVE_NODE" -gt 2 ] || rx_before=$(rx "$other")
barrier chaos-start
pids=()
if [ "$HIVE_NODE" -le 2 ]; then
	batches "$other" 64 "$small" /tmp/small & pids+=($!)
	batches "$other" "$mib" "$big" /tmp/big & pids+=($!)
	batches "$other" 64 "$paged" /tmp/paged 512 & pids+=($!)
	tries 3 65536 20 > /tmp/to3 & pids+=($!)
else
	tries 1 "$mib" 2 > /tmp/to1 & pids+=($!)
	tries 2 64 20 > /tmp/to2 & pids+=($!)
fi

case "$HIVE_NODE" in
1)
	drops=0 slowest=0 round=0
	while chaos; do
		hivectl reconnect 2 2> /dev/null && drops=$((drops + 1))
		# Node 3 has cut itself off: drop the connection to it, so that
		# the redial hangs, and time hivectl while the view drops node 3.
		if [ -e "$HIVE_RESULTS/cut.$((round + 1))" ]; then
			round=$((round + 1)) slowest=0
			hivectl reconnect 3 2> /dev/null || true
			# Every $sample s: back to back, the process
			# starts took the CPU the view change needs.
			while [ -e /sys/kernel/hive/nodes/3 ] && chaos; do
				t=${EPOCHREALTIME/./}
				hivectl nodes > /dev/null
				t=$(( (${EPOCHREALTIME/./} - t) / 1000 ))
				[ "$t" -le "$slowest" ] || slowest=$t
				nap "$sample"
			done
			echo "round $round: node 3 left the view; slowest hivectl nodes meanwhile: $slowest ms"
		fi
		nap 1
	done
	echo "dropped the connection to node 2 $drops times"
	[ "$drops" -gt 0 ]
	;;
2)
	round=0
	while chaos; do
		if [ -e "$HIVE_RESULTS/cut.$((round + 1))" ]; then
			round=$((round + 1))
			hivectl reconnect 3 2> /dev/null || true
		fi
		nap 0.5
	done
	;;
3)
	modprobe sch_netem
	for round in 1 2; do
		nap 5
		tc qdisc add dev eth0 root netem loss 100%
		touch "$HIVE_RESULTS/cut.$round"
		wait_for 600 "the view without nodes 1 and 2" \
			equals no-quorum value /sys/kernel/hive/state
		echo "round $round: cut off, alone in the view"
		nap 10
		tc qdisc del dev eth0 root
		wait_peers_up "$HIVE_NODES" 600
		echo "round $round: back, every node up"
	done
	touch "$done_file"
	;;
esac

for pid in "${pids[@]}"; do
	wait "$pid"
done
cat /tmp/to* 2> /dev/null || true
if [ "$HIVE_NODE" -le 2 ]; then
	runs_small=$(cat /tmp/small.n) runs_big=$(cat /tmp/big.n)
	runs_paged=$(cat /tmp/paged.n)
	[ "$(grep -c "$small of $small" /tmp/small)" = "$runs_small" ]
	[ "$(grep -c "$big of $big" /tmp/big)" = "$runs_big" ]
	[ "$(grep -c "$paged of $paged echoes of 64 B and 512 pages" /tmp/paged)" = "$runs_paged" ]
	# This node received the other's calls and the replies to its own;
	# the two may have made different numbers of runs.
	calls=$((runs_small * small + runs_big * big + runs_paged * paged))
	echo "$calls" > "$HIVE_RESULTS/calls.$HIVE_NODE"
	barrier counted 2
	theirs=$(value "$HIVE_RESULTS/calls.$other")
	got=$(($(rx "$other") - rx_before))
	# Both read before either calls again: a barrier lets the last node
	# through at once and the others up to a second later (poll_nap).
	barrier read 2
	echo "node $other: $calls calls sent ($runs_small runs of $small x 64 B," \
	     "$runs_big of $big x 1 MiB, $runs_paged of $paged x 512 pages)," \
	     "$theirs received; $got calls and replies received"
	[ "$got" = $((calls + theirs)) ]
fi

wait_peers_up "$HIVE_NODES" 600
for peer in $(peers); do
	hivectl ping "$peer" --count 20
done
barrier done
end_cluster
