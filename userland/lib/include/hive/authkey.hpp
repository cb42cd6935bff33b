// SPDX-License-Identifier: GPL-2.0
#ifndef HIVE_AUTHKEY_HPP
#define HIVE_AUTHKEY_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "hive/result.hpp"

namespace hive {

/// The cluster key every node of a cluster shares (hivectl keygen).
inline constexpr const char *default_authkey_path = "/etc/hive/authkey";
inline constexpr std::size_t authkey_bytes = 64;

/// Writes a new random key to @p path, readable by root only.  Refuses to
/// replace an existing file unless @p force: every node needs the same key.
Result<void> generate_authkey(const std::string &path, bool force);

/// Reads the key at @p path; errors name the path and say what is wrong.
Result<std::vector<uint8_t>> load_authkey(const std::string &path);

/// The key corosync gets (its knet crypto needs 128 bytes): HMAC-SHA256 of
/// "hive corosync key N" under the cluster key, for N = 1..4.  Deriving it
/// keeps corosync and hive's own transport from ever sharing a key.
Result<std::vector<uint8_t>> derive_corosync_key(std::span<const uint8_t> authkey);

/// The key hive.ko's transport authenticates nodes with (HIVE_CMD_SET_KEY):
/// HMAC-SHA256 of "hive transport key v1" under the cluster key.
inline constexpr std::size_t transport_key_bytes = 32;
using TransportKey = std::array<uint8_t, transport_key_bytes>;
Result<TransportKey> derive_transport_key(std::span<const uint8_t> authkey);

/// load_authkey() and derive_transport_key(): what hived gives hive.ko.
Result<TransportKey> load_transport_key(const std::string &path);

} // namespace hive

#endif // HIVE_AUTHKEY_HPP
