// SPDX-License-Identifier: GPL-2.0
#include "node_reply.hpp"

#include <array>
#include <string>
#include <string_view>
#include <utility>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <netlink/attr.h>
#include <netlink/errno.h>
#include <netlink/genl/genl.h>

#include "hive_netlink.h"
#include "reply_attributes.hpp"

namespace hive {
namespace {

// As in status_reply.cpp: libnl checks the lengths the nla_get_*() below
// rely on.  Each message carries the view's epoch and one member.
constexpr std::array<nla_policy, HIVE_ATTR_MAX + 1> message_policy()
{
	std::array<nla_policy, HIVE_ATTR_MAX + 1> policy{};
	policy[HIVE_ATTR_VIEW_EPOCH].type = NLA_U64;
	policy[HIVE_ATTR_MEMBER].type = NLA_NESTED;
	return policy;
}

// The address is binary; its length is checked by hand, as libnl has no
// way to say "4 or 16".
constexpr std::array<nla_policy, HIVE_MEMBER_ATTR_MAX + 1> member_policy()
{
	std::array<nla_policy, HIVE_MEMBER_ATTR_MAX + 1> policy{};
	policy[HIVE_MEMBER_ATTR_NODE_ID].type = NLA_U32;
	policy[HIVE_MEMBER_ATTR_INCARNATION].type = NLA_U64;
	policy[HIVE_MEMBER_ATTR_PORT].type = NLA_U16;
	return policy;
}

constexpr std::array<RequiredAttribute, 2> required_message_attributes{{
	{HIVE_ATTR_VIEW_EPOCH, "view epoch"},
	{HIVE_ATTR_MEMBER, "member"},
}};

constexpr std::array<RequiredAttribute, 3> required_member_attributes{{
	{HIVE_MEMBER_ATTR_NODE_ID, "node id"},
	{HIVE_MEMBER_ATTR_ADDR, "address"},
	{HIVE_MEMBER_ATTR_PORT, "port"},
}};

Error malformed(std::string_view why)
{
	return malformed_reply("node list", why);
}

// The text form of a 4 (IPv4) or 16 (IPv6) byte address in network order.
Result<std::string> address_text(const nlattr *address)
{
	const int length = nla_len(address);
	if (length != 4 && length != 16)
		return malformed("a member's address is " + std::to_string(length) +
				 " bytes long, not 4 (IPv4) or 16 (IPv6)");
	char text[INET6_ADDRSTRLEN];
	// Cannot fail: the family is known and the buffer fits any address.
	inet_ntop(length == 4 ? AF_INET : AF_INET6, nla_data(address), text, sizeof text);
	return std::string(text);
}

Result<Node> parse_member(nlattr *member)
{
	static constexpr auto policy = member_policy();
	std::array<nlattr *, HIVE_MEMBER_ATTR_MAX + 1> attrs{};
	if (const int err = nla_parse_nested(attrs.data(), HIVE_MEMBER_ATTR_MAX, member,
					     policy.data());
	    err < 0)
		return malformed(std::string("in a member: ") + nl_geterror(err));
	if (const auto missing = missing_attribute(attrs, required_member_attributes))
		return malformed("a member has no " + std::string(*missing));
	auto address = address_text(attrs[HIVE_MEMBER_ATTR_ADDR]);
	if (!address)
		return address.error();

	Node node;
	node.node_id = nla_get_u32(attrs[HIVE_MEMBER_ATTR_NODE_ID]);
	if (attrs[HIVE_MEMBER_ATTR_INCARNATION])
		node.incarnation = nla_get_u64(attrs[HIVE_MEMBER_ATTR_INCARNATION]);
	node.address = std::move(address.value());
	node.port = nla_get_u16(attrs[HIVE_MEMBER_ATTR_PORT]);
	return node;
}

} // namespace

Result<Nodes> parse_node_list(std::span<nlmsghdr *const> messages)
{
	static constexpr auto policy = message_policy();
	Nodes nodes;
	for (nlmsghdr *message : messages) {
		std::array<nlattr *, HIVE_ATTR_MAX + 1> attrs{};
		if (const int err = genlmsg_parse(message, 0, attrs.data(), HIVE_ATTR_MAX,
						  policy.data());
		    err < 0)
			return malformed(nl_geterror(err));
		if (const auto missing = missing_attribute(attrs, required_message_attributes))
			return malformed("a message has no " + std::string(*missing));

		const uint64_t epoch = nla_get_u64(attrs[HIVE_ATTR_VIEW_EPOCH]);
		if (nodes.nodes.empty())
			nodes.view_epoch = epoch;
		else if (epoch != nodes.view_epoch)
			return Error{"the membership view changed while it was being read; "
				     "try again"};
		auto node = parse_member(attrs[HIVE_ATTR_MEMBER]);
		if (!node)
			return node.error();
		nodes.nodes.push_back(std::move(node.value()));
	}
	return nodes;
}

} // namespace hive
