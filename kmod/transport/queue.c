// SPDX-License-Identifier: GPL-2.0
/*
 * A peer's frames: the two lanes they wait in, sequence numbers per pair
 * of incarnations, the one sender per peer, acknowledgements, in-order
 * delivery, and the resume on a new connection that neither loses nor
 * duplicates a frame.  Who owns a frame at each point:
 * Documentation/transport.rst, "Who owns what".
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/sched/signal.h>
#include <linux/slab.h>
#include "internal.h"

/*
 * Bytes of sequenced frames a sender may have outstanding per peer; a
 * reply, which may not wait, may go HIVE_PEER_REPLY_RESERVE beyond that.
 * Control frames (ACK, PING, PONG) waiting to be sent: at most
 * HIVE_PEER_CONTROL_MAX.  Beyond either, the frame is dropped (-ENOBUFS):
 * the peer is not reading, and a caller of its times out.
 */
#define HIVE_PEER_QUEUE_MAX	(8u << 20)
#define HIVE_PEER_REPLY_RESERVE	(8u << 20)
#define HIVE_PEER_CONTROL_MAX	1024
/* Acknowledge after this many frames or bytes, or at the next tick. */
#define HIVE_PEER_ACK_FRAMES	64
#define HIVE_PEER_ACK_BYTES	(512u << 10)

static void hive_peer_transmit(struct hive_peer *peer, bool nonblock);

/**
 * hive_frame_alloc() - a frame with room for @payload_len bytes and
 *	@nr_pages pages after them
 * @payload_len: payload bytes before the pages, at most
 *	HIVE_WIRE_PAYLOAD_MAX
 * @nr_pages: at most HIVE_WIRE_PAGES_MAX; the caller sets each with
 *	hive_frame_set_page() before it sends the frame
 *
 * Context: process, may sleep.
 * Return: the frame, or NULL.
 */
struct hive_frame *hive_frame_alloc(u32 payload_len, u32 nr_pages)
{
	u32 len = HIVE_WIRE_HEADER_LEN + payload_len;
	struct hive_frame *frame;
	size_t size, pages_at;

	BUILD_BUG_ON(PAGE_SIZE != HIVE_WIRE_PAGE_SIZE);
	BUILD_BUG_ON(HIVE_WIRE_PAGES_MAX > U16_MAX);
	if (payload_len > HIVE_WIRE_PAYLOAD_MAX || nr_pages > HIVE_WIRE_PAGES_MAX)
		return NULL;
	pages_at = ALIGN(struct_size(frame, data, len),
			 __alignof__(struct bio_vec));
	size = pages_at + nr_pages * sizeof(struct bio_vec);
	frame = kvmalloc(size, GFP_KERNEL);
	if (!frame)
		return NULL;
	refcount_set(&frame->ref, 1);
	INIT_LIST_HEAD(&frame->node);
	frame->seq = 0;
	frame->len = len;
	frame->nr_pages = nr_pages;
	frame->pages = NULL;
	if (nr_pages) {
		frame->pages = (struct bio_vec *)((u8 *)frame + pages_at);
		memset(frame->pages, 0, nr_pages * sizeof(struct bio_vec));
	}
	return frame;
}

/**
 * hive_frame_set_page() - make a page part of a frame's payload
 * @frame: from hive_frame_alloc(), not sent yet
 * @i: which of its pages, below @frame->nr_pages
 * @page: the page; the frame takes a reference of its own
 *
 * The page's bytes must not change until the frame is freed.
 */
void hive_frame_set_page(struct hive_frame *frame, u32 i, struct page *page)
{
	struct bio_vec *bv = &frame->pages[i];

	get_page(page);
	if (bv->bv_page)
		put_page(bv->bv_page);
	bv->bv_page = page;
	bv->bv_len = PAGE_SIZE;
	bv->bv_offset = 0;
}

/**
 * hive_frame_put() - drop a reference to a frame; the last one frees it
 *	and drops its references to its pages
 * @frame: the frame, or NULL
 *
 * Context: process.
 */
void hive_frame_put(struct hive_frame *frame)
{
	u32 i;

	if (!frame || !refcount_dec_and_test(&frame->ref))
		return;
	for (i = 0; i < frame->nr_pages; i++)
		if (frame->pages[i].bv_page)
			put_page(frame->pages[i].bv_page);
	kvfree(frame);
}

/**
 * hive_frames_put() - drop a list's reference to each frame on it
 * @list: frames linked through their @node; left dangling
 *
 * Context: process.
 */
void hive_frames_put(struct list_head *list)
{
	struct hive_frame *frame, *next;

	list_for_each_entry_safe(frame, next, list, node)
		hive_frame_put(frame);
}

