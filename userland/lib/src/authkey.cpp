// SPDX-License-Identifier: GPL-2.0
#include "hive/authkey.hpp"

#include <array>
#include <cerrno>
#include <string_view>
#include <system_error>

#include <sys/random.h>
#include <unistd.h>

#include "file_io.hpp"

namespace hive {

Result<void> generate_authkey(const std::string &path, bool force)
{
	if (!force && access(path.c_str(), F_OK) == 0)
		return Error{path + " exists already; every node needs the same key, so copy "
			     "it to new nodes, or use --force to replace it on all of them"};
	std::array<char, authkey_bytes> key;
	if (getrandom(key.data(), key.size(), 0) != static_cast<ssize_t>(key.size()))
		return Error{"cannot get random bytes: " + std::generic_category().message(errno)};
	return write_file_atomically(path, std::string_view(key.data(), key.size()), 0400);
}

Result<std::vector<uint8_t>> load_authkey(const std::string &path)
{
	const auto text = read_small_file(path, 4096);
	if (!text)
		return Error{path + ": " + text.error().message +
			     " (make it with 'hivectl keygen' on one node and copy it to the others)"};
	if (text.value().size() != authkey_bytes)
		return Error{path + ": not a hive key (" + std::to_string(text.value().size()) +
			     " bytes instead of " + std::to_string(authkey_bytes) + ")"};
	return std::vector<uint8_t>(text.value().begin(), text.value().end());
}

} // namespace hive
