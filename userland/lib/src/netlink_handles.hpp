// SPDX-License-Identifier: GPL-2.0
#ifndef HIVE_NETLINK_HANDLES_HPP
#define HIVE_NETLINK_HANDLES_HPP

#include <memory>

#include <netlink/msg.h>

namespace hive {

struct MessageFree {
	void operator()(nl_msg *msg) const { nlmsg_free(msg); }
};

/// An owned reference to a libnl message.
using MessagePtr = std::unique_ptr<nl_msg, MessageFree>;

} // namespace hive

#endif // HIVE_NETLINK_HANDLES_HPP
