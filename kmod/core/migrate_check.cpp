// SPDX-License-Identifier: GPL-2.0
/*
 * The MIGRATE_CHECK messages: a request to check a process of another
 * node, and the reply with its counts and reasons; MIGRATE_MOVE's, which
 * move one and answer where it went and, as a check, what kept it.  Layouts:
 * include/hive/migrate.h and Documentation/migration.rst.  Each fixed
 * part is a Layout (payload.hpp).
 */
#include "hive/core.h"
#include "hive/migrate.h"
#include "hive/process.h"
#include "payload.hpp"

using hive::wire::ByteReader;
using hive::wire::ByteWriter;
using hive::wire::payload_decode;
using hive::wire::payload_layout_exact;

namespace {

struct CheckReqLayout {
	using Msg = hive_mig_check_req;
	static constexpr size_t len = HIVE_MIG_CHECK_REQ_LEN;

	static constexpr void put(ByteWriter &w, const Msg &m)
	{
		w.put<uint32_t>(m.pid);
		w.put<uint32_t>(m.uid);
		w.put<uint32_t>(m.euid);
		w.put<uint32_t>(m.flags);
	}

	[[nodiscard]] static constexpr bool get(ByteReader &r, Msg &m)
	{
		m.pid = r.get<uint32_t>();
		m.uid = r.get<uint32_t>();
		m.euid = r.get<uint32_t>();
		m.flags = r.get<uint32_t>();
		return true;
	}

	[[nodiscard]] static constexpr bool valid(const Msg &m)
	{
		return m.pid != 0 && m.pid < HIVE_PID_LIMIT &&
		       (m.flags & ~HIVE_MIG_CHECK_CAP_KILL) == 0;
	}
};

struct MoveReqLayout {
	using Msg = hive_mig_move_req;
	using Who = CheckReqLayout;
	static constexpr size_t len = HIVE_MIG_MOVE_REQ_LEN;

	static constexpr void put(ByteWriter &w, const Msg &m)
	{
		Who::put(w, m.who);
		w.put<uint32_t>(m.node);
		w.put<uint32_t>(m.hops);
	}

	[[nodiscard]] static constexpr bool get(ByteReader &r, Msg &m)
	{
		const bool who_ok = Who::get(r, m.who);

		m.node = r.get<uint32_t>();
		m.hops = r.get<uint32_t>();
		return who_ok;
	}

	[[nodiscard]] static constexpr bool valid(const Msg &m)
	{
		return Who::valid(m.who) && (m.node == 0 || hive_core_check_node_id(m.node) == 0) &&
		       m.hops <= HIVE_MIG_MOVE_HOPS_MAX;
	}
};

struct MoveReplyLayout {
	using Msg = hive_mig_move_reply;
	static constexpr size_t len = HIVE_MIG_MOVE_REPLY_LEN;

	static constexpr void put(ByteWriter &w, const Msg &m)
	{
		w.put<uint32_t>(m.node);
		w.put<uint32_t>(0);
	}

	[[nodiscard]] static constexpr bool get(ByteReader &r, Msg &m)
	{
		m.node = r.get<uint32_t>();
		return r.get<uint32_t>() == 0;
	}

	[[nodiscard]] static constexpr bool valid(const Msg &m)
	{
		return m.node == 0 || hive_core_check_node_id(m.node) == 0;
	}
};

struct CheckReplyLayout {
	using Msg = hive_mig_check_reply;
	static constexpr size_t len = HIVE_MIG_CHECK_REPLY_LEN;

	static constexpr void put(ByteWriter &w, const Msg &m)
	{
		w.put<uint32_t>(m.threads);
		w.put<uint32_t>(m.mappings);
		w.put<uint32_t>(m.state_bytes);
		w.put<uint32_t>(m.nwhys);
		w.put<uint32_t>(m.whys_left);
		w.put<uint32_t>(0);
		w.put<uint64_t>(m.memory);
	}

	[[nodiscard]] static constexpr bool get(ByteReader &r, Msg &m)
	{
		m.threads = r.get<uint32_t>();
		m.mappings = r.get<uint32_t>();
		m.state_bytes = r.get<uint32_t>();
		m.nwhys = r.get<uint32_t>();
		m.whys_left = r.get<uint32_t>();
		bool reserved_ok = r.get<uint32_t>() == 0;
		m.memory = r.get<uint64_t>();
		return reserved_ok;
	}

