/* SPDX-License-Identifier: GPL-2.0 */
/*
 * C ABI of the core's process rules (Documentation/core.rst, "PID space
 * and process messages").
 *
 * Every node allocates the PIDs of its hive-domain processes from a range
 * of its own, so a PID names one process cluster-wide and says which node
 * it started on.  Nodes list each other's processes and signal them with
 * the messages below.  Pure computation, any context.
 */
#ifndef HIVE_CORE_PROCESS_H
#define HIVE_CORE_PROCESS_H

#include "hive/core.h"

#ifdef __cplusplus
extern "C" {
#endif

#define HIVE_PID_LIMIT		4194304u	/* PID_MAX_LIMIT on 64-bit */
#define HIVE_PID_RANGE_MIN	1024u		/* smallest range size */
#define HIVE_PID_RANGE_DEFAULT	16384u

/*
 * PID space.  With range size S, node n owns [n*S, (n+1)*S).  [0, S) is no
 * node's: it holds the processes that predate hive (init, kernel threads,
 * whatever started before the node joined).  S is the same on every node,
 * HIVE_PID_RANGE_MIN..HIVE_PID_LIMIT/2; a node whose range would reach past
 * HIVE_PID_LIMIT owns none, so S bounds the node ids that can run hive
 * processes (hive_pid_max_node()).
 */

/**
 * hive_pid_range() - the PIDs node @node allocates from
 * @node: node id
 * @size: range size
 * @first: set to the range's first PID
 * @end: set to one past its last PID
 *
 * @first and @end are written on success only.
 *
 * Return: 0; -EINVAL for a @size outside HIVE_PID_RANGE_MIN..HIVE_PID_LIMIT/2
 * or a @node hive_core_check_node_id() refuses; -ERANGE if the range would
 * end above HIVE_PID_LIMIT.
 */
int hive_pid_range(uint32_t node, uint32_t size, uint32_t *first,
		   uint32_t *end);

/**
 * hive_pid_home() - which node's range holds @pid?
 * @pid: a PID
 * @size: range size
 *
 * Return: the node id for which hive_pid_range() succeeds and gives a range
 * holding @pid; 0 if there is none: @pid below @size (a process that
 * predates hive), at or above HIVE_PID_LIMIT, in a slice at the top too
 * short to be a range, or past the range of HIVE_NODE_ID_MAX; also 0 for
 * a @size hive_pid_range() refuses.
 */
uint32_t hive_pid_home(uint32_t pid, uint32_t size);

/**
 * hive_pid_max_node() - the largest node id that owns a range
 * @size: range size
 *
 * Return: the largest node id for which hive_pid_range() succeeds (every
 * smaller valid id succeeds too), at most HIVE_NODE_ID_MAX; 0 for a @size
 * hive_pid_range() refuses.
 */
uint32_t hive_pid_max_node(uint32_t size);

#define HIVE_PROC_COMM_LEN	16u	/* TASK_COMM_LEN */

/**
 * struct hive_proc_entry - one process, as another node lists it
 * @pid: thread-group id, > 0
 * @ppid: parent's pid, 0 for none
 * @pgid: process group id
 * @sid: session id
 * @uid: real uid
 * @node: the node it runs on; hive_core_check_node_id() accepts it
 * @state: ps(1) state letter, one of "RSDTtXZPI"
 * @start_ns: start time, ns since the Unix epoch
 * @comm: task name, NUL-terminated within its 16 bytes and NUL-padded after
 *	(get_task_comm() fills it so)
 */
struct hive_proc_entry {
	uint32_t pid;
	uint32_t ppid;
	uint32_t pgid;
	uint32_t sid;
	uint32_t uid;
	uint32_t node;
	uint8_t state;
	uint64_t start_ns;
	char comm[HIVE_PROC_COMM_LEN];
};

#define HIVE_PROC_ENTRY_LEN	56u

/*
 * LIST request: list the sender's hive-domain processes with pid >= cursor,
 * at most max of them.  A listing starts at cursor 0 and goes on from each
 * reply's next.
 */
#define HIVE_PROC_LIST_MAX	1024u

struct hive_proc_list_req {
	uint32_t cursor;	/* first pid wanted */
	uint32_t max;		/* 1..HIVE_PROC_LIST_MAX entries */
};

#define HIVE_PROC_LIST_REQ_LEN	8u

/*
 * LIST reply: this header, then count entries (HIVE_PROC_ENTRY_LEN bytes
 * each) in ascending pid order.
 */
struct hive_proc_list_reply {
	uint32_t next;		/* cursor of the next request, 0: complete */
	uint32_t count;		/* 0..HIVE_PROC_LIST_MAX entries follow */
};

#define HIVE_PROC_LIST_REPLY_LEN	8u

/*
 * KILL request: a signal from a process on one node to a process (pid > 0)
 * or a process group (pid < -1, -pid the pgid) on another.  The receiver
 * decides permission from uid, euid and flags as kill(2) would.
 */
#define HIVE_KILL_SIG_MAX	64u	/* _NSIG on x86-64 and arm64 */
#define HIVE_KILL_CAP_KILL	1u	/* sender has CAP_KILL in the initial
					 * user namespace */

struct hive_kill_req {
	int32_t pid;		/* > 0, or < -1 and not INT32_MIN */
	uint32_t sig;		/* 0..HIVE_KILL_SIG_MAX; 0 checks existence
				 * and permission only */
	uint32_t sender;	/* sender's pid (tgid) */
	uint32_t uid;		/* sender's real uid */
	uint32_t euid;		/* sender's effective uid */
	uint32_t flags;		/* HIVE_KILL_* */
};

#define HIVE_KILL_REQ_LEN	24u

/*
 * Codecs, with the conventions of the payload codecs in hive/core.h:
 * encoders return the bytes written, -EINVAL for a message the decoder
 * would refuse or -ENOSPC, and write nothing on failure; decoders return
 * the bytes read (bytes after the message are the caller's), -EAGAIN for
 * fewer bytes whatever they hold or -EBADMSG, and write their output on
 * success only.  The encoder and the decoder apply the same rules, so a
 * node never sends what its peer refuses.
 */

/**
 * hive_proc_entry_encode() - write a process-table entry
 * @e: the entry
 * @buf: output buffer
 * @len: its size
 *
 * Wire (big-endian): pid u32, ppid u32, pgid u32, sid u32, uid u32, node
 * u32, state u8, reserved[7] (zero), start_ns u64, comm[16].
 *
 * Return: HIVE_PROC_ENTRY_LEN; -EINVAL for pid 0, a node id
 * hive_core_check_node_id() refuses, a state not in "RSDTtXZPI", a comm
 * with no NUL in its 16 bytes or a non-zero byte after its first NUL;
 * -ENOSPC if @len is too small.
 */
int hive_proc_entry_encode(const struct hive_proc_entry *e, uint8_t *buf,
			   size_t len);

/**
 * hive_proc_entry_decode() - validate and read a process-table entry
 * @buf: received bytes
 * @len: how many
 * @e: filled on success only
 *
 * Return: HIVE_PROC_ENTRY_LEN; -EAGAIN if @len is shorter; -EBADMSG for a
 * non-zero reserved byte or anything hive_proc_entry_encode() refuses.
 */
int hive_proc_entry_decode(const uint8_t *buf, size_t len,
			   struct hive_proc_entry *e);

/**
 * hive_proc_list_req_encode() - write a LIST request
 * @m: the request
 * @buf: output buffer
 * @len: its size
 *
 * Wire (big-endian): cursor u32, max u32.
 *
 * Return: HIVE_PROC_LIST_REQ_LEN; -EINVAL for max 0 or above
 * HIVE_PROC_LIST_MAX; -ENOSPC if @len is too small.
 */
int hive_proc_list_req_encode(const struct hive_proc_list_req *m,
			      uint8_t *buf, size_t len);

/**
 * hive_proc_list_req_decode() - validate and read a LIST request
 * @buf: received bytes
 * @len: how many
 * @m: filled on success only
 *
 * Return: HIVE_PROC_LIST_REQ_LEN; -EAGAIN if @len is shorter; -EBADMSG for
 * max 0 or above HIVE_PROC_LIST_MAX.
 */
int hive_proc_list_req_decode(const uint8_t *buf, size_t len,
			      struct hive_proc_list_req *m);

/**
 * hive_proc_list_reply_encode() - write a LIST reply's header
 * @m: the header
 * @buf: output buffer
 * @len: its size
 *
 * Wire (big-endian): next u32, count u32.  The caller writes the count
 * entries after it with hive_proc_entry_encode().
 *
 * Return: HIVE_PROC_LIST_REPLY_LEN; -EINVAL for count above
 * HIVE_PROC_LIST_MAX; -ENOSPC if @len is too small.
 */
int hive_proc_list_reply_encode(const struct hive_proc_list_reply *m,
				uint8_t *buf, size_t len);

/**
 * hive_proc_list_reply_decode() - validate and read a LIST reply's header
 * @buf: received bytes
 * @len: how many
 * @m: filled on success only
 *
 * Reads the header alone; hive_proc_list_reply_check() checks a whole
 * reply.
 *
 * Return: HIVE_PROC_LIST_REPLY_LEN; -EAGAIN if @len is shorter; -EBADMSG
 * for count above HIVE_PROC_LIST_MAX.
 */
int hive_proc_list_reply_decode(const uint8_t *buf, size_t len,
				struct hive_proc_list_reply *m);

/**
 * hive_kill_req_encode() - write a KILL request
 * @m: the request
 * @buf: output buffer
 * @len: its size
 *
 * Wire (big-endian): pid s32, sig u32, sender u32, uid u32, euid u32,
 * flags u32.
 *
 * Return: HIVE_KILL_REQ_LEN; -EINVAL for pid 0, -1 or INT32_MIN, sig above
 * HIVE_KILL_SIG_MAX or a flag other than HIVE_KILL_*; -ENOSPC if @len is
 * too small.
 */
int hive_kill_req_encode(const struct hive_kill_req *m, uint8_t *buf,
			 size_t len);

/**
 * hive_kill_req_decode() - validate and read a KILL request
 * @buf: received bytes
 * @len: how many
 * @m: filled on success only
 *
 * Return: HIVE_KILL_REQ_LEN; -EAGAIN if @len is shorter; -EBADMSG for
 * anything hive_kill_req_encode() refuses.
 */
int hive_kill_req_decode(const uint8_t *buf, size_t len,
			 struct hive_kill_req *m);

/**
 * hive_proc_list_reply_check() - validate a whole LIST reply
 * @buf: the reply: header and entries
 * @len: its length
 * @r: set to the header, on success only
 *
 * Checks everything in the reply itself, so its entries can then be read
 * with hive_proc_entry_decode() at offset HIVE_PROC_LIST_REPLY_LEN +
 * i * HIVE_PROC_ENTRY_LEN, i < @r->count, without a further error.  What
 * it cannot check is the request: the caller holds the entries to
 * pid >= its cursor and, to be sure a listing ends, next to 0 or above
 * its cursor.
 *
 * Return: 0; -EAGAIN if @len is shorter than the header; -EBADMSG if the
 * header does not decode, @len is not exactly the header and count
 * entries, an entry does not decode, the entries are not in strictly
 * ascending pid order, or next is neither 0 nor above the last entry's pid.
 */
int hive_proc_list_reply_check(const uint8_t *buf, size_t len,
			       struct hive_proc_list_reply *r);

#ifdef __cplusplus
}
#endif

#endif /* HIVE_CORE_PROCESS_H */
