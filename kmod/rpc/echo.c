// SPDX-License-Identifier: GPL-2.0
/*
 * The echo service and HIVE_CMD_ECHO: what `hivectl ping` and the
 * transport tests and benchmarks run.  ECHO replies with the request's
 * bytes; SINK accepts one-way messages.  HIVE_CMD_ECHO runs the calls from
 * the kernel, so what it measures is hive's RPC path and nothing in
 * userland.
 */
#include <linux/ktime.h>
#include <linux/random.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <asm/unaligned.h>
#include <net/genetlink.h>
#include "admin/admin.h"
#include "hive/core.h"
#include "hive_netlink.h"
#include "rpc.h"
#include "transport/transport.h"

#define HIVE_ECHO_TIMEOUT_MS	30000

static int hive_echo_serve(const struct hive_rpc_msg *msg,
			   struct hive_rpc_reply *reply)
{
	void *buf;

	if (!reply)
		return -EINVAL;
	buf = hive_rpc_reply_alloc(reply, msg->len);
	if (!buf)
		return -ENOMEM;
	memcpy(buf, msg->data, msg->len);
	return 0;
}

static int hive_echo_sink(const struct hive_rpc_msg *msg,
			  struct hive_rpc_reply *reply)
{
	return 0;
}

/**
 * hive_echo_init() - serve ECHO and SINK
 *
 * Context: module init, before hive_rpc_init().
 * Return: 0 or hive_rpc_register()'s error.
 */
int hive_echo_init(void)
{
	int err = hive_rpc_register(HIVE_RPC_OP_ECHO, hive_echo_serve);

	if (!err)
		err = hive_rpc_register(HIVE_RPC_OP_SINK, hive_echo_sink);
	if (err)
		hive_rpc_unregister(HIVE_RPC_OP_ECHO);
	return err;
}

/**
 * hive_echo_exit() - stop serving ECHO and SINK
 *
 * Context: module exit, after hive_rpc_exit().
 */
void hive_echo_exit(void)
{
	hive_rpc_unregister(HIVE_RPC_OP_SINK);
	hive_rpc_unregister(HIVE_RPC_OP_ECHO);
}

/* What a run needs and found. */
struct hive_echo_run {
	u32 node;
	u32 count;
	u32 size;
	bool oneway;
	long timeout;
	u8 *req;
	u8 *resp;
	u64 *rtt;
	u32 done;
	u64 total_ns;
};

static int hive_echo_call(struct hive_echo_run *run, u32 size, u64 *rtt)
{
	u64 start = ktime_get_ns();
	u32 len;
	int err;

	err = hive_rpc_call(run->node, HIVE_RPC_OP_ECHO, run->req, size,
			    run->resp, size, &len, run->timeout);
	*rtt = ktime_get_ns() - start;
	if (!err && (len != size || memcmp(run->req, run->resp, size)))
		err = -EBADMSG;
	return err;
}

static int hive_echo_execute(struct hive_echo_run *run)
{
	u64 start = ktime_get_ns(), rtt;
	int err = 0;
	u32 i;

	get_random_bytes(run->req, run->size);
	for (i = 0; i < run->count && !err; i++) {
		if (fatal_signal_pending(current))
			return -EINTR;
		/* Every request differs, so a crossed reply is caught. */
		if (run->size >= sizeof(u64))
			put_unaligned_be64(i, run->req);
		if (run->oneway)
			err = hive_rpc_cast(run->node, HIVE_RPC_OP_SINK, run->req,
					    run->size, run->timeout);
		else
			err = hive_echo_call(run, run->size, &run->rtt[i]);
		if (!err)
			run->done++;
		cond_resched();
	}
	/* Casts are handled in order: this reply means all were. */
	if (!err && run->oneway)
		err = hive_echo_call(run, 0, &rtt);
	run->total_ns = ktime_get_ns() - start;
	return err;
}

