/* SPDX-License-Identifier: GPL-2.0 */
/*
 * C ABI of the core's page-ownership rules (Documentation/dsm.rst).
 *
 * Every page of a distributed process has one manager node, which keeps
 * its directory entry (struct hive_dsm_dir): the owner, which holds the
 * page's data, and up to HIVE_DSM_REPLICAS_MAX replicas holding read-only
 * copies.  Each node keeps its own state of the page (struct hive_dsm_page).
 * Transactions change who holds what; the manager runs one at a time per
 * page, and nobody gives up a copy for good before the manager commits, so
 * a transaction that loses a node is undone instead of losing the page.
 *
 * The functions below are the whole protocol: each takes one event (a
 * fault, a message, a node leaving the view) and says which messages to
 * send.  Callers carry the messages, in order between any two nodes
 * (a node's messages to itself included), keep a page's requests that find
 * its entry busy until it is idle, and map, unmap and copy the page as the
 * resulting state says.  Pure computation, any context.
 */
#ifndef HIVE_CORE_DSM_H
#define HIVE_CORE_DSM_H

#include "hive/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Replicas a directory entry names; a reader beyond them evicts the oldest. */
#define HIVE_DSM_REPLICAS_MAX	8u
/*
 * Messages one event may ask for: at most, an ABORT to every copy given up
 * (every replica and the owner), then the request again.
 */
#define HIVE_DSM_OUT_MAX	(2u * (HIVE_DSM_REPLICAS_MAX + 1u))

enum hive_dsm_access {
	HIVE_DSM_READ = 1,
	HIVE_DSM_WRITE = 2,
};

/*
 * Messages.  To the manager: REQ, INV_ACK, DONE, NODATA.  To a node: INV,
 * FETCH, DATA (from the node that held the page), GRANT, FAIL, COMMIT,
 * ABORT, QUERY.
 */
enum hive_dsm_msg_type {
	HIVE_DSM_REQ = 1,	/* @access: what a fault needs */
	HIVE_DSM_INV,		/* unmap your copy and keep it until COMMIT/ABORT */
	HIVE_DSM_INV_ACK,	/* unmapped */
	HIVE_DSM_FETCH,		/* send your data to @node; @access WRITE: and
				 * keep it unmapped until COMMIT/ABORT,
				 * READ: and keep it read-only */
	HIVE_DSM_DATA,		/* the page's data; installed read-only */
	HIVE_DSM_DONE,		/* DATA installed */
	HIVE_DSM_GRANT,		/* map with @access; @zero: a zero-filled page */
	HIVE_DSM_FAIL,		/* the fault fails with @status */
	HIVE_DSM_COMMIT,	/* drop the copy kept since INV or FETCH */
	HIVE_DSM_ABORT,		/* map the copy kept since INV or FETCH again */
	HIVE_DSM_QUERY,		/* @node died: has its DATA arrived? Answer DONE
				 * (already sent) or, once @node's departure is
				 * processed here, NODATA */
	HIVE_DSM_NODATA,	/* no DATA came, and none can come any more */
	__HIVE_DSM_MSG_COUNT,
};

/**
 * struct hive_dsm_msg - one message of the protocol, about one page
 * @type: an enum hive_dsm_msg_type value
 * @from: sender's node id (filled in by the functions for what they send)
 * @to: receiver's node id
 * @txn: the manager's transaction number for the page (0 in REQ)
 * @access: REQ, FETCH, GRANT: an enum hive_dsm_access value
 * @zero: GRANT: a page nobody held, zero-filled
 * @node: FETCH: the node the DATA goes to; QUERY: the node that died
 * @status: FAIL: -errno
 */
struct hive_dsm_msg {
	uint16_t type;
	uint16_t from;
	uint16_t to;
	uint32_t txn;
	uint8_t access;
	uint8_t zero;
	uint16_t node;
	int32_t status;
};

/**
 * struct hive_dsm_out - messages an event asks the caller to send
 * @count: how many, in order
 * @msg: them
 */
struct hive_dsm_out {
	uint32_t count;
	struct hive_dsm_msg msg[HIVE_DSM_OUT_MAX];
};

