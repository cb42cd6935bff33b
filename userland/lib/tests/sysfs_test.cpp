// SPDX-License-Identifier: GPL-2.0
// hive.ko's sysfs files, read from a directory laid out like /sys/kernel/hive.
#include "hive/sysfs.hpp"

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include <gtest/gtest.h>

namespace {

namespace fs = std::filesystem;

class Sysfs : public testing::Test {
protected:
	void SetUp() override
	{
		char pattern[] = "/tmp/hive-sysfs-XXXXXX";
		ASSERT_NE(mkdtemp(pattern), nullptr);
		root = pattern;
	}
	void TearDown() override { fs::remove_all(root); }

	void write(const std::string &relative, const std::string &text)
	{
		const fs::path path = fs::path(root) / relative;
		fs::create_directories(path.parent_path());
		std::ofstream(path) << text;
	}

	// Node @id's files as hive.ko writes them, with @changed instead.
	void write_node(uint32_t id, const std::map<std::string, std::string> &changed = {})
	{
		std::map<std::string, std::string> files{
			{"state", "up\n"},	   {"rtt_us", "612\n"},	  {"tx_messages", "10\n"},
			{"rx_messages", "11\n"},   {"tx_bytes", "640\n"}, {"rx_bytes", "704\n"},
			{"errors", "1\n"},	   {"connects", "2\n"},	  {"address", "198.18.0.2\n"},
		};
		for (const auto &[name, text] : changed)
			files[name] = text;
		for (const auto &[name, text] : files)
			write("nodes/" + std::to_string(id) + "/" + name, text);
	}

	void write_transport(const std::map<std::string, std::string> &changed = {})
	{
		std::map<std::string, std::string> files{
			{"port", "7100\n"},	      {"connections", "2\n"},
			{"handshakes", "3\n"},	      {"refused_malformed", "4\n"},
			{"refused_cluster", "5\n"},   {"refused_not_member", "6\n"},
			{"refused_auth", "7\n"},      {"refused_busy", "8\n"},
			{"refused_address", "9\n"},  {"refused_protection", "10\n"},
			{"rekeys", "11\n"},	      {"rekey_bytes", "1048576\n"},
			{"keyed", "1\n"},	      {"encryption", "aes-128-gcm\n"},
		};
		for (const auto &[name, text] : changed)
			files[name] = text;
		for (const auto &[name, text] : files)
			write("transport/" + name, text);
	}

	std::string node_error(uint32_t id)
	{
		const auto link = hive::read_node_link(root, id);
		EXPECT_FALSE(link.ok());
		return link.ok() ? std::string() : link.error().message;
	}

	std::string transport_error()
	{
		const auto status = hive::read_transport_status(root);
		EXPECT_FALSE(status.ok());
		return status.ok() ? std::string() : status.error().message;
	}

