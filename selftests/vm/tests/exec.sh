#!/bin/bash
# Remote execution (Documentation/exec.rst) on three nodes, with
# unmodified programs on both ends:
# - `hivectl run --node 2 -- sh -c 'echo $$ $PPID; sleep 100'` from node 1 prints
#   a PID of node 2's range; node 3 kills it by that PID; node 1's shell
#   `wait`s for its job and sees death by SIGTERM (143); the listing shows
#   node 1's hivectl as the command's parent, and so does its getppid()
#   ($PPID);
# - a helper that ends before it attaches (/bin/true) fails the session
#   with a sentence;
# - exit statuses come back: python3 exiting 7, a command not found (127);
# - a session is its owner's process's, not its PID number's: once the
#   owner ended, its socket living on in its child, a process made with
#   the owner's number (clone3 with set_tid) can neither write to nor read
#   from it (hive-exec-owner);
# - stdin, stdout and stderr: `yes | hivectl run -- head`, `hivectl run --
#   yes | head` (the remote yes dies of SIGPIPE, as a local one would), 8 MiB
#   through sha256sum, stderr kept apart from stdout;
# - the caller's uid (nobody), environment and working directory, and "/"
#   with a warning where the directory does not exist on the target;
# - SIGINT and SIGTERM sent to hivectl reach the remote command;
# - a terminal: the command gets a pty of the caller's size;
# - a caller under seccomp, in a user, PID, mount, cgroup or network
#   namespace of its own, or in a chroot is refused with a sentence; one
#   with
#   no_new_privs runs a command that has it (NoNewPrivs in its
#   /proc/self/status), and one without a command without; a caller's
#   cgroup is the command's where the target has one of that path, else
#   the command says so and runs in the root cgroup; a caller's AppArmor
#   profile is the command's where the target has it loaded (its label,
#   a file it denies), else the run is refused before the command starts;
# - per-user limits: with exec_sessions_per_user 2 on node 2, nobody's
#   third session there is refused with a sentence while another user's
#   and root's still run;
# - `--node auto`, `--node` of this node, and bad input (`--node 99`, `--node
#   x`) with a sentence and a non-zero status;
# - 60 remote runs from node 1 at once (20 on the debug kernel, where
#   each costs a second of KASAN), all listed, all killed, and no session
#   left anywhere;
# - the origin's hivectl killed: the remote command is hung up and the
#   target's session ends;
# - node 3 powered off: node 1's hivectl running a command there says the
#   node left and exits 255.
# hive-vm-timeout: release=1800 debug=2400
set -euo pipefail
. "$HIVE_REPO/selftests/vm/tests/lib/cluster.sh"

lib=$HIVE_REPO/selftests/vm/tests/lib
size=1024
. "$lib/processes.sh"
out=/tmp/exec-test
mkdir -p $out
sessions() { value /sys/kernel/hive/processes/exec_sessions; }
# no_sessions_within SECONDS: this node's session ends are all gone within
# SECONDS of wall time (a loop count would stretch under TCG); else list
# what is left.
no_sessions_within() {
	local deadline=$((SECONDS + $1))
	while [ "$(sessions)" != 0 ]; do
		if [ "$SECONDS" -ge "$deadline" ]; then
			echo "$(sessions) exec sessions left after $1 s:"
			cat /proc/hive/exec
			ps -eo pid,ppid,pgid,stat,etimes,args |
				grep -E "hive-exec|sleep|hivectl" | grep -v grep || true
			return 1
		fi
		nap 0.1
	done
}

if uname -r | grep -q debug; then runs=20; else runs=60; fi

set_pid_range "$size"
bring_up
barrier up

# A remote shell's PID, killed from node 3; node 1's shell waits for it.
if [ "$HIVE_NODE" = 1 ]; then
	hivectl run --node 2 -- sh -c 'echo $$ $PPID; exec sleep 100' > $out/remote-pid &
	job=$!
	wait_for 600 "the remote shell's PID" [ -s $out/remote-pid ]
	read -r remote remote_ppid < $out/remote-pid
	echo "node 2 runs the command as PID $remote, its getppid() $remote_ppid; node 1's job is $job"
	[ "$((remote / size))" = 2 ] && [ "$remote_ppid" = "$job" ]
	wait_for 600 "$remote listed running sleep" listed_sleeping "$remote"
	read -r pid node home ppid pgid sid uid state start command <<< "$(listed "$remote")"
	echo "listed: $pid node $node home $home ppid $ppid uid $uid $command"
	[ "$node" = 2 ] && [ "$home" = 2 ] && [ "$ppid" = "$job" ] && [ "$uid" = 0 ] &&
		[ "$command" = sleep ]
	echo "$remote" > "$HIVE_RESULTS/remote.part"
	mv "$HIVE_RESULTS/remote.part" "$HIVE_RESULTS/remote"
