/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The local node: its id, its cluster's name and its state.  Everything
 * that reports or changes them goes through these functions.
 */
#ifndef HIVE_NODE_H
#define HIVE_NODE_H

#include <linux/types.h>
#include "hive_netlink.h"

/**
 * struct hive_node_info - a consistent snapshot of the local node
 * @node_id: 0 until hived configures the node
 * @state: enum hive_state
 * @cluster_name: NUL-terminated, empty until configured
 * @incarnation: minted when hive.ko loaded, never 0; tells a reloaded
 *	module (a new incarnation) from a restarted hived (the same one)
 */
struct hive_node_info {
	u32 node_id;
	u32 state;
	char cluster_name[HIVE_CLUSTER_NAME_MAX + 1];
	u64 incarnation;
};

void hive_node_init(void);
void hive_node_get(struct hive_node_info *info);
int hive_node_configure(u32 node_id, const char *cluster_name);
int hive_node_enter_view(u32 node_id, u32 state);
void hive_node_set_stale(void);
const char *hive_node_state_name(u32 state);

#endif /* HIVE_NODE_H */
