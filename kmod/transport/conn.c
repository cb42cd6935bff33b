// SPDX-License-Identifier: GPL-2.0
/*
 * Connections: one link, its handshake and its frames.  A connection's
 * whole life runs in one work item: dial or accept, the handshake (5 s at
 * most), then the receive loop until the link fails or is shut down.
 * Frames are sent by the peer's sender through hive_conn_send().
 * Documentation/transport.rst describes the handshake.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <crypto/algapi.h>
#include <crypto/hash.h>
#include <linux/random.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include "internal.h"

#define HIVE_HANDSHAKE_TIMEOUT	(5 * HZ)
/*
 * Handshakes in progress at once, in all and from one member's address;
 * more connections are closed at once.  A connection from an address that
 * is no other member's is closed before it takes a slot.
 */
#define HIVE_HANDSHAKES_MAX	32
#define HIVE_HANDSHAKES_PER_PEER 4
/* Largest handshake frame: header and CHALLENGE. */
#define HIVE_HANDSHAKE_FRAME_MAX (HIVE_WIRE_HEADER_LEN + HIVE_WIRE_CHALLENGE_LEN)

const struct hive_link_ops *hive_link_ops = &hive_tcp_link_ops;

/*
 * Bytes an encrypted connection sends before it is replaced by one with
 * fresh keys (/sys/kernel/hive/transport/rekey_bytes).
 */
unsigned long long hive_rekey_bytes = HIVE_REKEY_BYTES_MAX;

/**
 * struct hive_conn - one link to a peer and its session state
 * @ref: held by the connection's work and by the peer while current
 * @node: on hive_conns
 * @link: the link, fixed for the connection's life
 * @work: runs the handshake and the receive loop
 * @peer: the peer, with a reference: the one dialed, or the member whose
 *	address an accepted link comes from (its HELLO must name it)
 * @dialer: this side dialed
 * @handshaking: counted in hive_conns_handshaking
 * @protection: how frames are protected once the handshake is done, a
 *	hive_wire_protection both sides said (hive_conn_mac_len())
 * @tx_tfm: MAC transform of frames this side sends (not encrypted only)
 * @rx_tfm: MAC transform of frames the peer sends (not encrypted only)
 * @tx_mutex: serialises sends, so @tx_count matches the byte order, and
 *	guards @tx_frame, @tx_off, @tx_mac, @tx_bytes and @renewing
 * @tx_count: frames sent after the handshake
 * @tx_bytes: bytes sent after the handshake
 * @renewing: @tx_bytes reached hive_rekey_bytes and the connection is
 *	being replaced by one with fresh keys
 * @tx_frame: a frame part-sent by a sender that could not block, with a
 *	reference; the next hive_conn_send() finishes it first
 * @tx_off: bytes of @tx_frame and its trailer already sent
 * @tx_mac: @tx_frame's trailer
 * @rx_count: frames received after the handshake
 * @rx_buf: receive buffer, grown to the largest frame seen (the part of
 *	it before the pages, and its trailer)
 * @rx_size: its size
 * @rx_pages: the pages of the frame being received, HIVE_WIRE_PAGES_MAX
 *	entries once a frame with pages came; each set one holds a
 *	reference until the frame was handed on
 * @rx_nr_pages: how many are set
 * @deadline: jiffies by which the handshake must be complete
 */
struct hive_conn {
	struct kref ref;
	struct list_head node;
	struct hive_link *link;
	struct work_struct work;
	struct hive_peer *peer;
	bool dialer;
	bool handshaking;
	u32 protection;
	struct crypto_shash *tx_tfm;
	struct crypto_shash *rx_tfm;
	struct mutex tx_mutex;
	u64 tx_count;
	u64 tx_bytes;
	bool renewing;
	struct hive_frame *tx_frame;
	u32 tx_off;
	u8 tx_mac[HIVE_WIRE_MAC_LEN];
	u64 rx_count;
	u8 *rx_buf;
	u32 rx_size;
	struct bio_vec *rx_pages;
	u32 rx_nr_pages;
	unsigned long deadline;
};

/*
 * Bytes of MAC trailer after each frame: HIVE_WIRE_MAC_LEN, or none on an
 * encrypted link, which authenticates every byte itself.
 */
static u32 hive_conn_mac_len(const struct hive_conn *conn)
{
	return conn->protection == HIVE_WIRE_PROTECT_MAC ? HIVE_WIRE_MAC_LEN : 0;
}

/*
 * hive_conns_lock guards the list of connections, the handshake count and
 * hive_conns_closed.  Process context (link shutdown may sleep under it).
 */
static DEFINE_MUTEX(hive_conns_lock);
static LIST_HEAD(hive_conns);
static unsigned int hive_conns_handshaking;
static bool hive_conns_closed;

