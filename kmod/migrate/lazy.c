// SPDX-License-Identifier: GPL-2.0
/*
 * Memory that follows a moved process (post-copy), the target's side
 * (Documentation/migration.rst, "Memory").  The process runs here as soon
 * as its layout is rebuilt; the pages of its private anonymous mappings
 * stay at the source until it touches them or a puller brings them.
 *
 * A fault on an awaited page is taken over (a REDIRECT of
 * handle_mm_fault()): mmap_lock is dropped, the page and the next ones
 * are fetched from the source (MIGRATE_FAULT, on the urgent lane) and
 * installed on their holes as the anonymous pages they were
 * (migrate_vma_*(): charged to the memory cgroup, on the LRU), and the
 * fault is retried.  The pullers, HIVE_LAZY_PULLERS work items, fetch
 * the rest (MIGRATE_PAGES, bulk), each a window of a mapping at a time in
 * address order, so that their calls overlap.  Pages the source never had are
 * simply no longer awaited: they are zero, as Linux makes them.
 *
 * Memory the process discards is no longer awaited, so a later touch gets
 * zeros, as it would have: an mmu notifier sees munmap(2) and a mapping
 * laid over another (UNMAP events), and madvise(2)'s MADV_DONTNEED first
 * forgets the awaited pages of its range, then restarts and discards the
 * rest.  The notifier's CLEAR events are no sign of a discard: the kernel
 * also sends one for the whole 2 MiB around a place where a mapping is
 * split (munmap or mprotect of a part), and for pages it reclaims or
 * moves.  MADV_FREE may keep the data until the page is written, so the
 * data from the source is right for it.  mremap(2), which moves pages
 * with an UNMAP event too, and fork(2) (a clone without CLONE_VM), whose
 * child would get holes, wait until every page arrived, then restart.
 * Transparent huge pages are off for the address space meanwhile
 * (MMF_DISABLE_THP): a huge page would cover awaited holes with zeros.
 *
 * When nothing is awaited any more (every page here, the process gone, or
 * a page lost), the source is told (MIGRATE_PULLED) and gives its copy
 * up.  A page that cannot be fetched kills the process, with a line in
 * the log: it never runs on with wrong memory.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kobject.h>
#include <linux/migrate.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/mmu_notifier.h>
#include <linux/module.h>
#include <linux/pagemap.h>
#include <linux/rculist.h>
#include <linux/sched/coredump.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/sysfs.h>
#include <linux/uaccess.h>
#include <linux/workqueue.h>
#include "admin/admin.h"
#include "hook/args.h"
#include "hook/hook.h"
#include "migrate.h"
#include "rpc/rpc.h"

/* Pages a fault asks for: the one touched and the next ones. */
#define HIVE_LAZY_FAULT_PAGES	8u

/* A puller's window, and what one of its MIGRATE_PAGES calls covers at most. */
#define HIVE_LAZY_PULL_PAGES	4096u

/* Pullers per process, at most: their calls overlap on the wire and at the source. */
#define HIVE_LAZY_PULLERS	4u

/* A move waits this long for the memory of a process that just arrived. */
#define HIVE_LAZY_SETTLE_TIMEOUT	(600 * HZ)

/**
 * struct hive_lazy_range - a private anonymous mapping as it arrived
 * @start: its first address
 * @end: the address after it
 * @awaited: per page, set while the page is at the source
 */
struct hive_lazy_range {
	unsigned long start;
	unsigned long end;
	unsigned long *awaited;
};

struct hive_lazy;

/**
 * struct hive_lazy_puller - one of a process's pullers
 * @work: runs it on hive_lazy_wq
 * @lz: the process
 */
struct hive_lazy_puller {
	struct work_struct work;
	struct hive_lazy *lz;
};

/**
 * struct hive_lazy - a process whose memory is still arriving
 * @mn: the notifier on its address space
 * @link: in hive_lazies
 * @ref: the registry's, each puller's, and one per user
 * @mm: its address space (mmgrab)
 * @migration: the migration that brought it
 * @source: the node its pages are at
 * @pid: the process
 * @lock: guards @left, @installing, @ended, @err, @next_range, @next_bit
 *	and the bits of @ranges' maps (which are only ever cleared).  A spinlock: the
 *	notifier clears bits where it may not sleep.  Nothing nests in it
 * @left: pages still awaited
 * @installing: installs under way
 * @ended: nothing is awaited any more; the fault hook lets the address
 *	space be
 * @err: why it ended: 0 (every page here), -ESRCH (the address space
 *	ended), -ECANCELED (the process was not rebuilt), or the error that
 *	lost a page
 * @thp_off: MMF_DISABLE_THP was set before
 * @wq: waits for @installing to drop and for @ended
 * @next_range: the range the next puller's window is in
 * @next_bit: where in it the next window starts
 * @pull: the pullers
 * @let_go: tells the source and drops the registry's reference
 * @fetched: pages a fault brought
 * @pulled: pages the pullers brought
 * @nranges: entries of @ranges
 * @ranges: the private anonymous mappings, ascending; fixed once listed
 */
