// SPDX-License-Identifier: GPL-2.0
#include "options.hpp"

#include <array>
#include <string_view>

#include "hive/quote.hpp"

namespace hived {
namespace {

constexpr std::string_view see_help = " (see 'hived --help')";

hive::Error usage_error(const std::string &message)
{
	return hive::Error{message + std::string(see_help)};
}

// Options that take a value, as "--name VALUE" or "--name=VALUE".
struct ValueOption {
	std::string_view name;
	std::string_view value_name;
	std::string Options::*field;
};

constexpr std::array value_options{
	ValueOption{"--config", "FILE", &Options::config_path},
	ValueOption{"--authkey", "FILE", &Options::authkey_path},
	ValueOption{"--corosync-dir", "DIR", &Options::corosync_dir},
};

// Options that are flags.
struct FlagOption {
	std::string_view name;
	bool Options::*field;
};

constexpr std::array flag_options{
	FlagOption{"--check", &Options::check},
	FlagOption{"--write-corosync-conf", &Options::write_corosync_conf},
	FlagOption{"-h", &Options::help},
	FlagOption{"--help", &Options::help},
	FlagOption{"--version", &Options::version},
};

} // namespace

hive::Result<Options> parse_options(std::span<char *const> args)
{
	Options options;
	for (std::size_t i = 0; i < args.size(); ++i) {
		const std::string_view arg = args[i];
		const std::string_view name = arg.substr(0, arg.find('='));
		bool known = false;

		for (const FlagOption &flag : flag_options)
			if (arg == flag.name) {
				options.*flag.field = true;
				known = true;
			}
		for (const ValueOption &option : value_options) {
			if (name != option.name)
				continue;
			known = true;
			std::string_view value;
			if (name.size() < arg.size())
				value = arg.substr(name.size() + 1);
			else if (++i < args.size())
				value = args[i];
			if (value.empty())
				return usage_error(std::string(option.name) + " needs a " +
						   std::string(option.value_name));
			options.*option.field = value;
		}
		if (!known)
			return usage_error(std::string(arg.starts_with('-') ? "unknown option "
									    : "unexpected argument ") +
					   hive::quote(arg));
	}
	return options;
}

} // namespace hived
