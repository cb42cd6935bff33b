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

} // namespace