struct hive_lazy {
	struct mmu_notifier mn;
	struct list_head link;
	refcount_t ref;
	struct mm_struct *mm;
	u64 migration;
	u32 source;
	pid_t pid;
	spinlock_t lock;
	unsigned long left;
	unsigned int installing;
	bool ended;
	int err;
	bool thp_off;
	wait_queue_head_t wq;
	u32 next_range;
	unsigned long next_bit;
	struct hive_lazy_puller pull[HIVE_LAZY_PULLERS];
	struct work_struct let_go;
	atomic_long_t fetched;
	atomic_long_t pulled;
	u32 nranges;
	struct hive_lazy_range ranges[];
};

/*
 * The processes whose memory is arriving: RCU for the hooks' lookups,
 * hive_lazies_lock (a spinlock, nothing nests in it) to change the list.
 * hive_lazy_active counts those not ended, so a fault of any other process
 * costs one atomic read.
 */
static LIST_HEAD(hive_lazies);
static DEFINE_SPINLOCK(hive_lazies_lock);
static atomic_t hive_lazy_active = ATOMIC_INIT(0);
static atomic_long_t hive_lazy_left = ATOMIC_LONG_INIT(0);
/* Pullers a process gets when it runs (/sys/kernel/hive/migration/pullers). */
static unsigned int hive_lazy_pullers = HIVE_LAZY_PULLERS;
static struct workqueue_struct *hive_lazy_wq;
static struct kobject *hive_lazy_kobj;

static void hive_lazy_put(struct hive_lazy *lz)
{
	u32 i;

	if (!refcount_dec_and_test(&lz->ref))
		return;
	for (i = 0; i < lz->nranges; i++)
		kvfree(lz->ranges[i].awaited);
	mmdrop(lz->mm);
	kfree(lz);
}

/* The entry of @mm, not ended; under rcu_read_lock(). */
static struct hive_lazy *hive_lazy_find(const struct mm_struct *mm)
{
	struct hive_lazy *lz;

	list_for_each_entry_rcu(lz, &hive_lazies, link)
		if (lz->mm == mm && !READ_ONCE(lz->ended))
			return lz;
	return NULL;
}

/* The entry of @mm, referenced, or NULL. */
static struct hive_lazy *hive_lazy_get(const struct mm_struct *mm)
{
	struct hive_lazy *lz;

	rcu_read_lock();
	lz = hive_lazy_find(mm);
	if (lz && !refcount_inc_not_zero(&lz->ref))
		lz = NULL;
	rcu_read_unlock();
	return lz;
}

/* The range of @lz holding @addr, or NULL. */
static struct hive_lazy_range *hive_lazy_range(struct hive_lazy *lz, unsigned long addr)
{
	u32 lo = 0, hi = lz->nranges;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;
		struct hive_lazy_range *r = &lz->ranges[mid];

		if (addr < r->start)
			hi = mid;
		else if (addr >= r->end)
			lo = mid + 1;
		else
			return r;
	}
	return NULL;
}

static unsigned long hive_lazy_index(const struct hive_lazy_range *r, unsigned long addr)
{
	return (addr - r->start) >> PAGE_SHIFT;
}

/*
 * The pages of @r in [start, end): from index *@bit to before *@last.
 * False if there are none.
 */
static bool hive_lazy_overlap(const struct hive_lazy_range *r, unsigned long start,
			      unsigned long end, unsigned long *bit, unsigned long *last)
{
	if (r->end <= start || r->start >= end)
		return false;
	*bit = hive_lazy_index(r, max(start, r->start));
	*last = hive_lazy_index(r, min(end, r->end));
	return true;
}

/* Whether the page at @addr is awaited; a hint without @lz->lock. */
static bool hive_lazy_awaited(struct hive_lazy *lz, unsigned long addr)
{
	struct hive_lazy_range *r = hive_lazy_range(lz, addr);

	return r && test_bit(hive_lazy_index(r, addr), r->awaited);
}

/*
 * Stop awaiting the pages of [start, end); under @lz->lock.  Return: how
 * many were awaited; none once @lz ended, whose count went with its end
 * (a fetch that succeeded while another failed takes its reply after).
 */
static unsigned long hive_lazy_forget_locked(struct hive_lazy *lz, unsigned long start,
					     unsigned long end)
{
	unsigned long n = 0;
	u32 i;

	if (lz->ended)
		return 0;
	for (i = 0; i < lz->nranges; i++) {
		struct hive_lazy_range *r = &lz->ranges[i];
		unsigned long last, bit;

		if (!hive_lazy_overlap(r, start, end, &bit, &last))
			continue;
		for_each_set_bit_from(bit, r->awaited, last) {
			__clear_bit(bit, r->awaited);
			n++;
		}
	}
	lz->left -= n;
	atomic_long_sub(n, &hive_lazy_left);
	return n;
}

/*
 * Nothing is awaited any more, for @err (struct hive_lazy): the hooks let
 * the address space be, waiters wake, and the source is told (on
 * hive_lazy_wq).  Once; any context.
 */
static void hive_lazy_end(struct hive_lazy *lz, int err)
{
	spin_lock(&lz->lock);
	if (lz->ended) {
		spin_unlock(&lz->lock);
		return;
	}
	lz->ended = true;
	lz->err = err;
	atomic_long_sub(lz->left, &hive_lazy_left);
	lz->left = 0;
	spin_unlock(&lz->lock);
	atomic_dec(&hive_lazy_active);
	wake_up_all(&lz->wq);
	queue_work(hive_lazy_wq, &lz->let_go);
}

