// SPDX-License-Identifier: GPL-2.0
// `hivectl run`: its command line, what it asks a remote node to run, and
// finding CMD before the process joins the hive domain.
#include "run.hpp"

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <sys/stat.h>

#include <gtest/gtest.h>

#include "hive/cannot_run.hpp"

namespace {

namespace fs = std::filesystem;

std::size_t start_of(std::vector<std::string_view> args)
{
	return hivectl::run_command_start(args);
}

std::vector<std::string_view> command_of(std::vector<std::string_view> args)
{
	const auto command = hivectl::parse_run_arguments(args);
	EXPECT_TRUE(command.ok()) << command.error().message;
	if (!command.ok())
		return {};
	return {command.value().command.begin(), command.value().command.end()};
}

std::string error_for(std::vector<std::string_view> args)
{
	const auto command = hivectl::parse_run_arguments(args);
	EXPECT_FALSE(command.ok());
	return command.ok() ? std::string() : command.error().message;
}

TEST(RunArguments, CommandStartsAtTheFirstWordOrAfterTheFirstDoubleDash)
{
	EXPECT_EQ(start_of({"ls", "-l"}), 0u);
	EXPECT_EQ(start_of({"--", "ls"}), 1u);
	EXPECT_EQ(start_of({"--", "--", "-x"}), 1u);
	EXPECT_EQ(start_of({"--bogus", "ls", "--"}), 1u);
	EXPECT_EQ(start_of({}), 0u);
	EXPECT_EQ(start_of({"--"}), 1u);
	EXPECT_EQ(start_of({"--help"}), 1u);
}

TEST(RunArguments, EverythingFromTheCommandOnIsItsOwn)
{
	EXPECT_EQ(command_of({"make", "-j8", "--help", "--"}),
		  (std::vector<std::string_view>{"make", "-j8", "--help", "--"}));
	EXPECT_EQ(command_of({"--", "-weird-name", "--"}),
		  (std::vector<std::string_view>{"-weird-name", "--"}));
	EXPECT_EQ(command_of({"--", "--"}), (std::vector<std::string_view>{"--"}));
}

TEST(RunArguments, RefusesAMissingCommand)
{
	EXPECT_EQ(error_for({}), "run: missing CMD (see 'hivectl help')");
	EXPECT_EQ(error_for({"--"}), "run: missing CMD (see 'hivectl help')");
}

TEST(RunArguments, RefusesOptionsItDoesNotHave)
{
	EXPECT_EQ(error_for({"--bogus", "ls"}), "run: unknown option '--bogus' (see 'hivectl help')");
	EXPECT_EQ(error_for({"-", "ls"}), "run: unknown option '-' (see 'hivectl help')");
}

hivectl::RunOptions options_of(std::vector<std::string_view> args)
{
	const auto options = hivectl::parse_run_arguments(args);
	EXPECT_TRUE(options.ok()) << options.error().message;
	return options.ok() ? options.value() : hivectl::RunOptions{};
}

TEST(RunArguments, WithoutNodeTheCommandRunsHere)
{
	const auto options = options_of({"ls"});
	EXPECT_FALSE(options.remote);
	EXPECT_EQ(options.tty, hivectl::TtyMode::automatic);
}

TEST(RunArguments, NodeTakesAnIdOrAuto)
{
	auto options = options_of({"--node", "2", "ls", "-l"});
	EXPECT_TRUE(options.remote);
	EXPECT_EQ(options.node, std::optional<uint32_t>(2));
	EXPECT_EQ(options.command.size(), 2u);
	options = options_of({"--node=1023", "--", "ls"});
	EXPECT_EQ(options.node, std::optional<uint32_t>(1023));
	options = options_of({"--node", "auto", "ls"});
	EXPECT_TRUE(options.remote);
	EXPECT_EQ(options.node, std::nullopt);
	// The value of --node is never CMD, even when it looks like one.
	EXPECT_EQ(start_of({"--node", "2", "ls"}), 2u);
	EXPECT_EQ(start_of({"--node", "--", "ls"}), 2u);
	EXPECT_EQ(command_of({"--node", "3", "--", "--node"}),
		  (std::vector<std::string_view>{"--node"}));
}

TEST(RunArguments, RefusesABadNode)
{
	EXPECT_EQ(error_for({"--node", "0", "ls"}),
		  "run: '0' is not a node id (must be 1..1023) or 'auto' (see 'hivectl help')");
	EXPECT_EQ(error_for({"--node", "1024", "ls"}),
		  "run: '1024' is not a node id (must be 1..1023) or 'auto' (see 'hivectl help')");
	EXPECT_EQ(error_for({"--node"}), "run: --node needs a value (see 'hivectl help')");
	EXPECT_EQ(error_for({"--node", "2", "--node", "3", "ls"}),
		  "run: --node given twice (see 'hivectl help')");
	EXPECT_EQ(error_for({"--node", "2"}), "run: missing CMD (see 'hivectl help')");
}

TEST(RunArguments, TtyFlagsGoWithNode)
{
	EXPECT_EQ(options_of({"--node", "2", "-t", "top"}).tty, hivectl::TtyMode::force);
	EXPECT_EQ(options_of({"-T", "--node", "2", "top"}).tty, hivectl::TtyMode::forbid);
	EXPECT_EQ(error_for({"-t", "top"}), "run: -t and -T go with --node (see 'hivectl help')");
	EXPECT_EQ(error_for({"--node", "2", "-t", "-T", "top"}),
		  "run: -t and -T contradict each other (see 'hivectl help')");
	EXPECT_EQ(error_for({"--node", "2", "-t", "-t", "top"}),
		  "run: -t given twice (see 'hivectl help')");
}

TEST(RunTty, OnlyWhenBothEndsAreTerminalsUnlessForcedOrForbidden)
{
	using hivectl::TtyMode;
	EXPECT_TRUE(hivectl::wants_tty(TtyMode::automatic, true, true));
	EXPECT_FALSE(hivectl::wants_tty(TtyMode::automatic, true, false));
	EXPECT_FALSE(hivectl::wants_tty(TtyMode::automatic, false, true));
	EXPECT_TRUE(hivectl::wants_tty(TtyMode::force, false, false));
	EXPECT_FALSE(hivectl::wants_tty(TtyMode::forbid, true, true));
}

TEST(RunSpec, CarriesTheCommandTheEnvironmentAndTheDirectory)
{
	const std::vector<std::string_view> command{"make", "-j8"};
	const char *env[] = {"HOME=/root", "TERM=xterm", nullptr};
	auto spec = hivectl::remote_spec(command, env, "/src", true, {50, 132});
	EXPECT_EQ(spec.argv, (std::vector<std::string>{"make", "-j8"}));
	EXPECT_EQ(spec.env, (std::vector<std::string>{"HOME=/root", "TERM=xterm"}));
	EXPECT_EQ(spec.cwd, "/src");
	EXPECT_TRUE(spec.tty);
	EXPECT_EQ(spec.window, (hive::WindowSize{50, 132}));
	// Without a terminal the size means nothing and is not sent.
	spec = hivectl::remote_spec(command, env, "/src", false, {50, 132});
	EXPECT_EQ(spec.window, hive::WindowSize{});
	EXPECT_TRUE(hive::encode_exec_spec(spec).ok());
}

class CommandLookup : public testing::Test {
protected:
	void SetUp() override
	{
		char pattern[] = "/tmp/hive-run-XXXXXX";
		ASSERT_NE(mkdtemp(pattern), nullptr);
		root = pattern;
		fs::create_directories(root + "/first");
		fs::create_directories(root + "/second");
		fs::create_directories(root + "/second/subdir");
		file("first/tool", 0755);
		file("first/data", 0644);
		file("first/both", 0644);
		file("second/both", 0755);
		search_path = root + "/first:" + root + "/second";
	}
	void TearDown() override { fs::remove_all(root); }

