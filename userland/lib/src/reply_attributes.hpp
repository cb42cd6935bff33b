// SPDX-License-Identifier: GPL-2.0
#ifndef HIVE_REPLY_ATTRIBUTES_HPP
#define HIVE_REPLY_ATTRIBUTES_HPP

#include <optional>
#include <span>
#include <string_view>

#include <netlink/attr.h>

#include "hive/result.hpp"

namespace hive {

/// An attribute hive.ko always sends, and its name for error messages.
struct RequiredAttribute {
	int type;
	std::string_view name;
};

/// The name of the first of @p required that @p attrs, indexed by type as
/// nla_parse() fills it, lacks; nothing when all are there.
std::optional<std::string_view> missing_attribute(std::span<nlattr *const> attrs,
						  std::span<const RequiredAttribute> required);

/// "the hive kernel module sent a malformed WHAT: WHY".
Error malformed_reply(std::string_view what, std::string_view why);

} // namespace hive

#endif // HIVE_REPLY_ATTRIBUTES_HPP
