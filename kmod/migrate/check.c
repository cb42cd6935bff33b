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

/* As kill(2) decides who may signal @p, whom stopping it is like. */
static bool hive_check_permitted(struct task_struct *p)
{
	const struct cred *cred = current_cred(), *tcred;
	bool ok;

	if (ns_capable(&init_user_ns, CAP_KILL))
		return true;
	rcu_read_lock();
	tcred = __task_cred(p);
	ok = uid_eq(cred->euid, tcred->suid) || uid_eq(cred->euid, tcred->uid) ||
	     uid_eq(cred->uid, tcred->suid) || uid_eq(cred->uid, tcred->uid);
	rcu_read_unlock();
	return ok;
}

/* The domain process @pid of this node, referenced; or NULL with a sentence. */
static struct task_struct *hive_check_find(pid_t pid, struct genl_info *info)
{
	struct task_struct *p;

	rcu_read_lock();
	p = pid_task(find_pid_ns(pid, &init_pid_ns), PIDTYPE_TGID);
	if (p)
		get_task_struct(p);
	rcu_read_unlock();
	if (!p) {
		NL_SET_ERR_MSG(info->extack, "no such process on this node");
		return NULL;
	}
	if (!hive_domain_member(p->tgid) || (p->flags & PF_KTHREAD)) {
		NL_SET_ERR_MSG(info->extack, "the process is not in the hive domain: only domain processes migrate");
	} else if (p->tgid == current->tgid) {
		NL_SET_ERR_MSG(info->extack, "a process cannot check itself: its threads would wait for each other");
	} else if (!hive_check_permitted(p)) {
		NL_SET_ERR_MSG(info->extack, "only the process's owner or a user with CAP_KILL may check it");
		put_task_struct(p);
		return ERR_PTR(-EPERM);
	} else {
		return p;
	}
	put_task_struct(p);
	return ERR_PTR(-EINVAL);
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
	if (err || !image->nthreads || image->threads[0].rec.tid != p->tgid)
		return err;
	/* Any target will do: the stream is the same but for its name. */
	hive_node_get(&node);
	image->begin.source = node.node_id;
	image->begin.target = node.node_id == HIVE_NODE_ID_MIN ? HIVE_NODE_ID_MIN + 1 :
							       HIVE_NODE_ID_MIN;
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

static int hive_check_reply(struct genl_info *info, pid_t pid,
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
	hdr = genlmsg_put_reply(msg, info, &hive_genl_family, 0, HIVE_CMD_MIGRATE_CHECK);
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
 * hive_genl_migrate_check() - HIVE_CMD_MIGRATE_CHECK
 * @skb: the request
 * @info: its attributes: PID, required
 *
 * Context: process (genetlink), the caller's; sleeps while the process's
 * threads reach a safe point, at most HIVE_FREEZE_TIMEOUT.
 * Return: 0 with the reply sent; -EINVAL, -EPERM or -ESRCH with a
 * sentence; -ENOMEM; -EINTR if the caller was killed meanwhile.
 */
int hive_genl_migrate_check(struct sk_buff *skb, struct genl_info *info)
{
	struct hive_mig_image *image;
	struct task_struct *p;
	u32 bytes = 0;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, HIVE_ATTR_PID)) {
		NL_SET_ERR_MSG(info->extack, "a process id attribute is required");
		return -EINVAL;
	}
	p = hive_check_find(nla_get_u32(info->attrs[HIVE_ATTR_PID]), info);
	if (IS_ERR_OR_NULL(p))
		return p ? PTR_ERR(p) : -ESRCH;
	image = kvzalloc(sizeof(*image), GFP_KERNEL);
	err = image ? hive_check_capture(p, image, &bytes) : -ENOMEM;
	if (!err)
		err = hive_check_reply(info, p->tgid, image, bytes);
	hive_mig_image_free(image);
	put_task_struct(p);
	return err;
}
