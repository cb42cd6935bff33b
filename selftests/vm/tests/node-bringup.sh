#!/bin/bash
# Bring a node up with the commands of Documentation/admin-guide.rst
# ("Bringing up a node"), on every node of the cluster, and check that each
# reports the node id its configuration gives it.  `make demo` shows this.
# hive-vm-timeout: release=600 debug=900
set -euo pipefail

modprobe hive
mkdir -p /etc/hive
cat > /etc/hive/hive.conf <<CONF
# /etc/hive/hive.conf on node$HIVE_NODE
node_id = $HIVE_NODE
cluster_name = demo
CONF
hived --check
hived &
hived_pid=$!

for _ in $(seq 50); do
	[ "$(cat /sys/kernel/hive/state)" = configured ] && break
	sleep 0.2
done
echo "--- hivectl status on node$HIVE_NODE"
hivectl status
json=$(hivectl status --json)
echo "$json"
python3 - "$json" "$HIVE_NODE" <<'PY'
import json, sys
status = json.loads(sys.argv[1])
want = int(sys.argv[2])
assert status["node_id"] == want, status
assert status["state"] == "configured", status
assert status["cluster_name"] == "demo", status
PY
[ "$(cat /sys/kernel/hive/node_id)" = "$HIVE_NODE" ]

kill -TERM "$hived_pid"
wait "$hived_pid"
modprobe -r hive