fi
remote=$(wait_file remote)
if [ "$HIVE_NODE" = 3 ]; then
	kill -TERM "$remote"
	gone_within "$remote" "$gone_limit"
fi
if [ "$HIVE_NODE" = 1 ]; then
	status=0
	wait "$job" || status=$?
	echo "node 1's shell: its remote child ended with status $status"
	[ "$status" = 143 ]
fi
barrier remote-kill

# A helper that ends before it attaches fails its session at once, with a
# sentence (node 2's helper is /bin/true for one run).
helper=/usr/local/libexec/hive/hive-exec
[ "$HIVE_NODE" != 2 ] || mount --bind /bin/true "$helper"
barrier helper-broken
if [ "$HIVE_NODE" = 1 ]; then
	status=0
	hivectl run --node 2 -- true 2> $out/err || status=$?
	cat $out/err
	[ "$status" = 255 ] && grep -q "could not start its exec helper" $out/err
fi
barrier helper-tried
if [ "$HIVE_NODE" = 2 ]; then
	# The helper that ended may still be on its way out (busy).
	wait_for 30 "the broken helper unmounted" umount "$helper"
	dmesg | grep -q "exec helper for a session of node 1 ended before it attached"
fi

if [ "$HIVE_NODE" = 1 ]; then
	# Exit statuses.
	status=0
	hivectl run --node 3 -- python3 -c 'import sys; sys.exit(7)' || status=$?
	[ "$status" = 7 ] || { echo "python3 exit 7 came back as $status"; exit 1; }
	status=0
	hivectl run --node 2 -- no-such-command 2> $out/err || status=$?
	[ "$status" = 127 ] && grep -q "no-such-command" $out/err
	echo "exit statuses: 7 and 127 come back"

	# A session is its owner's, not its PID number's.
	owner_out=$("$HIVE_BUILD/userland/tools/hive-exec-owner" 2)
	echo "$owner_out"
	grep -q "EXEC_WRITE refused, EXEC_READ refused; the session is still open" <<< "$owner_out"

	# Pipelines across nodes.
	[ "$(yes | hivectl run --node 2 -- head -n 3 | tr -d '\n')" = yyy ]
	set +o pipefail
	hivectl run --node 3 -- yes | head -n 5 > $out/yes
	statuses=("${PIPESTATUS[@]}")
	set -o pipefail
	echo "hivectl run -- yes | head: statuses ${statuses[*]}"
	[ "$(wc -l < $out/yes)" = 5 ] && [ "${statuses[0]}" = 141 ]
	head -c 8M /dev/urandom > $out/data
	want=$(sha256sum < $out/data)
	got=$(hivectl run --node 2 -- sha256sum < $out/data)
	[ "$got" = "$want" ] || { echo "8 MiB through node 2: $got, want $want"; exit 1; }
	hivectl run --node 3 -- sh -c 'echo out; echo err >&2' > $out/o 2> $out/e
	[ "$(cat $out/o)" = out ] && [ "$(cat $out/e)" = err ]
	echo "stdin, stdout and stderr cross nodes"

	# The caller's uid, environment and directory.
	[ "$(setpriv --reuid=65534 --regid=65534 --clear-groups \
		hivectl run --node 2 -- id -u)" = 65534 ]
	[ "$(HIVE_TEST_VAR=carried hivectl run --node 3 -- sh -c 'echo $HIVE_TEST_VAR')" = carried ]
	[ "$(cd /usr/share && hivectl run --node 2 -- pwd)" = /usr/share ]
	mkdir -p /tmp/only-on-node-1
	[ "$(cd /tmp/only-on-node-1 && hivectl run --node 2 -- pwd 2> $out/err)" = / ]
	grep -q "only-on-node-1" $out/err

	# The caller's no_new_privs, seen from inside the remote command.
	[ "$(setpriv --no-new-privs hivectl run --node 2 -- \
		awk '/^NoNewPrivs:/ { print $2 }' /proc/self/status)" = 1 ]
	[ "$(hivectl run --node 3 -- awk '/^NoNewPrivs:/ { print $2 }' /proc/self/status)" = 0 ]
	echo "no_new_privs is carried to the remote command"
	echo "uid, environment and working directory carried"

	# Signals sent to hivectl reach the command.  A background job of a
	# script starts with SIGINT ignored; env gives it back its default.
	for sig in INT TERM; do
		env --default-signal=INT hivectl run --node 2 -- sleep 100 &
		job=$!
		nap 2
		kill -"$sig" "$job"
		status=0
		wait "$job" || status=$?
		echo "SIG$sig to hivectl: the remote sleep ended with status $status"
		[ "$status" = $((128 + $(kill -l "$sig"))) ]
	done

	# A terminal: the remote command gets a pty of the caller's size.
	script -qec "stty rows 37 cols 101; hivectl run --node 3 -- sh -c 'tty; stty size'" \
		/dev/null > $out/tty
	cat $out/tty
	grep -q "/dev/pts/" $out/tty && grep -q "37 101" $out/tty

	# Where to run.
	node=$(hivectl run --node auto -- hostname)
	echo "--node auto ran on $node"
	[[ "$node" =~ ^node[123]$ ]]
	[ "$(hivectl run --node 1 -- hostname)" = node1 ]
	status=0
	hivectl run --node 99 -- true 2> $out/err || status=$?
	cat $out/err
	[ "$status" = 255 ] && grep -q "not a member" $out/err
	status=0
	hivectl run --node x -- true 2> $out/err || status=$?
	cat $out/err
	[ "$status" = 2 ]
	echo "bad nodes refused with a sentence"

	# Confinement another node cannot carry is refused, with a sentence,
	# before anything starts; as nobody where the confinement needs no
	# privilege.
	refused() {
		local what=$1 status=0
		shift
		"$@" hivectl run --node 2 -- true 2> $out/err || status=$?
		cat $out/err
		[ "$status" != 0 ] && grep -q "$what" $out/err ||
			{ echo "not refused as it should be ($what): $*"; return 1; }
	}
	nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)
	refused "runs under seccomp" "${nobody[@]}" "$HIVE_REPO/selftests/vm/tests/lib/seccomp.py"
	refused "user namespace of its own" "${nobody[@]}" unshare --user --map-root-user
	refused "PID namespace of its own" unshare --pid --fork
	refused "mount namespace of its own" unshare --mount
	refused "cgroup namespace of its own" unshare --cgroup
	refused "initial network namespace only" unshare --net
	mkdir -p /tmp/jail/usr
	mount --rbind /usr /tmp/jail/usr
	for d in bin sbin lib lib64; do
		ln -s "usr/$d" "/tmp/jail/$d"
	done
	refused "in a chroot" chroot /tmp/jail
	umount -R /tmp/jail/usr
	[ "$(sessions)" = 0 ]
	echo "seccomp, namespaces and a chroot refused before anything started"
