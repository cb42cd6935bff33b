// SPDX-License-Identifier: GPL-2.0
// Membership view rules: well-formedness, and an exhaustive model test of
// the successor rule and the diff over every pair of small views.
#include <cerrno>
#include <cstring>
#include <set>
#include <vector>
#include <gtest/gtest.h>
#include "hive/view.h"
#include "hive_netlink.h"

namespace {

using Members = std::vector<hive_view_member>;

hive_view_member member(uint32_t id, uint64_t incarnation = 1, uint8_t host = 1)
{
	hive_view_member m{};

	m.node_id = id;
	m.port = 7100;
	m.family = HIVE_ADDR_INET;
	m.addr[0] = 198;
	m.addr[1] = 18;
	m.addr[3] = host;
	m.incarnation = incarnation;
	return m;
}

hive_view_ref ref(uint64_t epoch, const Members &m)
{
	return hive_view_ref{ epoch, m.data(), m.size() };
}

int check(uint64_t epoch, const Members &m, uint32_t local = 1, size_t *bad = nullptr)
{
	hive_view_ref v = ref(epoch, m);

	return hive_view_check(&v, local, bad);
}

} // namespace

TEST(ViewCheck, AcceptsASortedViewHoldingTheLocalNode)
{
	EXPECT_EQ(0, check(4, { member(1), member(2), member(7) }));
	EXPECT_EQ(0, check(4, { member(HIVE_NODE_ID_MAX) }, HIVE_NODE_ID_MAX));
}

TEST(ViewCheck, LocalNodeMustBeAMember)
{
	EXPECT_EQ(-ENOENT, check(4, { member(2), member(3) }, 1));
}

TEST(ViewCheck, RefusesBadViews)
{
	size_t bad = 0;

	EXPECT_EQ(-EINVAL, check(0, { member(1) }, 1, &bad));
	EXPECT_EQ(1u, bad);
	EXPECT_EQ(-EINVAL, check(4, {}, 1, &bad));
	EXPECT_EQ(-EINVAL, check(4, { member(2), member(1) }, 1, &bad));
	EXPECT_EQ(1u, bad);
	EXPECT_EQ(-EINVAL, check(4, { member(1), member(1) }, 1, &bad));
	EXPECT_EQ(1u, bad);
	Members too_many;
	for (uint32_t id = 1; id <= HIVE_NODE_ID_MAX; id++)
		too_many.push_back(member(id));
	EXPECT_EQ(0, check(4, too_many));
	too_many.push_back(member(HIVE_NODE_ID_MAX));
	EXPECT_EQ(-EINVAL, check(4, too_many));
}

TEST(ViewCheck, RefusesBadMembers)
{
	hive_view_member m;
	size_t bad = 9;
	auto one_bad = [&](const hive_view_member &second) {
		return check(4, { member(1), second }, 1, &bad);
	};

	m = member(2); m.node_id = HIVE_NODE_ID_MAX + 1;
	EXPECT_EQ(-EINVAL, one_bad(m));
	EXPECT_EQ(1u, bad);
	m = member(2); m.port = 0;
	EXPECT_EQ(-EINVAL, one_bad(m));
	m = member(2); m.family = 5;
	EXPECT_EQ(-EINVAL, one_bad(m));
	m = member(2); m.reserved = 1;
	EXPECT_EQ(-EINVAL, one_bad(m));
	m = member(2); std::memset(m.addr, 0, sizeof(m.addr));
	EXPECT_EQ(-EINVAL, one_bad(m));
	m = member(2); m.addr[4] = 1;	// IPv4 with bytes past the fourth
	EXPECT_EQ(-EINVAL, one_bad(m));
	m = member(2); m.family = HIVE_ADDR_INET6; m.addr[15] = 1;
	EXPECT_EQ(0, one_bad(m));
}

