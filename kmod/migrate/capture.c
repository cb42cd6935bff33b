// SPDX-License-Identifier: GPL-2.0
/*
 * Taking the state a migration stream carries from a stopped process
 * (Documentation/migration.rst): each thread's own state in its own
 * context (hive_capture_thread(), from hive_freeze()'s task_work), then
 * the process's (credentials, limits, address space, signals) from the
 * freezer's, with a reason for everything a stream cannot carry.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cred.h>
#include <linux/elf.h>
#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/fs_struct.h>
#include <linux/futex.h>
#include <linux/hugetlb.h>
#include <linux/magic.h>
#include <linux/nsproxy.h>
#include <linux/major.h>
#include <linux/mm.h>
#include <linux/pkeys.h>
#include <linux/regset.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/shmem_fs.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/time_namespace.h>
#include <linux/uidgid.h>
#include "migrate.h"
#include "node.h"
#include "process/process.h"

static_assert(sizeof(struct user_regs_struct) == HIVE_MIG_NREGS * sizeof(u64));
static_assert(sizeof(union __sifields) == sizeof(((struct hive_mig_siginfo *)0)->fields));
static_assert(sizeof(((struct mm_struct *)0)->saved_auxv) <=
	      sizeof(((struct hive_mig_mm *)0)->auxv));

/**
 * hive_why_add() - note a reason a process cannot move
 * @whys: the list
 * @code: enum hive_why
 * @arg: its ARG, 0 if it has none
 * @detail: its DETAIL, cut to HIVE_WHY_DETAIL_MAX - 1 bytes; NULL for none
 *
 * A reason already listed (the same code, ARG and DETAIL) is not added
 * again; past HIVE_MIGRATE_WHYS_MAX reasons, only the count grows.
 *
 * Context: any.
 */
void hive_why_add(struct hive_why_list *whys, u32 code, u32 arg, const char *detail)
{
	u32 i, kept = min_t(u32, whys->count, HIVE_MIGRATE_WHYS_MAX);

	detail = detail ?: "";
	for (i = 0; i < kept; i++)
		if (whys->code[i] == code && whys->arg[i] == arg &&
		    !strncmp(whys->detail[i], detail, HIVE_WHY_DETAIL_MAX - 1))
			return;
	i = whys->count++;
	if (i >= HIVE_MIGRATE_WHYS_MAX)
		return;
	whys->code[i] = code;
	whys->arg[i] = arg;
	strscpy(whys->detail[i], detail, HIVE_WHY_DETAIL_MAX);
}

/* The regset of @note_type in the current task's view, or NULL. */
static const struct user_regset *hive_regset(unsigned int note_type)
{
	const struct user_regset_view *view = task_user_regset_view(current);
	unsigned int i;

	for (i = 0; i < view->n; i++)
		if (view->regsets[i].core_note_type == note_type)
			return &view->regsets[i];
	return NULL;
}

static int hive_capture_regs(struct hive_mig_thread *rec)
{
	const struct user_regset *gen = hive_regset(NT_PRSTATUS);
	void *data;
	int n;

	if (!gen)
		return -EOPNOTSUPP;
	n = regset_get_alloc(current, gen, sizeof(rec->regs), &data);
	if (n < 0)
		return n;
	if (n == sizeof(rec->regs))
		memcpy(rec->regs, data, sizeof(rec->regs));
	kfree(data);
	if (n != sizeof(rec->regs))
		return -EIO;
	hive_mig_restart(rec->regs);
	return 0;
}

static int hive_capture_xstate(struct hive_mig_thread_image *ti)
{
	const struct user_regset *xs = hive_regset(NT_X86_XSTATE);
	int n;

	if (!xs)
		return -EOPNOTSUPP;
	n = regset_get_alloc(current, xs, xs->n * xs->size, &ti->xstate);
	if (n < 0)
		return n;
	ti->rec.xstate_len = n;
	return 0;
}

static void hive_siginfo_from(struct hive_mig_siginfo *si, const kernel_siginfo_t *info)
{
	si->signo = info->si_signo;
	si->code = info->si_code;
	si->errnum = info->si_errno;
	memcpy(si->fields, &info->_sifields, sizeof(si->fields));
}

/*
 * The signals queued on @pending, which the caller's process owns: its
 * pending set, and as many queued entries as fit HIVE_MIG_PENDING_MAX
 * (*@count says how many there were, more than that being a reason).
 */
