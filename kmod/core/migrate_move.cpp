// SPDX-License-Identifier: GPL-2.0
/*
 * The messages of a move beside its stream: MIGRATE_PAGES (a range of a
 * mapping and the pages found in it), MIGRATE_EXIT, MIGRATE_ABORT,
 * MIGRATE_SIGNAL and MIGRATE_FORWARD (an operation on a descriptor the
 * source serves).
 * Layouts: include/hive/migrate.h and Documentation/migration.rst.
 */
#include "hive/core.h"
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

struct MovedLayout {
	using Msg = hive_mig_moved;
	static constexpr size_t len = HIVE_MIG_MOVED_LEN;

	static constexpr void put(ByteWriter &w, const Msg &m)
	{
		w.put<uint64_t>(m.migration);
		w.put<uint16_t>(m.node);
		w.put<uint8_t>(m.stage);
		w.put<uint8_t>(0);
		w.put<uint32_t>(0);
	}

	[[nodiscard]] static constexpr bool get(ByteReader &r, Msg &m)
	{
		m.migration = r.get<uint64_t>();
		m.node = r.get<uint16_t>();
		m.stage = r.get<uint8_t>();
		bool reserved_ok = r.get<uint8_t>() == 0;
		return (r.get<uint32_t>() == 0) && reserved_ok;
	}

	[[nodiscard]] static constexpr bool valid(const Msg &m)
	{
		return m.migration != 0 && hive_core_check_node_id(m.node) == 0 &&
		       m.stage >= HIVE_MIG_MOVED_GOING && m.stage < __HIVE_MIG_MOVED_STAGE_COUNT;
	}
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

// The bytes a forwarded ioctl returns; 0 for one not forwarded.
constexpr uint32_t fwd_ioctl_len(uint32_t cmd)
{
	switch (cmd) {
	case HIVE_MIG_FWD_TCGETS:
		return 36;	// struct termios: 4 flags, the line, 19 characters
	case HIVE_MIG_FWD_TIOCGWINSZ:
		return 8;	// struct winsize: 4 u16
	default:
		return 0;
	}
}

struct FwdReqLayout {
	using Msg = hive_mig_fwd_req;
	static constexpr size_t len = HIVE_MIG_FWD_REQ_LEN;

	static constexpr void put(ByteWriter &w, const Msg &m)
	{
		w.put<uint64_t>(m.handle);
		w.put<uint32_t>(m.op);
		w.put<uint32_t>(m.flags);
		w.put<uint32_t>(m.len);
		w.put<uint32_t>(m.arg);
	}

	[[nodiscard]] static constexpr bool get(ByteReader &r, Msg &m)
	{
		m.handle = r.get<uint64_t>();
		m.op = r.get<uint32_t>();
		m.flags = r.get<uint32_t>();
		m.len = r.get<uint32_t>();
		m.arg = r.get<uint32_t>();
		return true;
	}

	[[nodiscard]] static constexpr bool valid(const Msg &m)
	{
		const bool data = m.len >= 1 && m.len <= HIVE_MIG_FWD_DATA_MAX;

		if (m.handle == 0)
			return false;
		switch (m.op) {
		case HIVE_MIG_FWD_READ:
		case HIVE_MIG_FWD_WRITE:
			return m.flags <= HIVE_MIG_FWD_WAIT && data && m.arg == 0;
		case HIVE_MIG_FWD_POLL:
			return m.flags <= HIVE_MIG_FWD_WAIT && m.len == 0 &&
			       m.arg <= HIVE_MIG_FWD_EVENTS;
		case HIVE_MIG_FWD_IOCTL:
			return m.flags == 0 && m.len == 0 && fwd_ioctl_len(m.arg) != 0;
		case HIVE_MIG_FWD_RELEASE:
			return m.flags == 0 && m.len == 0 && m.arg == 0;
		case HIVE_MIG_FWD_PASS:
			return m.flags == 0 && m.len == 0 && hive_core_check_node_id(m.arg) == 0;
		default:
			return false;
		}
	}
};

struct FwdReplyLayout {
	using Msg = hive_mig_fwd_reply;
	static constexpr size_t len = HIVE_MIG_FWD_REPLY_LEN;

