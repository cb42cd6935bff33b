# poll_nap TRY: the pause after the TRY-th (from 0) failed try of a wait:
# 0.05 s, doubling to 1 s from the sixth on.  A short wait ends within a
# few tenths of a second; a long one costs the waiting node little: a
# debug guest reading the results share (9p) five times a second was busy
# 14 % of the time doing it.  Sourced, never run, by lib/cluster.sh and
# guest-init, each of which defines nap SECONDS.
poll_nap() {
	local pauses=(0.05 0.1 0.2 0.4 0.8 1)
	nap "${pauses[$(($1 < 5 ? $1 : 5))]}"
}
