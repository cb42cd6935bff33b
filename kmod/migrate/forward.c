// SPDX-License-Identifier: GPL-2.0
/*
 * Descriptors a moved process keeps at its source (Documentation/
 * migration.rst, "Forwarded descriptors"), the source's side.  A pipe,
 * socket or terminal of a process that moves stays here under a handle
 * for the target alone; the target's proxy sends each read, write, poll
 * and terminal query as a MIGRATE_FORWARD call, served here by an RPC
 * worker, and RELEASE once the target holds it no more.
 *
 * No worker blocks on a descriptor: a pipe or terminal is served through
 * a second open file of its own, opened non-blocking (a pipe reopened so
 * counts one reader or writer more while the handle lives, which the
 * process's own descriptor counts anyway), a socket with IOCB_NOWAIT.  A
 * call that may wait (HIVE_MIG_FWD_WAIT) waits for readiness at most
 * HIVE_FWD_ROUND and then says -EAGAIN; the target asks again.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/hashtable.h>
#include <linux/major.h>
#include <linux/mm.h>
#include <linux/net.h>
#include <linux/notifier.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/tty.h>
#include <linux/uio.h>
#include "membership/membership.h"
#include "migrate.h"
#include "rpc/rpc.h"

/* The longest a call waits here for its descriptor to be ready. */
#define HIVE_FWD_ROUND		HZ

/* Wait queues a descriptor's poll registers on: a terminal's or pipe's two. */
#define HIVE_FWD_POLL_HEADS	2

/**
 * struct hive_fwd_handle - a descriptor this node serves to another
 * @link: in hive_fwd_handles
 * @ref: the table's and one per call being served
 * @id: its handle, never reused
 * @node: the only node it is served to (0: none yet)
 * @from: the node that passed it to @node (0: none), which may pass it
 *	again: back to itself when its process's next move failed
 * @incarnation: @node's incarnation when it got it (0: unknown)
 * @type: an enum hive_mig_fwd_type value
 * @file: the process's descriptor, held while the handle lives
 * @io: what calls read and write: @file's non-blocking twin (pipes,
 *	terminals) or @file itself (sockets)
 */
struct hive_fwd_handle {
	struct hlist_node link;
	refcount_t ref;
	u64 id;
	u32 node;
	u32 from;
	u64 incarnation;
	u8 type;
	struct file *file;
	struct file *io;
};

/*
 * The handles by id.  A spinlock: taken from RPC workers and the view
 * notifier to look up or unlist a handle; nothing sleeps under it (the
 * files are put outside).
 */
static DEFINE_SPINLOCK(hive_fwd_lock);
static DEFINE_HASHTABLE(hive_fwd_handles, 6);
static atomic64_t hive_fwd_next_id = ATOMIC64_INIT(0);
/* Handles alive, listed or still held by a call being served. */
static atomic_t hive_fwd_count = ATOMIC_INIT(0);

static void hive_fwd_put(struct hive_fwd_handle *h)
{
	if (!refcount_dec_and_test(&h->ref))
		return;
	if (h->io != h->file)
		fput(h->io);
	fput(h->file);
	kfree(h);
	atomic_dec(&hive_fwd_count);
}

/* Handle @id, referenced, if @node may use it. */
static struct hive_fwd_handle *hive_fwd_get(u64 id, u32 node)
{
	struct hive_fwd_handle *h;

	spin_lock(&hive_fwd_lock);
	hash_for_each_possible(hive_fwd_handles, h, link, id) {
		if (h->id == id && h->node == node) {
			refcount_inc(&h->ref);
			spin_unlock(&hive_fwd_lock);
			return h;
		}
	}
	spin_unlock(&hive_fwd_lock);
	return NULL;
}

/* Unlist handle @id of @node (0: any node); true if it was listed. */
static bool hive_fwd_drop(u64 id, u32 node)
{
	struct hive_fwd_handle *h, *found = NULL;

	spin_lock(&hive_fwd_lock);
	hash_for_each_possible(hive_fwd_handles, h, link, id) {
		if (h->id == id && (!node || h->node == node)) {
			hash_del(&h->link);
			found = h;
			break;
		}
	}
	spin_unlock(&hive_fwd_lock);
	if (found)
		hive_fwd_put(found);
	return found;
}

