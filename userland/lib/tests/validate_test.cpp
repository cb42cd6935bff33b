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

TEST(ParseNumber, AcceptsBothEndsOfTheRange)
{
	EXPECT_EQ(hive::parse_number("0", 0, 1048560, "a size").value(), 0u);
	EXPECT_EQ(hive::parse_number("1048560", 0, 1048560, "a size").value(), 1048560u);
}

TEST(ParseNumber, RefusesWhatIsOutsideIt)
{
	for (const char *text : {"0", "1000001", "4294967296", "-1", "+1", "1e3", "", "10 "}) {
		const auto result = hive::parse_number(text, 1, 1000000, "a count");
		ASSERT_FALSE(result.ok()) << text;
		EXPECT_EQ(result.error().message,
			  "'" + std::string(text) + "' is not a count (must be 1..1000000)");
	}
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
