// SPDX-License-Identifier: GPL-2.0
/*
 * Signals to processes of other nodes (Documentation/processes.rst).
 * kill(2) with a PID or process group of another node's range, for which
 * this node has no process of its own, is redirected here and sent as a
 * KILL call to that node, where the kernel's own kill(2) check runs under
 * a cred of the sender's uids and the signal goes out with the sender's
 * PID and uid in its siginfo.  Every other kill(2) takes the kernel's own
 * path untouched.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/pid_namespace.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include "hive/exec.h"
#include "hive/process.h"
#include "hook/args.h"
#include "hook/hook.h"
#include "process.h"
#include "rpc/rpc.h"

/* The node a kill(2) of @pid goes to, or 0 when it stays local. */
static u32 hive_kill_target_node(pid_t pid)
{
	pid_t nr = pid > 0 ? pid : -pid;
	enum pid_type type = pid > 0 ? PIDTYPE_TGID : PIDTYPE_PGID;
	u32 first, end, home;
	bool local;

	if (pid == 0 || pid == -1 || pid == INT_MIN ||
	    task_active_pid_ns(current) != &init_pid_ns ||
	    !hive_pid_local_range(&first, &end) || (nr >= first && nr < end))
		return 0;
	home = hive_pid_home_node(nr);
	if (!home)
		return 0;
	rcu_read_lock();
	local = pid_task(find_pid_ns(nr, &init_pid_ns), type);
	rcu_read_unlock();
	return local ? 0 : home;
}

/*
 * Whether the current task may send a signal across nodes: its target's
 * node checks it under the kernel's own LSM label, which is an unconfined
 * sender's (hive_kill_cred()); a sender an LSM confines would lose its
 * profile's rules there, so it is refused here, with a line in the log.
 */
static int hive_kill_sender_check(pid_t pid)
{
	char *label = kmalloc(HIVE_EXEC_START_LABEL_MAX + 1, GFP_KERNEL);
	int n;

	if (!label)
		return -ENOMEM;
	n = hive_confine_label(label, HIVE_EXEC_START_LABEL_MAX + 1);
	if (n > 0 || n == -ENAMETOOLONG) {
		pr_info_ratelimited("process %d (%s) under the LSM label '%s' cannot signal %d of another node: that node can check a signal from an unconfined sender only\n",
				    task_tgid_nr(current), current->comm,
				    n > 0 ? label : "(longer than 1024 bytes)", pid);
		n = -EPERM;
	}
	kfree(label);
	return n;
}

static long hive_kill_remote(pid_t pid, int sig)
{
	struct hive_kill_req req = {
		.pid = pid,
		.sig = sig,
		.sender = task_tgid_nr(current),
		.uid = from_kuid_munged(&init_user_ns, current_uid()),
		.euid = from_kuid_munged(&init_user_ns, current_euid()),
	};
	u8 buf[HIVE_KILL_REQ_LEN];
	u32 reply_len;
	int err;

	if (!valid_signal(sig) || sig < 0)
		return -EINVAL;
	err = hive_kill_sender_check(pid);
	if (err)
		return err;
	if (ns_capable_noaudit(&init_user_ns, CAP_KILL))
		req.flags |= HIVE_KILL_CAP_KILL;
	err = hive_kill_req_encode(&req, buf, sizeof(buf));
	if (err < 0)
		return err;
	err = hive_rpc_call(hive_pid_home_node(pid > 0 ? pid : -pid),
			    HIVE_RPC_OP_KILL, buf, sizeof(buf), NULL, 0,
			    &reply_len, HIVE_RPC_ANSWER_TIMEOUT);
	/* A node outside this node's quorate view has no processes for it. */
	if (err == -EHOSTDOWN || err == -ENOTCONN)
		err = -ESRCH;
	return err;
}

/*
 * Runs instead of __x64_sys_kill(regs) for the kills
 * hive_kill_redirect() picked; it holds the module reference taken there.
 */
