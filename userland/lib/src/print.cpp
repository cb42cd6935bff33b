// SPDX-License-Identifier: GPL-2.0
#include "hive/print.hpp"

#include <cerrno>
#include <cstdio>
#include <string>
#include <system_error>

namespace hive {

Result<void> print(std::string_view text)
{
	if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() ||
	    std::fflush(stdout) != 0)
		return Error{"cannot write to standard output: " +
			     std::generic_category().message(errno)};
	return {};
}

} // namespace hive
