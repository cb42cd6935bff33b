/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Migration's kernel side (Documentation/migration.rst): stopping a
 * process's threads at a safe point, taking the state its stream carries,
 * and saying why it cannot move.
 */
#ifndef HIVE_MIGRATE_H
#define HIVE_MIGRATE_H

#include <linux/types.h>
#include "hive/migrate.h"
#include "hive_netlink.h"

struct cred;
struct sk_buff;
struct genl_info;
struct netlink_ext_ack;
struct proc_ops;
struct hive_freeze;
struct task_struct;

/*
 * How long one call for pages of a moved process may go unanswered by a
 * source still in the view: a hang detector, not a speed claim.  30 s was
 * passed by one MIGRATE_PAGES or MIGRATE_FAULT call of pigz on a debug
 * node of one vCPU under TCG, on a machine four times slower than usual.
 */
#define HIVE_MIG_FETCH_TIMEOUT	(120 * HZ)

/* Longest DETAIL of a reason: a path is cut to it. */
#define HIVE_WHY_DETAIL_MAX	256

/**
 * struct hive_why_list - the reasons a capture found
 * @count: how many were found; the first HIVE_MIGRATE_WHYS_MAX are kept
 * @code: enum hive_why, per reason kept
 * @arg: its ARG
 * @detail: its DETAIL, NUL-terminated, empty for none
 */
struct hive_why_list {
	u32 count;
	u32 code[HIVE_MIGRATE_WHYS_MAX];
	u32 arg[HIVE_MIGRATE_WHYS_MAX];
	char detail[HIVE_MIGRATE_WHYS_MAX][HIVE_WHY_DETAIL_MAX];
};

void hive_why_add(struct hive_why_list *whys, u32 code, u32 arg, const char *detail);

/**
 * struct hive_mig_thread_image - one thread, as it stopped
 * @rec: its THREAD record
 * @xstate: @rec.xstate_len bytes of XSAVE state
 * @queued: @rec.npending signals queued for it alone
 * @cred: its credentials, referenced
 * @confinement: what hive_confine_current() said in its context
 * @err: 0, or why its state could not be taken
 */
struct hive_mig_thread_image {
	struct hive_mig_thread rec;
	void *xstate;
	struct hive_mig_siginfo *queued;
	const struct cred *cred;
	int confinement;
	int err;
};

/**
 * struct hive_mig_image - a process's state, as its stream carries it
 * @begin: BEGIN
 * @groups: @begin.ngroups supplementary groups, ascending
 * @mm: MM
 * @vmas: @nvmas VMA records
 * @paths: per VMA, its file's path (NULL but for FILE VMAs)
 * @nvmas: VMA records taken
 * @files: @nfiles FILE records: the working directory, then descriptors
 * @file_paths: per FILE, its path ("" for FWD)
 * @nfiles: FILE records taken
 * @fwd_server: the node whose handles the capture made (this one; 0 for
 *	an image that arrived)
 * @fwd_granted: the handles made belong to the process's target now (the
 *	move succeeded); until then freeing the image drops them
 * @signals: SIGNALS
 * @queued: @signals.npending signals queued for the process
 * @threads: @nthreads threads, the leader first, then ascending TIDs
 * @nthreads: threads taken
 * @anon_bytes: anonymous memory resident
 * @whys: why it cannot move
 */
struct hive_mig_image {
	struct hive_mig_begin begin;
	u32 *groups;
	struct hive_mig_mm mm;
	struct hive_mig_vma *vmas;
	char **paths;
	u32 nvmas;
	struct hive_mig_file *files;
	char **file_paths;
	u32 nfiles;
	u32 fwd_server;
	bool fwd_granted;
	struct hive_mig_signals signals;
	struct hive_mig_siginfo *queued;
	struct hive_mig_thread_image *threads;
	u32 nthreads;
	u64 anon_bytes;
	struct hive_why_list whys;
};

/* freeze.c */
int hive_freeze(struct task_struct *leader, struct hive_mig_image *image,
		struct hive_freeze **fzp);
u32 hive_thaw_then(struct hive_freeze *fz, void (*then)(void *data), void *then_data);
void hive_thaw(struct hive_freeze *fz);

