// SPDX-License-Identifier: GPL-2.0
/*
 * The messages of a move beside its stream: MIGRATE_PAGES (a range of a
 * mapping and the pages found in it), MIGRATE_EXIT, MIGRATE_ABORT and
 * MIGRATE_SIGNAL.
 * Layouts: include/hive/migrate.h and Documentation/migration.rst.
 */
#include "hive/migrate.h"
#include "migrate_signal.hpp"
#include "payload.hpp"

using hive::wire::ByteReader;
using hive::wire::ByteWriter;
using hive::wire::payload_layout_exact;

namespace {

constexpr bool page_aligned_user(uint64_t a)
{
	return a % HIVE_MIG_PAGE_SIZE == 0 && a <= HIVE_MIG_USER_END;
}

struct PagesReqLayout {
	using Msg = hive_mig_pages_req;
	static constexpr size_t len = HIVE_MIG_PAGES_REQ_LEN;

	static constexpr void put(ByteWriter &w, const Msg &m)
	{
		w.put<uint64_t>(m.migration);
		w.put<uint64_t>(m.start);
		w.put<uint64_t>(m.end);
	}

	[[nodiscard]] static constexpr bool get(ByteReader &r, Msg &m)
	{
		m.migration = r.get<uint64_t>();
		m.start = r.get<uint64_t>();
		m.end = r.get<uint64_t>();
		return true;
	}

	[[nodiscard]] static constexpr bool valid(const Msg &m)
	{
		return m.migration != 0 && page_aligned_user(m.start) &&
		       page_aligned_user(m.end) && m.start < m.end;
	}
};

struct PagesReplyLayout {
	using Msg = hive_mig_pages_reply;
	static constexpr size_t len = HIVE_MIG_PAGES_REPLY_LEN;

	static constexpr void put(ByteWriter &w, const Msg &m)
	{
		w.put<uint64_t>(m.next);
		w.put<uint32_t>(m.npages);
		w.put<uint32_t>(0);
		for (uint64_t a : m.addr)
			w.put<uint64_t>(a);
	}

	[[nodiscard]] static constexpr bool get(ByteReader &r, Msg &m)
	{
		m.next = r.get<uint64_t>();
		m.npages = r.get<uint32_t>();
		const bool reserved_ok = r.get<uint32_t>() == 0;
		for (uint64_t &a : m.addr)
			a = r.get<uint64_t>();
		return reserved_ok;
	}

	[[nodiscard]] static constexpr bool valid(const Msg &m)
	{
		if (!page_aligned_user(m.next) || m.npages > HIVE_MIG_PAGES_MAX)
			return false;
		for (uint32_t i = 0; i < HIVE_MIG_PAGES_MAX; i++) {
			const uint64_t a = m.addr[i];

			if (i >= m.npages ? a != 0 :
			    a % HIVE_MIG_PAGE_SIZE || a >= m.next || (i && a <= m.addr[i - 1]))
				return false;
		}
		return true;
	}
};

struct ExitLayout {
	using Msg = hive_mig_exit;
	static constexpr size_t len = HIVE_MIG_EXIT_LEN;

	static constexpr void put(ByteWriter &w, const Msg &m)
	{
		w.put<uint64_t>(m.migration);
		w.put<uint32_t>(m.status);
		w.put<uint32_t>(0);
	}

	[[nodiscard]] static constexpr bool get(ByteReader &r, Msg &m)
	{
		m.migration = r.get<uint64_t>();
		m.status = r.get<uint32_t>();
		return r.get<uint32_t>() == 0;
	}

	// Exited with a code, or killed by a signal (with or without a core).
	[[nodiscard]] static constexpr bool valid(const Msg &m)
	{
		const uint32_t sig = m.status & 0x7f;

		if (m.migration == 0 || m.status > 0xffff)
			return false;
		return sig == 0 ? (m.status & 0xff) == 0 : sig <= 64 && (m.status >> 8) == 0;
	}
};

struct AbortLayout {
	using Msg = hive_mig_abort;
	static constexpr size_t len = HIVE_MIG_ABORT_LEN;

	static constexpr void put(ByteWriter &w, const Msg &m) { w.put<uint64_t>(m.migration); }

	[[nodiscard]] static constexpr bool get(ByteReader &r, Msg &m)
	{
		m.migration = r.get<uint64_t>();
		return true;
	}

	[[nodiscard]] static constexpr bool valid(const Msg &m) { return m.migration != 0; }
};

struct SignalLayout {
	using Msg = hive_mig_signal;
	using Info = hive::migrate::SiginfoLayout;
	static constexpr size_t len = HIVE_MIG_SIGNAL_LEN;

	static constexpr void put(ByteWriter &w, const Msg &m)
	{
		w.put<uint64_t>(m.migration);
		w.put<uint32_t>(m.flags);
		w.put<uint32_t>(0);
		Info::put(w, m.info);
	}

	[[nodiscard]] static constexpr bool get(ByteReader &r, Msg &m)
	{
		m.migration = r.get<uint64_t>();
		m.flags = r.get<uint32_t>();
		const bool reserved_ok = r.get<uint32_t>() == 0;
		return Info::get(r, m.info) && reserved_ok;
	}

	[[nodiscard]] static constexpr bool valid(const Msg &m)
	{
		return m.migration != 0 && !(m.flags & ~HIVE_MIG_SIGNAL_THREAD) &&
		       Info::valid(m.info) && m.info.signo != hive::migrate::sigkill;
	}
};

static_assert(payload_layout_exact<PagesReqLayout>());
static_assert(payload_layout_exact<PagesReplyLayout>());
static_assert(payload_layout_exact<ExitLayout>());
static_assert(payload_layout_exact<AbortLayout>());
static_assert(payload_layout_exact<SignalLayout>());
static_assert(HIVE_MIG_PAGES_MAX <= HIVE_WIRE_PAGES_MAX);

} // namespace

HIVE_PAYLOAD_C_ABI(hive_mig_pages_req, struct hive_mig_pages_req, PagesReqLayout)
HIVE_PAYLOAD_C_ABI(hive_mig_pages_reply, struct hive_mig_pages_reply, PagesReplyLayout)
HIVE_PAYLOAD_C_ABI(hive_mig_exit, struct hive_mig_exit, ExitLayout)
HIVE_PAYLOAD_C_ABI(hive_mig_abort, struct hive_mig_abort, AbortLayout)
HIVE_PAYLOAD_C_ABI(hive_mig_signal, struct hive_mig_signal, SignalLayout)
