/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Cluster membership in the kernel: the view hived pushes from corosync,
 * applied atomically, and what the rest of hive.ko reads of it.
 * Documentation/membership.rst.
 */
#ifndef HIVE_MEMBERSHIP_H
#define HIVE_MEMBERSHIP_H

#include <linux/rcupdate.h>
#include <linux/types.h>
#include <net/genetlink.h>
#include "hive/view.h"
#include "hive_netlink.h"

/**
 * struct hive_view - a membership view as the kernel keeps it
 * @rcu: frees the view after readers are done with it
 * @epoch: corosync's ring sequence
 * @generation: counts the views applied since load, from 1; a dump that
 *	sees two generations is flagged NLM_F_DUMP_INTR
 * @quorate: whether the partition has quorum
 * @count: number of @members
 * @members: sorted by node id
 */
struct hive_view {
	struct rcu_head rcu;
	u64 epoch;
	u32 generation;
	bool quorate;
	u32 count;
	struct hive_view_member members[];
};

int hive_membership_init(void);
void hive_membership_exit(void);

struct notifier_block;
int hive_view_notifier_register(struct notifier_block *nb);
void hive_view_notifier_unregister(struct notifier_block *nb);
const struct hive_view *hive_view_rcu(void);
int hive_view_apply(struct hive_view *next, u32 portid,
		    struct netlink_ext_ack *extack);
const struct hive_view_member *hive_view_find(const struct hive_view *view,
					      u32 node_id);

int hive_genl_set_view(struct sk_buff *skb, struct genl_info *info);
int hive_genl_get_nodes(struct sk_buff *skb, struct netlink_callback *cb);

int hive_nodes_sysfs_init(void);
void hive_nodes_sysfs_exit(void);
int hive_nodes_sysfs_add(u32 node_id);
void hive_nodes_sysfs_remove(u32 node_id);

#endif /* HIVE_MEMBERSHIP_H */
