// SPDX-License-Identifier: GPL-2.0
#ifndef HIVE_COROSYNC_CONF_HPP
#define HIVE_COROSYNC_CONF_HPP

#include <string>

#include "hive/config.hpp"
#include "hive/result.hpp"

namespace hive {

inline constexpr const char *default_corosync_dir = "/etc/corosync";

/// corosync.conf(5) for the cluster @p config describes: knet with AES-256
/// and SHA-256, votequorum, one node entry per node.ID line.
std::string corosync_conf(const Config &config);

/// Writes @p corosync_dir/corosync.conf and @p corosync_dir/authkey (the key
/// derive_corosync_key() makes from the cluster key at @p authkey_path).
/// Fails with a sentence if @p config has no node list or the key is bad.
Result<void> write_corosync_files(const Config &config, const std::string &authkey_path,
				  const std::string &corosync_dir);

} // namespace hive

#endif // HIVE_COROSYNC_CONF_HPP
