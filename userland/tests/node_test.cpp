// SPDX-License-Identifier: GPL-2.0
// Node identity rules shared by hive.ko, hived and hivectl.
#include <cerrno>
#include <cstring>
#include <string>
#include <gtest/gtest.h>
#include "hive/core.h"
#include "hive_netlink.h"

TEST(NodeState, EveryStateHasAName)
{
	EXPECT_STREQ("unconfigured", hive_core_state_name(HIVE_STATE_UNCONFIGURED));
	EXPECT_STREQ("configured", hive_core_state_name(HIVE_STATE_CONFIGURED));
	for (uint32_t s = 0; s < __HIVE_STATE_COUNT; s++)
		EXPECT_NE(nullptr, hive_core_state_name(s)) << s;
}

TEST(NodeState, UnknownStateHasNoName)
{
	EXPECT_EQ(nullptr, hive_core_state_name(__HIVE_STATE_COUNT));
	EXPECT_EQ(nullptr, hive_core_state_name(UINT32_MAX));
}

TEST(NodeId, RangeIsInclusive)
{
	EXPECT_EQ(-EINVAL, hive_core_check_node_id(0));
	EXPECT_EQ(0, hive_core_check_node_id(HIVE_NODE_ID_MIN));
	EXPECT_EQ(0, hive_core_check_node_id(HIVE_NODE_ID_MAX));
	EXPECT_EQ(-EINVAL, hive_core_check_node_id(HIVE_NODE_ID_MAX + 1));
	EXPECT_EQ(-EINVAL, hive_core_check_node_id(UINT32_MAX));
}

static int check_name(const std::string &name)
{
	return hive_core_check_cluster_name(name.data(), name.size());
}

TEST(ClusterName, AcceptsTheDocumentedAlphabet)
{
	EXPECT_EQ(0, check_name("a"));
	EXPECT_EQ(0, check_name("Prod_cluster-2.eu"));
	EXPECT_EQ(0, check_name(std::string(HIVE_CLUSTER_NAME_MAX, 'x')));
}

TEST(ClusterName, RefusesEmptyLongAndOddBytes)
{
	EXPECT_EQ(-EINVAL, check_name(""));
	EXPECT_EQ(-ENAMETOOLONG, check_name(std::string(HIVE_CLUSTER_NAME_MAX + 1, 'x')));
	for (const char *bad : { "a b", "a/b", "a\n", "a\t", "caf\xc3\xa9", "a:b" })
		EXPECT_EQ(-EINVAL, check_name(bad)) << bad;
	EXPECT_EQ(-EINVAL, check_name(std::string("a\0b", 3)));
}