static void hive_conn_release(struct kref *ref)
{
	struct hive_conn *conn = container_of(ref, struct hive_conn, ref);

	mutex_lock(&hive_conns_lock);
	list_del(&conn->node);
	mutex_unlock(&hive_conns_lock);
	hive_link_ops->release(conn->link);
	if (conn->tx_tfm)
		crypto_free_shash(conn->tx_tfm);
	if (conn->rx_tfm)
		crypto_free_shash(conn->rx_tfm);
	kvfree(conn->rx_buf);
	kvfree(conn->rx_pages);
	hive_frame_put(conn->tx_frame);
	if (conn->peer)
		hive_peer_put(conn->peer);
	kfree(conn);
}

/**
 * hive_conn_get() - take a reference on a connection
 * @conn: the connection
 */
void hive_conn_get(struct hive_conn *conn)
{
	kref_get(&conn->ref);
}

/**
 * hive_conn_put() - drop a reference; the last one closes the link
 * @conn: the connection
 *
 * Context: process.
 */
void hive_conn_put(struct hive_conn *conn)
{
	kref_put(&conn->ref, hive_conn_release);
}

/**
 * hive_conn_shutdown() - make the connection's sends and receives fail
 * @conn: the connection; its work then ends by itself
 *
 * Context: process.
 */
void hive_conn_shutdown(struct hive_conn *conn)
{
	hive_link_ops->shutdown(conn->link);
}

static void hive_conn_done_handshaking(struct hive_conn *conn)
{
	mutex_lock(&hive_conns_lock);
	if (conn->handshaking)
		hive_conns_handshaking--;
	conn->handshaking = false;
	mutex_unlock(&hive_conns_lock);
}

/* Send a handshake frame: header and payload, no trailer. */
static int hive_conn_send_plain(struct hive_conn *conn,
				const struct hive_self *self, u16 type,
				const u8 *payload, u32 len)
{
	u8 buf[HIVE_HANDSHAKE_FRAME_MAX];
	struct hive_wire_header h = {
		.type = type,
		.payload_len = len,
		.cluster_id = self->cluster_id,
		.sender = self->id,
		.incarnation = self->incarnation,
		.epoch = self->epoch,
	};
	struct kvec vec = { .iov_base = buf };
	struct iov_iter from;
	int err;

	err = hive_wire_header_encode(&h, buf, sizeof(buf));
	if (err < 0)
		return err;
	memcpy(buf + HIVE_WIRE_HEADER_LEN, payload, len);
	vec.iov_len = HIVE_WIRE_HEADER_LEN + len;
	iov_iter_kvec(&from, WRITE, &vec, 1, vec.iov_len);
	err = hive_link_ops->send(conn->link, &from, false, false);
	return err < 0 ? err : 0;
}

/* Receive exactly @len bytes into @buf. */
static int hive_conn_recv(struct hive_conn *conn, void *buf, u32 len)
{
	struct kvec vec = { .iov_base = buf, .iov_len = len };
	struct iov_iter to;

	iov_iter_kvec(&to, READ, &vec, 1, len);
	return hive_link_ops->recv(conn->link, &to);
}

/* Receive @len bytes of the handshake, within its one deadline. */
static int hive_conn_recv_by_deadline(struct hive_conn *conn, void *buf,
				      u32 len)
{
	if (time_after_eq(jiffies, conn->deadline))
		return -EAGAIN;
	hive_link_ops->set_timeout(conn->link, conn->deadline - jiffies);
	return hive_conn_recv(conn, buf, len);
}

/*
 * Receive one handshake frame of @type: its header into @h, its payload
 * into @payload (HIVE_WIRE_CHALLENGE_LEN bytes at most).  Return: 0, an
 * error of the header codec, -EBADMSG for another type, or the link's.
 */
static int hive_conn_recv_plain(struct hive_conn *conn, u16 type,
				struct hive_wire_header *h, u8 *payload)
{
	u8 hdr[HIVE_WIRE_HEADER_LEN];
	int err;

	err = hive_conn_recv_by_deadline(conn, hdr, sizeof(hdr));
	if (err)
		return err;
	err = hive_wire_header_decode(hdr, sizeof(hdr), HIVE_WIRE_CHALLENGE_LEN, h);
	if (err == -EPROTONOSUPPORT)
		pr_warn_ratelimited("node %u (or someone at its address) speaks another version of hive's wire protocol than this node's %u: connection refused; run the same hive on every node\n",
				    hive_peer_id(conn->peer), HIVE_WIRE_VERSION);
	if (err < 0)
		return err;
	if (h->type != type)
		return -EBADMSG;
	return hive_conn_recv_by_deadline(conn, payload, h->payload_len);
}

