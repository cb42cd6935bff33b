#!/bin/bash
# `make demo`: every node forms the cluster with the admin guide's commands
# (hive.ko, hive.conf, the shared key, corosync, hived), waits until every
# peer is connected, and shows what an administrator sees: `hivectl
# status` (encryption aes-128-gcm) and `hivectl nodes`.  Then node 1
# runs an unmodified threaded program on the other nodes: 32 MiB through
# pigz (2 threads) on node 2 and back through pigz -d on node 3, checked
# against the input, with `hivectl ps --forest` showing the cluster's
# processes meanwhile.
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
fi
barrier piped
kill "$hived_pid"
wait "$hived_pid"
kill "$corosync_pid"
wait "$corosync_pid" || true
