#!/bin/bash
# Runs every hive kselftest binary on node 1, each one's TAP output saved
# as $HIVE_RESULTS/<test>.tap.  Fails if any test binary fails.  The other
# nodes of a shared cluster have nothing to do: the kselftests load and
# unload hive.ko on their own node only.
# hive-vm-timeout: release=900 debug=1800
set -u
[ "$HIVE_NODE" = 1 ] || exit 0
status=0
for t in "$HIVE_BUILD"/selftests/*_test; do
	name=$(basename "$t")
	echo "# running $name"
	start=$SECONDS
	"$t" > "$HIVE_RESULTS/$name.tap" 2>&1
	rc=$?
	cat "$HIVE_RESULTS/$name.tap"
	echo "# $name took $((SECONDS - start)) s"
	[ $rc = 0 ] || { echo "# $name failed with status $rc"; status=1; }
done
exit $status
