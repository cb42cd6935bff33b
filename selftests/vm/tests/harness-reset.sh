#!/bin/bash
# Harness self-test: each scenario finds its node as booted, whatever the
# scenario before it left.  This one checks that, then leaves a mess for the
# reset after it: hive.ko loaded and held, a process that escaped into a
# session of its own, files in /etc and the writable directories.
# hive-vm-timeout: release=120 debug=300
set -euo pipefail

! grep -q '^hive ' /proc/modules || { echo "hive.ko still loaded"; exit 1; }
for f in /etc/hive /etc/modprobe.d/hive.conf /tmp/leftover /var/lib/corosync/leftover; do
	[ ! -e "$f" ] || { echo "$f left by an earlier scenario"; exit 1; }
done
if pgrep -f 'sleep 1000[0-9]' > /dev/null; then
	echo "a process of an earlier scenario still runs:"
	pgrep -af 'sleep 1000[0-9]'
	exit 1
fi
echo "node clean"

echo "options hive pid_range_size=1024" > /etc/modprobe.d/hive.conf
modprobe hive
mkdir -p /etc/hive
touch /tmp/leftover /var/lib/corosync/leftover
setsid sleep 10007 < /dev/null > /dev/null 2>&1 &
[ "$(cat /sys/kernel/hive/processes/pid_range_size)" = 1024 ]
