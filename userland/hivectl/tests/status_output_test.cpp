// SPDX-License-Identifier: GPL-2.0
#include "status_output.hpp"

#include <gtest/gtest.h>

#include "hive_netlink.h"

namespace {

const hive::Status configured{"0.1.0", 7, HIVE_STATE_CONFIGURED, "alpha", 123, 0};
const hive::Status unconfigured{"0.1.0", 0, HIVE_STATE_UNCONFIGURED, "", 123, 0};
const hive::Status quorate{"0.1.0", 7, HIVE_STATE_QUORATE, "alpha", 123, 9};

const hive::TransportStatus idle{.rekey_bytes = 68719476736, .encryption = "aes-128-gcm"};
const hive::TransportStatus busy{7100, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 1048576, true, "off"};

const std::string idle_lines = "transport port      not listening\n"
			       "transport key       not set\n"
			       "encryption          aes-128-gcm\n"
			       "rekey after         68719476736 bytes\n"
			       "rekeys              0\n"
			       "connections         0\n"
			       "handshakes          0\n"
			       "refused malformed   0\n"
			       "refused cluster     0\n"
			       "refused not member  0\n"
			       "refused auth        0\n"
			       "refused busy        0\n"
			       "refused address     0\n"
			       "refused protection  0\n";
const std::string idle_json = ",\"transport\":{\"port\":null,\"keyed\":false,"
			      "\"encryption\":\"aes-128-gcm\",\"rekey_bytes\":68719476736,"
			      "\"rekeys\":0,"
			      "\"connections\":0,\"handshakes\":0,\"refused_malformed\":0,"
			      "\"refused_cluster\":0,\"refused_not_member\":0,"
			      "\"refused_auth\":0,\"refused_busy\":0,\"refused_address\":0,"
			      "\"refused_protection\":0}}\n";

TEST(StatusTable, AlignsTheValues)
{
	EXPECT_EQ(hivectl::status_table(configured, idle),
		  "version             0.1.0\n"
		  "node id             7\n"
		  "state               configured\n"
		  "cluster             alpha\n"
		  "incarnation         123\n"
		  "view epoch          none\n" +
			  idle_lines);
}

TEST(StatusTable, ShowsTheViewEpoch)
{
	EXPECT_EQ(hivectl::status_table(quorate, idle),
		  "version             0.1.0\n"
		  "node id             7\n"
		  "state               quorate\n"
		  "cluster             alpha\n"
		  "incarnation         123\n"
		  "view epoch          9\n" +
			  idle_lines);
}

TEST(StatusTable, ShowsNoneBeforeConfiguration)
{
	EXPECT_EQ(hivectl::status_table(unconfigured, idle),
		  "version             0.1.0\n"
		  "node id             none\n"
		  "state               unconfigured\n"
		  "cluster             none\n"
		  "incarnation         123\n"
		  "view epoch          none\n" +
			  idle_lines);
}

TEST(StatusTable, NamesAnUnknownStateByNumber)
{
	hive::Status newer = configured;
	newer.state = 42;
	EXPECT_NE(hivectl::status_table(newer, idle).find("state               unknown (42)\n"),
		  std::string::npos);
}

TEST(StatusJson, IsOneObject)
{
	EXPECT_EQ(hivectl::status_json(configured, idle),
		  "{\"version\":\"0.1.0\",\"node_id\":7,\"state\":\"configured\","
		  "\"cluster_name\":\"alpha\",\"incarnation\":123,\"view_epoch\":null" +
			  idle_json);
}

TEST(StatusJson, ShowsTheViewEpoch)
{
	EXPECT_EQ(hivectl::status_json(quorate, idle),
		  "{\"version\":\"0.1.0\",\"node_id\":7,\"state\":\"quorate\","
		  "\"cluster_name\":\"alpha\",\"incarnation\":123,\"view_epoch\":9" +
			  idle_json);
}

TEST(StatusJson, UsesNullBeforeConfiguration)
{
	EXPECT_EQ(hivectl::status_json(unconfigured, idle),
		  "{\"version\":\"0.1.0\",\"node_id\":null,\"state\":\"unconfigured\","
		  "\"cluster_name\":null,\"incarnation\":123,\"view_epoch\":null" +
			  idle_json);
}

TEST(StatusJson, EscapesStrings)
{
	hive::Status odd = configured;
	odd.version = "1.0\"beta\\2\n\x01";
	EXPECT_EQ(hivectl::status_json(odd, idle),
		  "{\"version\":\"1.0\\\"beta\\\\2\\u000a\\u0001\",\"node_id\":7,"
		  "\"state\":\"configured\",\"cluster_name\":\"alpha\",\"incarnation\":123,"
		  "\"view_epoch\":null" +
			  idle_json);
}

TEST(StatusTable, ShowsTheTransport)
{
	const std::string table = hivectl::status_table(quorate, busy);
	EXPECT_NE(table.find("view epoch          9\n"
			     "transport port      7100\n"
			     "transport key       set\n"
			     "encryption          off\n"
			     "rekey after         1048576 bytes\n"
			     "rekeys              11\n"
			     "connections         2\n"
			     "handshakes          3\n"
			     "refused malformed   4\n"
			     "refused cluster     5\n"
			     "refused not member  6\n"
			     "refused auth        7\n"
			     "refused busy        8\n"
			     "refused address     9\n"
			     "refused protection  10\n"),
		  std::string::npos)
		<< table;
}

TEST(StatusJson, ShowsTheTransport)
{
	EXPECT_EQ(hivectl::status_json(quorate, busy),
		  "{\"version\":\"0.1.0\",\"node_id\":7,\"state\":\"quorate\","
		  "\"cluster_name\":\"alpha\",\"incarnation\":123,\"view_epoch\":9,"
		  "\"transport\":{\"port\":7100,\"keyed\":true,\"encryption\":\"off\","
		  "\"rekey_bytes\":1048576,\"rekeys\":11,\"connections\":2,"
		  "\"handshakes\":3,\"refused_malformed\":4,\"refused_cluster\":5,"
		  "\"refused_not_member\":6,\"refused_auth\":7,\"refused_busy\":8,"
		  "\"refused_address\":9,\"refused_protection\":10}}\n");
}

} // namespace
