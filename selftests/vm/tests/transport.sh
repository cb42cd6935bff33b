#!/bin/bash
# The kernel transport and RPC between three nodes
# (Documentation/transport.rst, Documentation/rpc.rst):
# - every node holds a view of all three and every peer is "up" in
#   `hivectl nodes`, which all nodes agree on;
# - 3 000 echo calls from each node to each other node, all at once, as
#   four concurrent runs per peer, and beside them 8 calls each way of 64 B
#   and 512 pages (2 MiB sent from pages, received into fresh pages, and
#   ECHO answers with the pages it received): all answered, and each node
#   received exactly 6 016 calls and replies from each peer, none lost or
#   duplicated, though every connection is dropped (hivectl reconnect)
#   every 3 s meanwhile (the debug kernel, whose lockdep, KASAN and
#   kmemleak make each call ~20 times slower, sends 100 calls and 2 of 16
#   pages per peer: the same paths, connections dropped during them; a
#   2 MiB frame takes 3-4 s there, as long as the connection lives, and
#   would be cut and sent again for ever);
# - bad input on node 2's cluster port from hive-probe on node 1 is refused
#   and counted (a HELLO of another wire version with a sentence in the
#   log that says so), while node 3's calls to node 2 go on; a connection from an
#   address that is no member's is closed before its handshake;
# - lanes (release kernel): an echo call goes ahead of 6 MiB of one-way
#   bulk messages queued before it on a link slowed to 8 Mbit/s;
# - hived killed and restarted on node 2: the view converges, connections
#   stay up, no module reload;
# - node 3's QEMU is killed while node 1 waits on calls to it: they fail
#   with -EHOSTDOWN once the view drops node 3 (within corosync's failure
#   detection time, lib/cluster.sh's failure_deadline); node 3 boots again
#   and rejoins with a new incarnation, and calls to it work again (900 s
#   is the hang detector for the rejoin: a debug boot took 410 s beside the
#   release suite).  On the debug kernel node 3 dies without a reboot,
#   which costs minutes there: its network falls silent (netem drops every
#   packet), its corosync and hived are killed and hive.ko unloaded under
#   its connections; once the others saw it die it loads hive.ko again (a
#   new incarnation), speaks again and rejoins.  The others see the same.
# - worker handlers (Documentation/rpc.rst): a call held 20 s in a worker on
#   node 2 holds up none of node 1's other calls to node 2 (with a page
#   each, the worker keeping it until its late answer) and is answered
#   after its hold; a reply that comes after its caller timed out is
#   counted; node 3 holds 128 worker requests (its HIVE_RPC_WORKER_MAX for
#   node 1) and refuses the 74 beyond with -EBUSY, while ordered calls go
#   on; it dies holding them (debug: hive.ko unloaded, which ends them at
#   once), and node 1's held call fails with -EHOSTDOWN.
# hive-vm-timeout: release=1800 debug=2400
# hive-vm-cluster: shared
set -euo pipefail
. "$HIVE_REPO/selftests/vm/tests/lib/cluster.sh"
# The PID range of the scenarios after it, so that they can take the
# cluster this one leaves (lib/cluster.sh, "A cluster handed on").
set_pid_range 1024

probe=$HIVE_BUILD/userland/tools/hive-probe
if uname -r | grep -q debug; then
	echoes=100 paged=2 pages=16 flood=60 bulk=300
else
	echoes=3000 paged=8 pages=512 flood=300 bulk=3000
fi
# Each node's calls to a peer go as $streams concurrent runs of
# echoes/streams calls, so calls are in flight on every connection when it
# drops.
streams=4
counter() { value "/sys/kernel/hive/transport/$1"; }

# rejoin: node 3 back after its death: join, answer, leave cleanly.
rejoin() {
	bring_up
	echo "boot $HIVE_BOOT: rejoined with incarnation $(value /sys/kernel/hive/incarnation)"
	for peer in $(peers); do
		hivectl ping "$peer" --count 100
	done
	barrier rejoined
	barrier done
	end_cluster
	exit 0
}
# The boot after node 3's QEMU was killed.
[ "$HIVE_BOOT" = 1 ] || rejoin
# How node 3 dies: its QEMU killed, or (debug kernel) silenced.
death=power
[[ $(uname -r) != *debug* ]] || death=silence

