// SPDX-License-Identifier: GPL-2.0
#include "pingpong.hpp"

#include <vector>

#include <gtest/gtest.h>

namespace {

using namespace hive::tools;

hive::Result<PingpongCommand> parse(std::vector<std::string_view> args)
{
	return parse_pingpong_command(args);
}

TEST(PingpongCommand, ServerTakesOnePortZeroIncluded)
{
	const auto server = parse({"server", "0"});
	ASSERT_TRUE(server) << server.error().message;
	EXPECT_EQ(std::get<PingpongServer>(server.value()).port, 0);
	EXPECT_EQ(std::get<PingpongServer>(parse({"server", "7400"}).value()).port, 7400);
	EXPECT_FALSE(parse({"server"}));
	EXPECT_FALSE(parse({"server", "1", "2"}));
	EXPECT_FALSE(parse({"server", "65536"}));
	EXPECT_FALSE(parse({"server", "1", "--size", "64"}));
}

TEST(PingpongCommand, ClientNeedsSizeAndCount)
{
	const auto client = parse({"client", "10.0.0.2", "7400", "--size", "64", "--count=2000"});
	ASSERT_TRUE(client) << client.error().message;
	const auto &c = std::get<PingpongClient>(client.value());
	EXPECT_EQ(c.host, "10.0.0.2");
	EXPECT_EQ(c.port, 7400);
	EXPECT_EQ(c.size, 64u);
	EXPECT_EQ(c.count, 2000u);
	EXPECT_EQ(c.warmup, pingpong_default_warmup);
	EXPECT_FALSE(parse({"client", "h", "1", "--size", "64"}));
	EXPECT_FALSE(parse({"client", "h", "1", "--count", "64"}));
	EXPECT_FALSE(parse({"client", "h", "--size", "64", "--count", "1"}));
}

TEST(PingpongCommand, ClientTakesAWarmupOfZero)
{
	const auto client =
		parse({"client", "h", "1", "--size", "1", "--count", "1", "--warmup", "0"});
	ASSERT_TRUE(client) << client.error().message;
	EXPECT_EQ(std::get<PingpongClient>(client.value()).warmup, 0u);
}

TEST(PingpongCommand, RefusesSizesAndCountsOutOfRange)
{
	EXPECT_FALSE(parse({"client", "h", "1", "--size", "0", "--count", "1"}));
	EXPECT_FALSE(parse({"client", "h", "1", "--size", "16777217", "--count", "1"}));
	EXPECT_TRUE(parse({"client", "h", "1", "--size", "16777216", "--count", "1"}));
	EXPECT_FALSE(parse({"client", "h", "1", "--size", "1", "--count", "0"}));
	EXPECT_FALSE(parse({"client", "h", "1", "--size", "1", "--count", "1", "--wait", "1"}));
}

TEST(PingpongCommand, RefusesAnUnknownMode)
{
	EXPECT_EQ(parse({"serve", "1"}).error().message, "unknown mode 'serve' (server or client)");
	EXPECT_FALSE(parse({}));
}

} // namespace