/**
 * hive_fwd_type() - what a descriptor is, if it can be forwarded
 * @file: the descriptor
 *
 * Pipes and FIFOs, sockets, and terminals that are a device of their own
 * (virtual consoles, serial lines, pseudo-terminal slaves; not /dev/tty,
 * the console or a pseudo-terminal master).
 *
 * Context: any.
 * Return: an enum hive_mig_fwd_type value, or 0.
 */
u8 hive_fwd_type(struct file *file)
{
	umode_t mode = file_inode(file)->i_mode;
	unsigned int major;

	if (S_ISFIFO(mode))
		return HIVE_MIG_FWD_PIPE;
	if (S_ISSOCK(mode))
		return HIVE_MIG_FWD_SOCKET;
	if (!S_ISCHR(mode))
		return 0;
	major = imajor(file_inode(file));
	if (major == TTY_MAJOR ||
	    (major >= UNIX98_PTY_SLAVE_MAJOR &&
	     major < UNIX98_PTY_SLAVE_MAJOR + UNIX98_PTY_MAJOR_COUNT))
		return HIVE_MIG_FWD_TTY;
	return 0;
}

/**
 * hive_fwd_export() - a new handle for a descriptor, served to no node yet
 * @file: the descriptor; the handle takes a reference of its own
 * @type: hive_fwd_type()'s answer for it, not 0
 * @id: set to the handle
 *
 * Context: process; sleeps (opens the twin of a pipe or terminal).
 * Return: 0, -ENOMEM, or the twin's open error.
 */
int hive_fwd_export(struct file *file, u8 type, u64 *id)
{
	struct hive_fwd_handle *h;

	h = kzalloc(sizeof(*h), GFP_KERNEL);
	if (!h)
		return -ENOMEM;
	if (type == HIVE_MIG_FWD_SOCKET) {
		h->io = file;
	} else {
		int flags = (file->f_flags & O_ACCMODE) | O_NONBLOCK | O_NOCTTY | O_LARGEFILE;

		h->io = dentry_open(&file->f_path, flags, file->f_cred);
		if (IS_ERR(h->io)) {
			int err = PTR_ERR(h->io);

			kfree(h);
			return err;
		}
	}
	atomic_inc(&hive_fwd_count);
	refcount_set(&h->ref, 1);
	h->id = atomic64_inc_return(&hive_fwd_next_id);
	h->type = type;
	h->file = get_file(file);
	spin_lock(&hive_fwd_lock);
	hash_add(hive_fwd_handles, &h->link, h->id);
	spin_unlock(&hive_fwd_lock);
	*id = h->id;
	return 0;
}

/**
 * hive_fwd_served() - how many descriptors this node serves under a handle
 *
 * Context: any.
 * Return: the handles alive, those of a move under way included.
 */
int hive_fwd_served(void)
{
	return atomic_read(&hive_fwd_count);
}

/*
 * Serve handle @id to @to from now, if @from holds it (0: it is served to
 * no node yet) or passed it on last.  -EBADF for neither, -EHOSTDOWN for
 * a @to not in the view.
 */
static int hive_fwd_hand(u64 id, u32 from, u32 to)
{
	const struct hive_view_member *m;
	struct hive_fwd_handle *h;
	u64 incarnation;
	int err = -EBADF;

	rcu_read_lock();
	m = hive_view_find(hive_view_rcu(), to);
	incarnation = m ? m->incarnation : 0;
	rcu_read_unlock();
	if (!m)
		return -EHOSTDOWN;
	spin_lock(&hive_fwd_lock);
	hash_for_each_possible(hive_fwd_handles, h, link, id) {
		if (h->id != id || (h->node != from && (!from || h->from != from)))
			continue;
		if (h->node == from)
			h->from = from;
		h->node = to;
		h->incarnation = incarnation;
		err = 0;
		break;
	}
	spin_unlock(&hive_fwd_lock);
	return err;
}

