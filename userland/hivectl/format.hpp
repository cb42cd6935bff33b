// SPDX-License-Identifier: GPL-2.0
#ifndef HIVECTL_FORMAT_HPP
#define HIVECTL_FORMAT_HPP

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hivectl {

/// @p text as a JSON string: quoted, with '"', '\' and control characters
/// escaped, and each byte that is not part of valid UTF-8 replaced with
/// U+FFFD.
std::string json_string(std::string_view text);

/// @p value in decimal, or @p instead when it is 0 (a field not set yet:
/// "none" in a table, "null" in JSON).
std::string number_or(uint64_t value, std::string_view instead);

/// @p count and the noun for it: "1 page", "0 pages", "2 pages".
std::string plural(uint64_t count, std::string_view one, std::string_view many);

/// Lays out @p rows one per line, each column as wide as its widest cell
/// and two spaces from the next; the last cell of a row is not padded.
std::string align_columns(const std::vector<std::vector<std::string>> &rows);

} // namespace hivectl

#endif // HIVECTL_FORMAT_HPP
