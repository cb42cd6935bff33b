/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside the transport: peers (one per other member of the view), the
 * connections that carry their frames, the cluster key and the counters.
 * Documentation/transport.rst describes the protocol these implement.
 */
#ifndef HIVE_TRANSPORT_INTERNAL_H
#define HIVE_TRANSPORT_INTERNAL_H

#include <linux/atomic.h>
#include <linux/kref.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include "hive/view.h"
#include "link.h"
#include "transport.h"

struct crypto_shash;
struct hive_conn;

/* Who the local node is, fixed while it is in a view. */
struct hive_self {
	u32 id;
	u64 incarnation;
	u32 cluster_id;
	u64 epoch;
	struct hive_view_member member;
};

/**
 * struct hive_peer - another member of the view, as the transport knows it
 * @ref: held by the peer table, connections, senders and callers
 * @rcu: frees the peer after lockless lookups are done with it
 * @self: the local node as it was when the peer joined (epoch aside)
 * @id: node id
 * @incarnation: the peer's incarnation in the view; a new one is a new peer.
 *	Set once, from 0, under @lock; read with hive_peer_incarnation()
 * @dialer: the local node dials this peer (the lower id dials)
 * @session: random, non-zero, minted with the peer: names this side's
 *	sequence state for the peer in handshakes
 * @lock: protects everything below up to @space_wait; a spinlock taken in
 *	process context only, never while sleeping and never around a
 *	link operation
 * @dead: left the view or restarted; nothing new is queued
 * @seen: the peer's session in the last handshake, 0 before the first
 * @to: the peer's address and port from the view
 * @conn: the connection being set up or in use, holding a reference
 * @established: @conn passed the handshake
 * @sendq: frames not yet sent on @conn, per lane (enum hive_lane); the
 *	urgent lane starts with the frames to send again on a new
 *	connection, which keep their numbers
 * @unacked: sequenced frames handed to a connection but not yet
 *	acknowledged, in sequence order
 * @queued_bytes: bytes of sequenced frames on @sendq and @unacked
 * @control_queued: control frames on @sendq
 * @tx_seq: sequence number the next CALL/REPLY/CAST to leave @sendq
 *	gets, from 1
 * @rx_next: sequence number expected next from the peer, from 1
 * @rx_acked: @rx_next as last acknowledged to the peer
 * @rx_unacked_bytes: bytes delivered since that acknowledgement
 * @last_rx: jiffies when the last frame from the peer arrived
 * @lost_at: jiffies when the last connection was lost, 0 if none was
 * @attached_at: jiffies when the current connection passed its handshake
 * @backoff_ms: delay before the next dial attempt
 * @srtt_us: smoothed PING round trip
 * @space_wait: senders waiting for @queued_bytes to drop
 * @rx_mutex: serialises sequence checks and delivery, so frames are
 *	handled in order even while an old and a new connection overlap;
 *	taken before @lock
 * @tx_lock: held by whoever sends @sendq on @conn (the send work, or a
 *	caller of hive_peer_send() that found it free and sends without
 *	blocking), so frames leave in order; taken before @lock
 * @tx_work: sends @sendq on @conn; holds a reference while queued
 * @dial_work: opens a new connection (dialer side only); holds a
 *	reference while queued
 * @stat_tx_messages: counters for /sys/kernel/hive/nodes/<id>/, as
 *	struct hive_peer_stats describes them
 * @stat_rx_messages: see @stat_tx_messages
 * @stat_tx_bytes: see @stat_tx_messages
 * @stat_rx_bytes: see @stat_tx_messages
 * @stat_errors: see @stat_tx_messages
 * @stat_connects: see @stat_tx_messages
 * @user: the transport user's state for the peer (its @peer_size bytes)
 */
struct hive_peer {
	struct kref ref;
	struct rcu_head rcu;
	struct hive_self self;
	u32 id;
	u64 incarnation;
	bool dialer;
	u64 session;

	spinlock_t lock;
	bool dead;
	u64 seen;
	struct hive_view_member to;
	struct hive_conn *conn;
	bool established;
	struct list_head sendq[__HIVE_LANE_COUNT];
	struct list_head unacked;
	size_t queued_bytes;
	unsigned int control_queued;
	u64 tx_seq;
	u64 rx_next;
	u64 rx_acked;
	u32 rx_unacked_bytes;
	unsigned long last_rx;
	unsigned long lost_at;
	unsigned long attached_at;
	unsigned int backoff_ms;
	u32 srtt_us;
	wait_queue_head_t space_wait;

	struct mutex rx_mutex;
	struct mutex tx_lock;
	struct work_struct tx_work;
	struct delayed_work dial_work;

	atomic64_t stat_tx_messages;
	atomic64_t stat_rx_messages;
	atomic64_t stat_tx_bytes;
	atomic64_t stat_rx_bytes;
	atomic64_t stat_errors;
	atomic64_t stat_connects;

