// SPDX-License-Identifier: GPL-2.0
/*
 * Membership views over generic netlink: hive.ko applies a well-formed view
 * atomically, shows it in sysfs, GET_STATUS and GET_NODES, refuses older,
 * conflicting and malformed views with an explanation, and turns stale when
 * the socket that sent the view closes.  Loads hive.ko for each test, as
 * node 1; run as root in a test VM.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include "harness.h"
#include "hive_netlink.h"
#include "genl.h"
#include "util.h"
#include "view.h"

#define M VIEW_MEMBER

FIXTURE(view) {
	int fd;
	int family;
	struct genl_msg m;
	struct genl_answer a;
};

FIXTURE_SETUP(view)
{
	uint32_t id = 1;

	self->fd = hive_genl_connect(&self->family);
	ASSERT_GE(self->fd, 0);
	genl_msg_init(&self->m, self->family, HIVE_CMD_SET_NODE);
	genl_msg_put(&self->m, HIVE_ATTR_NODE_ID, &id, sizeof(id));
	genl_msg_put(&self->m, HIVE_ATTR_CLUSTER_NAME, "lab", 4);
	ASSERT_EQ(0, genl_transact(self->fd, &self->m, &self->a));
	ASSERT_EQ(0, self->a.error);
}

FIXTURE_TEARDOWN(view)
{
	close(self->fd);
	hive_module_unload();
}

#define SEND_VIEW(epoch, quorate, ...) ({				\
	const struct view_member __m[] = { __VA_ARGS__ };		\
	send_view(self->fd, self->family, epoch, quorate, __m,		\
		  ARRAY_SIZE(__m), &self->a);				\
})

static void count_member(const struct nlmsghdr *nlh, void *ctx)
{
	const char *end = (const char *)nlh + nlh->nlmsg_len;
	const struct nlattr *member = genl_attr_in(
		(const char *)NLMSG_DATA(nlh) + GENL_HDRLEN, end, HIVE_ATTR_MEMBER);

	if (member && genl_attr_in((const char *)member + NLA_HDRLEN,
				   (const char *)member + member->nla_len,
				   HIVE_MEMBER_ATTR_ADDR))
		++*(int *)ctx;
}

TEST_F(view, quorate_view_shows_in_sysfs_status_and_dump)
{
	char path[64];
	int members = 0;
	const struct nlattr *epoch;

	ASSERT_EQ(0, SEND_VIEW(12, 1, M(1, 0), M(2, 77), M(3, 0)))
		TH_LOG("extack: %s", self->a.extack);
	EXPECT_FILE_EQ("/sys/kernel/hive/state", "quorate\n");
	EXPECT_FILE_EQ("/sys/kernel/hive/nodes/2/address", "198.18.0.2\n");
	EXPECT_FILE_EQ("/sys/kernel/hive/nodes/2/port", "7100\n");
	EXPECT_FILE_EQ("/sys/kernel/hive/nodes/2/incarnation", "77\n");
	EXPECT_FILE_EQ("/sys/kernel/hive/nodes/3/incarnation", "0\n");
	snprintf(path, sizeof(path), "/sys/kernel/hive/nodes/%d", 4);
	EXPECT_NE(0, access(path, F_OK));

	genl_msg_init(&self->m, self->family, HIVE_CMD_GET_STATUS);
	ASSERT_EQ(0, genl_transact(self->fd, &self->m, &self->a));
	epoch = genl_reply_attr(&self->a, HIVE_ATTR_VIEW_EPOCH);
	ASSERT_NE(NULL, epoch);
	EXPECT_EQ(12, *(const uint64_t *)((const char *)epoch + NLA_HDRLEN));

	genl_msg_init(&self->m, self->family, HIVE_CMD_GET_NODES);
	ASSERT_EQ(0, genl_dump(self->fd, &self->m, count_member, &members));
	EXPECT_EQ(3, members);
}

TEST_F(view, quorum_lost_and_nodes_leave_and_join)
{
	ASSERT_EQ(0, SEND_VIEW(12, 1, M(1, 5), M(2, 6)));
	ASSERT_EQ(0, SEND_VIEW(16, 0, M(1, 5), M(3, 7)));
	EXPECT_FILE_EQ("/sys/kernel/hive/state", "no-quorum\n");
	EXPECT_NE(0, access("/sys/kernel/hive/nodes/2", F_OK));
	EXPECT_FILE_EQ("/sys/kernel/hive/nodes/3/incarnation", "7\n");
}

TEST_F(view, older_epoch_is_refused)
{
	ASSERT_EQ(0, SEND_VIEW(12, 1, M(1, 5), M(2, 6)));
	EXPECT_EQ(-ESTALE, SEND_VIEW(8, 1, M(1, 5)));
	EXPECT_STREQ("the view is older than the one in force", self->a.extack);
	EXPECT_FILE_EQ("/sys/kernel/hive/nodes/2/incarnation", "6\n");
}

TEST_F(view, same_epoch_may_only_fill_in_incarnations)
{
	ASSERT_EQ(0, SEND_VIEW(12, 1, M(1, 5), M(2, 0)));
	EXPECT_EQ(0, SEND_VIEW(12, 1, M(1, 5), M(2, 9)));
	EXPECT_FILE_EQ("/sys/kernel/hive/nodes/2/incarnation", "9\n");
	EXPECT_EQ(-EINVAL, SEND_VIEW(12, 1, M(1, 5), M(2, 10)));
	EXPECT_STREQ("a view of the same epoch may only add incarnations", self->a.extack);
	EXPECT_EQ(-EINVAL, SEND_VIEW(12, 1, M(1, 5)));
	EXPECT_FILE_EQ("/sys/kernel/hive/nodes/2/incarnation", "9\n");
}

TEST_F(view, malformed_views_are_refused)
{
	struct view_member no_addr = M(2, 0), short_addr = M(2, 0), no_port = M(2, 0);
	struct view_member bad_id = M(2, 0);

	no_addr.addr_len = 0;
	short_addr.addr_len = 5;
	no_port.port = 0;
	bad_id.id = HIVE_NODE_ID_MAX + 1;

	EXPECT_EQ(-EINVAL, SEND_VIEW(12, 1, M(1, 0), no_addr));
	EXPECT_STREQ("a member needs a node id, an address and a port", self->a.extack);
	EXPECT_EQ(-EINVAL, SEND_VIEW(12, 1, M(1, 0), short_addr));
	EXPECT_STREQ("an address is 4 (IPv4) or 16 (IPv6) bytes", self->a.extack);
	EXPECT_EQ(-EINVAL, SEND_VIEW(12, 1, M(1, 0), no_port));
	EXPECT_EQ(-ERANGE, SEND_VIEW(12, 1, M(1, 0), bad_id));
	EXPECT_EQ(-EINVAL, SEND_VIEW(12, 1, M(2, 0), M(1, 0)));
	EXPECT_EQ(-EINVAL, SEND_VIEW(12, 1, M(1, 0), M(1, 0)));
	EXPECT_EQ(-EINVAL, SEND_VIEW(0, 1, M(1, 0)));
	EXPECT_EQ(-ERANGE, SEND_VIEW(12, 2, M(1, 0)));
	EXPECT_EQ(-EINVAL, SEND_VIEW(12, 1, M(2, 0), M(3, 0)));
	EXPECT_STREQ("the view does not hold the local node", self->a.extack);
	EXPECT_EQ(-EINVAL, send_view(self->fd, self->family, 12, 1, NULL, 0, &self->a));
	EXPECT_FILE_EQ("/sys/kernel/hive/state", "configured\n");
}

TEST_F(view, closing_the_senders_socket_makes_membership_stale)
{
	int other = genl_open();

	ASSERT_GE(other, 0);
	ASSERT_EQ(0, send_view(other, self->family, 12, 1,
			       (const struct view_member[]){ M(1, 5), M(2, 6) }, 2,
			       &self->a));
	EXPECT_FILE_EQ("/sys/kernel/hive/state", "quorate\n");
	close(other);
	EXPECT_FILE_EQ("/sys/kernel/hive/state", "stale\n");
	/* A restarted hived repeats the view in force and its identity. */
	ASSERT_EQ(0, SEND_VIEW(12, 1, M(1, 5), M(2, 6)));
	EXPECT_FILE_EQ("/sys/kernel/hive/state", "quorate\n");
}

