// SPDX-License-Identifier: GPL-2.0
#include "nodes_output.hpp"

#include <cstdio>

#include "format.hpp"

namespace hivectl {
namespace {

bool measured(const hive::NodeLink &link)
{
	return link.rtt_us != 0 && link.state != "self";
}

} // namespace

std::string rtt_text(const hive::NodeLink &link)
{
	if (!measured(link))
		return "-";
	char text[32];
	std::snprintf(text, sizeof text, "%llu.%03u ms",
		      static_cast<unsigned long long>(link.rtt_us / 1000),
		      static_cast<unsigned>(link.rtt_us % 1000));
	return text;
}

std::string nodes_table(const Members &members, uint32_t local_node_id)
{
	if (members.members.empty())
		return "no membership view yet (hived has not joined a cluster)\n";
	std::vector<std::vector<std::string>> rows{
		{"ID", "ADDRESS", "PORT", "STATE", "RTT", "TX", "RX", "ERRORS", "INCARNATION"}};
	for (const auto &[node, link] : members.members) {
		std::string incarnation = number_or(node.incarnation, "unknown");
		if (node.node_id == local_node_id)
			incarnation += " (this node)";
		rows.push_back({std::to_string(node.node_id), node.address,
				std::to_string(node.port), link.state, rtt_text(link),
				std::to_string(link.tx_messages), std::to_string(link.rx_messages),
				std::to_string(link.errors), incarnation});
	}
	return align_columns(rows);
}

std::string nodes_json(const Members &members, uint32_t local_node_id)
{
	std::string json =
		"{\"view_epoch\":" + number_or(members.view_epoch, "null") + ",\"nodes\":[";
	for (const auto &[node, link] : members.members) {
		if (&node != &members.members.front().node)
			json += ',';
		json += "{\"node_id\":" + std::to_string(node.node_id) +
			",\"address\":" + json_string(node.address) +
			",\"port\":" + std::to_string(node.port) +
			",\"incarnation\":" + number_or(node.incarnation, "null") +
			",\"local\":" + (node.node_id == local_node_id ? "true" : "false") +
			",\"state\":" + json_string(link.state) +
			",\"rtt_us\":" + (measured(link) ? std::to_string(link.rtt_us) : "null") +
			",\"tx_messages\":" + std::to_string(link.tx_messages) +
			",\"rx_messages\":" + std::to_string(link.rx_messages) +
			",\"tx_bytes\":" + std::to_string(link.tx_bytes) +
			",\"rx_bytes\":" + std::to_string(link.rx_bytes) +
			",\"errors\":" + std::to_string(link.errors) +
			",\"connects\":" + std::to_string(link.connects) + "}";
	}
	return json + "]}\n";
}

} // namespace hivectl
