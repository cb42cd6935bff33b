/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hive's RPC layer: requests with replies, one-way messages, and handlers
 * registered per operation by the subsystems that serve them.
 * Documentation/rpc.rst.
 */
#ifndef HIVE_RPC_H
#define HIVE_RPC_H

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
	__HIVE_RPC_OP_COUNT,
};

/* Largest request, reply or one-way message body. */
#define HIVE_RPC_BODY_MAX	(HIVE_WIRE_PAYLOAD_MAX - HIVE_WIRE_RPC_LEN)

/**
 * struct hive_rpc_msg - a request or one-way message being handled
 * @node: the sender's node id
 * @op: its operation
 * @data: its body; valid until the handler returns
 * @len: body length
 */
struct hive_rpc_msg {
	u32 node;
	u16 op;
	const u8 *data;
	u32 len;
};

struct hive_rpc_reply;

/*
 * A handler runs in the sender's receive work (process context), one
 * message at a time per sender, in the order they were sent.  It may sleep
 * briefly but must not wait on another node.  For a CALL, @reply is
 * non-NULL; the return value (0 or -errno) is the caller's result.
 */
typedef int (*hive_rpc_handler_t)(const struct hive_rpc_msg *msg,
				  struct hive_rpc_reply *reply);

/*
 * How long a call waits for the answer of a member that stays in the view.
 * A call to a member that leaves the view or restarts fails at once with
 * -EHOSTDOWN, so this clock only catches a member that is there and never
 * answers: a hang detector, far above what a busy debug node takes, not a
 * speed claim.
 */
#define HIVE_RPC_ANSWER_TIMEOUT	(30 * HZ)

void *hive_rpc_reply_alloc(struct hive_rpc_reply *reply, u32 len);
int hive_rpc_register(u16 op, hive_rpc_handler_t handler);
void hive_rpc_unregister(u16 op);
int hive_rpc_call(u32 node, u16 op, const void *req, u32 len, void *reply,
		  u32 reply_max, u32 *reply_len, long timeout);
int hive_rpc_cast(u32 node, u16 op, const void *msg, u32 len, long timeout);
int hive_rpc_init(void);
void hive_rpc_exit(void);

/* echo.c */
struct genl_info;
struct sk_buff;
int hive_echo_init(void);
void hive_echo_exit(void);
int hive_genl_echo(struct sk_buff *skb, struct genl_info *info);

#endif /* HIVE_RPC_H */
