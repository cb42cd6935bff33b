// SPDX-License-Identifier: GPL-2.0
/*
 * Remote-execution sessions (Documentation/exec.rst): the table of this
 * node's session ends and the stream between the two ends of each.  Each
 * end belongs to one process, hivectl on the origin node and the exec
 * helper on the target, which write chunks (EXEC_WRITE, sent as a DATA
 * message) and read the other end's (EXEC_READ, from this end's queue).
 * A writer sends only within its credit, the room left in the other end's
 * queue (HIVE_EXEC_QUEUE_MAX at first), so several chunks are on their way
 * at once and no queue grows beyond its bound; the reader gives the room
 * back with a WINDOW once half the queue was read, or all of it.  The
 * kernel never reads a chunk.  An end closes when its process's netlink
 * socket does, and tells the other end with a CLOSE, which follows the
 * chunks sent before it.
 *
 * Netlink calls wait at most HIVE_EXEC_WAIT for the other end (READ for a
 * chunk, WRITE for credit), and WRITE then at most HIVE_EXEC_SEND_TIMEOUT
 * for room in the transport's queue: a generic netlink call holds the
 * family table's lock for reading while it runs, and a longer wait would
 * hold up every family registration on the machine.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/hashtable.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include "admin/admin.h"
#include "exec.h"
#include "membership/membership.h"
#include "node.h"
#include "process.h"
#include "rpc/rpc.h"

#define HIVE_EXEC_SESSIONS_MAX	1024
/* Session ends only root's sessions may take. */
#define HIVE_EXEC_ROOT_RESERVE	64
#define HIVE_EXEC_QUEUE_MAX	HIVE_EXEC_WINDOW_MAX
#define HIVE_EXEC_WAIT		HZ
#define HIVE_EXEC_SEND_TIMEOUT	(10 * HZ)
#define HIVE_EXEC_CLOSE_TIMEOUT	(2 * HZ)

/*
 * Per-user limits (Documentation/exec.rst, "Limits"), read whenever an end
 * is added; root's sessions have neither.
 */
static unsigned int hive_exec_sessions_per_user = 128;
module_param_named(exec_sessions_per_user, hive_exec_sessions_per_user, uint, 0644);
MODULE_PARM_DESC(exec_sessions_per_user,
		 "the most exec session ends one user other than root may have on this node");
static unsigned int hive_exec_spawns_per_user = 8;
module_param_named(exec_spawns_per_user, hive_exec_spawns_per_user, uint, 0644);
MODULE_PARM_DESC(exec_spawns_per_user,
		 "the most exec helpers starting at once on this node for one user other than root");

/* One chunk queued at the end it was sent to. */
struct hive_exec_chunk {
	struct list_head list;
	u32 len;
	u8 data[];
};

/*
 * The session table, keyed by (origin, id), and its counts.
 * hive_exec_lock protects them; it is taken in process context only (RPC
 * handlers, netlink calls, the netlink release notifier, works) and never
 * held across a sleep.  A session's own lock nests inside it.
 */
static DEFINE_SPINLOCK(hive_exec_lock);
static DEFINE_HASHTABLE(hive_exec_table, 8);
static u32 hive_exec_count;
static u32 hive_exec_targets;

static u64 hive_exec_key(u32 origin, u64 id)
{
	return id ^ ((u64)origin << 32);
}

static u32 hive_exec_self(void)
{
	struct hive_node_info self;

	hive_node_get(&self);
	return self.node_id;
}

/*
 * Whether @node is a member of the view in force, and its incarnation
 * there in *@incarnation: 0 while it has not announced itself in this
 * ring (in a ring formed again every incarnation starts unknown).
 */
static bool hive_exec_incarnation(u32 node, u64 *incarnation)
{
	const struct hive_view_member *m;
	const struct hive_view *view;

	rcu_read_lock();
	view = hive_view_rcu();
	m = view ? hive_view_find(view, node) : NULL;
	*incarnation = m ? m->incarnation : 0;
	rcu_read_unlock();
	return m;
}

/**
 * hive_exec_alloc() - a new session end, not yet in the table
 * @origin: the origin node
 * @id: the session id the origin gave it
 * @peer: the node of the other end
 * @is_origin: this is the origin's end
 *
 * Context: process, may sleep.
 * Return: the end, holding one reference, or NULL without memory.
 */
