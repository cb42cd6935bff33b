// SPDX-License-Identifier: GPL-2.0
#include "hive/config.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <system_error>

#include <arpa/inet.h>
#include <fcntl.h>
#include <unistd.h>

#include "file_io.hpp"
#include "hive/quote.hpp"
#include "hive/validate.hpp"

namespace hive {
namespace {

// Whitespace around keys and values; '\r' makes CRLF files parse too.
constexpr std::string_view blank = " \t\r\f\v";
// Some editors start UTF-8 files with a byte order mark.
constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";
// No hive.conf is this big; stop rather than read /dev/zero forever.
constexpr std::size_t max_config_bytes = 64 * 1024;

std::string_view trim(std::string_view text)
{
	const std::size_t first = text.find_first_not_of(blank);
	if (first == std::string_view::npos)
		return {};
	return text.substr(first, text.find_last_not_of(blank) - first + 1);
}

// The storers validate a value and keep it; their errors say only what is
// wrong with the value, parse_config() adds where.
Result<void> store_node_id(Config &config, std::string_view value)
{
	const auto id = parse_node_id(value);
	if (!id)
		return id.error();
	config.node_id = id.value();
	return {};
}

Result<void> store_cluster_name(Config &config, std::string_view value)
{
	const auto checked = check_cluster_name(value);
	if (!checked)
		return checked.error();
	config.cluster_name = value;
	return {};
}

Result<void> store_port(Config &config, std::string_view value)
{
	const auto port = parse_port(value);
	if (!port)
		return port.error();
	config.port = port.value();
	return {};
}

Result<void> store_corosync_token(Config &config, std::string_view value)
{
	const auto ms = parse_number(value, min_corosync_token_ms, max_corosync_token_ms,
				     "a token timeout in milliseconds");
	if (!ms)
		return ms.error();
	config.corosync_token_ms = ms.value();
	return {};
}

Result<void> store_encryption(Config &config, std::string_view value)
{
	if (value == "on") {
		config.encryption = true;
		return {};
	}
	if (value == "off") {
		config.encryption = false;
		return {};
	}
	return Error{quote(value) + " is neither on nor off"};
}

struct KeyRule {
	std::string_view name;
	Result<void> (*store)(Config &, std::string_view);
	bool required;
};

// The keys this version knows, besides node.ID.
constexpr std::array<KeyRule, 5> key_rules{{
	{"node_id", store_node_id, true},
	{"cluster_name", store_cluster_name, true},
	{"port", store_port, false},
	{"corosync_token", store_corosync_token, false},
	{"encryption", store_encryption, false},
}};

// `node.ID = ADDRESS`: one line per node of the cluster.
constexpr std::string_view node_key_prefix = "node.";

bool is_address(std::string_view text)
{
	const std::string copy(text);
	unsigned char buf[16];
	return inet_pton(AF_INET, copy.c_str(), buf) == 1 ||
	       inet_pton(AF_INET6, copy.c_str(), buf) == 1;
}

// Stores one node.ID line; @lines holds the line of each node stored so
// far, so a repeat can say where the first one is.
Result<void> store_node(Config &config, std::string_view key, std::string_view value,
			std::vector<std::size_t> &lines, std::size_t line_number)
{
	const auto id = parse_node_id(key.substr(node_key_prefix.size()));
	if (!id)
		return id.error();
	if (!is_address(value))
		return Error{quote(value) + " is not an IPv4 or IPv6 address"};
	for (std::size_t i = 0; i < config.nodes.size(); ++i) {
		if (config.nodes[i].node_id == id.value())
			return Error{"set twice (first on line " + std::to_string(lines[i]) + ")"};
		if (config.nodes[i].address == value)
			return Error{"address " + quote(value) + " is node." +
				     std::to_string(config.nodes[i].node_id) + "'s already (line " +
				     std::to_string(lines[i]) + ")"};
	}
	config.nodes.push_back({id.value(), std::string(value)});
	lines.push_back(line_number);
	return {};
}

} // namespace

Result<Config> parse_config(std::string_view text, std::string_view file_name)
{
	if (text.starts_with(utf8_bom))
		text.remove_prefix(utf8_bom.size());

	Config config;
	std::array<std::size_t, key_rules.size()> set_on_line{}; // 0: not set yet
	std::vector<std::size_t> node_lines;
	std::size_t line_number = 0;
	while (!text.empty()) {
		const std::size_t end = text.find('\n');
		const std::string_view line = trim(text.substr(0, end));
		text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
		++line_number;
		if (line.empty() || line.front() == '#')
			continue;

		const std::string at = std::string(file_name) + ":" + std::to_string(line_number) + ": ";
		const std::size_t equals = line.find('=');
		if (equals == std::string_view::npos)
			return Error{at + "line has no '=': " + quote(line)};
		const std::string_view key = trim(line.substr(0, equals));
		const std::string_view value = trim(line.substr(equals + 1));
		if (key.empty())
			return Error{at + "line has no key before '=': " + quote(line)};
		if (key.starts_with(node_key_prefix)) {
			const std::string at_key = at + std::string(key) + ": ";
			if (value.empty())
				return Error{at_key + "no value after '='"};
			if (const auto stored = store_node(config, key, value, node_lines, line_number);
			    !stored)
				return Error{at_key + stored.error().message};
			continue;
		}
		const auto rule = std::ranges::find(key_rules, key, &KeyRule::name);
		if (rule == key_rules.end())
			return Error{at + "unknown key " + quote(key)};

		const auto index = static_cast<std::size_t>(rule - key_rules.begin());
		const std::string at_key = at + std::string(key) + ": ";
		if (set_on_line[index] != 0)
			return Error{at_key + "set twice (first on line " +
				     std::to_string(set_on_line[index]) + ")"};
		if (value.empty())
			return Error{at_key + "no value after '='"};
		if (const auto stored = rule->store(config, value); !stored)
			return Error{at_key + stored.error().message};
		set_on_line[index] = line_number;
	}

	for (std::size_t index = 0; index < key_rules.size(); ++index)
		if (key_rules[index].required && set_on_line[index] == 0)
			return Error{std::string(file_name) + ": missing required key " +
				     quote(key_rules[index].name)};
	std::ranges::sort(config.nodes, {}, &ConfigNode::node_id);
	if (!config.nodes.empty() &&
	    std::ranges::find(config.nodes, config.node_id, &ConfigNode::node_id) == config.nodes.end())
		return Error{std::string(file_name) + ":" + std::to_string(set_on_line[0]) +
			     ": node_id: " + std::to_string(config.node_id) +
			     " is not in the node list (no node." + std::to_string(config.node_id) +
			     " line)"};
	return config;
}

Result<Config> load_config(const std::string &path)
{
	const auto text = read_small_file(path, max_config_bytes);
	if (!text)
		return Error{path + ": " + text.error().message};
	return parse_config(text.value(), path);
}

} // namespace hive
