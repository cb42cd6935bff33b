// SPDX-License-Identifier: GPL-2.0
#ifndef HIVED_DAEMON_HPP
#define HIVED_DAEMON_HPP

#include <string>

#include "hive/client.hpp"
#include "hive/config.hpp"
#include "hive/result.hpp"
#include "logger.hpp"

namespace hived {

/// The running daemon: sets the local node in hive.ko from the
/// configuration and, when hive.conf lists the cluster's nodes, gives it
/// the transport key derived from the cluster key at @p authkey_path,
/// follows corosync and pushes each membership view into hive.ko, until it
/// is told to stop (Documentation/membership.rst).
class Daemon {
public:
	Daemon(hive::Config config, std::string authkey_path, const Logger &log);

	/// Runs until SIGTERM or SIGINT.  Fails, with a sentence, if the daemon
	/// could not start or lost corosync.
	hive::Result<void> run();

private:
	hive::Result<void> follow_corosync(hive::Client &client, int signal_fd);
	void push_view(hive::Client &client, const hive::View &view);

	hive::Config config_;
	std::string authkey_path_;
	const Logger &log_;
};

} // namespace hived

#endif // HIVED_DAEMON_HPP