/* Encrypt the link with the session secrets of both directions. */
static int hive_conn_encrypt(struct hive_conn *conn,
			     const struct hive_wire_handshake *hs, u32 tx, u32 rx)
{
	u8 tx_secret[HIVE_WIRE_KEY_LEN], rx_secret[HIVE_WIRE_KEY_LEN];
	int err;

	err = hive_auth_session_secret(hs, tx, tx_secret);
	if (!err)
		err = hive_auth_session_secret(hs, rx, rx_secret);
	if (!err)
		err = hive_link_ops->encrypt(conn->link, tx_secret, rx_secret);
	memzero_explicit(tx_secret, sizeof(tx_secret));
	memzero_explicit(rx_secret, sizeof(rx_secret));
	if (err)
		pr_warn_ratelimited("connection to node %u: cannot encrypt with %s (error %d); is the tls module there? (encryption = off in hive.conf on every node turns encryption off)\n",
				    hive_peer_id(conn->peer),
				    hive_link_ops->cipher, err);
	return err;
}

/*
 * Both ends know the facts: encrypt the link, or derive the MAC
 * transforms of an unencrypted one.
 */
static int hive_conn_keys(struct hive_conn *conn,
			  const struct hive_wire_handshake *hs)
{
	u32 tx = conn->dialer ? HIVE_WIRE_KEY_DIALER_TX : HIVE_WIRE_KEY_LISTENER_TX;
	u32 rx = conn->dialer ? HIVE_WIRE_KEY_LISTENER_TX : HIVE_WIRE_KEY_DIALER_TX;
	struct crypto_shash *tfm;

	if (conn->protection == HIVE_WIRE_PROTECT_ENCRYPT)
		return hive_conn_encrypt(conn, hs, tx, rx);
	tfm = hive_auth_session_tfm(hs, tx);
	if (IS_ERR(tfm))
		return PTR_ERR(tfm);
	conn->tx_tfm = tfm;
	tfm = hive_auth_session_tfm(hs, rx);
	if (IS_ERR(tfm))
		return PTR_ERR(tfm);
	conn->rx_tfm = tfm;
	return 0;
}

/* Why a connection was refused, for the counters. */
static int hive_conn_refuse(enum hive_tstat why, int err)
{
	hive_tstat_inc(why);
	return err;
}

/*
 * The two sides protect frames differently: refuse, count and say so.
 * Never settle on the weaker of the two.
 */
static int hive_conn_check_protection(struct hive_conn *conn,
				      const struct hive_wire_handshake *hs)
{
	u32 mine = conn->dialer ? hs->dialer_protection : hs->listener_protection;
	u32 theirs = conn->dialer ? hs->listener_protection : hs->dialer_protection;

	if (mine == theirs) {
		conn->protection = mine;
		return 0;
	}
	pr_warn_ratelimited("node %u has encryption %s and this node %s: connection refused; set encryption the same in every node's hive.conf\n",
			    hive_peer_id(conn->peer),
			    theirs == HIVE_WIRE_PROTECT_ENCRYPT ? "on" : "off",
			    mine == HIVE_WIRE_PROTECT_ENCRYPT ? "on" : "off");
	return hive_conn_refuse(HIVE_TSTAT_REFUSED_PROTECTION, -EPROTO);
}

/* Dialer: HELLO, check CHALLENGE, AUTH; @hs holds what both sides said. */
static int hive_conn_dial_handshake(struct hive_conn *conn,
				    struct hive_wire_handshake *hsp)
{
	struct hive_peer *peer = conn->peer;
	struct hive_wire_handshake hs;
	struct hive_wire_challenge challenge;
	struct hive_wire_auth auth;
	struct hive_wire_hello hello;
	u8 payload[HIVE_WIRE_CHALLENGE_LEN];
	u8 mac[HIVE_WIRE_HMAC_LEN];
	struct hive_wire_header h;
	struct hive_self self;
	u64 incarnation = hive_peer_incarnation(peer);
	int err;

	err = hive_self_get(&self);
	if (err)
		return err;
	hs = (struct hive_wire_handshake){
		.cluster_id = self.cluster_id,
		.dialer = self.id,
		.dialer_incarnation = self.incarnation,
		.listener = peer->id,
		.listener_incarnation = incarnation,
		.dialer_protection = hive_auth_protection(),
	};
	get_random_bytes(hs.dialer_nonce, sizeof(hs.dialer_nonce));
	memcpy(hello.nonce, hs.dialer_nonce, sizeof(hello.nonce));
	hello.target = peer->id;
	hello.protection = hs.dialer_protection;
	hello.target_incarnation = incarnation;
	hello.rx_next = hive_peer_rx_next(peer, &hello.peer_session);
	hello.session = peer->session;
	hs.dialer_rx_next = hello.rx_next;
	hs.dialer_session = hello.session;
	hs.dialer_seen = hello.peer_session;
	err = hive_wire_hello_encode(&hello, payload, sizeof(payload));
	if (err < 0)
		return err;
	err = hive_conn_send_plain(conn, &self, HIVE_WIRE_HELLO, payload, err);
	if (err)
		return err;

