// SPDX-License-Identifier: GPL-2.0
#include "hive/processes.hpp"

#include <array>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <limits>
#include <optional>
#include <utility>

#include <unistd.h>

#include "file_io.hpp"
#include "hive/quote.hpp"
#include "hive/validate.hpp"

namespace hive {
namespace {

// A line is under 150 bytes; this is some hundred thousand processes a
// node, on every node of the largest cluster.  Stop rather than exhaust
// memory on a runaway file.
constexpr std::size_t max_processes_bytes = 64 * 1024 * 1024;

constexpr std::size_t field_count = 10;
constexpr std::array<std::string_view, field_count> field_names{
	"PID", "NODE", "HOME", "PPID", "PGID", "SID", "UID", "STATE", "START", "COMMAND"};
// The fields' places on a line.
namespace column {
constexpr std::size_t pid = 0, node = 1, home = 2, ppid = 3, pgid = 4, sid = 5, uid = 6,
		      state = 7, start = 8, command = 9;
} // namespace column

// pid_t is an int.
constexpr uint32_t pid_max = std::numeric_limits<int32_t>::max();

// @line split at every space; an empty field where two spaces meet.
std::vector<std::string_view> split_fields(std::string_view line)
{
	std::vector<std::string_view> fields;
	for (;;) {
		const std::size_t space = line.find(' ');
		fields.push_back(line.substr(0, space));
		if (space == std::string_view::npos)
			return fields;
		line.remove_prefix(space + 1);
	}
}

// Seconds since 1970 as "%llu" writes them.
Result<int64_t> parse_start(std::string_view text)
{
	const auto not_a_time = [&] {
		return Error{quote(text) + " is not a time in seconds since 1970 (must be 0.." +
			     std::to_string(std::numeric_limits<int64_t>::max()) + ")"};
	};
	if (text.empty() || text.find_first_not_of("0123456789") != std::string_view::npos)
		return not_a_time();
	int64_t value = 0;
	if (std::from_chars(text.data(), text.data() + text.size(), value).ec != std::errc{})
		return not_a_time();
	return value;
}

Result<char> parse_state(std::string_view text)
{
	if (text.size() != 1 || process_states.find(text.front()) == std::string_view::npos)
		return Error{quote(text) + " is not a process state (one of " +
			     std::string(process_states) + ")"};
	return text.front();
}

bool is_octal(char c)
{
	return c >= '0' && c <= '7';
}

// COMMAND as seq_escape() writes it: the bytes of the comm, with space,
// tab, newline and backslash as \ooo.  The file is split at newlines and
// spaces before this sees it, so only a raw tab or NUL can be left over.
Result<std::string> unescape_command(std::string_view text)
{
	std::string command;
	for (std::size_t i = 0; i < text.size(); ++i) {
		const char c = text[i];
		if (c == '\t' || c == '\0')
			return Error{quote(text) + " has a tab or a NUL byte that is not escaped"};
		if (c != '\\') {
			command += c;
			continue;
		}
		const std::string_view digits = text.substr(i + 1, 3);
		if (digits.size() != 3 || digits[0] > '3' || !is_octal(digits[0]) ||
		    !is_octal(digits[1]) || !is_octal(digits[2]) || digits == "000")
			return Error{quote(text) + " has a '\\' that does not start an "
						   "escape \\001..\\377"};
		command += static_cast<char>((digits[0] - '0') << 6 | (digits[1] - '0') << 3 |
					     (digits[2] - '0'));
		i += digits.size();
	}
	if (command.size() > process_command_max)
		return Error{quote(text) + " is longer than a command (at most " +
			     std::to_string(process_command_max) + " bytes)"};
	return command;
}

// Reads the fields of one process; the error names the field.
Result<Process> parse_fields(const std::vector<std::string_view> &fields)
{
	Process process;
	using namespace column;
	const auto field_error = [](std::size_t field, const Error &error) {
		return Error{std::string(field_names[field]) + ": " + error.message};
	};
	constexpr std::array<std::pair<std::size_t, uint32_t Process::*>, 4> ids{{
		{ppid, &Process::ppid},
		{pgid, &Process::pgid},
		{sid, &Process::sid},
		{uid, &Process::uid},
	}};

	const auto pid_number = parse_number(fields[pid], 1, pid_max, "a process id");
	if (!pid_number)
		return field_error(pid, pid_number.error());
	process.pid = pid_number.value();
	const auto node_id = parse_node_id(fields[node]);
	if (!node_id)
		return field_error(node, node_id.error());
	process.node = node_id.value();
	// 0: a PID below every node's range (the process began before its node had one).
	if (fields[home] != "0") {
		const auto home_id = parse_node_id(fields[home]);
		if (!home_id)
			return field_error(home, home_id.error());
		process.home = home_id.value();
	}
	// The parent, group and session are 0 once the process is exiting.
	for (const auto &[field, member] : ids) {
		const auto number =
			field == uid ? parse_number(fields[field], 0,
						    std::numeric_limits<uint32_t>::max(), "a user id")
				     : parse_number(fields[field], 0, pid_max, "a process id");
		if (!number)
			return field_error(field, number.error());
		process.*member = number.value();
	}
	const auto letter = parse_state(fields[state]);
	if (!letter)
		return field_error(state, letter.error());
	process.state = letter.value();
	const auto seconds = parse_start(fields[start]);
	if (!seconds)
		return field_error(start, seconds.error());
	process.start = seconds.value();
	auto name = unescape_command(fields[command]);
	if (!name)
		return field_error(command, name.error());
	process.command = std::move(name.value());
	return process;
}

} // namespace

Result<std::vector<Process>> parse_processes(std::string_view text, std::string_view file_name)
{
	std::vector<Process> processes;
	std::size_t line_number = 0;
	std::size_t previous_line = 0;
	do {
		++line_number;
		const std::string at = std::string(file_name) + ":" + std::to_string(line_number) + ": ";
		const std::size_t end = text.find('\n');
		if (end == std::string_view::npos)
			return Error{at + (text.empty() ? std::string("the file is empty")
							: "the line does not end in a newline "
							  "(the file is cut short)")};
		const std::string_view line = text.substr(0, end);
		text.remove_prefix(end + 1);

		if (line_number == 1) {
			if (line != processes_header)
				return Error{at + "expected the header " + quote(processes_header) +
					     ", found " + quote(line)};
			continue;
		}
		const auto fields = split_fields(line);
		if (fields.size() != field_count)
			return Error{at + quote(line) + " has " + std::to_string(fields.size()) +
				     " fields, not " + std::to_string(field_count)};
		auto process = parse_fields(fields);
		if (!process)
			return Error{at + process.error().message};

		// Sorted by node, then PID: a line out of order, or one twice, is
		// not something the kernel writes.
		if (!processes.empty()) {
			const Process &previous = processes.back();
			const auto key = [](const Process &p) { return std::pair(p.node, p.pid); };
			const std::string where = "node " + std::to_string(process.value().node) +
						  " PID " + std::to_string(process.value().pid);
			if (key(process.value()) == key(previous))
				return Error{at + where + " is listed twice (first on line " +
					     std::to_string(previous_line) + ")"};
			if (key(process.value()) < key(previous))
				return Error{at + where + " comes after node " +
					     std::to_string(previous.node) + " PID " +
					     std::to_string(previous.pid) +
					     " (the lines must be sorted by node, then PID)"};
		}
		processes.push_back(std::move(process.value()));
		previous_line = line_number;
	} while (!text.empty());
	return processes;
}

Result<std::vector<Process>> read_processes(const std::string &path)
{
	int error = 0;
	const auto text = read_small_file(path, max_processes_bytes, error);
	if (!text && error == ENOENT) {
		// hive.ko makes /proc/hive when it loads; a module with
		// /proc/hive but no process table predates `hivectl ps`.
		const std::string directory = path.substr(0, path.rfind('/'));
		if (!directory.empty() && access(directory.c_str(), F_OK) == 0)
			return Error{"the hive kernel module loaded is older than this program "
				     "(it has no " + path + ")"};
		return Error{"the hive kernel module is not loaded (no " + path +
			     "); load it with 'modprobe hive'"};
	}
	if (!text)
		return Error{path + ": " + text.error().message};
	return parse_processes(text.value(), path);
}

} // namespace hive