bring_up
echo "all $HIVE_NODES nodes up $((SECONDS - hived_start)) s after hived started"
hivectl nodes
# Every node lists the same members, addresses and incarnations.
hivectl nodes --json | grep -o '"node_id":[0-9]*,"address":"[^"]*","port":[0-9]*,"incarnation":[0-9]*' \
	> "$HIVE_RESULTS/members.$HIVE_NODE"
[ -s "$HIVE_RESULTS/members.$HIVE_NODE" ]
barrier up
for i in $(seq 1 "$HIVE_NODES"); do
	cmp "$HIVE_RESULTS/members.1" "$HIVE_RESULTS/members.$i"
done

# $echoes echoes to each peer, all nodes and peers at once.
declare -A rx_before
for peer in $(peers); do
	rx_before[$peer]=$(value "/sys/kernel/hive/nodes/$peer/rx_messages")
done
barrier echo-start
start=$SECONDS
pids=()
for peer in $(peers); do
	for ((s = 1; s <= streams; s++)); do
		hivectl ping "$peer" --count $((echoes / streams)) --size 64 \
			> "/tmp/echo.$peer.$s" 2>&1 &
		pids+=($!)
	done
	hivectl ping "$peer" --count "$paged" --size 64 --pages "$pages" \
		> "/tmp/echo.$peer.paged" 2>&1 &
	pids+=($!)
done
echoes_running() {
	local pid
	for pid in "${pids[@]}"; do
		kill -0 "$pid" 2> /dev/null && return 0
	done
	return 1
}
# Meanwhile each connection is dropped every 3 s (node 1 drops its own
# two, node 2 the one to node 3): resent frames must not be lost or
# delivered twice.
resets=0
if [ "$HIVE_NODE" -lt "$HIVE_NODES" ]; then
	while echoes_running; do
		nap 3
		for ((peer = HIVE_NODE + 1; peer <= HIVE_NODES; peer++)); do
			hivectl reconnect "$peer" 2> /dev/null && resets=$((resets + 1))
		done
	done
fi
for pid in "${pids[@]}"; do
	wait "$pid" || { cat /tmp/echo.*; exit 1; }
done
cat /tmp/echo.*
echo "$resets connections dropped during the echoes"
[ "$HIVE_NODE" = "$HIVE_NODES" ] || [ "$resets" -gt 0 ]
for peer in $(peers); do
	for ((s = 1; s <= streams; s++)); do
		[[ $(< "/tmp/echo.$peer.$s") == *"$((echoes / streams)) of $((echoes / streams)) "* ]]
	done
	[[ $(< "/tmp/echo.$peer.paged") == *"$paged of $paged echoes of 64 B and $pages pages answered"* ]]
done
echo "$((2 * echoes)) echoes answered in $((SECONDS - start)) s"
barrier echo-done
for peer in $(peers); do
	got=$(($(value "/sys/kernel/hive/nodes/$peer/rx_messages") - ${rx_before[$peer]}))
	echo "node $peer: $got calls and replies received," \
	     "$(value "/sys/kernel/hive/nodes/$peer/connects") connections"
	[ "$got" = $((2 * (echoes + paged))) ]
	[ "$(value "/sys/kernel/hive/nodes/$peer/connects")" -gt 1 ]
done

# Every connection made again before the counters are read.
wait_peers_up "$HIVE_NODES" 90
barrier reconnected

# Bad input on node 2's port from node 1, while node 3 keeps calling node 2.
port=$(value /sys/kernel/hive/transport/port)
target=198.18.0.2
refusals="refused_malformed refused_cluster refused_not_member refused_auth refused_busy
	  refused_address refused_protection"
if [ "$HIVE_NODE" = 2 ]; then
	for c in $refusals handshakes; do
		echo "$(counter "$c")" > "/tmp/before.$c"
	done
