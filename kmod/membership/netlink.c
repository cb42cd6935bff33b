// SPDX-License-Identifier: GPL-2.0
/*
 * Membership over generic netlink: HIVE_CMD_SET_VIEW turns hived's message
 * into a struct hive_view for hive_view_apply(); HIVE_CMD_GET_NODES lists
 * the members of the view in force.
 */
#include <linux/slab.h>
#include "admin/admin.h"
#include "membership.h"

static const struct nla_policy hive_member_policy[HIVE_MEMBER_ATTR_MAX + 1] = {
	[HIVE_MEMBER_ATTR_NODE_ID] = NLA_POLICY_RANGE(NLA_U32, HIVE_NODE_ID_MIN,
						      HIVE_NODE_ID_MAX),
	[HIVE_MEMBER_ATTR_INCARNATION] = { .type = NLA_U64 },
	[HIVE_MEMBER_ATTR_ADDR] = { .type = NLA_BINARY, .len = 16 },
	[HIVE_MEMBER_ATTR_PORT] = NLA_POLICY_MIN(NLA_U16, 1),
};

static int hive_view_parse_member(const struct nlattr *nla,
				  struct hive_view_member *m,
				  struct netlink_ext_ack *extack)
{
	struct nlattr *tb[HIVE_MEMBER_ATTR_MAX + 1];
	int err, len;

	if (nla_type(nla) != HIVE_ATTR_MEMBER) {
		NL_SET_ERR_MSG_ATTR(extack, nla, "a view holds only member attributes");
		return -EINVAL;
	}
	err = nla_parse_nested(tb, HIVE_MEMBER_ATTR_MAX, nla, hive_member_policy,
			       extack);
	if (err)
		return err;
	if (NL_REQ_ATTR_CHECK(extack, nla, tb, HIVE_MEMBER_ATTR_NODE_ID) ||
	    NL_REQ_ATTR_CHECK(extack, nla, tb, HIVE_MEMBER_ATTR_ADDR) ||
	    NL_REQ_ATTR_CHECK(extack, nla, tb, HIVE_MEMBER_ATTR_PORT)) {
		NL_SET_ERR_MSG_ATTR(extack, nla, "a member needs a node id, an address and a port");
		return -EINVAL;
	}
	len = nla_len(tb[HIVE_MEMBER_ATTR_ADDR]);
	if (len != 4 && len != 16) {
		NL_SET_ERR_MSG_ATTR(extack, tb[HIVE_MEMBER_ATTR_ADDR],
				    "an address is 4 (IPv4) or 16 (IPv6) bytes");
		return -EINVAL;
	}
	m->node_id = nla_get_u32(tb[HIVE_MEMBER_ATTR_NODE_ID]);
	m->port = nla_get_u16(tb[HIVE_MEMBER_ATTR_PORT]);
	m->family = len == 4 ? HIVE_ADDR_INET : HIVE_ADDR_INET6;
	memcpy(m->addr, nla_data(tb[HIVE_MEMBER_ATTR_ADDR]), len);
	if (tb[HIVE_MEMBER_ATTR_INCARNATION])
		m->incarnation = nla_get_u64(tb[HIVE_MEMBER_ATTR_INCARNATION]);
	return 0;
}

/**
 * hive_genl_set_view() - HIVE_CMD_SET_VIEW: apply the view hived sends
 * @skb: the request
 * @info: its parsed attributes
 *
 * Context: process (genl), may sleep.
 * Return: 0, or -EINVAL / -ERANGE / -ESTALE with an extended ack message,
 * or -ENOMEM.
 */
int hive_genl_set_view(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *members = info->attrs[HIVE_ATTR_VIEW_MEMBERS];
	struct hive_view *view;
	struct nlattr *nla;
	int rem, count = 0, err;

	if (GENL_REQ_ATTR_CHECK(info, HIVE_ATTR_VIEW_EPOCH) ||
	    GENL_REQ_ATTR_CHECK(info, HIVE_ATTR_VIEW_QUORATE) ||
	    GENL_REQ_ATTR_CHECK(info, HIVE_ATTR_VIEW_MEMBERS)) {
		NL_SET_ERR_MSG(info->extack, "a view needs an epoch, a quorum flag and members");
		return -EINVAL;
	}
	nla_for_each_nested(nla, members, rem)
		count++;
	if (count == 0 || count > HIVE_VIEW_MEMBERS_MAX) {
		NL_SET_ERR_MSG_ATTR(info->extack, members, "a view has 1 to 1023 members");
		return -EINVAL;
	}
	view = kvzalloc(struct_size(view, members, count), GFP_KERNEL);
	if (!view)
		return -ENOMEM;
	view->epoch = nla_get_u64(info->attrs[HIVE_ATTR_VIEW_EPOCH]);
	view->quorate = nla_get_u8(info->attrs[HIVE_ATTR_VIEW_QUORATE]);
	view->count = 0;
	nla_for_each_nested(nla, members, rem) {
		err = hive_view_parse_member(nla, &view->members[view->count++],
					     info->extack);
		if (err)
			goto out_free;
	}
	err = hive_view_apply(view, info->snd_portid, info->extack);
	if (!err)
		return 0;
out_free:
	kvfree(view);
	return err;
}


static int hive_genl_put_member(struct sk_buff *msg,
				const struct hive_view_member *m)
{
	struct nlattr *nest = nla_nest_start(msg, HIVE_ATTR_MEMBER);

	if (!nest ||
	    nla_put_u32(msg, HIVE_MEMBER_ATTR_NODE_ID, m->node_id) ||
	    nla_put_u64_64bit(msg, HIVE_MEMBER_ATTR_INCARNATION, m->incarnation,
			      HIVE_MEMBER_ATTR_UNSPEC) ||
	    nla_put(msg, HIVE_MEMBER_ATTR_ADDR,
		    m->family == HIVE_ADDR_INET ? 4 : 16, m->addr) ||
	    nla_put_u16(msg, HIVE_MEMBER_ATTR_PORT, m->port))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

/**
 * hive_genl_get_nodes() - HIVE_CMD_GET_NODES dump: one message per member
 * @skb: the message being filled
 * @cb: dump state; args[0] is the next member's index
 *
 * Each message carries the view's epoch; a dump whose parts saw different
 * views is flagged NLM_F_DUMP_INTR, so the reader knows to read again.
 *
 * Context: process (genl), may sleep.
 * Return: the length of @skb, 0 when done, or -EMSGSIZE.
 */
int hive_genl_get_nodes(struct sk_buff *skb, struct netlink_callback *cb)
{
	const struct hive_view *view;
	int err = 0;

	rcu_read_lock();
	view = hive_view_rcu();
	cb->seq = view ? view->generation : 0;
	for (; view && cb->args[0] < view->count; cb->args[0]++) {
		void *hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
					cb->nlh->nlmsg_seq, &hive_genl_family,
					NLM_F_MULTI, HIVE_CMD_GET_NODES);

		if (!hdr) {
			err = -EMSGSIZE;
			break;
		}
		genl_dump_check_consistent(cb, hdr);
		if (nla_put_u64_64bit(skb, HIVE_ATTR_VIEW_EPOCH, view->epoch,
				      HIVE_ATTR_UNSPEC) ||
		    hive_genl_put_member(skb, &view->members[cb->args[0]])) {
			genlmsg_cancel(skb, hdr);
			err = -EMSGSIZE;
			break;
		}
		genlmsg_end(skb, hdr);
	}
	rcu_read_unlock();
	/* A full skb ends this part of the dump; the next part resumes. */
	return err && !skb->len ? err : skb->len;
}