	err = hive_conn_recv_plain(conn, HIVE_WIRE_CHALLENGE, &h, payload);
	if (err)
		return err;
	if (h.sender != peer->id || h.incarnation != incarnation ||
	    h.cluster_id != self.cluster_id)
		return -EBADMSG;
	err = hive_wire_challenge_decode(payload, h.payload_len, &challenge);
	if (err < 0)
		return err;
	memcpy(hs.listener_nonce, challenge.nonce, sizeof(hs.listener_nonce));
	hs.listener_rx_next = challenge.rx_next;
	hs.listener_session = challenge.session;
	hs.listener_seen = challenge.peer_session;
	hs.listener_protection = challenge.protection;
	err = hive_auth_handshake_mac(&hs, HIVE_WIRE_PROOF_LISTENER, mac);
	if (err)
		return err;
	if (crypto_memneq(mac, challenge.mac, sizeof(mac))) {
		hive_tstat_inc(HIVE_TSTAT_REFUSED_AUTH);
		pr_warn_ratelimited("node %u failed to prove the cluster key\n",
				    peer->id);
		return -EACCES;
	}
	/* Its protection is proven now: a refusal is the listener's word. */
	err = hive_conn_check_protection(conn, &hs);
	if (err)
		return err;
	err = hive_auth_handshake_mac(&hs, HIVE_WIRE_PROOF_DIALER, auth.mac);
	if (err)
		return err;
	err = hive_wire_auth_encode(&auth, payload, sizeof(payload));
	if (err < 0)
		return err;
	err = hive_conn_send_plain(conn, &self, HIVE_WIRE_AUTH, payload, err);
	if (err)
		return err;
	*hsp = hs;
	return hive_conn_keys(conn, &hs);
}

/* Listener: check HELLO, CHALLENGE, check AUTH; @hs as for the dialer. */
static int hive_conn_accept_handshake(struct hive_conn *conn,
				      struct hive_wire_handshake *hsp)
{
	struct hive_wire_challenge challenge;
	struct hive_wire_handshake hs;
	struct hive_wire_hello hello;
	struct hive_wire_auth auth;
	u8 payload[HIVE_WIRE_CHALLENGE_LEN];
	u8 mac[HIVE_WIRE_HMAC_LEN];
	struct hive_peer *peer = conn->peer;
	struct hive_wire_header h;
	struct hive_self self;
	u64 incarnation;
	int err;

	err = hive_conn_recv_plain(conn, HIVE_WIRE_HELLO, &h, payload);
	if (!err)
		err = hive_wire_hello_decode(payload, h.payload_len, &hello);
	if (err < 0)
		return hive_conn_refuse(HIVE_TSTAT_REFUSED_MALFORMED, err);
	if (hive_self_get(&self))
		return hive_conn_refuse(HIVE_TSTAT_REFUSED_NOT_MEMBER, -ENOTCONN);
	if (h.cluster_id != self.cluster_id)
		return hive_conn_refuse(HIVE_TSTAT_REFUSED_CLUSTER, -EACCES);
	if (hello.target != self.id ||
	    hello.target_incarnation != self.incarnation)
		return hive_conn_refuse(HIVE_TSTAT_REFUSED_NOT_MEMBER, -EACCES);
	/*
	 * The sender is the member whose address the link comes from; only
	 * the lower id dials; the incarnation must be the view's.
	 */
	incarnation = hive_peer_incarnation(peer);
	if (h.sender != peer->id || peer->dialer || !incarnation ||
	    h.incarnation != incarnation)
		return hive_conn_refuse(HIVE_TSTAT_REFUSED_NOT_MEMBER, -EACCES);

