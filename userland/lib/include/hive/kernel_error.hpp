// SPDX-License-Identifier: GPL-2.0
#ifndef HIVE_KERNEL_ERROR_HPP
#define HIVE_KERNEL_ERROR_HPP

#include <string>
#include <string_view>

namespace hive {

/// Puts the kernel's answer to a refused request into a sentence.
/// @p error is the positive errno; @p extack the extended-ack message the
/// kernel attached, or empty when it sent none.
std::string describe_kernel_error(int error, std::string_view extack);

} // namespace hive

#endif // HIVE_KERNEL_ERROR_HPP
