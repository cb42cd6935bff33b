#!/bin/bash
# Runs every hive kselftest binary, each one's TAP output saved as
# $HIVE_RESULTS/<test>.tap.  Fails if any test binary fails.  Each test
# loads and unloads hive.ko on its own node only, so the tests are spread
# over the nodes by their times (debug kernel beside the release suite,
# 7 December: cli 70 s, membership 47, netlink 143, module 130,
# netlink_garbage 41):
# cli_test and membership_test on node 1, netlink_test on node 2, the
# others on node 3, all on node 1 when it is alone.  On the
# debug kernel, the tests that never enter hive.ko (hivectl's and hived's
# checks of their input) skip: the release kernel runs them.
# hive-vm-timeout: release=900 debug=1800
set -u
node_of() {
	local n
	case "$1" in
	cli_test|membership_test) n=1 ;;
	netlink_test) n=2 ;;
	*) n=3 ;;
	esac
	echo $(((n - 1) % HIVE_NODES + 1))
}
status=0
[[ $(uname -r) != *debug* ]] || export HIVE_SELFTEST_KERNEL_ONLY=1
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
