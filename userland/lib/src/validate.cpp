// SPDX-License-Identifier: GPL-2.0
#include "hive/validate.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <optional>
#include <string>

#include "hive/core.h"
#include "hive/quote.hpp"
#include "hive_netlink.h"

namespace hive {

namespace {

// Decimal digits only, fitting in 32 bits; nothing for anything else.
// from_chars alone would take "12abc" as 12 and "-1" for a signed type.
std::optional<uint32_t> decimal(std::string_view text)
{
	const bool digits_only = !text.empty() &&
		std::ranges::all_of(text, [](char c) { return c >= '0' && c <= '9'; });
	uint32_t value = 0;
	if (!digits_only ||
	    std::from_chars(text.data(), text.data() + text.size(), value).ec != std::errc{})
		return std::nullopt;
	return value;
}

// As decimal(), with 0 for anything else: neither a node id nor a port.
uint32_t parse_decimal(std::string_view text)
{
	return decimal(text).value_or(0);
}

} // namespace

Result<uint32_t> parse_node_id(std::string_view text)
{
	const uint32_t id = parse_decimal(text);
	if (hive_core_check_node_id(id) != 0)
		return Error{quote(text) + " is not a node id (must be " +
			     std::to_string(HIVE_NODE_ID_MIN) + ".." +
			     std::to_string(HIVE_NODE_ID_MAX) + ")"};
	return id;
}

Result<uint16_t> parse_port(std::string_view text)
{
	const uint32_t port = parse_decimal(text);
	if (port == 0 || port > 65535)
		return Error{quote(text) + " is not a port (must be 1..65535)"};
	return static_cast<uint16_t>(port);
}

Result<uint32_t> parse_number(std::string_view text, uint32_t min, uint32_t max,
			      std::string_view what)
{
	const auto value = decimal(text);
	if (!value || *value < min || *value > max)
		return Error{quote(text) + " is not " + std::string(what) + " (must be " +
			     std::to_string(min) + ".." + std::to_string(max) + ")"};
	return *value;
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
