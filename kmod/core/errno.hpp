// SPDX-License-Identifier: GPL-2.0
/*
 * Linux errno values for the freestanding core, which sees no libc or
 * kernel headers.  The userland build checks them against <errno.h>
 * (userland/tests/errno_test.cpp); they are the ABI on x86-64 and every
 * other architecture hive targets.
 */
#ifndef HIVE_CORE_ERRNO_HPP
#define HIVE_CORE_ERRNO_HPP

namespace hive::err {

inline constexpr int noent = 2;		// ENOENT
inline constexpr int again = 11;		// EAGAIN
inline constexpr int busy = 16;		// EBUSY
inline constexpr int nospc = 28;		// ENOSPC
inline constexpr int inval = 22;		// EINVAL
inline constexpr int range = 34;		// ERANGE
inline constexpr int nametoolong = 36;	// ENAMETOOLONG
inline constexpr int proto = 71;		// EPROTO
inline constexpr int badmsg = 74;		// EBADMSG
inline constexpr int msgsize = 90;		// EMSGSIZE
inline constexpr int protonosupport = 93;	// EPROTONOSUPPORT
inline constexpr int hostdown = 112;		// EHOSTDOWN
inline constexpr int inprogress = 115;	// EINPROGRESS
inline constexpr int stale = 116;		// ESTALE

// The largest errno value: a status on the wire is 0 or -1..-max_errno.
inline constexpr int max_errno = 4095;	// MAX_ERRNO

} // namespace hive::err

#endif
