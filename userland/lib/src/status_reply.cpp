// SPDX-License-Identifier: GPL-2.0
#include "status_reply.hpp"

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
	policy[HIVE_ATTR_INCARNATION].type = NLA_U64;
	policy[HIVE_ATTR_VIEW_EPOCH].type = NLA_U64;
	return policy;
}

constexpr std::array<RequiredAttribute, 3> required_attributes{{
	{HIVE_ATTR_VERSION, "version"},
	{HIVE_ATTR_NODE_ID, "node id"},
	{HIVE_ATTR_STATE, "state"},
}};

Error malformed(std::string_view why)
{
	return malformed_reply("status reply", why);
}

} // namespace

Result<Status> parse_status_reply(nlmsghdr *reply)
{
	static constexpr auto policy = status_policy();
	std::array<nlattr *, HIVE_ATTR_MAX + 1> attrs{};
	if (const int err = genlmsg_parse(reply, 0, attrs.data(), HIVE_ATTR_MAX, policy.data());
	    err < 0)
		return malformed(nl_geterror(err));
	if (const auto missing = missing_attribute(attrs, required_attributes))
		return malformed("it has no " + std::string(*missing));

	Status status;
	status.version = nla_get_string(attrs[HIVE_ATTR_VERSION]);
	status.node_id = nla_get_u32(attrs[HIVE_ATTR_NODE_ID]);
	status.state = nla_get_u32(attrs[HIVE_ATTR_STATE]);
	if (attrs[HIVE_ATTR_CLUSTER_NAME])
		status.cluster_name = nla_get_string(attrs[HIVE_ATTR_CLUSTER_NAME]);
	// Modules older than membership send neither.
	if (attrs[HIVE_ATTR_INCARNATION])
		status.incarnation = nla_get_u64(attrs[HIVE_ATTR_INCARNATION]);
	if (attrs[HIVE_ATTR_VIEW_EPOCH])
		status.view_epoch = nla_get_u64(attrs[HIVE_ATTR_VIEW_EPOCH]);
	return status;
}

} // namespace hive