struct hive_exec *hive_exec_alloc(u32 origin, u64 id, u32 peer, bool is_origin)
{
	struct hive_exec *s = kzalloc(sizeof(*s), GFP_KERNEL);

	if (!s)
		return NULL;
	kref_init(&s->ref);
	INIT_HLIST_NODE(&s->hash);
	s->id = id;
	s->origin = origin;
	s->peer = peer;
	hive_exec_incarnation(peer, &s->peer_incarnation);
	s->is_origin = is_origin;
	s->born = jiffies;
	mutex_init(&s->send_lock);
	spin_lock_init(&s->lock);
	INIT_LIST_HEAD(&s->queue);
	s->credit = HIVE_EXEC_QUEUE_MAX;
	init_waitqueue_head(&s->wait);
	return s;
}

static void hive_exec_release(struct kref *ref)
{
	struct hive_exec *s = container_of(ref, struct hive_exec, ref);
	struct hive_exec_chunk *c, *tmp;
	bool counted = s->ended;

	list_for_each_entry_safe(c, tmp, &s->queue, list)
		kfree(c);
	kvfree(s->start);
	put_pid(s->helper);
	put_pid(s->owner);
	kfree(s->cgroup);
	kfree(s->label);
	kfree(s);
	/* Only an end that was in the table took a module reference. */
	if (counted)
		module_put(THIS_MODULE);
}

/**
 * hive_exec_put() - drop a reference to a session end
 * @s: the end
 *
 * Context: any process context.
 */
void hive_exec_put(struct hive_exec *s)
{
	kref_put(&s->ref, hive_exec_release);
}

/**
 * hive_exec_own() - make a session end the calling process's
 * @s: an end without an owner; its lock held if it is in the table
 * @info: the netlink call of the process, whose socket's release ends @s
 *
 * Context: process; may hold @s->lock.
 */
void hive_exec_own(struct hive_exec *s, const struct genl_info *info)
{
	s->owner_portid = info->snd_portid;
	/* Readers see the portid once they see an owner. */
	smp_store_release(&s->owner, get_pid(task_tgid(current)));
}

/**
 * hive_exec_owned_by() - whether a session end belongs to a process
 * @s: the end
 * @tgid: the process's struct pid (task_tgid()); a process that got the
 *	owner's number after the owner ended has another
 *
 * Context: any.
 */
bool hive_exec_owned_by(const struct hive_exec *s, const struct pid *tgid)
{
	return READ_ONCE(s->owner) == tgid;
}

/* The end (@origin, @id) in the table; the caller holds hive_exec_lock. */
static struct hive_exec *__hive_exec_find(u32 origin, u64 id)
{
	struct hive_exec *s;

	hash_for_each_possible(hive_exec_table, s, hash,
			       hive_exec_key(origin, id))
		if (s->origin == origin && s->id == id)
			return s;
	return NULL;
}

/*
 * Whether @s may join the table: 0, or why not (hive_exec_add()).  A
 * target's end without an owner waits for its helper.
 * The caller holds hive_exec_lock.
 */
static int hive_exec_over_limit(const struct hive_exec *s)
{
	const struct hive_exec *t;
	u32 sessions = 0, spawns = 0;
	int bkt;

	if (hive_exec_count >= HIVE_EXEC_SESSIONS_MAX)
		return -EAGAIN;
	if (!s->uid)
		return 0;
	if (hive_exec_count >= HIVE_EXEC_SESSIONS_MAX - HIVE_EXEC_ROOT_RESERVE)
		return -EAGAIN;
	hash_for_each(hive_exec_table, bkt, t, hash) {
		if (t->uid != s->uid)
			continue;
		sessions++;
		spawns += !t->is_origin && !READ_ONCE(t->owner);
	}
	if (sessions >= READ_ONCE(hive_exec_sessions_per_user) ||
	    (!s->is_origin && spawns >= READ_ONCE(hive_exec_spawns_per_user)))
		return -EDQUOT;
	return 0;
}

/**
 * hive_exec_add() - put a new end into the table
 * @s: from hive_exec_alloc(), with its owner or its START set
 *
 * The table takes over the caller's reference; the end holds a module
 * reference until it is freed, so hive.ko stays loaded while a session
 * lives.
 *
 * Context: process.
 * Return: 0; -EAGAIN with HIVE_EXEC_SESSIONS_MAX ends on this node (with
 * all but the root reserve for a user other than root), -EDQUOT when the
 * end's user has exec_sessions_per_user ends, or (a target's end)
 * exec_spawns_per_user helpers starting, -EEXIST if the end is there
 * already, -ENODEV while hive.ko unloads.
 * On error the caller still holds its reference.
 */
