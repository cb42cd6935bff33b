// SPDX-License-Identifier: GPL-2.0
#include "status_output.hpp"

#include <gtest/gtest.h>

#include "hive_netlink.h"

namespace {

const hive::Status configured{"0.1.0", 7, HIVE_STATE_CONFIGURED, "alpha", 123, 0};
const hive::Status unconfigured{"0.1.0", 0, HIVE_STATE_UNCONFIGURED, "", 123, 0};
const hive::Status quorate{"0.1.0", 7, HIVE_STATE_QUORATE, "alpha", 123, 9};

TEST(StatusTable, AlignsTheValues)
{
	EXPECT_EQ(hivectl::status_table(configured),
		  "version      0.1.0\n"
		  "node id      7\n"
		  "state        configured\n"
		  "cluster      alpha\n"
		  "incarnation  123\n"
		  "view epoch   none\n");
}

TEST(StatusTable, ShowsTheViewEpoch)
{
	EXPECT_EQ(hivectl::status_table(quorate),
		  "version      0.1.0\n"
		  "node id      7\n"
		  "state        quorate\n"
		  "cluster      alpha\n"
		  "incarnation  123\n"
		  "view epoch   9\n");
}

TEST(StatusTable, ShowsNoneBeforeConfiguration)
{
	EXPECT_EQ(hivectl::status_table(unconfigured),
		  "version      0.1.0\n"
		  "node id      none\n"
		  "state        unconfigured\n"
		  "cluster      none\n"
		  "incarnation  123\n"
		  "view epoch   none\n");
}

TEST(StatusTable, NamesAnUnknownStateByNumber)
{
	hive::Status newer = configured;
	newer.state = 42;
	EXPECT_NE(hivectl::status_table(newer).find("state        unknown (42)\n"), std::string::npos);
}

TEST(StatusJson, IsOneObject)
{
	EXPECT_EQ(hivectl::status_json(configured),
		  "{\"version\":\"0.1.0\",\"node_id\":7,\"state\":\"configured\","
		  "\"cluster_name\":\"alpha\",\"incarnation\":123,\"view_epoch\":null}\n");
}

TEST(StatusJson, ShowsTheViewEpoch)
{
	EXPECT_EQ(hivectl::status_json(quorate),
		  "{\"version\":\"0.1.0\",\"node_id\":7,\"state\":\"quorate\","
		  "\"cluster_name\":\"alpha\",\"incarnation\":123,\"view_epoch\":9}\n");
}

TEST(StatusJson, UsesNullBeforeConfiguration)
{
	EXPECT_EQ(hivectl::status_json(unconfigured),
		  "{\"version\":\"0.1.0\",\"node_id\":null,\"state\":\"unconfigured\","
		  "\"cluster_name\":null,\"incarnation\":123,\"view_epoch\":null}\n");
}

TEST(StatusJson, EscapesStrings)
{
	hive::Status odd = configured;
	odd.version = "1.0\"beta\\2\n\x01";
	EXPECT_EQ(hivectl::status_json(odd),
		  "{\"version\":\"1.0\\\"beta\\\\2\\u000a\\u0001\",\"node_id\":7,"
		  "\"state\":\"configured\",\"cluster_name\":\"alpha\",\"incarnation\":123,"
		  "\"view_epoch\":null}\n");
}

} // namespace
