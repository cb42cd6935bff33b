// SPDX-License-Identifier: GPL-2.0
/*
 * The migration stream's records and the order a receiver holds them to.
 * Layouts and rules: include/hive/migrate.h, Documentation/migration.rst.
 *
 * Each record type's fixed fields are a Layout (payload.hpp) over its
 * member of struct hive_mig_record; tail_len() says how many bytes follow
 * them, copied_ok() and entries_ok() check those bytes (NoTail).  One encoder and one decoder
 * serve every type through RecordCodec, so the rules of the fixed fields,
 * the tail and the lengths are applied identically on both sides.
 */
#include "hive/core.h"
#include "hive/migrate.h"
#include "hive/process.h"
#include "migrate_signal.hpp"
#include "payload.hpp"

using hive::migrate::sig_bit;
using hive::migrate::SiginfoLayout;
using hive::migrate::sigkill;
using hive::migrate::sigstop;
using hive::migrate::unblockable;
using hive::wire::ByteReader;
using hive::wire::ByteWriter;
using hive::wire::nul_padded;
using hive::wire::payload_layout_exact;

namespace {

// SA_NOCLDSTOP, SA_NOCLDWAIT, SA_SIGINFO, SA_UNSUPPORTED,
// SA_EXPOSE_TAGBITS, SA_RESTORER, SA_ONSTACK, SA_RESTART, SA_NODEFER,
// SA_RESETHAND
constexpr uint64_t sa_flags_known = 0xdc000c07ull;
constexpr uint64_t sa_restorer = 0x04000000ull;
constexpr uint64_t robust_head_len = 24;	// struct robust_list_head
constexpr uint64_t dsm_index_limit = 1ull << 52;
constexpr uint32_t invalid_id = 0xffffffffu;	// INVALID_UID, INVALID_GID
constexpr uint64_t ktime_limit = 1ull << 63;

constexpr bool user_addr(uint64_t a)
{
	return a < HIVE_MIG_USER_END;
}

// [start, start + len) lies in user space.
constexpr bool user_range(uint64_t start, uint64_t len)
{
	return len <= HIVE_MIG_USER_END && start <= HIVE_MIG_USER_END - len;
}

bool node_ok(uint16_t node)
{
	return hive_core_check_node_id(node) == 0;
}

constexpr bool pid_ok(uint32_t pid)
{
	return pid != 0 && pid < HIVE_PID_LIMIT;
}

constexpr bool page_aligned(uint64_t a)
{
	return a % HIVE_MIG_PAGE_SIZE == 0;
}

constexpr bool subset(uint64_t a, uint64_t b)
{
	return (a & ~b) == 0;
}

// 0, or a selector with the user's privilege level.
constexpr bool user_selector(uint64_t sel)
{
	return sel == 0 || (sel <= 0xffff && (sel & 3) == 3);
}

// An absolute path of @len bytes without a NUL.
constexpr bool path_ok(const uint8_t *t, size_t len)
{
	if (len == 0 || t[0] != '/')
		return false;
	for (size_t i = 0; i < len; i++)
		if (t[i] == 0)
			return false;
	return true;
}

// What a record type without some part of a tail has: nothing there.
// The Layouts below hide what they do have.
struct NoTail {
	template <typename M> static constexpr size_t tail_len(const M &) { return 0; }
	// The path or XSAVE state hive_mig_encode() copies: its length and
	// rule.
	template <typename M> static constexpr size_t copied_len(const M &) { return 0; }
	template <typename M>
	[[nodiscard]] static constexpr bool copied_ok(const M &, const uint8_t *) { return true; }
	// The groups or queued signals after it, which the encoder leaves to
	// hive_mig_put_group() and hive_mig_put_siginfo(): the decoder's rule.
	template <typename M>
	[[nodiscard]] static bool entries_ok(const M &, const uint8_t *) { return true; }
};

struct BeginLayout : NoTail {
	using Msg = hive_mig_begin;
	static constexpr size_t len = HIVE_MIG_BEGIN_LEN;

	static Msg &of(hive_mig_record &r) { return r.begin; }
	static const Msg &of(const hive_mig_record &r) { return r.begin; }

