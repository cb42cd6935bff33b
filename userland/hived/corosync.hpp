// SPDX-License-Identifier: GPL-2.0
#ifndef HIVED_COROSYNC_HPP
#define HIVED_COROSYNC_HPP

#include <cstdint>
#include <memory>

#include <corosync/cpg.h>
#include <corosync/votequorum.h>

#include "hive/result.hpp"
#include "logger.hpp"
#include "membership.hpp"

namespace hived {

/// hived's connection to corosync: the CPG group "hive", which reports the
/// ring (its totem configuration) in order with the incarnations each hived
/// announces there, and votequorum, which says whether the ring is
/// quorate.  Callbacks feed a
/// Membership; nothing here decides anything.
class Corosync {
public:
	/// Joins the group and starts tracking quorum.  Fails with a sentence
	/// when corosync is not running.
	static hive::Result<std::unique_ptr<Corosync>> connect(Membership &membership,
								const Logger &log);
	~Corosync();
	Corosync(const Corosync &) = delete;
	Corosync &operator=(const Corosync &) = delete;

	int cpg_fd() const { return cpg_fd_; }
	int quorum_fd() const { return quorum_fd_; }

	/// Runs the callbacks for what corosync sent; fails when corosync went
	/// away.
	hive::Result<void> dispatch_cpg();
	hive::Result<void> dispatch_quorum();

	/// Tells every hived of the group this node's incarnation.
	hive::Result<void> announce(uint32_t node_id, uint64_t incarnation);

	/// Whether a process joined the group since the last announce(): it
	/// needs to hear everyone's incarnation.
	bool announce_wanted() const { return announce_wanted_; }

private:
	Corosync(Membership &membership, const Logger &log);

	static void on_deliver(cpg_handle_t handle, const cpg_name *group, uint32_t nodeid,
			       uint32_t pid, void *msg, size_t len);
	static void on_confchg(cpg_handle_t handle, const cpg_name *group,
			       const cpg_address *members, size_t n_members,
			       const cpg_address *left, size_t n_left,
			       const cpg_address *joined, size_t n_joined);
	static void on_totem_confchg(cpg_handle_t handle, cpg_ring_id ring_id, uint32_t n_members,
				     const uint32_t *members);
	static void on_quorum(votequorum_handle_t handle, uint64_t context, uint32_t quorate,
			      uint32_t n_nodes, votequorum_node_t nodes[]);

	Membership &membership_;
	const Logger &log_;
	cpg_handle_t cpg_ = 0;
	votequorum_handle_t quorum_ = 0;
	int cpg_fd_ = -1;
	int quorum_fd_ = -1;
	bool announce_wanted_ = true;
};

} // namespace hived

#endif // HIVED_COROSYNC_HPP
