// SPDX-License-Identifier: GPL-2.0
#ifndef HIVE_PROCESSES_HPP
#define HIVE_PROCESSES_HPP

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "hive/result.hpp"

namespace hive {

/// Where hive.ko lists the processes of the hive domain, every node's.
inline constexpr const char *default_processes_path = "/proc/hive/processes";

/// The header line of that file, without its newline.
inline constexpr std::string_view processes_header =
	"PID NODE HOME PPID PGID SID UID STATE START COMMAND";

/// The process states the kernel writes (task_state_to_char()).
inline constexpr std::string_view process_states = "RSDTtXZPI";

/// A task's comm is at most this many bytes (TASK_COMM_LEN without its NUL).
inline constexpr std::size_t process_command_max = 15;

/// One process of the hive domain, a line of /proc/hive/processes.  PIDs
/// are the initial namespace's, unique in the cluster: each node allocates
/// from its own range.
struct Process {
	uint32_t pid = 0;  ///< 1..INT32_MAX
	uint32_t node = 0; ///< the node it runs on
	uint32_t home = 0; ///< the node whose PID range holds it; 0: none
	uint32_t ppid = 0; ///< 0 when the parent is not known (the process is exiting)
	uint32_t pgid = 0;
	uint32_t sid = 0;
	uint32_t uid = 0;
	char state = 0;		///< one of process_states
	int64_t start = 0;	///< start time in seconds since the Unix epoch
	std::string command;	///< unescaped; any bytes but NUL, at most process_command_max

	bool operator==(const Process &) const = default;
};

/// Parses the text of /proc/hive/processes: the header, then one line per
/// process of ten fields separated by single spaces, sorted by node and
/// PID; in COMMAND, \ooo stands for the byte ooo (octal), and space, tab,
/// newline and backslash appear only that way.  @p file_name only appears
/// in error messages, which read "FILE:LINE: what is wrong" or
/// "FILE:LINE: FIELD: what is wrong".
Result<std::vector<Process>> parse_processes(std::string_view text, std::string_view file_name);

/// Reads and parses the file at @p path; errors as for parse_processes(),
/// or "PATH: cannot read: REASON".  When the file does not exist, the error
/// says that the module is not loaded or, when the directory the file would
/// be in exists, that the module loaded is older than this program.
Result<std::vector<Process>> read_processes(const std::string &path);

} // namespace hive

#endif // HIVE_PROCESSES_HPP
