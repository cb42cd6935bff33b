// SPDX-License-Identifier: GPL-2.0
#ifndef HIVE_EXEC_PROTOCOL_HPP
#define HIVE_EXEC_PROTOCOL_HPP

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "hive/result.hpp"

namespace hive {

/*
 * The exec protocol: what `hivectl run --node` and hive-exec say to each
 * other through hive.ko, which carries both the spec and the chunks unread.
 * Documentation/exec-protocol.rst describes the formats; every integer is
 * little-endian, every string a u32 length and that many bytes.
 */

/// The version of the spec encoding; a decoder refuses any other.
inline constexpr uint8_t exec_spec_version = 1;

/// The longest ERROR message a record carries.
inline constexpr std::size_t exec_error_max = 4096;

/// A terminal's size in characters.
struct WindowSize {
	uint16_t rows = 0;
	uint16_t cols = 0;

	bool operator==(const WindowSize &) const = default;
};

/// What to run on the remote node, and how.
struct ExecSpec {
	std::vector<std::string> argv;	///< at least one word, argv[0] not empty
	std::vector<std::string> env;	///< "NAME=value" each
	std::string cwd;		///< absolute
	bool tty = false;		///< run it on a pseudo-terminal
	WindowSize window;		///< the terminal's size, when tty

	bool operator==(const ExecSpec &) const = default;
};

/// Encodes @p spec; fails, with a sentence for the user, when it does not
/// fit HIVE_EXEC_SPEC_MAX or breaks a rule decode_exec_spec() checks.
Result<std::string> encode_exec_spec(const ExecSpec &spec);

/// Decodes and checks a spec: version, counts, lengths, no NUL in any
/// string, an '=' in every environment entry, an absolute cwd, nothing
/// left over.
Result<ExecSpec> decode_exec_spec(std::string_view bytes);

/// The streams of the command.
enum class Stream : uint8_t {
	in = 0,
	out = 1,
	err = 2,
};

/// Bytes of a stream: stdin from hivectl, stdout or stderr from hive-exec.
struct DataRecord {
	Stream stream;
	std::string bytes;	///< at least one

	bool operator==(const DataRecord &) const = default;
};

/// The stream is closed: stdin ended (hivectl to hive-exec), or nothing
/// reads stdout or stderr any more (hivectl to hive-exec, so that the
/// command's next write fails with EPIPE).
struct EofRecord {
	Stream stream;

	bool operator==(const EofRecord &) const = default;
};

/// A signal for the command's process group, 1..64.
struct SignalRecord {
	int signo;

	bool operator==(const SignalRecord &) const = default;
};

/// The origin terminal's new size.
struct WinchRecord {
	WindowSize window;

	bool operator==(const WinchRecord &) const = default;
};

/// How the command ended: its exit code 0..255, or the signal 1..64 that
/// killed it and whether that dumped core.
struct ExitRecord {
	bool signaled = false;
	int code = 0;		///< the exit code, or the signal
	bool core = false;	///< only with signaled

	bool operator==(const ExitRecord &) const = default;
};

/// A message hive-exec wants printed on the origin, UTF-8 without control
/// characters, 1..exec_error_max bytes: why the command could not run.
struct ErrorRecord {
	std::string message;

	bool operator==(const ErrorRecord &) const = default;
};

using ExecRecord =
	std::variant<DataRecord, EofRecord, SignalRecord, WinchRecord, ExitRecord, ErrorRecord>;

/// The size of a DATA record's header: the most stream bytes one chunk
/// carries is HIVE_EXEC_DATA_MAX minus this.
inline constexpr std::size_t exec_data_header = 4;

/// How many bytes @p record takes in a chunk.
std::size_t exec_record_size(const ExecRecord &record);

/// Appends @p record to @p chunk.  The caller keeps the chunk within
/// HIVE_EXEC_DATA_MAX and each record within its bounds (see the records).
void append_exec_record(std::string &chunk, const ExecRecord &record);

/// A chunk of exactly one record.
std::string exec_chunk(const ExecRecord &record);

/// Decodes a chunk: 1..HIVE_EXEC_DATA_MAX bytes of whole records, each
/// checked against its bounds.
Result<std::vector<ExecRecord>> decode_exec_chunk(std::string_view chunk);

/// @p text made fit for an ErrorRecord: control characters and bytes that
/// are not UTF-8 become '?', and it is cut to exec_error_max bytes; an
/// empty text becomes "?".
std::string exec_error_text(std::string_view text);

} // namespace hive

#endif // HIVE_EXEC_PROTOCOL_HPP
