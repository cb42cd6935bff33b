// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/hive/rpc/: worker handlers running and the RPC layer's
 * counters, one value per file (Documentation/ABI/testing/sysfs-kernel-hive).
 */
#include <linux/kobject.h>
#include <linux/sysfs.h>
#include "admin/admin.h"
#include "rpc.h"

/* Worker requests running or waiting for their answer, all peers. */
atomic_t hive_rpc_running = ATOMIC_INIT(0);
/* Calls answered -EBUSY and casts dropped: a peer had too many running. */
atomic64_t hive_rpc_refused_busy = ATOMIC64_INIT(0);
/* Replies that came after their caller gave up (timeout or signal). */
atomic64_t hive_rpc_late_replies = ATOMIC64_INIT(0);

static struct kobject *hive_rpc_kobj;

static ssize_t workers_running_show(struct kobject *kobj,
				    struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%d\n", atomic_read(&hive_rpc_running));
}

static ssize_t refused_busy_show(struct kobject *kobj,
				 struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%lld\n", atomic64_read(&hive_rpc_refused_busy));
}

static ssize_t late_replies_show(struct kobject *kobj,
				 struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%lld\n", atomic64_read(&hive_rpc_late_replies));
}

static struct kobj_attribute hive_rpc_attr_workers_running =
	__ATTR_RO(workers_running);
static struct kobj_attribute hive_rpc_attr_refused_busy =
	__ATTR_RO(refused_busy);
static struct kobj_attribute hive_rpc_attr_late_replies =
	__ATTR_RO(late_replies);

static struct attribute *hive_rpc_attrs[] = {
	&hive_rpc_attr_workers_running.attr,
	&hive_rpc_attr_refused_busy.attr,
	&hive_rpc_attr_late_replies.attr,
	NULL,
};

static const struct attribute_group hive_rpc_group = {
	.attrs = hive_rpc_attrs,
};

/**
 * hive_rpc_sysfs_init() - create /sys/kernel/hive/rpc
 *
 * Context: process (module init).
 * Return: 0, -ENOMEM or the error sysfs gave.
 */
int hive_rpc_sysfs_init(void)
{
	return hive_sysfs_dir(hive_sysfs_root(), "rpc",
			      &hive_rpc_group, &hive_rpc_kobj);
}

/**
 * hive_rpc_sysfs_exit() - remove /sys/kernel/hive/rpc
 *
 * Context: process (module exit).
 */
void hive_rpc_sysfs_exit(void)
{
	kobject_put(hive_rpc_kobj);
}
