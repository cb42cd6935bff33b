// SPDX-License-Identifier: GPL-2.0
/*
 * The order a receiver holds a migration stream to: BEGIN, MM, the VMAs
 * in ascending order, SIGNALS, the threads (the leader first, then
 * ascending TIDs), END, each with the stream's id and the next number;
 * and how a thread's registers resume in a system call it was stopped in.
 * Rules: include/hive/migrate.h, Documentation/migration.rst.
 */
#include "hive/migrate.h"
#include "errno.hpp"

namespace {

// The kernel's own restart codes (include/linux/errno.h), never seen by
// user space, and EINTR.
constexpr int64_t erestartsys = -512, erestartnointr = -513, erestartnohand = -514;
constexpr int64_t erestart_restartblock = -516;
constexpr int64_t eintr = -4;
constexpr uint64_t syscall_insn_len = 2;	// "syscall", 0f 05
constexpr uint64_t nr_poll = 7;			// x86-64's poll(2)

} // namespace

extern "C" void hive_mig_restart(uint64_t regs[HIVE_MIG_NREGS])
{
	const int64_t ax = int64_t(regs[HIVE_MIG_AX]);

	if (int64_t(regs[HIVE_MIG_ORIG_AX]) < 0)
		return;
	// poll(2) without a timeout keeps a restart block but loses nothing
	// made again, as it goes on after a stop and continue.
	if (ax == erestartsys || ax == erestartnointr || ax == erestartnohand ||
	    (ax == erestart_restartblock && regs[HIVE_MIG_ORIG_AX] == nr_poll &&
	     int32_t(regs[HIVE_MIG_DX]) < 0)) {
		regs[HIVE_MIG_AX] = regs[HIVE_MIG_ORIG_AX];
		regs[HIVE_MIG_IP] -= syscall_insn_len;
	} else if (ax == erestart_restartblock) {
		regs[HIVE_MIG_AX] = uint64_t(eintr);
		regs[HIVE_MIG_ORIG_AX] = uint64_t(-1);
	}
}

extern "C" void hive_mig_rx_init(struct hive_mig_rx *rx)
{
	*rx = hive_mig_rx{};
	rx->next_type = HIVE_MIG_BEGIN;
}

namespace {

uint16_t after_vmas(const hive_mig_rx &rx)
{
	return rx.files_left ? HIVE_MIG_FILE : HIVE_MIG_SIGNALS;
}

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
		rx.files_left = rec.begin.nfiles;
		rx.threads_left = rec.begin.nthreads;
		rx.next_type = HIVE_MIG_MM;
	} else if (rec.head.migration != rx.migration || rec.head.seq != rx.next_seq) {
		return false;
	}

	switch (type) {
	case HIVE_MIG_MM:
		rx.next_type = rx.vmas_left ? uint16_t(HIVE_MIG_VMA) : after_vmas(rx);
		break;
	case HIVE_MIG_VMA:
		if (rec.vma.start < rx.vma_end)
			return false;
		rx.vma_end = rec.vma.end;
		if (--rx.vmas_left == 0)
			rx.next_type = after_vmas(rx);
		break;
	case HIVE_MIG_FILE:
		// The working directory first, then ascending descriptors.
		if (rec.file.kind == HIVE_MIG_FILE_CWD) {
			if (rx.files_seen)
				return false;
		} else if (rec.file.fd < rx.next_fd || rec.file.fd == UINT32_MAX) {
			return false;
		} else {
			rx.next_fd = rec.file.fd + 1;
		}
		rx.files_seen = 1;
		if (--rx.files_left == 0)
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