/* Forget [start, end) and end @lz if that was the last awaited page. */
static unsigned long hive_lazy_forget(struct hive_lazy *lz, unsigned long start, unsigned long end)
{
	unsigned long n;
	bool done;

	spin_lock(&lz->lock);
	n = hive_lazy_forget_locked(lz, start, end);
	done = n && !lz->left;
	spin_unlock(&lz->lock);
	if (done)
		hive_lazy_end(lz, 0);
	return n;
}

/*
 * A page could not be had: the process must not run on with a hole where
 * its data was.  It is killed before the hooks let its faults through, so
 * no thread returns to user mode over a zero page where data was.
 */
static void hive_lazy_fail(struct hive_lazy *lz, int err)
{
	struct pid *pid;

	if (READ_ONCE(lz->ended))
		return;
	pr_err("process %d lost memory it left at node %u (error %d): killed\n", lz->pid,
	       lz->source, err);
	pid = find_get_pid(lz->pid);
	kill_pid(pid, SIGKILL, 1);
	put_pid(pid);
	hive_lazy_end(lz, err);
}

/* Whether @addr of @mm has a page mapped. */
static bool hive_lazy_present(struct mm_struct *mm, unsigned long addr)
{
	spinlock_t *ptl;
	pte_t *ptep;

	if (follow_pte(mm, addr, &ptep, &ptl))
		return false;
	pte_unmap_unlock(ptep, ptl);
	return true;
}

/*
 * Install @page, the source's data for @addr of @vma, on the hole there;
 * mmap_lock held.  Takes over the reference to @page.  A page no longer
 * awaited (discarded, or installed by another fetch) is dropped.
 * Return: 0, or -EFAULT if an awaited hole could not take it.
 */
static int hive_lazy_install(struct hive_lazy *lz, struct vm_area_struct *vma,
			     unsigned long addr, struct page *page)
{
	unsigned long src = 0, dst = 0;
	struct migrate_vma mig = {
		.vma = vma,
		.start = addr,
		.end = addr + PAGE_SIZE,
		.src = &src,
		.dst = &dst,
		.pgmap_owner = lz,
		/* Holes only: no system page is taken from the process. */
		.flags = MIGRATE_VMA_SELECT_DEVICE_PRIVATE,
	};
	bool awaited, installed = false;
	int err = 0;

	spin_lock(&lz->lock);
	awaited = !lz->ended && hive_lazy_awaited(lz, addr);
	if (awaited)
		lz->installing++;
	spin_unlock(&lz->lock);
	if (!awaited) {
		put_page(page);
		return 0;
	}
	if (vma_is_anonymous(vma) && !migrate_vma_setup(&mig)) {
		if ((src & MIGRATE_PFN_MIGRATE) && !migrate_pfn_to_page(src)) {
			lock_page(page);
			dst = migrate_pfn(page_to_pfn(page));
			page = NULL;
		}
		migrate_vma_pages(&mig);
		installed = dst && (src & MIGRATE_PFN_MIGRATE);
		/* Unlocks and puts @page if it was not installed. */
		migrate_vma_finalize(&mig);
	}
	if (page)
		put_page(page);
	if (!installed && !hive_lazy_present(vma->vm_mm, addr))
		err = -EFAULT;
	spin_lock(&lz->lock);
	lz->installing--;
	spin_unlock(&lz->lock);
	wake_up_all(&lz->wq);
	if (!err)
		hive_lazy_forget(lz, addr, addr + PAGE_SIZE);
	return err;
}

/*
 * Install the pages of a MIGRATE_PAGES reply covering [start, @rep->next):
 * into @vma (mmap_lock held by the caller) or, without one, into the
 * mappings found under mmap_lock taken here.  The pages the reply does
 * not hold were never written at the source: no longer awaited.
 * Return: 0; -ESRCH if the address space ended; -EINTR; -EFAULT if a
 * page could not be installed.
 */
static int hive_lazy_take(struct hive_lazy *lz, struct vm_area_struct *vma, unsigned long start,
			  const struct hive_mig_pages_reply *rep, struct page **pages)
{
	struct mm_struct *mm = lz->mm;
	unsigned long addr = start;
	u32 i = 0;
	int err = 0;

	if (!vma && !mmget_not_zero(mm))
		err = -ESRCH;
	else if (!vma && mmap_read_lock_killable(mm)) {
		mmput(mm);
		err = -EINTR;
	}
	for (; !err && i < rep->npages; i++) {
		struct vm_area_struct *v = vma ?: find_vma(mm, rep->addr[i]);

		hive_lazy_forget(lz, addr, rep->addr[i]);
		addr = rep->addr[i] + PAGE_SIZE;
		if (v && v->vm_start <= rep->addr[i] && rep->addr[i] < v->vm_end)
			err = hive_lazy_install(lz, v, rep->addr[i], pages[i]);
		else
			put_page(pages[i]);
	}
	if (!err)
		hive_lazy_forget(lz, addr, rep->next);
	for (; i < rep->npages; i++)
		put_page(pages[i]);
	if (!vma && err != -ESRCH && err != -EINTR) {
		mmap_read_unlock(mm);
		mmput(mm);
	}
	return err;
}

/*
 * Fetch the awaited pages of [start, end), one mapping's, from the source
 * and install them (hive_lazy_take()).  @op: MIGRATE_FAULT for a fault,
 * MIGRATE_PAGES for a puller.  A failure loses the pages: the process
 * is killed.  Return: the address after what the source looked at, or
 * -errno.
 */
