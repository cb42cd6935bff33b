// SPDX-License-Identifier: GPL-2.0
#include "migrate_netlink.hpp"

#include <array>
#include <string>

#include <netlink/attr.h>
#include <netlink/errno.h>
#include <netlink/genl/genl.h>

#include "hive_netlink.h"
#include "reply_attributes.hpp"

namespace hive {
namespace {

// libnl checks the lengths the nla_get_*() below rely on.
constexpr std::array<nla_policy, HIVE_ATTR_MAX + 1> check_policy()
{
	std::array<nla_policy, HIVE_ATTR_MAX + 1> policy{};
	policy[HIVE_ATTR_PID].type = NLA_U32;
	policy[HIVE_ATTR_NODE_ID].type = NLA_U32;
	policy[HIVE_ATTR_MIGRATE_THREADS].type = NLA_U32;
	policy[HIVE_ATTR_MIGRATE_MAPPINGS].type = NLA_U32;
	policy[HIVE_ATTR_MIGRATE_STATE_BYTES].type = NLA_U32;
	policy[HIVE_ATTR_MIGRATE_MEMORY].type = NLA_U64;
	policy[HIVE_ATTR_MIGRATE_WHY].type = NLA_NESTED;
	policy[HIVE_ATTR_MIGRATE_WHYS_LEFT].type = NLA_U32;
	return policy;
}

constexpr std::array<nla_policy, HIVE_WHY_ATTR_MAX + 1> why_policy()
{
	std::array<nla_policy, HIVE_WHY_ATTR_MAX + 1> policy{};
	policy[HIVE_WHY_ATTR_CODE].type = NLA_U32;
	policy[HIVE_WHY_ATTR_ARG].type = NLA_U32;
	policy[HIVE_WHY_ATTR_DETAIL].type = NLA_NUL_STRING;
	return policy;
}

constexpr std::array<RequiredAttribute, 5> required_attributes{{
	{HIVE_ATTR_PID, "process id"},
	{HIVE_ATTR_MIGRATE_THREADS, "thread count"},
	{HIVE_ATTR_MIGRATE_MAPPINGS, "mapping count"},
	{HIVE_ATTR_MIGRATE_STATE_BYTES, "state size"},
	{HIVE_ATTR_MIGRATE_MEMORY, "memory size"},
}};

Error malformed(std::string_view why)
{
	return malformed_reply("migration check", why);
}

Result<MigrateWhy> parse_why(nlattr *nest)
{
	static constexpr auto policy = why_policy();
	std::array<nlattr *, HIVE_WHY_ATTR_MAX + 1> attrs{};
	if (const int err = nla_parse_nested(attrs.data(), HIVE_WHY_ATTR_MAX, nest,
					     policy.data());
	    err < 0)
		return malformed(nl_geterror(err));
	if (!attrs[HIVE_WHY_ATTR_CODE])
		return malformed("a reason has no code");
	MigrateWhy why;
	why.code = nla_get_u32(attrs[HIVE_WHY_ATTR_CODE]);
	if (why.code == HIVE_WHY_UNSPEC || why.code >= __HIVE_WHY_COUNT)
		return malformed("a reason has the unknown code " + std::to_string(why.code));
	if (attrs[HIVE_WHY_ATTR_ARG])
		why.arg = nla_get_u32(attrs[HIVE_WHY_ATTR_ARG]);
	if (attrs[HIVE_WHY_ATTR_DETAIL])
		why.detail = nla_get_string(attrs[HIVE_WHY_ATTR_DETAIL]);
	return why;
}

} // namespace

Result<MigrateCheck> parse_migrate_check_reply(nlmsghdr *reply)
{
	static constexpr auto policy = check_policy();
	std::array<nlattr *, HIVE_ATTR_MAX + 1> attrs{};
	if (const int err = genlmsg_parse(reply, 0, attrs.data(), HIVE_ATTR_MAX,
					  policy.data());
	    err < 0)
		return malformed(nl_geterror(err));
	if (const auto missing = missing_attribute(attrs, required_attributes))
		return malformed("it has no " + std::string(*missing));

	MigrateCheck check;
	check.pid = nla_get_u32(attrs[HIVE_ATTR_PID]);
	check.threads = nla_get_u32(attrs[HIVE_ATTR_MIGRATE_THREADS]);
	check.mappings = nla_get_u32(attrs[HIVE_ATTR_MIGRATE_MAPPINGS]);
	check.state_bytes = nla_get_u32(attrs[HIVE_ATTR_MIGRATE_STATE_BYTES]);
	check.memory = nla_get_u64(attrs[HIVE_ATTR_MIGRATE_MEMORY]);
	if (attrs[HIVE_ATTR_MIGRATE_WHYS_LEFT])
		check.whys_left = nla_get_u32(attrs[HIVE_ATTR_MIGRATE_WHYS_LEFT]);
	nlattr *attr;
	int rem;
	nlmsg_for_each_attr(attr, reply, GENL_HDRLEN, rem) {
		if (nla_type(attr) != HIVE_ATTR_MIGRATE_WHY)
			continue;
		auto why = parse_why(attr);
		if (!why)
			return why.error();
		check.whys.push_back(std::move(why.value()));
	}
	return check;
}

Result<MigrateMove> parse_migrate_reply(nlmsghdr *reply)
{
	static constexpr auto policy = check_policy();
	std::array<nlattr *, HIVE_ATTR_MAX + 1> attrs{};
	if (const int err = genlmsg_parse(reply, 0, attrs.data(), HIVE_ATTR_MAX,
					  policy.data());
	    err < 0)
		return malformed_reply("migration", nl_geterror(err));
	MigrateMove move;
	if (attrs[HIVE_ATTR_MIGRATE_THREADS]) {
		auto check = parse_migrate_check_reply(reply);
		if (!check)
			return check.error();
		if (check.value().whys.empty() && !check.value().whys_left)
			return malformed_reply("migration", "it kept the process without a reason");
		move.check = std::move(check.value());
		return move;
	}
	if (!attrs[HIVE_ATTR_PID] || !attrs[HIVE_ATTR_NODE_ID])
		return malformed_reply("migration", "it has no process id or node");
	move.moved = true;
	move.check.pid = nla_get_u32(attrs[HIVE_ATTR_PID]);
	move.node = nla_get_u32(attrs[HIVE_ATTR_NODE_ID]);
	return move;
}

} // namespace hive