	[[nodiscard]] static constexpr bool valid(const Msg &m)
	{
		return m.threads <= HIVE_MIG_THREADS_MAX && m.mappings <= HIVE_MIG_VMAS_MAX &&
		       m.nwhys <= HIVE_MIG_WHYS_MAX;
	}
};

struct WhyLayout {
	using Msg = hive_mig_why;
	static constexpr size_t len = HIVE_MIG_WHY_LEN;

	static constexpr void put(ByteWriter &w, const Msg &m)
	{
		w.put<uint16_t>(m.code);
		w.put<uint16_t>(m.detail_len);
		w.put<uint32_t>(m.arg);
	}

	[[nodiscard]] static constexpr bool get(ByteReader &r, Msg &m)
	{
		m.code = r.get<uint16_t>();
		m.detail_len = r.get<uint16_t>();
		m.arg = r.get<uint32_t>();
		return true;
	}

	[[nodiscard]] static constexpr bool valid(const Msg &m)
	{
		return m.code >= 1 && m.code < HIVE_MIG_WHY_CODE_MAX &&
		       m.detail_len <= HIVE_MIG_WHY_DETAIL_MAX;
	}
};

static_assert(payload_layout_exact<CheckReqLayout>());
static_assert(payload_layout_exact<CheckReplyLayout>());
static_assert(payload_layout_exact<MoveReqLayout>());
static_assert(payload_layout_exact<MoveReplyLayout>());
static_assert(payload_layout_exact<WhyLayout>());
// The longest reply fits one RPC body.
static_assert(HIVE_WIRE_RPC_LEN + HIVE_MIG_MOVE_REPLY_LEN + HIVE_MIG_CHECK_REPLY_MAX <=
	      HIVE_WIRE_PAYLOAD_MAX);

constexpr bool detail_ok(const uint8_t *d, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (d[i] == 0)
			return false;
	return true;
}

} // namespace

HIVE_PAYLOAD_C_ABI(hive_mig_check_req, struct hive_mig_check_req, CheckReqLayout)
HIVE_PAYLOAD_C_ABI(hive_mig_check_reply, struct hive_mig_check_reply, CheckReplyLayout)
HIVE_PAYLOAD_C_ABI(hive_mig_move_req, struct hive_mig_move_req, MoveReqLayout)
HIVE_PAYLOAD_C_ABI(hive_mig_move_reply, struct hive_mig_move_reply, MoveReplyLayout)

extern "C" int hive_mig_why_encode(const struct hive_mig_why *m, const char *detail,
				   uint8_t *buf, size_t len)
{
	const auto *d = reinterpret_cast<const uint8_t *>(detail);

	if (!WhyLayout::valid(*m) || (m->detail_len && !detail) || !detail_ok(d, m->detail_len))
		return -hive::err::inval;
	if (len < HIVE_MIG_WHY_LEN + size_t(m->detail_len))
		return -hive::err::nospc;
	ByteWriter w(buf, len);
	WhyLayout::put(w, *m);
	for (size_t i = 0; i < m->detail_len; i++)
		buf[HIVE_MIG_WHY_LEN + i] = d[i];
	return int(HIVE_MIG_WHY_LEN + m->detail_len);
}

extern "C" int hive_mig_why_decode(const uint8_t *buf, size_t len, struct hive_mig_why *m,
				   const uint8_t **detail)
{
	hive_mig_why why;
	int rc = payload_decode<WhyLayout>(buf, len, &why);

	if (rc < 0)
		return rc;
	if (len - HIVE_MIG_WHY_LEN < why.detail_len)
		return -hive::err::again;
	if (!detail_ok(buf + HIVE_MIG_WHY_LEN, why.detail_len))
		return -hive::err::badmsg;
	*m = why;
	*detail = buf + HIVE_MIG_WHY_LEN;
	return int(HIVE_MIG_WHY_LEN + why.detail_len);
}

extern "C" int hive_mig_check_reply_check(const uint8_t *buf, size_t len,
					  struct hive_mig_check_reply *m)
{
	hive_mig_check_reply head;
	size_t off = HIVE_MIG_CHECK_REPLY_LEN;

	if (payload_decode<CheckReplyLayout>(buf, len, &head) < 0)
		return -hive::err::badmsg;
	for (uint32_t i = 0; i < head.nwhys; i++) {
		hive_mig_why why;
		const uint8_t *detail;
		int rc = hive_mig_why_decode(buf + off, len - off, &why, &detail);

		if (rc < 0)
			return -hive::err::badmsg;
		off += size_t(rc);
	}
	if (off != len)
		return -hive::err::badmsg;
	*m = head;
	return 0;
}
