// SPDX-License-Identifier: GPL-2.0
// What hived tells hive.ko when it starts, and in which order.
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "configure.hpp"

namespace {

// Records the requests hived makes; refuses the one named in @refuse.
struct FakeKernel {
	std::vector<std::string> calls;
	std::string refuse;

	hive::Result<void> set_node(uint32_t node_id, std::string_view cluster_name)
	{
		calls.push_back("set_node " + std::to_string(node_id) + " " + std::string(cluster_name));
		if (refuse == "set_node")
			return hive::Error{"the kernel refused the request: no"};
		return {};
	}

	hive::Result<void> set_key(const hive::TransportKey &key, bool encrypt)
	{
		calls.push_back("set_key " + std::to_string(key.front()) + ".." +
				std::to_string(key.back()) + (encrypt ? " encrypted" : " plain"));
		if (refuse == "set_key")
			return hive::Error{"the kernel refused the request: no"};
		return {};
	}
};

hive::Config lab(bool with_nodes)
{
	hive::Config config;
	config.node_id = 2;
	config.cluster_name = "lab";
	if (with_nodes)
		config.nodes = {{1, "198.18.0.1"}, {2, "198.18.0.2"}};
	return config;
}

hive::TransportKey counting_key()
{
	hive::TransportKey key;
	for (std::size_t i = 0; i < key.size(); i++)
		key[i] = uint8_t(i);
	return key;
}

TEST(ConfigureKernel, SetsTheNodeThenTheKey)
{
	FakeKernel kernel;
	ASSERT_TRUE(hived::configure_kernel(kernel, lab(true), counting_key()).ok());
	EXPECT_EQ(kernel.calls,
		  (std::vector<std::string>{"set_node 2 lab", "set_key 0..31 encrypted"}));
}

TEST(ConfigureKernel, PassesEncryptionOff)
{
	FakeKernel kernel;
	hive::Config config = lab(true);
	config.encryption = false;
	ASSERT_TRUE(hived::configure_kernel(kernel, config, counting_key()).ok());
	EXPECT_EQ(kernel.calls,
		  (std::vector<std::string>{"set_node 2 lab", "set_key 0..31 plain"}));
}

TEST(ConfigureKernel, SetsNoKeyWithoutOne)
{
	FakeKernel kernel;
	ASSERT_TRUE(hived::configure_kernel(kernel, lab(false), std::nullopt).ok());
	EXPECT_EQ(kernel.calls, (std::vector<std::string>{"set_node 2 lab"}));
}

TEST(ConfigureKernel, SendsNoKeyWhenTheNodeIsRefused)
{
	FakeKernel kernel{{}, "set_node"};
	const auto result = hived::configure_kernel(kernel, lab(true), counting_key());
	ASSERT_FALSE(result.ok());
	EXPECT_EQ(result.error().message, "the kernel refused the request: no");
	EXPECT_EQ(kernel.calls, (std::vector<std::string>{"set_node 2 lab"}));
}

TEST(ConfigureKernel, SaysWhatARefusedKeyIs)
{
	FakeKernel kernel{{}, "set_key"};
	const auto result = hived::configure_kernel(kernel, lab(true), counting_key());
	ASSERT_FALSE(result.ok());
	EXPECT_EQ(result.error().message,
		  "cannot give hive.ko the transport key: the kernel refused the request: no");
}

TEST(TransportKeyFor, NeedsNoKeyWithoutANodeList)
{
	const auto key = hived::transport_key_for(lab(false), "/nonexistent/authkey");
	ASSERT_TRUE(key.ok()) << key.error().message;
	EXPECT_FALSE(key.value().has_value());
}

TEST(TransportKeyFor, NeedsTheClusterKeyWithANodeList)
{
	const auto key = hived::transport_key_for(lab(true), "/nonexistent/authkey");
	ASSERT_FALSE(key.ok());
	EXPECT_EQ(key.error().message,
		  "/nonexistent/authkey: cannot read: No such file or directory (make it with "
		  "'hivectl keygen' on one node and copy it to the others)");
}

TEST(TransportKeyFor, DerivesTheKeyFromTheClusterKey)
{
	char pattern[] = "/tmp/hive-configure-XXXXXX";
	ASSERT_NE(mkdtemp(pattern), nullptr);
	const std::filesystem::path dir = pattern;
	const std::string authkey(hive::authkey_bytes, '\xa5');
	{
		std::FILE *file = std::fopen((dir / "authkey").c_str(), "w");
		ASSERT_NE(file, nullptr);
		std::fwrite(authkey.data(), 1, authkey.size(), file);
		std::fclose(file);
	}
	const auto key = hived::transport_key_for(lab(true), dir / "authkey");
	std::filesystem::remove_all(dir);
	ASSERT_TRUE(key.ok()) << key.error().message;
	ASSERT_TRUE(key.value().has_value());
	const auto expected = hive::derive_transport_key(
		std::vector<uint8_t>(authkey.begin(), authkey.end()));
	ASSERT_TRUE(expected.ok());
	EXPECT_EQ(*key.value(), expected.value());
}

} // namespace
