// SPDX-License-Identifier: GPL-2.0
#include "hive/write_all.hpp"

#include <cerrno>
#include <cstddef>

#include <unistd.h>

namespace hive {

bool write_all(int fd, std::string_view data)
{
	while (!data.empty()) {
		const ssize_t written = write(fd, data.data(), data.size());
		if (written < 0 && errno == EINTR)
			continue;
		if (written < 0)
			return false;
		data.remove_prefix(static_cast<std::size_t>(written));
	}
	return true;
}

} // namespace hive
