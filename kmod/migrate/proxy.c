// SPDX-License-Identifier: GPL-2.0
/*
 * Descriptors a moved process keeps at its source (Documentation/
 * migration.rst, "Forwarded descriptors"), the target's side: a proxy
 * file in place of each pipe, socket or terminal, whose read, write, poll
 * and terminal queries go to the source as MIGRATE_FORWARD calls
 * (forward.c serves them there) and whose release tells the source to
 * let the descriptor go.
 *
 * A call that would block at the source comes back -EAGAIN after a round
 * there; a blocking read or write asks again until it is done or a signal
 * is pending (-ERESTARTSYS, or the bytes done so far), so a signal is
 * taken within a round.  A poll asks the source at once for the events
 * ready and, while someone waits, a worker keeps one waiting call at the
 * source and wakes the waiters with what it answers.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/anon_inodes.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uio.h>
#include <linux/workqueue.h>
#include "migrate.h"
#include "rpc/rpc.h"

/* A reply's room for an ioctl's answer: the largest forwarded. */
#define HIVE_PROXY_QUERY_MAX	36

/**
 * struct hive_fwd_proxy - a proxy file's link to its descriptor
 * @node: the node that serves it: the source of the move that made it
 *	forwarded
 * @handle: its handle there
 * @type: an enum hive_mig_fwd_type value
 * @live: its process runs here: the release tells @node.  Until then (a
 *	rebuild that fails), the release is silent: the node the process
 *	moved from takes the descriptor back
 * @wq: pollers wait here
 * @lock: guards @events, @watching and @again; taken from poll and the
 *	watch worker, nothing sleeps under it
 * @events: what the pollers wait for, but what the watch saw since they
 *	last asked
 * @watching: @watch is queued or running
 * @again: a poller came since the watch's last call began, or one waits
 * @watch: keeps a waiting POLL call at the source while pollers wait
 * @release: sends RELEASE and frees the proxy, after the file is gone
 */
struct hive_fwd_proxy {
	u32 node;
	u64 handle;
	u8 type;
	bool live;
	wait_queue_head_t wq;
	spinlock_t lock;
	__poll_t events;
	bool watching;
	bool again;
	struct work_struct watch;
	struct work_struct release;
};

/* Watches and releases: may call the source, so not the system's queue. */
static struct workqueue_struct *hive_proxy_wq;
/* Proxies alive: open, or released and not yet told to their source. */
static atomic_t hive_proxy_count = ATOMIC_INIT(0);

/*
 * Send @req to @node (@body: room for it, and for a WRITE its data after
 * it); @answer gets the reply and what follows it, @result its result.
 */
static int hive_proxy_call(u32 node, const struct hive_mig_fwd_req *req,
			   u8 *body, u8 *answer, u32 answer_max, u32 *result)
{
	u32 len = req->op == HIVE_MIG_FWD_WRITE ? req->len : 0;
	struct hive_mig_fwd_reply r;
	int err;

	if (hive_mig_fwd_req_encode(req, body, HIVE_MIG_FWD_REQ_LEN) < 0)
		return -EINVAL;
	err = hive_rpc_call(node, HIVE_RPC_OP_MIGRATE_FORWARD, body,
			    HIVE_MIG_FWD_REQ_LEN + len, answer, answer_max, &len,
			    HIVE_RPC_ANSWER_TIMEOUT);
	if (err)
		return err;
	if (hive_mig_fwd_reply_decode(answer, len, &r) < 0 ||
	    hive_mig_fwd_reply_check(req, &r, len - HIVE_MIG_FWD_REPLY_LEN))
		return -EPROTO;
	*result = r.result;
	return 0;
}

/*
 * hive_proxy_call() until the source has done something: for a blocking
 * descriptor, again while it was not ready, unless a signal is pending.
 */
static int hive_proxy_call_ready(const struct hive_fwd_proxy *p, struct hive_mig_fwd_req *req,
				 bool nonblock, u8 *body, u8 *answer, u32 answer_max,
				 u32 *result)
{
	req->flags = nonblock ? 0 : HIVE_MIG_FWD_WAIT;
	for (;;) {
		int err = hive_proxy_call(p->node, req, body, answer, answer_max, result);
		/* Every worker of the source busy: as not ready, a while later. */
		bool busy = err == -EBUSY;

		if (busy)
			err = -EAGAIN;
		if (err != -EAGAIN || nonblock)
			return err;
		if (signal_pending(current))
			return -ERESTARTSYS;
		if (busy)
			schedule_timeout_interruptible(HZ / 50);
	}
}

