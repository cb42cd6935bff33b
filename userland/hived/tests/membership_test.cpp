// SPDX-License-Identifier: GPL-2.0
// hived's picture of the cluster: which view it makes from corosync's ring,
// quorum and the incarnations nodes announce.
#include <gtest/gtest.h>

#include "membership.hpp"

namespace {

hive::Config three_nodes()
{
	hive::Config config;
	config.node_id = 1;
	config.cluster_name = "lab";
	config.port = 7100;
	config.nodes = { { 1, "198.18.0.1" }, { 2, "198.18.0.2" }, { 3, "198.18.0.3" } };
	return config;
}

std::vector<uint64_t> incarnations(const hive::View &view)
{
	std::vector<uint64_t> out;
	for (const hive::Node &node : view.members)
		out.push_back(node.incarnation);
	return out;
}

} // namespace

TEST(Membership, NoViewBeforeTheFirstRing)
{
	const hive::Config config = three_nodes();
	hived::Membership m(config);
	m.on_quorum(true);
	EXPECT_FALSE(m.view());
}

TEST(Membership, ViewIsTheRingWithAddressesFromHiveConf)
{
	const hive::Config config = three_nodes();
	hived::Membership m(config);
	m.on_ring(13, { 3, 1 });
	m.on_quorum(true);
	const auto view = m.view();
	ASSERT_TRUE(view);
	EXPECT_EQ(view->epoch, 13u);
	EXPECT_TRUE(view->quorate);
	ASSERT_EQ(view->members.size(), 2u);
	EXPECT_EQ(view->members[0], (hive::Node{ 1, 0, "198.18.0.1", 7100 }));
	EXPECT_EQ(view->members[1], (hive::Node{ 3, 0, "198.18.0.3", 7100 }));
}

TEST(Membership, RingMembersHiveConfDoesNotListAreLeftOut)
{
	const hive::Config config = three_nodes();
	hived::Membership m(config);
	m.on_ring(5, { 1, 2, 99 });
	EXPECT_EQ(m.view()->members.size(), 2u);
}

TEST(Membership, AnnouncementsCountInTheirRingOnly)
{
	const hive::Config config = three_nodes();
	hived::Membership m(config);
	EXPECT_TRUE(m.on_ring(13, { 1, 2 }));
	EXPECT_FALSE(m.on_ring(13, { 1, 2 }));
	EXPECT_TRUE(m.on_announce(2, 22));
	EXPECT_EQ(incarnations(*m.view()), (std::vector<uint64_t>{ 0, 22 }));
	EXPECT_TRUE(m.on_ring(17, { 1, 2 }));
	EXPECT_EQ(incarnations(*m.view()), (std::vector<uint64_t>{ 0, 0 }));
	EXPECT_TRUE(m.on_announce(2, 22));
	EXPECT_TRUE(m.on_announce(1, 11));
	EXPECT_EQ(incarnations(*m.view()), (std::vector<uint64_t>{ 11, 22 }));
}

TEST(Membership, ANewIncarnationInTheSameRingIsRefused)
{
	const hive::Config config = three_nodes();
	hived::Membership m(config);
	m.on_ring(13, { 1, 2 });
	EXPECT_TRUE(m.on_announce(2, 22));
	EXPECT_TRUE(m.on_announce(2, 22));
	EXPECT_FALSE(m.on_announce(2, 23));
	EXPECT_EQ(incarnations(*m.view()), (std::vector<uint64_t>{ 0, 22 }));
}

// A node whose cluster stack restarted faster than corosync noticed: it
// never left the ring's member list, but the ring is a new one.
TEST(Membership, ANewIncarnationInANewRingIsTaken)
{
	const hive::Config config = three_nodes();
	hived::Membership m(config);
	m.on_ring(13, { 1, 2, 3 });
	m.on_announce(3, 33);
	m.on_ring(22, { 1, 2, 3 });
	EXPECT_TRUE(m.on_announce(3, 34));
	EXPECT_EQ(m.view()->members[2].incarnation, 34u);
}

TEST(Membership, ANodeThatLeftTheRingComesBackUnknown)
{
	const hive::Config config = three_nodes();
	hived::Membership m(config);
	m.on_ring(13, { 1, 2, 3 });
	m.on_announce(3, 33);
	m.on_ring(17, { 1, 2 });
	m.on_ring(21, { 1, 2, 3 });
	EXPECT_EQ(incarnations(*m.view()), (std::vector<uint64_t>{ 0, 0, 0 }));
	EXPECT_TRUE(m.on_announce(3, 34));
	EXPECT_EQ(m.view()->members[2].incarnation, 34u);
}

TEST(Membership, SeedTakesWhatTheKernelHoldsForTheSameRingOnly)
{
	const hive::Config config = three_nodes();
	hived::Membership m(config);
	m.on_ring(13, { 1, 2 });
	m.seed(9, { { 1, 11, "198.18.0.1", 7100 }, { 2, 22, "198.18.0.2", 7100 } });
	EXPECT_EQ(incarnations(*m.view()), (std::vector<uint64_t>{ 0, 0 }));
	m.seed(13, { { 1, 11, "198.18.0.1", 7100 }, { 2, 22, "198.18.0.2", 7100 } });
	EXPECT_EQ(incarnations(*m.view()), (std::vector<uint64_t>{ 11, 22 }));
}

TEST(Membership, QuorumComesFromVotequorum)
{
	const hive::Config config = three_nodes();
	hived::Membership m(config);
	m.on_ring(13, { 1 });
	EXPECT_FALSE(m.view()->quorate);
	m.on_quorum(true);
	EXPECT_TRUE(m.view()->quorate);
}
