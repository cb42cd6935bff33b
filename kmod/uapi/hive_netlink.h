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
	HIVE_CMD_GET_STATUS,	/* reply: VERSION, NODE_ID, STATE, CLUSTER_NAME */
	HIVE_CMD_SET_NODE,	/* NODE_ID (required), CLUSTER_NAME; CAP_NET_ADMIN */
	__HIVE_CMD_MAX,
};
#define HIVE_CMD_MAX (__HIVE_CMD_MAX - 1)

enum hive_attr {
	HIVE_ATTR_UNSPEC,
	HIVE_ATTR_VERSION,	/* NUL-terminated string: module version */
	HIVE_ATTR_NODE_ID,	/* u32 */
	HIVE_ATTR_STATE,	/* u32: enum hive_state */
	HIVE_ATTR_CLUSTER_NAME,	/* NUL-terminated string */
	__HIVE_ATTR_MAX,
};
#define HIVE_ATTR_MAX (__HIVE_ATTR_MAX - 1)

/* The local node's state, as /sys/kernel/hive/state names it. */
enum hive_state {
	HIVE_STATE_UNCONFIGURED,	/* loaded, no node id yet */
	HIVE_STATE_CONFIGURED,		/* node id set by hived */
	__HIVE_STATE_COUNT,
};

#endif /* _UAPI_HIVE_NETLINK_H */
