// SPDX-License-Identifier: GPL-2.0
#ifndef HIVE_EXEC_PLAN_HPP
#define HIVE_EXEC_PLAN_HPP

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <sys/types.h>

#include "hive/exec_protocol.hpp"
#include "hive/result.hpp"

namespace hive_exec {

/// `hive-exec --origin NODE --session ID`, as hive.ko starts it.
struct Arguments {
	uint32_t origin = 0;
	uint64_t session = 0;
};

/// Reads hive-exec's arguments (after argv[0]), each option once, in
/// either order; anything else is an error.
hive::Result<Arguments> parse_arguments(std::span<const std::string_view> args);

/// The arrays execvp() and environ take, pointing into @c words.
class ExecArguments {
public:
	explicit ExecArguments(const hive::ExecSpec &spec);
	ExecArguments(const ExecArguments &) = delete;
	ExecArguments &operator=(const ExecArguments &) = delete;

	char *const *argv() const { return argv_.data(); }
	char **env() { return env_.data(); }

private:
	std::vector<std::string> words_;
	std::vector<char *> argv_;
	std::vector<char *> env_;
};

/// The EXIT record for a wait status of a command that ended.
hive::ExitRecord exit_record(int wait_status);

/// The group list setgroups() takes.
std::vector<gid_t> group_list(std::span<const uint32_t> groups);

/// The warning for a working directory the node does not have.
std::string no_directory_message(std::string_view cwd, int error);

/// Where the origin caller's cgroup @p cgroup (a path from '/') is on this
/// node: its cgroup.procs under the unified hierarchy's mount point.
std::string cgroup_procs_path(std::string_view cgroup);

/// The warning for a cgroup the command could not join.
std::string no_cgroup_message(std::string_view cgroup, int error);

/// The file through which a task asks AppArmor for the profile its next
/// exec runs under, and what to write there for the profile @p label.
inline constexpr const char *apparmor_exec_file = "/proc/self/attr/apparmor/exec";
std::string apparmor_exec_request(std::string_view label);

/// Why the command cannot run under the origin caller's AppArmor profile
/// @p label: writing the request failed with @p error (ENOENT: no profile
/// of that name is loaded here), or, with @p no_apparmor, this node's
/// kernel runs no AppArmor at all.
std::string no_profile_message(std::string_view label, int error, bool no_apparmor);

} // namespace hive_exec

#endif // HIVE_EXEC_PLAN_HPP
