// SPDX-License-Identifier: GPL-2.0
#include "pingpong.hpp"

#include <array>
#include <cerrno>
#include <cstring>
#include <vector>

#include <sys/socket.h>

#include "hive/print.hpp"
#include "hive/quote.hpp"
#include "latency.hpp"
#include "options.hpp"
#include "socket.hpp"

namespace hive::tools {
namespace {

// A peer that stops answering for this long is gone: no wait is unbounded.
constexpr std::chrono::seconds io_timeout{30};
constexpr std::chrono::milliseconds connect_timeout{10000};

constexpr std::array<std::string_view, 3> client_options{"--size", "--count", "--warmup"};

using Preamble = std::array<uint8_t, 8>;

Preamble encode_preamble(uint32_t size)
{
	Preamble p;
	for (int i = 0; i < 4; ++i) {
		p[i] = static_cast<uint8_t>(pingpong_magic >> (24 - 8 * i));
		p[4 + i] = static_cast<uint8_t>(size >> (24 - 8 * i));
	}
	return p;
}

uint32_t read_u32(const uint8_t *p)
{
	return uint32_t{p[0]} << 24 | uint32_t{p[1]} << 16 | uint32_t{p[2]} << 8 | p[3];
}

std::string read_failure(const char *what, const ReadOutcome &r)
{
	switch (r.event) {
	case PeerEvent::eof:
		return std::string(what) + ": the peer closed the connection";
	case PeerEvent::reset:
		return std::string(what) + ": the peer reset the connection";
	case PeerEvent::timeout:
		return std::string(what) + ": no answer for " +
		       std::to_string(io_timeout.count()) + " s";
	default:
		return std::string(what) + ": " + error_text(r.errno_value);
	}
}

Result<PingpongCommand> parse_client(std::span<const std::string_view> args)
{
	const auto line = split_command_line(args, client_options);
	if (!line)
		return line.error();
	const auto &words = line.value().positional;
	if (words.size() != 2)
		return Error{"client needs ADDRESS PORT"};
	const auto port = parse_port_number("PORT", words[1], false);
	if (!port)
		return port.error();
	const auto size_text = line.value().option("--size");
	const auto count_text = line.value().option("--count");
	if (!size_text || !count_text)
		return Error{"client needs --size and --count"};
	const auto size = parse_number("--size", *size_text, 1, pingpong_size_max);
	if (!size)
		return size.error();
	const auto count = parse_number("--count", *count_text, 1, pingpong_count_max);
	if (!count)
		return count.error();
	uint64_t warmup = pingpong_default_warmup;
	if (const auto text = line.value().option("--warmup")) {
		const auto parsed = parse_number("--warmup", *text, 0, pingpong_count_max);
		if (!parsed)
			return parsed.error();
		warmup = parsed.value();
	}
	return PingpongCommand{PingpongClient{std::string(words[0]), port.value(),
					      static_cast<uint32_t>(size.value()),
					      count.value(), warmup}};
}

// Echoes one client's messages until it closes the connection.
Result<void> serve_client(int fd)
{
	if (auto r = set_nodelay(fd); !r)
		return r.error();
	if (auto r = set_io_timeout(fd, io_timeout); !r)
		return r.error();
	Preamble preamble;
	const auto opened = read_exact(fd, preamble, std::nullopt);
	if (opened.event != PeerEvent::none)
		return Error{read_failure("reading the size", opened)};
	const uint32_t size = read_u32(&preamble[4]);
	if (read_u32(&preamble[0]) != pingpong_magic || size == 0 || size > pingpong_size_max)
		return Error{"not a hive-pingpong client (bad first 8 bytes)"};
	std::vector<uint8_t> message(size);
	for (;;) {
		const auto got = read_exact(fd, message, std::nullopt);
		if (got.event == PeerEvent::eof && got.got == 0)
			return {};
		if (got.event != PeerEvent::none)
			return Error{read_failure("reading a message", got)};
		const auto sent = send_all(fd, message);
		if (sent.error)
			return Error{"echoing a message: " + error_text(sent.error)};
	}
}

// Round i's number in the first bytes of its message, so that an echo of
// the wrong message (or of garbage) is caught.
void stamp(std::vector<uint8_t> &message, uint64_t round)
{
	for (size_t i = 0; i < message.size() && i < sizeof round; ++i)
		message[i] = static_cast<uint8_t>(round >> (8 * i));
}

} // namespace

Result<PingpongCommand> parse_pingpong_command(std::span<const std::string_view> args)
{
	if (args.empty())
		return Error{"missing MODE (server or client)"};
	if (args[0] == "client")
		return parse_client(args.subspan(1));
	if (args[0] != "server")
		return Error{"unknown mode " + quote(args[0]) + " (server or client)"};
	const auto line = split_command_line(args.subspan(1), {});
	if (!line)
		return line.error();
	if (line.value().positional.size() != 1)
		return Error{"server needs exactly one PORT"};
	const auto port = parse_port_number("PORT", line.value().positional[0], true);
	if (!port)
		return port.error();
	return PingpongCommand{PingpongServer{port.value()}};
}

Result<void> run_pingpong_server(const PingpongServer &server)
{
	auto listener = listen_tcp(server.port);
	if (!listener)
		return listener.error();
	const auto port = local_port(listener.value().get());
	if (!port)
		return port.error();
	if (auto printed = print("listening port=" + std::to_string(port.value()) + "\n"); !printed)
		return printed.error();
	for (;;) {
		Fd client(accept4(listener.value().get(), nullptr, nullptr, SOCK_CLOEXEC));
		if (!client) {
			// A client that gave up before accept() is no reason to stop.
			if (errno != EINTR && errno != ECONNABORTED)
				report("hive-pingpong", exit_failed, "accept: " + error_text(errno));
			continue;
		}
		if (auto served = serve_client(client.get()); !served)
			report("hive-pingpong", exit_failed, "client: " + served.error().message);
	}
}

Result<std::string> run_pingpong_client(const PingpongClient &client)
{
	auto connected = connect_tcp(client.host, client.port, connect_timeout);
	if (!connected)
		return connected.error();
	const int fd = connected.value().get();
	if (auto r = set_nodelay(fd); !r)
		return r.error();
	if (auto r = set_io_timeout(fd, io_timeout); !r)
		return r.error();
	const Preamble preamble = encode_preamble(client.size);
	if (const auto sent = send_all(fd, preamble); sent.error)
		return Error{"sending the size: " + error_text(sent.error)};

	std::vector<uint8_t> out(client.size, 0x5a);
	std::vector<uint8_t> in(client.size);
	std::vector<uint64_t> samples;
	samples.reserve(client.count);
	for (uint64_t round = 0; round < client.warmup + client.count; ++round) {
		stamp(out, round);
		const uint64_t start = monotonic_ns();
		if (const auto sent = send_all(fd, out); sent.error)
			return Error{"sending a message: " + error_text(sent.error)};
		const auto got = read_exact(fd, in, std::nullopt);
		const uint64_t end = monotonic_ns();
		if (got.event != PeerEvent::none)
			return Error{read_failure("reading an echo", got)};
		if (std::memcmp(in.data(), out.data(), std::min<size_t>(in.size(), 8)) != 0)
			return Error{"the server echoed something else than what was sent"};
		if (round >= client.warmup)
			samples.push_back(end - start);
	}
	return latency_line(client.size, client.count, summarize(samples));
}

} // namespace hive::tools
