// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/hive/processes/: the node's PID range, its domain, and the
 * descriptors it serves to moved processes or holds proxies of, one value
 * per file (Documentation/ABI/testing/sysfs-kernel-hive).
 */
#include <linux/kobject.h>
#include <linux/sysfs.h>
#include "admin/admin.h"
#include "hive/process.h"
#include "migrate/migrate.h"
#include "process.h"

static struct kobject *hive_process_kobj;

static ssize_t pid_range_size_show(struct kobject *kobj,
				   struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", hive_pid_range_size_get());
}

static ssize_t pid_max_node_show(struct kobject *kobj,
				 struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n",
			  hive_pid_max_node(hive_pid_range_size_get()));
}

static ssize_t pid_first_show(struct kobject *kobj,
			      struct kobj_attribute *attr, char *buf)
{
	u32 first, end;

	hive_pid_local_range(&first, &end);
	return sysfs_emit(buf, "%u\n", first);
}

static ssize_t pid_last_show(struct kobject *kobj,
			     struct kobj_attribute *attr, char *buf)
{
	u32 first, end;

	return sysfs_emit(buf, "%u\n",
			  hive_pid_local_range(&first, &end) ? end - 1 : 0);
}

static ssize_t domain_show(struct kobject *kobj, struct kobj_attribute *attr,
			   char *buf)
{
	return sysfs_emit(buf, "%d\n", hive_domain_processes());
}

static ssize_t list_errors_show(struct kobject *kobj,
				struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%lld\n", atomic64_read(&hive_list_errors));
}

static ssize_t exec_sessions_show(struct kobject *kobj,
				  struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", hive_exec_sessions());
}

static ssize_t forwarded_show(struct kobject *kobj, struct kobj_attribute *attr,
			      char *buf)
{
	return sysfs_emit(buf, "%d\n", hive_fwd_served());
}

static ssize_t proxies_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "%d\n", hive_proxies());
}

static struct kobj_attribute hive_process_attr_pid_range_size =
	__ATTR_RO(pid_range_size);
static struct kobj_attribute hive_process_attr_pid_max_node =
	__ATTR_RO(pid_max_node);
static struct kobj_attribute hive_process_attr_pid_first = __ATTR_RO(pid_first);
static struct kobj_attribute hive_process_attr_pid_last = __ATTR_RO(pid_last);
static struct kobj_attribute hive_process_attr_domain = __ATTR_RO(domain);
static struct kobj_attribute hive_process_attr_list_errors =
	__ATTR_RO(list_errors);
static struct kobj_attribute hive_process_attr_exec_sessions =
	__ATTR_RO(exec_sessions);
static struct kobj_attribute hive_process_attr_forwarded = __ATTR_RO(forwarded);
static struct kobj_attribute hive_process_attr_proxies = __ATTR_RO(proxies);

static struct attribute *hive_process_attrs[] = {
	&hive_process_attr_pid_range_size.attr,
	&hive_process_attr_pid_max_node.attr,
	&hive_process_attr_pid_first.attr,
	&hive_process_attr_pid_last.attr,
	&hive_process_attr_domain.attr,
	&hive_process_attr_list_errors.attr,
	&hive_process_attr_exec_sessions.attr,
	&hive_process_attr_forwarded.attr,
	&hive_process_attr_proxies.attr,
	NULL,
};

static const struct attribute_group hive_process_group = {
	.attrs = hive_process_attrs,
};

/**
 * hive_process_sysfs_init() - create /sys/kernel/hive/processes
 *
 * Context: process (module init).
 * Return: 0, -ENOMEM or the error sysfs gave.
 */
int hive_process_sysfs_init(void)
{
	return hive_sysfs_dir(hive_sysfs_root(), "processes",
			      &hive_process_group, &hive_process_kobj);
}

/**
 * hive_process_sysfs_exit() - remove /sys/kernel/hive/processes
 *
 * Context: process (module exit).
 */
void hive_process_sysfs_exit(void)
{
	kobject_put(hive_process_kobj);
}
