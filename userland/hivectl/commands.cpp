// SPDX-License-Identifier: GPL-2.0
#include "commands.hpp"

#include <cstdint>
#include <string>
#include <utility>

#include "hive/authkey.hpp"
#include "hive/client.hpp"
#include "hive/quote.hpp"
#include "hive/validate.hpp"
#include "nodes_output.hpp"
#include "report.hpp"
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

} // namespace

int status_command(Arguments args)
{
	const auto json = json_option("status", args);
	if (!json)
		return report(exit_usage, json.error().message);

	const auto connected = connect_and_read_status();
	if (!connected)
		return report(exit_failed, connected.error().message);
	const hive::Status &status = connected.value().status;
	return print_or_report(json.value() ? status_json(status) : status_table(status));
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
	const auto nodes = connected.value().client.get_nodes();
	if (!nodes)
		return report(exit_failed, nodes.error().message);
	const uint32_t local_node_id = connected.value().status.node_id;
	return print_or_report(json.value() ? nodes_json(nodes.value(), local_node_id)
					    : nodes_table(nodes.value(), local_node_id));
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
