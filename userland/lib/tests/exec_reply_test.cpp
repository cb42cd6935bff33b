// SPDX-License-Identifier: GPL-2.0
#include "exec_reply.hpp"

#include <string>

#include <gtest/gtest.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include "hive_netlink.h"
#include "netlink_handles.hpp"

namespace {

hive::MessagePtr reply_for(uint8_t command)
{
	hive::MessagePtr reply(nlmsg_alloc_size(2 * HIVE_EXEC_SPEC_MAX));
	EXPECT_NE(genlmsg_put(reply.get(), 0, 1, 0x20, 0, 0, command, HIVE_GENL_VERSION), nullptr);
	return reply;
}

template <typename T> std::string error_of(const hive::Result<T> &result)
{
	EXPECT_FALSE(result.ok());
	return result.ok() ? std::string() : result.error().message;
}

TEST(ExecStartReply, ReadsTheSessionAndTheNode)
{
	const auto reply = reply_for(HIVE_CMD_EXEC_START);
	ASSERT_EQ(nla_put_u64(reply.get(), HIVE_ATTR_EXEC_SESSION, 0x123456789), 0);
	ASSERT_EQ(nla_put_u32(reply.get(), HIVE_ATTR_NODE_ID, 3), 0);
	const auto started = hive::parse_exec_start_reply(nlmsg_hdr(reply.get()));
	ASSERT_TRUE(started.ok()) << started.error().message;
	EXPECT_EQ(started.value().session, 0x123456789u);
	EXPECT_EQ(started.value().node_id, 3u);
}

TEST(ExecStartReply, NoSessionMeansThisNode)
{
	const auto reply = reply_for(HIVE_CMD_EXEC_START);
	ASSERT_EQ(nla_put_u32(reply.get(), HIVE_ATTR_NODE_ID, 2), 0);
	const auto started = hive::parse_exec_start_reply(nlmsg_hdr(reply.get()));
	ASSERT_TRUE(started.ok()) << started.error().message;
	EXPECT_EQ(started.value().session, 0u);
	EXPECT_EQ(started.value().node_id, 2u);
}

TEST(ExecStartReply, RefusesAMissingNodeABadNodeOrSessionZero)
{
	auto reply = reply_for(HIVE_CMD_EXEC_START);
	ASSERT_EQ(nla_put_u64(reply.get(), HIVE_ATTR_EXEC_SESSION, 1), 0);
	EXPECT_EQ(error_of(hive::parse_exec_start_reply(nlmsg_hdr(reply.get()))),
		  "the hive kernel module sent a malformed exec start reply: it has no node id");
	reply = reply_for(HIVE_CMD_EXEC_START);
	ASSERT_EQ(nla_put_u64(reply.get(), HIVE_ATTR_EXEC_SESSION, 1), 0);
	ASSERT_EQ(nla_put_u32(reply.get(), HIVE_ATTR_NODE_ID, 0), 0);
	EXPECT_EQ(error_of(hive::parse_exec_start_reply(nlmsg_hdr(reply.get()))),
		  "the hive kernel module sent a malformed exec start reply: "
		  "its node id is out of range");
	reply = reply_for(HIVE_CMD_EXEC_START);
	ASSERT_EQ(nla_put_u64(reply.get(), HIVE_ATTR_EXEC_SESSION, 0), 0);
	ASSERT_EQ(nla_put_u32(reply.get(), HIVE_ATTR_NODE_ID, 3), 0);
	EXPECT_EQ(error_of(hive::parse_exec_start_reply(nlmsg_hdr(reply.get()))),
		  "the hive kernel module sent a malformed exec start reply: its session is 0");
}

hive::MessagePtr attach_reply(std::string_view spec, std::string_view groups,
			      const char *cgroup = "/hive.slice/job-7")
{
	auto reply = reply_for(HIVE_CMD_EXEC_ATTACH);
	EXPECT_EQ(nla_put(reply.get(), HIVE_ATTR_EXEC_SPEC, static_cast<int>(spec.size()),
			  spec.data()),
		  0);
	EXPECT_EQ(nla_put_u32(reply.get(), HIVE_ATTR_EXEC_UID, 1000), 0);
	EXPECT_EQ(nla_put_u32(reply.get(), HIVE_ATTR_EXEC_GID, 100), 0);
	EXPECT_EQ(nla_put_u32(reply.get(), HIVE_ATTR_EXEC_ORIGIN_PID, 4321), 0);
	EXPECT_EQ(nla_put(reply.get(), HIVE_ATTR_EXEC_GROUPS, static_cast<int>(groups.size()),
			  groups.data()),
		  0);
	EXPECT_EQ(nla_put_string(reply.get(), HIVE_ATTR_EXEC_CGROUP, cgroup), 0);
	return reply;
}

TEST(ExecAttachReply, ReadsWhomToRunAsAndTheSpec)
{
	const uint32_t groups[] = {100, 27, 4};
	const auto reply = attach_reply(
		"spec", std::string_view(reinterpret_cast<const char *>(groups), sizeof groups));
	const auto attached = hive::parse_exec_attach_reply(nlmsg_hdr(reply.get()));
	ASSERT_TRUE(attached.ok()) << attached.error().message;
	EXPECT_EQ(attached.value().spec, "spec");
	EXPECT_EQ(attached.value().uid, 1000u);
	EXPECT_EQ(attached.value().gid, 100u);
	EXPECT_EQ(attached.value().origin_pid, 4321u);
	EXPECT_EQ(attached.value().groups, (std::vector<uint32_t>{100, 27, 4}));
	EXPECT_EQ(attached.value().cgroup, "/hive.slice/job-7");
	EXPECT_EQ(attached.value().label, "");
}

TEST(ExecAttachReply, ReadsTheCallersLabel)
{
	auto reply = attach_reply("spec", "");
	ASSERT_EQ(nla_put_string(reply.get(), HIVE_ATTR_EXEC_LABEL, "hive-test"), 0);
	auto attached = hive::parse_exec_attach_reply(nlmsg_hdr(reply.get()));
	ASSERT_TRUE(attached.ok()) << attached.error().message;
	EXPECT_EQ(attached.value().label, "hive-test");
	reply = attach_reply("spec", "");
	ASSERT_EQ(nla_put_string(reply.get(), HIVE_ATTR_EXEC_LABEL, ""), 0);
	EXPECT_EQ(error_of(hive::parse_exec_attach_reply(nlmsg_hdr(reply.get()))),
		  "the hive kernel module sent a malformed exec attach reply: "
		  "its LSM label is empty");
}

TEST(ExecAttachReply, RefusesBadGroupsAndSpecs)
{
	auto reply = attach_reply("spec", "abc");
	EXPECT_EQ(error_of(hive::parse_exec_attach_reply(nlmsg_hdr(reply.get()))),
		  "the hive kernel module sent a malformed exec attach reply: "
		  "its group list is not 0 to 256 u32s");
	reply = attach_reply("spec", std::string(4 * (HIVE_EXEC_GROUPS_MAX + 1), '\1'));
	EXPECT_FALSE(hive::parse_exec_attach_reply(nlmsg_hdr(reply.get())).ok());
	// A netlink attribute cannot hold more than HIVE_EXEC_SPEC_MAX.
	reply = attach_reply("", "");
	EXPECT_EQ(error_of(hive::parse_exec_attach_reply(nlmsg_hdr(reply.get()))),
		  "the hive kernel module sent a malformed exec attach reply: "
		  "its spec length is out of range");
	reply = attach_reply("spec", "", "hive.slice");
	EXPECT_EQ(error_of(hive::parse_exec_attach_reply(nlmsg_hdr(reply.get()))),
		  "the hive kernel module sent a malformed exec attach reply: "
		  "its cgroup is not a path from '/'");
}

// The largest spec fits one netlink attribute, whose u16 length counts its
// header: a spec at the limit reaches the kernel whole.
TEST(ExecAttachReply, CarriesTheLargestSpec)
{
	const std::string spec(HIVE_EXEC_SPEC_MAX, 's');
	hive::MessagePtr msg(nlmsg_alloc_size(2 * HIVE_EXEC_SPEC_MAX));
	ASSERT_TRUE(msg);
	ASSERT_EQ(nla_put(msg.get(), HIVE_ATTR_EXEC_SPEC, spec.size(), spec.data()), 0);
	const auto *attr = static_cast<const nlattr *>(nlmsg_data(nlmsg_hdr(msg.get())));
	EXPECT_EQ(nla_len(attr), int{HIVE_EXEC_SPEC_MAX});
}

TEST(ExecReadReply, IsAChunkEndOfFileOrNothingYet)
{
	auto reply = reply_for(HIVE_CMD_EXEC_READ);
	ASSERT_EQ(nla_put(reply.get(), HIVE_ATTR_EXEC_DATA, 3, "abc"), 0);
	auto read = hive::parse_exec_read_reply(nlmsg_hdr(reply.get()));
	ASSERT_TRUE(read.ok()) << read.error().message;
	EXPECT_EQ(read.value().chunk, std::optional<std::string>("abc"));
	EXPECT_FALSE(read.value().eof);

	reply = reply_for(HIVE_CMD_EXEC_READ);
	ASSERT_EQ(nla_put_flag(reply.get(), HIVE_ATTR_EXEC_EOF), 0);
	read = hive::parse_exec_read_reply(nlmsg_hdr(reply.get()));
	ASSERT_TRUE(read.ok()) << read.error().message;
	EXPECT_EQ(read.value().chunk, std::nullopt);
	EXPECT_TRUE(read.value().eof);

	ASSERT_EQ(nla_put(reply.get(), HIVE_ATTR_EXEC_DATA, 3, "abc"), 0);
	EXPECT_EQ(error_of(hive::parse_exec_read_reply(nlmsg_hdr(reply.get()))),
		  "the hive kernel module sent a malformed exec read reply: "
		  "it has both data and end of file");

	reply = reply_for(HIVE_CMD_EXEC_READ);
	read = hive::parse_exec_read_reply(nlmsg_hdr(reply.get()));
	ASSERT_TRUE(read.ok()) << read.error().message;
	EXPECT_EQ(read.value().chunk, std::nullopt);
	EXPECT_FALSE(read.value().eof);

	reply = reply_for(HIVE_CMD_EXEC_READ);
	ASSERT_EQ(nla_put(reply.get(), HIVE_ATTR_EXEC_DATA, 0, ""), 0);
	EXPECT_EQ(error_of(hive::parse_exec_read_reply(nlmsg_hdr(reply.get()))),
		  "the hive kernel module sent a malformed exec read reply: "
		  "its chunk length is out of range");
}

} // namespace
