// SPDX-License-Identifier: GPL-2.0
/*
 * Moving a process, the target's side (Documentation/migration.rst,
 * "Moving a process").  MIGRATE_RECORD builds the image as the stream
 * arrives, each record through the core's decoder and receiver.  At END
 * a user-mode helper (hive-restore) creates a task with the process's PID
 * (clone3's set_tid), moves its vDSO where the process had it, enters the
 * process's working directory and asks to adopt the migration
 * (HIVE_CMD_MIGRATE_ADOPT), its other threads created beforehand with
 * theirs.  The task then rebuilds the process in its own context on its
 * way back to user mode (a TWA_RESUME task_work): credentials, address
 * space, the pages it pulls from the source (MIGRATE_PAGES), descriptors,
 * signals and registers; each other thread, interrupted by a TWA_SIGNAL
 * task_work, takes its own registers and signals once the address space
 * is there.  When all are done the leader answers END's call, so the
 * source knows the process runs here, and they go on together.  The
 * helper waits for the process and reports how it ended
 * (HIVE_CMD_MIGRATE_EXITED), which goes to the source's deputy
 * (MIGRATE_EXIT).  A process that comes back to its home node is rebuilt
 * the same way in its deputy's own threads, which hold its PID and TIDs
 * (hive_in_come_home()); a failure there leaves the deputy standing for
 * it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cred.h>
#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/fs_struct.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/module.h>
#include <linux/pid_namespace.h>
#include <linux/regset.h>
#include <linux/sched/coredump.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/sched/task_stack.h>
#include <linux/slab.h>
#include <linux/task_work.h>
#include <linux/umh.h>
#include <uapi/linux/sched/types.h>
#include <net/genetlink.h>
#include <asm/fpu/api.h>
#include <asm/fsgsbase.h>
#include "admin/admin.h"
#include "membership/membership.h"
#include "migrate.h"
#include "node.h"
#include "process/process.h"
#include "rpc/rpc.h"

static char *hive_restore_helper = "/usr/local/libexec/hive/hive-restore";
module_param_named(restore_helper, hive_restore_helper, charp, 0444);
MODULE_PARM_DESC(restore_helper,
		 "the helper that creates a moving process's task (default /usr/local/libexec/hive/hive-restore)");

/*
 * How long a migration may take from BEGIN until its helper adopted it:
 * a hang detector, which also gives up a stream whose source went away.
 */
#define HIVE_ADOPT_TIMEOUT	(120 * HZ)

enum hive_in_state {
	HIVE_IN_RECEIVING,	/* records arrive */
	HIVE_IN_SPAWNED,	/* the helper runs; END's call waits */
	HIVE_IN_RESTORING,	/* the adopted task rebuilds the process */
	HIVE_IN_RUNNING,	/* the process runs here */
	HIVE_IN_MOVED_ON,	/* it runs on another node now; its task here ends */
	HIVE_IN_DONE,		/* failed, aborted or ended */
};

/**
 * struct hive_mig_in - a process arriving on this node
 * @ref: the registry's reference, and one per user of it
 * @link: in hive_ins
 * @lock: orders the records, ADOPT, EXITED, ABORT and the timeout; taken
 *	before hive_outs_lock (END hands a process back home to its deputy
 *	under it), never under a spinlock
 * @id: the migration's id
 * @source: the node it comes from
 * @home: its home node, where its deputy is: the source, or the node it
 *	moved from first
 * @back: @home is this node: the process comes back, into its deputy
 *	(set at BEGIN, before anything else reads it)
 * @state: an enum hive_in_state value (under @lock)
 * @rx: the receiver's place in the stream
 * @image: the process as the records describe it
 * @expected: how many of the process's TIDs, the PID first, the PID-range
 *	probe lets the helper take (under @lock)
 * @end: END's call, answered once the process runs here or the move failed
 * @task: the adopted task, referenced
 * @work: the restore, queued on @task
 * @threads: the restores of the task's other threads, one per thread of
 *	@image but the leader (set at the adopt)
 * @wq: the other threads wait here for the leader's part and for the
 *	start, the leader for them
 * @layout_ready: the leader rebuilt what the threads share (under @lock)
 * @started: the process runs here; its threads go on (under @lock)
 * @failed: the rebuild failed; the threads waiting for a step stop
 *	waiting (under @lock)
 * @threads_done: other threads that ended their part (under @lock)
 * @threads_err: the first error one of them met (under @lock)
 * @timeout: gives up a stream or a helper that does not get to the adopt
 *	in time; it holds a reference while pending
 * @view: the view generation hive_in_view_work() last held it to (under
 *	hive_ins_lock)
 * @orphan: it runs here, and its home node left the view (under @lock)
 */
struct hive_mig_in {
	refcount_t ref;
	struct list_head link;
	struct mutex lock;
	u64 id;
	u32 source;
	u32 home;
	bool back;
	enum hive_in_state state;
	struct hive_mig_rx rx;
	struct hive_mig_image *image;
	u32 expected;
	struct hive_rpc_reply *end;
	struct task_struct *task;
	struct callback_head work;
	struct hive_in_thread *threads;
	wait_queue_head_t wq;
	bool layout_ready;
	bool started;
	bool failed;
	u32 threads_done;
	int threads_err;
	struct delayed_work timeout;
	u32 view;
	bool orphan;
};

/**
 * struct hive_in_thread - the restore of one thread other than the leader
 * @work: queued on the thread
 * @in: the migration, referenced while @work is queued or runs
 * @index: its entry of @in->image->threads
 */
struct hive_in_thread {
	struct callback_head work;
	struct hive_mig_in *in;
	u32 index;
};

/*
 * The migrations' timeouts run here: the module's exit drains it, so no
 * timeout runs after.
 */
static struct workqueue_struct *hive_restore_wq;

/* Arriving processes.  A mutex: lookups sleep on nothing but it. */
static DEFINE_MUTEX(hive_ins_lock);
static LIST_HEAD(hive_ins);

/**
 * hive_in_put() - drop a reference on an arriving process's migration
 * @in: the migration
 *
 * Context: process.
 */
void hive_in_put(struct hive_mig_in *in)
{
	if (!refcount_dec_and_test(&in->ref))
		return;
	if (in->task)
		put_task_struct(in->task);
	kvfree(in->threads);
	hive_mig_image_free(in->image);
	kfree(in);
}

/*
 * Migration @id, referenced, or NULL: of source @node (0: any), or of
 * home @node too if @or_home (what its deputy sends).
 */
static struct hive_mig_in *hive_in_find(u64 id, u32 node, bool or_home)
{
	struct hive_mig_in *in, *found = NULL;

	mutex_lock(&hive_ins_lock);
	list_for_each_entry(in, &hive_ins, link) {
		if (in->id == id &&
		    (!node || in->source == node || (or_home && in->home == node))) {
			refcount_inc(&in->ref);
			found = in;
			break;
		}
	}
	mutex_unlock(&hive_ins_lock);
	return found;
}

/* The TIDs go back to being no one's to take here; under @in->lock. */
static void hive_in_unexpect(struct hive_mig_in *in)
{
	while (in->expected)
		hive_pid_unexpect(in->image->threads[--in->expected].rec.tid);
}

/* Answer END's call with @status, if it waits; under @in->lock. */
static void hive_in_answer(struct hive_mig_in *in, int status)
{
	if (in->end) {
		hive_rpc_answer(in->end, status);
		in->end = NULL;
	}
}

/*
 * The migration is over here: answer, unlist, drop the registry's
 * reference, and the timeout's if it is still to come (a timeout running
 * now is this call's caller, or ends by itself on hive_restore_wq).
 */
static void hive_in_finish(struct hive_mig_in *in, int status)
{
	bool listed;

	mutex_lock(&in->lock);
	in->state = HIVE_IN_DONE;
	hive_in_unexpect(in);
	hive_in_answer(in, status);
	mutex_unlock(&in->lock);
	mutex_lock(&hive_ins_lock);
	listed = !list_empty(&in->link);
	list_del_init(&in->link);
	mutex_unlock(&hive_ins_lock);
	if (cancel_delayed_work(&in->timeout))
		hive_in_put(in);
	if (listed)
		hive_in_put(in);
}

/* ---- Receiving the stream ---- */

