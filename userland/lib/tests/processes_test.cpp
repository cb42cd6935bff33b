// SPDX-License-Identifier: GPL-2.0
// /proc/hive/processes, as hive.ko writes it and as it must never look.
#include "hive/processes.hpp"

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

namespace {

namespace fs = std::filesystem;

constexpr const char *file = "/proc/hive/processes";
constexpr std::string_view header = "PID NODE HOME PPID PGID SID UID STATE START COMMAND\n";

std::vector<hive::Process> parsed(std::string_view text)
{
	const auto result = hive::parse_processes(text, file);
	EXPECT_TRUE(result.ok()) << result.error().message;
	return result.ok() ? result.value() : std::vector<hive::Process>{};
}

// The message a user would see for @text.
std::string error_for(std::string_view text)
{
	const auto result = hive::parse_processes(text, file);
	EXPECT_FALSE(result.ok()) << "parsed: " << text;
	return result.ok() ? std::string() : result.error().message;
}

// The message for a file with the header and then @line.
std::string error_for_line(std::string_view line)
{
	return error_for(std::string(header) + std::string(line) + "\n");
}

// The command a line with COMMAND @field stands for.
std::string command_of(std::string_view field)
{
	const auto processes =
		parsed(std::string(header) + "16385 1 1 1 16385 16385 0 S 1700000000 " +
		       std::string(field) + "\n");
	return processes.size() == 1 ? processes[0].command : "(not parsed)";
}

TEST(Processes, ParsesEveryField)
{
	const auto processes = parsed(std::string(header) +
				      "16385 1 1 16384 16385 16300 1000 S 1700000000 bash\n"
				      "16390 1 1 16385 16390 16300 0 R 1700000123 make\n"
				      "16400 2 1 16390 16400 16300 0 R 1700000123 moved\n"
				      "32769 2 2 16390 32769 16300 4294967295 Z 0 cc1plus\n"
				      "32780 2 0 1 32780 32780 0 S 1700000000 early\n");
	ASSERT_EQ(processes.size(), 5u);
	EXPECT_EQ(processes[0],
		  (hive::Process{16385, 1, 1, 16384, 16385, 16300, 1000, 'S', 1700000000, "bash"}));
	EXPECT_EQ(processes[1],
		  (hive::Process{16390, 1, 1, 16385, 16390, 16300, 0, 'R', 1700000123, "make"}));
	// Running on node 2, its home node 1: it moved.
	EXPECT_EQ(processes[2],
		  (hive::Process{16400, 2, 1, 16390, 16400, 16300, 0, 'R', 1700000123, "moved"}));
	EXPECT_EQ(processes[3], (hive::Process{32769, 2, 2, 16390, 32769, 16300, 4294967295u, 'Z',
					       0, "cc1plus"}));
	// HOME 0: a PID below every node's range.
	EXPECT_EQ(processes[4].home, 0u);
}

TEST(Processes, HeaderAloneIsAnEmptyTable)
{
	EXPECT_TRUE(parsed(header).empty());
}

TEST(Processes, TakesEveryStateTheKernelWrites)
{
	for (const char state : hive::process_states) {
		const auto processes = parsed(std::string(header) + "2 1 1 1 2 2 0 " + state +
					      " 1700000000 x\n");
		ASSERT_EQ(processes.size(), 1u);
		EXPECT_EQ(processes[0].state, state);
	}
}

TEST(Processes, TakesTheLargestValues)
{
	const auto processes = parsed(std::string(header) +
				      "2147483647 1023 1023 2147483647 2147483647 2147483647 "
				      "4294967295 I 9223372036854775807 x\n");
	ASSERT_EQ(processes.size(), 1u);
	EXPECT_EQ(processes[0].pid, 2147483647u);
	EXPECT_EQ(processes[0].node, 1023u);
	EXPECT_EQ(processes[0].start, 9223372036854775807);
}

TEST(Processes, ParentGroupAndSessionMayBeZero)
{
	const auto processes = parsed(std::string(header) + "5 3 3 0 0 0 0 X 1700000000 gone\n");
	ASSERT_EQ(processes.size(), 1u);
	EXPECT_EQ(processes[0].ppid, 0u);
	EXPECT_EQ(processes[0].pgid, 0u);
	EXPECT_EQ(processes[0].sid, 0u);
}

TEST(Processes, SortsByNodeThenPid)
{
	// PID 3 on node 2 after PID 9 on node 1: the node comes first.
	const auto processes = parsed(std::string(header) + "9 1 1 1 9 9 0 S 1 a\n"
							    "3 2 2 1 3 3 0 S 1 b\n"
							    "4 2 2 1 4 4 0 S 1 c\n");
	ASSERT_EQ(processes.size(), 3u);
	EXPECT_EQ(processes[1].pid, 3u);
}

TEST(ProcessCommand, UnescapesSpaceTabNewlineAndBackslash)
{
	EXPECT_EQ(command_of("my\\040prog"), "my prog");
	EXPECT_EQ(command_of("a\\011b"), "a\tb");
	EXPECT_EQ(command_of("a\\012b"), "a\nb");
	EXPECT_EQ(command_of("C:\\134x"), "C:\\x");
	EXPECT_EQ(command_of("\\040\\040"), "  ");
}

TEST(ProcessCommand, UnescapesAnyOctalByte)
{
	EXPECT_EQ(command_of("\\101\\001\\377"), "A\x01\xff");
}

TEST(ProcessCommand, KeepsBytesTheKernelDoesNotEscape)
{
	// seq_escape() escapes only what it is told to; a comm is any bytes.
	EXPECT_EQ(command_of("a\rb\x1b[1m"), "a\rb\x1b[1m");
	EXPECT_EQ(command_of("n\xc5\x93ud"), "n\xc5\x93ud");
}

TEST(ProcessCommand, MayBeEmpty)
{
	// prctl(PR_SET_NAME, "") leaves the line ending in a space.
	EXPECT_EQ(command_of(""), "");
}

TEST(ProcessCommand, MayHaveFifteenBytesCountingEachEscapeAsOne)
{
	EXPECT_EQ(command_of("abcdefghijklmno"), "abcdefghijklmno");
	EXPECT_EQ(command_of("\\040bcdefghijklm\\134"), " bcdefghijklm\\");
}

TEST(ProcessesErrors, EmptyFile)
{
	EXPECT_EQ(error_for(""), "/proc/hive/processes:1: the file is empty");
}

TEST(ProcessesErrors, WrongHeader)
{
	EXPECT_EQ(error_for("PID NODE PPID PGID SID UID STATE START\n"),
		  "/proc/hive/processes:1: expected the header 'PID NODE HOME PPID PGID SID "
		  "UID STATE START COMMAND', found 'PID NODE PPID PGID SID UID STATE START'");
	EXPECT_EQ(error_for("PID NODE PPID PGID SID UID STATE START COMMAND\r\n"),
		  "/proc/hive/processes:1: expected the header 'PID NODE HOME PPID PGID SID "
		  "UID STATE START COMMAND', found 'PID NODE PPID PGID SID UID STATE START "
		  "COMMAND\\x0d'");
	// A table without its header: the first line is not taken as a process.
	EXPECT_NE(error_for("2 1 1 1 2 2 0 S 1 x\n").find(":1: expected the header"),
		  std::string::npos);
}

TEST(ProcessesErrors, LineWithoutNewline)
{
	EXPECT_EQ(error_for("PID NODE HOME PPID PGID SID UID STATE START COMMAND"),
		  "/proc/hive/processes:1: the line does not end in a newline (the file is cut "
		  "short)");
	EXPECT_EQ(error_for(std::string(header) + "2 1 1 1 2 2 0 S 1 x\n3 1 1 1 3 3 0 S 1 y"),
		  "/proc/hive/processes:3: the line does not end in a newline (the file is cut "
		  "short)");
}

TEST(ProcessesErrors, WrongNumberOfFields)
{
	EXPECT_EQ(error_for_line("2 1 1 1 2 2 0 S 1"),
		  "/proc/hive/processes:2: '2 1 1 1 2 2 0 S 1' has 9 fields, not 10");
	EXPECT_EQ(error_for_line("2 1 1 1 2 2 0 S 1 x y"),
		  "/proc/hive/processes:2: '2 1 1 1 2 2 0 S 1 x y' has 11 fields, not 10");
	// Two spaces make an empty field.
	EXPECT_EQ(error_for_line("2  1 1 1 2 2 0 S 1 x"),
		  "/proc/hive/processes:2: '2  1 1 1 2 2 0 S 1 x' has 11 fields, not 10");
	EXPECT_EQ(error_for_line(""), "/proc/hive/processes:2: '' has 1 fields, not 10");
}

TEST(ProcessesErrors, EmptyNumberField)
{
	EXPECT_EQ(error_for_line("2 1 1 1  2 0 S 1 x"),
		  "/proc/hive/processes:2: PGID: '' is not a process id (must be 0..2147483647)");
}

TEST(ProcessesErrors, BadPid)
{
	EXPECT_EQ(error_for_line("0 1 1 1 2 2 0 S 1 x"),
		  "/proc/hive/processes:2: PID: '0' is not a process id (must be 1..2147483647)");
	EXPECT_EQ(error_for_line("2147483648 1 1 1 2 2 0 S 1 x"),
		  "/proc/hive/processes:2: PID: '2147483648' is not a process id (must be "
		  "1..2147483647)");
	EXPECT_EQ(error_for_line("-2 1 1 1 2 2 0 S 1 x"),
		  "/proc/hive/processes:2: PID: '-2' is not a process id (must be 1..2147483647)");
	EXPECT_EQ(error_for_line("0x10 1 1 1 2 2 0 S 1 x"),
		  "/proc/hive/processes:2: PID: '0x10' is not a process id (must be "
		  "1..2147483647)");
}

TEST(ProcessesErrors, BadNode)
{
	EXPECT_EQ(error_for_line("2 0 0 1 2 2 0 S 1 x"),
		  "/proc/hive/processes:2: NODE: '0' is not a node id (must be 1..1023)");
	EXPECT_EQ(error_for_line("2 1024 1024 1 2 2 0 S 1 x"),
		  "/proc/hive/processes:2: NODE: '1024' is not a node id (must be 1..1023)");
}

TEST(ProcessesErrors, BadHome)
{
	EXPECT_EQ(error_for_line("2 1 1024 1 2 2 0 S 1 x"),
		  "/proc/hive/processes:2: HOME: '1024' is not a node id (must be 1..1023)");
	EXPECT_EQ(error_for_line("2 1 -1 1 2 2 0 S 1 x"),
		  "/proc/hive/processes:2: HOME: '-1' is not a node id (must be 1..1023)");
}

TEST(ProcessesErrors, BadParentGroupSessionAndUser)
{
	EXPECT_EQ(error_for_line("2 1 1 -1 2 2 0 S 1 x"),
		  "/proc/hive/processes:2: PPID: '-1' is not a process id (must be "
		  "0..2147483647)");
	EXPECT_EQ(error_for_line("2 1 1 1 g 2 0 S 1 x"),
		  "/proc/hive/processes:2: PGID: 'g' is not a process id (must be 0..2147483647)");
	EXPECT_EQ(error_for_line("2 1 1 1 2 2147483648 0 S 1 x"),
		  "/proc/hive/processes:2: SID: '2147483648' is not a process id (must be "
		  "0..2147483647)");
	EXPECT_EQ(error_for_line("2 1 1 1 2 2 4294967296 S 1 x"),
		  "/proc/hive/processes:2: UID: '4294967296' is not a user id (must be "
		  "0..4294967295)");
	EXPECT_EQ(error_for_line("2 1 1 1 2 2 root S 1 x"),
		  "/proc/hive/processes:2: UID: 'root' is not a user id (must be 0..4294967295)");
}

TEST(ProcessesErrors, BadState)
{
	for (const std::string_view state : {"Q", "s", "RS", "", "\t"})
		EXPECT_EQ(error_for_line("2 1 1 1 2 2 0 " + std::string(state) + " 1 x"),
			  "/proc/hive/processes:2: STATE: " +
				  std::string(state == "\t" ? "'\\x09'" : "'" + std::string(state) + "'") +
				  " is not a process state (one of RSDTtXZPI)");
}

TEST(ProcessesErrors, BadStart)
{
	const std::string must = " is not a time in seconds since 1970 (must be "
				 "0..9223372036854775807)";
	EXPECT_EQ(error_for_line("2 1 1 1 2 2 0 S -1 x"),
		  "/proc/hive/processes:2: START: '-1'" + must);
	EXPECT_EQ(error_for_line("2 1 1 1 2 2 0 S 9223372036854775808 x"),
		  "/proc/hive/processes:2: START: '9223372036854775808'" + must);
	EXPECT_EQ(error_for_line("2 1 1 1 2 2 0 S 1.5 x"),
		  "/proc/hive/processes:2: START: '1.5'" + must);
	EXPECT_EQ(error_for_line("2 1 1 1 2 2 0 S 12:00 x"),
		  "/proc/hive/processes:2: START: '12:00'" + must);
}

TEST(ProcessesErrors, BadEscape)
{
	const std::string escape = " has a '\\' that does not start an escape \\001..\\377";
	for (const std::string_view command :
	     {"a\\", "a\\04", "\\08x", "\\400", "\\777", "\\000", "\\x20", "a\\\\"})
		EXPECT_EQ(error_for_line("2 1 1 1 2 2 0 S 1 " + std::string(command)),
			  "/proc/hive/processes:2: COMMAND: '" + std::string(command) + "'" +
				  escape);
}

TEST(ProcessesErrors, RawTabOrNul)
{
	EXPECT_EQ(error_for_line("2 1 1 1 2 2 0 S 1 a\tb"),
		  "/proc/hive/processes:2: COMMAND: 'a\\x09b' has a tab or a NUL byte that is not "
		  "escaped");
	EXPECT_EQ(error_for_line(std::string("2 1 1 1 2 2 0 S 1 a\0b", 21)),
		  "/proc/hive/processes:2: COMMAND: 'a\\x00b' has a tab or a NUL byte that is not "
		  "escaped");
}

TEST(ProcessesErrors, CommandLongerThanAComm)
{
	EXPECT_EQ(error_for_line("2 1 1 1 2 2 0 S 1 abcdefghijklmnop"),
		  "/proc/hive/processes:2: COMMAND: 'abcdefghijklmnop' is longer than a command "
		  "(at most 15 bytes)");
	EXPECT_EQ(error_for_line("2 1 1 1 2 2 0 S 1 abcdefghijklmno\\040"),
		  "/proc/hive/processes:2: COMMAND: 'abcdefghijklmno\\040' is longer than a "
		  "command (at most 15 bytes)");
}

TEST(ProcessesErrors, ProcessListedTwice)
{
	EXPECT_EQ(error_for(std::string(header) + "2 1 1 1 2 2 0 S 1 a\n"
						  "2 1 1 1 2 2 0 S 1 a\n"),
		  "/proc/hive/processes:3: node 1 PID 2 is listed twice (first on line 2)");
}

TEST(ProcessesErrors, LinesOutOfOrder)
{
	EXPECT_EQ(error_for(std::string(header) + "3 1 1 1 3 3 0 S 1 a\n"
						  "5 1 1 1 5 5 0 S 1 b\n"
						  "4 1 1 1 4 4 0 S 1 c\n"),
		  "/proc/hive/processes:4: node 1 PID 4 comes after node 1 PID 5 (the lines must "
		  "be sorted by node, then PID)");
	EXPECT_EQ(error_for(std::string(header) + "3 2 2 1 3 3 0 S 1 a\n"
						  "9 1 1 1 9 9 0 S 1 b\n"),
		  "/proc/hive/processes:3: node 1 PID 9 comes after node 2 PID 3 (the lines must "
		  "be sorted by node, then PID)");
}

TEST(ProcessesErrors, NameTheFirstBadLine)
{
	EXPECT_EQ(error_for(std::string(header) + "2 1 1 1 2 2 0 S 1 a\n"
						  "3 1 1 1 3 3 0 S 1 b\n"
						  "4 1 1 1 4 4 0 ? 1 c\n"
						  "5 1 1 1 5 5 0 ? 1 d\n"),
		  "/proc/hive/processes:4: STATE: '?' is not a process state (one of RSDTtXZPI)");
}

class ProcessesFile : public testing::Test {
protected:
	void SetUp() override
	{
		char pattern[] = "/tmp/hive-processes-XXXXXX";
		ASSERT_NE(mkdtemp(pattern), nullptr);
		root = pattern;
	}
	void TearDown() override { fs::remove_all(root); }

