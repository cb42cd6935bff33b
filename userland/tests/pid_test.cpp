// SPDX-License-Identifier: GPL-2.0
// The PID space: the partition hive_pid_range() draws, checked node by node
// and PID by PID against hive_pid_home() for several range sizes, the
// bound hive_pid_max_node() gives for every valid size, and every refusal.
#include <cerrno>
#include <cstdint>
#include <vector>
#include <gtest/gtest.h>
#include "hive/process.h"
#include "hive_netlink.h"

namespace {

// The sizes the partition is checked for PID by PID: the documented ones,
// and sizes that leave a slice at the top too short to be a range.
const uint32_t model_sizes[] = { 1024, 4096, 16384, 65536, 3000, 5000, 1000003,
				 HIVE_PID_LIMIT / 2 };

const uint32_t bad_sizes[] = { 0, 1, HIVE_PID_RANGE_MIN - 1, HIVE_PID_LIMIT / 2 + 1,
			       HIVE_PID_LIMIT, UINT32_MAX };

} // namespace

// For each size and every valid node id, in order: the ranges that exist are
// disjoint, ascending, above [0, size) and below the limit; hive_pid_home()
// of their first, last and middle PID is the node, of the PID just before
// it the previous node (0 for node 1); the ranges stop at
// hive_pid_max_node() and every later node is -ERANGE.
TEST(PidRange, PartitionNodeByNode)
{
	for (uint32_t size : model_sizes) {
		uint32_t prev_end = size, last_ok = 0;

		for (uint32_t node = HIVE_NODE_ID_MIN; node <= HIVE_NODE_ID_MAX; node++) {
			uint32_t first = 7, end = 9;
			int rc = hive_pid_range(node, size, &first, &end);

			if (rc == -ERANGE) {
				ASSERT_EQ(7u, first) << size << " " << node;
				ASSERT_EQ(9u, end);
				ASSERT_GT(uint64_t(node + 1) * size, uint64_t(HIVE_PID_LIMIT));
				continue;
			}
			ASSERT_EQ(0, rc) << size << " " << node;
			ASSERT_EQ(last_ok + 1, node) << "a gap below node " << node;
			last_ok = node;
			ASSERT_EQ(prev_end, first) << size << " " << node;
			ASSERT_EQ(size, end - first);
			ASSERT_GE(first, size);
			ASSERT_LE(end, HIVE_PID_LIMIT);
			EXPECT_EQ(node, hive_pid_home(first, size));
			EXPECT_EQ(node, hive_pid_home(end - 1, size));
			EXPECT_EQ(node, hive_pid_home(first + size / 2, size));
			EXPECT_EQ(node - 1, hive_pid_home(first - 1, size));
			prev_end = end;
		}
		EXPECT_EQ(last_ok, hive_pid_max_node(size)) << size;
	}
}

// Every PID below the limit, and a few above: hive_pid_home() names the
// node whose range (as hive_pid_range() gives it) holds the PID, and 0
// where no range does.
TEST(PidRange, HomeOfEveryPid)
{
	for (uint32_t size : model_sizes) {
		std::vector<uint16_t> owner(HIVE_PID_LIMIT, 0);

		for (uint32_t node = HIVE_NODE_ID_MIN; node <= HIVE_NODE_ID_MAX; node++) {
			uint32_t first, end;

			if (hive_pid_range(node, size, &first, &end))
				continue;
			for (uint32_t pid = first; pid < end; pid++) {
				ASSERT_EQ(0, owner[pid]) << "two ranges hold " << pid;
				owner[pid] = uint16_t(node);
			}
		}
		for (uint32_t pid = 0; pid < HIVE_PID_LIMIT; pid++)
			ASSERT_EQ(owner[pid], hive_pid_home(pid, size)) << size << " " << pid;
		for (uint32_t pid : { HIVE_PID_LIMIT, HIVE_PID_LIMIT + 1, HIVE_PID_LIMIT * 2,
				      UINT32_MAX - 1, UINT32_MAX })
			EXPECT_EQ(0u, hive_pid_home(pid, size)) << size << " " << pid;
	}
}

TEST(PidRange, DefaultSizeGivesNodes1To255)
{
	uint32_t first, end;

	EXPECT_EQ(255u, hive_pid_max_node(HIVE_PID_RANGE_DEFAULT));
	ASSERT_EQ(0, hive_pid_range(1, HIVE_PID_RANGE_DEFAULT, &first, &end));
	EXPECT_EQ(16384u, first);
	EXPECT_EQ(32768u, end);
	ASSERT_EQ(0, hive_pid_range(255, HIVE_PID_RANGE_DEFAULT, &first, &end));
	EXPECT_EQ(255u * 16384, first);
	EXPECT_EQ(HIVE_PID_LIMIT, end);
	EXPECT_EQ(-ERANGE, hive_pid_range(256, HIVE_PID_RANGE_DEFAULT, &first, &end));
}

