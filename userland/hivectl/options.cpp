// SPDX-License-Identifier: GPL-2.0
#include "options.hpp"

#include <string>

namespace hivectl {

OptionArg split_option(std::string_view arg)
{
	const std::size_t equals = arg.find('=');
	if (equals == std::string_view::npos)
		return {arg, std::nullopt};
	return {arg.substr(0, equals), arg.substr(equals + 1)};
}

hive::Result<void> take_flag(const OptionArg &option, bool &seen)
{
	if (option.value)
		return hive::Error{std::string(option.name) + " takes no value"};
	if (seen)
		return hive::Error{std::string(option.name) + " given twice"};
	seen = true;
	return {};
}

hive::Result<std::string_view> take_value(const OptionArg &option,
					  std::span<const std::string_view> args,
					  std::size_t &i)
{
	if (option.value)
		return *option.value;
	if (i + 1 < args.size())
		return args[++i];
	return hive::Error{std::string(option.name) + " needs a value"};
}

} // namespace hivectl