/* capture.c */
void hive_capture_thread(struct hive_mig_thread_image *ti);
int hive_capture_process(struct task_struct *leader, struct hive_mig_image *image);
int hive_capture_descriptors(struct task_struct *leader, struct hive_why_list *whys);
void hive_mig_image_free(struct hive_mig_image *image);

/* stream.c */
int hive_mig_stream_check(const struct hive_mig_image *image, u32 *bytes);
int hive_mig_stream_send(const struct hive_mig_image *image, u64 migration);

/* check.c */
struct hive_mig_check_req;
void hive_check_caller(struct hive_mig_check_req *who);
int hive_check_local_find(const struct hive_mig_check_req *who, struct task_struct **pp,
			  struct netlink_ext_ack *extack);
int hive_check_reply(struct genl_info *info, u8 cmd, pid_t pid,
		     const struct hive_mig_image *image, u32 bytes);
struct hive_rpc_reply;
int hive_check_reply_put(struct hive_rpc_reply *reply, const struct hive_mig_image *image,
			 u32 bytes, u32 room, u8 **head);
int hive_check_call(u32 node, u16 op, const void *req, u32 req_len, void *head, u32 room,
		    struct hive_mig_image *image, u32 *bytes, long timeout);
int hive_genl_migrate_check(struct sk_buff *skb, struct genl_info *info);
int hive_migrate_init(void);
void hive_migrate_exit(void);

/* forward.c */
u8 hive_fwd_type(struct file *file);
int hive_fwd_export(struct file *file, u8 type, u64 *id);
int hive_fwd_served(void);
int hive_fwd_grant(u64 id, u32 node);
void hive_fwd_unexport(u64 id);
struct file *hive_fwd_reclaim(u64 id, u32 node);
int hive_fwd_init(void);
void hive_fwd_exit(void);

/* proxy.c */
struct file *hive_fwd_proxy_open(u32 node, u64 handle, u8 type, int flags);
u8 hive_fwd_proxy_of(struct file *file, u32 *node, u64 *handle);
void hive_fwd_proxy_live(struct file *file);
int hive_fwd_pass(u32 node, u64 handle, u32 to);
int hive_proxies(void);
int hive_proxy_init(void);
void hive_proxy_exit(void);

/* move.c */
extern const struct proc_ops hive_migrate_proc_ops;
struct hive_mig_in;
int hive_deputy_back(u64 id, u32 node, pid_t pid, struct hive_mig_in *in);
void hive_deputy_follow(void);
int hive_genl_migrate(struct sk_buff *skb, struct genl_info *info);
int hive_move_init(void);
void hive_move_exit(void);
unsigned int hive_move_serving(void);

/* restore.c */
int hive_genl_migrate_adopt(struct sk_buff *skb, struct genl_info *info);
int hive_genl_migrate_exited(struct sk_buff *skb, struct genl_info *info);
u64 hive_in_running(pid_t pid, u32 *home);
void hive_in_moved_on(u64 id);
void hive_in_put(struct hive_mig_in *in);
int hive_in_come_home(struct hive_mig_in *in);
int hive_in_came_home(u64 id, u32 source);
int hive_restore_init(void);
void hive_restore_exit(void);

/* lazy.c */
struct mm_struct;

/**
 * hive_mig_vma_lazy() - whether the pages of a mapping follow the process
 * @v: the mapping's VMA record
 *
 * Private anonymous memory arrives after the process runs on the target
 * (lazy.c); the other mappings' pages arrive before it runs.
 *
 * Return: true for private anonymous memory.
 */
static inline bool hive_mig_vma_lazy(const struct hive_mig_vma *v)
{
	return v->kind == HIVE_MIG_VMA_ANON && !(v->flags & HIVE_MIG_VMA_SHARED);
}

int hive_lazy_start(const struct hive_mig_image *image, u64 migration, u32 source);
void hive_lazy_run(struct mm_struct *mm);
void hive_lazy_drop(struct mm_struct *mm);
int hive_lazy_settle(struct mm_struct *mm);
int hive_lazy_init(void);
void hive_lazy_exit(void);

#endif /* HIVE_MIGRATE_H */
