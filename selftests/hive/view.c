// SPDX-License-Identifier: GPL-2.0
/* Sending membership views to hive.ko, for hive's selftests: see view.h. */
#include <errno.h>
#include "hive_netlink.h"
#include "view.h"

static void put_member(struct genl_msg *m, const struct view_member *x)
{
	struct nlattr *nest = genl_msg_nest_start(m, HIVE_ATTR_MEMBER);

	genl_msg_put(m, HIVE_MEMBER_ATTR_NODE_ID, &x->id, sizeof(x->id));
	if (x->incarnation)
		genl_msg_put(m, HIVE_MEMBER_ATTR_INCARNATION, &x->incarnation,
			     sizeof(x->incarnation));
	if (x->addr_len)
		genl_msg_put(m, HIVE_MEMBER_ATTR_ADDR, x->addr, x->addr_len);
	if (x->port)
		genl_msg_put(m, HIVE_MEMBER_ATTR_PORT, &x->port, sizeof(x->port));
	genl_msg_nest_end(m, nest);
}

/* Send SET_VIEW on @fd.  Return: the kernel's answer (0 or -errno). */
int send_view(int fd, int family, uint64_t epoch, uint8_t quorate,
	      const struct view_member *members, int n, struct genl_answer *a)
{
	struct genl_msg m;
	struct nlattr *nest;
	int i;

	genl_msg_init(&m, family, HIVE_CMD_SET_VIEW);
	genl_msg_put(&m, HIVE_ATTR_VIEW_EPOCH, &epoch, sizeof(epoch));
	genl_msg_put(&m, HIVE_ATTR_VIEW_QUORATE, &quorate, sizeof(quorate));
	nest = genl_msg_nest_start(&m, HIVE_ATTR_VIEW_MEMBERS);
	for (i = 0; i < n; i++)
		put_member(&m, &members[i]);
	genl_msg_nest_end(&m, nest);
	if (genl_transact(fd, &m, a))
		return -EIO;
	return a->error;
}
