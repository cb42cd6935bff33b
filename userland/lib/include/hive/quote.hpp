// SPDX-License-Identifier: GPL-2.0
#ifndef HIVE_QUOTE_HPP
#define HIVE_QUOTE_HPP

#include <string>
#include <string_view>

namespace hive {

/// Puts user input in single quotes for a message, writing control
/// characters as \xNN so that they cannot garble a terminal or a log.
std::string quote(std::string_view text);

} // namespace hive

#endif // HIVE_QUOTE_HPP
