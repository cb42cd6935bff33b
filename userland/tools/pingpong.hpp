// SPDX-License-Identifier: GPL-2.0
/*
 * hive-pingpong: a raw TCP ping-pong, the baseline hive's echo RPC
 * benchmarks are measured against.
 *
 * On the wire: the client opens with 8 bytes, "HPP1" and the message size
 * (u32, big-endian); then it sends one message of that size at a time and
 * the server sends each one back before the next is sent.
 */
#ifndef HIVE_TOOLS_PINGPONG_HPP
#define HIVE_TOOLS_PINGPONG_HPP

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>

#include "hive/result.hpp"

namespace hive::tools {

inline constexpr uint32_t pingpong_magic = 0x48505031; // "HPP1"
inline constexpr uint32_t pingpong_size_max = 16u << 20;
inline constexpr uint64_t pingpong_count_max = 10000000;
inline constexpr uint64_t pingpong_default_warmup = 100;

/// "hive-pingpong server PORT"
struct PingpongServer {
	uint16_t port; // 0: any free port
};

/// "hive-pingpong client ADDRESS PORT --size BYTES --count N [--warmup N]"
struct PingpongClient {
	std::string host;
	uint16_t port;
	uint32_t size;
	uint64_t count;
	uint64_t warmup;
};

using PingpongCommand = std::variant<PingpongServer, PingpongClient>;

/// Reads hive-pingpong's arguments (without the program name); the error
/// is a usage error.
Result<PingpongCommand> parse_pingpong_command(std::span<const std::string_view> args);

/// Serves clients one after another, forever; returns only if it cannot
/// listen.  Prints "listening port=N" once it accepts connections.
Result<void> run_pingpong_server(const PingpongServer &server);

/// Runs the ping-pong and returns its latency_line().
Result<std::string> run_pingpong_client(const PingpongClient &client);

} // namespace hive::tools

#endif // HIVE_TOOLS_PINGPONG_HPP