int hive_exec_add(struct hive_exec *s)
{
	int err;

	if (!try_module_get(THIS_MODULE))
		return -ENODEV;
	spin_lock(&hive_exec_lock);
	err = hive_exec_over_limit(s);
	if (!err && __hive_exec_find(s->origin, s->id))
		err = -EEXIST;
	if (!err) {
		hash_add(hive_exec_table, &s->hash, hive_exec_key(s->origin, s->id));
		hive_exec_count++;
		hive_exec_targets += !s->is_origin;
	}
	spin_unlock(&hive_exec_lock);
	if (err)
		module_put(THIS_MODULE);
	return err;
}

/**
 * hive_exec_find() - look up a session end in the table
 * @origin: its origin node
 * @id: its session id
 *
 * Context: process.
 * Return: the end with a reference for the caller, or NULL.
 */
struct hive_exec *hive_exec_find(u32 origin, u64 id)
{
	struct hive_exec *s;

	spin_lock(&hive_exec_lock);
	s = __hive_exec_find(origin, id);
	if (s)
		kref_get(&s->ref);
	spin_unlock(&hive_exec_lock);
	return s;
}

/*
 * A CLOSE (@value: 0 or why the session failed) or a WINDOW (@value: the
 * room it gives back) for the other end of @s.
 */
static int hive_exec_send_ctl(struct hive_exec *s, u16 op, int value)
{
	struct hive_exec_head head = {
		.session = s->id,
		.flags = s->is_origin ? 0 : HIVE_EXEC_TO_ORIGIN,
	};
	struct hive_exec_window window = { .room = value };
	u8 buf[HIVE_EXEC_HEAD_LEN + HIVE_EXEC_WINDOW_LEN];
	u32 len = HIVE_EXEC_HEAD_LEN;
	int rc;

	if (op == HIVE_RPC_OP_EXEC_CLOSE)
		head.error = value;
	rc = hive_exec_head_encode(&head, buf, HIVE_EXEC_HEAD_LEN);
	if (rc >= 0 && op == HIVE_RPC_OP_EXEC_WINDOW) {
		rc = hive_exec_window_encode(&window, buf + len,
					     HIVE_EXEC_WINDOW_LEN);
		len += HIVE_EXEC_WINDOW_LEN;
	}
	if (rc < 0)
		return rc;
	return hive_rpc_cast(s->peer, op, buf, len, HIVE_EXEC_CLOSE_TIMEOUT);
}

/**
 * hive_exec_end() - take a session end out of the table and close it
 * @s: the end; the caller holds a reference
 * @err: 0, or why the session failed, for the other end; 0 passes on
 *	the failure this end met, if any (hive_exec_fail())
 * @tell_peer: send the other end a CLOSE
 *
 * Waiting readers and writers of this end return; the other end, told,
 * reads EOF (or the error) after what it has queued.  A second call does
 * nothing.
 *
 * Context: process, may sleep.
 */
void hive_exec_end(struct hive_exec *s, int err, bool tell_peer)
{
	bool was_in;

	spin_lock(&hive_exec_lock);
	was_in = !hlist_unhashed(&s->hash);
	if (was_in) {
		hash_del(&s->hash);
		hive_exec_count--;
		hive_exec_targets -= !s->is_origin;
		spin_lock(&s->lock);
		s->ended = true;
		err = err ?: s->error;
		spin_unlock(&s->lock);
	}
	spin_unlock(&hive_exec_lock);
	if (!was_in)
		return;
	wake_up_all(&s->wait);
	/*
	 * A peer that does not take the CLOSE has left the view or
	 * restarted, which its end notices on its own.
	 */
	if (tell_peer)
		hive_exec_send_ctl(s, HIVE_RPC_OP_EXEC_CLOSE, err);
	hive_exec_put(s);
}

/**
 * hive_exec_target_count() - how many session ends this node is target of
 *
 * Context: any process context.
 * Return: the count.
 */
