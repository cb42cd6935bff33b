// SPDX-License-Identifier: GPL-2.0
/*
 * HIVE_CMD_MIGRATE_CHECK: can this process move, and if not, why
 * (Documentation/migration.rst, "Checking a process").  The check stops
 * the process's threads, takes the state a migration would send, lets
 * them go on, and runs that state through the stream's codec: what it
 * reports is what a migration would find.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/pid_namespace.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include "admin/admin.h"
#include "migrate.h"
#include "node.h"
#include "process/process.h"
#include "rpc/rpc.h"

/*
 * How long a check by another node may take: its freeze's 10 s, the
 * capture and the stream, with room for a debug kernel.
 */
#define HIVE_CHECK_REMOTE_TIMEOUT	(60 * HZ)

/* For a process that moved: its deputy here is not what would move. */
#define HIVE_CHECK_MOVED \
	"the process runs on another node now (hivectl ps shows where): move it from there"

/**
 * hive_check_caller() - the caller of the current request, as a request
 *	from another node names it
 * @who: gets its uid, euid and CAP_KILL
 *
 * Context: process, the caller's.
 */
void hive_check_caller(struct hive_mig_check_req *who)
{
	who->uid = from_kuid_munged(&init_user_ns, current_uid());
	who->euid = from_kuid_munged(&init_user_ns, current_euid());
	who->flags = ns_capable_noaudit(&init_user_ns, CAP_KILL) ? HIVE_MIG_CHECK_CAP_KILL : 0;
}

/* As kill(2) decides who may signal @p, whom stopping it is like. */
static bool hive_check_permitted(const struct hive_mig_check_req *who,
				 struct task_struct *p)
{
	const struct cred *tcred;
	uid_t uid, suid;

	if (who->flags & HIVE_MIG_CHECK_CAP_KILL)
		return true;
	rcu_read_lock();
	tcred = __task_cred(p);
	uid = from_kuid_munged(&init_user_ns, tcred->uid);
	suid = from_kuid_munged(&init_user_ns, tcred->suid);
	rcu_read_unlock();
	return who->euid == suid || who->euid == uid || who->uid == suid || who->uid == uid;
}

/*
 * The domain process @who->pid of this node, referenced, for the caller
 * @who names: -ESRCH for none, -EXDEV for one outside the domain,
 * -EDEADLK for the caller's own process, -EPERM for another user's,
 * -EREMOTE for one that runs on another node (its deputy is here).
 */
static int hive_check_find(const struct hive_mig_check_req *who, struct task_struct **pp)
{
	struct task_struct *p;
	int err = 0;

	rcu_read_lock();
	p = pid_task(find_pid_ns(who->pid, &init_pid_ns), PIDTYPE_TGID);
	if (p)
		get_task_struct(p);
	rcu_read_unlock();
	if (!p)
		return -ESRCH;
	if (!hive_domain_member(p->tgid) || (p->flags & PF_KTHREAD))
		err = -EXDEV;
	else if (p->tgid == current->tgid)
		err = -EDEADLK;
	else if (!hive_check_permitted(who, p))
		err = -EPERM;
	else if (hive_domain_deputy_node(p->tgid))
		err = -EREMOTE;
	if (err)
		put_task_struct(p);
	else
		*pp = p;
	return err;
}

/* Freezes @p, takes its image, thaws it, and runs the image's stream. */
static int hive_check_capture(struct task_struct *p, struct hive_mig_image *image,
			      u32 *bytes)
{
	struct hive_node_info node;
	struct hive_freeze *fz;
	int err;

	if (READ_ONCE(p->signal->flags) & SIGNAL_STOP_STOPPED) {
		hive_why_add(&image->whys, HIVE_WHY_STOPPED, 0, NULL);
		return 0;
	}
	err = hive_freeze(p, image, &fz);
	if (err)
		return err;
	err = hive_capture_process(p, image);
	hive_thaw(fz);
	/* Without a leader or a home, the stream's rules refuse it anyway. */
	if (err || !image->nthreads || image->threads[0].rec.tid != p->tgid ||
	    !image->begin.home)
		return err;
	/* Any target will do: the stream is the same but for its name. */
	hive_node_get(&node);
	image->begin.source = node.node_id ?: HIVE_NODE_ID_MIN;
	image->begin.target = image->begin.source == HIVE_NODE_ID_MIN ?
			      HIVE_NODE_ID_MIN + 1 : HIVE_NODE_ID_MIN;
	err = hive_mig_stream_check(image, bytes);
	if (err == -ENOMEM)
		return err;
	if (err)
		hive_why_add(&image->whys, HIVE_WHY_STATE, -err, NULL);
	return 0;
}

