#!/bin/bash
# Cluster processes (Documentation/processes.rst) on three nodes, with the
# smallest PID range (1024) set the way the admin guide says
# (/etc/modprobe.d/hive.conf):
# - every fork and thread on a node, hive's or not, gets a PID from the
#   node's range;
# - a process `hivectl run` starts on node 2 is listed by every node's
#   /proc/hive/processes and `hivectl ps` with its node, parent, uid,
#   state and command;
# - kill(2) from node 3 (the shell builtin, /bin/kill, python's os.kill)
#   reaches it, with kill's own errors: ESRCH for a PID no process has,
#   of a node not in the cluster, or of a process outside the domain,
#   EINVAL for a signal out of range, EPERM for another user; the signal
#   is pending for the whole process, as kill(2) leaves it, and a thread
#   started after it arrived takes it (sigwait, signalfd) and sees the
#   sender's PID and uid; the
#   killed process is gone from every node's listing (within 5 s, 10 s on
#   the debug kernel: lib/processes.sh);
# - AppArmor decides a signal from node 3 as it decides one on node 2: a
#   process whose profile (lib/hive-deaf.apparmor) takes signals from its
#   own profile only refuses kill(2) from an unconfined shell with the
#   same errno on both; a sender under that profile is refused from node 3
#   (EPERM, a line in its log) and ends the process on node 2;
# - `kill -- -PGID` from node 1 ends a whole process group on node 2;
# - 60 `hivectl run` on every node at once (20 on the debug kernel), all
#   listed everywhere, all killed from node 1;
# - a fork bomb in the domain on node 2 stops at its range with EAGAIN,
#   and the node goes on working (release kernel only);
# - node 3 powered off: its processes leave every listing with it (a node
#   that does not answer is left out), and once the view drops node 3,
#   kill(2) of one of them gives ESRCH; a process of node 3 that moved
#   to node 2 runs on there, an orphan (hive says so in node 2's log),
#   listed there with home node 3, and a kill there ends it; one that
#   moved there the moment before, whose memory (128 MiB, 16 on the
#   debug kernel) was still on node 3, is killed on node 2 with hive's
#   sentence (Documentation/migration.rst, "Memory").  On the
#   debug kernel, where a boot
#   costs minutes, node 3 dies without one: its network falls silent
#   (netem drops every packet) and its corosync and hived are killed; the
#   others see what they would see of a dead node;
# - hive.ko unloaded on node 1 the moment its last reference goes, under
#   back-to-back kill(2)s of a node 2 process and remote sessions ending.
# hive-vm-timeout: release=1800 debug=2400
# hive-vm-cluster: shared
set -euo pipefail
. "$HIVE_REPO/selftests/vm/tests/lib/cluster.sh"

lib=$HIVE_REPO/selftests/vm/tests/lib
size=1024
. "$lib/processes.sh"
# Runs at once on every node: under KASAN each costs about a second.
if uname -r | grep -q debug; then runs=20; else runs=60; fi

set_pid_range "$size"
bring_up

# The node's range, for every fork and thread.
[ "$(cat /sys/kernel/hive/processes/pid_range_size)" = "$size" ]
[ "$(cat /sys/kernel/hive/processes/pid_first)" = "$first" ]
[ "$(cat /sys/kernel/hive/processes/pid_last)" = "$last" ]
for _ in $(seq 20); do
	pid=$(sh -c 'echo $$')
	in_range "$pid" || { echo "fork got PID $pid, outside $first-$last"; exit 1; }
