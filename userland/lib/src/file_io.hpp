// SPDX-License-Identifier: GPL-2.0
#ifndef HIVE_FILE_IO_HPP
#define HIVE_FILE_IO_HPP

#include <cstddef>
#include <string>
#include <string_view>

#include <sys/types.h>

#include "hive/result.hpp"

namespace hive {

/// Reads all of a file of at most @p max_bytes.  Errors read "cannot read:
/// REASON" or "too large (over N KiB)"; the caller adds the path.
Result<std::string> read_small_file(const std::string &path, std::size_t max_bytes);

/// As above, and sets @p error to the errno of a failed open() or read(),
/// or to 0.
Result<std::string> read_small_file(const std::string &path, std::size_t max_bytes, int &error);

/// Replaces the file at @p path with @p data and mode @p mode: written to a
/// temporary file beside it, synced, then renamed over it, so a reader never
/// sees half a file.  Errors read "PATH: cannot write: REASON".
Result<void> write_file_atomically(const std::string &path, std::string_view data, mode_t mode);

} // namespace hive

#endif // HIVE_FILE_IO_HPP