static long hive_sys_kill(const struct pt_regs *user)
{
	long ret = hive_kill_remote(hive_hook_sys_kill_pid(user),
				    hive_hook_sys_kill_sig(user));

	module_put(THIS_MODULE);
	return ret;
}

/* __x64_sys_kill: a kill(2) of a PID another node serves runs hive's. */
static void hive_kill_redirect(struct pt_regs *regs)
{
	const struct pt_regs *user = hive_hook_sys_user(regs);

	if (hive_kill_target_node(hive_hook_sys_kill_pid(user)) &&
	    try_module_get(THIS_MODULE))
		hive_hook_redirect(regs, hive_sys_kill);
}

/*
 * kill(2) queues a signal on the process's shared list, where any of its
 * threads may take it, also one that starts to sigwait or to read a
 * signalfd after the signal arrived, and with a siginfo naming its
 * sender.  The kernel exports no way to queue there with a siginfo of the
 * caller's making: send_sig_info() queues on one thread's own list, and
 * kill_pid() fills the siginfo from the current task.  So the entry hook of
 * send_signal_locked() gives hive's own call this CPU's hive_kill_call:
 * the whole process as type, its siginfo as siginfo.  Its setter disables
 * preemption until the call returned, and only its own task, in task
 * context, matches (a signal an interrupt sends meanwhile is not hive's);
 * the hook clears it when it has seen the call.
 */
struct hive_kill_call {
	const struct task_struct *task;
	struct kernel_siginfo *info;
};

static DEFINE_PER_CPU(struct hive_kill_call, hive_kill_call);

/* send_signal_locked: hive's own call queues for the whole process. */
static void hive_kill_to_process(struct pt_regs *regs)
{
	struct hive_kill_call *call = this_cpu_ptr(&hive_kill_call);

	if (call->task == current && in_task()) {
		hive_hook_send_signal_locked_set_info(regs, call->info);
		hive_hook_send_signal_locked_set_type(regs, PIDTYPE_TGID);
		call->task = NULL;
	}
}

/* Evaluates @send_call with this CPU's hive_kill_call set to @siginfo. */
#define hive_kill_with_info(siginfo, send_call)				\
({									\
	struct hive_kill_call *__call;					\
	int __err;							\
									\
	preempt_disable();						\
	__call = this_cpu_ptr(&hive_kill_call);				\
	__call->info = (siginfo);					\
	__call->task = current;						\
	__err = (send_call);						\
	__call->task = NULL;						\
	preempt_enable();						\
	__err;								\
})

static struct hive_hook hive_kill_hooks[] = {
	{
		.symbol = "send_signal_locked",
		.kind = HIVE_HOOK_ENTRY,
		.handler = hive_kill_to_process,
	},
	{
		.symbol = "__x64_sys_kill",
		.kind = HIVE_HOOK_REDIRECT,
		.handler = hive_kill_redirect,
	},
};

/**
 * hive_signal_process() - queue a signal for a whole process, as kill(2)
 * @sig: the signal
 * @info: its siginfo
 * @p: a thread of the process
 *
 * The signal goes to the process's shared queue, where any of its threads
 * may take it (see hive_kill_to_process()).
 *
 * Context: any but under @p's siglock.
 * Return: send_sig_info()'s answer.
 */
int hive_signal_process(int sig, struct kernel_siginfo *info, struct task_struct *p)
{
	return hive_kill_with_info(info, send_sig_info(sig, info, p));
}

/*
 * The cred a KILL is checked under: the sender's real and effective uid
 * (saved and filesystem uid the same), no capability but CAP_KILL where
 * the sender had it, and the kernel's own LSM label, which is what an
 * unconfined sender has too (a confined one is refused at home,
 * hive_kill_sender_check()).  Its gids stay the kernel's: kill(2)'s check
 * reads none.
 */
