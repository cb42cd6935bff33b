// SPDX-License-Identifier: GPL-2.0
/*
 * The node's PID range (Documentation/processes.rst): once the node has an
 * id, every PID and TID the kernel allocates in the initial PID namespace,
 * for any process of the node, comes from [id * size, (id + 1) * size).
 * alloc_pid() takes its numbers from idr_alloc_cyclic() on init_pid_ns's
 * IDR; a probe there narrows the start and end it is given, so a full
 * range fails the fork with -EAGAIN instead of borrowing another node's
 * numbers.  PIDs given explicitly (clone3's set_tid, as CRIU and hive's
 * restore helper give them) come from idr_alloc(); a probe there lets a
 * PID of this node's range through, one below the first range, and one a
 * migration to this node expects (hive_pid_expect()), and makes every
 * other fail the clone with -EEXIST: another node's number is never
 * taken here but for its own process.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/moduleparam.h>
#include <linux/pid_namespace.h>
#include "hive/process.h"
#include "hook/args.h"
#include "hook/hook.h"
#include "process.h"

static unsigned int hive_pid_range_size = HIVE_PID_RANGE_DEFAULT;
module_param_named(pid_range_size, hive_pid_range_size, uint, 0444);
MODULE_PARM_DESC(pid_range_size,
		 "PIDs per node; the same on every node (default 16384)");

/*
 * The active range as (first << 32 | end), 0 while the node has no id.
 * No lock of its own: written by hive_node_configure() under
 * hive_node_lock and at unload, read by the probe with preemption
 * disabled; one 64-bit word, so never seen torn.
 */
static u64 hive_pid_active;

/*
 * PIDs of other nodes' ranges that a migration to this node may take,
 * each with how many migrations expect it.  Written under the xarray's
 * lock from process context, read by the probe under RCU.
 */
static DEFINE_XARRAY(hive_pid_expected);

static void hive_pid_alloc_probe(struct pt_regs *regs)
{
	u64 range = READ_ONCE(hive_pid_active);

	if (!range || hive_hook_idr_alloc_cyclic_idr(regs) != &init_pid_ns.idr)
		return;
	hive_hook_idr_alloc_cyclic_set_range(regs, range >> 32, (u32)range);
}

/* idr_alloc(): a PID given explicitly. */
static void hive_pid_given_probe(struct pt_regs *regs)
{
	u64 range = READ_ONCE(hive_pid_active);
	int start;

	if (!range || hive_hook_idr_alloc_idr(regs) != &init_pid_ns.idr)
		return;
	start = hive_hook_idr_alloc_start(regs);
	if (start < 1 || !hive_pid_home(start, hive_pid_range_size) ||
	    (start >= range >> 32 && start < (u32)range) ||
	    xa_load(&hive_pid_expected, start))
		return;
	/* An empty range: idr_alloc() fails, and alloc_pid() with -EEXIST. */
	hive_hook_idr_alloc_set_range(regs, start, start);
}

static struct hive_hook hive_pid_hooks[] = {
	{
		.symbol = "idr_alloc_cyclic",
		.kind = HIVE_HOOK_PROBE,
		.handler = hive_pid_alloc_probe,
	},
	{
		.symbol = "idr_alloc",
		.kind = HIVE_HOOK_PROBE,
		.handler = hive_pid_given_probe,
	},
};

/**
 * hive_pid_expect() - let a migration's task take @pid here
 * @pid: the moving process's PID, of another node's range
 *
 * Until hive_pid_unexpect(), clone3() with set_tid may create a task
 * with @pid on this node.
 *
 * Context: process, may sleep.
 * Return: 0 or -ENOMEM.
 */
