/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What hive knows of the functions it hooks, as typed accessors: which
 * register holds which argument (x86-64 SysV: di, si, dx, cx, r8), and
 * what a syscall wrapper passes.  Handlers read and change a hooked
 * function's arguments only through these, so a port to another kernel
 * or architecture changes this file and hook.c, nothing else
 * (Documentation/hooks.rst).  Each accessor names the function whose
 * entry registers it reads; using it in another function's handler is a
 * bug no compiler sees, hence one accessor per function and argument.
 */
#ifndef HIVE_HOOK_ARGS_H
#define HIVE_HOOK_ARGS_H

#include <linux/idr.h>
#include <linux/pid.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/signal_types.h>

/* wake_up_new_task(struct task_struct *p) */
static inline struct task_struct *
hive_hook_wake_up_new_task_p(const struct pt_regs *regs)
{
	return (struct task_struct *)regs->di;
}

/* release_task(struct task_struct *p) */
static inline struct task_struct *
hive_hook_release_task_p(const struct pt_regs *regs)
{
	return (struct task_struct *)regs->di;
}

/* idr_alloc_cyclic(struct idr *idr, void *ptr, int start, int end, gfp_t) */
static inline const struct idr *
hive_hook_idr_alloc_cyclic_idr(const struct pt_regs *regs)
{
	return (const struct idr *)regs->di;
}

/* Narrow idr_alloc_cyclic()'s [start, end) before it reads them. */
static inline void hive_hook_idr_alloc_cyclic_set_range(struct pt_regs *regs,
							 int start, int end)
{
	regs->dx = start;
	regs->cx = end;
}

/* idr_alloc(struct idr *idr, void *ptr, int start, int end, gfp_t) */
static inline const struct idr *hive_hook_idr_alloc_idr(const struct pt_regs *regs)
{
	return (const struct idr *)regs->di;
}

static inline int hive_hook_idr_alloc_start(const struct pt_regs *regs)
{
	return (int)regs->dx;
}

/* Narrow idr_alloc()'s [start, end) before it reads them. */
static inline void hive_hook_idr_alloc_set_range(struct pt_regs *regs, int start, int end)
{
	regs->dx = start;
	regs->cx = end;
}

/*
 * send_signal_locked(int sig, struct kernel_siginfo *info,
 *		      struct task_struct *t, enum pid_type type)
 */
static inline void hive_hook_send_signal_locked_set_info(struct pt_regs *regs,
							  struct kernel_siginfo *info)
{
	regs->si = (unsigned long)info;
}

static inline void hive_hook_send_signal_locked_set_type(struct pt_regs *regs,
							  enum pid_type type)
{
	regs->cx = type;
}

/*
 * handle_mm_fault(struct vm_area_struct *vma, unsigned long address,
 *		   unsigned int flags, struct pt_regs *regs)
 */
static inline const struct vm_area_struct *
hive_hook_handle_mm_fault_vma(const struct pt_regs *regs)
{
	return (const struct vm_area_struct *)regs->di;
}

static inline unsigned long hive_hook_handle_mm_fault_address(const struct pt_regs *regs)
{
	return regs->si;
}

/*
 * Every __x64_sys_* wrapper, and the __do_sys_* function of a
 * SYSCALL_DEFINE0, takes one argument: the caller's saved user
 * registers, which hold the system call's arguments (di, si, dx, r10, r8,
 * r9).  A REDIRECT replacement gets the same pointer.
 */
static inline const struct pt_regs *hive_hook_sys_user(const struct pt_regs *regs)
{
	return (const struct pt_regs *)regs->di;
}

/* kill(2)'s pid and sig */
static inline pid_t hive_hook_sys_kill_pid(const struct pt_regs *user)
{
	return (pid_t)user->di;
}

static inline int hive_hook_sys_kill_sig(const struct pt_regs *user)
{
	return (int)user->si;
}

/* clone(2)'s flags, the first argument */
static inline unsigned long hive_hook_sys_clone_flags(const struct pt_regs *user)
{
	return user->di;
}

/* clone3(2)'s struct clone_args, whose first field is the flags */
static inline const void __user *hive_hook_sys_clone3_args(const struct pt_regs *user)
{
	return (const void __user *)user->di;
}

/* madvise(2)'s start, length and advice */
static inline unsigned long hive_hook_sys_madvise_start(const struct pt_regs *user)
{
	return user->di;
}

static inline size_t hive_hook_sys_madvise_len(const struct pt_regs *user)
{
	return user->si;
}

static inline int hive_hook_sys_madvise_advice(const struct pt_regs *user)
{
	return (int)user->dx;
}

/*
 * A REDIRECT handler's choice: @fn, of the hooked function's signature,
 * runs instead of it and returns to its caller.
 */
static inline void hive_hook_redirect(struct pt_regs *regs, void *fn)
{
	regs->ip = (unsigned long)fn;
}

#endif /* HIVE_HOOK_ARGS_H */
