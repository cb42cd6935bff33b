// SPDX-License-Identifier: GPL-2.0
#include "hive/authkey.hpp"

#include <array>
#include <cerrno>
#include <string_view>
#include <system_error>

#include <openssl/evp.h>
#include <sys/random.h>
#include <unistd.h>

#include "file_io.hpp"
#include "hive_netlink.h"

namespace hive {
namespace {

static_assert(transport_key_bytes == HIVE_CLUSTER_KEY_LEN);

using Sha256Mac = std::array<uint8_t, 32>;

// Every key hive derives from the cluster key is an HMAC-SHA256 of a label
// of its own, so that no two uses ever share a key.
Result<Sha256Mac> hmac_sha256(std::span<const uint8_t> key, std::string_view label)
{
	Sha256Mac mac;
	size_t mac_len = 0;
	if (!EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, key.data(), key.size(),
		       reinterpret_cast<const unsigned char *>(label.data()), label.size(),
		       mac.data(), mac.size(), &mac_len) ||
	    mac_len != mac.size())
		return Error{"cannot compute HMAC-SHA256 with OpenSSL"};
	return mac;
}

} // namespace

Result<void> generate_authkey(const std::string &path, bool force)
{
	if (!force && access(path.c_str(), F_OK) == 0)
		return Error{path + " exists already; every node needs the same key, so copy "
			     "it to new nodes, or use --force to replace it on all of them"};
	std::array<char, authkey_bytes> key;
	if (getrandom(key.data(), key.size(), 0) != static_cast<ssize_t>(key.size()))
		return Error{"cannot get random bytes: " + std::generic_category().message(errno)};
	return write_file_atomically(path, std::string_view(key.data(), key.size()), 0400);
}

Result<std::vector<uint8_t>> load_authkey(const std::string &path)
{
	const auto text = read_small_file(path, 4096);
	if (!text)
		return Error{path + ": " + text.error().message +
			     " (make it with 'hivectl keygen' on one node and copy it to the others)"};
	if (text.value().size() != authkey_bytes)
		return Error{path + ": not a hive key (" + std::to_string(text.value().size()) +
			     " bytes instead of " + std::to_string(authkey_bytes) + ")"};
	return std::vector<uint8_t>(text.value().begin(), text.value().end());
}

Result<std::vector<uint8_t>> derive_corosync_key(std::span<const uint8_t> authkey)
{
	std::vector<uint8_t> derived;
	for (int block = 1; block <= 4; ++block) {
		const auto mac = hmac_sha256(authkey, "hive corosync key " + std::to_string(block));
		if (!mac)
			return mac.error();
		derived.insert(derived.end(), mac.value().begin(), mac.value().end());
	}
	return derived;
}

Result<TransportKey> derive_transport_key(std::span<const uint8_t> authkey)
{
	return hmac_sha256(authkey, "hive transport key v1");
}

Result<TransportKey> load_transport_key(const std::string &path)
{
	const auto authkey = load_authkey(path);
	if (!authkey)
		return authkey.error();
	return derive_transport_key(authkey.value());
}

} // namespace hive