/* What the process sees of a failed call. */
static int hive_proxy_errno(int err)
{
	switch (err) {
	case -EHOSTDOWN:	/* the source left: the descriptor is gone */
	case -ENOTCONN:
	case -ETIMEDOUT:
	case -EBADF:		/* the source no longer knows the handle */
	case -EPROTO:
	case -EBADMSG:
	case -EMSGSIZE:
		return -EIO;
	default:
		return err;
	}
}

static bool hive_proxy_nonblock(const struct kiocb *iocb)
{
	return (iocb->ki_filp->f_flags & O_NONBLOCK) || (iocb->ki_flags & IOCB_NOWAIT);
}

static ssize_t hive_proxy_read_iter(struct kiocb *iocb, struct iov_iter *to)
{
	struct hive_fwd_proxy *p = iocb->ki_filp->private_data;
	u32 want = min_t(size_t, iov_iter_count(to), HIVE_MIG_FWD_DATA_MAX), got;
	struct hive_mig_fwd_req req = {
		.handle = p->handle, .op = HIVE_MIG_FWD_READ, .len = want,
	};
	u8 body[HIVE_MIG_FWD_REQ_LEN], *answer;
	int err;

	if (!want)
		return 0;
	answer = kvmalloc(HIVE_MIG_FWD_REPLY_LEN + want, GFP_KERNEL);
	if (!answer)
		return -ENOMEM;
	err = hive_proxy_call_ready(p, &req, hive_proxy_nonblock(iocb), body, answer,
				    HIVE_MIG_FWD_REPLY_LEN + want, &got);
	if (!err && copy_to_iter(answer + HIVE_MIG_FWD_REPLY_LEN, got, to) != got)
		err = -EFAULT;
	kvfree(answer);
	/* Not ?: with @got: an int and a u32 would make the error a count. */
	if (err)
		return hive_proxy_errno(err);
	return got;
}

static ssize_t hive_proxy_write_iter(struct kiocb *iocb, struct iov_iter *from)
{
	struct hive_fwd_proxy *p = iocb->ki_filp->private_data;
	struct hive_mig_fwd_req req = { .handle = p->handle, .op = HIVE_MIG_FWD_WRITE };
	size_t total = iov_iter_count(from), done = 0;
	bool nonblock = hive_proxy_nonblock(iocb);
	u8 answer[HIVE_MIG_FWD_REPLY_LEN], *body;
	int err = 0;

	if (!total)
		return 0;
	body = kvmalloc(HIVE_MIG_FWD_REQ_LEN + min_t(size_t, total, HIVE_MIG_FWD_DATA_MAX),
			GFP_KERNEL);
	if (!body)
		return -ENOMEM;
	while (done < total) {
		u32 chunk = min_t(size_t, total - done, HIVE_MIG_FWD_DATA_MAX), wrote;

		if (!copy_from_iter_full(body + HIVE_MIG_FWD_REQ_LEN, chunk, from)) {
			err = -EFAULT;
			break;
		}
		req.len = chunk;
		err = hive_proxy_call_ready(p, &req, nonblock, body, answer, sizeof(answer),
					    &wrote);
		if (err) {
			iov_iter_revert(from, chunk);
			break;
		}
		iov_iter_revert(from, chunk - wrote);
		done += wrote;
		if (nonblock && wrote < chunk)
			break;
	}
	kvfree(body);
	/* The source's pipe or socket had no reader: the signal is ours. */
	if (err == -EPIPE)
		send_sig(SIGPIPE, current, 0);
	if (done)
		return done;
	return hive_proxy_errno(err);
}

/* Keep a waiting POLL at the source for @p's pollers. */
static void hive_proxy_watch(struct hive_fwd_proxy *p, __poll_t events)
{
	spin_lock(&p->lock);
	p->events |= events & HIVE_MIG_FWD_EVENTS;
	p->again = true;
	if (!p->watching) {
		p->watching = true;
		queue_work(hive_proxy_wq, &p->watch);
	}
	spin_unlock(&p->lock);
}

/*
 * The watch: one waiting POLL after another, for the events the pollers
 * asked about, while a poller came since the last began or anyone waits
 * for an event not seen yet.  An event seen wakes its pollers and is asked
 * about again only once one of them polls again: a socket that stays
 * writable must not end the wait of a reader.
 */
