// SPDX-License-Identifier: GPL-2.0
/*
 * Cluster processes: sets up the PID range, the domain, the LIST, KILL
 * and remote-execution services and their sysfs directory in order, and takes them down in
 * reverse.
 */
#include "process.h"

/**
 * hive_process_init() - start everything in kmod/process
 *
 * Context: process (module init), before the RPC layer starts (it
 * registers RPC handlers).
 * Return: 0 or the first error; nothing is left installed then.
 */
int hive_process_init(void)
{
	int err = hive_pidspace_init();

	if (err)
		return err;
	err = hive_domain_init();
	if (err)
		goto err_pidspace;
	err = hive_list_init();
	if (err)
		goto err_domain;
	err = hive_kill_init();
	if (err)
		goto err_list;
	err = hive_exec_init();
	if (err)
		goto err_kill;
	err = hive_process_sysfs_init();
	if (err)
		goto err_exec;
	return 0;

err_exec:
	hive_exec_exit();
err_kill:
	hive_kill_exit();
err_list:
	hive_list_exit();
err_domain:
	hive_domain_exit();
err_pidspace:
	hive_pidspace_exit();
	return err;
}

/**
 * hive_process_exit() - stop everything in kmod/process
 *
 * Context: process (module exit), after the RPC layer stopped.
 */
void hive_process_exit(void)
{
	hive_process_sysfs_exit();
	hive_exec_exit();
	hive_kill_exit();
	hive_list_exit();
	hive_domain_exit();
	hive_pidspace_exit();
}
