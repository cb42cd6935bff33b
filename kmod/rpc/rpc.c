// SPDX-License-Identifier: GPL-2.0
/*
 * Calls, replies and one-way messages over the transport.  A call waits,
 * killable and bounded by its timeout, for the REPLY with its id; when the
 * peer leaves the view or restarts, every call waiting on it fails at once
 * with -EHOSTDOWN.  Documentation/rpc.rst.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/completion.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/xarray.h>
#include "transport/transport.h"
#include "rpc.h"

/*
 * Handlers by operation and where each runs.  Written only at module
 * init, before the transport starts, and at exit, after it stopped; read
 * without locking.
 */
static struct {
	hive_rpc_handler_t handler;
	enum hive_rpc_context context;
} hive_rpc_ops[__HIVE_RPC_OP_COUNT];

/* Runs HIVE_RPC_WORKER handlers; may serve the reclaim path (page faults). */
static struct workqueue_struct *hive_rpc_wq;

/**
 * struct hive_rpc_peer - RPC's state for one peer (hive_peer_user())
 * @calls: calls waiting for a REPLY, by call id; the xarray's own lock
 *	also guards @closed
 * @closed: set once the peer is gone; no call may wait any more
 * @next_call: cyclic call id allocator state
 * @serving: the peer's worker requests running or not yet answered
 */
struct hive_rpc_peer {
	struct xarray calls;
	bool closed;
	u32 next_call;
	atomic_t serving;
};

static struct hive_rpc_peer *hive_rpc_peer(struct hive_peer *peer)
{
	return hive_peer_user(peer);
}

static void hive_rpc_peer_init(struct hive_peer *peer)
{
	xa_init_flags(&hive_rpc_peer(peer)->calls, XA_FLAGS_ALLOC1);
}

static void hive_rpc_peer_release(struct hive_peer *peer)
{
	xa_destroy(&hive_rpc_peer(peer)->calls);
}

/**
 * struct hive_rpc_request - a message for a HIVE_RPC_WORKER handler
 * @work: runs the handler on hive_rpc_wq
 * @reply: its answer; @reply.peer holds a reference to the sender's peer
 *	until the request is freed (answered, or the CAST handled)
 * @cast: a CAST, which gets no answer
 * @msg: the message; @msg.data points at @data, @msg.pages at @pages
 * @pages: the message's pages, each with a reference of the request's
 * @data: the body, copied out of the connection's receive buffer
 */
struct hive_rpc_request {
	struct work_struct work;
	struct hive_rpc_reply reply;
	bool cast;
	struct hive_rpc_msg msg;
	struct bio_vec *pages;
	u8 data[];
};

/**
 * struct hive_rpc_wait - a call waiting for its reply
 * @done: completed by the reply or by the peer going away
 * @status: the call's result
 * @buf: where the reply's body goes
 * @max: its size
 * @len: body bytes received
 * @pages: where references to the reply's pages go (@pages->nr set to
 *	how many once they are there), or NULL for none
 * @pages_max: room in @pages
 */
struct hive_rpc_wait {
	struct completion done;
	int status;
	void *buf;
	u32 max;
	u32 len;
	struct hive_rpc_pages *pages;
	u32 pages_max;
};

/**
 * hive_rpc_register() - serve an operation
 * @op: an enum hive_rpc_op value
 * @handler: its handler
 * @context: where it runs
 *
 * Context: module init, before the transport starts.
 * Return: 0, -EINVAL for an unknown @op, -EBUSY if it has a handler.
 */
int hive_rpc_register(u16 op, hive_rpc_handler_t handler,
		      enum hive_rpc_context context)
{
	if (!op || op >= __HIVE_RPC_OP_COUNT)
		return -EINVAL;
	if (hive_rpc_ops[op].handler)
		return -EBUSY;
	hive_rpc_ops[op].handler = handler;
	hive_rpc_ops[op].context = context;
	return 0;
}

/**
 * hive_rpc_unregister() - stop serving an operation
 * @op: an operation registered before
 *
 * Context: module exit, after the transport stopped.
 */
void hive_rpc_unregister(u16 op)
{
	if (op && op < __HIVE_RPC_OP_COUNT)
		hive_rpc_ops[op].handler = NULL;
}

/*
 * A CALL, REPLY or CAST frame with room for @len body bytes and carrying
 * @pages (NULL: none).
 */
