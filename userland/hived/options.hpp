// SPDX-License-Identifier: GPL-2.0
#ifndef HIVED_OPTIONS_HPP
#define HIVED_OPTIONS_HPP

#include <span>
#include <string>

#include "hive/authkey.hpp"
#include "hive/config.hpp"
#include "hive/corosync_conf.hpp"
#include "hive/result.hpp"

namespace hived {

/// hived's command line, as hived(8) documents it.
struct Options {
	std::string config_path = hive::default_config_path;
	std::string authkey_path = hive::default_authkey_path;
	std::string corosync_dir = hive::default_corosync_dir;
	bool check = false;
	bool write_corosync_conf = false;
	bool help = false;
	bool version = false;
};

/// Reads the arguments after the program name; the error is a usage
/// sentence.
hive::Result<Options> parse_options(std::span<char *const> args);

} // namespace hived

#endif // HIVED_OPTIONS_HPP
