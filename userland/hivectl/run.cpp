// SPDX-License-Identifier: GPL-2.0
#include "run.hpp"

#include <cerrno>
#include <system_error>

#include <sys/stat.h>
#include <unistd.h>

#include "hive/quote.hpp"

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
	}
	return args.size();
}

hive::Result<std::span<const std::string_view>>
parse_run_arguments(std::span<const std::string_view> args)
{
	const std::size_t start = run_command_start(args);
	for (const std::string_view arg : args.first(start))
		if (arg != "--")
			return hive::Error{"run: unknown option " + hive::quote(arg) +
					   std::string(see_help)};
	if (start == args.size())
		return hive::Error{"run: missing CMD" + std::string(see_help)};
	return args.subspan(start);
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
	return error == ENOENT ? exit_not_found : exit_cannot_run;
}

std::string cannot_run_message(std::string_view command, int error)
{
	return "cannot run " + hive::quote(command) + ": " + std::generic_category().message(error);
}

} // namespace hivectl
