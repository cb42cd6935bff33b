// SPDX-License-Identifier: GPL-2.0
/*
 * The hook layer: installs and removes struct hive_hook arrays through
 * ftrace (functions it can trace) and kprobes (the few it cannot).  Every
 * function is found by name when hive.ko loads; one that is missing,
 * untraceable or already owned by another IPMODIFY user makes the load
 * fail with a sentence that names it, so hive never runs half hooked on a
 * kernel it does not fit.
 *
 * The ftrace hooks of an array share one ftrace_ops per kind, whose
 * callback finds the hook by the address ftrace calls it from: removing
 * an ftrace_ops of a module waits for two RCU-tasks grace periods, a
 * quarter of a second or more each, and one ftrace_ops per hook made an
 * unload take seconds.  Each address is where a kprobe on the symbol's
 * entry would sit, ftrace's call site (a kprobe registered disabled, then
 * taken out again, tells it; it is never armed).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/err.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "hook.h"

/**
 * struct hive_hook_ops - the ftrace_ops of the hooks of one kind of an array
 * @ops: registered once the filter holds every hook's address
 * @hooks: the array
 * @count: its length (the callback looks for the address among them all:
 *	each function is in the filter of one ftrace_ops only)
 */
struct hive_hook_ops {
	struct ftrace_ops ops;
	struct hive_hook *hooks;
	unsigned int count;
};

static void notrace hive_hook_ftrace(unsigned long ip, unsigned long parent_ip,
				     struct ftrace_ops *ops,
				     struct ftrace_regs *fregs)
{
	struct hive_hook_ops *ho = container_of(ops, struct hive_hook_ops, ops);
	struct pt_regs *regs = ftrace_get_regs(fregs);
	unsigned int i;

	if (!regs)
		return;
	for (i = 0; i < ho->count; i++) {
		if (ho->hooks[i].addr == ip) {
			ho->hooks[i].handler(regs);
			return;
		}
	}
}

static int hive_hook_kprobe(struct kprobe *kp, struct pt_regs *regs)
{
	struct hive_hook *hook = container_of(kp, struct hive_hook, kp);

	hook->handler(regs);
	return 0;
}

static bool hive_hook_is_ftrace(const struct hive_hook *hook)
{
	return hook->kind != HIVE_HOOK_PROBE;
}

static void hive_hook_kprobe_init(struct hive_hook *hook, bool disabled)
{
	memset(&hook->kp, 0, sizeof(hook->kp));
	hook->kp.symbol_name = hook->symbol;
	hook->kp.pre_handler = hive_hook_kprobe;
	if (disabled)
		hook->kp.flags = KPROBE_FLAG_DISABLED;
}

/*
 * The address of each ftrace hook of @hooks, from a kprobe registered
 * disabled on its symbol and taken out again (all of them after one
 * grace period).
 */
static int hive_hooks_resolve(struct hive_hook *hooks, unsigned int count)
{
	struct kprobe **kps = kcalloc(count, sizeof(*kps), GFP_KERNEL);
	unsigned int i, n = 0;
	int err = 0;

	if (!kps)
		return -ENOMEM;
	for (i = 0; i < count && !err; i++) {
		if (!hive_hook_is_ftrace(&hooks[i]))
			continue;
		hive_hook_kprobe_init(&hooks[i], true);
		err = register_kprobe(&hooks[i].kp);
		if (err) {
			pr_err("cannot hook %s: the kernel does not know it (%pe); this kernel does not fit hive %s\n",
			       hooks[i].symbol, ERR_PTR(err), HIVE_VERSION);
			break;
		}
		hooks[i].addr = (unsigned long)hooks[i].kp.addr;
		kps[n++] = &hooks[i].kp;
	}
	if (n)
		unregister_kprobes(kps, n);
	kfree(kps);
	return err;
}

static void hive_hook_ops_free(struct hive_hook_ops *ho, bool registered)
{
	if (!ho)
		return;
	if (registered)
		unregister_ftrace_function(&ho->ops);
	ftrace_free_filter(&ho->ops);
	kfree(ho);
}

/*
 * The ftrace_ops of the hooks of @kind of @hooks, registered, in each of
 * their ->ops; none (0) if the array has no hook of that kind.
 */
static int hive_hooks_install_ftrace(struct hive_hook *hooks, unsigned int count,
				     enum hive_hook_kind kind)
{
	struct hive_hook_ops *ho = NULL;
	unsigned int i;
	int err = 0;

