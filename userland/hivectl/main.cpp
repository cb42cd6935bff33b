// SPDX-License-Identifier: GPL-2.0
/*
 * hivectl: show and set the local node of the hive kernel module, list the
 * members of its membership view, time echoes to them, and list and start
 * the processes of the hive domain.
 */
#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "commands.hpp"
#include "hive/quote.hpp"
#include "report.hpp"
#include "run.hpp"

namespace {

constexpr std::string_view usage =
	"Usage: hivectl COMMAND [ARGUMENTS]\n"
	"\n"
	"Commands:\n"
	"  status [--json]                  show the local node as hive.ko sees it\n"
	"  nodes [--json]                   list the members of the membership view\n"
	"                                   and their links\n"
	"  ping NODE [--count N] [--size BYTES] [--pages P] [--oneway] [--timeout MS]\n"
	"       [--hold MS] [--json]\n"
	"                                   time N echoes (default 10) of BYTES\n"
	"                                   (default 64) and P whole 4 KiB pages\n"
	"                                   (default 0, at most 512) to node NODE,\n"
	"                                   or N one-way messages; --hold: NODE\n"
	"                                   answers each MS late from a worker\n"
	"                                   (needs CAP_NET_ADMIN)\n"
	"  ps [--forest] [--node N] [--json]\n"
	"                                   list the processes of the hive domain,\n"
	"                                   every node's or node N's\n"
	"  run [--] CMD [ARGS...]           run CMD on this node in the hive domain\n"
	"  run --node N|auto [-t|-T] [--] CMD [ARGS...]\n"
	"                                   run CMD on node N, or the least loaded\n"
	"                                   node, relaying its input, output,\n"
	"                                   signals and exit; -t gives it a terminal\n"
	"                                   even if this side has none, -T none\n"
	"  migrate --check PID [--json]     say whether process PID could\n"
	"                                   migrate, and every reason it cannot\n"
	"                                   (its owner or CAP_KILL)\n"
	"  migrate PID NODE|auto            move process PID, with its threads,\n"
	"                                   to node NODE or the least loaded\n"
	"                                   other node (on its home node)\n"
	"  drain NODE                       on node NODE: move every domain process\n"
	"                                   running here to the least loaded other\n"
	"                                   node; say what stays and why\n"
	"  reconnect NODE                   drop the connection to node NODE; it is\n"
	"                                   made again, nothing sent is lost\n"
	"                                   (needs CAP_NET_ADMIN)\n"
	"  set-node NODE_ID [CLUSTER_NAME]  set the local node id (1..1023) and\n"
	"                                   cluster name (needs CAP_NET_ADMIN)\n"
	"  keygen [--force] [FILE]          make the cluster key (default\n"
	"                                   /etc/hive/authkey) to copy to every node\n"
	"  help                             show this help\n"
	"\n"
	"Options:\n"
	"  -h, --help  show this help\n"
	"  --version   show hivectl's version\n"
	"\n"
	"Exit status: 0 done, 1 the request failed, 2 usage error, 3 migrate\n"
	"(--check): the process cannot migrate, drain: a process stayed; run: CMD's\n"
	"(death by a signal mirrored), or 126 CMD cannot be executed, 127 CMD\n"
	"not found, 255 hive could not run CMD on node N or lost it.\n";

struct Command {
	std::string_view name;
	int (*run)(hivectl::Arguments);
};

constexpr std::array commands{
	Command{"status", hivectl::status_command},
	Command{"nodes", hivectl::nodes_command},
	Command{"ping", hivectl::ping_command},
	Command{"ps", hivectl::ps_command},
	Command{"run", hivectl::run_command},
	Command{"migrate", hivectl::migrate_command},
	Command{"drain", hivectl::drain_command},
	Command{"reconnect", hivectl::reconnect_command},
	Command{"set-node", hivectl::set_node_command},
	Command{"keygen", hivectl::keygen_command},
};

bool asks_for_help(std::string_view arg)
{
	return arg == "-h" || arg == "--help";
}

// The arguments that are hivectl's: all of them, but those from run's CMD
// on are CMD's ("hivectl run ls --help" runs "ls --help").
hivectl::Arguments own_arguments(hivectl::Arguments args)
{
	if (!args.empty() && args[0] == "run")
		return args.first(1 + hivectl::run_command_start(args.subspan(1)));
	return args;
}

} // namespace

int main(int argc, char **argv)
{
	using namespace hivectl;
	// argv[0] is the program name, when there is an argv[0] at all.
	const std::vector<std::string_view> args(argv + std::min(argc, 1), argv + argc);
	if (args.empty())
		return report(exit_usage, "no command given" + std::string(see_help));
	if (args[0] == "help" || std::ranges::any_of(own_arguments(args), asks_for_help))
		return print_or_report(usage);
	if (args[0] == "--version")
		return print_or_report("hivectl " HIVE_VERSION "\n");

	const auto command = std::ranges::find(commands, args[0], &Command::name);
	if (command == commands.end())
		return report(exit_usage,
			      std::string(args[0].starts_with('-') ? "unknown option "
								   : "unknown command ") +
				      hive::quote(args[0]) + std::string(see_help));
	return command->run(Arguments(args).subspan(1));
}
