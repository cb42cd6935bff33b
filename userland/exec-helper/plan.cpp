// SPDX-License-Identifier: GPL-2.0
// What hive-exec decides without a system call, apart so that its tests
// need neither hive.ko nor root.
#include "plan.hpp"

#include <charconv>
#include <system_error>

#include <sys/wait.h>

#include "hive/quote.hpp"
#include "hive/validate.hpp"

namespace hive_exec {

hive::Result<Arguments> parse_arguments(std::span<const std::string_view> args)
{
	Arguments parsed;
	bool have_origin = false, have_session = false;
	for (std::size_t i = 0; i < args.size(); i += 2) {
		if (i + 1 == args.size())
			return hive::Error{hive::quote(args[i]) + " needs a value"};
		const std::string_view value = args[i + 1];
		if (args[i] == "--origin" && !have_origin) {
			const auto node = hive::parse_node_id(value);
			if (!node)
				return node.error();
			parsed.origin = node.value();
			have_origin = true;
		} else if (args[i] == "--session" && !have_session) {
			const auto end = value.data() + value.size();
			const auto [stop, error] = std::from_chars(value.data(), end, parsed.session);
			if (value.empty() || error != std::errc() || stop != end)
				return hive::Error{hive::quote(value) + " is not a session id"};
			have_session = true;
		} else {
			return hive::Error{"unexpected argument " + hive::quote(args[i])};
		}
	}
	if (!have_origin || !have_session)
		return hive::Error{"usage: hive-exec --origin NODE --session ID"};
	return parsed;
}

ExecArguments::ExecArguments(const hive::ExecSpec &spec)
{
	words_.reserve(spec.argv.size() + spec.env.size());
	for (const auto *list : {&spec.argv, &spec.env})
		words_.insert(words_.end(), list->begin(), list->end());
	for (std::size_t i = 0; i < words_.size(); ++i)
		(i < spec.argv.size() ? argv_ : env_).push_back(words_[i].data());
	argv_.push_back(nullptr);
	env_.push_back(nullptr);
}

hive::ExitRecord exit_record(int wait_status)
{
	if (WIFSIGNALED(wait_status))
		return hive::ExitRecord{true, WTERMSIG(wait_status), WCOREDUMP(wait_status) != 0};
	return hive::ExitRecord{false, WEXITSTATUS(wait_status), false};
}

std::vector<gid_t> group_list(std::span<const uint32_t> groups)
{
	return std::vector<gid_t>(groups.begin(), groups.end());
}

std::string cgroup_procs_path(std::string_view cgroup)
{
	std::string path = "/sys/fs/cgroup";
	path += cgroup;
	if (!path.ends_with('/'))
		path += '/';
	return path + "cgroup.procs";
}

std::string no_cgroup_message(std::string_view cgroup, int error)
{
	return "cannot join the cgroup " + hive::quote(cgroup) + " (" +
	       std::generic_category().message(error) + "); running in the exec helper's cgroup";
}

std::string apparmor_exec_request(std::string_view label)
{
	return "exec " + std::string(label);
}

std::string no_profile_message(std::string_view label, int error, bool no_apparmor)
{
	const std::string profile = "the caller runs under the AppArmor profile " + hive::quote(label);
	if (no_apparmor)
		return profile + ", and this node runs no AppArmor (" +
		       std::generic_category().message(error) + "); the command was not started";
	if (error == ENOENT)
		return profile + ", which this node has not loaded; the command was not started";
	return profile + ", which the command cannot run under here (" +
	       std::generic_category().message(error) + "); the command was not started";
}

std::string no_directory_message(std::string_view cwd, int error)
{
	return "cannot enter " + hive::quote(cwd) + " (" + std::generic_category().message(error) +
	       "); running in /";
}

} // namespace hive_exec