static long hive_lazy_fetch(struct hive_lazy *lz, u16 op, struct vm_area_struct *vma,
			    unsigned long start, unsigned long end)
{
	struct hive_mig_pages_req req = { .migration = lz->migration, .start = start, .end = end };
	u8 reqb[HIVE_MIG_PAGES_REQ_LEN], repb[HIVE_MIG_PAGES_REPLY_LEN];
	struct page *pages[HIVE_MIG_PAGES_MAX];
	struct hive_rpc_pages rpages = { .page = pages, .nr = HIVE_MIG_PAGES_MAX };
	struct hive_mig_pages_reply rep;
	u32 len, i;
	int err;

	err = hive_mig_pages_req_encode(&req, reqb, sizeof(reqb));
	if (err >= 0)
		err = hive_rpc_call_pages(lz->source, op, reqb, sizeof(reqb), NULL, repb,
					  sizeof(repb), &len, &rpages, HIVE_MIG_FETCH_TIMEOUT);
	if (err) {
		/* A fault killed while it waited: the process ends anyway. */
		if (err != -EINTR)
			hive_lazy_fail(lz, err);
		return err;
	}
	if (hive_mig_pages_reply_decode(repb, len, &rep) != len || rep.npages != rpages.nr ||
	    rep.next <= start || rep.next > end)
		err = -EPROTO;
	for (i = 0; !err && i < rep.npages; i++)
		if (rep.addr[i] < (i ? rep.addr[i - 1] + PAGE_SIZE : start) ||
		    rep.addr[i] >= rep.next || offset_in_page(rep.addr[i]))
			err = -EPROTO;
	if (!err)
		err = hive_lazy_take(lz, vma, start, &rep, pages);
	else
		for (i = 0; i < rpages.nr; i++)
			put_page(pages[i]);
	/* An address space that ended awaits nothing (hive_lazy_release()). */
	if (err && err != -EINTR && err != -ESRCH)
		hive_lazy_fail(lz, err);
	if (!err)
		atomic_long_add(rep.npages, op == HIVE_RPC_OP_MIGRATE_FAULT ? &lz->fetched : &lz->pulled);
	return err ?: rep.next;
}

/* A fault's fetch: @addr and the pages after it, within its range (and @vma). */
static long hive_lazy_fetch_fault(struct hive_lazy *lz, struct vm_area_struct *vma,
				  unsigned long addr)
{
	struct hive_lazy_range *r = hive_lazy_range(lz, addr);
	unsigned long end;

	if (!r)
		return 0;
	end = min(r->end, addr + HIVE_LAZY_FAULT_PAGES * PAGE_SIZE);
	if (vma)
		end = min(end, vma->vm_end);
	return hive_lazy_fetch(lz, HIVE_RPC_OP_MIGRATE_FAULT, vma, addr, end);
}

/*
 * handle_mm_fault() for a page the process awaits.  Allowed to retry, it
 * drops mmap_lock, fetches and returns VM_FAULT_RETRY: the caller takes
 * the lock again and finds the page.  Otherwise it fetches with the lock
 * held; a fault that may neither wait nor drop the lock is retried later.
 * A page that cannot be had: VM_FAULT_SIGBUS where the lock is held,
 * else the process was killed and its retry ends it.
 */
static vm_fault_t hive_lazy_fault(struct vm_area_struct *vma, unsigned long address,
				  unsigned int flags, struct pt_regs *regs)
{
	struct mm_struct *mm = vma->vm_mm;
	struct hive_lazy *lz = hive_lazy_get(mm);
	unsigned long addr = address & PAGE_MASK;
	vm_fault_t ret = VM_FAULT_RETRY;

	if (!lz || !hive_lazy_awaited(lz, addr)) {
		ret = handle_mm_fault(vma, address, flags, regs);
	} else if (!(flags & FAULT_FLAG_ALLOW_RETRY)) {
		if (hive_lazy_fetch_fault(lz, vma, addr) < 0 || hive_lazy_awaited(lz, addr))
			ret = VM_FAULT_SIGBUS;
		else
			ret = handle_mm_fault(vma, address, flags, regs);
	} else if (!(flags & FAULT_FLAG_RETRY_NOWAIT)) {
		mmap_read_unlock(mm);
		hive_lazy_fetch_fault(lz, NULL, addr);
	}
	if (lz)
		hive_lazy_put(lz);
	module_put(THIS_MODULE);
	return ret;
}

/* handle_mm_fault(): a fault on an awaited page is hive_lazy_fault()'s. */
static void hive_lazy_fault_redirect(struct pt_regs *regs)
{
	const struct vm_area_struct *vma;
	struct hive_lazy *lz;

	if (!atomic_read(&hive_lazy_active))
		return;
	vma = hive_hook_handle_mm_fault_vma(regs);
	rcu_read_lock();
	lz = hive_lazy_find(vma->vm_mm);
	if (lz && hive_lazy_awaited(lz, hive_hook_handle_mm_fault_address(regs) & PAGE_MASK) &&
	    try_module_get(THIS_MODULE))
		hive_hook_redirect(regs, hive_lazy_fault);
	rcu_read_unlock();
}

/*
 * Start @n of @lz's pullers, each with a reference of its own.  One
 * already queued stays as it is; one running runs once more, finding
 * nothing left or taking the next window.
 */
