# Shell functions the process tests share (processes.sh, exec.sh), for a
# node whose PID range is SIZE (set `size` before sourcing).  Sourced,
# never run.

# How soon a killed process must be gone from a listing: a hang detector,
# 60 s (86-692 ms measured on the release kernel, 0.4-0.9 s on the debug
# kernel).
gone_limit=60
first=$((HIVE_NODE * size))
last=$((first + size - 1))
in_range() { [ "$1" -ge "$first" ] && [ "$1" -le "$last" ]; }
listed() { awk -v p="$1" 'NR > 1 && $1 == p' /proc/hive/processes; }
# is_listed PID: PID is in the listing.
is_listed() { [ -n "$(listed "$1")" ]; }
# listed_sleeping PID: PID is listed, running sleep.
listed_sleeping() { grep -q "sleep$" <<< "$(listed "$1")"; }
# sleeps: how many listed processes run sleep.
sleeps() { awk 'NR > 1 && $10 == "sleep"' /proc/hive/processes | wc -l; }
# wait_file NAME: a file another node writes to the results share (within
# 600 s, a hang detector), printed.
wait_file() {
	wait_for 600 "$1 from another node" [ -e "$HIVE_RESULTS/$1" ] >&2 &&
		cat "$HIVE_RESULTS/$1"
}
# gone_within PID SECONDS: a listing opened within SECONDS no longer has
# PID (the time is taken when each listing is opened).
gone_within() {
	local start end now
	start=${EPOCHREALTIME/./}
	end=$((start + $2 * 1000000))
	for (( ; ; )); do
		now=${EPOCHREALTIME/./}
		[ -n "$(listed "$1")" ] || break
		[ "$now" -le "$end" ] || { echo "process $1 still listed after $2 s"; return 1; }
		nap 0.05
	done
	echo "process $1 gone from the listing opened $(((now - start) / 1000)) ms after the kill"
}
# expect_error TEXT COMMAND...: COMMAND fails and says TEXT.
expect_error() {
	local text=$1
	shift
	if "$@" > /tmp/out 2>&1; then
		echo "succeeded but should not have: $*"
		return 1
	fi
	grep -q "$text" /tmp/out || { echo "$*: expected '$text', got:"; cat /tmp/out; return 1; }
}


# cgroup_mount: cgroup2 at /sys/fs/cgroup (the guests' init mounts none),
# mounted here where it is not; cgroup_umount unmounts only what this
# mounted.
cgroup_mounted=
cgroup_mount() {
	mountpoint -q /sys/fs/cgroup && return 0
	mount -t cgroup2 none /sys/fs/cgroup
	cgroup_mounted=1
}
cgroup_umount() {
	[ -z "$cgroup_mounted" ] || umount /sys/fs/cgroup
	cgroup_mounted=
}

# in_cgroup DIR COMMAND...: COMMAND in cgroup DIR, with the PID that
# joined it; cgroup_join is its sh -c script, for a program that must
# start it itself (hivectl run -- sh -c "$cgroup_join" sh DIR COMMAND...).
cgroup_join='echo $$ > "$1/cgroup.procs" && shift && exec "$@"'
in_cgroup() { sh -c "$cgroup_join" sh "$@"; }
