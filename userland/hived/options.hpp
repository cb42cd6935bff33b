// SPDX-License-Identifier: GPL-2.0
#ifndef HIVED_OPTIONS_HPP
#define HIVED_OPTIONS_HPP

#include <span>
#include <string>

#include "hive/config.hpp"
#include "hive/result.hpp"

namespace hived {

/// hived's command line, as hived(8) documents it.
struct Options {
	std::string config_path = hive::default_config_path;
	bool check = false;
	bool help = false;
	bool version = false;
};

/// Reads the arguments after the program name; the error is a usage
/// sentence.
hive::Result<Options> parse_options(std::span<char *const> args);

} // namespace hived

#endif // HIVED_OPTIONS_HPP
