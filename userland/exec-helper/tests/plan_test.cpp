// SPDX-License-Identifier: GPL-2.0
// hive-exec's decisions: its command line, the arguments execvp() gets,
// the EXIT record for a wait status, and the messages it sends.
#include "plan.hpp"

#include <csignal>
#include <cstring>

#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

namespace {

hive::Result<hive_exec::Arguments> parse(std::vector<std::string_view> args)
{
	return hive_exec::parse_arguments(args);
}

std::string error_for(std::vector<std::string_view> args)
{
	const auto parsed = parse(args);
	EXPECT_FALSE(parsed.ok());
	return parsed.ok() ? std::string() : parsed.error().message;
}

TEST(HelperArguments, TakesOriginAndSessionInEitherOrder)
{
	auto parsed = parse({"--origin", "2", "--session", "18446744073709551615"});
	ASSERT_TRUE(parsed.ok()) << parsed.error().message;
	EXPECT_EQ(parsed.value().origin, 2u);
	EXPECT_EQ(parsed.value().session, 18446744073709551615u);
	parsed = parse({"--session", "7", "--origin", "1023"});
	ASSERT_TRUE(parsed.ok()) << parsed.error().message;
	EXPECT_EQ(parsed.value().origin, 1023u);
	EXPECT_EQ(parsed.value().session, 7u);
}

TEST(HelperArguments, RefusesAnythingElse)
{
	EXPECT_EQ(error_for({}), "usage: hive-exec --origin NODE --session ID");
	EXPECT_EQ(error_for({"--origin", "2"}), "usage: hive-exec --origin NODE --session ID");
	EXPECT_EQ(error_for({"--origin", "0", "--session", "1"}),
		  "'0' is not a node id (must be 1..1023)");
	EXPECT_EQ(error_for({"--origin", "2", "--session", "-1"}), "'-1' is not a session id");
	EXPECT_EQ(error_for({"--origin", "2", "--session", "1x"}), "'1x' is not a session id");
	EXPECT_EQ(error_for({"--origin", "2", "--session", ""}), "'' is not a session id");
	EXPECT_EQ(error_for({"--origin", "2", "--origin", "3"}), "unexpected argument '--origin'");
	EXPECT_EQ(error_for({"--origin", "2", "--session", "1", "--verbose"}),
		  "'--verbose' needs a value");
	EXPECT_EQ(error_for({"--bogus", "1"}), "unexpected argument '--bogus'");
}

TEST(ExecArguments, AreTheSpecsNullTerminated)
{
	const hive::ExecSpec spec{{"ls", "-l"}, {"PATH=/bin", "A=b"}, "/", false, {}};
	hive_exec::ExecArguments exec(spec);
	ASSERT_NE(exec.argv()[0], nullptr);
	EXPECT_STREQ(exec.argv()[0], "ls");
	EXPECT_STREQ(exec.argv()[1], "-l");
	EXPECT_EQ(exec.argv()[2], nullptr);
	EXPECT_STREQ(exec.env()[0], "PATH=/bin");
	EXPECT_STREQ(exec.env()[1], "A=b");
	EXPECT_EQ(exec.env()[2], nullptr);

	const hive::ExecSpec bare{{"true"}, {}, "/", false, {}};
	hive_exec::ExecArguments none(bare);
	EXPECT_EQ(none.env()[0], nullptr);
}

int status_of(void (*how)())
{
	const pid_t child = fork();
	if (child == 0) {
		how();
		_exit(99);
	}
	int status = 0;
	EXPECT_EQ(waitpid(child, &status, 0), child);
	return status;
}

TEST(ExitRecord, MirrorsTheWaitStatus)
{
	EXPECT_EQ(hive_exec::exit_record(status_of([] { _exit(0); })),
		  (hive::ExitRecord{false, 0, false}));
	EXPECT_EQ(hive_exec::exit_record(status_of([] { _exit(255); })),
		  (hive::ExitRecord{false, 255, false}));
	EXPECT_EQ(hive_exec::exit_record(status_of([] {
			  std::signal(SIGTERM, SIG_DFL);
			  raise(SIGTERM);
		  })),
		  (hive::ExitRecord{true, SIGTERM, false}));
	// WCOREDUMP as the kernel reports it, whatever the core limit.
	EXPECT_EQ(hive_exec::exit_record(SIGSEGV | 0x80), (hive::ExitRecord{true, SIGSEGV, true}));
}

TEST(ExitRecord, EveryRecordItMakesEncodes)
{
	for (const int status : {0, 1 << 8, 255 << 8, SIGKILL, SIGQUIT | 0x80, 64}) {
		const auto chunk = hive::exec_chunk(hive_exec::exit_record(status));
		EXPECT_TRUE(hive::decode_exec_chunk(chunk).ok()) << status;
	}
}

TEST(Groups, BecomeGids)
{
	const uint32_t groups[] = {0, 27, 4294967294u};
	EXPECT_EQ(hive_exec::group_list(groups), (std::vector<gid_t>{0, 27, 4294967294u}));
}

TEST(Cgroup, ProcsFileUnderTheUnifiedHierarchy)
{
	EXPECT_EQ(hive_exec::cgroup_procs_path("/"), "/sys/fs/cgroup/cgroup.procs");
	EXPECT_EQ(hive_exec::cgroup_procs_path("/hive.slice/job-7"),
		  "/sys/fs/cgroup/hive.slice/job-7/cgroup.procs");
}

TEST(Messages, NoProfileSaysTheCommandDidNotStart)
{
	EXPECT_EQ(hive_exec::apparmor_exec_request("hive-test"), "exec hive-test");
	EXPECT_EQ(hive_exec::no_profile_message("hive-test", ENOENT, false),
		  "the caller runs under the AppArmor profile 'hive-test', which this node has "
		  "not loaded; the command was not started");
	EXPECT_EQ(hive_exec::no_profile_message("a//&b", EINVAL, false),
		  "the caller runs under the AppArmor profile 'a//&b', which the command cannot "
		  "run under here (Invalid argument); the command was not started");
	EXPECT_EQ(hive_exec::no_profile_message("hive-test", ENOENT, true),
		  "the caller runs under the AppArmor profile 'hive-test', and this node runs no "
		  "AppArmor (No such file or directory); the command was not started");
}

TEST(Messages, NoCgroupSaysWhereItRuns)
{
	EXPECT_EQ(hive_exec::no_cgroup_message("/user.slice", ENOENT),
		  "cannot join the cgroup '/user.slice' (No such file or directory); running in "
		  "the exec helper's cgroup");
}

TEST(Messages, NoDirectorySaysWhereItRuns)
{
	EXPECT_EQ(hive_exec::no_directory_message("/home/ann", ENOENT),
		  "cannot enter '/home/ann' (No such file or directory); running in /");
}

} // namespace
