// SPDX-License-Identifier: GPL-2.0
/*
 * The "hive" generic netlink family: GET_STATUS, SET_NODE and SET_KEY work,
 * ECHO and EXEC_START refuse every run they cannot make, the exec session
 * requests refuse sessions that are not the caller's, and every malformed or
 * unauthorised request is refused with the documented error and, where hive
 * explains itself, an extended ack message.  Loads hive.ko for each test;
 * run as root in a test VM.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include "harness.h"
#include "hive_netlink.h"
#include "genl.h"
#include "util.h"
#include "view.h"

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

#define KEYED_FILE "/sys/kernel/hive/transport/keyed"
#define NO_QUORUM "the cluster has no quorum here: cluster operations are refused"

/* Send SET_KEY with @len bytes of @key, or without a key if @key is NULL. */
static int set_key(struct _test_data_genl *self, const uint8_t *key,
		   uint16_t len)
{
	genl_msg_init(&self->m, self->family, HIVE_CMD_SET_KEY);
	if (key)
		genl_msg_put(&self->m, HIVE_ATTR_CLUSTER_KEY, key, len);
	return genl_transact(self->fd, &self->m, &self->a);
}

TEST_F(genl, set_key_without_key)
{
	ASSERT_EQ(0, set_key(self, NULL, 0));
	EXPECT_EQ(-EINVAL, self->a.error);
	EXPECT_STREQ("a cluster key attribute is required", self->a.extack);
	EXPECT_EQ(HIVE_ATTR_CLUSTER_KEY, self->a.miss_type);
	EXPECT_FILE_EQ(KEYED_FILE, "0\n");
}

TEST_F(genl, set_key_of_wrong_length)
{
	static const uint16_t lens[] = {
		0, 1, HIVE_CLUSTER_KEY_LEN - 1, HIVE_CLUSTER_KEY_LEN + 1, 64,
	};
	uint8_t key[64];
	size_t i;

	memset(key, 0x5a, sizeof(key));
	for (i = 0; i < ARRAY_SIZE(lens); i++) {
		ASSERT_EQ(0, set_key(self, key, lens[i]));
		/*
		 * NLA_POLICY_EXACT_LEN is a length range, and the 6.1 policy
		 * code answers a binary length out of range with -ERANGE.
		 */
		EXPECT_EQ(-ERANGE, self->a.error) TH_LOG("%u bytes", lens[i]);
		EXPECT_STREQ("binary attribute size out of range",
			     self->a.extack) TH_LOG("%u bytes", lens[i]);
	}
	EXPECT_FILE_EQ(KEYED_FILE, "0\n");
}

TEST_F(genl, set_key_installs_the_key)
{
	uint8_t key[HIVE_CLUSTER_KEY_LEN];

	EXPECT_FILE_EQ(KEYED_FILE, "0\n");
	memset(key, 0xa5, sizeof(key));
	ASSERT_EQ(0, set_key(self, key, sizeof(key)));
	EXPECT_EQ(0, self->a.error) TH_LOG("extack: %s", self->a.extack);
	EXPECT_FILE_EQ(KEYED_FILE, "1\n");

	/* hived sends the key again whenever it starts. */
	memset(key, 0x3c, sizeof(key));
	ASSERT_EQ(0, set_key(self, key, sizeof(key)));
	EXPECT_EQ(0, self->a.error) TH_LOG("extack: %s", self->a.extack);
	EXPECT_FILE_EQ(KEYED_FILE, "1\n");
}

#define ENCRYPTION_FILE "/sys/kernel/hive/transport/encryption"

/* SET_KEY with a key and, unless @flag is NULL, ENCRYPTION. */
static int set_key_encryption(struct _test_data_genl *self, const uint8_t *flag)
{
	uint8_t key[HIVE_CLUSTER_KEY_LEN];

	memset(key, 0x77, sizeof(key));
	genl_msg_init(&self->m, self->family, HIVE_CMD_SET_KEY);
	genl_msg_put(&self->m, HIVE_ATTR_CLUSTER_KEY, key, sizeof(key));
	if (flag)
		genl_msg_put(&self->m, HIVE_ATTR_ENCRYPTION, flag, sizeof(*flag));
	return genl_transact(self->fd, &self->m, &self->a);
}