fi
barrier probe-start
case "$HIVE_NODE" in
1)
	for c in random truncated huge-length bad-magic bad-version paged silent; do
		"$probe" "$target" "$port" "$c"
	done
	"$probe" "$target" "$port" bad-cluster --cluster demo
	"$probe" "$target" "$port" not-member --cluster demo --as 77 --target 2 \
		--target-incarnation "$(value /sys/kernel/hive/nodes/2/incarnation)"
	"$probe" "$target" "$port" wrong-key --cluster demo --key /etc/hive/authkey \
		--as 1 --incarnation "$(value /sys/kernel/hive/incarnation)" --target 2 \
		--target-incarnation "$(value /sys/kernel/hive/nodes/2/incarnation)"
	# From an address of no member: closed before any handshake.
	ip addr add 198.18.0.99/24 dev eth0
	"$probe" "$target" "$port" silent --from 198.18.0.99
	ip addr del 198.18.0.99/24 dev eth0
	;;
3)
	hivectl ping 2 --count "$bulk" --size 4096
	;;
esac
barrier probe-done
if [ "$HIVE_NODE" = 2 ]; then
	delta() { echo $(($(counter "$1") - $(value "/tmp/before.$1"))); }
	for c in $refusals handshakes; do
		echo "$c +$(delta "$c")"
	done
	[ "$(delta refused_malformed)" = 7 ]
	dmesg | grep -a "hive: node 1 (or someone at its address) speaks another version of hive's wire protocol than this node's"
	[ "$(delta refused_cluster)" = 1 ]
	[ "$(delta refused_not_member)" = 1 ]
	[ "$(delta refused_auth)" = 1 ]
	[ "$(delta refused_busy)" = 0 ]
	[ "$(delta refused_address)" = 1 ]
	[ "$(delta refused_protection)" = 0 ]
	[ "$(delta handshakes)" = 0 ]
	[ "$(counter connections)" = 2 ]
fi
barrier probe-checked

# A flood of connections: most refused at once, the peers unaffected.
if [ "$HIVE_NODE" = 2 ]; then
	echo "$(counter refused_busy)" > /tmp/before.refused_busy
fi
barrier flood-start
if [ "$HIVE_NODE" = 1 ]; then
	"$probe" "$target" "$port" flood --count "$flood"
fi
barrier flood-done
if [ "$HIVE_NODE" = 2 ]; then
	echo "flood: refused_busy +$(($(counter refused_busy) - $(value /tmp/before.refused_busy)))"
	[ "$(counter refused_busy)" -gt "$(value /tmp/before.refused_busy)" ]
	# The flood's handshakes that got a slot time out (5 s).
	wait_for 120 "the flood's connections gone" equals 2 counter connections
fi
for peer in $(peers); do
	hivectl ping "$peer" --count 100
done
barrier flood-checked

# Lanes (Documentation/transport.rst, "Lanes"), on the release kernel: node
# 1's traffic to the cluster port slowed to 8 Mbit/s, 6 MiB of one-way
# bulk messages and the call behind them queued for node 2, then an echo
# call (the urgent lane) a second later must come back while the bulk run
# still waits for that last call: it went ahead of the bulk frames queued
# before it.  Sent in the order queued, it would come back after them.
if [ "$HIVE_NODE" = 1 ] && [[ $(uname -r) != *debug* ]]; then
	modprobe -a sch_prio sch_tbf cls_u32
	tc qdisc add dev eth0 root handle 1: prio
	tc qdisc add dev eth0 parent 1:3 handle 30: tbf rate 8mbit burst 16kb latency 500ms
	tc filter add dev eth0 parent 1: protocol ip u32 match ip dport "$port" 0xffff flowid 1:3
	hivectl ping 2 --oneway --count 6 --size 1048560 > /tmp/bulk 2>&1 &
	bulk_pid=$!
	nap 1
	hivectl ping 2 --count 1 --size 4096
	if ! running "$bulk_pid"; then
		echo "lanes: the urgent call came back after the bulk queued before it"
		false
	fi
	urgent_done=$SECONDS
	wait "$bulk_pid"
	echo "lanes: the urgent call came back $((SECONDS - urgent_done)) s before the 6 MiB of bulk queued ahead of it were through"
	tc qdisc del dev eth0 root
