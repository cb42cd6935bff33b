/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * hive generic netlink interface: the contract between hive.ko and the
 * userland (hived, hivectl).  Documented in Documentation/netlink.rst.
 *
 * The family is strict: unknown attributes, wrong types and oversized
 * strings are refused with -EINVAL and an extended ack message.
 */
#ifndef _UAPI_HIVE_NETLINK_H
#define _UAPI_HIVE_NETLINK_H

#define HIVE_GENL_NAME		"hive"
#define HIVE_GENL_VERSION	1

/* Node ids a cluster may use; 0 means "not configured yet". */
#define HIVE_NODE_ID_MIN	1
#define HIVE_NODE_ID_MAX	1023

/* Cluster names: 1..HIVE_CLUSTER_NAME_MAX bytes of [A-Za-z0-9_.-]. */
#define HIVE_CLUSTER_NAME_MAX	32

enum hive_cmd {
	HIVE_CMD_UNSPEC,
	HIVE_CMD_GET_STATUS,	/* reply: VERSION, NODE_ID, STATE, CLUSTER_NAME,
				 * INCARNATION, VIEW_EPOCH */
	HIVE_CMD_SET_NODE,	/* NODE_ID (required), CLUSTER_NAME; CAP_NET_ADMIN */
	HIVE_CMD_SET_VIEW,	/* VIEW_EPOCH, VIEW_QUORATE, VIEW_MEMBERS (all
				 * required); CAP_NET_ADMIN.  The sending socket
				 * becomes the membership daemon's: when it
				 * closes, membership turns stale. */
	HIVE_CMD_GET_NODES,	/* dump: one message per member, MEMBER */
	HIVE_CMD_SET_KEY,	/* CLUSTER_KEY (required), ENCRYPTION;
				 * CAP_NET_ADMIN.  The transport key hived
				 * derives from /etc/hive/authkey, and
				 * whether new connections are encrypted
				 * (absent: they are). */
	HIVE_CMD_ECHO,		/* NODE_ID, ECHO_COUNT, ECHO_SIZE (required),
				 * ECHO_ONEWAY, ECHO_TIMEOUT_MS, ECHO_HOLD_MS,
				 * ECHO_PAGES;
				 * CAP_NET_ADMIN.
				 * Runs the echo RPCs in the kernel; reply:
				 * ECHO_COUNT (done), ECHO_NS_* */
	HIVE_CMD_RECONNECT,	/* NODE_ID (required); CAP_NET_ADMIN.  Drops the
				 * connection to the node; the transport makes
				 * a new one and resends what was not
				 * acknowledged. */
	HIVE_CMD_DOMAIN_JOIN,	/* EXEC_SESSION and NODE_ID (the origin),
				 * both or neither; any user.  The calling
				 * process joins the hive domain: it and the
				 * processes it forks from now on are
				 * cluster processes (Documentation/
				 * processes.rst).  With a session, the caller
				 * is the command of that exec session, forked
				 * by its helper, and the process listing
				 * shows the origin caller as its parent. */
	HIVE_CMD_EXEC_START,	/* EXEC_SPEC (required), NODE_ID (absent: the
				 * least-loaded node); any user.  Starts a
				 * remote-execution session from the calling
				 * process to the node, whose exec helper runs
				 * the command as the caller's uid, gid and
				 * groups.  Reply: EXEC_SESSION, NODE_ID (the
				 * node chosen); no EXEC_SESSION when the node
				 * chosen is this one: the caller runs the
				 * command itself.  The session belongs to the
				 * calling process and ends when the socket
				 * that sent this closes.  Documentation/
				 * exec.rst. */
	HIVE_CMD_EXEC_ATTACH,	/* EXEC_SESSION, NODE_ID (the origin), both
				 * required; CAP_NET_ADMIN.  The exec helper
				 * the kernel started for the session takes
				 * it over.  Reply: EXEC_SPEC, EXEC_UID,
				 * EXEC_GID, EXEC_GROUPS, EXEC_ORIGIN_PID.  The
				 * session ends when this socket closes. */
	HIVE_CMD_EXEC_WRITE,	/* EXEC_SESSION, NODE_ID (the origin),
				 * EXEC_DATA, all required; the session's
				 * process only.  Sends one chunk to the other
				 * end; returns once that node queued it.
				 * While its queue is full it waits, at most
				 * a second: then -EAGAIN, nothing was sent,
				 * send it again.  -EPIPE: the other end
				 * closed. */
	HIVE_CMD_EXEC_READ,	/* EXEC_SESSION, NODE_ID (the origin), both
				 * required; the session's process only.
				 * Waits for the next chunk from the other
				 * end, at most a second.  Reply: EXEC_DATA,
				 * EXEC_EOF once the other end closed and
				 * every chunk was read, or neither: nothing
				 * came, read again.  -EHOSTDOWN: the other
				 * node left the cluster or restarted;
				 * -ECHILD: the target could not start its
				 * exec helper (both after every chunk). */
	HIVE_CMD_MIGRATE_CHECK,	/* PID (required): a domain process of this
				 * node; its owner or CAP_KILL.  Stops every
				 * thread at a safe point, takes the state a
				 * migration would send and lets them go on.
				 * Reply: PID, MIGRATE_THREADS,
				 * MIGRATE_MAPPINGS, MIGRATE_STATE_BYTES,
				 * MIGRATE_MEMORY and a MIGRATE_WHY per
				 * reason it cannot move (none: it can). */
	HIVE_CMD_MIGRATE,	/* PID and NODE_ID (the target), required: a
				 * domain process of this node's range,
				 * running here; its owner or CAP_KILL.
				 * Moves it (Documentation/migration.rst).
				 * Reply: PID and NODE_ID once it runs
				 * there; or, if a reason keeps it here,
				 * the reply of MIGRATE_CHECK. */
	HIVE_CMD_MIGRATE_ADOPT,	/* MIGRATION, required; CAP_NET_ADMIN.  The
				 * restore helper's task with the moving
				 * process's PID becomes that process. */
	HIVE_CMD_MIGRATE_EXITED, /* MIGRATION and MIGRATE_STATUS, required;
				 * CAP_NET_ADMIN.  The restore helper says
				 * how its child ended. */
	__HIVE_CMD_MAX,
};
#define HIVE_CMD_MAX (__HIVE_CMD_MAX - 1)

