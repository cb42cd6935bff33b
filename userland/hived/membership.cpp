// SPDX-License-Identifier: GPL-2.0
#include "membership.hpp"

#include <algorithm>

namespace hived {

Membership::Membership(const hive::Config &config) : config_(config) {}

bool Membership::on_ring(uint64_t seq, const std::vector<uint32_t> &members)
{
	if (have_ring_ && seq == seq_)
		return false;
	ring_ = members;
	std::ranges::sort(ring_);
	std::erase_if(heard_, [this](const auto &entry) {
		return !std::ranges::binary_search(ring_, entry.first);
	});
	seq_ = seq;
	have_ring_ = true;
	return true;
}

void Membership::on_quorum(bool quorate)
{
	quorate_ = quorate;
}

bool Membership::on_announce(uint32_t node_id, uint64_t incarnation)
{
	const auto known = heard_.find(node_id);
	if (known != heard_.end() && known->second.seq == seq_ &&
	    known->second.incarnation != incarnation)
		return false;
	heard_[node_id] = Heard{ incarnation, seq_ };
	return true;
}

void Membership::seed(uint64_t seq, const std::vector<hive::Node> &members)
{
	if (!have_ring_ || seq != seq_)
		return;
	for (const hive::Node &m : members)
		if (m.incarnation != 0 && std::ranges::binary_search(ring_, m.node_id))
			heard_.try_emplace(m.node_id, Heard{ m.incarnation, seq });
}

std::optional<hive::View> Membership::view() const
{
	if (!have_ring_)
		return std::nullopt;
	hive::View view{ seq_, quorate_, {} };
	for (const hive::ConfigNode &node : config_.nodes) {
		if (!std::ranges::binary_search(ring_, node.node_id))
			continue;
		const auto known = heard_.find(node.node_id);
		const bool current = known != heard_.end() && known->second.seq == seq_;
		view.members.push_back({ node.node_id, current ? known->second.incarnation : 0,
					 node.address, config_.port });
	}
	return view;
}

} // namespace hived