fi
barrier lanes-done

# hived killed and restarted on node 2: no reload, connections stay.
if [ "$HIVE_NODE" = 2 ]; then
	incarnation=$(value /sys/kernel/hive/incarnation)
	kill -KILL "$hived_pid"
	wait "$hived_pid" || true
	[ "$(value /sys/kernel/hive/state)" = stale ]
	hived >> /var/log/hived.log 2>&1 &
	hived_pid=$!
	wait_for 600 "a quorate view after hived's restart" \
		equals quorate value /sys/kernel/hive/state
	[ "$(value /sys/kernel/hive/incarnation)" = "$incarnation" ]
	[ "$(counter connections)" = 2 ]
	echo "hived restarted: quorate again, same incarnation, connections kept"
fi
barrier hived-restarted
for peer in $(peers); do
	hivectl ping "$peer" --count 100
done

# Worker handlers (ECHO_HELD: answered late, from a worker).  A call held
# on node 2 leaves node 1's other calls to node 2 unhindered, and its
# answer comes after the hold; a reply after its caller gave up is counted.
rpc() { value "/sys/kernel/hive/rpc/$1"; }
late_before=$(rpc late_replies)
late_reply_counted() { [ "$(rpc late_replies)" -gt "$late_before" ]; }
if [ "$HIVE_NODE" = 1 ]; then
	# The hold is a margin, not a speed claim: the 40 echoes took 8.5 s
	# on a busy debug run, which a 10 s hold did not outlast (its timeout
	# stays well above the hold).
	hivectl ping 2 --count 1 --hold 20000 --timeout 60000 > /tmp/held 2>&1 &
	held_pid=$!
	hivectl ping 2 --count 20
	hivectl ping 2 --count 20 --pages 1 --hold 1 | grep "20 of 20 "
	kill -0 "$held_pid" ||
		{ cat /tmp/held; echo "the held call ended before the echoes"; exit 1; }
	hivectl ps > /dev/null	# LIST, a worker operation, on every node
	wait "$held_pid" || { cat /tmp/held; exit 1; }
	cat /tmp/held
	grep -q "1 of 1 " /tmp/held
	if hivectl ping 2 --count 1 --hold 5000 --timeout 1000 2> /tmp/late; then
		echo "a call held 5 s did not time out after 1 s"
		exit 1
	fi
	grep -q "timed out" /tmp/late
	wait_for 120 "the late reply" late_reply_counted
	echo "a call held 20 s on node 2 did not hold up 40 echoes; a late reply was counted"
fi
barrier held
[ "$(rpc workers_running)" = 0 ]
# The worker cap: node 1 makes node 3 hold one call and 200 one-way
# messages for ten minutes; node 3 takes HIVE_RPC_WORKER_MAX (128) of them
# and refuses the rest, and while it is full node 1's ordered calls still
# go through and a worker call gets the sentence.  Node 3 dies holding
# them: its QEMU killed, or (debug kernel) hive.ko unloaded, which must end
# every hold at once.
busy_before=$(rpc refused_busy)
barrier workers-counted
if [ "$HIVE_NODE" = 1 ]; then
	hivectl ping 3 --count 1 --hold 600000 --timeout 600000 > /tmp/held3 2>&1 &
	held3_pid=$!
fi
# The held call first, so the count below is exact.
[ "$HIVE_NODE" != 3 ] || wait_for 120 "node 1's held call" equals 1 rpc workers_running
barrier held-call
if [ "$HIVE_NODE" = 1 ]; then
	hivectl ping 3 --oneway --count 200 --hold 600000
	if hivectl ping 3 --count 1 --hold 1 2> /tmp/busy; then
		echo "a worker call to a full node 3 was taken"
		exit 1
	fi
	cat /tmp/busy
	grep -q "too many calls" /tmp/busy
	hivectl ping 3 --count 20
fi
barrier workers-full
if [ "$HIVE_NODE" = 3 ]; then
	[ "$(rpc workers_running)" = 128 ] ||
		{ echo "node 3 runs $(rpc workers_running) workers, not 128"; exit 1; }
	# 73 one-way messages beyond the 128, and the worker call after them.
	refused=$(($(rpc refused_busy) - busy_before))
	[ "$refused" = 74 ] || { echo "node 3 refused $refused, not 74"; exit 1; }
	echo "node 3 holds 128 worker requests and refused 74"
