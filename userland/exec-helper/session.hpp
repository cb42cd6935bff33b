// SPDX-License-Identifier: GPL-2.0
#ifndef HIVE_EXEC_SESSION_HPP
#define HIVE_EXEC_SESSION_HPP

#include "plan.hpp"

namespace hive_exec {

/// Context: process, may sleep as long as the command runs.  Takes over
/// the session @p args names, runs its command and relays it until it
/// ended and its output was sent, then sends its EXIT record.  Returns
/// hive-exec's exit status; what went wrong is in syslog and, when the
/// origin can still hear it, in an ERROR record.
int serve(const Arguments &args);

} // namespace hive_exec

#endif // HIVE_EXEC_SESSION_HPP
