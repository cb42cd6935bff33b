// SPDX-License-Identifier: GPL-2.0
/*
 * Stopping every thread of a process at a safe point
 * (Documentation/migration.rst, "Checking a process").
 *
 * Each thread gets a task_work (TWA_SIGNAL): on its way back to user mode,
 * as it would to handle a signal, it takes its own state
 * (hive_capture_thread()), which only its own context can read whole,
 * then waits until hive_thaw().  A system call it was in is interrupted
 * and restarted afterwards, as after SIGSTOP and SIGCONT.  A thread in an
 * uninterruptible sleep does not get there: the freezer waits a bounded
 * time and reports it.  Such a thread runs its work later, finds the
 * freeze closed and takes nothing.  A thread not stopped yet may start
 * others: the freezer looks again once those it has stopped, and stops
 * the new ones too, until a look finds none.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/refcount.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/task_work.h>
#include <linux/wait.h>
#include "migrate.h"

/* How long the freezer waits for every thread: a hang detector. */
#define HIVE_FREEZE_TIMEOUT	(10 * HZ)

/**
 * struct hive_freeze_thread - one thread's part of a freeze
 * @work: queued on @task
 * @fz: the freeze
 * @task: the thread, referenced until hive_thaw()
 * @ti: where it puts its state
 * @parked: it took its state and waits for hive_thaw(), or runs what
 *	hive_thaw_then() gave it (under @fz->lock); cleared when a fatal
 *	signal ends its wait first
 */
struct hive_freeze_thread {
	struct callback_head work;
	struct hive_freeze *fz;
	struct task_struct *task;
	struct hive_mig_thread_image *ti;
	bool parked;
};

/**
 * struct hive_freeze - the threads of one process, stopped
 * @ref: the freezer's reference and one per work not yet run out
 * @lock: orders a thread's capture against the freezer: a thread takes
 *	its state only until the freeze is closed, and closing it waits
 *	until no thread is taking it, so none writes the image after.  A
 *	spinlock, taken in task context only
 * @wq: the freezer waits here for the works to run, threads for hive_thaw()
 * @unrun: queued works that have not run yet
 * @capturing: threads taking their state now (under @lock)
 * @closed: no thread takes its state any more: the freezer reads the
 *	image (under @lock)
 * @released: hive_thaw() ran (under @lock; parked threads read it)
 * @then: what each parked thread runs in its own context once released,
 *	or NULL (set with @released, under @lock)
 * @then_data: its argument
 * @nthreads: entries of @threads
 * @threads: one per thread found
 */
struct hive_freeze {
	refcount_t ref;
	spinlock_t lock;
	wait_queue_head_t wq;
	atomic_t unrun;
	u32 capturing;
	bool closed;
	bool released;
	void (*then)(void *data);
	void *then_data;
	u32 nthreads;
	struct hive_freeze_thread threads[];
};

static void hive_freeze_put(struct hive_freeze *fz)
{
	if (refcount_dec_and_test(&fz->ref))
		kvfree(fz);
}

/*
 * The task_work, in the thread's own context on its way to user mode (or
 * out of do_exit()).  It holds a reference on the freeze and one on this
 * module, dropped last: module exit waits for every task to leave this
 * text (synchronize_rcu_tasks() in hive_exit()).
 */
static void hive_freeze_park(struct callback_head *work)
{
	struct hive_freeze_thread *ft =
		container_of(work, struct hive_freeze_thread, work);
	struct hive_freeze *fz = ft->fz;
	void (*then)(void *data) = NULL;
	bool capture, parked = false;
	void *then_data = NULL;

	spin_lock(&fz->lock);
	capture = !fz->closed && !(current->flags & PF_EXITING);
	if (capture)
		fz->capturing++;
	spin_unlock(&fz->lock);
	if (capture) {
		hive_capture_thread(ft->ti);
		spin_lock(&fz->lock);
		fz->capturing--;
		parked = !fz->released;
		ft->parked = parked;
		spin_unlock(&fz->lock);
	}
	atomic_dec(&fz->unrun);
	wake_up_all(&fz->wq);
	/*
	 * SIGKILL ends the wait: the thread goes on to die, and runs nothing
	 * if it was not released yet.
	 */
	if (parked) {
		int killed = wait_event_killable(fz->wq, READ_ONCE(fz->released));

		spin_lock(&fz->lock);
		if (killed && !fz->released) {
			ft->parked = false;
		} else {
			then = fz->then;
			then_data = fz->then_data;
		}
		spin_unlock(&fz->lock);
	}
	if (then)
		then(then_data);
	hive_freeze_put(fz);
	module_put(THIS_MODULE);
}

