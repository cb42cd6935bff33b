// SPDX-License-Identifier: GPL-2.0
#include "hive/cannot_run.hpp"

#include <cerrno>
#include <system_error>

#include "hive/quote.hpp"

namespace hive {

int cannot_run_status(int error)
{
	return error == ENOENT ? exit_not_found : exit_cannot_run;
}

std::string cannot_run_message(std::string_view command, int error)
{
	return "cannot run " + quote(command) + ": " + std::generic_category().message(error);
}

} // namespace hive
