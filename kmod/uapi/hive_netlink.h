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
