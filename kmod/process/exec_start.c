// SPDX-License-Identifier: GPL-2.0
/*
 * Starting remote-execution sessions (Documentation/exec.rst).  On the
 * origin node, EXEC_START takes the caller's effective uid, gid and groups
 * from its credentials (never from the request), picks the target node
 * (`--node auto`: the least busy by LOAD) and sends START.  The target
 * node starts its exec helper (the hive.ko parameter exec_helper) as a
 * user-mode helper, which takes the session over with EXEC_ATTACH, runs
 * the command with those credentials and tells the kernel, with
 * DOMAIN_JOIN, that the command is the session's.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cred.h>
#include <linux/module.h>
#include <linux/sched/loadavg.h>
#include <linux/slab.h>
#include <linux/umh.h>
#include <net/genetlink.h>
#include "admin/admin.h"
#include "exec.h"
#include "membership/membership.h"
#include "node.h"
#include "process.h"
#include "rpc/rpc.h"

#define HIVE_EXEC_START_TIMEOUT		(10 * HZ)
#define HIVE_EXEC_LOAD_TIMEOUT		(2 * HZ)
/* How often a target's end looks whether its helper still lives. */
#define HIVE_EXEC_ATTACH_CHECK		(5 * HZ)

char *hive_exec_helper = "/usr/local/libexec/hive/hive-exec";
module_param_named(exec_helper, hive_exec_helper, charp, 0444);
MODULE_PARM_DESC(exec_helper,
		 "the exec helper this node starts for remote-execution sessions");

/* Session ids of this origin: a random start, so a reloaded module does
 * not reuse the ids its previous incarnation's targets may still hold. */
static atomic64_t hive_exec_next_id;

/*
 * Starts exec helpers.  A spawn waits for the user-mode helper's own work,
 * which runs on system_unbound_wq; were the spawns there too, a burst of
 * them could take every worker that queue may run and wait forever for
 * works queued behind them.  At most HIVE_EXEC_SPAWNS_MAX wait at once.
 */
#define HIVE_EXEC_SPAWNS_MAX	16
static struct workqueue_struct *hive_exec_spawn_wq;

/* This node's LOAD answer. */
static void hive_exec_local_load(struct hive_exec_load *load)
{
	load->load_milli = (avenrun[0] * 1000) >> FSHIFT;
	load->cpus = clamp_t(u32, num_online_cpus(), 1, HIVE_EXEC_LOAD_CPUS_MAX);
	load->sessions = hive_exec_target_count();
}

static int hive_exec_load_serve(const struct hive_rpc_msg *msg,
				struct hive_rpc_reply *reply)
{
	struct hive_exec_load load;
	u8 *buf;

	if (!reply || msg->len)
		return -EBADMSG;
	buf = hive_rpc_reply_alloc(reply, HIVE_EXEC_LOAD_LEN);
	if (!buf)
		return -ENOMEM;
	hive_exec_local_load(&load);
	return min(hive_exec_load_encode(&load, buf, HIVE_EXEC_LOAD_LEN), 0);
}

/*
 * The view's member ids, in a new array of *@count; NULL without a view or
 * memory.
 */
static u32 *hive_exec_members(u32 *count)
{
	const struct hive_view *view;
	u32 *ids = NULL;
	u32 i, n;

	for (;;) {
		rcu_read_lock();
		view = hive_view_rcu();
		n = view ? view->count : 0;
		if (ids && n <= *count) {
			for (i = 0; i < n; i++)
				ids[i] = view->members[i].node_id;
			*count = n;
			rcu_read_unlock();
			return ids;
		}
		rcu_read_unlock();
		kfree(ids);
		if (!n)
			return NULL;
		ids = kmalloc_array(n, sizeof(*ids), GFP_KERNEL);
		if (!ids)
			return NULL;
		*count = n;
	}
}

/**
 * hive_pick_node() - the least busy member of the view, by LOAD
 * @self: this node's id
 * @others: pass this node over (a process leaves it)
 * @skip: a node passed over too (0: none): a moved process's home node,
 *	which it cannot move back to yet
 *
 * For `--node auto` and `hivectl migrate PID auto`.  On a tie the first
 * asked wins (this node, then ascending ids).  The members are asked one
 * after another within HIVE_EXEC_LOAD_TIMEOUT in all; one that does not
 * answer by then, or is not asked before it, is passed over.
 *
 * Context: process; sleeps for the answers.
 * Return: the member's id; @self if no other member answered, 0 instead
 * with @others.
 */
