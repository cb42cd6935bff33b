// SPDX-License-Identifier: GPL-2.0
/*
 * The peer table: one peer per other member of the view, made and killed
 * as views change, looked up under RCU; the listener; the once-a-second
 * tick (PING, due ACKs); what sysfs shows of each peer; module init and
 * exit of the transport.  A peer's frames are queue.c's, its dialing
 * dial.c's.  Documentation/transport.rst.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/jiffies.h>
#include <linux/notifier.h>
#include <linux/random.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include "membership/membership.h"
#include "node.h"
#include "internal.h"

#define HIVE_PEER_TICK		HZ
/* Silent this long: suspect.  Unconnected this long: down. */
#define HIVE_PEER_SUSPECT_AFTER	(3 * HZ)
#define HIVE_PEER_DOWN_AFTER	(10 * HZ)

struct workqueue_struct *hive_transport_wq;
const struct hive_transport_user *hive_transport_user;
atomic64_t hive_tstats[__HIVE_TSTAT_COUNT];
atomic_t hive_connections;

/*
 * hive_transport_lock serialises view changes in the transport: the peer
 * table's writers, the listener and hive_self.  Process context; taken
 * inside hive_membership_lock, before a peer's locks.  Lookups in the
 * table use RCU.
 */
static DEFINE_MUTEX(hive_transport_lock);
static struct hive_peer __rcu *hive_peers[HIVE_NODE_ID_MAX + 1];
static bool hive_listening;

/* hive_self_lock guards hive_self; any context, never nested. */
static DEFINE_SPINLOCK(hive_self_lock);
static struct hive_self hive_self;

static struct delayed_work hive_peer_tick_work;

/**
 * hive_self_get() - the local node as the transport knows it
 * @self: filled in
 *
 * Return: 0, or -ENOTCONN while the local node is in no view.
 */
int hive_self_get(struct hive_self *self)
{
	spin_lock(&hive_self_lock);
	*self = hive_self;
	spin_unlock(&hive_self_lock);
	return self->id ? 0 : -ENOTCONN;
}

/*
 * The last reference: the table's, a connection's, a caller's or a
 * pending work's.  Works hold one while queued (hive_peer_kick(),
 * hive_peer_schedule_dial()), so none can run on a freed peer.
 */
static void hive_peer_release(struct kref *ref)
{
	struct hive_peer *peer = container_of(ref, struct hive_peer, ref);
	LIST_HEAD(frames);

	/* Nothing else holds the peer: its lock only satisfies lockdep. */
	spin_lock(&peer->lock);
	hive_peer_unqueue(peer, &frames);
	spin_unlock(&peer->lock);
	hive_frames_put(&frames);
	hive_transport_user->peer_release(peer);
	kfree_rcu(peer, rcu);
}

/**
 * hive_peer_hold() - take another reference to a peer already held
 * @peer: the peer, held by the caller
 */
void hive_peer_hold(struct hive_peer *peer)
{
	kref_get(&peer->ref);
}

/**
 * hive_peer_put() - drop a reference from hive_peer_get() or a lookup
 * @peer: the peer
 */
void hive_peer_put(struct hive_peer *peer)
{
	kref_put(&peer->ref, hive_peer_release);
}

/**
 * hive_peer_id() - the node a peer stands for
 * @peer: the peer
 *
 * Return: its node id.
 */
u32 hive_peer_id(const struct hive_peer *peer)
{
	return peer->id;
}

/**
 * hive_peer_user() - the transport user's state kept with a peer
 * @peer: the peer
 *
 * Return: its hive_transport_user.peer_size bytes, 8-byte aligned.
 */
void *hive_peer_user(struct hive_peer *peer)
{
	return peer->user;
}

/**
 * hive_peer_lookup() - the peer of a node id, with a reference
 * @node_id: any value
 *
 * Context: any.
 * Return: the peer, or NULL when @node_id is not another member.
 */
struct hive_peer *hive_peer_lookup(u32 node_id)
{
	struct hive_peer *peer = NULL;

	if (node_id < HIVE_NODE_ID_MIN || node_id > HIVE_NODE_ID_MAX)
		return NULL;
	rcu_read_lock();
	peer = rcu_dereference(hive_peers[node_id]);
	if (peer && !kref_get_unless_zero(&peer->ref))
		peer = NULL;
	rcu_read_unlock();
	return peer;
}

/* Whether @a and @b have the same address family and address. */
static bool hive_same_address(const struct hive_view_member *a,
			      const struct hive_view_member *b)
{
	return a->family == b->family &&
	       !memcmp(a->addr, b->addr, a->family == HIVE_ADDR_INET ? 4 : 16);
}

