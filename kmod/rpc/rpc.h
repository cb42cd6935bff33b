/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hive's RPC layer: requests with replies, one-way messages, and handlers
 * registered per operation by the subsystems that serve them.
 * Documentation/rpc.rst.
 */
#ifndef HIVE_RPC_H
#define HIVE_RPC_H

#include <linux/atomic.h>
#include <linux/bvec.h>
#include <linux/types.h>
#include "hive/core.h"

/* Operations: the handler a CALL or CAST is for.  Part of the wire ABI. */
enum hive_rpc_op {
	HIVE_RPC_OP_ECHO = 1,	/* reply with the request's bytes */
	HIVE_RPC_OP_SINK,	/* accept and drop (one-way throughput) */
	HIVE_RPC_OP_PROC_LIST,	/* list the node's domain processes */
	HIVE_RPC_OP_KILL,	/* kill(2) for a sender on another node */
	HIVE_RPC_OP_EXEC_START,	/* start an exec helper for a session */
	HIVE_RPC_OP_EXEC_DATA,	/* one chunk for the other end of a session */
	HIVE_RPC_OP_EXEC_WINDOW, /* the sender's queue has room again */
	HIVE_RPC_OP_EXEC_CLOSE,	/* the sender's end of a session is gone */
	HIVE_RPC_OP_EXEC_LOAD,	/* how busy is the node, for --node auto */
	HIVE_RPC_OP_ECHO_HELD,	/* ECHO answered after a delay (tests) */
	HIVE_RPC_OP_MIGRATE_CHECK, /* check a process for another node's caller */
	HIVE_RPC_OP_MIGRATE_RECORD, /* one record of a migration stream, to its target */
	HIVE_RPC_OP_MIGRATE_PAGES, /* a moving process's pages, from its source */
	HIVE_RPC_OP_MIGRATE_EXIT, /* how a moved process ended, to its deputy */
	HIVE_RPC_OP_MIGRATE_ABORT, /* the source gives a migration up */
	HIVE_RPC_OP_MIGRATE_SIGNAL, /* a signal for a moved process, from its deputy */
	HIVE_RPC_OP_MIGRATE_FORWARD, /* an operation on a descriptor its source serves */
	HIVE_RPC_OP_MIGRATE_MOVED, /* a moved process moves on, to its deputy */
	HIVE_RPC_OP_MIGRATE_MOVE, /* move a process for another node's caller */
	HIVE_RPC_OP_MIGRATE_FAULT, /* MIGRATE_PAGES for a fault, on the urgent lane */
	HIVE_RPC_OP_MIGRATE_PULLED, /* a moved process needs its source's copy no more */
	__HIVE_RPC_OP_COUNT,
};

/*
 * Largest request, reply or one-way message body; each may carry up to
 * HIVE_WIRE_PAGES_MAX whole pages beside it.
 */
#define HIVE_RPC_BODY_MAX	(HIVE_WIRE_PAYLOAD_MAX - HIVE_WIRE_RPC_LEN)

/**
 * struct hive_rpc_pages - whole pages a message carries after its body
 * @page: the pages; a sender keeps its references and must not change
 *	the pages' bytes until the call returned (a cast: ever, as far as
 *	this message goes); a caller receiving a reply's pages gets a
 *	reference to each and puts it
 * @nr: how many: at most HIVE_WIRE_PAGES_MAX; for a reply's pages, set by
 *	the caller to the room in @page and by the call to what came
 */
struct hive_rpc_pages {
	struct page **page;
	u32 nr;
};

/**
 * struct hive_rpc_msg - a request or one-way message being handled
 * @node: the sender's node id
 * @op: its operation
 * @data: its body; valid until the handler returns
 * @len: body length
 * @pages: the pages after the body, received into pages of this node's;
 *	valid until the handler returns (it takes a reference to keep one)
 * @nr_pages: how many
 */
struct hive_rpc_msg {
	u32 node;
	u16 op;
	const u8 *data;
	u32 len;
	const struct bio_vec *pages;
	u32 nr_pages;
};

/**
 * struct hive_rpc_reply - the answer to one CALL, being built
 * @peer: the caller's peer
 * @id: the call's id
 * @op: its operation
 * @frame: the REPLY frame once hive_rpc_reply_alloc() made one
 * @len: its body length
 * @request: inside a worker request (HIVE_RPC_WORKER), which it frees
 *
 * Opaque to handlers: they fill it with hive_rpc_reply_alloc() and, when
 * they answer later, hand it to hive_rpc_answer().
 */
struct hive_rpc_reply {
	struct hive_peer *peer;
	u64 id;
	u16 op;
	struct hive_frame *frame;
	u32 len;
	bool request;
};

/*
 * A handler serves one CALL (@reply non-NULL) or CAST (@reply NULL).  It
 * returns the caller's result, 0 or -errno, or, a worker handler serving a
 * call, HIVE_RPC_LATER: it keeps @reply and answers it with
 * hive_rpc_answer() later, from any process context.
 */
