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
/// message of which nlmsg_len bytes must be readable.  Without a session
/// the node chosen is this one (ExecStarted::session 0).
Result<ExecStarted> parse_exec_start_reply(nlmsghdr *reply);

/// Reads hive.ko's answer to HIVE_CMD_EXEC_ATTACH.
Result<ExecAttached> parse_exec_attach_reply(nlmsghdr *reply);

/// hive.ko's answer to HIVE_CMD_EXEC_READ.  Neither a chunk nor end of
/// file: nothing came within the kernel's wait; read again.
struct ExecReadReply {
	std::optional<std::string> chunk;	///< the next chunk
	bool eof = false;	///< the other end closed and every chunk was read
};

/// Reads hive.ko's answer to HIVE_CMD_EXEC_READ.
Result<ExecReadReply> parse_exec_read_reply(nlmsghdr *reply);

} // namespace hive

#endif // HIVE_EXEC_REPLY_HPP