	void file(const std::string &relative, mode_t mode)
	{
		const std::string path = root + "/" + relative;
		std::ofstream(path) << "#!/bin/sh\n";
		ASSERT_EQ(chmod(path.c_str(), mode), 0);
	}

	int error(const std::string &command)
	{
		return hivectl::command_error(command, search_path.c_str());
	}

	std::string root;
	std::string search_path;
};

TEST_F(CommandLookup, FindsAnExecutableFileByPath)
{
	EXPECT_EQ(error(root + "/first/tool"), 0);
}

TEST_F(CommandLookup, ByPathTellsWhyNot)
{
	EXPECT_EQ(error(root + "/first/missing"), ENOENT);
	EXPECT_EQ(error(root + "/missing/tool"), ENOENT);
	EXPECT_EQ(error(root + "/first/data"), EACCES);
	EXPECT_EQ(error(root + "/second/subdir"), EACCES);
	EXPECT_EQ(error(root + "/first/tool/x"), ENOTDIR);
}

TEST_F(CommandLookup, SearchesThePathInOrder)
{
	EXPECT_EQ(error("tool"), 0);
	// The first directory's file cannot be executed; the second's can.
	EXPECT_EQ(error("both"), 0);
}

TEST_F(CommandLookup, SearchFailsWithEnoentOrEacces)
{
	EXPECT_EQ(error("missing"), ENOENT);
	EXPECT_EQ(error(""), ENOENT);
	EXPECT_EQ(error("data"), EACCES);
	EXPECT_EQ(error("subdir"), EACCES);
}

TEST_F(CommandLookup, EmptyPathEntryIsTheWorkingDirectory)
{
	const fs::path saved = fs::current_path();
	fs::current_path(root + "/first");
	EXPECT_EQ(hivectl::command_error("tool", "/nonexistent:"), 0);
	EXPECT_EQ(hivectl::command_error("tool", "/nonexistent"), ENOENT);
	fs::current_path(saved);
}

TEST(CommandLookupWithoutPath, SearchesBinAndUsrBin)
{
	EXPECT_EQ(hivectl::command_error("sh", nullptr), 0);
	EXPECT_EQ(hivectl::command_error("hive-no-such-command", nullptr), ENOENT);
}

TEST(CannotRun, ExitsAsAShellWould)
{
	EXPECT_EQ(hivectl::cannot_run_status(ENOENT), 127);
	EXPECT_EQ(hivectl::cannot_run_status(EACCES), 126);
	EXPECT_EQ(hivectl::cannot_run_status(ENOTDIR), 126);
	EXPECT_EQ(hivectl::cannot_run_status(ENOEXEC), 126);
}

TEST(CannotRun, NamesTheCommandAndTheReason)
{
	EXPECT_EQ(hive::cannot_run_message("/nonexistent", ENOENT),
		  "cannot run '/nonexistent': No such file or directory");
	EXPECT_EQ(hive::cannot_run_message("a\nb", EACCES),
		  "cannot run 'a\\x0ab': Permission denied");
}

} // namespace
