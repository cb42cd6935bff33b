// SPDX-License-Identifier: GPL-2.0
#ifndef HIVE_MIGRATE_NETLINK_HPP
#define HIVE_MIGRATE_NETLINK_HPP

#include <netlink/msg.h>

#include "hive/migrate.hpp"
#include "hive/result.hpp"

namespace hive {

/// Reads a HIVE_CMD_MIGRATE_CHECK reply; a reply without the counts, with
/// a reason lacking its code or with an unknown code is malformed.
Result<MigrateCheck> parse_migrate_check_reply(nlmsghdr *reply);

/// Reads a HIVE_CMD_MIGRATE reply: PID and NODE_ID once the process moved,
/// or a MIGRATE_CHECK reply's attributes when reasons kept it here.
Result<MigrateMove> parse_migrate_reply(nlmsghdr *reply);

} // namespace hive

#endif // HIVE_MIGRATE_NETLINK_HPP
