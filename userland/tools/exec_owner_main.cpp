// SPDX-License-Identifier: GPL-2.0
/*
 * hive-exec-owner: an exec session belongs to its process, not to its PID
 * number (Documentation/exec.rst).  A test tool, run as root from the build
 * directory by selftests/vm/tests/exec.sh.
 *
 * It starts `sleep 60` on NODE and forks.  The parent, the session's
 * owner, ends at once; its netlink socket, and so the session, lives on in
 * the child.  Once the parent is reaped, the child makes a process with the
 * parent's PID number (clone3() with set_tid), which opens a connection of
 * its own and writes to and reads from the session.  Both calls must be
 * refused as for a session the caller does not have (ESRCH) while
 * /proc/hive/exec still lists the session open.  The child prints what
 * they answered, and exits 0 if both were refused so, 1 otherwise.
 */
#include <cerrno>
#include <charconv>
#include <fstream>
#include <sstream>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <string>
#include <string_view>

#include <linux/sched.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hive/client.hpp"
#include "hive/exec.hpp"
#include "hive/exec_protocol.hpp"
#include "options.hpp"

namespace {

constexpr std::string_view program = "hive-exec-owner";

// How long the child waits for its parent to be reaped: a hang detector.
constexpr int reap_wait_seconds = 120;

// What a call refused with ESRCH says (hive::describe_exec_error()).
constexpr std::string_view refusal = "is gone";

// A process with the PID number @pid; like fork(), 0 in the new process.
pid_t fork_with_pid(pid_t pid)
{
	clone_args args{};
	args.exit_signal = SIGCHLD;
	args.set_tid = reinterpret_cast<uintptr_t>(&pid);
	args.set_tid_size = 1;
	return static_cast<pid_t>(syscall(SYS_clone3, &args, sizeof(args)));
}

// In the process with the dead owner's number: "refused" or what the call
// answered instead.
template <typename T>
std::string outcome(const hive::Result<T> &result)
{
	if (result)
		return "accepted";
	return result.error().message.find(refusal) != std::string::npos ? "refused"
									  : result.error().message;
}

// Whether /proc/hive/exec lists @link's origin end as open.
bool listed_open(const hive::ExecLink &link)
{
	std::ifstream table("/proc/hive/exec");
	std::string line;
	while (std::getline(table, line)) {
		std::istringstream fields(line);
		std::string origin, session, role, peer, owner, command, queued, age, state;
		fields >> origin >> session >> role >> peer >> owner >> command >> queued >> age >>
			state;
		if (origin == std::to_string(link.origin) &&
		    session == std::to_string(link.session) && role == "origin")
			return state == "open";
	}
	return false;
}

// The process with the owner's number: exit status 0 if both calls were
// refused while the session lived on.
[[noreturn]] void impostor(const hive::ExecLink &link)
{
	auto client = hive::Client::connect();
	if (!client) {
		report(program, hive::tools::exit_failed, client.error().message);
		_exit(hive::tools::exit_failed);
	}
	const std::string wrote = outcome(client.value().exec_write(
		link, hive::exec_chunk(hive::EofRecord{hive::Stream::in})));
	const std::string read = outcome(client.value().exec_read(link));
	const bool open = listed_open(link);
	std::printf("pid %d, the owner's number: EXEC_WRITE %s, EXEC_READ %s; the session %s\n",
		    getpid(), wrote.c_str(), read.c_str(),
		    open ? "is still open" : "is not listed open");
	std::fflush(stdout);
	_exit(wrote == "refused" && read == "refused" && open ? hive::tools::exit_ok
								: hive::tools::exit_failed);
}

// The child, holding the owner's socket: waits for the owner to be reaped,
// then runs the impostor and passes on its exit status.
[[noreturn]] void survivor(pid_t owner, const hive::ExecLink &link)
{
	// Out of the owner's process group, which would keep its number in
	// use if the owner led it.
	setsid();
	const time_t deadline = time(nullptr) + reap_wait_seconds;
	while (kill(owner, 0) == 0 || errno != ESRCH) {
		if (time(nullptr) > deadline) {
			report(program, hive::tools::exit_failed, "the owner was not reaped");
			_exit(hive::tools::exit_failed);
		}
		usleep(100 * 1000);
	}
	const pid_t pid = fork_with_pid(owner);
	if (pid < 0) {
		report(program, hive::tools::exit_failed,
		       std::string("clone3 with the owner's pid: ") + std::strerror(errno));
		_exit(hive::tools::exit_failed);
	}
	if (pid == 0)
		impostor(link);
	int status = 0;
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		_exit(hive::tools::exit_failed);
	_exit(WEXITSTATUS(status));
}

} // namespace

int main(int argc, char **argv)
{
	using namespace hive::tools;
	uint32_t node = 0;
	const std::string_view arg = argc == 2 ? argv[1] : "";
	if (arg.empty() || std::from_chars(arg.data(), arg.data() + arg.size(), node).ptr !=
				   arg.data() + arg.size())
		return report(program, exit_usage, "usage: hive-exec-owner NODE");

	auto client = hive::Client::connect();
	if (!client)
		return report(program, exit_failed, client.error().message);
	const auto status = client.value().get_status();
	if (!status)
		return report(program, exit_failed, status.error().message);
	const hive::ExecSpec command{{"/bin/sleep", "60"}, {}, "/", false, {}};
	const auto spec = hive::encode_exec_spec(command);
	if (!spec)
		return report(program, exit_failed, spec.error().message);
	const auto started = client.value().exec_start(spec.value(), node);
	if (!started)
		return report(program, exit_failed, started.error().message);
	const hive::ExecLink link{started.value().session, status.value().node_id,
				  started.value().node_id};
	std::printf("session %llu to node %u, owner pid %d\n",
		    static_cast<unsigned long long>(link.session), link.peer, getpid());
	std::fflush(stdout);

	const pid_t owner = getpid();
	const pid_t child = fork();
	if (child < 0)
		return report(program, exit_failed, std::string("fork: ") + std::strerror(errno));
	if (child == 0)
		survivor(owner, link);
	// The owner ends; its socket lives on in the child.
	_exit(exit_ok);
}