typedef int (*hive_rpc_handler_t)(const struct hive_rpc_msg *msg,
				  struct hive_rpc_reply *reply);

#define HIVE_RPC_LATER	1

/**
 * enum hive_rpc_context - where an operation's handler runs
 * @HIVE_RPC_ORDERED: in the sender's receive work, one message at a time
 *	per sender, in the order sent.  It may sleep briefly but never waits
 *	on another node or on anything a remote call can hold, and delays
 *	the sender's next frame while it runs.
 * @HIVE_RPC_WORKER: on hive's RPC workqueue, several at once and in any
 *	order; it may sleep, take mmap_lock, call another node and answer
 *	later (HIVE_RPC_LATER).  Each peer has at most HIVE_RPC_WORKER_MAX
 *	of them running or unanswered; beyond that a CALL is answered
 *	-EBUSY at once and a CAST dropped, both counted in
 *	/sys/kernel/hive/rpc/refused_busy.
 */
enum hive_rpc_context {
	HIVE_RPC_ORDERED,
	HIVE_RPC_WORKER,
};

#define HIVE_RPC_WORKER_MAX	128

/*
 * How long a call waits for the answer of a member that stays in the view.
 * A call to a member that leaves the view or restarts fails at once with
 * -EHOSTDOWN, so this clock only catches a member that is there and never
 * answers: a hang detector, far above what a busy debug node takes, not a
 * speed claim.
 */
#define HIVE_RPC_ANSWER_TIMEOUT	(30 * HZ)

void *hive_rpc_reply_alloc_pages(struct hive_rpc_reply *reply, u32 len,
				 const struct hive_rpc_pages *pages);
void hive_rpc_answer(struct hive_rpc_reply *reply, int status);
int hive_rpc_register(u16 op, hive_rpc_handler_t handler,
		      enum hive_rpc_context context);
void hive_rpc_unregister(u16 op);
int hive_rpc_call_pages(u32 node, u16 op, const void *req, u32 len,
			const struct hive_rpc_pages *req_pages, void *reply,
			u32 reply_max, u32 *reply_len,
			struct hive_rpc_pages *reply_pages, long timeout);
int hive_rpc_cast_pages(u32 node, u16 op, const void *msg, u32 len,
			const struct hive_rpc_pages *pages, long timeout);

/**
 * hive_rpc_reply_alloc() - room for a reply's body, without pages
 * @reply: the handler's @reply
 * @len: body length, at most HIVE_RPC_BODY_MAX
 *
 * Context: process.
 * Return: where to write @len bytes, or NULL (the handler then returns
 * -ENOMEM).
 */
static inline void *hive_rpc_reply_alloc(struct hive_rpc_reply *reply, u32 len)
{
	return hive_rpc_reply_alloc_pages(reply, len, NULL);
}

/**
 * hive_rpc_call() - hive_rpc_call_pages() without pages either way
 * @node: the node
 * @op: an enum hive_rpc_op value
 * @req: request body
 * @len: its length, at most HIVE_RPC_BODY_MAX
 * @reply: where the reply's body goes
 * @reply_max: its size
 * @reply_len: set to the reply's length on success
 * @timeout: jiffies to wait in all, for queue space and the reply
 *
 * Context: process, sleeps (killable).
 * Return: as hive_rpc_call_pages(); a reply with pages is -EMSGSIZE.
 */
static inline int hive_rpc_call(u32 node, u16 op, const void *req, u32 len,
				void *reply, u32 reply_max, u32 *reply_len,
				long timeout)
{
	return hive_rpc_call_pages(node, op, req, len, NULL, reply, reply_max,
				   reply_len, NULL, timeout);
}

/**
 * hive_rpc_cast() - hive_rpc_cast_pages() without pages
 * @node: the node
 * @op: an enum hive_rpc_op value
 * @msg: body
 * @len: its length, at most HIVE_RPC_BODY_MAX
 * @timeout: jiffies to wait for queue space
 *
 * Context: process, may sleep (killable).
 * Return: as hive_rpc_cast_pages().
 */
static inline int hive_rpc_cast(u32 node, u16 op, const void *msg, u32 len,
				long timeout)
{
	return hive_rpc_cast_pages(node, op, msg, len, NULL, timeout);
}
int hive_rpc_init(void);
void hive_rpc_exit(void);

/* sysfs.c */
extern atomic_t hive_rpc_running;
extern atomic64_t hive_rpc_refused_busy;
extern atomic64_t hive_rpc_late_replies;
int hive_rpc_sysfs_init(void);
void hive_rpc_sysfs_exit(void);

/* echo.c */
struct genl_info;
struct sk_buff;
int hive_echo_init(void);
void hive_echo_stop(void);
void hive_echo_exit(void);
int hive_genl_echo(struct sk_buff *skb, struct genl_info *info);

#endif /* HIVE_RPC_H */
