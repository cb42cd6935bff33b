// SPDX-License-Identifier: GPL-2.0
// hive-restore: started by hive.ko on a migration's target node, as root
// (Documentation/migration.rst, "Moving a process").  It creates a child
// with the moving process's PID (clone3 with set_tid), which moves its
// vDSO to where the process had it, enters the process's working
// directory, creates a thread with each other TID of the process, and
// asks hive.ko to adopt the migration: on its way back from that request
// the child becomes the process, and the threads its threads.  The child lives in a time
// namespace of its own whose CLOCK_MONOTONIC and CLOCK_BOOTTIME go on
// from the source's, so a deadline the process took there holds here.
// The helper waits for it and tells hive.ko how it ended, for the
// process's deputy on the source.
//
//   hive-restore --migration ID --pid PID [--tids TID,...] --vvar ADDR
//                --vdso ADDR [--monotonic-offset NS] [--boottime-offset NS]
//                [--cwd DIR]
#include <cerrno>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hive/client.hpp"

namespace {

struct Args {
	uint64_t migration = 0;
	pid_t pid = 0;
	uintptr_t vvar = 0;
	uintptr_t vdso = 0;
	int64_t monotonic = 0;	///< ns to add to this node's clock
	int64_t boottime = 0;
	const char *cwd = "/";
	std::vector<pid_t> tids;	///< the other threads', ascending
};

// Exit codes of a child that never became the process.
constexpr int kChildSetupFailed = 125;
constexpr int kChildAdoptFailed = 124;

bool parse_number(const char *s, uint64_t *v)
{
	char *end;

	errno = 0;
	*v = std::strtoull(s, &end, 0);
	return errno == 0 && end != s && *end == '\0';
}

bool parse_signed(const char *s, int64_t *v)
{
	char *end;

	errno = 0;
	*v = std::strtoll(s, &end, 10);
	return errno == 0 && end != s && *end == '\0';
}

// "TID,TID,...", ascending, or empty.
bool parse_tids(const char *s, std::vector<pid_t> *tids)
{
	while (*s) {
		char *end;

		errno = 0;
		const unsigned long v = std::strtoul(s, &end, 10);
		if (errno || end == s || v == 0 || v > INT32_MAX ||
		    (!tids->empty() && pid_t(v) <= tids->back()) || (*end && *end != ','))
			return false;
		tids->push_back(pid_t(v));
		s = *end ? end + 1 : end;
	}
	return true;
}

bool parse(int argc, char **argv, Args *a)
{
	for (int i = 1; i + 1 < argc; i += 2) {
		const std::string_view key = argv[i];
		uint64_t v = 0;

		if (key == "--tids") {
			if (!parse_tids(argv[i + 1], &a->tids))
				return false;
			continue;
		}
		if (key == "--cwd") {
			a->cwd = argv[i + 1];
			continue;
		}
		if (key == "--monotonic-offset" || key == "--boottime-offset") {
			if (!parse_signed(argv[i + 1], key == "--monotonic-offset" ? &a->monotonic
										   : &a->boottime))
				return false;
			continue;
		}
		if (!parse_number(argv[i + 1], &v))
			return false;
		if (key == "--migration")
			a->migration = v;
		else if (key == "--pid")
			a->pid = pid_t(v);
		else if (key == "--vvar")
			a->vvar = uintptr_t(v);
		else if (key == "--vdso")
			a->vdso = uintptr_t(v);
		else
			return false;
	}
	return argc % 2 == 1 && a->migration && a->pid > 0 && a->vvar && a->vdso;
}

struct Range {
	uintptr_t start = 0, end = 0;
};

// This process's [vvar] and [vdso], and whether [lo, hi) meets any other
// mapping of it.
bool own_layout(Range *vvar, Range *vdso, uintptr_t lo, uintptr_t hi, bool *clash)
{
	FILE *maps = std::fopen("/proc/self/maps", "re");
	char line[512];

	if (!maps)
		return false;
	*clash = false;
	while (std::fgets(line, sizeof(line), maps)) {
		uintptr_t start, end;

		if (std::sscanf(line, "%" SCNxPTR "-%" SCNxPTR, &start, &end) != 2)
			continue;
		if (std::strstr(line, "[vvar]"))
			*vvar = Range{start, end};
		else if (std::strstr(line, "[vdso]"))
			*vdso = Range{start, end};
		else if (start < hi && lo < end)
			*clash = true;
	}
	std::fclose(maps);
	return vvar->end && vdso->end;
}

// A thread of the child, on its own stack and without a TLS of its own:
// it makes no call into the C library, only waits in pause(2) until
// hive.ko's task_work, queued at the adopt, makes it a thread of the
// process.
[[noreturn]] void thread_wait()
{
	for (;;)
		asm volatile("syscall" : : "a"(SYS_pause) : "rcx", "r11", "memory");
}

// A thread of the calling process with TID @tid, running thread_wait()
// on a stack of its own; false if the kernel refused it.  clone3 has no
// C library wrapper that starts a function on a new stack, hence the
// system call here: the new thread calls thread_wait() on its stack.
bool start_thread(pid_t tid)
{
	constexpr size_t stack_len = 64 * 1024;
	void *stack = mmap(nullptr, stack_len, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);

	if (stack == MAP_FAILED)
		return false;
	clone_args ca{};
	ca.flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD |
		   CLONE_SYSVSEM;
	ca.stack = reinterpret_cast<uintptr_t>(stack);
	ca.stack_size = stack_len;
	ca.set_tid = reinterpret_cast<uintptr_t>(&tid);
	ca.set_tid_size = 1;
	long ret;
	asm volatile("syscall\n\t"
		     "test %%rax, %%rax\n\t"
		     "jnz 1f\n\t"
		     "call *%[fn]\n\t"
		     "ud2\n"
		     "1:"
		     : "=a"(ret)
		     : "a"(long(SYS_clone3)), "D"(&ca), "S"(sizeof(ca)), [fn] "r"(thread_wait)
		     : "rcx", "r11", "memory");
	return ret == tid;
}

// In the child: the vDSO where the process had it, its directory, its
// threads, then adopt.  Nothing here may call into the vDSO once it moved.
[[noreturn]] void become(const Args &a, hive::Client &client)
{
	Range vvar, vdso;
	bool clash;

	// Once for the sizes, once for what the new place would cover.
	if (!own_layout(&vvar, &vdso, 0, 0, &clash) ||
	    !own_layout(&vvar, &vdso, a.vvar, a.vdso + (vdso.end - vdso.start), &clash) ||
	    clash || vdso.start - vvar.start != a.vdso - a.vvar || chdir(a.cwd) != 0)
		_exit(kChildSetupFailed);
	if (vvar.start != a.vvar) {
		const size_t vvar_len = vvar.end - vvar.start, vdso_len = vdso.end - vdso.start;

		if (mremap(reinterpret_cast<void *>(vvar.start), vvar_len, vvar_len,
			   MREMAP_MAYMOVE | MREMAP_FIXED, reinterpret_cast<void *>(a.vvar)) ==
			    MAP_FAILED ||
		    mremap(reinterpret_cast<void *>(vdso.start), vdso_len, vdso_len,
			   MREMAP_MAYMOVE | MREMAP_FIXED, reinterpret_cast<void *>(a.vdso)) ==
			    MAP_FAILED)
			_exit(kChildSetupFailed);
	}
	for (const pid_t tid : a.tids)
		if (!start_thread(tid))
			_exit(kChildSetupFailed);
	// Returns only when hive.ko refused: the parent reports the exit.
	const auto adopted = client.migrate_adopt(a.migration);
	std::fprintf(stderr, "hive-restore: %s\n",
		     adopted ? "adopted, yet returned" : adopted.error().message.c_str());
	_exit(kChildAdoptFailed);
}

// A time namespace for the children to come, its clocks @a's offsets
// away from this node's (time_namespaces(7)).
bool shift_clocks(const Args &a)
{
	if (unshare(CLONE_NEWTIME) != 0) {
		std::fprintf(stderr, "hive-restore: no time namespace: %s\n", std::strerror(errno));
		return false;
	}
	const int fd = open("/proc/self/timens_offsets", O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		std::fprintf(stderr, "hive-restore: /proc/self/timens_offsets: %s\n",
			     std::strerror(errno));
		return false;
	}
	std::string text;
	for (const auto &[name, ns] : {std::pair{"monotonic", a.monotonic},
				       std::pair{"boottime", a.boottime}}) {
		// Seconds may be negative; nanoseconds are 0..999999999.
		int64_t sec = ns / 1000000000, nsec = ns % 1000000000;
		if (nsec < 0) {
			sec--;
			nsec += 1000000000;
		}
		text += std::string(name) + " " + std::to_string(sec) + " " +
			std::to_string(nsec) + "\n";
	}
	const bool ok = write(fd, text.data(), text.size()) == ssize_t(text.size());
	if (!ok)
		std::fprintf(stderr, "hive-restore: clock offsets: %s\n", std::strerror(errno));
	close(fd);
	return ok;
}

} // namespace

