// SPDX-License-Identifier: GPL-2.0
// `hivectl run --node`: the origin end of a remote-execution session
// (Documentation/exec-protocol.rst).  Three threads, each with a netlink
// socket of its own since EXEC_READ and EXEC_WRITE block: this one reads
// the session and writes what comes back to standard output and error,
// one pumps standard input to the session, one forwards signals.  The
// process ends from this thread, with _exit(), once the EXIT record came;
// the others may still be blocked then.
#include "remote.hpp"

#include <array>
#include <cerrno>
#include <climits>
#include <csignal>
#include <optional>
#include <string>
#include <system_error>
#include <thread>
#include <type_traits>

#include <pthread.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <termios.h>
#include <unistd.h>

#include "hive/client.hpp"
#include "hive/exec_protocol.hpp"
#include "hive/write_all.hpp"
#include "hive_netlink.h"
#include "report.hpp"

extern char **environ;

namespace hivectl {
namespace {

// What hivectl passes on to the remote command's process group; SIGWINCH
// becomes a WINCH record instead.
constexpr std::array forwarded_signals{SIGINT, SIGTERM, SIGHUP, SIGQUIT,
				       SIGUSR1, SIGUSR2, SIGALRM};

// The terminal's settings before raw mode; set before the other threads
// start and never changed after, so any thread may restore them.
std::optional<termios> saved_terminal;

void restore_terminal()
{
	if (saved_terminal)
		tcsetattr(STDIN_FILENO, TCSADRAIN, &*saved_terminal);
}

// Prints "hivectl: MESSAGE" on standard error; in raw mode, where a
// newline does not return the carriage, with one that does.
void say(std::string_view message)
{
	if (!saved_terminal) {
		report(exit_hive, message);
		return;
	}
	const std::string line = "hivectl: " + std::string(message) + "\r\n";
	if (write(STDERR_FILENO, line.data(), line.size()) < 0)
		return;
}

[[noreturn]] void fail(std::string_view message)
{
	restore_terminal();
	report(exit_hive, message);
	_exit(exit_hive);
}

// Ends the process as the remote command ended: with its exit code, or
// killed by the same signal, without a core dump of hivectl's own.
[[noreturn]] void end_as(const hive::ExitRecord &exit)
{
	restore_terminal();
	if (!exit.signaled)
		_exit(exit.code);
	const rlimit no_core{0, 0};
	setrlimit(RLIMIT_CORE, &no_core);
	std::signal(exit.code, SIG_DFL);
	sigset_t one;
	sigemptyset(&one);
	sigaddset(&one, exit.code);
	// Thread-directed, so the signal thread's sigwaitinfo() cannot take it.
	raise(exit.code);
	pthread_sigmask(SIG_UNBLOCK, &one, nullptr);
	// A signal whose default action is not to end the process (SIGCHLD,
	// SIGWINCH, ...): end as a shell reports it.
	_exit(128 + exit.code);
}

std::optional<hive::WindowSize> window_size()
{
	winsize size{};
	if (ioctl(STDIN_FILENO, TIOCGWINSZ, &size) != 0 &&
	    ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) != 0)
		return std::nullopt;
	return hive::WindowSize{size.ws_row, size.ws_col};
}

std::string working_directory()
{
	char path[PATH_MAX];
	// The remote command then starts in "/", as it does when the node
	// has no such directory.
	return getcwd(path, sizeof path) ? std::string(path) : std::string("/");
}

hive::Client connect_or_fail()
{
	auto client = hive::Client::connect();
	if (!client)
		fail("run: " + client.error().message);
	return std::move(client.value());
}

// A thread's own connection, beside @p owner's.
hive::Client another_or_fail(const hive::Client &owner)
{
	auto client = owner.another();
	if (!client)
		fail("run: " + client.error().message);
	return std::move(client.value());
}

// Context: its own thread.  Sends standard input until its end, then EOF.
// A failed write ends the pump quietly: the session is over, and the
// reading thread says why.
void pump_stdin(hive::ExecLink link, hive::Client client)
{
	std::string buffer(HIVE_EXEC_DATA_MAX - hive::exec_data_header, '\0');
	for (;;) {
		const ssize_t got = read(STDIN_FILENO, buffer.data(), buffer.size());
		if (got < 0 && errno == EINTR)
			continue;
		// A read error ends standard input as its end does.
		if (got <= 0)
			break;
		const hive::DataRecord data{hive::Stream::in,
					    buffer.substr(0, static_cast<std::size_t>(got))};
		if (!client.exec_write(link, hive::exec_chunk(data)))
			return;
	}
	(void)client.exec_write(link, hive::exec_chunk(hive::EofRecord{hive::Stream::in}));
}

sigset_t handled_signals()
{
	sigset_t set;
	sigemptyset(&set);
	for (const int signo : forwarded_signals)
		sigaddset(&set, signo);
	sigaddset(&set, SIGWINCH);
	return set;
}

// Context: its own thread, with handled_signals() blocked in every thread.
void forward_signals(hive::ExecLink link, bool tty, hive::Client client)
{
	const sigset_t set = handled_signals();
	for (;;) {
		const int signo = sigwaitinfo(&set, nullptr);
		if (signo < 0)
			continue;
		hive::ExecRecord record = hive::SignalRecord{signo};
		if (signo == SIGWINCH) {
			const auto window = window_size();
			if (!tty || !window)
				continue;
			record = hive::WinchRecord{*window};
		}
		if (!client.exec_write(link, hive::exec_chunk(record)))
			return;
	}
}

// The reading end: what the remote command's streams and hive-exec send.
class Receiver {
public:
	Receiver(hive::Client client, hive::ExecLink link)
		: client_(std::move(client)), link_(link)
	{
	}

