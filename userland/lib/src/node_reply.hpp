// SPDX-License-Identifier: GPL-2.0
#ifndef HIVE_NODE_REPLY_HPP
#define HIVE_NODE_REPLY_HPP

#include <span>

#include <linux/netlink.h>

#include "hive/nodes.hpp"
#include "hive/result.hpp"

namespace hive {

/// Reads hive.ko's answer to a HIVE_CMD_GET_NODES dump: @p messages in the
/// order they came, each a whole generic netlink message of which nlmsg_len
/// bytes must be readable.  Fails when one is malformed, or when they come
/// from different views because the view changed during the dump.
Result<Nodes> parse_node_list(std::span<nlmsghdr *const> messages);

} // namespace hive

#endif // HIVE_NODE_REPLY_HPP
