// SPDX-License-Identifier: GPL-2.0
// `hivectl ps`: its command line and what it prints.
#include "ps.hpp"

#include <cstdlib>
#include <ctime>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace {

hive::Result<hivectl::PsOptions> parse(std::vector<std::string_view> args)
{
	return hivectl::parse_ps_options(args);
}

std::string error_for(std::vector<std::string_view> args)
{
	const auto options = parse(args);
	EXPECT_FALSE(options.ok());
	return options.ok() ? std::string() : options.error().message;
}

// 2023-11-14 22:13:20 UTC.
constexpr int64_t now = 1700000000;
// The same day at 15:00 and 13:00 UTC, and the day before at 09:30.
constexpr int64_t today_15_00 = 1699974000;
constexpr int64_t today_13_00 = 1699966800;
constexpr int64_t yesterday_09_30 = 1699867800;

// Runs each test in the time zone it sets, then restores the one before.
class LocalTime : public testing::Test {
protected:
	void SetUp() override
	{
		if (const char *tz = std::getenv("TZ"))
			saved = tz;
		zone("UTC0");
	}
	void TearDown() override
	{
		if (saved)
			setenv("TZ", saved->c_str(), 1);
		else
			unsetenv("TZ");
		tzset();
	}
	static void zone(const char *tz)
	{
		setenv("TZ", tz, 1);
		tzset();
	}

	std::optional<std::string> saved;
};

hive::Process process(uint32_t pid, uint32_t node, uint32_t ppid, const char *command,
		      uint32_t uid = 0, char state = 'S', int64_t start = today_15_00)
{
	return {pid, node, pid / 16384, ppid, pid, pid, uid, state, start, command};
}

const hivectl::UserNames users{{0, "root"}, {1000, "alice"}};

TEST(PsOptions, DefaultsToEveryNodeAsATable)
{
	const auto options = parse({});
	ASSERT_TRUE(options.ok()) << options.error().message;
	EXPECT_FALSE(options.value().forest);
	EXPECT_FALSE(options.value().node);
	EXPECT_FALSE(options.value().json);
}

TEST(PsOptions, TakesEveryOption)
{
	const auto forest = parse({"--node", "1023", "--forest"});
	ASSERT_TRUE(forest.ok()) << forest.error().message;
	EXPECT_TRUE(forest.value().forest);
	EXPECT_EQ(forest.value().node, 1023u);
	const auto json = parse({"--json", "--node=1"});
	ASSERT_TRUE(json.ok()) << json.error().message;
	EXPECT_TRUE(json.value().json);
	EXPECT_EQ(json.value().node, 1u);
}

TEST(PsOptions, RefusesBadNodeIds)
{
	for (const char *bad : {"0", "1024", "abc", "-1", "+5", ""})
		EXPECT_EQ(error_for({"--node", bad}),
			  "ps: --node: '" + std::string(bad) + "' is not a node id (must be 1..1023)");
	EXPECT_EQ(error_for({"--node=0"}), "ps: --node: '0' is not a node id (must be 1..1023)");
}

TEST(PsOptions, RefusesAMalformedCommandLine)
{
	EXPECT_EQ(error_for({"--node"}), "ps: --node needs a value (see 'hivectl help')");
	EXPECT_EQ(error_for({"--node", "1", "--node", "2"}),
		  "ps: --node given twice (see 'hivectl help')");
	EXPECT_EQ(error_for({"--forest", "--forest"}),
		  "ps: --forest given twice (see 'hivectl help')");
	EXPECT_EQ(error_for({"--json=yes"}), "ps: --json takes no value (see 'hivectl help')");
	EXPECT_EQ(error_for({"-f"}), "ps: unknown option '-f' (see 'hivectl help')");
	EXPECT_EQ(error_for({"aux"}), "ps: unexpected argument 'aux' (see 'hivectl help')");
	EXPECT_EQ(error_for({"--forest", "--json"}),
		  "ps: --forest and --json do not go together (see 'hivectl help')");
}

TEST(ProcessesOn, KeepsOnlyTheNodeAsked)
{
	const std::vector<hive::Process> all{process(2, 1, 1, "a"), process(16385, 2, 2, "b"),
					     process(16386, 2, 2, "c"), process(32769, 3, 2, "d")};
	const auto on_two = hivectl::processes_on(all, 2);
	ASSERT_EQ(on_two.size(), 2u);
	EXPECT_EQ(on_two[0].pid, 16385u);
	EXPECT_EQ(on_two[1].pid, 16386u);
	EXPECT_EQ(hivectl::processes_on(all, std::nullopt), all);
	EXPECT_TRUE(hivectl::processes_on(all, 9).empty());
}

