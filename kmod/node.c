// SPDX-License-Identifier: GPL-2.0
/*
 * The local node's identity and state.  The rules (which ids and names are
 * valid, what states are called) live in the C++ core; this file holds the
 * one copy of the values and the lock around them.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include <linux/mutex.h>
#include <linux/random.h>
#include <linux/string.h>
#include "hive/core.h"
#include "node.h"
#include "process/process.h"

/*
 * hive_node_lock protects hive_node.  Process context only (sysfs, procfs,
 * genl handlers, membership and the transport); the innermost hive lock:
 * taken inside hive_membership_lock and hive_transport_lock, and no other
 * lock is taken while it is held.
 */
static DEFINE_MUTEX(hive_node_lock);
static struct hive_node_info hive_node = {
	.state = HIVE_STATE_UNCONFIGURED,
};

/**
 * hive_node_init() - mint this load's incarnation
 *
 * Context: process (module init).
 */
void hive_node_init(void)
{
	do
		hive_node.incarnation = get_random_u64();
	while (!hive_node.incarnation);
}

/**
 * hive_node_get() - copy the local node's identity and state
 * @info: filled with a consistent snapshot
 *
 * Context: process, may sleep.
 */
void hive_node_get(struct hive_node_info *info)
{
	mutex_lock(&hive_node_lock);
	*info = hive_node;
	mutex_unlock(&hive_node_lock);
}

/**
 * hive_node_configure() - give the local node its id and cluster name
 * @node_id: HIVE_NODE_ID_MIN..HIVE_NODE_ID_MAX
 * @cluster_name: NUL-terminated name, or NULL to keep the current one
 *
 * Callers validate with the core first and explain a refusal to the user;
 * this checks again so that no path can store a bad value.  Once the node
 * is in a membership view its identity is fixed: a restarted hived may
 * repeat it, but not change it.
 *
 * Context: process, may sleep.
 * Return: 0; -EINVAL / -ENAMETOOLONG for a value the core refuses; -ERANGE
 * for a node id with no PID range (hive_pid_check_node()); -EBUSY
 * for a change of identity while in a view.
 */
int hive_node_configure(u32 node_id, const char *cluster_name)
{
	int err = hive_core_check_node_id(node_id);

	if (!err && cluster_name)
		err = hive_core_check_cluster_name(cluster_name, strlen(cluster_name));
	if (!err)
		err = hive_pid_check_node(node_id);
	if (err)
		return err;

	mutex_lock(&hive_node_lock);
	if (hive_node.state > HIVE_STATE_CONFIGURED) {
		if (node_id != hive_node.node_id ||
		    (cluster_name && strcmp(cluster_name, hive_node.cluster_name)))
			err = -EBUSY;
		goto out_unlock;
	}
	hive_node.node_id = node_id;
	if (cluster_name)
		strscpy(hive_node.cluster_name, cluster_name,
			sizeof(hive_node.cluster_name));
	hive_node.state = HIVE_STATE_CONFIGURED;
	hive_pid_set_node(node_id);
	pr_info("node %u of cluster '%s' configured\n", node_id,
		hive_node.cluster_name);
out_unlock:
	mutex_unlock(&hive_node_lock);
	return err;
}

/**
 * hive_node_enter_view() - take a membership state, if still node @node_id
 * @node_id: the id the caller checked the view against
 * @state: HIVE_STATE_QUORATE or HIVE_STATE_NO_QUORUM
 *
 * From here on the identity is fixed (hive_node_configure() refuses
 * changes), so a view checked against @node_id stays right.
 *
 * Context: process, may sleep; called by membership under its own lock.
 * Return: 0, or -EAGAIN if the node id changed since the caller read it.
 */
int hive_node_enter_view(u32 node_id, u32 state)
{
	int err = 0;

	mutex_lock(&hive_node_lock);
	if (hive_node.node_id == node_id)
		hive_node.state = state;
	else
		err = -EAGAIN;
	mutex_unlock(&hive_node_lock);
	return err;
}

/**
 * hive_node_set_stale() - the membership daemon went away
 *
 * Context: process, may sleep; called by membership under its own lock.
 */
void hive_node_set_stale(void)
{
	mutex_lock(&hive_node_lock);
	hive_node.state = HIVE_STATE_STALE;
	mutex_unlock(&hive_node_lock);
}

/**
 * hive_node_state_name() - name of a node state for sysfs, procfs and logs
 * @state: enum hive_state
 *
 * Return: the core's name, or "unknown" (never NULL).
 */
const char *hive_node_state_name(u32 state)
{
	const char *name = hive_core_state_name(state);

	return name ? name : "unknown";
}