static int hive_in_begin(struct hive_mig_in *in, const struct hive_mig_record *rec)
{
	const struct hive_mig_begin *b = &rec->begin;
	struct hive_mig_image *image = in->image;
	struct hive_node_info node;
	bool taken;
	u32 i;

	hive_node_get(&node);
	if (b->target != node.node_id || b->source != in->source ||
	    b->home != hive_pid_home_node(b->pid))
		return -EPROTO;
	in->back = b->home == node.node_id;
	rcu_read_lock();
	taken = find_pid_ns(b->pid, &init_pid_ns);
	rcu_read_unlock();
	/* At its home node its deputy holds the PID: END looks for it. */
	if (taken && !in->back)
		return -EEXIST;
	image->begin = *b;
	image->groups = kvcalloc(b->ngroups ?: 1, sizeof(u32), GFP_KERNEL);
	image->vmas = kvcalloc(b->nvmas ?: 1, sizeof(*image->vmas), GFP_KERNEL);
	image->paths = kvcalloc(b->nvmas ?: 1, sizeof(*image->paths), GFP_KERNEL);
	image->files = kvcalloc(b->nfiles ?: 1, sizeof(*image->files), GFP_KERNEL);
	image->file_paths = kvcalloc(b->nfiles ?: 1, sizeof(*image->file_paths), GFP_KERNEL);
	image->threads = kvcalloc(b->nthreads, sizeof(*image->threads), GFP_KERNEL);
	if (!image->groups || !image->vmas || !image->paths || !image->files ||
	    !image->file_paths || !image->threads)
		return -ENOMEM;
	for (i = 0; i < b->ngroups; i++)
		image->groups[i] = hive_mig_get_group(rec, i);
	return 0;
}

static int hive_in_queued(const struct hive_mig_record *rec, u32 n,
			  struct hive_mig_siginfo **queued)
{
	u32 i;

	*queued = kvcalloc(n ?: 1, sizeof(**queued), GFP_KERNEL);
	if (!*queued)
		return -ENOMEM;
	for (i = 0; i < n; i++)
		hive_mig_get_siginfo(rec, i, &(*queued)[i]);
	return 0;
}

/* A VMA's or FILE's path (its tail, if any) into @path; counts it in @n. */
static int hive_in_path(const struct hive_mig_record *rec, char **path, u32 *n)
{
	if (rec->tail_len) {
		*path = kmemdup_nul(rec->tail, rec->tail_len, GFP_KERNEL);
		if (!*path)
			return -ENOMEM;
	}
	(*n)++;
	return 0;
}

/* @rec, decoded and in order, into @in->image. */
static int hive_in_take(struct hive_mig_in *in, const struct hive_mig_record *rec)
{
	struct hive_mig_image *image = in->image;
	struct hive_mig_thread_image *ti;

	switch (rec->head.type) {
	case HIVE_MIG_BEGIN:
		return hive_in_begin(in, rec);
	case HIVE_MIG_MM:
		image->mm = rec->mm;
		return 0;
	case HIVE_MIG_VMA:
		image->vmas[image->nvmas] = rec->vma;
		return hive_in_path(rec, &image->paths[image->nvmas], &image->nvmas);
	case HIVE_MIG_FILE:
		image->files[image->nfiles] = rec->file;
		return hive_in_path(rec, &image->file_paths[image->nfiles], &image->nfiles);
	case HIVE_MIG_SIGNALS:
		image->signals = rec->signals;
		return hive_in_queued(rec, rec->signals.npending, &image->queued);
	case HIVE_MIG_THREAD:
		ti = &image->threads[image->nthreads++];
		ti->rec = rec->thread;
		ti->xstate = kmemdup(rec->tail, rec->thread.xstate_len, GFP_KERNEL);
		if (!ti->xstate)
			return -ENOMEM;
		return hive_in_queued(rec, rec->thread.npending, &ti->queued);
	}
	return 0;
}

/*
 * The argv of the restore helper: the other threads' TIDs, where the vDSO
 * goes, the directory, and how far the process's clocks are from this
 * node's: its time namespace makes CLOCK_MONOTONIC and CLOCK_BOOTTIME go
 * on from where the source's were, so an absolute deadline it computed
 * there means the same here.
 */
struct hive_helper_args {
	char id[24];
	char pid[12];
	char *tids;
	char vvar[24];
	char vdso[24];
	char monotonic[24];
	char boottime[24];
	const char *cwd;
};

/* "TID,TID,...": the threads but the leader, in the image's order. */
static char *hive_in_helper_tids(const struct hive_mig_image *image)
{
	size_t room = image->nthreads * 12 + 1, at = 0;
	char *tids = kvmalloc(room, GFP_KERNEL);
	u32 i;

	if (!tids)
		return NULL;
	tids[0] = '\0';
	for (i = 1; i < image->nthreads; i++)
		at += scnprintf(tids + at, room - at, "%s%u", i > 1 ? "," : "",
				image->threads[i].rec.tid);
	return tids;
}

static int hive_in_helper_args(const struct hive_mig_image *image, u64 id,
			       struct hive_helper_args *a)
{
	u64 vvar = 0, vdso = 0;
	u32 i;

	for (i = 0; i < image->nvmas; i++) {
		if (image->vmas[i].kind == HIVE_MIG_VMA_VVAR)
			vvar = image->vmas[i].start;
		else if (image->vmas[i].kind == HIVE_MIG_VMA_VDSO)
			vdso = image->vmas[i].start;
	}
	if (!vvar || !vdso || vdso < vvar)
		return -EOPNOTSUPP;
	snprintf(a->id, sizeof(a->id), "%llu", id);
	snprintf(a->pid, sizeof(a->pid), "%u", image->begin.pid);
	snprintf(a->vvar, sizeof(a->vvar), "0x%llx", vvar);
	snprintf(a->vdso, sizeof(a->vdso), "0x%llx", vdso);
	snprintf(a->monotonic, sizeof(a->monotonic), "%lld",
		 (s64)image->begin.monotonic_ns - (s64)ktime_get_ns());
	snprintf(a->boottime, sizeof(a->boottime), "%lld",
		 (s64)image->begin.boottime_ns - (s64)ktime_get_boottime_ns());
	a->cwd = image->nfiles && image->files[0].kind == HIVE_MIG_FILE_CWD ?
		 image->file_paths[0] : "/";
	a->tids = hive_in_helper_tids(image);
	return a->tids ? 0 : -ENOMEM;
}

/* Start the helper that creates the process's task; it adopts @in later. */
static int hive_in_spawn(struct hive_mig_in *in)
{
	static char *envp[] = {
		"HOME=/", "PATH=/sbin:/usr/sbin:/bin:/usr/bin", "GLIBC_TUNABLES=glibc.pthread.rseq=0",
		NULL
	};
	const struct hive_mig_image *image = in->image;
	struct hive_helper_args a;
	int err = hive_in_helper_args(image, in->id, &a);

	if (err)
		return err;
	while (!err && in->expected < image->nthreads) {
		err = hive_pid_expect(image->threads[in->expected].rec.tid);
		in->expected += !err;
	}
	if (!err) {
		char *argv[] = {
			hive_restore_helper, "--migration", a.id, "--pid", a.pid, "--tids", a.tids,
			"--vvar", a.vvar, "--vdso", a.vdso, "--monotonic-offset", a.monotonic,
			"--boottime-offset", a.boottime, "--cwd", (char *)a.cwd, NULL
		};

		err = call_usermodehelper(hive_restore_helper, argv, envp, UMH_WAIT_EXEC);
		if (err) {
			pr_warn_ratelimited("cannot start the restore helper %s: error %d\n",
					    hive_restore_helper, err);
			err = -ECHILD;
		}
	}
	kvfree(a.tids);
	return err;
}

/* Hand a process that comes back to its deputy, which rebuilds it. */
static int hive_in_to_deputy(struct hive_mig_in *in)
{
	int err;

	refcount_inc(&in->ref);
	err = hive_deputy_back(in->id, in->source, in->image->begin.pid, in);
	if (err)
		hive_in_put(in);
	return err;
}

static void hive_in_timeout(struct work_struct *work)
{
	struct hive_mig_in *in = container_of(to_delayed_work(work), struct hive_mig_in,
					      timeout);
	bool late, stale;

	mutex_lock(&in->lock);
	late = in->state == HIVE_IN_RECEIVING || in->state == HIVE_IN_SPAWNED;
	/* Back home, and the node it came from never said its task there went. */
	stale = in->back && in->state == HIVE_IN_RUNNING;
	mutex_unlock(&in->lock);
	if (late)
		pr_warn("migration of process %u from node %u not adopted in time: given up\n",
			in->image->begin.pid, in->source);
	if (late || stale)
		hive_in_finish(in, -ETIMEDOUT);
	hive_in_put(in);
}

