// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/hive: one value per file, documented in
 * Documentation/ABI/testing/sysfs-kernel-hive.
 */
#include <linux/kobject.h>
#include <linux/sysfs.h>
#include "admin.h"
#include "node.h"

static struct kobject *hive_kobj;

static ssize_t version_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "%s\n", HIVE_VERSION);
}

static ssize_t node_id_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	struct hive_node_info info;

	hive_node_get(&info);
	return sysfs_emit(buf, "%u\n", info.node_id);
}

static ssize_t state_show(struct kobject *kobj, struct kobj_attribute *attr,
			  char *buf)
{
	struct hive_node_info info;

	hive_node_get(&info);
	return sysfs_emit(buf, "%s\n", hive_node_state_name(info.state));
}

static ssize_t cluster_name_show(struct kobject *kobj,
				 struct kobj_attribute *attr, char *buf)
{
	struct hive_node_info info;

	hive_node_get(&info);
	return sysfs_emit(buf, "%s\n", info.cluster_name);
}

static ssize_t incarnation_show(struct kobject *kobj,
				struct kobj_attribute *attr, char *buf)
{
	struct hive_node_info info;

	hive_node_get(&info);
	return sysfs_emit(buf, "%llu\n", info.incarnation);
}

static struct kobj_attribute hive_attr_version = __ATTR_RO(version);
static struct kobj_attribute hive_attr_incarnation = __ATTR_RO(incarnation);
static struct kobj_attribute hive_attr_node_id = __ATTR_RO(node_id);
static struct kobj_attribute hive_attr_state = __ATTR_RO(state);
static struct kobj_attribute hive_attr_cluster_name = __ATTR_RO(cluster_name);

static struct attribute *hive_attrs[] = {
	&hive_attr_version.attr,
	&hive_attr_node_id.attr,
	&hive_attr_state.attr,
	&hive_attr_cluster_name.attr,
	&hive_attr_incarnation.attr,
	NULL,
};

static const struct attribute_group hive_attr_group = {
	.attrs = hive_attrs,
};

/**
 * hive_sysfs_root() - /sys/kernel/hive, for subsystems that add below it
 *
 * Return: the kobject; valid between hive_sysfs_init() and hive_sysfs_exit().
 */
struct kobject *hive_sysfs_root(void)
{
	return hive_kobj;
}

/**
 * hive_sysfs_dir() - a sysfs directory and its files
 * @parent: where it goes
 * @name: its name
 * @group: its files
 * @kobjp: set to the directory on success; kobject_put() removes it and
 *	its files
 *
 * Context: process (module init), may sleep.
 * Return: 0, -ENOMEM or the error sysfs gave.
 */
int hive_sysfs_dir(struct kobject *parent, const char *name,
		   const struct attribute_group *group, struct kobject **kobjp)
{
	struct kobject *kobj = kobject_create_and_add(name, parent);
	int err;

	if (!kobj)
		return -ENOMEM;
	err = sysfs_create_group(kobj, group);
	if (err) {
		kobject_put(kobj);
		return err;
	}
	*kobjp = kobj;
	return 0;
}

/**
 * hive_sysfs_init() - create /sys/kernel/hive and its files
 *
 * Context: process (module init), may sleep.
 * Return: 0 or -ENOMEM / the error sysfs reported.
 */
int hive_sysfs_init(void)
{
	return hive_sysfs_dir(kernel_kobj, "hive", &hive_attr_group, &hive_kobj);
}

/**
 * hive_sysfs_exit() - remove /sys/kernel/hive
 *
 * Context: process (module exit), may sleep.
 */
void hive_sysfs_exit(void)
{
	sysfs_remove_group(hive_kobj, &hive_attr_group);
	kobject_put(hive_kobj);
}
