// SPDX-License-Identifier: GPL-2.0
#ifndef HIVE_NODES_HPP
#define HIVE_NODES_HPP

#include <cstdint>
#include <string>
#include <vector>

namespace hive {

/// A member of the membership view.
struct Node {
	uint32_t node_id = 0;
	uint64_t incarnation = 0; ///< 0 until the node has announced one
	std::string address;      ///< IPv4 dotted quad or IPv6 text
	uint16_t port = 0;

	bool operator==(const Node &) const = default;
};

/// The membership view in force as hive.ko reports it (HIVE_CMD_GET_NODES).
struct Nodes {
	uint64_t view_epoch = 0; ///< 0 when there is no view yet
	std::vector<Node> nodes; ///< by ascending node id; empty when there is no view
};

/// A membership view as hived sends it (HIVE_CMD_SET_VIEW).
struct View {
	uint64_t epoch = 0;       ///< corosync's ring sequence
	bool quorate = false;
	std::vector<Node> members; ///< by ascending node id

	bool operator==(const View &) const = default;
};

} // namespace hive

#endif // HIVE_NODES_HPP