namespace {

// The rules as Documentation/membership.rst states them, written plainly.
struct Model {
	uint64_t epoch;
	Members members;
};

const hive_view_member *find(const Members &m, uint32_t id)
{
	for (const auto &x : m)
		if (x.node_id == id)
			return &x;
	return nullptr;
}

bool same_place(const hive_view_member &a, const hive_view_member &b)
{
	return a.family == b.family && a.port == b.port &&
	       std::memcmp(a.addr, b.addr, sizeof(a.addr)) == 0;
}

int expected_successor(const Model &cur, const Model &next)
{
	if (next.epoch < cur.epoch)
		return -ESTALE;
	if (next.epoch > cur.epoch)
		return 0;
	if (cur.members.size() != next.members.size())
		return -EINVAL;
	for (const auto &c : cur.members) {
		const hive_view_member *n = find(next.members, c.node_id);

		if (!n || !same_place(c, *n) ||
		    (c.incarnation != 0 && c.incarnation != n->incarnation))
			return -EINVAL;
	}
	return 0;
}

// Every view over nodes {1,2,3}, incarnations {0,5,6}, two addresses and
// epochs {1,2}: 2 x ((1 + 3 x 2)^3 - 1) = 684 views.
std::vector<Model> all_views()
{
	std::vector<Model> views;
	const uint64_t incs[] = { 0, 5, 6 };

	for (uint64_t epoch = 1; epoch <= 2; epoch++)
		for (int code = 1; code < 7 * 7 * 7; code++) {
			Model v{ epoch, {} };
			int c = code;

			for (uint32_t id = 1; id <= 3; id++, c /= 7)
				if (c % 7)
					v.members.push_back(member(id, incs[(c % 7 - 1) / 2],
								   uint8_t((c % 7 - 1) % 2 + 1)));
			views.push_back(v);
		}
	return views;
}

struct Change {
	hive_view_change change;
	uint32_t node;
};

void record(void *ctx, hive_view_change change, const hive_view_member *before,
	    const hive_view_member *after)
{
	static_cast<std::vector<Change> *>(ctx)->push_back(
		{ change, before ? before->node_id : after->node_id });
}

} // namespace

TEST(ViewModel, SuccessorRuleMatchesTheSpecForEveryPair)
{
	const std::vector<Model> views = all_views();

	ASSERT_EQ(684u, views.size());
	for (const auto &a : views)
		for (const auto &b : views) {
			hive_view_ref ra = ref(a.epoch, a.members), rb = ref(b.epoch, b.members);

			ASSERT_EQ(expected_successor(a, b), hive_view_check_successor(&ra, &rb))
				<< "epochs " << a.epoch << " -> " << b.epoch;
		}
}

// Within one epoch nothing is ever undone: if b may follow a and a may
// follow b, they are the same view.
TEST(ViewModel, SameEpochUpdatesNeverGoBack)
{
	const std::vector<Model> views = all_views();

	for (const auto &a : views)
		for (const auto &b : views) {
			hive_view_ref ra = ref(a.epoch, a.members), rb = ref(b.epoch, b.members);

			if (a.epoch != b.epoch || hive_view_check_successor(&ra, &rb) ||
			    hive_view_check_successor(&rb, &ra))
				continue;
			ASSERT_EQ(a.members.size(), b.members.size());
			for (size_t i = 0; i < a.members.size(); i++)
				ASSERT_EQ(a.members[i].incarnation, b.members[i].incarnation);
		}
}

TEST(ViewModel, DiffReportsExactlyTheChangedNodesInOrder)
{
	const std::vector<Model> views = all_views();

	for (const auto &a : views)
		for (const auto &b : views) {
			hive_view_ref ra = ref(a.epoch, a.members), rb = ref(b.epoch, b.members);
			std::vector<Change> got;
			std::set<uint32_t> want;

			const size_t reported = hive_view_diff(&ra, &rb, record, &got);

			ASSERT_EQ(reported, got.size());
			for (uint32_t id = 1; id <= 3; id++) {
				const hive_view_member *x = find(a.members, id), *y = find(b.members, id);

				if (bool(x) != bool(y) ||
				    (x && (x->incarnation != y->incarnation || !same_place(*x, *y))))
					want.insert(id);
			}
			ASSERT_EQ(want.size(), got.size());
			for (size_t i = 0; i < got.size(); i++) {
				const uint32_t id = got[i].node;
				const hive_view_member *x = find(a.members, id), *y = find(b.members, id);

				ASSERT_TRUE(want.count(id));
				ASSERT_TRUE(i == 0 || got[i - 1].node < id);
				if (!x)
					ASSERT_EQ(HIVE_VIEW_JOINED, got[i].change);
				else if (!y)
					ASSERT_EQ(HIVE_VIEW_LEFT, got[i].change);
				else if (!x->incarnation && y->incarnation)
					ASSERT_EQ(HIVE_VIEW_ANNOUNCED, got[i].change);
				else if (x->incarnation && !y->incarnation)
					ASSERT_EQ(HIVE_VIEW_FORGOTTEN, got[i].change);
				else if (x->incarnation != y->incarnation)
					ASSERT_EQ(HIVE_VIEW_RESTARTED, got[i].change);
				else
					ASSERT_EQ(HIVE_VIEW_MOVED, got[i].change);
			}
		}
}

TEST(ViewDiff, FromNothingEveryoneJoins)
{
	Members none, three = { member(1), member(2), member(3) };
	hive_view_ref a = ref(1, none), b = ref(1, three);
	std::vector<Change> got;

	EXPECT_EQ(3u, hive_view_diff(&a, &b, record, &got));
	for (const auto &c : got)
		EXPECT_EQ(HIVE_VIEW_JOINED, c.change);
}
