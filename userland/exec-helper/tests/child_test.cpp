// SPDX-License-Identifier: GPL-2.0
// The command's child process up to the point where it needs hive.ko: it
// gets its pipes, becomes the user, and, when it cannot join the hive
// domain (no module here, or no such session), tells the origin why in an
// ERROR record and ends with 255 without running the command.
#include "child.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

namespace {

TEST(Child, WithoutTheDomainItReportsAndDoesNotRun)
{
	if (getuid() != 0)
		GTEST_SKIP() << "setgroups() needs root";
	// The command would write to its stdout if it ran.
	const hive::ExecSpec spec{{"sh", "-c", "echo ran"}, {"PATH=/bin:/usr/bin"}, "/", false, {}};
	hive_exec::ExecArguments exec(spec);
	hive::ExecAttached who;
	who.uid = getuid();
	who.gid = getgid();
	int in[2], out[2], report[2];
	ASSERT_EQ(pipe2(in, O_CLOEXEC), 0);
	ASSERT_EQ(pipe2(out, O_CLOEXEC), 0);
	ASSERT_EQ(pipe2(report, O_CLOEXEC), 0);
	hive_exec::ChildSetup setup{&spec, &exec, &who, 1, 1, "", in[0], out[1], out[1], report[1]};
	const pid_t child = fork();
	ASSERT_GE(child, 0);
	if (child == 0)
		hive_exec::run_child(setup);
	close(report[1]);
	close(out[1]);
	close(in[0]);
	std::string reported;
	char buffer[512];
	for (ssize_t got; (got = read(report[0], buffer, sizeof buffer)) > 0;)
		reported.append(buffer, static_cast<std::size_t>(got));
	int status = 0;
	ASSERT_EQ(waitpid(child, &status, 0), child);
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(WEXITSTATUS(status), 255);
	const auto records = hive::decode_exec_chunk(reported);
	ASSERT_TRUE(records.ok()) << records.error().message;
	ASSERT_EQ(records.value().size(), 1u);
	EXPECT_TRUE(std::holds_alternative<hive::ErrorRecord>(records.value()[0]));
	EXPECT_EQ(read(out[0], buffer, sizeof buffer), 0);
}

} // namespace
