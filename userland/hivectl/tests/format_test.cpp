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

TEST(JsonString, ReplacesBytesThatAreNotUtf8)
{
	// A comm cut in the middle of a character, a lone continuation byte,
	// an overlong '/', a surrogate and a code point past U+10FFFF.
	EXPECT_EQ(hivectl::json_string("ab\xc5"), "\"ab\\ufffd\"");
	EXPECT_EQ(hivectl::json_string("\x80x"), "\"\\ufffdx\"");
	EXPECT_EQ(hivectl::json_string("\xc0\xaf"), "\"\\ufffd\\ufffd\"");
	EXPECT_EQ(hivectl::json_string("\xed\xa0\x80"), "\"\\ufffd\\ufffd\\ufffd\"");
	EXPECT_EQ(hivectl::json_string("\xf4\x90\x80\x80"),
		  "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
}

TEST(JsonString, KeepsEveryLengthOfUtf8)
{
	EXPECT_EQ(hivectl::json_string("\xc2\x80\xe0\xa0\x80\xef\xbf\xbd\xf0\x90\x80\x80"
				       "\xf4\x8f\xbf\xbf\x7f"),
		  "\"\xc2\x80\xe0\xa0\x80\xef\xbf\xbd\xf0\x90\x80\x80\xf4\x8f\xbf\xbf\x7f\"");
}

TEST(NumberOr, ReplacesOnlyZero)
{
	EXPECT_EQ(hivectl::number_or(0, "none"), "none");
	EXPECT_EQ(hivectl::number_or(18446744073709551615u, "none"), "18446744073709551615");
}

TEST(Plural, TheNounAgreesWithTheCount)
{
	EXPECT_EQ(hivectl::plural(1, "page", "pages"), "1 page");
	EXPECT_EQ(hivectl::plural(0, "page", "pages"), "0 pages");
	EXPECT_EQ(hivectl::plural(18446744073709551615u, "process", "processes"),
		  "18446744073709551615 processes");
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