u32 hive_pick_node(u32 self, bool others, u32 skip)
{
	unsigned long deadline = jiffies + HIVE_EXEC_LOAD_TIMEOUT;
	struct hive_exec_load best_load, load;
	u8 buf[HIVE_EXEC_LOAD_LEN];
	u32 *ids, count, i, len;
	u32 best = others ? 0 : self;
	long left;

	if (!others)
		hive_exec_local_load(&best_load);
	ids = hive_exec_members(&count);
	for (i = 0; ids && i < count; i++) {
		left = (long)(deadline - jiffies);
		if (left <= 0)
			break;
		if (ids[i] == self || ids[i] == skip ||
		    hive_rpc_call(ids[i], HIVE_RPC_OP_EXEC_LOAD, NULL, 0, buf,
				  sizeof(buf), &len, left) ||
		    hive_exec_load_decode(buf, len, &load) != len)
			continue;
		if (!best || hive_exec_load_busier(&best_load, &load)) {
			best = ids[i];
			best_load = load;
		}
	}
	kfree(ids);
	return best;
}

/*
 * The START request for @s: the caller's credentials, its confinement
 * that the target reproduces (no_new_privs, its cgroup, its LSM label)
 * and @spec.
 */
static u8 *hive_exec_start_request(struct hive_exec *s, const struct nlattr *spec,
				   u32 *len, struct netlink_ext_ack *extack)
{
	const struct cred *cred = current_cred();
	const struct group_info *gi = cred->group_info;
	struct hive_exec_start m = {
		.session = s->id,
		.origin_pid = current->tgid,
		.uid = from_kuid_munged(&init_user_ns, cred->euid),
		.gid = from_kgid_munged(&init_user_ns, cred->egid),
		.ngroups = gi->ngroups,
		.spec_len = nla_len(spec),
		.flags = task_no_new_privs(current) ? HIVE_EXEC_START_NO_NEW_PRIVS : 0,
	};
	/* The cgroup's path, then the label, each NUL-terminated. */
	const size_t label_at = HIVE_EXEC_START_CGROUP_MAX + 1;
	char *confine;
	int n;
	u8 *buf = NULL, *p;
	u32 i;

	if (gi->ngroups > HIVE_EXEC_START_GROUPS_MAX) {
		NL_SET_ERR_MSG(extack, "the caller is in more supplementary groups than hive carries (256)");
		return ERR_PTR(-E2BIG);
	}
	confine = kmalloc(label_at + HIVE_EXEC_START_LABEL_MAX + 1, GFP_KERNEL);
	if (!confine)
		return ERR_PTR(-ENOMEM);
	n = hive_confine_cgroup(confine, label_at);
	if (n < 0) {
		NL_SET_ERR_MSG(extack, "the caller's cgroup path is longer than hive carries (4096 bytes)");
		buf = ERR_PTR(n);
		goto out;
	}
	m.cgroup_len = n;
	n = hive_confine_label(confine + label_at, HIVE_EXEC_START_LABEL_MAX + 1);
	if (n >= 0 && !hive_exec_start_label_valid((u8 *)confine + label_at, n))
		n = -EINVAL;
	if (n < 0) {
		NL_SET_ERR_MSG(extack, "the caller's LSM label cannot be carried to another node (longer than 1024 bytes, or not printable); run the command here");
		buf = ERR_PTR(n == -EINVAL ? -EPERM : n);
		goto out;
	}
	m.label_len = n;
	*len = HIVE_EXEC_START_LEN + 4 * m.ngroups + m.cgroup_len + m.label_len +
	       m.spec_len;
	buf = kvmalloc(*len, GFP_KERNEL);
	if (!buf) {
		buf = ERR_PTR(-ENOMEM);
		goto out;
	}
	if (hive_exec_start_encode(&m, buf, *len) < 0) {
		kvfree(buf);
		buf = ERR_PTR(-EINVAL);
		goto out;
	}
	for (i = 0; i < m.ngroups; i++)
		hive_exec_group_encode(from_kgid_munged(&init_user_ns, gi->gid[i]),
				       buf, *len, i);
	p = buf + HIVE_EXEC_START_LEN + 4 * m.ngroups;
	memcpy(p, confine, m.cgroup_len);
	memcpy(p + m.cgroup_len, confine + label_at, m.label_len);
	memcpy(buf + *len - m.spec_len, nla_data(spec), m.spec_len);
out:
	kfree(confine);
	return buf;
}

