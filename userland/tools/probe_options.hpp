// SPDX-License-Identifier: GPL-2.0
/*
 * hive-probe's command line: ADDRESS PORT CASE and the options each case
 * takes.  An option a case does not use is a usage error, so a test cannot
 * believe it set something the probe ignored.
 */
#ifndef HIVE_TOOLS_PROBE_OPTIONS_HPP
#define HIVE_TOOLS_PROBE_OPTIONS_HPP

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "hive/result.hpp"

namespace hive::tools {

enum class ProbeCase {
	random,      // 4 KiB of random bytes
	truncated,   // the first 20 bytes of a HELLO header, then silence
	huge_length, // a HELLO header announcing a 0xffffffff-byte payload
	bad_magic,   // a HELLO with another magic
	bad_version, // a HELLO of the next protocol version
	paged,       // a HELLO that claims a page, and the page
	bad_cluster, // a HELLO with another cluster id
	not_member,  // a HELLO from an incarnation nobody has
	wrong_key,   // a real member's HELLO, then an AUTH made with a wrong key
	silent,      // nothing at all
	flood,       // many connections at once, held open for a second
};

/// The name of @p probe on the command line ("huge-length").
[[nodiscard]] std::string_view probe_case_name(ProbeCase probe);

struct ProbeOptions {
	std::string host;
	uint16_t port = 0;
	ProbeCase probe = ProbeCase::random;
	std::string cluster = "hive";
	uint32_t node = 1;		       // --as
	std::optional<uint64_t> incarnation;   // --incarnation; unset: random
	uint64_t epoch = 0;		       // --epoch
	uint32_t target = 2;		       // --target
	uint64_t target_incarnation = 0;       // --target-incarnation
	std::string key_path;		       // --key (wrong-key)
	std::chrono::seconds wait{8};	       // --wait
	uint32_t count = 100;		       // --count (flood)
	std::string from;		       // --from: local address; empty: any
};

inline constexpr uint64_t probe_wait_max = 3600;
inline constexpr uint64_t probe_count_max = 65536;

/// Reads hive-probe's arguments (without the program name); the error is
/// a usage error.
Result<ProbeOptions> parse_probe_options(std::span<const std::string_view> args);

} // namespace hive::tools

#endif // HIVE_TOOLS_PROBE_OPTIONS_HPP
