// SPDX-License-Identifier: GPL-2.0
/*
 * Moving a process, the source's side (Documentation/migration.rst,
 * "Moving a process").  HIVE_CMD_MIGRATE freezes a domain process, sends
 * its stream to the target and serves the target's MIGRATE_PAGES while
 * the target rebuilds it.  Once the target says the process runs there,
 * the frozen threads become its deputy: in its own context the leader
 * gives the memory back and waits, keeping the PID, the TIDs (its other
 * threads wait with it), the descriptors and its place among its parent's
 * children, until the target says how the process ended (MIGRATE_EXIT);
 * then it ends the same way, so the parent's wait gets the status.  Every
 * other signal sent to the process the deputy passes on (MIGRATE_SIGNAL).
 * A process that comes back is rebuilt in the deputy's own threads
 * (restore.c).  Until the target runs it, the process runs on the source
 * again if anything fails.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cred.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/pid_namespace.h>
#include <linux/proc_fs.h>
#include <linux/random.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/sched/task_stack.h>
#include <linux/slab.h>
#include <linux/task_work.h>
#include <linux/uaccess.h>
#include <net/genetlink.h>
#include <asm/unistd.h>
#include <asm/vdso.h>
#include "admin/admin.h"
#include "membership/membership.h"
#include "migrate.h"
#include "node.h"
#include "process/process.h"
#include "rpc/rpc.h"

/* Pages a MIGRATE_PAGES request looks at, at most: bounds its time. */
#define HIVE_PAGES_SCAN_MAX	4096

/*
 * How long a move for another node's caller may take, passed on once:
 * a hang detector (a move of a large process on a slow machine takes a
 * minute).
 */
#define HIVE_MOVE_REMOTE_TIMEOUT	(600 * HZ)

/**
 * struct hive_mig_out - a process leaving this node
 * @ref: the registry's, the mover's, and one per thread of the deputy
 * @link: in hive_outs
 * @id: the migration's id; a process that moves on from a node it moved
 *	to keeps the id of its first move, which its deputy knows it by
 * @lock: orders the deputy's signals to @target against a change of
 *	@target (MIGRATE_MOVED); a mutex: the deputy holds it while it sends.
 *	Taken before hive_outs_lock, never under it
 * @target: the node it moves to; at the deputy, the node it runs on
 *	(under hive_outs_lock and @lock to change, either to read)
 * @next: at the deputy, the node it is moving on to (0: none); that
 *	node's report of its end is taken too (under hive_outs_lock and @lock)
 * @home: the deputy's node, for a process moving on from a node it moved
 *	to; 0 when this node is its home and its frozen task the deputy
 * @pid: the process
 * @mm: its address space, referenced (mmget) while @serving: the pages
 *	MIGRATE_PAGES and MIGRATE_FAULT read (under hive_outs_lock)
 * @serving: MIGRATE_PAGES and MIGRATE_FAULT are answered: from the stream
 *	until the target says it has every page (MIGRATE_PULLED), leaves the
 *	view, or the move fails (under hive_outs_lock)
 * @held: a module reference is held for serving after the process runs
 *	on the target (under hive_outs_lock)
 * @gone: its task here ended (it moved on from here): the registry lets
 *	it go once it no longer serves (under hive_outs_lock)
 * @kept: the deputy's leader still maps the process's memory, which it
 *	gives back once no longer serving (the leader's own)
 * @wq: the deputy waits here
 * @standing: the deputy's leader stands for the process (under
 *	hive_outs_lock)
 * @back: the process comes back: the migration that brings it, for the
 *	deputy's leader to rebuild it in its threads; referenced (under
 *	hive_outs_lock)
 * @exited: the target reported the process's end (under hive_outs_lock)
 * @status: its wait status, once @exited
 * @carried: per signal, how many queued for the process or its leader
 *	the stream carried: the target has them, the deputy drops as many
 */
struct hive_mig_out {
	refcount_t ref;
	struct list_head link;
	u64 id;
	struct mutex lock;
	u32 target;
	u32 next;
	u32 home;
	pid_t pid;
	struct mm_struct *mm;
	bool serving;
	bool held;
	bool gone;
	bool kept;
	wait_queue_head_t wq;
	bool standing;
	struct hive_mig_in *back;
	bool exited;
	u32 status;
	u16 carried[_NSIG];
};

/*
 * Processes leaving or gone from this node, by migration id.  A spinlock:
 * the RPC handlers look them up from any process context, and nothing
 * sleeps under it.
 */
static DEFINE_SPINLOCK(hive_outs_lock);
static LIST_HEAD(hive_outs);

/* Migrations whose process runs elsewhere and is served memory from here. */
static atomic_t hive_outs_served = ATOMIC_INIT(0);

static void hive_out_put(struct hive_mig_out *out)
{
	if (!refcount_dec_and_test(&out->ref))
		return;
	if (out->mm)
		mmput(out->mm);
	kfree(out);
}

/*
 * The migration @id that moved to @node, referenced, or NULL; or that is
 * moving on to @node if @or_next.
 */
static struct hive_mig_out *hive_out_find(u64 id, u32 node, bool or_next)
{
	struct hive_mig_out *out, *found = NULL;

	spin_lock(&hive_outs_lock);
	list_for_each_entry(out, &hive_outs, link) {
		if (out->id == id && (out->target == node || (or_next && out->next == node))) {
			refcount_inc(&out->ref);
			found = out;
			break;
		}
	}
	spin_unlock(&hive_outs_lock);
	return found;
}

/* Out of the registry, whose reference goes; once, whoever comes first. */
static void hive_out_unlist(struct hive_mig_out *out)
{
	bool listed;

	spin_lock(&hive_outs_lock);
	listed = !list_empty(&out->link);
	list_del_init(&out->link);
	spin_unlock(&hive_outs_lock);
	if (listed)
		hive_out_put(out);
}

/*
 * Up to HIVE_MIG_PAGES_MAX pages of [start, end) that the process wrote:
 * anonymous pages, also those of a private file mapping (its copies of
 * the file's pages).  A page never touched, or the zero page, is a hole
 * (FOLL_DUMP, as core dumps read memory: -EFAULT) and is not sent; a
 * page that cannot be read (no memory to swap it in, poisoned) fails the
 * request, so the process is never handed a hole for it.  One
 * get_user_pages_remote() takes the pages up to the next hole.
 */
static int hive_pages_collect(struct mm_struct *mm, const struct hive_mig_pages_req *req,
			      struct hive_mig_pages_reply *rep, struct page **pages)
{
	struct vm_area_struct *vma;
	unsigned long addr = req->start;
	long scanned = 0, n, i;
	int err;

