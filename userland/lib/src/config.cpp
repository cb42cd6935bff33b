// SPDX-License-Identifier: GPL-2.0
#include "hive/config.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <system_error>

#include <fcntl.h>
#include <unistd.h>

#include "hive/quote.hpp"
#include "hive/validate.hpp"

namespace hive {
namespace {

// Whitespace around keys and values; '\r' makes CRLF files parse too.
constexpr std::string_view blank = " \t\r\f\v";
// Some editors start UTF-8 files with a byte order mark.
constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";
// No hive.conf is this big; stop rather than read /dev/zero forever.
constexpr std::size_t max_config_bytes = 64 * 1024;

std::string_view trim(std::string_view text)
{
	const std::size_t first = text.find_first_not_of(blank);
	if (first == std::string_view::npos)
		return {};
	return text.substr(first, text.find_last_not_of(blank) - first + 1);
}

// The storers validate a value and keep it; their errors say only what is
// wrong with the value, parse_config() adds where.
Result<void> store_node_id(Config &config, std::string_view value)
{
	const auto id = parse_node_id(value);
	if (!id)
		return id.error();
	config.node_id = id.value();
	return {};
}

Result<void> store_cluster_name(Config &config, std::string_view value)
{
	const auto checked = check_cluster_name(value);
	if (!checked)
		return checked.error();
	config.cluster_name = value;
	return {};
}

struct KeyRule {
	std::string_view name;
	Result<void> (*store)(Config &, std::string_view);
};

// The keys this version knows.  All of them are required.
constexpr std::array<KeyRule, 2> key_rules{{
	{"node_id", store_node_id},
	{"cluster_name", store_cluster_name},
}};

class FileDescriptor {
public:
	explicit FileDescriptor(int fd) : fd_(fd) {}
	FileDescriptor(const FileDescriptor &) = delete;
	FileDescriptor &operator=(const FileDescriptor &) = delete;
	~FileDescriptor()
	{
		if (fd_ >= 0)
			close(fd_);
	}
	int get() const { return fd_; }

private:
	int fd_;
};

Error cannot_read(int error)
{
	return Error{"cannot read: " + std::generic_category().message(error)};
}

// Reads all of a file no bigger than max_config_bytes.
Result<std::string> read_small_file(const std::string &path)
{
	const FileDescriptor file(open(path.c_str(), O_RDONLY | O_CLOEXEC));
	if (file.get() < 0)
		return cannot_read(errno);
	std::string text;
	std::array<char, 4096> chunk;
	for (;;) {
		const ssize_t got = read(file.get(), chunk.data(), chunk.size());
		if (got == 0)
			return text;
		if (got < 0) {
			if (errno == EINTR)
				continue;
			return cannot_read(errno);
		}
		text.append(chunk.data(), static_cast<std::size_t>(got));
		if (text.size() > max_config_bytes)
			return Error{"too large for a configuration file (over " +
				     std::to_string(max_config_bytes / 1024) + " KiB)"};
	}
}

} // namespace

Result<Config> parse_config(std::string_view text, std::string_view file_name)
{
	if (text.starts_with(utf8_bom))
		text.remove_prefix(utf8_bom.size());

	Config config;
	std::array<std::size_t, key_rules.size()> set_on_line{}; // 0: not set yet
	std::size_t line_number = 0;
	while (!text.empty()) {
		const std::size_t end = text.find('\n');
		const std::string_view line = trim(text.substr(0, end));
		text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
		++line_number;
		if (line.empty() || line.front() == '#')
			continue;

		const std::string at = std::string(file_name) + ":" + std::to_string(line_number) + ": ";
		const std::size_t equals = line.find('=');
		if (equals == std::string_view::npos)
			return Error{at + "line has no '=': " + quote(line)};
		const std::string_view key = trim(line.substr(0, equals));
		const std::string_view value = trim(line.substr(equals + 1));
		if (key.empty())
			return Error{at + "line has no key before '=': " + quote(line)};
		const auto rule = std::ranges::find(key_rules, key, &KeyRule::name);
		if (rule == key_rules.end())
			return Error{at + "unknown key " + quote(key)};

		const auto index = static_cast<std::size_t>(rule - key_rules.begin());
		const std::string at_key = at + std::string(key) + ": ";
		if (set_on_line[index] != 0)
			return Error{at_key + "set twice (first on line " +
				     std::to_string(set_on_line[index]) + ")"};
		if (value.empty())
			return Error{at_key + "no value after '='"};
		if (const auto stored = rule->store(config, value); !stored)
			return Error{at_key + stored.error().message};
		set_on_line[index] = line_number;
	}

	for (std::size_t index = 0; index < key_rules.size(); ++index)
		if (set_on_line[index] == 0)
			return Error{std::string(file_name) + ": missing required key " +
				     quote(key_rules[index].name)};
	return config;
}

Result<Config> load_config(const std::string &path)
{
	const auto text = read_small_file(path);
	if (!text)
		return Error{path + ": " + text.error().message};
	return parse_config(text.value(), path);
}

} // namespace hive