int main(int argc, char **argv)
{
	Args a;

	if (!parse(argc, argv, &a)) {
		std::fprintf(stderr, "usage: hive-restore --migration ID --pid PID [--tids TID,...] "
				     "--vvar ADDR --vdso ADDR [--monotonic-offset NS] "
				     "[--boottime-offset NS] [--cwd DIR]\n");
		return 2;
	}
	// The connection is made before the child exists: opening one reads
	// the clock, which the child cannot once its vDSO moved.
	auto client = hive::Client::connect();
	if (!client) {
		std::fprintf(stderr, "hive-restore: %s\n", client.error().message.c_str());
		return 1;
	}
	auto child_client = client.value().another();
	if (!child_client) {
		std::fprintf(stderr, "hive-restore: %s\n", child_client.error().message.c_str());
		return 1;
	}
	if (!shift_clocks(a)) {
		// hive.ko gives the migration up; the process runs on at the source.
		const auto told = client.value().migrate_exited(
			a.migration, uint32_t(W_EXITCODE(kChildSetupFailed, 0)));
		if (!told)
			std::fprintf(stderr, "hive-restore: %s\n", told.error().message.c_str());
		return 1;
	}
	pid_t tid = a.pid;
	clone_args ca{};
	ca.exit_signal = SIGCHLD;
	ca.set_tid = reinterpret_cast<uintptr_t>(&tid);
	ca.set_tid_size = 1;
	const long child = syscall(SYS_clone3, &ca, sizeof(ca));
	if (child == 0)
		become(a, child_client.value());
	int status = W_EXITCODE(kChildSetupFailed, 0);
	if (child < 0)
		std::fprintf(stderr, "hive-restore: no task with PID %d: %s\n", a.pid,
			     std::strerror(errno));
	else
		while (waitpid(pid_t(child), &status, 0) < 0 && errno == EINTR) {
		}
	const auto told = client.value().migrate_exited(a.migration, uint32_t(status));
	if (!told && child > 0 && WIFEXITED(status) && WEXITSTATUS(status) >= kChildAdoptFailed)
		std::fprintf(stderr, "hive-restore: %s\n", told.error().message.c_str());
	return 0;
}
