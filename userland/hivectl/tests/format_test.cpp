// SPDX-License-Identifier: GPL-2.0
#include "format.hpp"

#include <gtest/gtest.h>

namespace {

TEST(JsonString, EscapesQuotesBackslashesAndControlCharacters)
{
	EXPECT_EQ(hivectl::json_string("a\"b\\c\td\x1f"), "\"a\\\"b\\\\c\\u0009d\\u001f\"");
}

TEST(JsonString, KeepsUtf8)
{
	EXPECT_EQ(hivectl::json_string("n\xc5\x93ud"), "\"n\xc5\x93ud\"");
}

TEST(NumberOr, ReplacesOnlyZero)
{
	EXPECT_EQ(hivectl::number_or(0, "none"), "none");
	EXPECT_EQ(hivectl::number_or(18446744073709551615u, "none"), "18446744073709551615");
}

TEST(AlignColumns, PadsEveryColumnButTheLast)
{
	EXPECT_EQ(hivectl::align_columns({{"a", "bb", "c"}, {"ddd", "e", "ffff"}}),
		  "a    bb  c\n"
		  "ddd  e   ffff\n");
}

TEST(AlignColumns, TakesRowsOfDifferentLengths)
{
	EXPECT_EQ(hivectl::align_columns({{"a", "b"}, {"ccc"}, {}}),
		  "a    b\n"
		  "ccc\n"
		  "\n");
}

} // namespace
