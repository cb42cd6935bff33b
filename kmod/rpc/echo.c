// SPDX-License-Identifier: GPL-2.0
/*
 * The echo service and HIVE_CMD_ECHO: what `hivectl ping` and the
 * transport tests and benchmarks run.  ECHO replies with the request's
 * bytes and pages (the pages it received, not copies); SINK accepts
 * one-way messages; ECHO_HELD is ECHO served by a
 * worker handler that answers late, the shape of a handler that waits
 * (for mmap_lock, or another node).  HIVE_CMD_ECHO runs the calls from
 * the kernel, so what it measures is hive's RPC path and nothing in
 * userland.
 */
#include <linux/highmem.h>
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
/* An ECHO_HELD body starts with the hold in milliseconds, big-endian. */
#define HIVE_ECHO_HOLD_LEN	4

/**
 * struct hive_echo_hold - an ECHO_HELD call whose answer is held back
 * @work: answers it when the hold is over
 * @node: in hive_echo_holds
 * @reply: the kept reply (HIVE_RPC_LATER), its body filled in
 */
struct hive_echo_hold {
	struct delayed_work work;
	struct list_head node;
	struct hive_rpc_reply *reply;
};

/* Answers held calls; destroyed at exit, after every hold was answered. */
static struct workqueue_struct *hive_echo_wq;
/*
 * Guards hive_echo_holds and hive_echo_stopping.  A spinlock: taken in
 * process context around list and timer operations only.
 */
static DEFINE_SPINLOCK(hive_echo_lock);
static LIST_HEAD(hive_echo_holds);
static bool hive_echo_stopping;
/* Held casts sleep here until their hold is over or the module stops. */
static DECLARE_WAIT_QUEUE_HEAD(hive_echo_wake);

static int hive_echo_serve(const struct hive_rpc_msg *msg,
			   struct hive_rpc_reply *reply)
{
	struct hive_rpc_pages pages = { .nr = msg->nr_pages };
	void *buf;
	u32 i;

	if (!reply)
		return -EINVAL;
	if (pages.nr) {
		pages.page = kmalloc_array(pages.nr, sizeof(*pages.page),
					   GFP_KERNEL);
		if (!pages.page)
			return -ENOMEM;
		for (i = 0; i < pages.nr; i++)
			pages.page[i] = msg->pages[i].bv_page;
	}
	buf = hive_rpc_reply_alloc_pages(reply, msg->len, &pages);
	kfree(pages.page);
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

static void hive_echo_hold_work(struct work_struct *work)
{
	struct hive_echo_hold *hold =
		container_of(to_delayed_work(work), struct hive_echo_hold, work);
	int status = 0;

	spin_lock(&hive_echo_lock);
	list_del(&hold->node);
	if (hive_echo_stopping)
		status = -ESHUTDOWN;
	spin_unlock(&hive_echo_lock);
	hive_rpc_answer(hold->reply, status);
	kfree(hold);
}

/*
 * ECHO_HELD, a worker handler: a call keeps its reply and a delayed work
 * answers it when the hold is over; a cast holds its worker that long.
 * Either ends at once when the module stops.
 */
static int hive_echo_held_serve(const struct hive_rpc_msg *msg,
				struct hive_rpc_reply *reply)
{
	struct hive_echo_hold *hold;
	unsigned long delay;
	int err;