	std::string root;
};

TEST_F(Sysfs, ReadsEveryFileOfANode)
{
	write_node(2);
	const auto link = hive::read_node_link(root, 2);
	ASSERT_TRUE(link.ok()) << link.error().message;
	ASSERT_TRUE(link.value().has_value());
	EXPECT_EQ(*link.value(), (hive::NodeLink{"up", 612, 10, 11, 640, 704, 1, 2}));
}

TEST_F(Sysfs, TakesTheLargestCounterAndAValueWithoutNewline)
{
	write_node(2, {{"tx_bytes", "18446744073709551615\n"}, {"state", "self"}});
	const auto link = hive::read_node_link(root, 2);
	ASSERT_TRUE(link.ok()) << link.error().message;
	EXPECT_EQ(link.value()->tx_bytes, 18446744073709551615u);
	EXPECT_EQ(link.value()->state, "self");
}

TEST_F(Sysfs, ShowsAStateANewerModuleAdds)
{
	write_node(2, {{"state", "half-open\n"}});
	const auto link = hive::read_node_link(root, 2);
	ASSERT_TRUE(link.ok()) << link.error().message;
	EXPECT_EQ(link.value()->state, "half-open");
}

TEST_F(Sysfs, SaysNothingForANodeThatLeft)
{
	write_node(2);
	const auto link = hive::read_node_link(root, 3);
	ASSERT_TRUE(link.ok()) << link.error().message;
	EXPECT_FALSE(link.value().has_value());
}

TEST_F(Sysfs, NamesAMissingFile)
{
	write_node(2);
	fs::remove(fs::path(root) / "nodes/2/rtt_us");
	EXPECT_EQ(node_error(2), root + "/nodes/2/rtt_us: cannot read: No such file or directory");
}

TEST_F(Sysfs, NamesAFileThatHoldsNoNumber)
{
	const std::pair<std::string, std::string> bad[] = {
		{"12abc\n", "'12abc'"},
		{"-1\n", "'-1'"},
		{"\n", "''"},
		{" 5\n", "' 5'"},
		{"5\n6\n", "'5\\x0a6\\x0a'"},
		{"18446744073709551616\n", "'18446744073709551616'"},
	};
	for (const auto &[text, quoted] : bad) {
		write_node(4, {{"errors", text}});
		EXPECT_EQ(node_error(4), root + "/nodes/4/errors: " + quoted + " is not a number");
	}
}

TEST_F(Sysfs, NamesAFileThatHoldsNoState)
{
	write_node(4, {{"state", "UP\x1b[2J\n"}});
	EXPECT_EQ(node_error(4), root + "/nodes/4/state: 'UP\\x1b[2J' is not a node state");
	write_node(4, {{"state", ""}});
	EXPECT_EQ(node_error(4), root + "/nodes/4/state: '' is not a node state");
}

TEST_F(Sysfs, ReadsTheTransport)
{
	write_transport();
	const auto status = hive::read_transport_status(root);
	ASSERT_TRUE(status.ok()) << status.error().message;
	EXPECT_EQ(status.value(), (hive::TransportStatus{7100, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
							 1048576, true, "aes-128-gcm"}));
}

TEST_F(Sysfs, ReadsATransportThatDoesNotListenYet)
{
	write_transport({{"port", "0\n"}, {"keyed", "0\n"}});
	const auto status = hive::read_transport_status(root);
	ASSERT_TRUE(status.ok()) << status.error().message;
	EXPECT_EQ(status.value().port, 0);
	EXPECT_FALSE(status.value().keyed);
}

TEST_F(Sysfs, NamesABadTransportFile)
{
	write_transport({{"port", "65536\n"}});
	EXPECT_EQ(transport_error(), root + "/transport/port: '65536' is not a port (0..65535)");
	write_transport({{"keyed", "2\n"}});
	EXPECT_EQ(transport_error(), root + "/transport/keyed: '2' is not 0 or 1");
	write_transport({{"refused_auth", "many\n"}});
	EXPECT_EQ(transport_error(), root + "/transport/refused_auth: 'many' is not a number");
	write_transport({{"encryption", "\n"}});
	EXPECT_EQ(transport_error(), root + "/transport/encryption: '' is not a cipher name or off");
}

TEST_F(Sysfs, ReadsTheMigrationCounters)
{
	write("migration/pages_arriving", "16384\n");
	write("migration/processes_served", "2\n");
	const auto status = hive::read_migration_status(root);
	ASSERT_TRUE(status.ok()) << status.error().message;
	EXPECT_EQ(status.value(), (hive::MigrationStatus{16384, 2}));
}

TEST_F(Sysfs, NamesABadOrMissingMigrationFile)
{
	write("migration/pages_arriving", "0\n");
	auto status = hive::read_migration_status(root);
	ASSERT_FALSE(status.ok());
	EXPECT_EQ(status.error().message,
		  root + "/migration/processes_served: cannot read: No such file or directory");
	write("migration/processes_served", "-1\n");
	status = hive::read_migration_status(root);
	ASSERT_FALSE(status.ok());
	EXPECT_EQ(status.error().message, root + "/migration/processes_served: '-1' is not a number");
}

TEST_F(Sysfs, NamesAMissingTransport)
{
	EXPECT_EQ(transport_error(), root + "/transport/port: cannot read: No such file or directory");
	write_transport();
	fs::remove(fs::path(root) / "transport/refused_busy");
	EXPECT_EQ(transport_error(),
		  root + "/transport/refused_busy: cannot read: No such file or directory");
}

} // namespace
