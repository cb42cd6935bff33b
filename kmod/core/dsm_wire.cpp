// SPDX-License-Identifier: GPL-2.0
/*
 * The page-ownership protocol's messages on the wire: which page (its
 * space, region and linear index) and the struct hive_dsm_msg that
 * dsm.cpp takes and makes.  One Layout (payload.hpp); what each message
 * type may carry is checked here, so a receiver hands dsm.cpp only
 * messages of the shape its functions make.  Layout and rules:
 * include/hive/dsm.h, Documentation/dsm.rst.
 */
#include "hive/dsm.h"
#include "payload.hpp"

using hive::wire::ByteReader;
using hive::wire::ByteWriter;
using hive::wire::payload_layout_exact;

namespace {

bool wire_node_ok(uint16_t node)
{
	return hive_core_check_node_id(node) == 0;
}

constexpr bool page_id_ok(const hive_dsm_page_id &p)
{
	return p.space != 0 && p.region != 0 && p.index < HIVE_DSM_INDEX_LIMIT;
}

// The fields a message of its type carries, each in its range, and the
// others 0.
bool msg_ok(const hive_dsm_msg &m)
{
	bool has_access = m.type == HIVE_DSM_REQ || m.type == HIVE_DSM_FETCH ||
			  m.type == HIVE_DSM_GRANT;
	bool has_node = m.type == HIVE_DSM_FETCH || m.type == HIVE_DSM_QUERY;

	if (m.type < HIVE_DSM_REQ || m.type >= __HIVE_DSM_MSG_COUNT ||
	    !wire_node_ok(m.from) || !wire_node_ok(m.to))
		return false;
	if ((m.txn == 0) != (m.type == HIVE_DSM_REQ))
		return false;
	if (has_access ? m.access != HIVE_DSM_READ && m.access != HIVE_DSM_WRITE :
			 m.access != 0)
		return false;
	if (m.zero != 0 &&
	    (m.zero != 1 || m.type != HIVE_DSM_GRANT || m.access != HIVE_DSM_WRITE))
		return false;
	if (has_node ? !wire_node_ok(m.node) : m.node != 0)
		return false;
	if (m.type == HIVE_DSM_FAIL)
		return m.status < 0 && m.status >= -hive::err::max_errno;
	return m.status == 0;
}

struct DsmWireLayout {
	using Msg = hive_dsm_wire;
	static constexpr size_t len = HIVE_DSM_WIRE_LEN;

	static constexpr void put(ByteWriter &w, const Msg &m)
	{
		w.put<uint64_t>(m.page.space);
		w.put<uint64_t>(m.page.index);
		w.put<uint32_t>(m.page.region);
		w.put<uint32_t>(m.msg.txn);
		w.put<uint16_t>(m.msg.type);
		w.put<uint16_t>(m.msg.from);
		w.put<uint16_t>(m.msg.to);
		w.put<uint16_t>(m.msg.node);
		w.put<uint32_t>(uint32_t(m.msg.status));
		w.put<uint8_t>(m.msg.access);
		w.put<uint8_t>(m.msg.zero);
		w.put<uint16_t>(0);
	}

	[[nodiscard]] static constexpr bool get(ByteReader &r, Msg &m)
	{
		m.page.space = r.get<uint64_t>();
		m.page.index = r.get<uint64_t>();
		m.page.region = r.get<uint32_t>();
		m.msg.txn = r.get<uint32_t>();
		m.msg.type = r.get<uint16_t>();
		m.msg.from = r.get<uint16_t>();
		m.msg.to = r.get<uint16_t>();
		m.msg.node = r.get<uint16_t>();
		m.msg.status = int32_t(r.get<uint32_t>());
		m.msg.access = r.get<uint8_t>();
		m.msg.zero = r.get<uint8_t>();
		return r.get<uint16_t>() == 0;
	}

	[[nodiscard]] static bool valid(const Msg &m)
	{
		return page_id_ok(m.page) && msg_ok(m.msg);
	}
};

static_assert(payload_layout_exact<DsmWireLayout>());

} // namespace

HIVE_PAYLOAD_C_ABI(hive_dsm_wire, hive_dsm_wire, DsmWireLayout)
