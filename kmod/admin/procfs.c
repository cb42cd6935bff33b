// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/hive: listings for people, one "key: value" per line, and the
 * migrate request file.  Documented in Documentation/ABI/testing/procfs-hive.
 */
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include "admin.h"
#include "migrate/migrate.h"
#include "node.h"
#include "process/process.h"

static struct proc_dir_entry *hive_proc_dir;

static int hive_proc_status_show(struct seq_file *m, void *v)
{
	struct hive_node_info info;

	hive_node_get(&info);
	seq_printf(m, "version: %s\n", HIVE_VERSION);
	seq_printf(m, "node_id: %u\n", info.node_id);
	seq_printf(m, "state: %s\n", hive_node_state_name(info.state));
	seq_printf(m, "cluster_name: %s\n", info.cluster_name);
	seq_printf(m, "incarnation: %llu\n", info.incarnation);
	return 0;
}

/**
 * hive_procfs_init() - create /proc/hive and its files
 *
 * Context: process (module init), may sleep.
 * Return: 0 or -ENOMEM.
 */
int hive_procfs_init(void)
{
	hive_proc_dir = proc_mkdir("hive", NULL);
	if (!hive_proc_dir)
		return -ENOMEM;
	if (!proc_create_single("status", 0444, hive_proc_dir,
				hive_proc_status_show) ||
	    !proc_create("processes", 0444, hive_proc_dir,
			 &hive_processes_proc_ops) ||
	    !proc_create_single("exec", 0444, hive_proc_dir,
				hive_exec_proc_show) ||
	    !proc_create("migrate", 0222, hive_proc_dir, &hive_migrate_proc_ops)) {
		proc_remove(hive_proc_dir);
		return -ENOMEM;
	}
	return 0;
}

/**
 * hive_procfs_exit() - remove /proc/hive and everything below it
 *
 * Context: process (module exit), may sleep.
 */
void hive_procfs_exit(void)
{
	proc_remove(hive_proc_dir);
}
