// SPDX-License-Identifier: GPL-2.0
/*
 * The "hive" generic netlink family: GET_STATUS and SET_NODE work, and every
 * malformed or unauthorised request is refused with the documented error
 * and, where hive explains itself, an extended ack message.  Loads hive.ko
 * for each test; run as root in a test VM.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include "kselftest_harness.h"
#include "hive_netlink.h"
#include "genl.h"
#include "util.h"

FIXTURE(genl) {
	int fd;
	int family;
	struct genl_msg m;
	struct genl_answer a;
};

FIXTURE_SETUP(genl)
{
	self->fd = hive_genl_connect(&self->family);
	ASSERT_GE(self->fd, 0);
}

FIXTURE_TEARDOWN(genl)
{
	close(self->fd);
	hive_module_unload();
}

static uint32_t attr_u32(const struct nlattr *nla)
{
	return *(const uint32_t *)((const char *)nla + NLA_HDRLEN);
}

static const char *attr_str(const struct nlattr *nla)
{
	return (const char *)nla + NLA_HDRLEN;
}

/* Send SET_NODE with the given node id (if any) and cluster name (if any). */
static int set_node(struct _test_data_genl *self, const uint32_t *id,
		    const char *cluster)
{
	genl_msg_init(&self->m, self->family, HIVE_CMD_SET_NODE);
	if (id)
		genl_msg_put(&self->m, HIVE_ATTR_NODE_ID, id, sizeof(*id));
	if (cluster)
		genl_msg_put(&self->m, HIVE_ATTR_CLUSTER_NAME, cluster,
			     strlen(cluster) + 1);
	return genl_transact(self->fd, &self->m, &self->a);
}

TEST_F(genl, get_status_of_a_fresh_module)
{
	const struct nlattr *nla;

	genl_msg_init(&self->m, self->family, HIVE_CMD_GET_STATUS);
	ASSERT_EQ(0, genl_transact(self->fd, &self->m, &self->a));
	ASSERT_EQ(0, self->a.error);
	ASSERT_TRUE(self->a.has_reply);
	nla = genl_reply_attr(&self->a, HIVE_ATTR_NODE_ID);
	ASSERT_NE(NULL, nla);
	EXPECT_EQ(0, attr_u32(nla));
	nla = genl_reply_attr(&self->a, HIVE_ATTR_STATE);
	ASSERT_NE(NULL, nla);
	EXPECT_EQ(HIVE_STATE_UNCONFIGURED, attr_u32(nla));
	nla = genl_reply_attr(&self->a, HIVE_ATTR_VERSION);
	ASSERT_NE(NULL, nla);
	EXPECT_GT(strlen(attr_str(nla)), 0);
}

TEST_F(genl, set_node_shows_everywhere)
{
	uint32_t id = 7;
	const struct nlattr *nla;

	ASSERT_EQ(0, set_node(self, &id, "alpha-1"));
	ASSERT_EQ(0, self->a.error) TH_LOG("extack: %s", self->a.extack);

	genl_msg_init(&self->m, self->family, HIVE_CMD_GET_STATUS);
	ASSERT_EQ(0, genl_transact(self->fd, &self->m, &self->a));
	nla = genl_reply_attr(&self->a, HIVE_ATTR_NODE_ID);
	ASSERT_NE(NULL, nla);
	EXPECT_EQ(7, attr_u32(nla));
	nla = genl_reply_attr(&self->a, HIVE_ATTR_CLUSTER_NAME);
	ASSERT_NE(NULL, nla);
	EXPECT_STREQ("alpha-1", attr_str(nla));

	EXPECT_FILE_EQ("/sys/kernel/hive/node_id", "7\n");
	EXPECT_FILE_EQ("/sys/kernel/hive/state", "configured\n");
	EXPECT_FILE_EQ("/sys/kernel/hive/cluster_name", "alpha-1\n");
}

TEST_F(genl, set_node_without_node_id)
{
	ASSERT_EQ(0, set_node(self, NULL, "alpha"));
	EXPECT_EQ(-EINVAL, self->a.error);
	EXPECT_STREQ("a node id attribute is required", self->a.extack);
	EXPECT_EQ(HIVE_ATTR_NODE_ID, self->a.miss_type);
}

TEST_F(genl, node_id_out_of_range)
{
	uint32_t ids[] = { 0, HIVE_NODE_ID_MAX + 1, UINT32_MAX };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ids); i++) {
		ASSERT_EQ(0, set_node(self, &ids[i], NULL));
		/* The policy's range check answers -ERANGE, as everywhere in genl. */
		EXPECT_EQ(-ERANGE, self->a.error) TH_LOG("node id %u", ids[i]);
		EXPECT_STREQ("integer out of range", self->a.extack);
	}
	EXPECT_FILE_EQ("/sys/kernel/hive/node_id", "0\n");
}

