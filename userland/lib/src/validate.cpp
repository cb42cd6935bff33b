// SPDX-License-Identifier: GPL-2.0
#include "hive/validate.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <string>

#include "hive/core.h"
#include "hive/quote.hpp"
#include "hive_netlink.h"

namespace hive {

Result<uint32_t> parse_node_id(std::string_view text)
{
	// from_chars alone would take "12abc" as 12 and "-1" for a signed type.
	const bool digits_only = !text.empty() &&
		std::ranges::all_of(text, [](char c) { return c >= '0' && c <= '9'; });
	uint32_t id = 0;
	const bool fits = digits_only &&
		std::from_chars(text.data(), text.data() + text.size(), id).ec == std::errc{};
	if (!fits || hive_core_check_node_id(id) != 0)
		return Error{quote(text) + " is not a node id (must be " +
			     std::to_string(HIVE_NODE_ID_MIN) + ".." +
			     std::to_string(HIVE_NODE_ID_MAX) + ")"};
	return id;
}

Result<void> check_cluster_name(std::string_view name)
{
	const std::string max = std::to_string(HIVE_CLUSTER_NAME_MAX);
	switch (hive_core_check_cluster_name(name.data(), name.size())) {
	case 0:
		return {};
	case -ENAMETOOLONG:
		return Error{quote(name) + " is too long for a cluster name (at most " +
			     max + " characters)"};
	default:
		return Error{quote(name) + " is not a cluster name (use 1.." + max +
			     " of the characters A-Z a-z 0-9 _ . -)"};
	}
}

} // namespace hive
