// SPDX-License-Identifier: GPL-2.0
#include "ping.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <optional>

#include "format.hpp"
#include "hive/quote.hpp"
#include "hive/validate.hpp"
#include "hive_netlink.h"
#include "options.hpp"
#include "report.hpp"

namespace hivectl {
namespace {

hive::Error usage_error(const std::string &message)
{
	return hive::Error{"ping: " + message + std::string(see_help)};
}

// Options that take a number, each checked against its range.
struct NumberOption {
	std::string_view name;
	uint32_t min;
	uint32_t max;
	std::string_view what;
	uint32_t hive::EchoRequest::*field;
};

constexpr std::array<NumberOption, 5> number_options{{
	{"--count", 1, HIVE_ECHO_COUNT_MAX, "a count", &hive::EchoRequest::count},
	{"--size", 0, HIVE_ECHO_SIZE_MAX, "a size in bytes", &hive::EchoRequest::size},
	{"--timeout", 1, ping_timeout_ms_max, "a timeout in milliseconds",
	 &hive::EchoRequest::timeout_ms},
	{"--hold", 1, HIVE_ECHO_HOLD_MS_MAX, "a hold in milliseconds", &hive::EchoRequest::hold_ms},
	{"--pages", 0, HIVE_ECHO_PAGES_MAX, "a page count", &hive::EchoRequest::pages},
}};

// Bytes one message carries: its payload and its pages.
double message_bytes(const hive::EchoRequest &request)
{
	return static_cast<double>(request.size) + request.pages * 4096.0;
}

// @value thousandths as a decimal, without trailing zeros or a trailing
// point: 612 -> "0.612", 1600 -> "1.6", 7000 -> "7".
std::string thousandths(uint64_t value)
{
	std::string text = std::to_string(value / 1000);
	char fraction[8];
	std::snprintf(fraction, sizeof fraction, ".%03u", static_cast<unsigned>(value % 1000));
	text += fraction;
	while (text.back() == '0')
		text.pop_back();
	if (text.back() == '.')
		text.pop_back();
	return text;
}

std::string rate_text(const hive::EchoRequest &request, const hive::EchoResult &result)
{
	const double seconds = static_cast<double>(result.ns_total) / 1e9;
	char text[64];
	if (message_bytes(request) == 0)
		std::snprintf(text, sizeof text, "%.0f messages/s", result.count / seconds);
	else
		std::snprintf(text, sizeof text, "%.1f MB/s",
			      result.count * message_bytes(request) / seconds / 1e6);
	return text;
}

} // namespace

hive::Result<PingOptions> parse_ping_options(std::span<const std::string_view> args)
{
	PingOptions options;
	options.request.count = ping_default_count;
	options.request.size = ping_default_size;
	std::optional<std::string_view> node;
	std::array<bool, number_options.size()> given{};
	bool oneway_given = false;
	bool json_given = false;

	for (std::size_t i = 0; i < args.size(); ++i) {
		const std::string_view arg = args[i];
		if (!arg.starts_with('-')) {
			if (node)
				return usage_error("unexpected argument " + hive::quote(arg));
			node = arg;
			continue;
		}
		const OptionArg option_arg = split_option(arg);
		const std::string_view name = option_arg.name;

		if (name == "--oneway" || name == "--json") {
			bool &seen = name == "--oneway" ? oneway_given : json_given;
			const auto flag = take_flag(option_arg, seen);
			if (!flag)
				return usage_error(flag.error().message);
			continue;
		}
		const auto option = std::ranges::find(number_options, name, &NumberOption::name);
		if (option == number_options.end())
			return usage_error("unknown option " + hive::quote(arg));
		const auto index = static_cast<std::size_t>(option - number_options.begin());
		if (given[index])
			return usage_error(std::string(name) + " given twice");
		given[index] = true;
		const auto value = take_value(option_arg, args, i);
		if (!value)
			return usage_error(value.error().message);
		const auto number =
			hive::parse_number(value.value(), option->min, option->max, option->what);
		if (!number)
			return hive::Error{"ping: " + std::string(name) + ": " + number.error().message};
		options.request.*option->field = number.value();
	}

	if (!node)
		return usage_error("missing NODE");
	const auto node_id = hive::parse_node_id(*node);
	if (!node_id)
		return hive::Error{"ping: " + node_id.error().message};
	options.request.node_id = node_id.value();
	options.request.oneway = oneway_given;
	options.json = json_given;
	return options;
}

std::string duration_text(uint64_t ns)
{
	// Round to the microsecond first, so that 999.9996 ms becomes "1 s".
	const uint64_t us = ns / 1000 + (ns % 1000 >= 500);
	if (us < 1000000)
		return thousandths(us) + " ms";
	const uint64_t ms = us / 1000 + (us % 1000 >= 500);
	return thousandths(ms) + " s";
}

std::string ping_text(const hive::EchoRequest &request, const hive::EchoResult &result)
{
	const std::string node = "node " + std::to_string(request.node_id) + ": ";
	std::string size = " of " + std::to_string(request.size) + " B";
	if (request.pages != 0)
		size += " and " + plural(request.pages, "page", "pages");
	if (request.oneway) {
		std::string text = node;
		if (result.count != request.count)
			text += std::to_string(result.count) + " of ";
		text += plural(request.count, "one-way message", "one-way messages") + size +
			" handled in " + duration_text(result.ns_total);
		if (result.ns_total != 0)
			text += ": " + rate_text(request, result);
		return text + "\n";
	}
	std::string text = node + std::to_string(result.count) + " of " +
			   plural(request.count, "echo", "echoes") + size + " answered";
	if (result.count != 0)
		text += ": min " + duration_text(result.ns_min) + ", p50 " +
			duration_text(result.ns_p50) + ", p99 " + duration_text(result.ns_p99) +
			", max " + duration_text(result.ns_max);
	return text + ", " + duration_text(result.ns_total) + " in all\n";
}

std::string ping_json(const hive::EchoRequest &request, const hive::EchoResult &result)
{
	const auto round_trip = [&](uint64_t ns) {
		return request.oneway ? std::string("null") : std::to_string(ns);
	};
	std::string bytes_per_second = "null";
	if (request.oneway && result.ns_total != 0)
		bytes_per_second = std::to_string(static_cast<uint64_t>(
			result.count * message_bytes(request) * 1e9 /
			static_cast<double>(result.ns_total)));
	return "{\"node_id\":" + std::to_string(request.node_id) +
	       ",\"oneway\":" + (request.oneway ? "true" : "false") +
	       ",\"count\":" + std::to_string(request.count) +
	       ",\"size\":" + std::to_string(request.size) +
	       ",\"pages\":" + std::to_string(request.pages) +
	       ",\"timeout_ms\":" + number_or(request.timeout_ms, "null") +
	       ",\"hold_ms\":" + number_or(request.hold_ms, "null") +
	       ",\"completed\":" + std::to_string(result.count) +
	       ",\"ns_total\":" + std::to_string(result.ns_total) +
	       ",\"ns_min\":" + round_trip(result.ns_min) +
	       ",\"ns_p50\":" + round_trip(result.ns_p50) +
	       ",\"ns_p99\":" + round_trip(result.ns_p99) +
	       ",\"ns_max\":" + round_trip(result.ns_max) +
	       ",\"bytes_per_second\":" + bytes_per_second + "}\n";
}

} // namespace hivectl
