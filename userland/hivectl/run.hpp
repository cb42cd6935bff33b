// SPDX-License-Identifier: GPL-2.0
#ifndef HIVECTL_RUN_HPP
#define HIVECTL_RUN_HPP

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "hive/exec_protocol.hpp"
#include "hive/result.hpp"
#include "report.hpp"

namespace hivectl {

/// Where CMD starts in the arguments after "run": right after the first
/// "--", or at the first argument that does not start with '-' and is not
/// the value of --node; args.size() when there is no CMD.  From there on
/// nothing is hivectl's, not even --help.
std::size_t run_command_start(std::span<const std::string_view> args);

/// Whether `hivectl run --node` gives CMD a terminal: -t, -T, or when
/// standard input and output both are terminals.
enum class TtyMode {
	automatic,
	force,	// -t
	forbid,	// -T
};

/// `hivectl run [--node N|auto [-t|-T]] [--] CMD [ARGS...]`.
struct RunOptions {
	bool remote = false;		///< --node was given
	std::optional<uint32_t> node;	///< its node; none for "auto"
	TtyMode tty = TtyMode::automatic;
	std::span<const std::string_view> command;	///< CMD and its arguments
};

/// Reads the arguments after "run"; errors start with "run: ".
hive::Result<RunOptions> parse_run_arguments(std::span<const std::string_view> args);

/// Whether CMD runs on a terminal, for @p mode and whether standard input
/// and output are terminals.
bool wants_tty(TtyMode mode, bool stdin_tty, bool stdout_tty);

/// What `hivectl run --node` asks the remote node to run: @p command in
/// @p cwd with the environment @p env (null-terminated, as environ), on a
/// terminal of @p window's size when @p tty.
hive::ExecSpec remote_spec(std::span<const std::string_view> command, const char *const *env,
			   std::string cwd, bool tty, hive::WindowSize window);

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

} // namespace hivectl

#endif // HIVECTL_RUN_HPP
