// SPDX-License-Identifier: GPL-2.0
/*
 * hive-exec: runs the command of a remote-execution session on this node.
 * hive.ko starts it, as root, for each session another node's
 * `hivectl run --node` starts: hive-exec --origin NODE --session ID.  A
 * user-mode helper starts with no file descriptors open; hive-exec makes
 * its standard streams /dev/null and logs to syslog.
 */
#include <csignal>
#include <cstdlib>
#include <exception>
#include <string_view>
#include <vector>

#include <fcntl.h>
#include <syslog.h>
#include <unistd.h>

#include "plan.hpp"
#include "session.hpp"

int main(int argc, char **argv)
{
	// 0, 1 and 2 become /dev/null, so that the session's sockets and the
	// command's pipes are never taken for standard streams.
	int fd;
	while ((fd = open("/dev/null", O_RDWR)) >= 0 && fd <= STDERR_FILENO)
		;
	if (fd > STDERR_FILENO)
		close(fd);
	openlog("hive-exec", LOG_PID, LOG_DAEMON);
	// Whatever still ends it abnormally says so where an admin looks.
	std::set_terminate([] {
		syslog(LOG_ERR, "terminated by an unexpected error");
		std::abort();
	});
	// A command that stops reading its input makes the write to its pipe
	// fail with EPIPE, which the helper handles; the command gets SIGPIPE
	// back as its default (child.cpp).
	std::signal(SIGPIPE, SIG_IGN);
	const std::vector<std::string_view> args(argv + (argc > 0 ? 1 : 0), argv + argc);
	const auto parsed = hive_exec::parse_arguments(args);
	if (!parsed) {
		syslog(LOG_ERR, "%s", parsed.error().message.c_str());
		return 2;
	}
	// The threads may still be blocked in the kernel: end without waiting
	// for them.
	_exit(hive_exec::serve(parsed.value()));
}