	static constexpr void put(ByteWriter &w, const Msg &m)
	{
		w.put<uint32_t>(m.pid);
		w.put<uint16_t>(m.home);
		w.put<uint16_t>(m.source);
		w.put<uint16_t>(m.target);
		w.put<uint16_t>(m.nfiles);
		w.put<uint32_t>(m.nthreads);
		w.put<uint32_t>(m.nvmas);
		w.put<uint32_t>(m.ngroups);
		w.put<uint32_t>(m.flags);
		for (uint32_t id : m.uid)
			w.put<uint32_t>(id);
		for (uint32_t id : m.gid)
			w.put<uint32_t>(id);
		w.put<uint32_t>(m.securebits);
		w.put<uint32_t>(m.umask);
		w.put<uint32_t>(m.personality);
		w.put<uint32_t>(m.exit_signal);
		w.put<uint32_t>(m.ppid);
		w.put<uint64_t>(m.cap_inheritable);
		w.put<uint64_t>(m.cap_permitted);
		w.put<uint64_t>(m.cap_effective);
		w.put<uint64_t>(m.cap_bset);
		w.put<uint64_t>(m.cap_ambient);
		w.put_bytes(m.comm);
		for (const hive_mig_rlimit &l : m.rlim) {
			w.put<uint64_t>(l.cur);
			w.put<uint64_t>(l.max);
		}
		w.put<uint64_t>(m.monotonic_ns);
		w.put<uint64_t>(m.boottime_ns);
	}

	[[nodiscard]] static constexpr bool get(ByteReader &r, Msg &m)
	{
		m.pid = r.get<uint32_t>();
		m.home = r.get<uint16_t>();
		m.source = r.get<uint16_t>();
		m.target = r.get<uint16_t>();
		m.nfiles = r.get<uint16_t>();
		m.nthreads = r.get<uint32_t>();
		m.nvmas = r.get<uint32_t>();
		m.ngroups = r.get<uint32_t>();
		m.flags = r.get<uint32_t>();
		for (uint32_t &id : m.uid)
			id = r.get<uint32_t>();
		for (uint32_t &id : m.gid)
			id = r.get<uint32_t>();
		m.securebits = r.get<uint32_t>();
		m.umask = r.get<uint32_t>();
		m.personality = r.get<uint32_t>();
		m.exit_signal = r.get<uint32_t>();
		m.ppid = r.get<uint32_t>();
		m.cap_inheritable = r.get<uint64_t>();
		m.cap_permitted = r.get<uint64_t>();
		m.cap_effective = r.get<uint64_t>();
		m.cap_bset = r.get<uint64_t>();
		m.cap_ambient = r.get<uint64_t>();
		r.get_bytes(m.comm);
		for (hive_mig_rlimit &l : m.rlim) {
			l.cur = r.get<uint64_t>();
			l.max = r.get<uint64_t>();
		}
		m.monotonic_ns = r.get<uint64_t>();
		m.boottime_ns = r.get<uint64_t>();
		return true;
	}

	[[nodiscard]] static constexpr bool ids_ok(const uint32_t (&ids)[4])
	{
		for (uint32_t id : ids)
			if (id == invalid_id)
				return false;
		return true;
	}

	[[nodiscard]] static bool valid(const Msg &m)
	{
		const uint64_t caps[] = { m.cap_inheritable, m.cap_permitted,
					  m.cap_effective, m.cap_bset, m.cap_ambient };

		if (!pid_ok(m.pid) || !node_ok(m.home) || !node_ok(m.source) ||
		    !node_ok(m.target) || m.source == m.target)
			return false;
		if (m.nthreads < 1 || m.nthreads > HIVE_MIG_THREADS_MAX ||
		    m.nvmas > HIVE_MIG_VMAS_MAX || m.ngroups > HIVE_MIG_GROUPS_MAX ||
		    m.nfiles > HIVE_MIG_FILES_MAX ||
		    !subset(m.flags, HIVE_MIG_BEGIN_FLAGS))
			return false;
		if (!ids_ok(m.uid) || !ids_ok(m.gid) || m.securebits > 0xff)
			return false;
		for (uint64_t c : caps)
			if (!subset(c, HIVE_MIG_CAP_MASK))
				return false;
		if (!subset(m.cap_effective, m.cap_permitted) ||
		    !subset(m.cap_ambient, m.cap_permitted & m.cap_inheritable))
			return false;
		if (m.umask > 0777 || (m.personality & 0xff) != 0 ||
		    m.exit_signal > HIVE_MIG_NSIG || (m.ppid && !pid_ok(m.ppid)) ||
		    !nul_padded(m.comm))
			return false;
		for (const hive_mig_rlimit &l : m.rlim)
			if (l.cur > l.max)
				return false;
		// The kernel's clocks are signed 64-bit nanoseconds.
		return m.monotonic_ns < ktime_limit && m.boottime_ns < ktime_limit;
	}

	static constexpr size_t tail_len(const Msg &m) { return size_t(m.ngroups) * 4; }

	// Supplementary groups as the kernel keeps them: sorted, none invalid.
	[[nodiscard]] static bool entries_ok(const Msg &m, const uint8_t *t)
	{
		ByteReader r(t, tail_len(m));
		uint32_t prev = 0;

		for (uint32_t i = 0; i < m.ngroups; i++) {
			uint32_t g = r.get<uint32_t>();

			if (g == invalid_id || g < prev)
				return false;
			prev = g;
		}
		return r.ok();
	}
};

struct MmLayout : NoTail {
	using Msg = hive_mig_mm;
	static constexpr size_t len = HIVE_MIG_MM_LEN;