/* hive.conf's encryption reaches the kernel with the key; on by default. */
TEST_F(genl, set_key_says_whether_to_encrypt)
{
	static const uint8_t off, on = 1;

	EXPECT_FILE_EQ(ENCRYPTION_FILE, "aes-128-gcm\n");
	ASSERT_EQ(0, set_key_encryption(self, &off));
	EXPECT_EQ(0, self->a.error) TH_LOG("extack: %s", self->a.extack);
	EXPECT_FILE_EQ(ENCRYPTION_FILE, "off\n");
	ASSERT_EQ(0, set_key_encryption(self, &on));
	EXPECT_EQ(0, self->a.error) TH_LOG("extack: %s", self->a.extack);
	EXPECT_FILE_EQ(ENCRYPTION_FILE, "aes-128-gcm\n");
	ASSERT_EQ(0, set_key_encryption(self, &off));
	ASSERT_EQ(0, set_key_encryption(self, NULL));
	EXPECT_EQ(0, self->a.error) TH_LOG("extack: %s", self->a.extack);
	EXPECT_FILE_EQ(ENCRYPTION_FILE, "aes-128-gcm\n");
}

TEST_F(genl, set_key_refuses_an_encryption_flag_above_1)
{
	static const uint8_t flags[] = { 2, 255 };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(flags); i++) {
		ASSERT_EQ(0, set_key_encryption(self, &flags[i]));
		EXPECT_EQ(-ERANGE, self->a.error) TH_LOG("flag %u", flags[i]);
		EXPECT_STREQ("integer out of range", self->a.extack);
	}
	/* Nothing of a refused request was installed. */
	EXPECT_FILE_EQ(KEYED_FILE, "0\n");
	EXPECT_FILE_EQ(ENCRYPTION_FILE, "aes-128-gcm\n");
}

/* Start an ECHO request; a NULL pointer leaves that attribute out. */
static void echo_init(struct _test_data_genl *self, const uint32_t *node,
		      const uint32_t *count, const uint32_t *size)
{
	genl_msg_init(&self->m, self->family, HIVE_CMD_ECHO);
	if (node)
		genl_msg_put(&self->m, HIVE_ATTR_NODE_ID, node, sizeof(*node));
	if (count)
		genl_msg_put(&self->m, HIVE_ATTR_ECHO_COUNT, count, sizeof(*count));
	if (size)
		genl_msg_put(&self->m, HIVE_ATTR_ECHO_SIZE, size, sizeof(*size));
}

/* Run @count echo calls of @size bytes to @node, each at most @timeout_ms. */
static int echo(struct _test_data_genl *self, uint32_t node, uint32_t count,
		uint32_t size, uint32_t timeout_ms)
{
	echo_init(self, &node, &count, &size);
	genl_msg_put(&self->m, HIVE_ATTR_ECHO_TIMEOUT_MS, &timeout_ms,
		     sizeof(timeout_ms));
	return genl_transact(self->fd, &self->m, &self->a);
}

