// SPDX-License-Identifier: GPL-2.0
#include "run.hpp"

#include <cerrno>
#include <system_error>

#include <sys/stat.h>
#include <unistd.h>

#include "hive/quote.hpp"
#include "hive/validate.hpp"
#include "options.hpp"

namespace hivectl {
namespace {

// Where execvp() looks when PATH is unset (glibc's _CS_PATH).
constexpr const char *default_search_path = "/bin:/usr/bin";

// 0 when @path is a regular file this process may execute, else the errno
// execve() would fail with; the errno of stat() when there is no such file.
int file_error(const std::string &path)
{
	struct stat st;
	if (stat(path.c_str(), &st) != 0)
		return errno;
	// execve() refuses a directory or a device with EACCES, as it does a
	// file without execute permission.
	if (!S_ISREG(st.st_mode) || access(path.c_str(), X_OK) != 0)
		return EACCES;
	return 0;
}

} // namespace

std::size_t run_command_start(std::span<const std::string_view> args)
{
	for (std::size_t i = 0; i < args.size(); ++i) {
		if (args[i] == "--")
			return i + 1;
		if (!args[i].starts_with('-'))
			return i;
		// Its value is not CMD, whatever it looks like.
		if (args[i] == "--node")
			++i;
	}
	return args.size();
}

namespace {

hive::Error run_usage_error(const std::string &message)
{
	return hive::Error{"run: " + message + std::string(see_help)};
}

hive::Result<std::optional<uint32_t>> parse_node(std::string_view value)
{
	if (value == "auto")
		return std::optional<uint32_t>();
	const auto node = hive::parse_node_id(value);
	if (!node)
		return hive::Error{node.error().message + " or 'auto'"};
	return std::optional<uint32_t>(node.value());
}

} // namespace

hive::Result<RunOptions> parse_run_arguments(std::span<const std::string_view> args)
{
	const std::size_t start = run_command_start(args);
	RunOptions options;
	bool force_tty = false, forbid_tty = false;
	for (std::size_t i = 0; i < start; ++i) {
		const OptionArg option = split_option(args[i]);
		if (args[i] == "--") {
			break;
		} else if (option.name == "--node") {
			if (options.remote)
				return run_usage_error("--node given twice");
			const auto value = take_value(option, args.first(start), i);
			if (!value)
				return run_usage_error(value.error().message);
			const auto node = parse_node(value.value());
			if (!node)
				return run_usage_error(node.error().message);
			options.remote = true;
			options.node = node.value();
		} else if (args[i] == "-t" || args[i] == "-T") {
			if (const auto taken = take_flag(option, args[i] == "-t" ? force_tty : forbid_tty);
			    !taken)
				return run_usage_error(taken.error().message);
		} else {
			return run_usage_error("unknown option " + hive::quote(args[i]));
		}
	}
	if (start == args.size())
		return run_usage_error("missing CMD");
	if (force_tty && forbid_tty)
		return run_usage_error("-t and -T contradict each other");
	if ((force_tty || forbid_tty) && !options.remote)
		return run_usage_error("-t and -T go with --node");
	options.tty = force_tty ? TtyMode::force : forbid_tty ? TtyMode::forbid : TtyMode::automatic;
	options.command = args.subspan(start);
	return options;
}

bool wants_tty(TtyMode mode, bool stdin_tty, bool stdout_tty)
{
	switch (mode) {
	case TtyMode::force:
		return true;
	case TtyMode::forbid:
		return false;
	case TtyMode::automatic:
		break;
	}
	return stdin_tty && stdout_tty;
}

hive::ExecSpec remote_spec(std::span<const std::string_view> command, const char *const *env,
			   std::string cwd, bool tty, hive::WindowSize window)
{
	hive::ExecSpec spec;
	spec.argv.assign(command.begin(), command.end());
	for (; env && *env; ++env)
		spec.env.emplace_back(*env);
	spec.cwd = std::move(cwd);
	spec.tty = tty;
	if (tty)
		spec.window = window;
	return spec;
}

int command_error(std::string_view command, const char *search_path)
{
	if (command.empty())
		return ENOENT;
	if (command.find('/') != std::string_view::npos)
		return file_error(std::string(command));

	// As execvp(): the first executable file of that name in the search
	// path wins; an empty entry is the working directory; a file found but
	// not executable makes EACCES of an unsuccessful search.
	std::string_view directories = search_path ? search_path : default_search_path;
	bool found_unusable = false;
	for (;;) {
		const std::size_t colon = directories.find(':');
		const std::string_view directory = directories.substr(0, colon);
		const std::string path = directory.empty()
			? std::string(command)
			: std::string(directory) + "/" + std::string(command);
		const int error = file_error(path);
		if (error == 0)
			return 0;
		if (error == EACCES)
			found_unusable = true;
		if (colon == std::string_view::npos)
			return found_unusable ? EACCES : ENOENT;
		directories.remove_prefix(colon + 1);
	}
}

ExitStatus cannot_run_status(int error)
{
	return static_cast<ExitStatus>(hive::cannot_run_status(error));
}

} // namespace hivectl
