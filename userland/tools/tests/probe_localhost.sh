#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# hive-probe on localhost, against hive-pingpong's server: it closes the
# connection on a first message that is not its own (every case's bytes
# are not), as a hive node must, and keeps a silent one open (for 30 s),
# which a hive node must not.  Checks the
# probe's verdicts, lines and exit statuses; the node side is the VM tests'.
#
# Usage: probe_localhost.sh HIVE_PROBE HIVE_PINGPONG
set -eu

probe=$1
pingpong=$2
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
"$pingpong" server 0 >"$dir/server.out" 2>/dev/null &
server=$!
tries=0
until grep -q '^listening port=[0-9]*$' "$dir/server.out"; do
	tries=$((tries + 1))
	[ "$tries" -le 100 ] || fail "server did not listen within 10 s"
	sleep 0.1
done
port=$(sed -n 's/^listening port=\([0-9]*\)$/\1/p' "$dir/server.out")

# expect STATUS REGEX ARGS...: hive-probe ARGS exits STATUS, printing a
# line that matches REGEX.
expect() {
	want=$1
	regex=$2
	shift 2
	status=0
	out=$("$probe" "$@" 2>&1) || status=$?
	echo "$out"
	[ "$status" -eq "$want" ] || fail "hive-probe $*: exit status $status, not $want"
	echo "$out" | grep -Eq "$regex" || fail "hive-probe $*: no line matching '$regex'"
}

closed='node closed the connection after [0-9]+\.[0-9]{2} s( \(reset\))?$'
expect 0 "^bad-magic: sent 120 bytes, $closed" 127.0.0.1 "$port" bad-magic --wait 5
expect 0 "^bad-version: sent 120 bytes, $closed" 127.0.0.1 "$port" bad-version --wait 5
expect 0 "^huge-length: sent 48 bytes, $closed" 127.0.0.1 "$port" huge-length --wait 5
expect 0 "^random: sent 4096 bytes, $closed" 127.0.0.1 "$port" random --wait 5
expect 0 "^not-member: sent 120 bytes, $closed" 127.0.0.1 "$port" not-member --as 3 --wait 5
expect 1 '^silent: sent 0 bytes, connection still open after 1 s$' \
	127.0.0.1 "$port" silent --wait 1
expect 0 "^truncated: sent 20 bytes, $closed" 127.0.0.1 "$port" truncated --wait 5
expect 0 '^flood: 10 connections: 10 accepted, 0 refused, 0 unanswered after 5 s; node closed [0-9]+ of the accepted within 1 s$' \
	127.0.0.1 "$port" flood --count 10 --wait 5

# Usage errors are exit status 2, before anything is sent.
expect 2 'random does not take --as' 127.0.0.1 "$port" random --as 1
expect 2 'unknown case' 127.0.0.1 "$port" bad_magic
expect 2 'wrong-key needs --key' 127.0.0.1 "$port" wrong-key
expect 2 'not a number' 127.0.0.1 "$port" silent --wait 0
echo "PASS"
