// SPDX-License-Identifier: GPL-2.0
#ifndef HIVE_SYSFS_HPP
#define HIVE_SYSFS_HPP

#include <cstdint>
#include <optional>
#include <string>

#include "hive/result.hpp"

namespace hive {

/// Where hive.ko's sysfs files are (Documentation/ABI/testing/sysfs-kernel-hive).
/// The readers below take it as a parameter so that tests can use another.
inline constexpr const char *default_sysfs_root = "/sys/kernel/hive";

/// A member's link as hive.ko's transport sees it: ROOT/nodes/ID/.
struct NodeLink {
	std::string state;	  ///< "self", "up", "suspect", "down" (or a newer word)
	uint64_t rtt_us = 0;	  ///< smoothed round trip; 0 until measured, and for self
	uint64_t tx_messages = 0;
	uint64_t rx_messages = 0;
	uint64_t tx_bytes = 0;
	uint64_t rx_bytes = 0;
	uint64_t errors = 0;
	uint64_t connects = 0;

	bool operator==(const NodeLink &) const = default;
};

/// Reads the link files of node @p node_id under @p root.  Nothing when the
/// node's directory is gone: it left the view after it was listed.  Errors
/// name the file: "PATH: cannot read: REASON", "PATH: 'x' is not a number".
Result<std::optional<NodeLink>> read_node_link(const std::string &root, uint32_t node_id);

/// The local transport: ROOT/transport/.
struct TransportStatus {
	uint16_t port = 0;	  ///< the port it listens on; 0 when not listening
	uint64_t connections = 0; ///< established now
	uint64_t handshakes = 0;  ///< completed since hive.ko loaded
	uint64_t refused_malformed = 0;
	uint64_t refused_cluster = 0;
	uint64_t refused_not_member = 0;
	uint64_t refused_auth = 0;
	uint64_t refused_busy = 0;
	uint64_t refused_address = 0;
	uint64_t refused_protection = 0;
	uint64_t rekeys = 0;	  ///< connections replaced for fresh keys
	uint64_t rekey_bytes = 0; ///< bytes an encrypted connection sends first
	bool keyed = false;	  ///< hived has given it the transport key
	/// The cipher new connections encrypt with, or "off".
	std::string encryption;

	bool operator==(const TransportStatus &) const = default;
};

/// Reads the transport files under @p root; errors as for read_node_link().
Result<TransportStatus> read_transport_status(const std::string &root);

/// Memory that follows moved processes: ROOT/migration/.
struct MigrationStatus {
	uint64_t pages_arriving = 0;   ///< pages processes here still await
	uint64_t processes_served = 0; ///< processes that moved away and take memory from here

	bool operator==(const MigrationStatus &) const = default;
};

/// Reads the migration files under @p root; errors as for read_node_link().
Result<MigrationStatus> read_migration_status(const std::string &root);

} // namespace hive

#endif // HIVE_SYSFS_HPP
