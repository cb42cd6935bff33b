/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hive's one hook layer: the only code that intercepts kernel functions
 * which offer modules no interface (Documentation/hooks.rst).  A subsystem
 * describes its hooks in an array of struct hive_hook and installs them
 * all or none; each is looked up by name, and a kernel that lacks one is
 * refused with a sentence naming it.
 */
#ifndef HIVE_HOOK_H
#define HIVE_HOOK_H

#include <linux/ftrace.h>
#include <linux/kprobes.h>
#include <linux/ptrace.h>

enum hive_hook_kind {
	/* ftrace at the function's entry: the handler reads its arguments */
	HIVE_HOOK_ENTRY,
	/*
	 * ftrace with IPMODIFY: the handler may set regs->ip to a function of
	 * the same signature, which then runs instead and returns to the
	 * caller.  IPMODIFY is exclusive per function (livepatch uses it).
	 */
	HIVE_HOOK_REDIRECT,
	/*
	 * kprobe at the entry of a function ftrace cannot trace: the handler
	 * may change the argument registers before the function reads them.
	 */
	HIVE_HOOK_PROBE,
};

struct hive_hook;

/*
 * A handler runs in the hooked function's context with preemption
 * disabled (ftrace's recursion guard, or the kprobe's int3), so it must
 * not sleep, and it must not call a function hooked by hive.  @regs are
 * the registers at the function's entry; handlers read and change the
 * function's arguments only through hook/args.h.
 */
typedef void (*hive_hook_fn)(struct pt_regs *regs);

struct hive_hook_ops;

/**
 * struct hive_hook - one intercepted kernel function
 * @symbol: the function's name
 * @kind: how it is intercepted
 * @handler: what runs at its entry
 * @addr: where ftrace calls it from, for an ENTRY or REDIRECT hook
 *	(private to hook.c)
 * @ops: the ftrace_ops its array shares with the other hooks of its kind
 *	(private to hook.c)
 * @kp: kprobe of a PROBE hook (private to hook.c)
 * @installed: set while the hook is in place (private to hook.c)
 */
struct hive_hook {
	const char *symbol;
	enum hive_hook_kind kind;
	hive_hook_fn handler;
	unsigned long addr;
	struct hive_hook_ops *ops;
	struct kprobe kp;
	bool installed;
};

int hive_hooks_install(struct hive_hook *hooks, unsigned int count);
void hive_hooks_remove(struct hive_hook *hooks, unsigned int count);

#endif /* HIVE_HOOK_H */
