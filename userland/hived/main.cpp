// SPDX-License-Identifier: GPL-2.0
/*
 * hived: the hive cluster daemon.
 */
#include <algorithm>
#include <cstdlib>
#include <span>
#include <string>
#include <string_view>

#include "daemon.hpp"
#include "hive/config.hpp"
#include "hive/corosync_conf.hpp"
#include "hive/print.hpp"
#include "logger.hpp"
#include "options.hpp"

namespace {

constexpr int exit_usage = 2;

constexpr std::string_view usage =
	"Usage: hived [--config FILE] [--check | --write-corosync-conf]\n"
	"\n"
	"Sets the local node of the hive kernel module from FILE and, for a\n"
	"cluster, gives it the transport key and follows corosync, until\n"
	"SIGTERM or SIGINT.\n"
	"\n"
	"Options:\n"
	"  --config FILE          read FILE instead of /etc/hive/hive.conf\n"
	"  --check                only check the configuration file, then exit\n"
	"  --write-corosync-conf  write corosync.conf and corosync's key from the\n"
	"                         configuration and the cluster key, then exit\n"
	"  --authkey FILE         the cluster key (default /etc/hive/authkey)\n"
	"  --corosync-dir DIR     where corosync's files go (default /etc/corosync)\n"
	"  -h, --help             show this help\n"
	"  --version              show hived's version\n"
	"\n"
	"Exit status: 0 done, 1 failed, 2 usage error.\n";

} // namespace

int main(int argc, char **argv)
{
	const auto logger = hived::Logger::from_environment();
	// argv[0] is the program name, when there is an argv[0] at all.
	const auto options = hived::parse_options(std::span(argv + std::min(argc, 1), argv + argc));
	if (!options) {
		logger.log(hived::Priority::error, options.error().message);
		return exit_usage;
	}

	if (options.value().help || options.value().version) {
		const auto printed = hive::print(options.value().help ? usage : "hived " HIVE_VERSION "\n");
		if (printed)
			return EXIT_SUCCESS;
		logger.log(hived::Priority::error, printed.error().message);
		return EXIT_FAILURE;
	}

	const std::string &path = options.value().config_path;
	const auto config = hive::load_config(path);
	if (!config) {
		logger.log(hived::Priority::error, config.error().message);
		return EXIT_FAILURE;
	}
	if (options.value().check) {
		logger.log(hived::Priority::info, path + ": ok");
		return EXIT_SUCCESS;
	}
	if (options.value().write_corosync_conf) {
		const std::string &dir = options.value().corosync_dir;
		const auto wrote = hive::write_corosync_files(config.value(),
							      options.value().authkey_path, dir);
		if (!wrote) {
			logger.log(hived::Priority::error, wrote.error().message);
			return EXIT_FAILURE;
		}
		logger.log(hived::Priority::info, "wrote " + dir + "/corosync.conf and " + dir +
						  "/authkey for cluster '" +
						  config.value().cluster_name + "'");
		return EXIT_SUCCESS;
	}

	hived::Daemon daemon(config.value(), options.value().authkey_path, logger);
	if (const auto ran = daemon.run(); !ran) {
		logger.log(hived::Priority::error, ran.error().message);
		return EXIT_FAILURE;
	}
	return EXIT_SUCCESS;
}