static struct hive_mig_in *hive_in_new(u64 id, u32 source, u32 home)
{
	struct hive_mig_in *in = kzalloc(sizeof(*in), GFP_KERNEL);

	if (!in)
		return NULL;
	in->image = kvzalloc(sizeof(*in->image), GFP_KERNEL);
	if (!in->image) {
		kfree(in);
		return NULL;
	}
	refcount_set(&in->ref, 1);
	mutex_init(&in->lock);
	init_waitqueue_head(&in->wq);
	in->id = id;
	in->source = source;
	in->home = home;
	hive_mig_rx_init(&in->rx);
	INIT_DELAYED_WORK(&in->timeout, hive_in_timeout);
	return in;
}

/* The migration a record of @source is for: a new one at BEGIN. */
static struct hive_mig_in *hive_in_for(const struct hive_mig_record *rec, u32 source)
{
	struct hive_mig_in *in;

	if (rec->head.type != HIVE_MIG_BEGIN)
		return hive_in_find(rec->head.migration, source, false);
	in = hive_in_find(rec->head.migration, 0, false);
	if (in) {
		hive_in_put(in);
		return NULL;
	}
	in = hive_in_new(rec->head.migration, source, rec->begin.home);
	if (!in)
		return NULL;
	mutex_lock(&hive_ins_lock);
	list_add(&in->link, &hive_ins);
	refcount_inc(&in->ref);
	mutex_unlock(&hive_ins_lock);
	refcount_inc(&in->ref);
	queue_delayed_work(hive_restore_wq, &in->timeout, HIVE_ADOPT_TIMEOUT);
	return in;
}

/*
 * MIGRATE_RECORD: one record of a stream this node receives.  A worker
 * handler: END waits for the process to run here (HIVE_RPC_LATER).  A
 * record the receiver refuses ends the migration.
 */
static int hive_record_serve(const struct hive_rpc_msg *msg, struct hive_rpc_reply *reply)
{
	struct hive_mig_record *rec;
	struct hive_mig_in *in;
	int err;

	if (!reply)
		return -EINVAL;
	rec = kmalloc(sizeof(*rec), GFP_KERNEL);
	if (!rec)
		return -ENOMEM;
	err = hive_mig_decode(msg->data, msg->len, rec) ? -EBADMSG : 0;
	in = err ? NULL : hive_in_for(rec, msg->node);
	if (!err && !in)
		err = -ESRCH;
	if (err)
		goto out;
	mutex_lock(&in->lock);
	if (in->state != HIVE_IN_RECEIVING) {
		/* A record after END: the migration goes on without it. */
		mutex_unlock(&in->lock);
		hive_in_put(in);
		err = -EPROTO;
		goto out;
	}
	err = hive_mig_rx_step(&in->rx, rec) ?: hive_in_take(in, rec);
	if (!err && hive_mig_rx_done(&in->rx)) {
		err = in->back ? hive_in_to_deputy(in) : hive_in_spawn(in);
		if (!err) {
			in->state = HIVE_IN_SPAWNED;
			in->end = reply;
			err = HIVE_RPC_LATER;
		}
	}
	mutex_unlock(&in->lock);
	if (err < 0)
		hive_in_finish(in, 0);
	hive_in_put(in);
out:
	kfree(rec);
	return err;
}

/* ---- Rebuilding the process in the adopted task ---- */

static kernel_cap_t hive_cap(u64 bits)
{
	kernel_cap_t cap = {};

	cap.cap[0] = lower_32_bits(bits);
	cap.cap[1] = upper_32_bits(bits);
	return cap;
}

/* BEGIN's credentials, for the current task. */
static int hive_restore_creds(const struct hive_mig_image *image)
{
	const struct hive_mig_begin *b = &image->begin;
	struct group_info *groups;
	struct cred *new;
	u32 i;

	groups = groups_alloc(b->ngroups);
	if (!groups)
		return -ENOMEM;
	for (i = 0; i < b->ngroups; i++)
		groups->gid[i] = make_kgid(&init_user_ns, image->groups[i]);
	new = prepare_creds();
	if (!new) {
		put_group_info(groups);
		return -ENOMEM;
	}
	new->uid = make_kuid(&init_user_ns, b->uid[0]);
	new->euid = make_kuid(&init_user_ns, b->uid[1]);
	new->suid = make_kuid(&init_user_ns, b->uid[2]);
	new->fsuid = make_kuid(&init_user_ns, b->uid[3]);
	new->gid = make_kgid(&init_user_ns, b->gid[0]);
	new->egid = make_kgid(&init_user_ns, b->gid[1]);
	new->sgid = make_kgid(&init_user_ns, b->gid[2]);
	new->fsgid = make_kgid(&init_user_ns, b->gid[3]);
	new->securebits = b->securebits;
	new->cap_inheritable = hive_cap(b->cap_inheritable);
	new->cap_permitted = hive_cap(b->cap_permitted);
	new->cap_effective = hive_cap(b->cap_effective);
	new->cap_bset = hive_cap(b->cap_bset);
	new->cap_ambient = hive_cap(b->cap_ambient);
	set_groups(new, groups);
	put_group_info(groups);
	return commit_creds(new);
}

/* The file at @path, opened with @flags, if it is the one the source had. */
static struct file *hive_restore_open(const char *path, int flags, u64 ino, u64 size,
				      u64 mtime_ns, bool writer)
{
	struct file *file = filp_open(path, flags | O_LARGEFILE, 0);
	struct inode *inode;

	if (IS_ERR(file))
		return file;
	inode = file_inode(file);
	/*
	 * The same file: its inode, and for a file the process only reads,
	 * its size and time (a file it writes may grow by others' writes).
	 */
	if (!S_ISREG(inode->i_mode) || inode->i_ino != ino ||
	    (!writer && (i_size_read(inode) != size ||
			 timespec64_to_ns(&inode->i_mtime) != mtime_ns))) {
		fput(file);
		return ERR_PTR(-ESTALE);
	}
	return file;
}

static unsigned long hive_vma_prot(const struct hive_mig_vma *v)
{
	return (v->prot & HIVE_MIG_VMA_READ ? PROT_READ : 0) |
	       (v->prot & HIVE_MIG_VMA_WRITE ? PROT_WRITE : 0) |
	       (v->prot & HIVE_MIG_VMA_EXEC ? PROT_EXEC : 0);
}

static int hive_restore_vma(const struct hive_mig_vma *v, const char *path)
{
	unsigned long len = v->end - v->start, addr;
	struct file *file = NULL;
	unsigned long flags = MAP_FIXED | MAP_PRIVATE;

	if (v->kind == HIVE_MIG_VMA_FILE) {
		file = hive_restore_open(path, O_RDONLY, v->ino, v->size, v->mtime_ns, false);
		if (IS_ERR(file))
			return PTR_ERR(file);
		if (v->flags & HIVE_MIG_VMA_SHARED)
			flags = MAP_FIXED | MAP_SHARED;
	} else if (v->flags & HIVE_MIG_VMA_SHARED) {
		return -EOPNOTSUPP;
	} else {
		flags |= MAP_ANONYMOUS;
		if (v->flags & HIVE_MIG_VMA_GROWSDOWN)
			flags |= MAP_GROWSDOWN;
	}
	addr = vm_mmap(file, v->start, len, hive_vma_prot(v), flags,
		       file ? v->pgoff << PAGE_SHIFT : 0);
	if (file)
		fput(file);
	if (IS_ERR_VALUE(addr))
		return addr;
	return addr == v->start ? 0 : -EINVAL;
}