/* In a child that dropped root: SET_KEY and ECHO are refused. */
TEST_F(genl, set_key_and_echo_need_cap_net_admin)
{
	int status;
	pid_t pid = fork();

	ASSERT_GE(pid, 0);
	if (pid == 0) {
		uint8_t key[HIVE_CLUSTER_KEY_LEN] = { 1 };

		if (setgid(65534) || setuid(65534))
			_exit(10);
		self->fd = genl_open();
		if (self->fd < 0)
			_exit(14);
		if (set_key(self, key, sizeof(key)))
			_exit(11);
		if (self->a.error != -EPERM)
			_exit(12);
		if (echo(self, 1, 1, 0, 200))
			_exit(13);
		_exit(self->a.error == -EPERM ? 0 : 15);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	EXPECT_FILE_EQ(KEYED_FILE, "0\n");
}

TEST_F(genl, echo_without_a_required_attribute)
{
	uint32_t node = 1, count = 1, size = 0;

	/* Checked before anything else: no view is needed to get -EINVAL. */
	echo_init(self, NULL, &count, &size);
	ASSERT_EQ(0, genl_transact(self->fd, &self->m, &self->a));
	EXPECT_EQ(-EINVAL, self->a.error);
	EXPECT_STREQ("node id, count and size are required", self->a.extack);
	EXPECT_EQ(HIVE_ATTR_NODE_ID, self->a.miss_type);

	echo_init(self, &node, NULL, &size);
	ASSERT_EQ(0, genl_transact(self->fd, &self->m, &self->a));
	EXPECT_EQ(-EINVAL, self->a.error);
	EXPECT_STREQ("node id, count and size are required", self->a.extack);
	EXPECT_EQ(HIVE_ATTR_ECHO_COUNT, self->a.miss_type);

	echo_init(self, &node, &count, NULL);
	ASSERT_EQ(0, genl_transact(self->fd, &self->m, &self->a));
	EXPECT_EQ(-EINVAL, self->a.error);
	EXPECT_STREQ("node id, count and size are required", self->a.extack);
	EXPECT_EQ(HIVE_ATTR_ECHO_SIZE, self->a.miss_type);

	echo_init(self, NULL, NULL, NULL);
	ASSERT_EQ(0, genl_transact(self->fd, &self->m, &self->a));
	EXPECT_EQ(-EINVAL, self->a.error);
	EXPECT_STREQ("node id, count and size are required", self->a.extack);
}

TEST_F(genl, echo_values_out_of_range)
{
	static const struct {
		uint32_t count, size, timeout_ms;
	} bad[] = {
		{ 0, 0, 200 },
		{ HIVE_ECHO_COUNT_MAX + 1, 0, 200 },
		{ UINT32_MAX, 0, 200 },
		{ 1, HIVE_ECHO_SIZE_MAX + 1, 200 },
		{ 1, UINT32_MAX, 200 },
		{ 1, 0, 0 },
		{ 1, 0, 600001 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		ASSERT_EQ(0, echo(self, 1, bad[i].count, bad[i].size,
				  bad[i].timeout_ms));
		EXPECT_EQ(-ERANGE, self->a.error)
			TH_LOG("count %u size %u timeout %u ms", bad[i].count,
			       bad[i].size, bad[i].timeout_ms);
		EXPECT_STREQ("integer out of range", self->a.extack);
	}
	/*
	 * The limits themselves pass the policy and reach hive's handler,
	 * which finds no view on a fresh module.
	 */
	ASSERT_EQ(0, echo(self, 1, HIVE_ECHO_COUNT_MAX, HIVE_ECHO_SIZE_MAX,
			  600000));
	EXPECT_EQ(-ENOTCONN, self->a.error);
	ASSERT_EQ(0, echo(self, 1, 1, 0, 1));
	EXPECT_EQ(-ENOTCONN, self->a.error);
}

/* Run one held echo call of @size bytes to node 1, held @hold_ms. */
static int echo_held(struct _test_data_genl *self, uint32_t size,
		     uint32_t hold_ms)
{
	uint32_t node = 1, count = 1;

	echo_init(self, &node, &count, &size);
	genl_msg_put(&self->m, HIVE_ATTR_ECHO_HOLD_MS, &hold_ms,
		     sizeof(hold_ms));
	return genl_transact(self->fd, &self->m, &self->a);
}

TEST_F(genl, echo_hold_out_of_range)
{
	ASSERT_EQ(0, echo_held(self, 0, 0));
	EXPECT_EQ(-ERANGE, self->a.error);
	EXPECT_STREQ("integer out of range", self->a.extack);
	ASSERT_EQ(0, echo_held(self, 0, HIVE_ECHO_HOLD_MS_MAX + 1));
	EXPECT_EQ(-ERANGE, self->a.error);
	/* The hold travels ahead of the body, so the body has 4 bytes less. */
	ASSERT_EQ(0, echo_held(self, HIVE_ECHO_SIZE_MAX, 1));
	EXPECT_EQ(-EMSGSIZE, self->a.error);
	EXPECT_STREQ("a held echo carries at most 1 MiB - 20 bytes",
		     self->a.extack);
	/* The limits pass and meet the missing view. */
	ASSERT_EQ(0, echo_held(self, HIVE_ECHO_SIZE_MAX - 4,
			       HIVE_ECHO_HOLD_MS_MAX));
	EXPECT_EQ(-ENOTCONN, self->a.error);
}

TEST_F(genl, echo_with_reply_only_attributes)
{
	static const uint16_t reply_only[] = {
		HIVE_ATTR_ECHO_NS_TOTAL, HIVE_ATTR_ECHO_NS_MIN,
		HIVE_ATTR_ECHO_NS_P50, HIVE_ATTR_ECHO_NS_P99,
		HIVE_ATTR_ECHO_NS_MAX,
	};
	uint32_t node = 1, count = 1, size = 0;
	uint64_t ns = 1000;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(reply_only); i++) {
		echo_init(self, &node, &count, &size);
		genl_msg_put(&self->m, reply_only[i], &ns, sizeof(ns));
		ASSERT_EQ(0, genl_transact(self->fd, &self->m, &self->a));
		/* Without it the same request gets -ENOTCONN: the policy refused it. */
		EXPECT_EQ(-EINVAL, self->a.error) TH_LOG("attribute %u", reply_only[i]);
		EXPECT_STRNE("", self->a.extack);
	}
}

TEST_F(genl, echo_before_any_view)
{
	uint32_t id = 2;

	ASSERT_EQ(0, echo(self, 1, 1, 0, 200));
	EXPECT_EQ(-ENOTCONN, self->a.error);
	EXPECT_STREQ(NO_QUORUM, self->a.extack);

	ASSERT_EQ(0, set_node(self, &id, "lab"));
	ASSERT_EQ(0, self->a.error) TH_LOG("extack: %s", self->a.extack);
	EXPECT_FILE_EQ("/sys/kernel/hive/state", "configured\n");
	ASSERT_EQ(0, echo(self, 1, 1, 0, 200));
	EXPECT_EQ(-ENOTCONN, self->a.error);
	EXPECT_STREQ(NO_QUORUM, self->a.extack);
	/* Not even the local node is known before a view. */
	ASSERT_EQ(0, echo(self, 2, 1, 0, 200));
	EXPECT_EQ(-ENOTCONN, self->a.error);
}

/*
 * The local node is 2, in a view with node 1 at an address nobody answers
 * (TEST-NET-2).  The lower id dials, so nothing dials at all: a call to
 * node 1 waits in its queue until its timeout, the test VM sends no packet,
 * and unloading hive.ko waits for no connect attempt.
 */
#define LOCAL_NODE	2
#define SILENT_NODE	1

/* Configure the local node and send it that view.  Return: 0 or -errno. */
static int join_view(struct _test_data_genl *self, uint8_t quorate)
{
	const struct view_member members[] = {
		{ .id = SILENT_NODE, .incarnation = 0x5111,
		  .addr = { 198, 51, 100, 7 }, .addr_len = 4, .port = 7100 },
		VIEW_MEMBER(LOCAL_NODE, 0x5222),
	};
	uint32_t id = LOCAL_NODE;

	if (set_node(self, &id, "lab"))
		return -EIO;
	if (self->a.error)
		return self->a.error;
	return send_view(self->fd, self->family, 12, quorate, members,
			 ARRAY_SIZE(members), &self->a);
}

TEST_F(genl, echo_to_the_local_node)
{
	uint32_t node = LOCAL_NODE, count = 1, size = 0;

	ASSERT_EQ(0, join_view(self, 1)) TH_LOG("extack: %s", self->a.extack);
	EXPECT_FILE_EQ("/sys/kernel/hive/state", "quorate\n");

	ASSERT_EQ(0, echo(self, LOCAL_NODE, 1, 0, 200));
	EXPECT_EQ(-EINVAL, self->a.error);
	EXPECT_STREQ("the node is the local node", self->a.extack);

	echo_init(self, &node, &count, &size);
	genl_msg_put(&self->m, HIVE_ATTR_ECHO_ONEWAY, "", 0);
	ASSERT_EQ(0, genl_transact(self->fd, &self->m, &self->a));
	EXPECT_EQ(-EINVAL, self->a.error);
	EXPECT_STREQ("the node is the local node", self->a.extack);
}

TEST_F(genl, echo_to_a_node_not_in_the_view)
{
	static const uint32_t absent[] = { 3, HIVE_NODE_ID_MAX };
	size_t i;

	ASSERT_EQ(0, join_view(self, 1)) TH_LOG("extack: %s", self->a.extack);
	for (i = 0; i < ARRAY_SIZE(absent); i++) {
		ASSERT_EQ(0, echo(self, absent[i], 1, 0, 200));
		EXPECT_EQ(-EHOSTDOWN, self->a.error) TH_LOG("node %u", absent[i]);
		EXPECT_STREQ("the node is not in the view, or left it during the run",
			     self->a.extack);
	}
}

TEST_F(genl, echo_in_a_view_without_quorum)
{
	ASSERT_EQ(0, join_view(self, 0)) TH_LOG("extack: %s", self->a.extack);
	EXPECT_FILE_EQ("/sys/kernel/hive/state", "no-quorum\n");

	/* Without quorum nothing else is looked at, not even the node id. */
	ASSERT_EQ(0, echo(self, SILENT_NODE, 1, 0, 200));
	EXPECT_EQ(-ENOTCONN, self->a.error);
	EXPECT_STREQ(NO_QUORUM, self->a.extack);
	ASSERT_EQ(0, echo(self, LOCAL_NODE, 1, 0, 200));
	EXPECT_EQ(-ENOTCONN, self->a.error);
	ASSERT_EQ(0, echo(self, 3, 1, 0, 200));
	EXPECT_EQ(-ENOTCONN, self->a.error);
}

static double seconds_since(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - start->tv_sec) + (now.tv_nsec - start->tv_nsec) / 1e9;
}

