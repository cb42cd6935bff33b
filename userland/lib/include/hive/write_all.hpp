// SPDX-License-Identifier: GPL-2.0
#ifndef HIVE_WRITE_ALL_HPP
#define HIVE_WRITE_ALL_HPP

#include <string_view>

namespace hive {

/// Writes all of @p data to @p fd, again after a short write or EINTR;
/// false, with errno set, when a write fails (EPIPE for a reader gone).
bool write_all(int fd, std::string_view data);

} // namespace hive

#endif // HIVE_WRITE_ALL_HPP
