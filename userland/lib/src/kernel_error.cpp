// SPDX-License-Identifier: GPL-2.0
#include "hive/kernel_error.hpp"

#include <cerrno>
#include <system_error>

namespace hive {

std::string describe_kernel_error(int error, std::string_view extack)
{
	// genetlink answers ENOENT, with no message, for a family it does not
	// know: hive.ko is not loaded (or was unloaded since the lookup).
	if (error == ENOENT && extack.empty())
		return "the hive kernel module is not loaded (no generic netlink "
		       "family 'hive'); load it with 'modprobe hive'";
	if (error == EPERM)
		return "permission denied: this request needs CAP_NET_ADMIN "
		       "(run it as root)";
	const std::string reason = extack.empty()
		? std::generic_category().message(error)
		: std::string(extack);
	return "the kernel refused the request: " + reason;
}

} // namespace hive
