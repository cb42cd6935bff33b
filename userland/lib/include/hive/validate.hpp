// SPDX-License-Identifier: GPL-2.0
#ifndef HIVE_VALIDATE_HPP
#define HIVE_VALIDATE_HPP

#include <cstdint>
#include <string_view>

#include "hive/result.hpp"

namespace hive {

/// Reads a node id as a user writes it: decimal digits only (no sign, no
/// spaces), within HIVE_NODE_ID_MIN..HIVE_NODE_ID_MAX.  The error reads
/// "'abc' is not a node id (must be 1..1023)".
Result<uint32_t> parse_node_id(std::string_view text);

/// Reads a TCP/UDP port as a user writes it: decimal digits only, 1..65535.
/// The error reads "'0' is not a port (must be 1..65535)".
Result<uint16_t> parse_port(std::string_view text);

/// Reads a number as a user writes it: decimal digits only, within @p min..
/// @p max.  The error reads "'0' is not WHAT (must be MIN..MAX)", with
/// @p what e.g. "a count".
Result<uint32_t> parse_number(std::string_view text, uint32_t min, uint32_t max,
			      std::string_view what);

/// Checks a cluster name against hive's rules; the error says what is
/// wrong with it, e.g. "'a b' is not a cluster name (...)".
Result<void> check_cluster_name(std::string_view name);

} // namespace hive

#endif // HIVE_VALIDATE_HPP
