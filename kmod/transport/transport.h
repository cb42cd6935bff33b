/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hive's node-to-node transport: authenticated connections to the other
 * members of the view, frames in order per peer, and the sysfs counters.
 * Documentation/transport.rst.  The RPC layer (kmod/rpc) is its only user
 * of frames; other subsystems talk through RPC.
 */
#ifndef HIVE_TRANSPORT_H
#define HIVE_TRANSPORT_H

#include <linux/list.h>
#include <linux/types.h>
#include <linux/workqueue.h>
#include "hive/core.h"
#include "hive_netlink.h"

struct hive_view;
struct hive_peer;

/* Unbound workqueue for the accept loop, connections and per-peer sends. */
extern struct workqueue_struct *hive_transport_wq;

/**
 * struct hive_frame - one frame queued for a peer
 * @node: in the peer's send queue, then its unacknowledged list
 * @seq: sequence number for CALL/REPLY/CAST, 0 for the others
 * @len: bytes in @data: HIVE_WIRE_HEADER_LEN + payload
 * @data: encoded header, then the payload
 */
struct hive_frame {
	struct list_head node;
	u64 seq;
	u32 len;
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

struct hive_frame *hive_frame_alloc(u32 payload_len);
void hive_frame_free(struct hive_frame *frame);

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
 * @deliver: a CALL, REPLY or CAST arrived from @peer, in order, exactly
 *	once per pair of incarnations; runs in the peer's receive work
 *	(process context) and may sleep briefly, but everything it does
 *	delays the peer's next frame
 * @fail: fail what waits on @peer with @err: it left the view or restarted
 *	(@closed: refuse later calls too), or it forgot this node (a new
 *	session: later calls go ahead); process context
 */
struct hive_transport_user {
	void (*deliver)(struct hive_peer *peer, const struct hive_wire_header *h,
			const u8 *payload);
	void (*fail)(struct hive_peer *peer, int err, bool closed);
};

int hive_transport_init(const struct hive_transport_user *user);
void hive_transport_exit(void);
void hive_transport_view_changed(const struct hive_view *view);
int hive_transport_set_key(const u8 key[HIVE_CLUSTER_KEY_LEN]);
int hive_transport_peer_stats(u32 node_id, struct hive_peer_stats *stats);
int hive_transport_reconnect(u32 node_id);

struct hive_peer *hive_peer_get(u32 node_id, int *err);
void hive_peer_put(struct hive_peer *peer);
u32 hive_peer_id(const struct hive_peer *peer);
int hive_peer_send(struct hive_peer *peer, u16 type, struct hive_frame *frame,
		   long timeout);
void hive_peer_count_error(struct hive_peer *peer);

#endif /* HIVE_TRANSPORT_H */