static struct hive_frame *hive_rpc_frame(u32 len,
					 const struct hive_rpc_pages *pages)
{
	u32 i, nr = pages ? pages->nr : 0;
	struct hive_frame *frame;

	if (len > HIVE_RPC_BODY_MAX)
		return NULL;
	frame = hive_frame_alloc(HIVE_WIRE_RPC_LEN + len, nr);
	for (i = 0; frame && i < nr; i++)
		hive_frame_set_page(frame, i, pages->page[i]);
	return frame;
}

static void hive_rpc_encode(struct hive_frame *frame, u64 id, u16 op,
			    int status)
{
	struct hive_wire_rpc rpc = { .id = id, .op = op, .status = status };

	hive_wire_rpc_encode(&rpc, hive_frame_payload(frame), HIVE_WIRE_RPC_LEN);
}

/**
 * hive_rpc_reply_alloc_pages() - room for a reply's body, and its pages
 * @reply: the handler's @reply
 * @len: body length, at most HIVE_RPC_BODY_MAX
 * @pages: pages the reply carries after its body, NULL for none; the
 *	reply takes references of its own, and the pages' bytes must not
 *	change while it may be sent
 *
 * Context: process.
 * Return: where to write @len bytes, or NULL (the handler then returns
 * -ENOMEM).
 */
void *hive_rpc_reply_alloc_pages(struct hive_rpc_reply *reply, u32 len,
				 const struct hive_rpc_pages *pages)
{
	hive_frame_put(reply->frame);
	reply->frame = hive_rpc_frame(len, pages);
	reply->len = reply->frame ? len : 0;
	return reply->frame ? hive_frame_payload(reply->frame) +
			      HIVE_WIRE_RPC_LEN : NULL;
}

/*
 * The lane of an operation's calls, casts and replies: urgent for the
 * short calls a thread waits on, bulk for the rest.  Messages of one lane
 * keep their order; the exec operations share the bulk lane, so a
 * session's chunks, windows and close stay in order.
 */
static enum hive_lane hive_rpc_lane(u16 op)
{
	switch (op) {
	case HIVE_RPC_OP_ECHO:
	case HIVE_RPC_OP_ECHO_HELD:
	case HIVE_RPC_OP_KILL:
	case HIVE_RPC_OP_MIGRATE_FAULT:
		return HIVE_LANE_URGENT;
	default:
		return HIVE_LANE_BULK;
	}
}

/*
 * Queue @frame on @op's lane; waits for queue space unless @timeout is 0.
 * Sent @here (hive_peer_send()) by callers that may wait and by workers'
 * replies; a reply from the receive path leaves it to the send work.
 */
static int hive_rpc_send(struct hive_peer *peer, u16 type, u64 id, u16 op,
			 int status, struct hive_frame *frame, long timeout, bool here)
{
	hive_rpc_encode(frame, id, op, status);
	return hive_peer_send(peer, type, hive_rpc_lane(op), frame, timeout, here);
}

static void hive_rpc_request_free(struct hive_rpc_request *req)
{
	struct hive_peer *peer = req->reply.peer;
	u32 i;

	for (i = 0; i < req->msg.nr_pages; i++)
		put_page(req->pages[i].bv_page);
	atomic_dec(&hive_rpc_peer(peer)->serving);
	atomic_dec(&hive_rpc_running);
	hive_peer_put(peer);
	kvfree(req);
}

/**
 * hive_rpc_answer() - send the answer to a call
 * @reply: the handler's @reply, filled or not by hive_rpc_reply_alloc()
 * @status: the caller's result, 0 or -errno; anything else is -EIO, and
 *	an error sends no body
 *
 * A worker handler that returned HIVE_RPC_LATER calls this exactly once,
 * however the call ends; @reply is gone afterwards.  An answer the
 * transport will not queue (the caller's node left, or lets replies pile
 * up beyond its reserve) is counted as an error of that peer: its caller
 * times out or has failed already.
 *
 * Context: process; may sleep in an allocation, never on the peer.
 */
void hive_rpc_answer(struct hive_rpc_reply *reply, int status)
{
	struct hive_peer *peer = reply->peer;
	struct hive_frame *frame = reply->frame;

	if (status > 0 || status < -MAX_ERRNO)
		status = -EIO;
	if (status && frame) {
		hive_frame_put(frame);
		frame = NULL;
	}
	if (!frame)
		frame = hive_rpc_frame(0, NULL);
	reply->frame = NULL;
	if (!frame ||
	    hive_rpc_send(peer, HIVE_WIRE_REPLY, reply->id, reply->op, status,
			  frame, 0, reply->request))
		hive_peer_count_error(peer);
	if (reply->request)
		hive_rpc_request_free(container_of(reply,
						   struct hive_rpc_request,
						   reply));
}