u32 hive_exec_target_count(void)
{
	/* One word, written under hive_exec_lock: a snapshot needs no lock. */
	return READ_ONCE(hive_exec_targets);
}

/**
 * hive_exec_sessions() - how many session ends this node has
 *
 * Context: any process context.
 * Return: the count, origin and target ends alike.
 */
u32 hive_exec_sessions(void)
{
	/* One word, written under hive_exec_lock: a snapshot needs no lock. */
	return READ_ONCE(hive_exec_count);
}

/* What /proc/hive/exec says of @s; the caller holds @s->lock. */
static const char *hive_exec_state_name(const struct hive_exec *s)
{
	if (s->error == -EHOSTDOWN)
		return "peer-lost";
	if (s->error)
		return "failed";
	if (s->peer_closed)
		return "peer-closed";
	return s->owner ? "open" : "starting";
}

/**
 * hive_exec_proc_show() - /proc/hive/exec: this node's session ends
 * @m: the file
 * @v: unused
 *
 * One line per end, in table order, after a header (Documentation/ABI/
 * testing/procfs-hive).
 *
 * Context: process (seq_file read).
 * Return: 0.
 */
int hive_exec_proc_show(struct seq_file *m, void *v)
{
	struct hive_exec *s;
	int bkt;

	seq_puts(m, "ORIGIN SESSION ROLE PEER OWNER COMMAND QUEUED AGE STATE\n");
	spin_lock(&hive_exec_lock);
	hash_for_each(hive_exec_table, bkt, s, hash) {
		spin_lock(&s->lock);
		seq_printf(m, "%u %llu %s %u %d %d %u %lu %s\n", s->origin, s->id,
			   s->is_origin ? "origin" : "target", s->peer,
			   pid_nr(s->owner), s->command, s->queued,
			   (jiffies - s->born) / HZ, hive_exec_state_name(s));
		spin_unlock(&s->lock);
	}
	spin_unlock(&hive_exec_lock);
	return 0;
}

/* The origin's end is gone: its command is an orphan now. */
static void hive_exec_orphan(struct hive_exec *s)
{
	pid_t command;

	if (s->is_origin)
		return;
	spin_lock(&s->lock);
	command = s->command;
	s->command = 0;
	spin_unlock(&s->lock);
	if (command)
		hive_domain_orphan(command, s->creds.origin_pid);
}

/*
 * The session fails with @err, unless it failed already: readers get it
 * after what is queued, writers at once.  The other end learns it from
 * the CLOSE this end sends when its process closes it.
 */
static void hive_exec_fail(struct hive_exec *s, int err)
{
	spin_lock(&s->lock);
	if (!s->error)
		s->error = err;
	spin_unlock(&s->lock);
	wake_up_all(&s->wait);
}

/*
 * Whether the other end's node left the view or restarted.  A member
 * whose incarnation is unknown in a ring formed again (a token lost under
 * load, the same members) has not restarted, as for the transport's
 * peers; one the session began without knowing is known from the first
 * check that sees it.
 */
static bool hive_exec_peer_gone(struct hive_exec *s)
{
	u64 now;

	if (!hive_exec_incarnation(s->peer, &now))
		return true;
	if (!now)
		return false;
	cmpxchg(&s->peer_incarnation, 0, now);
	return READ_ONCE(s->peer_incarnation) != now;
}

/*
 * The other end's node left the view or restarted: the session fails with
 * -EHOSTDOWN.
 */
static void hive_exec_check_peer(struct hive_exec *s)
{
	if (!hive_exec_peer_gone(s))
		return;
	hive_exec_fail(s, -EHOSTDOWN);
	hive_exec_orphan(s);
}

/*
 * The end a DATA, WINDOW or CLOSE from @node is for, with a reference, and
 * the chunk's length in *@chunk_len; NULL for a message that is malformed
 * (*@err -EBADMSG) or names no end of this node that @node is the other
 * end of (*@err -ESRCH).
 */
static struct hive_exec *hive_exec_of_msg(const struct hive_rpc_msg *msg,
					  u32 *chunk_len, int *err)
{
	struct hive_exec_head head;
	struct hive_exec *s;
	bool to_origin;

	*err = -EBADMSG;
	if (hive_exec_head_decode(msg->data, msg->len, &head) < 0)
		return NULL;
	*chunk_len = msg->len - HIVE_EXEC_HEAD_LEN;
	to_origin = head.flags & HIVE_EXEC_TO_ORIGIN;
	*err = -ESRCH;
	s = hive_exec_find(to_origin ? hive_exec_self() : msg->node, head.session);
	if (s && (s->peer != msg->node || s->is_origin != to_origin)) {
		hive_exec_put(s);
		s = NULL;
	}
	return s;
}

