// SPDX-License-Identifier: GPL-2.0
/*
 * Peers: one per other member of the view.  A peer owns the frames queued
 * for its node, numbers CALL/REPLY/CAST frames per pair of incarnations,
 * keeps what was sent until the node acknowledges it, and resends it on the
 * next connection, so a reconnect neither loses nor duplicates a frame.
 * The lower node id dials; the dialer retries with exponential backoff.
 * Documentation/transport.rst.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/jiffies.h>
#include <linux/prandom.h>
#include <linux/random.h>
#include <linux/rcupdate.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include "membership/membership.h"
#include "node.h"
#include "internal.h"

/* Bytes of sequenced frames a sender may have outstanding per peer. */
#define HIVE_PEER_QUEUE_MAX	(8u << 20)
/* Acknowledge after this many frames or bytes, or at the next tick. */
#define HIVE_PEER_ACK_FRAMES	64
#define HIVE_PEER_ACK_BYTES	(512u << 10)
#define HIVE_PEER_TICK		HZ
/* Silent this long: suspect.  Unconnected this long: down. */
#define HIVE_PEER_SUSPECT_AFTER	(3 * HZ)
#define HIVE_PEER_DOWN_AFTER	(10 * HZ)
#define HIVE_PEER_BACKOFF_MIN_MS	100
#define HIVE_PEER_BACKOFF_MAX_MS	5000
/* A connection that lived this long resets the backoff. */
#define HIVE_PEER_STABLE_AFTER	(10 * HZ)

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

/**
 * hive_frame_alloc() - a frame with room for @payload_len bytes
 * @payload_len: at most HIVE_WIRE_PAYLOAD_MAX
 *
 * Context: process, may sleep.
 * Return: the frame, or NULL.
 */
struct hive_frame *hive_frame_alloc(u32 payload_len)
{
	struct hive_frame *frame;
	u32 len = HIVE_WIRE_HEADER_LEN + payload_len;

	if (payload_len > HIVE_WIRE_PAYLOAD_MAX)
		return NULL;
	frame = kvmalloc(struct_size(frame, data, len), GFP_KERNEL);
	if (frame) {
		INIT_LIST_HEAD(&frame->node);
		frame->seq = 0;
		frame->len = len;
	}
	return frame;
}

/**
 * hive_frame_free() - free a frame from hive_frame_alloc()
 * @frame: the frame, or NULL
 */
void hive_frame_free(struct hive_frame *frame)
{
	kvfree(frame);
}

static void hive_frames_free(struct list_head *list)
{
	struct hive_frame *frame, *next;

	list_for_each_entry_safe(frame, next, list, node)
		hive_frame_free(frame);
}

