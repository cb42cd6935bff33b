// SPDX-License-Identifier: GPL-2.0
/*
 * The hook layer: installs and removes struct hive_hook arrays through
 * ftrace (functions it can trace) and kprobes (the few it cannot).  Every
 * function is found by name when hive.ko loads; one that is missing,
 * untraceable or already owned by another IPMODIFY user makes the load
 * fail with a sentence that names it, so hive never runs half hooked on a
 * kernel it does not fit.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/err.h>
#include <linux/string.h>
#include "hook.h"

static void notrace hive_hook_ftrace(unsigned long ip, unsigned long parent_ip,
				     struct ftrace_ops *ops,
				     struct ftrace_regs *fregs)
{
	struct hive_hook *hook = container_of(ops, struct hive_hook, ops);
	struct pt_regs *regs = ftrace_get_regs(fregs);

	if (regs)
		hook->handler(regs);
}

static int hive_hook_kprobe(struct kprobe *kp, struct pt_regs *regs)
{
	struct hive_hook *hook = container_of(kp, struct hive_hook, kp);

	hook->handler(regs);
	return 0;
}

static int hive_hook_install_ftrace(struct hive_hook *hook)
{
	int err;

	memset(&hook->ops, 0, sizeof(hook->ops));
	hook->ops.func = hive_hook_ftrace;
	/* RECURSION: ftrace guards the handler and disables preemption. */
	hook->ops.flags = FTRACE_OPS_FL_SAVE_REGS | FTRACE_OPS_FL_RECURSION;
	if (hook->kind == HIVE_HOOK_REDIRECT)
		hook->ops.flags |= FTRACE_OPS_FL_IPMODIFY;
	err = ftrace_set_filter(&hook->ops, (unsigned char *)hook->symbol,
				strlen(hook->symbol), 0);
	if (err) {
		pr_err("cannot hook %s: ftrace does not know it (%pe); this kernel does not fit hive %s\n",
		       hook->symbol, ERR_PTR(err), HIVE_VERSION);
		return err;
	}
	err = register_ftrace_function(&hook->ops);
	if (err) {
		if (err == -EBUSY)
			pr_err("cannot hook %s: another user (a livepatch?) already redirects it\n",
			       hook->symbol);
		else
			pr_err("cannot hook %s: ftrace refused (%pe)\n",
			       hook->symbol, ERR_PTR(err));
		ftrace_free_filter(&hook->ops);
	}
	return err;
}

static int hive_hook_install_kprobe(struct hive_hook *hook)
{
	int err;

	memset(&hook->kp, 0, sizeof(hook->kp));
	hook->kp.symbol_name = hook->symbol;
	hook->kp.pre_handler = hive_hook_kprobe;
	err = register_kprobe(&hook->kp);
	if (err)
		pr_err("cannot hook %s: kprobes refused it (%pe); this kernel does not fit hive %s\n",
		       hook->symbol, ERR_PTR(err), HIVE_VERSION);
	return err;
}

static void hive_hook_remove(struct hive_hook *hook)
{
	if (!hook->installed)
		return;
	if (hook->kind == HIVE_HOOK_PROBE) {
		unregister_kprobe(&hook->kp);
	} else {
		unregister_ftrace_function(&hook->ops);
		ftrace_free_filter(&hook->ops);
	}
	hook->installed = false;
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
 * (logged with its name); the ones before it are removed again.
 */
int hive_hooks_install(struct hive_hook *hooks, unsigned int count)
{
	unsigned int i;
	int err;

	for (i = 0; i < count; i++) {
		if (hooks[i].kind == HIVE_HOOK_PROBE)
			err = hive_hook_install_kprobe(&hooks[i]);
		else
			err = hive_hook_install_ftrace(&hooks[i]);
		if (err) {
			hive_hooks_remove(hooks, i);
			return err;
		}
		hooks[i].installed = true;
	}
	return 0;
}

/**
 * hive_hooks_remove() - take out the hooks of an array
 * @hooks: an array given to hive_hooks_install()
 * @count: how many of its entries to remove, from the first
 *
 * When this returns no handler of @hooks is running or will run again
 * (ftrace and kprobes wait for handlers in flight).
 *
 * Context: process, may sleep.
 */
void hive_hooks_remove(struct hive_hook *hooks, unsigned int count)
{
	unsigned int i;

	for (i = count; i-- > 0;)
		hive_hook_remove(&hooks[i]);
}
