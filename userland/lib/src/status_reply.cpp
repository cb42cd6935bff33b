// SPDX-License-Identifier: GPL-2.0
#include "status_reply.hpp"

#include <array>
#include <string>
#include <string_view>

#include <netlink/attr.h>
#include <netlink/errno.h>
#include <netlink/genl/genl.h>

#include "hive_netlink.h"

namespace hive {
namespace {

// The attribute types of the contract; libnl then checks each length and
// that strings end in NUL, so the nla_get_*() below stay in bounds.
constexpr std::array<nla_policy, HIVE_ATTR_MAX + 1> status_policy()
{
	std::array<nla_policy, HIVE_ATTR_MAX + 1> policy{};
	policy[HIVE_ATTR_VERSION].type = NLA_STRING;
	policy[HIVE_ATTR_NODE_ID].type = NLA_U32;
	policy[HIVE_ATTR_STATE].type = NLA_U32;
	policy[HIVE_ATTR_CLUSTER_NAME].type = NLA_STRING;
	policy[HIVE_ATTR_CLUSTER_NAME].maxlen = HIVE_CLUSTER_NAME_MAX + 1;
	return policy;
}

struct RequiredAttribute {
	int type;
	std::string_view name;
};

constexpr std::array<RequiredAttribute, 3> required_attributes{{
	{HIVE_ATTR_VERSION, "version"},
	{HIVE_ATTR_NODE_ID, "node id"},
	{HIVE_ATTR_STATE, "state"},
}};

Error malformed(std::string_view why)
{
	return Error{"the hive kernel module sent a malformed status reply: " + std::string(why)};
}

} // namespace

Result<Status> parse_status_reply(nlmsghdr *reply)
{
	static constexpr auto policy = status_policy();
	std::array<nlattr *, HIVE_ATTR_MAX + 1> attrs{};
	if (const int err = genlmsg_parse(reply, 0, attrs.data(), HIVE_ATTR_MAX, policy.data());
	    err < 0)
		return malformed(nl_geterror(err));
	for (const auto &required : required_attributes)
		if (!attrs[required.type])
			return malformed("it has no " + std::string(required.name));

	Status status;
	status.version = nla_get_string(attrs[HIVE_ATTR_VERSION]);
	status.node_id = nla_get_u32(attrs[HIVE_ATTR_NODE_ID]);
	status.state = nla_get_u32(attrs[HIVE_ATTR_STATE]);
	if (attrs[HIVE_ATTR_CLUSTER_NAME])
		status.cluster_name = nla_get_string(attrs[HIVE_ATTR_CLUSTER_NAME]);
	return status;
}

} // namespace hive
