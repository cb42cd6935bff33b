#!/bin/bash
# `make demo`: every node forms the cluster with the admin guide's commands
# (hive.ko, hive.conf, the shared key, corosync, hived), waits until every
# peer is connected, and shows what an administrator sees: `hivectl
# status` (encryption aes-128-gcm) and `hivectl nodes`.  Then node 1
# runs an unmodified threaded program on the other nodes: 32 MiB through
# pigz (2 threads) on node 2 and back through pigz -d on node 3, checked
# against the input, with `hivectl ps --forest` showing the cluster's
# processes meanwhile.  Last, a python3 counter printing into a file every
# node has moves from node 1 to node 2 while it counts: its output goes
# on, `hivectl ps` shows it on node 2, and its exit status comes back to
# its parent on node 1.
# hive-vm-timeout: release=300 debug=900
set -euo pipefail
. "$HIVE_REPO/selftests/vm/tests/lib/cluster.sh"

modprobe hive
write_hive_conf
share_authkey
start_corosync
wait_quorate "$HIVE_NODES" > /dev/null
hived > /var/log/hived.log 2>&1 &
hived_pid=$!
# Every peer connected (encrypted), so the listings show the cluster up.
wait_peers_up "$HIVE_NODES" 120
echo "--- node$HIVE_NODE: hivectl status"
hivectl status
echo
echo "--- node$HIVE_NODE: hivectl nodes"
hivectl nodes

barrier shown

if [ "$HIVE_NODE" = 1 ]; then
	echo
	echo "--- node1: pigz -p 2 on node 2, pigz -d on node 3"
	head -c 32M /dev/urandom > /tmp/demo-data
	hivectl run -- sh -c 'hivectl run --node 2 -- pigz -p 2 < /tmp/demo-data |
		hivectl run --node 3 -- pigz -d > /tmp/demo-back' &
	pipeline=$!
	sleep 2
	hivectl ps --forest
	wait "$pipeline"
	cmp /tmp/demo-data /tmp/demo-back
	echo "32 MiB came back from nodes 2 and 3 unchanged"

	echo
	echo "--- node1: a python3 counter moves to node 2 while it prints"
	out=$HIVE_RESULTS/demo-counter
	hivectl run -- python3 -c 'import sys, time
for n in range(150):
    print("counted", n, flush=True)
    time.sleep(0.02)
sys.exit(7)' > "$out" < /dev/null &
	counter=$!
	sleep 1
	tail -n 2 "$out"
	hivectl migrate "$counter" 2
	hivectl ps | awk -v p="$counter" 'NR == 1 || $3 == p'
	rc=0
	wait "$counter" || rc=$?
	tail -n 2 "$out"
	python3 - "$out" <<'EOF'
import sys
lines = open(sys.argv[1]).read().split("\n")[:-1]
assert lines == ["counted %d" % n for n in range(150)], "a line missing or repeated"
EOF
	[ "$rc" = 7 ]
	echo "150 lines, none missing or repeated; exit status $rc came back to node 1"
fi
barrier piped
kill "$hived_pid"
wait "$hived_pid"
kill "$corosync_pid"
wait "$corosync_pid" || true
