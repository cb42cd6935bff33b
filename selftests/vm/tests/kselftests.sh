#!/bin/bash
# Runs every hive kselftest binary, each one's TAP output saved as
# $HIVE_RESULTS/<test>.tap.  Fails if any test binary fails.  Each test
# loads and unloads hive.ko on its own node only, so the tests are spread
# over the nodes: cli_test on node 1, netlink_test and membership_test on
# node 2, the others on node 3 (159, 143 and 131 s on the debug kernel),
# all on node 1 when it is alone.
# hive-vm-timeout: release=900 debug=1800
set -u
node_of() {
	local n
	case "$1" in
	cli_test) n=1 ;;
	netlink_test|membership_test) n=2 ;;
	*) n=3 ;;
	esac
	echo $(((n - 1) % HIVE_NODES + 1))
}
status=0
for t in "$HIVE_BUILD"/selftests/*_test; do
	name=$(basename "$t")
	[ "$(node_of "$name")" = "$HIVE_NODE" ] || continue
	echo "# running $name"
	start=$SECONDS
	"$t" > "$HIVE_RESULTS/$name.tap" 2>&1
	rc=$?
	cat "$HIVE_RESULTS/$name.tap"
	echo "# $name took $((SECONDS - start)) s"
	[ $rc = 0 ] || { echo "# $name failed with status $rc"; status=1; }
done
exit $status