/**
 * hive_fwd_grant() - serve handle @id to @node, and to no other
 * @id: a handle hive_fwd_export() made, served to no node yet
 * @node: the node its proxy will be on
 *
 * Context: any.
 * Return: 0, or -EHOSTDOWN if @node is not a member of the view.
 */
int hive_fwd_grant(u64 id, u32 node)
{
	return hive_fwd_hand(id, 0, node);
}

/**
 * hive_fwd_unexport() - serve handle @id no more
 * @id: a handle hive_fwd_export() made
 *
 * For a move that failed: its target may still send RELEASE, which then
 * finds nothing.
 *
 * Context: any but hard interrupt (puts files).
 */
void hive_fwd_unexport(u64 id)
{
	hive_fwd_drop(id, 0);
}

/**
 * hive_fwd_reclaim() - the descriptor of handle @id, for its process back here
 * @id: a handle this node serves
 * @node: the node it is served to: this one, where its process comes back
 *
 * The handle stays until hive_fwd_unexport() once the process runs here:
 * if its rebuild fails, the node it came from takes the handle back.
 *
 * Context: process.
 * Return: the descriptor, referenced, or ERR_PTR(-EBADF) if @id is not
 * served to @node.
 */
struct file *hive_fwd_reclaim(u64 id, u32 node)
{
	struct hive_fwd_handle *h = hive_fwd_get(id, node);
	struct file *file;

	if (!h)
		return ERR_PTR(-EBADF);
	file = get_file(h->file);
	hive_fwd_put(h);
	return file;
}

/*
 * Waiting for a descriptor to be ready, from a worker: the wait queue
 * entries its poll registers wake the worker.
 */
struct hive_fwd_poller {
	poll_table pt;
	struct task_struct *task;
	bool woken;
	u32 n;
	wait_queue_head_t *head[HIVE_FWD_POLL_HEADS];
	wait_queue_entry_t wait[HIVE_FWD_POLL_HEADS];
};

static int hive_fwd_wake(wait_queue_entry_t *wait, unsigned int mode, int sync, void *key)
{
	struct hive_fwd_poller *p = wait->private;

	WRITE_ONCE(p->woken, true);
	return wake_up_process(p->task);
}

static void hive_fwd_queue(struct file *file, wait_queue_head_t *head, poll_table *pt)
{
	struct hive_fwd_poller *p = container_of(pt, struct hive_fwd_poller, pt);

	if (WARN_ON_ONCE(p->n == HIVE_FWD_POLL_HEADS))
		return;
	init_waitqueue_func_entry(&p->wait[p->n], hive_fwd_wake);
	p->wait[p->n].private = p;
	add_wait_queue(head, &p->wait[p->n]);
	p->head[p->n++] = head;
}

/*
 * The events of @events (and errors, hang-ups) @file has, waiting up to
 * @timeout jiffies for one.
 */
static __poll_t hive_fwd_wait(struct file *file, __poll_t events, long timeout)
{
	struct hive_fwd_poller p = { .task = current };
	__poll_t mask;
	u32 i;

	events |= EPOLLERR | EPOLLHUP;
	init_poll_funcptr(&p.pt, hive_fwd_queue);
	p.pt._key = events;
	for (;;) {
		mask = vfs_poll(file, &p.pt);
		p.pt._qproc = NULL;
		if ((mask & events) || timeout <= 0)
			break;
		set_current_state(TASK_IDLE);
		if (!READ_ONCE(p.woken))
			timeout = schedule_timeout(timeout);
		__set_current_state(TASK_RUNNING);
		WRITE_ONCE(p.woken, false);
	}
	for (i = 0; i < p.n; i++)
		remove_wait_queue(p.head[i], &p.wait[i]);
	return mask;
}