	err = mmap_read_lock_killable(mm);
	if (err)
		return err;
	vma = find_vma(mm, req->start);
	if (!vma || vma->vm_start > req->start || req->end > vma->vm_end) {
		mmap_read_unlock(mm);
		return -EINVAL;
	}
	/* A mapping without an anon_vma never had a page of its own. */
	if (!vma->anon_vma)
		addr = req->end;
	while (addr < req->end && rep->npages < HIVE_MIG_PAGES_MAX &&
	       scanned < HIVE_PAGES_SCAN_MAX) {
		struct page **got = pages + rep->npages;

		n = min3((long)(req->end - addr) >> PAGE_SHIFT,
			 (long)(HIVE_MIG_PAGES_MAX - rep->npages), HIVE_PAGES_SCAN_MAX - scanned);
		n = get_user_pages_remote(mm, addr, n, FOLL_DUMP | FOLL_FORCE, got, NULL, NULL);
		if (n == -EFAULT) {
			addr += PAGE_SIZE;
			scanned++;
			continue;
		}
		if (n <= 0) {
			err = n < 0 ? n : -EIO;
			break;
		}
		/* The anonymous ones stay, each moved down over those that did not. */
		for (i = 0; i < n; i++, addr += PAGE_SIZE) {
			if (!PageAnon(got[i])) {
				put_page(got[i]);
				continue;
			}
			pages[rep->npages] = got[i];
			rep->addr[rep->npages++] = addr;
		}
		scanned += n;
	}
	mmap_read_unlock(mm);
	rep->next = addr;
	return err;
}

/*
 * MIGRATE_PAGES and MIGRATE_FAULT from the target of a migration: the
 * pages the process wrote in a range of one of its mappings, while it
 * arrives and, for its private anonymous memory, after it runs there
 * (lazy.c).  A worker handler: it takes mmap_lock.
 */
static int hive_pages_serve(const struct hive_rpc_msg *msg, struct hive_rpc_reply *reply)
{
	struct hive_mig_pages_reply rep = {};
	struct page *pages[HIVE_MIG_PAGES_MAX];
	struct hive_rpc_pages rpages = { .page = pages };
	struct hive_mig_pages_req req;
	struct hive_mig_out *out;
	struct mm_struct *mm;
	u8 *buf;
	u32 i;
	int err;

	if (!reply || hive_mig_pages_req_decode(msg->data, msg->len, &req) != msg->len)
		return -EBADMSG;
	out = hive_out_find(req.migration, msg->node, false);
	if (!out)
		return -ESRCH;
	spin_lock(&hive_outs_lock);
	mm = out->serving && mmget_not_zero(out->mm) ? out->mm : NULL;
	spin_unlock(&hive_outs_lock);
	err = mm ? hive_pages_collect(mm, &req, &rep, pages) : -ESRCH;
	if (mm)
		mmput(mm);
	if (!err) {
		rpages.nr = rep.npages;
		buf = hive_rpc_reply_alloc_pages(reply, HIVE_MIG_PAGES_REPLY_LEN, &rpages);
		err = buf ? hive_mig_pages_reply_encode(&rep, buf, HIVE_MIG_PAGES_REPLY_LEN) : -ENOMEM;
		err = err < 0 ? err : 0;
	}
	for (i = 0; i < rep.npages; i++)
		put_page(pages[i]);
	hive_out_put(out);
	return err;
}

static bool hive_node_in_view(u32 node)
{
	bool in;

	rcu_read_lock();
	in = hive_view_find(hive_view_rcu(), node);
	rcu_read_unlock();
	return in;
}

/*
 * The target needs nothing of @out's memory any more: the reference goes,
 * the deputy's leader gives the memory back (hive_deputy_let_go()), and
 * the registry lets go of a migration whose task here ended.  Once.
 */
static void hive_out_served(struct hive_mig_out *out)
{
	struct mm_struct *mm;
	bool serving, gone, held;

	spin_lock(&hive_outs_lock);
	serving = out->serving;
	held = out->held;
	mm = out->mm;
	out->serving = false;
	out->held = false;
	out->mm = NULL;
	gone = out->gone;
	spin_unlock(&hive_outs_lock);
	if (mm)
		mmput(mm);
	wake_up(&out->wq);
	if (serving && gone)
		hive_out_unlist(out);
	if (held) {
		atomic_dec(&hive_outs_served);
		module_put(THIS_MODULE);
	}
}

/**
 * hive_move_serving() - how many processes that moved from this node
 *	still take memory from it
 *
 * Context: any.
 * Return: the count, for /sys/kernel/hive/migration/processes_served.
 */
unsigned int hive_move_serving(void)
{
	return atomic_read(&hive_outs_served);
}

/* MIGRATE_PULLED: the process has all of its memory where it runs. */
static int hive_pulled_serve(const struct hive_rpc_msg *msg, struct hive_rpc_reply *reply)
{
	struct hive_mig_abort m;
	struct hive_mig_out *out;

	if (hive_mig_abort_decode(msg->data, msg->len, &m) != msg->len)
		return -EBADMSG;
	out = hive_out_find(m.migration, msg->node, false);
	if (!out)
		return -ESRCH;
	hive_out_served(out);
	hive_out_put(out);
	return 0;
}

/*
 * A node left: the memory of a process that ran there is needed no more
 * (its deputy, if here, learns it is lost).
 */
static void hive_outs_view_run(struct work_struct *work)
{
	struct hive_mig_out *out, *found;

	do {
		found = NULL;
		spin_lock(&hive_outs_lock);
		list_for_each_entry(out, &hive_outs, link) {
			if (out->held && !hive_node_in_view(out->target)) {
				refcount_inc(&out->ref);
				found = out;
				break;
			}
		}
		spin_unlock(&hive_outs_lock);
		if (found) {
			hive_out_served(found);
			hive_out_put(found);
		}
	} while (found);
}

static DECLARE_WORK(hive_outs_view_work, hive_outs_view_run);

static int hive_outs_view_event(struct notifier_block *nb, unsigned long action, void *data)
{
	schedule_work(&hive_outs_view_work);
	return NOTIFY_OK;
}

static struct notifier_block hive_outs_view_nb = {
	.notifier_call = hive_outs_view_event,
};

/*
 * MIGRATE_EXIT: the process this node's deputy stands for ended, where it
 * runs or where it was moving on to.
 */
static int hive_exit_serve(const struct hive_rpc_msg *msg, struct hive_rpc_reply *reply)
{
	struct hive_mig_exit ex;
	struct hive_mig_out *out;

	if (hive_mig_exit_decode(msg->data, msg->len, &ex) != msg->len)
		return -EBADMSG;
	out = hive_out_find(ex.migration, msg->node, true);
	if (!out)
		return -ESRCH;
	spin_lock(&hive_outs_lock);
	out->status = ex.status;
	out->exited = true;
	spin_unlock(&hive_outs_lock);
	wake_up(&out->wq);
	hive_out_put(out);
	return 0;
}

/* Where the process of @out runs and moves on to; under @out->lock. */
static void hive_out_retarget(struct hive_mig_out *out, u32 target, u32 next)
{
	spin_lock(&hive_outs_lock);
	out->target = target;
	out->next = next;
	spin_unlock(&hive_outs_lock);
}

