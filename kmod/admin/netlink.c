// SPDX-License-Identifier: GPL-2.0
/*
 * The "hive" generic netlink family (kmod/uapi/hive_netlink.h,
 * Documentation/netlink.rst).  Validation is strict: the genl core checks
 * the policy (types, ranges, string lengths, unknown attributes) before a
 * handler runs; handlers check what a policy cannot express and say why in
 * the extended ack.
 */
#include <linux/string.h>
#include <net/genetlink.h>
#include "hive/core.h"
#include "admin.h"
#include "membership/membership.h"
#include "rpc/rpc.h"
#include "transport/transport.h"
#include "node.h"
#include "migrate/migrate.h"
#include "process/exec.h"
#include "process/process.h"

static struct netlink_range_validation hive_echo_count_range = {
	.min = 1, .max = HIVE_ECHO_COUNT_MAX,
};
static struct netlink_range_validation hive_echo_size_range = {
	.max = HIVE_ECHO_SIZE_MAX,
};
static struct netlink_range_validation hive_echo_timeout_range = {
	.min = 1, .max = 600000,
};
static struct netlink_range_validation hive_echo_hold_range = {
	.min = 1, .max = HIVE_ECHO_HOLD_MS_MAX,
};
static_assert(HIVE_ECHO_PAGES_MAX == HIVE_WIRE_PAGES_MAX);
static struct netlink_range_validation hive_echo_pages_range = {
	.max = HIVE_ECHO_PAGES_MAX,
};

/* A spec must fit one attribute, whose u16 length counts its header. */
static_assert(HIVE_EXEC_SPEC_MAX + NLA_HDRLEN <= U16_MAX);
static struct netlink_range_validation hive_exec_spec_range = {
	.min = 1, .max = HIVE_EXEC_SPEC_MAX,
};
static struct netlink_range_validation hive_exec_data_range = {
	.min = 1, .max = HIVE_EXEC_DATA_MAX,
};

static struct netlink_range_validation hive_wait_status_range = {
	.max = 0xffff,
};

static struct netlink_range_validation hive_pid_range = {
	.min = 1, .max = PID_MAX_LIMIT - 1,
};

static const struct nla_policy hive_genl_policy[HIVE_ATTR_MAX + 1] = {
	[HIVE_ATTR_VERSION] = { .type = NLA_REJECT },
	[HIVE_ATTR_NODE_ID] = NLA_POLICY_RANGE(NLA_U32, HIVE_NODE_ID_MIN,
					       HIVE_NODE_ID_MAX),
	[HIVE_ATTR_STATE] = { .type = NLA_REJECT },
	[HIVE_ATTR_CLUSTER_NAME] = { .type = NLA_NUL_STRING,
				     .len = HIVE_CLUSTER_NAME_MAX },
	[HIVE_ATTR_INCARNATION] = { .type = NLA_REJECT },
	[HIVE_ATTR_VIEW_EPOCH] = { .type = NLA_U64 },
	[HIVE_ATTR_VIEW_QUORATE] = NLA_POLICY_MAX(NLA_U8, 1),
	[HIVE_ATTR_VIEW_MEMBERS] = { .type = NLA_NESTED },
	[HIVE_ATTR_MEMBER] = { .type = NLA_REJECT },
	[HIVE_ATTR_CLUSTER_KEY] = NLA_POLICY_EXACT_LEN(HIVE_CLUSTER_KEY_LEN),
	[HIVE_ATTR_ENCRYPTION] = NLA_POLICY_MAX(NLA_U8, 1),
	[HIVE_ATTR_ECHO_COUNT] = NLA_POLICY_FULL_RANGE(NLA_U32,
						       &hive_echo_count_range),
	[HIVE_ATTR_ECHO_SIZE] = NLA_POLICY_FULL_RANGE(NLA_U32,
						      &hive_echo_size_range),
	[HIVE_ATTR_ECHO_ONEWAY] = { .type = NLA_FLAG },
	[HIVE_ATTR_ECHO_TIMEOUT_MS] = NLA_POLICY_FULL_RANGE(NLA_U32,
							    &hive_echo_timeout_range),
	[HIVE_ATTR_ECHO_HOLD_MS] = NLA_POLICY_FULL_RANGE(NLA_U32,
							 &hive_echo_hold_range),
	[HIVE_ATTR_ECHO_PAGES] = NLA_POLICY_FULL_RANGE(NLA_U32,
						       &hive_echo_pages_range),
	[HIVE_ATTR_ECHO_NS_TOTAL] = { .type = NLA_REJECT },
	[HIVE_ATTR_ECHO_NS_MIN] = { .type = NLA_REJECT },
	[HIVE_ATTR_ECHO_NS_P50] = { .type = NLA_REJECT },
	[HIVE_ATTR_ECHO_NS_P99] = { .type = NLA_REJECT },
	[HIVE_ATTR_ECHO_NS_MAX] = { .type = NLA_REJECT },
	[HIVE_ATTR_EXEC_SPEC] = NLA_POLICY_FULL_RANGE(NLA_BINARY,
						      &hive_exec_spec_range),
	[HIVE_ATTR_EXEC_SESSION] = { .type = NLA_U64 },
	[HIVE_ATTR_EXEC_DATA] = NLA_POLICY_FULL_RANGE(NLA_BINARY,
						      &hive_exec_data_range),
	[HIVE_ATTR_EXEC_EOF] = { .type = NLA_REJECT },
	[HIVE_ATTR_EXEC_UID] = { .type = NLA_REJECT },
	[HIVE_ATTR_EXEC_GID] = { .type = NLA_REJECT },
	[HIVE_ATTR_EXEC_GROUPS] = { .type = NLA_REJECT },
	[HIVE_ATTR_EXEC_ORIGIN_PID] = { .type = NLA_REJECT },
	[HIVE_ATTR_EXEC_CGROUP] = { .type = NLA_REJECT },
	[HIVE_ATTR_EXEC_LABEL] = { .type = NLA_REJECT },
	[HIVE_ATTR_PID] = NLA_POLICY_FULL_RANGE(NLA_U32, &hive_pid_range),
	[HIVE_ATTR_MIGRATE_THREADS] = { .type = NLA_REJECT },
	[HIVE_ATTR_MIGRATE_MAPPINGS] = { .type = NLA_REJECT },
	[HIVE_ATTR_MIGRATE_STATE_BYTES] = { .type = NLA_REJECT },
	[HIVE_ATTR_MIGRATE_MEMORY] = { .type = NLA_REJECT },
	[HIVE_ATTR_MIGRATE_WHY] = { .type = NLA_REJECT },
	[HIVE_ATTR_MIGRATE_WHYS_LEFT] = { .type = NLA_REJECT },
	[HIVE_ATTR_MIGRATION] = NLA_POLICY_MIN(NLA_U64, 1),
	[HIVE_ATTR_MIGRATE_STATUS] = NLA_POLICY_FULL_RANGE(NLA_U32, &hive_wait_status_range),
};

