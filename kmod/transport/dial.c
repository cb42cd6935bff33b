// SPDX-License-Identifier: GPL-2.0
/*
 * Dialing: the lower node id dials, retrying after a failure or a lost
 * connection with exponential backoff and jitter, as long as the peer is
 * in the view; which connection is a peer's current one.
 * Documentation/transport.rst, "Who connects".
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/jiffies.h>
#include <linux/prandom.h>
#include "internal.h"

#define HIVE_PEER_BACKOFF_MIN_MS	100
#define HIVE_PEER_BACKOFF_MAX_MS	5000
/* A connection that lived this long resets the backoff. */
#define HIVE_PEER_STABLE_AFTER	(10 * HZ)

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
 * Queue the dial work in @ms unless the peer is dead or a dial is pending;
 * peer->lock held.  Checking and queueing under the lock that
 * hive_peer_kill() sets @dead under means no timer is armed after the
 * kill's cancel, so none can fire once the transport is gone.  The queued
 * work holds a reference to the peer until it has run; the caller holds
 * one, so the put here is never the last.
 */
static void hive_peer_queue_dial(struct hive_peer *peer, unsigned int ms)
{
	lockdep_assert_held(&peer->lock);
	if (peer->dead)
		return;
	kref_get(&peer->ref);
	if (!queue_delayed_work(hive_transport_wq, &peer->dial_work,
				msecs_to_jiffies(ms)))
		hive_peer_put(peer);
}

/*
 * Dial again after the backoff delay, which doubles up to
 * HIVE_PEER_BACKOFF_MAX_MS, with a quarter of random jitter; peer->lock
 * held.
 */
static void hive_peer_redial(struct hive_peer *peer)
{
	unsigned int delay = peer->backoff_ms +
			     prandom_u32_max(peer->backoff_ms / 4 + 1);

	peer->backoff_ms = min(2 * peer->backoff_ms,
			       (unsigned int)HIVE_PEER_BACKOFF_MAX_MS);
	hive_peer_queue_dial(peer, delay);
}

/**
 * hive_peer_schedule_dial() - dial @peer now, unless it is gone or a dial
 * is pending
 * @peer: a peer this node dials, with a reference
 *
 * Context: any that may take a spinlock.
 */
void hive_peer_schedule_dial(struct hive_peer *peer)
{
	spin_lock(&peer->lock);
	hive_peer_queue_dial(peer, 0);
	spin_unlock(&peer->lock);
}

/**
 * hive_peer_detach() - @conn to @peer ended
 * @peer: the peer
 * @conn: the connection; nothing happens unless it is the peer's current
 *
 * The dialer side tries again after its backoff delay.
 *
 * Context: process.
 */
void hive_peer_detach(struct hive_peer *peer, struct hive_conn *conn)
{
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
		if (peer->dialer)
			hive_peer_redial(peer);
	}
	spin_unlock(&peer->lock);
	if (current_conn)
		hive_conn_put(conn);
}

/*
 * End @peer's connection (only @conn, if given) as a broken link ends it
 * (hive_peer_detach()), but with the backoff at its shortest delay: a drop
 * that was asked for says nothing about the link.  Only the dialer's
 * backoff is reset; when the peer dials, its own backoff applies.
 */
static int hive_peer_end(struct hive_peer *peer, struct hive_conn *only)
{
	struct hive_conn *conn;

	spin_lock(&peer->lock);
	conn = peer->conn;
	if (conn && only && conn != only)
		conn = NULL;
	if (conn) {
		hive_conn_get(conn);
		peer->backoff_ms = HIVE_PEER_BACKOFF_MIN_MS;
	}
	spin_unlock(&peer->lock);
	if (!conn)
		return -ENOTCONN;
	hive_conn_shutdown(conn);
	hive_conn_put(conn);
	return 0;
}

/**
 * hive_peer_drop() - end @peer's connection because an administrator asked
 * @peer: the peer, with a reference
 *
 * Repeated drops must not leave the peer unreachable for seconds each
 * time, so the dialer's backoff starts again from its shortest delay.
 *
 * Context: process.
 * Return: 0; -ENOTCONN when there is no connection to drop.
 */
int hive_peer_drop(struct hive_peer *peer)
{
	return hive_peer_end(peer, NULL);
}

/**
 * hive_peer_renew() - replace @conn, whose keys have done their work
 * @peer: the peer, with a reference (the connection's)
 * @conn: the connection; nothing happens unless it is the peer's current
 *
 * Ends @conn as hive_peer_drop() does; the next connection's handshake
 * makes fresh keys.  Counted in /sys/kernel/hive/transport/rekeys.
 *
 * Context: process.
 */
void hive_peer_renew(struct hive_peer *peer, struct hive_conn *conn)
{
	if (!hive_peer_end(peer, conn))
		hive_tstat_inc(HIVE_TSTAT_REKEYS);
}

static void hive_peer_dial_work(struct work_struct *work)
{
	struct hive_peer *peer = container_of(to_delayed_work(work),
					      struct hive_peer, dial_work);
	struct hive_view_member to;
	int err;

	spin_lock(&peer->lock);
	if (peer->dead || peer->conn) {
		spin_unlock(&peer->lock);
		goto out;
	}
	to = peer->to;
	spin_unlock(&peer->lock);

	/* May sit in connect for the link's timeout; nothing waits on it. */
	err = hive_conn_dial(peer, &to);
	if (!err || err == -EHOSTDOWN || err == -EALREADY)
		goto out;
	atomic64_inc(&peer->stat_errors);
	spin_lock(&peer->lock);
	hive_peer_redial(peer);
	spin_unlock(&peer->lock);
out:
	hive_peer_put(peer);
}

/**
 * hive_peer_dial_init() - a new peer's dial work and backoff
 * @peer: zeroed but for its identity
 */
void hive_peer_dial_init(struct hive_peer *peer)
{
	peer->backoff_ms = HIVE_PEER_BACKOFF_MIN_MS;
	INIT_DELAYED_WORK(&peer->dial_work, hive_peer_dial_work);
}