/* One non-blocking read or write of @io. */
static ssize_t hive_fwd_rw(struct file *io, void *buf, size_t len, bool write)
{
	struct kvec kv = { .iov_base = buf, .iov_len = len };
	struct iov_iter iter;
	struct kiocb kiocb;

	if (!(io->f_mode & (write ? FMODE_CAN_WRITE : FMODE_CAN_READ)))
		return -EBADF;
	init_sync_kiocb(&kiocb, io);
	kiocb.ki_flags |= IOCB_NOWAIT;
	iov_iter_kvec(&iter, write ? ITER_SOURCE : ITER_DEST, &kv, 1, len);
	return write ? call_write_iter(io, &kiocb, &iter) : call_read_iter(io, &kiocb, &iter);
}

/*
 * READ or WRITE of @req on @h, @buf its data: what was done, waiting for
 * the descriptor up to a round if the caller asked to; -EAGAIN if it
 * never got ready.
 */
static ssize_t hive_fwd_transfer(struct hive_fwd_handle *h, const struct hive_mig_fwd_req *req,
				 void *buf)
{
	bool write = req->op == HIVE_MIG_FWD_WRITE;
	unsigned long deadline = jiffies + HIVE_FWD_ROUND;
	ssize_t done;

	for (;;) {
		long left = (long)(deadline - jiffies);

		done = hive_fwd_rw(h->io, buf, req->len, write);
		if (done != -EAGAIN || !(req->flags & HIVE_MIG_FWD_WAIT) || left <= 0)
			return done;
		hive_fwd_wait(h->io, write ? EPOLLOUT : EPOLLIN, left);
	}
}

/* A terminal's settings (struct termios) or size (struct winsize) into @out. */
static int hive_fwd_tty_query(struct hive_fwd_handle *h, u32 cmd, void *out)
{
	struct tty_file_private *priv = h->io->private_data;
	struct tty_struct *tty = priv->tty;

	BUILD_BUG_ON(sizeof(struct termios) != 36 || sizeof(struct winsize) != 8);
	if (h->type != HIVE_MIG_FWD_TTY)
		return -ENOTTY;
	if (cmd == HIVE_MIG_FWD_TCGETS) {
		/* TCGETS: struct termios is where struct ktermios begins. */
		down_read(&tty->termios_rwsem);
		memcpy(out, &tty->termios, sizeof(struct termios));
		up_read(&tty->termios_rwsem);
	} else {
		mutex_lock(&tty->winsize_mutex);
		memcpy(out, &tty->winsize, sizeof(struct winsize));
		mutex_unlock(&tty->winsize_mutex);
	}
	return 0;
}

/* The reply: @result and @len bytes of @data. */
static int hive_fwd_answer(struct hive_rpc_reply *reply, u32 result, const void *data, u32 len)
{
	struct hive_mig_fwd_reply r = { .result = result };
	u8 *body = hive_rpc_reply_alloc(reply, HIVE_MIG_FWD_REPLY_LEN + len);

	if (!body)
		return -ENOMEM;
	if (hive_mig_fwd_reply_encode(&r, body, HIVE_MIG_FWD_REPLY_LEN) < 0)
		return -EPROTO;
	memcpy(body + HIVE_MIG_FWD_REPLY_LEN, data, len);
	return 0;
}

/* One request on handle @h. */
static int hive_fwd_do(struct hive_fwd_handle *h, const struct hive_mig_fwd_req *req,
		       const u8 *data, struct hive_rpc_reply *reply)
{
	u8 query[36];
	ssize_t done;
	void *buf;
	int err;

	switch (req->op) {
	case HIVE_MIG_FWD_WRITE:
		done = hive_fwd_transfer(h, req, (void *)data);
		return done < 0 ? done : hive_fwd_answer(reply, done, NULL, 0);
	case HIVE_MIG_FWD_READ:
		buf = kvmalloc(req->len, GFP_KERNEL);
		if (!buf)
			return -ENOMEM;
		done = hive_fwd_transfer(h, req, buf);
		err = done < 0 ? done : hive_fwd_answer(reply, done, buf, done);
		kvfree(buf);
		return err;
	case HIVE_MIG_FWD_POLL:
		return hive_fwd_answer(reply, hive_fwd_wait(h->io, req->arg,
			req->flags & HIVE_MIG_FWD_WAIT ? HIVE_FWD_ROUND : 0) & req->arg, NULL, 0);
	case HIVE_MIG_FWD_IOCTL:
		err = hive_fwd_tty_query(h, req->arg, query);
		return err ?: hive_fwd_answer(reply, 0, query, hive_mig_fwd_ioctl_len(req->arg));
	default:
		return -EPROTO;
	}
}

