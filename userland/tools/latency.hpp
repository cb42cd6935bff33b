// SPDX-License-Identifier: GPL-2.0
/*
 * Round-trip latency statistics, as hive-pingpong prints them.
 */
#ifndef HIVE_TOOLS_LATENCY_HPP
#define HIVE_TOOLS_LATENCY_HPP

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace hive::tools {

/// The @p percent-th percentile of @p sorted (ascending, not empty) by the
/// nearest-rank method: the smallest sample that at least @p percent % of
/// the samples do not exceed.  Always one of the samples, never an
/// interpolation; percent 0 gives the minimum, 100 the maximum.
[[nodiscard]] uint64_t percentile(std::span<const uint64_t> sorted, unsigned percent);

struct LatencySummary {
	uint64_t min_ns;
	uint64_t p50_ns;
	uint64_t p99_ns;
	uint64_t max_ns;
};

/// Summarizes @p samples (not empty; sorted in place).
[[nodiscard]] LatencySummary summarize(std::vector<uint64_t> &samples);

/// "size=64 count=2000 min_ns=1 p50_ns=2 p99_ns=3 max_ns=4\n".
[[nodiscard]] std::string latency_line(uint64_t size, uint64_t count, const LatencySummary &s);

} // namespace hive::tools

#endif // HIVE_TOOLS_LATENCY_HPP
