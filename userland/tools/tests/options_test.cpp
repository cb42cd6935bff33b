// SPDX-License-Identifier: GPL-2.0
#include "options.hpp"

#include <array>
#include <limits>
#include <vector>

#include <gtest/gtest.h>

namespace {

using hive::tools::parse_number;
using hive::tools::split_command_line;

constexpr std::array<std::string_view, 2> known{"--count", "--size"};

hive::Result<hive::tools::CommandLine> split(std::vector<std::string_view> args)
{
	return split_command_line(args, known);
}

TEST(SplitCommandLine, SeparatesWordsAndOptionsInAnyOrder)
{
	const auto line = split({"--count", "5", "a", "--size=64", "b"});
	ASSERT_TRUE(line) << line.error().message;
	EXPECT_EQ(line.value().positional, (std::vector<std::string_view>{"a", "b"}));
	EXPECT_EQ(line.value().option("--count"), "5");
	EXPECT_EQ(line.value().option("--size"), "64");
	EXPECT_FALSE(line.value().option("--other"));
}

TEST(SplitCommandLine, TakesAnEmptyValueAfterEquals)
{
	const auto line = split({"--size="});
	ASSERT_TRUE(line);
	EXPECT_EQ(line.value().option("--size"), "");
}

TEST(SplitCommandLine, RefusesUnknownOptions)
{
	EXPECT_EQ(split({"--cont", "5"}).error().message, "unknown option '--cont'");
	EXPECT_EQ(split({"-c", "5"}).error().message, "unknown option '-c'");
	EXPECT_EQ(split({"-"}).error().message, "unknown option '-'");
	EXPECT_EQ(split({"---count", "5"}).error().message, "unknown option '---count'");
}

TEST(SplitCommandLine, RefusesAnOptionGivenTwice)
{
	EXPECT_EQ(split({"--count", "5", "--count=6"}).error().message, "--count given twice");
}

TEST(SplitCommandLine, RefusesAnOptionWithoutValue)
{
	EXPECT_EQ(split({"a", "--count"}).error().message, "--count needs a value");
}

TEST(ParseNumber, TakesDecimalDigitsInRange)
{
	EXPECT_EQ(parse_number("--n", "1", 1, 10).value(), 1u);
	EXPECT_EQ(parse_number("--n", "10", 1, 10).value(), 10u);
	EXPECT_EQ(parse_number("--n", "007", 1, 10).value(), 7u);
	constexpr uint64_t max = std::numeric_limits<uint64_t>::max();
	EXPECT_EQ(parse_number("--n", "18446744073709551615", 0, max).value(), max);
}

TEST(ParseNumber, RefusesEverythingElse)
{
	for (const std::string_view text :
	     {"", "0", "11", "-1", "+1", " 1", "1 ", "1x", "0x5", "1e3", "5.0",
	      "18446744073709551616", "99999999999999999999999"})
		EXPECT_FALSE(parse_number("--n", text, 1, 10)) << "'" << text << "'";
}

TEST(ParseNumber, ErrorNamesTheOptionAndTheRange)
{
	EXPECT_EQ(parse_number("--count", "x\n", 1, 10000).error().message,
		  "--count: 'x\\x0a' is not a number in 1..10000");
}

TEST(ParsePortNumber, TakesZeroOnlyWhenAllowed)
{
	EXPECT_FALSE(hive::tools::parse_port_number("PORT", "0", false));
	EXPECT_EQ(hive::tools::parse_port_number("PORT", "0", true).value(), 0);
	EXPECT_EQ(hive::tools::parse_port_number("PORT", "65535", false).value(), 65535);
	EXPECT_FALSE(hive::tools::parse_port_number("PORT", "65536", true));
}

} // namespace