static void hive_rpc_work(struct work_struct *work)
{
	struct hive_rpc_request *req =
		container_of(work, struct hive_rpc_request, work);
	hive_rpc_handler_t handler = hive_rpc_ops[req->msg.op].handler;
	int status;

	status = handler(&req->msg, req->cast ? NULL : &req->reply);
	if (req->cast) {
		if (status)
			hive_peer_count_error(req->reply.peer);
		hive_rpc_request_free(req);
	} else if (status != HIVE_RPC_LATER) {
		hive_rpc_answer(&req->reply, status);
	}
}

/*
 * A CALL or CAST for a worker handler: copy it into a request and queue
 * it, or refuse it when the peer has HIVE_RPC_WORKER_MAX outstanding.
 */
static int hive_rpc_queue(struct hive_peer *peer, bool cast,
			  const struct hive_rpc_reply *reply,
			  const struct hive_rpc_msg *msg)
{
	struct hive_rpc_peer *rp = hive_rpc_peer(peer);
	struct hive_rpc_request *req;
	size_t pages_at;
	u32 i;

	if (atomic_inc_return(&rp->serving) > HIVE_RPC_WORKER_MAX) {
		atomic_dec(&rp->serving);
		atomic64_inc(&hive_rpc_refused_busy);
		return -EBUSY;
	}
	pages_at = ALIGN(struct_size(req, data, msg->len),
			 __alignof__(struct bio_vec));
	req = kvmalloc(pages_at + msg->nr_pages * sizeof(*req->pages),
		       GFP_KERNEL);
	if (!req) {
		atomic_dec(&rp->serving);
		return -ENOMEM;
	}
	INIT_WORK(&req->work, hive_rpc_work);
	req->reply = *reply;
	req->reply.request = true;
	hive_peer_hold(peer);
	req->cast = cast;
	req->msg = *msg;
	req->msg.data = req->data;
	memcpy(req->data, msg->data, msg->len);
	req->pages = (struct bio_vec *)((u8 *)req + pages_at);
	req->msg.pages = req->pages;
	for (i = 0; i < msg->nr_pages; i++) {
		req->pages[i] = msg->pages[i];
		get_page(req->pages[i].bv_page);
	}
	atomic_inc(&hive_rpc_running);
	queue_work(hive_rpc_wq, &req->work);
	return 0;
}

/* A CALL or CAST arrived: run its handler here or queue it for a worker. */
static void hive_rpc_serve(struct hive_peer *peer, u16 type,
			   const struct hive_wire_rpc *rpc,
			   const struct hive_rpc_msg *msg)
{
	struct hive_rpc_reply reply = {
		.peer = peer, .id = rpc->id, .op = rpc->op,
	};
	bool cast = type == HIVE_WIRE_CAST;
	int status;

	if (!rpc->op || rpc->op >= __HIVE_RPC_OP_COUNT ||
	    !hive_rpc_ops[rpc->op].handler) {
		status = -EOPNOTSUPP;
	} else if (hive_rpc_ops[rpc->op].context == HIVE_RPC_WORKER) {
		status = hive_rpc_queue(peer, cast, &reply, msg);
		if (!status)
			return;
	} else {
		status = hive_rpc_ops[rpc->op].handler(msg,
						       cast ? NULL : &reply);
	}
	if (!cast)
		hive_rpc_answer(&reply, status);
	else if (status)
		hive_peer_count_error(peer);
}

/* A REPLY arrived: hand it to the call waiting for it, if any still is. */
static void hive_rpc_complete(struct hive_peer *peer,
			      const struct hive_wire_rpc *rpc,
			      const struct hive_rpc_msg *msg)
{
	struct hive_rpc_wait *wait;
	u32 i;

	if (!rpc->id || rpc->id > U32_MAX)
		return;
	wait = xa_erase(&hive_rpc_peer(peer)->calls, rpc->id);
	if (!wait) {
		/* The caller timed out or was killed. */
		atomic64_inc(&hive_rpc_late_replies);
		return;
	}
	wait->status = rpc->status;
	if (!wait->status &&
	    (msg->len > wait->max || msg->nr_pages > wait->pages_max))
		wait->status = -EMSGSIZE;
	if (!wait->status) {
		memcpy(wait->buf, msg->data, msg->len);
		wait->len = msg->len;
		for (i = 0; i < msg->nr_pages; i++) {
			wait->pages->page[i] = msg->pages[i].bv_page;
			get_page(wait->pages->page[i]);
		}
		if (wait->pages)
			wait->pages->nr = msg->nr_pages;
	}
	complete(&wait->done);
}

