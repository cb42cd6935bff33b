# Shell functions the process tests share (processes.sh, exec.sh), for a
# node whose PID range is SIZE (set `size` before sourcing).  Sourced,
# never run.

# How soon a killed process must be gone from a listing, a hang detector:
# 5 s (86-692 ms measured); 10 s on the debug kernel, where the test's own
# date, awk and cat take hundreds of milliseconds each under KASAN
# (measured there: 0.4-0.9 s).
if uname -r | grep -q debug; then gone_limit=10; else gone_limit=5; fi
first=$((HIVE_NODE * size))
last=$((first + size - 1))
in_range() { [ "$1" -ge "$first" ] && [ "$1" -le "$last" ]; }
listed() { awk -v p="$1" 'NR > 1 && $1 == p' /proc/hive/processes; }
# wait_file NAME: a file another node writes to the results share.
wait_file() {
	for _ in $(seq 600); do
		[ -e "$HIVE_RESULTS/$1" ] && { cat "$HIVE_RESULTS/$1"; return 0; }
		sleep 0.1
	done
	echo "no $1 in 60 s" >&2
	return 1
}
# gone_within PID SECONDS: a listing opened within SECONDS no longer has
# PID (the time is taken when each listing is opened).
gone_within() {
	local start end now
	start=$(date +%s%N)
	end=$((start + $2 * 1000000000))
	for (( ; ; )); do
		now=$(date +%s%N)
		[ -n "$(listed "$1")" ] || break
		[ "$now" -le "$end" ] || { echo "process $1 still listed after $2 s"; return 1; }
		sleep 0.05
	done
	[ "$now" -le "$end" ] || { echo "process $1 still listed after $2 s"; return 1; }
	echo "process $1 gone from the listing opened $(((now - start) / 1000000)) ms after the kill"
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

