# Shell functions the cluster tests share: the steps of
# Documentation/admin-guide.rst ("Forming the cluster") and a barrier
# between nodes through the results share.  Sourced, never run.

# A process start costs about a second on the debug kernel under TCG (tens
# of milliseconds on the release kernel), and a node that polls with
# sleep(1) spends that CPU while the node it waits for needs it: the tests
# wait without starting a process.
# nap SECONDS: sleep in the shell, reading with a timeout from a FIFO that
# nobody writes.
nap_fifo=/tmp/.nap.$$
mkfifo "$nap_fifo"
exec {nap_fd}<> "$nap_fifo"
rm -f "$nap_fifo"
nap() { read -r -t "$1" -u "$nap_fd" _ || true; }

. "$HIVE_REPO/selftests/vm/tests/lib/poll.sh"

# A scenario that fails prints the end of the cluster stack's logs, which
# the node's reset removes, and hive.ko's messages below the console's
# level: whether corosync saw members leave, what hived told the kernel,
# what the transport did.
cluster_logs_on_failure() {
	local rc=$? log
	[ "$rc" = 0 ] && return 0
	echo "=== after the failure (status $rc): the cluster stack's logs"
	for log in /var/log/corosync.log /var/log/hived.log; do
		[ -s "$log" ] || continue
		echo "--- the last lines of $log:"
		tail -n 25 "$log"
	done
	echo "--- hive.ko's last messages:"
	dmesg | grep -a ' hive: ' | tail -n 25
	return "$rc"
}
trap cluster_logs_on_failure EXIT

# wait_for SECONDS WHAT COMMAND...: COMMAND succeeds, tried again after
# each poll_nap, within SECONDS of wall time, or fails saying WHAT did not
# happen.
# SECONDS is a hang detector several times above what was measured on a
# busy machine, never a claim about speed.
wait_for() {
	local limit=$1 what=$2 end=$((SECONDS + $1)) try=0
	shift 2
	until "$@"; do
		if [ $SECONDS -ge $end ]; then
			echo "$what: not within $limit s"
			return 1
		fi
		poll_nap $((try++))
	done
}

# equals VALUE COMMAND...: COMMAND prints VALUE (for wait_for, which runs
# it again at every try).
equals() {
	local want=$1
	shift
	[ "$("$@")" = "$want" ]
}

# busy_seconds: CPU-seconds this node spent outside its idle loop since
# it booted (/proc/stat's first line: user, nice, system, irq, softirq),
# read in the shell.  The barriers print it, so a scenario's log says
# where its time and its CPU went.
busy_seconds() {
	local cpu user nice system idle iowait irq softirq rest hz=100
	read -r cpu user nice system idle iowait irq softirq rest < /proc/stat
	echo $(((user + nice + system + irq + softirq) / hz))
}

echo "scenario $(basename "$0") on node $HIVE_NODE: node busy $(busy_seconds) s since its boot"

# barrier NAME [COUNT]: wait until COUNT nodes (default all) reached NAME,
# for as long as enough of the others still run the scenario (a node's
# status file in $HIVE_RESULTS says it ended).  No clock: hive-vm's
# scenario timeout is the hang detector, and a busy machine only waits
# longer.
barrier() {
	local name=$1 count=${2:-$HIVE_NODES} arrived running i try=0
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
		if [ $arrived -ge "$count" ]; then
			echo "barrier $name: passed $SECONDS s into the scenario, node busy $(busy_seconds) s"
			return 0
		fi
		if [ $((arrived + running)) -lt "$count" ]; then
			echo "barrier $name: $arrived of $count nodes arrived, and the others ended"
			return 1
		fi
		poll_nap $((try++))
	done
}

# hive.conf listing every node, this one as node_id.  On the debug kernel
# corosync's token timeout is 10 s (hive.conf(5)'s corosync_token): with
# the default 3 s a KASAN guest under TCG beside the release suite broke
# the ring up and the cluster lost quorum in the middle of a scenario.  It
# was 20 s until the debug guests got 1 GiB and their boot its own time,
# and the ring took 40-96 s to form (its merge waits for a token timeout,
# and knet's links come up at token / 4 intervals) and 50 s to drop a
# dead node.  The failure deadlines follow from corosync's runtime values
# (failure_deadline).
write_hive_conf() {
	local release i
	read -r release < /proc/sys/kernel/osrelease
	[ -d /etc/hive ] || mkdir /etc/hive
	{
		echo "node_id = $HIVE_NODE"
		echo "cluster_name = demo"
		[[ $release != *debug* ]] || echo "corosync_token = 10000"
		for ((i = 1; i <= HIVE_NODES; i++)); do
			echo "node.$i = 198.18.0.$i"
		done
	} > /etc/hive/hive.conf
	hived --check
}

# encryption_off: hive.conf says "encryption = off" and hived restarts
# with it.  Connections made from then on carry a MAC instead; one already
# up keeps its protection until it is made again (hivectl reconnect).
encryption_off() {
	echo "encryption = off" >> /etc/hive/hive.conf
	hived --check
	kill "$hived_pid"
	wait "$hived_pid" || true
	hived >> /var/log/hived.log 2>&1 &
	hived_pid=$!
	wait_for 60 "encryption off in sysfs" \
		equals off value /sys/kernel/hive/transport/encryption
	wait_for 60 "hived saying so" \
		grep -q "given to hive.ko, encryption off" /var/log/hived.log
}

