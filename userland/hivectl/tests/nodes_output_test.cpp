// SPDX-License-Identifier: GPL-2.0
#include "nodes_output.hpp"

#include <gtest/gtest.h>

namespace {

const hive::Nodes view{
	42,
	{
		{1, 5, "198.18.0.1", 7100},
		{2, 0, "2001:db8::2", 7100},
		{12, 1700000000123, "198.18.0.12", 17100},
	},
};
const hive::Nodes no_view;

TEST(NodesTable, AlignsTheColumnsAndMarksThisNode)
{
	EXPECT_EQ(hivectl::nodes_table(view, 2),
		  "ID  ADDRESS      PORT   INCARNATION\n"
		  "1   198.18.0.1   7100   5\n"
		  "2   2001:db8::2  7100   unknown (this node)\n"
		  "12  198.18.0.12  17100  1700000000123\n");
}

TEST(NodesTable, MarksNoRowWhenThisNodeIsNotAMember)
{
	EXPECT_EQ(hivectl::nodes_table(view, 0).find("(this node)"), std::string::npos);
}

TEST(NodesTable, SaysWhenThereIsNoView)
{
	EXPECT_EQ(hivectl::nodes_table(no_view, 3),
		  "no membership view yet (hived has not joined a cluster)\n");
}

TEST(NodesJson, IsOneObject)
{
	EXPECT_EQ(hivectl::nodes_json(view, 12),
		  "{\"view_epoch\":42,\"nodes\":["
		  "{\"node_id\":1,\"address\":\"198.18.0.1\",\"port\":7100,\"incarnation\":5,"
		  "\"local\":false},"
		  "{\"node_id\":2,\"address\":\"2001:db8::2\",\"port\":7100,\"incarnation\":null,"
		  "\"local\":false},"
		  "{\"node_id\":12,\"address\":\"198.18.0.12\",\"port\":17100,"
		  "\"incarnation\":1700000000123,\"local\":true}]}\n");
}

TEST(NodesJson, UsesNullAndAnEmptyListWithoutAView)
{
	EXPECT_EQ(hivectl::nodes_json(no_view, 3), "{\"view_epoch\":null,\"nodes\":[]}\n");
}

} // namespace
