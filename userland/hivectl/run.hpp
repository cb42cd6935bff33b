// SPDX-License-Identifier: GPL-2.0
#ifndef HIVECTL_RUN_HPP
#define HIVECTL_RUN_HPP

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "hive/result.hpp"
#include "report.hpp"

namespace hivectl {

/// Where CMD starts in the arguments after "run": right after the first
/// "--", or at the first argument that does not start with '-';
/// args.size() when there is no CMD.  From there on nothing is hivectl's,
/// not even --help.
std::size_t run_command_start(std::span<const std::string_view> args);

/// Reads the arguments after "run": [--] CMD [ARGS...].  Returns CMD and its
/// arguments; errors start with "run: ".
hive::Result<std::span<const std::string_view>>
parse_run_arguments(std::span<const std::string_view> args);

/// Why execvp() would fail to run @p command, as far as can be told
/// without running it, searching @p search_path (the value of PATH, or
/// null when PATH is unset) as execvp() does for a command without '/':
/// ENOENT when there is no file of that name, EACCES when none there is a
/// regular file this process may execute, stat()'s errno for a path that
/// cannot be looked up.  0 when execvp() may well succeed; only execvp()
/// can tell for sure.
int command_error(std::string_view command, const char *search_path);

/// A shell's exit status for a command it could not run: 127 when it was
/// not found (@p error is ENOENT), else 126.
ExitStatus cannot_run_status(int error);

/// "cannot run 'CMD': REASON" for @p command and the errno @p error.
std::string cannot_run_message(std::string_view command, int error);

} // namespace hivectl

#endif // HIVECTL_RUN_HPP