static void hive_lazy_pull_start(struct hive_lazy *lz, u32 n)
{
	u32 i;

	for (i = 0; i < n; i++)
		if (refcount_inc_not_zero(&lz->ref) && !queue_work(hive_lazy_wq, &lz->pull[i].work))
			hive_lazy_put(lz);
}

/*
 * Wait until nothing of @lz is awaited, every puller running meanwhile
 * (also where /sys/kernel/hive/migration/pullers kept them back).
 * Return: wait_event_killable_timeout()'s.
 */
static long hive_lazy_wait_all(struct hive_lazy *lz, long timeout)
{
	hive_lazy_pull_start(lz, HIVE_LAZY_PULLERS);
	return wait_event_killable_timeout(lz->wq, READ_ONCE(lz->ended), timeout);
}

/*
 * What a system call's replacement returns: -ERESTARTNOINTR restarts the
 * call.  Drops the module reference its redirect took.
 */
static long hive_lazy_sys_return(long ret)
{
	/* The way out to user mode looks at restarts when this is set. */
	if (ret == -ERESTARTNOINTR)
		set_thread_flag(TIF_NOTIFY_SIGNAL);
	module_put(THIS_MODULE);
	return ret;
}

/*
 * In place of mremap(2), fork(2) or a clone without CLONE_VM of a process
 * whose memory is arriving: wait until all of it arrived, then have the
 * call restart (as after a signal without a handler), which then runs as
 * always.
 */
static long hive_lazy_sys_wait(const struct pt_regs *user)
{
	struct hive_lazy *lz = hive_lazy_get(current->mm);
	long ret = -ERESTARTNOINTR;

	if (lz) {
		if (hive_lazy_wait_all(lz, MAX_SCHEDULE_TIMEOUT) < 0)
			ret = -EINTR;
		hive_lazy_put(lz);
	}
	return hive_lazy_sys_return(ret);
}

static void hive_lazy_sys_redirect(struct pt_regs *regs)
{
	if (!atomic_read(&hive_lazy_active) || !current->mm)
		return;
	rcu_read_lock();
	if (hive_lazy_find(current->mm) && try_module_get(THIS_MODULE))
		hive_hook_redirect(regs, hive_lazy_sys_wait);
	rcu_read_unlock();
}

/*
 * The range [*start, *end) of an madvise(2) call that discards what it
 * covers (a page there reads zeros afterwards), as the kernel takes it;
 * false for other advice and for a range the kernel refuses itself.
 */
static bool hive_lazy_madvise_discards(const struct pt_regs *user, unsigned long *start,
				       unsigned long *end)
{
	int advice = hive_hook_sys_madvise_advice(user);
	size_t len = hive_hook_sys_madvise_len(user);

	*start = hive_hook_sys_madvise_start(user);
	*end = *start + PAGE_ALIGN(len);
	return (advice == MADV_DONTNEED || advice == MADV_DONTNEED_LOCKED) &&
	       PAGE_ALIGNED(*start) && len && *end > *start;
}

/*
 * Whether a page of [start, end) is awaited; a hint without @lz->lock.
 * Under rcu_read_lock() or a reference.
 */
static bool hive_lazy_awaits_any(struct hive_lazy *lz, unsigned long start, unsigned long end)
{
	u32 i;

	for (i = 0; i < lz->nranges; i++) {
		struct hive_lazy_range *r = &lz->ranges[i];
		unsigned long bit, last;

		if (hive_lazy_overlap(r, start, end, &bit, &last) &&
		    find_next_bit(r->awaited, last, bit) < last)
			return true;
	}
	return false;
}

/*
 * Stop awaiting the pages MADV_DONTNEED or MADV_DONTNEED_LOCKED (@advice)
 * is about to discard in [start, end), where every mapping with an awaited
 * page takes that advice (anonymous, and not locked for MADV_DONTNEED).
 * Return: 1 if it forgot them; 0 if a mapping would refuse the advice
 * (everything stays awaited); -EINTR.
 */
static int hive_lazy_discard(struct hive_lazy *lz, unsigned long start, unsigned long end,
			     int advice)
{
	vm_flags_t refused = VM_PFNMAP | VM_HUGETLB | (advice == MADV_DONTNEED ? VM_LOCKED : 0);
	struct mm_struct *mm = lz->mm;
	struct vm_area_struct *vma;
	bool takes = true;

	if (mmap_read_lock_killable(mm))
		return -EINTR;
	for (vma = find_vma(mm, start); takes && vma && vma->vm_start < end;
	     vma = find_vma(mm, vma->vm_end))
		takes = (vma_is_anonymous(vma) && !(vma->vm_flags & refused)) ||
			!hive_lazy_awaits_any(lz, max(start, vma->vm_start), min(end, vma->vm_end));
	if (takes)
		hive_lazy_forget(lz, start, end);
	mmap_read_unlock(mm);
	return takes;
}

/*
 * In place of madvise(2) discarding awaited pages: forget them, let the
 * installs under way end, and have the call restart, which then finds
 * none awaited and discards as always.  A range where the kernel would
 * refuse the advice for a mapping with awaited pages waits until all of
 * the memory arrived instead, so the kernel refuses it with its own error.
 */
