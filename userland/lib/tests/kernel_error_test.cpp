// SPDX-License-Identifier: GPL-2.0
#include "hive/kernel_error.hpp"

#include <cerrno>

#include <gtest/gtest.h>

namespace {

TEST(KernelError, MissingFamilyMeansModuleNotLoaded)
{
	EXPECT_EQ(hive::describe_kernel_error(ENOENT, ""),
		  "the hive kernel module is not loaded (no generic netlink family 'hive'); "
		  "load it with 'modprobe hive'");
}

TEST(KernelError, PermissionDeniedNamesTheCapability)
{
	EXPECT_EQ(hive::describe_kernel_error(EPERM, ""),
		  "permission denied: this request needs CAP_NET_ADMIN (run it as root)");
}

// A handler's own permission check says who may do it.
TEST(KernelError, PermissionDeniedWithAReasonSaysIt)
{
	EXPECT_EQ(hive::describe_kernel_error(EPERM, "only the process's owner may check it"),
		  "permission denied: only the process's owner may check it");
}

TEST(KernelError, RefusalQuotesTheKernelsMessage)
{
	EXPECT_EQ(hive::describe_kernel_error(EINVAL, "node id out of range"),
		  "the kernel refused the request: node id out of range");
}

TEST(KernelError, RefusalWithoutMessageNamesTheError)
{
	EXPECT_EQ(hive::describe_kernel_error(EINVAL, ""),
		  "the kernel refused the request: Invalid argument");
}

TEST(KernelError, EnoentWithMessageComesFromTheModule)
{
	EXPECT_EQ(hive::describe_kernel_error(ENOENT, "no such node"),
		  "the kernel refused the request: no such node");
}

TEST(ExecError, ANodeOutsideTheViewCannotStartASession)
{
	using hive::ExecRequest;
	EXPECT_EQ(hive::describe_exec_error(ExecRequest::start, EHOSTDOWN, "", 99),
		  "node 99 is not a member of the cluster");
	EXPECT_EQ(hive::describe_exec_error(ExecRequest::start, EHOSTDOWN, "", 0),
		  "no node of the cluster can take the command");
}

TEST(ExecError, ALostNodeLosesTheCommand)
{
	using hive::ExecRequest;
	EXPECT_EQ(hive::describe_exec_error(ExecRequest::transfer, EHOSTDOWN, "x", 2),
		  "node 2 left the cluster; the remote command is lost");
	EXPECT_EQ(hive::describe_exec_error(ExecRequest::transfer, ECHILD, "", 2),
		  "node 2 could not start its exec helper (see its kernel log)");
	EXPECT_EQ(hive::describe_exec_error(ExecRequest::transfer, ESRCH, "", 2),
		  "the remote-execution session with node 2 is gone");
	EXPECT_EQ(hive::describe_exec_error(ExecRequest::attach, ESRCH, "", 3),
		  "there is no such remote-execution session from node 3");
}

TEST(ExecError, PermissionAndOtherRefusals)
{
	using hive::ExecRequest;
	EXPECT_EQ(hive::describe_exec_error(ExecRequest::attach, EPERM, "", 3),
		  "permission denied: attaching to a remote-execution session needs CAP_SYS_ADMIN");
	EXPECT_EQ(hive::describe_exec_error(ExecRequest::start, EPERM, "", 3),
		  "permission denied: Operation not permitted");
	EXPECT_EQ(hive::describe_exec_error(ExecRequest::start, EINVAL, "spec too long", 3),
		  "the kernel refused the request: spec too long");
}

} // namespace