enum hive_attr {
	HIVE_ATTR_UNSPEC,
	HIVE_ATTR_VERSION,	/* NUL-terminated string: module version */
	HIVE_ATTR_NODE_ID,	/* u32 */
	HIVE_ATTR_STATE,	/* u32: enum hive_state */
	HIVE_ATTR_CLUSTER_NAME,	/* NUL-terminated string */
	HIVE_ATTR_INCARNATION,	/* u64: minted when hive.ko loaded */
	HIVE_ATTR_VIEW_EPOCH,	/* u64: corosync ring sequence */
	HIVE_ATTR_VIEW_QUORATE,	/* u8: 0 or 1 */
	HIVE_ATTR_VIEW_MEMBERS,	/* nest of HIVE_ATTR_MEMBER */
	HIVE_ATTR_MEMBER,	/* nest: enum hive_member_attr */
	HIVE_ATTR_CLUSTER_KEY,	/* binary, exactly HIVE_CLUSTER_KEY_LEN bytes */
	HIVE_ATTR_ECHO_COUNT,	/* u32, 1..HIVE_ECHO_COUNT_MAX */
	HIVE_ATTR_ECHO_SIZE,	/* u32 payload bytes, 0..HIVE_ECHO_SIZE_MAX */
	HIVE_ATTR_ECHO_ONEWAY,	/* flag: one-way messages, then one call that
				 * returns when all have been handled */
	HIVE_ATTR_ECHO_TIMEOUT_MS, /* u32 per call, 1..600000; default 30000 */
	HIVE_ATTR_ECHO_NS_TOTAL, /* u64: wall time of the whole run */
	HIVE_ATTR_ECHO_NS_MIN,	/* u64: fastest round trip */
	HIVE_ATTR_ECHO_NS_P50,	/* u64: median round trip */
	HIVE_ATTR_ECHO_NS_P99,	/* u64: 99th percentile round trip */
	HIVE_ATTR_ECHO_NS_MAX,	/* u64: slowest round trip */
	HIVE_ATTR_EXEC_SPEC,	/* binary, 1..HIVE_EXEC_SPEC_MAX bytes: what to
				 * run, in the format of the userland's exec
				 * protocol; the kernel carries it unread */
	HIVE_ATTR_EXEC_SESSION,	/* u64: session id, unique on its origin node */
	HIVE_ATTR_EXEC_DATA,	/* binary, 1..HIVE_EXEC_DATA_MAX bytes: one
				 * chunk, carried unread */
	HIVE_ATTR_EXEC_EOF,	/* flag: the other end closed */
	HIVE_ATTR_EXEC_UID,	/* u32: the origin caller's effective uid */
	HIVE_ATTR_EXEC_GID,	/* u32: its effective gid */
	HIVE_ATTR_EXEC_GROUPS,	/* binary: its supplementary groups, u32 each
				 * in host order, at most HIVE_EXEC_GROUPS_MAX */
	HIVE_ATTR_EXEC_ORIGIN_PID, /* u32: the origin caller's pid */
	HIVE_ATTR_EXEC_CGROUP,	/* string: the origin caller's cgroup, its
				 * path on the unified hierarchy */
	HIVE_ATTR_ENCRYPTION,	/* u8: 1 encrypt connections, 0 only
				 * authenticate their frames */
	HIVE_ATTR_ECHO_HOLD_MS,	/* u32, 1..HIVE_ECHO_HOLD_MS_MAX: the node
				 * serves the run's messages in a worker that
				 * holds each this long: a call's answer comes
				 * that late, a one-way message keeps its
				 * worker busy that long */
	HIVE_ATTR_EXEC_LABEL,	/* string: the origin caller's LSM label
				 * (an AppArmor profile's name); absent for
				 * an unconfined caller */
	HIVE_ATTR_ECHO_PAGES,	/* u32, 0..HIVE_ECHO_PAGES_MAX: whole 4 KiB
				 * pages each message carries after its
				 * ECHO_SIZE bytes; ECHO answers with them */
	HIVE_ATTR_PID,		/* u32: a process */
	HIVE_ATTR_MIGRATE_THREADS, /* u32: threads found */
	HIVE_ATTR_MIGRATE_MAPPINGS, /* u32: memory mappings found */
	HIVE_ATTR_MIGRATE_STATE_BYTES, /* u32: bytes of the migration stream's
				 * records (pages not counted) */
	HIVE_ATTR_MIGRATE_MEMORY, /* u64: bytes of anonymous memory resident */
	HIVE_ATTR_MIGRATE_WHY,	/* nest: enum hive_why_attr; repeated, at
				 * most HIVE_MIGRATE_WHYS_MAX */
	HIVE_ATTR_MIGRATE_WHYS_LEFT, /* u32: reasons past the listed ones */
	HIVE_ATTR_MIGRATION,	/* u64: a migration's id, not 0 */
	HIVE_ATTR_MIGRATE_STATUS, /* u32: a wait status, as waitpid(2) gives it */
	__HIVE_ATTR_MAX,
};
#define HIVE_ATTR_MAX (__HIVE_ATTR_MAX - 1)

