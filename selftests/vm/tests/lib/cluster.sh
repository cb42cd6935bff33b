# Shell functions the cluster tests share: the steps of
# Documentation/admin-guide.rst ("Forming the cluster") and a barrier
# between nodes through the results share.  Sourced, never run.

# barrier NAME [COUNT [SECONDS]]: wait until COUNT nodes (default all)
# reached NAME, for at most SECONDS (default 120).
barrier() {
	local name=$1 count=${2:-$HIVE_NODES} limit=${3:-120}
	touch "$HIVE_RESULTS/barrier.$name.$HIVE_NODE"
	for _ in $(seq $((limit * 5))); do
		[ "$(ls "$HIVE_RESULTS"/barrier."$name".* | wc -l)" -ge "$count" ] && return 0
		sleep 0.2
	done
	echo "barrier $name: not every node arrived in $limit s"
	return 1
}

# hive.conf listing every node, this one as node_id.
write_hive_conf() {
	mkdir -p /etc/hive
	{
		echo "node_id = $HIVE_NODE"
		echo "cluster_name = demo"
		for i in $(seq 1 "$HIVE_NODES"); do
			echo "node.$i = 198.18.0.$i"
		done
	} > /etc/hive/hive.conf
	hived --check
}

# Node 1 makes the cluster key; the others get a copy (an admin uses scp).
share_authkey() {
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
}

# corosync from hived's generated files, in the background (no systemd in
# the test VMs); its pid in corosync_pid.
start_corosync() {
	hived --write-corosync-conf
	corosync -f > /var/log/corosync.log 2>&1 &
	corosync_pid=$!
}

# wait_quorate COUNT: corosync's ring is quorate with COUNT nodes, within
# 60 s; prints the quorum status.
wait_quorate() {
	local count=$1
	for _ in $(seq 120); do
		if corosync-quorumtool -s > /tmp/quorum 2>&1 &&
		   grep -q '^Quorate: *Yes' /tmp/quorum &&
		   grep -q "^Nodes: *$count\$" /tmp/quorum; then
			cat /tmp/quorum
			return 0
		fi
		sleep 0.5
	done
	cat /tmp/quorum /var/log/corosync.log
	echo "no quorate ring of $count nodes in 60 s"
	return 1
}

# peers: the other nodes' ids, one per line.
peers() { seq 1 "$HIVE_NODES" | grep -vx "$HIVE_NODE"; }

# wait_peers_up COUNT SECONDS: COUNT members, every peer "up", within
# SECONDS.
wait_peers_up() {
	local count=$1 limit=$2 end=$((SECONDS + $2)) up
	while [ $SECONDS -le $end ]; do
		up=0
		for dir in /sys/kernel/hive/nodes/*; do
			[ -e "$dir/state" ] || continue
			case "$(cat "$dir/state" 2> /dev/null)" in
			up|self) up=$((up + 1)) ;;
			esac
		done
		[ "$up" = "$count" ] && return 0
		sleep 0.2
	done
	echo "not $count nodes up in $limit s"
	hivectl nodes
	return 1
}

# bring_up: the admin guide's steps, then every node connected; hived's
# pid in hived_pid, the time it started (bash SECONDS) in hived_start.
bring_up() {
	modprobe hive
	write_hive_conf
	share_authkey
	start_corosync
	wait_quorate "$HIVE_NODES"
	hived > /var/log/hived.log 2>&1 &
	hived_pid=$!
	hived_start=$SECONDS
	wait_peers_up "$HIVE_NODES" 60
}

