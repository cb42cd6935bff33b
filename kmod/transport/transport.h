/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hive's node-to-node transport: authenticated connections to the other
 * members of the view, frames in order per peer, and the sysfs counters.
 * Documentation/transport.rst.  The RPC layer (kmod/rpc) is its only user
 * of frames; other subsystems talk through RPC.
 */
#ifndef HIVE_TRANSPORT_H
#define HIVE_TRANSPORT_H

#include <linux/bvec.h>
#include <linux/list.h>
#include <linux/refcount.h>
#include <linux/types.h>
#include <linux/workqueue.h>
#include "hive/core.h"
#include "hive_netlink.h"

struct hive_view;
struct hive_peer;

/* Unbound workqueue for the accept loop, connections and per-peer sends. */
extern struct workqueue_struct *hive_transport_wq;

/**
 * enum hive_lane - a frame's priority on its peer's connection
 * @HIVE_LANE_URGENT: short messages a thread waits on (a kill, a page
 *	fault's call, control frames): sent before any bulk frame still
 *	queued, in order among themselves
 * @HIVE_LANE_BULK: everything else, in order among themselves
 * @__HIVE_LANE_COUNT: the number of lanes
 *
 * Both lanes share the connection and its sequence numbers: a frame's
 * number is given as it leaves the queue, so the receiver sees one
 * sequence and the lanes differ only in what the sender takes next.
 */
enum hive_lane {
	HIVE_LANE_URGENT,
	HIVE_LANE_BULK,
	__HIVE_LANE_COUNT,
};

/**
 * struct hive_frame - one frame queued for a peer
 * @ref: one for each of: the peer's lists (@node), a sender between
 *	taking the frame and handing it to a connection, and a connection
 *	that holds it part-sent; the last hive_frame_put() frees it
 * @node: in the peer's send queue, then its unacknowledged list; changed
 *	under the peer's lock only
 * @seq: sequence number for CALL/REPLY/CAST, 0 for the others and
 *	until the frame leaves its lane (hive_peer_take()); fixed then
 * @len: bytes in @data: HIVE_WIRE_HEADER_LEN + the payload before the
 *	pages
 * @type: the wire type, set as the frame is queued
 * @nr_pages: whole pages that end the payload, in @pages
 * @pages: @nr_pages pages of PAGE_SIZE bytes, each with a reference the
 *	frame drops as it is freed (hive_frame_set_page()); NULL without
 * @data: header (encoded as the frame leaves its lane), then the payload
 *	before the pages, fixed once queued
 *
 * A page's bytes must not change while the frame lives: the frame may be
 * sent again after a reconnect, and a MAC covers what it was first.
 */
struct hive_frame {
	refcount_t ref;
	struct list_head node;
	u64 seq;
	u32 len;
	u16 type;
	u16 nr_pages;
	struct bio_vec *pages;
	u8 data[];
};

/**
 * hive_frame_payload() - where the caller writes a frame's payload
 * @frame: from hive_frame_alloc()
 *
 * Return: the first payload byte.
 */
static inline u8 *hive_frame_payload(struct hive_frame *frame)
{
	return frame->data + HIVE_WIRE_HEADER_LEN;
}

/**
 * hive_frame_wire_len() - a frame's bytes on the wire, trailer aside
 * @frame: the frame
 *
 * Return: @frame->len and its pages.
 */
static inline u32 hive_frame_wire_len(const struct hive_frame *frame)
{
	return frame->len + frame->nr_pages * PAGE_SIZE;
}

struct hive_frame *hive_frame_alloc(u32 payload_len, u32 nr_pages);
void hive_frame_set_page(struct hive_frame *frame, u32 i, struct page *page);
void hive_frame_put(struct hive_frame *frame);

/**
 * struct hive_peer_stats - what /sys/kernel/hive/nodes/<id>/ shows
 * @state: "self", "up", "suspect" or "down"
 * @rtt_us: smoothed round-trip time of PINGs, 0 before the first
 * @tx_messages: CALL, REPLY and CAST frames sent (retransmissions too)
 * @rx_messages: CALL, REPLY and CAST frames delivered
 * @tx_bytes: bytes sent, frames and trailers
 * @rx_bytes: bytes received, frames and trailers
 * @errors: broken connections, bad frames and failed calls
 * @connects: connections established
 */
struct hive_peer_stats {
	const char *state;
	u32 rtt_us;
	u64 tx_messages;
	u64 rx_messages;
	u64 tx_bytes;
	u64 rx_bytes;
	u64 errors;
	u64 connects;
};

/**
 * struct hive_transport_user - the layer above the transport (RPC)
 * @peer_size: bytes of the user's own state kept with each peer
 *	(hive_peer_user())
 * @peer_init: set that state up for a new peer (zeroed before); process
 *	context
 * @peer_release: tear it down as the peer is freed; process context
 * @deliver: a CALL, REPLY or CAST arrived from @peer, in order, exactly
 *	once per pair of incarnations: its payload before the pages
 *	(hive_wire_inline_len(@h) bytes) and its @h->pages pages, which the
 *	transport allocated for it and puts after @deliver returns (keep
 *	one with get_page()).  Runs in the peer's receive work (process
 *	context) and may sleep briefly, but everything it does delays the
 *	peer's next frame
 * @fail: fail what waits on @peer with @err: it left the view or restarted
 *	(@closed: refuse later calls too), or it forgot this node (a new
 *	session: later calls go ahead); process context
 */
struct hive_transport_user {
	size_t peer_size;
	void (*peer_init)(struct hive_peer *peer);
	void (*peer_release)(struct hive_peer *peer);
	void (*deliver)(struct hive_peer *peer, const struct hive_wire_header *h,
			const u8 *payload, const struct bio_vec *pages);
	void (*fail)(struct hive_peer *peer, int err, bool closed);
};

int hive_transport_init(const struct hive_transport_user *user);
void hive_transport_exit(void);
int hive_transport_set_key(const u8 key[HIVE_CLUSTER_KEY_LEN], bool encrypt);
int hive_transport_peer_stats(u32 node_id, struct hive_peer_stats *stats);
int hive_transport_reconnect(u32 node_id);

struct hive_peer *hive_peer_get(u32 node_id, int *err);
void hive_peer_hold(struct hive_peer *peer);
void hive_peer_put(struct hive_peer *peer);
u32 hive_peer_id(const struct hive_peer *peer);
void *hive_peer_user(struct hive_peer *peer);
int hive_peer_send(struct hive_peer *peer, u16 type, enum hive_lane lane,
		   struct hive_frame *frame, long timeout, bool here);
void hive_peer_count_error(struct hive_peer *peer);

#endif /* HIVE_TRANSPORT_H */
