// SPDX-License-Identifier: GPL-2.0
#ifndef HIVE_CANNOT_RUN_HPP
#define HIVE_CANNOT_RUN_HPP

#include <string>
#include <string_view>

namespace hive {

/// The exit statuses a shell gives a command it could not run, which
/// `hivectl run` and hive-exec give too.
inline constexpr int exit_cannot_run = 126;	///< found, but not executable
inline constexpr int exit_not_found = 127;	///< no such command

/// exit_not_found when execvp() failed with @p error ENOENT, else
/// exit_cannot_run.
int cannot_run_status(int error);

/// "cannot run 'CMD': REASON" for @p command and the errno @p error.
std::string cannot_run_message(std::string_view command, int error);

} // namespace hive

#endif // HIVE_CANNOT_RUN_HPP