/*
 * MIGRATE_MOVED, at the deputy: the process moves on from the node it
 * runs on, the sender.  GOING: the next node's report of its end is taken
 * too; GONE: it runs there, its signals go there; STAYED: it did not move.
 * Moving back here, GONE comes once its task at the sender ended.  A
 * worker handler: it waits for a signal the deputy is sending.
 */
static int hive_moved_serve(const struct hive_rpc_msg *msg, struct hive_rpc_reply *reply)
{
	struct hive_node_info self;
	struct hive_mig_moved m;
	struct hive_mig_out *out;
	int err = 0;

	if (hive_mig_moved_decode(msg->data, msg->len, &m) != msg->len)
		return -EBADMSG;
	if (m.node == msg->node)
		return -EINVAL;
	/* Back here, its deputy is gone; its task there is gone too now. */
	hive_node_get(&self);
	if (m.node == self.node_id && m.stage == HIVE_MIG_MOVED_GONE)
		return hive_in_came_home(m.migration, msg->node);
	out = hive_out_find(m.migration, msg->node, false);
	if (!out)
		return -ESRCH;
	mutex_lock(&out->lock);
	if (out->home || out->target != msg->node)
		err = -ESRCH;
	else if (m.stage == HIVE_MIG_MOVED_GOING)
		err = out->next ? -EBUSY : 0;
	else if (out->next != m.node)
		err = -EPROTO;
	if (!err && m.stage == HIVE_MIG_MOVED_GOING)
		hive_out_retarget(out, msg->node, m.node);
	else if (!err)
		hive_out_retarget(out, m.stage == HIVE_MIG_MOVED_GONE ? m.node : msg->node, 0);
	mutex_unlock(&out->lock);
	wake_up(&out->wq);
	hive_out_put(out);
	return err;
}

static bool hive_out_ended(struct hive_mig_out *out, u32 *status)
{
	bool ended;

	spin_lock(&hive_outs_lock);
	ended = out->exited;
	*status = out->status;
	spin_unlock(&hive_outs_lock);
	return ended;
}

/* Count the signals @image carries for the process and its leader. */
static void hive_out_carry(struct hive_mig_out *out, const struct hive_mig_image *image)
{
	const struct hive_mig_thread_image *leader = &image->threads[0];
	u32 i;

	for (i = 0; i < image->signals.npending; i++)
		out->carried[image->queued[i].signo - 1]++;
	for (i = 0; i < leader->rec.npending; i++)
		out->carried[leader->queued[i].signo - 1]++;
}

/* The signals the stream carried are the target's now: dropped here. */
static void hive_deputy_drop_carried(const struct hive_mig_out *out)
{
	kernel_siginfo_t info;
	enum pid_type type;
	sigset_t one;
	int sig;
	u16 n;

	spin_lock_irq(&current->sighand->siglock);
	for (sig = 1; sig <= _NSIG; sig++) {
		/* dequeue_signal()'s mask: the signals it leaves. */
		siginitsetinv(&one, sigmask(sig));
		for (n = out->carried[sig - 1]; n; n--)
			if (dequeue_signal(current, &one, &info, &type) != sig)
				break;
	}
	spin_unlock_irq(&current->sighand->siglock);
}

/*
 * Every signal but SIGKILL reaches the deputy's leader and waits there
 * to be passed on: the process's own dispositions and mask apply where
 * it runs.  Each is queued (a handler the deputy never runs), none is
 * blocked; the other threads block all, so the leader is the one woken.
 */