/* Each run stops at its first unanswered call: 200 ms, not 3 x 30 s. */
TEST_F(genl, echo_to_a_silent_node_times_out)
{
	struct timespec start;
	double took;

	ASSERT_EQ(0, join_view(self, 1)) TH_LOG("extack: %s", self->a.extack);
	clock_gettime(CLOCK_MONOTONIC, &start);
	ASSERT_EQ(0, echo(self, SILENT_NODE, 3, 64, 200));
	took = seconds_since(&start);
	EXPECT_EQ(-ETIMEDOUT, self->a.error);
	EXPECT_STREQ("an echo call timed out", self->a.extack);
	EXPECT_FALSE(self->a.has_reply);
	EXPECT_GE(took, 0.15);
	EXPECT_LT(took, 10.0) TH_LOG("the run took %.3f s", took);
}

/* One-way messages are only queued; the closing call is what times out. */
TEST_F(genl, oneway_echo_to_a_silent_node_times_out)
{
	uint32_t node = SILENT_NODE, count = 3, size = 64, timeout_ms = 200;
	struct timespec start;
	double took;

	ASSERT_EQ(0, join_view(self, 1)) TH_LOG("extack: %s", self->a.extack);
	echo_init(self, &node, &count, &size);
	genl_msg_put(&self->m, HIVE_ATTR_ECHO_ONEWAY, "", 0);
	genl_msg_put(&self->m, HIVE_ATTR_ECHO_TIMEOUT_MS, &timeout_ms,
		     sizeof(timeout_ms));
	clock_gettime(CLOCK_MONOTONIC, &start);
	ASSERT_EQ(0, genl_transact(self->fd, &self->m, &self->a));
	took = seconds_since(&start);
	EXPECT_EQ(-ETIMEDOUT, self->a.error);
	EXPECT_STREQ("an echo call timed out", self->a.extack);
	EXPECT_GE(took, 0.15);
	EXPECT_LT(took, 10.0) TH_LOG("the run took %.3f s", took);
}

