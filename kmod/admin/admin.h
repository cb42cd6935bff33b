/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hive's admin surface: /sys/kernel/hive, /proc/hive and the "hive"
 * generic netlink family.  Each is set up at module load and torn down at
 * unload, from process context.
 */
#ifndef HIVE_ADMIN_H
#define HIVE_ADMIN_H

#include <net/genetlink.h>

extern struct genl_family hive_genl_family;

struct kobject;
struct attribute_group;

struct kobject *hive_sysfs_root(void);
int hive_sysfs_dir(struct kobject *parent, const char *name,
		   const struct attribute_group *group, struct kobject **kobjp);

int hive_sysfs_init(void);
void hive_sysfs_exit(void);
int hive_procfs_init(void);
void hive_procfs_exit(void);
int hive_netlink_init(void);
void hive_netlink_exit(void);

#endif /* HIVE_ADMIN_H */