static void hive_proxy_watch_work(struct work_struct *work)
{
	struct hive_fwd_proxy *p = container_of(work, struct hive_fwd_proxy, watch);
	struct hive_mig_fwd_req req = {
		.handle = p->handle, .op = HIVE_MIG_FWD_POLL, .flags = HIVE_MIG_FWD_WAIT,
	};
	u8 body[HIVE_MIG_FWD_REQ_LEN], answer[HIVE_MIG_FWD_REPLY_LEN];
	u32 mask;
	int err;

	for (;;) {
		spin_lock(&p->lock);
		if (!p->again || !p->events) {
			p->watching = false;
			p->again = false;
			p->events = 0;
			spin_unlock(&p->lock);
			return;
		}
		p->again = false;
		req.arg = p->events;
		spin_unlock(&p->lock);
		err = hive_proxy_call(p->node, &req, body, answer, sizeof(answer), &mask);
		if (err == -EBUSY || err == -EINTR)
			mask = 0;
		else if (err)
			mask = EPOLLERR | EPOLLHUP;
		/* Forgotten before the wake: a poller it wakes asks again. */
		spin_lock(&p->lock);
		p->events &= ~mask;
		spin_unlock(&p->lock);
		if (mask)
			wake_up_poll(&p->wq, mask);
		spin_lock(&p->lock);
		if (wq_has_sleeper(&p->wq))
			p->again = true;
		spin_unlock(&p->lock);
	}
}

static __poll_t hive_proxy_poll(struct file *file, poll_table *pt)
{
	struct hive_fwd_proxy *p = file->private_data;
	struct hive_mig_fwd_req req = {
		.handle = p->handle, .op = HIVE_MIG_FWD_POLL, .arg = HIVE_MIG_FWD_EVENTS,
	};
	u8 body[HIVE_MIG_FWD_REQ_LEN], answer[HIVE_MIG_FWD_REPLY_LEN];
	u32 mask;
	int err;

	poll_wait(file, &p->wq, pt);
	if (pt)
		hive_proxy_watch(p, poll_requested_events(pt));
	err = hive_proxy_call(p->node, &req, body, answer, sizeof(answer), &mask);
	if (err == -EBUSY || err == -EINTR)
		return 0;
	return err ? EPOLLERR | EPOLLHUP : mask;
}

/* The terminal queries the source answers; every other ioctl is -ENOTTY. */
static long hive_proxy_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct hive_fwd_proxy *p = file->private_data;
	struct hive_mig_fwd_req req = {
		.handle = p->handle, .op = HIVE_MIG_FWD_IOCTL, .arg = cmd,
	};
	u8 body[HIVE_MIG_FWD_REQ_LEN], answer[HIVE_MIG_FWD_REPLY_LEN + HIVE_PROXY_QUERY_MAX];
	u32 len = hive_mig_fwd_ioctl_len(cmd), result;
	int err;

	if (!len || p->type != HIVE_MIG_FWD_TTY)
		return -ENOTTY;
	err = hive_proxy_call(p->node, &req, body, answer, sizeof(answer), &result);
	if (err)
		return hive_proxy_errno(err);
	if (copy_to_user((void __user *)arg, answer + HIVE_MIG_FWD_REPLY_LEN, len))
		return -EFAULT;
	return 0;
}

static void hive_proxy_release_work(struct work_struct *work)
{
	struct hive_fwd_proxy *p = container_of(work, struct hive_fwd_proxy, release);
	struct hive_mig_fwd_req req = { .handle = p->handle, .op = HIVE_MIG_FWD_RELEASE };
	u8 body[HIVE_MIG_FWD_REQ_LEN];
	int err = 0;

	if (READ_ONCE(p->live))
		err = hive_mig_fwd_req_encode(&req, body, sizeof(body));
	if (err > 0)
		err = hive_rpc_cast(p->node, HIVE_RPC_OP_MIGRATE_FORWARD, body, sizeof(body), HZ);
	/* A source that left has let the descriptor go already. */
	if (err && err != -EHOSTDOWN && err != -ENOTCONN)
		pr_warn_ratelimited("node %u not told to let descriptor %llu go: error %d\n",
				    p->node, p->handle, err);
	kfree(p);
	atomic_dec(&hive_proxy_count);
}

static int hive_proxy_release(struct inode *inode, struct file *file)
{
	struct hive_fwd_proxy *p = file->private_data;

	cancel_work_sync(&p->watch);
	queue_work(hive_proxy_wq, &p->release);
	return 0;
}

