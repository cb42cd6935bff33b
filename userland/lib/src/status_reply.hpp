// SPDX-License-Identifier: GPL-2.0
#ifndef HIVE_STATUS_REPLY_HPP
#define HIVE_STATUS_REPLY_HPP

#include <linux/netlink.h>

#include "hive/result.hpp"
#include "hive/status.hpp"

namespace hive {

/// Reads hive.ko's answer to HIVE_CMD_GET_STATUS, a whole generic netlink
/// message of which nlmsg_len bytes must be readable.
Result<Status> parse_status_reply(nlmsghdr *reply);

} // namespace hive

#endif // HIVE_STATUS_REPLY_HPP
