// SPDX-License-Identifier: GPL-2.0
/*
 * The cluster's process table (Documentation/processes.rst): each node
 * answers LIST with its own domain processes, and /proc/hive/processes
 * asks every node of the view when it is opened, so what it shows is at
 * most one round trip old and a reaped process is gone from it at once.
 * A node that leaves the view before it answered, or does not answer
 * within HIVE_RPC_ANSWER_TIMEOUT, is left out and counted in list_errors.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mm.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include "hive/process.h"
#include "membership/membership.h"
#include "node.h"
#include "process.h"
#include "rpc/rpc.h"

#define HIVE_LIST_REPLY_MAX	(HIVE_PROC_LIST_REPLY_LEN + \
				 HIVE_PROC_LIST_MAX * HIVE_PROC_ENTRY_LEN)

atomic64_t hive_list_errors = ATOMIC64_INIT(0);

/* LIST: this node's members from the request's cursor on. */
static int hive_list_serve(const struct hive_rpc_msg *msg,
			   struct hive_rpc_reply *reply)
{
	struct hive_proc_list_reply head = { 0 };
	struct hive_proc_list_req req;
	struct hive_proc_entry *entries;
	struct hive_node_info self;
	u8 *buf;
	u32 i;
	int err = -ENOMEM;

	if (!reply ||
	    hive_proc_list_req_decode(msg->data, msg->len, &req) != msg->len)
		return -EBADMSG;
	entries = kvmalloc_array(req.max, sizeof(*entries), GFP_KERNEL);
	if (!entries)
		return -ENOMEM;
	hive_node_get(&self);
	head.count = hive_domain_list(self.node_id, req.cursor, entries,
				      req.max, &head.next);
	buf = hive_rpc_reply_alloc(reply, HIVE_PROC_LIST_REPLY_LEN +
				   head.count * HIVE_PROC_ENTRY_LEN);
	if (!buf)
		goto out;
	err = hive_proc_list_reply_encode(&head, buf, HIVE_PROC_LIST_REPLY_LEN);
	for (i = 0; err >= 0 && i < head.count; i++)
		err = hive_proc_entry_encode(&entries[i],
					     buf + HIVE_PROC_LIST_REPLY_LEN +
					     i * HIVE_PROC_ENTRY_LEN,
					     HIVE_PROC_ENTRY_LEN);
	err = min(err, 0);
out:
	kvfree(entries);
	return err;
}

/* What one open of /proc/hive/processes shows. */
struct hive_list_table {
	struct hive_proc_entry *entries;
	u32 count;
	u32 cap;
	u8 *reply;		/* one LIST reply at a time */
};

/* Room for @more entries at the end of @t. */
static struct hive_proc_entry *hive_list_reserve(struct hive_list_table *t,
						 u32 more)
{
	struct hive_proc_entry *bigger;
	u32 cap;

	if (t->count + more > t->cap) {
		cap = max(t->cap * 2, t->count + more);
		bigger = kvrealloc(t->entries, t->cap * sizeof(*bigger),
				   (size_t)cap * sizeof(*bigger), GFP_KERNEL);
		if (!bigger)
			return NULL;
		t->entries = bigger;
		t->cap = cap;
	}
	return &t->entries[t->count];
}

static int hive_list_local(struct hive_list_table *t, u32 node)
{
	struct hive_proc_entry *room;
	u32 cursor = 0;

	do {
		room = hive_list_reserve(t, HIVE_PROC_LIST_MAX);
		if (!room)
			return -ENOMEM;
		t->count += hive_domain_list(node, cursor, room,
					     HIVE_PROC_LIST_MAX, &cursor);
	} while (cursor);
	return 0;
}

/* LIST calls to @node until it says it is done; its entries must be its. */
static int hive_list_remote(struct hive_list_table *t, u32 node)
{
	struct hive_proc_list_req req = { .max = HIVE_PROC_LIST_MAX };
	struct hive_proc_list_reply head;
	struct hive_proc_entry *room;
	u8 buf[HIVE_PROC_LIST_REQ_LEN];
	u32 len, i, start = t->count;
	int err;

	do {
		err = hive_proc_list_req_encode(&req, buf, sizeof(buf));
		if (err < 0)
			break;
		err = hive_rpc_call(node, HIVE_RPC_OP_PROC_LIST, buf, sizeof(buf),
				    t->reply, HIVE_LIST_REPLY_MAX, &len,
				    HIVE_RPC_ANSWER_TIMEOUT);
		if (!err && hive_proc_list_reply_check(t->reply, len, &head) < 0)
			err = -EBADMSG;
		/* Each reply moves on from the cursor, or the loop would not end. */
		if (!err && head.next && head.next <= req.cursor)
			err = -EBADMSG;
		if (err)
			break;
		room = hive_list_reserve(t, head.count);
		if (!room) {
			err = -ENOMEM;
			break;
		}
		for (i = 0; i < head.count; i++) {
			hive_proc_entry_decode(t->reply + HIVE_PROC_LIST_REPLY_LEN +
					       i * HIVE_PROC_ENTRY_LEN,
					       HIVE_PROC_ENTRY_LEN, &room[i]);
			if (room[i].node != node || room[i].pid < req.cursor)
				err = -EBADMSG;
		}
		t->count += head.count;
		req.cursor = head.next;
	} while (!err && req.cursor);
	if (err) {
		t->count = start;
		atomic64_inc(&hive_list_errors);
		pr_warn_ratelimited("node %u did not list its processes: %pe\n",
				    node, ERR_PTR(err));
	}
	/* A node that cannot answer is left out; only our own memory matters. */
	return err == -ENOMEM ? err : 0;
}

