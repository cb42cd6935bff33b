// SPDX-License-Identifier: GPL-2.0
// The transport key hived gives hive.ko (HIVE_CMD_SET_KEY).
#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "file_io.hpp"
#include "hive/authkey.hpp"
#include "hive_netlink.h"

namespace {

std::vector<uint8_t> counting_authkey()
{
	std::vector<uint8_t> authkey(hive::authkey_bytes);
	for (std::size_t i = 0; i < authkey.size(); i++)
		authkey[i] = uint8_t(i);
	return authkey;
}

template <typename Bytes>
std::string hex(const Bytes &bytes)
{
	static const char digits[] = "0123456789abcdef";
	std::string text;
	for (const uint8_t b : bytes)
		text += { digits[b >> 4], digits[b & 15] };
	return text;
}

hive::TransportKey derive(const std::vector<uint8_t> &authkey)
{
	const auto key = hive::derive_transport_key(authkey);
	EXPECT_TRUE(key.ok()) << key.error().message;
	return key.ok() ? key.value() : hive::TransportKey{};
}

TEST(TransportKey, IsAsLongAsTheKernelWantsIt)
{
	EXPECT_EQ(derive(counting_authkey()).size(), std::size_t{HIVE_CLUSTER_KEY_LEN});
}

TEST(TransportKey, IsTheSameEveryTime)
{
	EXPECT_EQ(derive(counting_authkey()), derive(counting_authkey()));
}

// Known answers computed independently (Python's hmac module).
TEST(TransportKey, MatchesKnownAnswers)
{
	EXPECT_EQ(hex(derive(counting_authkey())),
		  "18dfa41ea85956aaed33b80621270788cd76eb7cc0d1e1f5a0b3e50b1b57b204");
	EXPECT_EQ(hex(derive(std::vector<uint8_t>(hive::authkey_bytes, 0xa5))),
		  "77209c639eb9f9f18182b5525a8c51264ffb6857b89b2446a71f31c9c1c029aa");
}

// The same, through OpenSSL's legacy one-shot HMAC() rather than the
// EVP_Q_mac() the library uses.
TEST(TransportKey, IsHmacSha256OfItsLabel)
{
	const auto authkey = counting_authkey();
	const std::string label = "hive transport key v1";
	unsigned char mac[EVP_MAX_MD_SIZE];
	unsigned int mac_len = 0;
	ASSERT_NE(HMAC(EVP_sha256(), authkey.data(), static_cast<int>(authkey.size()),
		       reinterpret_cast<const unsigned char *>(label.data()), label.size(), mac,
		       &mac_len),
		  nullptr);
	ASSERT_EQ(mac_len, hive::transport_key_bytes);
	const auto key = derive(authkey);
	EXPECT_TRUE(std::equal(key.begin(), key.end(), mac));
}

TEST(TransportKey, DiffersFromEachOfCorosyncsKeyBlocks)
{
	const auto authkey = counting_authkey();
	const auto corosync = hive::derive_corosync_key(authkey);
	ASSERT_TRUE(corosync.ok()) << corosync.error().message;
	const auto key = derive(authkey);
	for (std::size_t at = 0; at < corosync.value().size(); at += key.size())
		EXPECT_FALSE(std::equal(key.begin(), key.end(), corosync.value().begin() + at))
			<< "block at " << at;
}

TEST(TransportKey, DiffersForAnotherClusterKey)
{
	auto other = counting_authkey();
	other.back() ^= 1;
	EXPECT_NE(derive(counting_authkey()), derive(other));
}

TEST(TransportKey, LoadsFromTheClusterKeyFile)
{
	char pattern[] = "/tmp/hive-transport-key-XXXXXX";
	ASSERT_NE(mkdtemp(pattern), nullptr);
	const std::string dir = pattern;
	const std::string path = dir + "/authkey";
	const auto authkey = counting_authkey();
	ASSERT_TRUE(hive::write_file_atomically(
			    path,
			    std::string(reinterpret_cast<const char *>(authkey.data()), authkey.size()),
			    0400)
			    .ok());
	const auto key = hive::load_transport_key(path);
	ASSERT_TRUE(key.ok()) << key.error().message;
	EXPECT_EQ(key.value(), derive(authkey));

	const auto missing = hive::load_transport_key(dir + "/none");
	ASSERT_FALSE(missing.ok());
	EXPECT_EQ(missing.error().message,
		  dir + "/none: cannot read: No such file or directory (make it with "
		  "'hivectl keygen' on one node and copy it to the others)");
	unlink(path.c_str());
	rmdir(dir.c_str());
}

} // namespace