/**
 * struct hive_dsm_dir - the manager's directory entry of one page
 * @owner: the node holding the page's data; 0 while nobody ever held it
 * @lost: the only holders of the page left the view; faults on it fail
 * @max_replicas: 1..HIVE_DSM_REPLICAS_MAX, set by hive_dsm_dir_init()
 * @nreplicas: entries of @replicas in use, oldest first
 * @replicas: nodes other than @owner with a read-only copy
 * @txn: the current or last transaction's number (never 0 once used)
 * @busy: a transaction is under way; requests wait until it ends
 * @requester: its requesting node
 * @access: what the requester asked for
 * @source: the node fetched from (0: none); its DATA goes to @requester
 * @fetched: @requester reported the DATA installed (DONE)
 * @queried: @source died before DONE; QUERY sent to @requester
 * @ntargets: entries of @targets in use
 * @targets: nodes sent INV (and @source) in this transaction: each keeps
 *	its copy unmapped until COMMIT or ABORT
 * @acked: bit i set once @targets[i] acknowledged its INV or died
 *
 * Manager-side state only; a node's own mappings are in struct
 * hive_dsm_page.  Written by the functions below only.
 */
struct hive_dsm_dir {
	uint16_t owner;
	uint8_t lost;
	uint8_t max_replicas;
	uint8_t nreplicas;
	uint16_t replicas[HIVE_DSM_REPLICAS_MAX];
	uint32_t txn;
	uint8_t busy;
	uint16_t requester;
	uint8_t access;
	uint16_t source;
	uint8_t fetched;
	uint8_t queried;
	uint8_t ntargets;
	uint16_t targets[HIVE_DSM_REPLICAS_MAX + 1];
	uint16_t acked;
};

/* A node's state of one page, as its mapping stands. */
enum hive_dsm_state {
	HIVE_DSM_NONE = 0,	/* no copy */
	HIVE_DSM_RO,		/* a copy mapped read-only */
	HIVE_DSM_RW,		/* the only copy, mapped writable */
	HIVE_DSM_KEPT,		/* unmapped, kept until COMMIT or ABORT */
};

/**
 * struct hive_dsm_page - one node's state of one page
 * @state: an enum hive_dsm_state value
 * @kept_from: KEPT: the state ABORT returns to (RO or RW)
 * @kept_txn: the transaction that made the copy KEPT, until its COMMIT or
 *	ABORT arrives: a DATA of a later one can overtake its COMMIT (they
 *	come from different nodes) and ends the copy first
 * @want: the access a fault waits for (a REQ is out), or 0
 * @installed: the transaction whose DATA this node installed last
 * @query_txn: a QUERY waiting for the departure of @query_node, or 0
 * @query_node: the node that QUERY names
 */
struct hive_dsm_page {
	uint8_t state;
	uint8_t kept_from;
	uint8_t want;
	uint32_t kept_txn;
	uint32_t installed;
	uint32_t query_txn;
	uint16_t query_node;
};

/**
 * hive_dsm_dir_init() - a directory entry of a page nobody holds yet
 * @dir: the entry
 * @max_replicas: read-only copies to keep before the oldest is evicted,
 *	1..HIVE_DSM_REPLICAS_MAX
 *
 * Return: 0, or -EINVAL for @max_replicas out of range.
 */
int hive_dsm_dir_init(struct hive_dsm_dir *dir, uint32_t max_replicas);

/**
 * hive_dsm_dir_request() - a REQ reached the manager
 * @dir: the page's entry
 * @self: the manager's node id
 * @from: the requesting node
 * @access: what it asked for
 * @out: messages to send (reset first)
 *
 * Return: 0 (the request is under way or answered); -EBUSY when a
 * transaction is under way: the caller keeps the request and offers it
 * again once hive_dsm_dir_idle(); -EINVAL for a bad @access or node id.
 */
int hive_dsm_dir_request(struct hive_dsm_dir *dir, uint16_t self,
			 uint16_t from, uint32_t access,
			 struct hive_dsm_out *out);

/**
 * hive_dsm_dir_receive() - an INV_ACK, DONE or NODATA reached the manager
 * @dir: the page's entry
 * @self: the manager's node id
 * @msg: the message
 * @out: messages to send (reset first)
 *
 * Return: 0; -ESTALE for a message of another transaction or a sender with
 * no part in this one (ignored); -EPROTO for a type the manager never
 * receives.
 */
int hive_dsm_dir_receive(struct hive_dsm_dir *dir, uint16_t self,
			 const struct hive_dsm_msg *msg,
			 struct hive_dsm_out *out);

/**
 * hive_dsm_dir_node_down() - @node left the view, as the manager learns it
 * @dir: the page's entry
 * @self: the manager's node id
 * @node: the node
 * @out: messages to send (reset first)
 *
 * The caller drops @node's waiting requests itself, and from now on no
 * message of @node's reaches this function.  The manager's own departure
 * is not an event here: its directory goes with it (Documentation/dsm.rst,
 * "Failures").
 *
 * Return: 0.
 */
int hive_dsm_dir_node_down(struct hive_dsm_dir *dir, uint16_t self,
			   uint16_t node, struct hive_dsm_out *out);

/**
 * hive_dsm_dir_idle() - may the entry take a request?
 * @dir: the page's entry
 *
 * Return: 1 when no transaction is under way, else 0.
 */
