// SPDX-License-Identifier: GPL-2.0
#ifndef HIVE_EXEC_REPLY_HPP
#define HIVE_EXEC_REPLY_HPP

#include <optional>
#include <string>

#include <linux/netlink.h>

#include "hive/exec.hpp"
#include "hive/result.hpp"

namespace hive {

/// Reads hive.ko's answer to HIVE_CMD_EXEC_START, a whole generic netlink
/// message of which nlmsg_len bytes must be readable.
Result<ExecStarted> parse_exec_start_reply(nlmsghdr *reply);

/// Reads hive.ko's answer to HIVE_CMD_EXEC_ATTACH.
Result<ExecAttached> parse_exec_attach_reply(nlmsghdr *reply);

/// Reads hive.ko's answer to HIVE_CMD_EXEC_READ: a chunk, or nothing when
/// the other end closed and every chunk was read.
Result<std::optional<std::string>> parse_exec_read_reply(nlmsghdr *reply);

} // namespace hive

#endif // HIVE_EXEC_REPLY_HPP
