#!/bin/bash
# Harness self-test: a cluster handed on from one scenario to the next
# (hive-vm-cluster: shared, lib/cluster.sh).  Run twice: the first forms a
# one-node cluster, leaves a file and a process behind and the cluster
# formed; the second takes that cluster (the same corosync and hived, hive.ko
# loaded with the same PID range) and finds everything else reset.  The
# harness-reset scenario after it finds the node as booted.
# hive-vm-timeout: release=300 debug=900
# hive-vm-cluster: shared
set -euo pipefail
. "$HIVE_REPO/selftests/vm/tests/lib/cluster.sh"

# started PID: when the process started (clock ticks since boot).
started() {
	local stat
	read -r stat < "/proc/$1/stat"
	set -- ${stat##*) }
	echo "${20}"
}

adopting=$HIVE_ADOPT_CLUSTER
set_pid_range 1024
bring_up
if [ "$adopting" = 1 ]; then
	[ "${cluster_adopted:-0}" = 1 ] || { echo "the cluster the run before left was not taken"; exit 1; }
	for pid in "$hived_pid" "$corosync_pid"; do
		[ "$(started "$pid")" -lt "$(started $$)" ] ||
			{ echo "process $pid started in this scenario"; exit 1; }
	done
	[ "$(value /sys/kernel/hive/processes/pid_range_size)" = 1024 ]
	[ ! -e /tmp/leftover ] || { echo "/tmp/leftover outlived the reset"; exit 1; }
	if pgrep -f 'sleep 10008' > /dev/null; then
		echo "a process of the run before still runs"
		exit 1
	fi
	echo "took the cluster the run before left, and nothing else"
else
	touch /tmp/leftover
	setsid sleep 10008 < /dev/null > /dev/null 2>&1 &
fi
hivectl status
end_cluster
