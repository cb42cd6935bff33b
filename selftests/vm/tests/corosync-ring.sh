#!/bin/bash
# The cluster key and corosync's configuration made as
# Documentation/admin-guide.rst says ("Forming the cluster"), on every node:
# one node makes the key, the others get a copy (here through the results
# share instead of scp), each writes corosync's files from hive.conf, and
# corosync forms a quorate ring of all nodes within 60 s (about 4 s after the
# last corosync starts on the release kernel; the log says how long it took).
set -euo pipefail

mkdir -p /etc/hive
{
	echo "node_id = $HIVE_NODE"
	echo "cluster_name = demo"
	for i in $(seq 1 "$HIVE_NODES"); do
		echo "node.$i = 198.18.0.$i"
	done
} > /etc/hive/hive.conf
hived --check

if [ "$HIVE_NODE" = 1 ]; then
	hivectl keygen
	cp /etc/hive/authkey "$HIVE_RESULTS/authkey.part"
	mv "$HIVE_RESULTS/authkey.part" "$HIVE_RESULTS/authkey"
else
	for _ in $(seq 300); do
		[ -e "$HIVE_RESULTS/authkey" ] && break
		sleep 0.2
	done
	install -m 0400 "$HIVE_RESULTS/authkey" /etc/hive/authkey
fi
# A second keygen must not replace the key every node shares.
if hivectl keygen 2> /dev/null; then
	echo "hivectl keygen replaced the existing cluster key"
	exit 1
fi

hived --write-corosync-conf
[ "$(stat -c %a /etc/corosync/authkey)" = 400 ]
corosync -f > /var/log/corosync.log 2>&1 &
corosync_pid=$!

quorate=""
for _ in $(seq 120); do
	if corosync-quorumtool -s > /tmp/quorum 2>&1 &&
	   grep -q '^Quorate: *Yes' /tmp/quorum &&
	   grep -q "^Nodes: *$HIVE_NODES\$" /tmp/quorum; then
		quorate=yes
		break
	fi
	sleep 0.5
done
cat /tmp/quorum
[ -n "$quorate" ] || { echo "no quorate ring of $HIVE_NODES nodes in 60 s"; cat /var/log/corosync.log; exit 1; }
echo "quorate ring of $HIVE_NODES nodes after $SECONDS s"

# Keep the ring up until every node has seen it, then leave it.
touch "$HIVE_RESULTS/quorate.$HIVE_NODE"
for _ in $(seq 120); do
	[ "$(ls "$HIVE_RESULTS"/quorate.* | wc -l)" = "$HIVE_NODES" ] && break
	sleep 0.5
done
kill "$corosync_pid"
wait "$corosync_pid" || true
