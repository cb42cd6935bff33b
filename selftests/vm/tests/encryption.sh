#!/bin/bash
# Encrypted connections (Documentation/transport.rst, "Encryption"), seen
# from a wiretap on the bridge (hive-vm's capture):
# - by default every node encrypts: /sys/kernel/hive/transport/encryption
#   and `hivectl status` say aes-128-gcm, hived's log says encryption on;
# - a 1 MiB random pattern through `hivectl run --node 2 -- cat` from node
#   1 comes back whole, while the capture holds more than 2 MiB of the
#   cluster port's traffic and none of 64 pieces of the pattern; node 1
#   renews its connection after every MiB it sends (rekey_bytes)
#   meanwhile, so the pattern crosses two connections at least, each with
#   its own keys, and `hivectl status` counts the rekeys;
# - frames that end in pages (Documentation/transport.rst, "Pages"): echo
#   calls of 2 MiB of pages, one-way messages of 2 MiB of pages and calls
#   of one page come back whole, encrypted (kTLS decrypting into the
#   receiver's pages, a connection renewed after every MiB) and, below,
#   with encryption off (the MAC over the pages);
# - node 2 turns encryption off (hive.conf, hived restarted): nodes 1 and
#   2 refuse each other's connections, each counts it in
#   refused_protection and says why in its log;
# - every node off: the same pattern goes through and the capture shows
#   it (so the first capture could have seen it).
# hive-vm-timeout: release=900 debug=1800
set -euo pipefail
. "$HIVE_REPO/selftests/vm/tests/lib/cluster.sh"

transport=/sys/kernel/hive/transport
port=7100
pattern=$HIVE_RESULTS/pattern
pieces=64

# capture start|stop: hive-vm's tcpdump on the bridge, into
# $HIVE_RESULTS/bridge.pcap; returns once hive-vm did it.
capture() {
	local done=started
	[ "$1" = start ] || done=stopped
	rm -f "$HIVE_RESULTS/capture.$done"
	echo "$1" > "$HIVE_RESULTS/capture.part"
	mv "$HIVE_RESULTS/capture.part" "$HIVE_RESULTS/capture"
	wait_for 120 "hive-vm's capture $1" [ -e "$HIVE_RESULTS/capture.$done" ]
}

# send_pattern: the pattern through cat on node 2, under capture; the
# output must be the pattern.
send_pattern() {
	capture start
	hivectl run --node 2 -- cat < "$pattern" > /tmp/echoed
	capture stop
	cmp "$pattern" /tmp/echoed
	echo "the pattern came back whole ($(stat -c %s /tmp/echoed) bytes)"
}

# pieces_seen: how many of the pattern's pieces the capture holds, after
# checking it holds the cluster port's traffic (the pattern both ways).
pieces_seen() {
	python3 - "$pattern" "$HIVE_RESULTS/bridge.pcap" "$pieces" "$port" <<'EOF'
import struct, sys
pattern = open(sys.argv[1], 'rb').read()
capture = open(sys.argv[2], 'rb').read()
count, port = int(sys.argv[3]), int(sys.argv[4])
# The cluster port's TCP payload bytes, from the pcap records (Ethernet,
# IPv4, TCP).
tcp_bytes, off = 0, 24
while off + 16 <= len(capture):
    incl = struct.unpack_from('<I', capture, off + 8)[0]
    frame = capture[off + 16:off + 16 + incl]
    off += 16 + incl
    if len(frame) < 34 or frame[12:14] != b'\x08\x00' or frame[23] != 6:
        continue
    ihl = (frame[14] & 15) * 4
    tcp = frame[14 + ihl:]
    sport, dport = struct.unpack_from('>HH', tcp, 0)
    if port in (sport, dport):
        tcp_bytes += len(tcp) - (tcp[12] >> 4) * 4
if tcp_bytes < 2 * len(pattern):
    sys.exit(f'the capture holds {tcp_bytes} bytes of the cluster port, '
             f'less than the pattern both ways')
step = len(pattern) // count
seen = sum(pattern[i * step:i * step + 32] in capture for i in range(count))
print(seen)
EOF
}

# pages_echo: 2 MiB-of-pages calls and one-way messages, and one-page
# calls, to node 2; the kernel compares every reply's pages.
pages_echo() {
	hivectl ping 2 --count 6 --size 64 --pages 512 | tee /tmp/pages
	grep -q "6 of 6 echoes of 64 B and 512 pages answered" /tmp/pages
	hivectl ping 2 --oneway --count 6 --size 0 --pages 512 | tee /tmp/pages
	grep -q "node 2: 6 one-way messages of 0 B and 512 pages handled" /tmp/pages
	hivectl ping 2 --count 200 --size 16 --pages 1 | tee /tmp/pages
	grep -q "200 of 200 echoes of 16 B and 1 page answered" /tmp/pages
}

refused_protection() { [ "$(value $transport/refused_protection)" -gt 0 ]; }

bring_up
equals aes-128-gcm value $transport/encryption
grep "given to hive.ko, encryption on" /var/log/hived.log
hivectl status | grep -E '^encryption +aes-128-gcm$'

if [ "$HIVE_NODE" = 1 ]; then
	head -c 1048576 /dev/urandom > "$pattern.part"
	mv "$pattern.part" "$pattern"
	echo 1048576 > $transport/rekey_bytes
	rekeys=$(value $transport/rekeys)
	send_pattern
	seen=$(pieces_seen)
	echo "encrypted: $seen of $pieces pieces of the pattern on the wire"
	[ "$seen" = 0 ]
	echo "rekeys: $(( $(value $transport/rekeys) - rekeys ))"
	[ "$(value $transport/rekeys)" -gt "$rekeys" ]
	hivectl status | grep -E '^rekeys +[1-9]'
	rekeys=$(value $transport/rekeys)
	pages_echo
	echo "rekeys during the pages: $(( $(value $transport/rekeys) - rekeys ))"
	[ "$(value $transport/rekeys)" -gt "$rekeys" ]
fi
barrier encrypted

# Node 2 alone turns encryption off and makes new connections: node 1
# dials it, and it dials node 3.
if [ "$HIVE_NODE" = 2 ]; then
	encryption_off
	hivectl reconnect 3
fi
barrier node2-off
[ "$HIVE_NODE" != 1 ] || hivectl reconnect 2
case "$HIVE_NODE" in
1)
	wait_for 120 "node 2's connection refused" refused_protection
	dmesg | grep -a "hive: node 2 has encryption off and this node on: connection refused"
	;;
2)
	wait_for 120 "node 1's connection refused" refused_protection
	wait_for 60 "the sentence in the log" eval \
		'dmesg | grep -aq "hive: node 1 has encryption on and this node off: connection refused"'
	;;
esac
hivectl status | grep -E '^refused protection'
barrier refused

# Every node off: the connections come back, in the clear.
[ "$HIVE_NODE" = 2 ] || encryption_off
barrier all-off
[ "$HIVE_NODE" != 1 ] || hivectl reconnect 3
wait_peers_up "$HIVE_NODES" 300
if [ "$HIVE_NODE" = 1 ]; then
	send_pattern
	seen=$(pieces_seen)
	echo "not encrypted: $seen of $pieces pieces of the pattern on the wire"
	[ "$seen" -ge $((pieces * 3 / 4)) ]
	pages_echo
fi
barrier done
end_cluster