TEST_F(view, identity_is_fixed_while_in_a_view)
{
	uint32_t same = 1, other = 2;

	ASSERT_EQ(0, SEND_VIEW(12, 1, M(1, 5)));
	genl_msg_init(&self->m, self->family, HIVE_CMD_SET_NODE);
	genl_msg_put(&self->m, HIVE_ATTR_NODE_ID, &same, sizeof(same));
	genl_msg_put(&self->m, HIVE_ATTR_CLUSTER_NAME, "lab", 4);
	ASSERT_EQ(0, genl_transact(self->fd, &self->m, &self->a));
	EXPECT_EQ(0, self->a.error);
	genl_msg_init(&self->m, self->family, HIVE_CMD_SET_NODE);
	genl_msg_put(&self->m, HIVE_ATTR_NODE_ID, &other, sizeof(other));
	ASSERT_EQ(0, genl_transact(self->fd, &self->m, &self->a));
	EXPECT_EQ(-EBUSY, self->a.error);
	EXPECT_FILE_EQ("/sys/kernel/hive/node_id", "1\n");
}

TEST_F(view, set_view_needs_cap_net_admin)
{
	int status;
	pid_t pid = fork();

	ASSERT_GE(pid, 0);
	if (pid == 0) {
		if (setgid(65534) || setuid(65534))
			_exit(10);
		self->fd = genl_open();
		_exit(SEND_VIEW(12, 1, M(1, 5)) == -EPERM ? 0 : 11);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	EXPECT_FILE_EQ("/sys/kernel/hive/state", "configured\n");
}

TEST_HARNESS_MAIN