static long hive_lazy_sys_madvise(const struct pt_regs *user)
{
	struct hive_lazy *lz = hive_lazy_get(current->mm);
	long ret = -ERESTARTNOINTR;
	unsigned long start, end;
	int took;

	if (lz && hive_lazy_madvise_discards(user, &start, &end)) {
		took = hive_lazy_discard(lz, start, end, hive_hook_sys_madvise_advice(user));
		if (took > 0)
			wait_event(lz->wq, !READ_ONCE(lz->installing));
		else if (took < 0 || hive_lazy_wait_all(lz, MAX_SCHEDULE_TIMEOUT) < 0)
			ret = -EINTR;
	}
	if (lz)
		hive_lazy_put(lz);
	return hive_lazy_sys_return(ret);
}

/* madvise(2): only a discard of awaited pages, of a range the kernel takes. */
static void hive_lazy_madvise_redirect(struct pt_regs *regs)
{
	unsigned long start, end;
	struct hive_lazy *lz;

	if (!atomic_read(&hive_lazy_active) || !current->mm ||
	    !hive_lazy_madvise_discards(hive_hook_sys_user(regs), &start, &end))
		return;
	rcu_read_lock();
	lz = hive_lazy_find(current->mm);
	if (lz && hive_lazy_awaits_any(lz, start, end) &&
	    try_module_get(THIS_MODULE))
		hive_hook_redirect(regs, hive_lazy_sys_madvise);
	rcu_read_unlock();
}

/* clone(2): only a child with an address space of its own waits. */
static void hive_lazy_clone_redirect(struct pt_regs *regs)
{
	if (!(hive_hook_sys_clone_flags(hive_hook_sys_user(regs)) & CLONE_VM))
		hive_lazy_sys_redirect(regs);
}

/* clone3(2): likewise; flags that cannot be read here wait, to be safe. */
static void hive_lazy_clone3_redirect(struct pt_regs *regs)
{
	u64 flags = 0;

	if (copy_from_user_nofault(&flags, hive_hook_sys_clone3_args(hive_hook_sys_user(regs)),
				   sizeof(flags)) || !(flags & CLONE_VM))
		hive_lazy_sys_redirect(regs);
}

static struct hive_hook hive_lazy_hooks[] = {
	{
		.symbol = "handle_mm_fault",
		.kind = HIVE_HOOK_REDIRECT,
		.handler = hive_lazy_fault_redirect,
	},
	{
		.symbol = "__x64_sys_mremap",
		.kind = HIVE_HOOK_REDIRECT,
		.handler = hive_lazy_sys_redirect,
	},
	{
		/* SYSCALL_DEFINE0: __x64_sys_fork is an alias of it. */
		.symbol = "__do_sys_fork",
		.kind = HIVE_HOOK_REDIRECT,
		.handler = hive_lazy_sys_redirect,
	},
	{
		.symbol = "__x64_sys_clone",
		.kind = HIVE_HOOK_REDIRECT,
		.handler = hive_lazy_clone_redirect,
	},
	{
		.symbol = "__x64_sys_clone3",
		.kind = HIVE_HOOK_REDIRECT,
		.handler = hive_lazy_clone3_redirect,
	},
	{
		.symbol = "__x64_sys_madvise",
		.kind = HIVE_HOOK_REDIRECT,
		.handler = hive_lazy_madvise_redirect,
	},
};

/*
 * The process unmaps memory: its awaited pages there are awaited no more,
 * and an install under way ends first, so the unmap takes what it put
 * there.  Other events are no discard: CLEAR (a split mapping's 2 MiB,
 * reclaim, page migration, copy-on-write, and MADV_DONTNEED, which
 * hive_lazy_sys_madvise() took care of before) and protection changes.
 */
static int hive_lazy_invalidate(struct mmu_notifier *mn, const struct mmu_notifier_range *range)
{
	struct hive_lazy *lz = container_of(mn, struct hive_lazy, mn);
	unsigned long n;
	bool installing;

	if (range->event != MMU_NOTIFY_UNMAP)
		return 0;
	spin_lock(&lz->lock);
	n = hive_lazy_forget_locked(lz, range->start, range->end);
	installing = n && lz->installing;
	spin_unlock(&lz->lock);
	if (installing && mmu_notifier_range_blockable(range))
		wait_event(lz->wq, !READ_ONCE(lz->installing));
	if (n && !READ_ONCE(lz->left))
		hive_lazy_end(lz, 0);
	return 0;
}

/* The address space ends (exit, exec): nothing more to await. */
static void hive_lazy_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	hive_lazy_end(container_of(mn, struct hive_lazy, mn), -ESRCH);
}

static const struct mmu_notifier_ops hive_lazy_mn_ops = {
	.invalidate_range_start = hive_lazy_invalidate,
	.release = hive_lazy_release,
};

/*
 * The next window for a puller: up to HIVE_LAZY_PULL_PAGES pages of one
 * range from its next awaited page on, [*start, *end).  False when none
 * is left.
 */
static bool hive_lazy_window(struct hive_lazy *lz, struct hive_lazy_range **rp,
			     unsigned long *start, unsigned long *end)
{
	bool found = false;

	spin_lock(&lz->lock);
	for (; !lz->ended && lz->next_range < lz->nranges; lz->next_range++, lz->next_bit = 0) {
		struct hive_lazy_range *r = &lz->ranges[lz->next_range];
		unsigned long npages = hive_lazy_index(r, r->end);
		unsigned long bit = find_next_bit(r->awaited, npages, lz->next_bit);

		if (bit >= npages)
			continue;
		lz->next_bit = min(npages, bit + HIVE_LAZY_PULL_PAGES);
		*rp = r;
		*start = r->start + (bit << PAGE_SHIFT);
		*end = r->start + (lz->next_bit << PAGE_SHIFT);
		found = true;
		break;
	}
	spin_unlock(&lz->lock);
	return found;
}

