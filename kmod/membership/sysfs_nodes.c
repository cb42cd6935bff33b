// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/hive/nodes/<id>/: one directory per member of the view in
 * force, one value per file (Documentation/ABI/testing/sysfs-kernel-hive).
 * The directories only name a node; every value is read when the file is
 * read: address, port and incarnation from the view under RCU, the rest
 * from the transport's peer.
 */
#include <linux/kobject.h>
#include <linux/slab.h>
#include <linux/sysfs.h>
#include <linux/xarray.h>
#include "admin/admin.h"
#include "membership.h"
#include "transport/transport.h"

struct hive_node_dir {
	struct kobject kobj;
	u32 node_id;
};

static struct kobject *hive_nodes_kobj;
/* node id -> struct hive_node_dir; changed under hive_membership_lock. */
static DEFINE_XARRAY(hive_node_dirs);

#define to_hive_node_dir(k) container_of(k, struct hive_node_dir, kobj)

/* Print one value of @kobj's node from the view in force. */
static ssize_t hive_node_show(struct kobject *kobj, char *buf,
			      ssize_t (*fmt)(char *, const struct hive_view_member *))
{
	const struct hive_view_member *m;
	const struct hive_view *view;
	ssize_t len = -ENODEV;

	rcu_read_lock();
	view = hive_view_rcu();
	m = view ? hive_view_find(view, to_hive_node_dir(kobj)->node_id) : NULL;
	if (m)
		len = fmt(buf, m);
	rcu_read_unlock();
	return len;
}

static ssize_t fmt_address(char *buf, const struct hive_view_member *m)
{
	return m->family == HIVE_ADDR_INET ? sysfs_emit(buf, "%pI4\n", m->addr) :
					     sysfs_emit(buf, "%pI6c\n", m->addr);
}

static ssize_t fmt_port(char *buf, const struct hive_view_member *m)
{
	return sysfs_emit(buf, "%u\n", m->port);
}

static ssize_t fmt_incarnation(char *buf, const struct hive_view_member *m)
{
	return sysfs_emit(buf, "%llu\n", m->incarnation);
}

#define HIVE_NODE_ATTR(name)						\
static ssize_t name##_show(struct kobject *kobj,			\
			   struct kobj_attribute *attr, char *buf)	\
{									\
	return hive_node_show(kobj, buf, fmt_##name);			\
}									\
static struct kobj_attribute hive_node_attr_##name = __ATTR_RO(name)

HIVE_NODE_ATTR(address);
HIVE_NODE_ATTR(port);
HIVE_NODE_ATTR(incarnation);

/* One value of the transport's view of @kobj's node. */
#define HIVE_NODE_STAT_ATTR(name, fmt)					\
static ssize_t name##_show(struct kobject *kobj,			\
			   struct kobj_attribute *attr, char *buf)	\
{									\
	struct hive_peer_stats stats;					\
	int err;							\
									\
	err = hive_transport_peer_stats(to_hive_node_dir(kobj)->node_id, \
					&stats);			\
	return err ? err : sysfs_emit(buf, fmt "\n", stats.name);	\
}									\
static struct kobj_attribute hive_node_attr_##name = __ATTR_RO(name)

HIVE_NODE_STAT_ATTR(state, "%s");
HIVE_NODE_STAT_ATTR(rtt_us, "%u");
HIVE_NODE_STAT_ATTR(tx_messages, "%llu");
HIVE_NODE_STAT_ATTR(rx_messages, "%llu");
HIVE_NODE_STAT_ATTR(tx_bytes, "%llu");
HIVE_NODE_STAT_ATTR(rx_bytes, "%llu");
HIVE_NODE_STAT_ATTR(errors, "%llu");
HIVE_NODE_STAT_ATTR(connects, "%llu");

static struct attribute *hive_node_attrs[] = {
	&hive_node_attr_address.attr,
	&hive_node_attr_port.attr,
	&hive_node_attr_incarnation.attr,
	&hive_node_attr_state.attr,
	&hive_node_attr_rtt_us.attr,
	&hive_node_attr_tx_messages.attr,
	&hive_node_attr_rx_messages.attr,
	&hive_node_attr_tx_bytes.attr,
	&hive_node_attr_rx_bytes.attr,
	&hive_node_attr_errors.attr,
	&hive_node_attr_connects.attr,
	NULL,
};
ATTRIBUTE_GROUPS(hive_node);

static void hive_node_dir_release(struct kobject *kobj)
{
	kfree(to_hive_node_dir(kobj));
}

static const struct kobj_type hive_node_ktype = {
	.release = hive_node_dir_release,
	.sysfs_ops = &kobj_sysfs_ops,
	.default_groups = hive_node_groups,
};

/**
 * hive_nodes_sysfs_add() - create /sys/kernel/hive/nodes/<node_id>
 * @node_id: a node joining the view
 *
 * Context: process, hive_membership_lock held, may sleep.
 * Return: 0, -ENOMEM, or the error kobject_add or the xarray gave.
 */
int hive_nodes_sysfs_add(u32 node_id)
{
	struct hive_node_dir *dir = kzalloc(sizeof(*dir), GFP_KERNEL);
	int err;

	if (!dir)
		return -ENOMEM;
	dir->node_id = node_id;
	err = kobject_init_and_add(&dir->kobj, &hive_node_ktype,
				   hive_nodes_kobj, "%u", node_id);
	if (!err)
		err = xa_insert(&hive_node_dirs, node_id, dir, GFP_KERNEL);
	if (err)
		kobject_put(&dir->kobj);
	return err;
}

/**
 * hive_nodes_sysfs_remove() - remove /sys/kernel/hive/nodes/<node_id>
 * @node_id: a node leaving the view; nothing happens if it has no directory
 *
 * Context: process, hive_membership_lock held, may sleep.
 */
void hive_nodes_sysfs_remove(u32 node_id)
{
	struct hive_node_dir *dir = xa_erase(&hive_node_dirs, node_id);

	if (dir)
		kobject_put(&dir->kobj);
}

/**
 * hive_nodes_sysfs_init() - create /sys/kernel/hive/nodes
 *
 * Context: process (module init), may sleep.
 * Return: 0 or -ENOMEM.
 */
int hive_nodes_sysfs_init(void)
{
	hive_nodes_kobj = kobject_create_and_add("nodes", hive_sysfs_root());
	return hive_nodes_kobj ? 0 : -ENOMEM;
}

/**
 * hive_nodes_sysfs_exit() - remove /sys/kernel/hive/nodes and all below
 *
 * Context: process (module exit), may sleep.
 */
void hive_nodes_sysfs_exit(void)
{
	struct hive_node_dir *dir;
	unsigned long id;

	xa_for_each(&hive_node_dirs, id, dir)
		hive_nodes_sysfs_remove(id);
	kobject_put(hive_nodes_kobj);
}
