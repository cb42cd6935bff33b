// SPDX-License-Identifier: GPL-2.0
#include "hive/config.hpp"

#include <cstdio>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

namespace {

constexpr const char *file = "/etc/hive/hive.conf";

hive::Config parsed(std::string_view text)
{
	const auto result = hive::parse_config(text, file);
	EXPECT_TRUE(result.ok()) << result.error().message;
	return result.ok() ? result.value() : hive::Config{};
}

// The message a user would see for @text.
std::string error_for(std::string_view text)
{
	const auto result = hive::parse_config(text, file);
	EXPECT_FALSE(result.ok()) << "parsed: " << text;
	return result.ok() ? std::string() : result.error().message;
}

TEST(Config, ParsesBothKeys)
{
	const auto config = parsed("node_id = 7\ncluster_name = alpha\n");
	EXPECT_EQ(config.node_id, 7u);
	EXPECT_EQ(config.cluster_name, "alpha");
}

TEST(Config, KeysInAnyOrderWithoutTrailingNewline)
{
	const auto config = parsed("cluster_name=a.b_c-1\nnode_id=1023");
	EXPECT_EQ(config.node_id, 1023u);
	EXPECT_EQ(config.cluster_name, "a.b_c-1");
}

TEST(Config, SkipsCommentsBlankLinesCrlfAndWhitespace)
{
	const auto config = parsed("# hive\r\n"
				   "\r\n"
				   "   # indented comment = not a key\r\n"
				   "\t node_id\t=  12 \t\r\n"
				   "   \n"
				   "cluster_name =beta  \r\n");
	EXPECT_EQ(config.node_id, 12u);
	EXPECT_EQ(config.cluster_name, "beta");
}

TEST(Config, SkipsUtf8ByteOrderMark)
{
	EXPECT_EQ(parsed("\xEF\xBB\xBFnode_id = 3\ncluster_name = c\n").node_id, 3u);
}

TEST(Config, AcceptsLongestClusterName)
{
	const std::string name(32, 'n');
	EXPECT_EQ(parsed("node_id = 1\ncluster_name = " + name).cluster_name, name);
}

TEST(Config, RejectsNodeIdZero)
{
	EXPECT_EQ(error_for("# hive\n\nnode_id = 0\ncluster_name = a\n"),
		  "/etc/hive/hive.conf:3: node_id: '0' is not a node id (must be 1..1023)");
}

TEST(Config, RejectsNodeIdAboveRange)
{
	EXPECT_EQ(error_for("node_id = 1024\n"),
		  "/etc/hive/hive.conf:1: node_id: '1024' is not a node id (must be 1..1023)");
}

TEST(Config, RejectsOverflowingNodeId)
{
	EXPECT_EQ(error_for("node_id = 99999999999\n"),
		  "/etc/hive/hive.conf:1: node_id: '99999999999' is not a node id (must be 1..1023)");
}

TEST(Config, RejectsNodeIdWithPlus)
{
	EXPECT_EQ(error_for("node_id = +5\n"),
		  "/etc/hive/hive.conf:1: node_id: '+5' is not a node id (must be 1..1023)");
}

TEST(Config, RejectsNegativeNodeId)
{
	EXPECT_EQ(error_for("node_id = -1\n"),
		  "/etc/hive/hive.conf:1: node_id: '-1' is not a node id (must be 1..1023)");
}

TEST(Config, RejectsHexNodeId)
{
	EXPECT_EQ(error_for("node_id = 0x10\n"),
		  "/etc/hive/hive.conf:1: node_id: '0x10' is not a node id (must be 1..1023)");
}

TEST(Config, RejectsCommentAfterValue)
{
	EXPECT_EQ(error_for("node_id = 5 # five\n"),
		  "/etc/hive/hive.conf:1: node_id: '5 # five' is not a node id (must be 1..1023)");
}

TEST(Config, RejectsEmptyValue)
{
	EXPECT_EQ(error_for("cluster_name = a\nnode_id =  \r\n"),
		  "/etc/hive/hive.conf:2: node_id: no value after '='");
}

TEST(Config, RejectsTooLongClusterName)
{
	const std::string name(33, 'n');
	EXPECT_EQ(error_for("node_id = 1\ncluster_name = " + name + "\n"),
		  "/etc/hive/hive.conf:2: cluster_name: '" + name +
			  "' is too long for a cluster name (at most 32 characters)");
}

TEST(Config, RejectsBadCharacterInClusterName)
{
	EXPECT_EQ(error_for("cluster_name = my cluster\n"),
		  "/etc/hive/hive.conf:1: cluster_name: 'my cluster' is not a cluster name "
		  "(use 1..32 of the characters A-Z a-z 0-9 _ . -)");
}

TEST(Config, EscapesControlCharactersInMessages)
{
	EXPECT_EQ(error_for("cluster_name = a\x1b[2Jb\n"),
		  "/etc/hive/hive.conf:1: cluster_name: 'a\\x1b[2Jb' is not a cluster name "
		  "(use 1..32 of the characters A-Z a-z 0-9 _ . -)");
}

TEST(Config, RejectsLineWithoutEquals)
{
	EXPECT_EQ(error_for("node_id = 1\n  foo  \n"),
		  "/etc/hive/hive.conf:2: line has no '=': 'foo'");
}

TEST(Config, RejectsLineWithoutKey)
{
	EXPECT_EQ(error_for(" = 5\n"), "/etc/hive/hive.conf:1: line has no key before '=': '= 5'");
}

TEST(Config, RejectsUnknownKey)
{
	EXPECT_EQ(error_for("# a\n# b\n\n\nnodeid = 5\n"),
		  "/etc/hive/hive.conf:5: unknown key 'nodeid'");
}

TEST(Config, RejectsKeySetTwice)
{
	EXPECT_EQ(error_for("node_id = 1\ncluster_name = a\n\nnode_id = 2\n"),
		  "/etc/hive/hive.conf:4: node_id: set twice (first on line 1)");
}

TEST(Config, RejectsMissingClusterName)
{
	EXPECT_EQ(error_for("node_id = 1\n"),
		  "/etc/hive/hive.conf: missing required key 'cluster_name'");
}

TEST(Config, RejectsEmptyFile)
{
	EXPECT_EQ(error_for(""), "/etc/hive/hive.conf: missing required key 'node_id'");
}

TEST(LoadConfig, ReadsFile)
{
	const std::string path = testing::TempDir() + "hive_client_test.conf";
	std::ofstream(path) << "node_id = 9\ncluster_name = gamma\n";
	const auto result = hive::load_config(path);
	std::remove(path.c_str());
	ASSERT_TRUE(result.ok()) << result.error().message;
	EXPECT_EQ(result.value().node_id, 9u);
	EXPECT_EQ(result.value().cluster_name, "gamma");
}

TEST(LoadConfig, NamesTheFileInParseErrors)
{
	const std::string path = testing::TempDir() + "hive_client_test_bad.conf";
	std::ofstream(path) << "node_id = 9\nnode_id = 9\n";
	const auto result = hive::load_config(path);
	std::remove(path.c_str());
	ASSERT_FALSE(result.ok());
	EXPECT_EQ(result.error().message, path + ":2: node_id: set twice (first on line 1)");
}

TEST(LoadConfig, ReportsMissingFile)
{
	const auto result = hive::load_config("/nonexistent/hive.conf");
	ASSERT_FALSE(result.ok());
	EXPECT_EQ(result.error().message,
		  "/nonexistent/hive.conf: cannot read: No such file or directory");
}

TEST(LoadConfig, ReportsDirectory)
{
	const auto result = hive::load_config("/");
	ASSERT_FALSE(result.ok());
	EXPECT_EQ(result.error().message, "/: cannot read: Is a directory");
}

TEST(LoadConfig, RefusesHugeFile)
{
	const auto result = hive::load_config("/dev/zero");
	ASSERT_FALSE(result.ok());
	EXPECT_EQ(result.error().message,
		  "/dev/zero: too large (over 64 KiB)");
}

} // namespace

