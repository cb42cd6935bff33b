// SPDX-License-Identifier: GPL-2.0
#include "ps.hpp"

#include <algorithm>
#include <ctime>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "format.hpp"
#include "hive/quote.hpp"
#include "hive/validate.hpp"
#include "options.hpp"
#include "report.hpp"

namespace hivectl {
namespace {

hive::Error usage_error(const std::string &message)
{
	return hive::Error{"ps: " + message + std::string(see_help)};
}

// As ps does: a comm is any bytes, and a terminal must not take it for
// escape sequences.
std::string printable(std::string_view command)
{
	std::string text(command);
	for (char &c : text)
		if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
			c = '?';
	return text;
}

// A process and how deep in the forest it is; 0 for a root.
struct Placed {
	std::size_t index;
	std::size_t depth;
};

// The order in which --forest shows @processes: each root in the order
// given, then its descendants, children by PID.  A root's parent is not
// listed.  Processes whose parents form a loop -- PIDs reused between the
// nodes' snapshots -- have no root: each such loop is shown from its first
// listed process.  Every process is shown once.
std::vector<Placed> forest_order(std::span<const hive::Process> processes)
{
	std::unordered_set<uint32_t> listed;
	for (const hive::Process &process : processes)
		listed.insert(process.pid);
	const auto has_listed_parent = [&](const hive::Process &process) {
		return process.ppid != process.pid && listed.contains(process.ppid);
	};
	std::unordered_map<uint32_t, std::vector<std::size_t>> children;
	for (std::size_t i = 0; i < processes.size(); ++i)
		if (has_listed_parent(processes[i]))
			children[processes[i].ppid].push_back(i);
	for (auto &[parent, indexes] : children)
		std::ranges::sort(indexes, {}, [&](std::size_t i) {
			return std::pair(processes[i].pid, processes[i].node);
		});

	std::vector<Placed> order;
	std::vector<bool> shown(processes.size());
	// Depth first without recursion: a chain of forks may be long.
	const auto show_tree = [&](std::size_t root) {
		std::vector<Placed> pending{{root, 0}};
		while (!pending.empty()) {
			const Placed next = pending.back();
			pending.pop_back();
			if (shown[next.index])
				continue;
			shown[next.index] = true;
			order.push_back(next);
			const auto found = children.find(processes[next.index].pid);
			if (found == children.end())
				continue;
			for (auto child = found->second.rbegin(); child != found->second.rend(); ++child)
				pending.push_back({*child, next.depth + 1});
		}
	};
	for (std::size_t i = 0; i < processes.size(); ++i)
		if (!has_listed_parent(processes[i]))
			show_tree(i);
	for (std::size_t i = 0; i < processes.size(); ++i)
		if (!shown[i])
			show_tree(i);
	return order;
}

std::vector<std::string> row(const hive::Process &process, std::size_t depth,
			     const UserNames &user_names, int64_t now)
{
	const auto name = user_names.find(process.uid);
	std::string command = printable(process.command);
	if (depth > 0)
		command = std::string(2 * depth, ' ') + "\\_ " + command;
	return {std::to_string(process.node),
		process.home ? std::to_string(process.home) : "-",
		std::to_string(process.pid),
		std::to_string(process.ppid),
		name != user_names.end() ? name->second : std::to_string(process.uid),
		std::string(1, process.state),
		start_text(process.start, now),
		std::move(command)};
}

} // namespace

hive::Result<PsOptions> parse_ps_options(std::span<const std::string_view> args)
{
	PsOptions options;
	bool forest_given = false;
	bool json_given = false;
	for (std::size_t i = 0; i < args.size(); ++i) {
		const std::string_view arg = args[i];
		if (!arg.starts_with('-'))
			return usage_error("unexpected argument " + hive::quote(arg));
		const OptionArg option_arg = split_option(arg);
		const std::string_view name = option_arg.name;

		if (name == "--forest" || name == "--json") {
			bool &seen = name == "--forest" ? forest_given : json_given;
			const auto flag = take_flag(option_arg, seen);
			if (!flag)
				return usage_error(flag.error().message);
			continue;
		}
		if (name != "--node")
			return usage_error("unknown option " + hive::quote(arg));
		if (options.node)
			return usage_error("--node given twice");
		const auto value = take_value(option_arg, args, i);
		if (!value)
			return usage_error(value.error().message);
		const auto node_id = hive::parse_node_id(value.value());
		if (!node_id)
			return hive::Error{"ps: --node: " + node_id.error().message};
		options.node = node_id.value();
	}
	// JSON is for programs, which build the tree from "ppid" themselves.
	if (forest_given && json_given)
		return usage_error("--forest and --json do not go together");
	options.forest = forest_given;
	options.json = json_given;
	return options;
}

std::vector<hive::Process> processes_on(std::vector<hive::Process> processes,
					std::optional<uint32_t> node)
{
	if (node)
		std::erase_if(processes, [&](const hive::Process &p) { return p.node != *node; });
	return processes;
}

std::string start_text(int64_t start, int64_t now)
{
	const std::time_t started = start;
	const std::time_t today = now;
	std::tm start_tm{};
	std::tm now_tm{};
	if (!localtime_r(&started, &start_tm) || !localtime_r(&today, &now_tm))
		return "?";
	const bool same_day =
		start_tm.tm_year == now_tm.tm_year && start_tm.tm_yday == now_tm.tm_yday;
	char text[16];
	if (std::strftime(text, sizeof text, same_day ? "%H:%M" : "%b %d", &start_tm) == 0)
		return "?";
	return text;
}

std::string ps_table(std::span<const hive::Process> processes, bool forest,
		     const UserNames &user_names, int64_t now)
{
	std::vector<std::vector<std::string>> rows{
		{"NODE", "HOME", "PID", "PPID", "USER", "STAT", "START", "COMMAND"}};
	if (forest) {
		for (const auto &[index, depth] : forest_order(processes))
			rows.push_back(row(processes[index], depth, user_names, now));
	} else {
		for (const hive::Process &process : processes)
			rows.push_back(row(process, 0, user_names, now));
	}
	return align_columns(rows);
}

std::string ps_json(std::span<const hive::Process> processes)
{
	std::string json = "[";
	for (const hive::Process &process : processes) {
		if (&process != &processes.front())
			json += ',';
		json += "{\"pid\":" + std::to_string(process.pid) +
			",\"node\":" + std::to_string(process.node) +
			",\"home\":" + std::to_string(process.home) +
			",\"ppid\":" + std::to_string(process.ppid) +
			",\"pgid\":" + std::to_string(process.pgid) +
			",\"sid\":" + std::to_string(process.sid) +
			",\"uid\":" + std::to_string(process.uid) +
			",\"state\":" + json_string(std::string(1, process.state)) +
			",\"start\":" + std::to_string(process.start) +
			",\"command\":" + json_string(process.command) + "}";
	}
	return json + "]\n";
}

} // namespace hivectl