static const struct file_operations hive_proxy_fops = {
	.owner = THIS_MODULE,
	.llseek = no_llseek,
	.read_iter = hive_proxy_read_iter,
	.write_iter = hive_proxy_write_iter,
	.poll = hive_proxy_poll,
	.unlocked_ioctl = hive_proxy_ioctl,
	.release = hive_proxy_release,
};

/**
 * hive_fwd_proxy_open() - a proxy file for a descriptor another node serves
 * @node: the node
 * @handle: the descriptor's handle there
 * @type: an enum hive_mig_fwd_type value
 * @flags: the descriptor's access mode and O_NONBLOCK
 *
 * Context: process; sleeps.
 * Return: the file, or an ERR_PTR() (-ENOMEM, anon_inode_getfile()'s).
 */
struct file *hive_fwd_proxy_open(u32 node, u64 handle, u8 type, int flags)
{
	struct hive_fwd_proxy *p = kzalloc(sizeof(*p), GFP_KERNEL);
	struct file *file;

	if (!p)
		return ERR_PTR(-ENOMEM);
	p->node = node;
	p->handle = handle;
	p->type = type;
	init_waitqueue_head(&p->wq);
	spin_lock_init(&p->lock);
	INIT_WORK(&p->watch, hive_proxy_watch_work);
	INIT_WORK(&p->release, hive_proxy_release_work);
	file = anon_inode_getfile("[hive-forward]", &hive_proxy_fops, p,
				  flags & (O_ACCMODE | O_NONBLOCK));
	if (IS_ERR(file)) {
		kfree(p);
		return file;
	}
	atomic_inc(&hive_proxy_count);
	stream_open(file_inode(file), file);
	return file;
}

/**
 * hive_fwd_proxy_of() - the descriptor a proxy file stands for
 * @file: any file
 * @node: set to the node that serves it, for a proxy
 * @handle: set to its handle there, for a proxy
 *
 * Context: any.
 * Return: its enum hive_mig_fwd_type value, or 0 if @file is no proxy.
 */
u8 hive_fwd_proxy_of(struct file *file, u32 *node, u64 *handle)
{
	const struct hive_fwd_proxy *p = file->private_data;

	if (file->f_op != &hive_proxy_fops)
		return 0;
	*node = p->node;
	*handle = p->handle;
	return p->type;
}

/**
 * hive_fwd_proxy_live() - a proxy's process runs: its release is told
 * @file: any file; nothing happens to one that is no proxy
 *
 * Context: any.
 */
void hive_fwd_proxy_live(struct file *file)
{
	struct hive_fwd_proxy *p = file->private_data;

	if (file->f_op == &hive_proxy_fops)
		WRITE_ONCE(p->live, true);
}

/**
 * hive_fwd_pass() - have the node that serves a descriptor serve another
 * @node: the node that serves it
 * @handle: its handle there, one this node holds or passed on last
 * @to: the node to serve it to from now
 *
 * Context: process; sleeps for the answer.
 * Return: 0; -EBADF if @node does not let this node pass it, -EHOSTDOWN if
 * @to is not a member there; the call's error.
 */
int hive_fwd_pass(u32 node, u64 handle, u32 to)
{
	struct hive_mig_fwd_req req = { .handle = handle, .op = HIVE_MIG_FWD_PASS, .arg = to };
	u8 body[HIVE_MIG_FWD_REQ_LEN], answer[HIVE_MIG_FWD_REPLY_LEN];
	u32 result;

	return hive_proxy_call(node, &req, body, answer, sizeof(answer), &result);
}

/**
 * hive_proxies() - how many proxy files this node has
 *
 * Context: any.
 * Return: the proxies open, and those released whose source is yet to be
 * told.
 */
int hive_proxies(void)
{
	return atomic_read(&hive_proxy_count);
}

/**
 * hive_proxy_init() - the queue of the proxies' watches and releases
 *
 * Context: process (module init).
 * Return: 0 or -ENOMEM.
 */
int hive_proxy_init(void)
{
	hive_proxy_wq = alloc_workqueue("hive_proxy", WQ_UNBOUND, 0);
	return hive_proxy_wq ? 0 : -ENOMEM;
}

/**
 * hive_proxy_exit() - wait for the releases still queued
 *
 * No proxy file is left (each holds a module reference); a release queued
 * by the last ones may still run.
 *
 * Context: process (module exit).
 */
void hive_proxy_exit(void)
{
	if (hive_proxy_wq)
		destroy_workqueue(hive_proxy_wq);
	hive_proxy_wq = NULL;
}
