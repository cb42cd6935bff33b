// SPDX-License-Identifier: GPL-2.0
#include "probe_options.hpp"

#include <algorithm>
#include <array>
#include <limits>

#include "hive/quote.hpp"
#include "hive/validate.hpp"
#include "options.hpp"

namespace hive::tools {
namespace {

// Every case takes --from (the local address to connect from).
constexpr std::array<std::string_view, 2> wait_only{"--wait", "--from"};
constexpr std::array<std::string_view, 8> header_options{
	"--wait", "--cluster", "--as", "--incarnation", "--epoch", "--target",
	"--target-incarnation", "--from"};
constexpr std::array<std::string_view, 9> wrong_key_options{
	"--wait", "--cluster", "--as", "--incarnation", "--epoch", "--target",
	"--target-incarnation", "--key", "--from"};
// wrong-key impersonates a real member, so it must be told which.
constexpr std::array<std::string_view, 6> wrong_key_required{
	"--key", "--as", "--incarnation", "--target", "--target-incarnation", "--cluster"};
constexpr std::array<std::string_view, 3> flood_options{"--wait", "--count", "--from"};
constexpr std::array<std::string_view, 10> all_options{
	"--wait", "--cluster", "--as", "--incarnation", "--epoch", "--target",
	"--target-incarnation", "--key", "--count", "--from"};

struct CaseRule {
	ProbeCase probe;
	std::string_view name;
	std::span<const std::string_view> options;
	std::span<const std::string_view> required;
};

constexpr std::array<CaseRule, 11> rules{{
	{ProbeCase::random, "random", wait_only, {}},
	{ProbeCase::truncated, "truncated", header_options, {}},
	{ProbeCase::huge_length, "huge-length", header_options, {}},
	{ProbeCase::bad_magic, "bad-magic", header_options, {}},
	{ProbeCase::bad_version, "bad-version", header_options, {}},
	{ProbeCase::paged, "paged", header_options, {}},
	{ProbeCase::bad_cluster, "bad-cluster", header_options, {}},
	{ProbeCase::not_member, "not-member", header_options, {}},
	{ProbeCase::wrong_key, "wrong-key", wrong_key_options, wrong_key_required},
	{ProbeCase::silent, "silent", wait_only, {}},
	{ProbeCase::flood, "flood", flood_options, {}},
}};

// hive::parse_node_id's sentence, said of option @name.
Result<uint32_t> node_id_option(std::string_view name, std::string_view text)
{
	const auto id = parse_node_id(text);
	if (!id)
		return Error{std::string(name) + ": " + id.error().message};
	return id.value();
}

Result<void> apply_options(const CommandLine &line, ProbeOptions &o)
{
	constexpr uint64_t u64_max = std::numeric_limits<uint64_t>::max();
	for (const auto &[name, text] : line.options) {
		if (name == "--cluster") {
			if (const auto checked = check_cluster_name(text); !checked)
				return Error{"--cluster: " + checked.error().message};
			o.cluster = text;
		} else if (name == "--as" || name == "--target") {
			const auto id = node_id_option(name, text);
			if (!id)
				return id.error();
			(name == "--as" ? o.node : o.target) = id.value();
		} else if (name == "--key" || name == "--from") {
			if (text.empty())
				return Error{std::string(name) + ": empty"};
			(name == "--key" ? o.key_path : o.from) = text;
		} else {
			const uint64_t min = name == "--wait" || name == "--count" ? 1 : 0;
			const uint64_t max = name == "--wait"	 ? probe_wait_max
					     : name == "--count" ? probe_count_max
								 : u64_max;
			const auto number = parse_number(name, text, min, max);
			if (!number)
				return number.error();
			if (name == "--wait")
				o.wait = std::chrono::seconds(number.value());
			else if (name == "--count")
				o.count = static_cast<uint32_t>(number.value());
			else if (name == "--incarnation")
				o.incarnation = number.value();
			else if (name == "--epoch")
				o.epoch = number.value();
			else
				o.target_incarnation = number.value();
		}
	}
	return {};
}

} // namespace

std::string_view probe_case_name(ProbeCase probe)
{
	return std::ranges::find(rules, probe, &CaseRule::probe)->name;
}

Result<ProbeOptions> parse_probe_options(std::span<const std::string_view> args)
{
	const auto line = split_command_line(args, all_options);
	if (!line)
		return line.error();
	const auto &words = line.value().positional;
	if (words.size() != 3)
		return Error{words.size() < 3 ? "needs ADDRESS PORT CASE"
					      : "unexpected argument " + quote(words[3])};
	const auto rule = std::ranges::find(rules, words[2], &CaseRule::name);
	if (rule == rules.end())
		return Error{"unknown case " + quote(words[2])};
	for (const auto &option : line.value().options)
		if (std::ranges::find(rule->options, option.first) == rule->options.end())
			return Error{std::string(rule->name) + " does not take " +
				     std::string(option.first)};
	for (const std::string_view name : rule->required)
		if (!line.value().option(name))
			return Error{std::string(rule->name) + " needs " + std::string(name)};

	ProbeOptions o;
	o.host = words[0];
	o.probe = rule->probe;
	const auto port = parse_port_number("PORT", words[1], false);
	if (!port)
		return port.error();
	o.port = port.value();
	if (const auto applied = apply_options(line.value(), o); !applied)
		return Error{std::string(rule->name) + ": " + applied.error().message};
	return o;
}

} // namespace hive::tools
