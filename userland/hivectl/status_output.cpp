// SPDX-License-Identifier: GPL-2.0
#include "status_output.hpp"

#include "format.hpp"
#include "hive/core.h"

namespace hivectl {
namespace {

// A module newer than hivectl may report a state hivectl has no name for.
std::string state_name(uint32_t state)
{
	const char *name = hive_core_state_name(state);
	return name ? name : "unknown (" + std::to_string(state) + ")";
}

} // namespace

std::string status_table(const hive::Status &status, const hive::TransportStatus &transport)
{
	return align_columns({
		{"version", status.version},
		{"node id", number_or(status.node_id, "none")},
		{"state", state_name(status.state)},
		{"cluster", status.cluster_name.empty() ? "none" : status.cluster_name},
		{"incarnation", std::to_string(status.incarnation)},
		{"view epoch", number_or(status.view_epoch, "none")},
		{"transport port", number_or(transport.port, "not listening")},
		{"transport key", transport.keyed ? "set" : "not set"},
		{"encryption", transport.encryption},
		{"rekey after", std::to_string(transport.rekey_bytes) + " bytes"},
		{"rekeys", std::to_string(transport.rekeys)},
		{"connections", std::to_string(transport.connections)},
		{"handshakes", std::to_string(transport.handshakes)},
		{"refused malformed", std::to_string(transport.refused_malformed)},
		{"refused cluster", std::to_string(transport.refused_cluster)},
		{"refused not member", std::to_string(transport.refused_not_member)},
		{"refused auth", std::to_string(transport.refused_auth)},
		{"refused busy", std::to_string(transport.refused_busy)},
		{"refused address", std::to_string(transport.refused_address)},
		{"refused protection", std::to_string(transport.refused_protection)},
	});
}

std::string status_json(const hive::Status &status, const hive::TransportStatus &transport)
{
	// "none" in the table is null here.
	const std::string cluster_name =
		status.cluster_name.empty() ? "null" : json_string(status.cluster_name);
	return "{\"version\":" + json_string(status.version) +
	       ",\"node_id\":" + number_or(status.node_id, "null") +
	       ",\"state\":" + json_string(state_name(status.state)) +
	       ",\"cluster_name\":" + cluster_name +
	       ",\"incarnation\":" + std::to_string(status.incarnation) +
	       ",\"view_epoch\":" + number_or(status.view_epoch, "null") +
	       ",\"transport\":{\"port\":" + number_or(transport.port, "null") +
	       ",\"keyed\":" + (transport.keyed ? "true" : "false") +
	       ",\"encryption\":" + json_string(transport.encryption) +
	       ",\"rekey_bytes\":" + std::to_string(transport.rekey_bytes) +
	       ",\"rekeys\":" + std::to_string(transport.rekeys) +
	       ",\"connections\":" + std::to_string(transport.connections) +
	       ",\"handshakes\":" + std::to_string(transport.handshakes) +
	       ",\"refused_malformed\":" + std::to_string(transport.refused_malformed) +
	       ",\"refused_cluster\":" + std::to_string(transport.refused_cluster) +
	       ",\"refused_not_member\":" + std::to_string(transport.refused_not_member) +
	       ",\"refused_auth\":" + std::to_string(transport.refused_auth) +
	       ",\"refused_busy\":" + std::to_string(transport.refused_busy) +
	       ",\"refused_address\":" + std::to_string(transport.refused_address) +
	       ",\"refused_protection\":" + std::to_string(transport.refused_protection) +
	       "}}\n";
}

} // namespace hivectl
