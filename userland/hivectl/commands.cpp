// SPDX-License-Identifier: GPL-2.0
#include "commands.hpp"

#include <string>

#include "hive/client.hpp"
#include "hive/quote.hpp"
#include "hive/validate.hpp"
#include "report.hpp"
#include "status_output.hpp"

namespace hivectl {

int status_command(Arguments args)
{
	bool json = false;
	for (const std::string_view arg : args) {
		if (arg == "--json")
			json = true;
		else
			return report(exit_usage,
				      std::string(arg.starts_with('-') ? "status: unknown option "
								       : "status: unexpected argument ") +
					      hive::quote(arg) + std::string(see_help));
	}

	auto client = hive::Client::connect();
	if (!client)
		return report(exit_failed, client.error().message);
	const auto status = client.value().get_status();
	if (!status)
		return report(exit_failed, status.error().message);
	return print_or_report(json ? status_json(status.value()) : status_table(status.value()));
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

} // namespace hivectl