fi
barrier single-runs

# The caller's cgroup: node 2 has one of its path, where the command runs;
# node 3 has none, and the command runs in the helper's (the root) with a
# warning.
cgroup_mount
[ "$HIVE_NODE" = 3 ] || mkdir /sys/fs/cgroup/hive-test
barrier cgroup-set
if [ "$HIVE_NODE" = 1 ]; then
	cg=/sys/fs/cgroup/hive-test
	[ "$(in_cgroup $cg hivectl run --node 2 -- cat /proc/self/cgroup)" = 0::/hive-test ]
	[ "$(in_cgroup $cg hivectl run --node 3 -- cat /proc/self/cgroup 2> $out/err)" = 0::/ ]
	cat $out/err
	grep -q "cannot join the cgroup '/hive-test'" $out/err
	echo "the caller's cgroup is carried where the target has it"
fi
barrier cgroup-done
[ "$HIVE_NODE" = 3 ] || rmdir /sys/fs/cgroup/hive-test
cgroup_umount

# The caller's AppArmor profile: node 2 has it loaded, and the command runs
# under it (its label, and a file the profile denies stays denied while an
# unconfined caller's command reads it); node 3 has not, and the run is
# refused with a sentence before the command starts.
profile=$HIVE_REPO/selftests/vm/tests/lib/hive-test.apparmor
[ "$HIVE_NODE" = 3 ] || apparmor_parser --skip-cache --add "$profile"
[ "$HIVE_NODE" != 2 ] || echo secret > /tmp/hive-denied
barrier profile-loaded
if [ "$HIVE_NODE" = 1 ]; then
	confined=(aa-exec --profile hive-test --)
	[ "$(hivectl run --node 2 -- cat /proc/self/attr/current)" = unconfined ]
	[ "$(hivectl run --node 2 -- cat /tmp/hive-denied)" = secret ]
	label=$("${confined[@]}" hivectl run --node 2 -- cat /proc/self/attr/current)
	echo "a confined caller's command on node 2 runs as '$label'"
	[ "$label" = "hive-test (enforce)" ]
	status=0
	"${confined[@]}" hivectl run --node 2 -- cat /tmp/hive-denied 2> $out/err || status=$?
	cat $out/err
	[ "$status" = 1 ] && grep -q "Permission denied" $out/err
	status=0
	"${confined[@]}" hivectl run --node 3 -- touch /tmp/started 2> $out/err || status=$?
	cat $out/err
	[ "$status" = 126 ] &&
		grep -q "AppArmor profile 'hive-test', which this node has not loaded" $out/err
	echo "the caller's AppArmor profile is carried where the target has it, else refused"
