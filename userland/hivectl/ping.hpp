// SPDX-License-Identifier: GPL-2.0
#ifndef HIVECTL_PING_HPP
#define HIVECTL_PING_HPP

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "hive/echo.hpp"
#include "hive/result.hpp"

namespace hivectl {

/// `hivectl ping`'s defaults: ten echoes of 64 bytes.
inline constexpr uint32_t ping_default_count = 10;
inline constexpr uint32_t ping_default_size = 64;
/// HIVE_ATTR_ECHO_TIMEOUT_MS's range ends here (10 minutes).
inline constexpr uint32_t ping_timeout_ms_max = 600000;

/// `hivectl ping`'s command line.
struct PingOptions {
	hive::EchoRequest request;
	bool json = false;
};

/// Reads the arguments after "ping": NODE [--count N] [--size BYTES]
/// [--oneway] [--timeout MS] [--json], each option also as --name=VALUE.
/// Every value is checked against the kernel's limits here, so a typo is a
/// usage error and never reaches the kernel.  Errors start with "ping: ".
hive::Result<PingOptions> parse_ping_options(std::span<const std::string_view> args);

/// @p ns as a person reads a duration: milliseconds below a second, else
/// seconds, rounded to three decimals without trailing zeros ("0.612 ms",
/// "1.6 ms", "7 ms", "1.23 s").
std::string duration_text(uint64_t ns);

/// `hivectl ping`'s sentence, for example "node 2: 10 of 10 echoes of 64 B
/// answered: min 0.612 ms, p50 0.701 ms, p99 1.502 ms, max 1.6 ms, 7.2 ms in
/// all", or for a one-way run "node 2: 1000 one-way messages of 65536 B
/// handled in 1.23 s: 53.3 MB/s".
std::string ping_text(const hive::EchoRequest &request, const hive::EchoResult &result);

/// `hivectl ping --json`: one JSON object on one line.
std::string ping_json(const hive::EchoRequest &request, const hive::EchoResult &result);

} // namespace hivectl

#endif // HIVECTL_PING_HPP
