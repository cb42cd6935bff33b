// SPDX-License-Identifier: GPL-2.0
/*
 * Rules for a node's identity and the names of its states, shared by
 * hive.ko (netlink, sysfs) and userland (hived's config, hivectl).
 */
#include "hive/core.h"
#include "hive_netlink.h"
#include "errno.hpp"

namespace {

constexpr bool cluster_name_byte_ok(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}

} // namespace

extern "C" const char *hive_core_state_name(uint32_t state)
{
	static_assert(__HIVE_STATE_COUNT == 5, "name every state");
	switch (state) {
	case HIVE_STATE_UNCONFIGURED:
		return "unconfigured";
	case HIVE_STATE_CONFIGURED:
		return "configured";
	case HIVE_STATE_QUORATE:
		return "quorate";
	case HIVE_STATE_NO_QUORUM:
		return "no-quorum";
	case HIVE_STATE_STALE:
		return "stale";
	}
	return nullptr;
}

extern "C" int hive_core_check_node_id(uint32_t id)
{
	return id >= HIVE_NODE_ID_MIN && id <= HIVE_NODE_ID_MAX ? 0 : -hive::err::inval;
}

extern "C" int hive_core_check_cluster_name(const char *name, size_t len)
{
	if (len == 0)
		return -hive::err::inval;
	if (len > HIVE_CLUSTER_NAME_MAX)
		return -hive::err::nametoolong;
	for (size_t i = 0; i < len; i++)
		if (!cluster_name_byte_ok(name[i]))
			return -hive::err::inval;
	return 0;
}
