// SPDX-License-Identifier: GPL-2.0
#ifndef HIVED_DAEMON_HPP
#define HIVED_DAEMON_HPP

#include "hive/config.hpp"
#include "hive/result.hpp"
#include "logger.hpp"

namespace hived {

/// The running daemon: sets the local node in hive.ko from the
/// configuration, then stays until it is told to stop.  Following the
/// cluster's membership (corosync) will happen here too.
class Daemon {
public:
	Daemon(hive::Config config, const Logger &log);

	/// Runs until SIGTERM or SIGINT.  Fails, with a sentence, only if the
	/// daemon could not start.
	hive::Result<void> run();

private:
	hive::Result<void> configure_node();

	hive::Config config_;
	const Logger &log_;
};

} // namespace hived

#endif // HIVED_DAEMON_HPP
