// SPDX-License-Identifier: GPL-2.0
/*
 * The PID space: which PIDs each node allocates its hive-domain processes
 * from, and which node a PID came from.  The partition and its reasons:
 * include/hive/process.h and Documentation/core.rst.
 */
#include "hive/process.h"
#include "hive_netlink.h"
#include "errno.hpp"

namespace {

constexpr bool pid_range_size_ok(uint32_t size)
{
	return size >= HIVE_PID_RANGE_MIN && size <= HIVE_PID_LIMIT / 2;
}

// Node n's range ends at (n + 1) * size; the last that fits below the
// limit, whatever the node id rules say.  At least 1 for a valid size.
constexpr uint32_t pid_last_fitting_node(uint32_t size)
{
	return HIVE_PID_LIMIT / size - 1;
}

constexpr uint32_t pid_max_node(uint32_t size)
{
	uint32_t last = pid_last_fitting_node(size);

	return last < HIVE_NODE_ID_MAX ? last : HIVE_NODE_ID_MAX;
}

static_assert(pid_max_node(HIVE_PID_RANGE_MIN) == HIVE_NODE_ID_MAX);
static_assert(pid_max_node(HIVE_PID_RANGE_DEFAULT) == 255);
static_assert(pid_max_node(HIVE_PID_LIMIT / 2) == 1);
static_assert(HIVE_NODE_ID_MIN == 1, "[0, size) is the range node 0 would have");

} // namespace

extern "C" int hive_pid_range(uint32_t node, uint32_t size, uint32_t *first,
			      uint32_t *end)
{
	uint64_t range_end = (uint64_t(node) + 1) * size;

	if (!pid_range_size_ok(size) || hive_core_check_node_id(node))
		return -hive::err::inval;
	if (range_end > HIVE_PID_LIMIT)
		return -hive::err::range;
	*first = node * size;
	*end = uint32_t(range_end);
	return 0;
}

extern "C" uint32_t hive_pid_home(uint32_t pid, uint32_t size)
{
	uint32_t node;

	if (!pid_range_size_ok(size) || pid >= HIVE_PID_LIMIT)
		return 0;
	// Below size this is 0: the PIDs that predate hive are no node's.
	// Above the last node that owns a range, the PID is in a slice too
	// short to be one, or past the node ids: no node's either.
	node = pid / size;
	return node <= pid_max_node(size) ? node : 0;
}

extern "C" uint32_t hive_pid_max_node(uint32_t size)
{
	return pid_range_size_ok(size) ? pid_max_node(size) : 0;
}