	for (i = 0; i < count && !err; i++) {
		struct hive_hook *hook = &hooks[i];

		if (hook->kind != kind)
			continue;
		if (!ho) {
			ho = kzalloc(sizeof(*ho), GFP_KERNEL);
			if (!ho)
				return -ENOMEM;
			ho->hooks = hooks;
			ho->count = count;
			ho->ops.func = hive_hook_ftrace;
			/* RECURSION: ftrace guards the handler and disables preemption. */
			ho->ops.flags = FTRACE_OPS_FL_SAVE_REGS | FTRACE_OPS_FL_RECURSION;
			if (kind == HIVE_HOOK_REDIRECT)
				ho->ops.flags |= FTRACE_OPS_FL_IPMODIFY;
		}
		err = ftrace_set_filter_ip(&ho->ops, hook->addr, 0, 0);
		if (err)
			pr_err("cannot hook %s: ftrace cannot trace it (%pe); this kernel does not fit hive %s\n",
			       hook->symbol, ERR_PTR(err), HIVE_VERSION);
	}
	if (!ho)
		return 0;
	if (!err) {
		err = register_ftrace_function(&ho->ops);
		if (err == -EBUSY)
			pr_err("cannot hook %s and the functions hooked beside it: another user (a livepatch?) already redirects one of them\n",
			       hooks->symbol);
		else if (err)
			pr_err("cannot hook %s and the functions hooked beside it: ftrace refused (%pe)\n",
			       hooks->symbol, ERR_PTR(err));
	}
	if (err) {
		hive_hook_ops_free(ho, false);
		return err;
	}
	for (i = 0; i < count; i++) {
		if (hooks[i].kind == kind) {
			hooks[i].ops = ho;
			hooks[i].installed = true;
		}
	}
	return 0;
}

static int hive_hook_install_kprobe(struct hive_hook *hook)
{
	int err;

	hive_hook_kprobe_init(hook, false);
	err = register_kprobe(&hook->kp);
	if (err)
		pr_err("cannot hook %s: kprobes refused it (%pe); this kernel does not fit hive %s\n",
		       hook->symbol, ERR_PTR(err), HIVE_VERSION);
	else
		hook->installed = true;
	return err;
}

/**
 * hive_hooks_install() - put every hook of an array in place, or none
 * @hooks: the array; symbol, kind and handler set, the rest zero
 * @count: its length
 *
 * A handler may run on any CPU as soon as its hook is installed, before
 * this returns, so everything it reads must be ready first.
 *
 * Context: process, may sleep.
 * Return: 0, or the error of the first hook that could not be installed
 * (logged with its name); the ones installed before it are removed again.
 */
int hive_hooks_install(struct hive_hook *hooks, unsigned int count)
{
	unsigned int i;
	int err;

	err = hive_hooks_resolve(hooks, count) ?:
	      hive_hooks_install_ftrace(hooks, count, HIVE_HOOK_ENTRY) ?:
	      hive_hooks_install_ftrace(hooks, count, HIVE_HOOK_REDIRECT);
	for (i = 0; !err && i < count; i++)
		if (hooks[i].kind == HIVE_HOOK_PROBE)
			err = hive_hook_install_kprobe(&hooks[i]);
	if (err)
		hive_hooks_remove(hooks, count);
	return err;
}

/**
 * hive_hooks_remove() - take out the hooks of an array
 * @hooks: an array given to hive_hooks_install()
 * @count: its length
 *
 * When this returns no handler of @hooks is running or will run again
 * (ftrace and kprobes wait for handlers in flight).
 *
 * Context: process, may sleep.
 */
void hive_hooks_remove(struct hive_hook *hooks, unsigned int count)
{
	unsigned int i, j;

	for (i = count; i-- > 0;) {
		struct hive_hook *hook = &hooks[i];
		struct hive_hook_ops *ho = hook->ops;

		if (!hook->installed)
			continue;
		if (hook->kind == HIVE_HOOK_PROBE) {
			unregister_kprobe(&hook->kp);
			hook->installed = false;
			continue;
		}
		/* Every hook of that ftrace_ops goes with it. */
		hive_hook_ops_free(ho, true);
		for (j = 0; j < count; j++) {
			if (hooks[j].ops == ho) {
				hooks[j].ops = NULL;
				hooks[j].installed = false;
			}
		}
	}
}
