#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# hive-pingpong on localhost: a server on a free port serves two clients one
# after the other, and each client prints its one machine-readable line.
#
# Usage: pingpong_localhost.sh HIVE_PINGPONG
set -eu

pingpong=$1
dir=$(mktemp -d)
server=
cleanup() {
	if [ -n "$server" ]; then
		kill "$server" 2>/dev/null || true
		wait "$server" 2>/dev/null || true
	fi
	rm -rf "$dir"
}
trap cleanup EXIT
fail() {
	echo "FAIL: $*" >&2
	exit 1
}

: >"$dir/server.out"
"$pingpong" server 0 >"$dir/server.out" 2>"$dir/server.err" &
server=$!
tries=0
until grep -q '^listening port=[0-9]*$' "$dir/server.out"; do
	tries=$((tries + 1))
	[ "$tries" -le 100 ] || fail "server did not listen within 10 s: $(cat "$dir/server.err")"
	kill -0 "$server" 2>/dev/null || fail "server died: $(cat "$dir/server.err")"
	sleep 0.1
done
port=$(sed -n 's/^listening port=\([0-9]*\)$/\1/p' "$dir/server.out")

# check_line SIZE COUNT LINE: the format, and min <= p50 <= p99 <= max.
check_line() {
	echo "$3" | grep -Eqx "size=$1 count=$2 min_ns=[0-9]+ p50_ns=[0-9]+ p99_ns=[0-9]+ max_ns=[0-9]+" ||
		fail "unexpected output: '$3'"
	echo "$3" | awk '{
		for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] + 0 }
		exit !(v["min_ns"] > 0 && v["min_ns"] <= v["p50_ns"] &&
		       v["p50_ns"] <= v["p99_ns"] && v["p99_ns"] <= v["max_ns"])
	}' || fail "latencies out of order: '$3'"
}

line=$("$pingpong" client 127.0.0.1 "$port" --size 64 --count 200) || fail "client 1 failed"
check_line 64 200 "$line"
echo "$line"
line=$("$pingpong" client localhost "$port" --size 4096 --count 200 --warmup 0) ||
	fail "client 2 failed"
check_line 4096 200 "$line"
echo "$line"

kill -0 "$server" 2>/dev/null || fail "server stopped: $(cat "$dir/server.err")"
[ ! -s "$dir/server.err" ] || fail "server complained: $(cat "$dir/server.err")"

# Usage errors are exit status 2.
status=0
"$pingpong" client 127.0.0.1 "$port" --size 64 2>/dev/null || status=$?
[ "$status" -eq 2 ] || fail "missing --count gave exit status $status, not 2"
echo "PASS"