	static Msg &of(hive_mig_record &r) { return r.mm; }
	static const Msg &of(const hive_mig_record &r) { return r.mm; }

	static constexpr void put(ByteWriter &w, const Msg &m)
	{
		const uint64_t fields[] = { m.start_code, m.end_code, m.start_data,
					    m.end_data, m.start_brk, m.brk, m.start_stack,
					    m.arg_start, m.arg_end, m.env_start, m.env_end };

		for (uint64_t v : fields)
			w.put<uint64_t>(v);
		for (uint64_t v : m.auxv)
			w.put<uint64_t>(v);
	}

	[[nodiscard]] static constexpr bool get(ByteReader &r, Msg &m)
	{
		uint64_t *const fields[] = { &m.start_code, &m.end_code, &m.start_data,
					     &m.end_data, &m.start_brk, &m.brk, &m.start_stack,
					     &m.arg_start, &m.arg_end, &m.env_start, &m.env_end };

		for (uint64_t *v : fields)
			*v = r.get<uint64_t>();
		for (uint64_t &v : m.auxv)
			v = r.get<uint64_t>();
		return true;
	}

	// Pairs up to an AT_NULL pair, zeros after it.
	[[nodiscard]] static constexpr bool auxv_ok(const uint64_t (&auxv)[HIVE_MIG_AUXV_WORDS])
	{
		size_t i = 0;

		while (i < HIVE_MIG_AUXV_WORDS && auxv[i] != 0)
			i += 2;
		if (i >= HIVE_MIG_AUXV_WORDS)
			return false;
		for (; i < HIVE_MIG_AUXV_WORDS; i++)
			if (auxv[i])
				return false;
		return true;
	}

	[[nodiscard]] static constexpr bool valid(const Msg &m)
	{
		const uint64_t pairs[][2] = {
			{ m.start_code, m.end_code }, { m.start_data, m.end_data },
			{ m.start_brk, m.brk }, { m.arg_start, m.arg_end },
			{ m.env_start, m.env_end },
		};

		for (const auto &p : pairs)
			if (p[0] > p[1] || !user_addr(p[1]))
				return false;
		return user_addr(m.start_stack) && auxv_ok(m.auxv);
	}
};

struct VmaLayout : NoTail {
	using Msg = hive_mig_vma;
	static constexpr size_t len = HIVE_MIG_VMA_LEN;

	static Msg &of(hive_mig_record &r) { return r.vma; }
	static const Msg &of(const hive_mig_record &r) { return r.vma; }

	static constexpr void put(ByteWriter &w, const Msg &m)
	{
		w.put<uint64_t>(m.start);
		w.put<uint64_t>(m.end);
		w.put<uint64_t>(m.pgoff);
		w.put<uint32_t>(m.region);
		w.put<uint8_t>(m.kind);
		w.put<uint8_t>(m.prot);
		w.put<uint8_t>(m.flags);
		w.put<uint8_t>(0);
		w.put<uint16_t>(m.path_len);
		w.put<uint16_t>(0);
		w.put<uint32_t>(0);
		w.put<uint64_t>(m.dev);
		w.put<uint64_t>(m.ino);
		w.put<uint64_t>(m.size);
		w.put<uint64_t>(m.mtime_ns);
	}

	[[nodiscard]] static constexpr bool get(ByteReader &r, Msg &m)
	{
		m.start = r.get<uint64_t>();
		m.end = r.get<uint64_t>();
		m.pgoff = r.get<uint64_t>();
		m.region = r.get<uint32_t>();
		m.kind = r.get<uint8_t>();
		m.prot = r.get<uint8_t>();
		m.flags = r.get<uint8_t>();
		bool reserved_ok = r.get<uint8_t>() == 0;
		m.path_len = r.get<uint16_t>();
		reserved_ok = (r.get<uint16_t>() == 0) && reserved_ok;
		reserved_ok = (r.get<uint32_t>() == 0) && reserved_ok;
		m.dev = r.get<uint64_t>();
		m.ino = r.get<uint64_t>();
		m.size = r.get<uint64_t>();
		m.mtime_ns = r.get<uint64_t>();
		return reserved_ok;
	}

