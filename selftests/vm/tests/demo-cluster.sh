#!/bin/bash
# `make demo`: every node forms the cluster with the admin guide's commands
# (hive.ko, hive.conf, the shared key, corosync, hived), waits until every
# peer is connected, and shows what an administrator sees: `hivectl
# status` (encryption aes-128-gcm) and `hivectl nodes`.  Then node 1
# runs an unmodified threaded program on the other nodes: 32 MiB through
# pigz (2 threads) on node 2 and back through pigz -d on node 3, checked
# against the input, with `hivectl ps --forest` showing the cluster's
# processes meanwhile.  Last, a python3 counter printing into a pipe that
# a reader on node 1 shows moves from node 1 to node 2, then on to node 3,
# then back home, while it counts: its output goes on through the pipe it
# left on node 1, `hivectl ps` shows it on node 2, node 3, then node 1,
# with its home node 1, and its exit status reaches its parent on node 1.
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
	echo "--- node1: a python3 counter moves to node 2, node 3, then back here, while it prints into a pipe here"
	out=$HIVE_RESULTS/demo-counter
	mkfifo /tmp/demo.pipe
	# The reader on node 1 keeps every line and shows every 20th.
	tee "$out" < /tmp/demo.pipe | awk 'NR % 20 == 0 { print "  read on node 1:", $0 }' &
	reader=$!
	hivectl run -- python3 -c 'import socket, sys, time
for n in range(400):
    print("counted", n, "on", socket.gethostname(), flush=True)
    time.sleep(0.03)
sys.exit(7)' > /tmp/demo.pipe < /dev/null &
	counter=$!
	sleep 2
	hivectl migrate "$counter" 2
	hivectl ps | awk -v p="$counter" 'NR == 1 || $3 == p'
	sleep 2
	hivectl migrate "$counter" 3
	hivectl ps | awk -v p="$counter" 'NR == 1 || $3 == p'
	sleep 2
	hivectl migrate "$counter" 1
	hivectl ps | awk -v p="$counter" 'NR == 1 || $3 == p'
	rc=0
	wait "$counter" || rc=$?
	wait "$reader"
	python3 - "$out" "$(hostname)" <<'EOF'
import itertools, sys
lines = [line.split() for line in open(sys.argv[1])]
assert [int(l[1]) for l in lines] == list(range(400)), "a line missing or repeated"
hosts = [host for host, _ in itertools.groupby(l[3] for l in lines)]
assert len(hosts) == 4 and len(set(hosts)) == 3 and hosts[0] == hosts[3] == sys.argv[2], \
    "it did not print from node 1, two other nodes, then node 1: %s" % hosts
EOF
	[ "$rc" = 7 ]
	echo "400 lines through the pipe on node 1, printed on node 1, node 2, node 3, then node 1 again, none missing or repeated; exit status $rc reached its parent on node 1"
fi
barrier piped
kill "$hived_pid"
wait "$hived_pid"
kill "$corosync_pid"
wait "$corosync_pid" || true
