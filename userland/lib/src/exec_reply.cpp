// SPDX-License-Identifier: GPL-2.0
#include "exec_reply.hpp"

#include <array>
#include <cstring>
#include <string_view>

#include <netlink/attr.h>
#include <netlink/errno.h>
#include <netlink/genl/genl.h>

#include "hive_netlink.h"
#include "reply_attributes.hpp"

namespace hive {
namespace {

using Attributes = std::array<nlattr *, HIVE_ATTR_MAX + 1>;

// The attribute types of the contract; libnl then checks each length, so
// the nla_get_*() below stay in bounds.  The binary ones are checked here.
constexpr std::array<nla_policy, HIVE_ATTR_MAX + 1> exec_policy()
{
	std::array<nla_policy, HIVE_ATTR_MAX + 1> policy{};
	policy[HIVE_ATTR_NODE_ID].type = NLA_U32;
	policy[HIVE_ATTR_EXEC_SESSION].type = NLA_U64;
	policy[HIVE_ATTR_EXEC_SPEC].type = NLA_UNSPEC;
	policy[HIVE_ATTR_EXEC_DATA].type = NLA_UNSPEC;
	policy[HIVE_ATTR_EXEC_EOF].type = NLA_FLAG;
	policy[HIVE_ATTR_EXEC_UID].type = NLA_U32;
	policy[HIVE_ATTR_EXEC_GID].type = NLA_U32;
	policy[HIVE_ATTR_EXEC_GROUPS].type = NLA_UNSPEC;
	policy[HIVE_ATTR_EXEC_ORIGIN_PID].type = NLA_U32;
	policy[HIVE_ATTR_EXEC_CGROUP].type = NLA_NUL_STRING;
	policy[HIVE_ATTR_EXEC_LABEL].type = NLA_NUL_STRING;
	return policy;
}

Result<void> parse(nlmsghdr *reply, Attributes &attrs, std::string_view what,
		   std::span<const RequiredAttribute> required)
{
	static constexpr auto policy = exec_policy();
	if (const int err = genlmsg_parse(reply, 0, attrs.data(), HIVE_ATTR_MAX, policy.data());
	    err < 0)
		return malformed_reply(what, nl_geterror(err));
	if (const auto missing = missing_attribute(attrs, required))
		return malformed_reply(what, "it has no " + std::string(*missing));
	return {};
}

std::string bytes_of(const nlattr *attr)
{
	return std::string(static_cast<const char *>(nla_data(attr)),
			   static_cast<std::size_t>(nla_len(attr)));
}

} // namespace

Result<ExecStarted> parse_exec_start_reply(nlmsghdr *reply)
{
	static constexpr std::array<RequiredAttribute, 1> required{{
		{HIVE_ATTR_NODE_ID, "node id"},
	}};
	Attributes attrs{};
	if (const auto parsed = parse(reply, attrs, "exec start reply", required); !parsed)
		return parsed.error();
	const nlattr *session = attrs[HIVE_ATTR_EXEC_SESSION];
	const ExecStarted started{session ? nla_get_u64(session) : 0,
				  nla_get_u32(attrs[HIVE_ATTR_NODE_ID])};
	if (started.node_id < HIVE_NODE_ID_MIN || started.node_id > HIVE_NODE_ID_MAX)
		return malformed_reply("exec start reply", "its node id is out of range");
	if (session && started.session == 0)
		return malformed_reply("exec start reply", "its session is 0");
	return started;
}

Result<ExecAttached> parse_exec_attach_reply(nlmsghdr *reply)
{
	static constexpr std::array<RequiredAttribute, 5> required{{
		{HIVE_ATTR_EXEC_SPEC, "spec"},
		{HIVE_ATTR_EXEC_UID, "uid"},
		{HIVE_ATTR_EXEC_GID, "gid"},
		{HIVE_ATTR_EXEC_ORIGIN_PID, "origin pid"},
		{HIVE_ATTR_EXEC_CGROUP, "cgroup"},
	}};
	constexpr std::string_view what = "exec attach reply";
	Attributes attrs{};
	if (const auto parsed = parse(reply, attrs, what, required); !parsed)
		return parsed.error();
	ExecAttached attached;
	attached.spec = bytes_of(attrs[HIVE_ATTR_EXEC_SPEC]);
	if (attached.spec.empty() || attached.spec.size() > HIVE_EXEC_SPEC_MAX)
		return malformed_reply(what, "its spec length is out of range");
	attached.uid = nla_get_u32(attrs[HIVE_ATTR_EXEC_UID]);
	attached.gid = nla_get_u32(attrs[HIVE_ATTR_EXEC_GID]);
	attached.origin_pid = nla_get_u32(attrs[HIVE_ATTR_EXEC_ORIGIN_PID]);
	attached.cgroup = nla_get_string(attrs[HIVE_ATTR_EXEC_CGROUP]);
	if (!attached.cgroup.starts_with('/'))
		return malformed_reply(what, "its cgroup is not a path from '/'");
	if (const nlattr *label = attrs[HIVE_ATTR_EXEC_LABEL]) {
		attached.label = nla_get_string(label);
		if (attached.label.empty())
			return malformed_reply(what, "its LSM label is empty");
	}
	if (const nlattr *groups = attrs[HIVE_ATTR_EXEC_GROUPS]) {
		const auto length = static_cast<std::size_t>(nla_len(groups));
		if (length % sizeof(uint32_t) != 0 ||
		    length / sizeof(uint32_t) > HIVE_EXEC_GROUPS_MAX)
			return malformed_reply(what, "its group list is not 0 to 256 u32s");
		attached.groups.resize(length / sizeof(uint32_t));
		std::memcpy(attached.groups.data(), nla_data(groups), length);
	}
	return attached;
}

Result<ExecReadReply> parse_exec_read_reply(nlmsghdr *reply)
{
	constexpr std::string_view what = "exec read reply";
	Attributes attrs{};
	if (const auto parsed = parse(reply, attrs, what, {}); !parsed)
		return parsed.error();
	const nlattr *data = attrs[HIVE_ATTR_EXEC_DATA];
	ExecReadReply read;
	read.eof = attrs[HIVE_ATTR_EXEC_EOF];
	if (data && read.eof)
		return malformed_reply(what, "it has both data and end of file");
	if (data) {
		read.chunk = bytes_of(data);
		if (read.chunk->empty() || read.chunk->size() > HIVE_EXEC_DATA_MAX)
			return malformed_reply(what, "its chunk length is out of range");
	}
	return read;
}

} // namespace hive
