// SPDX-License-Identifier: GPL-2.0
/*
 * The membership view in force.  hived sends a whole view; the core decides
 * whether it is well-formed and may replace the current one; this file
 * swaps it in under RCU, updates the per-node sysfs directories and the
 * local node's state, and notices when hived's socket goes away.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mutex.h>
#include <linux/netlink.h>
#include <linux/notifier.h>
#include <linux/slab.h>
#include <net/net_namespace.h>
#include "membership.h"
#include "node.h"

/*
 * hive_membership_lock serialises changes of the view, of
 * hive_membership_daemon and of the per-node sysfs directories.  Process
 * context only; taken before hive_node_lock (through hive_node_*()), never
 * inside it.  Readers of the view use RCU and take no lock.
 */
static DEFINE_MUTEX(hive_membership_lock);
/* Told of every view put in force, under hive_membership_lock. */
static BLOCKING_NOTIFIER_HEAD(hive_view_notifiers);
static struct hive_view __rcu *hive_view_current;
/* Netlink port of the socket that sent the view in force; 0 when none. */
static u32 hive_membership_daemon;

/**
 * hive_view_notifier_register() - be told of each view put in force
 * @nb: its callback gets the new view (const struct hive_view *) as data;
 *	it runs in process context under hive_membership_lock, may sleep,
 *	and must not wait on anything that waits on that lock
 *
 * Context: process.
 * Return: 0.
 */
int hive_view_notifier_register(struct notifier_block *nb)
{
	return blocking_notifier_chain_register(&hive_view_notifiers, nb);
}

/**
 * hive_view_notifier_unregister() - stop being told of views
 * @nb: registered before; returns after its last call has returned
 *
 * Context: process.
 */
void hive_view_notifier_unregister(struct notifier_block *nb)
{
	blocking_notifier_chain_unregister(&hive_view_notifiers, nb);
}

/**
 * hive_view_rcu() - the view in force
 *
 * Context: inside rcu_read_lock().
 * Return: the view, or NULL before hived sent one.
 */
const struct hive_view *hive_view_rcu(void)
{
	return rcu_dereference(hive_view_current);
}

/**
 * hive_view_find() - a node's entry in a view
 * @view: the view
 * @node_id: the node
 *
 * Return: the member, or NULL if @node_id is not in @view.
 */