static u32 hive_thread_count(struct task_struct *leader)
{
	struct task_struct *t;
	u32 n = 0;

	rcu_read_lock();
	for_each_thread(leader, t)
		n++;
	rcu_read_unlock();
	return n;
}

/* Whether @t is one of the threads of @fz. */
static bool hive_freeze_has(const struct hive_freeze *fz, const struct task_struct *t)
{
	u32 i;

	for (i = 0; i < fz->nthreads; i++)
		if (fz->threads[i].task == t)
			return true;
	return false;
}

/*
 * References the threads of @leader that @fz does not have yet into it;
 * under rcu_read_lock().  Return: how many it added, or -E2BIG once it
 * has @room and one more is there.
 */
static int hive_freeze_collect(struct task_struct *leader, struct hive_freeze *fz,
			       u32 room)
{
	u32 had = fz->nthreads;
	struct task_struct *t;

	for_each_thread(leader, t) {
		if (hive_freeze_has(fz, t))
			continue;
		if (fz->nthreads == room)
			return -E2BIG;
		fz->threads[fz->nthreads++].task = get_task_struct(t);
	}
	return fz->nthreads - had;
}

/* Queues the works of the threads of @fz from entry @from on. */
static void hive_freeze_queue(struct hive_freeze *fz, struct hive_mig_image *image, u32 from)
{
	u32 i;

	for (i = from; i < fz->nthreads; i++) {
		struct hive_freeze_thread *ft = &fz->threads[i];

		ft->fz = fz;
		ft->ti = &image->threads[i];
		ft->ti->err = -EAGAIN;
		init_task_work(&ft->work, hive_freeze_park);
		if (!try_module_get(THIS_MODULE))
			continue;
		refcount_inc(&fz->ref);
		atomic_inc(&fz->unrun);
		if (task_work_add(ft->task, &ft->work, TWA_SIGNAL)) {
			/* Exiting: it has no state to take. */
			atomic_dec(&fz->unrun);
			refcount_dec(&fz->ref);
			module_put(THIS_MODULE);
		}
	}
}

static bool hive_freeze_quiet(struct hive_freeze *fz)
{
	bool quiet;

	spin_lock(&fz->lock);
	quiet = !fz->capturing;
	spin_unlock(&fz->lock);
	return quiet;
}

/*
 * No thread takes its state from now on, and none is taking it when this
 * returns: the image is the caller's to read and reorder.  A thread whose
 * work runs later neither writes the image nor stops.
 */
static u32 hive_freeze_close(struct hive_freeze *fz, bool release,
			     void (*then)(void *data), void *then_data)
{
	u32 i, parked = 0;

	spin_lock(&fz->lock);
	fz->closed = true;
	if (release && !fz->released) {
		fz->then = then;
		fz->then_data = then_data;
	}
	fz->released |= release;
	for (i = 0; i < fz->nthreads; i++)
		parked += fz->threads[i].parked;
	spin_unlock(&fz->lock);
	wake_up_all(&fz->wq);
	wait_event(fz->wq, hive_freeze_quiet(fz));
	return parked;
}

/*
 * Reasons for the threads that did not stop, and for threads that are not
 * the freeze's: more than it had room for, or one that came after the
 * last look (a thread that did not stop started it).
 */
static void hive_freeze_report(struct task_struct *leader, struct hive_freeze *fz,
			       struct hive_mig_image *image)
{
	struct task_struct *t;
	bool foreign = false;
	u32 i;

	spin_lock(&fz->lock);
	for (i = 0; i < fz->nthreads; i++) {
		struct hive_freeze_thread *ft = &fz->threads[i];

		if (!ft->parked && !(ft->task->flags & PF_EXITING))
			hive_why_add(&image->whys, HIVE_WHY_NO_SAFE_POINT,
				     task_pid_nr(ft->task), NULL);
	}
	spin_unlock(&fz->lock);
	rcu_read_lock();
	for_each_thread(leader, t)
		foreign |= !(t->flags & PF_EXITING) && !hive_freeze_has(fz, t);
	rcu_read_unlock();
	if (foreign)
		hive_why_add(&image->whys, HIVE_WHY_THREADS, hive_thread_count(leader), NULL);
}

