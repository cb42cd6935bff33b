// SPDX-License-Identifier: GPL-2.0
#ifndef HIVE_ECHO_NETLINK_HPP
#define HIVE_ECHO_NETLINK_HPP

#include <linux/netlink.h>
#include <netlink/msg.h>

#include "hive/echo.hpp"
#include "hive/result.hpp"

namespace hive {

/// Appends @p request's attributes to a HIVE_CMD_ECHO message; libnl's
/// error, or 0.  The timeout is left out when it is 0.
int put_echo_request(nl_msg *msg, const EchoRequest &request);

/// Reads hive.ko's answer to HIVE_CMD_ECHO, a whole generic netlink message
/// of which nlmsg_len bytes must be readable.  The round-trip statistics
/// are required unless @p oneway, and ignored if it is.
Result<EchoResult> parse_echo_reply(nlmsghdr *reply, bool oneway);

} // namespace hive

#endif // HIVE_ECHO_NETLINK_HPP