static int hive_check_put_whys(struct sk_buff *msg, const struct hive_why_list *whys)
{
	u32 i, kept = min_t(u32, whys->count, HIVE_MIGRATE_WHYS_MAX);

	for (i = 0; i < kept; i++) {
		struct nlattr *nest = nla_nest_start(msg, HIVE_ATTR_MIGRATE_WHY);

		if (!nest || nla_put_u32(msg, HIVE_WHY_ATTR_CODE, whys->code[i]) ||
		    nla_put_u32(msg, HIVE_WHY_ATTR_ARG, whys->arg[i]) ||
		    (whys->detail[i][0] &&
		     nla_put_string(msg, HIVE_WHY_ATTR_DETAIL, whys->detail[i])))
			return -EMSGSIZE;
		nla_nest_end(msg, nest);
	}
	if (whys->count > kept &&
	    nla_put_u32(msg, HIVE_ATTR_MIGRATE_WHYS_LEFT, whys->count - kept))
		return -EMSGSIZE;
	return 0;
}

/**
 * hive_check_reply() - answer a request with a process's state and reasons
 * @info: the request
 * @cmd: its command (MIGRATE_CHECK, or MIGRATE for a process that stays)
 * @pid: the process
 * @image: its counts and reasons
 * @bytes: its stream's length
 *
 * Context: process (genetlink).
 * Return: genlmsg_reply()'s result, -ENOMEM or -EMSGSIZE.
 */
int hive_check_reply(struct genl_info *info, u8 cmd, pid_t pid,
		     const struct hive_mig_image *image, u32 bytes)
{
	struct sk_buff *msg;
	void *hdr;
	int err = -EMSGSIZE;

	/* Each reason: a nest, two u32 and a detail of at most 256 bytes. */
	msg = genlmsg_new(NLMSG_GOODSIZE +
			  HIVE_MIGRATE_WHYS_MAX * nla_total_size(3 * nla_total_size(4) +
								 HIVE_WHY_DETAIL_MAX),
			  GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &hive_genl_family, 0, cmd);
	if (!hdr ||
	    nla_put_u32(msg, HIVE_ATTR_PID, pid) ||
	    nla_put_u32(msg, HIVE_ATTR_MIGRATE_THREADS, image->nthreads) ||
	    nla_put_u32(msg, HIVE_ATTR_MIGRATE_MAPPINGS, image->nvmas) ||
	    nla_put_u32(msg, HIVE_ATTR_MIGRATE_STATE_BYTES, bytes) ||
	    nla_put_u64_64bit(msg, HIVE_ATTR_MIGRATE_MEMORY, image->anon_bytes,
			      HIVE_ATTR_UNSPEC))
		goto fail;
	err = hive_check_put_whys(msg, &image->whys);
	if (err)
		goto fail;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
fail:
	nlmsg_free(msg);
	return err;
}

/**
 * hive_check_reply_put() - a MIGRATE_CHECK reply of a captured image
 * @reply: the RPC reply whose body it becomes
 * @image: the process's counts and reasons
 * @bytes: its stream's length
 * @room: bytes the caller's head takes before it
 * @head: set to those bytes
 *
 * Context: process.
 * Return: 0, -ENOMEM, or the encoder's error.
 */
