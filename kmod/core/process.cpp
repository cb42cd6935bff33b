// SPDX-License-Identifier: GPL-2.0
/*
 * Codecs for the process messages: a process-table entry, the LIST request
 * and reply that page through another node's processes, and the KILL
 * request that signals one of them.  Layouts: include/hive/process.h and
 * Documentation/core.rst.  Each message is a Layout (payload.hpp), as in
 * payload.cpp.
 */
#include "hive/process.h"
#include "payload.hpp"

using hive::wire::ByteReader;
using hive::wire::ByteWriter;
using hive::wire::payload_decode;
using hive::wire::nul_padded;
using hive::wire::payload_layout_exact;

namespace {

// A whole LIST reply fits one RPC frame.
static_assert(HIVE_WIRE_RPC_LEN + HIVE_PROC_LIST_REPLY_LEN +
	      uint64_t(HIVE_PROC_LIST_MAX) * HIVE_PROC_ENTRY_LEN <= HIVE_WIRE_PAYLOAD_MAX);

constexpr bool proc_state_ok(uint8_t state)
{
	constexpr char states[] = "RSDTtXZPI";

	for (size_t i = 0; i + 1 < sizeof(states); i++)
		if (state == uint8_t(states[i]))
			return true;
	return false;
}

struct EntryLayout {
	using Msg = hive_proc_entry;
	static constexpr size_t len = HIVE_PROC_ENTRY_LEN;
	static constexpr size_t reserved_len = 7;

	static constexpr void put(ByteWriter &w, const Msg &m)
	{
		w.put<uint32_t>(m.pid);
		w.put<uint32_t>(m.ppid);
		w.put<uint32_t>(m.pgid);
		w.put<uint32_t>(m.sid);
		w.put<uint32_t>(m.uid);
		w.put<uint32_t>(m.node);
		w.put<uint8_t>(m.state);
		for (size_t i = 0; i < reserved_len; i++)
			w.put<uint8_t>(0);
		w.put<uint64_t>(m.start_ns);
		w.put_bytes(m.comm);
	}

	[[nodiscard]] static constexpr bool get(ByteReader &r, Msg &m)
	{
		bool reserved_ok = true;

		m.pid = r.get<uint32_t>();
		m.ppid = r.get<uint32_t>();
		m.pgid = r.get<uint32_t>();
		m.sid = r.get<uint32_t>();
		m.uid = r.get<uint32_t>();
		m.node = r.get<uint32_t>();
		m.state = r.get<uint8_t>();
		for (size_t i = 0; i < reserved_len; i++)
			reserved_ok = r.get<uint8_t>() == 0 && reserved_ok;
		m.start_ns = r.get<uint64_t>();
		r.get_bytes(m.comm);
		return reserved_ok;
	}

	[[nodiscard]] static bool valid(const Msg &m)
	{
		return m.pid != 0 && hive_core_check_node_id(m.node) == 0 &&
		       proc_state_ok(m.state) && nul_padded(m.comm);
	}
};

struct ListReqLayout {
	using Msg = hive_proc_list_req;
	static constexpr size_t len = HIVE_PROC_LIST_REQ_LEN;

	static constexpr void put(ByteWriter &w, const Msg &m)
	{
		w.put<uint32_t>(m.cursor);
		w.put<uint32_t>(m.max);
	}

	[[nodiscard]] static constexpr bool get(ByteReader &r, Msg &m)
	{
		m.cursor = r.get<uint32_t>();
		m.max = r.get<uint32_t>();
		return true;
	}

	// The replying node sizes its work by max: never 0 and never more
	// than one reply holds.
	[[nodiscard]] static constexpr bool valid(const Msg &m)
	{
		return m.max >= 1 && m.max <= HIVE_PROC_LIST_MAX;
	}
};

struct ListReplyLayout {
	using Msg = hive_proc_list_reply;
	static constexpr size_t len = HIVE_PROC_LIST_REPLY_LEN;

