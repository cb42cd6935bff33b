// SPDX-License-Identifier: GPL-2.0
/*
 * The flood case: --count connections opened as fast as the probe can,
 * held open (silent) for a second, then closed.  It shows whether the
 * node's listener keeps answering under a burst of pending handshakes, and
 * how many of them the node closed itself (refused_busy).
 */
#include <cerrno>
#include <vector>

#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include "probe.hpp"
#include "socket.hpp"

namespace hive::tools {
namespace {

// How long the connections stay open once every connect has resolved.
constexpr std::chrono::seconds hold_time{1};
// Descriptors the probe needs besides its connections.
constexpr rlim_t spare_files = 32;

enum class State { connecting, open, refused, closed_by_node };

struct Connection {
	Fd fd;
	State state;
};

Result<void> allow_open_files(uint32_t count)
{
	rlimit limit;
	if (getrlimit(RLIMIT_NOFILE, &limit) != 0)
		return Error{"cannot read the open-file limit: " + error_text(errno)};
	const rlim_t needed = count + spare_files;
	if (limit.rlim_cur >= needed)
		return {};
	if (limit.rlim_max < needed)
		return Error{"flood: --count " + std::to_string(count) + " needs " +
			     std::to_string(needed) + " open files, the hard limit is " +
			     std::to_string(limit.rlim_max) + " (ulimit -Hn)"};
	limit.rlim_cur = needed;
	if (setrlimit(RLIMIT_NOFILE, &limit) != 0)
		return Error{"cannot raise the open-file limit: " + error_text(errno)};
	return {};
}

// Polls the connections in @state for @events until @deadline or until
// none is left in @state; @on_ready moves a ready one to another state.
template <typename OnReady>
Result<void> poll_until(std::vector<Connection> &connections, State state, short events,
			Clock::time_point deadline, OnReady on_ready)
{
	for (;;) {
		std::vector<pollfd> fds;
		std::vector<Connection *> owners;
		for (Connection &c : connections) {
			if (c.state != state)
				continue;
			fds.push_back(pollfd{c.fd.get(), events, 0});
			owners.push_back(&c);
		}
		const auto left = deadline - Clock::now();
		if (fds.empty() || left <= Clock::duration::zero())
			return {};
		const auto ms = std::chrono::ceil<std::chrono::milliseconds>(left).count();
		const int n = poll(fds.data(), fds.size(), static_cast<int>(ms));
		if (n < 0 && errno != EINTR)
			return Error{"flood: poll: " + error_text(errno)};
		for (size_t i = 0; n > 0 && i < fds.size(); ++i)
			if (fds[i].revents)
				on_ready(*owners[i]);
	}
}

size_t count_in(const std::vector<Connection> &connections, State state)
{
	size_t n = 0;
	for (const Connection &c : connections)
		n += c.state == state;
	return n;
}

} // namespace

Result<ProbeReport> run_flood(const ProbeOptions &o)
{
	if (auto allowed = allow_open_files(o.count); !allowed)
		return allowed.error();
	const auto endpoints = resolve(o.host, o.port);
	if (!endpoints)
		return endpoints.error();
	const Endpoint &to = endpoints.value().front();

	std::vector<Connection> connections;
	connections.reserve(o.count);
	int refusal = 0;
	for (uint32_t i = 0; i < o.count; ++i) {
		auto fd = open_stream_socket(to.family);
		if (!fd)
			return fd.error();
		if (!o.from.empty())
			if (auto bound = bind_source(fd.value().get(), to.family, o.from); !bound)
				return bound.error();
		const int rc = start_connect(fd.value().get(), to);
		const State state = rc == 0 ? State::open
				    : rc == EINPROGRESS ? State::connecting
							: State::refused;
		if (state == State::refused)
			refusal = rc;
		connections.push_back(Connection{std::move(fd.value()), state});
	}

	const auto started = Clock::now();
	auto connected = poll_until(connections, State::connecting, POLLOUT, started + o.wait,
				    [&](Connection &c) {
					    const int error = connect_result(c.fd.get());
					    c.state = error ? State::refused : State::open;
					    if (error)
						    refusal = error;
				    });
	if (!connected)
		return connected.error();

	// Hold: the connections stay silent; a node that closes one makes it
	// readable (EOF or reset).  Anything it sends is read and ignored.
	auto held = poll_until(connections, State::open, POLLIN | POLLRDHUP,
			       Clock::now() + hold_time, [](Connection &c) {
				       uint8_t scratch[256];
				       const ssize_t n = recv(c.fd.get(), scratch, sizeof scratch,
							      MSG_DONTWAIT);
				       if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
					       c.state = State::closed_by_node;
			       });
	if (!held)
		return held.error();

	const size_t unanswered = count_in(connections, State::connecting);
	const size_t refused = count_in(connections, State::refused);
	const size_t closed = count_in(connections, State::closed_by_node);
	const size_t accepted = count_in(connections, State::open) + closed;
	connections.clear();

	std::string text = "flood: " + std::to_string(o.count) + " connections: " +
			   std::to_string(accepted) + " accepted, " + std::to_string(refused) +
			   " refused";
	if (refused)
		text += " (" + error_text(refusal) + ")";
	text += ", " + std::to_string(unanswered) + " unanswered after " +
		std::to_string(o.wait.count()) + " s; node closed " + std::to_string(closed) +
		" of the accepted within " + std::to_string(hold_time.count()) + " s\n";
	return ProbeReport{unanswered == 0, text};
}

} // namespace hive::tools
