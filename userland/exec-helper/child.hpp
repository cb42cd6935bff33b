// SPDX-License-Identifier: GPL-2.0
#ifndef HIVE_EXEC_CHILD_HPP
#define HIVE_EXEC_CHILD_HPP

#include <cstdint>
#include <string>

#include "hive/exec.hpp"
#include "hive/exec_protocol.hpp"
#include "plan.hpp"

namespace hive_exec {

/// What the forked child needs to become the command.
struct ChildSetup {
	const hive::ExecSpec *spec;
	ExecArguments *exec;
	const hive::ExecAttached *who;
	uint64_t session;
	uint32_t origin;
	std::string slave;	///< the pty's slave, for a command on a terminal
	int in = -1;		///< else the pipe ends that become its 0, 1, 2
	int out = -1;
	int err = -1;
	int report = -1;	///< close-on-exec: ERROR records for the origin
};

/// Context: the child of fork(), the helper having had one thread.  Makes
/// it a session leader on its terminal or pipes, the origin caller's
/// user, a member of the hive domain, in the spec's directory, and execs
/// the command.  Whatever fails is written to @c report as ERROR records
/// and ends the child: 126 when it cannot become the user or take the
/// caller's AppArmor profile, 255 when it cannot join the domain, 126 or
/// 127 when exec fails.
[[noreturn]] void run_child(ChildSetup &setup);

} // namespace hive_exec

#endif // HIVE_EXEC_CHILD_HPP
