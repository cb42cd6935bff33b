// SPDX-License-Identifier: GPL-2.0
#ifndef HIVECTL_REMOTE_HPP
#define HIVECTL_REMOTE_HPP

#include <optional>

#include "run.hpp"

namespace hivectl {

/// `hivectl run --node N|auto`: runs @p options' command on that node
/// through hive.ko and hive-exec, relaying standard input, output and
/// error, signals and the terminal's size, and ends as the command did
/// (exit code, or death by the same signal).  Returns only when hive could
/// not run it or lost it, with exit_hive, or on a usage error; or nothing
/// when the node chosen is this one, and the caller runs the command
/// itself.
std::optional<int> run_remote(const RunOptions &options);

} // namespace hivectl

#endif // HIVECTL_REMOTE_HPP