int hive_dsm_dir_idle(const struct hive_dsm_dir *dir);

/**
 * hive_dsm_page_fault() - a fault on the page on this node
 * @page: this node's state of it
 * @self: this node's id
 * @manager: the page's manager
 * @access: what the fault needs
 * @out: messages to send (reset first)
 *
 * Return: 0 when the state already allows @access (map it); -EINPROGRESS
 * when a REQ is out (one sent now, or earlier for this or another fault):
 * wait until the state allows @access or a FAIL ends the wait; -EINVAL for
 * a bad @access.
 */
int hive_dsm_page_fault(struct hive_dsm_page *page, uint16_t self,
			uint16_t manager, uint32_t access,
			struct hive_dsm_out *out);

/**
 * hive_dsm_page_receive() - a message about the page reached this node
 * @page: this node's state of it
 * @self: this node's id
 * @manager: the page's manager
 * @msg: the message (INV, FETCH, DATA, GRANT, FAIL, COMMIT, ABORT, QUERY)
 * @node_gone: QUERY only: @msg->node's departure is processed here already
 * @out: messages to send (reset first)
 *
 * Return: 0; for FAIL, the failure's -errno (waiting faults fail with
 * it); -EPROTO when the message does not fit the state (a FETCH or INV
 * without a copy, a COMMIT or ABORT with nothing kept), which a correct
 * manager never sends: the page's state is left as it was.
 */
int hive_dsm_page_receive(struct hive_dsm_page *page, uint16_t self,
			  uint16_t manager, const struct hive_dsm_msg *msg,
			  int node_gone, struct hive_dsm_out *out);

/**
 * hive_dsm_page_node_down() - @node left the view, as this node learns it
 * @page: this node's state of the page
 * @self: this node's id
 * @manager: the page's manager
 * @node: the node
 * @out: messages to send (reset first)
 *
 * Answers a QUERY that waited for @node's departure.  From now on no
 * message of @node's reaches this page.
 *
 * Return: 0.
 */
int hive_dsm_page_node_down(struct hive_dsm_page *page, uint16_t self,
			    uint16_t manager, uint16_t node,
			    struct hive_dsm_out *out);

/*
 * A page's name on every node: the distributed address space it belongs
 * to, the region (an anonymous VMA, or a file mapping) within it, and its
 * linear index in the region, which mremap() keeps (Documentation/dsm.rst,
 * "Naming a page").
 */
#define HIVE_DSM_INDEX_LIMIT	(1ull << 52)

/**
 * struct hive_dsm_page_id - which page a message is about
 * @space: the distributed address space, never 0; minted by its manager
 * @region: the region within @space, never 0
 * @index: the page's linear index in @region, below HIVE_DSM_INDEX_LIMIT
 */
struct hive_dsm_page_id {
	uint64_t space;
	uint32_t region;
	uint64_t index;
};

/**
 * struct hive_dsm_wire - one protocol message as it travels between nodes
 * @page: the page it is about
 * @msg: the message; a DATA carries the page's bytes beside it, as the
 *	frame's one page (Documentation/transport.rst, "Pages")
 */
struct hive_dsm_wire {
	struct hive_dsm_page_id page;
	struct hive_dsm_msg msg;
};

#define HIVE_DSM_WIRE_LEN	40u

/*
 * The message codec.  Encoders return the bytes written, -EINVAL for a
 * message the decoder would refuse or -ENOSPC, and write nothing on
 * failure; decoders return the bytes read, -EAGAIN for a short buffer or
 * -EBADMSG, and write their output on success only.  A message is
 * refused unless: @page has a space and a region and an index below
 * HIVE_DSM_INDEX_LIMIT; the type is known; @from and @to are node ids
 * (equal for a node's message to itself); @txn is 0 in a REQ and in no
 * other type; @access is READ or WRITE in REQ, FETCH and GRANT and 0
 * elsewhere; @zero is 0 but in a GRANT of WRITE, where it may be 1;
 * @node is a node id in FETCH and QUERY and 0 elsewhere; @status is in
 * [-4095, -1] in FAIL and 0 elsewhere; the reserved field is 0.  On the
 * wire, big-endian:
 *   space u64 index u64 region u32 txn u32 type u16 from u16 to u16 node u16
 *   status s32 access u8 zero u8 reserved u16
 */
int hive_dsm_wire_encode(const struct hive_dsm_wire *m, uint8_t *buf,
			 size_t len);
int hive_dsm_wire_decode(const uint8_t *buf, size_t len,
			 struct hive_dsm_wire *m);

#ifdef __cplusplus
}
#endif

#endif /* HIVE_CORE_DSM_H */