static void hive_exec_start_extack(struct netlink_ext_ack *extack, int err)
{
	switch (err) {
	case -EHOSTDOWN:
		NL_SET_ERR_MSG(extack, "the node is not a member of the cluster");
		break;
	case -ENOTCONN:
		NL_SET_ERR_MSG(extack, "the cluster has no quorum here: cluster operations are refused");
		break;
	case -EAGAIN:
		NL_SET_ERR_MSG(extack, "the node runs as many exec sessions as it may (1024, the last 64 for root)");
		break;
	case -EDQUOT:
		NL_SET_ERR_MSG(extack, "the node runs as many exec sessions, or starts as many helpers, for this user as it may (its exec_sessions_per_user, exec_spawns_per_user)");
		break;
	case -ETIMEDOUT:
		NL_SET_ERR_MSG(extack, "the node did not answer in time");
		break;
	}
}

/* Send START for @s to its target; the session is in the table already. */
static int hive_exec_send_start(struct hive_exec *s, const struct nlattr *spec,
				struct netlink_ext_ack *extack)
{
	u32 len, reply_len;
	u8 *buf;
	int err;

	buf = hive_exec_start_request(s, spec, &len, extack);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	err = hive_rpc_call(s->peer, HIVE_RPC_OP_EXEC_START, buf, len, NULL, 0,
			    &reply_len, HIVE_EXEC_START_TIMEOUT);
	kvfree(buf);
	hive_exec_start_extack(extack, err);
	return err;
}

static int hive_exec_start_reply(struct genl_info *info, u32 node, u64 id)
{
	struct sk_buff *msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	void *hdr;

	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &hive_genl_family, 0, HIVE_CMD_EXEC_START);
	if (!hdr || nla_put_u32(msg, HIVE_ATTR_NODE_ID, node) ||
	    (id && nla_put_u64_64bit(msg, HIVE_ATTR_EXEC_SESSION, id,
				     HIVE_ATTR_UNSPEC))) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/**
 * hive_genl_exec_start() - HIVE_CMD_EXEC_START: begin a session
 * @skb: the request
 * @info: its attributes
 *
 * When the node chosen is this one, the reply has no session: the caller
 * runs the command itself.
 *
 * Context: process (generic netlink, parallel); sleeps (RPC calls).
 * Return: 0 with a reply, or -errno with the extended ack saying why.
 */
int hive_genl_exec_start(struct sk_buff *skb, struct genl_info *info)
{
	struct hive_node_info self;
	struct hive_exec *s;
	u32 node;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, HIVE_ATTR_EXEC_SPEC)) {
		NL_SET_ERR_MSG(info->extack, "a spec attribute is required");
		return -EINVAL;
	}
	hive_node_get(&self);
	if (!self.node_id) {
		NL_SET_ERR_MSG(info->extack, "this node has no node id yet");
		return -ENOTCONN;
	}
	node = info->attrs[HIVE_ATTR_NODE_ID] ?
	       nla_get_u32(info->attrs[HIVE_ATTR_NODE_ID]) :
	       hive_pick_node(self.node_id, false, 0);
	if (node == self.node_id)
		return hive_exec_start_reply(info, node, 0);
	err = hive_confine_check(info->extack);
	if (err)
		return err;
	s = hive_exec_alloc(self.node_id, atomic64_inc_return(&hive_exec_next_id) ?: 1,
			    node, true);
	if (!s)
		return -ENOMEM;
	s->uid = from_kuid_munged(&init_user_ns, current_euid());
	hive_exec_own(s, info);
	err = hive_exec_add(s);
	if (err) {
		if (err == -EAGAIN)
			NL_SET_ERR_MSG(info->extack, "this node runs as many exec sessions as it may (1024, the last 64 for root)");
		else if (err == -EDQUOT)
			NL_SET_ERR_MSG(info->extack, "this user has as many exec sessions on this node as it may (exec_sessions_per_user)");
		hive_exec_put(s);
		return err;
	}
	/* The table has the first reference now; this is the call's. */
	kref_get(&s->ref);
	err = hive_exec_send_start(s, info->attrs[HIVE_ATTR_EXEC_SPEC], info->extack);
	if (!err)
		err = hive_exec_start_reply(info, node, s->id);
	/* A START that timed out may still have started the target's end. */
	if (err)
		hive_exec_end(s, 0, true);
	hive_exec_put(s);
	return err;
}

