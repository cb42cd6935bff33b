// SPDX-License-Identifier: GPL-2.0
// The exec protocol's encoders and its strict decoders.  Both decoders see
// bytes another node sent: every count and length is checked against what
// is left before anything is read or reserved.
#include "hive/exec_protocol.hpp"

#include <algorithm>
#include <type_traits>

#include "hive_netlink.h"

namespace hive {
namespace {

enum class RecordType : uint8_t {
	data = 1,
	eof = 2,
	signal = 3,
	winch = 4,
	exit = 5,
	error = 6,
};

constexpr uint8_t spec_flag_tty = 0x01;
// version, flags, rows, cols, argc, envc
constexpr std::size_t spec_header = 1 + 1 + 2 + 2 + 4 + 4;
constexpr int signal_max = 64;

void put_u8(std::string &out, uint8_t value)
{
	out.push_back(static_cast<char>(value));
}

void put_u16(std::string &out, uint16_t value)
{
	put_u8(out, static_cast<uint8_t>(value));
	put_u8(out, static_cast<uint8_t>(value >> 8));
}

void put_u32(std::string &out, uint32_t value)
{
	put_u16(out, static_cast<uint16_t>(value));
	put_u16(out, static_cast<uint16_t>(value >> 16));
}

void put_string(std::string &out, std::string_view text)
{
	put_u32(out, static_cast<uint32_t>(text.size()));
	out.append(text);
}

// Reads little-endian integers and strings off the front of its input;
// each read fails, leaving the output alone, when too little is left.
class Reader {
public:
	explicit Reader(std::string_view bytes) : rest_(bytes) {}

	std::size_t left() const { return rest_.size(); }

	bool u8(uint8_t &value)
	{
		if (rest_.empty())
			return false;
		value = static_cast<uint8_t>(rest_[0]);
		rest_.remove_prefix(1);
		return true;
	}

	bool u16(uint16_t &value)
	{
		uint8_t low, high;
		if (rest_.size() < 2 || !u8(low) || !u8(high))
			return false;
		value = static_cast<uint16_t>(low | high << 8);
		return true;
	}

	bool u32(uint32_t &value)
	{
		uint16_t low, high;
		if (rest_.size() < 4 || !u16(low) || !u16(high))
			return false;
		value = low | static_cast<uint32_t>(high) << 16;
		return true;
	}

	bool bytes(std::size_t length, std::string &value)
	{
		if (rest_.size() < length)
			return false;
		value.assign(rest_.substr(0, length));
		rest_.remove_prefix(length);
		return true;
	}

