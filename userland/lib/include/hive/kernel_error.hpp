// SPDX-License-Identifier: GPL-2.0
#ifndef HIVE_KERNEL_ERROR_HPP
#define HIVE_KERNEL_ERROR_HPP

#include <cstdint>
#include <string>
#include <string_view>

namespace hive {

/// Puts the kernel's answer to a refused request into a sentence.
/// @p error is the positive errno; @p extack the extended-ack message the
/// kernel attached, or empty when it sent none.
std::string describe_kernel_error(int error, std::string_view extack);

/// The remote-execution requests, whose refusals read differently.
enum class ExecRequest {
	start,		///< HIVE_CMD_EXEC_START
	attach,		///< HIVE_CMD_EXEC_ATTACH
	transfer,	///< HIVE_CMD_EXEC_READ and HIVE_CMD_EXEC_WRITE
	join,		///< HIVE_CMD_DOMAIN_JOIN with a session
};

/// As describe_kernel_error(), for a refused remote-execution request;
/// @p node is the node at the other end, 0 when hive.ko was to choose it.
std::string describe_exec_error(ExecRequest request, int error, std::string_view extack,
				uint32_t node);

} // namespace hive

#endif // HIVE_KERNEL_ERROR_HPP