// Every valid size: hive_pid_max_node() is the last node hive_pid_range()
// accepts, and the node after it (if it is a node id) is -ERANGE.
TEST(PidRange, MaxNodeIsTheLastRangeForEverySize)
{
	for (uint32_t size = HIVE_PID_RANGE_MIN; size <= HIVE_PID_LIMIT / 2; size++) {
		uint32_t max = hive_pid_max_node(size), first, end;

		ASSERT_GE(max, uint32_t(HIVE_NODE_ID_MIN)) << size;
		ASSERT_LE(max, uint32_t(HIVE_NODE_ID_MAX)) << size;
		ASSERT_EQ(0, hive_pid_range(max, size, &first, &end)) << size;
		if (max < HIVE_NODE_ID_MAX) {
			ASSERT_EQ(-ERANGE, hive_pid_range(max + 1, size, &first, &end)) << size;
		}
	}
	EXPECT_EQ(uint32_t(HIVE_NODE_ID_MAX), hive_pid_max_node(HIVE_PID_RANGE_MIN));
	EXPECT_EQ(uint32_t(HIVE_NODE_ID_MAX), hive_pid_max_node(4096));
	EXPECT_EQ(511u, hive_pid_max_node(8192));
	EXPECT_EQ(63u, hive_pid_max_node(65536));
	EXPECT_EQ(1u, hive_pid_max_node(HIVE_PID_LIMIT / 2));
}

TEST(PidRange, BadSizeIsInvalidEverywhere)
{
	for (uint32_t size : bad_sizes) {
		uint32_t first = 7, end = 9;

		for (uint32_t node : { 1u, 2u, uint32_t(HIVE_NODE_ID_MAX) })
			EXPECT_EQ(-EINVAL, hive_pid_range(node, size, &first, &end)) << size;
		EXPECT_EQ(7u, first);
		EXPECT_EQ(9u, end);
		EXPECT_EQ(0u, hive_pid_max_node(size)) << size;
		for (uint32_t pid : { 0u, 1u, 1024u, 65536u, HIVE_PID_LIMIT - 1, UINT32_MAX })
			EXPECT_EQ(0u, hive_pid_home(pid, size)) << size << " " << pid;
	}
}

// An invalid node id is -EINVAL, even where its range would not fit
// either: the node is wrong before the arithmetic is.
TEST(PidRange, BadNodeIsInvalid)
{
	for (uint32_t size : { HIVE_PID_RANGE_MIN, HIVE_PID_RANGE_DEFAULT, HIVE_PID_LIMIT / 2 })
		for (uint32_t node : { 0u, uint32_t(HIVE_NODE_ID_MAX) + 1, 4096u, UINT32_MAX }) {
			uint32_t first = 7, end = 9;

			EXPECT_EQ(-EINVAL, hive_pid_range(node, size, &first, &end))
				<< size << " " << node;
			EXPECT_EQ(7u, first);
			EXPECT_EQ(9u, end);
		}
}

// (node + 1) * size overflows 32 bits for large nodes and sizes; the check
// must not wrap into a range that looks as if it fits.
TEST(PidRange, LargeProductsAreOutOfRange)
{
	uint32_t first = 7, end = 9;

	EXPECT_EQ(-ERANGE, hive_pid_range(HIVE_NODE_ID_MAX, HIVE_PID_LIMIT / 2, &first, &end));
	EXPECT_EQ(-ERANGE, hive_pid_range(2, HIVE_PID_LIMIT / 2, &first, &end));
	EXPECT_EQ(-ERANGE, hive_pid_range(HIVE_NODE_ID_MAX, 65536, &first, &end));
	EXPECT_EQ(7u, first);
	EXPECT_EQ(9u, end);
	// The top node of the smallest size ends just below the limit.
	ASSERT_EQ(0, hive_pid_range(HIVE_NODE_ID_MAX, HIVE_PID_RANGE_MIN, &first, &end));
	EXPECT_EQ(1023u * 1024, first);
	EXPECT_EQ(1024u * 1024, end);
	EXPECT_EQ(0u, hive_pid_home(end, HIVE_PID_RANGE_MIN));
}