static int hive_capture_queue(struct sigpending *pending, u64 *set,
			      struct hive_mig_siginfo **queued, u32 *count,
			      struct task_struct *owner)
{
	struct sigqueue *q;
	u32 n = 0, room;

	spin_lock_irq(&owner->sighand->siglock);
	list_for_each_entry(q, &pending->list, list)
		n++;
	spin_unlock_irq(&owner->sighand->siglock);
	*count = n;
	if (n > HIVE_MIG_PENDING_MAX)
		return 0;
	/* A few more may come meanwhile; later ones stay behind. */
	room = min_t(u32, n + 8, HIVE_MIG_PENDING_MAX);
	*queued = kvcalloc(room, sizeof(**queued), GFP_KERNEL);
	if (!*queued)
		return -ENOMEM;
	n = 0;
	spin_lock_irq(&owner->sighand->siglock);
	*set = pending->signal.sig[0];
	list_for_each_entry(q, &pending->list, list) {
		if (n == room)
			break;
		hive_siginfo_from(&(*queued)[n++], &q->info);
	}
	spin_unlock_irq(&owner->sighand->siglock);
	*count = n;
	return 0;
}

/**
 * hive_capture_thread() - take the current thread's own state
 * @ti: where to; @ti->err says whether it worked
 *
 * Its registers (as a restarted system call would resume them), XSAVE
 * state, signal mask, queued signals, alternate stack, futex addresses,
 * scheduling, credentials and what confines it.
 *
 * Context: process, the thread's own, at a safe point (hive_freeze()'s
 * task_work); sleeps.
 */
void hive_capture_thread(struct hive_mig_thread_image *ti)
{
	struct hive_mig_thread *rec = &ti->rec;
	int err;

	rec->tid = task_pid_nr(current);
	get_task_comm(rec->comm, current);
	err = hive_capture_regs(rec) ?: hive_capture_xstate(ti);
	if (!err)
		err = hive_capture_queue(&current->pending, &rec->pending,
					 &ti->queued, &rec->npending, current);
	if (err) {
		ti->err = err;
		return;
	}
	rec->blocked = current->blocked.sig[0];
	rec->sas_sp = current->sas_ss_sp;
	rec->sas_size = current->sas_ss_size;
	rec->sas_flags = current->sas_ss_flags;
	rec->clear_child_tid = (unsigned long)current->clear_child_tid;
	rec->robust_list = (unsigned long)current->robust_list;
	rec->robust_len = current->robust_list ? sizeof(*current->robust_list) : 0;
	rec->policy = current->policy;
	rec->nice = task_nice(current);
	rec->rt_priority = current->rt_priority;
	ti->cred = get_current_cred();
	ti->confinement = hive_confine_current();
	ti->err = 0;
}

static u64 hive_cap_bits(kernel_cap_t cap)
{
	return cap.cap[0] | (u64)cap.cap[1] << 32;
}

/* The same groups: threads rebuilt after a move each hold their own list. */
static bool hive_same_groups(const struct group_info *a, const struct group_info *b)
{
	int i;

	if (a == b)
		return true;
	if (a->ngroups != b->ngroups)
		return false;
	for (i = 0; i < a->ngroups; i++)
		if (!gid_eq(a->gid[i], b->gid[i]))
			return false;
	return true;
}

static bool hive_same_cred(const struct cred *a, const struct cred *b)
{
	return uid_eq(a->uid, b->uid) && uid_eq(a->euid, b->euid) &&
	       uid_eq(a->suid, b->suid) && uid_eq(a->fsuid, b->fsuid) &&
	       gid_eq(a->gid, b->gid) && gid_eq(a->egid, b->egid) &&
	       gid_eq(a->sgid, b->sgid) && gid_eq(a->fsgid, b->fsgid) &&
	       a->securebits == b->securebits &&
	       hive_same_groups(a->group_info, b->group_info) &&
	       cap_issubset(a->cap_effective, b->cap_effective) &&
	       cap_issubset(b->cap_effective, a->cap_effective) &&
	       cap_issubset(a->cap_permitted, b->cap_permitted) &&
	       cap_issubset(b->cap_permitted, a->cap_permitted);
}