/* In the helper's new task, before its exec: remember the process. */
static int hive_exec_helper_init(struct subprocess_info *info, struct cred *new)
{
	struct hive_exec *s = info->data;

	s->helper = get_task_pid(current, PIDTYPE_PID);
	return 0;
}

/* Runs the exec helper for a target's session end; holds a reference. */
static void hive_exec_spawn(struct work_struct *work)
{
	struct hive_exec *s = container_of(work, struct hive_exec, spawn);
	static char *envp[] = {
		"HOME=/", "PATH=/sbin:/usr/sbin:/bin:/usr/bin", NULL
	};
	char origin[12], id[24];
	char *argv[] = {
		hive_exec_helper, "--origin", origin, "--session", id, NULL
	};
	struct subprocess_info *info;
	bool watched;
	int err = -ENOMEM;

	snprintf(origin, sizeof(origin), "%u", s->origin);
	snprintf(id, sizeof(id), "%llu", s->id);
	info = call_usermodehelper_setup(hive_exec_helper, argv, envp, GFP_KERNEL,
					 hive_exec_helper_init, NULL, s);
	if (info)
		err = call_usermodehelper_exec(info, UMH_WAIT_EXEC);
	if (err) {
		pr_warn_ratelimited("cannot start the exec helper %s for a session of node %u: error %d\n",
				    hive_exec_helper, s->origin, err);
		hive_exec_end(s, -ECHILD, true);
		hive_exec_put(s);
		return;
	}
	/*
	 * The helper runs (its exec completed, so hive_exec_helper_init()
	 * set s->helper before this): watch it until it attaches, unless it
	 * attached already.  The spawn's reference passes to the watch.
	 */
	spin_lock(&s->lock);
	watched = !s->owner && !s->ended;
	if (watched)
		queue_delayed_work(system_unbound_wq, &s->attach_timeout,
				   HIVE_EXEC_ATTACH_CHECK);
	spin_unlock(&s->lock);
	if (!watched)
		hive_exec_put(s);
}

/*
 * Watches a target's end until its helper attaches: ends the session once
 * the helper ended without attaching.  No clock: a helper that is slow to
 * start on a busy node is waited for as long as it lives.  Holds a
 * reference, which it keeps while it watches on.
 */
static void hive_exec_attach_expired(struct work_struct *work)
{
	struct hive_exec *s = container_of(to_delayed_work(work), struct hive_exec,
					   attach_timeout);
	bool alive;

	if (!READ_ONCE(s->owner) && !READ_ONCE(s->ended)) {
		rcu_read_lock();
		alive = pid_task(s->helper, PIDTYPE_PID);
		rcu_read_unlock();
		if (alive) {
			queue_delayed_work(system_unbound_wq, &s->attach_timeout,
					   HIVE_EXEC_ATTACH_CHECK);
			return;
		}
		pr_warn_ratelimited("the exec helper for a session of node %u ended before it attached\n",
				    s->origin);
		hive_exec_end(s, -ECHILD, true);
	}
	hive_exec_put(s);
}

/* START: make the target's end and start its helper. */
static int hive_exec_start_serve(const struct hive_rpc_msg *msg,
				 struct hive_rpc_reply *reply)
{
	struct hive_exec_start head;
	struct hive_exec *s;
	int err;

