// SPDX-License-Identifier: GPL-2.0
#include "commands.hpp"

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <string>
#include <utility>
#include <vector>

#include <pwd.h>
#include <unistd.h>

#include "hive/authkey.hpp"
#include "hive/cannot_run.hpp"
#include "hive/client.hpp"
#include "hive/processes.hpp"
#include "hive/quote.hpp"
#include "hive/sysfs.hpp"
#include "hive/validate.hpp"
#include "nodes_output.hpp"
#include "migrate.hpp"
#include "ping.hpp"
#include "ps.hpp"
#include "remote.hpp"
#include "report.hpp"
#include "run.hpp"
#include "status_output.hpp"

namespace hivectl {
namespace {

// Reads the arguments of @command, whose only option is --json; the error
// is a usage error.
hive::Result<bool> json_option(std::string_view command, Arguments args)
{
	bool json = false;
	for (const std::string_view arg : args) {
		if (arg == "--json")
			json = true;
		else
			return hive::Error{std::string(command) +
					   (arg.starts_with('-') ? ": unknown option "
								 : ": unexpected argument ") +
					   hive::quote(arg) + std::string(see_help)};
	}
	return json;
}

// The one argument NODE of @command; the error is a usage sentence.
hive::Result<uint32_t> node_argument(std::string_view command, Arguments args)
{
	if (args.size() != 1)
		return hive::Error{std::string(command) +
				   (args.empty() ? ": missing NODE" : ": too many arguments") +
				   std::string(see_help)};
	return hive::parse_node_id(args[0]);
}

// A connection and the local node's status, which every showing command
// starts from; the error is a failure sentence.
struct Connected {
	hive::Client client;
	hive::Status status;
};

hive::Result<Connected> connect_and_read_status()
{
	auto client = hive::Client::connect();
	if (!client)
		return client.error();
	auto status = client.value().get_status();
	if (!status)
		return status.error();
	return Connected{std::move(client.value()), std::move(status.value())};
}

// The members of the view (netlink) with their links (sysfs).  A member
// whose directory is gone left the view after the list was read: the list
// is read once more, as get_nodes() does for a dump that does not read whole.
hive::Result<Members> read_members(hive::Client &client, const std::string &sysfs_root)
{
	constexpr int attempts = 2;
	for (int attempt = 1;; ++attempt) {
		auto nodes = client.get_nodes();
		if (!nodes)
			return nodes.error();
		Members members{nodes.value().view_epoch, {}};
		bool whole = true;
		for (hive::Node &node : nodes.value().nodes) {
			auto link = hive::read_node_link(sysfs_root, node.node_id);
			if (!link)
				return link.error();
			if (!link.value()) {
				whole = false;
				break;
			}
			members.members.push_back({std::move(node), std::move(*link.value())});
		}
		if (whole)
			return members;
		if (attempt == attempts)
			return hive::Error{"the membership view changed while it was being read; "
					   "try again"};
	}
}

// The names this machine's user database has for the owners of
// @processes; the cluster's nodes share one.
UserNames user_names(const std::vector<hive::Process> &processes)
{
	UserNames names;
	for (const hive::Process &process : processes) {
		if (names.contains(process.uid))
			continue;
		if (const passwd *user = getpwuid(process.uid))
			names.emplace(process.uid, user->pw_name);
	}
	return names;
}

// HIVE_CMD_DOMAIN_JOIN on a connection of its own, closed again so that
// the command run next does not inherit it.
hive::Result<void> join_domain()
{
	auto client = hive::Client::connect();
	if (!client)
		return client.error();
	return client.value().domain_join();
}

} // namespace

int status_command(Arguments args)
{
	const auto json = json_option("status", args);
	if (!json)
		return report(exit_usage, json.error().message);

	const auto connected = connect_and_read_status();
	if (!connected)
		return report(exit_failed, connected.error().message);
	const auto transport = hive::read_transport_status(hive::default_sysfs_root);
	if (!transport)
		return report(exit_failed, transport.error().message);
	const hive::Status &status = connected.value().status;
	return print_or_report(json.value() ? status_json(status, transport.value())
					    : status_table(status, transport.value()));
}

int nodes_command(Arguments args)
{
	const auto json = json_option("nodes", args);
	if (!json)
		return report(exit_usage, json.error().message);

	// The status says which member is this node.
	auto connected = connect_and_read_status();
	if (!connected)
		return report(exit_failed, connected.error().message);
	const auto members = read_members(connected.value().client, hive::default_sysfs_root);
	if (!members)
		return report(exit_failed, members.error().message);
	const uint32_t local_node_id = connected.value().status.node_id;
	return print_or_report(json.value() ? nodes_json(members.value(), local_node_id)
					    : nodes_table(members.value(), local_node_id));
}

int ps_command(Arguments args)
{
	const auto options = parse_ps_options(args);
	if (!options)
		return report(exit_usage, options.error().message);

	auto all = hive::read_processes(hive::default_processes_path);
	if (!all)
		return report(exit_failed, all.error().message);
	const auto processes = processes_on(std::move(all.value()), options.value().node);
	if (options.value().json)
		return print_or_report(ps_json(processes));
	return print_or_report(ps_table(processes, options.value().forest, user_names(processes),
					std::time(nullptr)));
}

int run_command(Arguments args)
{
	const auto options = parse_run_arguments(args);
	if (!options)
		return report(exit_usage, options.error().message);
	if (options.value().remote)
		if (const std::optional<int> status = run_remote(options.value()))
			return *status;
	const auto command = options.value().command;
	const std::string_view name = command.front();
	// A command that cannot be run is reported before the process joins
	// the domain for nothing, and the same whether hive.ko is loaded or not.
	if (const int error = command_error(name, std::getenv("PATH")); error != 0)
		return report(cannot_run_status(error), hive::cannot_run_message(name, error));
	if (const auto joined = join_domain(); !joined)
		return report(exit_failed, joined.error().message);

	// The same process goes on as CMD: its exit status, signals and
	// terminal are CMD's, and so is the environment, untouched.
	std::vector<std::string> words(command.begin(), command.end());
	std::vector<char *> argv;
	for (std::string &word : words)
		argv.push_back(word.data());
	argv.push_back(nullptr);
	execvp(argv[0], argv.data());
	const int error = errno;
	return report(cannot_run_status(error), hive::cannot_run_message(name, error));
}

int ping_command(Arguments args)
{
	// Every argument is checked before the kernel is asked anything.
	const auto options = parse_ping_options(args);
	if (!options)
		return report(exit_usage, options.error().message);
	const hive::EchoRequest &request = options.value().request;

	auto client = hive::Client::connect();
	if (!client)
		return report(exit_failed, client.error().message);
	const auto result = client.value().echo(request);
	if (!result)
		return report(exit_failed, result.error().message);
	const int printed = print_or_report(options.value().json
						    ? ping_json(request, result.value())
						    : ping_text(request, result.value()));
	// A run that the kernel ended short without an error is still a failure.
	if (printed == exit_ok && result.value().count != request.count)
		return exit_failed;
	return printed;
}

int migrate_command(Arguments args)
{
	const auto options = parse_migrate_options(args);
	if (!options)
		return report(exit_usage, options.error().message);
	auto client = hive::Client::connect();
	if (!client)
		return report(exit_failed, client.error().message);
	if (!options.value().check) {
		const auto move = client.value().migrate(options.value().pid, options.value().node);
		if (!move)
			return report(exit_failed, "migrate: " + move.error().message);
		const int printed = print_or_report(migrate_move_text(move.value()));
		return printed == exit_ok && !move.value().moved ? exit_cannot_migrate : printed;
	}
	const auto check = client.value().migrate_check(options.value().pid);
	if (!check)
		return report(exit_failed, "migrate: " + check.error().message);
	const int printed = print_or_report(options.value().json
						    ? migrate_check_json(check.value())
						    : migrate_check_text(check.value()));
	if (printed == exit_ok && (!check.value().whys.empty() || check.value().whys_left))
		return exit_cannot_migrate;
	return printed;
}

namespace {

// After a drain: waits, up to 600 s, until no process that moved off
// @node takes memory from it any more, saying so once while it waits.
int wait_memory_served(uint32_t node)
{
	constexpr int max_polls = 3000;
	constexpr timespec poll_period{0, 200'000'000};
	for (int polls = 0;; polls++) {
		const auto status = hive::read_migration_status(hive::default_sysfs_root);
		if (!status)
			return report(exit_failed, "drain: " + status.error().message);
		const uint64_t served = status.value().processes_served;
		if (!served)
			return exit_ok;
		if (polls == max_polls)
			return report(exit_failed,
				      "drain: processes that moved still take memory from node " +
					      std::to_string(node) +
					      " after 600 s: keep it up until "
					      "/sys/kernel/hive/migration/processes_served is 0");
		if (!polls) {
			const int printed = print_or_report(drain_served_text(served, node));
			if (printed != exit_ok)
				return printed;
		}
		nanosleep(&poll_period, nullptr);
	}
}

} // namespace

int drain_command(Arguments args)
{
	const auto node = node_argument("drain", args);
	if (!node)
		return report(exit_usage, node.error().message);
	auto connected = connect_and_read_status();
	if (!connected)
		return report(exit_failed, connected.error().message);
	const uint32_t self = connected.value().status.node_id;
	if (node.value() != self)
		return report(exit_failed, "drain: run it on node " + std::to_string(node.value()) +
						   ": a process moves from the node it runs on");
	auto all = hive::read_processes(hive::default_processes_path);
	if (!all)
		return report(exit_failed, "drain: " + all.error().message);
	DrainTally tally;
	for (const hive::Process &p : processes_on(std::move(all.value()), self)) {
		const auto move = connected.value().client.migrate(p.pid, 0);
		// A process that ended meanwhile has nothing left to move.
		const bool ended = !move && access(("/proc/" + std::to_string(p.pid)).c_str(), F_OK);
		const int printed = print_or_report(drain_text(p, move, ended, &tally));
		if (printed != exit_ok)
			return printed;
	}
	if (const int served = wait_memory_served(self); served != exit_ok)
		return served;
	const int printed = print_or_report(drain_summary(tally, self));
	return printed == exit_ok && tally.stayed ? exit_cannot_migrate : printed;
}

int set_node_command(Arguments args)
{
	if (args.empty())
		return report(exit_usage, "set-node: missing NODE_ID" + std::string(see_help));
	if (args.size() > 2)
		return report(exit_usage, "set-node: too many arguments" + std::string(see_help));

	// Check here first: a typo is a usage error, not the kernel's business.
	const auto node_id = hive::parse_node_id(args[0]);
	if (!node_id)
		return report(exit_usage, node_id.error().message);
	const std::string_view cluster_name = args.size() == 2 ? args[1] : std::string_view();
	if (args.size() == 2) {
		const auto checked = hive::check_cluster_name(cluster_name);
		if (!checked)
			return report(exit_usage, checked.error().message);
	}

	auto client = hive::Client::connect();
	if (!client)
		return report(exit_failed, client.error().message);
	const auto set = client.value().set_node(node_id.value(), cluster_name);
	if (!set)
		return report(exit_failed, set.error().message);
	return exit_ok;
}

int reconnect_command(Arguments args)
{
	const auto node_id = node_argument("reconnect", args);
	if (!node_id)
		return report(exit_usage, node_id.error().message);
	auto client = hive::Client::connect();
	if (!client)
		return report(exit_failed, client.error().message);
	const auto done = client.value().reconnect(node_id.value());
	if (!done)
		return report(exit_failed, done.error().message);
	return exit_ok;
}

int keygen_command(Arguments args)
{
	bool force = false;
	std::string path = hive::default_authkey_path;
	bool have_path = false;
	for (const std::string_view arg : args) {
		if (arg == "--force") {
			force = true;
		} else if (!arg.starts_with('-') && !have_path) {
			path = arg;
			have_path = true;
		} else {
			return report(exit_usage,
				      std::string(arg.starts_with('-') ? "keygen: unknown option "
								       : "keygen: unexpected argument ") +
					      hive::quote(arg) + std::string(see_help));
		}
	}
	const auto made = hive::generate_authkey(path, force);
	if (!made)
		return report(exit_failed, made.error().message);
	return print_or_report("wrote " + path + "; copy it to every node of the cluster\n");
}

} // namespace hivectl
