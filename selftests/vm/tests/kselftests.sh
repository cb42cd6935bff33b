#!/bin/bash
# Runs every hive kselftest binary on this node, each one's TAP output saved
# as $HIVE_RESULTS/<test>.tap.  Fails if any test binary fails.
set -u
status=0
for t in "$HIVE_BUILD"/selftests/*_test; do
	name=$(basename "$t")
	echo "# running $name"
	"$t" > "$HIVE_RESULTS/$name.tap" 2>&1
	rc=$?
	cat "$HIVE_RESULTS/$name.tap"
	[ $rc = 0 ] || { echo "# $name failed with status $rc"; status=1; }
done
exit $status
