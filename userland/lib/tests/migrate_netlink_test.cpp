// SPDX-License-Identifier: GPL-2.0
#include "migrate_netlink.hpp"

#include <string>

#include <gtest/gtest.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include "hive_netlink.h"
#include "netlink_handles.hpp"

namespace {

constexpr const char *malformed = "the hive kernel module sent a malformed migration check: ";

// A MIGRATE_CHECK reply as hive.ko builds it, without @left_out.
hive::MessagePtr reply_without(int left_out)
{
	hive::MessagePtr reply(nlmsg_alloc());
	EXPECT_NE(genlmsg_put(reply.get(), 0, 1, 0x20, 0, 0, HIVE_CMD_MIGRATE_CHECK,
			      HIVE_GENL_VERSION),
		  nullptr);
	const std::pair<int, uint32_t> counts[] = {
		{HIVE_ATTR_PID, 16400},
		{HIVE_ATTR_MIGRATE_THREADS, 4},
		{HIVE_ATTR_MIGRATE_MAPPINGS, 23},
		{HIVE_ATTR_MIGRATE_STATE_BYTES, 5325},
	};
	for (const auto &[type, value] : counts)
		if (type != left_out) {
			EXPECT_EQ(nla_put_u32(reply.get(), type, value), 0);
		}
	if (left_out != HIVE_ATTR_MIGRATE_MEMORY) {
		EXPECT_EQ(nla_put_u64(reply.get(), HIVE_ATTR_MIGRATE_MEMORY, 1468006), 0);
	}
	return reply;
}

void put_why(const hive::MessagePtr &reply, uint32_t code, uint32_t arg, const char *detail)
{
	nlattr *nest = nla_nest_start(reply.get(), HIVE_ATTR_MIGRATE_WHY);
	ASSERT_NE(nest, nullptr);
	if (code) {
		ASSERT_EQ(nla_put_u32(reply.get(), HIVE_WHY_ATTR_CODE, code), 0);
	}
	ASSERT_EQ(nla_put_u32(reply.get(), HIVE_WHY_ATTR_ARG, arg), 0);
	if (detail) {
		ASSERT_EQ(nla_put_string(reply.get(), HIVE_WHY_ATTR_DETAIL, detail), 0);
	}
	nla_nest_end(reply.get(), nest);
}

TEST(MigrateCheckReply, ReadsCountsAndReasonsInOrder)
{
	const auto reply = reply_without(0);
	put_why(reply, HIVE_WHY_DESCRIPTOR, 1, "/dev/pts/0");
	put_why(reply, HIVE_WHY_PTRACED, 16401, nullptr);
	ASSERT_EQ(nla_put_u32(reply.get(), HIVE_ATTR_MIGRATE_WHYS_LEFT, 2), 0);
	const auto check = hive::parse_migrate_check_reply(nlmsg_hdr(reply.get()));
	ASSERT_TRUE(check.ok()) << check.error().message;
	hive::MigrateCheck want;
	want.pid = 16400;
	want.threads = 4;
	want.mappings = 23;
	want.state_bytes = 5325;
	want.memory = 1468006;
	want.whys = {{HIVE_WHY_DESCRIPTOR, 1, "/dev/pts/0"}, {HIVE_WHY_PTRACED, 16401, ""}};
	want.whys_left = 2;
	EXPECT_EQ(want, check.value());
}

TEST(MigrateCheckReply, AMovableProcessHasNoReasons)
{
	const auto check = hive::parse_migrate_check_reply(nlmsg_hdr(reply_without(0).get()));
	ASSERT_TRUE(check.ok());
	EXPECT_TRUE(check.value().whys.empty());
	EXPECT_EQ(0u, check.value().whys_left);
}

TEST(MigrateCheckReply, EveryMissingCountIsMalformed)
{
	const std::pair<int, const char *> required[] = {
		{HIVE_ATTR_PID, "process id"},
		{HIVE_ATTR_MIGRATE_THREADS, "thread count"},
		{HIVE_ATTR_MIGRATE_MAPPINGS, "mapping count"},
		{HIVE_ATTR_MIGRATE_STATE_BYTES, "state size"},
		{HIVE_ATTR_MIGRATE_MEMORY, "memory size"},
	};
	for (const auto &[type, name] : required) {
		const auto check = hive::parse_migrate_check_reply(nlmsg_hdr(reply_without(type).get()));
		ASSERT_FALSE(check.ok()) << name;
		EXPECT_EQ(std::string(malformed) + "it has no " + name, check.error().message);
	}
}

TEST(MigrateCheckReply, AReasonNeedsAKnownCode)
{
	for (uint32_t code : {0u, uint32_t(__HIVE_WHY_COUNT), 1000u}) {
		const auto reply = reply_without(0);
		put_why(reply, code, 0, nullptr);
		const auto check = hive::parse_migrate_check_reply(nlmsg_hdr(reply.get()));
		ASSERT_FALSE(check.ok()) << code;
		EXPECT_EQ(0u, check.error().message.find(malformed)) << code;
	}
}

} // namespace
