// SPDX-License-Identifier: GPL-2.0
#ifndef HIVE_STATUS_HPP
#define HIVE_STATUS_HPP

#include <cstdint>
#include <string>

namespace hive {

/// The local node as hive.ko reports it (HIVE_CMD_GET_STATUS).
struct Status {
	std::string version;      ///< the module's version
	uint32_t node_id = 0;     ///< 0 until a node id is set
	uint32_t state = 0;       ///< an enum hive_state, possibly one newer than this program
	std::string cluster_name; ///< empty until a cluster name is set
	uint64_t incarnation = 0; ///< minted when the module loaded; 0 from an older module
	uint64_t view_epoch = 0;  ///< the membership view's epoch; 0 before the first view
};

} // namespace hive

#endif // HIVE_STATUS_HPP
