// SPDX-License-Identifier: GPL-2.0
// The keys hive derives from the cluster key: corosync's and the
// transport's.  The only user of libcrypto, kept apart from the cluster
// key's own file so that hivectl, which never derives a key, does not load
// libcrypto at every start.
#include "hive/authkey.hpp"

#include <array>
#include <string_view>

#include <openssl/evp.h>

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
