// SPDX-License-Identifier: GPL-2.0
#include "child.hpp"

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <grp.h>
#include <linux/close_range.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <system_error>

#include "hive/cannot_run.hpp"
#include "hive/client.hpp"

extern char **environ;

namespace hive_exec {
namespace {

constexpr int exit_hive = 255;

void tell(int report, std::string_view message)
{
	const std::string chunk = hive::exec_chunk(hive::ErrorRecord{hive::exec_error_text(message)});
	std::string_view rest = chunk;
	while (!rest.empty()) {
		const ssize_t written = write(report, rest.data(), rest.size());
		if (written < 0 && errno == EINTR)
			continue;
		if (written <= 0)
			return;
		rest.remove_prefix(static_cast<std::size_t>(written));
	}
}

[[noreturn]] void give_up(int report, std::string_view message, int status)
{
	tell(report, message);
	_exit(status);
}

std::string failed(std::string_view what, int error)
{
	return std::string(what) + ": " + std::generic_category().message(error);
}

// Makes 0, 1 and 2 the command's terminal or pipes, and closes every
// other descriptor but @report.
void set_up_streams(const ChildSetup &setup)
{
	if (!setup.slave.empty()) {
		const int tty = open(setup.slave.c_str(), O_RDWR);
		if (tty < 0 || ioctl(tty, TIOCSCTTY, 0) != 0)
			give_up(setup.report, failed("cannot open the terminal " + setup.slave, errno),
				exit_hive);
		for (int fd = 0; fd <= 2; ++fd)
			dup2(tty, fd);
	} else {
		dup2(setup.in, 0);
		dup2(setup.out, 1);
		dup2(setup.err, 2);
	}
	// Descriptors 0 to 2 were the helper's /dev/null, so report is >= 3.
	if (setup.report > 3)
		syscall(SYS_close_range, 3u, static_cast<unsigned>(setup.report - 1), 0u);
	syscall(SYS_close_range, static_cast<unsigned>(setup.report + 1), ~0u, 0u);
}

// All three ids of each kind, supplementary groups first while still root.
void become_user(const ChildSetup &setup)
{
	const hive::ExecAttached &who = *setup.who;
	const auto groups = group_list(who.groups);
	if (setgroups(groups.size(), groups.data()) != 0)
		give_up(setup.report, failed("cannot take the groups of uid " + std::to_string(who.uid), errno),
			hive::exit_cannot_run);
	if (setresgid(who.gid, who.gid, who.gid) != 0)
		give_up(setup.report, failed("cannot switch to gid " + std::to_string(who.gid), errno),
			hive::exit_cannot_run);
	if (setresuid(who.uid, who.uid, who.uid) != 0)
		give_up(setup.report, failed("cannot switch to uid " + std::to_string(who.uid), errno),
			hive::exit_cannot_run);
}

// Into the origin caller's cgroup where this node has one of that path
// (as root, before becoming the user); else, with a warning, the command
// stays in the helper's.  A caller in the root cgroup gains nothing from
// a move: the helper's is the root cgroup (a user-mode helper's).
void join_cgroup(const ChildSetup &setup)
{
	const std::string &cgroup = setup.who->cgroup;
	if (cgroup == "/")
		return;
	const std::string procs = cgroup_procs_path(cgroup);
	const int fd = open(procs.c_str(), O_WRONLY | O_CLOEXEC);
	int error = errno;
	if (fd >= 0) {
		error = write(fd, "0", 1) == 1 ? 0 : errno;
		close(fd);
	}
	if (error)
		tell(setup.report, no_cgroup_message(cgroup, error));
}

// The command executes under the origin caller's AppArmor profile, or
// not at all.  An unconfined task may ask for any profile; AppArmor keeps
// the request across the change of user and applies it at exec.
void take_label(const ChildSetup &setup)
{
	const std::string &label = setup.who->label;
	if (label.empty())
		return;
	const int fd = open(apparmor_exec_file, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		give_up(setup.report, no_profile_message(label, errno, true), hive::exit_cannot_run);
	const std::string request = apparmor_exec_request(label);
	const bool taken = write(fd, request.data(), request.size()) ==
			   static_cast<ssize_t>(request.size());
	const int error = errno;
	close(fd);
	if (!taken)
		give_up(setup.report, no_profile_message(label, error, false), hive::exit_cannot_run);
}

// As the origin caller's process, so that the listing shows it as the
// parent; the connection closes before exec.
void join_domain(const ChildSetup &setup)
{
	auto client = hive::Client::connect();
	if (!client)
		give_up(setup.report, client.error().message, exit_hive);
	if (const auto joined = client.value().domain_join(setup.session, setup.origin); !joined)
		give_up(setup.report, joined.error().message, exit_hive);
}

} // namespace

void run_child(ChildSetup &setup)
{
	// What the helper ignores or blocks, the command must not inherit.
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, nullptr);
	std::signal(SIGPIPE, SIG_DFL);

	setsid();
	set_up_streams(setup);
	join_cgroup(setup);
	take_label(setup);
	become_user(setup);
	join_domain(setup);
	if (chdir(setup.spec->cwd.c_str()) != 0) {
		tell(setup.report, no_directory_message(setup.spec->cwd, errno));
		if (chdir("/") != 0)
			give_up(setup.report, failed("cannot enter /", errno), exit_hive);
	}
	// execvp() searches the PATH of environ, not of an envp argument: the
	// spec's, or the default search path when it has none.
	environ = setup.exec->env();
	const char *command = setup.exec->argv()[0];
	execvp(command, setup.exec->argv());
	const int error = errno;
	give_up(setup.report, hive::cannot_run_message(command, error), hive::cannot_run_status(error));
}

} // namespace hive_exec