/* The address space: the helper's unmapped but for the vDSO, the source's mapped. */
static int hive_restore_layout(const struct hive_mig_image *image)
{
	const struct hive_mig_mm *m = &image->mm;
	struct mm_struct *mm = current->mm;
	u64 lo = TASK_SIZE, hi = 0;
	u32 i;
	int err;

	for (i = 0; i < image->nvmas; i++) {
		const struct hive_mig_vma *v = &image->vmas[i];

		if (v->kind == HIVE_MIG_VMA_VDSO || v->kind == HIVE_MIG_VMA_VVAR) {
			lo = min(lo, v->start);
			hi = max(hi, v->end);
		}
		if (v->kind == HIVE_MIG_VMA_VDSO && (unsigned long)mm->context.vdso != v->start)
			return -EINVAL;
	}
	if (lo >= hi)
		return -EINVAL;
	err = vm_munmap(0, lo) ?: vm_munmap(hi, TASK_SIZE - hi);
	for (i = 0; !err && i < image->nvmas; i++) {
		const struct hive_mig_vma *v = &image->vmas[i];

		if (v->kind == HIVE_MIG_VMA_ANON || v->kind == HIVE_MIG_VMA_FILE)
			err = hive_restore_vma(v, image->paths[i]);
	}
	if (err)
		return err;
	err = mmap_write_lock_killable(mm);
	if (err)
		return err;
	mm->start_code = m->start_code;
	mm->end_code = m->end_code;
	mm->start_data = m->start_data;
	mm->end_data = m->end_data;
	mm->start_brk = m->start_brk;
	mm->brk = m->brk;
	mm->start_stack = m->start_stack;
	mm->arg_start = m->arg_start;
	mm->arg_end = m->arg_end;
	mm->env_start = m->env_start;
	mm->env_end = m->env_end;
	memcpy(mm->saved_auxv, m->auxv, min(sizeof(mm->saved_auxv), sizeof(m->auxv)));
	mmap_write_unlock(mm);
	return 0;
}

/* Writes @page at @addr of the current task, through read-only mappings too. */
static int hive_restore_page(unsigned long addr, struct page *page)
{
	void *kaddr = kmap_local_page(page);
	int n = access_process_vm(current, addr, kaddr, PAGE_SIZE, FOLL_FORCE | FOLL_WRITE);

	kunmap_local(kaddr);
	return n == PAGE_SIZE ? 0 : -EFAULT;
}

/* Every page the process wrote in @v, pulled from the source. */
static int hive_restore_pages(const struct hive_mig_in *in, const struct hive_mig_vma *v)
{
	struct hive_mig_pages_req req = { .migration = in->id, .start = v->start, .end = v->end };
	struct page *pages[HIVE_MIG_PAGES_MAX];
	u8 reqb[HIVE_MIG_PAGES_REQ_LEN], repb[HIVE_MIG_PAGES_REPLY_LEN];
	struct hive_mig_pages_reply rep;
	int err = 0;

	while (!err && req.start < req.end) {
		struct hive_rpc_pages rpages = { .page = pages, .nr = HIVE_MIG_PAGES_MAX };
		u32 len, i;

		if (fatal_signal_pending(current))
			return -EINTR;
		err = hive_mig_pages_req_encode(&req, reqb, sizeof(reqb));
		if (err < 0)
			return err;
		err = hive_rpc_call_pages(in->source, HIVE_RPC_OP_MIGRATE_PAGES, reqb,
					  sizeof(reqb), NULL, repb, sizeof(repb), &len, &rpages,
					  HIVE_MIG_FETCH_TIMEOUT);
		if (err)
			return err;
		if (hive_mig_pages_reply_decode(repb, len, &rep) != len || rep.npages != rpages.nr ||
		    rep.next <= req.start || rep.next > req.end ||
		    (rep.npages && rep.addr[0] < req.start))
			err = -EPROTO;
		for (i = 0; i < rpages.nr; i++) {
			if (!err)
				err = hive_restore_page(rep.addr[i], pages[i]);
			put_page(pages[i]);
		}
		req.start = rep.next;
	}
	return err;
}

static int hive_restore_memory(const struct hive_mig_in *in)
{
	const struct hive_mig_image *image = in->image;
	u32 i;
	int err = 0;

	for (i = 0; !err && i < image->nvmas; i++) {
		const struct hive_mig_vma *v = &image->vmas[i];

		if ((v->kind == HIVE_MIG_VMA_ANON && !hive_mig_vma_lazy(v)) ||
		    (v->kind == HIVE_MIG_VMA_FILE && !(v->flags & HIVE_MIG_VMA_SHARED)))
			err = hive_restore_pages(in, v);
	}
	/* Private anonymous memory follows once the process runs (lazy.c). */
	return err ?: hive_lazy_start(image, in->id, in->source);
}

/*
 * The file of FILE record @f: reopened by its path and compared; for a
 * forwarded descriptor, a proxy of it, or the descriptor itself if this
 * node, @self, serves it (the process comes back).
 */
static struct file *hive_restore_file(const struct hive_mig_file *f, const char *path,
				      u32 self)
{
	int flags = f->flags & ~(O_CREAT | O_TRUNC | O_EXCL | O_NOCTTY);
	struct file *file;

	if (f->kind == HIVE_MIG_FILE_FWD)
		return f->server == self ? hive_fwd_reclaim(f->ino, self) :
		       hive_fwd_proxy_open(f->server, f->ino, f->dev, flags);
	if (f->kind == HIVE_MIG_FILE_REG) {
		file = hive_restore_open(path, flags, f->ino, f->size, f->mtime_ns,
					 (flags & O_ACCMODE) != O_RDONLY);
		if (!IS_ERR(file) && vfs_llseek(file, f->pos, SEEK_SET) != f->pos) {
			fput(file);
			file = ERR_PTR(-ESTALE);
		}
		return file;
	}
	file = filp_open(path, flags, 0);
	if (!IS_ERR(file) && (!S_ISCHR(file_inode(file)->i_mode) ||
			      file_inode(file)->i_rdev != f->dev)) {
		fput(file);
		file = ERR_PTR(-ESTALE);
	}
	return file;
}

static void hive_restore_close_all(void)
{
	unsigned int fd = 0;

	for (;; fd++) {
		struct file *f;

		rcu_read_lock();
		f = task_lookup_next_fd_rcu(current, &fd);
		rcu_read_unlock();
		if (!f)
			break;
		close_fd(fd);
	}
}

/*
 * The helper's descriptors closed, the process's reopened at their
 * numbers: every number up to the last is reserved in turn (the table is
 * empty, so each reservation is the next number), the files installed
 * at theirs and the gaps given back.
 */
static int hive_restore_files(const struct hive_mig_image *image)
{
	u32 i, first = image->nfiles && image->files[0].kind == HIVE_MIG_FILE_CWD;
	unsigned int n, last, reserved = 0;
	struct file **files;
	int err = 0;

	hive_restore_close_all();
	if (first == image->nfiles)
		return 0;
	last = image->files[image->nfiles - 1].fd;
	files = kvcalloc(last + 1, sizeof(*files), GFP_KERNEL);
	if (!files)
		return -ENOMEM;
	for (i = first; !err && i < image->nfiles; i++) {
		struct file *file = hive_restore_file(&image->files[i], image->file_paths[i],
						      image->begin.target);

		if (IS_ERR(file))
			err = PTR_ERR(file);
		else
			files[image->files[i].fd] = file;
	}
	for (i = first; !err && reserved <= last; reserved++) {
		bool cloexec = false;
		int got;

		if (i < image->nfiles && image->files[i].fd == reserved)
			cloexec = image->files[i++].fd_flags & HIVE_MIG_FD_CLOEXEC;
		got = get_unused_fd_flags(cloexec ? O_CLOEXEC : 0);
		if (got < 0) {
			err = got;
			break;
		}
		if (got != reserved) {
			put_unused_fd(got);
			err = -EBADF;
			break;
		}
	}
	for (n = 0; n <= last; n++) {
		if (!err && files[n])
			fd_install(n, files[n]);
		else if (files[n])
			fput(files[n]);
		if ((err || !files[n]) && n < reserved)
			put_unused_fd(n);
	}
	kvfree(files);
	return err;
}

static void hive_siginfo_to(kernel_siginfo_t *info, const struct hive_mig_siginfo *si)
{
	clear_siginfo(info);
	info->si_signo = si->signo;
	info->si_errno = si->errnum;
	info->si_code = si->code;
	memcpy(&info->_sifields, si->fields, sizeof(si->fields));
}

/* Queued signals, for the current thread or, @shared, for its process. */
static int hive_restore_queue(const struct hive_mig_siginfo *queued, u32 n, bool shared)
{
	kernel_siginfo_t info;
	u32 i;
	int err = 0;

	for (i = 0; !err && i < n; i++) {
		hive_siginfo_to(&info, &queued[i]);
		err = shared ? hive_signal_process(queued[i].signo, &info, current) :
			       send_sig_info(queued[i].signo, &info, current);
	}
	return err;
}