fi
barrier profile-done
[ ! -e /tmp/started ]
[ "$HIVE_NODE" = 3 ] || apparmor_parser --remove "$profile"

# Per-user limits: node 2 takes two sessions of nobody; nobody's third is
# refused with a sentence, another user's and root's runs still work.
[ "$HIVE_NODE" != 2 ] || echo 2 > /sys/module/hive/parameters/exec_sessions_per_user
barrier quota-set
if [ "$HIVE_NODE" = 1 ]; then
	# setpriv execs hivectl: each job's pid is its hivectl's.
	nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)
	quota_jobs=()
	for i in 1 2; do
		"${nobody[@]}" hivectl run --node 2 -- sh -c 'echo up; exec sleep 1000' \
			> $out/quota.$i &
		quota_jobs+=($!)
	done
	for i in 1 2; do
		wait_for 600 "nobody's session $i on node 2" equals up value $out/quota.$i
	done
	status=0
	"${nobody[@]}" hivectl run --node 2 -- true 2> $out/err || status=$?
	cat $out/err
	[ "$status" != 0 ] && grep -q "exec_sessions_per_user" $out/err
	[ "$(setpriv --reuid=65533 --regid=65533 --clear-groups \
		hivectl run --node 2 -- id -u)" = 65533 ]
	[ "$(hivectl run --node 2 -- id -u)" = 0 ]
	kill "${quota_jobs[@]}"
	wait "${quota_jobs[@]}" || true
	echo "nobody's third session on node 2 refused; another user's and root's ran"
fi
barrier quota-done
[ "$HIVE_NODE" != 2 ] || echo 128 > /sys/module/hive/parameters/exec_sessions_per_user
no_sessions_within 300
barrier quota-cleared

# $runs remote runs from node 1 at once.
if [ "$HIVE_NODE" = 1 ]; then
	jobs_pids=()
	started=$SECONDS
	for i in $(seq "$runs"); do
		hivectl run --node $((2 + i % 2)) -- sleep infinity 2> $out/many.$i &
		jobs_pids+=($!)
	done
	wait_for 600 "$runs remote sleeps listed" equals "$runs" sleeps
	echo "$(sleeps) remote sleeps listed; sessions here: $(sessions)"
	[ "$(sleeps)" = "$runs" ] && [ "$(sessions)" = "$runs" ]
	origins=$(awk 'NR > 1 && $3 == "origin" && $9 == "open"' /proc/hive/exec | wc -l)
	echo "/proc/hive/exec lists $origins open origin ends"
	[ "$origins" = "$runs" ]
	awk 'NR > 1 && $10 == "sleep" { print $1 }' /proc/hive/processes | xargs kill -TERM
	for i in $(seq "$runs"); do
		status=0
		wait "${jobs_pids[i - 1]}" || status=$?
		[ "$status" = 143 ] && continue
		echo "remote run $i (hivectl ${jobs_pids[i - 1]}, node $((2 + i % 2)))" \
			"ended with $status, $((SECONDS - started)) s after the runs started;" \
			"its standard error:"
		cat $out/many.$i
		cat /proc/hive/exec
		exit 1
	done
	[ "$(sleeps)" = 0 ]
	echo "$runs remote runs listed, killed, and reported as killed"
fi
barrier many
no_sessions_within 120
# Node 1 starts the next session only once every node has counted.
barrier many-ended

# The origin's hivectl dies: the target hangs the command up.
if [ "$HIVE_NODE" = 1 ]; then
	hivectl run --node 2 -- sh -c 'echo $$; exec sleep 1000' > $out/orphan &
	job=$!
	wait_for 600 "the remote shell's PID" [ -s $out/orphan ]
	orphan=$(cat $out/orphan)
	kill -KILL "$job"
	gone_within "$orphan" "$gone_limit"
fi
barrier orphan
no_sessions_within 120
barrier orphan-ended

# Node 3 dies under a remote command.
if [ "$HIVE_NODE" = 1 ]; then
	hivectl run --node 3 -- sleep 1000 2> $out/lost &
	job=$!
fi
wait_for 600 "the remote sleep on node 3 listed" equals 1 sleeps
barrier doomed
if [ "$HIVE_NODE" = 3 ]; then
	sleep infinity	# until hive-vm kills this QEMU
fi
[ "$HIVE_NODE" != 1 ] || echo kill > "$HIVE_RESULTS/power.3"
if [ "$HIVE_NODE" = 1 ]; then
	status=0
	wait "$job" || status=$?
	cat $out/lost
	echo "node 3 died: hivectl ended with status $status"
	[ "$status" = 255 ] && grep -q "left" $out/lost
	no_sessions_within 120
fi
barrier done 2
end_cluster
