// SPDX-License-Identifier: GPL-2.0
#ifndef HIVED_MEMBERSHIP_HPP
#define HIVED_MEMBERSHIP_HPP

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "hive/config.hpp"
#include "hive/nodes.hpp"

namespace hived {

/// What hived knows of the cluster, from corosync's callbacks, and the view
/// it makes of it for hive.ko (Documentation/membership.rst).  No I/O: the
/// corosync glue feeds it, the daemon pushes what view() says.
class Membership {
public:
	explicit Membership(const hive::Config &config);

	/// CPG's totem configuration: ring @p seq and its members.  In a new
	/// ring an incarnation counts only once announced again (the node may
	/// be a new instance), so every hived announces itself anew: returns
	/// true for a new ring.  CPG orders this with the announcements.
	bool on_ring(uint64_t seq, const std::vector<uint32_t> &members);

	/// votequorum's quorum notification.
	void on_quorum(bool quorate);

	/// A node announced its (non-zero) incarnation in the current ring.
	/// Returns false when it replaces another announced in the same ring:
	/// that node's hive.ko reloaded while corosync's ring stayed, and the
	/// kernel keeps the old one until the ring changes.
	bool on_announce(uint32_t node_id, uint64_t incarnation);

	/// Incarnations the kernel already holds for ring @p seq (a restarted
	/// hived must not push a view that forgets them).
	void seed(uint64_t seq, const std::vector<hive::Node> &members);

	/// The view for hive.ko: the ring's members that hive.conf lists, with
	/// their addresses; nothing before the first ring.
	std::optional<hive::View> view() const;

private:
	const hive::Config &config_;
	uint64_t seq_ = 0;
	bool have_ring_ = false;
	bool quorate_ = false;
	std::vector<uint32_t> ring_;
	// What each node announced, and in which ring.
	struct Heard {
		uint64_t incarnation;
		uint64_t seq;
	};
	std::map<uint32_t, Heard> heard_;
};

} // namespace hived

#endif // HIVED_MEMBERSHIP_HPP
