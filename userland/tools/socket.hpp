// SPDX-License-Identifier: GPL-2.0
/*
 * TCP plumbing shared by hive's test tools: resolving, connecting,
 * listening, whole-buffer sends and reads with deadlines, and watching for
 * the peer to close.  Every wait here is bounded by a deadline or by the
 * socket's I/O timeout, so a tool never hangs on a silent peer.
 */
#ifndef HIVE_TOOLS_SOCKET_HPP
#define HIVE_TOOLS_SOCKET_HPP

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <sys/socket.h>

#include "hive/result.hpp"

namespace hive::tools {

/// CLOCK_MONOTONIC on Linux.
using Clock = std::chrono::steady_clock;

/// Nanoseconds of CLOCK_MONOTONIC, for latency samples.
[[nodiscard]] uint64_t monotonic_ns();

/// Seconds from @p from to @p to, for messages.
[[nodiscard]] double seconds_between(Clock::time_point from, Clock::time_point to);

/// Fills @p buf from getrandom(2).
Result<void> random_bytes(std::span<uint8_t> buf);

/// An owned file descriptor, closed when it goes out of scope.
class Fd {
public:
	Fd() = default;
	explicit Fd(int fd) : fd_(fd) {}
	Fd(Fd &&other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
	Fd &operator=(Fd &&other) noexcept;
	Fd(const Fd &) = delete;
	Fd &operator=(const Fd &) = delete;
	~Fd();

	[[nodiscard]] int get() const { return fd_; }
	explicit operator bool() const { return fd_ >= 0; }

private:
	int fd_ = -1;
};

/// One resolved TCP endpoint.
struct Endpoint {
	sockaddr_storage address;
	socklen_t length;
	int family;
};

/// Resolves @p host (a name or an IPv4/IPv6 literal) with @p port; the
/// error reads "cannot resolve 'x': ...".
Result<std::vector<Endpoint>> resolve(const std::string &host, uint16_t port);

/// "10.0.0.1 port 7400" for messages.
[[nodiscard]] std::string describe(const std::string &host, uint16_t port);

/// A new non-blocking TCP socket of @p family.
Result<Fd> open_stream_socket(int family);

/// Starts connecting non-blocking @p fd to @p to: 0 if connected at once,
/// EINPROGRESS if under way (poll for POLLOUT, then connect_result()), or
/// the errno that failed it.
[[nodiscard]] int start_connect(int fd, const Endpoint &to);

/// The outcome of a connect that was under way: 0 or an errno.
[[nodiscard]] int connect_result(int fd);

/// Binds @p fd (of @p family) to local address @p from, any port, so that
/// its connection leaves from there.  The error names the address.
Result<void> bind_source(int fd, int family, const std::string &from);

/// Connects to @p host:@p port, trying each address it resolves to; gives
/// up on an address after @p timeout.  A non-empty @p from is the local
/// address to connect from (bind_source()).  The error says why the last
/// try failed.
Result<Fd> connect_tcp(const std::string &host, uint16_t port, std::chrono::milliseconds timeout,
		       const std::string &from = {});

/// Listens on @p port (0: any free port) of every local address, IPv6 and
/// IPv4 where the machine has IPv6, IPv4 only where it has not.
Result<Fd> listen_tcp(uint16_t port);

/// The local port @p fd is bound to.
Result<uint16_t> local_port(int fd);

/// Sets TCP_NODELAY on @p fd.
Result<void> set_nodelay(int fd);

/// Bounds every blocking send and receive on @p fd to @p timeout.
Result<void> set_io_timeout(int fd, std::chrono::seconds timeout);

/// Outcome of sending a buffer: how much went out, and the errno that
/// stopped it (0 if all of it did).  EPIPE and ECONNRESET mean the peer
/// closed the connection.
struct SendOutcome {
	size_t sent;
	int error;
};

/// Sends all of @p data (blocking, without SIGPIPE).
SendOutcome send_all(int fd, std::span<const uint8_t> data);

/// How a read or a wait for the peer ended.
enum class PeerEvent {
	none,    // the read completed; the connection is open
	eof,     // the peer closed the connection (FIN)
	reset,   // the peer reset the connection (RST)
	timeout, // the deadline passed first
	error,   // another error; see errno_value
};

struct ReadOutcome {
	PeerEvent event;
	size_t got;	 // bytes read into the buffer
	int errno_value; // for PeerEvent::error
	Clock::time_point when;
};

/// Reads exactly @p buf.size() bytes, waiting until @p deadline at most
/// (or until the socket's I/O timeout, without a deadline).
ReadOutcome read_exact(int fd, std::span<uint8_t> buf,
		       std::optional<Clock::time_point> deadline);

/// Waits until @p deadline for the peer to close the connection, reading
/// and counting (in @p got) whatever it sends meanwhile.  Returns eof,
/// reset, timeout or error; never none.
ReadOutcome wait_for_close(int fd, Clock::time_point deadline);

/// strerror() of @p errno_value, as std::string.
[[nodiscard]] std::string error_text(int errno_value);

} // namespace hive::tools

#endif // HIVE_TOOLS_SOCKET_HPP
