// SPDX-License-Identifier: GPL-2.0
#include "daemon.hpp"

#include <array>
#include <cerrno>
#include <csignal>
#include <optional>
#include <string>
#include <system_error>
#include <utility>

#include <poll.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "configure.hpp"
#include "corosync.hpp"
#include "hive/quote.hpp"
#include "membership.hpp"

namespace hived {
namespace {

hive::Error os_failure(std::string_view action, int error)
{
	return hive::Error{"cannot " + std::string(action) + ": " +
			   std::generic_category().message(error)};
}

std::string describe(const hive::View &view)
{
	std::string text = "view " + std::to_string(view.epoch) +
			   (view.quorate ? " (quorate):" : " (no quorum):");
	for (const hive::Node &node : view.members)
		text += " " + std::to_string(node.node_id) + (node.incarnation ? "" : "?");
	return text;
}

} // namespace

Daemon::Daemon(hive::Config config, std::string authkey_path, const Logger &log)
	: config_(std::move(config)), authkey_path_(std::move(authkey_path)), log_(log)
{
}

void Daemon::push_view(hive::Client &client, const hive::View &view)
{
	// A refusal is logged, not fatal: the kernel keeps the view it has, and
	// the next change of the ring brings a later epoch.
	if (const auto pushed = client.set_view(view); !pushed)
		log_.log(Priority::error, "hive.ko refused " + describe(view) + ": " +
						  pushed.error().message);
	else
		log_.log(Priority::info, describe(view));
}

hive::Result<void> Daemon::follow_corosync(hive::Client &client, int signal_fd)
{
	const auto status = client.get_status();
	if (!status)
		return status.error();
	Membership membership(config_);
	auto corosync = Corosync::connect(membership, log_);
	if (!corosync)
		return corosync.error();
	Corosync &ring = *corosync.value();

	bool seeded = false;
	std::optional<hive::View> pushed;
	std::array<pollfd, 3> fds{ { { signal_fd, POLLIN, 0 },
				     { ring.cpg_fd(), POLLIN, 0 },
				     { ring.quorum_fd(), POLLIN, 0 } } };
	for (;;) {
		if (ring.announce_wanted())
			if (const auto sent = ring.announce(config_.node_id, status.value().incarnation);
			    !sent)
				return sent.error();
		// A restarted hived starts from what hive.ko already holds.
		if (!seeded && membership.view()) {
			if (const auto nodes = client.get_nodes(); nodes)
				membership.seed(nodes.value().view_epoch, nodes.value().nodes);
			seeded = true;
		}
		if (const auto view = membership.view(); view && view != pushed) {
			push_view(client, *view);
			pushed = view;
		}

		if (poll(fds.data(), fds.size(), -1) < 0) {
			if (errno == EINTR)
				continue;
			return os_failure("wait for corosync", errno);
		}
		if (fds[0].revents)
			return {};
		if (fds[1].revents)
			if (const auto ran = ring.dispatch_cpg(); !ran)
				return ran.error();
		if (fds[2].revents)
			if (const auto ran = ring.dispatch_quorum(); !ran)
				return ran.error();
	}
}

hive::Result<void> Daemon::run()
{
	// Block the stop signals before anything else and take them through a
	// signalfd, so one arriving at any moment ends the daemon the same way.
	sigset_t stop_signals;
	sigemptyset(&stop_signals);
	sigaddset(&stop_signals, SIGTERM);
	sigaddset(&stop_signals, SIGINT);
	if (sigprocmask(SIG_BLOCK, &stop_signals, nullptr) != 0)
		return os_failure("block SIGTERM and SIGINT", errno);
	const int signal_fd = signalfd(-1, &stop_signals, SFD_CLOEXEC);
	if (signal_fd < 0)
		return os_failure("watch for SIGTERM and SIGINT", errno);

	// A missing or broken cluster key fails before hive.ko is touched.
	const auto key = transport_key_for(config_, authkey_path_);
	if (!key)
		return key.error();

	// The connection stays open for the daemon's life: hive.ko takes its
	// closing as this daemon's end.
	auto client = hive::Client::connect();
	if (!client)
		return client.error();
	if (const auto configured = configure_kernel(client.value(), config_, key.value());
	    !configured)
		return configured.error();
	log_.log(Priority::info, "node " + std::to_string(config_.node_id) + " of cluster " +
					 hive::quote(config_.cluster_name) + " configured");
	if (key.value())
		log_.log(Priority::info, "transport key from " + authkey_path_ +
						 " given to hive.ko, encryption " +
						 (config_.encryption ? "on" : "off"));

	hive::Result<void> result;
	if (config_.nodes.empty()) {
		log_.log(Priority::info, "hive.conf lists no nodes: not following corosync");
		pollfd fd{ signal_fd, POLLIN, 0 };
		while (poll(&fd, 1, -1) < 0 && errno == EINTR)
			;
	} else {
		result = follow_corosync(client.value(), signal_fd);
	}
	close(signal_fd);
	if (result)
		log_.log(Priority::info, "stopping");
	return result;
}

} // namespace hived
