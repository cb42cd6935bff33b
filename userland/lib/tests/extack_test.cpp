// SPDX-License-Identifier: GPL-2.0
#include "extack.hpp"

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace {

std::string padded(std::string bytes)
{
	bytes.resize((bytes.size() + 3) & ~std::size_t{3}, '\0');
	return bytes;
}

std::string tlv(uint16_t type, std::string_view payload)
{
	const nlattr header{static_cast<uint16_t>(sizeof(nlattr) + payload.size()), type};
	return padded(std::string(reinterpret_cast<const char *>(&header), sizeof header) +
		      std::string(payload));
}

// An NLMSG_ERROR laid out as the kernel's netlink_ack() writes it.
class ErrorMessage {
public:
	// @echoed_payload: bytes of the request after its header, which the
	// kernel echoes unless @capped.
	ErrorMessage(std::size_t echoed_payload, bool capped, const std::string &tlvs)
	{
		nlmsgerr error{};
		error.error = -EINVAL;
		error.msg.nlmsg_len = static_cast<uint32_t>(NLMSG_HDRLEN + echoed_payload);
		std::string body(reinterpret_cast<const char *>(&error), sizeof error);
		if (!capped)
			body += std::string(echoed_payload, 'r');
		body = padded(body) + tlvs;

		nlmsghdr header{};
		header.nlmsg_len = static_cast<uint32_t>(NLMSG_HDRLEN + body.size());
		header.nlmsg_type = NLMSG_ERROR;
		header.nlmsg_flags = NLM_F_ACK_TLVS | (capped ? NLM_F_CAPPED : 0);
		const std::string bytes =
			std::string(reinterpret_cast<const char *>(&header), sizeof header) + body;
		words_.resize(bytes.size() / sizeof(uint32_t));
		std::memcpy(words_.data(), bytes.data(), bytes.size());
	}

	nlmsghdr *header() { return reinterpret_cast<nlmsghdr *>(words_.data()); }

private:
	std::vector<uint32_t> words_; // keeps the header aligned
};

const std::string message = tlv(NLMSGERR_ATTR_MSG, std::string("node id out of range") + '\0');

TEST(Extack, FollowsTheEchoedRequest)
{
	ErrorMessage error(12, false, message);
	EXPECT_EQ(hive::extack_message(error.header()), "node id out of range");
}

TEST(Extack, AlignsAfterAnOddLengthRequest)
{
	ErrorMessage error(5, false, message);
	EXPECT_EQ(hive::extack_message(error.header()), "node id out of range");
}

TEST(Extack, FollowsTheHeaderOfACappedRequest)
{
	ErrorMessage error(12, true, message);
	EXPECT_EQ(hive::extack_message(error.header()), "node id out of range");
}

TEST(Extack, SkipsOtherAttributes)
{
	ErrorMessage error(12, false, tlv(NLMSGERR_ATTR_OFFS, std::string(4, '\0')) + message);
	EXPECT_EQ(hive::extack_message(error.header()), "node id out of range");
}

TEST(Extack, NoneWithoutTheFlag)
{
	ErrorMessage error(12, false, message);
	error.header()->nlmsg_flags = 0;
	EXPECT_EQ(hive::extack_message(error.header()), "");
}

TEST(Extack, NoneWithoutTheAttribute)
{
	ErrorMessage error(12, false, tlv(NLMSGERR_ATTR_OFFS, std::string(4, '\0')));
	EXPECT_EQ(hive::extack_message(error.header()), "");
}

TEST(Extack, IgnoresUnterminatedMessage)
{
	ErrorMessage error(12, false, tlv(NLMSGERR_ATTR_MSG, "abcd"));
	EXPECT_EQ(hive::extack_message(error.header()), "");
}

TEST(Extack, IgnoresAttributeLongerThanTheMessage)
{
	ErrorMessage error(12, false, message);
	auto *attr = reinterpret_cast<nlattr *>(reinterpret_cast<char *>(error.header()) +
					       error.header()->nlmsg_len - message.size());
	attr->nla_len = 0xfff0;
	EXPECT_EQ(hive::extack_message(error.header()), "");
}

TEST(Extack, IgnoresEchoedLengthBeyondTheMessage)
{
	ErrorMessage error(12, false, message);
	auto *echoed = static_cast<nlmsgerr *>(NLMSG_DATA(error.header()));
	echoed->msg.nlmsg_len = 0xffffffff;
	EXPECT_EQ(hive::extack_message(error.header()), "");
}

TEST(Extack, IgnoresEchoedLengthShorterThanAHeader)
{
	ErrorMessage error(12, false, message);
	static_cast<nlmsgerr *>(NLMSG_DATA(error.header()))->msg.nlmsg_len = 3;
	EXPECT_EQ(hive::extack_message(error.header()), "");
}

TEST(Extack, IgnoresTruncatedErrorMessage)
{
	ErrorMessage error(12, true, message);
	error.header()->nlmsg_len = NLMSG_HDRLEN + 4;
	EXPECT_EQ(hive::extack_message(error.header()), "");
}

} // namespace
