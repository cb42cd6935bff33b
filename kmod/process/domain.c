// SPDX-License-Identifier: GPL-2.0
/*
 * The hive domain on this node (Documentation/processes.rst): the
 * processes that joined it (HIVE_CMD_DOMAIN_JOIN, what `hivectl run`
 * sends) and every process they fork afterwards.  Membership is one bit
 * per PID number in hive's own bitmap, never in task_struct: set when a
 * member forks a process (wake_up_new_task), cleared when that process is
 * reaped (release_task), before its PID can be freed and handed out again.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/pid_namespace.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/timekeeping.h>
#include <linux/vmalloc.h>
#include <linux/xarray.h>
#include "hive/process.h"
#include "hook/args.h"
#include "hook/hook.h"
#include "process.h"

/*
 * One bit per PID number of the initial namespace.  Bits are set and
 * cleared with atomic bit operations from the hooks below (preemption
 * disabled, any CPU) and from HIVE_CMD_DOMAIN_JOIN; readers scan it
 * without a lock and check every set bit against the live task.
 */
static unsigned long *hive_domain_map;
static atomic_t hive_domain_count = ATOMIC_INIT(0);

/*
 * Cluster parents: for the command of a remote-execution session, the pid
 * of the process on the origin node that ran it; for a process that moved
 * here, its parent's at its home node.  Listings show it as its parent,
 * and getppid(2) gives it (its real parent is a local helper).  Indexed
 * by tgid, a value entry per process; the xarray's own lock orders the
 * store at join against the erase at reap.
 */
static DEFINE_XARRAY(hive_domain_parents);

/*
 * Deputies: processes of this node that moved to another node, whose task
 * here stands for them (Documentation/migration.rst); listings leave them
 * out, since the node they run on lists them.  Indexed by tgid, the node
 * they run on as a value; erased at reap, like the parents.
 */
static DEFINE_XARRAY(hive_domain_deputies);

/* The PID getppid(2) gives @p: its cluster parent, if any; under RCU. */
static pid_t hive_domain_ppid(struct task_struct *p)
{
	void *cluster_parent = xa_load(&hive_domain_parents, p->tgid);

	if (cluster_parent)
		return xa_to_value(cluster_parent);
	return pid_alive(p) ? rcu_dereference(p->real_parent)->tgid : 0;
}

static void hive_domain_add(pid_t tgid)
{
	if (!test_and_set_bit(tgid, hive_domain_map))
		atomic_inc(&hive_domain_count);
}

/* wake_up_new_task(p): @p is new and not yet running; current forked it. */
static void hive_domain_fork(struct pt_regs *regs)
{
	struct task_struct *p = hive_hook_wake_up_new_task_p(regs);

	if (thread_group_leader(p) && test_bit(current->tgid, hive_domain_map))
		hive_domain_add(p->tgid);
}

/*
 * release_task(p): @p is being reaped; its PID is freed further down.  A
 * process's bit goes with its thread-group leader, which exec from another
 * thread replaces without changing the number.
 */
static void hive_domain_release(struct pt_regs *regs)
{
	struct task_struct *p = hive_hook_release_task_p(regs);

	if (!thread_group_leader(p) ||
	    !test_and_clear_bit(p->tgid, hive_domain_map))
		return;
	atomic_dec(&hive_domain_count);
	if (!xa_empty(&hive_domain_parents))
		xa_erase(&hive_domain_parents, p->tgid);
	if (!xa_empty(&hive_domain_deputies))
		xa_erase(&hive_domain_deputies, p->tgid);
}

/*
 * Runs instead of getppid(2) for a process with a cluster parent; it
 * holds the module reference hive_domain_getppid_redirect() took.
 */
static long hive_sys_getppid(const struct pt_regs *user)
{
	long ppid;

	rcu_read_lock();
	ppid = hive_domain_ppid(current);
	rcu_read_unlock();
	module_put(THIS_MODULE);
	return ppid;
}

