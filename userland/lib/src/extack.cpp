// SPDX-License-Identifier: GPL-2.0
#include "extack.hpp"

#include <array>
#include <cstddef>

#include <netlink/attr.h>

namespace hive {
namespace {

// NLMSG_ALIGN() masks with an unsigned int, which would cut off the high
// bits of a length a hostile or broken message made huge.
constexpr std::size_t align4(std::size_t length)
{
	return (length + 3) & ~std::size_t{3};
}

} // namespace

std::string extack_message(nlmsghdr *error_message)
{
	// Returning "" for a malformed extack loses only its text: the caller
	// still reports the error number that came with it.
	const std::size_t total = error_message->nlmsg_len;
	if (!(error_message->nlmsg_flags & NLM_F_ACK_TLVS) ||
	    total < NLMSG_HDRLEN + sizeof(nlmsgerr))
		return {};

	// The TLVs follow the echoed request, which is only its header when
	// the kernel capped it (NETLINK_CAP_ACK).
	const auto *error = static_cast<const nlmsgerr *>(NLMSG_DATA(error_message));
	std::size_t echoed = sizeof(nlmsghdr);
	if (!(error_message->nlmsg_flags & NLM_F_CAPPED)) {
		echoed = error->msg.nlmsg_len;
		if (echoed < sizeof(nlmsghdr))
			return {};
	}
	const std::size_t tlv_offset = NLMSG_HDRLEN + align4(sizeof(error->error) + echoed);
	if (tlv_offset >= total)
		return {};

	std::array<nla_policy, NLMSGERR_ATTR_MSG + 1> policy{};
	policy[NLMSGERR_ATTR_MSG].type = NLA_STRING;
	std::array<nlattr *, NLMSGERR_ATTR_MSG + 1> attrs{};
	auto *tlvs = reinterpret_cast<nlattr *>(reinterpret_cast<char *>(error_message) + tlv_offset);
	if (nla_parse(attrs.data(), NLMSGERR_ATTR_MSG, tlvs, static_cast<int>(total - tlv_offset),
		      policy.data()) < 0 ||
	    !attrs[NLMSGERR_ATTR_MSG])
		return {};
	return nla_get_string(attrs[NLMSGERR_ATTR_MSG]);
}

} // namespace hive
