// SPDX-License-Identifier: GPL-2.0
#include "format.hpp"

#include <algorithm>
#include <cstdio>

namespace hivectl {
namespace {

// The length of the UTF-8 sequence of at least two bytes that starts
// @text (RFC 3629: no overlong forms, no surrogates, nothing past
// U+10FFFF), or 0 when it does not start with one.
std::size_t utf8_sequence(std::string_view text)
{
	const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
	const auto follows = [&](std::size_t i, unsigned char min, unsigned char max) {
		return i < text.size() && byte(i) >= min && byte(i) <= max;
	};
	const unsigned char lead = byte(0);
	if (lead >= 0xc2 && lead <= 0xdf)
		return follows(1, 0x80, 0xbf) ? 2 : 0;
	if (lead >= 0xe0 && lead <= 0xef) {
		const unsigned char min = lead == 0xe0 ? 0xa0 : 0x80;
		const unsigned char max = lead == 0xed ? 0x9f : 0xbf;
		return follows(1, min, max) && follows(2, 0x80, 0xbf) ? 3 : 0;
	}
	if (lead >= 0xf0 && lead <= 0xf4) {
		const unsigned char min = lead == 0xf0 ? 0x90 : 0x80;
		const unsigned char max = lead == 0xf4 ? 0x8f : 0xbf;
		return follows(1, min, max) && follows(2, 0x80, 0xbf) && follows(3, 0x80, 0xbf)
			? 4 : 0;
	}
	return 0;
}

} // namespace

std::string json_string(std::string_view text)
{
	std::string quoted = "\"";
	for (std::size_t i = 0; i < text.size(); ++i) {
		const char c = text[i];
		const auto byte = static_cast<unsigned char>(c);
		if (c == '"' || c == '\\') {
			quoted += '\\';
			quoted += c;
		} else if (byte < 0x20) {
			char escaped[sizeof "\\u0000"];
			std::snprintf(escaped, sizeof escaped, "\\u%04x", byte);
			quoted += escaped;
		} else if (byte < 0x80) {
			quoted += c;
		} else if (const std::size_t length = utf8_sequence(text.substr(i))) {
			quoted += text.substr(i, length);
			i += length - 1;
		} else {
			// JSON is UTF-8; a command cut at 15 bytes may not be.
			quoted += "\\ufffd";
		}
	}
	quoted += '"';
	return quoted;
}

std::string number_or(uint64_t value, std::string_view instead)
{
	return value == 0 ? std::string(instead) : std::to_string(value);
}

std::string plural(uint64_t count, std::string_view one, std::string_view many)
{
	return std::to_string(count) + " " + std::string(count == 1 ? one : many);
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