	if (!reply || msg->len < HIVE_EXEC_START_LEN)
		return -EBADMSG;
	/* The session id is read again, whole, below. */
	err = hive_exec_start_decode(msg->data, msg->len, &head);
	if (err < 0)
		return -EBADMSG;
	s = hive_exec_alloc(msg->node, head.session, msg->node, false);
	if (!s)
		return -ENOMEM;
	err = -EBADMSG;
	if (hive_exec_start_check(msg->data, msg->len, &s->creds, s->groups))
		goto out;
	s->uid = s->creds.uid;
	err = -ENOMEM;
	s->cgroup = kmemdup_nul(msg->data + HIVE_EXEC_START_LEN + 4 * s->creds.ngroups,
				s->creds.cgroup_len, GFP_KERNEL);
	if (!s->cgroup)
		goto out;
	s->label = kmemdup_nul(msg->data + HIVE_EXEC_START_LEN + 4 * s->creds.ngroups +
			       s->creds.cgroup_len, s->creds.label_len, GFP_KERNEL);
	if (!s->label)
		goto out;
	s->start_len = s->creds.spec_len;
	s->start = kvmalloc(s->start_len, GFP_KERNEL);
	if (!s->start)
		goto out;
	memcpy(s->start, msg->data + msg->len - s->start_len, s->start_len);
	INIT_WORK(&s->spawn, hive_exec_spawn);
	INIT_DELAYED_WORK(&s->attach_timeout, hive_exec_attach_expired);
	err = hive_exec_add(s);
	if (err)
		goto out;
	kref_get(&s->ref);
	queue_work(hive_exec_spawn_wq, &s->spawn);
	return 0;
out:
	hive_exec_put(s);
	return err;
}

static int hive_exec_attach_reply(struct genl_info *info, struct hive_exec *s)
{
	struct sk_buff *msg = genlmsg_new(nla_total_size(s->start_len) +
					  nla_total_size(sizeof(s->groups)) +
					  nla_total_size(s->creds.cgroup_len + 1) +
					  nla_total_size(s->creds.label_len + 1) +
					  NLMSG_GOODSIZE, GFP_KERNEL);
	void *hdr;

	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &hive_genl_family, 0, HIVE_CMD_EXEC_ATTACH);
	if (!hdr ||
	    nla_put(msg, HIVE_ATTR_EXEC_SPEC, s->start_len, s->start) ||
	    nla_put_u32(msg, HIVE_ATTR_EXEC_UID, s->creds.uid) ||
	    nla_put_u32(msg, HIVE_ATTR_EXEC_GID, s->creds.gid) ||
	    nla_put(msg, HIVE_ATTR_EXEC_GROUPS, 4 * s->creds.ngroups, s->groups) ||
	    nla_put_u32(msg, HIVE_ATTR_EXEC_ORIGIN_PID, s->creds.origin_pid) ||
	    nla_put_string(msg, HIVE_ATTR_EXEC_CGROUP, s->cgroup) ||
	    (s->label[0] && nla_put_string(msg, HIVE_ATTR_EXEC_LABEL, s->label))) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/* The target's end @info names, with a reference, or NULL and -ESRCH. */
static struct hive_exec *hive_exec_target_of(struct genl_info *info)
{
	struct hive_exec *s;

	if (GENL_REQ_ATTR_CHECK(info, HIVE_ATTR_EXEC_SESSION) ||
	    GENL_REQ_ATTR_CHECK(info, HIVE_ATTR_NODE_ID))
		return NULL;
	s = hive_exec_find(nla_get_u32(info->attrs[HIVE_ATTR_NODE_ID]),
			   nla_get_u64(info->attrs[HIVE_ATTR_EXEC_SESSION]));
	if (s && s->is_origin) {
		hive_exec_put(s);
		s = NULL;
	}
	if (!s)
		NL_SET_ERR_MSG(info->extack, "this node is target of no such exec session");
	return s;
}

/**
 * hive_genl_exec_attach() - HIVE_CMD_EXEC_ATTACH: the helper takes a session
 * @skb: the request
 * @info: its attributes
 *
 * Context: process (generic netlink, parallel).
 * Return: 0 with the reply; -ESRCH for no such target end, -EBUSY if its
 * helper attached already, -EINVAL, -ENOMEM, -EMSGSIZE.
 */