int hive_pid_expect(pid_t pid)
{
	void *old;
	int err = 0;

	xa_lock(&hive_pid_expected);
	old = xa_load(&hive_pid_expected, pid);
	old = __xa_store(&hive_pid_expected, pid,
			 xa_mk_value(old ? xa_to_value(old) + 1 : 1), GFP_KERNEL);
	if (xa_is_err(old))
		err = xa_err(old);
	xa_unlock(&hive_pid_expected);
	return err;
}

/**
 * hive_pid_unexpect() - undo one hive_pid_expect() of @pid
 * @pid: as given to it
 *
 * Context: process.
 */
void hive_pid_unexpect(pid_t pid)
{
	void *old;

	xa_lock(&hive_pid_expected);
	old = xa_load(&hive_pid_expected, pid);
	if (old && xa_to_value(old) > 1)
		__xa_store(&hive_pid_expected, pid, xa_mk_value(xa_to_value(old) - 1),
			   GFP_ATOMIC);
	else if (old)
		__xa_erase(&hive_pid_expected, pid);
	xa_unlock(&hive_pid_expected);
}

/**
 * hive_pid_range_size_get() - PIDs per node, as loaded
 *
 * Return: the pid_range_size module parameter.
 */
u32 hive_pid_range_size_get(void)
{
	return hive_pid_range_size;
}

/**
 * hive_pid_home_node() - the node whose range holds @pid
 * @pid: a PID in the initial namespace
 *
 * Return: the node id, or 0 for a PID below the first range.
 */
u32 hive_pid_home_node(pid_t pid)
{
	return pid > 0 ? hive_pid_home(pid, hive_pid_range_size) : 0;
}

/**
 * hive_pid_local_range() - the range this node allocates from
 * @first: set to its first PID
 * @end: set to one past its last PID
 *
 * Return: true if the node has an id and allocates from its range.
 */
bool hive_pid_local_range(u32 *first, u32 *end)
{
	u64 range = READ_ONCE(hive_pid_active);

	*first = range >> 32;
	*end = (u32)range;
	return range;
}

/**
 * hive_pid_check_node() - can node @node_id have a PID range?
 * @node_id: a valid node id
 *
 * Return: 0, or -ERANGE when the range would end above the kernel's PID
 * limit (the largest id that fits is hive_pid_max_node()).
 */
int hive_pid_check_node(u32 node_id)
{
	u32 first, end;

	return hive_pid_range(node_id, hive_pid_range_size, &first, &end);
}

/**
 * hive_pid_set_node() - allocate from node @node_id's range from now on
 * @node_id: the node's id, checked with hive_pid_check_node()
 *
 * Context: process; the caller serialises node configuration.
 */
void hive_pid_set_node(u32 node_id)
{
	u32 first, end;

	if (WARN_ON(hive_pid_range(node_id, hive_pid_range_size, &first, &end)))
		return;
	WRITE_ONCE(hive_pid_active, (u64)first << 32 | end);
	pr_info("PIDs of this node: %u-%u\n", first, end - 1);
}

/**
 * hive_pidspace_init() - check the range size and install the probe
 *
 * Context: process (module init).
 * Return: 0; -EINVAL for a pid_range_size no node could use (logged);
 * the hook layer's error.
 */
int hive_pidspace_init(void)
{
	if (!hive_pid_max_node(hive_pid_range_size)) {
		pr_err("pid_range_size=%u is not usable: it must be %u to %u\n",
		       hive_pid_range_size, HIVE_PID_RANGE_MIN,
		       HIVE_PID_LIMIT / 2);
		return -EINVAL;
	}
	return hive_hooks_install(hive_pid_hooks, ARRAY_SIZE(hive_pid_hooks));
}

/**
 * hive_pidspace_exit() - remove the probe; PIDs come from the whole space
 *
 * Context: process (module exit).
 */
void hive_pidspace_exit(void)
{
	hive_hooks_remove(hive_pid_hooks, ARRAY_SIZE(hive_pid_hooks));
	WRITE_ONCE(hive_pid_active, 0);
	xa_destroy(&hive_pid_expected);
}