done
tid=$(python3 -c 'import threading
t = threading.Thread(target=lambda: print(threading.get_native_id()))
t.start(); t.join()')
in_range "$tid" || { echo "thread got TID $tid, outside $first-$last"; exit 1; }
echo "forks and threads get PIDs from $first-$last"
barrier ranges

# A process on node 2, seen from everywhere, and one of node 2's outside
# the domain (this shell's child), which no other node reaches.
if [ "$HIVE_NODE" = 2 ]; then
	sleep 1000 &
	outsider=$!
	echo "$outsider" > "$HIVE_RESULTS/outsider"
	hivectl run -- sh -c "echo \$\$ > $HIVE_RESULTS/victim.part; mv $HIVE_RESULTS/victim.part $HIVE_RESULTS/victim; exec sleep 1000" &
	victim_job=$!
fi
victim=$(wait_file victim)
[ "$HIVE_NODE" != 2 ] || [ "$victim" = "$victim_job" ]
wait_for 600 "$victim listed running sleep" listed_sleeping "$victim"
read -r pid node home ppid pgid sid uid state start command <<< "$(listed "$victim")"
echo "listed: $pid node $node home $home ppid $ppid pgid $pgid uid $uid state $state start $start $command"
[ "$pid" = "$victim" ] && [ "$node" = 2 ] && [ "$home" = 2 ] && [ "$uid" = 0 ] &&
	[ "$state" = S ] && [ "$command" = sleep ]
# The start time is the process's (not garbage): an hour is a hang
# detector's room, not a speed claim (a loaded debug node listed it more
# than 120 s after it started).
[ "$((start - $(date +%s)))" -le 60 ] && [ "$(($(date +%s) - start))" -le 3600 ]
hivectl ps
hivectl ps --node 2 | grep -qw "$victim"
[ -z "$(hivectl ps --node 1 | grep -w "$victim")" ]
hivectl ps --forest > /dev/null
barrier seen

# Bad input from node 3: kill's own errors.
if [ "$HIVE_NODE" = 3 ]; then
	kill -0 "$victim"
	/bin/kill -0 "$victim"
	expect_error "No such process" kill -0 $((2 * size + size - 1))
	expect_error "No such process" /bin/kill -0 $((9 * size))
	expect_error "No such process" kill -0 "$(wait_file outsider)"
	expect_error "Invalid argument" python3 -c "import os; os.kill($victim, 99)"
	expect_error "Operation not permitted" \
		setpriv --reuid=65534 --regid=65534 --clear-groups /bin/kill -0 "$victim"
	expect_error "PermissionError" setpriv --reuid=65534 --regid=65534 \
		--clear-groups python3 -c "import os; os.kill($victim, 15)"
	echo "remote kill errors: ESRCH, EINVAL, EPERM as for a local kill"
fi
barrier bad-input

# The LSM decides a signal from another node as it decides a local one.
# A process of node 2 runs under hive-deaf (lib/hive-deaf.apparmor),
# which takes signals from its own profile only: kill(2) from an
# unconfined root shell fails with the same error on node 2 and from
# node 3.  A sender under that profile, which may signal it on node 2,
# is refused from node 3 (EPERM, and a line in node 3's log): the target's
# node cannot take its profile along.  On node 2 it then ends the process.
deaf_profile=$lib/hive-deaf.apparmor
[ "$HIVE_NODE" = 1 ] || apparmor_parser --skip-cache --add "$deaf_profile"
# python3 -c "$kill_errno" PID SIG: the errno kill(2) gave, 0 for none.
kill_errno='import os, sys
try:
    os.kill(int(sys.argv[1]), int(sys.argv[2]))
    print(0)
except OSError as e:
    print(e.errno)'
if [ "$HIVE_NODE" = 2 ]; then
	hivectl run -- aa-exec --profile hive-deaf -- sleep 600 < /dev/null > /dev/null 2>&1 \
		{nap_fd}<&- &
	deaf_job=$!
	deaf_ready() { [ "$(cat "/proc/$deaf_job/attr/current" 2> /dev/null)" = "hive-deaf (enforce)" ]; }
	wait_for 60 "sleep under hive-deaf" deaf_ready
	python3 -c "$kill_errno" "$deaf_job" 10 > "$HIVE_RESULTS/deaf-errno"
	[ "$(cat "$HIVE_RESULTS/deaf-errno")" != 0 ] ||
		{ echo "AppArmor let an unconfined shell signal a hive-deaf process"; exit 1; }
	echo "$deaf_job" > "$HIVE_RESULTS/deaf"
fi
if [ "$HIVE_NODE" = 3 ]; then
	deaf=$(wait_file deaf)
	want=$(cat "$HIVE_RESULTS/deaf-errno")
	got=$(python3 -c "$kill_errno" "$deaf" 10)
	[ "$got" = "$want" ] ||
		{ echo "kill of a hive-deaf process from node 3 gave errno $got, on its node $want"; exit 1; }
	got=$(aa-exec --profile hive-deaf -- python3 -c "$kill_errno" "$deaf" 10)
	[ "$got" = 1 ] || { echo "a confined sender on node 3 got errno $got, not EPERM"; exit 1; }
	dmesg | grep -q "under the LSM label 'hive-deaf' cannot signal $deaf of another node"
	echo "AppArmor refuses a signal from node 3 as on node 2 (errno $want); a confined sender is refused"
fi
barrier deaf-checked
if [ "$HIVE_NODE" = 2 ]; then
	aa-exec --profile hive-deaf -- /bin/kill -TERM "$deaf_job"
	status=0
	wait "$deaf_job" || status=$?
	[ "$status" = 143 ]
	echo "a sender under its own profile ended it on node 2"
fi
[ "$HIVE_NODE" = 1 ] || apparmor_parser --remove "$deaf_profile"
if [ "$HIVE_NODE" = 2 ]; then
	kill "$outsider"
	wait "$outsider" || true
fi

# The kill itself, from node 3 by that PID.
if [ "$HIVE_NODE" = 3 ]; then
	/bin/kill -TERM "$victim"
	gone_within "$victim" "$gone_limit"
fi
if [ "$HIVE_NODE" = 2 ]; then
	status=0
	wait "$victim_job" || status=$?
	echo "node 2's shell: its child exited with status $status"
	[ "$status" = 143 ]
fi
barrier killed
[ -z "$(listed "$victim")" ]

# The signal is pending for the receiving process, as kill(2) leaves it:
# a thread that starts only after it arrived takes it, by sigwait or from
# a signalfd, and sees who sent it.
for how in sigwait signalfd; do
	if [ "$HIVE_NODE" = 2 ]; then
		hivectl run -- python3 "$lib/siginfo.py" "$HIVE_RESULTS/siginfo-pid.$how" \
			"$how" > /tmp/siginfo &
		siginfo_job=$!
	fi
	receiver=$(wait_file "siginfo-pid.$how")
	if [ "$HIVE_NODE" = 1 ]; then
		python3 -c "import os, signal
print(os.getpid(), flush=True)
os.kill($receiver, signal.SIGUSR1)" > "$HIVE_RESULTS/sender.$how"
	fi
	if [ "$HIVE_NODE" = 2 ]; then
		wait "$siginfo_job"
		read -r si_pid si_uid si_code < /tmp/siginfo
		echo "SIGUSR1 ($how) from pid $si_pid uid $si_uid code $si_code"
		[ "$si_pid" = "$(wait_file "sender.$how")" ] && [ "$si_uid" = 0 ] && [ "$si_code" = 0 ]
	fi
	barrier "siginfo.$how"
done

# A process group on node 2, ended from node 1.
if [ "$HIVE_NODE" = 2 ]; then
	hivectl run -- setsid sh -c "sleep 1000 & sleep 1000 & echo \$\$ > $HIVE_RESULTS/pgid.part; mv $HIVE_RESULTS/pgid.part $HIVE_RESULTS/pgid; wait" &
	group_job=$!
fi
pgid=$(wait_file pgid)
members() { awk -v g="$1" 'NR > 1 && $5 == g' /proc/hive/processes | wc -l; }
wait_for 600 "group $pgid listed" equals 3 members "$pgid"
barrier group-listed
if [ "$HIVE_NODE" = 1 ]; then
	kill -TERM -- "-$pgid"
	echo "kill -TERM -- -$pgid from node 1"
fi
wait_for 600 "group $pgid ended" equals 0 members "$pgid" ||
	{ cat /proc/hive/processes; exit 1; }
[ "$HIVE_NODE" != 2 ] || wait "$group_job" || true
barrier group-ended

# $runs runs on every node at once; node 1 ends them all.
jobs_pids=()
for _ in $(seq "$runs"); do
	hivectl run -- sleep 1000 &
	jobs_pids+=($!)
done
wait_for 600 "$((runs * HIVE_NODES)) sleeps listed" equals $((runs * HIVE_NODES)) sleeps
echo "$(sleeps) sleeps listed"
barrier many-listed
if [ "$HIVE_NODE" = 1 ]; then
	start=$SECONDS
	awk 'NR > 1 && $10 == "sleep" { print $1 }' /proc/hive/processes | xargs kill -TERM
	echo "$((runs * HIVE_NODES)) kills in $((SECONDS - start)) s"
fi
for pid in "${jobs_pids[@]}"; do
	status=0
	wait "$pid" || status=$?
	[ "$status" = 143 ]
done
barrier many-ended
[ "$(sleeps)" = 0 ]

# A fork bomb on node 2 stops at the range.  Not on the debug kernel: a
# thousand exec()s under KASAN take five minutes, and the 600 runs above
# already take its hooks through fork and exit; the exhaustion itself is
# the kernel's own path.
if [ "$HIVE_NODE" = 2 ] && ! uname -r | grep -q debug; then
	hivectl run -- python3 "$lib/forkbomb.py" "$first" "$last"
	hivectl run -- true
	for peer in $(peers); do
		hivectl ping "$peer" --count 10
	done
	echo "node 2 works after the fork bomb"
fi
barrier forkbomb

# Node 3 dies with a process: it leaves every listing, kill gives ESRCH.
# Its process that moved to node 2 runs on there.
if [ "$HIVE_NODE" = 3 ]; then
	hivectl run -- sh -c "echo \$\$ > $HIVE_RESULTS/doomed.part; mv $HIVE_RESULTS/doomed.part $HIVE_RESULTS/doomed; exec sleep 1000" &
	hivectl run -- sleep 1000 < /dev/null > /dev/null 2>&1 {nap_fd}<&- &
	exiled=$!
	sleeping() { [ "$(cat "/proc/$exiled/comm" 2> /dev/null)" = sleep ]; }
	wait_for 60 "the sleep to move" sleeping
	hivectl migrate "$exiled" 2
	echo "$exiled" > "$HIVE_RESULTS/exiled"
	# The sleep runs on its own once all of its memory is on node 2.
	wait_for 60 "node 2 taking the sleep's memory" \
		equals 0 cat /sys/kernel/hive/migration/processes_served
	stranded_mib=128
	[[ $(uname -r) != *debug* ]] || stranded_mib=16
	hivectl run -- python3 -c 'import sys, time
memory = bytearray(b"\x5a") * (int(sys.argv[1]) << 20)
print("ready", flush=True)
time.sleep(1000)' "$stranded_mib" > "$HIVE_RESULTS/stranded.out" < /dev/null 2>&1 {nap_fd}<&- &
	stranded=$!
	wait_for 300 "the python3 process filling its memory" grep -q ready "$HIVE_RESULTS/stranded.out"
fi
doomed=$(wait_file doomed)
exiled=$(wait_file exiled)
wait_for 600 "$doomed listed" is_listed "$doomed"
barrier doomed-listed
death=power
[[ $(uname -r) != *debug* ]] || death=silence
if [ "$HIVE_NODE" = 3 ]; then
	# Moved the moment before node 3 dies: its memory is still here.
	hivectl migrate "$stranded" 2
	echo "$stranded" > "$HIVE_RESULTS/stranded"
fi
stranded=$(wait_file stranded)
barrier stranded-moved
if [ "$HIVE_NODE" = 3 ]; then
	[ $death = silence ] || sleep infinity	# until hive-vm kills this QEMU
	fall_silent
	wait_for 900 "nodes 1 and 2 done" \
		[ -e "$HIVE_RESULTS/barrier.done.1" -a -e "$HIVE_RESULTS/barrier.done.2" ]
	speak_again
	exit 0
fi
[ "$HIVE_NODE" != 1 ] || [ $death = silence ] || echo kill > "$HIVE_RESULTS/power.3"
gone_within "$doomed" $(($(failure_deadline) + gone_limit))
wait_for 600 "node 3 out of the view" [ ! -e /sys/kernel/hive/nodes/3 ]
expect_error "No such process" kill -0 "$doomed"
echo "node 3's process left with it; kill -0 gives ESRCH"
if [ "$HIVE_NODE" = 2 ]; then
	orphaned() {
		dmesg | grep -q "hive: home node 3 of process $exiled left the cluster: the process runs on here"
	}
	wait_for 60 "node 2 saying node 3's process runs on here" orphaned
	[ "$(awk -v p="$exiled" '$1 == p { print $2, $3, $NF }' /proc/hive/processes)" = "2 3 sleep" ]
	kill "$exiled"
	wait_for 30 "node 3's process gone once killed here" [ ! -e "/proc/$exiled" ]
	echo "node 3's process that had moved here ran on, listed with home 3, until killed here"
	stranded_killed() {
		dmesg | grep -q "hive: process $stranded lost memory it left at node 3 (error -[0-9]*): killed"
	}
	wait_for 120 "node 2 saying the process whose memory was on node 3 is killed" stranded_killed
	wait_for 30 "that process gone" [ ! -e "/proc/$stranded" ]
	wait_for 30 "no page awaited" equals 0 cat /sys/kernel/hive/migration/pages_arriving
	echo "node 3's process whose memory was still there was killed here, in words"
fi

# hive.ko unloaded on node 1 the moment its last reference goes, while
# kill(2)s of node 2's process are redirected back to back and remote
# sessions end: unloading waits until no task runs hive's code any more
# (KASAN and the console checks would show one that did).
if [ "$HIVE_NODE" = 2 ]; then
	hivectl run -- sh -c "echo \$\$ > $HIVE_RESULTS/unload-target.part; mv $HIVE_RESULTS/unload-target.part $HIVE_RESULTS/unload-target; exec sleep 1000" &
	unload_job=$!
fi
if [ "$HIVE_NODE" = 1 ]; then
	target=$(wait_file unload-target)
	# Once hive.ko is gone the PID is nobody's here: the loop ends.
	( while kill -0 "$target" 2> /dev/null; do :; done ) &
	killer=$!
	runs_pids=()
	for _ in 1 2 3; do
		hivectl run --node 2 -- sleep 5 &
		runs_pids+=($!)
	done
	# Unload once the three sessions are open, not before the hivectls
	# reach the kernel (they would find no hive.ko and fail).
	sessions_open() {
		[ "$(value /sys/kernel/hive/processes/exec_sessions)" -ge 3 ]
	}
	wait_for 120 "the three runs' sessions" sessions_open
	tries=0
	until rmmod hive 2> /dev/null; do
		tries=$((tries + 1))
		[ "$tries" -lt 3000 ] || { echo "hive.ko still in use after $tries tries"; exit 1; }
		nap 0.1
	done
	wait "$killer" "${runs_pids[@]}"
	echo "hive.ko unloaded under redirected kills and ending sessions, $tries tries refused"
fi
barrier done 2
if [ "$HIVE_NODE" = 2 ]; then
	kill "$unload_job"
	wait "$unload_job" || true
fi
end_cluster
