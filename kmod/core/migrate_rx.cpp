// SPDX-License-Identifier: GPL-2.0
/*
 * The order a receiver holds a migration stream to: BEGIN, MM, the VMAs
 * in ascending order, SIGNALS, the threads (the leader first, then
 * ascending TIDs), END, each with the stream's id and the next number.
 * Rules: include/hive/migrate.h, Documentation/migration.rst.
 */
#include "hive/migrate.h"
#include "errno.hpp"

extern "C" void hive_mig_rx_init(struct hive_mig_rx *rx)
{
	*rx = hive_mig_rx{};
	rx->next_type = HIVE_MIG_BEGIN;
}

namespace {

// Whether @rec may come next; advances @rx if so.
bool rx_take(hive_mig_rx &rx, const hive_mig_record &rec)
{
	const uint16_t type = rec.head.type;

	if (rx.failed || rx.next_type == 0 || type != rx.next_type)
		return false;
	if (type == HIVE_MIG_BEGIN) {
		if (rec.head.seq != 0)
			return false;
		rx.migration = rec.head.migration;
		rx.pid = rec.begin.pid;
		rx.vmas_left = rec.begin.nvmas;
		rx.threads_left = rec.begin.nthreads;
		rx.next_type = HIVE_MIG_MM;
	} else if (rec.head.migration != rx.migration || rec.head.seq != rx.next_seq) {
		return false;
	}

	switch (type) {
	case HIVE_MIG_MM:
		rx.next_type = rx.vmas_left ? HIVE_MIG_VMA : HIVE_MIG_SIGNALS;
		break;
	case HIVE_MIG_VMA:
		if (rec.vma.start < rx.vma_end)
			return false;
		rx.vma_end = rec.vma.end;
		if (--rx.vmas_left == 0)
			rx.next_type = HIVE_MIG_SIGNALS;
		break;
	case HIVE_MIG_SIGNALS:
		rx.next_type = HIVE_MIG_THREAD;
		break;
	case HIVE_MIG_THREAD:
		if (!rx.leader_seen) {
			if (rec.thread.tid != rx.pid)
				return false;
			rx.leader_seen = 1;
		} else if (rec.thread.tid == rx.pid || rec.thread.tid <= rx.last_tid) {
			return false;
		} else {
			rx.last_tid = rec.thread.tid;
		}
		if (--rx.threads_left == 0)
			rx.next_type = HIVE_MIG_END;
		break;
	case HIVE_MIG_END:
		rx.next_type = 0;
		break;
	}
	rx.next_seq++;
	return true;
}

} // namespace

extern "C" int hive_mig_rx_step(struct hive_mig_rx *rx, const struct hive_mig_record *rec)
{
	if (rx_take(*rx, *rec))
		return 0;
	rx->failed = 1;
	rx->next_type = 0;
	return -hive::err::proto;
}

extern "C" bool hive_mig_rx_done(const struct hive_mig_rx *rx)
{
	return !rx->failed && rx->next_type == 0;
}
