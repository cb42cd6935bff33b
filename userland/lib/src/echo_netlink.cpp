// SPDX-License-Identifier: GPL-2.0
#include "echo_netlink.hpp"

#include <array>
#include <string>
#include <string_view>

#include <netlink/attr.h>
#include <netlink/errno.h>
#include <netlink/genl/genl.h>

#include "hive_netlink.h"
#include "reply_attributes.hpp"

namespace hive {
namespace {

// As in status_reply.cpp: libnl checks the lengths the nla_get_*() below
// rely on.
constexpr std::array<nla_policy, HIVE_ATTR_MAX + 1> echo_policy()
{
	std::array<nla_policy, HIVE_ATTR_MAX + 1> policy{};
	policy[HIVE_ATTR_ECHO_COUNT].type = NLA_U32;
	policy[HIVE_ATTR_ECHO_NS_TOTAL].type = NLA_U64;
	policy[HIVE_ATTR_ECHO_NS_MIN].type = NLA_U64;
	policy[HIVE_ATTR_ECHO_NS_P50].type = NLA_U64;
	policy[HIVE_ATTR_ECHO_NS_P99].type = NLA_U64;
	policy[HIVE_ATTR_ECHO_NS_MAX].type = NLA_U64;
	return policy;
}

constexpr std::array<RequiredAttribute, 2> required_attributes{{
	{HIVE_ATTR_ECHO_COUNT, "count"},
	{HIVE_ATTR_ECHO_NS_TOTAL, "total time"},
}};

constexpr std::array<RequiredAttribute, 4> required_round_trip_attributes{{
	{HIVE_ATTR_ECHO_NS_MIN, "minimum"},
	{HIVE_ATTR_ECHO_NS_P50, "median"},
	{HIVE_ATTR_ECHO_NS_P99, "99th percentile"},
	{HIVE_ATTR_ECHO_NS_MAX, "maximum"},
}};

Error malformed(std::string_view why)
{
	return malformed_reply("echo reply", why);
}

} // namespace

int put_echo_request(nl_msg *msg, const EchoRequest &request)
{
	int err = nla_put_u32(msg, HIVE_ATTR_NODE_ID, request.node_id);
	if (err == 0)
		err = nla_put_u32(msg, HIVE_ATTR_ECHO_COUNT, request.count);
	if (err == 0)
		err = nla_put_u32(msg, HIVE_ATTR_ECHO_SIZE, request.size);
	if (err == 0 && request.oneway)
		err = nla_put_flag(msg, HIVE_ATTR_ECHO_ONEWAY);
	if (err == 0 && request.timeout_ms != 0)
		err = nla_put_u32(msg, HIVE_ATTR_ECHO_TIMEOUT_MS, request.timeout_ms);
	if (err == 0 && request.hold_ms != 0)
		err = nla_put_u32(msg, HIVE_ATTR_ECHO_HOLD_MS, request.hold_ms);
	if (err == 0 && request.pages != 0)
		err = nla_put_u32(msg, HIVE_ATTR_ECHO_PAGES, request.pages);
	return err;
}

Result<EchoResult> parse_echo_reply(nlmsghdr *reply, bool oneway)
{
	static constexpr auto policy = echo_policy();
	std::array<nlattr *, HIVE_ATTR_MAX + 1> attrs{};
	if (const int err = genlmsg_parse(reply, 0, attrs.data(), HIVE_ATTR_MAX, policy.data());
	    err < 0)
		return malformed(nl_geterror(err));
	if (const auto missing = missing_attribute(attrs, required_attributes))
		return malformed("it has no " + std::string(*missing));

	EchoResult result;
	result.count = nla_get_u32(attrs[HIVE_ATTR_ECHO_COUNT]);
	result.ns_total = nla_get_u64(attrs[HIVE_ATTR_ECHO_NS_TOTAL]);
	if (oneway)
		return result;
	if (const auto missing = missing_attribute(attrs, required_round_trip_attributes))
		return malformed("it has no " + std::string(*missing));
	result.ns_min = nla_get_u64(attrs[HIVE_ATTR_ECHO_NS_MIN]);
	result.ns_p50 = nla_get_u64(attrs[HIVE_ATTR_ECHO_NS_P50]);
	result.ns_p99 = nla_get_u64(attrs[HIVE_ATTR_ECHO_NS_P99]);
	result.ns_max = nla_get_u64(attrs[HIVE_ATTR_ECHO_NS_MAX]);
	if (result.ns_min > result.ns_p50 || result.ns_p50 > result.ns_p99 ||
	    result.ns_p99 > result.ns_max)
		return malformed("its round-trip times are out of order (minimum, median, "
				 "99th percentile, maximum)");
	return result;
}

} // namespace hive
