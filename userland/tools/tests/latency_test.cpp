// SPDX-License-Identifier: GPL-2.0
#include "latency.hpp"

#include <numeric>
#include <vector>

#include <gtest/gtest.h>

namespace {

using hive::tools::percentile;

std::vector<uint64_t> one_to(uint64_t n)
{
	std::vector<uint64_t> v(n);
	std::iota(v.begin(), v.end(), 1);
	return v;
}

TEST(Percentile, IsTheNearestRankOfAHundredSamples)
{
	const auto samples = one_to(100);
	EXPECT_EQ(percentile(samples, 50), 50u);
	EXPECT_EQ(percentile(samples, 99), 99u);
	EXPECT_EQ(percentile(samples, 100), 100u);
	EXPECT_EQ(percentile(samples, 0), 1u);
}

TEST(Percentile, RoundsTheRankUp)
{
	const std::vector<uint64_t> samples{10, 20, 30};
	EXPECT_EQ(percentile(samples, 50), 20u); // rank ceil(1.5) = 2
	EXPECT_EQ(percentile(samples, 99), 30u); // rank ceil(2.97) = 3
	EXPECT_EQ(percentile(samples, 1), 10u);
}

TEST(Percentile, OfTwoHundredSamplesIsNoInterpolation)
{
	const auto samples = one_to(200);
	EXPECT_EQ(percentile(samples, 50), 100u);
	EXPECT_EQ(percentile(samples, 99), 198u);
}

TEST(Percentile, OfOneSampleIsThatSample)
{
	const std::vector<uint64_t> samples{7};
	for (unsigned p : {0u, 1u, 50u, 99u, 100u})
		EXPECT_EQ(percentile(samples, p), 7u) << p;
}

TEST(Summarize, SortsTheSamplesFirst)
{
	std::vector<uint64_t> samples{500, 3, 40, 2, 1000, 7};
	const auto s = hive::tools::summarize(samples);
	EXPECT_EQ(s.min_ns, 2u);
	EXPECT_EQ(s.p50_ns, 7u);
	EXPECT_EQ(s.p99_ns, 1000u);
	EXPECT_EQ(s.max_ns, 1000u);
}

TEST(LatencyLine, IsKeyValuePairsOnOneLine)
{
	EXPECT_EQ(hive::tools::latency_line(64, 2000, {1, 2, 3, 4}),
		  "size=64 count=2000 min_ns=1 p50_ns=2 p99_ns=3 max_ns=4\n");
}

} // namespace