static int hive_list_cmp(const void *a, const void *b)
{
	const struct hive_proc_entry *x = a, *y = b;

	if (x->node != y->node)
		return x->node < y->node ? -1 : 1;
	return x->pid < y->pid ? -1 : x->pid > y->pid;
}

/* The view's other members, at the moment of the call. */
static u32 *hive_list_peers(struct hive_node_info *self, u32 *count)
{
	const struct hive_view *view;
	u32 *ids = NULL, i, n = 0;

	rcu_read_lock();
	view = hive_view_rcu();
	if (view)
		ids = kmalloc_array(view->count, sizeof(*ids), GFP_ATOMIC);
	for (i = 0; ids && i < view->count; i++)
		if (view->members[i].node_id != self->node_id)
			ids[n++] = view->members[i].node_id;
	rcu_read_unlock();
	*count = n;
	return ids;
}

static int hive_list_build(struct hive_list_table *t)
{
	struct hive_node_info self;
	u32 *peers, count, i;
	int err;

	hive_node_get(&self);
	err = hive_list_local(t, self.node_id);
	if (err)
		return err;
	peers = hive_list_peers(&self, &count);
	if (peers) {
		t->reply = kvmalloc(HIVE_LIST_REPLY_MAX, GFP_KERNEL);
		if (!t->reply)
			err = -ENOMEM;
	}
	for (i = 0; peers && !err && i < count; i++)
		err = hive_list_remote(t, peers[i]);
	kfree(peers);
	kvfree(t->reply);
	t->reply = NULL;
	if (!err)
		sort(t->entries, t->count, sizeof(*t->entries), hive_list_cmp,
		     NULL);
	return err;
}

static void *hive_list_start(struct seq_file *m, loff_t *pos)
{
	struct hive_list_table *t = m->private;

	if (!*pos)
		return SEQ_START_TOKEN;
	return *pos <= t->count ? &t->entries[*pos - 1] : NULL;
}

static void *hive_list_next(struct seq_file *m, void *v, loff_t *pos)
{
	++*pos;
	return hive_list_start(m, pos);
}

static void hive_list_stop(struct seq_file *m, void *v)
{
}

static int hive_list_show(struct seq_file *m, void *v)
{
	const struct hive_proc_entry *e = v;

	if (v == SEQ_START_TOKEN) {
		seq_puts(m, "PID NODE HOME PPID PGID SID UID STATE START COMMAND\n");
		return 0;
	}
	seq_printf(m, "%u %u %u %u %u %u %u %c %llu ", e->pid, e->node,
		   hive_pid_home_node(e->pid), e->ppid, e->pgid, e->sid, e->uid, e->state,
		   div_u64(e->start_ns, NSEC_PER_SEC));
	seq_escape(m, e->comm, " \t\n\\");
	seq_putc(m, '\n');
	return 0;
}

static const struct seq_operations hive_list_seq_ops = {
	.start = hive_list_start,
	.next = hive_list_next,
	.stop = hive_list_stop,
	.show = hive_list_show,
};

static int hive_list_open(struct inode *inode, struct file *file)
{
	struct hive_list_table *t;
	int err;

	t = __seq_open_private(file, &hive_list_seq_ops, sizeof(*t));
	if (!t)
		return -ENOMEM;
	err = hive_list_build(t);
	if (err) {
		kvfree(t->entries);
		seq_release_private(inode, file);
	}
	return err;
}

static int hive_list_release(struct inode *inode, struct file *file)
{
	struct hive_list_table *t = ((struct seq_file *)file->private_data)->private;

	kvfree(t->entries);
	return seq_release_private(inode, file);
}

/* /proc/hive/processes, created by hive_procfs_init(). */
const struct proc_ops hive_processes_proc_ops = {
	.proc_open = hive_list_open,
	.proc_read = seq_read,
	.proc_lseek = seq_lseek,
	.proc_release = hive_list_release,
};

/**
 * hive_list_init() - serve LIST
 *
 * Context: process (module init), before the RPC layer starts.
 * Return: 0 or hive_rpc_register()'s error.
 */
int hive_list_init(void)
{
	return hive_rpc_register(HIVE_RPC_OP_PROC_LIST, hive_list_serve,
				 HIVE_RPC_WORKER);
}

/**
 * hive_list_exit() - stop serving LIST
 *
 * Context: process (module exit), after the RPC layer stopped.
 */
void hive_list_exit(void)
{
	hive_rpc_unregister(HIVE_RPC_OP_PROC_LIST);
}