static int hive_genl_put_status(struct sk_buff *msg)
{
	const struct hive_view *view;
	struct hive_node_info info;
	u64 epoch;

	hive_node_get(&info);
	rcu_read_lock();
	view = hive_view_rcu();
	epoch = view ? view->epoch : 0;
	rcu_read_unlock();
	if (nla_put_string(msg, HIVE_ATTR_VERSION, HIVE_VERSION) ||
	    nla_put_u32(msg, HIVE_ATTR_NODE_ID, info.node_id) ||
	    nla_put_u32(msg, HIVE_ATTR_STATE, info.state) ||
	    nla_put_string(msg, HIVE_ATTR_CLUSTER_NAME, info.cluster_name) ||
	    nla_put_u64_64bit(msg, HIVE_ATTR_INCARNATION, info.incarnation,
			      HIVE_ATTR_UNSPEC) ||
	    nla_put_u64_64bit(msg, HIVE_ATTR_VIEW_EPOCH, epoch, HIVE_ATTR_UNSPEC))
		return -EMSGSIZE;
	return 0;
}

static int hive_genl_get_status(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;
	int err;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &hive_genl_family, 0,
				HIVE_CMD_GET_STATUS);
	if (!hdr) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	err = hive_genl_put_status(msg);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static int hive_genl_set_node(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *name_attr = info->attrs[HIVE_ATTR_CLUSTER_NAME];
	const char *name = NULL;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, HIVE_ATTR_NODE_ID)) {
		NL_SET_ERR_MSG(info->extack, "a node id attribute is required");
		return -EINVAL;
	}
	if (name_attr) {
		name = nla_data(name_attr);
		err = hive_core_check_cluster_name(name, strlen(name));
		if (err) {
			NL_SET_ERR_MSG_ATTR(info->extack, name_attr,
					    "cluster name must be 1-32 bytes of A-Z a-z 0-9 _ . -");
			return -EINVAL;
		}
	}
	err = hive_node_configure(nla_get_u32(info->attrs[HIVE_ATTR_NODE_ID]),
				  name);
	if (err == -EBUSY)
		NL_SET_ERR_MSG(info->extack, "the node is in a cluster view: its id and cluster name cannot change until hive.ko is reloaded");
	else if (err == -ERANGE)
		NL_SET_ERR_MSG(info->extack, "the node id has no PID range: it is above the largest that hive.ko's pid_range_size allows (/sys/kernel/hive/processes/pid_max_node)");
	else if (err)
		NL_SET_ERR_MSG(info->extack, "node configuration refused");
	return err;
}

