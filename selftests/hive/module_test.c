// SPDX-License-Identifier: GPL-2.0
/*
 * hive.ko loads and unloads cleanly, and its admin surface appears with it,
 * shows the documented values, and disappears with it.  Run as root in a
 * test VM with hive not loaded; leaks are caught by kmemleak on the debug
 * kernel (the VM harness fails the run on any report).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "harness.h"
#include "genl.h"
#include "util.h"

/*
 * Each cycle installs and removes hive's hooks (Documentation/hooks.rst):
 * about 0.9 s in a TCG guest, mostly ftrace's symbol lookup and its RCU
 * tasks grace period on removal, several seconds under KASAN.
 */
#define CYCLES 30

static const char *const hive_files[] = {
	"/sys/kernel/hive/version", "/sys/kernel/hive/node_id",
	"/sys/kernel/hive/state", "/sys/kernel/hive/cluster_name",
	"/sys/kernel/hive/incarnation", "/sys/kernel/hive/nodes",
	"/proc/hive/status", "/sys/kernel/hive/processes/pid_range_size",
	"/proc/hive/processes",
};

FIXTURE(module) {};

FIXTURE_SETUP(module)
{
	ASSERT_FALSE(hive_module_loaded()) TH_LOG("hive must not be loaded before this test");
}

FIXTURE_TEARDOWN(module)
{
	if (hive_module_loaded())
		hive_module_unload();
}

TEST_F_TIMEOUT(module, load_unload_30_cycles, 600)
{
	int i, fd = genl_open();

	ASSERT_GE(fd, 0);
	for (i = 0; i < CYCLES; i++) {
		ASSERT_EQ(0, hive_module_load()) TH_LOG("load %d", i);
		ASSERT_GT(genl_family_id(fd, "hive"), 0);
		ASSERT_EQ(0, hive_module_unload()) TH_LOG("unload %d", i);
	}
	ASSERT_FALSE(hive_module_loaded());
	close(fd);
}

TEST_F(module, surface_appears_and_goes_with_module)
{
	size_t i;
	int fd = genl_open();

	ASSERT_GE(fd, 0);
	ASSERT_EQ(0, hive_module_load());
	for (i = 0; i < ARRAY_SIZE(hive_files); i++) {
		const char *path = hive_files[i];

		EXPECT_EQ(0, access(path, R_OK)) TH_LOG("%s missing", path);
	}
	EXPECT_GT(genl_family_id(fd, "hive"), 0);

	ASSERT_EQ(0, hive_module_unload());
	for (i = 0; i < ARRAY_SIZE(hive_files); i++) {
		const char *path = hive_files[i];

		EXPECT_TRUE(access(path, F_OK) && errno == ENOENT)
			TH_LOG("%s still there", path);
	}
	EXPECT_EQ(-ENOENT, genl_family_id(fd, "hive"));
	close(fd);
}

TEST_F(module, sysfs_values_of_a_fresh_module)
{
	char version[64], incarnation[32], status[256];
	int n;

	/* The runner starts tests in the repository. */
	n = read_text("VERSION", version, sizeof(version));
	ASSERT_GT(n, 0) TH_LOG("cannot read ./VERSION");
	ASSERT_EQ(0, hive_module_load());

	EXPECT_FILE_EQ("/sys/kernel/hive/version", version);
	EXPECT_FILE_EQ("/sys/kernel/hive/node_id", "0\n");
	EXPECT_FILE_EQ("/sys/kernel/hive/state", "unconfigured\n");
	EXPECT_FILE_EQ("/sys/kernel/hive/cluster_name", "\n");
	ASSERT_GT(read_text("/sys/kernel/hive/incarnation", incarnation,
			    sizeof(incarnation)), 1);
	EXPECT_STRNE("0\n", incarnation);
	snprintf(status, sizeof(status),
		 "version: %snode_id: 0\nstate: unconfigured\ncluster_name: \nincarnation: %s",
		 version, incarnation);
	EXPECT_FILE_EQ("/proc/hive/status", status);
}

TEST_F(module, sysfs_files_are_read_only)
{
	static const char *const files[] = {
		"/sys/kernel/hive/version", "/sys/kernel/hive/node_id",
		"/sys/kernel/hive/state", "/sys/kernel/hive/cluster_name",
	};
	size_t i;

	ASSERT_EQ(0, hive_module_load());
	for (i = 0; i < ARRAY_SIZE(files); i++) {
		int fd = open(files[i], O_WRONLY);

		EXPECT_EQ(-1, fd) TH_LOG("%s opened for writing", files[i]);
		if (fd >= 0)
			close(fd);
	}
}

TEST_F(module, each_load_has_a_new_incarnation)
{
	char first[32], second[32];

	ASSERT_EQ(0, hive_module_load());
	ASSERT_GT(read_text("/sys/kernel/hive/incarnation", first, sizeof(first)), 1);
	ASSERT_EQ(0, hive_module_unload());
	ASSERT_EQ(0, hive_module_load());
	ASSERT_GT(read_text("/sys/kernel/hive/incarnation", second, sizeof(second)), 1);
	EXPECT_STRNE(first, second);
}

TEST_F(module, second_load_is_refused)
{
	ASSERT_EQ(0, hive_module_load());
	EXPECT_EQ(-EEXIST, hive_module_load());
	EXPECT_TRUE(hive_module_loaded());
}

TEST_HARNESS_MAIN
