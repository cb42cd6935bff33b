# Shell functions the cluster tests share: the steps of
# Documentation/admin-guide.rst ("Forming the cluster") and a barrier
# between nodes through the results share.  Sourced, never run.

# barrier NAME [COUNT]: wait until COUNT nodes (default all) reached NAME,
# for as long as enough of the others still run the scenario (a node's
# status file in $HIVE_RESULTS says it ended).  No clock: hive-vm's
# scenario timeout is the hang detector, and a busy machine only waits
# longer.
barrier() {
	local name=$1 count=${2:-$HIVE_NODES} arrived running i
	touch "$HIVE_RESULTS/barrier.$name.$HIVE_NODE"
	while :; do
		arrived=0 running=0
		for ((i = 1; i <= HIVE_NODES; i++)); do
			if [ -e "$HIVE_RESULTS/barrier.$name.$i" ]; then
				arrived=$((arrived + 1))
			elif [ ! -e "$HIVE_RESULTS/node$i.rc" ]; then
				running=$((running + 1))
			fi
		done
		[ $arrived -ge "$count" ] && return 0
		if [ $((arrived + running)) -lt "$count" ]; then
			echo "barrier $name: $arrived of $count nodes arrived, and the others ended"
			return 1
		fi
		sleep 0.2
	done
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

# failure_deadline: seconds within which every view must drop a node that
# died: corosync's own detection time (runtime token + consensus, from
# cmap; a dead node left the views 8-10 s after it died with 3 nodes)
# three times over, plus 5 s for hived and hive.ko.  A hang detector.
failure_deadline() {
	local token consensus
	token=$(corosync-cmapctl -g runtime.config.totem.token | sed 's/.*= //')
	consensus=$(corosync-cmapctl -g runtime.config.totem.consensus | sed 's/.*= //')
	echo $((3 * (token + consensus) / 1000 + 5))
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

# bring_up: the admin guide's steps, then every node connected (1-5 s
# after hived starts on the release kernel; 180 s is the hang detector);
# hived's pid in hived_pid, the time it started (bash SECONDS) in
# hived_start.  Says how long each part took.
bring_up() {
	local t=$EPOCHREALTIME times=""
	lap() { times+=" $1 $(( (${EPOCHREALTIME/./} - ${t/./}) / 1000 )) ms"; t=$EPOCHREALTIME; }
	modprobe hive
	lap modprobe
	write_hive_conf
	share_authkey
	lap config
	# All at once, so the ring forms once rather than once per arrival
	# (the boot a scenario made joins a ring that is already up).
	[ "$HIVE_BOOT" != 1 ] || barrier corosync-start
	start_corosync
	wait_quorate "$HIVE_NODES"
	lap quorate
	hived > /var/log/hived.log 2>&1 &
	hived_pid=$!
	hived_start=$SECONDS
	wait_peers_up "$HIVE_NODES" 180
	lap connected
	echo "bring_up:$times"
}