TEST(ConfigNodes, ListsNodesByIdWithTheDefaultPort)
{
	const auto config = parsed("node_id = 2\ncluster_name = lab\n"
				   "node.3 = 198.18.0.3\nnode.1 = 198.18.0.1\n"
				   "node.2 = 2001:db8::2\n");
	ASSERT_EQ(config.nodes.size(), 3u);
	EXPECT_EQ(config.nodes[0].node_id, 1u);
	EXPECT_EQ(config.nodes[1].address, "2001:db8::2");
	EXPECT_EQ(config.nodes[2].address, "198.18.0.3");
	EXPECT_EQ(config.port, hive::default_cluster_port);
}

TEST(ConfigNodes, PortIsOneTo65535)
{
	EXPECT_EQ(parsed("node_id = 1\ncluster_name = a\nport = 17100\n").port, 17100);
	EXPECT_EQ(error_for("node_id = 1\ncluster_name = a\nport = 0\n"),
		  "/etc/hive/hive.conf:3: port: '0' is not a port (must be 1..65535)");
	EXPECT_EQ(error_for("node_id = 1\ncluster_name = a\nport = 65536\n"),
		  "/etc/hive/hive.conf:3: port: '65536' is not a port (must be 1..65535)");
}

TEST(ConfigNodes, CorosyncTokenIsMilliseconds)
{
	EXPECT_EQ(parsed("node_id = 1\ncluster_name = a\n").corosync_token_ms,
		  hive::default_corosync_token_ms);
	EXPECT_EQ(parsed("node_id = 1\ncluster_name = a\ncorosync_token = 20000\n")
			  .corosync_token_ms, 20000u);
	EXPECT_EQ(error_for("node_id = 1\ncluster_name = a\ncorosync_token = 999\n"),
		  "/etc/hive/hive.conf:3: corosync_token: '999' is not a token timeout in "
		  "milliseconds (must be 1000..120000)");
	EXPECT_EQ(error_for("node_id = 1\ncluster_name = a\ncorosync_token = 3s\n"),
		  "/etc/hive/hive.conf:3: corosync_token: '3s' is not a token timeout in "
		  "milliseconds (must be 1000..120000)");
}