static int hive_echo_cmp(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

static int hive_echo_reply(struct genl_info *info, struct hive_echo_run *run)
{
	u64 min = 0, p50 = 0, p99 = 0, max = 0;
	struct sk_buff *msg;
	void *hdr;

	if (!run->oneway) {
		sort(run->rtt, run->count, sizeof(u64), hive_echo_cmp, NULL);
		min = run->rtt[0];
		p50 = run->rtt[(run->count - 1) / 2];
		p99 = run->rtt[(run->count - 1) * 99 / 100];
		max = run->rtt[run->count - 1];
	}
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &hive_genl_family, 0, HIVE_CMD_ECHO);
	if (!hdr ||
	    nla_put_u32(msg, HIVE_ATTR_ECHO_COUNT, run->done) ||
	    nla_put_u64_64bit(msg, HIVE_ATTR_ECHO_NS_TOTAL, run->total_ns,
			      HIVE_ATTR_UNSPEC) ||
	    nla_put_u64_64bit(msg, HIVE_ATTR_ECHO_NS_MIN, min, HIVE_ATTR_UNSPEC) ||
	    nla_put_u64_64bit(msg, HIVE_ATTR_ECHO_NS_P50, p50, HIVE_ATTR_UNSPEC) ||
	    nla_put_u64_64bit(msg, HIVE_ATTR_ECHO_NS_P99, p99, HIVE_ATTR_UNSPEC) ||
	    nla_put_u64_64bit(msg, HIVE_ATTR_ECHO_NS_MAX, max, HIVE_ATTR_UNSPEC)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static void hive_echo_explain(struct netlink_ext_ack *extack, int err)
{
	switch (err) {
	case -ENOTCONN:
		NL_SET_ERR_MSG(extack, "the cluster has no quorum here: cluster operations are refused");
		break;
	case -EHOSTDOWN:
		NL_SET_ERR_MSG(extack, "the node is not in the view, or left it during the run");
		break;
	case -ETIMEDOUT:
		NL_SET_ERR_MSG(extack, "an echo call timed out");
		break;
	case -EBADMSG:
		NL_SET_ERR_MSG(extack, "an echo reply did not match its request");
		break;
	case -EINTR:
		NL_SET_ERR_MSG(extack, "interrupted");
		break;
	default:
		NL_SET_ERR_MSG(extack, "echo failed: the error is the call's result");
	}
}

/**
 * hive_genl_echo() - HIVE_CMD_ECHO: run echo calls or one-way messages
 * @skb: the request
 * @info: its attributes
 *
 * Context: process (the family has parallel_ops, so a long run holds up no
 * other command); killable.
 * Return: 0 after the reply was sent, or -errno with an extended ack.
 */
int hive_genl_echo(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	struct hive_echo_run run = { };
	struct hive_peer *peer;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, HIVE_ATTR_NODE_ID) ||
	    GENL_REQ_ATTR_CHECK(info, HIVE_ATTR_ECHO_COUNT) ||
	    GENL_REQ_ATTR_CHECK(info, HIVE_ATTR_ECHO_SIZE)) {
		NL_SET_ERR_MSG(info->extack, "node id, count and size are required");
		return -EINVAL;
	}
	run.node = nla_get_u32(attrs[HIVE_ATTR_NODE_ID]);
	run.count = nla_get_u32(attrs[HIVE_ATTR_ECHO_COUNT]);
	run.size = nla_get_u32(attrs[HIVE_ATTR_ECHO_SIZE]);
	run.oneway = nla_get_flag(attrs[HIVE_ATTR_ECHO_ONEWAY]);
	run.timeout = msecs_to_jiffies(attrs[HIVE_ATTR_ECHO_TIMEOUT_MS] ?
			nla_get_u32(attrs[HIVE_ATTR_ECHO_TIMEOUT_MS]) :
			HIVE_ECHO_TIMEOUT_MS);

	/* Refuse what cannot work before allocating for the run. */
	peer = hive_peer_get(run.node, &err);
	if (!peer) {
		if (err == -EINVAL)
			NL_SET_ERR_MSG(info->extack, "the node is the local node");
		else
			hive_echo_explain(info->extack, err);
		return err;
	}
	hive_peer_put(peer);

	err = -ENOMEM;
	run.req = kvmalloc(max(run.size, 1u), GFP_KERNEL);
	run.resp = kvmalloc(max(run.size, 1u), GFP_KERNEL);
	if (!run.oneway)
		run.rtt = kvmalloc_array(run.count, sizeof(u64), GFP_KERNEL);
	if (run.req && run.resp && (run.oneway || run.rtt)) {
		err = hive_echo_execute(&run);
		if (err)
			hive_echo_explain(info->extack, err);
		else
			err = hive_echo_reply(info, &run);
	}
	kvfree(run.rtt);
	kvfree(run.resp);
	kvfree(run.req);
	return err;
}