	[[nodiscard]] static constexpr bool valid(const Msg &m)
	{
		const bool file = m.kind == HIVE_MIG_VMA_FILE;
		const bool vdso = m.kind == HIVE_MIG_VMA_VDSO || m.kind == HIVE_MIG_VMA_VVAR;
		const bool identity = m.dev || m.ino || m.size || m.mtime_ns;

		if (m.start >= m.end || !page_aligned(m.start) || !page_aligned(m.end) ||
		    m.end > HIVE_MIG_USER_END)
			return false;
		const uint64_t pages = (m.end - m.start) / HIVE_MIG_PAGE_SIZE;
		if (m.pgoff >= dsm_index_limit || pages > dsm_index_limit - m.pgoff)
			return false;
		if (m.region == 0 || m.kind < HIVE_MIG_VMA_ANON ||
		    m.kind >= __HIVE_MIG_VMA_KIND_COUNT ||
		    !subset(m.prot, HIVE_MIG_VMA_PROT) || !subset(m.flags, HIVE_MIG_VMA_FLAGS))
			return false;
		// A file is shared only read-only: opened so, it never takes a write.
		if (file)
			return (m.flags == 0 || (m.flags == HIVE_MIG_VMA_SHARED &&
						 !(m.prot & HIVE_MIG_VMA_WRITE))) &&
			       m.path_len >= 1 && m.path_len <= HIVE_MIG_PATH_MAX;
		if (m.path_len != 0 || identity)
			return false;
		if (vdso)
			return m.flags == 0 && !(m.prot & HIVE_MIG_VMA_WRITE);
		// Anonymous: a stack grows down in private memory only.
		return m.flags != (HIVE_MIG_VMA_SHARED | HIVE_MIG_VMA_GROWSDOWN);
	}

	static constexpr size_t tail_len(const Msg &m) { return m.path_len; }

	[[nodiscard]] static constexpr bool copied_ok(const Msg &m, const uint8_t *t)
	{
		return m.path_len == 0 || path_ok(t, m.path_len);
	}

	static constexpr size_t copied_len(const Msg &m) { return m.path_len; }
};

struct FileLayout : NoTail {
	using Msg = hive_mig_file;
	static constexpr size_t len = HIVE_MIG_FILE_LEN;

	static Msg &of(hive_mig_record &r) { return r.file; }
	static const Msg &of(const hive_mig_record &r) { return r.file; }

	static constexpr void put(ByteWriter &w, const Msg &m)
	{
		w.put<uint32_t>(m.fd);
		w.put<uint8_t>(m.kind);
		w.put<uint8_t>(m.fd_flags);
		w.put<uint16_t>(m.path_len);
		w.put<uint32_t>(m.flags);
		w.put<uint32_t>(m.server);
		w.put<uint64_t>(m.pos);
		w.put<uint64_t>(m.dev);
		w.put<uint64_t>(m.ino);
		w.put<uint64_t>(m.size);
		w.put<uint64_t>(m.mtime_ns);
	}

	[[nodiscard]] static constexpr bool get(ByteReader &r, Msg &m)
	{
		m.fd = r.get<uint32_t>();
		m.kind = r.get<uint8_t>();
		m.fd_flags = r.get<uint8_t>();
		m.path_len = r.get<uint16_t>();
		m.flags = r.get<uint32_t>();
		m.server = r.get<uint32_t>();
		m.pos = r.get<uint64_t>();
		m.dev = r.get<uint64_t>();
		m.ino = r.get<uint64_t>();
		m.size = r.get<uint64_t>();
		m.mtime_ns = r.get<uint64_t>();
		return true;
	}

	[[nodiscard]] static constexpr bool valid(const Msg &m)
	{
		const bool fwd = m.kind == HIVE_MIG_FILE_FWD;

		if ((fwd ? m.path_len != 0 : m.path_len < 1 || m.path_len > HIVE_MIG_PATH_MAX) ||
		    !subset(m.fd_flags, HIVE_MIG_FD_CLOEXEC))
			return false;
		if (fwd ? hive_core_check_node_id(m.server) != 0 : m.server != 0)
			return false;
		switch (m.kind) {
		case HIVE_MIG_FILE_CWD:
			return m.fd == 0 && m.fd_flags == 0 && m.flags == 0 && m.pos == 0 &&
			       !(m.dev || m.ino || m.size || m.mtime_ns);
		case HIVE_MIG_FILE_REG:
		case HIVE_MIG_FILE_CHR:
		case HIVE_MIG_FILE_FWD:
			if (!subset(m.flags, HIVE_MIG_FILE_OFLAGS) ||
			    (m.flags & HIVE_MIG_FILE_ACCMODE) == HIVE_MIG_FILE_ACCMODE)
				return false;
			if (m.kind == HIVE_MIG_FILE_REG)
				return true;
			// A device has its number alone, a forwarded descriptor
			// what it is and its handle: a position means nothing.
			if (m.pos || m.size || m.mtime_ns)
				return false;
			return m.kind == HIVE_MIG_FILE_CHR ? m.dev && !m.ino :
			       m.dev >= 1 && m.dev < __HIVE_MIG_FWD_TYPE_COUNT && m.ino;
		default:
			return false;
		}
	}