# publish_authkey: node 1's cluster key where the others copy it from.
publish_authkey() {
	cp /etc/hive/authkey "$HIVE_RESULTS/authkey.part"
	mv "$HIVE_RESULTS/authkey.part" "$HIVE_RESULTS/authkey"
}

# Node 1 makes the cluster key; the others get a copy (an admin uses scp).
share_authkey() {
	if [ "$HIVE_NODE" = 1 ]; then
		hivectl keygen
		publish_authkey
	else
		wait_for 600 "the cluster key from node 1" [ -e "$HIVE_RESULTS/authkey" ]
		install -m 0400 "$HIVE_RESULTS/authkey" /etc/hive/authkey
	fi
}

# set_pid_range SIZE: hive.ko's PID range for its next load, set as the
# admin guide says (/etc/modprobe.d/hive.conf).  The scenarios that hand
# their cluster on (hive-vm-cluster: shared) all use 1024, the smallest,
# which processes.sh needs to recycle PIDs quickly.
set_pid_range() {
	echo "options hive pid_range_size=$1" > /etc/modprobe.d/hive.conf
}

# corosync from hived's generated files, in the background (no systemd in
# the test VMs); its pid in corosync_pid.
start_corosync() {
	hived --write-corosync-conf
	corosync -f > /var/log/corosync.log 2>&1 &
	corosync_pid=$!
}