int hive_check_reply_put(struct hive_rpc_reply *reply, const struct hive_mig_image *image,
			 u32 bytes, u32 room, u8 **head)
{
	const struct hive_why_list *whys = &image->whys;
	u32 i, kept = min_t(u32, whys->count, HIVE_MIG_WHYS_MAX);
	struct hive_mig_check_reply counts = {
		.threads = image->nthreads,
		.mappings = image->nvmas,
		.state_bytes = bytes,
		.nwhys = kept,
		.whys_left = whys->count - kept,
		.memory = image->anon_bytes,
	};
	u32 len = HIVE_MIG_CHECK_REPLY_LEN, off;
	u8 *buf;
	int rc;

	static_assert(HIVE_MIG_WHYS_MAX == HIVE_MIGRATE_WHYS_MAX);
	static_assert(HIVE_WHY_DETAIL_MAX - 1 == HIVE_MIG_WHY_DETAIL_MAX);
	for (i = 0; i < kept; i++)
		len += HIVE_MIG_WHY_LEN + strlen(whys->detail[i]);
	buf = hive_rpc_reply_alloc(reply, room + len);
	if (!buf)
		return -ENOMEM;
	*head = buf;
	buf += room;
	rc = hive_mig_check_reply_encode(&counts, buf, len);
	for (off = HIVE_MIG_CHECK_REPLY_LEN, i = 0; rc >= 0 && i < kept; i++, off += rc) {
		struct hive_mig_why why = {
			.code = whys->code[i],
			.detail_len = strlen(whys->detail[i]),
			.arg = whys->arg[i],
		};

		rc = hive_mig_why_encode(&why, whys->detail[i], buf + off, len - off);
	}
	return rc < 0 ? rc : 0;
}

/*
 * MIGRATE_CHECK from another node's caller: what hive_genl_migrate_check()
 * does for a local one.  A worker handler: the freeze sleeps.  A process
 * outside the domain does not exist for another node; one that runs on
 * another node now is -EREMOTE.
 */
static int hive_check_serve(const struct hive_rpc_msg *msg, struct hive_rpc_reply *reply)
{
	struct hive_mig_check_req req;
	struct hive_mig_image *image;
	struct task_struct *p;
	u32 bytes = 0;
	u8 *head;
	int err;

	if (hive_mig_check_req_decode(msg->data, msg->len, &req) != msg->len)
		return -EBADMSG;
	err = hive_check_find(&req, &p);
	if (err)
		return err == -EPERM || err == -EREMOTE ? err : -ESRCH;
	image = kvzalloc(sizeof(*image), GFP_KERNEL);
	err = image ? hive_check_capture(p, image, &bytes) : -ENOMEM;
	if (!err)
		err = hive_check_reply_put(reply, image, bytes, 0, &head);
	hive_mig_image_free(image);
	put_task_struct(p);
	return err;
}

/* A MIGRATE_CHECK reply's reasons into @image->whys, after its check. */
static void hive_check_read_whys(const u8 *buf, u32 len, struct hive_mig_image *image,
				 u32 nwhys)
{
	u32 off = HIVE_MIG_CHECK_REPLY_LEN, i;
	char detail[HIVE_WHY_DETAIL_MAX];

	for (i = 0; i < nwhys; i++) {
		struct hive_mig_why why;
		const u8 *d;
		int rc = hive_mig_why_decode(buf + off, len - off, &why, &d);

		if (rc < 0)
			return;
		memcpy(detail, d, why.detail_len);
		detail[why.detail_len] = '\0';
		hive_why_add(&image->whys, why.code, why.arg, detail);
		off += rc;
	}
}

/**
 * hive_check_call() - a call answered by a MIGRATE_CHECK reply
 * @node: the node asked
 * @op: HIVE_RPC_OP_MIGRATE_CHECK or HIVE_RPC_OP_MIGRATE_MOVE
 * @req: the request
 * @req_len: its length
 * @head: gets the @room bytes before the check reply (NULL for none)
 * @room: their number
 * @image: gets the counts and reasons
 * @bytes: gets the stream's length
 * @timeout: the call's, in jiffies
 *
 * Context: process; sleeps for the answer.
 * Return: 0; -ENOMEM; -EBADMSG for an answer that is no such reply; the
 * call's error, or the one @node answered.
 */
