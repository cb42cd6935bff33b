// SPDX-License-Identifier: GPL-2.0
#include "format.hpp"

#include <algorithm>
#include <cstdio>

namespace hivectl {

std::string json_string(std::string_view text)
{
	std::string quoted = "\"";
	for (const char c : text) {
		const auto byte = static_cast<unsigned char>(c);
		if (c == '"' || c == '\\') {
			quoted += '\\';
			quoted += c;
		} else if (byte < 0x20) {
			char escaped[sizeof "\\u0000"];
			std::snprintf(escaped, sizeof escaped, "\\u%04x", byte);
			quoted += escaped;
		} else {
			quoted += c;
		}
	}
	quoted += '"';
	return quoted;
}

std::string number_or(uint64_t value, std::string_view instead)
{
	return value == 0 ? std::string(instead) : std::to_string(value);
}

std::string align_columns(const std::vector<std::vector<std::string>> &rows)
{
	std::vector<std::size_t> widths;
	for (const auto &row : rows) {
		widths.resize(std::max(widths.size(), row.size()));
		for (std::size_t column = 0; column < row.size(); ++column)
			widths[column] = std::max(widths[column], row[column].size());
	}

	std::string text;
	for (const auto &row : rows) {
		for (std::size_t column = 0; column < row.size(); ++column) {
			text += row[column];
			if (column + 1 < row.size())
				text.append(widths[column] - row[column].size() + 2, ' ');
		}
		text += '\n';
	}
	return text;
}

} // namespace hivectl