/* EXEC_START with a one-byte spec, to @node unless it is 0 (auto). */
static int exec_start(struct _test_data_genl *self, uint32_t node)
{
	genl_msg_init(&self->m, self->family, HIVE_CMD_EXEC_START);
	genl_msg_put(&self->m, HIVE_ATTR_EXEC_SPEC, "x", 1);
	if (node)
		genl_msg_put(&self->m, HIVE_ATTR_NODE_ID, &node, sizeof(node));
	return genl_transact(self->fd, &self->m, &self->a);
}

/* A session request (@cmd) naming session @id of origin @origin. */
static void exec_session_init(struct _test_data_genl *self, uint8_t cmd,
			      uint64_t id, uint32_t origin)
{
	genl_msg_init(&self->m, self->family, cmd);
	genl_msg_put(&self->m, HIVE_ATTR_EXEC_SESSION, &id, sizeof(id));
	genl_msg_put(&self->m, HIVE_ATTR_NODE_ID, &origin, sizeof(origin));
}

TEST_F(genl, exec_start_refusals)
{
	genl_msg_init(&self->m, self->family, HIVE_CMD_EXEC_START);
	ASSERT_EQ(0, genl_transact(self->fd, &self->m, &self->a));
	EXPECT_EQ(-EINVAL, self->a.error);
	EXPECT_STREQ("a spec attribute is required", self->a.extack);

	/* An empty spec: the policy's length range. */
	genl_msg_init(&self->m, self->family, HIVE_CMD_EXEC_START);
	genl_msg_put(&self->m, HIVE_ATTR_EXEC_SPEC, "", 0);
	ASSERT_EQ(0, genl_transact(self->fd, &self->m, &self->a));
	EXPECT_EQ(-ERANGE, self->a.error);
	EXPECT_STRNE("", self->a.extack);

	ASSERT_EQ(0, exec_start(self, 1));
	EXPECT_EQ(-ENOTCONN, self->a.error);
	EXPECT_STREQ("this node has no node id yet", self->a.extack);

	ASSERT_EQ(0, join_view(self, 1)) TH_LOG("extack: %s", self->a.extack);
	ASSERT_EQ(0, exec_start(self, 3));
	EXPECT_EQ(-EHOSTDOWN, self->a.error);
	EXPECT_STREQ("the node is not a member of the cluster", self->a.extack);
	EXPECT_FILE_EQ("/sys/kernel/hive/processes/exec_sessions", "0\n");
}

