// SPDX-License-Identifier: GPL-2.0
/*
 * Strict command lines for hive's test tools: every option takes a value
 * ("--count 5" or "--count=5"), an option may appear once, numbers are
 * decimal digits within a range.  A typo is a usage error, never a silent
 * default.
 */
#ifndef HIVE_TOOLS_OPTIONS_HPP
#define HIVE_TOOLS_OPTIONS_HPP

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "hive/result.hpp"

namespace hive::tools {

/// The tools' exit statuses.
enum ExitStatus : int {
	exit_ok = 0,
	exit_failed = 1, // the probe or the run did not have the expected outcome
	exit_usage = 2,  // the command line is wrong
};

/// A command line split into positional words and options.
struct CommandLine {
	std::vector<std::string_view> positional;
	/// Option names with their leading "--", in command-line order.
	std::vector<std::pair<std::string_view, std::string_view>> options;

	/// The value of option @p name ("--count"), if it was given.
	[[nodiscard]] std::optional<std::string_view> option(std::string_view name) const;
};

/// Splits @p args into positional words and "--name VALUE" / "--name=VALUE"
/// options.  Errors: an option not in @p known, an option without a value,
/// an option given twice, a word starting with '-' that is no option.
Result<CommandLine> split_command_line(std::span<const std::string_view> args,
				       std::span<const std::string_view> known);

/// Reads @p text as a user writes a number: decimal digits only (no sign,
/// no spaces, no "0x"), within @p min..@p max.  The error names @p what:
/// "--count: 'x' is not a number in 1..10000".
Result<uint64_t> parse_number(std::string_view what, std::string_view text, uint64_t min,
			      uint64_t max);

/// parse_number() for a TCP port, 1..65535, or 0..65535 if @p allow_zero.
Result<uint16_t> parse_port_number(std::string_view what, std::string_view text,
				   bool allow_zero);

/// Writes "PROGRAM: MESSAGE" on standard error and returns @p status.
int report(std::string_view program, ExitStatus status, std::string_view message);

/// Writes @p text on standard output and flushes it; exit_ok, or
/// exit_failed after reporting why it could not.
int print_or_report(std::string_view program, std::string_view text);

} // namespace hive::tools

#endif // HIVE_TOOLS_OPTIONS_HPP
