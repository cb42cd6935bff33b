// SPDX-License-Identifier: GPL-2.0
/*
 * hive-probe's cases: what each sends to a node's cluster port and how it
 * judges the node's reaction.
 */
#ifndef HIVE_TOOLS_PROBE_HPP
#define HIVE_TOOLS_PROBE_HPP

#include <string>

#include "hive/result.hpp"
#include "probe_options.hpp"

namespace hive::tools {

/// What a probe saw.
struct ProbeReport {
	bool as_expected; // the node closed the connection (flood: no connect hung)
	std::string text; // lines for standard output, each ending in '\n'
};

/// Runs the case @p o names.  An error is a failure of the probe itself
/// (no route, unreadable key file), not a verdict on the node.
Result<ProbeReport> run_probe(const ProbeOptions &o);

/// The flood case (probe_flood.cpp).
Result<ProbeReport> run_flood(const ProbeOptions &o);

} // namespace hive::tools

#endif // HIVE_TOOLS_PROBE_HPP