int hive_check_call(u32 node, u16 op, const void *req, u32 req_len, void *head, u32 room,
		    struct hive_mig_image *image, u32 *bytes, long timeout)
{
	const u32 max = room + HIVE_MIG_CHECK_REPLY_MAX;
	struct hive_mig_check_reply counts;
	u8 *buf;
	u32 len;
	int err;

	buf = kvmalloc(max, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	err = hive_rpc_call(node, op, req, req_len, buf, max, &len, timeout);
	if (!err)
		err = len < room ? -EBADMSG :
		      hive_mig_check_reply_check(buf + room, len - room, &counts);
	if (!err) {
		if (room)
			memcpy(head, buf, room);
		image->nthreads = counts.threads;
		image->nvmas = counts.mappings;
		image->anon_bytes = counts.memory;
		*bytes = counts.state_bytes;
		hive_check_read_whys(buf + room, len - room, image, counts.nwhys);
		image->whys.count += counts.whys_left;
	}
	kvfree(buf);
	return err;
}

/* Asks @node to check @who->pid; its answer goes into @image and @bytes. */
static int hive_check_remote(u32 node, const struct hive_mig_check_req *who,
			     struct hive_mig_image *image, u32 *bytes,
			     struct genl_info *info)
{
	u8 req[HIVE_MIG_CHECK_REQ_LEN];
	int err;

	err = hive_mig_check_req_encode(who, req, sizeof(req));
	if (err < 0)
		return err;
	err = hive_check_call(node, HIVE_RPC_OP_MIGRATE_CHECK, req, sizeof(req), NULL, 0,
			      image, bytes, HIVE_CHECK_REMOTE_TIMEOUT);
	switch (err) {
	case -ESRCH:
		NL_SET_ERR_MSG(info->extack, "no such process on the node whose PID range holds it");
		break;
	case -EPERM:
		NL_SET_ERR_MSG(info->extack, "only the process's owner or a user with CAP_KILL may check it");
		break;
	case -EHOSTDOWN:
	case -ENOTCONN:
		NL_SET_ERR_MSG(info->extack, "the node whose PID range holds the process is not a member of the cluster");
		err = -EHOSTDOWN;
		break;
	case -EBADMSG:
		NL_SET_ERR_MSG(info->extack, "the node whose PID range holds the process sent a malformed answer");
		break;
	case -EREMOTE:
		NL_SET_ERR_MSG(info->extack, HIVE_CHECK_MOVED);
		break;
	}
	return err;
}

/**
 * hive_check_local_find() - the domain process a local request names
 * @who: the process and the caller
 * @pp: set to the process, referenced
 * @extack: gets a sentence on failure
 *
 * Context: process.
 * Return: 0; -ESRCH, -EINVAL (outside the domain, or the caller's own
 * process), -EPERM (another user's) or -EREMOTE (it moved away), with a
 * sentence.
 */
int hive_check_local_find(const struct hive_mig_check_req *who, struct task_struct **pp,
			  struct netlink_ext_ack *extack)
{
	int err = hive_check_find(who, pp);