/*
 * __do_sys_getppid: a process with a cluster parent gets that parent.
 * SYSCALL_DEFINE0 makes __x64_sys_getppid an alias of this function,
 * which is the name ftrace knows the address by.
 */
static void hive_domain_getppid_redirect(struct pt_regs *regs)
{
	if (!xa_empty(&hive_domain_parents) && xa_load(&hive_domain_parents, current->tgid) &&
	    try_module_get(THIS_MODULE))
		hive_hook_redirect(regs, hive_sys_getppid);
}

static struct hive_hook hive_domain_hooks[] = {
	{
		.symbol = "wake_up_new_task",
		.kind = HIVE_HOOK_ENTRY,
		.handler = hive_domain_fork,
	},
	{
		.symbol = "release_task",
		.kind = HIVE_HOOK_ENTRY,
		.handler = hive_domain_release,
	},
	{
		.symbol = "__do_sys_getppid",
		.kind = HIVE_HOOK_REDIRECT,
		.handler = hive_domain_getppid_redirect,
	},
};

/**
 * hive_domain_join() - make the calling process a member of the domain
 *
 * Its existing children stay outside; what it forks from now on is in.
 *
 * Context: process.
 */
void hive_domain_join(void)
{
	hive_domain_add(current->tgid);
}

/**
 * hive_domain_join_as_child() - join, as the child of a process elsewhere
 * @ppid: the pid listings show as the caller's parent, on the node whose
 *	range holds it
 *
 * For the command of a remote-execution session (exec_start.c checks
 * that the caller is one); the entry goes when the caller is reaped.
 *
 * Context: process, may sleep.
 * Return: 0 or -ENOMEM.
 */
int hive_domain_join_as_child(pid_t ppid)
{
	int err = xa_err(xa_store(&hive_domain_parents, current->tgid,
				  xa_mk_value(ppid), GFP_KERNEL));

	if (!err)
		hive_domain_add(current->tgid);
	return err;
}

/**
 * hive_domain_deputize() - the calling process now runs on another node
 * @node: that node
 *
 * Its task here is its deputy: still a member (signals for it arrive
 * here), but left out of this node's listings.  The entry goes when the
 * deputy is reaped.
 *
 * Context: process, may sleep.
 * Return: 0 or -ENOMEM.
 */
int hive_domain_deputize(u32 node)
{
	return xa_err(xa_store(&hive_domain_deputies, current->tgid, xa_mk_value(node),
			       GFP_KERNEL));
}

/**
 * hive_domain_parent() - the PID a process's getppid(2) gives
 * @p: the process
 *
 * Its cluster parent (a remote command's origin process, a moved
 * process's parent at its home node), else its real parent's.
 *
 * Context: any; takes the RCU read lock.
 * Return: the PID in the initial namespace, 0 for a process being reaped.
 */
pid_t hive_domain_parent(struct task_struct *p)
{
	pid_t ppid;

	rcu_read_lock();
	ppid = hive_domain_ppid(p);
	rcu_read_unlock();
	return ppid;
}

/**
 * hive_domain_undeputize() - the calling process, a deputy, runs here again
 *
 * It came back: listed here again, and moved from here.
 *
 * Context: process.
 */
void hive_domain_undeputize(void)
{
	xa_erase(&hive_domain_deputies, current->tgid);
}

/**
 * hive_domain_deputy_node() - where a process this node keeps a deputy of runs
 * @tgid: its pid in the initial namespace
 *
 * Context: any.
 * Return: that node, or 0 if no deputy of @tgid is here.
 */
u32 hive_domain_deputy_node(pid_t tgid)
{
	void *node = xa_load(&hive_domain_deputies, tgid);

	return node ? xa_to_value(node) : 0;
}

/**
 * hive_domain_member() - whether a process is in the domain
 * @tgid: its pid in the initial namespace
 *
 * The bit goes when the process is reaped, before its pid can be handed
 * out again, so a true answer is about the process that has @tgid now.
 *
 * Context: any.
 */
bool hive_domain_member(pid_t tgid)
{
	return tgid > 0 && tgid < HIVE_PID_LIMIT &&
	       test_bit(tgid, hive_domain_map);
}