TEST_F(LocalTime, StartIsTheTimeOfDayToday)
{
	EXPECT_EQ(hivectl::start_text(today_15_00, now), "15:00");
	EXPECT_EQ(hivectl::start_text(now, now), "22:13");
	EXPECT_EQ(hivectl::start_text(now - 22 * 3600 - 13 * 60 - 20, now), "00:00");
}

TEST_F(LocalTime, StartIsTheDateOnAnotherDay)
{
	EXPECT_EQ(hivectl::start_text(yesterday_09_30, now), "Nov 13");
	EXPECT_EQ(hivectl::start_text(now - 22 * 3600 - 13 * 60 - 21, now), "Nov 13");
	// Another node's clock may be ahead.
	EXPECT_EQ(hivectl::start_text(now + 2 * 3600, now), "Nov 15");
	EXPECT_EQ(hivectl::start_text(0, now), "Jan 01");
}

TEST_F(LocalTime, TodayIsTheLocalDay)
{
	// 13:00 UTC is 23:00 the day before 08:13 local time at UTC+10.
	zone("AEST-10");
	EXPECT_EQ(hivectl::start_text(today_15_00, now), "01:00");
	EXPECT_EQ(hivectl::start_text(today_13_00, now), "Nov 14");
}

TEST_F(LocalTime, StartBeyondTheCalendarIsAQuestionMark)
{
	EXPECT_EQ(hivectl::start_text(9223372036854775807, now), "?");
}

TEST_F(LocalTime, TableHasAColumnPerField)
{
	const std::vector<hive::Process> processes{
		process(16385, 1, 16384, "bash", 1000),
		process(16390, 1, 16385, "make", 1000, 'R', yesterday_09_30),
		process(32769, 2, 16390, "cc1plus", 4242, 'D'),
	};
	EXPECT_EQ(hivectl::ps_table(processes, false, users, now),
		  "NODE  HOME  PID    PPID   USER   STAT  START   COMMAND\n"
		  "1     1     16385  16384  alice  S     15:00   bash\n"
		  "1     1     16390  16385  alice  R     Nov 13  make\n"
		  "2     2     32769  16390  4242   D     15:00   cc1plus\n");
}

TEST_F(LocalTime, TableOfNothingIsItsHeader)
{
	EXPECT_EQ(hivectl::ps_table({}, false, users, now),
		  "NODE  HOME  PID  PPID  USER  STAT  START  COMMAND\n");
	EXPECT_EQ(hivectl::ps_table({}, true, users, now),
		  "NODE  HOME  PID  PPID  USER  STAT  START  COMMAND\n");
}

TEST_F(LocalTime, TableShowsControlCharactersAsQuestionMarks)
{
	const std::vector<hive::Process> processes{process(2, 1, 1, "a b\t\x1b[2J\x7f")};
	EXPECT_EQ(hivectl::ps_table(processes, false, users, now),
		  "NODE  HOME  PID  PPID  USER  STAT  START  COMMAND\n"
		  "1     -     2    1     root  S     15:00  a b??[2J?\n");
}

TEST_F(LocalTime, ForestShowsChildrenUnderTheirParents)
{
	// Listed by node, then PID, as the kernel lists them: the shell on
	// node 1 started make, whose children run on nodes 1 and 2.
	const std::vector<hive::Process> processes{
		process(100, 1, 1, "sshd"),
		process(101, 1, 100, "bash", 1000),
		process(102, 1, 101, "make", 1000),
		process(120, 1, 102, "cc1", 1000),
		process(200, 1, 1, "cron"),
		process(16400, 2, 102, "cc1", 1000, 'R'),
		process(16410, 2, 102, "ld", 1000, 'R'),
	};
	EXPECT_EQ(hivectl::ps_table(processes, true, users, now),
		  "NODE  HOME  PID    PPID  USER   STAT  START  COMMAND\n"
		  "1     -     100    1     root   S     15:00  sshd\n"
		  "1     -     101    100   alice  S     15:00    \\_ bash\n"
		  "1     -     102    101   alice  S     15:00      \\_ make\n"
		  "1     -     120    102   alice  S     15:00        \\_ cc1\n"
		  "2     1     16400  102   alice  R     15:00        \\_ cc1\n"
		  "2     1     16410  102   alice  R     15:00        \\_ ld\n"
		  "1     -     200    1     root   S     15:00  cron\n");
}

