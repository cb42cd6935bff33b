// SPDX-License-Identifier: GPL-2.0
#include "socket.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <ctime>

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/random.h>
#include <unistd.h>

#include "hive/quote.hpp"

namespace hive::tools {
namespace {

// Milliseconds poll() may wait to reach @deadline: rounded up, so a wait
// never ends a little early and spins, and never negative.
int poll_timeout(Clock::time_point deadline)
{
	const auto left = deadline - Clock::now();
	if (left <= Clock::duration::zero())
		return 0;
	const auto ms = std::chrono::ceil<std::chrono::milliseconds>(left).count();
	return static_cast<int>(std::min<long long>(ms, 1 << 30));
}

// Waits for @events on @fd until @deadline; > 0 ready, 0 timed out, < 0
// error in errno.
int wait_for(int fd, short events, Clock::time_point deadline)
{
	for (;;) {
		pollfd p{fd, events, 0};
		const int n = poll(&p, 1, poll_timeout(deadline));
		if (n >= 0 || errno != EINTR)
			return n;
	}
}

ReadOutcome ended(PeerEvent event, size_t got, int errno_value = 0)
{
	return ReadOutcome{event, got, errno_value, Clock::now()};
}

// What a failed recv() tells about the peer.
PeerEvent classify_recv_error(int errno_value)
{
	if (errno_value == ECONNRESET || errno_value == EPIPE)
		return PeerEvent::reset;
	if (errno_value == EAGAIN || errno_value == EWOULDBLOCK)
		return PeerEvent::timeout;
	return PeerEvent::error;
}

} // namespace

uint64_t monotonic_ns()
{
	timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return static_cast<uint64_t>(now.tv_sec) * 1000000000u + static_cast<uint64_t>(now.tv_nsec);
}

double seconds_between(Clock::time_point from, Clock::time_point to)
{
	return std::chrono::duration<double>(to - from).count();
}

Result<void> random_bytes(std::span<uint8_t> buf)
{
	size_t filled = 0;
	while (filled < buf.size()) {
		const ssize_t n = getrandom(buf.data() + filled, buf.size() - filled, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return Error{"cannot get random bytes: " + error_text(errno)};
		filled += static_cast<size_t>(n);
	}
	return {};
}

Fd &Fd::operator=(Fd &&other) noexcept
{
	if (this != &other) {
		if (fd_ >= 0)
			close(fd_);
		fd_ = std::exchange(other.fd_, -1);
	}
	return *this;
}

Fd::~Fd()
{
	if (fd_ >= 0)
		close(fd_);
}

Result<std::vector<Endpoint>> resolve(const std::string &host, uint16_t port)
{
	addrinfo hints{};
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV | AI_ADDRCONFIG;
	addrinfo *list = nullptr;
	const std::string service = std::to_string(port);
	const int rc = getaddrinfo(host.c_str(), service.c_str(), &hints, &list);
	if (rc != 0)
		return Error{"cannot resolve " + quote(host) + ": " + gai_strerror(rc)};
	std::vector<Endpoint> endpoints;
	for (const addrinfo *ai = list; ai; ai = ai->ai_next) {
		Endpoint e{};
		std::memcpy(&e.address, ai->ai_addr, ai->ai_addrlen);
		e.length = ai->ai_addrlen;
		e.family = ai->ai_family;
		endpoints.push_back(e);
	}
	freeaddrinfo(list);
	if (endpoints.empty())
		return Error{"cannot resolve " + quote(host) + ": no address"};
	return endpoints;
}

std::string describe(const std::string &host, uint16_t port)
{
	return host + " port " + std::to_string(port);
}

Result<Fd> open_stream_socket(int family)
{
	Fd fd(socket(family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, IPPROTO_TCP));
	if (!fd)
		return Error{"cannot open a TCP socket: " + error_text(errno)};
	return fd;
}

int start_connect(int fd, const Endpoint &to)
{
	if (connect(fd, reinterpret_cast<const sockaddr *>(&to.address), to.length) == 0)
		return 0;
	return errno;
}

int connect_result(int fd)
{
	int error = 0;
	socklen_t len = sizeof error;
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &len) != 0)
		return errno;
	return error;
}

Result<void> bind_source(int fd, int family, const std::string &from)
{
	const auto sources = resolve(from, 0);
	if (!sources)
		return sources.error();
	for (const Endpoint &s : sources.value()) {
		if (s.family != family)
			continue;
		if (bind(fd, reinterpret_cast<const sockaddr *>(&s.address), s.length) != 0)
			return Error{"cannot connect from " + quote(from) + ": " +
				     error_text(errno)};
		return {};
	}
	return Error{"cannot connect from " + quote(from) +
		     ": not an address of the destination's family"};
}