/* Encode @frame's header; peer->lock held. */
static void hive_peer_encode(struct hive_peer *peer, struct hive_frame *frame)
{
	struct hive_wire_header h = {
		.type = frame->type,
		.payload_len = hive_frame_wire_len(frame) - HIVE_WIRE_HEADER_LEN,
		.pages = frame->nr_pages,
		.cluster_id = peer->self.cluster_id,
		.sender = peer->self.id,
		.incarnation = peer->self.incarnation,
		.epoch = hive_self_epoch(),
		.seq = frame->seq,
	};

	/* Cannot fail: the buffer is large enough and the length bounded. */
	WARN_ON_ONCE(hive_wire_header_encode(&h, frame->data, frame->len) < 0);
}

/* Have the send work send the queue; the queued work holds a reference. */
static void hive_peer_kick(struct hive_peer *peer)
{
	kref_get(&peer->ref);
	if (!queue_work(hive_transport_wq, &peer->tx_work))
		hive_peer_put(peer);
}

/* Whether @len more bytes fit the queue; peer->lock held. */
static bool hive_peer_room(struct hive_peer *peer, u32 len, size_t max)
{
	return peer->queued_bytes + len <= max;
}

/**
 * hive_peer_send() - queue a frame for a peer
 * @peer: the peer
 * @type: HIVE_WIRE_CALL, HIVE_WIRE_REPLY or HIVE_WIRE_CAST, or a control
 *	type (ACK, PING, PONG)
 * @lane: the lane it waits in: an urgent frame leaves before every bulk
 *	frame still queued
 * @frame: payload filled in; consumed whatever the outcome
 * @timeout: jiffies to wait for queue space; 0 queues without waiting
 *	(replies and control frames, which must never wait on the peer)
 * @here: when nobody is sending, send from this context what the socket
 *	takes at once, saving a wake-up of the send work; false on the
 *	receive path, which sending would hold up
 *
 * Sequenced frames are kept until the peer acknowledges them and are
 * resent on a new connection.
 *
 * Context: process; with a non-zero @timeout it may sleep (killable) for
 * queue space.  It never blocks on the link: a caller that sends @here
 * sends only what the socket takes at once and leaves the rest to the
 * send work, so neither its signals nor its priority touch the connection.
 * Return: 0; -EHOSTDOWN when the peer left or restarted; -ETIMEDOUT or
 * -EINTR when no space came; -ENOBUFS (@timeout 0) when the peer let
 * HIVE_PEER_REPLY_RESERVE more bytes or HIVE_PEER_CONTROL_MAX control
 * frames pile up.
 */
int hive_peer_send(struct hive_peer *peer, u16 type, enum hive_lane lane,
		   struct hive_frame *frame, long timeout, bool here)
{
	bool sequenced = hive_wire_is_sequenced(type);
	u32 size = hive_frame_wire_len(frame);
	int err = 0;
	long left;

	spin_lock(&peer->lock);
	while (sequenced && timeout && !peer->dead &&
	       !hive_peer_room(peer, size, HIVE_PEER_QUEUE_MAX)) {
		spin_unlock(&peer->lock);
		left = wait_event_killable_timeout(peer->space_wait,
				READ_ONCE(peer->dead) ||
				READ_ONCE(peer->queued_bytes) + size <=
					HIVE_PEER_QUEUE_MAX, timeout);
		if (left <= 0) {
			hive_frame_put(frame);
			return left ? -EINTR : -ETIMEDOUT;
		}
		timeout = left;
		spin_lock(&peer->lock);
	}
	if (peer->dead)
		err = -EHOSTDOWN;
	else if (sequenced && !timeout &&
		 !hive_peer_room(peer, size,
				 HIVE_PEER_QUEUE_MAX + HIVE_PEER_REPLY_RESERVE))
		err = -ENOBUFS;
	else if (!sequenced && peer->control_queued >= HIVE_PEER_CONTROL_MAX)
		err = -ENOBUFS;
	if (err) {
		spin_unlock(&peer->lock);
		hive_frame_put(frame);
		return err;
	}
	if (sequenced)
		peer->queued_bytes += size;
	else
		peer->control_queued++;
	frame->type = type;
	list_add_tail(&frame->node, &peer->sendq[lane]);
	spin_unlock(&peer->lock);
	if (here && mutex_trylock(&peer->tx_lock)) {
		hive_peer_transmit(peer, true);
		mutex_unlock(&peer->tx_lock);
	} else {
		hive_peer_kick(peer);
	}
	return 0;
}

/**
 * hive_peer_send_u64() - queue a control frame carrying one u64
 * @peer: the peer
 * @type: HIVE_WIRE_ACK, HIVE_WIRE_PING or HIVE_WIRE_PONG
 * @value: its payload
 *
 * A frame that cannot be queued costs only a retry (the next tick).
 *
 * Context: process.
 */