static int hive_capture_cred(struct hive_mig_image *image, const struct cred *cred)
{
	struct hive_mig_begin *b = &image->begin;
	const struct group_info *gi = cred->group_info;
	u32 i;

	b->uid[0] = from_kuid_munged(&init_user_ns, cred->uid);
	b->uid[1] = from_kuid_munged(&init_user_ns, cred->euid);
	b->uid[2] = from_kuid_munged(&init_user_ns, cred->suid);
	b->uid[3] = from_kuid_munged(&init_user_ns, cred->fsuid);
	b->gid[0] = from_kgid_munged(&init_user_ns, cred->gid);
	b->gid[1] = from_kgid_munged(&init_user_ns, cred->egid);
	b->gid[2] = from_kgid_munged(&init_user_ns, cred->sgid);
	b->gid[3] = from_kgid_munged(&init_user_ns, cred->fsgid);
	b->securebits = cred->securebits;
	b->cap_inheritable = hive_cap_bits(cred->cap_inheritable);
	b->cap_permitted = hive_cap_bits(cred->cap_permitted);
	b->cap_effective = hive_cap_bits(cred->cap_effective);
	b->cap_bset = hive_cap_bits(cred->cap_bset);
	b->cap_ambient = hive_cap_bits(cred->cap_ambient);
	b->ngroups = min_t(u32, gi->ngroups, HIVE_MIG_GROUPS_MAX);
	image->groups = kvcalloc(b->ngroups ?: 1, sizeof(*image->groups), GFP_KERNEL);
	if (!image->groups)
		return -ENOMEM;
	for (i = 0; i < b->ngroups; i++)
		image->groups[i] = from_kgid_munged(&init_user_ns, gi->gid[i]);
	return 0;
}

static void hive_thread_image_free(struct hive_mig_thread_image *ti)
{
	kfree(ti->xstate);
	kvfree(ti->queued);
	if (ti->cred)
		put_cred(ti->cred);
	memset(ti, 0, sizeof(*ti));
}

static int hive_tid_order(const void *a, const void *b)
{
	const struct hive_mig_thread_image *x = a, *y = b;

	return x->rec.tid < y->rec.tid ? -1 : x->rec.tid > y->rec.tid;
}

/*
 * Drops the threads that took no state and puts the rest in stream
 * order: the leader first, then ascending TIDs.  A process whose leader
 * exited before its other threads has no leader to send first (one that
 * did not stop has its reason already).
 */
static void hive_order_threads(struct hive_mig_image *image, struct task_struct *leader)
{
	pid_t pid = leader->tgid;
	u32 i, taken = 0;

	for (i = 0; i < image->nthreads; i++) {
		struct hive_mig_thread_image *ti = &image->threads[i];

		/* -EAGAIN: it did not stop, a reason already. */
		if (ti->err && ti->err != -EAGAIN)
			hive_why_add(&image->whys, HIVE_WHY_STATE, -ti->err, NULL);
		if (ti->err)
			hive_thread_image_free(ti);
		else if (i != taken++)
			swap(image->threads[taken - 1], *ti);
	}
	image->nthreads = taken;
	for (i = 0; i < taken; i++) {
		if (image->threads[i].rec.tid == pid) {
			swap(image->threads[0], image->threads[i]);
			break;
		}
	}
	if (i == taken && (leader->exit_state || (leader->flags & PF_EXITING)))
		hive_why_add(&image->whys, HIVE_WHY_LEADER_EXITED, pid, NULL);
	else if (i < taken && taken > 1)
		sort(image->threads + 1, taken - 1, sizeof(*image->threads),
		     hive_tid_order, NULL);
}

static void hive_why_threads(struct hive_mig_image *image, const struct cred *leader)
{
	u32 i;

	for (i = 0; i < image->nthreads; i++) {
		const struct hive_mig_thread_image *ti = &image->threads[i];
		u32 tid = ti->rec.tid;

		if (ti->confinement > HIVE_CONFINE_NONE)
			hive_why_add(&image->whys, HIVE_WHY_CONFINED, tid,
				     hive_confine_name(ti->confinement));
		if (!hive_same_cred(ti->cred, leader))
			hive_why_add(&image->whys, HIVE_WHY_CREDENTIALS, tid, NULL);
		if (ti->rec.policy == SCHED_DEADLINE)
			hive_why_add(&image->whys, HIVE_WHY_DEADLINE, tid, NULL);
		/* None was copied; the stream stays well-formed without. */
		if (ti->rec.npending > HIVE_MIG_PENDING_MAX) {
			hive_why_add(&image->whys, HIVE_WHY_SIGNALS, tid, NULL);
			image->threads[i].rec.npending = 0;
		}
	}
}