/**
 * hive_peer_lookup_address() - the peer whose view address is @from's
 * @from: an address (family and address; the port is not compared)
 *
 * Context: any that may take a spinlock.
 * Return: the peer with a reference, or NULL when no other member has
 * that address.
 */
struct hive_peer *hive_peer_lookup_address(const struct hive_view_member *from)
{
	struct hive_peer *peer, *found = NULL;
	u32 id;

	rcu_read_lock();
	for (id = HIVE_NODE_ID_MIN; id <= HIVE_NODE_ID_MAX && !found; id++) {
		peer = rcu_dereference(hive_peers[id]);
		if (!peer)
			continue;
		spin_lock(&peer->lock);
		if (!peer->dead && hive_same_address(&peer->to, from) &&
		    kref_get_unless_zero(&peer->ref))
			found = peer;
		spin_unlock(&peer->lock);
	}
	rcu_read_unlock();
	return found;
}

/**
 * hive_peer_get() - a peer to start a cluster operation with
 * @node_id: the node
 * @err: set on failure: -ENOTCONN when the local node is in no quorate view,
 *	-EINVAL for the local node itself, -EHOSTDOWN when @node_id is not in
 *	the view
 *
 * Context: any.
 * Return: the peer with a reference (hive_peer_put()), or NULL.
 */
struct hive_peer *hive_peer_get(u32 node_id, int *err)
{
	const struct hive_view *view;
	struct hive_peer *peer;
	bool quorate;

	rcu_read_lock();
	view = hive_view_rcu();
	quorate = view && view->quorate;
	rcu_read_unlock();
	if (!quorate) {
		*err = -ENOTCONN;
		return NULL;
	}
	if (node_id == READ_ONCE(hive_self.id)) {
		*err = -EINVAL;
		return NULL;
	}
	peer = hive_peer_lookup(node_id);
	if (!peer)
		*err = -EHOSTDOWN;
	return peer;
}

/**
 * hive_self_epoch() - the epoch of the view in force, for frame headers
 *
 * Context: any that may take a spinlock.
 * Return: it, 0 before the first view.
 */
u64 hive_self_epoch(void)
{
	u64 epoch;

	spin_lock(&hive_self_lock);
	epoch = hive_self.epoch;
	spin_unlock(&hive_self_lock);
	return epoch;
}

/**
 * hive_peer_count_error() - count a failure against a peer
 * @peer: the peer
 */
void hive_peer_count_error(struct hive_peer *peer)
{
	atomic64_inc(&peer->stat_errors);
}

static struct hive_peer *hive_peer_new(const struct hive_view_member *m,
				       const struct hive_self *self)
{
	struct hive_peer *peer;

	peer = kzalloc(struct_size(peer, user, hive_transport_user->peer_size),
		       GFP_KERNEL);
	if (!peer)
		return NULL;
	kref_init(&peer->ref);
	peer->self = *self;
	peer->id = m->node_id;
	peer->incarnation = m->incarnation;
	peer->dialer = self->id < m->node_id;
	do {
		peer->session = get_random_u64();
	} while (!peer->session);
	spin_lock_init(&peer->lock);
	peer->to = *m;
	hive_peer_queue_init(peer);
	hive_peer_dial_init(peer);
	hive_transport_user->peer_init(peer);
	return peer;
}

/*
 * The peer left the view or restarted: close its connection, drop its
 * frames and fail whatever waits on it.  hive_transport_lock held; waits
 * for nothing: a dial or a send under way finds the peer dead and ends by
 * itself, holding its own reference until then.
 */
static void hive_peer_kill(struct hive_peer *peer)
{
	struct hive_conn *conn;
	LIST_HEAD(frames);

	spin_lock(&peer->lock);
	peer->dead = true;
	conn = peer->conn;
	peer->conn = NULL;
	peer->established = false;
	hive_peer_unqueue(peer, &frames);
	spin_unlock(&peer->lock);

	wake_up(&peer->space_wait);
	if (conn) {
		hive_conn_shutdown(conn);
		hive_conn_put(conn);
	}
	hive_frames_put(&frames);
	hive_transport_user->fail(peer, -EHOSTDOWN, true);
	if (cancel_delayed_work(&peer->dial_work))
		hive_peer_put(peer);
	if (cancel_work(&peer->tx_work))
		hive_peer_put(peer);
}