int hive_genl_exec_attach(struct sk_buff *skb, struct genl_info *info)
{
	struct hive_exec *s = hive_exec_target_of(info);
	int err = 0;

	if (!s)
		return -ESRCH;
	spin_lock(&s->lock);
	if (s->owner)
		err = -EBUSY;
	else
		hive_exec_own(s, info);
	spin_unlock(&s->lock);
	if (err) {
		NL_SET_ERR_MSG(info->extack, "the session has its helper already");
		goto out;
	}
	if (cancel_delayed_work(&s->attach_timeout))
		hive_exec_put(s);
	err = hive_exec_attach_reply(info, s);
	/* A helper that got no spec cannot run the command: say so. */
	if (err)
		hive_exec_end(s, -ECHILD, true);
out:
	hive_exec_put(s);
	return err;
}

/**
 * hive_genl_exec_join() - DOMAIN_JOIN for the command of a session
 * @info: the request, with EXEC_SESSION and NODE_ID (the origin)
 *
 * The caller must be a child of the session's helper; it joins the
 * domain with the origin caller as the parent listings show.
 *
 * Context: process (generic netlink, parallel).
 * Return: 0; -ESRCH for no such target end, -EPERM if the caller's parent
 * is not its helper, -ENOMEM.
 */
int hive_genl_exec_join(struct genl_info *info)
{
	struct hive_exec *s = hive_exec_target_of(info);
	bool orphan, child;
	int err;

	if (!s)
		return -ESRCH;
	rcu_read_lock();
	child = hive_exec_owned_by(s, task_tgid(rcu_dereference(current->real_parent)));
	rcu_read_unlock();
	if (!child) {
		NL_SET_ERR_MSG(info->extack, "only a child of the session's helper joins as its command");
		hive_exec_put(s);
		return -EPERM;
	}
	err = hive_domain_join_as_child(s->creds.origin_pid);
	if (err)
		goto out;
	/* The caller's confinement that the command carries (exec.rst). */
	if (s->creds.flags & HIVE_EXEC_START_NO_NEW_PRIVS)
		task_set_no_new_privs(current);
	/*
	 * Either the origin's end closes after this and hive_exec_orphan()
	 * finds the command, or it closed before and the command is an
	 * orphan at once.
	 */
	spin_lock(&s->lock);
	orphan = s->peer_closed || s->error;
	if (!orphan)
		s->command = current->tgid;
	spin_unlock(&s->lock);
	if (orphan)
		hive_domain_orphan(current->tgid, s->creds.origin_pid);
out:
	hive_exec_put(s);
	return err;
}

/**
 * hive_exec_init() - serve remote execution
 *
 * Context: process (module init), after the RPC layer is up.
 * Return: 0, -ENOMEM, or hive_rpc_register()'s or the notifier's error.
 */
int hive_exec_init(void)
{
	int err;

	atomic64_set(&hive_exec_next_id, get_random_u64() >> 1);
	hive_exec_spawn_wq = alloc_workqueue("hive_exec_spawn", WQ_UNBOUND,
					     HIVE_EXEC_SPAWNS_MAX);
	if (!hive_exec_spawn_wq)
		return -ENOMEM;
	err = hive_rpc_register(HIVE_RPC_OP_EXEC_START, hive_exec_start_serve,
				HIVE_RPC_ORDERED);
	if (err)
		goto out_wq;
	err = hive_rpc_register(HIVE_RPC_OP_EXEC_LOAD, hive_exec_load_serve,
				HIVE_RPC_WORKER);
	if (err)
		goto out_start;
	err = hive_exec_stream_init();
	if (!err)
		return 0;
	hive_rpc_unregister(HIVE_RPC_OP_EXEC_LOAD);
out_start:
	hive_rpc_unregister(HIVE_RPC_OP_EXEC_START);
out_wq:
	destroy_workqueue(hive_exec_spawn_wq);
	return err;
}

/**
 * hive_exec_exit() - stop serving remote execution
 *
 * No session is left: each held a module reference.
 *
 * Context: process (module exit).
 */
void hive_exec_exit(void)
{
	hive_exec_stream_exit();
	hive_rpc_unregister(HIVE_RPC_OP_EXEC_LOAD);
	hive_rpc_unregister(HIVE_RPC_OP_EXEC_START);
	destroy_workqueue(hive_exec_spawn_wq);
}
