// SPDX-License-Identifier: GPL-2.0
// The exec protocol: what hivectl encodes hive-exec decodes to the same
// thing, and the other way round; every truncation, every bound and
// garbage are refused, and the refusal says which.
#include "hive/exec_protocol.hpp"

#include <random>

#include <gtest/gtest.h>

#include "hive_netlink.h"

namespace {

using hive::ExecRecord;
using hive::ExecSpec;
using hive::Stream;

ExecSpec sample_spec()
{
	return ExecSpec{{"ls", "-l", "", "a b"},
			{"HOME=/home/ann", "TERM=xterm", "EMPTY="},
			"/home/ann",
			true,
			{24, 80}};
}

std::string encoded(const ExecSpec &spec)
{
	const auto bytes = hive::encode_exec_spec(spec);
	EXPECT_TRUE(bytes.ok()) << bytes.error().message;
	return bytes.ok() ? bytes.value() : std::string();
}

std::string spec_error(std::string_view bytes)
{
	const auto spec = hive::decode_exec_spec(bytes);
	EXPECT_FALSE(spec.ok());
	return spec.ok() ? std::string() : spec.error().message;
}

std::string chunk_error(std::string_view bytes)
{
	const auto records = hive::decode_exec_chunk(bytes);
	EXPECT_FALSE(records.ok());
	return records.ok() ? std::string() : records.error().message;
}

std::vector<ExecRecord> sample_records()
{
	return {hive::DataRecord{Stream::in, "hello\n"},
		hive::DataRecord{Stream::out, std::string(1, '\0')},
		hive::DataRecord{Stream::err, "x"},
		hive::EofRecord{Stream::in},
		hive::EofRecord{Stream::out},
		hive::SignalRecord{1},
		hive::SignalRecord{64},
		hive::WinchRecord{{65535, 0}},
		hive::ExitRecord{false, 0, false},
		hive::ExitRecord{false, 255, false},
		hive::ExitRecord{true, 11, true},
		hive::ErrorRecord{"cannot run 'x': No such file or directory \xc3\xa9"}};
}

std::string chunk_of(const std::vector<ExecRecord> &records)
{
	std::string chunk;
	for (const ExecRecord &record : records)
		hive::append_exec_record(chunk, record);
	return chunk;
}

TEST(ExecSpec, RoundTrips)
{
	const ExecSpec spec = sample_spec();
	const auto decoded = hive::decode_exec_spec(encoded(spec));
	ASSERT_TRUE(decoded.ok()) << decoded.error().message;
	EXPECT_EQ(decoded.value(), spec);

	const ExecSpec minimal{{"true"}, {}, "/", false, {}};
	const auto again = hive::decode_exec_spec(encoded(minimal));
	ASSERT_TRUE(again.ok()) << again.error().message;
	EXPECT_EQ(again.value(), minimal);
}

TEST(ExecSpec, EveryTruncationIsRefused)
{
	const std::string bytes = encoded(sample_spec());
	for (std::size_t length = 0; length < bytes.size(); ++length)
		EXPECT_FALSE(hive::decode_exec_spec(bytes.substr(0, length)).ok()) << length;
}

TEST(ExecSpec, TrailingBytesAreRefused)
{
	EXPECT_EQ(spec_error(encoded(sample_spec()) + "x"),
		  "malformed exec spec: bytes after the environment");
}

TEST(ExecSpec, HeaderFieldsAreChecked)
{
	std::string bytes = encoded(sample_spec());
	bytes[0] = 2;
	EXPECT_EQ(spec_error(bytes), "malformed exec spec: version 2, not 1");
	bytes = encoded(sample_spec());
	bytes[1] = 0x03;
	EXPECT_EQ(spec_error(bytes), "malformed exec spec: unknown flags");
	// argc 0, then an argc and an envc larger than the bytes could hold.
	bytes = encoded(sample_spec());
	bytes.replace(6, 4, std::string("\0\0\0\0", 4));
	EXPECT_EQ(spec_error(bytes), "malformed exec spec: counts out of bounds");
	bytes.replace(6, 4, std::string("\xff\xff\xff\xff", 4));
	EXPECT_EQ(spec_error(bytes), "malformed exec spec: counts out of bounds");
	bytes = encoded(sample_spec());
	bytes.replace(10, 4, std::string("\xff\xff\xff\x7f", 4));
	EXPECT_EQ(spec_error(bytes), "malformed exec spec: counts out of bounds");
}

TEST(ExecSpec, ContentRulesHoldBothWays)
{
	const auto refused = [](ExecSpec spec, std::string_view why) {
		const auto bytes = hive::encode_exec_spec(spec);
		ASSERT_FALSE(bytes.ok());
		EXPECT_EQ(bytes.error().message, "malformed exec spec: " + std::string(why));
	};
	ExecSpec spec = sample_spec();
	spec.argv.clear();
	refused(spec, "no command");
	spec.argv = {""};
	refused(spec, "the command is an empty word");
	spec = sample_spec();
	spec.cwd = "relative";
	refused(spec, "the working directory is not an absolute path");
	spec = sample_spec();
	spec.argv[1] = std::string("a\0b", 3);
	refused(spec, "a string holds a NUL byte");
	spec = sample_spec();
	spec.env.push_back("NOEQUALS");
	refused(spec, "an environment entry has no '='");

	// The decoder holds a hand-made spec to the same rules: a NUL in cwd.
	std::string bytes = encoded(ExecSpec{{"true"}, {}, "/a", false, {}});
	bytes[bytes.find("/a") + 1] = '\0';
	EXPECT_EQ(spec_error(bytes), "malformed exec spec: a string holds a NUL byte");
}

TEST(ExecSpec, TooLargeSaysWhatHiveCarries)
{
	ExecSpec spec{{"true"}, {"BIG=" + std::string(HIVE_EXEC_SPEC_MAX, 'x')}, "/", false, {}};
	const auto bytes = hive::encode_exec_spec(spec);
	ASSERT_FALSE(bytes.ok());
	EXPECT_EQ(bytes.error().message,
		  "the command line and environment are larger than hive carries (65528 bytes)");

	// Exactly the limit fits.
	const std::size_t overhead = encoded(ExecSpec{{"true"}, {"BIG="}, "/", false, {}}).size();
	spec.env[0] = "BIG=" + std::string(HIVE_EXEC_SPEC_MAX - overhead, 'x');
	EXPECT_EQ(encoded(spec).size(), std::size_t{HIVE_EXEC_SPEC_MAX});
	EXPECT_TRUE(hive::decode_exec_spec(encoded(spec)).ok());
}

TEST(ExecChunk, RecordsRoundTripInOrder)
{
	const auto records = sample_records();
	const std::string chunk = chunk_of(records);
	std::size_t size = 0;
	for (const ExecRecord &record : records)
		size += hive::exec_record_size(record);
	EXPECT_EQ(chunk.size(), size);
	const auto decoded = hive::decode_exec_chunk(chunk);
	ASSERT_TRUE(decoded.ok()) << decoded.error().message;
	EXPECT_EQ(decoded.value(), records);
}

TEST(ExecChunk, EachRecordAloneRoundTrips)
{
	for (const ExecRecord &record : sample_records()) {
		const auto decoded = hive::decode_exec_chunk(hive::exec_chunk(record));
		ASSERT_TRUE(decoded.ok()) << decoded.error().message;
		ASSERT_EQ(decoded.value().size(), 1u);
		EXPECT_EQ(decoded.value()[0], record);
	}
}

TEST(ExecChunk, EveryTruncationOfARecordIsRefused)
{
	for (const ExecRecord &record : sample_records()) {
		const std::string chunk = hive::exec_chunk(record);
		for (std::size_t length = 1; length < chunk.size(); ++length)
			EXPECT_FALSE(hive::decode_exec_chunk(chunk.substr(0, length)).ok())
				<< record.index() << " cut to " << length;
	}
}

TEST(ExecChunk, LengthBounds)
{
	EXPECT_EQ(chunk_error(""), "malformed exec chunk: length out of bounds");
	const std::size_t most = HIVE_EXEC_DATA_MAX - hive::exec_data_header;
	const std::string full = hive::exec_chunk(hive::DataRecord{Stream::out, std::string(most, 'a')});
	EXPECT_EQ(full.size(), std::size_t{HIVE_EXEC_DATA_MAX});
	EXPECT_TRUE(hive::decode_exec_chunk(full).ok());
	EXPECT_EQ(chunk_error(full + std::string(1, '\x02')),
		  "malformed exec chunk: length out of bounds");
	// A DATA record claiming one byte more than a chunk carries: type,
	// stream, then the u16 length.
	std::string header("\x01\x01", 2);
	header.push_back(static_cast<char>((most + 1) & 0xff));
	header.push_back(static_cast<char>((most + 1) >> 8));
	EXPECT_EQ(chunk_error(header + "x"), "malformed exec chunk: DATA record of a bad length");
}

TEST(ExecChunk, FieldBoundsAreChecked)
{
	using namespace std::string_literals;
	EXPECT_EQ(chunk_error("\x01\x03\x01\x00x"s),
		  "malformed exec chunk: DATA record for no stream");
	EXPECT_EQ(chunk_error("\x01\x01\x00\x00"s),
		  "malformed exec chunk: DATA record of a bad length");
	EXPECT_EQ(chunk_error("\x02\x03"s), "malformed exec chunk: EOF record for no stream");
	EXPECT_EQ(chunk_error("\x03\x00"s), "malformed exec chunk: SIGNAL record for no signal");
	EXPECT_EQ(chunk_error("\x03\x41"s), "malformed exec chunk: SIGNAL record for no signal");
	EXPECT_EQ(chunk_error("\x05\x02\x00\x00"s),
		  "malformed exec chunk: EXIT record out of bounds");
	EXPECT_EQ(chunk_error("\x05\x00\x00\x01"s),
		  "malformed exec chunk: EXIT record out of bounds");
	EXPECT_EQ(chunk_error("\x05\x01\x00\x00"s),
		  "malformed exec chunk: EXIT record out of bounds");
	EXPECT_EQ(chunk_error("\x05\x01\x41\x00"s),
		  "malformed exec chunk: EXIT record out of bounds");
	EXPECT_EQ(chunk_error("\x05\x00\x00\x02"s),
		  "malformed exec chunk: EXIT record out of bounds");
	EXPECT_EQ(chunk_error("\x07"s), "malformed exec chunk: unknown record type 7");
	EXPECT_EQ(chunk_error("\x00"s), "malformed exec chunk: unknown record type 0");
}

TEST(ExecChunk, ErrorMessagesArePrintableUtf8)
{
	using namespace std::string_literals;
	const std::string bad = "malformed exec chunk: ERROR record that is not a printable UTF-8 message";
	EXPECT_EQ(chunk_error("\x06\x00\x00"s), bad);
	EXPECT_EQ(chunk_error("\x06\x01\x00\n"s), bad);
	EXPECT_EQ(chunk_error("\x06\x01\x00\xff"s), bad);
	EXPECT_EQ(chunk_error("\x06\x02\x00\xc0\x80"s), bad);	// overlong NUL
	EXPECT_EQ(chunk_error("\x06\x03\x00\xed\xa0\x80"s), bad);	// a surrogate
	EXPECT_EQ(chunk_error("\x06\x02\x00\xc3"s), "malformed exec chunk: truncated ERROR record");
	const std::string longest(hive::exec_error_max, 'e');
	EXPECT_TRUE(hive::decode_exec_chunk(hive::exec_chunk(hive::ErrorRecord{longest})).ok());
	EXPECT_EQ(chunk_error(hive::exec_chunk(hive::ErrorRecord{longest + "e"})), bad);
}

TEST(ExecChunk, ErrorTextIsMadePrintable)
{
	EXPECT_EQ(hive::exec_error_text("no directory /x\n\xff on node 2"),
		  "no directory /x?? on node 2");
	EXPECT_EQ(hive::exec_error_text("caf\xc3\xa9"), "caf\xc3\xa9");
	EXPECT_EQ(hive::exec_error_text(""), "?");
	EXPECT_EQ(hive::exec_error_text(std::string(5000, 'a')).size(), hive::exec_error_max);
	// A character that would cross the bound is left out whole.
	const std::string text = std::string(hive::exec_error_max - 1, 'a') + "\xc3\xa9";
	EXPECT_EQ(hive::exec_error_text(text), std::string(hive::exec_error_max - 1, 'a'));
}

TEST(ExecChunk, GarbageNeverCrashesAndWhatDecodesReencodes)
{
	std::mt19937 rng(1);
	for (int round = 0; round < 20000; ++round) {
		std::string bytes(rng() % 16 + 1, '\0');
		for (char &c : bytes)
			c = static_cast<char>(rng() % 8 == 0 ? rng() : rng() % 8);
		const auto records = hive::decode_exec_chunk(bytes);
		if (records.ok()) {
			EXPECT_EQ(chunk_of(records.value()), bytes);
		}
		(void)hive::decode_exec_spec(bytes);
	}
}

} // namespace
