// SPDX-License-Identifier: GPL-2.0
#include "migrate.hpp"

#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "hive_netlink.h"

namespace {

using hivectl::parse_migrate_options;

hive::Result<hivectl::MigrateOptions> parse(std::vector<std::string_view> args)
{
	return parse_migrate_options(args);
}

std::string error_of(std::vector<std::string_view> args)
{
	const auto r = parse(std::move(args));
	EXPECT_FALSE(r.ok());
	return r.ok() ? std::string() : r.error().message;
}

TEST(MigrateOptions, CheckTakesOnePid)
{
	const auto r = parse({"--check", "1234"});
	ASSERT_TRUE(r.ok());
	EXPECT_EQ(1234u, r.value().pid);
	EXPECT_FALSE(r.value().json);
	const auto j = parse({"4194303", "--json", "--check"});
	ASSERT_TRUE(j.ok());
	EXPECT_EQ(4194303u, j.value().pid);
	EXPECT_TRUE(j.value().json);
}

TEST(MigrateOptions, AMoveTakesAPidAndANode)
{
	const auto r = parse({"1234", "3"});
	ASSERT_TRUE(r.ok());
	EXPECT_EQ(1234u, r.value().pid);
	EXPECT_EQ(3u, r.value().node);
	EXPECT_FALSE(r.value().check);
	EXPECT_EQ("migrate: missing NODE: the node to move the process to (see 'hivectl help')",
		  error_of({"1234"}));
	EXPECT_EQ("migrate: unexpected argument '4' (see 'hivectl help')",
		  error_of({"1234", "3", "4"}));
	EXPECT_EQ("migrate: --json goes with --check (see 'hivectl help')",
		  error_of({"1234", "3", "--json"}));
	for (std::string_view bad : {"0", "1024", "x", "-2", ""})
		EXPECT_EQ(0u, error_of({"1234", bad}).find("migrate: ")) << bad;
}

TEST(MigrateOptions, AutoLeavesTheNodeToTheKernel)
{
	const auto r = parse({"1234", "auto"});
	ASSERT_TRUE(r.ok());
	EXPECT_EQ(1234u, r.value().pid);
	EXPECT_EQ(0u, r.value().node);
	EXPECT_FALSE(r.value().check);
	EXPECT_EQ("migrate: 'Auto' is not a node id or auto (must be 1..1023)",
		  error_of({"1234", "Auto"}));
	EXPECT_EQ(0u, error_of({"--check", "auto"}).find("migrate: ")) << "auto is no PID";
}

TEST(DrainOutput, SaysWhatEachProcessDid)
{
	hive::Process p;
	p.pid = 16400;
	p.command = "pigz";
	hivectl::DrainTally tally;
	hive::MigrateMove move;
	move.moved = true;
	move.node = 3;
	EXPECT_EQ("process 16400 'pigz' runs on node 3 now\n",
		  hivectl::drain_text(p, move, false, &tally));
	move.moved = false;
	move.check.whys.push_back({HIVE_WHY_DESCRIPTOR, 1, "pipe:[7]"});
	move.check.whys_left = 1;
	EXPECT_EQ(0u, hivectl::drain_text(p, move, false, &tally)
			      .find("process 16400 'pigz' stays:\n  descriptor 1 ('pipe:[7]') is open"));
	EXPECT_NE(std::string::npos,
		  hivectl::drain_text(p, move, false, &tally).find("  and 1 more reason\n"));
	const hive::Result<hive::MigrateMove> failed = hive::Error{"the target left"};
	EXPECT_EQ("process 16400 'pigz' stays: the target left\n",
		  hivectl::drain_text(p, failed, false, &tally));
	EXPECT_EQ("process 16400 'pigz' ended before it could move\n",
		  hivectl::drain_text(p, failed, true, &tally));
	EXPECT_EQ(1u, tally.moved);
	EXPECT_EQ(3u, tally.stayed);
	EXPECT_EQ(1u, tally.ended);
	EXPECT_EQ("1 process moved off node 2, 3 stayed, 1 ended meanwhile\n",
		  hivectl::drain_summary(tally, 2));
	EXPECT_EQ("0 processes moved off node 2, 0 stayed\n",
		  hivectl::drain_summary(hivectl::DrainTally{}, 2));
	EXPECT_EQ("waiting for 1 process that moved to take the rest of its memory from node 2\n",
		  hivectl::drain_served_text(1, 2));
	EXPECT_EQ("waiting for 3 processes that moved to take the rest of their memory from node 2\n",
		  hivectl::drain_served_text(3, 2));
}

TEST(MigrateMoveOutput, SaysWhereOrWhyNot)
{
	hive::MigrateMove move;
	move.moved = true;
	move.node = 3;
	move.check.pid = 16400;
	EXPECT_EQ("process 16400 runs on node 3 now\n", hivectl::migrate_move_text(move));
	move.moved = false;
	move.check.whys.push_back({HIVE_WHY_PTRACED, 16400, ""});
	EXPECT_EQ(0u, hivectl::migrate_move_text(move).find("process 16400 cannot migrate:\n"
							    "  thread 16400 is traced"));
	// Refused before anything stopped: no state was taken, none is shown.
	EXPECT_EQ(std::string::npos, hivectl::migrate_move_text(move).find("state taken"));
	move.check.threads = 1;
	EXPECT_NE(std::string::npos, hivectl::migrate_move_text(move).find("state taken: 1 thread"));
}

TEST(MigrateOptions, EveryMistakeIsAUsageError)
{
	EXPECT_EQ("migrate: missing PID (see 'hivectl help')", error_of({"--check"}));
	EXPECT_EQ("migrate: unexpected argument '2' (see 'hivectl help')",
		  error_of({"--check", "1", "2"}));
	EXPECT_EQ("migrate: unknown option '--node' (see 'hivectl help')",
		  error_of({"--check", "1", "--node"}));
	EXPECT_NE(std::string::npos, error_of({"--check", "--check", "1"}).find("--check"));
	EXPECT_NE(std::string::npos, error_of({"--check=yes", "1"}).find("--check"));
	for (std::string_view bad : {"0", "4194304", "-1", "12x", "", "99999999999"})
		EXPECT_EQ(0u, error_of({"--check", bad}).find("migrate: ")) << bad;
}

TEST(MigrateSize, ReadsAsAPersonWould)
{
	EXPECT_EQ("0 B", hivectl::size_text(0));
	EXPECT_EQ("1023 B", hivectl::size_text(1023));
	EXPECT_EQ("1.0 KiB", hivectl::size_text(1024));
	EXPECT_EQ("5.2 KiB", hivectl::size_text(5325));
	EXPECT_EQ("100 KiB", hivectl::size_text(102400));
	EXPECT_EQ("1.4 MiB", hivectl::size_text(1468006));
	EXPECT_EQ("3.0 GiB", hivectl::size_text(3ull << 30));
	EXPECT_EQ("2048 TiB", hivectl::size_text(2048ull << 40));
}

hive::MigrateCheck sample(bool movable)
{
	hive::MigrateCheck check;
	check.pid = 16400;
	check.threads = 4;
	check.mappings = 23;
	check.state_bytes = 5325;
	check.memory = 1468006;
	if (!movable) {
		check.whys.push_back({HIVE_WHY_DESCRIPTOR, 1, "anon_inode:[eventpoll]"});
		check.whys.push_back({HIVE_WHY_PTRACED, 16401, ""});
		check.whys_left = 2;
	}
	return check;
}

TEST(MigrateCheckOutput, SaysWhyInWords)
{
	EXPECT_EQ("process 16400 can migrate: 4 threads, 23 mappings, 5.2 KiB of state and "
		  "1.4 MiB of anonymous memory\n",
		  hivectl::migrate_check_text(sample(true)));
	EXPECT_EQ("process 16400 cannot migrate:\n"
		  "  descriptor 1 ('anon_inode:[eventpoll]') is open; only regular files, "
		  "/dev/null, zero, full, random and urandom, pipes, sockets and terminals are "
		  "carried yet\n"
		  "  thread 16401 is traced (ptrace), and a traced process stays with its "
		  "tracer\n"
		  "  and 2 more reasons\n"
		  "state taken: 4 threads, 23 mappings, 5.2 KiB of state and 1.4 MiB of "
		  "anonymous memory\n",
		  hivectl::migrate_check_text(sample(false)));
}

TEST(MigrateCheckOutput, JsonHasEveryField)
{
	EXPECT_EQ("{\"pid\":16400,\"can_migrate\":false,\"threads\":4,\"mappings\":23,"
		  "\"state_bytes\":5325,\"memory_bytes\":1468006,\"reasons\":["
		  "{\"reason\":\"descriptor\",\"arg\":1,\"detail\":\"anon_inode:[eventpoll]\",\"text\":"
		  "\"descriptor 1 ('anon_inode:[eventpoll]') is open; only regular files, "
		  "/dev/null, zero, full, random and urandom, pipes, sockets and terminals are "
		  "carried yet\"},{\"reason\":\"ptraced\",\"arg\":16401,\"detail\":\"\",\"text\":"
		  "\"thread 16401 is traced (ptrace), and a traced process stays with its "
		  "tracer\"}],\"more_reasons\":2}\n",
		  hivectl::migrate_check_json(sample(false)));
	EXPECT_NE(std::string::npos,
		  hivectl::migrate_check_json(sample(true)).find("\"can_migrate\":true"));
}

// Every reason the kernel sends has words and a name of its own.
TEST(MigrateCheckOutput, EveryReasonHasASentenceAndAName)
{
	std::vector<std::string_view> names;
	for (uint32_t code = 1; code < __HIVE_WHY_COUNT; code++) {
		const std::string text = hive::why_text({code, 7, "/x"});
		EXPECT_EQ(std::string::npos, text.find("reason ")) << code;
		const std::string_view name = hive::why_name(code);
		EXPECT_FALSE(name.empty()) << code;
		for (std::string_view other : names)
			EXPECT_NE(other, name) << code;
		names.push_back(name);
	}
	EXPECT_EQ("reason 99", hive::why_text({99, 0, ""}));
	EXPECT_EQ("", hive::why_name(99));
}

} // namespace