enum hive_member_attr {
	HIVE_MEMBER_ATTR_UNSPEC,
	HIVE_MEMBER_ATTR_NODE_ID,	/* u32 */
	HIVE_MEMBER_ATTR_INCARNATION,	/* u64, 0 = not announced yet */
	HIVE_MEMBER_ATTR_ADDR,		/* binary: 4 (IPv4) or 16 (IPv6) bytes */
	HIVE_MEMBER_ATTR_PORT,		/* u16, host order */
	__HIVE_MEMBER_ATTR_MAX,
};
#define HIVE_MEMBER_ATTR_MAX (__HIVE_MEMBER_ATTR_MAX - 1)

/* One reason a process cannot migrate (HIVE_ATTR_MIGRATE_WHY). */
enum hive_why_attr {
	HIVE_WHY_ATTR_UNSPEC,
	HIVE_WHY_ATTR_CODE,	/* u32: enum hive_why */
	HIVE_WHY_ATTR_ARG,	/* u32: a TID, descriptor or count, by code */
	HIVE_WHY_ATTR_DETAIL,	/* string: a path or a kind, by code */
	__HIVE_WHY_ATTR_MAX,
};
#define HIVE_WHY_ATTR_MAX (__HIVE_WHY_ATTR_MAX - 1)

/*
 * Why a process cannot migrate (Documentation/migration.rst, "Checking a
 * process"); ARG and DETAIL as each says.
 */