	static constexpr size_t tail_len(const Msg &m) { return m.path_len; }

	[[nodiscard]] static constexpr bool copied_ok(const Msg &m, const uint8_t *t)
	{
		return m.kind == HIVE_MIG_FILE_FWD || path_ok(t, m.path_len);
	}

	static constexpr size_t copied_len(const Msg &m) { return m.path_len; }
};

struct SignalsLayout : NoTail {
	using Msg = hive_mig_signals;
	static constexpr size_t len = HIVE_MIG_SIGNALS_LEN;

	static Msg &of(hive_mig_record &r) { return r.signals; }
	static const Msg &of(const hive_mig_record &r) { return r.signals; }

	static constexpr void put(ByteWriter &w, const Msg &m)
	{
		for (const hive_mig_sigaction &a : m.action) {
			w.put<uint64_t>(a.handler);
			w.put<uint64_t>(a.flags);
			w.put<uint64_t>(a.restorer);
			w.put<uint64_t>(a.mask);
		}
		w.put<uint64_t>(m.pending);
		w.put<uint32_t>(m.npending);
		w.put<uint32_t>(0);
	}

	[[nodiscard]] static constexpr bool get(ByteReader &r, Msg &m)
	{
		for (hive_mig_sigaction &a : m.action) {
			a.handler = r.get<uint64_t>();
			a.flags = r.get<uint64_t>();
			a.restorer = r.get<uint64_t>();
			a.mask = r.get<uint64_t>();
		}
		m.pending = r.get<uint64_t>();
		m.npending = r.get<uint32_t>();
		return r.get<uint32_t>() == 0;
	}

	[[nodiscard]] static constexpr bool action_ok(const hive_mig_sigaction &a,
						      unsigned int sig)
	{
		if (sig == sigkill || sig == sigstop)
			return !a.handler && !a.flags && !a.restorer && !a.mask;
		if (!user_addr(a.handler) || !subset(a.flags, sa_flags_known) ||
		    !user_addr(a.restorer) || (a.mask & unblockable))
			return false;
		return a.restorer == 0 || (a.flags & sa_restorer);
	}

	[[nodiscard]] static constexpr bool valid(const Msg &m)
	{
		for (unsigned int sig = 1; sig <= HIVE_MIG_NSIG; sig++)
			if (!action_ok(m.action[sig - 1], sig))
				return false;
		return m.npending <= HIVE_MIG_PENDING_MAX;
	}

	static constexpr size_t tail_len(const Msg &m)
	{
		return size_t(m.npending) * HIVE_MIG_SIGINFO_LEN;
	}

	[[nodiscard]] static bool entries_ok(const Msg &m, const uint8_t *t)
	{
		return SiginfoLayout::all_ok(t, m.npending, m.pending);
	}

	static constexpr size_t pending_off(const Msg &) { return 0; }
	static constexpr uint32_t npending(const Msg &m) { return m.npending; }
};

struct ThreadLayout : NoTail {
	using Msg = hive_mig_thread;
	static constexpr size_t len = HIVE_MIG_THREAD_LEN;

	static Msg &of(hive_mig_record &r) { return r.thread; }
	static const Msg &of(const hive_mig_record &r) { return r.thread; }

	static constexpr void put(ByteWriter &w, const Msg &m)
	{
		w.put<uint32_t>(m.tid);
		w.put<uint32_t>(0);
		for (uint64_t v : m.regs)
			w.put<uint64_t>(v);
		w.put<uint64_t>(m.blocked);
		w.put<uint64_t>(m.pending);
		w.put<uint64_t>(m.sas_sp);
		w.put<uint64_t>(m.sas_size);
		w.put<uint32_t>(m.sas_flags);
		w.put<uint32_t>(m.policy);
		w.put<uint32_t>(uint32_t(m.nice));
		w.put<uint32_t>(m.rt_priority);
		w.put<uint64_t>(m.clear_child_tid);
		w.put<uint64_t>(m.robust_list);
		w.put<uint64_t>(m.robust_len);
		w.put<uint32_t>(m.xstate_len);
		w.put<uint32_t>(m.npending);
		w.put_bytes(m.comm);
	}

