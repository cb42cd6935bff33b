// SPDX-License-Identifier: GPL-2.0
#include "hive/kernel_error.hpp"

#include <cerrno>
#include <string>
#include <system_error>

namespace hive {

std::string describe_kernel_error(int error, std::string_view extack)
{
	// genetlink answers ENOENT, with no message, for a family it does not
	// know: hive.ko is not loaded (or was unloaded since the lookup).
	if (error == ENOENT && extack.empty())
		return "the hive kernel module is not loaded (no generic netlink "
		       "family 'hive'); load it with 'modprobe hive'";
	// Without a message, genetlink's own check of GENL_ADMIN_PERM.
	if (error == EPERM && extack.empty())
		return "permission denied: this request needs CAP_NET_ADMIN "
		       "(run it as root)";
	if (error == EPERM)
		return "permission denied: " + std::string(extack);
	const std::string reason = extack.empty()
		? std::generic_category().message(error)
		: std::string(extack);
	return "the kernel refused the request: " + reason;
}

std::string describe_exec_error(ExecRequest request, int error, std::string_view extack,
				uint32_t node)
{
	const std::string name = "node " + std::to_string(node);
	switch (error) {
	case EHOSTDOWN:
		// The node was not in the view when the session was to start, or
		// left it (or restarted) while it ran.
		if (request == ExecRequest::start)
			return node == 0 ? "no node of the cluster can take the command"
					 : name + " is not a member of the cluster";
		return name + " left the cluster; the remote command is lost";
	case ECHILD:
		return name + " could not start its exec helper (see its kernel log)";
	case ESRCH:
		return request == ExecRequest::attach || request == ExecRequest::join
			? "there is no such remote-execution session from " + name
			: "the remote-execution session with " + name + " is gone";
	case EPERM:
		return request == ExecRequest::attach
			? "permission denied: attaching to a remote-execution session needs "
			  "CAP_SYS_ADMIN"
			: "permission denied: " + (extack.empty()
							   ? std::generic_category().message(error)
							   : std::string(extack));
	default:
		return describe_kernel_error(error, extack);
	}
}

} // namespace hive
