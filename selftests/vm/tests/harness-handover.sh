#!/bin/bash
# Harness self-test: a cluster handed on from one scenario to the next
# (hive-vm-cluster: shared, lib/cluster.sh).  Run three times: the first
# forms a one-node cluster, leaves a file and a process behind and the
# cluster formed; the second takes that cluster (the same corosync and
# hived, hive.ko loaded with the same PID range) and finds everything else
# reset, and leaves it formed again; the third asks for another PID range,
# so it forms a cluster of its own instead.  The harness-reset scenario
# after it finds the node as booted.
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
# cluster_started_here: hived and corosync started in this scenario, or
# before it.
cluster_started_here() {
	local pid
	for pid in "$hived_pid" "$corosync_pid"; do
		[ "$(started "$pid")" -ge "$(started $$)" ] || return 1
	done
}

run=${HIVE_RESULTS##*/}
range=1024
[ "$run" != harness-handover.3 ] || range=2048
set_pid_range "$range"
bring_up
[ "$(value /sys/kernel/hive/processes/pid_range_size)" = "$range" ]
case $run in
harness-handover)
	touch /tmp/leftover
	setsid sleep 10008 < /dev/null > /dev/null 2>&1 &
	;;
harness-handover.2)
	[ "${cluster_adopted:-0}" = 1 ] || { echo "the cluster the run before left was not taken"; exit 1; }
	! cluster_started_here || { echo "hived or corosync started in this scenario"; exit 1; }
	[ ! -e /tmp/leftover ] || { echo "/tmp/leftover outlived the reset"; exit 1; }
	if pgrep -f 'sleep 10008' > /dev/null; then
		echo "a process of the run before still runs"
		exit 1
	fi
	echo "took the cluster the run before left, and nothing else"
	;;
harness-handover.3)
	[ "${cluster_adopted:-0}" = 0 ] || { echo "took a cluster of another PID range"; exit 1; }
	cluster_started_here || { echo "runs the hived or corosync of the run before"; exit 1; }
	echo "formed a cluster of its own for another PID range"
	;;
esac
hivectl status
end_cluster
