// SPDX-License-Identifier: GPL-2.0
/*
 * Codecs for the remote-execution messages: START's header and its groups,
 * the header DATA, WINDOW and CLOSE share, WINDOW's body, and the LOAD
 * reply.  Layouts:
 * include/hive/exec.h and Documentation/core.rst.  Each fixed part is a
 * Layout (payload.hpp).
 */
#include "hive/exec.h"
#include "payload.hpp"

using hive::wire::ByteReader;
using hive::wire::ByteWriter;
using hive::wire::payload_decode;
using hive::wire::payload_layout_exact;

namespace {

// The largest START fits one RPC frame.
static_assert(HIVE_WIRE_RPC_LEN + HIVE_EXEC_START_LEN + 4 * HIVE_EXEC_START_GROUPS_MAX +
	      HIVE_EXEC_START_CGROUP_MAX + HIVE_EXEC_START_LABEL_MAX +
	      HIVE_EXEC_START_SPEC_MAX <= HIVE_WIRE_PAYLOAD_MAX);
static_assert(HIVE_WIRE_RPC_LEN + HIVE_EXEC_HEAD_LEN + HIVE_EXEC_CHUNK_MAX <=
	      HIVE_WIRE_PAYLOAD_MAX);

struct StartLayout {
	using Msg = hive_exec_start;
	static constexpr size_t len = HIVE_EXEC_START_LEN;

	static constexpr void put(ByteWriter &w, const Msg &m)
	{
		w.put<uint64_t>(m.session);
		w.put<uint32_t>(m.origin_pid);
		w.put<uint32_t>(m.uid);
		w.put<uint32_t>(m.gid);
		w.put<uint32_t>(m.ngroups);
		w.put<uint32_t>(m.spec_len);
		w.put<uint32_t>(m.flags);
		w.put<uint32_t>(m.cgroup_len);
		w.put<uint32_t>(m.label_len);
	}

	[[nodiscard]] static constexpr bool get(ByteReader &r, Msg &m)
	{
		m.session = r.get<uint64_t>();
		m.origin_pid = r.get<uint32_t>();
		m.uid = r.get<uint32_t>();
		m.gid = r.get<uint32_t>();
		m.ngroups = r.get<uint32_t>();
		m.spec_len = r.get<uint32_t>();
		m.flags = r.get<uint32_t>();
		m.cgroup_len = r.get<uint32_t>();
		m.label_len = r.get<uint32_t>();
		return true;
	}

	[[nodiscard]] static constexpr bool valid(const Msg &m)
	{
		return m.session != 0 && m.origin_pid != 0 &&
		       m.ngroups <= HIVE_EXEC_START_GROUPS_MAX &&
		       m.spec_len >= 1 && m.spec_len <= HIVE_EXEC_START_SPEC_MAX &&
		       !(m.flags & ~HIVE_EXEC_START_FLAGS) &&
		       m.cgroup_len >= 1 && m.cgroup_len <= HIVE_EXEC_START_CGROUP_MAX &&
		       m.label_len <= HIVE_EXEC_START_LABEL_MAX;
	}
};

struct HeadLayout {
	using Msg = hive_exec_head;
	static constexpr size_t len = HIVE_EXEC_HEAD_LEN;

	static constexpr void put(ByteWriter &w, const Msg &m)
	{
		w.put<uint64_t>(m.session);
		w.put<uint32_t>(m.flags);
		w.put<uint32_t>(uint32_t(m.error));
	}

	[[nodiscard]] static constexpr bool get(ByteReader &r, Msg &m)
	{
		m.session = r.get<uint64_t>();
		m.flags = r.get<uint32_t>();
		m.error = int32_t(r.get<uint32_t>());
		return true;
	}

	// An error is an errno the receiver may hand to its user as is.
	[[nodiscard]] static constexpr bool valid(const Msg &m)
	{
		return m.session != 0 && (m.flags & ~HIVE_EXEC_TO_ORIGIN) == 0 &&
		       m.error <= 0 && m.error >= -hive::err::max_errno;
	}
};

struct WindowLayout {
	using Msg = hive_exec_window;
	static constexpr size_t len = HIVE_EXEC_WINDOW_LEN;

	static constexpr void put(ByteWriter &w, const Msg &m) { w.put<uint32_t>(m.room); }

	[[nodiscard]] static constexpr bool get(ByteReader &r, Msg &m)
	{
		m.room = r.get<uint32_t>();
		return true;
	}

	// Room for at least one byte, and never more than a whole queue.
	[[nodiscard]] static constexpr bool valid(const Msg &m)
	{
		return m.room >= 1 && m.room <= HIVE_EXEC_WINDOW_MAX;
	}
};

struct LoadLayout {
	using Msg = hive_exec_load;
	static constexpr size_t len = HIVE_EXEC_LOAD_LEN;

