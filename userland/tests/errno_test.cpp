// SPDX-License-Identifier: GPL-2.0
// The core's errno constants are the Linux values userland sees too.
#include <cerrno>
#include <gtest/gtest.h>
#include "errno.hpp"

static_assert(hive::err::noent == ENOENT);
static_assert(hive::err::again == EAGAIN);
static_assert(hive::err::nospc == ENOSPC);
static_assert(hive::err::inval == EINVAL);
static_assert(hive::err::range == ERANGE);
static_assert(hive::err::nametoolong == ENAMETOOLONG);
static_assert(hive::err::badmsg == EBADMSG);
static_assert(hive::err::msgsize == EMSGSIZE);
static_assert(hive::err::protonosupport == EPROTONOSUPPORT);
static_assert(hive::err::stale == ESTALE);
static_assert(hive::err::busy == EBUSY);
static_assert(hive::err::proto == EPROTO);
static_assert(hive::err::hostdown == EHOSTDOWN);
static_assert(hive::err::inprogress == EINPROGRESS);

TEST(Errno, MatchesLibc)
{
	EXPECT_EQ(EINVAL, hive::err::inval);
}
