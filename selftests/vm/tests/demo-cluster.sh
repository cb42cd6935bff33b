#!/bin/bash
# `make demo`: every node forms the cluster with the admin guide's commands
# (hive.ko, hive.conf, the shared key, corosync, hived) and shows what an
# administrator sees: `hivectl status` and `hivectl nodes`.
set -euo pipefail
. "$HIVE_REPO/selftests/vm/tests/lib/cluster.sh"

modprobe hive
write_hive_conf
share_authkey
start_corosync
wait_quorate "$HIVE_NODES" > /dev/null
hived > /var/log/hived.log 2>&1 &
hived_pid=$!
for _ in $(seq 150); do
	[ "$(hivectl nodes --json | grep -o '"incarnation":[0-9]' | wc -l)" = "$HIVE_NODES" ] && break
	sleep 0.2
done
echo "--- node$HIVE_NODE: hivectl status"
hivectl status
echo
echo "--- node$HIVE_NODE: hivectl nodes"
hivectl nodes
[ "$(hivectl nodes --json | grep -o '"incarnation":[0-9]' | wc -l)" = "$HIVE_NODES" ]

barrier shown
kill "$hived_pid"
wait "$hived_pid"
kill "$corosync_pid"
wait "$corosync_pid" || true