	static constexpr void put(ByteWriter &w, const Msg &m)
	{
		w.put<uint32_t>(m.load_milli);
		w.put<uint32_t>(m.cpus);
		w.put<uint32_t>(m.sessions);
		w.put<uint32_t>(0);
	}

	[[nodiscard]] static constexpr bool get(ByteReader &r, Msg &m)
	{
		m.load_milli = r.get<uint32_t>();
		m.cpus = r.get<uint32_t>();
		m.sessions = r.get<uint32_t>();
		return r.get<uint32_t>() == 0;
	}

	[[nodiscard]] static constexpr bool valid(const Msg &m)
	{
		return m.cpus >= 1 && m.cpus <= HIVE_EXEC_LOAD_CPUS_MAX;
	}
};

static_assert(payload_layout_exact<StartLayout>());
static_assert(payload_layout_exact<HeadLayout>());
static_assert(payload_layout_exact<WindowLayout>());
static_assert(payload_layout_exact<LoadLayout>());

// A cgroup path as the kernel writes one: "/", or '/'-separated names,
// none empty, ".", ".." or holding a NUL, without a trailing '/'.
constexpr bool cgroup_path_valid(const uint8_t *p, size_t n)
{
	size_t start = 1;

	if (n == 0 || p[0] != '/')
		return false;
	if (n == 1)
		return true;
	for (size_t i = 1; i <= n; i++) {
		if (i < n && p[i] == 0)
			return false;
		if (i < n && p[i] != '/')
			continue;
		const size_t len = i - start;
		if (len == 0 || (len == 1 && p[start] == '.') ||
		    (len == 2 && p[start] == '.' && p[start + 1] == '.'))
			return false;
		start = i + 1;
	}
	return true;
}

// An LSM label as the LSM prints it: printable ASCII, no space at either
// end (none at all for an unconfined caller).
constexpr bool label_valid(const uint8_t *p, size_t n)
{
	if (n && (p[0] == ' ' || p[n - 1] == ' '))
		return false;
	for (size_t i = 0; i < n; i++)
		if (p[i] < 0x20 || p[i] > 0x7e)
			return false;
	return true;
}

// (load + sessions) per CPU in thousandths, compared without division;
// below 2^43, times at most HIVE_EXEC_LOAD_CPUS_MAX CPUs stays below 2^56.
constexpr uint64_t load_weight(const hive_exec_load &m)
{
	return uint64_t(m.load_milli) + uint64_t(m.sessions) * 1000;
}

} // namespace

HIVE_PAYLOAD_C_ABI(hive_exec_start, struct hive_exec_start, StartLayout)
HIVE_PAYLOAD_C_ABI(hive_exec_head, struct hive_exec_head, HeadLayout)
HIVE_PAYLOAD_C_ABI(hive_exec_window, struct hive_exec_window, WindowLayout)
HIVE_PAYLOAD_C_ABI(hive_exec_load, struct hive_exec_load, LoadLayout)

extern "C" int hive_exec_start_check(const uint8_t *buf, size_t len,
				     struct hive_exec_start *m, uint32_t *groups)
{
	hive_exec_start head;
	int rc = payload_decode<StartLayout>(buf, len, &head);

	if (rc < 0)
		return rc;
	// The counts are bounded by valid(): no overflow.
	const size_t cgroup = HIVE_EXEC_START_LEN + size_t(head.ngroups) * 4;
	const size_t label = cgroup + head.cgroup_len;
	if (len != label + head.label_len + head.spec_len ||
	    !cgroup_path_valid(buf + cgroup, head.cgroup_len) ||
	    !label_valid(buf + label, head.label_len))
		return -hive::err::badmsg;
	ByteReader r(buf + HIVE_EXEC_START_LEN, len - HIVE_EXEC_START_LEN);
	for (uint32_t i = 0; i < head.ngroups; i++)
		groups[i] = r.get<uint32_t>();
	*m = head;
	return 0;
}

extern "C" bool hive_exec_start_label_valid(const uint8_t *label, size_t len)
{
	return len <= HIVE_EXEC_START_LABEL_MAX && label_valid(label, len);
}

extern "C" int hive_exec_group_encode(uint32_t gid, uint8_t *buf, size_t len, uint32_t i)
{
	size_t off = HIVE_EXEC_START_LEN + size_t(i) * 4;

	if (off > len)
		return -hive::err::nospc;
	ByteWriter w(buf + off, len - off);
	w.put<uint32_t>(gid);
	return w.ok() ? 4 : -hive::err::nospc;
}

extern "C" bool hive_exec_load_busier(const struct hive_exec_load *a,
				      const struct hive_exec_load *b)
{
	// a/ca > b/cb  <=>  a*cb > b*ca, all in 64 bits.
	return load_weight(*a) * b->cpus > load_weight(*b) * a->cpus;
}
