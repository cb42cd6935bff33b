// SPDX-License-Identifier: GPL-2.0
// hive-exec's end of a remote-execution session (Documentation/
// exec-protocol.rst).  The main thread forks the command and waits for it;
// one thread per output stream pumps it to the session; one thread reads
// the session and acts on stdin, EOF, SIGNAL and WINCH records.  Each has
// a netlink socket of its own, since EXEC_READ and EXEC_WRITE block.
#include "session.hpp"

#include <array>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <syslog.h>
#include <termios.h>
#include <unistd.h>

#include "child.hpp"
#include "hive/client.hpp"
#include "hive/exec_protocol.hpp"
#include "hive/write_all.hpp"
#include "hive_netlink.h"

namespace hive_exec {
namespace {

constexpr int exit_hive = 255;

void log_error(const std::string &message)
{
	syslog(LOG_ERR, "%s", message.c_str());
}

std::string failed(std::string_view what, int error)
{
	return std::string(what) + ": " + std::generic_category().message(error);
}

// Where the command's streams go.  Pipes: the helper's ends and the
// child's.  A terminal: the master twice (reading, and writing, so that
// each side can close its own), and the slave, held open until the child
// opened it so that the master does not read EIO before.
struct Streams {
	bool tty = false;
	int to_in = -1;
	int from_out = -1;
	int from_err = -1;
	int child_in = -1;
	int child_out = -1;
	int child_err = -1;
	int slave_hold = -1;
	std::string slave;
};

void close_fd(int &fd)
{
	if (fd >= 0)
		close(fd);
	fd = -1;
}

hive::Result<void> open_pipe(int &read_end, int &write_end)
{
	int ends[2];
	if (pipe2(ends, O_CLOEXEC) != 0)
		return hive::Error{failed("cannot make a pipe", errno)};
	read_end = ends[0];
	write_end = ends[1];
	return {};
}

hive::Result<Streams> open_terminal(hive::WindowSize window)
{
	Streams streams;
	streams.tty = true;
	const int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (master < 0)
		return hive::Error{failed("cannot open a pseudo-terminal", errno)};
	streams.from_out = master;
	char name[128];
	if (grantpt(master) != 0 || unlockpt(master) != 0 || ptsname_r(master, name, sizeof name) != 0)
		return hive::Error{failed("cannot set up a pseudo-terminal", errno)};
	streams.slave = name;
	const winsize size{window.rows, window.cols, 0, 0};
	ioctl(master, TIOCSWINSZ, &size);
	streams.to_in = fcntl(master, F_DUPFD_CLOEXEC, 0);
	streams.slave_hold = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (streams.to_in < 0 || streams.slave_hold < 0)
		return hive::Error{failed("cannot open the pseudo-terminal " + streams.slave, errno)};
	return streams;
}

hive::Result<Streams> open_streams(const hive::ExecSpec &spec)
{
	if (spec.tty)
		return open_terminal(spec.window);
	Streams streams;
	for (const auto &opened : {open_pipe(streams.child_in, streams.to_in),
				   open_pipe(streams.from_out, streams.child_out),
				   open_pipe(streams.from_err, streams.child_err)})
		if (!opened)
			return opened.error();
	return streams;
}

// Everything the child wrote to the report pipe until exec closed it or
// the child ended: ERROR records.
std::string read_report(int fd)
{
	std::string report;
	char buffer[4096];
	for (;;) {
		const ssize_t got = read(fd, buffer, sizeof buffer);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return report;
		report.append(buffer, static_cast<std::size_t>(got));
	}
}

// One output stream of the command, pumped to the session until its end
// (a terminal's master reads EIO once no slave is open) or until the
// reading thread says the origin closed it (stop).  Its thread writes on a
// connection of its own, which serve() opened (Client::another()); a
// connection that could not be opened ends the pump at once.
class Pump {
public:
	Pump(int fd, hive::Stream stream, const hive::ExecLink &link,
	     hive::Result<hive::Client> client)
		: fd_(fd), stream_(stream), stop_(eventfd(0, EFD_CLOEXEC))
	{
		thread_ = std::thread([this, link, client = std::move(client)]() mutable {
			run(link, std::move(client));
		});
	}

