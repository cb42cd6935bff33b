// SPDX-License-Identifier: GPL-2.0
#ifndef HIVECTL_OPTIONS_HPP
#define HIVECTL_OPTIONS_HPP

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

#include "hive/result.hpp"

namespace hivectl {

/// An option argument, "--name" or "--name=value", split at its first '='.
struct OptionArg {
	std::string_view name;
	std::optional<std::string_view> value; ///< what follows the '=', if any
};

/// Splits @p arg, an argument that starts with '-', at its first '='.
OptionArg split_option(std::string_view arg);

/// Takes the flag @p option: sets @p seen.  Fails when the flag came with
/// a value or @p seen was already set; the message names the option, and
/// the command adds its own prefix.
hive::Result<void> take_flag(const OptionArg &option, bool &seen);

/// Takes the value of @p option, args[@p i]: what follows its '=', else the
/// next argument, which @p i then moves to.  Fails when there is neither;
/// the message names the option, and the command adds its own prefix.
hive::Result<std::string_view> take_value(const OptionArg &option,
					  std::span<const std::string_view> args,
					  std::size_t &i);

} // namespace hivectl

#endif // HIVECTL_OPTIONS_HPP