Result<Fd> connect_tcp(const std::string &host, uint16_t port, std::chrono::milliseconds timeout,
		       const std::string &from)
{
	const auto endpoints = resolve(host, port);
	if (!endpoints)
		return endpoints.error();
	std::string why;
	for (const Endpoint &e : endpoints.value()) {
		auto fd = open_stream_socket(e.family);
		if (!fd)
			return fd.error();
		if (!from.empty())
			if (auto bound = bind_source(fd.value().get(), e.family, from); !bound)
				return bound.error();
		int error = start_connect(fd.value().get(), e);
		if (error == EINPROGRESS) {
			const int ready = wait_for(fd.value().get(), POLLOUT, Clock::now() + timeout);
			error = ready > 0 ? connect_result(fd.value().get())
					  : ready == 0 ? ETIMEDOUT : errno;
		}
		if (error != 0) {
			why = error_text(error);
			continue;
		}
		// Blocking from here on: callers bound their waits with poll()
		// deadlines or set_io_timeout().
		const int flags = fcntl(fd.value().get(), F_GETFL);
		if (flags < 0 || fcntl(fd.value().get(), F_SETFL, flags & ~O_NONBLOCK) != 0)
			return Error{"cannot make a socket blocking: " + error_text(errno)};
		return std::move(fd.value());
	}
	return Error{"cannot connect to " + describe(host, port) + ": " + why};
}

Result<Fd> listen_tcp(uint16_t port)
{
	// One IPv6 socket that also takes IPv4 (mapped addresses) serves
	// both; a machine without IPv6 gets an IPv4 one.
	Fd fd(socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, IPPROTO_TCP));
	sockaddr_storage address{};
	socklen_t length;
	if (fd) {
		const int off = 0;
		setsockopt(fd.get(), IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off);
		auto *in6 = reinterpret_cast<sockaddr_in6 *>(&address);
		in6->sin6_family = AF_INET6;
		in6->sin6_addr = in6addr_any;
		in6->sin6_port = htons(port);
		length = sizeof *in6;
	} else if (errno == EAFNOSUPPORT) {
		fd = Fd(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, IPPROTO_TCP));
		auto *in = reinterpret_cast<sockaddr_in *>(&address);
		in->sin_family = AF_INET;
		in->sin_addr.s_addr = htonl(INADDR_ANY);
		in->sin_port = htons(port);
		length = sizeof *in;
	}
	if (!fd)
		return Error{"cannot open a TCP socket: " + error_text(errno)};
	const int on = 1;
	if (setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) != 0 ||
	    bind(fd.get(), reinterpret_cast<const sockaddr *>(&address), length) != 0 ||
	    listen(fd.get(), 16) != 0)
		return Error{"cannot listen on port " + std::to_string(port) + ": " +
			     error_text(errno)};
	return fd;
}

Result<uint16_t> local_port(int fd)
{
	sockaddr_storage address{};
	socklen_t length = sizeof address;
	if (getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length) != 0)
		return Error{"cannot read the local address of a socket: " + error_text(errno)};
	if (address.ss_family == AF_INET6)
		return ntohs(reinterpret_cast<const sockaddr_in6 *>(&address)->sin6_port);
	return ntohs(reinterpret_cast<const sockaddr_in *>(&address)->sin_port);
}

Result<void> set_nodelay(int fd)
{
	const int on = 1;
	if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on) != 0)
		return Error{"cannot set TCP_NODELAY: " + error_text(errno)};
	return {};
}

Result<void> set_io_timeout(int fd, std::chrono::seconds timeout)
{
	const timeval tv{static_cast<time_t>(timeout.count()), 0};
	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) != 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv) != 0)
		return Error{"cannot set a socket timeout: " + error_text(errno)};
	return {};
}

SendOutcome send_all(int fd, std::span<const uint8_t> data)
{
	size_t sent = 0;
	while (sent < data.size()) {
		const ssize_t n = send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return {sent, errno};
		sent += static_cast<size_t>(n);
	}
	return {sent, 0};
}

ReadOutcome read_exact(int fd, std::span<uint8_t> buf, std::optional<Clock::time_point> deadline)
{
	size_t got = 0;
	while (got < buf.size()) {
		if (deadline) {
			const int ready = wait_for(fd, POLLIN, *deadline);
			if (ready == 0)
				return ended(PeerEvent::timeout, got);
			if (ready < 0)
				return ended(PeerEvent::error, got, errno);
		}
		const ssize_t n =
			recv(fd, buf.data() + got, buf.size() - got, deadline ? MSG_DONTWAIT : 0);
		if (n == 0)
			return ended(PeerEvent::eof, got);
		if (n < 0 && (errno == EINTR || (deadline && errno == EAGAIN)))
			continue;
		if (n < 0)
			return ended(classify_recv_error(errno), got, errno);
		got += static_cast<size_t>(n);
	}
	return ended(PeerEvent::none, got);
}

ReadOutcome wait_for_close(int fd, Clock::time_point deadline)
{
	std::array<uint8_t, 4096> scratch;
	size_t got = 0;
	for (;;) {
		const int ready = wait_for(fd, POLLIN | POLLRDHUP, deadline);
		if (ready == 0)
			return ended(PeerEvent::timeout, got);
		if (ready < 0)
			return ended(PeerEvent::error, got, errno);
		const ssize_t n = recv(fd, scratch.data(), scratch.size(), MSG_DONTWAIT);
		if (n == 0)
			return ended(PeerEvent::eof, got);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n < 0)
			return ended(classify_recv_error(errno), got, errno);
		got += static_cast<size_t>(n);
	}
}

std::string error_text(int errno_value)
{
	return std::strerror(errno_value);
}

} // namespace hive::tools