static void hive_rpc_deliver(struct hive_peer *peer,
			     const struct hive_wire_header *h,
			     const u8 *payload, const struct bio_vec *pages)
{
	u32 len = hive_wire_inline_len(h);
	struct hive_wire_rpc rpc;
	struct hive_rpc_msg msg;

	if (hive_wire_rpc_decode(payload, len, &rpc) < 0) {
		hive_peer_count_error(peer);
		return;
	}
	msg = (struct hive_rpc_msg){
		.node = hive_peer_id(peer),
		.op = rpc.op,
		.data = payload + HIVE_WIRE_RPC_LEN,
		.len = len - HIVE_WIRE_RPC_LEN,
		.pages = pages,
		.nr_pages = h->pages,
	};
	if (h->type == HIVE_WIRE_REPLY)
		hive_rpc_complete(peer, &rpc, &msg);
	else
		hive_rpc_serve(peer, h->type, &rpc, &msg);
}

/*
 * Fail every call waiting on @peer; when @closed (the peer is gone), all
 * later ones too.
 */
static void hive_rpc_fail(struct hive_peer *peer, int err, bool closed)
{
	struct hive_rpc_peer *rp = hive_rpc_peer(peer);
	struct hive_rpc_wait *wait;
	unsigned long id;

	xa_lock(&rp->calls);
	rp->closed |= closed;
	xa_for_each(&rp->calls, id, wait) {
		__xa_erase(&rp->calls, id);
		wait->status = err;
		complete(&wait->done);
	}
	xa_unlock(&rp->calls);
}

static const struct hive_transport_user hive_rpc_transport_user = {
	.peer_size = sizeof(struct hive_rpc_peer),
	.peer_init = hive_rpc_peer_init,
	.peer_release = hive_rpc_peer_release,
	.deliver = hive_rpc_deliver,
	.fail = hive_rpc_fail,
};

/* Register @wait under a fresh call id.  Return: the id, or -errno. */
static s64 hive_rpc_wait_add(struct hive_peer *peer, struct hive_rpc_wait *wait)
{
	struct hive_rpc_peer *rp = hive_rpc_peer(peer);
	u32 id;
	int err;

	xa_lock(&rp->calls);
	err = rp->closed ? -EHOSTDOWN :
	      __xa_alloc_cyclic(&rp->calls, &id, wait, xa_limit_32b,
				&rp->next_call, GFP_KERNEL);
	/* The allocation may have dropped the lock: look again. */
	if (err >= 0 && rp->closed) {
		__xa_erase(&rp->calls, id);
		err = -EHOSTDOWN;
	}
	xa_unlock(&rp->calls);
	return err < 0 ? err : id;
}

/*
 * The peer of @node and a frame holding @body and @pages, for a CALL or
 * CAST.  Return: 0, or -EMSGSIZE, -ENOMEM or hive_peer_get()'s error.
 */
static int hive_rpc_prepare(u32 node, const void *body, u32 len,
			    const struct hive_rpc_pages *pages,
			    struct hive_peer **peerp, struct hive_frame **framep)
{
	struct hive_frame *frame;
	struct hive_peer *peer;
	int err;

	if (len > HIVE_RPC_BODY_MAX ||
	    (pages && pages->nr > HIVE_WIRE_PAGES_MAX))
		return -EMSGSIZE;
	peer = hive_peer_get(node, &err);
	if (!peer)
		return err;
	frame = hive_rpc_frame(len, pages);
	if (!frame) {
		hive_peer_put(peer);
		return -ENOMEM;
	}
	memcpy(hive_frame_payload(frame) + HIVE_WIRE_RPC_LEN, body, len);
	*peerp = peer;
	*framep = frame;
	return 0;
}

/**
 * hive_rpc_call_pages() - call @op on @node and wait for the reply
 * @node: the node
 * @op: an enum hive_rpc_op value
 * @req: request body
 * @len: its length, at most HIVE_RPC_BODY_MAX
 * @req_pages: pages the request carries after its body, or NULL
 * @reply: where the reply's body goes
 * @reply_max: its size
 * @reply_len: set to the reply's length on success
 * @reply_pages: room for the reply's pages (NULL: none); on success
 *	@reply_pages->nr says how many came, each with a reference the
 *	caller puts; 0 on failure
 * @timeout: jiffies to wait in all, for queue space and the reply
 *
 * A page of the reply is one the receiving connection filled, never one
 * of the caller's: a call that failed wrote nowhere.
 *
 * Context: process, sleeps (killable).
 * Return: the handler's result (0 or -errno), or -ENOTCONN without a
 * quorate view, -EHOSTDOWN when @node is not in the view or leaves it
 * (also while the call waits), -EINVAL for the local node, -EMSGSIZE for
 * a body or pages too large either way, -ETIMEDOUT, -EINTR, -ENOMEM.
 */