/* The process's dispositions. */
static void hive_restore_dispositions(const struct hive_mig_image *image)
{
	const struct hive_mig_signals *s = &image->signals;
	u32 i;

	spin_lock_irq(&current->sighand->siglock);
	for (i = 0; i < HIVE_MIG_NSIG; i++) {
		struct sigaction *sa = &current->sighand->action[i].sa;

		sa->sa_handler = (__sighandler_t)(unsigned long)s->action[i].handler;
		sa->sa_flags = s->action[i].flags;
		sa->sa_restorer = (__sigrestore_t)(unsigned long)s->action[i].restorer;
		sa->sa_mask.sig[0] = s->action[i].mask;
	}
	spin_unlock_irq(&current->sighand->siglock);
}

/* The current thread's blocked and queued signals and sigaltstack. */
static int hive_restore_thread_signals(const struct hive_mig_thread_image *ti)
{
	const struct hive_mig_thread *t = &ti->rec;
	sigset_t blocked;

	blocked.sig[0] = t->blocked;
	sigprocmask(SIG_SETMASK, &blocked, NULL);
	if (t->sas_flags & HIVE_MIG_SS_DISABLE) {
		current->sas_ss_sp = 0;
		current->sas_ss_size = 0;
		current->sas_ss_flags = 0;
	} else {
		current->sas_ss_sp = t->sas_sp;
		current->sas_ss_size = t->sas_size;
		current->sas_ss_flags = t->sas_flags & HIVE_MIG_SS_AUTODISARM;
	}
	return hive_restore_queue(ti->queued, t->npending, false);
}

/* What the threads share: limits and umask. */
static void hive_restore_process(const struct hive_mig_image *image)
{
	const struct hive_mig_begin *b = &image->begin;
	u32 i;

	task_lock(current);
	current->fs->umask = b->umask;
	task_unlock(current);
	task_lock(current->group_leader);
	for (i = 0; i < HIVE_MIG_RLIMITS; i++) {
		current->signal->rlim[i].rlim_cur = b->rlim[i].cur;
		current->signal->rlim[i].rlim_max = b->rlim[i].max;
	}
	task_unlock(current->group_leader);
}

/*
 * The current thread's own fields: its name, personality, no_new_privs,
 * futex addresses, scheduling.
 */
static int hive_restore_task(const struct hive_mig_image *image, const struct hive_mig_thread *t)
{
	const struct hive_mig_begin *b = &image->begin;
	struct sched_attr attr = {
		.size = sizeof(attr),
		.sched_policy = t->policy,
		.sched_nice = t->nice,
		.sched_priority = t->rt_priority,
	};

	task_lock(current);
	strscpy_pad(current->comm, t->comm, sizeof(current->comm));
	task_unlock(current);
	current->personality = b->personality;
	if (b->flags & HIVE_MIG_NO_NEW_PRIVS)
		task_set_no_new_privs(current);
	current->clear_child_tid = (int __user *)(unsigned long)t->clear_child_tid;
	current->robust_list = (struct robust_list_head __user *)(unsigned long)t->robust_list;
#ifdef CONFIG_RSEQ
	/* The helper's registration; the process's stays behind (see migration.rst). */
	current->rseq = NULL;
	current->rseq_sig = 0;
#endif
	return sched_setattr_nocheck(current, &attr);
}

/* @task's xstate regset, as ptrace and core dumps use it. */
static const struct user_regset *hive_xstate_regset(struct task_struct *task)
{
	const struct user_regset_view *view = task_user_regset_view(task);
	unsigned int i;

	for (i = 0; i < view->n; i++)
		if (view->regsets[i].core_note_type == NT_X86_XSTATE)
			return &view->regsets[i];
	return NULL;
}

/**
 * struct hive_fpu_set - XSAVE state written into a task by another
 * @work: runs the write
 * @task: the task, asleep or in the kernel, not touching its FPU state
 * @xstate: the state, in the regset's layout
 * @len: its size
 * @err: the regset's answer
 * @done: completed after the write
 */
struct hive_fpu_set {
	struct work_struct work;
	struct task_struct *task;
	const void *xstate;
	unsigned int len;
	int err;
	struct completion done;
};

static void hive_fpu_set_work(struct work_struct *work)
{
	struct hive_fpu_set *s = container_of(work, struct hive_fpu_set, work);
	const struct user_regset *xs = hive_xstate_regset(s->task);

	s->err = xs && xs->set ? xs->set(s->task, xs, 0, s->len, s->xstate, NULL) : -ENODEV;
	complete(&s->done);
}

/*
 * The current task's FPU/SSE/AVX state, through the xstate regset as
 * ptrace writes it.  The regset writes another task's state only, so a
 * worker writes it while this task waits; first the live registers go to
 * the task's FPU buffer and it is marked to be loaded from there on the
 * way to user mode, so nothing this task does meanwhile overwrites the
 * state written.  (fpu_copy_uabi_to_guest_fpstate() would do it in place,
 * but exists only in kernels built with KVM.)
 */
static int hive_restore_fpu(const void *xstate, unsigned int len)
{
	struct hive_fpu_set s = { .task = current, .xstate = xstate, .len = len };

	kernel_fpu_begin_mask(0);
	kernel_fpu_end();
	INIT_WORK_ONSTACK(&s.work, hive_fpu_set_work);
	init_completion(&s.done);
	queue_work(system_unbound_wq, &s.work);
	wait_for_completion(&s.done);
	destroy_work_on_stack(&s.work);
	return s.err;
}

/* Registers, fs base and the FPU/SSE/AVX state, as the thread stopped. */
static int hive_restore_regs(const struct hive_mig_thread_image *ti)
{
	const struct hive_mig_thread *t = &ti->rec;
	const u64 *r = t->regs;
	const struct user_regset *xs = hive_xstate_regset(current);
	struct pt_regs *regs = task_pt_regs(current);
	int err;

	/* hive does not load segment selectors or a GS base of the process's own. */
	if (r[HIVE_MIG_GS_BASE] || r[HIVE_MIG_DS] || r[HIVE_MIG_ES] || r[HIVE_MIG_FS] ||
	    r[HIVE_MIG_GS])
		return -EOPNOTSUPP;
	if (!xs || t->xstate_len != xs->n * xs->size)
		return -EINVAL;
	err = hive_restore_fpu(ti->xstate, t->xstate_len);
	if (err)
		return err;
	regs->r15 = r[HIVE_MIG_R15];
	regs->r14 = r[HIVE_MIG_R14];
	regs->r13 = r[HIVE_MIG_R13];
	regs->r12 = r[HIVE_MIG_R12];
	regs->bp = r[HIVE_MIG_BP];
	regs->bx = r[HIVE_MIG_BX];
	regs->r11 = r[HIVE_MIG_R11];
	regs->r10 = r[HIVE_MIG_R10];
	regs->r9 = r[HIVE_MIG_R9];
	regs->r8 = r[HIVE_MIG_R8];
	regs->ax = r[HIVE_MIG_AX];
	regs->cx = r[HIVE_MIG_CX];
	regs->dx = r[HIVE_MIG_DX];
	regs->si = r[HIVE_MIG_SI];
	regs->di = r[HIVE_MIG_DI];
	regs->orig_ax = r[HIVE_MIG_ORIG_AX];
	regs->ip = r[HIVE_MIG_IP];
	regs->cs = r[HIVE_MIG_CS];
	regs->flags = r[HIVE_MIG_FLAGS];
	regs->sp = r[HIVE_MIG_SP];
	regs->ss = r[HIVE_MIG_SS];
	preempt_disable();
	current->thread.fsbase = r[HIVE_MIG_FS_BASE];
	x86_fsbase_write_cpu(r[HIVE_MIG_FS_BASE]);
	preempt_enable();
	return 0;
}

/*
 * The process, rebuilt in the current task.  Credentials first, so files
 * open as its user; the dumpable flag commit_creds() cleared comes back,
 * as an exec by that user would leave it.
 */
/* What each thread takes for itself, the leader too. */
static int hive_restore_thread(const struct hive_mig_image *image,
			       const struct hive_mig_thread_image *ti)
{
	return hive_restore_task(image, &ti->rec) ?: hive_restore_regs(ti) ?:
	       hive_restore_thread_signals(ti);
}