	static constexpr void put(ByteWriter &w, const Msg &m)
	{
		w.put<uint32_t>(m.next);
		w.put<uint32_t>(m.count);
	}

	[[nodiscard]] static constexpr bool get(ByteReader &r, Msg &m)
	{
		m.next = r.get<uint32_t>();
		m.count = r.get<uint32_t>();
		return true;
	}

	[[nodiscard]] static constexpr bool valid(const Msg &m)
	{
		return m.count <= HIVE_PROC_LIST_MAX;
	}
};

struct KillReqLayout {
	using Msg = hive_kill_req;
	static constexpr size_t len = HIVE_KILL_REQ_LEN;
	static constexpr uint32_t flags_known = HIVE_KILL_CAP_KILL;

	static constexpr void put(ByteWriter &w, const Msg &m)
	{
		w.put<uint32_t>(uint32_t(m.pid));
		w.put<uint32_t>(m.sig);
		w.put<uint32_t>(m.sender);
		w.put<uint32_t>(m.uid);
		w.put<uint32_t>(m.euid);
		w.put<uint32_t>(m.flags);
	}

	[[nodiscard]] static constexpr bool get(ByteReader &r, Msg &m)
	{
		m.pid = int32_t(r.get<uint32_t>());
		m.sig = r.get<uint32_t>();
		m.sender = r.get<uint32_t>();
		m.uid = r.get<uint32_t>();
		m.euid = r.get<uint32_t>();
		m.flags = r.get<uint32_t>();
		return true;
	}

	// One process or one group.  kill(2) gives 0 (the caller's group)
	// and -1 (every process it may signal) meanings relative to the
	// caller, which a remote node cannot apply; INT32_MIN has no
	// negation, so names no group.
	[[nodiscard]] static constexpr bool valid(const Msg &m)
	{
		bool target_ok = m.pid > 0 || (m.pid < -1 && m.pid != INT32_MIN);

		return target_ok && m.sig <= HIVE_KILL_SIG_MAX &&
		       (m.flags & ~flags_known) == 0;
	}
};

static_assert(payload_layout_exact<EntryLayout>());
static_assert(payload_layout_exact<ListReqLayout>());
static_assert(payload_layout_exact<ListReplyLayout>());
static_assert(payload_layout_exact<KillReqLayout>());

} // namespace

HIVE_PAYLOAD_C_ABI(hive_proc_entry, struct hive_proc_entry, EntryLayout)
HIVE_PAYLOAD_C_ABI(hive_proc_list_req, struct hive_proc_list_req, ListReqLayout)
HIVE_PAYLOAD_C_ABI(hive_proc_list_reply, struct hive_proc_list_reply, ListReplyLayout)

extern "C" int hive_proc_list_reply_check(const uint8_t *buf, size_t len,
					  struct hive_proc_list_reply *r)
{
	hive_proc_list_reply head;
	uint32_t last = 0;
	int rc = payload_decode<ListReplyLayout>(buf, len, &head);

	if (rc < 0)
		return rc;
	// count is at most HIVE_PROC_LIST_MAX here: no overflow.
	if (len != HIVE_PROC_LIST_REPLY_LEN + size_t(head.count) * HIVE_PROC_ENTRY_LEN)
		return -hive::err::badmsg;
	for (uint32_t i = 0; i < head.count; i++) {
		size_t off = HIVE_PROC_LIST_REPLY_LEN + size_t(i) * HIVE_PROC_ENTRY_LEN;
		hive_proc_entry e;

		if (payload_decode<EntryLayout>(buf + off, len - off, &e) < 0)
			return -hive::err::badmsg;
		// Entry pids are never 0, so the first is above last = 0.
		if (e.pid <= last)
			return -hive::err::badmsg;
		last = e.pid;
	}
	// With no entries last is 0: any next passes here, and the caller
	// holds it above its cursor.
	if (head.next != 0 && head.next <= last)
		return -hive::err::badmsg;
	*r = head;
	return 0;
}

HIVE_PAYLOAD_C_ABI(hive_kill_req, struct hive_kill_req, KillReqLayout)
