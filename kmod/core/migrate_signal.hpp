// SPDX-License-Identifier: GPL-2.0
/*
 * A signal as migration messages carry it: a queued signal of a stream's
 * SIGNALS or THREAD record (migrate.cpp), and the signal a deputy passes
 * on in MIGRATE_SIGNAL (migrate_move.cpp).
 */
#ifndef HIVE_CORE_MIGRATE_SIGNAL_HPP
#define HIVE_CORE_MIGRATE_SIGNAL_HPP

#include "hive/migrate.h"
#include "payload.hpp"

namespace hive::migrate {

constexpr uint64_t sig_bit(unsigned int sig)
{
	return 1ull << (sig - 1);
}

constexpr unsigned int sigkill = 9, sigstop = 19;
constexpr uint64_t unblockable = sig_bit(sigkill) | sig_bit(sigstop);

struct SiginfoLayout {
	using Msg = hive_mig_siginfo;
	static constexpr size_t len = HIVE_MIG_SIGINFO_LEN;

	static constexpr void put(wire::ByteWriter &w, const Msg &m)
	{
		w.put<uint32_t>(m.signo);
		w.put<uint32_t>(uint32_t(m.code));
		w.put<uint32_t>(uint32_t(m.errnum));
		w.put<uint32_t>(0);
		w.put_bytes(m.fields);
	}

	[[nodiscard]] static constexpr bool get(wire::ByteReader &r, Msg &m)
	{
		m.signo = r.get<uint32_t>();
		m.code = int32_t(r.get<uint32_t>());
		m.errnum = int32_t(r.get<uint32_t>());
		bool reserved_ok = r.get<uint32_t>() == 0;
		r.get_bytes(m.fields);
		return reserved_ok;
	}

	[[nodiscard]] static constexpr bool valid(const Msg &m)
	{
		return m.signo >= 1 && m.signo <= HIVE_MIG_NSIG;
	}

	// @n entries from @t, each one valid() accepts, of a signal in
	// @pending.
	[[nodiscard]] static bool all_ok(const uint8_t *t, uint32_t n, uint64_t pending)
	{
		for (uint32_t i = 0; i < n; i++) {
			wire::ByteReader r(t + size_t(i) * len, len);
			Msg m{};

			if (!get(r, m) || !valid(m) || !(pending & sig_bit(m.signo)))
				return false;
		}
		return true;
	}
};

} // namespace hive::migrate

#endif
