/* SPDX-License-Identifier: GPL-2.0 */
/*
 * C ABI of the core's remote-execution messages (Documentation/exec.rst,
 * Documentation/core.rst).
 *
 * A session joins a process on its origin node to the exec helper that its
 * target node starts for it.  START asks the target to start the helper;
 * DATA carries one chunk either way, WINDOW tells a writer the reader's
 * queue has room again, CLOSE ends one side.  LOAD asks a node how busy it
 * is, for `--node auto`.  Pure computation, any context; the codecs follow
 * the conventions of hive/process.h.
 */
#ifndef HIVE_CORE_EXEC_H
#define HIVE_CORE_EXEC_H

#include "hive/core.h"

#ifdef __cplusplus
extern "C" {
#endif

#define HIVE_EXEC_START_SPEC_MAX	(64u * 1024 - 8) /* HIVE_EXEC_SPEC_MAX */
#define HIVE_EXEC_START_GROUPS_MAX	256u		/* HIVE_EXEC_GROUPS_MAX */
#define HIVE_EXEC_START_CGROUP_MAX	4096u		/* PATH_MAX */
#define HIVE_EXEC_START_LABEL_MAX	1024u		/* an LSM label hive carries */
#define HIVE_EXEC_CHUNK_MAX		(32u * 1024)	/* HIVE_EXEC_DATA_MAX */
/* Bytes of chunks an end queues: the window its writer starts with. */
#define HIVE_EXEC_WINDOW_MAX		(4u * HIVE_EXEC_CHUNK_MAX)

/* START flags: what the origin caller's confinement carries to the target. */
#define HIVE_EXEC_START_NO_NEW_PRIVS	1u	/* the caller has no_new_privs */
#define HIVE_EXEC_START_FLAGS		HIVE_EXEC_START_NO_NEW_PRIVS

/*
 * START request: this header, then ngroups supplementary gids (u32 each),
 * cgroup_len bytes of the caller's cgroup (its path on the unified
 * hierarchy, from '/'), label_len bytes of its LSM label as the LSM
 * prints it (AppArmor: "profile (mode)"; none for an unconfined caller)
 * and spec_len bytes of spec, which the core does not read.
 */
struct hive_exec_start {
	uint64_t session;	/* the origin's session id, non-zero */
	uint32_t origin_pid;	/* the origin caller's pid, non-zero */
	uint32_t uid;		/* its effective uid */
	uint32_t gid;		/* its effective gid */
	uint32_t ngroups;	/* 0..HIVE_EXEC_START_GROUPS_MAX */
	uint32_t spec_len;	/* 1..HIVE_EXEC_START_SPEC_MAX */
	uint32_t flags;		/* HIVE_EXEC_START_* */
	uint32_t cgroup_len;	/* 1..HIVE_EXEC_START_CGROUP_MAX */
	uint32_t label_len;	/* 0..HIVE_EXEC_START_LABEL_MAX */
};

#define HIVE_EXEC_START_LEN	40u

/* DATA, WINDOW and CLOSE: this header; DATA then carries its chunk. */
#define HIVE_EXEC_TO_ORIGIN	1u	/* sent by the target side */

struct hive_exec_head {
	uint64_t session;	/* the origin's session id, non-zero */
	uint32_t flags;		/* HIVE_EXEC_TO_ORIGIN or 0 */
	int32_t error;		/* CLOSE: 0 or why (-1..-4095); else 0 */
};

#define HIVE_EXEC_HEAD_LEN	16u

/* WINDOW: after the header, the room the reader gives back. */
struct hive_exec_window {
	uint32_t room;		/* 1..HIVE_EXEC_WINDOW_MAX bytes */
};

#define HIVE_EXEC_WINDOW_LEN	4u

/* LOAD reply; the request is empty. */
struct hive_exec_load {
	uint32_t load_milli;	/* 1-minute load average, in thousandths */
	uint32_t cpus;		/* online CPUs, 1..HIVE_EXEC_LOAD_CPUS_MAX */
	uint32_t sessions;	/* exec sessions the node is target of */
};

#define HIVE_EXEC_LOAD_LEN	16u
#define HIVE_EXEC_LOAD_CPUS_MAX	8192u	/* NR_CPUS's largest x86-64 value */

/**
 * hive_exec_start_encode() - write a START request's header
 * @m: the header
 * @buf: output buffer
 * @len: its size
 *
 * Wire (big-endian): session u64, origin_pid u32, uid u32, gid u32,
 * ngroups u32, spec_len u32, flags u32, cgroup_len u32, label_len u32.
 * The caller appends the groups (u32 each), the cgroup, the label and the
 * spec.
 *
 * Return: HIVE_EXEC_START_LEN; -EINVAL for session 0, origin_pid 0,
 * ngroups above HIVE_EXEC_START_GROUPS_MAX, spec_len outside
 * 1..HIVE_EXEC_START_SPEC_MAX, an unknown flag, cgroup_len outside
 * 1..HIVE_EXEC_START_CGROUP_MAX or label_len above
 * HIVE_EXEC_START_LABEL_MAX; -ENOSPC if @len is too small.
 */
int hive_exec_start_encode(const struct hive_exec_start *m, uint8_t *buf,
			   size_t len);

/**
 * hive_exec_start_decode() - validate and read a START request's header
 * @buf: received bytes
 * @len: how many
 * @m: filled on success only
 *
 * Return: HIVE_EXEC_START_LEN; -EAGAIN if @len is shorter; -EBADMSG for
 * anything hive_exec_start_encode() refuses.
 */
int hive_exec_start_decode(const uint8_t *buf, size_t len,
			   struct hive_exec_start *m);

/**
 * hive_exec_start_check() - validate a whole START request
 * @buf: the request: header, groups and spec
 * @len: its length
 * @m: set to the header, on success only
 * @groups: at least HIVE_EXEC_START_GROUPS_MAX entries; the first
 *	@m->ngroups are set on success
 *
 * On success the cgroup's @m->cgroup_len bytes follow the groups, the
 * label's @m->label_len bytes the cgroup, and the spec is the last
 * @m->spec_len bytes of @buf.
 *
 * Return: 0; -EAGAIN if @len is shorter than the header; -EBADMSG if the
 * header does not decode, @len is not exactly the header, the groups, the
 * cgroup, the label and the spec, the cgroup is not a path as the kernel
 * writes one ("/", or '/'-separated names, none empty, "." or ".." or
 * holding a NUL, without a trailing '/'), or the label holds a byte
 * outside printable ASCII (0x20..0x7e) or begins or ends with a space.
 */
int hive_exec_start_check(const uint8_t *buf, size_t len,
			  struct hive_exec_start *m, uint32_t *groups);

/**
 * hive_exec_start_label_valid() - may @label travel in a START?
 * @label: an LSM label as its LSM prints it, without a NUL
 * @len: its length
 *
 * Return: whether @len is at most HIVE_EXEC_START_LABEL_MAX and @label
 * printable ASCII (0x20..0x7e) without a space at either end.
 */
bool hive_exec_start_label_valid(const uint8_t *label, size_t len);

/**
 * hive_exec_group_encode() - write supplementary group @i of a START
 * @gid: the group
 * @buf: the request being written, header first
 * @len: its size
 * @i: which group, below the header's ngroups
 *
 * Return: 4; -ENOSPC if @buf has no room for group @i.
 */
int hive_exec_group_encode(uint32_t gid, uint8_t *buf, size_t len, uint32_t i);

/**
 * hive_exec_head_encode() - write a DATA, WINDOW or CLOSE header
 * @m: the header
 * @buf: output buffer
 * @len: its size
 *
 * Wire (big-endian): session u64, flags u32, error s32.
 *
 * Return: HIVE_EXEC_HEAD_LEN; -EINVAL for session 0, a flag other than
 * HIVE_EXEC_TO_ORIGIN or an error outside -4095..0; -ENOSPC if @len is
 * too small.
 */
int hive_exec_head_encode(const struct hive_exec_head *m, uint8_t *buf,
			  size_t len);

/**
 * hive_exec_head_decode() - validate and read a DATA, WINDOW or CLOSE header
 * @buf: received bytes
 * @len: how many
 * @m: filled on success only
 *
 * The bytes after the header are DATA's chunk or WINDOW's body; the
 * caller checks that a DATA carries 1..HIVE_EXEC_CHUNK_MAX of them, a
 * WINDOW HIVE_EXEC_WINDOW_LEN and a CLOSE none.
 *
 * Return: HIVE_EXEC_HEAD_LEN; -EAGAIN if @len is shorter; -EBADMSG for
 * anything hive_exec_head_encode() refuses.
 */
int hive_exec_head_decode(const uint8_t *buf, size_t len,
			  struct hive_exec_head *m);

/**
 * hive_exec_window_encode() - write a WINDOW's body, after its header
 * @m: the body
 * @buf: output buffer
 * @len: its size
 *
 * Wire (big-endian): room u32.
 *
 * Return: HIVE_EXEC_WINDOW_LEN; -EINVAL for room outside
 * 1..HIVE_EXEC_WINDOW_MAX; -ENOSPC if @len is too small.
 */
int hive_exec_window_encode(const struct hive_exec_window *m, uint8_t *buf,
			    size_t len);

/**
 * hive_exec_window_decode() - validate and read a WINDOW's body
 * @buf: received bytes after the header
 * @len: how many
 * @m: filled on success only
 *
 * Return: HIVE_EXEC_WINDOW_LEN; -EAGAIN if @len is shorter; -EBADMSG for
 * anything hive_exec_window_encode() refuses.
 */
int hive_exec_window_decode(const uint8_t *buf, size_t len,
			    struct hive_exec_window *m);

/**
 * hive_exec_load_encode() - write a LOAD reply
 * @m: the reply
 * @buf: output buffer
 * @len: its size
 *
 * Wire (big-endian): load_milli u32, cpus u32, sessions u32, reserved u32
 * (zero).
 *
 * Return: HIVE_EXEC_LOAD_LEN; -EINVAL for cpus outside
 * 1..HIVE_EXEC_LOAD_CPUS_MAX; -ENOSPC if @len is too small.
 */
int hive_exec_load_encode(const struct hive_exec_load *m, uint8_t *buf,
			  size_t len);

/**
 * hive_exec_load_decode() - validate and read a LOAD reply
 * @buf: received bytes
 * @len: how many
 * @m: filled on success only
 *
 * Return: HIVE_EXEC_LOAD_LEN; -EAGAIN if @len is shorter; -EBADMSG for a
 * non-zero reserved field or anything hive_exec_load_encode() refuses.
 */
int hive_exec_load_decode(const uint8_t *buf, size_t len,
			  struct hive_exec_load *m);

/**
 * hive_exec_load_busier() - is node @a busier than node @b?
 * @a: one node's LOAD reply
 * @b: another's
 *
 * Compares (load average + sessions) per CPU, so sessions started since
 * the load average last moved count at once.
 *
 * Return: true if @a is strictly busier.
 */
bool hive_exec_load_busier(const struct hive_exec_load *a,
			   const struct hive_exec_load *b);

#ifdef __cplusplus
}
#endif

#endif /* HIVE_CORE_EXEC_H */
