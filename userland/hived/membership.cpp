// SPDX-License-Identifier: GPL-2.0
#include "membership.hpp"

#include <algorithm>

namespace hived {

Membership::Membership(const hive::Config &config) : config_(config) {}

void Membership::on_ring(uint64_t seq, const std::vector<uint32_t> &members)
{
	std::vector<uint32_t> sorted = members;
	std::ranges::sort(sorted);
	for (const uint32_t id : ring_)
		if (!std::ranges::binary_search(sorted, id))
			incarnations_.erase(id);
	ring_ = std::move(sorted);
	seq_ = seq;
	have_ring_ = true;
}

void Membership::on_quorum(bool quorate)
{
	quorate_ = quorate;
}

bool Membership::on_announce(uint32_t node_id, uint64_t incarnation)
{
	const auto [entry, inserted] = incarnations_.try_emplace(node_id, incarnation);
	return inserted || entry->second == incarnation;
}

void Membership::seed(uint64_t seq, const std::vector<hive::Node> &members)
{
	if (!have_ring_ || seq != seq_)
		return;
	for (const hive::Node &m : members)
		if (m.incarnation != 0 && std::ranges::binary_search(ring_, m.node_id))
			incarnations_.try_emplace(m.node_id, m.incarnation);
}

std::optional<hive::View> Membership::view() const
{
	if (!have_ring_)
		return std::nullopt;
	hive::View view{ seq_, quorate_, {} };
	for (const hive::ConfigNode &node : config_.nodes) {
		if (!std::ranges::binary_search(ring_, node.node_id))
			continue;
		const auto known = incarnations_.find(node.node_id);
		view.members.push_back({ node.node_id,
					 known == incarnations_.end() ? 0 : known->second,
					 node.address, config_.port });
	}
	return view;
}

} // namespace hived