static void hive_peer_remove(u32 id)
{
	struct hive_peer *peer;

	peer = rcu_dereference_protected(hive_peers[id],
					 lockdep_is_held(&hive_transport_lock));
	if (!peer)
		return;
	RCU_INIT_POINTER(hive_peers[id], NULL);
	hive_peer_kill(peer);
	hive_peer_put(peer);
}

/* Start, move or keep the listener on the local member's address. */
static void hive_transport_listen(const struct hive_view_member *self)
{
	int err;

	if (hive_listening && hive_same_address(&hive_self.member, self) &&
	    hive_self.member.port == self->port)
		return;
	if (hive_listening)
		hive_link_ops->unlisten();
	hive_listening = false;
	err = hive_link_ops->listen(self, hive_conn_accepted);
	if (err) {
		pr_err("cannot listen on the cluster port %u: error %d; peers cannot reach this node\n",
		       self->port, err);
		return;
	}
	hive_listening = true;
}

/*
 * Follow a new view: peers that left or restarted are killed (their calls
 * fail with -EHOSTDOWN), new members get peers, and the local node dials
 * each peer with a higher id whose incarnation is known.  Membership's
 * notifier: process context, hive_membership_lock held.
 */
static void hive_transport_view_changed(const struct hive_view *view)
{
	const struct hive_view_member *me;
	struct hive_node_info node;
	struct hive_self self;
	u32 id, i;

	hive_node_get(&node);
	me = hive_view_find(view, node.node_id);
	if (WARN_ON_ONCE(!me))
		return;

	mutex_lock(&hive_transport_lock);
	hive_transport_listen(me);
	self = (struct hive_self){
		.id = node.node_id,
		.incarnation = node.incarnation,
		.cluster_id = hive_wire_cluster_id(node.cluster_name,
						   strlen(node.cluster_name)),
		.epoch = view->epoch,
		.member = *me,
	};
	spin_lock(&hive_self_lock);
	hive_self = self;
	spin_unlock(&hive_self_lock);

	for (id = HIVE_NODE_ID_MIN, i = 0; id <= HIVE_NODE_ID_MAX; id++) {
		const struct hive_view_member *m = NULL;
		struct hive_peer *peer;

		while (i < view->count && view->members[i].node_id < id)
			i++;
		if (i < view->count && view->members[i].node_id == id)
			m = &view->members[i];
		peer = rcu_dereference_protected(hive_peers[id],
				lockdep_is_held(&hive_transport_lock));
		/*
		 * In a new ring every incarnation is unknown (0) until the
		 * node announces itself again: that is not a restart.
		 */
		if (peer && (!m || (peer->incarnation && m->incarnation &&
				    m->incarnation != peer->incarnation))) {
			hive_peer_remove(id);
			peer = NULL;
		}
		if (!m || id == self.id)
			continue;
		if (!peer) {
			peer = hive_peer_new(m, &self);
			if (!peer) {
				pr_err("out of memory for node %u's peer\n", id);
				continue;
			}
			rcu_assign_pointer(hive_peers[id], peer);
		}
		spin_lock(&peer->lock);
		peer->to = *m;
		if (!peer->incarnation)
			WRITE_ONCE(peer->incarnation, m->incarnation);
		spin_unlock(&peer->lock);
		if (peer->dialer && peer->incarnation)
			hive_peer_schedule_dial(peer);
	}
	mutex_unlock(&hive_transport_lock);
}

static const char *hive_peer_state(struct hive_peer *peer)
{
	unsigned long now = jiffies;

	if (peer->established &&
	    time_before(now, READ_ONCE(peer->last_rx) + HIVE_PEER_SUSPECT_AFTER))
		return "up";
	if (peer->established ||
	    (peer->lost_at && time_before(now, peer->lost_at + HIVE_PEER_DOWN_AFTER)))
		return "suspect";
	return "down";
}

/**
 * hive_transport_peer_stats() - what sysfs shows of a member
 * @node_id: a member of the view
 * @stats: filled in
 *
 * Context: any that may take a spinlock.
 * Return: 0, or -ENODEV when @node_id is neither the local node nor a peer.
 */