/*
 * A puller: window after window, each from its first awaited page to its
 * end, until none is left.  Holds a reference.
 */
static void hive_lazy_pull(struct work_struct *work)
{
	struct hive_lazy *lz = container_of(work, struct hive_lazy_puller, work)->lz;
	struct hive_lazy_range *r;
	unsigned long addr, end;
	long next;

	while (hive_lazy_window(lz, &r, &addr, &end)) {
		for (next = addr; next >= 0 && next < end && !READ_ONCE(lz->ended);) {
			next = hive_lazy_fetch(lz, HIVE_RPC_OP_MIGRATE_PAGES, NULL, next, end);
			cond_resched();
		}
		if (next < 0)
			break;
	}
	hive_lazy_put(lz);
}

/* The end, on hive_lazy_wq: the source lets its copy go; the entry goes. */
static void hive_lazy_let_go_work(struct work_struct *work)
{
	struct hive_lazy *lz = container_of(work, struct hive_lazy, let_go);
	struct hive_mig_abort m = { .migration = lz->migration };
	u8 buf[HIVE_MIG_ABORT_LEN];

	if (lz->err != -ECANCELED && hive_mig_abort_encode(&m, buf, sizeof(buf)) > 0 &&
	    hive_rpc_cast(lz->source, HIVE_RPC_OP_MIGRATE_PULLED, buf, sizeof(buf), HZ))
		pr_warn("node %u not told that process %d needs its memory no more\n",
			lz->source, lz->pid);
	if (!lz->err)
		pr_info("process %d: all of its memory is here (%ld pages fetched on fault, %ld pulled from node %u)\n",
			lz->pid, atomic_long_read(&lz->fetched), atomic_long_read(&lz->pulled),
			lz->source);
	mmu_notifier_unregister(&lz->mn, lz->mm);
	if (!lz->thp_off)
		clear_bit(MMF_DISABLE_THP, &lz->mm->flags);
	spin_lock(&hive_lazies_lock);
	list_del_rcu(&lz->link);
	spin_unlock(&hive_lazies_lock);
	/* The hooks look entries up under RCU, without a reference. */
	synchronize_rcu();
	hive_lazy_put(lz);
	module_put(THIS_MODULE);
}

/**
 * hive_lazy_start() - await the pages of the current process's private
 *	anonymous mappings
 * @image: the process, whose layout was rebuilt in the current task
 * @migration: the migration that brings it
 * @source: the node it comes from, which serves the pages
 *
 * From now on a fault on one of those pages fetches it; the pullers start
 * with hive_lazy_run().  Each entry holds a module reference until its
 * end, so hive.ko stays while memory is arriving.
 *
 * Context: process, the task being rebuilt; takes mmap_lock.
 * Return: 0, -ENOMEM, or mmu_notifier_register()'s error.
 */
int hive_lazy_start(const struct hive_mig_image *image, u64 migration, u32 source)
{
	struct mm_struct *mm = current->mm;
	struct hive_lazy *lz;
	u32 i, n = 0;
	int err;

	for (i = 0; i < image->nvmas; i++)
		n += hive_mig_vma_lazy(&image->vmas[i]);
	if (!n)
		return 0;
	lz = kzalloc(struct_size(lz, ranges, n), GFP_KERNEL);
	if (!lz)
		return -ENOMEM;
	refcount_set(&lz->ref, 1);
	mmgrab(mm);
	lz->mm = mm;
	lz->migration = migration;
	lz->source = source;
	lz->pid = image->begin.pid;
	spin_lock_init(&lz->lock);
	init_waitqueue_head(&lz->wq);
	for (i = 0; i < HIVE_LAZY_PULLERS; i++) {
		INIT_WORK(&lz->pull[i].work, hive_lazy_pull);
		lz->pull[i].lz = lz;
	}
	INIT_WORK(&lz->let_go, hive_lazy_let_go_work);
	for (i = 0; i < image->nvmas; i++) {
		const struct hive_mig_vma *v = &image->vmas[i];
		struct hive_lazy_range *r = &lz->ranges[lz->nranges];
		unsigned long npages = (v->end - v->start) >> PAGE_SHIFT;

		if (!hive_mig_vma_lazy(v))
			continue;
		r->start = v->start;
		r->end = v->end;
		r->awaited = kvmalloc_array(BITS_TO_LONGS(npages), sizeof(long), GFP_KERNEL);
		if (!r->awaited) {
			hive_lazy_put(lz);
			return -ENOMEM;
		}
		bitmap_fill(r->awaited, npages);
		lz->left += npages;
		lz->nranges++;
	}
	lz->mn.ops = &hive_lazy_mn_ops;
	err = mmu_notifier_register(&lz->mn, mm);
	if (err) {
		hive_lazy_put(lz);
		return err;
	}
	__module_get(THIS_MODULE);
	lz->thp_off = test_and_set_bit(MMF_DISABLE_THP, &mm->flags);
	atomic_long_add(lz->left, &hive_lazy_left);
	atomic_inc(&hive_lazy_active);
	spin_lock(&hive_lazies_lock);
	list_add_rcu(&lz->link, &hive_lazies);
	spin_unlock(&hive_lazies_lock);
	return 0;
}

