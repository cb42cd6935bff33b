#!/bin/bash
# The cluster key and corosync's configuration made as
# Documentation/admin-guide.rst says ("Forming the cluster"), on every node:
# one node makes the key, the others get a copy (here through the results
# share instead of scp), each writes corosync's files from hive.conf, and
# corosync forms a quorate ring of all nodes within 60 s (about 4 s after
# the last corosync starts on the release kernel; the log says how long).
# hive-vm-timeout: release=600 debug=900
set -euo pipefail
. "$HIVE_REPO/selftests/vm/tests/lib/cluster.sh"

write_hive_conf
share_authkey
# A second keygen must not replace the key every node shares.
if hivectl keygen 2> /dev/null; then
	echo "hivectl keygen replaced the existing cluster key"
	exit 1
fi
start_corosync
[ "$(stat -c %a /etc/corosync/authkey)" = 400 ]
wait_quorate "$HIVE_NODES"
echo "quorate ring of $HIVE_NODES nodes after $SECONDS s"

# Keep the ring up until every node has seen it, then leave it.
barrier quorate
kill "$corosync_pid"
wait "$corosync_pid" || true
