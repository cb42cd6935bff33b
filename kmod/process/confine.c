// SPDX-License-Identifier: GPL-2.0
/*
 * What of a caller's confinement a remote run cannot carry
 * (Documentation/exec.rst, "Confinement").  The target's exec helper
 * starts the command in that node's initial namespaces, at its root and
 * without a seccomp filter, so a caller confined by any of these would
 * escape it there: the origin refuses such a start with a sentence, before
 * anything is sent.  "Initial" is what PID 1 of the initial PID namespace
 * has: its mount and cgroup namespaces and its root.  The caller's cgroup
 * is carried: the target moves the command into the cgroup of the same
 * path where there is one.  So is its LSM label: the target's exec helper
 * has the command execute under the AppArmor profile of that name, or
 * refuses to start it where no such profile is loaded.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cgroup.h>
#include <linux/fs_struct.h>
#include <linux/nsproxy.h>
#include <linux/path.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/seccomp.h>
#include <linux/security.h>
#include <linux/user_namespace.h>
#include <net/netlink.h>
#include "process.h"

/*
 * Whether the current task's root, mount namespace and cgroup namespace
 * are those of PID 1 of the initial PID namespace.  Returns -ESRCH while
 * that task has none (it is exiting: the machine is going down).
 */
static int hive_confine_fs(bool *same_root, bool *same_mnt_ns,
			   bool *same_cgroup_ns)
{
	struct path init_root, root;
	struct task_struct *init;
	int err = 0;

	rcu_read_lock();
	init = pid_task(find_pid_ns(1, &init_pid_ns), PIDTYPE_PID);
	if (init)
		get_task_struct(init);
	rcu_read_unlock();
	if (!init)
		return -ESRCH;
	task_lock(init);
	if (init->fs && init->nsproxy) {
		get_fs_root(init->fs, &init_root);
		*same_mnt_ns = init->nsproxy->mnt_ns == current->nsproxy->mnt_ns;
		*same_cgroup_ns =
			init->nsproxy->cgroup_ns == current->nsproxy->cgroup_ns;
	} else {
		err = -ESRCH;
	}
	task_unlock(init);
	put_task_struct(init);
	if (err)
		return err;
	get_fs_root(current->fs, &root);
	*same_root = path_equal(&root, &init_root);
	path_put(&root);
	path_put(&init_root);
	return 0;
}

/**
 * hive_confine_current() - what of the current task's confinement cannot
 *	be carried to another node
 *
 * A task under a seccomp filter, in a chroot, or in a mount, user, PID or
 * cgroup namespace other than the initial one is confined in a way
 * another node cannot reproduce; the first of these found is returned.
 * (hive's netlink family serves the initial network namespace only, so a
 * caller in another one never gets here.)
 *
 * Context: process, the task's own (a netlink call, a task_work); may
 * sleep.
 * Return: an enum hive_confinement value, HIVE_CONFINE_NONE for none; or
 * -ESRCH while PID 1 has no filesystem context (the machine is going
 * down).
 */
int hive_confine_current(void)
{
	bool same_root, same_mnt_ns, same_cgroup_ns;
	int err;

	if (current->seccomp.mode != SECCOMP_MODE_DISABLED)
		return HIVE_CONFINE_SECCOMP;
	if (current_user_ns() != &init_user_ns)
		return HIVE_CONFINE_USER_NS;
	if (task_active_pid_ns(current) != &init_pid_ns)
		return HIVE_CONFINE_PID_NS;
	err = hive_confine_fs(&same_root, &same_mnt_ns, &same_cgroup_ns);
	if (err)
		return err;
	if (!same_mnt_ns)
		return HIVE_CONFINE_MNT_NS;
	if (!same_cgroup_ns)
		return HIVE_CONFINE_CGROUP_NS;
	if (!same_root)
		return HIVE_CONFINE_CHROOT;
	return HIVE_CONFINE_NONE;
}

/**
 * hive_confine_name() - a confinement, in words
 * @confinement: an enum hive_confinement value other than NONE
 *
 * Return: e.g. "a seccomp filter", "a mount namespace of its own"; "an
 * unknown confinement" for a value outside the enum.
 */
const char *hive_confine_name(int confinement)
{
	static const char *const names[] = {
		[HIVE_CONFINE_SECCOMP] = "a seccomp filter",
		[HIVE_CONFINE_USER_NS] = "a user namespace of its own",
		[HIVE_CONFINE_PID_NS] = "a PID namespace of its own",
		[HIVE_CONFINE_MNT_NS] = "a mount namespace of its own",
		[HIVE_CONFINE_CGROUP_NS] = "a cgroup namespace of its own",
		[HIVE_CONFINE_CHROOT] = "a chroot",
	};

	if (confinement <= HIVE_CONFINE_NONE || confinement >= ARRAY_SIZE(names))
		return "an unknown confinement";
	return names[confinement];
}