	switch (err) {
	case -ESRCH:
		NL_SET_ERR_MSG(extack, "no such process on this node");
		return err;
	case -EXDEV:
		NL_SET_ERR_MSG(extack, "the process is not in the hive domain: only domain processes migrate");
		return -EINVAL;
	case -EDEADLK:
		NL_SET_ERR_MSG(extack, "a process cannot check or move itself: its threads would wait for each other");
		return -EINVAL;
	case -EPERM:
		NL_SET_ERR_MSG(extack, "only the process's owner or a user with CAP_KILL may check or move it");
		return err;
	case -EREMOTE:
		NL_SET_ERR_MSG(extack, HIVE_CHECK_MOVED);
		return err;
	}
	return err;
}

/* The local check of @who->pid; a sentence for what it refuses. */
static int hive_check_local(const struct hive_mig_check_req *who, struct hive_mig_image *image,
			    u32 *bytes, struct genl_info *info)
{
	struct task_struct *p;
	int err = hive_check_local_find(who, &p, info->extack);

	if (err)
		return err;
	err = hive_check_capture(p, image, bytes);
	put_task_struct(p);
	return err;
}

/*
 * The node that serves a check of @pid: the node a process whose deputy
 * is here runs on; this one if the process is here or its PID is of no
 * other node's range; else the node whose range holds it (where it runs,
 * or where its deputy says it moved on from).
 */
static u32 hive_check_node(pid_t pid)
{
	struct hive_node_info node;
	bool here;
	u32 home;

	rcu_read_lock();
	here = pid_task(find_pid_ns(pid, &init_pid_ns), PIDTYPE_TGID);
	rcu_read_unlock();
	if (here)
		return hive_domain_deputy_node(pid);
	home = hive_pid_home_node(pid);
	hive_node_get(&node);
	return !home || home == node.node_id ? 0 : home;
}

/**
 * hive_genl_migrate_check() - HIVE_CMD_MIGRATE_CHECK
 * @skb: the request
 * @info: its attributes: PID, required
 *
 * A process of another node's PID range that is not here is checked by
 * that node, one whose deputy is here by the node it runs on
 * (MIGRATE_CHECK call).
 *
 * Context: process (genetlink), the caller's; sleeps while the process's
 * threads reach a safe point, at most HIVE_FREEZE_TIMEOUT, or for the
 * other node's answer.
 * Return: 0 with the reply sent; -EINVAL, -EPERM, -ESRCH or -EHOSTDOWN
 * with a sentence; -ENOMEM; -EINTR if the caller was killed meanwhile;
 * the call's error.
 */
int hive_genl_migrate_check(struct sk_buff *skb, struct genl_info *info)
{
	struct hive_mig_check_req who = {};
	struct hive_mig_image *image;
	u32 bytes = 0, node;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, HIVE_ATTR_PID)) {
		NL_SET_ERR_MSG(info->extack, "a process id attribute is required");
		return -EINVAL;
	}
	who.pid = nla_get_u32(info->attrs[HIVE_ATTR_PID]);
	hive_check_caller(&who);
	node = hive_check_node(who.pid);
	image = kvzalloc(sizeof(*image), GFP_KERNEL);
	if (!image)
		return -ENOMEM;
	err = node ? hive_check_remote(node, &who, image, &bytes, info) :
		     hive_check_local(&who, image, &bytes, info);
	if (!err)
		err = hive_check_reply(info, HIVE_CMD_MIGRATE_CHECK, who.pid, image, bytes);
	hive_mig_image_free(image);
	return err;
}

/**
 * hive_migrate_init() - serve MIGRATE_CHECK, moves both ways, the
 *	descriptors moved processes left here, and the memory that follows
 *	them
 *
 * Context: process (module init), before the RPC layer starts.
 * Return: 0, -ENOMEM, hive_rpc_register()'s error, or a hook's (nothing
 * stays registered).
 */
int hive_migrate_init(void)
{
	int err = hive_rpc_register(HIVE_RPC_OP_MIGRATE_CHECK, hive_check_serve,
				    HIVE_RPC_WORKER);

	if (!err)
		err = hive_move_init();
	if (!err)
		err = hive_restore_init();
	if (!err)
		err = hive_fwd_init();
	if (!err)
		err = hive_proxy_init();
	if (!err)
		err = hive_lazy_init();
	if (err)
		hive_migrate_exit();
	return err;
}

/**
 * hive_migrate_exit() - stop serving them
 *
 * Context: process (module exit), after the RPC layer stopped.
 */
void hive_migrate_exit(void)
{
	hive_lazy_exit();
	hive_proxy_exit();
	hive_fwd_exit();
	hive_restore_exit();
	hive_move_exit();
	hive_rpc_unregister(HIVE_RPC_OP_MIGRATE_CHECK);
}