/**
 * hive_domain_processes() - how many processes of this node are members
 *
 * Return: the count (zombies included).
 */
int hive_domain_processes(void)
{
	return atomic_read(&hive_domain_count);
}

/**
 * hive_domain_orphan() - the origin parent of a session's command is gone
 * @pid: the command
 * @ppid: the parent it was listed with
 *
 * Listings show it as init's child from now on, as Linux reparents an
 * orphan; nothing changes if @pid was reaped (and maybe reused) meanwhile.
 *
 * Context: process.
 */
void hive_domain_orphan(pid_t pid, pid_t ppid)
{
	xa_cmpxchg(&hive_domain_parents, pid, xa_mk_value(ppid), xa_mk_value(1),
		   GFP_KERNEL);
}

/* Start time in ns since the Unix epoch, from the boot-time clock. */
static u64 hive_task_start_ns(const struct task_struct *p)
{
	u64 age = ktime_get_boottime_ns() - p->start_boottime;

	return ktime_get_real_ns() - age;
}

static void hive_domain_fill(struct task_struct *p, u32 node,
			     struct hive_proc_entry *e)
{
	memset(e, 0, sizeof(*e));
	e->pid = p->tgid;
	e->ppid = hive_domain_ppid(p);
	e->pgid = pid_nr(task_pgrp(p));
	e->sid = pid_nr(task_session(p));
	e->uid = from_kuid_munged(&init_user_ns, task_uid(p));
	e->node = node;
	e->state = task_state_to_char(p);
	e->start_ns = hive_task_start_ns(p);
	strscpy(e->comm, p->comm, sizeof(e->comm));
}

/**
 * hive_domain_list() - this node's members with a PID from @cursor on
 * @node: this node's id, written into every entry
 * @cursor: first PID to consider
 * @entries: output array
 * @max: its length, at least 1
 * @next: set to the PID to continue from, or 0 when the listing is done
 *
 * Members found in the bitmap but already gone (reaped meanwhile) are
 * skipped.
 *
 * Context: process; takes the RCU read lock per entry.
 * Return: the number of entries filled, ascending by PID.
 */
u32 hive_domain_list(u32 node, u32 cursor, struct hive_proc_entry *entries,
		     u32 max, u32 *next)
{
	unsigned long nr = cursor;
	u32 n = 0;

	for (;;) {
		struct task_struct *p;

		nr = find_next_bit(hive_domain_map, HIVE_PID_LIMIT, nr);
		if (nr >= HIVE_PID_LIMIT) {
			*next = 0;
			return n;
		}
		if (n == max) {
			*next = nr;
			return n;
		}
		rcu_read_lock();
		p = pid_task(find_pid_ns(nr, &init_pid_ns), PIDTYPE_TGID);
		if (p && !xa_load(&hive_domain_deputies, nr))
			hive_domain_fill(p, node, &entries[n++]);
		rcu_read_unlock();
		nr++;
		cond_resched();
	}
}

/**
 * hive_domain_init() - the empty bitmap and the fork and reap hooks
 *
 * Context: process (module init).
 * Return: 0, -ENOMEM or the hook layer's error.
 */
int hive_domain_init(void)
{
	int err;

	hive_domain_map = vzalloc(BITS_TO_LONGS(HIVE_PID_LIMIT) * sizeof(long));
	if (!hive_domain_map)
		return -ENOMEM;
	err = hive_hooks_install(hive_domain_hooks,
				 ARRAY_SIZE(hive_domain_hooks));
	if (err)
		vfree(hive_domain_map);
	return err;
}

/**
 * hive_domain_exit() - remove the hooks and forget the domain
 *
 * Context: process (module exit).
 */
void hive_domain_exit(void)
{
	hive_hooks_remove(hive_domain_hooks, ARRAY_SIZE(hive_domain_hooks));
	xa_destroy(&hive_domain_parents);
	xa_destroy(&hive_domain_deputies);
	vfree(hive_domain_map);
}
