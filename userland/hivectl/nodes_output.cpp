// SPDX-License-Identifier: GPL-2.0
#include "nodes_output.hpp"

#include <vector>

#include "format.hpp"

namespace hivectl {

std::string nodes_table(const hive::Nodes &nodes, uint32_t local_node_id)
{
	if (nodes.nodes.empty())
		return "no membership view yet (hived has not joined a cluster)\n";
	std::vector<std::vector<std::string>> rows{{"ID", "ADDRESS", "PORT", "INCARNATION"}};
	for (const hive::Node &node : nodes.nodes) {
		std::string incarnation = number_or(node.incarnation, "unknown");
		if (node.node_id == local_node_id)
			incarnation += " (this node)";
		rows.push_back({std::to_string(node.node_id), node.address,
				std::to_string(node.port), incarnation});
	}
	return align_columns(rows);
}

std::string nodes_json(const hive::Nodes &nodes, uint32_t local_node_id)
{
	std::string json = "{\"view_epoch\":" + number_or(nodes.view_epoch, "null") + ",\"nodes\":[";
	for (const hive::Node &node : nodes.nodes) {
		if (&node != &nodes.nodes.front())
			json += ',';
		json += "{\"node_id\":" + std::to_string(node.node_id) +
			",\"address\":" + json_string(node.address) +
			",\"port\":" + std::to_string(node.port) +
			",\"incarnation\":" + number_or(node.incarnation, "null") +
			",\"local\":" + (node.node_id == local_node_id ? "true" : "false") + "}";
	}
	return json + "]}\n";
}

} // namespace hivectl
