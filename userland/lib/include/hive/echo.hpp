// SPDX-License-Identifier: GPL-2.0
#ifndef HIVE_ECHO_HPP
#define HIVE_ECHO_HPP

#include <cstdint>

namespace hive {

/// One run of echo RPCs that hive.ko makes to another node (HIVE_CMD_ECHO).
struct EchoRequest {
	uint32_t node_id = 0;
	uint32_t count = 0;	 ///< calls, or one-way messages; 1..HIVE_ECHO_COUNT_MAX
	uint32_t size = 0;	 ///< payload bytes of each; 0..HIVE_ECHO_SIZE_MAX
	bool oneway = false;	 ///< one-way messages, then one call that waits for them all
	uint32_t timeout_ms = 0; ///< per call; 0 leaves the kernel's default (30 s)
	uint32_t hold_ms = 0;	 ///< the node holds each message this long in a
				 ///< worker before answering; 0: plain echo
	uint32_t pages = 0;	 ///< whole 4 KiB pages each carries after its
				 ///< bytes; 0..HIVE_ECHO_PAGES_MAX

	bool operator==(const EchoRequest &) const = default;
};

/// What hive.ko measured.  Round trips are in nanoseconds; after a one-way
/// run only @ns_total means anything, and the others are 0.
struct EchoResult {
	uint32_t count = 0;    ///< calls (or one-way messages) completed
	uint64_t ns_total = 0; ///< wall time of the whole run
	uint64_t ns_min = 0;
	uint64_t ns_p50 = 0;
	uint64_t ns_p99 = 0;
	uint64_t ns_max = 0;

	bool operator==(const EchoResult &) const = default;
};

} // namespace hive

#endif // HIVE_ECHO_HPP