	std::string root;
};

TEST_F(ProcessesFile, ReadsTheTable)
{
	const std::string path = root + "/processes";
	std::ofstream(path) << header << "2 1 1 1 2 2 0 S 1 a\\040b\n";
	const auto processes = hive::read_processes(path);
	ASSERT_TRUE(processes.ok()) << processes.error().message;
	ASSERT_EQ(processes.value().size(), 1u);
	EXPECT_EQ(processes.value()[0].command, "a b");
}

TEST_F(ProcessesFile, ErrorsNameThePath)
{
	const std::string path = root + "/processes";
	std::ofstream(path) << "PID\n";
	const auto processes = hive::read_processes(path);
	ASSERT_FALSE(processes.ok());
	EXPECT_EQ(processes.error().message,
		  path + ":1: expected the header 'PID NODE HOME PPID PGID SID UID STATE "
			 "START COMMAND', found 'PID'");
}

TEST_F(ProcessesFile, WithoutTheDirectoryTheModuleIsNotLoaded)
{
	const std::string path = root + "/hive/processes";
	const auto processes = hive::read_processes(path);
	ASSERT_FALSE(processes.ok());
	EXPECT_EQ(processes.error().message, "the hive kernel module is not loaded (no " + path +
						     "); load it with 'modprobe hive'");
}

TEST_F(ProcessesFile, WithTheDirectoryButNoFileTheModuleIsOlder)
{
	const std::string path = root + "/processes";
	const auto processes = hive::read_processes(path);
	ASSERT_FALSE(processes.ok());
	EXPECT_EQ(processes.error().message,
		  "the hive kernel module loaded is older than this program (it has no " + path +
			  ")");
}

TEST_F(ProcessesFile, OtherReadErrorsNameThePath)
{
	const auto processes = hive::read_processes(root);
	ASSERT_FALSE(processes.ok());
	EXPECT_EQ(processes.error().message, root + ": cannot read: Is a directory");
}

} // namespace
