// SPDX-License-Identifier: GPL-2.0
/*
 * Test-only module: warns once on load.  The harness self-test loads it in a
 * VM and expects hive-vm to fail the run, proving that a WARN in any node's
 * log fails `make check`.  Never installed.
 */
#include <linux/bug.h>
#include <linux/module.h>

static int __init hive_test_warn_init(void)
{
	WARN_ON(1);
	return 0;
}

static void __exit hive_test_warn_exit(void)
{
}

module_init(hive_test_warn_init);
module_exit(hive_test_warn_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("hive harness self-test: WARN_ON on load");