/*
 * MIGRATE_FORWARD, on an RPC worker: a call for READ, WRITE, POLL, IOCTL
 * and PASS, a cast for RELEASE.  A handle that is not the sender's is
 * -EBADF; so is PASS of one the sender neither holds nor passed on last.
 */
static int hive_fwd_serve(const struct hive_rpc_msg *msg, struct hive_rpc_reply *reply)
{
	struct hive_mig_fwd_req req;
	struct hive_fwd_handle *h;
	u32 data_len;
	int err;

	err = hive_mig_fwd_req_decode(msg->data, msg->len, &req);
	if (err < 0)
		return err;
	data_len = req.op == HIVE_MIG_FWD_WRITE ? req.len : 0;
	if (msg->len != HIVE_MIG_FWD_REQ_LEN + data_len || msg->nr_pages ||
	    (req.op == HIVE_MIG_FWD_RELEASE) != !reply)
		return -EBADMSG;
	if (req.op == HIVE_MIG_FWD_RELEASE) {
		hive_fwd_drop(req.handle, msg->node);
		return 0;
	}
	if (req.op == HIVE_MIG_FWD_PASS)
		return hive_fwd_hand(req.handle, msg->node, req.arg) ?:
		       hive_fwd_answer(reply, 0, NULL, 0);
	h = hive_fwd_get(req.handle, msg->node);
	if (!h)
		return -EBADF;
	err = hive_fwd_do(h, &req, msg->data + HIVE_MIG_FWD_REQ_LEN, reply);
	hive_fwd_put(h);
	return err;
}

/* Handles of a node that left the view, or came back a new incarnation. */
static int hive_fwd_view_event(struct notifier_block *nb, unsigned long action, void *data)
{
	const struct hive_view *view = data;
	struct hive_fwd_handle *h;
	struct hlist_node *tmp;
	HLIST_HEAD(gone);
	int bkt;

	spin_lock(&hive_fwd_lock);
	hash_for_each_safe(hive_fwd_handles, bkt, tmp, h, link) {
		const struct hive_view_member *m = hive_view_find(view, h->node);

		if (!h->node ||
		    (m && (!m->incarnation || !h->incarnation || m->incarnation == h->incarnation)))
			continue;
		hash_del(&h->link);
		hlist_add_head(&h->link, &gone);
	}
	spin_unlock(&hive_fwd_lock);
	hlist_for_each_entry_safe(h, tmp, &gone, link)
		hive_fwd_put(h);
	return NOTIFY_OK;
}

static struct notifier_block hive_fwd_view_nb = {
	.notifier_call = hive_fwd_view_event,
};

/**
 * hive_fwd_init() - serve MIGRATE_FORWARD
 *
 * Context: process (module init), before the RPC layer starts.
 * Return: 0 or hive_rpc_register()'s error.
 */
int hive_fwd_init(void)
{
	return hive_rpc_register(HIVE_RPC_OP_MIGRATE_FORWARD, hive_fwd_serve, HIVE_RPC_WORKER) ?:
	       hive_view_notifier_register(&hive_fwd_view_nb);
}

/**
 * hive_fwd_exit() - stop serving, and put every handle
 *
 * Context: process (module exit), after the RPC layer stopped.
 */
void hive_fwd_exit(void)
{
	struct hive_fwd_handle *h;
	struct hlist_node *tmp;
	int bkt;

	hive_view_notifier_unregister(&hive_fwd_view_nb);
	hive_rpc_unregister(HIVE_RPC_OP_MIGRATE_FORWARD);
	hash_for_each_safe(hive_fwd_handles, bkt, tmp, h, link) {
		hash_del(&h->link);
		hive_fwd_put(h);
	}
}
