// SPDX-License-Identifier: GPL-2.0
/*
 * hive.ko: module load and unload.  Sets up the admin surface in order and
 * tears it down in reverse; the netlink family goes last on load and first
 * on unload, so no request runs against a half-built module.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/rcupdate.h>
#include "admin/admin.h"
#include "membership/membership.h"
#include "migrate/migrate.h"
#include "process/process.h"
#include "rpc/rpc.h"
#include "node.h"

static int __init hive_init(void)
{
	int err;

	hive_node_init();
	err = hive_sysfs_init();
	if (err)
		return err;
	err = hive_membership_init();
	if (err)
		goto err_sysfs;
	err = hive_echo_init();
	if (err)
		goto err_membership;
	err = hive_process_init();
	if (err)
		goto err_echo;
	err = hive_migrate_init();
	if (err)
		goto err_process;
	err = hive_rpc_init();
	if (err)
		goto err_migrate;
	err = hive_procfs_init();
	if (err)
		goto err_rpc;
	err = hive_netlink_init();
	if (err)
		goto err_procfs;
	pr_info("version %s loaded\n", HIVE_VERSION);
	return 0;

err_procfs:
	hive_procfs_exit();
err_rpc:
	hive_echo_stop();
	hive_rpc_exit();
err_migrate:
	hive_migrate_exit();
err_process:
	hive_process_exit();
err_echo:
	hive_echo_exit();
err_membership:
	hive_membership_exit();
err_sysfs:
	hive_sysfs_exit();
	return err;
}

static void __exit hive_exit(void)
{
	hive_netlink_exit();
	hive_procfs_exit();
	/* Worker handlers that hold their message let go first. */
	hive_echo_stop();
	hive_rpc_exit();
	hive_migrate_exit();
	hive_process_exit();
	hive_echo_exit();
	hive_membership_exit();
	hive_sysfs_exit();
	/*
	 * A task that dropped its reference on this module (a kill(2)
	 * redirected to hive_sys_kill(), the last reference to an exec
	 * session, a migration's freeze or deputy on a thread, a restore's
	 * task_work in a moved process) may still run
	 * this module's text on its way back, even preempted there.  Every task passes a voluntary context switch or
	 * user mode before the text is freed.
	 */
	synchronize_rcu_tasks();
	pr_info("unloaded\n");
}

module_init(hive_init);
module_exit(hive_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The hive developers");
MODULE_DESCRIPTION("hive single-system-image cluster");
MODULE_VERSION(HIVE_VERSION);