fi

# Node 3's QEMU killed while node 1 waits on calls to it.
deadline=$(failure_deadline)
last=$HIVE_NODES
old_incarnation=$(value "/sys/kernel/hive/nodes/$last/incarnation")
barrier kill-start
if [ "$HIVE_NODE" = "$last" ] && [ $death = power ]; then
	sleep infinity	# until hive-vm kills this QEMU
fi
if [ "$HIVE_NODE" = "$last" ]; then
	wait_for 600 "node 1's call in flight" [ -e "$HIVE_RESULTS/die" ]
	touch "$HIVE_RESULTS/died"
	fall_silent
	# 128 worker requests held for ten minutes: the unload ends them.
	start=$SECONDS
	timeout 300 modprobe -r hive
	echo "hive.ko unloaded in $((SECONDS - start)) s under 128 held worker requests"
	wait_for 900 "node 1's word that node $HIVE_NODE died" [ -e "$HIVE_RESULTS/revive" ]
	speak_again
	rejoin
fi
if [ "$HIVE_NODE" = 1 ]; then
	hivectl ping "$last" --count 1000000 --timeout 120000 > /tmp/pending 2>&1 &
	ping_pid=$!
	nap 2
	kill -0 "$ping_pid"
	if [ $death = power ]; then
		echo kill > "$HIVE_RESULTS/power.$last"
	else
		touch "$HIVE_RESULTS/die"
	fi
fi
# hive-vm notes the kill in node3.rc, node 3 its silence: the clock starts
# there.
if [ $death = power ]; then
	wait_for 600 "hive-vm's note of the kill" [ -e "$HIVE_RESULTS/node$last.rc" ]
	grep -q "killed on request" "$HIVE_RESULTS/node$last.rc"
else
	wait_for 600 "node $last's silence" [ -e "$HIVE_RESULTS/died" ]
fi
start=$SECONDS
while [ -e "/sys/kernel/hive/nodes/$last" ] && [ $((SECONDS - start)) -le "$deadline" ]; do
	nap 0.2
done
[ ! -e "/sys/kernel/hive/nodes/$last" ] ||
	{ echo "node $last still in the view $deadline s after it died"; exit 1; }
echo "node $last left the view $((SECONDS - start)) s after it died (deadline $deadline s)"
if [ "$HIVE_NODE" = 1 ]; then
	if wait "$ping_pid"; then
		echo "calls to a dead node succeeded"
		exit 1
	fi
	cat /tmp/pending /tmp/held3
	grep -q "not in the view, or left it" /tmp/pending
	if wait "$held3_pid"; then
		echo "a call held on a dead node succeeded"
		exit 1
	fi
	grep -q "not in the view, or left it" /tmp/held3
	echo "the waiting calls failed with -EHOSTDOWN $((SECONDS - start)) s after its death"
	if [ $death = power ]; then
		echo boot > "$HIVE_RESULTS/power.$last"
	else
		touch "$HIVE_RESULTS/revive"
	fi
fi

# Node 3 boots again: a new incarnation, and calls to it work.
end=$((SECONDS + 900)) try=0
while [ $SECONDS -le $end ]; do
	{ read -r new < "/sys/kernel/hive/nodes/$last/incarnation"; } 2> /dev/null || new=0
	{ read -r state < "/sys/kernel/hive/nodes/$last/state"; } 2> /dev/null || state=none
	[ "$new" != 0 ] && [ "$new" != "$old_incarnation" ] && [ "$state" = up ] && break
	poll_nap $((try++))
done
[ "$new" != 0 ] && [ "$new" != "$old_incarnation" ] && [ "$state" = up ] ||
	{ echo "node $last did not come back with a new incarnation"; hivectl nodes; exit 1; }
echo "node $last rejoined: incarnation $old_incarnation -> $new"
hivectl ping "$last" --count 100
barrier rejoined
hivectl nodes
barrier done
end_cluster
