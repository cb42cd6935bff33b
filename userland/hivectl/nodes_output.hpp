// SPDX-License-Identifier: GPL-2.0
#ifndef HIVECTL_NODES_OUTPUT_HPP
#define HIVECTL_NODES_OUTPUT_HPP

#include <cstdint>
#include <string>

#include "hive/nodes.hpp"

namespace hivectl {

/// `hivectl nodes`: an aligned table with a header and a row per member,
/// the row of @p local_node_id marked; a sentence when there is no view.
std::string nodes_table(const hive::Nodes &nodes, uint32_t local_node_id);

/// `hivectl nodes --json`: one JSON object on one line.
std::string nodes_json(const hive::Nodes &nodes, uint32_t local_node_id);

} // namespace hivectl

#endif // HIVECTL_NODES_OUTPUT_HPP