/*
 * DATA (one-way): queue the chunk.  The sender keeps within the room this
 * end gave it, so a chunk beyond that room, or malformed, breaks the
 * stream's rules and fails the session (-EPROTO), as a chunk that cannot
 * be kept does (-ENOMEM); one for an end that is gone is dropped.
 */
static int hive_exec_data_serve(const struct hive_rpc_msg *msg,
				struct hive_rpc_reply *reply)
{
	struct hive_exec_chunk *c = NULL;
	struct hive_exec *s;
	u32 len;
	int err;

	s = hive_exec_of_msg(msg, &len, &err);
	if (!s)
		return err;
	err = -EPROTO;
	if (!reply && len >= 1 && len <= HIVE_EXEC_CHUNK_MAX) {
		err = -ENOMEM;
		c = kmalloc(struct_size(c, data, len), GFP_KERNEL);
	}
	if (c) {
		c->len = len;
		memcpy(c->data, msg->data + HIVE_EXEC_HEAD_LEN, len);
		spin_lock(&s->lock);
		if (s->ended) {
			err = -ESRCH;
		} else if (s->queued + len > HIVE_EXEC_QUEUE_MAX) {
			err = -EPROTO;
		} else {
			list_add_tail(&c->list, &s->queue);
			s->queued += len;
			c = NULL;
			err = 0;
		}
		spin_unlock(&s->lock);
		kfree(c);
	}
	if (!err) {
		wake_up_all(&s->wait);
	} else if (err != -ESRCH) {
		pr_warn_ratelimited("exec session %u/%llu: a chunk from node %u was not queued (error %d): the session fails\n",
				    s->origin, s->id, msg->node, err);
		hive_exec_fail(s, err);
	}
	hive_exec_put(s);
	return err;
}

/*
 * WINDOW and CLOSE (one-way): the other end's queue has room again, or the
 * other end is gone, maybe with an error.
 */
static int hive_exec_ctl_serve(const struct hive_rpc_msg *msg,
			       struct hive_rpc_reply *reply)
{
	bool close = msg->op == HIVE_RPC_OP_EXEC_CLOSE;
	struct hive_exec_window window = {};
	struct hive_exec_head head;
	struct hive_exec *s;
	u32 len;
	int err;

	s = hive_exec_of_msg(msg, &len, &err);
	if (!s)
		return err;
	if (close)
		err = len ? -EBADMSG : 0;
	else if (len != HIVE_EXEC_WINDOW_LEN)
		err = -EBADMSG;
	else
		err = hive_exec_window_decode(msg->data + HIVE_EXEC_HEAD_LEN,
					      len, &window);
	if (err >= 0) {
		err = 0;
		/* Decoded once already by hive_exec_of_msg(). */
		hive_exec_head_decode(msg->data, msg->len, &head);
		spin_lock(&s->lock);
		if (!close) {
			/* Never more than was sent: the window stays bounded. */
			s->credit = min_t(u32, s->credit + window.room,
					  HIVE_EXEC_QUEUE_MAX);
		} else {
			s->peer_closed = true;
			if (head.error && !s->error)
				s->error = head.error;
		}
		spin_unlock(&s->lock);
		wake_up_all(&s->wait);
		if (close)
			hive_exec_orphan(s);
	}
	hive_exec_put(s);
	return err;
}

/*
 * The session end a netlink call names (EXEC_SESSION, NODE_ID: the origin),
 * with a reference, if it belongs to the calling process; else NULL and
 * why in *@err and the extended ack.
 */
static struct hive_exec *hive_exec_of_caller(struct genl_info *info, int *err)
{
	struct hive_exec *s;

