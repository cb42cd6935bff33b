// SPDX-License-Identifier: GPL-2.0
#ifndef HIVECTL_REPORT_HPP
#define HIVECTL_REPORT_HPP

#include <string_view>

#include "hive/cannot_run.hpp"
#include "hive/result.hpp"

namespace hivectl {

/// hivectl's exit statuses, as hivectl(8) documents them.
enum ExitStatus : int {
	exit_ok = 0,
	exit_failed = 1, // the request failed: no module, refused, ...
	exit_usage = 2,  // the command line is wrong
	// `hivectl run` could not run CMD; the statuses a shell uses.
	exit_cannot_run = hive::exit_cannot_run, // found, but not executable
	exit_not_found = hive::exit_not_found,	 // no such command
	// `hivectl run --node`: hive could not run CMD there, or lost it.
	exit_hive = 255,
};

/// Ends usage errors that a look at the usage would fix.
inline constexpr std::string_view see_help = " (see 'hivectl help')";

/// Prints "hivectl: MESSAGE" on standard error and returns @p status.
int report(ExitStatus status, std::string_view message);

/// Prints @p text on standard output; returns exit_ok, or reports why it
/// could not and returns exit_failed.
int print_or_report(std::string_view text);

} // namespace hivectl

#endif // HIVECTL_REPORT_HPP