	[[nodiscard]] static constexpr bool get(ByteReader &r, Msg &m)
	{
		m.tid = r.get<uint32_t>();
		bool reserved_ok = r.get<uint32_t>() == 0;
		for (uint64_t &v : m.regs)
			v = r.get<uint64_t>();
		m.blocked = r.get<uint64_t>();
		m.pending = r.get<uint64_t>();
		m.sas_sp = r.get<uint64_t>();
		m.sas_size = r.get<uint64_t>();
		m.sas_flags = r.get<uint32_t>();
		m.policy = r.get<uint32_t>();
		m.nice = int32_t(r.get<uint32_t>());
		m.rt_priority = r.get<uint32_t>();
		m.clear_child_tid = r.get<uint64_t>();
		m.robust_list = r.get<uint64_t>();
		m.robust_len = r.get<uint64_t>();
		m.xstate_len = r.get<uint32_t>();
		m.npending = r.get<uint32_t>();
		r.get_bytes(m.comm);
		return reserved_ok;
	}

	[[nodiscard]] static constexpr bool regs_ok(const uint64_t (&regs)[HIVE_MIG_NREGS])
	{
		const uint64_t flags = regs[HIVE_MIG_FLAGS];

		return regs[HIVE_MIG_CS] == HIVE_MIG_USER_CS &&
		       regs[HIVE_MIG_SS] == HIVE_MIG_USER_DS &&
		       user_selector(regs[HIVE_MIG_DS]) && user_selector(regs[HIVE_MIG_ES]) &&
		       user_selector(regs[HIVE_MIG_FS]) && user_selector(regs[HIVE_MIG_GS]) &&
		       user_addr(regs[HIVE_MIG_IP]) && user_addr(regs[HIVE_MIG_FS_BASE]) &&
		       user_addr(regs[HIVE_MIG_GS_BASE]) &&
		       subset(flags, HIVE_MIG_USER_RFLAGS) &&
		       (flags & HIVE_MIG_RFLAGS_FIXED) == HIVE_MIG_RFLAGS_FIXED;
	}

	[[nodiscard]] static constexpr bool sched_ok(const Msg &m)
	{
		const bool rt = m.policy == HIVE_MIG_SCHED_FIFO || m.policy == HIVE_MIG_SCHED_RR;

		if (!rt && m.policy != HIVE_MIG_SCHED_NORMAL &&
		    m.policy != HIVE_MIG_SCHED_BATCH && m.policy != HIVE_MIG_SCHED_IDLE)
			return false;
		if (m.nice < -20 || m.nice > 19)
			return false;
		return rt ? m.rt_priority >= 1 && m.rt_priority <= 99 : m.rt_priority == 0;
	}

	[[nodiscard]] static constexpr bool valid(const Msg &m)
	{
		return pid_ok(m.tid) && regs_ok(m.regs) && !(m.blocked & unblockable) &&
		       subset(m.sas_flags, HIVE_MIG_SS_DISABLE | HIVE_MIG_SS_AUTODISARM) &&
		       user_range(m.sas_sp, m.sas_size) &&
		       user_addr(m.clear_child_tid) && user_addr(m.robust_list) &&
		       (m.robust_len == 0 || m.robust_len == robust_head_len) &&
		       sched_ok(m) &&
		       m.xstate_len >= HIVE_MIG_XSTATE_MIN &&
		       m.xstate_len <= HIVE_MIG_XSTATE_MAX &&
		       m.xstate_len % HIVE_MIG_XSTATE_ALIGN == 0 &&
		       m.npending <= HIVE_MIG_PENDING_MAX && nul_padded(m.comm);
	}

	static constexpr size_t tail_len(const Msg &m)
	{
		return m.xstate_len + size_t(m.npending) * HIVE_MIG_SIGINFO_LEN;
	}

	[[nodiscard]] static bool entries_ok(const Msg &m, const uint8_t *t)
	{
		return SiginfoLayout::all_ok(t, m.npending, m.pending);
	}

	static constexpr size_t copied_len(const Msg &m) { return m.xstate_len; }
	static constexpr size_t pending_off(const Msg &m) { return m.xstate_len; }
	static constexpr uint32_t npending(const Msg &m) { return m.npending; }
};

// END: the head alone.
struct EndLayout : NoTail {
	struct Msg {};
	static constexpr size_t len = 0;

