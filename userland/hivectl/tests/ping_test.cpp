// SPDX-License-Identifier: GPL-2.0
// `hivectl ping`: its command line and what it prints.
#include "ping.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace {

hive::Result<hivectl::PingOptions> parse(std::vector<std::string_view> args)
{
	return hivectl::parse_ping_options(args);
}

std::string error_for(std::vector<std::string_view> args)
{
	const auto options = parse(args);
	EXPECT_FALSE(options.ok());
	return options.ok() ? std::string() : options.error().message;
}

TEST(PingOptions, DefaultsToTenEchoesOf64Bytes)
{
	const auto options = parse({"2"});
	ASSERT_TRUE(options.ok()) << options.error().message;
	EXPECT_EQ(options.value().request, (hive::EchoRequest{2, 10, 64, false, 0}));
	EXPECT_FALSE(options.value().json);
}

TEST(PingOptions, TakesEveryOptionInEitherForm)
{
	const auto options = parse(
		{"--count", "1000", "--size=65536", "1023", "--oneway", "--timeout=5000", "--json",
		 "--hold", "250", "--pages=3"});
	ASSERT_TRUE(options.ok()) << options.error().message;
	EXPECT_EQ(options.value().request,
		  (hive::EchoRequest{1023, 1000, 65536, true, 5000, 250, 3}));
	EXPECT_TRUE(options.value().json);
}

TEST(PingOptions, TakesTheEndsOfEveryRange)
{
	const auto low = parse({"1", "--count", "1", "--size", "0", "--timeout", "1", "--hold", "1",
				"--pages", "0"});
	ASSERT_TRUE(low.ok()) << low.error().message;
	EXPECT_EQ(low.value().request, (hive::EchoRequest{1, 1, 0, false, 1, 1, 0}));
	const auto high = parse({"1023", "--count", "1000000", "--size", "1048560", "--timeout",
				 "600000", "--hold", "600000", "--pages", "512"});
	ASSERT_TRUE(high.ok()) << high.error().message;
	EXPECT_EQ(high.value().request,
		  (hive::EchoRequest{1023, 1000000, 1048560, false, 600000, 600000, 512}));
}

TEST(PingOptions, RefusesBadNodeIds)
{
	for (const char *bad : {"0", "1024", "abc", "+5", ""})
		EXPECT_EQ(error_for({bad}),
			  "ping: '" + std::string(bad) + "' is not a node id (must be 1..1023)");
}

TEST(PingOptions, RefusesValuesOutOfRange)
{
	EXPECT_EQ(error_for({"2", "--count", "0"}),
		  "ping: --count: '0' is not a count (must be 1..1000000)");
	EXPECT_EQ(error_for({"2", "--count=1000001"}),
		  "ping: --count: '1000001' is not a count (must be 1..1000000)");
	EXPECT_EQ(error_for({"2", "--size", "1048561"}),
		  "ping: --size: '1048561' is not a size in bytes (must be 0..1048560)");
	EXPECT_EQ(error_for({"2", "--size", "-1"}),
		  "ping: --size: '-1' is not a size in bytes (must be 0..1048560)");
	EXPECT_EQ(error_for({"2", "--timeout", "0"}),
		  "ping: --timeout: '0' is not a timeout in milliseconds (must be 1..600000)");
	EXPECT_EQ(error_for({"2", "--hold", "0"}),
		  "ping: --hold: '0' is not a hold in milliseconds (must be 1..600000)");
	EXPECT_EQ(error_for({"2", "--hold", "600001"}),
		  "ping: --hold: '600001' is not a hold in milliseconds (must be 1..600000)");
	EXPECT_EQ(error_for({"2", "--pages", "513"}),
		  "ping: --pages: '513' is not a page count (must be 0..512)");
	EXPECT_EQ(error_for({"2", "--count="}),
		  "ping: --count: '' is not a count (must be 1..1000000)");
}

TEST(PingOptions, RefusesAMalformedCommandLine)
{
	EXPECT_EQ(error_for({}), "ping: missing NODE (see 'hivectl help')");
	EXPECT_EQ(error_for({"--count", "5"}), "ping: missing NODE (see 'hivectl help')");
	EXPECT_EQ(error_for({"2", "3"}), "ping: unexpected argument '3' (see 'hivectl help')");
	EXPECT_EQ(error_for({"2", "--frobnicate"}),
		  "ping: unknown option '--frobnicate' (see 'hivectl help')");
	EXPECT_EQ(error_for({"2", "-c", "5"}), "ping: unknown option '-c' (see 'hivectl help')");
	EXPECT_EQ(error_for({"2", "--count"}), "ping: --count needs a value (see 'hivectl help')");
	EXPECT_EQ(error_for({"2", "--size", "1", "--size", "2"}),
		  "ping: --size given twice (see 'hivectl help')");
	EXPECT_EQ(error_for({"2", "--json", "--json"}),
		  "ping: --json given twice (see 'hivectl help')");
	EXPECT_EQ(error_for({"2", "--oneway=yes"}),
		  "ping: --oneway takes no value (see 'hivectl help')");
}

TEST(DurationText, UsesMillisecondsBelowASecond)
{
	EXPECT_EQ(hivectl::duration_text(0), "0 ms");
	EXPECT_EQ(hivectl::duration_text(400), "0 ms");
	EXPECT_EQ(hivectl::duration_text(500), "0.001 ms");
	EXPECT_EQ(hivectl::duration_text(612000), "0.612 ms");
	EXPECT_EQ(hivectl::duration_text(1502499), "1.502 ms");
	EXPECT_EQ(hivectl::duration_text(1600000), "1.6 ms");
	EXPECT_EQ(hivectl::duration_text(7000000), "7 ms");
	EXPECT_EQ(hivectl::duration_text(999999499), "999.999 ms");
}