const struct hive_view_member *hive_view_find(const struct hive_view *view,
					      u32 node_id)
{
	u32 lo = 0, hi = view->count;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (view->members[mid].node_id == node_id)
			return &view->members[mid];
		if (view->members[mid].node_id < node_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static struct hive_view_ref hive_view_ref_of(const struct hive_view *view)
{
	if (!view)
		return (struct hive_view_ref){ .epoch = 0 };
	return (struct hive_view_ref){ .epoch = view->epoch,
				       .members = view->members,
				       .count = view->count };
}

/* Create the sysfs directories of joining nodes before the view goes in. */
static void hive_view_add_dirs(void *data, enum hive_view_change change,
			       const struct hive_view_member *before,
			       const struct hive_view_member *after)
{
	int *err = data;

	if (change == HIVE_VIEW_JOINED && !*err)
		*err = hive_nodes_sysfs_add(after->node_id);
}

static void hive_view_undo_dirs(void *data, enum hive_view_change change,
				const struct hive_view_member *before,
				const struct hive_view_member *after)
{
	if (change == HIVE_VIEW_JOINED)
		hive_nodes_sysfs_remove(after->node_id);
}

/* After the view went in: drop the directories of nodes that left, log. */
static void hive_view_applied(void *data, enum hive_view_change change,
			      const struct hive_view_member *before,
			      const struct hive_view_member *after)
{
	if (change == HIVE_VIEW_LEFT) {
		hive_nodes_sysfs_remove(before->node_id);
		pr_info("node %u left\n", before->node_id);
	} else if (change == HIVE_VIEW_JOINED) {
		pr_info("node %u joined\n", after->node_id);
	} else if (change == HIVE_VIEW_RESTARTED) {
		pr_info("node %u restarted\n", after->node_id);
	}
}

/**
 * hive_view_apply() - make @next the view in force
 * @next: a view allocated with kvmalloc()
 * @portid: netlink port of the sender; its closing makes membership stale
 * @extack: where to explain a refusal
 *
 * Context: process, may sleep.
 * Return: 0, and @next belongs to hive.ko; or -EINVAL, -ESTALE, -EAGAIN
 * (the node id changed meanwhile) or -ENOMEM, and @next still belongs to
 * the caller.
 */
int hive_view_apply(struct hive_view *next, u32 portid,
			   struct netlink_ext_ack *extack)
{
	struct hive_view_ref cur_ref, next_ref = hive_view_ref_of(next);
	struct hive_node_info node;
	struct hive_view *cur;
	int err;

	hive_node_get(&node);
	if (node.state == HIVE_STATE_UNCONFIGURED) {
		NL_SET_ERR_MSG(extack, "the node has no id yet: set it first");
		return -EINVAL;
	}
	err = hive_view_check(&next_ref, node.node_id, NULL);
	if (err == -ENOENT) {
		NL_SET_ERR_MSG(extack, "the view does not hold the local node");
		return -EINVAL;
	}
	if (err) {
		NL_SET_ERR_MSG(extack, "malformed view: members must have valid ids in increasing order, an IPv4 or IPv6 address and a port");
		return err;
	}

	mutex_lock(&hive_membership_lock);
	cur = rcu_dereference_protected(hive_view_current,
					lockdep_is_held(&hive_membership_lock));
	cur_ref = hive_view_ref_of(cur);
	if (cur) {
		err = hive_view_check_successor(&cur_ref, &next_ref);
		if (err == -ESTALE)
			NL_SET_ERR_MSG(extack, "the view is older than the one in force");
		else if (err)
			NL_SET_ERR_MSG(extack, "a view of the same epoch may only add incarnations");
		if (err)
			goto out_unlock;
	}
	hive_view_diff(&cur_ref, &next_ref, hive_view_add_dirs, &err);
	if (!err) {
		err = hive_node_enter_view(node.node_id, next->quorate ?
					   HIVE_STATE_QUORATE : HIVE_STATE_NO_QUORUM);
		if (err)
			NL_SET_ERR_MSG(extack, "the node id changed while the view was checked");
	}
	if (err) {
		hive_view_diff(&cur_ref, &next_ref, hive_view_undo_dirs, NULL);
		goto out_unlock;
	}
	next->generation = cur ? cur->generation + 1 : 1;
	rcu_assign_pointer(hive_view_current, next);
	WRITE_ONCE(hive_membership_daemon, portid);
	hive_view_diff(&cur_ref, &next_ref, hive_view_applied, NULL);
	blocking_notifier_call_chain(&hive_view_notifiers, 0, next);
	if (cur)
		kvfree_rcu(cur, rcu);
out_unlock:
	mutex_unlock(&hive_membership_lock);
	return err;
}

/*
 * hived's socket closed: the kernel keeps the last view, but nobody keeps it
 * current any more.  A restarted hived sends the view again.
 */
static int hive_membership_netlink_event(struct notifier_block *nb,
					 unsigned long event, void *ptr)
{
	struct netlink_notify *n = ptr;

	if (event != NETLINK_URELEASE || n->protocol != NETLINK_GENERIC ||
	    !net_eq(n->net, &init_net))
		return NOTIFY_DONE;
	/*
	 * Every generic netlink socket on the machine ends up here: only
	 * hived's takes the lock.
	 */
	if (!n->portid || n->portid != READ_ONCE(hive_membership_daemon))
		return NOTIFY_DONE;
	mutex_lock(&hive_membership_lock);
	if (hive_membership_daemon && n->portid == hive_membership_daemon) {
		WRITE_ONCE(hive_membership_daemon, 0);
		hive_node_set_stale();
		pr_warn("hived went away: membership is stale until it returns\n");
	}
	mutex_unlock(&hive_membership_lock);
	return NOTIFY_DONE;
}

static struct notifier_block hive_membership_netlink_nb = {
	.notifier_call = hive_membership_netlink_event,
};

/**
 * hive_membership_init() - start with no view
 *
 * Context: process (module init), may sleep.
 * Return: 0 or the error of /sys/kernel/hive/nodes or the notifier.
 */
int hive_membership_init(void)
{
	int err = hive_nodes_sysfs_init();

	if (err)
		return err;
	err = netlink_register_notifier(&hive_membership_netlink_nb);
	if (err)
		hive_nodes_sysfs_exit();
	return err;
}

/**
 * hive_membership_exit() - forget the view
 *
 * Called after the netlink family is gone, so nothing reads or changes the
 * view any more.
 *
 * Context: process (module exit), may sleep.
 */
void hive_membership_exit(void)
{
	netlink_unregister_notifier(&hive_membership_netlink_nb);
	hive_nodes_sysfs_exit();
	synchronize_rcu();
	kvfree(rcu_dereference_protected(hive_view_current, true));
	RCU_INIT_POINTER(hive_view_current, NULL);
}