/**
 * hive_confine_check() - may the current task's command run on another node?
 * @extack: says why not
 *
 * Refuses a caller hive_confine_current() finds confined.
 *
 * Context: process, the caller's own (a netlink call); may sleep.
 * Return: 0, -EPERM with @extack's sentence, or -ESRCH.
 */
int hive_confine_check(struct netlink_ext_ack *extack)
{
	int confinement = hive_confine_current();

	switch (confinement) {
	case HIVE_CONFINE_NONE:
		return 0;
	case HIVE_CONFINE_SECCOMP:
		NL_SET_ERR_MSG(extack, "the caller runs under seccomp, which another node cannot carry; run the command here");
		break;
	case HIVE_CONFINE_USER_NS:
		NL_SET_ERR_MSG(extack, "the caller is in a user namespace of its own, which another node cannot carry; run the command here");
		break;
	case HIVE_CONFINE_PID_NS:
		NL_SET_ERR_MSG(extack, "the caller is in a PID namespace of its own, which another node cannot carry; run the command here");
		break;
	case HIVE_CONFINE_MNT_NS:
		NL_SET_ERR_MSG(extack, "the caller is in a mount namespace of its own, which another node cannot carry; run the command here");
		break;
	case HIVE_CONFINE_CGROUP_NS:
		NL_SET_ERR_MSG(extack, "the caller is in a cgroup namespace of its own, which another node cannot carry; run the command here");
		break;
	case HIVE_CONFINE_CHROOT:
		NL_SET_ERR_MSG(extack, "the caller is in a chroot, which another node cannot carry; run the command here");
		break;
	default:
		return confinement;
	}
	return -EPERM;
}

/**
 * hive_confine_cgroup() - the current task's cgroup, as a path
 * @buf: receives the path of its cgroup on the unified hierarchy, from the
 *	root of its cgroup namespace, NUL-terminated
 * @size: @buf's size
 *
 * hive_confine_check() refuses a caller in a cgroup namespace other than
 * PID 1's, so for the callers it lets through the path is the one every
 * node's /sys/fs/cgroup shows.
 *
 * Context: process, may sleep (cgroup_mutex).
 * Return: the path's length; -ENAMETOOLONG if it does not fit @size.
 */
int hive_confine_cgroup(char *buf, size_t size)
{
	struct cgroup *cgrp;
	int len;

	/* A cgroup being removed has no tasks: ours moved on meanwhile. */
	rcu_read_lock();
	do {
		cgrp = task_dfl_cgroup(current);
	} while (!css_tryget(&cgrp->self));
	rcu_read_unlock();
	len = cgroup_path_ns(cgrp, buf, size, current->nsproxy->cgroup_ns);
	cgroup_put(cgrp);
	if (len >= 0 && (size_t)len >= size)
		return -ENAMETOOLONG;
	return len;
}

/**
 * hive_confine_label() - the current task's LSM label, as the LSM prints it
 * @buf: receives the label, NUL-terminated: empty for a task its LSM does
 *	not confine ("unconfined") or on a kernel whose LSMs label no task
 * @size: @buf's size
 *
 * AppArmor, the LSM Debian enables, prints the name of the profile the
 * task runs under (without its mode), "a//&b" for a stack and
 * ":ns:name" for a profile of another policy namespace.
 *
 * Context: process, may sleep.
 * Return: the label's length, 0 for none; -ENAMETOOLONG if it does not fit
 * @size; the LSM's error.
 */
int hive_confine_label(char *buf, size_t size)
{
	static const char unconfined[] = "unconfined";
	u32 secid, ctx_len, len;
	char *ctx;
	int err;

	buf[0] = '\0';
	security_current_getsecid_subj(&secid);
	if (!secid)
		return 0;
	err = security_secid_to_secctx(secid, &ctx, &ctx_len);
	if (err)
		return err == -EOPNOTSUPP ? 0 : err;
	len = strnlen(ctx, ctx_len);
	if (len == sizeof(unconfined) - 1 && !memcmp(ctx, unconfined, len)) {
		len = 0;
	} else if (len >= size) {
		err = -ENAMETOOLONG;
	} else {
		memcpy(buf, ctx, len);
		buf[len] = '\0';
	}
	security_release_secctx(ctx, ctx_len);
	return err ?: len;
}
