// SPDX-License-Identifier: GPL-2.0
#ifndef HIVECTL_NODES_OUTPUT_HPP
#define HIVECTL_NODES_OUTPUT_HPP

#include <cstdint>
#include <string>
#include <vector>

#include "hive/nodes.hpp"
#include "hive/sysfs.hpp"

namespace hivectl {

/// A member of the view (HIVE_CMD_GET_NODES) and its link (sysfs).
struct Member {
	hive::Node node;
	hive::NodeLink link;
};

/// What `hivectl nodes` shows: the view in force and its members.
struct Members {
	uint64_t view_epoch = 0;     ///< 0 when there is no view yet
	std::vector<Member> members; ///< by ascending node id; empty without a view
};

/// A round trip in milliseconds with three decimals ("0.612 ms"), or "-"
/// when there is none: not measured yet, or the local node.
std::string rtt_text(const hive::NodeLink &link);

/// `hivectl nodes`: an aligned table with a header and a row per member,
/// the row of @p local_node_id marked; a sentence when there is no view.
std::string nodes_table(const Members &members, uint32_t local_node_id);

/// `hivectl nodes --json`: one JSON object on one line.
std::string nodes_json(const Members &members, uint32_t local_node_id);

} // namespace hivectl

#endif // HIVECTL_NODES_OUTPUT_HPP