	*err = -EINVAL;
	if (GENL_REQ_ATTR_CHECK(info, HIVE_ATTR_EXEC_SESSION) ||
	    GENL_REQ_ATTR_CHECK(info, HIVE_ATTR_NODE_ID)) {
		NL_SET_ERR_MSG(info->extack, "a session and its origin node are required");
		return NULL;
	}
	s = hive_exec_find(nla_get_u32(info->attrs[HIVE_ATTR_NODE_ID]),
			   nla_get_u64(info->attrs[HIVE_ATTR_EXEC_SESSION]));
	if (s && hive_exec_owned_by(s, task_tgid(current)))
		return s;
	if (s)
		hive_exec_put(s);
	*err = -ESRCH;
	NL_SET_ERR_MSG(info->extack, "the calling process has no such exec session");
	return NULL;
}

/* What a writer of @s may not go on for: 0, or the error to return. */
static int hive_exec_write_error(struct hive_exec *s)
{
	int err;

	spin_lock(&s->lock);
	err = s->ended ? -ESRCH : s->error ?: s->peer_closed ? -EPIPE : 0;
	spin_unlock(&s->lock);
	return err;
}

/* Take @len bytes of credit if there are: whether the writer may send. */
static bool hive_exec_take_credit(struct hive_exec *s, u32 len)
{
	bool taken;

	spin_lock(&s->lock);
	taken = s->credit >= len;
	if (taken)
		s->credit -= len;
	spin_unlock(&s->lock);
	return taken;
}

static bool hive_exec_writable(struct hive_exec *s, u32 len)
{
	bool writable;

	spin_lock(&s->lock);
	writable = s->credit >= len || s->ended || s->error || s->peer_closed;
	spin_unlock(&s->lock);
	return writable;
}

/*
 * Send one DATA once the other end's queue has room for its @len - head
 * bytes, waiting for a WINDOW at most HIVE_EXEC_WAIT, then at most
 * HIVE_EXEC_SEND_TIMEOUT for room in the transport's queue.  The caller
 * holds @s->send_lock, so chunks leave in order.
 */
static int hive_exec_send_data(struct hive_exec *s, const u8 *buf, u32 len)
{
	u32 chunk = len - HIVE_EXEC_HEAD_LEN;
	long left;
	int err;

	left = wait_event_killable_timeout(s->wait,
					   hive_exec_writable(s, chunk),
					   HIVE_EXEC_WAIT);
	if (left < 0)
		return left;
	err = hive_exec_write_error(s);
	if (err)
		return err;
	if (!hive_exec_take_credit(s, chunk)) {
		hive_exec_check_peer(s);
		return -EAGAIN;
	}
	err = hive_rpc_cast(s->peer, HIVE_RPC_OP_EXEC_DATA, buf, len,
			    HIVE_EXEC_SEND_TIMEOUT);
	if (err) {
		/* Not sent: the room is still the other end's. */
		spin_lock(&s->lock);
		s->credit += chunk;
		spin_unlock(&s->lock);
	}
	return err;
}

/**
 * hive_genl_exec_write() - HIVE_CMD_EXEC_WRITE: send one chunk
 * @skb: the request
 * @info: its attributes
 *
 * Context: process (generic netlink, parallel); sleeps, at most
 * HIVE_EXEC_WAIT for room in the other end's queue plus
 * HIVE_EXEC_SEND_TIMEOUT for room in the transport's.
 * Return: 0 once the chunk is on its way, with room kept for it at the
 * other end; -EAGAIN if that queue stayed full (nothing sent: send it
 * again); -EPIPE if the other end closed; -EHOSTDOWN, -ECHILD, -EPROTO or
 * -ENOMEM if the session failed; -ESRCH, -EINVAL; the cast's -ETIMEDOUT
 * or -EINTR (nothing sent).
 */
int hive_genl_exec_write(struct sk_buff *skb, struct genl_info *info)
{
	struct hive_exec_head head;
	struct nlattr *data;
	struct hive_exec *s;
	u8 *buf;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, HIVE_ATTR_EXEC_DATA)) {
		NL_SET_ERR_MSG(info->extack, "a data attribute is required");
		return -EINVAL;
	}
	s = hive_exec_of_caller(info, &err);
	if (!s)
		return err;
	data = info->attrs[HIVE_ATTR_EXEC_DATA];
	head = (struct hive_exec_head){
		.session = s->id,
		.flags = s->is_origin ? 0 : HIVE_EXEC_TO_ORIGIN,
	};
	err = -ENOMEM;
	buf = kvmalloc(HIVE_EXEC_HEAD_LEN + nla_len(data), GFP_KERNEL);
	if (!buf)
		goto out;
	err = hive_exec_head_encode(&head, buf, HIVE_EXEC_HEAD_LEN);
	if (err < 0)
		goto out_free;
	memcpy(buf + HIVE_EXEC_HEAD_LEN, nla_data(data), nla_len(data));
	err = mutex_lock_killable(&s->send_lock);
	if (err)
		goto out_free;
	err = hive_exec_send_data(s, buf, HIVE_EXEC_HEAD_LEN + nla_len(data));
	mutex_unlock(&s->send_lock);
	if (err == -EPIPE)
		NL_SET_ERR_MSG(info->extack, "the other end of the session has closed");
	else if (err == -EHOSTDOWN)
		NL_SET_ERR_MSG(info->extack, "the other node of the session left the cluster or restarted");
