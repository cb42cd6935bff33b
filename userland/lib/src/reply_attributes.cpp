// SPDX-License-Identifier: GPL-2.0
#include "reply_attributes.hpp"

#include <string>

namespace hive {

std::optional<std::string_view> missing_attribute(std::span<nlattr *const> attrs,
						  std::span<const RequiredAttribute> required)
{
	for (const auto &attribute : required)
		if (!attrs[static_cast<std::size_t>(attribute.type)])
			return attribute.name;
	return std::nullopt;
}

Error malformed_reply(std::string_view what, std::string_view why)
{
	return Error{"the hive kernel module sent a malformed " + std::string(what) + ": " +
		     std::string(why)};
}

} // namespace hive
