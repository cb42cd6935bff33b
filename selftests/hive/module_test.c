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
	EXPECT_FILE_EQ("/sys/kernel/hive/migration/pages_arriving", "0\n");
	EXPECT_FILE_EQ("/sys/kernel/hive/migration/processes_served", "0\n");
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
		"/sys/kernel/hive/migration/pages_arriving",
		"/sys/kernel/hive/migration/processes_served",
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

/* write(2) @text to @path: 0, or -errno. */
static int write_text(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY), err = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, text, strlen(text)) < 0)
		err = -errno;
	close(fd);
	return err;
}

/* A value written to a knob and how it reads back. */
struct knob_value {
	const char *written;
	const char *read;
};

/*
 * A knob of @file: @dflt after the load; each of @out_of_range refused
 * with -ERANGE and each of @not_numbers with -EINVAL, @dflt kept; then
 * each of @takes written in turn, read back as it says.
 */
static void expect_knob(struct __test_metadata *_metadata, const char *file,
			const char *dflt, const char *const *out_of_range,
			size_t n_out, const char *const *not_numbers,
			size_t n_not, const struct knob_value *takes,
			size_t n_takes)
{
	size_t i;

	ASSERT_EQ(0, hive_module_load());
	EXPECT_FILE_EQ(file, dflt);
	for (i = 0; i < n_out; i++)
		EXPECT_EQ(-ERANGE, write_text(file, out_of_range[i]))
			TH_LOG("%s: %s", file, out_of_range[i]);
	for (i = 0; i < n_not; i++)
		EXPECT_EQ(-EINVAL, write_text(file, not_numbers[i]))
			TH_LOG("%s: '%s'", file, not_numbers[i]);
	EXPECT_FILE_EQ(file, dflt);
	for (i = 0; i < n_takes; i++) {
		EXPECT_EQ(0, write_text(file, takes[i].written))
			TH_LOG("%s: '%s'", file, takes[i].written);
		EXPECT_FILE_EQ(file, takes[i].read);
	}
}

/* rekey_bytes takes 1 MiB to 2^36 and nothing else; 2^36 by default. */
TEST_F(module, rekey_bytes_keeps_its_range)
{
	static const char *const out_of_range[] = {
		"0", "1048575", "68719476737", "18446744073709551615",
	};
	static const char *const not_numbers[] = { "x", "-1", "1 MiB" };
	static const struct knob_value takes[] = {
		{ "1048576\n", "1048576\n" },
		{ "0x1000000000", "68719476736\n" },
	};

	expect_knob(_metadata, "/sys/kernel/hive/transport/rekey_bytes",
		    "68719476736\n", out_of_range, ARRAY_SIZE(out_of_range),
		    not_numbers, ARRAY_SIZE(not_numbers), takes,
		    ARRAY_SIZE(takes));
}

/* pullers takes 0 to 4 and nothing else; 4 by default. */
TEST_F(module, pullers_keeps_its_range)
{
	static const char *const out_of_range[] = { "5", "4294967296" };
	static const char *const not_numbers[] = { "x", "-1", "2 pullers" };
	static const struct knob_value takes[] = {
		{ "0\n", "0\n" },
		{ "2", "2\n" },
	};

	expect_knob(_metadata, "/sys/kernel/hive/migration/pullers", "4\n",
		    out_of_range, ARRAY_SIZE(out_of_range), not_numbers,
		    ARRAY_SIZE(not_numbers), takes, ARRAY_SIZE(takes));
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