# quorate COUNT: corosync's ring is quorate with COUNT nodes.  corosync's
# log says so first (read in the shell: a corosync-quorumtool per try
# would start a process and an IPC connection every time); then
# corosync-quorumtool confirms it, its answer read in the shell too.
quorate() {
	local line members="" yes="" nodes=""
	[ -e /var/log/corosync.log ] || return 1
	while IFS= read -r line; do
		[[ "$line" == *"[QUORUM] Members["* ]] && members=${line##*Members[}
	done < /var/log/corosync.log
	[ "${members%%]*}" = "$1" ] &&
		corosync-quorumtool -s > /tmp/quorum 2>&1 || return 1
	while IFS= read -r line; do
		[[ "$line" =~ ^Quorate:\ *Yes ]] && yes=1
		[[ "$line" =~ ^Nodes:\ *([0-9]+)$ ]] && nodes=${BASH_REMATCH[1]}
	done < /tmp/quorum
	[ -n "$yes" ] && [ "$nodes" = "$1" ]
}

# wait_quorate COUNT: corosync's ring is quorate with COUNT nodes, within
# 600 s (4-25 s measured on the release kernel, 65-143 s on the debug
# kernel beside the release suite); prints the quorum status.
wait_quorate() {
	if ! wait_for 600 "a quorate ring of $1 nodes" quorate "$1"; then
		cat /tmp/quorum /var/log/corosync.log
		return 1
	fi
	cat /tmp/quorum
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

# fall_silent: this node dies as the others see a dead node: its network
# drops every packet (netem) and its corosync and hived are killed.
# speak_again gives it its network back.
fall_silent() {
	modprobe sch_netem
	tc qdisc add dev eth0 root netem loss 100%
	stop_processes -KILL "$hived_pid" "$corosync_pid"
}
speak_again() { tc qdisc del dev eth0 root; }

# peers: the other nodes' ids, one per line (without starting a process).
peers() {
	local i
	for ((i = 1; i <= HIVE_NODES; i++)); do
		[ "$i" = "$HIVE_NODE" ] || echo "$i"
	done
}

# value FILE: FILE's first line, read in the shell (a sysfs value); also
# a last line without a newline.  Fails for a file that cannot be read.
value() {
	local v=""
	{ read -r v || [ -n "$v" ]; } < "$1" && echo "$v"
}

# peers_up COUNT: COUNT members, every peer "up".
peers_up() {
	local up=0 dir state
	for dir in /sys/kernel/hive/nodes/*; do
		[ -e "$dir/state" ] || continue
		{ read -r state < "$dir/state"; } 2> /dev/null || continue
		case "$state" in
		up|self) up=$((up + 1)) ;;
		esac
	done
	[ "$up" = "$1" ]
}

# wait_peers_up COUNT SECONDS: COUNT members, every peer "up", within
# SECONDS (a hang detector).
wait_peers_up() {
	wait_for "$2" "$1 nodes up" peers_up "$1" || { hivectl nodes; return 1; }
}

# running PID: the process exists and is no zombie.
running() {
	local stat
	{ read -r stat < "/proc/$1/stat"; } 2> /dev/null || return 1
	stat=${stat##*) }
	[ "${stat%% *}" != Z ]
}

# stop_processes [-SIGNAL] PID...: each process sent SIGNAL (SIGTERM)
# and gone, whether this shell started it or the scenario before did
# (adopt_cluster).
stop_processes() {
	local pid try signal=-TERM
	[[ "$1" != -* ]] || { signal=$1; shift; }
	kill "$signal" "$@" 2> /dev/null || true
	for pid; do
		wait "$pid" 2> /dev/null || true
		try=0
		while running "$pid"; do
			poll_nap $((try++))
		done
	done
}

# A cluster handed on from one scenario to the next ("# hive-vm-cluster:
# shared" in both scripts; selftests/vm/hive-vm): the first leaves it
# formed (end_cluster), guest-init's reset keeps it, and the next one's
# bring_up takes it (adopt_cluster).  kept_cluster holds corosync's and
# hived's pids and the configuration they run with (read_config); where,
# guest-init says.
kept_cluster=$HIVE_KEPT_CLUSTER

# read_config: hive.ko's options and hive.conf, their lines joined by
# ";", into cluster_config (read in the shell).
read_config() {
	local file line
	cluster_config=""
	for file in /etc/modprobe.d/hive.conf /etc/hive/hive.conf; do
		[ -r "$file" ] || continue
		while IFS= read -r line || [ -n "$line" ]; do
			cluster_config+="$line;"
		done < "$file"
	done
}

# end_cluster: hived and corosync stopped; or, where the next scenario
# shares the cluster and every member is up, left running for it.
end_cluster() {
	if [ "${HIVE_KEEP_CLUSTER:-0}" = 1 ] && running "$hived_pid" &&
	   running "$corosync_pid" && peers_up "$HIVE_NODES"; then
		read_config
		echo "$corosync_pid $hived_pid $cluster_config" > "$kept_cluster"
		echo "the cluster stays formed for the next scenario"
		return 0
	fi
	stop_processes "$hived_pid"
	stop_processes "$corosync_pid"
}

# domain_empty: no domain process on any node (the resets killed them)
# and no exec session on this one.
domain_empty() {
	local lines=0 line
	while IFS= read -r line; do
		lines=$((lines + 1))
	done < /proc/hive/processes
	[ "$lines" -le 1 ] && [ "$(value /sys/kernel/hive/processes/exec_sessions)" = 0 ]
}

# adopt_cluster: the cluster the scenario before left formed is this
# one's, if on every node it is whole, its domain empty, and it runs with
# the configuration this scenario writes (the nodes decide alike, through
# a barrier); otherwise each node stops what it kept, and bring_up forms a
# new cluster.  Once per scenario, on its first boot; cluster_adopted says
# it took it.
adopt_cluster() {
	local corosync="" hived="" kept_config="" why="" verdict i
	HIVE_ADOPT_CLUSTER=0
	[ "$HIVE_BOOT" = 1 ] || return 1
	{ read -r corosync hived kept_config < "$kept_cluster"; } 2> /dev/null ||
		why="nothing kept"
	rm -f "$kept_cluster"
	write_hive_conf > /dev/null
	if [ -n "$why" ]; then
		:
	elif ! running "$corosync" || ! running "$hived"; then
		why="corosync or hived gone"
	elif read_config; [ "$cluster_config" != "$kept_config" ]; then
		why="another configuration"
	elif ! quorate "$HIVE_NODES" || ! peers_up "$HIVE_NODES"; then
		why="not every node a member and up"
	elif ! wait_for 120 "the domain empty after the resets" domain_empty; then
		why="processes or sessions left in the domain"
	fi
	echo "${why:-adopt}" > "$HIVE_RESULTS/cluster.$HIVE_NODE"
	barrier cluster-verdict
	why=""
	for ((i = 1; i <= HIVE_NODES; i++)); do
		verdict=$(value "$HIVE_RESULTS/cluster.$i")
		[ "$verdict" = adopt ] || why+=" node $i: $verdict;"
	done
	if [ -n "$why" ]; then
		echo "a new cluster, not the one the scenario before left:$why"
		[ -z "$hived" ] || stop_processes "$hived"
		[ -z "$corosync" ] || stop_processes "$corosync"
		wait_for 600 "hive.ko unloaded" hive_unloaded
		rm -f /etc/hive/authkey
		return 1
	fi
	corosync_pid=$corosync hived_pid=$hived hived_start=$SECONDS cluster_adopted=1
	[ "$HIVE_NODE" != 1 ] || publish_authkey
	echo "bring_up: took the cluster the scenario before left formed"
}

# hive_unloaded: hive.ko is not loaded, or is unloaded now.
hive_unloaded() {
	[ ! -e /sys/module/hive ] || rmmod hive 2> /dev/null
}

# bring_up: the admin guide's steps, then every node connected (1-12 s
# after hived starts on the release kernel, 20-63 s on the debug kernel;
# 600 s is the hang detector);
# hived's pid in hived_pid, the time it started (bash SECONDS) in
# hived_start.  Says how long each part took.  Takes the cluster the
# scenario before left where it can (adopt_cluster).
bring_up() {
	local t=$EPOCHREALTIME times=""
	[ "${HIVE_ADOPT_CLUSTER:-0}" = 0 ] || ! adopt_cluster || return 0
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
	wait_peers_up "$HIVE_NODES" 600
	lap connected
	echo "bring_up:$times"
}