/* The local node, named or picked, runs the command itself: no session. */
TEST_F(genl, exec_start_here_has_no_session)
{
	uint32_t nodes[] = { LOCAL_NODE, 0 };
	size_t i;

	ASSERT_EQ(0, join_view(self, 1)) TH_LOG("extack: %s", self->a.extack);
	for (i = 0; i < ARRAY_SIZE(nodes); i++) {
		const struct nlattr *node;

		/* auto asks the silent node for its load: 2 s, passed over. */
		ASSERT_EQ(0, exec_start(self, nodes[i]));
		ASSERT_EQ(0, self->a.error) TH_LOG("extack: %s", self->a.extack);
		node = genl_reply_attr(&self->a, HIVE_ATTR_NODE_ID);
		ASSERT_NE(NULL, node);
		EXPECT_EQ(LOCAL_NODE, attr_u32(node));
		EXPECT_EQ(NULL, genl_reply_attr(&self->a, HIVE_ATTR_EXEC_SESSION));
	}
	EXPECT_FILE_EQ("/sys/kernel/hive/processes/exec_sessions", "0\n");
}

/* A START nobody answers fails after its 10 s and leaves no session. */
TEST_F(genl, exec_start_to_a_silent_node_times_out)
{
	ASSERT_EQ(0, join_view(self, 1)) TH_LOG("extack: %s", self->a.extack);
	ASSERT_EQ(0, exec_start(self, SILENT_NODE));
	EXPECT_EQ(-ETIMEDOUT, self->a.error);
	EXPECT_STREQ("the node did not answer in time", self->a.extack);
	EXPECT_FILE_EQ("/sys/kernel/hive/processes/exec_sessions", "0\n");
	EXPECT_FILE_EQ("/proc/hive/exec",
		       "ORIGIN SESSION ROLE PEER OWNER COMMAND QUEUED AGE STATE\n");
}