static int hive_genl_domain_join(struct sk_buff *skb, struct genl_info *info)
{
	if (!info->attrs[HIVE_ATTR_EXEC_SESSION] && !info->attrs[HIVE_ATTR_NODE_ID]) {
		hive_domain_join();
		return 0;
	}
	if (!info->attrs[HIVE_ATTR_EXEC_SESSION] || !info->attrs[HIVE_ATTR_NODE_ID]) {
		NL_SET_ERR_MSG(info->extack, "a session and its origin node go together");
		return -EINVAL;
	}
	return hive_genl_exec_join(info);
}

static int hive_genl_set_key(struct sk_buff *skb, struct genl_info *info)
{
	if (GENL_REQ_ATTR_CHECK(info, HIVE_ATTR_CLUSTER_KEY)) {
		NL_SET_ERR_MSG(info->extack, "a cluster key attribute is required");
		return -EINVAL;
	}
	return hive_transport_set_key(nla_data(info->attrs[HIVE_ATTR_CLUSTER_KEY]),
				      !info->attrs[HIVE_ATTR_ENCRYPTION] ||
				      nla_get_u8(info->attrs[HIVE_ATTR_ENCRYPTION]));
}

static int hive_genl_reconnect(struct sk_buff *skb, struct genl_info *info)
{
	int err;

	if (GENL_REQ_ATTR_CHECK(info, HIVE_ATTR_NODE_ID)) {
		NL_SET_ERR_MSG(info->extack, "a node id attribute is required");
		return -EINVAL;
	}
	err = hive_transport_reconnect(nla_get_u32(info->attrs[HIVE_ATTR_NODE_ID]));
	if (err == -EHOSTDOWN)
		NL_SET_ERR_MSG(info->extack, "the node is no other member of the view");
	else if (err == -ENOTCONN)
		NL_SET_ERR_MSG(info->extack, "there is no connection to the node right now");
	return err;
}

static const struct genl_small_ops hive_genl_ops[] = {
	{
		.cmd = HIVE_CMD_GET_STATUS,
		.doit = hive_genl_get_status,
	},
	{
		.cmd = HIVE_CMD_SET_NODE,
		.doit = hive_genl_set_node,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = HIVE_CMD_SET_VIEW,
		.doit = hive_genl_set_view,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = HIVE_CMD_GET_NODES,
		.dumpit = hive_genl_get_nodes,
	},
	{
		.cmd = HIVE_CMD_SET_KEY,
		.doit = hive_genl_set_key,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = HIVE_CMD_ECHO,
		.doit = hive_genl_echo,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = HIVE_CMD_RECONNECT,
		.doit = hive_genl_reconnect,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = HIVE_CMD_DOMAIN_JOIN,
		.doit = hive_genl_domain_join,
	},
	{
		.cmd = HIVE_CMD_EXEC_START,
		.doit = hive_genl_exec_start,
	},
	{
		.cmd = HIVE_CMD_EXEC_ATTACH,
		.doit = hive_genl_exec_attach,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = HIVE_CMD_EXEC_WRITE,
		.doit = hive_genl_exec_write,
	},
	{
		.cmd = HIVE_CMD_EXEC_READ,
		.doit = hive_genl_exec_read,
	},
	{
		.cmd = HIVE_CMD_MIGRATE_CHECK,
		.doit = hive_genl_migrate_check,
	},
	{
		.cmd = HIVE_CMD_MIGRATE,
		.doit = hive_genl_migrate,
	},
	{
		.cmd = HIVE_CMD_MIGRATE_ADOPT,
		.doit = hive_genl_migrate_adopt,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = HIVE_CMD_MIGRATE_EXITED,
		.doit = hive_genl_migrate_exited,
		.flags = GENL_ADMIN_PERM,
	},
};

struct genl_family hive_genl_family __ro_after_init = {
	.name = HIVE_GENL_NAME,
	.version = HIVE_GENL_VERSION,
	.maxattr = HIVE_ATTR_MAX,
	.policy = hive_genl_policy,
	.module = THIS_MODULE,
	.small_ops = hive_genl_ops,
	.n_small_ops = ARRAY_SIZE(hive_genl_ops),
	/*
	 * Handlers lock what they touch themselves; without genl_mutex a
	 * long HIVE_CMD_ECHO does not hold up hived's next view.
	 */
	.parallel_ops = true,
	/* resv_start_op stays 0: every command gets strict validation. */
};

/**
 * hive_netlink_init() - register the "hive" generic netlink family
 *
 * Context: process (module init), may sleep.
 * Return: 0 or the error genl_register_family() gave.
 */
int hive_netlink_init(void)
{
	return genl_register_family(&hive_genl_family);
}

/**
 * hive_netlink_exit() - unregister the family; waits for running handlers
 *
 * Context: process (module exit), may sleep.
 */
void hive_netlink_exit(void)
{
	genl_unregister_family(&hive_genl_family);
}