	hs = (struct hive_wire_handshake){
		.cluster_id = self.cluster_id,
		.dialer = peer->id,
		.dialer_incarnation = incarnation,
		.listener = self.id,
		.listener_incarnation = self.incarnation,
		.dialer_rx_next = hello.rx_next,
		.dialer_session = hello.session,
		.dialer_seen = hello.peer_session,
		.listener_session = peer->session,
		.dialer_protection = hello.protection,
		.listener_protection = hive_auth_protection(),
	};
	hs.listener_rx_next = hive_peer_rx_next(peer, &hs.listener_seen);
	memcpy(hs.dialer_nonce, hello.nonce, sizeof(hs.dialer_nonce));
	get_random_bytes(hs.listener_nonce, sizeof(hs.listener_nonce));
	memcpy(challenge.nonce, hs.listener_nonce, sizeof(challenge.nonce));
	challenge.rx_next = hs.listener_rx_next;
	challenge.session = hs.listener_session;
	challenge.peer_session = hs.listener_seen;
	challenge.protection = hs.listener_protection;
	err = hive_auth_handshake_mac(&hs, HIVE_WIRE_PROOF_LISTENER,
				      challenge.mac);
	if (err)
		return hive_conn_refuse(HIVE_TSTAT_REFUSED_AUTH, err);
	err = hive_wire_challenge_encode(&challenge, payload, sizeof(payload));
	if (err < 0)
		return err;
	err = hive_conn_send_plain(conn, &self, HIVE_WIRE_CHALLENGE, payload, err);
	if (err)
		return err;
	/*
	 * Refused after the CHALLENGE, which tells the dialer this side's
	 * protection under this side's proof, so both sides can say why.
	 */
	err = hive_conn_check_protection(conn, &hs);
	if (err)
		return err;

	err = hive_conn_recv_plain(conn, HIVE_WIRE_AUTH, &h, payload);
	if (!err && (h.sender != peer->id || h.incarnation != incarnation))
		err = -EBADMSG;
	if (!err)
		err = hive_wire_auth_decode(payload, h.payload_len, &auth);
	if (err < 0)
		return hive_conn_refuse(HIVE_TSTAT_REFUSED_MALFORMED, err);
	err = hive_auth_handshake_mac(&hs, HIVE_WIRE_PROOF_DIALER, mac);
	if (err)
		return err;
	if (crypto_memneq(mac, auth.mac, sizeof(mac)))
		return hive_conn_refuse(HIVE_TSTAT_REFUSED_AUTH, -EACCES);
	*hsp = hs;
	return hive_conn_keys(conn, &hs);
}

/*
 * Make room for a frame of @len bytes in the receive buffer, keeping the
 * header already received in it.
 */
