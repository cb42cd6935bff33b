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

std::string status_table(const hive::Status &status)
{
	return align_columns({
		{"version", status.version},
		{"node id", number_or(status.node_id, "none")},
		{"state", state_name(status.state)},
		{"cluster", status.cluster_name.empty() ? "none" : status.cluster_name},
		{"incarnation", std::to_string(status.incarnation)},
		{"view epoch", number_or(status.view_epoch, "none")},
	});
}

std::string status_json(const hive::Status &status)
{
	// "none" in the table is null here.
	const std::string cluster_name =
		status.cluster_name.empty() ? "null" : json_string(status.cluster_name);
	return "{\"version\":" + json_string(status.version) +
	       ",\"node_id\":" + number_or(status.node_id, "null") +
	       ",\"state\":" + json_string(state_name(status.state)) +
	       ",\"cluster_name\":" + cluster_name +
	       ",\"incarnation\":" + std::to_string(status.incarnation) +
	       ",\"view_epoch\":" + number_or(status.view_epoch, "null") + "}\n";
}

} // namespace hivectl
