#!/bin/bash
# A paused node (Documentation/transport.rst, "A node that was paused"):
# node 2's QEMU is stopped (SIGSTOP) long enough for the others to drop it
# from the view, then continued.  Slow is not dead: while paused and still
# a member it is "suspect", not gone.  Once the view drops it, calls to it
# fail with -EHOSTDOWN.  When it wakes it rejoins with the same
# incarnation (hive.ko was never reloaded), and every pair of nodes
# exchanges calls again: sequence state that only one side had kept is
# reconciled by the handshake's sessions, nothing hangs.
# hive-vm-timeout: release=900 debug=1200
set -euo pipefail
. "$HIVE_REPO/selftests/vm/tests/lib/cluster.sh"

paused=2
bring_up
for peer in $(peers); do
	hivectl ping "$peer" --count 100 > /dev/null
done
incarnation=$(cat "/sys/kernel/hive/nodes/$paused/incarnation")
barrier before-pause

if [ "$HIVE_NODE" = "$paused" ]; then
	# Frozen from here until node 1 lets it go on; then it catches up.
	wait_for 600 "node 1's word that this node was resumed" [ -e "$HIVE_RESULTS/resumed" ]
	echo "woke up: state $(cat /sys/kernel/hive/state)"
else
	deadline=$(failure_deadline)
	[ "$HIVE_NODE" = 1 ] && echo stop > "$HIVE_RESULTS/power.$paused"
	start=$SECONDS
	suspect=0
	while [ -e "/sys/kernel/hive/nodes/$paused" ] && [ $((SECONDS - start)) -le "$deadline" ]; do
		[ "$(cat "/sys/kernel/hive/nodes/$paused/state" 2> /dev/null)" = suspect ] && suspect=1
		nap 0.2
	done
	[ ! -e "/sys/kernel/hive/nodes/$paused" ] ||
		{ echo "node $paused still in the view $deadline s after it was paused"; exit 1; }
	[ "$suspect" = 1 ] || { echo "node $paused was never suspect while paused"; exit 1; }
	echo "node $paused suspect, then out of the view $((SECONDS - start)) s after the pause"
	if hivectl ping "$paused" --count 1 2> /tmp/err; then
		echo "a call to a node out of the view succeeded"
		exit 1
	fi
	grep -q "not in the view" /tmp/err
	if [ "$HIVE_NODE" = 1 ]; then
		nap 5	# paused well past its eviction
		echo cont > "$HIVE_RESULTS/power.$paused"
		touch "$HIVE_RESULTS/resumed"
	fi
fi

# Everyone back, the paused node with the incarnation it had.
wait_peers_up "$HIVE_NODES" 120
[ "$(cat "/sys/kernel/hive/nodes/$paused/incarnation")" = "$incarnation" ]
for peer in $(peers); do
	hivectl ping "$peer" --count 100
done
dmesg | grep -E "hive: node [0-9]+ had forgotten" || true
hivectl nodes
barrier after-pause
end_cluster