int hive_transport_peer_stats(u32 node_id, struct hive_peer_stats *stats)
{
	struct hive_peer *peer;

	memset(stats, 0, sizeof(*stats));
	if (node_id == READ_ONCE(hive_self.id)) {
		stats->state = "self";
		return 0;
	}
	peer = hive_peer_lookup(node_id);
	if (!peer)
		return -ENODEV;
	spin_lock(&peer->lock);
	stats->state = hive_peer_state(peer);
	stats->rtt_us = peer->srtt_us;
	spin_unlock(&peer->lock);
	stats->tx_messages = atomic64_read(&peer->stat_tx_messages);
	stats->rx_messages = atomic64_read(&peer->stat_rx_messages);
	stats->tx_bytes = atomic64_read(&peer->stat_tx_bytes);
	stats->rx_bytes = atomic64_read(&peer->stat_rx_bytes);
	stats->errors = atomic64_read(&peer->stat_errors);
	stats->connects = atomic64_read(&peer->stat_connects);
	hive_peer_put(peer);
	return 0;
}

/**
 * hive_transport_reconnect() - drop the connection to a member
 * @node_id: the member
 *
 * The connection ends as if the link had broken, and frames not
 * acknowledged are sent again on the next one; when this node dials, it
 * dials again after the shortest backoff (hive_peer_drop()).
 *
 * Context: process.
 * Return: 0; -EHOSTDOWN when @node_id is no other member of the view;
 * -ENOTCONN when there is no connection to drop.
 */
int hive_transport_reconnect(u32 node_id)
{
	struct hive_peer *peer = hive_peer_lookup(node_id);
	int err;

	if (!peer)
		return -EHOSTDOWN;
	err = hive_peer_drop(peer);
	hive_peer_put(peer);
	return err;
}

static int hive_transport_view_event(struct notifier_block *nb,
				     unsigned long event, void *view)
{
	hive_transport_view_changed(view);
	return NOTIFY_OK;
}

static struct notifier_block hive_transport_view_nb = {
	.notifier_call = hive_transport_view_event,
};

/* Once a tick: PING every connected peer and acknowledge what is due. */
static void hive_peer_tick(struct work_struct *work)
{
	u32 id;

	mutex_lock(&hive_transport_lock);
	for (id = HIVE_NODE_ID_MIN; id <= HIVE_NODE_ID_MAX; id++) {
		struct hive_peer *peer;
		bool established, ack;
		u64 next;

		peer = rcu_dereference_protected(hive_peers[id],
				lockdep_is_held(&hive_transport_lock));
		if (!peer)
			continue;
		spin_lock(&peer->lock);
		established = peer->established;
		ack = established && hive_peer_ack_due(peer, true);
		next = peer->rx_acked;
		spin_unlock(&peer->lock);
		if (ack)
			hive_peer_send_u64(peer, HIVE_WIRE_ACK, next);
		if (established)
			hive_peer_send_u64(peer, HIVE_WIRE_PING, ktime_get_ns());
	}
	mutex_unlock(&hive_transport_lock);
	queue_delayed_work(hive_transport_wq, &hive_peer_tick_work,
			   HIVE_PEER_TICK);
}

/**
 * hive_transport_init() - set up the transport, listening once in a view
 * @user: the layer that receives frames (RPC)
 *
 * Context: process (module init).
 * Return: 0 or -ENOMEM.
 */
int hive_transport_init(const struct hive_transport_user *user)
{
	int err;

	hive_transport_user = user;
	hive_transport_wq = alloc_workqueue("hive_transport", WQ_UNBOUND,
					    WQ_MAX_ACTIVE);
	if (!hive_transport_wq)
		return -ENOMEM;
	err = hive_transport_sysfs_init();
	if (err) {
		destroy_workqueue(hive_transport_wq);
		return err;
	}
	INIT_DELAYED_WORK(&hive_peer_tick_work, hive_peer_tick);
	queue_delayed_work(hive_transport_wq, &hive_peer_tick_work,
			   HIVE_PEER_TICK);
	return hive_view_notifier_register(&hive_transport_view_nb);
}

/**
 * hive_transport_exit() - close every connection and free every peer
 *
 * Called after the netlink family is gone, so no view arrives any more.
 *
 * Context: process (module exit).
 */
void hive_transport_exit(void)
{
	u32 id;

	hive_view_notifier_unregister(&hive_transport_view_nb);
	cancel_delayed_work_sync(&hive_peer_tick_work);
	mutex_lock(&hive_transport_lock);
	if (hive_listening)
		hive_link_ops->unlisten();
	hive_listening = false;
	for (id = HIVE_NODE_ID_MIN; id <= HIVE_NODE_ID_MAX; id++)
		hive_peer_remove(id);
	mutex_unlock(&hive_transport_lock);
	hive_conns_shutdown_all();
	destroy_workqueue(hive_transport_wq);
	hive_transport_sysfs_exit();
	hive_auth_exit();
	rcu_barrier();
}
