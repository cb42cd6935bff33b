/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Remote-execution sessions (Documentation/exec.rst), shared by exec.c (the
 * session table and the stream between the two ends) and exec_start.c
 * (starting a session on the origin and the target node).
 */
#ifndef HIVE_PROCESS_EXEC_H
#define HIVE_PROCESS_EXEC_H

#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include "hive/exec.h"

struct genl_info;
struct pid;
struct sk_buff;

/**
 * struct hive_exec - one end of a remote-execution session on this node
 * @hash: in the session table, under hive_exec_lock
 * @ref: the table's, each netlink call's and each pending work's
 * @id: the session id its origin node gave it
 * @origin: the origin node's id
 * @peer: the other end's node id
 * @peer_incarnation: the other end's incarnation when the session began,
 *	or when first known (0 until then: hive_exec_peer_gone())
 * @is_origin: this is the origin's end (else the target's)
 * @uid: whom the session runs for: the origin caller's effective uid, on
 *	both ends; what the per-user limits count
 * @owner: the process this end belongs to, a reference to its struct pid
 *	(which no other process gets while the reference lives, unlike its
 *	number); NULL while a target's end waits for its helper
 * @owner_portid: the netlink socket whose release ends this end
 * @born: jiffies when the end was made, for /proc/hive/exec
 * @start: target only, until the helper attaches: the START request
 * @start_len: its length
 * @creds: target only: @start's header (uid, gid, groups, spec)
 * @groups: target only: @creds's groups
 * @cgroup: target only: the origin caller's cgroup path, NUL-terminated
 * @label: target only: the origin caller's LSM label, NUL-terminated,
 *	empty for an unconfined caller
 * @spawn: target only: starts the exec helper
 * @helper: target only: the exec helper's process, set in its new task
 *	before its exec, put when the end is freed
 * @attach_timeout: target only: ends a session whose helper ended before
 *	it attached
 * @send_lock: one chunk at a time leaves this end, in order
 * @lock: protects the fields below; taken in RPC handlers and netlink
 *	calls, never held across a sleep
 * @queue: chunks from the other end, oldest first (struct hive_exec_chunk)
 * @queued: their bytes
 * @read: bytes the reader took since the last WINDOW to the other end
 * @credit: bytes of chunks the other end's queue still takes: its window,
 *	less what this end sent since, plus what its WINDOWs gave back
 * @peer_closed: the other end is gone; reading gives EOF after @queue
 * @error: the session failed (-EHOSTDOWN, -ECHILD): reading gives it
 *	after @queue, writing at once
 * @ended: this end left the table; nothing is queued to it any more
 * @command: target only: the command's pid once it joined the domain,
 *	until its origin parent is gone
 * @wait: readers and writers of this end
 */
struct hive_exec {
	struct hlist_node hash;
	struct kref ref;
	u64 id;
	u32 origin;
	u32 peer;
	u64 peer_incarnation;
	bool is_origin;
	uid_t uid;
	struct pid *owner;
	u32 owner_portid;
	unsigned long born;
	u8 *start;
	u32 start_len;
	struct hive_exec_start creds;
	u32 groups[HIVE_EXEC_START_GROUPS_MAX];
	char *cgroup;
	char *label;
	struct work_struct spawn;
	struct pid *helper;
	struct delayed_work attach_timeout;
	struct mutex send_lock;

	spinlock_t lock;
	struct list_head queue;
	u32 queued;
	u32 read;
	u32 credit;
	bool peer_closed;
	int error;
	bool ended;
	pid_t command;
	wait_queue_head_t wait;
};

/* exec.c */
struct hive_exec *hive_exec_alloc(u32 origin, u64 id, u32 peer, bool is_origin);
int hive_exec_add(struct hive_exec *s);
struct hive_exec *hive_exec_find(u32 origin, u64 id);
void hive_exec_put(struct hive_exec *s);
void hive_exec_own(struct hive_exec *s, const struct genl_info *info);
bool hive_exec_owned_by(const struct hive_exec *s, const struct pid *tgid);
void hive_exec_end(struct hive_exec *s, int err, bool tell_peer);
u32 hive_exec_target_count(void);
int hive_genl_exec_write(struct sk_buff *skb, struct genl_info *info);
int hive_genl_exec_read(struct sk_buff *skb, struct genl_info *info);
int hive_exec_stream_init(void);
void hive_exec_stream_exit(void);

/* exec_start.c */
int hive_genl_exec_start(struct sk_buff *skb, struct genl_info *info);
int hive_genl_exec_attach(struct sk_buff *skb, struct genl_info *info);
int hive_genl_exec_join(struct genl_info *info);

#endif /* HIVE_PROCESS_EXEC_H */