TEST_F(genl, exec_session_requests_for_no_session)
{
	static const uint8_t cmds[] = { HIVE_CMD_EXEC_READ, HIVE_CMD_EXEC_WRITE };
	size_t i;

	ASSERT_EQ(0, join_view(self, 1)) TH_LOG("extack: %s", self->a.extack);
	for (i = 0; i < ARRAY_SIZE(cmds); i++) {
		genl_msg_init(&self->m, self->family, cmds[i]);
		genl_msg_put(&self->m, HIVE_ATTR_EXEC_DATA, "x", 1);
		ASSERT_EQ(0, genl_transact(self->fd, &self->m, &self->a));
		EXPECT_EQ(-EINVAL, self->a.error) TH_LOG("command %u", cmds[i]);
		EXPECT_STREQ("a session and its origin node are required", self->a.extack);

		exec_session_init(self, cmds[i], 12345, LOCAL_NODE);
		genl_msg_put(&self->m, HIVE_ATTR_EXEC_DATA, "x", 1);
		ASSERT_EQ(0, genl_transact(self->fd, &self->m, &self->a));
		EXPECT_EQ(-ESRCH, self->a.error) TH_LOG("command %u", cmds[i]);
		EXPECT_STREQ("the calling process has no such exec session", self->a.extack);
	}
	exec_session_init(self, HIVE_CMD_EXEC_ATTACH, 12345, SILENT_NODE);
	ASSERT_EQ(0, genl_transact(self->fd, &self->m, &self->a));
	EXPECT_EQ(-ESRCH, self->a.error);
	EXPECT_STREQ("this node is target of no such exec session", self->a.extack);

	exec_session_init(self, HIVE_CMD_DOMAIN_JOIN, 12345, SILENT_NODE);
	ASSERT_EQ(0, genl_transact(self->fd, &self->m, &self->a));
	EXPECT_EQ(-ESRCH, self->a.error);
	genl_msg_init(&self->m, self->family, HIVE_CMD_DOMAIN_JOIN);
	genl_msg_put(&self->m, HIVE_ATTR_NODE_ID, &(uint32_t){ SILENT_NODE }, 4);
	ASSERT_EQ(0, genl_transact(self->fd, &self->m, &self->a));
	EXPECT_EQ(-EINVAL, self->a.error);
	EXPECT_STREQ("a session and its origin node go together", self->a.extack);
}

TEST_F(genl, exec_reply_only_attributes_and_privilege)
{
	static const uint16_t reply_only[] = {
		HIVE_ATTR_EXEC_EOF, HIVE_ATTR_EXEC_UID, HIVE_ATTR_EXEC_GID,
		HIVE_ATTR_EXEC_GROUPS, HIVE_ATTR_EXEC_ORIGIN_PID,
		HIVE_ATTR_EXEC_CGROUP, HIVE_ATTR_EXEC_LABEL,
	};
	uint32_t word = 0;
	int status;
	size_t i;
	pid_t pid;

	for (i = 0; i < ARRAY_SIZE(reply_only); i++) {
		genl_msg_init(&self->m, self->family, HIVE_CMD_EXEC_START);
		genl_msg_put(&self->m, HIVE_ATTR_EXEC_SPEC, "x", 1);
		genl_msg_put(&self->m, reply_only[i], &word, sizeof(word));
		ASSERT_EQ(0, genl_transact(self->fd, &self->m, &self->a));
		EXPECT_EQ(-EINVAL, self->a.error) TH_LOG("attribute %u", reply_only[i]);
	}
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		if (setgid(65534) || setuid(65534))
			_exit(10);
		self->fd = genl_open();
		if (self->fd < 0)
			_exit(11);
		exec_session_init(self, HIVE_CMD_EXEC_ATTACH, 1, 1);
		if (genl_transact(self->fd, &self->m, &self->a))
			_exit(12);
		_exit(self->a.error == -EPERM ? 0 : 13);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

TEST_HARNESS_MAIN