out_free:
	kvfree(buf);
out:
	hive_exec_put(s);
	return err;
}

static bool hive_exec_readable(struct hive_exec *s)
{
	bool readable;

	spin_lock(&s->lock);
	readable = !list_empty(&s->queue) || s->peer_closed || s->error ||
		   s->ended;
	spin_unlock(&s->lock);
	return readable;
}

/*
 * Take @s's oldest chunk, or set *@err / *@eof when there is none.  Its
 * room goes back to the other end once the reader has it
 * (hive_exec_consumed()).
 */
static struct hive_exec_chunk *hive_exec_dequeue(struct hive_exec *s, int *err,
						 bool *eof)
{
	struct hive_exec_chunk *c;

	spin_lock(&s->lock);
	c = list_first_entry_or_null(&s->queue, struct hive_exec_chunk, list);
	if (c) {
		list_del(&c->list);
		s->queued -= c->len;
	} else {
		*err = s->ended ? -ESRCH : s->error;
		*eof = !*err && s->peer_closed;
	}
	spin_unlock(&s->lock);
	return c;
}

/* A chunk whose reply was not sent goes back to the front. */
static void hive_exec_requeue(struct hive_exec *s, struct hive_exec_chunk *c)
{
	spin_lock(&s->lock);
	list_add(&c->list, &s->queue);
	s->queued += c->len;
	spin_unlock(&s->lock);
}

/*
 * A chunk of @len bytes reached the reader (0: none, only try again what
 * an earlier call could not send).  Once half the queue was read, or all
 * of it, the other end gets the room back in a WINDOW: every byte of room
 * goes back exactly once, so neither end waits for room the other has.
 * A WINDOW that could not be sent keeps its room for the next read.
 */
static void hive_exec_consumed(struct hive_exec *s, u32 len)
{
	u32 room = 0;

	spin_lock(&s->lock);
	s->read += len;
	if (s->read >= HIVE_EXEC_QUEUE_MAX / 2 || !s->queued) {
		room = s->read;
		s->read = 0;
	}
	spin_unlock(&s->lock);
	if (room && hive_exec_send_ctl(s, HIVE_RPC_OP_EXEC_WINDOW, room)) {
		spin_lock(&s->lock);
		s->read += room;
		spin_unlock(&s->lock);
	}
}

/**
 * hive_genl_exec_read() - HIVE_CMD_EXEC_READ: the next chunk
 * @skb: the request
 * @info: its attributes
 *
 * Context: process (generic netlink, parallel); sleeps up to
 * HIVE_EXEC_WAIT.
 * Return: 0 with a reply holding EXEC_DATA (one chunk), EXEC_EOF (the other
 * end closed and everything was read) or neither (nothing came within
 * HIVE_EXEC_WAIT: read again); -EHOSTDOWN or -ECHILD once the session
 * failed and everything was read; -ESRCH, -EINVAL, -ENOMEM.
 */