	u8 user[] __aligned(8);
};

/**
 * hive_peer_incarnation() - the peer's incarnation, 0 while unknown
 * @peer: the peer
 *
 * Return: it; once non-zero it never changes.
 */
static inline u64 hive_peer_incarnation(const struct hive_peer *peer)
{
	return READ_ONCE(peer->incarnation);
}

/* Global counters for /sys/kernel/hive/transport/. */
enum hive_tstat {
	HIVE_TSTAT_HANDSHAKES,
	HIVE_TSTAT_REFUSED_MALFORMED,
	HIVE_TSTAT_REFUSED_CLUSTER,
	HIVE_TSTAT_REFUSED_NOT_MEMBER,
	HIVE_TSTAT_REFUSED_AUTH,
	HIVE_TSTAT_REFUSED_BUSY,
	HIVE_TSTAT_REFUSED_ADDRESS,
	HIVE_TSTAT_REFUSED_PROTECTION,
	HIVE_TSTAT_REKEYS,
	__HIVE_TSTAT_COUNT,
};

extern atomic64_t hive_tstats[__HIVE_TSTAT_COUNT];
extern atomic_t hive_connections;

static inline void hive_tstat_inc(enum hive_tstat stat)
{
	atomic64_inc(&hive_tstats[stat]);
}

/* peer.c */
extern const struct hive_transport_user *hive_transport_user;
int hive_self_get(struct hive_self *self);
u64 hive_self_epoch(void);
struct hive_peer *hive_peer_lookup(u32 node_id);
struct hive_peer *hive_peer_lookup_address(const struct hive_view_member *from);

/* queue.c */
void hive_peer_queue_init(struct hive_peer *peer);
void hive_peer_unqueue(struct hive_peer *peer, struct list_head *frames);
void hive_frames_put(struct list_head *list);
void hive_peer_send_u64(struct hive_peer *peer, u16 type, u64 value);
bool hive_peer_ack_due(struct hive_peer *peer, bool force);
int hive_peer_attach(struct hive_peer *peer, struct hive_conn *conn,
		     u64 their_session, u64 resume, bool reset);
u64 hive_peer_rx_next(struct hive_peer *peer, u64 *seen);
int hive_peer_receive(struct hive_peer *peer, const struct hive_wire_header *h,
		      const u8 *payload, const struct bio_vec *pages);

/* dial.c */
void hive_peer_dial_init(struct hive_peer *peer);
void hive_peer_schedule_dial(struct hive_peer *peer);
int hive_peer_publish(struct hive_peer *peer, struct hive_conn *conn);
void hive_peer_detach(struct hive_peer *peer, struct hive_conn *conn);
int hive_peer_drop(struct hive_peer *peer);
void hive_peer_renew(struct hive_peer *peer, struct hive_conn *conn);

/* conn.c */
int hive_conn_dial(struct hive_peer *peer, const struct hive_view_member *to);
void hive_conn_accepted(struct hive_link *link);
int hive_conn_send(struct hive_conn *conn, struct hive_frame *frame,
		   bool nonblock);
void hive_conn_shutdown(struct hive_conn *conn);
void hive_conn_put(struct hive_conn *conn);
void hive_conn_get(struct hive_conn *conn);
void hive_conns_shutdown_all(void);
extern const struct hive_link_ops *hive_link_ops;
extern unsigned long long hive_rekey_bytes;
/*
 * hive_rekey_bytes' range.  2^36 bytes is at most 2^22 full TLS records
 * per key, far below the 2^24.5 that RFC 8446 allows AES-GCM; a MiB at
 * least, so a connection sends something before it is replaced.
 */
#define HIVE_REKEY_BYTES_MAX	(1ULL << 36)
#define HIVE_REKEY_BYTES_MIN	(1ULL << 20)

/* auth.c */
bool hive_auth_keyed(void);
u32 hive_auth_protection(void);
int hive_auth_session_secret(const struct hive_wire_handshake *hs, u32 purpose,
			     u8 secret[HIVE_WIRE_KEY_LEN]);
int hive_auth_handshake_mac(const struct hive_wire_handshake *hs,
			    u32 purpose, u8 mac[HIVE_WIRE_HMAC_LEN]);
struct crypto_shash *hive_auth_session_tfm(const struct hive_wire_handshake *hs,
					   u32 purpose);
int hive_auth_frame_mac(struct crypto_shash *tfm, u64 counter,
			const u8 *frame, u32 len, const struct bio_vec *pages,
			u32 nr_pages, u8 mac[HIVE_WIRE_MAC_LEN]);
void hive_auth_exit(void);

/* sysfs.c */
int hive_transport_sysfs_init(void);
void hive_transport_sysfs_exit(void);

#endif /* HIVE_TRANSPORT_INTERNAL_H */
