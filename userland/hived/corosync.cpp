// SPDX-License-Identifier: GPL-2.0
#include "corosync.hpp"

#include <array>
#include <chrono>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace hived {
namespace {

constexpr char group_name[] = "hive";

// An announcement: "hiva", node id (u32) and incarnation (u64), big-endian.
constexpr std::size_t announce_len = 16;
constexpr char announce_magic[4] = { 'h', 'i', 'v', 'a' };

hive::Error corosync_failure(const std::string &action, cs_error_t err)
{
	return hive::Error{"cannot " + action + ": corosync error " + std::to_string(err) +
			   " (is corosync running? see 'hived --write-corosync-conf')"};
}

// Runs @call again while corosync answers CS_ERR_TRY_AGAIN, 100 ms apart:
// it is busy forming a ring, which passes, however long that takes on a
// loaded machine (a debug guest's corosync took more than 15 s).
template <typename Call> cs_error_t unless_busy(Call call)
{
	cs_error_t err;
	while ((err = call()) == CS_ERR_TRY_AGAIN)
		std::this_thread::sleep_for(std::chrono::milliseconds(100));
	return err;
}

uint64_t read_be(const unsigned char *bytes, std::size_t len)
{
	uint64_t value = 0;
	for (std::size_t i = 0; i < len; i++)
		value = value << 8 | bytes[i];
	return value;
}

void write_be(unsigned char *bytes, std::size_t len, uint64_t value)
{
	for (std::size_t i = len; i-- > 0; value >>= 8)
		bytes[i] = static_cast<unsigned char>(value);
}

} // namespace

Corosync::Corosync(Membership &membership, const Logger &log)
	: membership_(membership), log_(log)
{
}

Corosync::~Corosync()
{
	if (cpg_)
		cpg_finalize(cpg_);
	if (quorum_)
		votequorum_finalize(quorum_);
}

hive::Result<std::unique_ptr<Corosync>> Corosync::connect(Membership &membership,
							   const Logger &log)
{
	std::unique_ptr<Corosync> c(new Corosync(membership, log));
	cpg_model_v1_data_t model{};
	model.model = CPG_MODEL_V1;
	model.cpg_deliver_fn = on_deliver;
	model.cpg_confchg_fn = on_confchg;
	model.cpg_totem_confchg_fn = on_totem_confchg;
	model.flags = CPG_MODEL_V1_DELIVER_INITIAL_TOTEM_CONF;
	cs_error_t err = unless_busy([&] {
		return cpg_model_initialize(&c->cpg_, CPG_MODEL_V1,
					    reinterpret_cast<cpg_model_data_t *>(&model), c.get());
	});
	if (err != CS_OK)
		return corosync_failure("connect to corosync's process groups", err);
	cpg_name group{};
	group.length = sizeof(group_name) - 1;
	std::memcpy(group.value, group_name, group.length);
	err = unless_busy([&] { return cpg_join(c->cpg_, &group); });
	if (err == CS_OK)
		err = cpg_fd_get(c->cpg_, &c->cpg_fd_);
	if (err != CS_OK)
		return corosync_failure("join corosync's process group 'hive'", err);

	votequorum_callbacks_t callbacks{};
	callbacks.votequorum_quorum_notify_fn = on_quorum;
	err = unless_busy([&] { return votequorum_initialize(&c->quorum_, &callbacks); });
	if (err == CS_OK)
		err = unless_busy([&] {
			return votequorum_trackstart(c->quorum_,
						     reinterpret_cast<uint64_t>(c.get()),
						     CS_TRACK_CURRENT | CS_TRACK_CHANGES);
		});
	if (err == CS_OK)
		err = votequorum_fd_get(c->quorum_, &c->quorum_fd_);
	if (err != CS_OK)
		return corosync_failure("track corosync's quorum", err);
	return c;
}

hive::Result<void> Corosync::dispatch_cpg()
{
	const cs_error_t err = cpg_dispatch(cpg_, CS_DISPATCH_ALL);
	if (err != CS_OK)
		return corosync_failure("read corosync's process group", err);
	return {};
}

hive::Result<void> Corosync::dispatch_quorum()
{
	const cs_error_t err = votequorum_dispatch(quorum_, CS_DISPATCH_ALL);
	if (err != CS_OK)
		return corosync_failure("read corosync's quorum", err);
	return {};
}

hive::Result<void> Corosync::announce(uint32_t node_id, uint64_t incarnation)
{
	std::array<unsigned char, announce_len> msg;
	std::memcpy(msg.data(), announce_magic, sizeof(announce_magic));
	write_be(msg.data() + 4, 4, node_id);
	write_be(msg.data() + 8, 8, incarnation);
	iovec iov{ msg.data(), msg.size() };
	const cs_error_t err =
		unless_busy([&] { return cpg_mcast_joined(cpg_, CPG_TYPE_AGREED, &iov, 1); });
	if (err != CS_OK)
		return corosync_failure("announce this node to the group", err);
	announce_wanted_ = false;
	return {};
}

void Corosync::on_deliver(cpg_handle_t handle, const cpg_name *, uint32_t nodeid, uint32_t,
			  void *msg, size_t len)
{
	void *context = nullptr;
	if (cpg_context_get(handle, &context) != CS_OK)
		return;
	auto *self = static_cast<Corosync *>(context);
	const auto *bytes = static_cast<const unsigned char *>(msg);
	if (len != announce_len || std::memcmp(bytes, announce_magic, sizeof(announce_magic)) != 0 ||
	    read_be(bytes + 4, 4) != nodeid || read_be(bytes + 8, 8) == 0) {
		self->log_.log(Priority::error, "ignored a malformed announcement from node " +
							std::to_string(nodeid));
		return;
	}
	if (!self->membership_.on_announce(nodeid, read_be(bytes + 8, 8)))
		self->log_.log(Priority::error,
			       "node " + std::to_string(nodeid) +
				       " announced a new incarnation while corosync's ring stayed the"
				       " same (hive.ko reloaded?); the view keeps the old one until"
				       " the ring changes");
}

void Corosync::on_confchg(cpg_handle_t handle, const cpg_name *, const cpg_address *, size_t,
			  const cpg_address *, size_t, const cpg_address *, size_t n_joined)
{
	void *context = nullptr;
	if (n_joined && cpg_context_get(handle, &context) == CS_OK)
		static_cast<Corosync *>(context)->announce_wanted_ = true;
}

void Corosync::on_totem_confchg(cpg_handle_t handle, cpg_ring_id ring_id, uint32_t n_members,
				const uint32_t *members)
{
	void *context = nullptr;
	if (cpg_context_get(handle, &context) != CS_OK)
		return;
	auto *self = static_cast<Corosync *>(context);
	if (self->membership_.on_ring(ring_id.seq,
				      std::vector<uint32_t>(members, members + n_members)))
		self->announce_wanted_ = true;
}

void Corosync::on_quorum(votequorum_handle_t, uint64_t context, uint32_t quorate, uint32_t,
			 votequorum_node_t[])
{
	reinterpret_cast<Corosync *>(context)->membership_.on_quorum(quorate != 0);
}

} // namespace hived