int hive_genl_exec_read(struct sk_buff *skb, struct genl_info *info)
{
	struct hive_exec_chunk *c = NULL;
	struct sk_buff *msg = NULL;
	bool eof = false;
	struct hive_exec *s;
	long left;
	void *hdr;
	int err;

	s = hive_exec_of_caller(info, &err);
	if (!s)
		return err;
	left = wait_event_killable_timeout(s->wait, hive_exec_readable(s),
					   HIVE_EXEC_WAIT);
	err = left;
	if (left < 0)
		goto out;
	if (!left)
		hive_exec_check_peer(s);
	err = 0;
	c = hive_exec_dequeue(s, &err, &eof);
	/* An empty queue: give back any room a WINDOW failed to. */
	if (!c)
		hive_exec_consumed(s, 0);
	if (err == -EHOSTDOWN)
		NL_SET_ERR_MSG(info->extack, "the other node of the session left the cluster or restarted");
	else if (err == -ECHILD)
		NL_SET_ERR_MSG(info->extack, "the target node could not start its exec helper");
	if (err)
		goto out_free;
	err = -ENOMEM;
	msg = genlmsg_new(nla_total_size(c ? c->len : 0) + nla_total_size(0),
			  GFP_KERNEL);
	if (!msg)
		goto out_free;
	err = -EMSGSIZE;
	hdr = genlmsg_put_reply(msg, info, &hive_genl_family, 0, HIVE_CMD_EXEC_READ);
	if (!hdr ||
	    (c && nla_put(msg, HIVE_ATTR_EXEC_DATA, c->len, c->data)) ||
	    (eof && nla_put_flag(msg, HIVE_ATTR_EXEC_EOF)))
		goto out_free;
	genlmsg_end(msg, hdr);
	err = genlmsg_reply(msg, info);
	msg = NULL;
	if (!err && c) {
		hive_exec_consumed(s, c->len);
		kfree(c);
		c = NULL;
	}
out_free:
	nlmsg_free(msg);
	if (c)
		hive_exec_requeue(s, c);
out:
	hive_exec_put(s);
	return err;
}

/*
 * A netlink socket closed: every session end it owned closes, and the
 * other end is told.
 */
static int hive_exec_netlink_event(struct notifier_block *nb,
				   unsigned long event, void *ptr)
{
	struct netlink_notify *n = ptr;
	struct hive_exec *s;
	int bkt;

	if (event != NETLINK_URELEASE || n->protocol != NETLINK_GENERIC ||
	    !net_eq(n->net, &init_net))
		return NOTIFY_DONE;
	do {
		spin_lock(&hive_exec_lock);
		hash_for_each(hive_exec_table, bkt, s, hash)
			if (smp_load_acquire(&s->owner) &&
			    s->owner_portid == n->portid)
				break;
		if (s)
			kref_get(&s->ref);
		spin_unlock(&hive_exec_lock);
		if (s) {
			hive_exec_end(s, 0, true);
			hive_exec_put(s);
		}
	} while (s);
	return NOTIFY_DONE;
}

static struct notifier_block hive_exec_netlink_nb = {
	.notifier_call = hive_exec_netlink_event,
};

/**
 * hive_exec_stream_init() - serve DATA, WINDOW and CLOSE; end sessions
 * whose socket closes
 *
 * Context: process (module init).
 * Return: 0, or hive_rpc_register()'s or the notifier's error.
 */
int hive_exec_stream_init(void)
{
	int err;

	err = hive_rpc_register(HIVE_RPC_OP_EXEC_DATA, hive_exec_data_serve,
				HIVE_RPC_ORDERED);
	if (err)
		return err;
	err = hive_rpc_register(HIVE_RPC_OP_EXEC_WINDOW, hive_exec_ctl_serve,
				HIVE_RPC_ORDERED);
	if (err)
		goto out_data;
	err = hive_rpc_register(HIVE_RPC_OP_EXEC_CLOSE, hive_exec_ctl_serve,
				HIVE_RPC_ORDERED);
	if (err)
		goto out_window;
	err = netlink_register_notifier(&hive_exec_netlink_nb);
	if (!err)
		return 0;
	hive_rpc_unregister(HIVE_RPC_OP_EXEC_CLOSE);
out_window:
	hive_rpc_unregister(HIVE_RPC_OP_EXEC_WINDOW);
out_data:
	hive_rpc_unregister(HIVE_RPC_OP_EXEC_DATA);
	return err;
}

/**
 * hive_exec_stream_exit() - stop serving the stream
 *
 * The table is empty: every end holds a module reference.
 *
 * Context: process (module exit).
 */
void hive_exec_stream_exit(void)
{
	netlink_unregister_notifier(&hive_exec_netlink_nb);
	hive_rpc_unregister(HIVE_RPC_OP_EXEC_CLOSE);
	hive_rpc_unregister(HIVE_RPC_OP_EXEC_WINDOW);
	hive_rpc_unregister(HIVE_RPC_OP_EXEC_DATA);
}