static int hive_conn_rx_room(struct hive_conn *conn, u32 len)
{
	u32 size = max_t(u32, roundup_pow_of_two(len), PAGE_SIZE);
	u8 *buf;

	if (len <= conn->rx_size)
		return 0;
	buf = kvmalloc(size, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	if (conn->rx_buf)
		memcpy(buf, conn->rx_buf, min_t(u32, conn->rx_size,
						HIVE_WIRE_HEADER_LEN));
	kvfree(conn->rx_buf);
	conn->rx_buf = buf;
	conn->rx_size = size;
	return 0;
}

/*
 * Check the trailer of the frame in the receive buffer (@len bytes, the
 * trailer after them) and the pages in @conn->rx_pages.
 */
static int hive_conn_check_mac(struct hive_conn *conn, u32 len)
{
	u8 mac[HIVE_WIRE_MAC_LEN];
	int err;

	if (!hive_conn_mac_len(conn))
		return 0;
	err = hive_auth_frame_mac(conn->rx_tfm, conn->rx_count++, conn->rx_buf,
				  len, conn->rx_pages, conn->rx_nr_pages, mac);
	if (err)
		return err;
	return crypto_memneq(mac, conn->rx_buf + len, sizeof(mac)) ? -EBADMSG : 0;
}

/*
 * Fresh pages for the @nr pages that end a frame, in @conn->rx_pages, each
 * with the connection's reference (hive_conn_rx_pages_put()).
 */
static int hive_conn_rx_pages(struct hive_conn *conn, u32 nr)
{
	struct page *page;
	u32 i;

	if (!conn->rx_pages) {
		conn->rx_pages = kvcalloc(HIVE_WIRE_PAGES_MAX,
					  sizeof(*conn->rx_pages), GFP_KERNEL);
		if (!conn->rx_pages)
			return -ENOMEM;
	}
	for (i = 0; i < nr; i++) {
		page = alloc_page(GFP_KERNEL);
		if (!page)
			break;
		conn->rx_pages[i] = (struct bio_vec){
			.bv_page = page, .bv_len = PAGE_SIZE,
		};
	}
	conn->rx_nr_pages = i;
	return i == nr ? 0 : -ENOMEM;
}

/* Drop the connection's references to the last frame's pages. */
static void hive_conn_rx_pages_put(struct hive_conn *conn)
{
	u32 i;

	for (i = 0; i < conn->rx_nr_pages; i++)
		put_page(conn->rx_pages[i].bv_page);
	conn->rx_nr_pages = 0;
}

/*
 * Receive the rest of a frame whose header is in @conn->rx_buf: the
 * payload before the pages and, after the pages, the trailer into the
 * receive buffer; the pages into fresh pages, where kTLS decrypts them
 * straight.  Then check the trailer.
 */
static int hive_conn_recv_frame(struct hive_conn *conn,
				const struct hive_wire_header *h)
{
	u32 len = HIVE_WIRE_HEADER_LEN + hive_wire_inline_len(h);
	u32 mac_len = hive_conn_mac_len(conn);
	struct iov_iter to;
	int err;

	err = hive_conn_rx_room(conn, len + mac_len);
	if (err)
		return err;
	if (!h->pages)
		return hive_conn_recv(conn, conn->rx_buf + HIVE_WIRE_HEADER_LEN,
				      len - HIVE_WIRE_HEADER_LEN + mac_len) ?:
		       hive_conn_check_mac(conn, len);
	err = hive_conn_recv(conn, conn->rx_buf + HIVE_WIRE_HEADER_LEN,
			     len - HIVE_WIRE_HEADER_LEN);
	if (!err)
		err = hive_conn_rx_pages(conn, h->pages);
	if (err)
		return err;
	iov_iter_bvec(&to, READ, conn->rx_pages, h->pages,
		      h->pages * PAGE_SIZE);
	err = hive_link_ops->recv(conn->link, &to);
	if (!err)
		err = hive_conn_recv(conn, conn->rx_buf + len, mac_len);
	return err ?: hive_conn_check_mac(conn, len);
}

/* Read, authenticate and hand on frames until the link fails. */
static int hive_conn_receive_loop(struct hive_conn *conn)
{
	u32 mac_len = hive_conn_mac_len(conn);
	struct hive_peer *peer = conn->peer;
	struct hive_wire_header h;
	int err;

	for (;;) {
		err = hive_conn_rx_room(conn, HIVE_WIRE_HEADER_LEN);
		if (err)
			return err;
		err = hive_conn_recv(conn, conn->rx_buf, HIVE_WIRE_HEADER_LEN);
		if (err)
			return err;
		err = hive_wire_header_decode(conn->rx_buf, HIVE_WIRE_HEADER_LEN,
					      HIVE_WIRE_PAYLOAD_MAX, &h);
		if (err < 0)
			return err;
		if (h.sender != peer->id ||
		    h.incarnation != hive_peer_incarnation(peer) ||
		    h.cluster_id != peer->self.cluster_id ||
		    !hive_wire_trailer_len(h.type)) {
			pr_warn_ratelimited("node %u sent a frame of type %u from node %u incarnation %llu\n",
					    peer->id, h.type, h.sender,
					    h.incarnation);
			return -EPROTO;
		}
		err = hive_conn_recv_frame(conn, &h);
		if (!err) {
			atomic64_add(HIVE_WIRE_HEADER_LEN + h.payload_len +
				     mac_len, &peer->stat_rx_bytes);
			err = hive_peer_receive(peer, &h,
						conn->rx_buf + HIVE_WIRE_HEADER_LEN,
						conn->rx_pages);
		}
		hive_conn_rx_pages_put(conn);
		if (err)
			return err;
	}
}

/* Resume as the handshake's sessions and resume points say. */
static int hive_conn_attach(struct hive_conn *conn,
			    const struct hive_wire_handshake *hs)
{
	u64 resume, their_session;
	int reset;

	if (conn->dialer) {
		their_session = hs->listener_session;
		resume = hive_wire_resume(hs->dialer_session, hs->dialer_seen,
					  their_session, hs->listener_seen,
					  hs->listener_rx_next, &reset);
	} else {
		their_session = hs->dialer_session;
		resume = hive_wire_resume(hs->listener_session, hs->listener_seen,
					  their_session, hs->dialer_seen,
					  hs->dialer_rx_next, &reset);
	}
	return hive_peer_attach(conn->peer, conn, their_session, resume, reset);
}

static void hive_conn_run(struct work_struct *work)
{
	struct hive_conn *conn = container_of(work, struct hive_conn, work);
	struct hive_wire_handshake hs = { };
	int err;

	conn->deadline = jiffies + HIVE_HANDSHAKE_TIMEOUT;
	if (conn->dialer)
		err = hive_conn_dial_handshake(conn, &hs);
	else
		err = hive_conn_accept_handshake(conn, &hs);
	hive_conn_done_handshaking(conn);
	if (!err) {
		hive_link_ops->set_timeout(conn->link, MAX_SCHEDULE_TIMEOUT);
		hive_tstat_inc(HIVE_TSTAT_HANDSHAKES);
		err = hive_conn_attach(conn, &hs);
	}
	if (!err) {
		atomic_inc(&hive_connections);
		err = hive_conn_receive_loop(conn);
		atomic_dec(&hive_connections);
		/* A peer shut down by a view change is not its fault. */
		if (err != -ECONNRESET && err != -EPIPE && err != -ESHUTDOWN) {
			hive_peer_count_error(conn->peer);
			pr_warn_ratelimited("connection to node %u dropped: error %d\n",
					    hive_peer_id(conn->peer), err);
		}
	}
	hive_conn_shutdown(conn);
	if (conn->peer)
		hive_peer_detach(conn->peer, conn);
	hive_conn_put(conn);
}

static struct hive_conn *hive_conn_new(struct hive_link *link,
				       struct hive_peer *peer, bool dialer)
{
	struct hive_conn *conn = kzalloc(sizeof(*conn), GFP_KERNEL);

	if (!conn)
		return NULL;
	kref_init(&conn->ref);
	INIT_LIST_HEAD(&conn->node);
	conn->link = link;
	INIT_WORK(&conn->work, hive_conn_run);
	conn->peer = peer;
	conn->dialer = dialer;
	mutex_init(&conn->tx_mutex);
	return conn;
}

/* Handshakes in progress with @peer; hive_conns_lock held. */
static unsigned int hive_conns_handshaking_with(struct hive_peer *peer)
{
	struct hive_conn *conn;
	unsigned int n = 0;

	list_for_each_entry(conn, &hive_conns, node)
		n += conn->handshaking && conn->peer == peer;
	return n;
}

/*
 * Put @conn on the list and start its work, unless the transport closed
 * or (@limit, an accepted link) too many handshakes are under way.
 */
static int hive_conn_start(struct hive_conn *conn, bool limit)
{
	mutex_lock(&hive_conns_lock);
	if (hive_conns_closed ||
	    (limit && (hive_conns_handshaking >= HIVE_HANDSHAKES_MAX ||
		       hive_conns_handshaking_with(conn->peer) >=
				HIVE_HANDSHAKES_PER_PEER))) {
		mutex_unlock(&hive_conns_lock);
		return hive_conns_closed ? -ESHUTDOWN : -EBUSY;
	}
	list_add(&conn->node, &hive_conns);
	hive_conns_handshaking++;
	conn->handshaking = true;
	mutex_unlock(&hive_conns_lock);
	queue_work(hive_transport_wq, &conn->work);
	return 0;
}

/**
 * hive_conn_dial() - open a connection to a peer this node dials
 * @peer: the peer
 * @to: its address and port
 *
 * Context: process (the peer's dial work); blocks for the connect.
 * Return: 0 once the handshake is under way; -EHOSTDOWN when the peer went
 * away meanwhile; -EALREADY when it has a connection; a link error.
 */
int hive_conn_dial(struct hive_peer *peer, const struct hive_view_member *to)
{
	struct hive_self self;
	struct hive_link *link;
	struct hive_conn *conn;
	int err;

	err = hive_self_get(&self);
	if (err)
		return err;
	err = hive_link_ops->dial(&self.member, to, &link);
	if (err)
		return err;
	kref_get(&peer->ref);
	conn = hive_conn_new(link, peer, true);
	if (!conn) {
		hive_link_ops->release(link);
		hive_peer_put(peer);
		return -ENOMEM;
	}
	err = hive_peer_publish(peer, conn);
	if (!err) {
		err = hive_conn_start(conn, false);
		if (err)
			hive_peer_detach(peer, conn);
	}
	if (err)
		hive_conn_put(conn);
	return err;
}

/**
 * hive_conn_accepted() - the listener accepted a link
 * @link: the link, now owned by the transport
 *
 * A link from an address that is no other member's is closed at once;
 * so is one from a member that already has HIVE_HANDSHAKES_PER_PEER
 * handshakes under way.
 *
 * Context: process (the accept work).
 */
void hive_conn_accepted(struct hive_link *link)
{
	struct hive_view_member from;
	struct hive_conn *conn;
	struct hive_peer *peer;
	int err;

	err = hive_link_ops->remote(link, &from);
	peer = err ? NULL : hive_peer_lookup_address(&from);
	if (!peer) {
		hive_tstat_inc(HIVE_TSTAT_REFUSED_ADDRESS);
		hive_link_ops->release(link);
		return;
	}
	conn = hive_conn_new(link, peer, false);
	if (!conn) {
		hive_peer_put(peer);
		hive_link_ops->release(link);
		return;
	}
	err = hive_conn_start(conn, true);
	if (err) {
		if (err == -EBUSY)
			hive_tstat_inc(HIVE_TSTAT_REFUSED_BUSY);
		hive_conn_put(conn);
	}
}

/*
 * Point @from at the next part of @conn->tx_frame to send: the bytes
 * before its pages (with the trailer when it has none), its pages, or the
 * trailer after them.  Return: whether more of the frame follows it.
 */
static bool hive_conn_tx_part(struct hive_conn *conn, struct iov_iter *from,
			      struct kvec vec[2])
{
	u32 mac_len = hive_conn_mac_len(conn), off = conn->tx_off;
	struct hive_frame *frame = conn->tx_frame;
	u32 paged = hive_frame_wire_len(frame);
	unsigned int nr = 0;

	if (off >= frame->len && off < paged) {
		iov_iter_bvec(from, WRITE, frame->pages, frame->nr_pages,
			      paged - frame->len);
		iov_iter_advance(from, off - frame->len);
		return mac_len;
	}
	if (off < frame->len)
		vec[nr++] = (struct kvec){ frame->data + off, frame->len - off };
	if (off < frame->len && frame->nr_pages) {
		iov_iter_kvec(from, WRITE, vec, nr, frame->len - off);
		return true;
	}
	off = max(off, paged) - paged;
	vec[nr++] = (struct kvec){ conn->tx_mac + off, mac_len - off };
	iov_iter_kvec(from, WRITE, vec, nr, paged + mac_len - conn->tx_off);
	return false;
}

/*
 * Send what is left of @conn->tx_frame and its trailer; tx_mutex held.
 * Return: 0 once all of it is on the link, -EAGAIN when the link took
 * only part (@nonblock), or the link's error.
 */
static int hive_conn_push(struct hive_conn *conn, bool nonblock)
{
	u32 total = hive_frame_wire_len(conn->tx_frame) + hive_conn_mac_len(conn);
	struct iov_iter from;
	struct kvec vec[2];
	bool more;
	int sent;

	while (conn->tx_off < total) {
		more = hive_conn_tx_part(conn, &from, vec);
		sent = hive_link_ops->send(conn->link, &from, more, nonblock);
		if (sent < 0)
			return sent;
		conn->tx_off += sent;
		conn->tx_bytes += sent;
		if (iov_iter_count(&from))
			return -EAGAIN;
	}
	hive_frame_put(conn->tx_frame);
	conn->tx_frame = NULL;
	return 0;
}

/**
 * hive_conn_send() - send a frame (with its MAC trailer on a connection
 * that is not encrypted), after what an earlier call left part-sent
 * @conn: an established connection
 * @frame: header encoded, payload filled in; the caller keeps its
 *	reference.  NULL: only finish the part-sent frame, if any.
 * @nonblock: send what the link takes at once; the connection keeps the
 *	rest of @frame (with a reference) for the next call
 *
 * The caller serialises calls per peer (the peer's tx_lock) and calls
 * with @frame only after a call without it returned 0.  Once an encrypted
 * connection has sent hive_rekey_bytes, it is ended as an administrator's
 * drop ends it (hive_peer_renew()): the next one has fresh keys, and what
 * was not acknowledged is sent again on it.
 *
 * Context: process.  Without @nonblock it blocks while the link is full,
 * up to the link's send timeout.
 * Return: 0 once everything is on the link; -EAGAIN (@nonblock) when part
 * of it waits in the connection; the link's or crypto's error.
 */
int hive_conn_send(struct hive_conn *conn, struct hive_frame *frame,
		   bool nonblock)
{
	bool renew = false;
	int err = 0;

	mutex_lock(&conn->tx_mutex);
	if (conn->tx_frame)
		err = hive_conn_push(conn, nonblock);
	if (!err && frame && hive_conn_mac_len(conn))
		err = hive_auth_frame_mac(conn->tx_tfm, conn->tx_count++,
					  frame->data, frame->len, frame->pages,
					  frame->nr_pages, conn->tx_mac);
	if (!err && frame) {
		refcount_inc(&frame->ref);
		conn->tx_frame = frame;
		conn->tx_off = 0;
		err = hive_conn_push(conn, nonblock);
	}
	if (conn->protection == HIVE_WIRE_PROTECT_ENCRYPT && !conn->renewing &&
	    conn->tx_bytes >= READ_ONCE(hive_rekey_bytes)) {
		conn->renewing = true;
		renew = true;
	}
	mutex_unlock(&conn->tx_mutex);
	if (renew)
		hive_peer_renew(conn->peer, conn);
	return err;
}

/**
 * hive_conns_shutdown_all() - shut every connection down, accept no more
 *
 * Their works then end by themselves; destroying the transport workqueue
 * waits for them.
 *
 * Context: process (module exit).
 */
void hive_conns_shutdown_all(void)
{
	struct hive_conn *conn;

	mutex_lock(&hive_conns_lock);
	hive_conns_closed = true;
	list_for_each_entry(conn, &hive_conns, node)
		hive_conn_shutdown(conn);
	mutex_unlock(&hive_conns_lock);
}
