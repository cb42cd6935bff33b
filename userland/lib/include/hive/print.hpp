// SPDX-License-Identifier: GPL-2.0
#ifndef HIVE_PRINT_HPP
#define HIVE_PRINT_HPP

#include <string_view>

#include "hive/result.hpp"

namespace hive {

/// Writes @p text to standard output and flushes it, so that a full disk
/// or a closed pipe is an error the caller reports, not lost output.
Result<void> print(std::string_view text);

} // namespace hive

#endif // HIVE_PRINT_HPP