	static constexpr Msg of(const hive_mig_record &) { return {}; }
	static constexpr void put(ByteWriter &, const Msg &) {}
	[[nodiscard]] static constexpr bool get(ByteReader &, Msg &) { return true; }
	[[nodiscard]] static constexpr bool valid(const Msg &) { return true; }
};

static_assert(payload_layout_exact<BeginLayout>());
static_assert(payload_layout_exact<MmLayout>());
static_assert(payload_layout_exact<VmaLayout>());
static_assert(payload_layout_exact<FileLayout>());
static_assert(payload_layout_exact<SiginfoLayout>());
static_assert(payload_layout_exact<SignalsLayout>());
static_assert(payload_layout_exact<ThreadLayout>());

// The largest record of each type fits one RPC body.
static_assert(HIVE_WIRE_RPC_LEN + HIVE_MIG_HEAD_LEN + HIVE_MIG_BEGIN_LEN +
	      4 * HIVE_MIG_GROUPS_MAX <= HIVE_WIRE_PAYLOAD_MAX);
static_assert(HIVE_WIRE_RPC_LEN + HIVE_MIG_HEAD_LEN + HIVE_MIG_VMA_LEN +
	      HIVE_MIG_PATH_MAX <= HIVE_WIRE_PAYLOAD_MAX);
static_assert(HIVE_WIRE_RPC_LEN + HIVE_MIG_HEAD_LEN + HIVE_MIG_FILE_LEN +
	      HIVE_MIG_PATH_MAX <= HIVE_WIRE_PAYLOAD_MAX);
static_assert(HIVE_WIRE_RPC_LEN + HIVE_MIG_HEAD_LEN + HIVE_MIG_SIGNALS_LEN +
	      HIVE_MIG_SIGINFO_LEN * HIVE_MIG_PENDING_MAX <= HIVE_WIRE_PAYLOAD_MAX);
static_assert(HIVE_WIRE_RPC_LEN + HIVE_MIG_HEAD_LEN + HIVE_MIG_THREAD_LEN +
	      HIVE_MIG_XSTATE_MAX + HIVE_MIG_SIGINFO_LEN * HIVE_MIG_PENDING_MAX <=
	      HIVE_WIRE_PAYLOAD_MAX);

[[nodiscard]] constexpr bool head_ok(const hive_mig_head &h)
{
	return h.migration != 0 && h.type >= HIVE_MIG_BEGIN && h.type < __HIVE_MIG_TYPE_COUNT;
}

// Encoding and decoding of one record type.
template <typename L> struct RecordCodec {
	// Bytes of the whole record, or 0 for one the rules refuse.
	static size_t length(const hive_mig_record &rec)
	{
		auto &&m = L::of(rec);

		if (!L::valid(m))
			return 0;
		return HIVE_MIG_HEAD_LEN + L::len + L::tail_len(m);
	}

	static int encode(const hive_mig_record &rec, uint8_t *buf, size_t len)
	{
		auto &&m = L::of(rec);
		const size_t total = length(rec);
		const size_t copied = total ? L::copied_len(m) : 0;

		if (!total || rec.tail_len != copied || (copied && !rec.tail) ||
		    (copied && !L::copied_ok(m, rec.tail)))
			return -hive::err::inval;
		if (len < total)
			return -hive::err::nospc;

		ByteWriter w(buf, len);
		w.put<uint64_t>(rec.head.migration);
		w.put<uint32_t>(rec.head.seq);
		w.put<uint16_t>(rec.head.type);
		w.put<uint16_t>(0);
		L::put(w, m);
		uint8_t *tail = buf + HIVE_MIG_HEAD_LEN + L::len;
		for (size_t i = 0; i < total - HIVE_MIG_HEAD_LEN - L::len; i++)
			tail[i] = i < copied ? rec.tail[i] : 0;
		return w.ok() ? int(total) : -hive::err::nospc;
	}

	static int decode(ByteReader &r, const uint8_t *buf, size_t len, hive_mig_record &rec)
	{
		auto &&m = L::of(rec);
		const bool reserved_ok = L::get(r, m);

		if (!r.ok())
			return -hive::err::again;
		if (!reserved_ok || !L::valid(m))
			return -hive::err::badmsg;
		const size_t total = HIVE_MIG_HEAD_LEN + L::len + L::tail_len(m);
		if (len < total)
			return -hive::err::again;
		if (len > total)
			return -hive::err::badmsg;
		const uint8_t *tail = buf + HIVE_MIG_HEAD_LEN + L::len;
		if (!L::copied_ok(m, tail) || !L::entries_ok(m, tail + L::copied_len(m)))
			return -hive::err::badmsg;
		rec.tail = total > HIVE_MIG_HEAD_LEN + L::len ? tail : nullptr;
		rec.tail_len = total - HIVE_MIG_HEAD_LEN - L::len;
		return 0;
	}
};

// Calls @f with the RecordCodec of @type; @fallback for an unknown type.
template <typename F> int with_codec(uint16_t type, int fallback, F f)
{
	switch (type) {
	case HIVE_MIG_BEGIN:
		return f(RecordCodec<BeginLayout>{});
	case HIVE_MIG_MM:
		return f(RecordCodec<MmLayout>{});
	case HIVE_MIG_VMA:
		return f(RecordCodec<VmaLayout>{});
	case HIVE_MIG_FILE:
		return f(RecordCodec<FileLayout>{});
	case HIVE_MIG_SIGNALS:
		return f(RecordCodec<SignalsLayout>{});
	case HIVE_MIG_THREAD:
		return f(RecordCodec<ThreadLayout>{});
	case HIVE_MIG_END:
		return f(RecordCodec<EndLayout>{});
	default:
		return fallback;
	}
}

// Where queued signal @i lies in a record's tail; false if it has none.
bool siginfo_at(const hive_mig_record &rec, uint32_t i, size_t *off)
{
	auto at = [&](auto layout, const auto &m) {
		if (i >= decltype(layout)::npending(m))
			return false;
		*off = decltype(layout)::pending_off(m) + size_t(i) * HIVE_MIG_SIGINFO_LEN;
		return true;
	};

	if (rec.head.type == HIVE_MIG_SIGNALS)
		return at(SignalsLayout{}, rec.signals);
	if (rec.head.type == HIVE_MIG_THREAD)
		return at(ThreadLayout{}, rec.thread);
	return false;
}

// The place of @n bytes at @off in @rec's tail, in an encoding of @rec
// at @buf of @len bytes; NULL if the record is not one
// hive_mig_encode() writes or @len is not its length.
template <typename L>
uint8_t *tail_entry(const hive_mig_record &rec, uint8_t *buf, size_t len, size_t off, size_t n)
{
	const size_t total = RecordCodec<L>::length(rec);

	if (!head_ok(rec.head) || total != len || off + n > L::tail_len(L::of(rec)))
		return nullptr;
	return buf + HIVE_MIG_HEAD_LEN + L::len + off;
}

} // namespace