/* Reasons that are the tasks' own: tracing and io_uring. */
static void hive_why_tasks(struct task_struct *leader, struct hive_mig_image *image)
{
	struct task_struct *t;

	rcu_read_lock();
	for_each_thread(leader, t) {
		if (t->ptrace)
			hive_why_add(&image->whys, HIVE_WHY_PTRACED, task_pid_nr(t), NULL);
		if (t->io_uring || (t->flags & PF_IO_WORKER))
			hive_why_add(&image->whys, HIVE_WHY_IO_URING, task_pid_nr(t), NULL);
	}
	rcu_read_unlock();
}

/*
 * The clocks as the process reads them: a process that moved here lives
 * in a time namespace whose offsets carry on its first node's clocks.
 */
static void hive_capture_clocks(struct task_struct *leader, struct hive_mig_begin *b)
{
	struct timespec64 monotonic = {}, boottime = {};

	task_lock(leader);
	if (leader->nsproxy) {
		monotonic = leader->nsproxy->time_ns->offsets.monotonic;
		boottime = leader->nsproxy->time_ns->offsets.boottime;
	}
	task_unlock(leader);
	b->monotonic_ns = ktime_get_ns() + timespec64_to_ns(&monotonic);
	b->boottime_ns = ktime_get_boottime_ns() + timespec64_to_ns(&boottime);
}

static void hive_capture_task(struct task_struct *leader, struct hive_mig_image *image)
{
	struct hive_mig_begin *b = &image->begin;
	struct signal_struct *sig = leader->signal;
	u32 i;

	b->pid = leader->tgid;
	b->home = hive_pid_home_node(leader->tgid);
	hive_capture_clocks(leader, b);
	if (!b->home)
		hive_why_add(&image->whys, HIVE_WHY_NO_RANGE, 0, NULL);
	b->nthreads = image->nthreads;
	b->flags = task_no_new_privs(leader) ? HIVE_MIG_NO_NEW_PRIVS : 0;
	b->personality = leader->personality;
	b->exit_signal = leader->exit_signal;
	b->ppid = hive_domain_parent(leader);
	get_task_comm(b->comm, leader);
	for (i = 0; i < HIVE_MIG_RLIMITS; i++) {
		b->rlim[i].cur = READ_ONCE(sig->rlim[i].rlim_cur);
		b->rlim[i].max = READ_ONCE(sig->rlim[i].rlim_max);
	}
	task_lock(leader);
	b->umask = leader->fs ? leader->fs->umask : 0;
	task_unlock(leader);
	if (!list_empty(&sig->posix_timers) || hrtimer_active(&sig->real_timer) ||
	    sig->it[0].expires || sig->it[1].expires)
		hive_why_add(&image->whys, HIVE_WHY_TIMERS, 0, NULL);
}

/* @file's path into @buf, or its name for one that has no path. */
static const char *hive_file_name(struct file *file, char *buf, int len)
{
	const char *p = d_path(&file->f_path, buf, len);

	return IS_ERR(p) ? "(a path too long)" : p;
}

static const char *hive_vma_special(struct vm_area_struct *vma)
{
	return vma->vm_ops && vma->vm_ops->name ? vma->vm_ops->name(vma) : NULL;
}

/*
 * Shared memory of the kernel's own shmem files: anonymous (MAP_SHARED |
 * MAP_ANONYMOUS, a file named "dev/zero") or a System V segment.
 */
static bool hive_vma_shared_anon(struct vm_area_struct *vma)
{
	struct file *file = vma->vm_file;

	return !strcmp(file->f_path.dentry->d_name.name, "dev/zero");
}

static bool hive_vma_kernel_shmem(struct vm_area_struct *vma)
{
	struct file *file = vma->vm_file;

	return shmem_mapping(file->f_mapping) && IS_PRIVATE(file_inode(file));
}

/* One mapping into @v; a reason if a stream cannot carry it. */
static int hive_capture_vma(struct hive_mig_image *image, struct vm_area_struct *vma,
			    struct hive_mig_vma *v, char **path, char *buf)
{
	const char *special = hive_vma_special(vma);
	unsigned long flags = vma->vm_flags;
	struct file *file = vma->vm_file;
	struct hive_why_list *whys = &image->whys;