	static constexpr void put(ByteWriter &w, const Msg &m)
	{
		w.put<uint32_t>(m.result);
		w.put<uint32_t>(0);
	}

	[[nodiscard]] static constexpr bool get(ByteReader &r, Msg &m)
	{
		m.result = r.get<uint32_t>();
		return r.get<uint32_t>() == 0;
	}

	// Within what any request allows; what this one's allows is
	// hive_mig_fwd_reply_check()'s to say.
	[[nodiscard]] static constexpr bool valid(const Msg &m)
	{
		static_assert(HIVE_MIG_FWD_EVENTS < HIVE_MIG_FWD_DATA_MAX);
		return m.result <= HIVE_MIG_FWD_DATA_MAX;
	}
};

static_assert(payload_layout_exact<PagesReqLayout>());
static_assert(payload_layout_exact<PagesReplyLayout>());
static_assert(payload_layout_exact<ExitLayout>());
static_assert(payload_layout_exact<AbortLayout>());
static_assert(payload_layout_exact<MovedLayout>());
static_assert(payload_layout_exact<SignalLayout>());
static_assert(payload_layout_exact<FwdReqLayout>());
static_assert(payload_layout_exact<FwdReplyLayout>());
static_assert(HIVE_MIG_FWD_REQ_LEN + HIVE_MIG_FWD_DATA_MAX <= HIVE_WIRE_PAYLOAD_MAX - HIVE_WIRE_RPC_LEN);
static_assert(HIVE_MIG_PAGES_MAX <= HIVE_WIRE_PAGES_MAX);

} // namespace

HIVE_PAYLOAD_C_ABI(hive_mig_pages_req, struct hive_mig_pages_req, PagesReqLayout)
HIVE_PAYLOAD_C_ABI(hive_mig_pages_reply, struct hive_mig_pages_reply, PagesReplyLayout)
HIVE_PAYLOAD_C_ABI(hive_mig_exit, struct hive_mig_exit, ExitLayout)
HIVE_PAYLOAD_C_ABI(hive_mig_abort, struct hive_mig_abort, AbortLayout)
HIVE_PAYLOAD_C_ABI(hive_mig_moved, struct hive_mig_moved, MovedLayout)
HIVE_PAYLOAD_C_ABI(hive_mig_signal, struct hive_mig_signal, SignalLayout)
HIVE_PAYLOAD_C_ABI(hive_mig_fwd_req, struct hive_mig_fwd_req, FwdReqLayout)
HIVE_PAYLOAD_C_ABI(hive_mig_fwd_reply, struct hive_mig_fwd_reply, FwdReplyLayout)

/**
 * hive_mig_fwd_ioctl_len() - the bytes a forwarded ioctl returns
 * @cmd: an ioctl number
 *
 * Return: the length of its answer, or 0 for an ioctl not forwarded.
 */
uint32_t hive_mig_fwd_ioctl_len(uint32_t cmd)
{
	return fwd_ioctl_len(cmd);
}

/**
 * hive_mig_fwd_reply_check() - whether a reply fits its request
 * @req: the request, one hive_mig_fwd_req_decode() accepts
 * @reply: the decoded reply
 * @data_len: the bytes after the reply
 *
 * Return: 0, or -EBADMSG for a result or data the request does not allow.
 */
int hive_mig_fwd_reply_check(const struct hive_mig_fwd_req *req,
			     const struct hive_mig_fwd_reply *reply, size_t data_len)
{
	bool ok;

	switch (req->op) {
	case HIVE_MIG_FWD_READ:
		ok = reply->result <= req->len && data_len == reply->result;
		break;
	case HIVE_MIG_FWD_WRITE:
		ok = reply->result >= 1 && reply->result <= req->len && data_len == 0;
		break;
	case HIVE_MIG_FWD_POLL:
		ok = !(reply->result & ~req->arg) && data_len == 0;
		break;
	case HIVE_MIG_FWD_IOCTL:
		ok = reply->result == 0 && data_len == fwd_ioctl_len(req->arg);
		break;
	case HIVE_MIG_FWD_PASS:
		ok = reply->result == 0 && data_len == 0;
		break;
	default:
		ok = false;
	}
	return ok ? 0 : -hive::err::badmsg;
}
