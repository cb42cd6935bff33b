// SPDX-License-Identifier: GPL-2.0
#include "options.hpp"

#include <string_view>

#include "hive/quote.hpp"

namespace hived {
namespace {

constexpr std::string_view see_help = " (see 'hived --help')";
constexpr std::string_view config_equals = "--config=";

hive::Error usage_error(const std::string &message)
{
	return hive::Error{message + std::string(see_help)};
}

} // namespace

hive::Result<Options> parse_options(std::span<char *const> args)
{
	Options options;
	for (std::size_t i = 0; i < args.size(); ++i) {
		const std::string_view arg = args[i];
		if (arg == "--check") {
			options.check = true;
		} else if (arg == "-h" || arg == "--help") {
			options.help = true;
		} else if (arg == "--version") {
			options.version = true;
		} else if (arg == "--config") {
			if (++i == args.size())
				return usage_error("--config needs a FILE");
			options.config_path = args[i];
		} else if (arg.starts_with(config_equals)) {
			options.config_path = arg.substr(config_equals.size());
		} else {
			return usage_error(std::string(arg.starts_with('-') ? "unknown option "
									    : "unexpected argument ") +
					   hive::quote(arg));
		}
	}
	if (options.config_path.empty())
		return usage_error("--config needs a FILE");
	return options;
}

} // namespace hived
