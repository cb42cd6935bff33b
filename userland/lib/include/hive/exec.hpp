// SPDX-License-Identifier: GPL-2.0
#ifndef HIVE_EXEC_HPP
#define HIVE_EXEC_HPP

#include <cstdint>
#include <string>
#include <vector>

namespace hive {

/// A remote-execution session as hive.ko names it: its id, unique on its
/// origin node, and that node.  @c peer is the node at the other end --
/// the target on the origin, the origin on the target -- which the
/// error messages name.
struct ExecLink {
	uint64_t session = 0;
	uint32_t origin = 0;
	uint32_t peer = 0;
};

/// hive.ko's answer to HIVE_CMD_EXEC_START.
struct ExecStarted {
	uint64_t session = 0;
	uint32_t node_id = 0;	///< the node that runs the command
};

/// hive.ko's answer to HIVE_CMD_EXEC_ATTACH: the spec, still encoded (see
/// decode_exec_spec()), and whom the command runs as.
struct ExecAttached {
	std::string spec;
	uint32_t uid = 0;
	uint32_t gid = 0;
	std::vector<uint32_t> groups;
	uint32_t origin_pid = 0;
	std::string cgroup = "/"; ///< the origin caller's cgroup path, from '/'
	std::string label; ///< its LSM label (AppArmor profile); empty: unconfined
};

} // namespace hive

#endif // HIVE_EXEC_HPP