	// Context: any thread.  The pump closes its end, so that the command's
	// next write fails with EPIPE.
	void stop() const
	{
		const uint64_t one = 1;
		if (write(stop_, &one, sizeof one) < 0)
			log_error(failed("cannot stop a pump", errno));
	}

	void join() { thread_.join(); }

private:
	void run(const hive::ExecLink &link, hive::Result<hive::Client> client)
	{
		if (!client)
			log_error(client.error().message);
		std::string buffer(HIVE_EXEC_DATA_MAX - hive::exec_data_header, '\0');
		while (client) {
			std::array<pollfd, 2> fds{{{fd_, POLLIN, 0}, {stop_, POLLIN, 0}}};
			if (poll(fds.data(), fds.size(), -1) < 0) {
				if (errno == EINTR)
					continue;
				break;
			}
			if (fds[1].revents)
				break;
			const ssize_t got = read(fd_, buffer.data(), buffer.size());
			if (got < 0 && (errno == EINTR || errno == EAGAIN))
				continue;
			if (got <= 0)
				break;
			const hive::DataRecord data{stream_, buffer.substr(0, static_cast<std::size_t>(got))};
			if (const auto sent = client.value().exec_write(link, hive::exec_chunk(data)); !sent) {
				log_error(sent.error().message);
				break;
			}
		}
		close(fd_);
	}

	int fd_;
	hive::Stream stream_;
	int stop_;
	std::thread thread_;
};

// Reads the session and acts on what the origin sends, until it closes
// the session or it is lost; then hangs up on the command.
class Relay {
public:
	Relay(Streams streams, pid_t command, Pump *out, Pump *err)
		: streams_(std::move(streams)), command_(command), out_(out), err_(err)
	{
	}

	// Context: its own thread, for as long as the session lasts; it may
	// outlive serve(), whose caller ends the process without waiting.
	void run(const hive::ExecLink &link, hive::Result<hive::Client> client)
	{
		if (!client) {
			log_error(client.error().message);
			return hang_up();
		}
		for (;;) {
			const auto chunk = client.value().exec_read(link);
			if (!chunk) {
				log_error(chunk.error().message);
				return hang_up();
			}
			if (!chunk.value())
				return hang_up();
			const auto records = hive::decode_exec_chunk(*chunk.value());
			if (!records) {
				log_error("node " + std::to_string(link.origin) + " sent a " +
					  records.error().message);
				return hang_up();
			}
			for (const hive::ExecRecord &record : records.value())
				take(record);
		}
	}

	// The command ended and is about to be reaped: its process group id
	// may be reused from then on, so nothing is sent to it any more.
	void command_ended()
	{
		const std::lock_guard<std::mutex> hold(mutex_);
		command_ended_ = true;
	}

private:
	void signal(int signo)
	{
		const std::lock_guard<std::mutex> hold(mutex_);
		if (!command_ended_)
			kill(-command_, signo);
	}

	// The origin is gone: as a terminal's hangup does.
	void hang_up()
	{
		signal(SIGHUP);
		signal(SIGCONT);
	}

	void take(const hive::ExecRecord &record)
	{
		if (const auto *data = std::get_if<hive::DataRecord>(&record)) {
			if (data->stream != hive::Stream::in || streams_.to_in < 0)
				return;
			// The command closed its standard input or ended.
			if (!hive::write_all(streams_.to_in, data->bytes) && !streams_.tty)
				close_fd(streams_.to_in);
		} else if (const auto *eof = std::get_if<hive::EofRecord>(&record)) {
			end(eof->stream);
		} else if (const auto *sig = std::get_if<hive::SignalRecord>(&record)) {
			signal(sig->signo);
		} else if (const auto *winch = std::get_if<hive::WinchRecord>(&record)) {
			const winsize size{winch->window.rows, winch->window.cols, 0, 0};
			if (streams_.tty)
				ioctl(streams_.to_in, TIOCSWINSZ, &size);
		} else {
			log_error("the origin sent a record hive-exec does not take");
		}
	}

	void end(hive::Stream stream)
	{
		// A terminal's input has no end but ^D, which the user types.
		if (streams_.tty) {
			if (stream != hive::Stream::in)
				signal(SIGHUP);
			return;
		}
		if (stream == hive::Stream::in)
			close_fd(streams_.to_in);
		else if (Pump *pump = stream == hive::Stream::out ? out_ : err_)
			pump->stop();
	}

