// SPDX-License-Identifier: GPL-2.0
// The cluster key and the corosync configuration made from hive.conf.
#include <cstdlib>
#include <string>

#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "file_io.hpp"
#include "hive/authkey.hpp"
#include "hive/config.hpp"
#include "hive/corosync_conf.hpp"

namespace {

// A directory of its own per test, removed afterwards.
class ClusterFiles : public testing::Test {
protected:
	void SetUp() override
	{
		char pattern[] = "/tmp/hive-cluster-files-XXXXXX";
		ASSERT_NE(mkdtemp(pattern), nullptr);
		dir = pattern;
	}
	void TearDown() override
	{
		for (const char *name : { "/authkey", "/corosync.conf", "/hive.key" })
			unlink((dir + name).c_str());
		rmdir(dir.c_str());
	}
	std::string dir;
};

hive::Config two_nodes()
{
	hive::Config config;
	config.node_id = 1;
	config.cluster_name = "lab";
	config.nodes = { { 1, "198.18.0.1" }, { 2, "2001:db8::2" } };
	return config;
}

std::string hex(const std::vector<uint8_t> &bytes)
{
	static const char digits[] = "0123456789abcdef";
	std::string text;
	for (const uint8_t b : bytes)
		text += { digits[b >> 4], digits[b & 15] };
	return text;
}

mode_t mode_of(const std::string &path)
{
	struct stat st{};
	EXPECT_EQ(stat(path.c_str(), &st), 0) << path;
	return st.st_mode & 07777;
}

} // namespace

TEST(CorosyncConf, NamesEveryNodeAndTheCrypto)
{
	EXPECT_EQ(hive::corosync_conf(two_nodes()),
		  "# Written by 'hived --write-corosync-conf' from hive.conf(5).  Edit\n"
		  "# /etc/hive/hive.conf and run it again instead of editing this file.\n"
		  "totem {\n\tversion: 2\n\tcluster_name: lab\n\ttransport: knet\n"
		  "\tcrypto_cipher: aes256\n\tcrypto_hash: sha256\n\ttoken: 3000\n}\n\n"
		  "nodelist {\n"
		  "\tnode {\n\t\tnodeid: 1\n\t\tname: node1\n\t\tring0_addr: 198.18.0.1\n\t}\n"
		  "\tnode {\n\t\tnodeid: 2\n\t\tname: node2\n\t\tring0_addr: 2001:db8::2\n\t}\n"
		  "}\n\nquorum {\n\tprovider: corosync_votequorum\n}\n\n"
		  "logging {\n\tto_stderr: yes\n\tto_syslog: no\n\ttimestamp: on\n}\n");
}

TEST(CorosyncConf, CarriesTheTokenTimeoutOfHiveConf)
{
	hive::Config config = two_nodes();
	config.corosync_token_ms = 20000;
	EXPECT_NE(hive::corosync_conf(config).find("\ttoken: 20000\n"), std::string::npos);
}

// Known answer computed independently (Python's hmac module).
TEST(CorosyncKey, IsHmacSha256OfFourLabels)
{
	std::vector<uint8_t> authkey(hive::authkey_bytes);
	for (std::size_t i = 0; i < authkey.size(); i++)
		authkey[i] = uint8_t(i);
	const auto key = hive::derive_corosync_key(authkey);
	ASSERT_TRUE(key.ok()) << key.error().message;
	EXPECT_EQ(hex(key.value()), "aeac7debef7027f981e2a3ca7d54fb19d55138fea461779cd3b4ac2e4f47c9058ccfc30d2d7c127a056b16f2f45ffcdf144be75a85f4edded6cd51b74d828d1cbc502e5b0f543fe5f445fd86efe45684270d6bf3eebfd5e9a89a4d592d1bd741609d5c8af4bd06b143b203fab81d7d22ada338da51e4bb7c0a331be38a2e573f");
}

TEST_F(ClusterFiles, KeygenMakesARootOnlyKeyAndKeepsAnExistingOne)
{
	const std::string path = dir + "/hive.key";
	ASSERT_TRUE(hive::generate_authkey(path, false).ok());
	EXPECT_EQ(mode_of(path), 0400u);
	const auto first = hive::load_authkey(path);
	ASSERT_TRUE(first.ok()) << first.error().message;
	EXPECT_EQ(first.value().size(), hive::authkey_bytes);

	const auto again = hive::generate_authkey(path, false);
	ASSERT_FALSE(again.ok());
	EXPECT_EQ(again.error().message, path + " exists already; every node needs the same key, "
		  "so copy it to new nodes, or use --force to replace it on all of them");
	EXPECT_EQ(hive::load_authkey(path).value(), first.value());

	ASSERT_TRUE(hive::generate_authkey(path, true).ok());
	EXPECT_NE(hive::load_authkey(path).value(), first.value());
}

TEST_F(ClusterFiles, KeyOfTheWrongSizeOrMissingIsExplained)
{
	const std::string path = dir + "/hive.key";
	ASSERT_TRUE(hive::write_file_atomically(path, "short", 0400).ok());
	EXPECT_EQ(hive::load_authkey(path).error().message,
		  path + ": not a hive key (5 bytes instead of 64)");
	EXPECT_EQ(hive::load_authkey(dir + "/none").error().message,
		  dir + "/none: cannot read: No such file or directory (make it with "
		  "'hivectl keygen' on one node and copy it to the others)");
}

TEST_F(ClusterFiles, WritesCorosyncConfAndItsDerivedKey)
{
	const std::string key_path = dir + "/hive.key";
	ASSERT_TRUE(hive::generate_authkey(key_path, false).ok());
	ASSERT_TRUE(hive::write_corosync_files(two_nodes(), key_path, dir).ok());
	EXPECT_EQ(mode_of(dir + "/authkey"), 0400u);
	EXPECT_EQ(mode_of(dir + "/corosync.conf"), 0644u);
	const auto written = hive::read_small_file(dir + "/authkey", 4096);
	ASSERT_TRUE(written.ok());
	const auto derived = hive::derive_corosync_key(hive::load_authkey(key_path).value());
	EXPECT_EQ(written.value(), std::string(derived.value().begin(), derived.value().end()));
	EXPECT_EQ(hive::read_small_file(dir + "/corosync.conf", 65536).value(),
		  hive::corosync_conf(two_nodes()));
}

TEST_F(ClusterFiles, NoNodeListNoCorosyncConf)
{
	hive::Config config = two_nodes();
	config.nodes.clear();
	const auto wrote = hive::write_corosync_files(config, dir + "/hive.key", dir);
	ASSERT_FALSE(wrote.ok());
	EXPECT_EQ(wrote.error().message, "hive.conf lists no nodes (node.ID = ADDRESS lines); "
		  "corosync needs every node of the cluster");
	EXPECT_NE(access((dir + "/corosync.conf").c_str(), F_OK), 0);
}
