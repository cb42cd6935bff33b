// SPDX-License-Identifier: GPL-2.0
#include "hive/sysfs.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <string_view>

#include <unistd.h>

#include "file_io.hpp"
#include "hive/quote.hpp"

namespace hive {
namespace {

// A sysfs file holds one short value and its newline.
constexpr std::size_t max_value_bytes = 4096;

// The value in @text without its newline, if it is one line.
std::optional<std::string_view> one_line(std::string_view text)
{
	if (text.ends_with('\n'))
		text.remove_suffix(1);
	if (text.find('\n') != std::string_view::npos)
		return std::nullopt;
	return text;
}

// Decimal digits only, as the kernel's "%llu" writes them.
std::optional<uint64_t> decimal(std::string_view text)
{
	const auto line = one_line(text);
	if (!line || line->empty() ||
	    !std::ranges::all_of(*line, [](char c) { return c >= '0' && c <= '9'; }))
		return std::nullopt;
	uint64_t value = 0;
	if (std::from_chars(line->data(), line->data() + line->size(), value).ec != std::errc{})
		return std::nullopt;
	return value;
}

// A state is a short lower-case word; a newer module may add words, which
// are shown as they are, but nothing else is.
std::optional<std::string> state_word(std::string_view text)
{
	const auto line = one_line(text);
	if (!line || line->empty() || line->size() > 32 ||
	    !std::ranges::all_of(*line, [](char c) { return (c >= 'a' && c <= 'z') || c == '-'; }))
		return std::nullopt;
	return std::string(*line);
}

// How one file's read went: its text, a sentence naming it, or (for a
// node's file) the news that the node has gone.
struct FileRead {
	std::optional<std::string> text;
	std::optional<Error> error;
	bool gone = false;
};

FileRead read_value(const std::string &dir, std::string_view name, bool node_dir)
{
	const std::string path = dir + "/" + std::string(name);
	int error = 0;
	auto text = read_small_file(path, max_value_bytes, error);
	if (text)
		return {std::move(text.value()), std::nullopt, false};
	// A node's directory disappears when the node leaves the view, and
	// its files answer ENODEV while it is being taken down.
	if (node_dir && (error == ENODEV || (error == ENOENT && access(dir.c_str(), F_OK) != 0)))
		return {std::nullopt, std::nullopt, true};
	return {std::nullopt, Error{path + ": " + text.error().message}, false};
}

Error not_a(const std::string &dir, std::string_view name, std::string_view text,
	    std::string_view what)
{
	const auto line = one_line(text);
	return Error{dir + "/" + std::string(name) + ": " + quote(line ? *line : text) +
		     " is not " + std::string(what)};
}

template <typename T>
struct CounterFile {
	std::string_view name;
	uint64_t T::*field;
};

constexpr std::array<CounterFile<NodeLink>, 7> node_counters{{
	{"rtt_us", &NodeLink::rtt_us},
	{"tx_messages", &NodeLink::tx_messages},
	{"rx_messages", &NodeLink::rx_messages},
	{"tx_bytes", &NodeLink::tx_bytes},
	{"rx_bytes", &NodeLink::rx_bytes},
	{"errors", &NodeLink::errors},
	{"connects", &NodeLink::connects},
}};

constexpr std::array<CounterFile<TransportStatus>, 11> transport_counters{{
	{"connections", &TransportStatus::connections},
	{"handshakes", &TransportStatus::handshakes},
	{"refused_malformed", &TransportStatus::refused_malformed},
	{"refused_cluster", &TransportStatus::refused_cluster},
	{"refused_not_member", &TransportStatus::refused_not_member},
	{"refused_auth", &TransportStatus::refused_auth},
	{"refused_busy", &TransportStatus::refused_busy},
	{"refused_address", &TransportStatus::refused_address},
	{"refused_protection", &TransportStatus::refused_protection},
	{"rekeys", &TransportStatus::rekeys},
	{"rekey_bytes", &TransportStatus::rekey_bytes},
}};

constexpr std::array<CounterFile<MigrationStatus>, 2> migration_counters{{
	{"pages_arriving", &MigrationStatus::pages_arriving},
	{"processes_served", &MigrationStatus::processes_served},
}};

// Each of @counters under @dir into @into.
template <typename T, std::size_t N>
std::optional<Error> read_counters(const std::string &dir,
				   const std::array<CounterFile<T>, N> &counters, T &into)
{
	for (const auto &counter : counters) {
		const FileRead read = read_value(dir, counter.name, false);
		if (read.error)
			return *read.error;
		const auto value = decimal(*read.text);
		if (!value)
			return not_a(dir, counter.name, *read.text, "a number");
		into.*counter.field = *value;
	}
	return std::nullopt;
}

} // namespace

Result<std::optional<NodeLink>> read_node_link(const std::string &root, uint32_t node_id)
{
	const std::string dir = root + "/nodes/" + std::to_string(node_id);
	if (access(dir.c_str(), F_OK) != 0 && errno == ENOENT)
		return std::optional<NodeLink>();

	NodeLink link;
	const FileRead state = read_value(dir, "state", true);
	if (state.gone)
		return std::optional<NodeLink>();
	if (state.error)
		return *state.error;
	const auto word = state_word(*state.text);
	if (!word)
		return not_a(dir, "state", *state.text, "a node state");
	link.state = *word;

	for (const auto &counter : node_counters) {
		const FileRead read = read_value(dir, counter.name, true);
		if (read.gone)
			return std::optional<NodeLink>();
		if (read.error)
			return *read.error;
		const auto value = decimal(*read.text);
		if (!value)
			return not_a(dir, counter.name, *read.text, "a number");
		link.*counter.field = *value;
	}
	return std::optional<NodeLink>(std::move(link));
}

Result<TransportStatus> read_transport_status(const std::string &root)
{
	const std::string dir = root + "/transport";
	TransportStatus status;

	const FileRead port = read_value(dir, "port", false);
	if (port.error)
		return *port.error;
	const auto port_number = decimal(*port.text);
	if (!port_number || *port_number > 65535)
		return not_a(dir, "port", *port.text, "a port (0..65535)");
	status.port = static_cast<uint16_t>(*port_number);

	if (auto error = read_counters(dir, transport_counters, status))
		return *error;

	const FileRead keyed = read_value(dir, "keyed", false);
	if (keyed.error)
		return *keyed.error;
	const auto flag = decimal(*keyed.text);
	if (!flag || *flag > 1)
		return not_a(dir, "keyed", *keyed.text, "0 or 1");
	status.keyed = *flag == 1;

	const FileRead encryption = read_value(dir, "encryption", false);
	if (encryption.error)
		return *encryption.error;
	const auto word = one_line(*encryption.text);
	if (!word || word->empty())
		return not_a(dir, "encryption", *encryption.text, "a cipher name or off");
	status.encryption = *word;
	return status;
}

Result<MigrationStatus> read_migration_status(const std::string &root)
{
	MigrationStatus status;
	if (auto error = read_counters(root + "/migration", migration_counters, status))
		return *error;
	return status;
}

} // namespace hive