/* Set one of @in's steps, for the threads that wait for it. */
static void hive_in_step(struct hive_mig_in *in, bool *step)
{
	mutex_lock(&in->lock);
	WRITE_ONCE(*step, true);
	mutex_unlock(&in->lock);
	wake_up_all(&in->wq);
}

/*
 * Wait for a step of @in: 0, -ECANCELED once the rebuild failed, or
 * -EINTR for a fatal signal.
 */
static int hive_in_wait(struct hive_mig_in *in, const bool *step)
{
	if (wait_event_killable(in->wq, READ_ONCE(*step) || READ_ONCE(in->failed)))
		return -EINTR;
	return READ_ONCE(*step) ? 0 : -ECANCELED;
}

/* The leader waits for the other threads: 0 if each did its part. */
static int hive_in_wait_threads(struct hive_mig_in *in)
{
	u32 others = in->image->nthreads - 1;
	int err;

	if (wait_event_killable(in->wq, READ_ONCE(in->threads_done) == others))
		return -EINTR;
	mutex_lock(&in->lock);
	err = in->threads_err;
	mutex_unlock(&in->lock);
	return err;
}

/*
 * The process, rebuilt in the current task, its leader.  Credentials
 * first, so files open as its user.  What the threads share comes next;
 * then they take their own parts while the leader takes its own, then
 * the process's queued signals.  Last, the dumpable flag that each
 * commit_creds() cleared comes back, as an exec by that user would
 * leave it.
 */
static int hive_restore(struct hive_mig_in *in)
{
	const struct hive_mig_image *image = in->image;
	int err;

	err = hive_restore_creds(image) ?: hive_restore_layout(image) ?:
	      hive_restore_memory(in);
	if (err)
		return err;
	/* The limits before the descriptors: RLIMIT_NOFILE bounds their numbers. */
	hive_restore_process(image);
	err = hive_restore_files(image);
	if (err)
		return err;
	hive_restore_dispositions(image);
	hive_in_step(in, &in->layout_ready);
	/*
	 * The signals queued for the process once every thread blocks what
	 * it blocked: one queued before would find the helper's empty masks,
	 * and a default action would end the process here.
	 */
	err = hive_restore_thread(image, &image->threads[0]) ?: hive_in_wait_threads(in) ?:
	      hive_restore_queue(image->queued, image->signals.npending, true);
	if (err)
		return err;
	set_mask_bits(&current->mm->flags, MMF_DUMPABLE_MASK, SUID_DUMP_USER);
	/* Away from home its parent is the one it had there (getppid(2)). */
	if (in->back) {
		hive_domain_join();
		return 0;
	}
	return hive_domain_join_as_child(image->begin.ppid);
}

/*
 * The process runs here from now: its proxies' releases are told to the
 * nodes that serve them, and a descriptor this node served it is its own
 * again.  Before, a rebuild that fails lets them go silently, and the
 * node it came from takes them back.
 */
static void hive_restore_settle_files(const struct hive_mig_image *image)
{
	struct file *file;
	u32 i;

	for (i = 0; i < image->nfiles; i++) {
		const struct hive_mig_file *f = &image->files[i];

		if (f->kind != HIVE_MIG_FILE_FWD)
			continue;
		if (f->server == image->begin.target) {
			hive_fwd_unexport(f->ino);
			continue;
		}
		file = fget(f->fd);
		if (file) {
			hive_fwd_proxy_live(file);
			fput(file);
		}
	}
}

/*
 * The outcome @err of the rebuild, in its leader: the process runs here
 * from now and END's call is answered, or the threads stop waiting and
 * the migration ends.  A process back home has its migration end once
 * the node it came from let its task there go (hive_in_came_home()), or
 * after HIVE_ADOPT_TIMEOUT if that node never says so.
 */
static int hive_in_run(struct hive_mig_in *in, int err)
{
	mutex_lock(&in->lock);
	if (!err && in->state == HIVE_IN_RESTORING) {
		hive_restore_settle_files(in->image);
		hive_lazy_run(current->mm);
		in->state = HIVE_IN_RUNNING;
		hive_in_answer(in, 0);
		WRITE_ONCE(in->started, true);
		if (in->back) {
			refcount_inc(&in->ref);
			if (mod_delayed_work(hive_restore_wq, &in->timeout, HIVE_ADOPT_TIMEOUT))
				refcount_dec(&in->ref);
		}
		pr_info("process %u of node %u runs here\n", in->image->begin.pid, in->source);
	} else {
		err = err ?: -ECANCELED;
		WRITE_ONCE(in->failed, true);
		if (current->mm)
			hive_lazy_drop(current->mm);
	}
	mutex_unlock(&in->lock);
	wake_up_all(&in->wq);
	if (err) {
		pr_warn("process %u of node %u not rebuilt here: error %d\n",
			in->image->begin.pid, in->source, err);
		hive_in_finish(in, err);
	}
	return err;
}

/*
 * The task_work in the adopted task, on its way back to user mode.  A
 * failure kills the task, and with it its other threads: half rebuilt,
 * it must not run.  It runs on at the source.
 */
static void hive_restore_run(struct callback_head *work)
{
	struct hive_mig_in *in = container_of(work, struct hive_mig_in, work);
	/* Killed before it got here: it runs from do_exit(), without a future. */
	int err = current->flags & PF_EXITING ? -EINTR : hive_restore(in);

	if (hive_in_run(in, err))
		send_sig(SIGKILL, current, 1);
	hive_in_put(in);
	module_put(THIS_MODULE);
}

/*
 * The task_work in a thread of the adopted task other than the leader,
 * which a TWA_SIGNAL got out of the wait the helper left it in (or the
 * deputy's, hive_deputy_follow()): its credentials, then, once the
 * leader rebuilt the address space, its own state; then it waits for the
 * start.  A failure kills the process, but for one back home, whose
 * deputy stands for it again.
 */
static void hive_restore_thread_run(struct callback_head *work)
{
	struct hive_in_thread *it = container_of(work, struct hive_in_thread, work);
	struct hive_mig_in *in = it->in;
	int err = -EINTR;

	if (!(current->flags & PF_EXITING))
		err = hive_restore_creds(in->image) ?: hive_in_wait(in, &in->layout_ready) ?:
		      hive_restore_thread(in->image, &in->image->threads[it->index]);
	mutex_lock(&in->lock);
	WRITE_ONCE(in->threads_done, in->threads_done + 1);
	if (err && !in->threads_err)
		in->threads_err = err;
	mutex_unlock(&in->lock);
	wake_up_all(&in->wq);
	if (!err)
		err = hive_in_wait(in, &in->started);
	/* Back home, a thread that does not become the process's stays the deputy's. */
	if (err && in->back)
		hive_deputy_follow();
	else if (err)
		send_sig(SIGKILL, current, 1);
	hive_in_put(in);
	module_put(THIS_MODULE);
}