	bool string(std::string &value)
	{
		uint32_t length;
		return u32(length) && bytes(length, value);
	}

private:
	std::string_view rest_;
};

Error bad_spec(std::string_view why)
{
	return Error{"malformed exec spec: " + std::string(why)};
}

Error bad_chunk(std::string_view why)
{
	return Error{"malformed exec chunk: " + std::string(why)};
}

bool has_nul(std::string_view text)
{
	return text.find('\0') != std::string_view::npos;
}

// The length of the UTF-8 sequence @p text starts with, or 0 when it does
// not start with one (overlong forms, surrogates and values past U+10FFFF
// are not UTF-8).
std::size_t utf8_length(std::string_view text)
{
	const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
	const unsigned char lead = byte(0);
	std::size_t length;
	uint32_t point;
	if (lead < 0x80)
		return 1;
	if (lead >= 0xc2 && lead <= 0xdf) {
		length = 2;
		point = lead & 0x1f;
	} else if (lead >= 0xe0 && lead <= 0xef) {
		length = 3;
		point = lead & 0x0f;
	} else if (lead >= 0xf0 && lead <= 0xf4) {
		length = 4;
		point = lead & 0x07;
	} else {
		return 0;
	}
	if (text.size() < length)
		return 0;
	for (std::size_t i = 1; i < length; ++i) {
		if ((byte(i) & 0xc0) != 0x80)
			return 0;
		point = point << 6 | (byte(i) & 0x3f);
	}
	const uint32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
	if (point < smallest[length] || point > 0x10ffff || (point >= 0xd800 && point <= 0xdfff))
		return 0;
	return length;
}

bool is_control(unsigned char c)
{
	return c < 0x20 || c == 0x7f;
}

bool printable_utf8(std::string_view text)
{
	while (!text.empty()) {
		const std::size_t length = utf8_length(text);
		if (length == 0 || (length == 1 && is_control(static_cast<unsigned char>(text[0]))))
			return false;
		text.remove_prefix(length);
	}
	return true;
}

Result<void> check_spec(const ExecSpec &spec)
{
	if (spec.argv.empty())
		return bad_spec("no command");
	if (spec.argv[0].empty())
		return bad_spec("the command is an empty word");
	if (!spec.cwd.starts_with('/'))
		return bad_spec("the working directory is not an absolute path");
	if (has_nul(spec.cwd) || std::ranges::any_of(spec.argv, has_nul) ||
	    std::ranges::any_of(spec.env, has_nul))
		return bad_spec("a string holds a NUL byte");
	if (std::ranges::any_of(spec.env, [](const std::string &entry) {
		    return entry.find('=') == std::string::npos;
	    }))
		return bad_spec("an environment entry has no '='");
	return {};
}

bool valid_stream(uint8_t stream)
{
	return stream <= static_cast<uint8_t>(Stream::err);
}

Result<ExecRecord> decode_record(Reader &in)
{
	uint8_t type, stream, value;
	uint16_t length;
	if (!in.u8(type))
		return bad_chunk("no record");
	switch (static_cast<RecordType>(type)) {
	case RecordType::data: {
		DataRecord data;
		if (!in.u8(stream) || !in.u16(length))
			return bad_chunk("truncated DATA record");
		if (!valid_stream(stream))
			return bad_chunk("DATA record for no stream");
		if (length == 0 || length > HIVE_EXEC_DATA_MAX - exec_data_header)
			return bad_chunk("DATA record of a bad length");
		if (!in.bytes(length, data.bytes))
			return bad_chunk("truncated DATA record");
		data.stream = static_cast<Stream>(stream);
		return ExecRecord(std::move(data));
	}
	case RecordType::eof:
		if (!in.u8(stream))
			return bad_chunk("truncated EOF record");
		if (!valid_stream(stream))
			return bad_chunk("EOF record for no stream");
		return ExecRecord(EofRecord{static_cast<Stream>(stream)});
	case RecordType::signal:
		if (!in.u8(value))
			return bad_chunk("truncated SIGNAL record");
		if (value < 1 || value > signal_max)
			return bad_chunk("SIGNAL record for no signal");
		return ExecRecord(SignalRecord{value});
	case RecordType::winch: {
		WinchRecord winch;
		if (!in.u16(winch.window.rows) || !in.u16(winch.window.cols))
			return bad_chunk("truncated WINCH record");
		return ExecRecord(winch);
	}
	case RecordType::exit: {
		uint8_t kind, code, core;
		if (!in.u8(kind) || !in.u8(code) || !in.u8(core))
			return bad_chunk("truncated EXIT record");
		if (kind > 1 || core > 1 || (kind == 0 && core) ||
		    (kind == 1 && (code < 1 || code > signal_max)))
			return bad_chunk("EXIT record out of bounds");
		return ExecRecord(ExitRecord{kind == 1, code, core == 1});
	}
	case RecordType::error: {
		ErrorRecord error;
		if (!in.u16(length) || !in.bytes(length, error.message))
			return bad_chunk("truncated ERROR record");
		if (length == 0 || length > exec_error_max || !printable_utf8(error.message))
			return bad_chunk("ERROR record that is not a printable UTF-8 message");
		return ExecRecord(std::move(error));
	}
	}
	return bad_chunk("unknown record type " + std::to_string(type));
}

} // namespace

Result<std::string> encode_exec_spec(const ExecSpec &spec)
{
	if (const auto checked = check_spec(spec); !checked)
		return checked.error();
	std::size_t size = spec_header + 4 + spec.cwd.size();
	for (const auto *list : {&spec.argv, &spec.env})
		for (const std::string &word : *list)
			size += 4 + word.size();
	if (size > HIVE_EXEC_SPEC_MAX)
		return Error{"the command line and environment are larger than hive carries "
			     "(65528 bytes)"};

	std::string out;
	out.reserve(size);
	put_u8(out, exec_spec_version);
	put_u8(out, spec.tty ? spec_flag_tty : 0);
	put_u16(out, spec.window.rows);
	put_u16(out, spec.window.cols);
	put_u32(out, static_cast<uint32_t>(spec.argv.size()));
	put_u32(out, static_cast<uint32_t>(spec.env.size()));
	put_string(out, spec.cwd);
	for (const auto *list : {&spec.argv, &spec.env})
		for (const std::string &word : *list)
			put_string(out, word);
	return out;
}

Result<ExecSpec> decode_exec_spec(std::string_view bytes)
{
	if (bytes.size() > HIVE_EXEC_SPEC_MAX)
		return bad_spec("longer than 65528 bytes");
	Reader in(bytes);
	uint8_t version, flags;
	uint32_t argc, envc;
	ExecSpec spec;
	if (!in.u8(version) || !in.u8(flags) || !in.u16(spec.window.rows) ||
	    !in.u16(spec.window.cols) || !in.u32(argc) || !in.u32(envc))
		return bad_spec("truncated header");
	if (version != exec_spec_version)
		return bad_spec("version " + std::to_string(version) + ", not " +
				std::to_string(exec_spec_version));
	if (flags & ~spec_flag_tty)
		return bad_spec("unknown flags");
	spec.tty = flags & spec_flag_tty;
	// Each string takes at least its length: a count cannot ask for more
	// strings than the bytes left could hold.
	if (argc == 0 || argc > in.left() / 4 || envc > in.left() / 4 - argc)
		return bad_spec("counts out of bounds");
	if (!in.string(spec.cwd))
		return bad_spec("truncated working directory");
	spec.argv.resize(argc);
	for (std::string &word : spec.argv)
		if (!in.string(word))
			return bad_spec("truncated argument");
	spec.env.resize(envc);
	for (std::string &entry : spec.env)
		if (!in.string(entry))
			return bad_spec("truncated environment");
	if (in.left() != 0)
		return bad_spec("bytes after the environment");
	if (const auto checked = check_spec(spec); !checked)
		return checked.error();
	return spec;
}

std::size_t exec_record_size(const ExecRecord &record)
{
	return std::visit(
		[](const auto &r) -> std::size_t {
			using R = std::decay_t<decltype(r)>;
			if constexpr (std::is_same_v<R, DataRecord>)
				return exec_data_header + r.bytes.size();
			else if constexpr (std::is_same_v<R, EofRecord> ||
					   std::is_same_v<R, SignalRecord>)
				return 2;
			else if constexpr (std::is_same_v<R, WinchRecord>)
				return 5;
			else if constexpr (std::is_same_v<R, ExitRecord>)
				return 4;
			else
				return 3 + r.message.size();
		},
		record);
}

void append_exec_record(std::string &chunk, const ExecRecord &record)
{
	std::visit(
		[&](const auto &r) {
			using R = std::decay_t<decltype(r)>;
			if constexpr (std::is_same_v<R, DataRecord>) {
				put_u8(chunk, static_cast<uint8_t>(RecordType::data));
				put_u8(chunk, static_cast<uint8_t>(r.stream));
				put_u16(chunk, static_cast<uint16_t>(r.bytes.size()));
				chunk.append(r.bytes);
			} else if constexpr (std::is_same_v<R, EofRecord>) {
				put_u8(chunk, static_cast<uint8_t>(RecordType::eof));
				put_u8(chunk, static_cast<uint8_t>(r.stream));
			} else if constexpr (std::is_same_v<R, SignalRecord>) {
				put_u8(chunk, static_cast<uint8_t>(RecordType::signal));
				put_u8(chunk, static_cast<uint8_t>(r.signo));
			} else if constexpr (std::is_same_v<R, WinchRecord>) {
				put_u8(chunk, static_cast<uint8_t>(RecordType::winch));
				put_u16(chunk, r.window.rows);
				put_u16(chunk, r.window.cols);
			} else if constexpr (std::is_same_v<R, ExitRecord>) {
				put_u8(chunk, static_cast<uint8_t>(RecordType::exit));
				put_u8(chunk, r.signaled ? 1 : 0);
				put_u8(chunk, static_cast<uint8_t>(r.code));
				put_u8(chunk, r.core ? 1 : 0);
			} else {
				put_u8(chunk, static_cast<uint8_t>(RecordType::error));
				put_u16(chunk, static_cast<uint16_t>(r.message.size()));
				chunk.append(r.message);
			}
		},
		record);
}

std::string exec_chunk(const ExecRecord &record)
{
	std::string chunk;
	append_exec_record(chunk, record);
	return chunk;
}

Result<std::vector<ExecRecord>> decode_exec_chunk(std::string_view chunk)
{
	if (chunk.empty() || chunk.size() > HIVE_EXEC_DATA_MAX)
		return bad_chunk("length out of bounds");
	Reader in(chunk);
	std::vector<ExecRecord> records;
	while (in.left() != 0) {
		auto record = decode_record(in);
		if (!record)
			return record.error();
		records.push_back(std::move(record.value()));
	}
	return records;
}

std::string exec_error_text(std::string_view text)
{
	std::string out;
	while (!text.empty() && out.size() < exec_error_max) {
		const std::size_t length = utf8_length(text);
		if (length == 0 || (length == 1 && is_control(static_cast<unsigned char>(text[0])))) {
			out.push_back('?');
			text.remove_prefix(1);
			continue;
		}
		if (out.size() + length > exec_error_max)
			break;
		out.append(text.substr(0, length));
		text.remove_prefix(length);
	}
	return out.empty() ? "?" : out;
}

} // namespace hive
