#!/bin/bash
# hived follows corosync and pushes membership views into hive.ko
# (Documentation/membership.rst), on every node of the test cluster:
# - every node holds the same quorate view of all nodes, every incarnation
#   known, after hived starts (600 s is the hang detector);
# - hived killed on node 2: membership there turns stale; hived restarted:
#   the same view is back, quorate, without reloading hive.ko;
# - the last node's cluster stack crashes and comes back with hive.ko
#   reloaded: the others see it rejoin with a new incarnation, in a later
#   epoch;
# - the last node powers off at once, as in a crash: the others' views drop
#   it, with a later epoch, still quorate, within corosync's failure
#   detection time (runtime token + consensus, from cmap) plus 5 s;
# - node 2 powers off too: node 1, alone, is in a view without quorum.
# hive-vm-timeout: release=900 debug=1200
set -euo pipefail
. "$HIVE_REPO/selftests/vm/tests/lib/cluster.sh"

# This node's view as hivectl shows it: the epoch, then each member's id,
# address, port and incarnation (not the transport's per-node state).
view_of() {
	local json
	json=$(hivectl nodes --json)
	grep -o '"view_epoch":[0-9]*' <<< "$json"
	# No member at all before hived's first view.
	grep -o '"node_id":[0-9]*,"address":"[^"]*","port":[0-9]*,"incarnation":[0-9a-z]*' <<< "$json" || true
}

epoch_of() {
	view_of | sed -n -E '1s/^"view_epoch":([0-9]+)$/\1/p'
}

# wait_view COUNT SECONDS [STATE]: hive.ko holds a view of COUNT nodes
# whose incarnations are all known, in STATE (default quorate).
wait_view() {
	local count=$1 limit=$2 state=${3:-quorate} view
	local end=$((SECONDS + limit)) try=0
	while [ $SECONDS -le $end ]; do
		view=$(view_of)
		if [ "$(cat /sys/kernel/hive/state)" = "$state" ] &&
		   [ "$(grep -o '"node_id"' <<< "$view" | wc -l)" = "$count" ] &&
		   ! grep -q '"incarnation":null' <<< "$view"; then
			return 0
		fi
		poll_nap $((try++))
	done
	echo "no $state view of $count announced nodes in $limit s;" \
	     "state $(cat /sys/kernel/hive/state)"
	hivectl nodes
	cat /var/log/hived.log
	return 1
}

modprobe hive
write_hive_conf
share_authkey
start_corosync
wait_quorate "$HIVE_NODES"

hived > /var/log/hived.log 2>&1 &
hived_pid=$!
start=$SECONDS
wait_view "$HIVE_NODES" 600
echo "view of $HIVE_NODES nodes $((SECONDS - start)) s after hived started"
view_of > "$HIVE_RESULTS/view.$HIVE_NODE"
barrier first-view
for i in $(seq 1 "$HIVE_NODES"); do
	cmp "$HIVE_RESULTS/view.1" "$HIVE_RESULTS/view.$i"
done

if [ "$HIVE_NODE" = 2 ]; then
	kill -KILL "$hived_pid"
	wait "$hived_pid" || true
	[ "$(cat /sys/kernel/hive/state)" = stale ]
	echo "hived killed: membership stale"
	hived >> /var/log/hived.log 2>&1 &
	hived_pid=$!
	wait_view "$HIVE_NODES" 600
	[ "$(view_of)" = "$(cat "$HIVE_RESULTS/view.$HIVE_NODE")" ]
	if grep -q refused /var/log/hived.log; then
		cat /var/log/hived.log
		exit 1
	fi
	echo "hived restarted: the same view, quorate"
fi
barrier hived-restarted

deadline=$(failure_deadline)

last=$HIVE_NODES
old_incarnation=$(cat "/sys/kernel/hive/nodes/$last/incarnation")
before=$(epoch_of)
if [ "$HIVE_NODE" = "$last" ]; then
	# The cluster stack dies at once; hive.ko comes back as a new instance.
	kill -KILL "$hived_pid" "$corosync_pid"
	wait "$hived_pid" "$corosync_pid" || true
	modprobe -r hive
	modprobe hive
	corosync -f >> /var/log/corosync.log 2>&1 &
	corosync_pid=$!
	wait_quorate "$HIVE_NODES"
	hived >> /var/log/hived.log 2>&1 &
	hived_pid=$!
fi
# It leaves (corosync notices the crash) and comes back as a new instance.
end=$((SECONDS + 600)) try=0
while [ $SECONDS -le $end ]; do
	{ read -r new_incarnation < "/sys/kernel/hive/nodes/$last/incarnation"; } 2> /dev/null ||
		new_incarnation=0
	[ "$new_incarnation" != 0 ] && [ "$new_incarnation" != "$old_incarnation" ] && break
	poll_nap $((try++))
done
[ "$new_incarnation" != 0 ] && [ "$new_incarnation" != "$old_incarnation" ] ||
	{ echo "node $last did not come back with a new incarnation"; hivectl nodes; exit 1; }
wait_view "$HIVE_NODES" 600
[ "$(epoch_of)" -gt "$before" ]
echo "node $last rejoined with a new incarnation; epoch $before -> $(epoch_of)"
barrier rejoined

if [ "$HIVE_NODE" = "$HIVE_NODES" ]; then
	# Gone at once, as in a crash: no goodbye to corosync or hived.
	echo 0 > "$HIVE_RESULTS/node$HIVE_NODE.rc"
	sync
	echo o > /proc/sysrq-trigger
	sleep infinity
fi
before=$(epoch_of)
start=$SECONDS
wait_view $((HIVE_NODES - 1)) "$deadline"
[ "$(epoch_of)" -gt "$before" ]
echo "node $HIVE_NODES left the view $((SECONDS - start)) s after it died" \
     "(hang detector $deadline s);" \
     "epoch $before -> $(epoch_of)"
barrier node-left $((HIVE_NODES - 1))

if [ "$HIVE_NODE" = 2 ]; then
	echo 0 > "$HIVE_RESULTS/node$HIVE_NODE.rc"
	sync
	echo o > /proc/sysrq-trigger
	sleep infinity
fi
# Node 1 alone: 1 vote of 3 is no quorum.  votequorum reports it after the
# failure detection time.
wait_view 1 "$deadline" no-quorum
echo "node 1 alone: $(cat /sys/kernel/hive/state), epoch $(epoch_of)"

kill "$hived_pid"
wait "$hived_pid"
kill "$corosync_pid"
wait "$corosync_pid" || true
cat /var/log/hived.log