TEST(ConfigNodes, EncryptionIsOnUnlessTurnedOff)
{
	EXPECT_TRUE(parsed("node_id = 1\ncluster_name = a\n").encryption);
	EXPECT_TRUE(parsed("node_id = 1\ncluster_name = a\nencryption = on\n").encryption);
	EXPECT_FALSE(parsed("node_id = 1\ncluster_name = a\nencryption = off\n").encryption);
	EXPECT_EQ(error_for("node_id = 1\ncluster_name = a\nencryption = no\n"),
		  "/etc/hive/hive.conf:3: encryption: 'no' is neither on nor off");
	EXPECT_EQ(error_for("node_id = 1\ncluster_name = a\nencryption = On\n"),
		  "/etc/hive/hive.conf:3: encryption: 'On' is neither on nor off");
}

TEST(ConfigNodes, EveryMistakeNamesItsLine)
{
	const std::string head = "node_id = 1\ncluster_name = a\n";
	EXPECT_EQ(error_for(head + "node.0 = 198.18.0.1\n"),
		  "/etc/hive/hive.conf:3: node.0: '0' is not a node id (must be 1..1023)");
	EXPECT_EQ(error_for(head + "node. = 198.18.0.1\n"),
		  "/etc/hive/hive.conf:3: node.: '' is not a node id (must be 1..1023)");
	EXPECT_EQ(error_for(head + "node.1 = 198.18.0.300\n"),
		  "/etc/hive/hive.conf:3: node.1: '198.18.0.300' is not an IPv4 or IPv6 address");
	EXPECT_EQ(error_for(head + "node.1 = node1.example\n"),
		  "/etc/hive/hive.conf:3: node.1: 'node1.example' is not an IPv4 or IPv6 address");
	EXPECT_EQ(error_for(head + "node.1 = 198.18.0.1\nnode.1 = 198.18.0.2\n"),
		  "/etc/hive/hive.conf:4: node.1: set twice (first on line 3)");
	EXPECT_EQ(error_for(head + "node.1 = 198.18.0.1\nnode.2 = 198.18.0.1\n"),
		  "/etc/hive/hive.conf:4: node.2: address '198.18.0.1' is node.1's already (line 3)");
	EXPECT_EQ(error_for(head + "node.1 =\n"), "/etc/hive/hive.conf:3: node.1: no value after '='");
}

TEST(ConfigNodes, ThisNodeMustBeListed)
{
	EXPECT_EQ(error_for("node_id = 4\ncluster_name = a\nnode.1 = 198.18.0.1\n"),
		  "/etc/hive/hive.conf:1: node_id: 4 is not in the node list (no node.4 line)");
}