static void hive_deputy_catch(void)
{
	sigset_t none;
	int sig;

	for (sig = 1; sig <= _NSIG; sig++)
		if (!sig_kernel_only(sig))
			kernel_sigaction(sig, SIG_KTHREAD);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

/*
 * Pass the signals queued for the current task on to the process where
 * it runs, under @out->lock: a move on waits for them.
 */
static void hive_deputy_forward(struct hive_mig_out *out)
{
	struct hive_mig_signal m = { .migration = out->id };
	u8 buf[HIVE_MIG_SIGNAL_LEN];
	kernel_siginfo_t info;
	enum pid_type type;
	sigset_t mask;
	int sig;

	siginitset(&mask, sigmask(SIGKILL));
	mutex_lock(&out->lock);
	for (;;) {
		spin_lock_irq(&current->sighand->siglock);
		sig = dequeue_signal(current, &mask, &info, &type);
		spin_unlock_irq(&current->sighand->siglock);
		if (sig <= 0)
			break;
		m.flags = type == PIDTYPE_PID ? HIVE_MIG_SIGNAL_THREAD : 0;
		m.info.signo = sig;
		m.info.code = info.si_code;
		m.info.errnum = info.si_errno;
		memcpy(m.info.fields, &info._sifields, sizeof(m.info.fields));
		if (hive_mig_signal_encode(&m, buf, sizeof(buf)) < 0 ||
		    hive_rpc_cast(out->target, HIVE_RPC_OP_MIGRATE_SIGNAL, buf, sizeof(buf), HZ))
			pr_warn_ratelimited("signal %d for process %d not passed on to node %u\n",
					    sig, out->pid, out->target);
	}
	mutex_unlock(&out->lock);
}

/*
 * The node the process of deputy @out runs on, 0 once it is lost: that
 * node left the view.  One it was moving on to takes its place: it runs
 * there, or its move's abort there reports its end; but not this node,
 * where it runs only once the deputy rebuilt it.
 */
static u32 hive_deputy_where(struct hive_mig_out *out)
{
	struct hive_node_info self;
	u32 where;

	hive_node_get(&self);
	mutex_lock(&out->lock);
	if (!hive_node_in_view(out->target) && out->next && out->next != self.node_id &&
	    hive_node_in_view(out->next))
		hive_out_retarget(out, out->next, 0);
	where = hive_node_in_view(out->target) ? out->target : 0;
	mutex_unlock(&out->lock);
	return where;
}

/*
 * The deputy keeps no mapping but the vDSO's, [vvar] and [vdso], which
 * the process has at the same place on every node: one that comes back
 * is rebuilt around it, as in the restore helper's task.
 */
static void hive_deputy_forget_layout(void)
{
	const struct mm_struct *mm = current->mm;
	unsigned long vdso = (unsigned long)mm->context.vdso, lo, hi;

	if (!vdso || !mm->context.vdso_image) {
		vm_munmap(0, TASK_SIZE);
		return;
	}
	lo = vdso + mm->context.vdso_image->sym_vvar_start;
	hi = vdso + mm->context.vdso_image->size;
	vm_munmap(0, lo);
	vm_munmap(hi, TASK_SIZE - hi);
}

/*
 * The deputy's leader gives the process's memory back once the target
 * needs none of it (hive_out_served()).
 */
static void hive_deputy_let_go(struct hive_mig_out *out)
{
	if (out->kept && !READ_ONCE(out->serving)) {
		hive_deputy_forget_layout();
		out->kept = false;
	}
}

/*
 * The deputy's wait: until the target reports the end, the target leaves
 * the view (0, *status a SIGKILL), the process comes back (1), or a fatal
 * signal (-EINTR); each other signal goes on to the process.  Interruptible, so a signal wakes it,
 * and so not counted as load: it lasts as long as the process runs
 * there.  A task_work queued with TWA_SIGNAL would run only on the way to
 * user mode, and keeps an interruptible sleep from sleeping: with one
 * queued, or a signal left that was not taken, the wait is killable and
 * looks again each second.
 */
static int hive_deputy_wait(struct hive_mig_out *out, u32 *status)
{
	u32 where, listed = 0;
	DEFINE_WAIT(wait);
	int err = 0;

	for (;;) {
		if (hive_out_ended(out, status))
			break;
		where = hive_deputy_where(out);
		if (!where) {
			pr_warn("node %u left the cluster while process %d ran there: it is lost\n",
				READ_ONCE(out->target), out->pid);
			*status = SIGKILL;
			break;
		}
		/* Listed where it runs; without the memory to list, it is not here. */
		if (where != listed && hive_domain_deputize(where))
			pr_warn("process %d runs on node %u but is listed here too\n", out->pid,
				where);
		listed = where;
		if (fatal_signal_pending(current)) {
			err = -EINTR;
			break;
		}
		if (READ_ONCE(out->back)) {
			err = 1;
			break;
		}
		hive_deputy_let_go(out);
		hive_deputy_forward(out);
		prepare_to_wait(&out->wq, &wait,
				test_thread_flag(TIF_NOTIFY_SIGNAL) || task_sigpending(current) ?
				TASK_KILLABLE | TASK_NOLOAD : TASK_INTERRUPTIBLE);
		if (!hive_out_ended(out, status) && !READ_ONCE(out->back))
			schedule_timeout(HZ);
		finish_wait(&out->wq, &wait);
	}
	return err;
}

/*
 * Block every signal the current task can block.  The kernel's
 * sigprocmask() would block SIGKILL too, and a SIGKILL already pending
 * would then no longer count as pending: the task would sleep through it.
 */
static void hive_block_signals(void)
{
	sigset_t all;

	siginitsetinv(&all, sigmask(SIGKILL) | sigmask(SIGSTOP));
	sigprocmask(SIG_SETMASK, &all, NULL);
}

/*
 * End the deputy with @status: killed by its signal (its handler reset,
 * no core: the memory is elsewhere), or exited with its code through
 * exit_group(2) from a page of two instructions, the only way a module
 * ends a task with a code of its choosing.
 */
static void hive_deputy_end(u32 status)
{
	struct pt_regs *regs = task_pt_regs(current);
	static const u8 insn[] = { 0x0f, 0x05 };	/* syscall */
	int sig = status & 0x7f;
	unsigned long page;

	if (sig) {
		/* No signal is blocked here (hive_deputy_catch()). */
		kernel_sigaction(sig, SIG_DFL);
		task_lock(current->group_leader);
		current->signal->rlim[RLIMIT_CORE].rlim_cur = 0;
		task_unlock(current->group_leader);
		send_sig(sig, current, 1);
		return;
	}
	hive_block_signals();
	page = vm_mmap(NULL, 0, PAGE_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC,
		       MAP_PRIVATE | MAP_ANONYMOUS, 0);
	if (IS_ERR_VALUE(page) || copy_to_user((void __user *)page, insn, sizeof(insn))) {
		send_sig(SIGKILL, current, 1);
		return;
	}
	regs->ip = page;
	regs->orig_ax = -1;
	regs->ax = __NR_exit_group;
	regs->di = (status >> 8) & 0xff;
}

/*
 * Nothing the kernel writes into a thread's memory on its way out or
 * back to user mode (an rseq area it would fail to update with SIGSEGV,
 * the tid to clear, the robust futexes) is written here: the memory is
 * the target's.
 */
static void hive_deputy_forget_memory(void)
{
	current->clear_child_tid = NULL;
	current->robust_list = NULL;
#ifdef CONFIG_RSEQ
	current->rseq = NULL;
	current->rseq_sig = 0;
#endif
}

/**
 * hive_deputy_follow() - wait as a thread of a deputy other than the leader
 *
 * Killable and not counted as load, until the leader ends the process
 * (exit_group(2) and a fatal signal both kill every thread), or a
 * task_work is queued: the process comes back, and the thread becomes its
 * thread again (restore.c wakes it).  Another's task_work would take it
 * out too, into user mode without memory, where it dies with the
 * process.  hive queues none on a deputy's thread; in the kernel,
 * keyctl(2)'s KEYCTL_SESSION_TO_PARENT (on the caller's parent) and
 * io_uring (which a moved process cannot hold) queue on another task.
 *
 * Context: process, in a task_work of the thread, on its way to user mode.
 */
void hive_deputy_follow(void)
{
	hive_block_signals();
	hive_deputy_forget_memory();
	for (;;) {
		set_current_state(TASK_KILLABLE | TASK_NOLOAD);
		if (fatal_signal_pending(current) || task_work_pending(current))
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
}

/*
 * The process comes back: the deputy's threads become its threads again
 * (hive_in_come_home()).  False once it runs here; true if the deputy
 * goes on standing for it where it runs.
 */
static bool hive_deputy_come_back(struct hive_mig_out *out)
{
	struct hive_mig_in *in;
	int err;

	spin_lock(&hive_outs_lock);
	in = out->back;
	out->back = NULL;
	out->standing = false;
	spin_unlock(&hive_outs_lock);
	/* It left the node it comes from with all of its memory there. */
	hive_out_served(out);
	hive_deputy_let_go(out);
	err = hive_in_come_home(in);
	if (!err) {
		hive_domain_undeputize();
		pr_info("process %d came back from node %u\n", out->pid, out->target);
		return false;
	}
	hive_deputy_forget_layout();
	hive_deputy_forget_memory();
	spin_lock(&hive_outs_lock);
	out->standing = true;
	spin_unlock(&hive_outs_lock);
	return true;
}

/**
 * hive_deputy_back() - the process of a deputy here comes back
 * @id: its migration
 * @node: the node it comes from, where it runs
 * @pid: its PID
 * @in: the migration that brings it; the deputy takes this reference
 *
 * The deputy's leader rebuilds the process in its own threads
 * (hive_in_come_home()).
 *
 * Context: process.
 * Return: 0; -ESRCH if no deputy here stands for @pid running on @node as
 * @id; -EBUSY if it is coming back already.
 */
int hive_deputy_back(u64 id, u32 node, pid_t pid, struct hive_mig_in *in)
{
	struct hive_mig_out *out = hive_out_find(id, node, false);
	int err = 0;

	if (!out)
		return -ESRCH;
	spin_lock(&hive_outs_lock);
	if (out->home || out->pid != pid || !out->standing)
		err = -ESRCH;
	else if (out->back)
		err = -EBUSY;
	else
		out->back = in;
	spin_unlock(&hive_outs_lock);
	wake_up(&out->wq);
	hive_out_put(out);
	return err;
}

/*
 * The deputy, in each of the source's threads once the process runs on
 * the target: the leader serves the memory until the target has it all
 * and gives it back (hive_deputy_let_go()), waits and ends the
 * process as it ended, or becomes it again when it comes back; the other
 * threads wait with it.  Each holds a reference on @data.
 */
static void hive_deputy_run(void *data)
{
	struct hive_mig_out *out = data;
	struct hive_mig_in *in;
	u32 status = SIGKILL;
	int err;

	if (!thread_group_leader(current)) {
		hive_deputy_follow();
		hive_out_put(out);
		return;
	}
	hive_deputy_forget_memory();
	spin_lock(&hive_outs_lock);
	out->standing = true;
	spin_unlock(&hive_outs_lock);
	out->kept = true;
	hive_deputy_drop_carried(out);
	do {
		hive_deputy_catch();
		err = hive_deputy_wait(out, &status);
	} while (err > 0 && hive_deputy_come_back(out));
	spin_lock(&hive_outs_lock);
	out->standing = false;
	in = out->back;
	out->back = NULL;
	spin_unlock(&hive_outs_lock);
	/* A process coming back too late: its migration times out. */
	if (in)
		hive_in_put(in);
	if (err < 0) {
		struct hive_mig_abort ab = { .migration = out->id };
		u8 buf[HIVE_MIG_ABORT_LEN];

		/* Killed here: the process dies there too. */
		mutex_lock(&out->lock);
		if (hive_mig_abort_encode(&ab, buf, sizeof(buf)) > 0)
			hive_rpc_cast(out->target, HIVE_RPC_OP_MIGRATE_ABORT, buf, sizeof(buf), HZ);
		mutex_unlock(&out->lock);
	} else if (!err) {
		hive_deputy_end(status);
	}
	hive_out_served(out);
	hive_out_unlist(out);
	hive_out_put(out);
}

/*
 * Tell the deputy at @out->home how the process's move on to @out->target
 * goes: an enum hive_mig_moved_stage value.
 */
static int hive_moved_tell(const struct hive_mig_out *out, u8 stage)
{
	struct hive_mig_moved m = { .migration = out->id, .node = out->target, .stage = stage };
	u8 buf[HIVE_MIG_MOVED_LEN];
	u32 len;
	int err = hive_mig_moved_encode(&m, buf, sizeof(buf));

	if (err > 0)
		err = hive_rpc_call(out->home, HIVE_RPC_OP_MIGRATE_MOVED, buf, sizeof(buf), NULL,
				    0, &len, 10 * HZ);
	if (err)
		pr_warn("home node %u of process %d not told of its move to node %u (stage %u): error %d\n",
			out->home, out->pid, out->target, stage, err);
	return err;
}

/*
 * The frozen threads of a process that moved on from this node, to which
 * it had moved: nothing of it stays but its memory, until the target has
 * it all.  The leader passes on the signals
 * that reached it after its state was taken and ends the task (its
 * helper's report goes nowhere: hive_in_moved_on()); the other threads
 * wait for that.  A home node it went back to is told once no more
 * comes.  Each holds a reference on @data.
 */
static void hive_moved_on_run(void *data)
{
	struct hive_mig_out *out = data;
	bool serving;

	if (!thread_group_leader(current)) {
		hive_deputy_follow();
		hive_out_put(out);
		return;
	}
	hive_deputy_forget_memory();
	hive_deputy_drop_carried(out);
	hive_deputy_forward(out);
	if (out->target == out->home)
		hive_moved_tell(out, HIVE_MIG_MOVED_GONE);
	send_sig(SIGKILL, current, 1);
	/* Its memory stays, through @out->mm, until the target has it all. */
	spin_lock(&hive_outs_lock);
	out->gone = true;
	serving = out->serving;
	spin_unlock(&hive_outs_lock);
	if (!serving)
		hive_out_unlist(out);
	hive_out_put(out);
}

/* Tell the target to drop or kill what it built of migration @out. */
static void hive_out_abort(struct hive_mig_out *out)
{
	struct hive_mig_abort ab = { .migration = out->id };
	u8 buf[HIVE_MIG_ABORT_LEN];
	u32 len;

	if (hive_mig_abort_encode(&ab, buf, sizeof(buf)) > 0)
		hive_rpc_call(out->target, HIVE_RPC_OP_MIGRATE_ABORT, buf, sizeof(buf), NULL, 0,
			      &len, 10 * HZ);
}

/* A forwarded descriptor its server let go of already fails there as here. */
static bool hive_fwd_gone(int err)
{
	return err == -EBADF || err == -EHOSTDOWN || err == -ENOTCONN;
}

/*
 * Before the stream: a process moving on has its deputy told where it
 * goes (-ENOLINK if it does not agree), and each pipe, socket and
 * terminal becomes the target's to use: granted if this node serves it,
 * passed on by the node that does.
 */
static int hive_move_hand(struct hive_mig_out *out, const struct hive_mig_image *image)
{
	u32 self = image->begin.source, i;
	int err = 0;

	if (out->home && hive_moved_tell(out, HIVE_MIG_MOVED_GOING))
		return -ENOLINK;
	for (i = 0; !err && i < image->nfiles; i++) {
		const struct hive_mig_file *f = &image->files[i];

		if (f->kind != HIVE_MIG_FILE_FWD)
			continue;
		if (f->server == self) {
			err = hive_fwd_grant(f->ino, out->target);
			continue;
		}
		err = hive_fwd_pass(f->server, f->ino, out->target);
		if (hive_fwd_gone(err))
			err = 0;
	}
	return err;
}

/*
 * The move failed: the deputy is told the process stays (if it was told
 * it goes), the descriptors others serve are passed back here.  Those
 * this node serves go with the image (hive_mig_image_free()).
 */
static void hive_move_take_back(struct hive_mig_out *out, const struct hive_mig_image *image,
				bool told)
{
	u32 self = image->begin.source, i;
	int err;

	if (out->home && told)
		hive_moved_tell(out, HIVE_MIG_MOVED_STAYED);
	for (i = 0; i < image->nfiles; i++) {
		const struct hive_mig_file *f = &image->files[i];

		if (f->kind != HIVE_MIG_FILE_FWD || f->server == self)
			continue;
		err = hive_fwd_pass(f->server, f->ino, self);
		if (err && !hive_fwd_gone(err))
			pr_warn("descriptor %d of process %d not taken back from node %u: error %d\n",
				f->fd, out->pid, f->server, err);
	}
}

/*
 * Send @image to its target as migration @out.  On success the process
 * runs there and its frozen task becomes the deputy, or, if it had moved
 * here, ends; on failure it runs here again.
 */
static int hive_move_send(struct hive_mig_out *out, struct hive_mig_image *image,
			  struct hive_freeze *fz)
{
	u32 i, parked;
	int err;

	spin_lock(&hive_outs_lock);
	list_add(&out->link, &hive_outs);
	spin_unlock(&hive_outs_lock);
	refcount_inc(&out->ref);
	err = hive_move_hand(out, image);
	if (!err) {
		spin_lock(&hive_outs_lock);
		out->serving = true;
		spin_unlock(&hive_outs_lock);
		err = hive_mig_stream_send(image, out->id);
	}
	if (err) {
		hive_out_served(out);
		if (err != -ENOLINK)
			hive_out_abort(out);
		hive_out_unlist(out);
		hive_move_take_back(out, image, err != -ENOLINK);
		hive_thaw(fz);
		return err;
	}
	if (out->home) {
		/* Back home it runs in its deputy, which knows. */
		if (out->target != out->home)
			hive_moved_tell(out, HIVE_MIG_MOVED_GONE);
		hive_in_moved_on(out->id);
	}
	image->fwd_granted = true;
	/* It runs there: its private anonymous memory is served until pulled. */
	spin_lock(&hive_outs_lock);
	out->held = out->serving;
	if (out->held) {
		atomic_inc(&hive_outs_served);
		__module_get(THIS_MODULE);
	}
	spin_unlock(&hive_outs_lock);
	/*
	 * Each thread of the deputy takes a reference of its own.  A thread
	 * a fatal signal took out of its stop meanwhile runs no deputy: the
	 * process dies here, and so must it there (its leader's deputy, if
	 * it runs, finds the signal and says so too).
	 */
	refcount_add(image->nthreads, &out->ref);
	parked = hive_thaw_then(fz, out->home ? hive_moved_on_run : hive_deputy_run, out);
	for (i = parked; i < image->nthreads; i++)
		hive_out_put(out);
	if (parked != image->nthreads) {
		hive_out_abort(out);
		hive_out_served(out);
		hive_out_unlist(out);
		return -EINTR;
	}
	return 0;
}

/* A sentence for why a move that got under way failed. */
static void hive_move_explain(int err, u32 target, struct netlink_ext_ack *extack)
{
	switch (err) {
	case -EHOSTDOWN:
	case -ENOTCONN:
		NL_SET_ERR_MSG(extack, "the target left the cluster: the process runs on where it was");
		break;
	case -ETIMEDOUT:
		NL_SET_ERR_MSG(extack, "the target did not answer in time: the process runs on where it was");
		break;
	case -ENOEXEC:
	case -ECHILD:
		NL_SET_ERR_MSG(extack, "the target could not start its restore helper: the process runs on where it was");
		break;
	case -ESTALE:
		NL_SET_ERR_MSG(extack, "a file the process maps or holds open differs on the target: the process runs on where it was");
		break;
	case -EEXIST:
		NL_SET_ERR_MSG(extack, "the target has a task with the process's PID: the process runs on where it was");
		break;
	case -ENOLINK:
		NL_SET_ERR_MSG(extack, "the process's home node did not agree to the move: the process runs on where it was");
		break;
	case -EXDEV:
		NL_SET_ERR_MSG(extack, "the process started or ended a thread since it left its home node, which cannot take it back yet: the process runs on where it was");
		break;
	default:
		NL_SET_ERR_MSG(extack, "the target could not rebuild the process: the process runs on where it was");
	}
	pr_info("process not moved to node %u: error %d\n", target, err);
}

/* Wait until the memory of @p, which may have just arrived, is all here. */
static int hive_move_settle(struct task_struct *p, struct netlink_ext_ack *extack)
{
	struct mm_struct *mm = get_task_mm(p);
	int err;

	if (!mm)
		return -ESRCH;
	err = hive_lazy_settle(mm);
	mmput(mm);
	if (err == -ETIMEDOUT)
		NL_SET_ERR_MSG(extack, "the process's memory is still arriving from the node it came from: try again later");
	else if (err == -ESRCH)
		NL_SET_ERR_MSG(extack, "the process lost its memory on the way and is being killed");
	return err;
}

/*
 * Freeze @p, take it, and move it to @target unless a reason keeps it
 * here; the reasons go to @image, the stream's length to @bytes.  A
 * process that moved here (migration @arrived, its deputy at @home) moves
 * on under the same migration id; for one at its home both are 0.
 */
static int hive_move(struct task_struct *p, u32 source, u32 target, u64 arrived, u32 home,
		     struct hive_mig_image *image, u32 *bytes, struct netlink_ext_ack *extack)
{
	struct hive_mig_out *out;
	struct hive_freeze *fz;
	int err;

	if (READ_ONCE(p->signal->flags) & SIGNAL_STOP_STOPPED) {
		hive_why_add(&image->whys, HIVE_WHY_STOPPED, 0, NULL);
		return 0;
	}
	/* A process that just arrived moves on once all of its memory is here. */
	err = hive_move_settle(p, extack);
	if (err)
		return err;
	/* A descriptor that cannot move is said before anything stops. */
	err = hive_capture_descriptors(p, &image->whys);
	if (err || image->whys.count)
		return err;
	out = kzalloc(sizeof(*out), GFP_KERNEL);
	if (!out)
		return -ENOMEM;
	refcount_set(&out->ref, 1);
	INIT_LIST_HEAD(&out->link);
	mutex_init(&out->lock);
	init_waitqueue_head(&out->wq);
	out->id = arrived ?: get_random_u64() | 1;
	out->target = target;
	out->home = home;
	out->pid = p->tgid;
	out->mm = get_task_mm(p);
	err = out->mm ? hive_freeze(p, image, &fz) : -ESRCH;
	if (err)
		goto out;
	err = hive_capture_process(p, image);
	if (err)
		goto thaw;
	image->begin.source = source;
	image->begin.target = target;
	/* The stream of a process a reason keeps here only counts its bytes. */
	err = hive_mig_stream_check(image, bytes);
	if (err == -ENOMEM)
		goto thaw;
	if (err && !image->whys.count)
		hive_why_add(&image->whys, HIVE_WHY_STATE, -err, NULL);
	err = 0;
	if (image->whys.count)
		goto thaw;
	hive_out_carry(out, image);
	err = hive_move_send(out, image, fz);
	if (err)
		hive_move_explain(err, target, extack);
	else
		pr_info("process %d moved to node %u\n", out->pid, target);
	goto out;
thaw:
	hive_thaw(fz);
out:
	hive_out_put(out);
	return err;
}

static int hive_move_reply(struct genl_info *info, pid_t pid, u32 target)
{
	struct sk_buff *msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	void *hdr;

	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &hive_genl_family, 0, HIVE_CMD_MIGRATE);
	if (!hdr || nla_put_u32(msg, HIVE_ATTR_PID, pid) ||
	    nla_put_u32(msg, HIVE_ATTR_NODE_ID, target)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/*
 * @requested checked: a member of the view, not this node; 0 for the
 * least busy other member but @home (a moved process's home node: 0 for
 * one at home).
 */
static int hive_move_target(u32 requested, u32 self, u32 home, u32 *target,
			    struct netlink_ext_ack *extack)
{
	*target = requested ?: hive_pick_node(self, true, home);
	if (!*target) {
		NL_SET_ERR_MSG(extack, "no other member of the cluster answered: no node to move to");
		return -EHOSTDOWN;
	}
	if (*target == self) {
		NL_SET_ERR_MSG(extack, "the process is on that node already");
		return -EINVAL;
	}
	if (!hive_node_in_view(*target)) {
		NL_SET_ERR_MSG(extack, "the target node is not a member of the cluster");
		return -EHOSTDOWN;
	}
	return 0;
}

/*
 * Where a move of @pid is decided: 0 if here (*@arrived and *@home set
 * for a process that moved here, both 0 for one at home; a PID of no one
 * here is found missing here), else the node to ask: the one it runs on,
 * for a process whose deputy is here, else its home node.
 */
static u32 hive_move_where(pid_t pid, u32 self, u64 *arrived, u32 *home)
{
	u32 range = hive_pid_home_node(pid);

	*arrived = 0;
	*home = 0;
	if (!range || range == self)
		return hive_domain_deputy_node(pid);
	*arrived = hive_in_running(pid, home);
	return *arrived ? 0 : range;
}

/* A sentence for why a move another node was asked to make failed. */
static void hive_move_remote_explain(int err, u32 asked, u32 target,
				     struct netlink_ext_ack *extack)
{
	switch (err) {
	case -ESRCH:
		NL_SET_ERR_MSG(extack, "no such domain process on its home node, nor where it moved");
		break;
	case -EPERM:
		NL_SET_ERR_MSG(extack, "only the process's owner or a user with CAP_KILL may check or move it");
		break;
	case -EINVAL:
		NL_SET_ERR_MSG(extack, "the process is on that node already");
		break;
	case -EBADMSG:
		NL_SET_ERR_MSG(extack, "the node the process runs on sent a malformed answer");
		break;
	default:
		if (hive_node_in_view(asked))
			hive_move_explain(err, target, extack);
		else
			NL_SET_ERR_MSG(extack, "the node the process runs on, or its home node, is not a member of the cluster");
	}
}

/*
 * Ask @node to move @who->pid to @requested (0: the least busy member);
 * @hops: nodes that passed the request on before.  *@target gets where
 * it went; the process's counts and the reasons that kept it go to
 * @image, the stream's length to @bytes.
 */
static int hive_move_remote(u32 node, const struct hive_mig_check_req *who, u32 requested,
			    u32 *target, struct hive_mig_image *image, u32 *bytes,
			    struct netlink_ext_ack *extack)
{
	struct hive_mig_move_req m = { .who = *who, .node = requested };
	u8 req[HIVE_MIG_MOVE_REQ_LEN], head[HIVE_MIG_MOVE_REPLY_LEN];
	struct hive_mig_move_reply r;
	int err = hive_mig_move_req_encode(&m, req, sizeof(req));

	if (err < 0)
		return err;
	err = hive_check_call(node, HIVE_RPC_OP_MIGRATE_MOVE, req, sizeof(req), head,
			      sizeof(head), image, bytes, HIVE_MOVE_REMOTE_TIMEOUT);
	/* Moved with no reason, or kept by one. */
	if (!err && (hive_mig_move_reply_decode(head, sizeof(head), &r) < 0 ||
		     !r.node == !image->whys.count))
		err = -EBADMSG;
	if (err) {
		hive_move_remote_explain(err, node, requested, extack);
		return err;
	}
	*target = r.node;
	return 0;
}

/*
 * Move the domain process @who->pid that runs here, at its home node
 * (@arrived and @home 0) or moved here (migration @arrived, its deputy at
 * @home), to @requested (0: the least busy member but this one and
 * @home), for @who's caller.  *@target gets where it went; a reason that
 * keeps it here goes to @image (0 is returned, the process runs on), the
 * stream's length to @bytes.
 */
static int hive_move_here(const struct hive_mig_check_req *who, u32 self, u64 arrived,
			  u32 home, u32 requested, u32 *target, struct hive_mig_image *image,
			  u32 *bytes, struct netlink_ext_ack *extack)
{
	struct task_struct *p;
	int err;

	err = hive_move_target(requested, self, home, target, extack) ?:
	      hive_check_local_find(who, &p, extack);
	if (err)
		return err;
	err = hive_move(p, self, *target, arrived, home, image, bytes, extack);
	put_task_struct(p);
	return err;
}

/*
 * Move the domain process @pid to @requested (0: the least busy other
 * member) for the current task's credentials: here if it runs here, else
 * by the node that can (hive_move_where()).  *@target, @image and @bytes
 * as hive_move_here() sets them.
 */
static int hive_migrate_pid(pid_t pid, u32 requested, u32 *target,
			    struct hive_mig_image *image, u32 *bytes,
			    struct netlink_ext_ack *extack)
{
	struct hive_mig_check_req who = { .pid = pid };
	struct hive_node_info node;
	u32 asked, home;
	u64 arrived;

	hive_node_get(&node);
	hive_check_caller(&who);
	asked = hive_move_where(pid, node.node_id, &arrived, &home);
	if (asked)
		return hive_move_remote(asked, &who, requested, target, image, bytes, extack);
	return hive_move_here(&who, node.node_id, arrived, home, requested, target, image,
			      bytes, extack);
}

/* Pass MIGRATE_MOVE @req on to @node, and its answer back as ours. */
static int hive_move_pass_on(u32 node, struct hive_mig_move_req *req,
			     struct hive_rpc_reply *reply)
{
	const u32 max = HIVE_MIG_MOVE_REPLY_LEN + HIVE_MIG_CHECK_REPLY_MAX;
	u8 body[HIVE_MIG_MOVE_REQ_LEN], *buf, *out;
	u32 len;
	int err;

	req->hops++;
	err = hive_mig_move_req_encode(req, body, sizeof(body));
	if (err < 0)
		return err;
	buf = kvmalloc(max, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	err = hive_rpc_call(node, HIVE_RPC_OP_MIGRATE_MOVE, body, sizeof(body), buf, max, &len,
			    HIVE_MOVE_REMOTE_TIMEOUT);
	out = err ? NULL : hive_rpc_reply_alloc(reply, len);
	if (out)
		memcpy(out, buf, len);
	else if (!err)
		err = -ENOMEM;
	kvfree(buf);
	return err;
}

/*
 * MIGRATE_MOVE, on a worker: a move for another node's caller, of a
 * process that runs here, or, at its home node, passed on once to the
 * node it runs on.  A process outside the domain does not exist for
 * another node; the sentence of a failure stays here (the caller has its
 * own for each error).
 */
static int hive_move_serve(const struct hive_rpc_msg *msg, struct hive_rpc_reply *reply)
{
	struct hive_mig_move_reply r = {};
	struct netlink_ext_ack extack = {};
	struct hive_mig_image *image;
	struct hive_mig_move_req req;
	struct hive_node_info node;
	u32 asked, home, bytes = 0;
	u64 arrived;
	u8 *head;
	int err;

	if (hive_mig_move_req_decode(msg->data, msg->len, &req) != msg->len)
		return -EBADMSG;
	hive_node_get(&node);
	asked = hive_move_where(req.who.pid, node.node_id, &arrived, &home);
	if (asked)
		return req.hops < HIVE_MIG_MOVE_HOPS_MAX &&
		       asked == hive_domain_deputy_node(req.who.pid) ?
		       hive_move_pass_on(asked, &req, reply) : -ESRCH;
	/* Then -EINVAL is the target's: this node is it. */
	if (!hive_domain_member(req.who.pid))
		return -ESRCH;
	image = kvzalloc(sizeof(*image), GFP_KERNEL);
	if (!image)
		return -ENOMEM;
	err = hive_move_here(&req.who, node.node_id, arrived, home, req.node, &r.node, image,
			     &bytes, &extack);
	if (!err && image->whys.count)
		r.node = 0;
	if (!err)
		err = hive_check_reply_put(reply, image, bytes, HIVE_MIG_MOVE_REPLY_LEN, &head);
	if (!err && hive_mig_move_reply_encode(&r, head, HIVE_MIG_MOVE_REPLY_LEN) < 0)
		err = -EPROTO;
	hive_mig_image_free(image);
	return err;
}

/**
 * hive_genl_migrate() - HIVE_CMD_MIGRATE
 * @skb: the request
 * @info: its attributes: PID, required; NODE_ID, the target (none: the
 *	least busy other member, hive_pick_node())
 *
 * Moves a domain process running on this node, at its home node or moved
 * here from it, to the target (not its home node), by its owner or a user
 * with CAP_KILL.  A process a reason keeps
 * here is answered like HIVE_CMD_MIGRATE_CHECK (its reasons) and left
 * running.
 *
 * Context: process (genetlink), the caller's; sleeps while the process's
 * threads stop and until it runs on the target.
 * Return: 0 with the reply sent; -EINVAL, -EPERM, -ESRCH, -EHOSTDOWN or
 * -EOPNOTSUPP with a sentence; the move's error, with a sentence, the
 * process running here again; -ENOMEM; -EINTR.
 */
int hive_genl_migrate(struct sk_buff *skb, struct genl_info *info)
{
	struct hive_mig_image *image;
	u32 target, bytes = 0;
	pid_t pid;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, HIVE_ATTR_PID)) {
		NL_SET_ERR_MSG(info->extack, "a process id is required");
		return -EINVAL;
	}
	pid = nla_get_u32(info->attrs[HIVE_ATTR_PID]);
	image = kvzalloc(sizeof(*image), GFP_KERNEL);
	if (!image)
		return -ENOMEM;
	err = hive_migrate_pid(pid, info->attrs[HIVE_ATTR_NODE_ID] ?
			       nla_get_u32(info->attrs[HIVE_ATTR_NODE_ID]) : 0,
			       &target, image, &bytes, info->extack);
	if (!err)
		err = image->whys.count ?
		      hive_check_reply(info, HIVE_CMD_MIGRATE, pid, image, bytes) :
		      hive_move_reply(info, pid, target);
	hive_mig_image_free(image);
	return err;
}

/*
 * /proc/hive/migrate: "PID NODE" or "PID auto" written moves the process
 * as HIVE_CMD_MIGRATE does, for the writer, who may not hold more than
 * the opener did (another user's descriptor moves nothing for them).
 * The sentence of a failure goes to the kernel log, rate-limited (any
 * user may write); a reason that keeps the process here is -EAGAIN
 * (hivectl migrate --check says which).
 */
static ssize_t hive_migrate_proc_write(struct file *file, const char __user *ubuf,
				       size_t len, loff_t *ppos)
{
	const struct cred *opener = file->f_cred;
	struct netlink_ext_ack extack = {};
	struct hive_mig_image *image;
	char buf[32], node[8];
	u32 target, bytes = 0;
	int err, pid;

	if (!uid_eq(opener->euid, current_euid()) ||
	    !cap_issubset(current_cap(), opener->cap_effective))
		return -EPERM;
	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	if (sscanf(buf, "%d %7s", &pid, node) != 2 || pid <= 0)
		return -EINVAL;
	if (strcmp(node, "auto") == 0)
		target = 0;
	else if (kstrtou32(node, 10, &target) || !target)
		return -EINVAL;
	image = kvzalloc(sizeof(*image), GFP_KERNEL);
	if (!image)
		return -ENOMEM;
	err = hive_migrate_pid(pid, target, &target, image, &bytes, &extack);
	if (err && extack._msg)
		pr_info_ratelimited("%s moving process %d: %s\n", current->comm, pid,
				    extack._msg);
	if (!err && image->whys.count)
		err = -EAGAIN;
	hive_mig_image_free(image);
	return err ?: len;
}

const struct proc_ops hive_migrate_proc_ops = {
	.proc_write = hive_migrate_proc_write,
	.proc_lseek = noop_llseek,
};

/**
 * hive_move_init() - serve MIGRATE_PAGES, MIGRATE_EXIT, MIGRATE_MOVED and
 *	MIGRATE_MOVE
 *
 * Context: process (module init), before the RPC layer starts.
 * Return: 0 or hive_rpc_register()'s error.
 */
int hive_move_init(void)
{
	return hive_rpc_register(HIVE_RPC_OP_MIGRATE_PAGES, hive_pages_serve, HIVE_RPC_WORKER) ?:
	       hive_rpc_register(HIVE_RPC_OP_MIGRATE_FAULT, hive_pages_serve, HIVE_RPC_WORKER) ?:
	       hive_rpc_register(HIVE_RPC_OP_MIGRATE_PULLED, hive_pulled_serve, HIVE_RPC_WORKER) ?:
	       hive_view_notifier_register(&hive_outs_view_nb) ?:
	       hive_rpc_register(HIVE_RPC_OP_MIGRATE_EXIT, hive_exit_serve, HIVE_RPC_ORDERED) ?:
	       hive_rpc_register(HIVE_RPC_OP_MIGRATE_MOVED, hive_moved_serve, HIVE_RPC_WORKER) ?:
	       hive_rpc_register(HIVE_RPC_OP_MIGRATE_MOVE, hive_move_serve, HIVE_RPC_WORKER);
}

/**
 * hive_move_exit() - stop serving them
 *
 * Context: process (module exit), after the RPC layer stopped; no deputy
 * is left (each holds a module reference).
 */
void hive_move_exit(void)
{
	hive_rpc_unregister(HIVE_RPC_OP_MIGRATE_MOVE);
	hive_rpc_unregister(HIVE_RPC_OP_MIGRATE_MOVED);
	hive_rpc_unregister(HIVE_RPC_OP_MIGRATE_EXIT);
	hive_view_notifier_unregister(&hive_outs_view_nb);
	flush_work(&hive_outs_view_work);
	hive_rpc_unregister(HIVE_RPC_OP_MIGRATE_PULLED);
	hive_rpc_unregister(HIVE_RPC_OP_MIGRATE_FAULT);
	hive_rpc_unregister(HIVE_RPC_OP_MIGRATE_PAGES);
}
