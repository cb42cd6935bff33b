// SPDX-License-Identifier: GPL-2.0
#include "hive/validate.hpp"

#include <gtest/gtest.h>

namespace {

TEST(ParseNodeId, AcceptsTheRange)
{
	const auto low = hive::parse_node_id("1");
	const auto high = hive::parse_node_id("1023");
	ASSERT_TRUE(low.ok());
	ASSERT_TRUE(high.ok());
	EXPECT_EQ(low.value(), 1u);
	EXPECT_EQ(high.value(), 1023u);
}

TEST(ParseNodeId, RejectsWords)
{
	const auto result = hive::parse_node_id("abc");
	ASSERT_FALSE(result.ok());
	EXPECT_EQ(result.error().message, "'abc' is not a node id (must be 1..1023)");
}

TEST(ParseNodeId, RejectsEmptyText)
{
	const auto result = hive::parse_node_id("");
	ASSERT_FALSE(result.ok());
	EXPECT_EQ(result.error().message, "'' is not a node id (must be 1..1023)");
}

TEST(ParseNodeId, RejectsSurroundingSpace)
{
	EXPECT_FALSE(hive::parse_node_id(" 5").ok());
	EXPECT_FALSE(hive::parse_node_id("5 ").ok());
}

TEST(CheckClusterName, AcceptsAllowedCharacters)
{
	EXPECT_TRUE(hive::check_cluster_name("Az09_.-").ok());
}

TEST(CheckClusterName, RejectsEmptyName)
{
	const auto result = hive::check_cluster_name("");
	ASSERT_FALSE(result.ok());
	EXPECT_EQ(result.error().message,
		  "'' is not a cluster name (use 1..32 of the characters A-Z a-z 0-9 _ . -)");
}

} // namespace
