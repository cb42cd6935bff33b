// SPDX-License-Identifier: GPL-2.0
#ifndef HIVECTL_PS_HPP
#define HIVECTL_PS_HPP

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hive/processes.hpp"
#include "hive/result.hpp"

namespace hivectl {

/// `hivectl ps`'s command line.
struct PsOptions {
	bool forest = false;
	std::optional<uint32_t> node; ///< only the processes running on this node
	bool json = false;
};

/// Reads the arguments after "ps": [--forest] [--node N] [--json], --node
/// also as --node=N.  Errors start with "ps: ".
hive::Result<PsOptions> parse_ps_options(std::span<const std::string_view> args);

/// @p processes without those that run on another node than @p node;
/// all of them when there is no @p node.
std::vector<hive::Process> processes_on(std::vector<hive::Process> processes,
					std::optional<uint32_t> node);

/// User names by uid, for the uids that have one.
using UserNames = std::map<uint32_t, std::string>;

/// START as ps shows it: "HH:MM" for a process that started on the same
/// day as @p now in local time, "Mon DD" (e.g. "Jun 06") for an earlier or
/// later day, "?" for a time the C library cannot convert.
std::string start_text(int64_t start, int64_t now);

/// `hivectl ps`: an aligned table NODE PID PPID USER STAT START COMMAND, a
/// row per process in the order given, USER from @p user_names or else the
/// uid.  Control characters in a command show as '?'.  With @p forest, each
/// process whose parent is listed is shown under it, children by PID, two
/// spaces per level and "\_ " before the command.
std::string ps_table(std::span<const hive::Process> processes, bool forest,
		     const UserNames &user_names, int64_t now);

/// `hivectl ps --json`: a JSON array on one line, an object per process
/// with the fields of /proc/hive/processes.
std::string ps_json(std::span<const hive::Process> processes);

} // namespace hivectl

#endif // HIVECTL_PS_HPP
