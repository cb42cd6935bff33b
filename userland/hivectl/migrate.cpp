// SPDX-License-Identifier: GPL-2.0
#include "migrate.hpp"

#include <array>
#include <cstdio>
#include <string>
#include <vector>

#include "format.hpp"
#include "hive_netlink.h"
#include "hive/quote.hpp"
#include "hive/validate.hpp"
#include "options.hpp"
#include "report.hpp"

namespace hivectl {
namespace {

hive::Error usage_error(const std::string &message)
{
	return hive::Error{"migrate: " + message + std::string(see_help)};
}

// PID_MAX_LIMIT on 64-bit: no process has a larger id.
constexpr uint32_t pid_max = 4194303;

std::string state_text(const hive::MigrateCheck &check)
{
	return plural(check.threads, "thread", "threads") + ", " +
	       plural(check.mappings, "mapping", "mappings") + ", " +
	       size_text(check.state_bytes) + " of state and " + size_text(check.memory) +
	       " of anonymous memory";
}

} // namespace

hive::Result<MigrateOptions> parse_migrate_options(std::span<const std::string_view> args)
{
	MigrateOptions options;
	std::vector<std::string_view> words;
	bool check = false;

	for (const std::string_view arg : args) {
		if (!arg.starts_with('-')) {
			words.push_back(arg);
			continue;
		}
		const OptionArg option = split_option(arg);
		if (option.name != "--check" && option.name != "--json")
			return usage_error("unknown option " + hive::quote(arg));
		const auto flag = take_flag(option, option.name == "--check" ? check : options.json);
		if (!flag)
			return usage_error(flag.error().message);
	}
	options.check = check;
	if (!check && options.json)
		return usage_error("--json goes with --check");
	const std::size_t want = check ? 1 : 2;
	if (words.empty())
		return usage_error("missing PID");
	if (words.size() < want)
		return usage_error("missing NODE: the node to move the process to");
	if (words.size() > want)
		return usage_error("unexpected argument " + hive::quote(words[want]));
	const auto number = hive::parse_number(words[0], 1, pid_max, "a process id");
	if (!number)
		return hive::Error{"migrate: " + number.error().message};
	options.pid = number.value();
	if (!check && words[1] != "auto") {
		const auto node = hive::parse_number(words[1], HIVE_NODE_ID_MIN, HIVE_NODE_ID_MAX,
						     "a node id or auto");
		if (!node)
			return hive::Error{"migrate: " + node.error().message};
		options.node = node.value();
	}
	return options;
}

std::string drain_text(const hive::Process &p, const hive::Result<hive::MigrateMove> &move,
		       bool ended, DrainTally *tally)
{
	const std::string process = "process " + std::to_string(p.pid) + " " + hive::quote(p.command);

	if (ended) {
		tally->ended++;
		return process + " ended before it could move\n";
	}
	if (!move) {
		tally->stayed++;
		return process + " stays: " + move.error().message + "\n";
	}
	if (move.value().moved) {
		tally->moved++;
		return process + " runs on node " + std::to_string(move.value().node) + " now\n";
	}
	tally->stayed++;
	std::string text = process + " stays:\n";
	for (const hive::MigrateWhy &why : move.value().check.whys)
		text += "  " + hive::why_text(why) + "\n";
	if (move.value().check.whys_left)
		text += "  and " + plural(move.value().check.whys_left, "more reason", "more reasons") +
			"\n";
	return text;
}

std::string drain_summary(const DrainTally &tally, uint32_t node)
{
	std::string text = plural(tally.moved, "process", "processes") + " moved off node " +
			    std::to_string(node) + ", " + std::to_string(tally.stayed) + " stayed";
	if (tally.ended)
		text += ", " + std::to_string(tally.ended) + " ended meanwhile";
	return text + "\n";
}

std::string drain_served_text(uint64_t processes, uint32_t node)
{
	return "waiting for " + plural(processes, "process", "processes") +
	       " that moved to take the rest of " + (processes == 1 ? "its" : "their") +
	       " memory from node " + std::to_string(node) + "\n";
}

std::string size_text(uint64_t bytes)
{
	static constexpr std::array<std::string_view, 4> units{"KiB", "MiB", "GiB", "TiB"};
	if (bytes < 1024)
		return std::to_string(bytes) + " B";
	double value = double(bytes) / 1024;
	std::size_t unit = 0;
	while (value >= 1024 && unit + 1 < units.size()) {
		value /= 1024;
		unit++;
	}
	char text[32];
	std::snprintf(text, sizeof(text), value < 100 ? "%.1f %s" : "%.0f %s", value,
		      std::string(units[unit]).c_str());
	return text;
}

std::string migrate_move_text(const hive::MigrateMove &move)
{
	if (move.moved)
		return "process " + std::to_string(move.check.pid) + " runs on node " +
		       std::to_string(move.node) + " now\n";
	return migrate_check_text(move.check);
}

std::string migrate_check_text(const hive::MigrateCheck &check)
{
	const std::string process = "process " + std::to_string(check.pid);
	if (check.whys.empty() && check.whys_left == 0)
		return process + " can migrate: " + state_text(check) + "\n";
	std::string text = process + " cannot migrate:\n";
	for (const hive::MigrateWhy &why : check.whys)
		text += "  " + hive::why_text(why) + "\n";
	if (check.whys_left)
		text += "  and " + plural(check.whys_left, "more reason", "more reasons") + "\n";
	// A move refused before it stopped the process took no state.
	if (!check.threads)
		return text;
	return text + "state taken: " + state_text(check) + "\n";
}

std::string migrate_check_json(const hive::MigrateCheck &check)
{
	const bool can = check.whys.empty() && check.whys_left == 0;
	std::string json = "{\"pid\":" + std::to_string(check.pid) +
			   ",\"can_migrate\":" + (can ? "true" : "false") +
			   ",\"threads\":" + std::to_string(check.threads) +
			   ",\"mappings\":" + std::to_string(check.mappings) +
			   ",\"state_bytes\":" + std::to_string(check.state_bytes) +
			   ",\"memory_bytes\":" + std::to_string(check.memory) + ",\"reasons\":[";
	for (std::size_t i = 0; i < check.whys.size(); i++) {
		const hive::MigrateWhy &why = check.whys[i];
		json += std::string(i ? "," : "") + "{\"reason\":" +
			json_string(hive::why_name(why.code)) + ",\"arg\":" +
			std::to_string(why.arg) + ",\"detail\":" + json_string(why.detail) +
			",\"text\":" + json_string(hive::why_text(why)) + "}";
	}
	return json + "],\"more_reasons\":" + std::to_string(check.whys_left) + "}\n";
}

} // namespace hivectl
