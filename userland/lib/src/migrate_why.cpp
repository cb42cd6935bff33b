// SPDX-License-Identifier: GPL-2.0
// The sentences of the reasons a process cannot migrate (enum hive_why).
#include <iterator>
#include <string>
#include <string_view>

#include "hive/migrate.h"
#include "hive/migrate.hpp"
#include "hive/quote.hpp"
#include "hive_netlink.h"

namespace hive {

std::string why_text(const MigrateWhy &why)
{
	const std::string arg = std::to_string(why.arg);
	const std::string thread = "thread " + arg;
	const std::string detail = quote(why.detail);

	switch (why.code) {
	case HIVE_WHY_STOPPED:
		return "it is stopped (SIGSTOP or a terminal stop); continue it first";
	case HIVE_WHY_NO_SAFE_POINT:
		return thread + " did not reach a safe point in time (it sleeps "
				"uninterruptibly, or waits for a vfork child)";
	case HIVE_WHY_THREADS:
		return "it has " + arg + " threads, more than a migration carries (" +
		       std::to_string(HIVE_MIG_THREADS_MAX) + "), or threads came while it "
		       "was stopped";
	case HIVE_WHY_LEADER_EXITED:
		return "its first thread (" + arg + ") exited before the others";
	case HIVE_WHY_PTRACED:
		return thread + " is traced (ptrace), and a traced process stays with "
				"its tracer";
	case HIVE_WHY_IO_URING:
		return thread + " uses io_uring, which another node cannot take over";
	case HIVE_WHY_CONFINED:
		return thread + " runs under " + why.detail + ", which another node "
				"cannot carry";
	case HIVE_WHY_CREDENTIALS:
		return thread + " has credentials other than the first thread's";
	case HIVE_WHY_DEADLINE:
		return thread + " runs under SCHED_DEADLINE, which another node would "
				"have to admit again";
	case HIVE_WHY_TIMERS:
		return "it has interval or POSIX timers armed, which are not carried yet";
	case HIVE_WHY_AIO:
		return "it has io_setup(2) contexts, which another node cannot take over";
	case HIVE_WHY_SIGNALS:
		return (why.arg ? thread : std::string("it")) +
		       " has more queued signals than a migration carries (" +
		       std::to_string(HIVE_MIG_PENDING_MAX) + ")";
	case HIVE_WHY_MAPPINGS:
		return "it has " + arg + " memory mappings, more than a migration "
		       "carries (" + std::to_string(HIVE_MIG_VMAS_MAX) + ")";
	case HIVE_WHY_DEVICE:
		return "it maps device memory (" + detail + ")";
	case HIVE_WHY_SHARED_FILE:
		return "it maps " + detail + " shared, and a shared mapping of a file "
		       "stays with the file's other users";
	case HIVE_WHY_SYSV_SHM:
		return "it attached System V shared memory (" + detail + ")";
	case HIVE_WHY_SHARED_ANON:
		return "it has shared anonymous memory, which is not carried yet";
	case HIVE_WHY_HUGETLB:
		return "it maps huge pages of hugetlbfs" +
		       (why.detail.empty() ? std::string() : " (" + detail + ")");
	case HIVE_WHY_MLOCK:
		return "it has locked memory (mlock), which is not carried yet";
	case HIVE_WHY_UFFD:
		return "some of its memory is registered with userfaultfd";
	case HIVE_WHY_PKEY:
		return "some of its memory is under a protection key (pkey_mprotect)";
	case HIVE_WHY_DELETED_FILE:
		return "it maps " + detail + ", which was deleted since";
	case HIVE_WHY_DESCRIPTOR:
		return "descriptor " + arg + " (" + detail + ") is open; only regular "
		       "files, /dev/null, zero, full, random and urandom, pipes, sockets "
		       "and terminals are carried yet";
	case HIVE_WHY_NO_RANGE:
		return "its PID is of no node's range (it began before this node had one), "
		       "so another node could give the number to another process";
	case HIVE_WHY_STATE:
		return "its state could not be taken, or broke the migration stream's rules "
		       "(error " + arg + "): a bug in hive, please report it";
	case HIVE_WHY_CWD:
		return "its working directory has no path another node could open "
		       "(deleted, or outside its root)";
	case HIVE_WHY_FILES:
		return "descriptor " + arg + " is beyond the " +
		       std::to_string(HIVE_MIG_FILES_MAX) + " descriptors a migration carries";
	}
	return "reason " + std::to_string(why.code);
}

std::string_view why_name(uint32_t code)
{
	static constexpr std::string_view names[] = {
		"",		"stopped",	 "no-safe-point", "threads",
		"leader-exited", "ptraced",	 "io-uring",	  "confined",
		"credentials",	"deadline",	 "timers",	  "aio",
		"signals",	"mappings",	 "device",	  "shared-file",
		"sysv-shm",	"shared-anon",	 "hugetlb",	  "mlock",
		"uffd",		"pkey",		 "deleted-file",  "descriptor",
		"no-range",	"state",	 "cwd",		  "files",
	};
	static_assert(std::size(names) == __HIVE_WHY_COUNT);
	return code < std::size(names) ? names[code] : "";
}

} // namespace hive
