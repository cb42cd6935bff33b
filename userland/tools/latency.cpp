// SPDX-License-Identifier: GPL-2.0
#include "latency.hpp"

#include <algorithm>

namespace hive::tools {

uint64_t percentile(std::span<const uint64_t> sorted, unsigned percent)
{
	// Rank ceil(percent/100 * n), counted from 1; rank 0 (percent 0) is
	// the first sample too.
	const uint64_t n = sorted.size();
	const uint64_t rank = (uint64_t{percent} * n + 99) / 100;
	return sorted[std::clamp<uint64_t>(rank, 1, n) - 1];
}

LatencySummary summarize(std::vector<uint64_t> &samples)
{
	std::ranges::sort(samples);
	return LatencySummary{samples.front(), percentile(samples, 50), percentile(samples, 99),
			      samples.back()};
}

std::string latency_line(uint64_t size, uint64_t count, const LatencySummary &s)
{
	return "size=" + std::to_string(size) + " count=" + std::to_string(count) +
	       " min_ns=" + std::to_string(s.min_ns) + " p50_ns=" + std::to_string(s.p50_ns) +
	       " p99_ns=" + std::to_string(s.p99_ns) + " max_ns=" + std::to_string(s.max_ns) +
	       "\n";
}

} // namespace hive::tools
