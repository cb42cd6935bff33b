// SPDX-License-Identifier: GPL-2.0
#ifndef HIVE_EXTACK_HPP
#define HIVE_EXTACK_HPP

#include <string>

#include <linux/netlink.h>

namespace hive {

/// The text of the extended acknowledgement (NLMSGERR_ATTR_MSG) in the
/// NLMSG_ERROR message @p error_message, of which nlmsg_len bytes must be
/// readable; "" when the kernel sent none or sent it malformed.
std::string extack_message(nlmsghdr *error_message);

} // namespace hive

#endif // HIVE_EXTACK_HPP