TEST_F(LocalTime, ForestOrdersChildrenByPid)
{
	// A PID from before node 2 had its range comes before node 1's.
	const std::vector<hive::Process> processes{
		process(10, 1, 1, "init"),
		process(30, 1, 10, "thirty"),
		process(25, 2, 10, "twenty-five"),
	};
	EXPECT_EQ(hivectl::ps_table(processes, true, users, now),
		  "NODE  HOME  PID  PPID  USER  STAT  START  COMMAND\n"
		  "1     -     10   1     root  S     15:00  init\n"
		  "2     -     25   10    root  S     15:00    \\_ twenty-five\n"
		  "1     -     30   10    root  S     15:00    \\_ thirty\n");
}

TEST_F(LocalTime, ForestRootsAreProcessesWhoseParentIsNotListed)
{
	// Filtered to node 2: the parent on node 1 is not in the listing.
	const std::vector<hive::Process> processes{
		process(16400, 2, 102, "cc1"),
		process(16401, 2, 16400, "as"),
		process(16410, 2, 0, "exiting"),
		process(16420, 2, 16420, "own-parent"),
	};
	EXPECT_EQ(hivectl::ps_table(processes, true, users, now),
		  "NODE  HOME  PID    PPID   USER  STAT  START  COMMAND\n"
		  "2     1     16400  102    root  S     15:00  cc1\n"
		  "2     1     16401  16400  root  S     15:00    \\_ as\n"
		  "2     1     16410  0      root  S     15:00  exiting\n"
		  "2     1     16420  16420  root  S     15:00  own-parent\n");
}

TEST_F(LocalTime, ForestShowsParentsInALoopOnce)
{
	// Only a PID reused between two nodes' snapshots makes this.
	const std::vector<hive::Process> processes{
		process(5, 1, 7, "five"),
		process(6, 1, 1, "six"),
		process(7, 1, 5, "seven"),
		process(8, 1, 7, "eight"),
	};
	EXPECT_EQ(hivectl::ps_table(processes, true, users, now),
		  "NODE  HOME  PID  PPID  USER  STAT  START  COMMAND\n"
		  "1     -     6    1     root  S     15:00  six\n"
		  "1     -     5    7     root  S     15:00  five\n"
		  "1     -     7    5     root  S     15:00    \\_ seven\n"
		  "1     -     8    7     root  S     15:00      \\_ eight\n");
}

TEST_F(LocalTime, ForestIndentsEveryLevelOfALongChain)
{
	std::vector<hive::Process> chain;
	for (uint32_t pid = 2; pid < 1002; ++pid)
		chain.push_back(process(pid, 1, pid - 1, "sh"));
	const std::string table = hivectl::ps_table(chain, true, users, now);
	EXPECT_TRUE(table.ends_with("1001  1000  root  S     15:00  " + std::string(2 * 999, ' ') +
				    "\\_ sh\n"));
}

TEST(PsJson, IsOneArray)
{
	const std::vector<hive::Process> processes{
		{16385, 2, 1, 16384, 16385, 16300, 1000, 'S', 1700000000, "bash"},
		{32769, 2, 2, 0, 0, 0, 0, 'Z', 1699974000, "my \"prog\"\\"},
	};
	EXPECT_EQ(hivectl::ps_json(processes),
		  "[{\"pid\":16385,\"node\":2,\"home\":1,\"ppid\":16384,\"pgid\":16385,\"sid\":16300,"
		  "\"uid\":1000,\"state\":\"S\",\"start\":1700000000,\"command\":\"bash\"},"
		  "{\"pid\":32769,\"node\":2,\"home\":2,\"ppid\":0,\"pgid\":0,\"sid\":0,\"uid\":0,"
		  "\"state\":\"Z\",\"start\":1699974000,\"command\":\"my \\\"prog\\\"\\\\\"}]\n");
}

TEST(PsJson, IsAnEmptyArrayWithoutProcesses)
{
	EXPECT_EQ(hivectl::ps_json({}), "[]\n");
}

TEST(PsJson, KeepsTheCommandValidJson)
{
	const std::vector<hive::Process> processes{
		{2, 1, 0, 1, 2, 2, 0, 'S', 1, "a\tb\n\x1b\xc5"},
	};
	EXPECT_NE(hivectl::ps_json(processes).find(",\"command\":\"a\\u0009b\\u000a\\u001b\\ufffd\"}"),
		  std::string::npos);
}

} // namespace
