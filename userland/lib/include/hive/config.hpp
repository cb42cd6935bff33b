// SPDX-License-Identifier: GPL-2.0
#ifndef HIVE_CONFIG_HPP
#define HIVE_CONFIG_HPP

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "hive/result.hpp"

namespace hive {

/// Where hived reads its configuration unless told otherwise.
inline constexpr const char *default_config_path = "/etc/hive/hive.conf";

/// hive's cluster port when hive.conf(5) names none.
inline constexpr uint16_t default_cluster_port = 7100;

/// corosync's token timeout in milliseconds when hive.conf(5) names none,
/// and the range it accepts there.
inline constexpr uint32_t default_corosync_token_ms = 3000;
inline constexpr uint32_t min_corosync_token_ms = 1000;
inline constexpr uint32_t max_corosync_token_ms = 120000;

/// One `node.ID = ADDRESS` line of hive.conf(5).
struct ConfigNode {
	uint32_t node_id = 0;
	std::string address; ///< IPv4 or IPv6, as written (validated)
};

/// The contents of hive.conf(5), validated.
struct Config {
	uint32_t node_id = 0;
	std::string cluster_name;
	uint16_t port = default_cluster_port;
	uint32_t corosync_token_ms = default_corosync_token_ms;
	bool encryption = true; ///< encrypt connections between nodes
	std::vector<ConfigNode> nodes; ///< by increasing node id; may be empty
};

/// Parses hive.conf text.  @p file_name only appears in error messages,
/// which read "FILE:LINE: KEY: what is wrong" (see hive.conf(5)).
Result<Config> parse_config(std::string_view text, std::string_view file_name);

/// Reads and parses the file at @p path; errors as for parse_config(), or
/// "PATH: cannot read: REASON".
Result<Config> load_config(const std::string &path);

} // namespace hive

#endif // HIVE_CONFIG_HPP
