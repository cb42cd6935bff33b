// SPDX-License-Identifier: GPL-2.0
#include "status_reply.hpp"

#include <string>

#include <gtest/gtest.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include "hive_netlink.h"
#include "netlink_handles.hpp"

namespace {

constexpr const char *malformed = "the hive kernel module sent a malformed status reply: ";

// A GET_STATUS reply as hive.ko builds it, with every required attribute
// but @left_out, which a test may then add in a broken form.
hive::MessagePtr reply_without(int left_out)
{
	hive::MessagePtr reply(nlmsg_alloc());
	EXPECT_NE(genlmsg_put(reply.get(), 0, 1, 0x20, 0, 0, HIVE_CMD_GET_STATUS,
			      HIVE_GENL_VERSION),
		  nullptr);
	if (left_out != HIVE_ATTR_VERSION) {
		EXPECT_EQ(nla_put_string(reply.get(), HIVE_ATTR_VERSION, "0.1.0"), 0);
	}
	if (left_out != HIVE_ATTR_NODE_ID) {
		EXPECT_EQ(nla_put_u32(reply.get(), HIVE_ATTR_NODE_ID, 7), 0);
	}
	if (left_out != HIVE_ATTR_STATE) {
		EXPECT_EQ(nla_put_u32(reply.get(), HIVE_ATTR_STATE, HIVE_STATE_CONFIGURED), 0);
	}
	return reply;
}

hive::Result<hive::Status> parse(const hive::MessagePtr &reply)
{
	return hive::parse_status_reply(nlmsg_hdr(reply.get()));
}

std::string error_for(const hive::MessagePtr &reply)
{
	const auto result = parse(reply);
	EXPECT_FALSE(result.ok());
	return result.ok() ? std::string() : result.error().message;
}

TEST(StatusReply, ReadsEveryAttribute)
{
	const auto reply = reply_without(HIVE_ATTR_UNSPEC);
	ASSERT_EQ(nla_put_string(reply.get(), HIVE_ATTR_CLUSTER_NAME, "alpha"), 0);
	ASSERT_EQ(nla_put_u64(reply.get(), HIVE_ATTR_INCARNATION, 0x1234567890), 0);
	ASSERT_EQ(nla_put_u64(reply.get(), HIVE_ATTR_VIEW_EPOCH, 42), 0);
	const auto status = parse(reply);
	ASSERT_TRUE(status.ok()) << status.error().message;
	EXPECT_EQ(status.value().version, "0.1.0");
	EXPECT_EQ(status.value().node_id, 7u);
	EXPECT_EQ(status.value().state, uint32_t{HIVE_STATE_CONFIGURED});
	EXPECT_EQ(status.value().cluster_name, "alpha");
	EXPECT_EQ(status.value().incarnation, 0x1234567890u);
	EXPECT_EQ(status.value().view_epoch, 42u);
}

TEST(StatusReply, ClusterNameIsOptional)
{
	const auto status = parse(reply_without(HIVE_ATTR_UNSPEC));
	ASSERT_TRUE(status.ok()) << status.error().message;
	EXPECT_EQ(status.value().cluster_name, "");
}

TEST(StatusReply, MembershipAttributesAreOptional)
{
	// As from a module older than membership.
	const auto status = parse(reply_without(HIVE_ATTR_UNSPEC));
	ASSERT_TRUE(status.ok()) << status.error().message;
	EXPECT_EQ(status.value().incarnation, 0u);
	EXPECT_EQ(status.value().view_epoch, 0u);
}

TEST(StatusReply, RefusesMissingState)
{
	EXPECT_EQ(error_for(reply_without(HIVE_ATTR_STATE)), std::string(malformed) + "it has no state");
}

TEST(StatusReply, RefusesShortNodeId)
{
	const auto reply = reply_without(HIVE_ATTR_NODE_ID);
	ASSERT_EQ(nla_put_u16(reply.get(), HIVE_ATTR_NODE_ID, 7), 0);
	EXPECT_TRUE(error_for(reply).starts_with(malformed));
}

TEST(StatusReply, RefusesShortViewEpoch)
{
	const auto reply = reply_without(HIVE_ATTR_UNSPEC);
	ASSERT_EQ(nla_put_u32(reply.get(), HIVE_ATTR_VIEW_EPOCH, 42), 0);
	EXPECT_TRUE(error_for(reply).starts_with(malformed));
}

TEST(StatusReply, RefusesUnterminatedVersion)
{
	const auto reply = reply_without(HIVE_ATTR_VERSION);
	ASSERT_EQ(nla_put(reply.get(), HIVE_ATTR_VERSION, 5, "0.1.0"), 0);
	EXPECT_TRUE(error_for(reply).starts_with(malformed));
}

TEST(StatusReply, RefusesOverlongClusterName)
{
	const auto reply = reply_without(HIVE_ATTR_UNSPEC);
	ASSERT_EQ(nla_put_string(reply.get(), HIVE_ATTR_CLUSTER_NAME, std::string(40, 'n').c_str()),
		  0);
	EXPECT_TRUE(error_for(reply).starts_with(malformed));
}

} // namespace