/**
 * hive_freeze() - stop every thread of a process at a safe point
 * @leader: the process's thread-group leader, referenced by the caller
 * @image: gets each thread's state in @image->threads, allocated here
 *	(entries whose err is not 0 took none), and a reason per thread that
 *	did not stop within the timeout or is not among them
 * @fzp: the freeze, for hive_thaw()
 *
 * Returns once every thread, also those started meanwhile, runs its work,
 * or after a timeout; the threads that stopped stay stopped until hive_thaw(), which the caller
 * must call after a 0 return, and no thread writes @image any more (one
 * that gets to its work later neither writes it nor stops).  A SIGKILL to
 * a stopped thread ends its stop.
 *
 * Context: process, not a thread of @leader's process; sleeps.
 * Return: 0; -ENOMEM; -EINTR if the caller was killed while waiting (the
 * freeze is then released already).
 */
int hive_freeze(struct task_struct *leader, struct hive_mig_image *image,
		struct hive_freeze **fzp)
{
	unsigned long deadline = jiffies + HIVE_FREEZE_TIMEOUT;
	struct hive_freeze *fz;
	u32 room = hive_thread_count(leader) + 8;
	long left = 1;
	int added;

	if (room > HIVE_MIG_THREADS_MAX + 8)
		room = HIVE_MIG_THREADS_MAX + 8;
	image->threads = kvcalloc(room, sizeof(*image->threads), GFP_KERNEL);
	fz = kvzalloc(struct_size(fz, threads, room), GFP_KERNEL);
	if (!fz || !image->threads) {
		kvfree(fz);
		return -ENOMEM;
	}
	refcount_set(&fz->ref, 1);
	spin_lock_init(&fz->lock);
	init_waitqueue_head(&fz->wq);
	/*
	 * Until a look finds no thread it does not have: a thread not yet
	 * stopped may start others, a stopped one starts none.
	 */
	do {
		u32 from = fz->nthreads;

		rcu_read_lock();
		added = hive_freeze_collect(leader, fz, room);
		rcu_read_unlock();
		hive_freeze_queue(fz, image, from);
		image->nthreads = fz->nthreads;
		if (fz->nthreads == from)
			break;
		left = time_before(jiffies, deadline) ? deadline - jiffies : 0;
		left = wait_event_killable_timeout(fz->wq, !atomic_read(&fz->unrun), left);
	} while (left > 0 && added > 0);
	if (left < 0) {
		hive_thaw(fz);
		return -EINTR;
	}
	hive_freeze_close(fz, false, NULL, NULL);
	hive_freeze_report(leader, fz, image);
	*fzp = fz;
	return 0;
}

/**
 * hive_thaw_then() - release the threads of a freeze into @then
 * @fz: from hive_freeze()
 * @then: run by each parked thread, in its own context, before it goes
 *	on (to user mode, or to die); NULL for nothing.  Not run by a thread
 *	a fatal signal took out of its stop
 * @then_data: @then's argument
 *
 * Returns once no thread writes the image any more; threads whose work
 * has yet to run will take nothing.  @fz is gone afterwards.
 *
 * Context: process; sleeps.
 * Return: how many threads run @then (those still stopped).
 */
u32 hive_thaw_then(struct hive_freeze *fz, void (*then)(void *data), void *then_data)
{
	u32 i, parked;

	parked = hive_freeze_close(fz, true, then, then_data);
	for (i = 0; i < fz->nthreads; i++)
		put_task_struct(fz->threads[i].task);
	hive_freeze_put(fz);
	return parked;
}

/**
 * hive_thaw() - let the threads of a freeze go on
 * @fz: from hive_freeze(); gone afterwards
 *
 * hive_thaw_then() with nothing to run.
 *
 * Context: process; sleeps.
 */
void hive_thaw(struct hive_freeze *fz)
{
	hive_thaw_then(fz, NULL, NULL);
}