enum hive_why {
	HIVE_WHY_UNSPEC,
	HIVE_WHY_STOPPED,	/* stopped by a signal (SIGSTOP, SIGTSTP...) */
	HIVE_WHY_NO_SAFE_POINT,	/* ARG: a TID that did not reach a safe point
				 * in time (uninterruptible sleep, vfork) */
	HIVE_WHY_THREADS,	/* ARG: its threads, more than a stream
				 * carries, or threads came and went */
	HIVE_WHY_LEADER_EXITED,	/* ARG: the PID: its first thread exited
				 * before the others */
	HIVE_WHY_PTRACED,	/* ARG: a traced TID */
	HIVE_WHY_IO_URING,	/* ARG: a TID that used io_uring */
	HIVE_WHY_CONFINED,	/* ARG: a TID; DETAIL: its confinement */
	HIVE_WHY_CREDENTIALS,	/* ARG: a TID whose credentials differ from
				 * the leader's */
	HIVE_WHY_DEADLINE,	/* ARG: a TID under SCHED_DEADLINE */
	HIVE_WHY_TIMERS,	/* interval timers or POSIX timers */
	HIVE_WHY_AIO,		/* io_setup(2) contexts */
	HIVE_WHY_SIGNALS,	/* ARG: a TID, 0 for the process: more queued
				 * signals than a stream carries */
	HIVE_WHY_MAPPINGS,	/* ARG: its mappings, more than a stream
				 * carries */
	HIVE_WHY_DEVICE,	/* DETAIL: a mapping of device memory */
	HIVE_WHY_SHARED_FILE,	/* DETAIL: a file mapped shared */
	HIVE_WHY_SYSV_SHM,	/* DETAIL: a System V shared memory segment */
	HIVE_WHY_SHARED_ANON,	/* shared anonymous memory (not carried yet) */
	HIVE_WHY_HUGETLB,	/* DETAIL: a hugetlbfs mapping */
	HIVE_WHY_MLOCK,		/* locked memory (mlock, mlockall) */
	HIVE_WHY_UFFD,		/* memory registered with userfaultfd */
	HIVE_WHY_PKEY,		/* memory under a protection key */
	HIVE_WHY_DELETED_FILE,	/* DETAIL: a mapped file deleted since */
	HIVE_WHY_DESCRIPTOR,	/* ARG: an open descriptor; DETAIL: what it
				 * is: neither a regular file nor a device
				 * every node has (not carried yet) */
	HIVE_WHY_NO_RANGE,	/* its PID is of no node's range (it began
				 * before the node had one) */
	HIVE_WHY_STATE,		/* ARG: -errno: a thread's state could not
				 * be taken, or the state taken broke the
				 * stream's rules (a bug in hive) */
	HIVE_WHY_CWD,		/* its working directory has no path (deleted,
				 * or outside its root) */
	HIVE_WHY_FILES,		/* ARG: the first descriptor beyond the most a
				 * stream carries */
	__HIVE_WHY_COUNT,
};

/* At most this many HIVE_ATTR_MIGRATE_WHY in one reply. */
#define HIVE_MIGRATE_WHYS_MAX	64

/* The transport key: HMAC-SHA256(authkey, "hive transport key v1"). */
#define HIVE_CLUSTER_KEY_LEN	32

/* Limits of one HIVE_CMD_ECHO run. */
#define HIVE_ECHO_COUNT_MAX	1000000
#define HIVE_ECHO_SIZE_MAX	((1 << 20) - 16)
#define HIVE_ECHO_HOLD_MS_MAX	600000
#define HIVE_ECHO_PAGES_MAX	512	/* 2 MiB: HIVE_WIRE_PAGES_MAX */

/* Limits of remote execution (Documentation/exec.rst). */
/*
 * A spec travels in one netlink attribute, whose 16-bit length counts its
 * 4-byte header: 64 KiB less 8 keeps the attribute under that bound.
 */
#define HIVE_EXEC_SPEC_MAX	(64 * 1024 - 8)
#define HIVE_EXEC_DATA_MAX	(32 * 1024)
#define HIVE_EXEC_GROUPS_MAX	256

/* At most this many members in a view (one per possible node id). */
#define HIVE_VIEW_MEMBERS_MAX	HIVE_NODE_ID_MAX

/* The local node's state, as /sys/kernel/hive/state names it. */
enum hive_state {
	HIVE_STATE_UNCONFIGURED,	/* loaded, no node id yet */
	HIVE_STATE_CONFIGURED,		/* node id set, no membership view yet */
	HIVE_STATE_QUORATE,		/* in a quorate view */
	HIVE_STATE_NO_QUORUM,		/* in a view without quorum */
	HIVE_STATE_STALE,		/* the membership daemon went away */
	__HIVE_STATE_COUNT,
};

#endif /* _UAPI_HIVE_NETLINK_H */