/* The entry of @image's threads, but the leader's, with @tid, or 0. */
static u32 hive_in_thread_index(const struct hive_mig_image *image, pid_t tid)
{
	u32 lo = 1, hi = image->nthreads;

	/* The receiver took them in ascending order. */
	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (image->threads[mid].rec.tid == tid)
			return mid;
		if (image->threads[mid].rec.tid < tid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/*
 * Queue the restore of each other thread of the current task, which must
 * be the process's other threads, by TID; under @in->lock.  On failure
 * the works queued already run when the task, killed here, ends; in a
 * deputy, when the leader says the rebuild failed (hive_in_run()).
 */
static int hive_in_adopt_threads(struct hive_mig_in *in)
{
	const struct hive_mig_image *image = in->image;
	struct task_struct *t;
	u32 queued = 0, i;
	int err = 0;

	in->threads = kvcalloc(image->nthreads, sizeof(*in->threads), GFP_KERNEL);
	if (!in->threads)
		return -ENOMEM;
	rcu_read_lock();
	for_each_thread(current, t) {
		struct hive_in_thread *it;

		if (t == current)
			continue;
		i = hive_in_thread_index(image, task_pid_nr(t));
		it = &in->threads[i];
		if (!i || it->in) {
			err = -EPERM;
			break;
		}
		if (!try_module_get(THIS_MODULE)) {
			err = -ENODEV;
			break;
		}
		it->in = in;
		it->index = i;
		refcount_inc(&in->ref);
		init_task_work(&it->work, hive_restore_thread_run);
		err = task_work_add(t, &it->work, TWA_SIGNAL);
		if (err) {
			refcount_dec(&in->ref);
			module_put(THIS_MODULE);
			break;
		}
		/* A deputy's thread waits killable, which TWA_SIGNAL does not wake. */
		wake_up_process(t);
		queued++;
	}
	rcu_read_unlock();
	if (!err && queued != image->nthreads - 1)
		err = -EPERM;
	if (err && queued && !in->back)
		send_sig(SIGKILL, current, 1);
	return err;
}

/**
 * hive_in_come_home() - rebuild a process that comes back in its deputy
 * @in: the migration that brings it, from hive_deputy_back(); its
 *	reference goes
 *
 * In the deputy's leader, at the process's home node, on its way to user
 * mode: its other threads, which must be the process's by TID, take their
 * parts as an adopted task's do, the leader the rest.  On failure the
 * threads wait as the deputy's again, and the caller's stands for the
 * process where it runs.
 *
 * Context: process, the deputy's leader.
 * Return: 0 once the process runs here; -EXDEV if its threads are not the
 * deputy's (one started or ended where it ran); -ECANCELED if the
 * migration ended meanwhile; the rebuild's error.
 */
int hive_in_come_home(struct hive_mig_in *in)
{
	int err;

	mutex_lock(&in->lock);
	err = in->state == HIVE_IN_SPAWNED ? hive_in_adopt_threads(in) : -ECANCELED;
	if (!err) {
		in->state = HIVE_IN_RESTORING;
		WRITE_ONCE(in->task, get_task_struct(current));
	}
	mutex_unlock(&in->lock);
	if (err == -EPERM)
		err = -EXDEV;
	err = hive_in_run(in, err ?: hive_restore(in));
	hive_in_put(in);
	return err;
}

/**
 * hive_in_came_home() - the node a process came back from let its task go
 * @id: the migration
 * @source: that node
 *
 * The signals that reached the process's task there were passed on
 * before: nothing more comes for it, and its migration ends here.
 *
 * Context: process.
 * Return: 0, or -ESRCH if no process came back here from @source as @id.
 */
int hive_in_came_home(u64 id, u32 source)
{
	struct hive_mig_in *in = hive_in_find(id, source, false);
	bool ran;

	if (!in)
		return -ESRCH;
	mutex_lock(&in->lock);
	ran = in->back && in->state == HIVE_IN_RUNNING;
	mutex_unlock(&in->lock);
	if (ran)
		hive_in_finish(in, 0);
	hive_in_put(in);
	return ran ? 0 : -ESRCH;
}

/**
 * hive_genl_migrate_adopt() - HIVE_CMD_MIGRATE_ADOPT
 * @skb: the request
 * @info: MIGRATION, required: a migration whose helper started
 *
 * From the restore helper's new task, whose PID is the process's and
 * whose other threads have the process's other TIDs: the process is
 * rebuilt in them on their way back to user mode.  A task whose threads,
 * some already queued to take their part, turn out not to be the
 * process's is killed.
 *
 * Context: process (genetlink), the helper's task; CAP_NET_ADMIN.
 * Return: 0; -ESRCH for no such migration waiting for its task, -EPERM
 * for a task of another PID or other threads, -EBUSY for a second try,
 * with a sentence; -ENOMEM; -ENODEV.
 */
int hive_genl_migrate_adopt(struct sk_buff *skb, struct genl_info *info)
{
	struct hive_mig_in *in;
	int err = 0;

	if (GENL_REQ_ATTR_CHECK(info, HIVE_ATTR_MIGRATION))
		return -EINVAL;
	in = hive_in_find(nla_get_u64(info->attrs[HIVE_ATTR_MIGRATION]), 0, false);
	if (!in) {
		NL_SET_ERR_MSG(info->extack, "no such migration on this node");
		return -ESRCH;
	}
	mutex_lock(&in->lock);
	if (in->state != HIVE_IN_SPAWNED) {
		NL_SET_ERR_MSG(info->extack, "the migration does not wait for its task");
		err = -ESRCH;
	} else if (current->pid != in->image->begin.pid || !thread_group_leader(current)) {
		NL_SET_ERR_MSG(info->extack, "only a task with the process's PID may adopt it");
		err = -EPERM;
	} else if (in->threads) {
		NL_SET_ERR_MSG(info->extack, "the migration's task tried to adopt it already");
		err = -EBUSY;
	} else if (!try_module_get(THIS_MODULE)) {
		err = -ENODEV;
	} else {
		err = hive_in_adopt_threads(in);
		if (!err) {
			init_task_work(&in->work, hive_restore_run);
			refcount_inc(&in->ref);
			err = task_work_add(current, &in->work, TWA_RESUME);
			if (err) {
				/* The threads queued already end with the task. */
				refcount_dec(&in->ref);
				send_sig(SIGKILL, current, 1);
			}
		}
		if (err == -EPERM)
			NL_SET_ERR_MSG(info->extack, "the task's other threads are not the process's");
		if (err) {
			module_put(THIS_MODULE);
		} else {
			in->state = HIVE_IN_RESTORING;
			WRITE_ONCE(in->task, get_task_struct(current));
			hive_in_unexpect(in);
		}
	}
	mutex_unlock(&in->lock);
	hive_in_put(in);
	return err;
}

/**
 * hive_genl_migrate_exited() - HIVE_CMD_MIGRATE_EXITED
 * @skb: the request
 * @info: MIGRATION and MIGRATE_STATUS (a wait status), required
 *
 * From the restore helper, once its child ended: a process that ran here
 * ended with that status, which goes to the source's deputy; one that did
 * not get to run ends its migration (END's call, if it waits, fails).
 *
 * Context: process (genetlink), the helper's; CAP_NET_ADMIN.
 * Return: 0, -ESRCH for no such migration, -EINVAL for a status no wait
 * gives, or the cast's error.
 */
int hive_genl_migrate_exited(struct sk_buff *skb, struct genl_info *info)
{
	struct hive_mig_exit ex;
	struct hive_mig_in *in;
	u8 buf[HIVE_MIG_EXIT_LEN];
	bool ran;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, HIVE_ATTR_MIGRATION) ||
	    GENL_REQ_ATTR_CHECK(info, HIVE_ATTR_MIGRATE_STATUS))
		return -EINVAL;
	ex.migration = nla_get_u64(info->attrs[HIVE_ATTR_MIGRATION]);
	ex.status = nla_get_u32(info->attrs[HIVE_ATTR_MIGRATE_STATUS]);
	if (hive_mig_exit_encode(&ex, buf, sizeof(buf)) < 0) {
		NL_SET_ERR_MSG(info->extack, "not a wait status of an ended process");
		return -EINVAL;
	}
	in = hive_in_find(ex.migration, 0, false);
	if (!in)
		return -ESRCH;
	mutex_lock(&in->lock);
	ran = in->state == HIVE_IN_RUNNING;
	mutex_unlock(&in->lock);
	err = ran ? hive_rpc_cast(in->home, HIVE_RPC_OP_MIGRATE_EXIT, buf, sizeof(buf),
				  10 * HZ) : 0;
	if (ran)
		pr_info("process %u of node %u ended here (status 0x%x)\n",
			in->image->begin.pid, in->home, ex.status);
	hive_in_finish(in, -ECHILD);
	hive_in_put(in);
	return err;
}

/**
 * hive_in_running() - the migration that brought a process running here
 * @pid: the process, in the initial namespace
 * @home: set to its home node, where its deputy is
 *
 * Context: process; sleeps on the registry's mutex.
 * Return: the migration's id, or 0 if @pid did not move here or does not
 * run here (yet, or any more).
 */
u64 hive_in_running(pid_t pid, u32 *home)
{
	struct hive_mig_in *in, *found = NULL;
	u64 id = 0;

	mutex_lock(&hive_ins_lock);
	list_for_each_entry(in, &hive_ins, link) {
		/* Set once, at the adopt, under @in->lock; freed with @in. */
		struct task_struct *task = READ_ONCE(in->task);

		if (task && task->tgid == pid) {
			refcount_inc(&in->ref);
			found = in;
			break;
		}
	}
	mutex_unlock(&hive_ins_lock);
	if (!found)
		return 0;
	mutex_lock(&found->lock);
	if (found->state == HIVE_IN_RUNNING) {
		id = found->id;
		*home = found->home;
	}
	mutex_unlock(&found->lock);
	hive_in_put(found);
	return id;
}