/**
 * hive_lazy_run() - the process runs: its pullers (as many as
 *	/sys/kernel/hive/migration/pullers says) bring the rest of its memory
 * @mm: its address space
 *
 * Context: process.
 */
void hive_lazy_run(struct mm_struct *mm)
{
	struct hive_lazy *lz = hive_lazy_get(mm);

	if (!lz)
		return;
	hive_lazy_pull_start(lz, READ_ONCE(hive_lazy_pullers));
	hive_lazy_put(lz);
}

/**
 * hive_lazy_drop() - the process was not rebuilt: await nothing
 * @mm: the address space it was rebuilt in
 *
 * The source is not told: the migration's failure lets it keep its copy.
 *
 * Context: process.
 */
void hive_lazy_drop(struct mm_struct *mm)
{
	struct hive_lazy *lz = hive_lazy_get(mm);

	if (!lz)
		return;
	hive_lazy_end(lz, -ECANCELED);
	hive_lazy_put(lz);
}

/**
 * hive_lazy_settle() - wait until the memory of @mm arrived
 * @mm: a process's address space
 *
 * A process moves on only with all of its memory here.
 *
 * Context: process, sleeps (killable).
 * Return: 0; -EINTR; -ETIMEDOUT after HIVE_LAZY_SETTLE_TIMEOUT; -ESRCH if
 * the process lost memory (it is being killed) or ended.
 */
int hive_lazy_settle(struct mm_struct *mm)
{
	struct hive_lazy *lz = hive_lazy_get(mm);
	long left;
	int err;

	if (!lz)
		return 0;
	left = hive_lazy_wait_all(lz, HIVE_LAZY_SETTLE_TIMEOUT);
	err = left < 0 ? -EINTR : !left ? -ETIMEDOUT : READ_ONCE(lz->err) ? -ESRCH : 0;
	hive_lazy_put(lz);
	return err;
}

static ssize_t pages_arriving_show(struct kobject *kobj, struct kobj_attribute *attr,
				   char *buf)
{
	return sysfs_emit(buf, "%ld\n", atomic_long_read(&hive_lazy_left));
}

static ssize_t processes_served_show(struct kobject *kobj, struct kobj_attribute *attr,
				     char *buf)
{
	return sysfs_emit(buf, "%u\n", hive_move_serving());
}

static ssize_t pullers_show(struct kobject *kobj, struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(hive_lazy_pullers));
}

static ssize_t pullers_store(struct kobject *kobj, struct kobj_attribute *attr,
			     const char *buf, size_t count)
{
	unsigned int n;
	int err = kstrtouint(buf, 0, &n);

	if (err)
		return err;
	if (n > HIVE_LAZY_PULLERS)
		return -ERANGE;
	WRITE_ONCE(hive_lazy_pullers, n);
	return count;
}

static struct kobj_attribute hive_lazy_attr_arriving = __ATTR_RO(pages_arriving);
static struct kobj_attribute hive_lazy_attr_served = __ATTR_RO(processes_served);
static struct kobj_attribute hive_lazy_attr_pullers = __ATTR(pullers, 0644, pullers_show,
							     pullers_store);

static struct attribute *hive_lazy_attrs[] = {
	&hive_lazy_attr_arriving.attr,
	&hive_lazy_attr_served.attr,
	&hive_lazy_attr_pullers.attr,
	NULL,
};

static const struct attribute_group hive_lazy_attr_group = {
	.attrs = hive_lazy_attrs,
};

/**
 * hive_lazy_init() - the hooks, the work queue and
 *	/sys/kernel/hive/migration/
 *
 * Context: process (module init).
 * Return: 0, or why not (a hook this kernel does not fit is named in the
 * log).
 */
int hive_lazy_init(void)
{
	int err;

	hive_lazy_wq = alloc_workqueue("hive_lazy", WQ_UNBOUND, 0);
	if (!hive_lazy_wq)
		return -ENOMEM;
	hive_lazy_kobj = kobject_create_and_add("migration", hive_sysfs_root());
	if (!hive_lazy_kobj) {
		err = -ENOMEM;
		goto wq;
	}
	err = sysfs_create_group(hive_lazy_kobj, &hive_lazy_attr_group) ?:
	      hive_hooks_install(hive_lazy_hooks, ARRAY_SIZE(hive_lazy_hooks));
	if (!err)
		return 0;
	kobject_put(hive_lazy_kobj);
wq:
	destroy_workqueue(hive_lazy_wq);
	hive_lazy_wq = NULL;
	return err;
}

/**
 * hive_lazy_exit() - take the hooks out
 *
 * Context: process (module exit); no entry is left (each holds a module
 * reference).  The last ones' work may still be returning: the queue's
 * destruction waits for it.
 */
void hive_lazy_exit(void)
{
	if (!hive_lazy_wq)
		return;
	hive_hooks_remove(hive_lazy_hooks, ARRAY_SIZE(hive_lazy_hooks));
	kobject_put(hive_lazy_kobj);
	destroy_workqueue(hive_lazy_wq);
	hive_lazy_wq = NULL;
}
