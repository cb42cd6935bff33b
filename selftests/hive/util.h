/* SPDX-License-Identifier: GPL-2.0 */
/* Loading hive.ko and reading its files, for hive's selftests. */
#ifndef HIVE_SELFTEST_UTIL_H
#define HIVE_SELFTEST_UTIL_H

#include <stdbool.h>
#include <stddef.h>

int hive_module_load(void);
int hive_module_unload(void);
bool hive_module_loaded(void);
int read_text(const char *path, char *buf, size_t len);
int run_capture(char *const argv[], char *out, size_t len);
int hive_genl_connect(int *family);

/* In a kselftest: the whole content of the file at path is expected. */
#define EXPECT_FILE_EQ(path, expected) do {				\
	char __text[512];						\
									\
	ASSERT_GE(read_text(path, __text, sizeof(__text)), 0)		\
		TH_LOG("cannot read %s", path);				\
	EXPECT_STREQ(expected, __text) TH_LOG("in %s", path);		\
} while (0)

#endif
