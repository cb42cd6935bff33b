// SPDX-License-Identifier: GPL-2.0
/*
 * hive-pingpong: raw TCP ping-pong latency, the baseline for hive's echo
 * RPC benchmarks.  A test tool, run from the build directory.
 */
#include <algorithm>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "options.hpp"
#include "pingpong.hpp"

namespace {

constexpr std::string_view program = "hive-pingpong";

constexpr std::string_view usage =
	"Usage: hive-pingpong server PORT\n"
	"       hive-pingpong client ADDRESS PORT --size BYTES --count N [--warmup N]\n"
	"\n"
	"server  echo each client's fixed-size messages back, one client after\n"
	"        another, forever; PORT 0 takes any free port.  Prints\n"
	"        \"listening port=N\" once it accepts connections.\n"
	"client  send N messages of BYTES (1..16777216) bytes one at a time with\n"
	"        TCP_NODELAY, after --warmup rounds (default 100) that are not\n"
	"        measured, and print the round-trip latencies (CLOCK_MONOTONIC):\n"
	"        size=BYTES count=N min_ns=... p50_ns=... p99_ns=... max_ns=...\n"
	"        (percentiles by nearest rank).\n"
	"\n"
	"Exit status: 0 done, 1 failed, 2 usage error.\n";

} // namespace

int main(int argc, char **argv)
{
	using namespace hive::tools;
	const std::vector<std::string_view> args(argv + std::min(argc, 1), argv + argc);
	if (std::ranges::any_of(args, [](std::string_view a) { return a == "-h" || a == "--help"; }))
		return print_or_report(program, usage);
	const auto command = parse_pingpong_command(args);
	if (!command)
		return report(program, exit_usage,
			      command.error().message + " (see 'hive-pingpong --help')");

	if (const auto *server = std::get_if<PingpongServer>(&command.value())) {
		// Serves forever; it returns only when it cannot serve at all.
		const auto served = run_pingpong_server(*server);
		return served ? exit_ok : report(program, exit_failed, served.error().message);
	}
	const auto line = run_pingpong_client(std::get<PingpongClient>(command.value()));
	if (!line)
		return report(program, exit_failed, line.error().message);
	return print_or_report(program, line.value());
}