TEST(DurationText, UsesSecondsFromASecond)
{
	EXPECT_EQ(hivectl::duration_text(999999500), "1 s");
	EXPECT_EQ(hivectl::duration_text(1230000000), "1.23 s");
	EXPECT_EQ(hivectl::duration_text(1234567890), "1.235 s");
	EXPECT_EQ(hivectl::duration_text(600000000000), "600 s");
	EXPECT_EQ(hivectl::duration_text(18446744073709551615u), "18446744073.71 s");
}

const hive::EchoRequest ten{2, 10, 64, false, 0};
const hive::EchoResult ten_answered{10, 7200000, 612000, 701000, 1502000, 1600000};
const hive::EchoRequest thousand_oneway{2, 1000, 65536, true, 0};
const hive::EchoResult thousand_handled{1000, 1230000000, 0, 0, 0, 0};

TEST(PingText, GivesTheRoundTrips)
{
	EXPECT_EQ(hivectl::ping_text(ten, ten_answered),
		  "node 2: 10 of 10 echoes of 64 B answered: min 0.612 ms, p50 0.701 ms, "
		  "p99 1.502 ms, max 1.6 ms, 7.2 ms in all\n");
}

TEST(PingText, SaysOneEcho)
{
	const hive::EchoRequest one{5, 1, 0, false, 0};
	EXPECT_EQ(hivectl::ping_text(one, {1, 2000000000, 2000000000, 2000000000, 2000000000,
					   2000000000}),
		  "node 5: 1 of 1 echo of 0 B answered: min 2 s, p50 2 s, p99 2 s, max 2 s, "
		  "2 s in all\n");
}

TEST(PingText, LeavesOutRoundTripsWhenNoneWasAnswered)
{
	EXPECT_EQ(hivectl::ping_text(ten, {0, 30000000000, 0, 0, 0, 0}),
		  "node 2: 0 of 10 echoes of 64 B answered, 30 s in all\n");
}

TEST(PingText, GivesTheThroughputOfOneWayMessages)
{
	EXPECT_EQ(hivectl::ping_text(thousand_oneway, thousand_handled),
		  "node 2: 1000 one-way messages of 65536 B handled in 1.23 s: 53.3 MB/s\n");
}

TEST(PingText, CountsEmptyOneWayMessages)
{
	const hive::EchoRequest empty{3, 1000, 0, true, 0};
	EXPECT_EQ(hivectl::ping_text(empty, {1000, 1250000000, 0, 0, 0, 0}),
		  "node 3: 1000 one-way messages of 0 B handled in 1.25 s: 800 messages/s\n");
}

TEST(PingText, SaysWhenNotAllOneWayMessagesWereHandled)
{
	EXPECT_EQ(hivectl::ping_text(thousand_oneway, {500, 1000000000, 0, 0, 0, 0}),
		  "node 2: 500 of 1000 one-way messages of 65536 B handled in 1 s: 32.8 MB/s\n");
}

TEST(PingText, CountsPagesInTheMessagesAndTheRate)
{
	hive::EchoRequest request = thousand_oneway;
	request.size = 0;
	request.pages = 16;
	EXPECT_EQ(hivectl::ping_text(request, thousand_handled),
		  "node 2: 1000 one-way messages of 0 B and 16 pages handled in 1.23 s: 53.3 MB/s\n");
	request = ten;
	request.pages = 1;
	EXPECT_EQ(hivectl::ping_text(request, {1, 2000000, 2000000, 2000000, 2000000, 2000000}),
		  "node 2: 1 of 10 echoes of 64 B and 1 page answered: min 2 ms, p50 2 ms, "
		  "p99 2 ms, max 2 ms, 2 ms in all\n");
}

TEST(PingText, GivesNoRateForNoTime)
{
	EXPECT_EQ(hivectl::ping_text({2, 1, 64, true, 0}, {1, 0, 0, 0, 0, 0}),
		  "node 2: 1 one-way message of 64 B handled in 0 ms\n");
}

TEST(PingJson, IsOneObject)
{
	EXPECT_EQ(hivectl::ping_json(ten, ten_answered),
		  "{\"node_id\":2,\"oneway\":false,\"count\":10,\"size\":64,\"pages\":0,"
		  "\"timeout_ms\":null,"
		  "\"hold_ms\":null,\"completed\":10,\"ns_total\":7200000,\"ns_min\":612000,\"ns_p50\":701000,"
		  "\"ns_p99\":1502000,\"ns_max\":1600000,\"bytes_per_second\":null}\n");
}

TEST(PingJson, GivesTheThroughputOfOneWayMessages)
{
	hive::EchoRequest request = thousand_oneway;
	request.timeout_ms = 5000;
	request.hold_ms = 20;
	EXPECT_EQ(hivectl::ping_json(request, thousand_handled),
		  "{\"node_id\":2,\"oneway\":true,\"count\":1000,\"size\":65536,\"pages\":0,"
		  "\"timeout_ms\":5000,"
		  "\"hold_ms\":20,\"completed\":1000,\"ns_total\":1230000000,\"ns_min\":null,\"ns_p50\":null,"
		  "\"ns_p99\":null,\"ns_max\":null,\"bytes_per_second\":53281300}\n");
	// A page is 4096 bytes of the rate.
	request.size = 0;
	request.pages = 16;
	EXPECT_NE(hivectl::ping_json(request, thousand_handled).find("\"pages\":16,"),
		  std::string::npos);
	EXPECT_NE(hivectl::ping_json(request, thousand_handled).find("\"bytes_per_second\":53281300}"),
		  std::string::npos);
}

} // namespace
