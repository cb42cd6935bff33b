// SPDX-License-Identifier: GPL-2.0
/*
 * What of a caller's confinement a remote run cannot carry
 * (Documentation/exec.rst, "Confinement").  The target's exec helper
 * starts the command in that node's initial namespaces, at its root and
 * without a seccomp filter, so a caller confined by any of these would
 * escape it there: the origin refuses such a start with a sentence, before
 * anything is sent.  "Initial" is what PID 1 of the initial PID namespace
 * has: its mount namespace and its root.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs_struct.h>
#include <linux/nsproxy.h>
#include <linux/path.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/seccomp.h>
#include <linux/user_namespace.h>
#include <net/netlink.h>
#include "process.h"

/*
 * Whether the current task's root and mount namespace are those of PID 1
 * of the initial PID namespace.  Returns -ESRCH while that task has none
 * (it is exiting: the machine is going down).
 */
static int hive_confine_fs(bool *same_root, bool *same_mnt_ns)
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
 * hive_confine_check() - may the current task's command run on another node?
 * @extack: says why not
 *
 * A caller under a seccomp filter, in a chroot, or in a mount, user or PID
 * namespace other than the initial one is refused.  (hive's netlink
 * family serves the initial network namespace only, so a caller in
 * another one never gets here.)
 *
 * Context: process, the caller's own (a netlink call); may sleep.
 * Return: 0, -EPERM with @extack's sentence, or -ESRCH.
 */
int hive_confine_check(struct netlink_ext_ack *extack)
{
	bool same_root, same_mnt_ns;
	int err;

	if (current->seccomp.mode != SECCOMP_MODE_DISABLED) {
		NL_SET_ERR_MSG(extack, "the caller runs under seccomp, which another node cannot carry; run the command here");
		return -EPERM;
	}
	if (current_user_ns() != &init_user_ns) {
		NL_SET_ERR_MSG(extack, "the caller is in a user namespace of its own, which another node cannot carry; run the command here");
		return -EPERM;
	}
	if (task_active_pid_ns(current) != &init_pid_ns) {
		NL_SET_ERR_MSG(extack, "the caller is in a PID namespace of its own, which another node cannot carry; run the command here");
		return -EPERM;
	}
	err = hive_confine_fs(&same_root, &same_mnt_ns);
	if (err)
		return err;
	if (!same_mnt_ns) {
		NL_SET_ERR_MSG(extack, "the caller is in a mount namespace of its own, which another node cannot carry; run the command here");
		return -EPERM;
	}
	if (!same_root) {
		NL_SET_ERR_MSG(extack, "the caller is in a chroot, which another node cannot carry; run the command here");
		return -EPERM;
	}
	return 0;
}