extern "C" int hive_mig_record_len(const struct hive_mig_record *rec)
{
	if (!head_ok(rec->head))
		return -hive::err::inval;
	return with_codec(rec->head.type, -hive::err::inval, [&](auto c) {
		size_t n = c.length(*rec);

		return n ? int(n) : -hive::err::inval;
	});
}

extern "C" int hive_mig_encode(const struct hive_mig_record *rec, uint8_t *buf, size_t len)
{
	if (!head_ok(rec->head))
		return -hive::err::inval;
	return with_codec(rec->head.type, -hive::err::inval,
			  [&](auto c) { return c.encode(*rec, buf, len); });
}

extern "C" int hive_mig_decode(const uint8_t *buf, size_t len, struct hive_mig_record *rec)
{
	ByteReader r(buf, len);

	rec->head.migration = r.get<uint64_t>();
	rec->head.seq = r.get<uint32_t>();
	rec->head.type = r.get<uint16_t>();
	const bool reserved_ok = r.get<uint16_t>() == 0;
	if (!r.ok())
		return -hive::err::again;
	if (!reserved_ok || !head_ok(rec->head))
		return -hive::err::badmsg;
	return with_codec(rec->head.type, -hive::err::badmsg,
			  [&](auto c) { return c.decode(r, buf, len, *rec); });
}

extern "C" int hive_mig_put_group(const struct hive_mig_record *rec, uint8_t *buf,
				  size_t len, uint32_t i, uint32_t gid)
{
	uint8_t *at = rec->head.type == HIVE_MIG_BEGIN ?
		tail_entry<BeginLayout>(*rec, buf, len, size_t(i) * 4, 4) : nullptr;

	if (!at)
		return -hive::err::inval;
	ByteWriter w(at, 4);
	w.put<uint32_t>(gid);
	return 0;
}

extern "C" uint32_t hive_mig_get_group(const struct hive_mig_record *rec, uint32_t i)
{
	if (rec->head.type != HIVE_MIG_BEGIN || i >= rec->begin.ngroups)
		return 0;
	ByteReader r(rec->tail + size_t(i) * 4, 4);
	return r.get<uint32_t>();
}

extern "C" int hive_mig_put_siginfo(const struct hive_mig_record *rec, uint8_t *buf,
				    size_t len, uint32_t i, const struct hive_mig_siginfo *si)
{
	uint8_t *at = nullptr;
	size_t off;

	if (SiginfoLayout::valid(*si) && siginfo_at(*rec, i, &off))
		at = rec->head.type == HIVE_MIG_SIGNALS ?
			tail_entry<SignalsLayout>(*rec, buf, len, off, HIVE_MIG_SIGINFO_LEN) :
			tail_entry<ThreadLayout>(*rec, buf, len, off, HIVE_MIG_SIGINFO_LEN);
	if (!at)
		return -hive::err::inval;
	ByteWriter w(at, HIVE_MIG_SIGINFO_LEN);
	SiginfoLayout::put(w, *si);
	return 0;
}

extern "C" int hive_mig_get_siginfo(const struct hive_mig_record *rec, uint32_t i,
				    struct hive_mig_siginfo *si)
{
	size_t off;

	if (!siginfo_at(*rec, i, &off))
		return -hive::err::inval;
	ByteReader r(rec->tail + off, HIVE_MIG_SIGINFO_LEN);
	(void)SiginfoLayout::get(r, *si);
	return 0;
}