	// Reads the session until the EXIT record, and ends the process.
	[[noreturn]] void run()
	{
		for (;;) {
			const auto chunk = client_.exec_read(link_);
			if (!chunk)
				fail("run: " + chunk.error().message);
			if (!chunk.value())
				fail("run: " + node() + " ended the session without the command's "
				     "exit status");
			const auto records = hive::decode_exec_chunk(*chunk.value());
			if (!records)
				fail("run: " + node() + " sent a " + records.error().message);
			for (const hive::ExecRecord &record : records.value())
				take(record);
		}
	}

private:
	std::string node() const { return "node " + std::to_string(link_.peer); }

	void take(const hive::ExecRecord &record)
	{
		if (const auto *data = std::get_if<hive::DataRecord>(&record))
			output(*data);
		else if (const auto *error = std::get_if<hive::ErrorRecord>(&record))
			say(node() + ": " + error->message);
		else if (const auto *exit = std::get_if<hive::ExitRecord>(&record))
			end_as(*exit);
		else
			fail("run: " + node() + " sent a record hivectl does not take");
	}

	// Writes a stream's bytes to our own; once nothing reads one (EPIPE),
	// tells hive-exec to close it, so that the command gets SIGPIPE as it
	// would in a local pipeline.
	void output(const hive::DataRecord &data)
	{
		if (data.stream == hive::Stream::in)
			fail("run: " + node() + " sent standard input");
		const bool is_out = data.stream == hive::Stream::out;
		bool &closed = is_out ? out_closed_ : err_closed_;
		if (closed)
			return;
		if (hive::write_all(is_out ? STDOUT_FILENO : STDERR_FILENO, data.bytes))
			return;
		closed = true;
		if (!client_.exec_write(link_, hive::exec_chunk(hive::EofRecord{data.stream})))
			return;
	}

	hive::Client client_;
	hive::ExecLink link_;
	bool out_closed_ = false;
	bool err_closed_ = false;
};

} // namespace

std::optional<int> run_remote(const RunOptions &options)
{
	const bool tty = wants_tty(options.tty, isatty(STDIN_FILENO), isatty(STDOUT_FILENO));
	const hive::ExecSpec spec =
		remote_spec(options.command, environ, working_directory(), tty,
			    window_size().value_or(hive::WindowSize{24, 80}));
	const auto encoded = hive::encode_exec_spec(spec);
	if (!encoded)
		return report(exit_hive, "run: " + encoded.error().message);

	// Blocked before any thread starts, so that every thread inherits it
	// and only the signal thread takes them; and before the session
	// starts, so that none is lost.
	const sigset_t handled = handled_signals();
	sigset_t saved_mask;
	pthread_sigmask(SIG_BLOCK, &handled, &saved_mask);

	// The session lasts as long as this connection, which is never closed:
	// the process ends with _exit().
	static std::optional<hive::Client> owner;
	owner.emplace(connect_or_fail());
	const auto status = owner->get_status();
	if (!status)
		fail("run: " + status.error().message);
	const auto started = owner->exec_start(encoded.value(), options.node);
	if (!started)
		fail("run: " + started.error().message);
	if (!started.value().session) {
		pthread_sigmask(SIG_SETMASK, &saved_mask, nullptr);
		return std::nullopt;
	}
	// This process stands for the command on this node: in the domain,
	// it is what listings show as the command's parent.
	if (const auto joined = owner->domain_join(); !joined)
		fail("run: " + joined.error().message);
	const hive::ExecLink link{started.value().session, status.value().node_id,
				  started.value().node_id};

	std::signal(SIGPIPE, SIG_IGN);
	if (tty) {
		termios terminal;
		if (tcgetattr(STDIN_FILENO, &terminal) == 0) {
			saved_terminal = terminal;
			cfmakeraw(&terminal);
			tcsetattr(STDIN_FILENO, TCSADRAIN, &terminal);
		}
	}
	Receiver receiver(another_or_fail(*owner), link);
	try {
		std::thread(pump_stdin, link, another_or_fail(*owner)).detach();
		std::thread(forward_signals, link, tty, another_or_fail(*owner)).detach();
	} catch (const std::system_error &error) {
		fail("run: cannot start a thread: " + std::string(error.what()));
	}
	receiver.run();
}

} // namespace hivectl
