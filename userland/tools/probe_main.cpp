// SPDX-License-Identifier: GPL-2.0
/*
 * hive-probe: send bad input to a node's cluster port and report whether
 * the node closed the connection, as it must.  A test tool, run from the
 * build directory; it changes nothing on the node but its refusal
 * counters (/sys/kernel/hive/transport/refused_*).
 */
#include <algorithm>
#include <string_view>
#include <vector>

#include "options.hpp"
#include "probe.hpp"
#include "probe_options.hpp"

namespace {

constexpr std::string_view program = "hive-probe";

constexpr std::string_view usage =
	"Usage: hive-probe ADDRESS PORT CASE [OPTIONS]\n"
	"\n"
	"Sends CASE to the hive cluster port ADDRESS:PORT and waits for the node\n"
	"to close the connection.\n"
	"\n"
	"Cases:\n"
	"  random       4096 random bytes\n"
	"  truncated    the first 20 bytes of a HELLO header, then nothing\n"
	"  huge-length  a HELLO header announcing a 0xffffffff-byte payload\n"
	"  bad-magic    a HELLO whose magic is byte-swapped\n"
	"  bad-version  a HELLO of the next protocol version\n"
	"  paged        a HELLO that claims a 4 KiB page, and the page\n"
	"  bad-cluster  a HELLO with another cluster id than --cluster's\n"
	"  not-member   a HELLO from --as with an incarnation nobody has\n"
	"  wrong-key    a real member's HELLO (--as, --incarnation) to the node\n"
	"               (--target, --target-incarnation); checks the node's\n"
	"               CHALLENGE with --key and prints \"listener proof\n"
	"               verified\", then sends an AUTH made with a wrong key\n"
	"  silent       nothing at all\n"
	"  flood        --count connections at once, held open for 1 s, closed\n"
	"\n"
	"Options (each case takes only those it uses):\n"
	"  --cluster NAME              cluster name of the frames (default hive)\n"
	"  --as ID                     sender node id (default 1)\n"
	"  --incarnation N             sender incarnation (default random)\n"
	"  --epoch N                   view epoch of the frames (default 0)\n"
	"  --target ID                 node id of the node probed (default 2)\n"
	"  --target-incarnation N      its incarnation (default 0)\n"
	"  --key FILE                  the cluster's authkey (wrong-key)\n"
	"  --count N                   connections (flood, 1..65536, default 100)\n"
	"  --wait SECONDS              how long to wait for the node (1..3600,\n"
	"                              default 8)\n"
	"  --from ADDRESS              local address to connect from (any case;\n"
	"                              default: the one the route picks)\n"
	"wrong-key needs --key, --as, --incarnation, --target,\n"
	"--target-incarnation and --cluster; --as must be a member of the node's\n"
	"view with a lower id than --target (only the lower id dials).\n"
	"\n"
	"Prints one line per case, e.g.\n"
	"  bad-magic: sent 120 bytes, node closed the connection after 0.01 s\n"
	"\n"
	"Exit status: 0 the node closed the connection (flood: every connect was\n"
	"accepted or refused in time), 1 it did not or the probe failed, 2 usage\n"
	"error.\n";

} // namespace

int main(int argc, char **argv)
{
	using namespace hive::tools;
	const std::vector<std::string_view> args(argv + std::min(argc, 1), argv + argc);
	if (std::ranges::any_of(args, [](std::string_view a) { return a == "-h" || a == "--help"; }))
		return print_or_report(program, usage);
	const auto options = parse_probe_options(args);
	if (!options)
		return report(program, exit_usage,
			      options.error().message + " (see 'hive-probe --help')");
	const auto probed = run_probe(options.value());
	if (!probed)
		return report(program, exit_failed, probed.error().message);
	const int printed = print_or_report(program, probed.value().text);
	if (printed != exit_ok)
		return printed;
	return probed.value().as_expected ? exit_ok : exit_failed;
}
