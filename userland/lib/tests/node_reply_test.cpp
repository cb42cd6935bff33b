// SPDX-License-Identifier: GPL-2.0
#include "node_reply.hpp"

#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include "hive_netlink.h"
#include "netlink_handles.hpp"

namespace {

constexpr const char *malformed = "the hive kernel module sent a malformed node list: ";

// Addresses as the kernel sends them: network order.
const std::string ipv4("\xc6\x12\x00\x01", 4); // 198.18.0.1
const std::string ipv6 = std::string("\x20\x01\x0d\xb8", 4) + std::string(11, '\0') + '\x02';

// An empty GET_NODES dump message.
hive::MessagePtr empty_message()
{
	hive::MessagePtr message(nlmsg_alloc());
	EXPECT_NE(genlmsg_put(message.get(), 0, 1, 0x20, 0, NLM_F_MULTI, HIVE_CMD_GET_NODES,
			      HIVE_GENL_VERSION),
		  nullptr);
	return message;
}

// A GET_NODES dump message as hive.ko builds it, with every member
// attribute but @left_out; @extra may then add it in a broken form.
hive::MessagePtr member_message(uint64_t epoch, uint32_t node_id, const std::string &address,
				int left_out = HIVE_MEMBER_ATTR_UNSPEC,
				void (*extra)(nl_msg *) = nullptr)
{
	hive::MessagePtr message = empty_message();
	EXPECT_EQ(nla_put_u64(message.get(), HIVE_ATTR_VIEW_EPOCH, epoch), 0);
	nlattr *member = nla_nest_start(message.get(), HIVE_ATTR_MEMBER);
	EXPECT_NE(member, nullptr);
	if (left_out != HIVE_MEMBER_ATTR_NODE_ID) {
		EXPECT_EQ(nla_put_u32(message.get(), HIVE_MEMBER_ATTR_NODE_ID, node_id), 0);
	}
	if (left_out != HIVE_MEMBER_ATTR_INCARNATION) {
		EXPECT_EQ(nla_put_u64(message.get(), HIVE_MEMBER_ATTR_INCARNATION, 1000 + node_id), 0);
	}
	if (left_out != HIVE_MEMBER_ATTR_ADDR) {
		EXPECT_EQ(nla_put(message.get(), HIVE_MEMBER_ATTR_ADDR,
				  static_cast<int>(address.size()), address.data()),
			  0);
	}
	if (left_out != HIVE_MEMBER_ATTR_PORT) {
		EXPECT_EQ(nla_put_u16(message.get(), HIVE_MEMBER_ATTR_PORT, 7100), 0);
	}
	if (extra)
		extra(message.get());
	nla_nest_end(message.get(), member);
	return message;
}

hive::Result<hive::Nodes> parse(const std::vector<hive::MessagePtr> &messages)
{
	std::vector<nlmsghdr *> headers;
	for (const auto &message : messages)
		headers.push_back(nlmsg_hdr(message.get()));
	return hive::parse_node_list(headers);
}

template <typename... Messages>
std::vector<hive::MessagePtr> dump(Messages... messages)
{
	std::vector<hive::MessagePtr> list;
	(list.push_back(std::move(messages)), ...);
	return list;
}

std::string error_for(const std::vector<hive::MessagePtr> &messages)
{
	const auto result = parse(messages);
	EXPECT_FALSE(result.ok());
	return result.ok() ? std::string() : result.error().message;
}

TEST(NodeList, ReadsAnIpv4Member)
{
	const auto nodes = parse(dump(member_message(42, 1, ipv4)));
	ASSERT_TRUE(nodes.ok()) << nodes.error().message;
	EXPECT_EQ(nodes.value().view_epoch, 42u);
	ASSERT_EQ(nodes.value().nodes.size(), 1u);
	const hive::Node &node = nodes.value().nodes[0];
	EXPECT_EQ(node.node_id, 1u);
	EXPECT_EQ(node.incarnation, 1001u);
	EXPECT_EQ(node.address, "198.18.0.1");
	EXPECT_EQ(node.port, 7100);
}

TEST(NodeList, ReadsAnIpv6Member)
{
	const auto nodes = parse(dump(member_message(42, 2, ipv6)));
	ASSERT_TRUE(nodes.ok()) << nodes.error().message;
	ASSERT_EQ(nodes.value().nodes.size(), 1u);
	EXPECT_EQ(nodes.value().nodes[0].address, "2001:db8::2");
}

TEST(NodeList, KeepsTheKernelsOrder)
{
	const auto nodes = parse(dump(member_message(7, 1, ipv4), member_message(7, 2, ipv6),
				      member_message(7, 9, ipv4)));
	ASSERT_TRUE(nodes.ok()) << nodes.error().message;
	ASSERT_EQ(nodes.value().nodes.size(), 3u);
	EXPECT_EQ(nodes.value().nodes[0].node_id, 1u);
	EXPECT_EQ(nodes.value().nodes[1].node_id, 2u);
	EXPECT_EQ(nodes.value().nodes[2].node_id, 9u);
}

TEST(NodeList, EmptyDumpIsNoView)
{
	const auto nodes = parse({});
	ASSERT_TRUE(nodes.ok()) << nodes.error().message;
	EXPECT_EQ(nodes.value().view_epoch, 0u);
	EXPECT_TRUE(nodes.value().nodes.empty());
}

TEST(NodeList, IncarnationIsOptional)
{
	const auto nodes = parse(dump(member_message(42, 1, ipv4, HIVE_MEMBER_ATTR_INCARNATION)));
	ASSERT_TRUE(nodes.ok()) << nodes.error().message;
	EXPECT_EQ(nodes.value().nodes[0].incarnation, 0u);
}

TEST(NodeList, SkipsAlignmentPadding)
{
	// nla_put_u64_64bit() pads with a type 0 attribute where 64-bit
	// values must be aligned.
	hive::MessagePtr message = empty_message();
	ASSERT_EQ(nla_put(message.get(), HIVE_ATTR_UNSPEC, 0, nullptr), 0);
	ASSERT_EQ(nla_put_u64(message.get(), HIVE_ATTR_VIEW_EPOCH, 5), 0);
	nlattr *member = nla_nest_start(message.get(), HIVE_ATTR_MEMBER);
	ASSERT_EQ(nla_put_u32(message.get(), HIVE_MEMBER_ATTR_NODE_ID, 3), 0);
	ASSERT_EQ(nla_put(message.get(), HIVE_MEMBER_ATTR_UNSPEC, 0, nullptr), 0);
	ASSERT_EQ(nla_put_u64(message.get(), HIVE_MEMBER_ATTR_INCARNATION, 8), 0);
	ASSERT_EQ(nla_put(message.get(), HIVE_MEMBER_ATTR_ADDR, 4, ipv4.data()), 0);
	ASSERT_EQ(nla_put_u16(message.get(), HIVE_MEMBER_ATTR_PORT, 7100), 0);
	nla_nest_end(message.get(), member);

	const auto nodes = parse(dump(std::move(message)));
	ASSERT_TRUE(nodes.ok()) << nodes.error().message;
	EXPECT_EQ(nodes.value().view_epoch, 5u);
	EXPECT_EQ(nodes.value().nodes[0].incarnation, 8u);
}

TEST(NodeList, RefusesMessagesOfDifferentViews)
{
	EXPECT_EQ(error_for(dump(member_message(7, 1, ipv4), member_message(8, 2, ipv4))),
		  "the membership view changed while it was being read; try again");
}

TEST(NodeList, RefusesAMemberWithoutNodeId)
{
	EXPECT_EQ(error_for(dump(member_message(7, 1, ipv4, HIVE_MEMBER_ATTR_NODE_ID))),
		  std::string(malformed) + "a member has no node id");
}

TEST(NodeList, RefusesAMemberWithoutAddress)
{
	EXPECT_EQ(error_for(dump(member_message(7, 1, ipv4, HIVE_MEMBER_ATTR_ADDR))),
		  std::string(malformed) + "a member has no address");
}

TEST(NodeList, RefusesAMemberWithoutPort)
{
	EXPECT_EQ(error_for(dump(member_message(7, 1, ipv4, HIVE_MEMBER_ATTR_PORT))),
		  std::string(malformed) + "a member has no port");
}

TEST(NodeList, RefusesAnAddressOfAnotherLength)
{
	EXPECT_EQ(error_for(dump(member_message(7, 1, std::string(6, '\1')))),
		  std::string(malformed) +
			  "a member's address is 6 bytes long, not 4 (IPv4) or 16 (IPv6)");
	EXPECT_TRUE(error_for(dump(member_message(7, 1, ""))).starts_with(malformed));
}

TEST(NodeList, RefusesAShortPort)
{
	const auto short_port = [](nl_msg *message) {
		EXPECT_EQ(nla_put_u8(message, HIVE_MEMBER_ATTR_PORT, 1), 0);
	};
	EXPECT_TRUE(error_for(dump(member_message(7, 1, ipv4, HIVE_MEMBER_ATTR_PORT, short_port)))
			    .starts_with(std::string(malformed) + "in a member: "));
}

TEST(NodeList, RefusesAMessageWithoutMember)
{
	hive::MessagePtr message = empty_message();
	ASSERT_EQ(nla_put_u64(message.get(), HIVE_ATTR_VIEW_EPOCH, 7), 0);
	EXPECT_EQ(error_for(dump(std::move(message))), std::string(malformed) + "a message has no member");
}

TEST(NodeList, RefusesAMessageWithoutEpoch)
{
	hive::MessagePtr message = empty_message();
	ASSERT_EQ(nla_put_u32(message.get(), HIVE_ATTR_NODE_ID, 1), 0);
	EXPECT_EQ(error_for(dump(std::move(message))),
		  std::string(malformed) + "a message has no view epoch");
}

} // namespace
