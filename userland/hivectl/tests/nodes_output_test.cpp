// SPDX-License-Identifier: GPL-2.0
#include "nodes_output.hpp"

#include <gtest/gtest.h>

namespace {

const hivectl::Members view{
	42,
	{
		{{1, 5, "198.18.0.1", 7100}, {"up", 612, 10, 11, 640, 704, 0, 1}},
		{{2, 0, "2001:db8::2", 7100}, {"self", 0, 0, 0, 0, 0, 0, 0}},
		{{12, 1700000000123, "198.18.0.12", 17100},
		 {"suspect", 1502, 123456, 7, 9000000, 448, 3, 4}},
	},
};
const hivectl::Members no_view;

TEST(RttText, GivesMillisecondsWithThreeDecimals)
{
	EXPECT_EQ(hivectl::rtt_text({"up", 612, 0, 0, 0, 0, 0, 0}), "0.612 ms");
	EXPECT_EQ(hivectl::rtt_text({"up", 1600, 0, 0, 0, 0, 0, 0}), "1.600 ms");
	EXPECT_EQ(hivectl::rtt_text({"down", 12345678, 0, 0, 0, 0, 0, 0}), "12345.678 ms");
}

TEST(RttText, IsADashWhenNotMeasuredAndForThisNode)
{
	EXPECT_EQ(hivectl::rtt_text({"up", 0, 0, 0, 0, 0, 0, 0}), "-");
	EXPECT_EQ(hivectl::rtt_text({"self", 17, 0, 0, 0, 0, 0, 0}), "-");
}

TEST(NodesTable, AlignsTheColumnsAndMarksThisNode)
{
	EXPECT_EQ(hivectl::nodes_table(view, 2),
		  "ID  ADDRESS      PORT   STATE    RTT       TX      RX  ERRORS  INCARNATION\n"
		  "1   198.18.0.1   7100   up       0.612 ms  10      11  0       5\n"
		  "2   2001:db8::2  7100   self     -         0       0   0       unknown (this node)\n"
		  "12  198.18.0.12  17100  suspect  1.502 ms  123456  7   3       1700000000123\n");
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
		  "\"local\":false,\"state\":\"up\",\"rtt_us\":612,\"tx_messages\":10,"
		  "\"rx_messages\":11,\"tx_bytes\":640,\"rx_bytes\":704,\"errors\":0,\"connects\":1},"
		  "{\"node_id\":2,\"address\":\"2001:db8::2\",\"port\":7100,\"incarnation\":null,"
		  "\"local\":false,\"state\":\"self\",\"rtt_us\":null,\"tx_messages\":0,"
		  "\"rx_messages\":0,\"tx_bytes\":0,\"rx_bytes\":0,\"errors\":0,\"connects\":0},"
		  "{\"node_id\":12,\"address\":\"198.18.0.12\",\"port\":17100,"
		  "\"incarnation\":1700000000123,\"local\":true,\"state\":\"suspect\","
		  "\"rtt_us\":1502,\"tx_messages\":123456,\"rx_messages\":7,\"tx_bytes\":9000000,"
		  "\"rx_bytes\":448,\"errors\":3,\"connects\":4}]}\n");
}

TEST(NodesJson, UsesNullAndAnEmptyListWithoutAView)
{
	EXPECT_EQ(hivectl::nodes_json(no_view, 3), "{\"view_epoch\":null,\"nodes\":[]}\n");
}

TEST(NodesJson, EscapesTheState)
{
	hivectl::Members odd = view;
	odd.members.resize(1);
	odd.members[0].link.state = "a\"b";
	EXPECT_NE(hivectl::nodes_json(odd, 0).find(",\"state\":\"a\\\"b\","), std::string::npos);
}

} // namespace
