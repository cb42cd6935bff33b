// SPDX-License-Identifier: GPL-2.0
#include "daemon.hpp"

#include <cerrno>
#include <csignal>
#include <string>
#include <system_error>
#include <utility>

#include "hive/client.hpp"
#include "hive/quote.hpp"

namespace hived {
namespace {

hive::Error os_failure(std::string_view action, int error)
{
	return hive::Error{"cannot " + std::string(action) + ": " +
			   std::generic_category().message(error)};
}

} // namespace

Daemon::Daemon(hive::Config config, const Logger &log) : config_(std::move(config)), log_(log) {}

hive::Result<void> Daemon::configure_node()
{
	auto client = hive::Client::connect();
	if (!client)
		return client.error();
	return client.value().set_node(config_.node_id, config_.cluster_name);
}

hive::Result<void> Daemon::run()
{
	// Block the stop signals before anything else, so that one arriving
	// while the node is being configured waits for sigwait() below and
	// every stop is logged the same way.
	sigset_t stop_signals;
	sigemptyset(&stop_signals);
	sigaddset(&stop_signals, SIGTERM);
	sigaddset(&stop_signals, SIGINT);
	if (sigprocmask(SIG_BLOCK, &stop_signals, nullptr) != 0)
		return os_failure("block SIGTERM and SIGINT", errno);

	if (const auto configured = configure_node(); !configured)
		return configured.error();
	log_.log(Priority::info, "node " + std::to_string(config_.node_id) + " of cluster " +
					 hive::quote(config_.cluster_name) + " configured");

	int signal = 0;
	if (const int err = sigwait(&stop_signals, &signal); err != 0)
		return os_failure("wait for SIGTERM or SIGINT", err);
	log_.log(Priority::info, "stopping");
	return {};
}

} // namespace hived