	v->start = vma->vm_start;
	v->end = vma->vm_end;
	v->pgoff = vma->vm_pgoff;
	v->prot = (flags & VM_READ ? HIVE_MIG_VMA_READ : 0) |
		  (flags & VM_WRITE ? HIVE_MIG_VMA_WRITE : 0) |
		  (flags & VM_EXEC ? HIVE_MIG_VMA_EXEC : 0);
	if (flags & VM_LOCKED)
		hive_why_add(whys, HIVE_WHY_MLOCK, 0, NULL);
	if (vma->vm_userfaultfd_ctx.ctx)
		hive_why_add(whys, HIVE_WHY_UFFD, 0, NULL);
	if (vma_pkey(vma))
		hive_why_add(whys, HIVE_WHY_PKEY, 0, NULL);
	if (special && !strcmp(special, "[vdso]")) {
		v->kind = HIVE_MIG_VMA_VDSO;
	} else if (special && !strcmp(special, "[vvar]")) {
		v->kind = HIVE_MIG_VMA_VVAR;
	} else if ((flags & (VM_IO | VM_PFNMAP | VM_MIXEDMAP)) || special) {
		hive_why_add(whys, HIVE_WHY_DEVICE, 0,
			     file ? hive_file_name(file, buf, PAGE_SIZE) : special);
	} else if (is_vm_hugetlb_page(vma)) {
		hive_why_add(whys, HIVE_WHY_HUGETLB, 0,
			     file ? hive_file_name(file, buf, PAGE_SIZE) : NULL);
	} else if (vma_is_anonymous(vma)) {
		v->kind = HIVE_MIG_VMA_ANON;
		v->flags = flags & VM_GROWSDOWN ? HIVE_MIG_VMA_GROWSDOWN : 0;
	} else if ((flags & VM_MAYSHARE) && hive_vma_kernel_shmem(vma)) {
		if (hive_vma_shared_anon(vma))
			hive_why_add(whys, HIVE_WHY_SHARED_ANON, 0, NULL);
		else
			hive_why_add(whys, HIVE_WHY_SYSV_SHM, 0,
				     file->f_path.dentry->d_name.name);
	} else if (flags & VM_SHARED) {
		hive_why_add(whys, HIVE_WHY_SHARED_FILE, 0,
			     hive_file_name(file, buf, PAGE_SIZE));
	} else {
		struct inode *inode = file_inode(file);
		const char *p = hive_file_name(file, buf, PAGE_SIZE);

		if (d_unlinked(file->f_path.dentry))
			hive_why_add(whys, HIVE_WHY_DELETED_FILE, 0, p);
		/* Shared but never written: the file was opened read-only. */
		v->kind = HIVE_MIG_VMA_FILE;
		v->flags = flags & VM_MAYSHARE ? HIVE_MIG_VMA_SHARED : 0;
		v->dev = inode->i_sb->s_dev;
		v->ino = inode->i_ino;
		v->size = i_size_read(inode);
		v->mtime_ns = timespec64_to_ns(&inode->i_mtime);
		v->path_len = min_t(size_t, strlen(p), HIVE_MIG_PATH_MAX);
		*path = kmemdup_nul(p, v->path_len, GFP_KERNEL);
		if (!*path)
			return -ENOMEM;
	}
	return 0;
}