static void hive_peer_release(struct kref *ref)
{
	struct hive_peer *peer = container_of(ref, struct hive_peer, ref);

	hive_frames_free(&peer->sendq);
	hive_frames_free(&peer->unacked);
	xa_destroy(&peer->calls);
	kfree_rcu(peer, rcu);
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
 * hive_peer_count_error() - count a failure against a peer
 * @peer: the peer
 */
void hive_peer_count_error(struct hive_peer *peer)
{
	atomic64_inc(&peer->stat_errors);
}

/* Encode @frame's header; peer->lock held. */
static void hive_peer_encode(struct hive_peer *peer, u16 type,
			     struct hive_frame *frame)
{
	struct hive_wire_header h = {
		.type = type,
		.payload_len = frame->len - HIVE_WIRE_HEADER_LEN,
		.cluster_id = peer->self.cluster_id,
		.sender = peer->self.id,
		.incarnation = peer->self.incarnation,
		.epoch = READ_ONCE(hive_self.epoch),
		.seq = frame->seq,
	};

	/* Cannot fail: the buffer is large enough and the length bounded. */
	WARN_ON_ONCE(hive_wire_header_encode(&h, frame->data, frame->len) < 0);
}

static void hive_peer_transmit(struct hive_peer *peer);

static void hive_peer_kick(struct hive_peer *peer)
{
	queue_work(hive_transport_wq, &peer->tx_work);
}

/**
 * hive_peer_send() - queue a frame for a peer
 * @peer: the peer
 * @type: HIVE_WIRE_CALL, HIVE_WIRE_REPLY or HIVE_WIRE_CAST, or a control
 *	type (ACK, PING, PONG)
 * @frame: payload filled in; consumed whatever the outcome
 * @timeout: jiffies to wait for queue space; 0 queues without waiting
 *	(replies, which must never wait on the peer)
 *
 * Sequenced frames are kept until the peer acknowledges them and are
 * resent on a new connection.
 *
 * Context: process; with a non-zero @timeout it may sleep (killable) for
 * queue space and block while the link takes the frame.
 * Return: 0; -EHOSTDOWN when the peer left or restarted; -ETIMEDOUT or
 * -EINTR when no space came.
 */
int hive_peer_send(struct hive_peer *peer, u16 type, struct hive_frame *frame,
		   long timeout)
{
	bool sequenced = hive_wire_is_sequenced(type);
	long left;

	spin_lock(&peer->lock);
	while (sequenced && timeout && !peer->dead &&
	       peer->queued_bytes + frame->len > HIVE_PEER_QUEUE_MAX) {
		spin_unlock(&peer->lock);
		left = wait_event_killable_timeout(peer->space_wait,
				READ_ONCE(peer->dead) ||
				READ_ONCE(peer->queued_bytes) + frame->len <=
					HIVE_PEER_QUEUE_MAX, timeout);
		if (left <= 0) {
			hive_frame_free(frame);
			return left ? -EINTR : -ETIMEDOUT;
		}
		timeout = left;
		spin_lock(&peer->lock);
	}
	if (peer->dead) {
		spin_unlock(&peer->lock);
		hive_frame_free(frame);
		return -EHOSTDOWN;
	}
	if (sequenced) {
		frame->seq = peer->tx_seq++;
		peer->queued_bytes += frame->len;
	}
	hive_peer_encode(peer, type, frame);
	list_add_tail(&frame->node, &peer->sendq);
	spin_unlock(&peer->lock);
	/*
	 * A caller that may wait sends itself when nobody else is sending,
	 * saving a wake-up of the send work; replies and control frames,
	 * queued from receive work, never block on the link.
	 */
	if (timeout && mutex_trylock(&peer->tx_lock)) {
		hive_peer_transmit(peer);
		mutex_unlock(&peer->tx_lock);
	} else {
		hive_peer_kick(peer);
	}
	return 0;
}

/* Queue a control frame carrying one u64; failure only costs a retry. */
static void hive_peer_send_u64(struct hive_peer *peer, u16 type, u64 value)
{
	struct hive_frame *frame = hive_frame_alloc(HIVE_WIRE_U64_LEN);

	if (!frame)
		return;
	hive_wire_u64_encode(value, hive_frame_payload(frame), HIVE_WIRE_U64_LEN);
	hive_peer_send(peer, type, frame, 0);
}

/* Send the queue on the current connection, in order; tx_lock held. */
static void hive_peer_transmit(struct hive_peer *peer)
{
	lockdep_assert_held(&peer->tx_lock);
	for (;;) {
		struct hive_frame *frame;
		struct hive_conn *conn;
		int err;

		spin_lock(&peer->lock);
		frame = list_first_entry_or_null(&peer->sendq, struct hive_frame,
						 node);
		conn = peer->established ? peer->conn : NULL;
		if (!frame || !conn) {
			spin_unlock(&peer->lock);
			return;
		}
		if (frame->seq)
			list_move_tail(&frame->node, &peer->unacked);
		else
			list_del_init(&frame->node);
		hive_conn_get(conn);
		spin_unlock(&peer->lock);

		/* A sequenced frame stays on @unacked: resent if this fails. */
		err = hive_conn_send(conn, frame);
		if (!err) {
			if (frame->seq)
				atomic64_inc(&peer->stat_tx_messages);
			atomic64_add(frame->len + HIVE_WIRE_MAC_LEN,
				     &peer->stat_tx_bytes);
		}
		if (!frame->seq)
			hive_frame_free(frame);
		if (err)
			hive_conn_shutdown(conn);
		hive_conn_put(conn);
		if (err)
			return;
	}
}

static void hive_peer_tx_work(struct work_struct *work)
{
	struct hive_peer *peer = container_of(work, struct hive_peer, tx_work);

	mutex_lock(&peer->tx_lock);
	hive_peer_transmit(peer);
	mutex_unlock(&peer->tx_lock);
}

/* The peer acknowledged every sequenced frame below @next. */
static int hive_peer_acked(struct hive_peer *peer, u64 next)
{
	struct hive_frame *frame, *tmp;
	LIST_HEAD(done);

	spin_lock(&peer->lock);
	if (next > peer->tx_seq) {
		spin_unlock(&peer->lock);
		return -EPROTO;
	}
	list_for_each_entry_safe(frame, tmp, &peer->unacked, node) {
		if (frame->seq >= next)
			break;
		peer->queued_bytes -= frame->len;
		list_move_tail(&frame->node, &done);
	}
	spin_unlock(&peer->lock);
	hive_frames_free(&done);
	wake_up(&peer->space_wait);
	return 0;
}

/* Whether to acknowledge now; peer->lock held. */
static bool hive_peer_ack_due(struct hive_peer *peer, bool force)
{
	if (peer->rx_acked == peer->rx_next)
		return false;
	if (!force && peer->rx_next - peer->rx_acked < HIVE_PEER_ACK_FRAMES &&
	    peer->rx_unacked_bytes < HIVE_PEER_ACK_BYTES)
		return false;
	peer->rx_acked = peer->rx_next;
	peer->rx_unacked_bytes = 0;
	return true;
}

/* Check and deliver a CALL, REPLY or CAST. */
static int hive_peer_deliver(struct hive_peer *peer,
			     const struct hive_wire_header *h,
			     const u8 *payload)
{
	bool ack;
	u64 next;

	mutex_lock(&peer->rx_mutex);
	spin_lock(&peer->lock);
	if (h->seq < peer->rx_next) {
		/* Resent after a reconnect, already delivered: drop. */
		spin_unlock(&peer->lock);
		mutex_unlock(&peer->rx_mutex);
		return 0;
	}
	if (h->seq > peer->rx_next) {
		spin_unlock(&peer->lock);
		mutex_unlock(&peer->rx_mutex);
		return -EPROTO;
	}
	next = ++peer->rx_next;
	peer->rx_unacked_bytes += HIVE_WIRE_HEADER_LEN + h->payload_len;
	ack = hive_peer_ack_due(peer, false);
	spin_unlock(&peer->lock);

	atomic64_inc(&peer->stat_rx_messages);
	hive_transport_user->deliver(peer, h, payload);
	mutex_unlock(&peer->rx_mutex);
	if (ack)
		hive_peer_send_u64(peer, HIVE_WIRE_ACK, next);
	return 0;
}

/**
 * hive_peer_receive() - a frame passed its MAC on @peer's connection
 * @peer: the peer it came from
 * @h: its header
 * @payload: h->payload_len bytes
 *
 * Context: the connection's receive work.
 * Return: 0, or -EPROTO / -EBADMSG for a frame that breaks the protocol;
 * the caller then drops the connection.
 */
int hive_peer_receive(struct hive_peer *peer, const struct hive_wire_header *h,
		      const u8 *payload)
{
	u64 value;
	s64 rtt;

	WRITE_ONCE(peer->last_rx, jiffies);
	if (hive_wire_is_sequenced(h->type))
		return hive_peer_deliver(peer, h, payload);
	if (hive_wire_u64_decode(payload, h->payload_len, &value) < 0)
		return -EBADMSG;
	switch (h->type) {
	case HIVE_WIRE_ACK:
		return hive_peer_acked(peer, value);
	case HIVE_WIRE_PING:
		hive_peer_send_u64(peer, HIVE_WIRE_PONG, value);
		return 0;
	case HIVE_WIRE_PONG:
		rtt = ktime_get_ns() - value;
		if (rtt < 0 || rtt > 60 * NSEC_PER_SEC)
			return -EPROTO;
		spin_lock(&peer->lock);
		/* RFC 6298 smoothing, gain 1/8. */
		if (!peer->srtt_us)
			peer->srtt_us = div_u64(rtt, NSEC_PER_USEC) ?: 1;
		else
			peer->srtt_us = (7 * peer->srtt_us +
					 div_u64(rtt, NSEC_PER_USEC)) / 8 ?: 1;
		spin_unlock(&peer->lock);
		return 0;
	default:
		return -EPROTO;
	}
}

/**
 * hive_peer_rx_next() - what a handshake tells the peer about this side
 * @peer: the peer
 * @seen: set to the peer's session in the last handshake (0: none yet)
 *
 * Return: the sequence number expected next from it.
 */
u64 hive_peer_rx_next(struct hive_peer *peer, u64 *seen)
{
	u64 next;

	spin_lock(&peer->lock);
	next = peer->rx_next;
	*seen = peer->seen;
	spin_unlock(&peer->lock);
	return next;
}

/**
 * hive_peer_publish() - make a dialed connection the peer's current one
 * @peer: the peer
 * @conn: a connection still in its handshake
 *
 * Context: process.
 * Return: 0; -EHOSTDOWN when the peer is gone; -EALREADY when it has a
 * connection.
 */
int hive_peer_publish(struct hive_peer *peer, struct hive_conn *conn)
{
	int err = 0;

	spin_lock(&peer->lock);
	if (peer->dead)
		err = -EHOSTDOWN;
	else if (peer->conn)
		err = -EALREADY;
	else
		peer->conn = conn;
	if (!err)
		hive_conn_get(conn);
	spin_unlock(&peer->lock);
	return err;
}

/*
 * The peer forgot this side's session (it saw this node leave the view
 * while this node did not see it go): what was queued for it and what it
 * sent before are void.  Both locks held.
 */
static void hive_peer_reset(struct hive_peer *peer, struct list_head *done)
{
	list_splice_init(&peer->sendq, done);
	list_splice_init(&peer->unacked, done);
	peer->queued_bytes = 0;
	peer->tx_seq = 1;
	peer->rx_next = 1;
	peer->rx_acked = 1;
	peer->rx_unacked_bytes = 0;
}

/**
 * hive_peer_attach() - a connection to @peer passed its handshake
 * @peer: the peer
 * @conn: the connection; replaces any other the peer had
 * @their_session: the peer's session in this handshake
 * @resume: the first sequence number to send (hive_wire_resume())
 * @reset: this side's state for the peer is stale (hive_wire_resume()):
 *	drop it and fail the calls waiting on the peer with -EHOSTDOWN
 *
 * Frames before @resume are freed, the others are sent again on @conn, in
 * order, ahead of anything newer.
 *
 * Context: process.
 * Return: 0, -EHOSTDOWN when the peer is gone, -EPROTO for a @resume
 * beyond what was sent.
 */
int hive_peer_attach(struct hive_peer *peer, struct hive_conn *conn,
		     u64 their_session, u64 resume, bool reset)
{
	struct hive_conn *old = NULL;
	struct hive_frame *frame, *tmp;
	LIST_HEAD(done);

	mutex_lock(&peer->rx_mutex);
	spin_lock(&peer->lock);
	if (reset && !peer->dead)
		hive_peer_reset(peer, &done);
	if (peer->dead || resume > peer->tx_seq) {
		spin_unlock(&peer->lock);
		mutex_unlock(&peer->rx_mutex);
		hive_frames_free(&done);
		return peer->dead ? -EHOSTDOWN : -EPROTO;
	}
	peer->seen = their_session;
	if (peer->conn != conn) {
		old = peer->conn;
		peer->conn = conn;
		hive_conn_get(conn);
	}
	list_for_each_entry_safe(frame, tmp, &peer->unacked, node) {
		if (frame->seq < resume) {
			peer->queued_bytes -= frame->len;
			list_move_tail(&frame->node, &done);
		}
	}
	list_splice_init(&peer->unacked, &peer->sendq);
	peer->established = true;
	peer->attached_at = jiffies;
	peer->last_rx = jiffies;
	spin_unlock(&peer->lock);
	mutex_unlock(&peer->rx_mutex);

	if (reset) {
		pr_info("node %u had forgotten this node: calls waiting on it fail, messages to it restart\n",
			peer->id);
		hive_transport_user->fail(peer, -EHOSTDOWN, false);
	}
	atomic64_inc(&peer->stat_connects);
	hive_frames_free(&done);
	wake_up(&peer->space_wait);
	if (old) {
		hive_conn_shutdown(old);
		hive_conn_put(old);
	}
	hive_peer_kick(peer);
	return 0;
}

static void hive_peer_schedule_dial(struct hive_peer *peer, unsigned int ms)
{
	queue_delayed_work(hive_transport_wq, &peer->dial_work,
			   msecs_to_jiffies(ms));
}

/**
 * hive_peer_detach() - @conn to @peer ended
 * @peer: the peer
 * @conn: the connection; nothing happens unless it is the peer's current
 *
 * The dialer side tries again after the backoff delay, which doubles up to
 * HIVE_PEER_BACKOFF_MAX_MS with a quarter of random jitter.
 *
 * Context: process.
 */
void hive_peer_detach(struct hive_peer *peer, struct hive_conn *conn)
{
	unsigned int delay = 0;
	bool current_conn;

	spin_lock(&peer->lock);
	current_conn = peer->conn == conn;
	if (current_conn) {
		peer->conn = NULL;
		if (peer->established)
			peer->lost_at = jiffies;
		/* Only a connection that lasted earns a quick redial. */
		if (peer->established &&
		    time_after(jiffies, peer->attached_at + HIVE_PEER_STABLE_AFTER))
			peer->backoff_ms = HIVE_PEER_BACKOFF_MIN_MS;
		peer->established = false;
		if (peer->dialer && !peer->dead) {
			delay = peer->backoff_ms +
				prandom_u32_max(peer->backoff_ms / 4 + 1);
			peer->backoff_ms = min(2 * peer->backoff_ms,
					       (unsigned int)HIVE_PEER_BACKOFF_MAX_MS);
		}
	}
	spin_unlock(&peer->lock);
	if (!current_conn)
		return;
	hive_conn_put(conn);
	if (delay)
		hive_peer_schedule_dial(peer, delay);
}

static void hive_peer_dial_work(struct work_struct *work)
{
	struct hive_peer *peer = container_of(to_delayed_work(work),
					      struct hive_peer, dial_work);
	struct hive_view_member to;
	unsigned int delay;
	int err;

	spin_lock(&peer->lock);
	if (peer->dead || peer->conn) {
		spin_unlock(&peer->lock);
		return;
	}
	to = peer->to;
	spin_unlock(&peer->lock);

	err = hive_conn_dial(peer, &to);
	if (!err || err == -EHOSTDOWN || err == -EALREADY)
		return;
	atomic64_inc(&peer->stat_errors);
	spin_lock(&peer->lock);
	delay = peer->backoff_ms + prandom_u32_max(peer->backoff_ms / 4 + 1);
	peer->backoff_ms = min(2 * peer->backoff_ms,
			       (unsigned int)HIVE_PEER_BACKOFF_MAX_MS);
	spin_unlock(&peer->lock);
	hive_peer_schedule_dial(peer, delay);
}

static struct hive_peer *hive_peer_new(const struct hive_view_member *m,
				       const struct hive_self *self)
{
	struct hive_peer *peer = kzalloc(sizeof(*peer), GFP_KERNEL);

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
	INIT_LIST_HEAD(&peer->sendq);
	INIT_LIST_HEAD(&peer->unacked);
	peer->tx_seq = 1;
	peer->rx_next = 1;
	peer->rx_acked = 1;
	peer->backoff_ms = HIVE_PEER_BACKOFF_MIN_MS;
	init_waitqueue_head(&peer->space_wait);
	mutex_init(&peer->rx_mutex);
	mutex_init(&peer->tx_lock);
	INIT_WORK(&peer->tx_work, hive_peer_tx_work);
	INIT_DELAYED_WORK(&peer->dial_work, hive_peer_dial_work);
	xa_init_flags(&peer->calls, XA_FLAGS_ALLOC1);
	return peer;
}

/*
 * The peer left the view or restarted: close its connection, drop its
 * frames and fail whatever waits on it.  hive_transport_lock held.
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
	list_splice_init(&peer->sendq, &frames);
	list_splice_init(&peer->unacked, &frames);
	peer->queued_bytes = 0;
	spin_unlock(&peer->lock);

	wake_up(&peer->space_wait);
	if (conn) {
		hive_conn_shutdown(conn);
		hive_conn_put(conn);
	}
	hive_frames_free(&frames);
	hive_transport_user->fail(peer, -EHOSTDOWN, true);
	/* A dial racing with this finds peer->dead and gives up. */
	cancel_delayed_work_sync(&peer->dial_work);
	cancel_work_sync(&peer->tx_work);
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

	if (hive_listening && !memcmp(&hive_self.member, self, sizeof(*self) -
				      sizeof(self->incarnation)))
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

/**
 * hive_transport_view_changed() - follow a new view
 * @view: the view now in force
 *
 * Peers that left or restarted are killed (their calls fail with
 * -EHOSTDOWN), new members get peers, and the local node dials each peer
 * with a higher id whose incarnation is known.
 *
 * Context: process, hive_membership_lock held; may sleep.
 */
void hive_transport_view_changed(const struct hive_view *view)
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
			peer->incarnation = m->incarnation;
		spin_unlock(&peer->lock);
		if (peer->dialer && peer->incarnation)
			hive_peer_schedule_dial(peer, 0);
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
 * The connection ends as if the link had broken: the dialer makes a new
 * one after its backoff, and frames not acknowledged are sent again.
 *
 * Context: process.
 * Return: 0; -EHOSTDOWN when @node_id is no other member of the view;
 * -ENOTCONN when there is no connection to drop.
 */
int hive_transport_reconnect(u32 node_id)
{
	struct hive_peer *peer = hive_peer_lookup(node_id);
	struct hive_conn *conn;

	if (!peer)
		return -EHOSTDOWN;
	spin_lock(&peer->lock);
	conn = peer->conn;
	if (conn)
		hive_conn_get(conn);
	spin_unlock(&peer->lock);
	hive_peer_put(peer);
	if (!conn)
		return -ENOTCONN;
	hive_conn_shutdown(conn);
	hive_conn_put(conn);
	return 0;
}

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
	return 0;
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
