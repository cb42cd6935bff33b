// SPDX-License-Identifier: GPL-2.0
#include "logger.hpp"

#include <cstdio>
#include <cstdlib>
#include <string>

namespace hived {
namespace {

// sd-daemon(3) prefixes; the journal takes them as the line's priority.
std::string_view journal_prefix(Priority priority)
{
	switch (priority) {
	case Priority::error:
		return "<3>";
	case Priority::info:
		return "<6>";
	}
	return "<6>";
}

} // namespace

Logger Logger::from_environment()
{
	std::setvbuf(stderr, nullptr, _IOLBF, BUFSIZ);
	return Logger(std::getenv("JOURNAL_STREAM") != nullptr);
}

void Logger::log(Priority priority, std::string_view message) const
{
	const std::string line = std::string(to_journal_ ? journal_prefix(priority) : "hived: ") +
				 std::string(message) + "\n";
	// There is nowhere left to report a failure to write standard error.
	std::fwrite(line.data(), 1, line.size(), stderr);
}

} // namespace hived