/**
 * hive_in_moved_on() - the process of migration @id runs on another node now
 * @id: a migration hive_in_running() named
 *
 * Its task here, which the caller ends, is its no longer: the helper's
 * report of its end goes nowhere, and its deputy's signals and aborts find
 * nothing running here.
 *
 * Context: process; sleeps on the registry's mutex.
 */
void hive_in_moved_on(u64 id)
{
	struct hive_mig_in *in = hive_in_find(id, 0, false);

	if (!in)
		return;
	mutex_lock(&in->lock);
	if (in->state == HIVE_IN_RUNNING)
		in->state = HIVE_IN_MOVED_ON;
	mutex_unlock(&in->lock);
	hive_in_put(in);
}

/*
 * MIGRATE_ABORT: the source gave the migration up, or its deputy was
 * killed: what was built of it goes, a process running here is killed.
 */
static int hive_abort_serve(const struct hive_rpc_msg *msg, struct hive_rpc_reply *reply)
{
	struct hive_mig_abort ab;
	struct hive_mig_in *in;
	struct task_struct *task;

	if (hive_mig_abort_decode(msg->data, msg->len, &ab) != msg->len)
		return -EBADMSG;
	in = hive_in_find(ab.migration, msg->node, true);
	if (!in)
		return 0;
	mutex_lock(&in->lock);
	task = in->task;
	/* Back home and not running yet: its deputy stands for it again. */
	if (task && in->back && in->state == HIVE_IN_RESTORING)
		in->state = HIVE_IN_DONE;
	else if (task)
		send_sig(SIGKILL, task, 1);
	mutex_unlock(&in->lock);
	/* A process that ran is finished by its helper's EXITED. */
	if (!task)
		hive_in_finish(in, -ECANCELED);
	hive_in_put(in);
	return 0;
}

/*
 * MIGRATE_SIGNAL: a signal that reached the deputy of a process running
 * here, from its source; queued as it was there, for the process or for
 * its leader.  The source checked the sender's permission.
 */
static int hive_signal_serve(const struct hive_rpc_msg *msg, struct hive_rpc_reply *reply)
{
	struct hive_mig_signal m;
	struct hive_mig_in *in;
	kernel_siginfo_t info;
	int err = -ESRCH;

	if (hive_mig_signal_decode(msg->data, msg->len, &m) != msg->len)
		return -EBADMSG;
	in = hive_in_find(m.migration, msg->node, true);
	if (!in)
		return -ESRCH;
	hive_siginfo_to(&info, &m.info);
	mutex_lock(&in->lock);
	if (in->state == HIVE_IN_RUNNING)
		err = m.flags & HIVE_MIG_SIGNAL_THREAD ?
		      send_sig_info(m.info.signo, &info, in->task) :
		      hive_signal_process(m.info.signo, &info, in->task);
	mutex_unlock(&in->lock);
	hive_in_put(in);
	return err;
}

/* ---- Nodes that leave ---- */

/*
 * What @in keeps of its process once its home node or its source left
 * the view (@home_in, @source_in: whether they are members).  A process
 * running here whose home node left runs on, an orphan: a drained node
 * may reboot without stopping its jobs; its end then reaches no one.
 * One still arriving from a source that left never arrives: its
 * migration ends, or its rebuild fails, and a deputy on a third node (a
 * move on) is told it is lost, which its source cannot say any more.
 */
static void hive_in_left(struct hive_mig_in *in, bool home_in, bool source_in)
{
	struct hive_mig_exit ex = { .migration = in->id, .status = SIGKILL };
	bool finish = false, lost = false;
	u8 buf[HIVE_MIG_EXIT_LEN];

	mutex_lock(&in->lock);
	if (in->state == HIVE_IN_RUNNING && !home_in && !in->orphan) {
		in->orphan = true;
		pr_warn("home node %u of process %u left the cluster: the process runs on here, its end reported to no one\n",
			in->home, in->image->begin.pid);
	} else if (in->state == HIVE_IN_RECEIVING || in->state == HIVE_IN_SPAWNED) {
		finish = lost = !source_in;
	} else if (in->state == HIVE_IN_RESTORING && !source_in) {
		/* The rebuild fails where it ends (hive_in_run()). */
		in->state = HIVE_IN_DONE;
		lost = true;
	}
	mutex_unlock(&in->lock);
	if (finish)
		hive_in_finish(in, -EHOSTDOWN);
	if (!lost || in->back || in->home == in->source || !home_in)
		return;
	pr_warn("node %u left the cluster while process %u moved on from it to here: it is lost\n",
		in->source, in->image->begin.pid);
	if (hive_mig_exit_encode(&ex, buf, sizeof(buf)) > 0)
		hive_rpc_cast(in->home, HIVE_RPC_OP_MIGRATE_EXIT, buf, sizeof(buf), HZ);
}

/*
 * Each migration held to the view in force, once per view: queued by
 * the view notifier, which runs under the membership lock and so must
 * neither send nor wait on a migration's lock.
 */
static void hive_in_view_work(struct work_struct *work)
{
	const struct hive_view *view;
	struct hive_mig_in *in, *next;
	bool home_in, source_in;
	u32 generation;

	for (;;) {
		rcu_read_lock();
		view = hive_view_rcu();
		generation = view ? view->generation : 0;
		rcu_read_unlock();
		if (!generation)
			return;
		next = NULL;
		mutex_lock(&hive_ins_lock);
		list_for_each_entry(in, &hive_ins, link) {
			if (in->view != generation) {
				in->view = generation;
				refcount_inc(&in->ref);
				next = in;
				break;
			}
		}
		mutex_unlock(&hive_ins_lock);
		if (!next)
			return;
		rcu_read_lock();
		view = hive_view_rcu();
		home_in = view && hive_view_find(view, next->home);
		source_in = view && hive_view_find(view, next->source);
		rcu_read_unlock();
		hive_in_left(next, home_in, source_in);
		hive_in_put(next);
	}
}

static DECLARE_WORK(hive_in_view_changed, hive_in_view_work);

static int hive_in_view_event(struct notifier_block *nb, unsigned long action, void *data)
{
	queue_work(hive_restore_wq, &hive_in_view_changed);
	return NOTIFY_OK;
}

static struct notifier_block hive_in_view_nb = {
	.notifier_call = hive_in_view_event,
};

/**
 * hive_restore_init() - serve MIGRATE_RECORD, MIGRATE_ABORT and MIGRATE_SIGNAL
 *
 * Context: process (module init), before the RPC layer starts.
 * Return: 0, -ENOMEM, or hive_rpc_register()'s error (hive_restore_exit()
 * undoes what was done).
 */
int hive_restore_init(void)
{
	hive_restore_wq = alloc_workqueue("hive_restore", WQ_UNBOUND, 0);
	if (!hive_restore_wq)
		return -ENOMEM;
	return hive_rpc_register(HIVE_RPC_OP_MIGRATE_RECORD, hive_record_serve, HIVE_RPC_WORKER) ?:
	       hive_rpc_register(HIVE_RPC_OP_MIGRATE_ABORT, hive_abort_serve, HIVE_RPC_WORKER) ?:
	       hive_rpc_register(HIVE_RPC_OP_MIGRATE_SIGNAL, hive_signal_serve, HIVE_RPC_ORDERED) ?:
	       hive_view_notifier_register(&hive_in_view_nb);
}

/**
 * hive_restore_exit() - stop serving them; give up what arrived
 *
 * Context: process (module exit), after the RPC layer stopped; no task
 * is being rebuilt (each restore holds a module reference).
 */
void hive_restore_exit(void)
{
	struct hive_mig_in *in;

	hive_view_notifier_unregister(&hive_in_view_nb);
	hive_rpc_unregister(HIVE_RPC_OP_MIGRATE_SIGNAL);
	hive_rpc_unregister(HIVE_RPC_OP_MIGRATE_ABORT);
	hive_rpc_unregister(HIVE_RPC_OP_MIGRATE_RECORD);
	for (;;) {
		mutex_lock(&hive_ins_lock);
		in = list_first_entry_or_null(&hive_ins, struct hive_mig_in, link);
		if (in)
			refcount_inc(&in->ref);
		mutex_unlock(&hive_ins_lock);
		if (!in)
			break;
		hive_in_finish(in, -ESHUTDOWN);
		hive_in_put(in);
	}
	/* Every timeout is cancelled or runs now: wait for those. */
	if (hive_restore_wq)
		destroy_workqueue(hive_restore_wq);
	hive_restore_wq = NULL;
}