static const struct cred *hive_kill_cred(const struct hive_kill_req *req)
{
	kuid_t uid = make_kuid(&init_user_ns, req->uid);
	kuid_t euid = make_kuid(&init_user_ns, req->euid);
	struct cred *cred;

	if (!uid_valid(uid) || !uid_valid(euid))
		return ERR_PTR(-EINVAL);
	cred = prepare_kernel_cred(&init_task);
	if (!cred)
		return ERR_PTR(-ENOMEM);
	cred->uid = uid;
	cred->suid = uid;
	cred->euid = euid;
	cred->fsuid = euid;
	cap_clear(cred->cap_inheritable);
	cap_clear(cred->cap_permitted);
	cap_clear(cred->cap_effective);
	cap_clear(cred->cap_bset);
	cap_clear(cred->cap_ambient);
	if (req->flags & HIVE_KILL_CAP_KILL)
		cap_raise(cred->cap_effective, CAP_KILL);
	return cred;
}

/*
 * kill(2)'s check and delivery to the process of @pid, under the current
 * (the sender's) cred: kill_pid() runs the kernel's own
 * check_kill_permission() (the uid rule, CAP_KILL, audit's signal hook,
 * the LSMs' task_kill) and queues for the whole process, and
 * hive_kill_to_process() gives it the sender's siginfo.
 */
static int hive_kill_one(const struct hive_kill_req *req, struct pid *pid)
{
	struct kernel_siginfo info;

	clear_siginfo(&info);
	info.si_signo = req->sig;
	info.si_code = SI_USER;
	info.si_pid = req->sender;
	info.si_uid = req->uid;
	return hive_kill_with_info(&info, kill_pid(pid, req->sig, 0));
}

/*
 * KILL: one process, or every process of a group, as kill(2) does it,
 * under a cred of the sender's (hive_kill_cred()): success if any was
 * signalled, else the last error, -ESRCH for none.  Only domain processes
 * are reached: for another node, a process outside the domain does not
 * exist.
 */
static int hive_kill_serve(const struct hive_rpc_msg *msg,
			   struct hive_rpc_reply *reply)
{
	const struct cred *cred, *old;
	struct hive_kill_req req;
	struct task_struct *p;
	struct pid *pid;
	int err = -ESRCH;
	bool any = false;

	if (hive_kill_req_decode(msg->data, msg->len, &req) != msg->len)
		return -EBADMSG;
	cred = hive_kill_cred(&req);
	if (IS_ERR(cred))
		return PTR_ERR(cred);
	old = override_creds(cred);
	rcu_read_lock();
	if (req.pid > 0) {
		p = pid_task(find_pid_ns(req.pid, &init_pid_ns), PIDTYPE_TGID);
		if (p && hive_domain_member(p->tgid))
			err = hive_kill_one(&req, task_tgid(p));
	} else {
		pid = find_pid_ns(-req.pid, &init_pid_ns);
		do_each_pid_task(pid, PIDTYPE_PGID, p) {
			if (!hive_domain_member(p->tgid))
				continue;
			err = hive_kill_one(&req, task_tgid(p));
			any |= !err;
		} while_each_pid_task(pid, PIDTYPE_PGID, p);
		if (any)
			err = 0;
	}
	rcu_read_unlock();
	revert_creds(old);
	put_cred(cred);
	return err;
}

/**
 * hive_kill_init() - serve KILL and redirect kill(2) of remote PIDs
 *
 * Context: process (module init), after the RPC layer is up.
 * Return: 0, or hive_rpc_register()'s or the hook layer's error.
 */
int hive_kill_init(void)
{
	int err = hive_rpc_register(HIVE_RPC_OP_KILL, hive_kill_serve,
				    HIVE_RPC_ORDERED);

	if (err)
		return err;
	err = hive_hooks_install(hive_kill_hooks, ARRAY_SIZE(hive_kill_hooks));
	if (err)
		hive_rpc_unregister(HIVE_RPC_OP_KILL);
	return err;
}

/**
 * hive_kill_exit() - stop redirecting kill(2), stop serving KILL
 *
 * Kills already redirected hold a module reference, so unloading waits
 * for them.
 *
 * Context: process (module exit).
 */
void hive_kill_exit(void)
{
	hive_hooks_remove(hive_kill_hooks, ARRAY_SIZE(hive_kill_hooks));
	hive_rpc_unregister(HIVE_RPC_OP_KILL);
}
