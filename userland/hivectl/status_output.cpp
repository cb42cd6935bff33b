// SPDX-License-Identifier: GPL-2.0
#include "status_output.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <string_view>
#include <utility>

#include "hive/core.h"

namespace hivectl {
namespace {

// A module newer than hivectl may report a state hivectl has no name for.
std::string state_name(uint32_t state)
{
	const char *name = hive_core_state_name(state);
	return name ? name : "unknown (" + std::to_string(state) + ")";
}

std::string json_string(std::string_view text)
{
	std::string quoted = "\"";
	for (const char c : text) {
		const auto byte = static_cast<unsigned char>(c);
		if (c == '"' || c == '\\') {
			quoted += '\\';
			quoted += c;
		} else if (byte < 0x20) {
			char escaped[sizeof "\\u0000"];
			std::snprintf(escaped, sizeof escaped, "\\u%04x", byte);
			quoted += escaped;
		} else {
			quoted += c;
		}
	}
	quoted += '"';
	return quoted;
}

} // namespace

std::string status_table(const hive::Status &status)
{
	const std::array<std::pair<std::string_view, std::string>, 4> rows{{
		{"version", status.version},
		{"node id", status.node_id == 0 ? "none" : std::to_string(status.node_id)},
		{"state", state_name(status.state)},
		{"cluster", status.cluster_name.empty() ? "none" : status.cluster_name},
	}};
	std::size_t label_width = 0;
	for (const auto &[label, value] : rows)
		label_width = std::max(label_width, label.size());

	std::string table;
	for (const auto &[label, value] : rows) {
		table += label;
		table.append(label_width - label.size() + 2, ' ');
		table += value + "\n";
	}
	return table;
}

std::string status_json(const hive::Status &status)
{
	// "none" in the table is null here.
	const std::string node_id = status.node_id == 0 ? "null" : std::to_string(status.node_id);
	const std::string cluster_name =
		status.cluster_name.empty() ? "null" : json_string(status.cluster_name);
	return "{\"version\":" + json_string(status.version) + ",\"node_id\":" + node_id +
	       ",\"state\":" + json_string(state_name(status.state)) +
	       ",\"cluster_name\":" + cluster_name + "}\n";
}

} // namespace hivectl
