// SPDX-License-Identifier: GPL-2.0
#include "report.hpp"

#include <cstdio>
#include <string>

#include "hive/print.hpp"

namespace hivectl {

int report(ExitStatus status, std::string_view message)
{
	// One write per line; there is nowhere left to report a failure to
	// write standard error.
	const std::string line = "hivectl: " + std::string(message) + "\n";
	std::fwrite(line.data(), 1, line.size(), stderr);
	return status;
}

int print_or_report(std::string_view text)
{
	const auto printed = hive::print(text);
	return printed ? exit_ok : report(exit_failed, printed.error().message);
}

} // namespace hivectl