int hive_rpc_call_pages(u32 node, u16 op, const void *req, u32 len,
			const struct hive_rpc_pages *req_pages, void *reply,
			u32 reply_max, u32 *reply_len,
			struct hive_rpc_pages *reply_pages, long timeout)
{
	struct hive_rpc_wait wait = {
		.buf = reply, .max = reply_max, .pages = reply_pages,
		.pages_max = reply_pages ? reply_pages->nr : 0,
	};
	unsigned long deadline = jiffies + timeout;
	struct hive_frame *frame;
	struct hive_peer *peer;
	long left = 0, rest;
	s64 id;
	int err;

	if (reply_pages)
		reply_pages->nr = 0;
	err = hive_rpc_prepare(node, req, len, req_pages, &peer, &frame);
	if (err)
		return err;
	init_completion(&wait.done);
	id = hive_rpc_wait_add(peer, &wait);
	if (id < 0) {
		hive_frame_put(frame);
		err = id;
		goto out;
	}
	err = hive_rpc_send(peer, HIVE_WIRE_CALL, id, op, 0, frame, timeout, timeout);
	/* Waiting for queue space and for the reply share one timeout. */
	rest = (long)(deadline - jiffies);
	if (!err && rest > 0)
		left = wait_for_completion_killable_timeout(&wait.done, rest);
	if (left <= 0) {
		if (xa_erase(&hive_rpc_peer(peer)->calls, id) == &wait) {
			if (!err)
				err = left ? -EINTR : -ETIMEDOUT;
			goto out;
		}
		/* A reply or the peer's departure got there first. */
		wait_for_completion(&wait.done);
	}
	err = wait.status;
	if (!err)
		*reply_len = wait.len;
out:
	if (err)
		hive_peer_count_error(peer);
	hive_peer_put(peer);
	return err;
}

/**
 * hive_rpc_cast_pages() - send a one-way message to @op on @node
 * @node: the node
 * @op: an enum hive_rpc_op value
 * @msg: body
 * @len: its length, at most HIVE_RPC_BODY_MAX
 * @pages: pages the message carries after its body, or NULL
 * @timeout: jiffies to wait for queue space
 *
 * Delivered exactly once, unless @node leaves the view first, and in
 * order with the calls and casts to @node on the same lane (the bulk lane
 * but for the operations hive_rpc_lane() names).
 *
 * Context: process, may sleep (killable).
 * Return: 0 once queued; -ENOTCONN, -EHOSTDOWN, -EINVAL, -EMSGSIZE,
 * -ETIMEDOUT, -EINTR or -ENOMEM as for hive_rpc_call_pages().
 */
int hive_rpc_cast_pages(u32 node, u16 op, const void *msg, u32 len,
			const struct hive_rpc_pages *pages, long timeout)
{
	struct hive_frame *frame;
	struct hive_peer *peer;
	int err;

	err = hive_rpc_prepare(node, msg, len, pages, &peer, &frame);
	if (err)
		return err;
	err = hive_rpc_send(peer, HIVE_WIRE_CAST, 0, op, 0, frame, timeout, timeout);
	hive_peer_put(peer);
	return err;
}

/**
 * hive_rpc_init() - start the transport with RPC on top
 *
 * Handlers must be registered before this.
 *
 * Context: process (module init).
 * Return: 0 or the transport's error.
 */
int hive_rpc_init(void)
{
	int err;

	hive_rpc_wq = alloc_workqueue("hive_rpc", WQ_UNBOUND | WQ_MEM_RECLAIM,
				      0);
	if (!hive_rpc_wq)
		return -ENOMEM;
	err = hive_rpc_sysfs_init();
	if (err)
		goto out_wq;
	err = hive_transport_init(&hive_rpc_transport_user);
	if (err)
		goto out_sysfs;
	return 0;

out_sysfs:
	hive_rpc_sysfs_exit();
out_wq:
	destroy_workqueue(hive_rpc_wq);
	return err;
}

/**
 * hive_rpc_exit() - stop the transport; every waiting call has failed
 *
 * Worker handlers have returned when this does.  Replies they keep
 * (HIVE_RPC_LATER) are their owners' to answer at their own exit; the
 * answer then goes nowhere, as to a node that left.
 *
 * Context: process (module exit).
 */
void hive_rpc_exit(void)
{
	hive_transport_exit();
	destroy_workqueue(hive_rpc_wq);
	hive_rpc_sysfs_exit();
}
