// SPDX-License-Identifier: GPL-2.0
#include "hive/quote.hpp"

#include <cstdio>

namespace hive {

std::string quote(std::string_view text)
{
	std::string quoted = "'";
	for (const char c : text) {
		const auto byte = static_cast<unsigned char>(c);
		if (byte < 0x20 || byte == 0x7f) {
			char escaped[sizeof "\\xff"];
			std::snprintf(escaped, sizeof escaped, "\\x%02x", byte);
			quoted += escaped;
		} else {
			quoted += c;
		}
	}
	quoted += '\'';
	return quoted;
}

} // namespace hive