	if (msg->len < HIVE_ECHO_HOLD_LEN)
		return -EBADMSG;
	delay = msecs_to_jiffies(min_t(u32, get_unaligned_be32(msg->data),
				       HIVE_ECHO_HOLD_MS_MAX));
	if (!reply) {
		/* Interruptible only so the hung-task check leaves it be. */
		wait_event_interruptible_timeout(hive_echo_wake,
						 READ_ONCE(hive_echo_stopping),
						 delay);
		return 0;
	}
	err = hive_echo_serve(msg, reply);
	if (err)
		return err;
	hold = kzalloc(sizeof(*hold), GFP_KERNEL);
	if (!hold)
		return -ENOMEM;
	INIT_DELAYED_WORK(&hold->work, hive_echo_hold_work);
	hold->reply = reply;
	spin_lock(&hive_echo_lock);
	if (hive_echo_stopping) {
		spin_unlock(&hive_echo_lock);
		kfree(hold);
		return -ESHUTDOWN;
	}
	list_add_tail(&hold->node, &hive_echo_holds);
	queue_delayed_work(hive_echo_wq, &hold->work, delay);
	spin_unlock(&hive_echo_lock);
	return HIVE_RPC_LATER;
}

/**
 * hive_echo_init() - serve ECHO, SINK and ECHO_HELD
 *
 * Context: module init, before hive_rpc_init().
 * Return: 0, -ENOMEM or hive_rpc_register()'s error.
 */
int hive_echo_init(void)
{
	int err;

	hive_echo_wq = alloc_workqueue("hive_echo", WQ_UNBOUND, 0);
	if (!hive_echo_wq)
		return -ENOMEM;
	err = hive_rpc_register(HIVE_RPC_OP_ECHO, hive_echo_serve,
				HIVE_RPC_ORDERED);
	if (!err)
		err = hive_rpc_register(HIVE_RPC_OP_SINK, hive_echo_sink,
					HIVE_RPC_ORDERED);
	if (!err)
		err = hive_rpc_register(HIVE_RPC_OP_ECHO_HELD,
					hive_echo_held_serve, HIVE_RPC_WORKER);
	if (err)
		hive_echo_exit();
	return err;
}

/**
 * hive_echo_stop() - end every hold now: held calls are answered
 *	-ESHUTDOWN, held casts return, later ones are not held
 *
 * Context: module exit, before hive_rpc_exit() (which waits for worker
 * handlers to return).
 */
void hive_echo_stop(void)
{
	struct hive_echo_hold *hold;

	spin_lock(&hive_echo_lock);
	hive_echo_stopping = true;
	list_for_each_entry(hold, &hive_echo_holds, node)
		mod_delayed_work(hive_echo_wq, &hold->work, 0);
	spin_unlock(&hive_echo_lock);
	wake_up_all(&hive_echo_wake);
}

/**
 * hive_echo_exit() - stop serving ECHO, SINK and ECHO_HELD
 *
 * Context: module exit, after hive_rpc_exit(); also on hive_echo_init()'s
 * failure.
 */
void hive_echo_exit(void)
{
	hive_echo_stop();
	/* Every hold was queued to run now: this waits for their answers. */
	destroy_workqueue(hive_echo_wq);
	hive_rpc_unregister(HIVE_RPC_OP_ECHO_HELD);
	hive_rpc_unregister(HIVE_RPC_OP_SINK);
	hive_rpc_unregister(HIVE_RPC_OP_ECHO);
}

/*
 * What a run needs and found.  @pages (@nr_pages of them, random bytes
 * set once: a page must not change while a frame may send it) go with
 * every message; a call's reply brings its own in @resp_pages.
 */
struct hive_echo_run {
	u32 node;
	u32 count;
	u32 size;
	u32 nr_pages;
	bool oneway;
	u32 hold_ms;
	long timeout;
	u8 *req;
	u8 *resp;
	struct page **pages;
	struct page **resp_pages;
	u64 *rtt;
	u32 done;
	u64 total_ns;
};

/*
 * The operation and body length of a run's messages of @size bytes: an
 * ECHO_HELD body carries the hold ahead of them.
 */
static u16 hive_echo_op(const struct hive_echo_run *run, u32 *size)
{
	if (!run->hold_ms)
		return run->oneway ? HIVE_RPC_OP_SINK : HIVE_RPC_OP_ECHO;
	*size += HIVE_ECHO_HOLD_LEN;
	return HIVE_RPC_OP_ECHO_HELD;
}

/*
 * Are the reply's @nr pages the @want the request sent, byte for byte?
 * Puts them either way.
 */
static bool hive_echo_pages_match(struct hive_echo_run *run, u32 want, u32 nr)
{
	bool same = nr == want;
	u32 i;

	for (i = 0; i < nr; i++) {
		const void *sent = kmap_local_page(run->pages[i]);
		const void *got = kmap_local_page(run->resp_pages[i]);

		same = same && !memcmp(sent, got, PAGE_SIZE);
		kunmap_local(got);
		kunmap_local(sent);
		put_page(run->resp_pages[i]);
	}
	return same;
}

/* One call of @op with @size body bytes and, unless @bare, the pages. */
static int hive_echo_call(struct hive_echo_run *run, u16 op, u32 size,
			  bool bare, u64 *rtt)
{
	struct hive_rpc_pages pages = {
		.page = run->pages, .nr = bare ? 0 : run->nr_pages,
	};
	struct hive_rpc_pages resp_pages = {
		.page = run->resp_pages, .nr = pages.nr,
	};
	u64 start = ktime_get_ns();
	u32 len;
	int err;

	err = hive_rpc_call_pages(run->node, op, run->req, size, &pages,
				  run->resp, size, &len, &resp_pages,
				  run->timeout);
	*rtt = ktime_get_ns() - start;
	if (err)
		return err;
	if (!hive_echo_pages_match(run, pages.nr, resp_pages.nr) || len != size ||
	    memcmp(run->req, run->resp, size))
		return -EBADMSG;
	return 0;
}

static int hive_echo_execute(struct hive_echo_run *run)
{
	struct hive_rpc_pages pages = {
		.page = run->pages, .nr = run->nr_pages,
	};
	u64 start = ktime_get_ns(), rtt;
	u32 i, size = run->size;
	u16 op = hive_echo_op(run, &size);
	/* Past the hold, if any. */
	u8 *tag = run->req + size - run->size;
	int err = 0;

	get_random_bytes(run->req, size);
	for (i = 0; i < run->nr_pages; i++) {
		void *p = kmap_local_page(run->pages[i]);

		get_random_bytes(p, PAGE_SIZE);
		kunmap_local(p);
	}
	if (run->hold_ms)
		put_unaligned_be32(run->hold_ms, run->req);
	for (i = 0; i < run->count && !err; i++) {
		if (fatal_signal_pending(current))
			return -EINTR;
		/* Every request differs, so a crossed reply is caught. */
		if (run->size >= sizeof(u64))
			put_unaligned_be64(i, tag);
		if (run->oneway)
			err = hive_rpc_cast_pages(run->node, op, run->req, size,
						  &pages, run->timeout);
		else
			err = hive_echo_call(run, op, size, false, &run->rtt[i]);
		if (!err)
			run->done++;
		cond_resched();
	}
	/*
	 * Casts are delivered in order on their lane: the reply to a call
	 * behind them on it means all were, and all ordered ones handled
	 * (a held one's worker may still hold it).
	 */
	if (!err && run->oneway)
		err = hive_echo_call(run, op == HIVE_RPC_OP_SINK ?
				     HIVE_RPC_OP_SINK : HIVE_RPC_OP_ECHO,
				     0, true, &rtt);
	run->total_ns = ktime_get_ns() - start;
	return err;
}

/* The run's pages and room for a reply's; -ENOMEM. */
static int hive_echo_pages_alloc(struct hive_echo_run *run)
{
	u32 i;

	if (!run->nr_pages)
		return 0;
	run->pages = kcalloc(run->nr_pages, sizeof(*run->pages), GFP_KERNEL);
	run->resp_pages = kcalloc(run->nr_pages, sizeof(*run->resp_pages),
				  GFP_KERNEL);
	if (!run->pages || !run->resp_pages)
		return -ENOMEM;
	for (i = 0; i < run->nr_pages; i++) {
		run->pages[i] = alloc_page(GFP_KERNEL);
		if (!run->pages[i])
			return -ENOMEM;
	}
	return 0;
}

static void hive_echo_pages_free(struct hive_echo_run *run)
{
	u32 i;

	for (i = 0; run->pages && i < run->nr_pages; i++)
		if (run->pages[i])
			put_page(run->pages[i]);
	kfree(run->resp_pages);
	kfree(run->pages);
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
	case -EBUSY:
		NL_SET_ERR_MSG(extack, "the node has too many calls of this node's in its workers (rpc/refused_busy)");
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
	if (attrs[HIVE_ATTR_ECHO_HOLD_MS])
		run.hold_ms = nla_get_u32(attrs[HIVE_ATTR_ECHO_HOLD_MS]);
	if (attrs[HIVE_ATTR_ECHO_PAGES])
		run.nr_pages = nla_get_u32(attrs[HIVE_ATTR_ECHO_PAGES]);
	if (run.hold_ms && run.size > HIVE_ECHO_SIZE_MAX - HIVE_ECHO_HOLD_LEN) {
		NL_SET_ERR_MSG(info->extack, "a held echo carries at most 1 MiB - 20 bytes");
		return -EMSGSIZE;
	}

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
	run.req = kvmalloc(run.size + HIVE_ECHO_HOLD_LEN, GFP_KERNEL);
	run.resp = kvmalloc(run.size + HIVE_ECHO_HOLD_LEN, GFP_KERNEL);
	if (!run.oneway)
		run.rtt = kvmalloc_array(run.count, sizeof(u64), GFP_KERNEL);
	if (run.req && run.resp && (run.oneway || run.rtt) &&
	    !hive_echo_pages_alloc(&run)) {
		err = hive_echo_execute(&run);
		if (err)
			hive_echo_explain(info->extack, err);
		else
			err = hive_echo_reply(info, &run);
	}
	hive_echo_pages_free(&run);
	kvfree(run.rtt);
	kvfree(run.resp);
	kvfree(run.req);
	return err;
}
