// SPDX-License-Identifier: GPL-2.0
#include "options.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>

#include "hive/print.hpp"
#include "hive/quote.hpp"

namespace hive::tools {

std::optional<std::string_view> CommandLine::option(std::string_view name) const
{
	const auto found = std::ranges::find(options, name, &decltype(options)::value_type::first);
	if (found == options.end())
		return std::nullopt;
	return found->second;
}

Result<CommandLine> split_command_line(std::span<const std::string_view> args,
				       std::span<const std::string_view> known)
{
	CommandLine line;
	for (size_t i = 0; i < args.size(); ++i) {
		const std::string_view arg = args[i];
		if (!arg.starts_with('-')) {
			line.positional.push_back(arg);
			continue;
		}
		const size_t equals = arg.find('=');
		const std::string_view name = arg.substr(0, equals);
		if (!arg.starts_with("--") || std::ranges::find(known, name) == known.end())
			return Error{"unknown option " + quote(name)};
		if (line.option(name))
			return Error{std::string(name) + " given twice"};
		std::string_view value;
		if (equals != std::string_view::npos)
			value = arg.substr(equals + 1);
		else if (i + 1 < args.size())
			value = args[++i];
		else
			return Error{std::string(name) + " needs a value"};
		line.options.emplace_back(name, value);
	}
	return line;
}

Result<uint64_t> parse_number(std::string_view what, std::string_view text, uint64_t min,
			      uint64_t max)
{
	// from_chars alone would take "12abc" as 12 and accept a leading '-'
	// for nothing; only digits, and all of them, make a number.
	const bool digits_only = !text.empty() &&
		std::ranges::all_of(text, [](char c) { return c >= '0' && c <= '9'; });
	uint64_t value = 0;
	if (digits_only &&
	    std::from_chars(text.data(), text.data() + text.size(), value).ec == std::errc{} &&
	    value >= min && value <= max)
		return value;
	return Error{std::string(what) + ": " + quote(text) + " is not a number in " +
		     std::to_string(min) + ".." + std::to_string(max)};
}

Result<uint16_t> parse_port_number(std::string_view what, std::string_view text, bool allow_zero)
{
	const auto port = parse_number(what, text, allow_zero ? 0 : 1, 65535);
	if (!port)
		return port.error();
	return static_cast<uint16_t>(port.value());
}

int report(std::string_view program, ExitStatus status, std::string_view message)
{
	// One write per line, so that lines of parallel runs do not mix.
	const std::string line = std::string(program) + ": " + std::string(message) + "\n";
	std::fwrite(line.data(), 1, line.size(), stderr);
	return status;
}

int print_or_report(std::string_view program, std::string_view text)
{
	const auto printed = print(text);
	return printed ? exit_ok : report(program, exit_failed, printed.error().message);
}

} // namespace hive::tools