void hive_peer_send_u64(struct hive_peer *peer, u16 type, u64 value)
{
	struct hive_frame *frame = hive_frame_alloc(HIVE_WIRE_U64_LEN, 0);

	if (!frame)
		return;
	hive_wire_u64_encode(value, hive_frame_payload(frame), HIVE_WIRE_U64_LEN);
	if (hive_peer_send(peer, type, HIVE_LANE_URGENT, frame, 0, false) == -ENOBUFS)
		hive_peer_count_error(peer);
}

/*
 * The next frame to send, taken off its lane with a reference for the
 * caller, if @conn is still the peer's established connection (else NULL,
 * and @stale set): the first urgent one, else the first bulk one.  A
 * frame leaving its lane for the first time gets its sequence number (if
 * sequenced) and its header.  A sequenced frame moves to @unacked (the
 * list keeps its reference); a control frame leaves the lists (its
 * reference passes to the caller).
 */
static struct hive_frame *hive_peer_take(struct hive_peer *peer,
					 struct hive_conn *conn, bool *stale)
{
	struct hive_frame *frame = NULL;
	int lane;

	spin_lock(&peer->lock);
	*stale = !peer->established || peer->conn != conn;
	for (lane = 0; !*stale && !frame && lane < __HIVE_LANE_COUNT; lane++)
		frame = list_first_entry_or_null(&peer->sendq[lane],
						 struct hive_frame, node);
	if (frame && !frame->seq) {
		if (hive_wire_is_sequenced(frame->type))
			frame->seq = peer->tx_seq++;
		hive_peer_encode(peer, frame);
	}
	if (frame && frame->seq) {
		list_move_tail(&frame->node, &peer->unacked);
		refcount_inc(&frame->ref);
	} else if (frame) {
		list_del_init(&frame->node);
		peer->control_queued--;
	}
	spin_unlock(&peer->lock);
	return frame;
}

/* The established connection, with a reference, or NULL. */
static struct hive_conn *hive_peer_conn(struct hive_peer *peer)
{
	struct hive_conn *conn;

	spin_lock(&peer->lock);
	conn = peer->established ? peer->conn : NULL;
	if (conn)
		hive_conn_get(conn);
	spin_unlock(&peer->lock);
	return conn;
}

/*
 * Send the queue on the current connection, in order; tx_lock held, which
 * makes this the only sender.  With @nonblock (a caller's own context)
 * only what the socket takes at once: the rest stays with the connection
 * and the send work finishes it.
 */
static void hive_peer_transmit(struct hive_peer *peer, bool nonblock)
{
	lockdep_assert_held(&peer->tx_lock);
	for (;;) {
		struct hive_frame *frame = NULL;
		struct hive_conn *conn;
		bool sequenced, stale;
		u32 len;
		int err;

		conn = hive_peer_conn(peer);
		if (!conn)
			return;
		/* What an earlier call left part-sent goes first. */
		err = hive_conn_send(conn, NULL, nonblock);
		if (!err) {
			frame = hive_peer_take(peer, conn, &stale);
			if (!frame) {
				hive_conn_put(conn);
				/* The connection changed meanwhile: look again. */
				if (stale)
					continue;
				return;
			}
			sequenced = frame->seq;
			len = hive_frame_wire_len(frame);
			err = hive_conn_send(conn, frame, nonblock);
			hive_frame_put(frame);
			/* -EAGAIN: the connection has the frame, part-sent. */
			if (!err || err == -EAGAIN) {
				if (sequenced)
					atomic64_inc(&peer->stat_tx_messages);
				atomic64_add(len + HIVE_WIRE_MAC_LEN,
					     &peer->stat_tx_bytes);
			}
		}
		if (err && err != -EAGAIN)
			hive_conn_shutdown(conn);
		hive_conn_put(conn);
		if (err == -EAGAIN) {
			hive_peer_kick(peer);
			return;
		}
		/* A sequenced frame stays on @unacked: resent next time. */
		if (err)
			return;
	}
}

static void hive_peer_tx_work(struct work_struct *work)
{
	struct hive_peer *peer = container_of(work, struct hive_peer, tx_work);

	mutex_lock(&peer->tx_lock);
	hive_peer_transmit(peer, false);
	mutex_unlock(&peer->tx_lock);
	hive_peer_put(peer);
}

/* The peer acknowledged every sequenced frame below @next. */
static int hive_peer_acked(struct hive_peer *peer, u64 next)
{
	struct hive_frame *frame, *tmp;
	LIST_HEAD(done);

	spin_lock(&peer->lock);
	if (next > peer->tx_seq) {
		spin_unlock(&peer->lock);
		pr_warn_ratelimited("node %u acknowledged frame %llu, which was never sent\n",
				    peer->id, next - 1);
		return -EPROTO;
	}
	list_for_each_entry_safe(frame, tmp, &peer->unacked, node) {
		if (frame->seq >= next)
			break;
		peer->queued_bytes -= hive_frame_wire_len(frame);
		list_move_tail(&frame->node, &done);
	}
	spin_unlock(&peer->lock);
	hive_frames_put(&done);
	wake_up(&peer->space_wait);
	return 0;
}