	Streams streams_;
	pid_t command_;
	Pump *out_;
	Pump *err_;
	// Orders signal() against command_ended().
	std::mutex mutex_;
	bool command_ended_ = false;
};

// Sends what the command cannot be run for, and that it did not run.
void refuse(hive::Client &client, const hive::ExecLink &link, const std::string &message)
{
	log_error(message);
	std::string chunk = hive::exec_chunk(hive::ErrorRecord{hive::exec_error_text(message)});
	hive::append_exec_record(chunk, hive::ExitRecord{false, exit_hive, false});
	if (const auto sent = client.exec_write(link, chunk); !sent)
		log_error(sent.error().message);
}

// Waits for the command to end and reaps it; in between, while its PID
// cannot be reused, the relay stops signalling its group.
pid_t wait_for(pid_t pid, Relay &relay, int &status)
{
	siginfo_t info{};
	while (waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOWAIT) != 0)
		if (errno != EINTR)
			return -1;
	relay.command_ended();
	for (;;) {
		const pid_t done = waitpid(pid, &status, 0);
		if (done >= 0 || errno != EINTR)
			return done;
	}
}

} // namespace

int serve(const Arguments &args)
{
	auto client = hive::Client::connect();
	if (!client) {
		log_error(client.error().message);
		return 1;
	}
	const auto attached = client.value().exec_attach(args.session, args.origin);
	if (!attached) {
		log_error(attached.error().message);
		return 1;
	}
	const hive::ExecLink link{args.session, args.origin, args.origin};
	const auto spec = hive::decode_exec_spec(attached.value().spec);
	if (!spec) {
		refuse(client.value(), link, "hive-exec cannot read the command: " + spec.error().message);
		return 1;
	}
	auto streams = open_streams(spec.value());
	int report[2];
	if (streams && pipe2(report, O_CLOEXEC) != 0)
		streams = hive::Error{failed("cannot make a pipe", errno)};
	if (!streams) {
		refuse(client.value(), link, streams.error().message);
		return 1;
	}

	ExecArguments exec(spec.value());
	ChildSetup setup{&spec.value(), &exec, &attached.value(), args.session, args.origin,
			 streams.value().slave, streams.value().child_in,
			 streams.value().child_out, streams.value().child_err, report[1]};
	const pid_t command = fork();
	if (command == 0)
		run_child(setup);
	close(report[1]);
	Streams &ends = streams.value();
	for (int *fd : {&ends.child_in, &ends.child_out, &ends.child_err})
		close_fd(*fd);
	if (command < 0) {
		refuse(client.value(), link, failed("cannot fork", errno));
		return 1;
	}

	// Why the command does not run, or runs elsewhere than asked, comes
	// before anything it writes.
	const std::string errors = read_report(report[0]);
	close(report[0]);
	close_fd(ends.slave_hold);
	if (!errors.empty() && errors.size() <= HIVE_EXEC_DATA_MAX)
		if (const auto sent = client.value().exec_write(link, errors); !sent)
			log_error(sent.error().message);

	// Static, as the relay: its thread may stop them after serve() returned.
	static std::optional<Pump> out, err;
	static std::optional<Relay> relay;
	try {
		out.emplace(ends.from_out, hive::Stream::out, link, client.value().another());
		if (ends.from_err >= 0)
			err.emplace(ends.from_err, hive::Stream::err, link,
				    client.value().another());
		relay.emplace(ends, command, &*out, err ? &*err : nullptr);
		std::thread([link, relay_client = client.value().another()]() mutable {
			relay->run(link, std::move(relay_client));
		}).detach();
	} catch (const std::system_error &error) {
		// No thread (a full PID range): the command must not run
		// unrelayed, and the origin hears why.
		kill(-command, SIGKILL);
		refuse(client.value(), link, "cannot start a thread: " +
		       std::string(error.what()));
		return 1;
	}

	int status = 0;
	if (wait_for(command, *relay, status) < 0) {
		refuse(client.value(), link, failed("cannot wait for the command", errno));
		return 1;
	}
	out->join();
	if (err)
		err->join();
	const auto sent =
		client.value().exec_write(link, hive::exec_chunk(exit_record(status)));
	if (!sent) {
		log_error(sent.error().message);
		return 1;
	}
	return 0;
}

} // namespace hive_exec