static int hive_capture_vmas(struct mm_struct *mm, struct hive_mig_image *image)
{
	struct vm_area_struct *vma;
	char *buf;
	int err = 0;
	u32 room;

	buf = (char *)__get_free_page(GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	room = min_t(u32, mm->map_count, HIVE_MIG_VMAS_MAX);
	image->vmas = kvcalloc(room ?: 1, sizeof(*image->vmas), GFP_KERNEL);
	image->paths = kvcalloc(room ?: 1, sizeof(*image->paths), GFP_KERNEL);
	if (!image->vmas || !image->paths) {
		err = -ENOMEM;
		goto out;
	}
	if (mm->map_count > HIVE_MIG_VMAS_MAX)
		hive_why_add(&image->whys, HIVE_WHY_MAPPINGS, mm->map_count, NULL);
	{
		VMA_ITERATOR(vmi, mm, 0);

		for_each_vma(vmi, vma) {
			struct hive_mig_vma *v = &image->vmas[image->nvmas];

			if (image->nvmas == room)
				break;
			err = hive_capture_vma(image, vma, v, &image->paths[image->nvmas], buf);
			if (err)
				break;
			/* The DSM region its pages are named in: one per mapping. */
			v->region = image->nvmas + 1;
			if (v->kind)
				image->nvmas++;
			else
				memset(v, 0, sizeof(*v));
		}
	}
out:
	free_page((unsigned long)buf);
	return err;
}

static int hive_capture_mm(struct task_struct *leader, struct hive_mig_image *image)
{
	struct hive_mig_mm *m = &image->mm;
	struct mm_struct *mm = get_task_mm(leader);
	int err;

	if (!mm)
		return -ESRCH;
	err = mmap_read_lock_killable(mm);
	if (err)
		goto out;
	m->start_code = mm->start_code;
	m->end_code = mm->end_code;
	m->start_data = mm->start_data;
	m->end_data = mm->end_data;
	m->start_brk = mm->start_brk;
	m->brk = mm->brk;
	m->start_stack = mm->start_stack;
	m->arg_start = mm->arg_start;
	m->arg_end = mm->arg_end;
	m->env_start = mm->env_start;
	m->env_end = mm->env_end;
	memcpy(m->auxv, mm->saved_auxv, sizeof(mm->saved_auxv));
	image->anon_bytes = (u64)get_mm_counter(mm, MM_ANONPAGES) << PAGE_SHIFT;
	if (rcu_access_pointer(mm->ioctx_table))
		hive_why_add(&image->whys, HIVE_WHY_AIO, 0, NULL);
	err = hive_capture_vmas(mm, image);
	mmap_read_unlock(mm);
out:
	mmput(mm);
	return err;
}

static int hive_capture_signals(struct task_struct *leader, struct hive_mig_image *image)
{
	struct hive_mig_signals *s = &image->signals;
	int err, i;

	spin_lock_irq(&leader->sighand->siglock);
	for (i = 0; i < HIVE_MIG_NSIG; i++) {
		const struct sigaction *sa = &leader->sighand->action[i].sa;

		s->action[i].handler = (unsigned long)sa->sa_handler;
		s->action[i].flags = sa->sa_flags;
		s->action[i].restorer = (unsigned long)sa->sa_restorer;
		s->action[i].mask = sa->sa_mask.sig[0];
	}
	spin_unlock_irq(&leader->sighand->siglock);
	err = hive_capture_queue(&leader->signal->shared_pending, &s->pending,
				 &image->queued, &s->npending, leader);
	if (!err && s->npending > HIVE_MIG_PENDING_MAX) {
		hive_why_add(&image->whys, HIVE_WHY_SIGNALS, 0, NULL);
		s->npending = 0;
	}
	return err;
}

/* A node-local pseudo filesystem: a path there names another thing elsewhere. */
static bool hive_pseudo_fs(const struct super_block *sb)
{
	static const unsigned long magics[] = {
		PROC_SUPER_MAGIC, SYSFS_MAGIC, DEBUGFS_MAGIC, TRACEFS_MAGIC,
		SECURITYFS_MAGIC, CGROUP_SUPER_MAGIC, CGROUP2_SUPER_MAGIC,
		BPF_FS_MAGIC, PSTOREFS_MAGIC, EFIVARFS_MAGIC,
	};
	u32 i;

	for (i = 0; i < ARRAY_SIZE(magics); i++)
		if (sb->s_magic == magics[i])
			return true;
	return false;
}

/* Devices whose every instance means the same on any node: mem's null to urandom. */
static bool hive_portable_chr(dev_t rdev)
{
	return MAJOR(rdev) == MEM_MAJOR &&
	       (MINOR(rdev) == 3 || MINOR(rdev) == 5 || MINOR(rdev) == 7 ||
		MINOR(rdev) == 8 || MINOR(rdev) == 9);
}

/* A path that names what it named, or NULL: deleted, or not a path. */
static const char *hive_file_path(struct file *file, char *buf)
{
	const char *p = d_path(&file->f_path, buf, PAGE_SIZE);

	if (IS_ERR(p) || d_unlinked(file->f_path.dentry) || p[0] != '/' ||
	    strlen(p) > HIVE_MIG_PATH_MAX)
		return NULL;
	return p;
}

/*
 * Descriptor @fd into @f when a stream carries it; false if it cannot.  A
 * pipe, socket or terminal gets a handle to be served under by @self if
 * @export (for no node yet: hive_fwd_grant() names the target); a proxy
 * of one names the node that serves it and its handle there.
 */
static bool hive_capture_fd(struct file *file, u32 fd, bool cloexec, struct hive_mig_file *f,
			    const char *path, u32 self, bool export)
{
	struct inode *inode = file_inode(file);
	u32 server = self;
	u64 handle = 0;
	u8 type = hive_fwd_proxy_of(file, &server, &handle) ?: hive_fwd_type(file);

	if ((!path && !type) || (file->f_flags & (O_PATH | FASYNC)) ||
	    (file->f_flags & O_ACCMODE) == O_ACCMODE)
		return false;
	f->fd = fd;
	f->fd_flags = cloexec ? HIVE_MIG_FD_CLOEXEC : 0;
	f->flags = file->f_flags & HIVE_MIG_FILE_OFLAGS;
	if (type) {
		f->kind = HIVE_MIG_FILE_FWD;
		f->dev = type;
		f->server = server;
		f->ino = handle;
		return handle || !export || !hive_fwd_export(file, type, &f->ino);
	}
	if (S_ISREG(inode->i_mode) && !hive_pseudo_fs(inode->i_sb)) {
		f->kind = HIVE_MIG_FILE_REG;
		f->pos = file->f_pos;
		f->dev = inode->i_sb->s_dev;
		f->ino = inode->i_ino;
		f->size = i_size_read(inode);
		f->mtime_ns = timespec64_to_ns(&inode->i_mtime);
		return true;
	}
	if (S_ISCHR(inode->i_mode) && hive_portable_chr(inode->i_rdev)) {
		f->kind = HIVE_MIG_FILE_CHR;
		f->dev = inode->i_rdev;
		return true;
	}
	return false;
}

static int hive_image_add_file(struct hive_mig_image *image, const struct hive_mig_file *f,
			       const char *path)
{
	struct hive_mig_file *rec = &image->files[image->nfiles];

	*rec = *f;
	if (f->kind == HIVE_MIG_FILE_FWD)
		path = "";
	rec->path_len = strlen(path);
	image->file_paths[image->nfiles] = kmemdup_nul(path, rec->path_len, GFP_KERNEL);
	if (!image->file_paths[image->nfiles])
		return -ENOMEM;
	image->nfiles++;
	return 0;
}

static bool hive_fd_cloexec(struct task_struct *leader, unsigned int fd)
{
	bool cloexec = false;

	task_lock(leader);
	if (leader->files) {
		rcu_read_lock();
		cloexec = close_on_exec(fd, files_fdtable(leader->files));
		rcu_read_unlock();
	}
	task_unlock(leader);
	return cloexec;
}

/* The working directory, as the first FILE. */
static int hive_capture_cwd(struct task_struct *leader, struct hive_mig_image *image,
			    char *buf)
{
	struct hive_mig_file f = { .kind = HIVE_MIG_FILE_CWD };
	struct path pwd = {};
	const char *p;
	int err = 0;

	task_lock(leader);
	if (leader->fs)
		get_fs_pwd(leader->fs, &pwd);
	task_unlock(leader);
	if (!pwd.dentry)
		return -ESRCH;
	p = d_path(&pwd, buf, PAGE_SIZE);
	if (IS_ERR(p) || d_unlinked(pwd.dentry) || p[0] != '/' ||
	    strlen(p) > HIVE_MIG_PATH_MAX)
		hive_why_add(&image->whys, HIVE_WHY_CWD, 0, NULL);
	else
		err = hive_image_add_file(image, &f, p);
	path_put(&pwd);
	return err;
}

/*
 * The working directory and every open descriptor: regular files, the
 * portable devices, pipes, sockets and terminals go in FILE records (the
 * last three @export-ed), every other descriptor is a reason.
 */
static int hive_capture_files(struct task_struct *leader, struct hive_mig_image *image,
			      bool export)
{
	unsigned int fd = 0;
	struct file *file;
	struct hive_node_info node;
	char *buf;
	int err;

	hive_node_get(&node);
	image->fwd_server = node.node_id;
	buf = (char *)__get_free_page(GFP_KERNEL);
	image->files = kvcalloc(HIVE_MIG_FILES_MAX, sizeof(*image->files), GFP_KERNEL);
	image->file_paths = kvcalloc(HIVE_MIG_FILES_MAX, sizeof(*image->file_paths),
				     GFP_KERNEL);
	err = buf && image->files && image->file_paths ? 0 : -ENOMEM;
	if (!err)
		err = hive_capture_cwd(leader, image, buf);
	for (; !err; fd++) {
		struct hive_mig_file f = {};
		const char *path;

		/* The lookup takes no reference; one being closed is skipped. */
		rcu_read_lock();
		file = task_lookup_next_fd_rcu(leader, &fd);
		if (file && !get_file_rcu(file))
			file = ERR_PTR(-EBADF);
		rcu_read_unlock();
		if (!file)
			break;
		if (IS_ERR(file))
			continue;
		path = hive_file_path(file, buf);
		if (image->nfiles == HIVE_MIG_FILES_MAX)
			hive_why_add(&image->whys, HIVE_WHY_FILES, fd, NULL);
		else if (hive_capture_fd(file, fd, hive_fd_cloexec(leader, fd), &f, path,
					 node.node_id, export))
			err = hive_image_add_file(image, &f, path);
		else
			hive_why_add(&image->whys, HIVE_WHY_DESCRIPTOR, fd,
				     hive_file_name(file, buf, PAGE_SIZE));
		fput(file);
	}
	free_page((unsigned long)buf);
	return err;
}

/**
 * hive_capture_descriptors() - the reasons a process's descriptors keep it
 * @leader: its thread-group leader, referenced by the caller
 * @whys: gets a reason per descriptor a stream cannot carry
 *
 * What hive_capture_process() finds about the descriptors, without
 * stopping the process: a move refuses in words before it freezes
 * anything.  The process may open more meanwhile; the capture finds those.
 *
 * Context: process; sleeps (allocates).
 * Return: 0, -ENOMEM or -ESRCH (the process is exiting).
 */
int hive_capture_descriptors(struct task_struct *leader, struct hive_why_list *whys)
{
	struct hive_mig_image *scratch = kvzalloc(sizeof(*scratch), GFP_KERNEL);
	int err;

	if (!scratch)
		return -ENOMEM;
	err = hive_capture_files(leader, scratch, false);
	if (!err)
		*whys = scratch->whys;
	hive_mig_image_free(scratch);
	return err;
}

/**
 * hive_capture_process() - take a stopped process's own state
 * @leader: its thread-group leader, referenced by the caller
 * @image: its threads' state from hive_freeze(); gets the rest
 *
 * BEGIN (but its source and target, which are the caller's), MM, the
 * VMAs, the FILEs, SIGNALS; the threads are put in stream order, those that took no
 * state dropped.  Every reason found goes to @image->whys.  Each pipe,
 * socket and terminal gets a handle for no node yet (hive_fwd_grant()),
 * dropped with the image unless @image->fwd_granted; a proxy's FILE names
 * the handle it stands for.
 *
 * Context: process, with @leader's threads frozen; sleeps.
 * Return: 0, -ENOMEM, -ESRCH if the process has no address space (it is
 * exiting), -EINTR if the caller was killed.
 */
int hive_capture_process(struct task_struct *leader, struct hive_mig_image *image)
{
	const struct cred *cred = get_task_cred(leader);
	int err;

	hive_order_threads(image, leader);
	hive_why_tasks(leader, image);
	hive_why_threads(image, cred);
	hive_capture_task(leader, image);
	err = hive_capture_cred(image, cred) ?: hive_capture_mm(leader, image) ?:
	      hive_capture_signals(leader, image) ?: hive_capture_files(leader, image, true);
	image->begin.nvmas = image->nvmas;
	image->begin.nfiles = image->nfiles;
	put_cred(cred);
	return err;
}

/**
 * hive_mig_image_free() - free what an image holds, and the image
 * @image: from kvzalloc(), filled by hive_freeze() and
 *	hive_capture_process(); may be NULL
 *
 * Context: process.
 */
void hive_mig_image_free(struct hive_mig_image *image)
{
	u32 i;

	if (!image)
		return;
	for (i = 0; image->threads && i < image->nthreads; i++)
		hive_thread_image_free(&image->threads[i]);
	for (i = 0; image->paths && i < image->nvmas; i++)
		kfree(image->paths[i]);
	for (i = 0; image->file_paths && i < image->nfiles; i++)
		kfree(image->file_paths[i]);
	for (i = 0; !image->fwd_granted && image->files && i < image->nfiles; i++)
		if (image->files[i].kind == HIVE_MIG_FILE_FWD && image->files[i].ino &&
		    image->fwd_server && image->files[i].server == image->fwd_server)
			hive_fwd_unexport(image->files[i].ino);
	kvfree(image->file_paths);
	kvfree(image->files);
	kvfree(image->threads);
	kvfree(image->paths);
	kvfree(image->vmas);
	kvfree(image->groups);
	kvfree(image->queued);
	kvfree(image);
}