/**
 * hive_peer_ack_due() - whether to acknowledge now, and if so note it done
 * @peer: the peer, its lock held
 * @force: acknowledge whatever was delivered since the last ACK (the tick)
 *
 * Return: true when the caller must send an ACK for @peer->rx_acked.
 */
bool hive_peer_ack_due(struct hive_peer *peer, bool force)
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
			     const u8 *payload, const struct bio_vec *pages)
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
		next = peer->rx_next;
		spin_unlock(&peer->lock);
		mutex_unlock(&peer->rx_mutex);
		pr_warn_ratelimited("node %u sent frame %llu where %llu was next\n",
				    peer->id, h->seq, next);
		return -EPROTO;
	}
	next = ++peer->rx_next;
	peer->rx_unacked_bytes += HIVE_WIRE_HEADER_LEN + h->payload_len;
	ack = hive_peer_ack_due(peer, false);
	spin_unlock(&peer->lock);

	atomic64_inc(&peer->stat_rx_messages);
	hive_transport_user->deliver(peer, h, payload, pages);
	mutex_unlock(&peer->rx_mutex);
	if (ack)
		hive_peer_send_u64(peer, HIVE_WIRE_ACK, next);
	return 0;
}

/**
 * hive_peer_receive() - a frame passed its MAC on @peer's connection
 * @peer: the peer it came from
 * @h: its header
 * @payload: its payload before the pages, hive_wire_inline_len(@h) bytes
 * @pages: its @h->pages pages; the caller keeps its references
 *
 * Context: the connection's receive work.
 * Return: 0, or -EPROTO / -EBADMSG for a frame that breaks the protocol;
 * the caller then drops the connection.
 */
int hive_peer_receive(struct hive_peer *peer, const struct hive_wire_header *h,
		      const u8 *payload, const struct bio_vec *pages)
{
	u64 value;
	s64 rtt;

	WRITE_ONCE(peer->last_rx, jiffies);
	if (hive_wire_is_sequenced(h->type))
		return hive_peer_deliver(peer, h, payload, pages);
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
		if (rtt < 0)
			return -EPROTO;
		/*
		 * A PING waits behind the frames queued before it, resends
		 * included: one that waited long says nothing of the path.
		 */
		if (rtt > 60 * NSEC_PER_SEC)
			return 0;
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

/*
 * The peer forgot this side's session (it saw this node leave the view
 * while this node did not see it go): what was queued for it and what it
 * sent before are void.  Both locks held.
 */
static void hive_peer_reset(struct hive_peer *peer, struct list_head *done)
{
	hive_peer_unqueue(peer, done);
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
		hive_frames_put(&done);
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
			peer->queued_bytes -= hive_frame_wire_len(frame);
			list_move_tail(&frame->node, &done);
		}
	}
	list_splice_init(&peer->unacked, &peer->sendq[HIVE_LANE_URGENT]);
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
	hive_frames_put(&done);
	wake_up(&peer->space_wait);
	if (old) {
		hive_conn_shutdown(old);
		hive_conn_put(old);
	}
	hive_peer_kick(peer);
	return 0;
}

/**
 * hive_peer_queue_init() - a new peer's empty queues and sequence state
 * @peer: zeroed but for its identity
 */
void hive_peer_queue_init(struct hive_peer *peer)
{
	int lane;

	for (lane = 0; lane < __HIVE_LANE_COUNT; lane++)
		INIT_LIST_HEAD(&peer->sendq[lane]);
	INIT_LIST_HEAD(&peer->unacked);
	peer->tx_seq = 1;
	peer->rx_next = 1;
	peer->rx_acked = 1;
	init_waitqueue_head(&peer->space_wait);
	mutex_init(&peer->rx_mutex);
	mutex_init(&peer->tx_lock);
	INIT_WORK(&peer->tx_work, hive_peer_tx_work);
}

/**
 * hive_peer_unqueue() - take every frame off a peer's lists
 * @peer: the peer, its lock held
 * @frames: gets the frames, with the lists' references
 */
void hive_peer_unqueue(struct hive_peer *peer, struct list_head *frames)
{
	int lane;

	lockdep_assert_held(&peer->lock);
	for (lane = 0; lane < __HIVE_LANE_COUNT; lane++)
		list_splice_init(&peer->sendq[lane], frames);
	list_splice_init(&peer->unacked, frames);
	peer->queued_bytes = 0;
	peer->control_queued = 0;
}