TEST_F(genl, node_id_of_wrong_size)
{
	uint8_t small = 3;
	uint64_t big = 3;

	genl_msg_init(&self->m, self->family, HIVE_CMD_SET_NODE);
	genl_msg_put(&self->m, HIVE_ATTR_NODE_ID, &small, sizeof(small));
	ASSERT_EQ(0, genl_transact(self->fd, &self->m, &self->a));
	EXPECT_EQ(-EINVAL, self->a.error);

	genl_msg_init(&self->m, self->family, HIVE_CMD_SET_NODE);
	genl_msg_put(&self->m, HIVE_ATTR_NODE_ID, &big, sizeof(big));
	ASSERT_EQ(0, genl_transact(self->fd, &self->m, &self->a));
	EXPECT_EQ(-EINVAL, self->a.error);
	EXPECT_STRNE("", self->a.extack);
}

TEST_F(genl, cluster_name_refused)
{
	static const char *const names[] = {
		"", "two words", "slash/name", "\xff\xfe",
		"a-name-that-is-longer-than-thirty-two-bytes",
	};
	uint32_t id = 3;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		ASSERT_EQ(0, set_node(self, &id, names[i]));
		EXPECT_EQ(-EINVAL, self->a.error) TH_LOG("name '%s'", names[i]);
		EXPECT_STRNE("", self->a.extack) TH_LOG("name '%s'", names[i]);
	}
}

TEST_F(genl, cluster_name_without_nul)
{
	uint32_t id = 3;

	genl_msg_init(&self->m, self->family, HIVE_CMD_SET_NODE);
	genl_msg_put(&self->m, HIVE_ATTR_NODE_ID, &id, sizeof(id));
	genl_msg_put(&self->m, HIVE_ATTR_CLUSTER_NAME, "abcd", 4);
	ASSERT_EQ(0, genl_transact(self->fd, &self->m, &self->a));
	EXPECT_EQ(-EINVAL, self->a.error);
}

TEST_F(genl, unknown_and_reply_only_attributes)
{
	uint32_t id = 3, value = 1;

	genl_msg_init(&self->m, self->family, HIVE_CMD_SET_NODE);
	genl_msg_put(&self->m, HIVE_ATTR_NODE_ID, &id, sizeof(id));
	genl_msg_put(&self->m, HIVE_ATTR_MAX + 1, &value, sizeof(value));
	ASSERT_EQ(0, genl_transact(self->fd, &self->m, &self->a));
	EXPECT_EQ(-EINVAL, self->a.error);

	genl_msg_init(&self->m, self->family, HIVE_CMD_SET_NODE);
	genl_msg_put(&self->m, HIVE_ATTR_NODE_ID, &id, sizeof(id));
	genl_msg_put(&self->m, HIVE_ATTR_STATE, &value, sizeof(value));
	ASSERT_EQ(0, genl_transact(self->fd, &self->m, &self->a));
	EXPECT_EQ(-EINVAL, self->a.error);
}

TEST_F(genl, truncated_attribute)
{
	/* nla_len claims 64 bytes; only 8 follow. */
	struct nlattr nla = { .nla_len = 64, .nla_type = HIVE_ATTR_NODE_ID };
	uint32_t id = 3;

	genl_msg_init(&self->m, self->family, HIVE_CMD_SET_NODE);
	genl_msg_put_raw(&self->m, &nla, sizeof(nla));
	genl_msg_put_raw(&self->m, &id, sizeof(id));
	ASSERT_EQ(0, genl_transact(self->fd, &self->m, &self->a));
	EXPECT_EQ(-EINVAL, self->a.error);
}

TEST_F(genl, unknown_command)
{
	genl_msg_init(&self->m, self->family, HIVE_CMD_MAX + 5);
	ASSERT_EQ(0, genl_transact(self->fd, &self->m, &self->a));
	/* The genl core answers this before hive's code runs. */
	EXPECT_EQ(-EOPNOTSUPP, self->a.error);
}

/* In a child that dropped root: GET_STATUS works, SET_NODE is refused. */
TEST_F(genl, set_node_needs_cap_net_admin)
{
	int status;
	pid_t pid = fork();

	ASSERT_GE(pid, 0);
	if (pid == 0) {
		uint32_t id = 9;

		if (setgid(65534) || setuid(65534))
			_exit(10);
		self->fd = genl_open();
		if (self->fd < 0)
			_exit(14);
		genl_msg_init(&self->m, self->family, HIVE_CMD_GET_STATUS);
		if (genl_transact(self->fd, &self->m, &self->a) || self->a.error)
			_exit(11);
		if (set_node(self, &id, NULL))
			_exit(12);
		_exit(self->a.error == -EPERM ? 0 : 13);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

TEST_HARNESS_MAIN
