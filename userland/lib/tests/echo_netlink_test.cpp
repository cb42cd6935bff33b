// SPDX-License-Identifier: GPL-2.0
#include "echo_netlink.hpp"

#include <array>
#include <string>

#include <gtest/gtest.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include "hive_netlink.h"
#include "netlink_handles.hpp"

namespace {

constexpr const char *malformed = "the hive kernel module sent a malformed echo reply: ";

// An ECHO reply as hive.ko builds it after 10 calls, with every attribute
// but @left_out, which a test may then add in a broken form.
hive::MessagePtr reply_without(int left_out)
{
	hive::MessagePtr reply(nlmsg_alloc());
	EXPECT_NE(genlmsg_put(reply.get(), 0, 1, 0x20, 0, 0, HIVE_CMD_ECHO, HIVE_GENL_VERSION),
		  nullptr);
	if (left_out != HIVE_ATTR_ECHO_COUNT) {
		EXPECT_EQ(nla_put_u32(reply.get(), HIVE_ATTR_ECHO_COUNT, 10), 0);
	}
	const std::pair<int, uint64_t> times[] = {
		{HIVE_ATTR_ECHO_NS_TOTAL, 7200000}, {HIVE_ATTR_ECHO_NS_MIN, 612000},
		{HIVE_ATTR_ECHO_NS_P50, 701000},    {HIVE_ATTR_ECHO_NS_P99, 1502000},
		{HIVE_ATTR_ECHO_NS_MAX, 1600000},
	};
	for (const auto &[type, ns] : times)
		if (left_out != type) {
			EXPECT_EQ(nla_put_u64(reply.get(), type, ns), 0);
		}
	return reply;
}

hive::Result<hive::EchoResult> parse(const hive::MessagePtr &reply, bool oneway = false)
{
	return hive::parse_echo_reply(nlmsg_hdr(reply.get()), oneway);
}

std::string error_for(const hive::MessagePtr &reply, bool oneway = false)
{
	const auto result = parse(reply, oneway);
	EXPECT_FALSE(result.ok());
	return result.ok() ? std::string() : result.error().message;
}

// The request's attributes, read back as the kernel's policy would.
std::array<nlattr *, HIVE_ATTR_MAX + 1> request_attributes(const hive::MessagePtr &message)
{
	std::array<nla_policy, HIVE_ATTR_MAX + 1> policy{};
	policy[HIVE_ATTR_NODE_ID].type = NLA_U32;
	policy[HIVE_ATTR_ECHO_COUNT].type = NLA_U32;
	policy[HIVE_ATTR_ECHO_SIZE].type = NLA_U32;
	policy[HIVE_ATTR_ECHO_ONEWAY].type = NLA_FLAG;
	policy[HIVE_ATTR_ECHO_TIMEOUT_MS].type = NLA_U32;
	policy[HIVE_ATTR_ECHO_HOLD_MS].type = NLA_U32;
	policy[HIVE_ATTR_ECHO_PAGES].type = NLA_U32;
	std::array<nlattr *, HIVE_ATTR_MAX + 1> attrs{};
	EXPECT_EQ(genlmsg_parse(nlmsg_hdr(message.get()), 0, attrs.data(), HIVE_ATTR_MAX,
				policy.data()),
		  0);
	return attrs;
}

hive::MessagePtr echo_request(const hive::EchoRequest &request)
{
	hive::MessagePtr message(nlmsg_alloc());
	EXPECT_NE(genlmsg_put(message.get(), 0, 1, 0x20, 0, NLM_F_REQUEST | NLM_F_ACK,
			      HIVE_CMD_ECHO, HIVE_GENL_VERSION),
		  nullptr);
	EXPECT_EQ(hive::put_echo_request(message.get(), request), 0);
	return message;
}

TEST(EchoRequest, CarriesTheRequiredAttributes)
{
	const auto message = echo_request({3, 10, 64, false, 0});
	const auto attrs = request_attributes(message);
	ASSERT_NE(attrs[HIVE_ATTR_NODE_ID], nullptr);
	ASSERT_NE(attrs[HIVE_ATTR_ECHO_COUNT], nullptr);
	ASSERT_NE(attrs[HIVE_ATTR_ECHO_SIZE], nullptr);
	EXPECT_EQ(nla_get_u32(attrs[HIVE_ATTR_NODE_ID]), 3u);
	EXPECT_EQ(nla_get_u32(attrs[HIVE_ATTR_ECHO_COUNT]), 10u);
	EXPECT_EQ(nla_get_u32(attrs[HIVE_ATTR_ECHO_SIZE]), 64u);
	// The kernel's defaults apply: round trips, 30 s per call.
	EXPECT_EQ(attrs[HIVE_ATTR_ECHO_ONEWAY], nullptr);
	EXPECT_EQ(attrs[HIVE_ATTR_ECHO_TIMEOUT_MS], nullptr);
	EXPECT_EQ(attrs[HIVE_ATTR_ECHO_HOLD_MS], nullptr);
	EXPECT_EQ(attrs[HIVE_ATTR_ECHO_PAGES], nullptr);
}

TEST(EchoRequest, CarriesTheOptionalAttributesWhenAsked)
{
	const auto message = echo_request({1023, 1000000, 0, true, 600000, 25000, 512});
	const auto attrs = request_attributes(message);
	ASSERT_NE(attrs[HIVE_ATTR_ECHO_PAGES], nullptr);
	EXPECT_EQ(nla_get_u32(attrs[HIVE_ATTR_ECHO_PAGES]), 512u);
	ASSERT_NE(attrs[HIVE_ATTR_ECHO_HOLD_MS], nullptr);
	EXPECT_EQ(nla_get_u32(attrs[HIVE_ATTR_ECHO_HOLD_MS]), 25000u);
	ASSERT_NE(attrs[HIVE_ATTR_ECHO_ONEWAY], nullptr);
	EXPECT_EQ(nla_len(attrs[HIVE_ATTR_ECHO_ONEWAY]), 0);
	ASSERT_NE(attrs[HIVE_ATTR_ECHO_TIMEOUT_MS], nullptr);
	EXPECT_EQ(nla_get_u32(attrs[HIVE_ATTR_ECHO_TIMEOUT_MS]), 600000u);
	EXPECT_EQ(nla_get_u32(attrs[HIVE_ATTR_ECHO_SIZE]), 0u);
}

TEST(EchoReply, ReadsEveryMeasurement)
{
	const auto result = parse(reply_without(HIVE_ATTR_UNSPEC));
	ASSERT_TRUE(result.ok()) << result.error().message;
	EXPECT_EQ(result.value(), (hive::EchoResult{10, 7200000, 612000, 701000, 1502000, 1600000}));
}

TEST(EchoReply, OneWayNeedsOnlyTheCountAndTheTotal)
{
	hive::MessagePtr reply(nlmsg_alloc());
	ASSERT_NE(genlmsg_put(reply.get(), 0, 1, 0x20, 0, 0, HIVE_CMD_ECHO, HIVE_GENL_VERSION),
		  nullptr);
	ASSERT_EQ(nla_put_u32(reply.get(), HIVE_ATTR_ECHO_COUNT, 1000), 0);
	ASSERT_EQ(nla_put_u64(reply.get(), HIVE_ATTR_ECHO_NS_TOTAL, 1230000000), 0);
	const auto result = parse(reply, true);
	ASSERT_TRUE(result.ok()) << result.error().message;
	EXPECT_EQ(result.value(), (hive::EchoResult{1000, 1230000000, 0, 0, 0, 0}));
}

TEST(EchoReply, OneWayIgnoresRoundTripTimes)
{
	const auto result = parse(reply_without(HIVE_ATTR_UNSPEC), true);
	ASSERT_TRUE(result.ok()) << result.error().message;
	EXPECT_EQ(result.value(), (hive::EchoResult{10, 7200000, 0, 0, 0, 0}));
}

TEST(EchoReply, NamesAMissingAttribute)
{
	EXPECT_EQ(error_for(reply_without(HIVE_ATTR_ECHO_COUNT)),
		  std::string(malformed) + "it has no count");
	EXPECT_EQ(error_for(reply_without(HIVE_ATTR_ECHO_NS_TOTAL), true),
		  std::string(malformed) + "it has no total time");
	EXPECT_EQ(error_for(reply_without(HIVE_ATTR_ECHO_NS_P99)),
		  std::string(malformed) + "it has no 99th percentile");
}

TEST(EchoReply, RefusesAnAttributeOfTheWrongSize)
{
	const auto reply = reply_without(HIVE_ATTR_ECHO_COUNT);
	ASSERT_EQ(nla_put_u8(reply.get(), HIVE_ATTR_ECHO_COUNT, 10), 0);
	EXPECT_EQ(error_for(reply).rfind(malformed, 0), 0u) << error_for(reply);
}

TEST(EchoReply, RefusesTimesOutOfOrder)
{
	const auto reply = reply_without(HIVE_ATTR_ECHO_NS_MIN);
	ASSERT_EQ(nla_put_u64(reply.get(), HIVE_ATTR_ECHO_NS_MIN, 800000), 0);
	EXPECT_EQ(error_for(reply), std::string(malformed) +
					    "its round-trip times are out of order (minimum, "
					    "median, 99th percentile, maximum)");
}

} // namespace
