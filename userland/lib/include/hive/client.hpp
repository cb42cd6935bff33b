// SPDX-License-Identifier: GPL-2.0
#ifndef HIVE_CLIENT_HPP
#define HIVE_CLIENT_HPP

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "hive/authkey.hpp"
#include "hive/echo.hpp"
#include "hive/exec.hpp"
#include "hive/migrate.hpp"
#include "hive/nodes.hpp"
#include "hive/result.hpp"
#include "hive/status.hpp"

struct nl_sock;

namespace hive {

/// A connection to hive.ko's generic netlink family.  Every error it
/// returns is already a sentence for the user (see describe_kernel_error()).
class Client {
public:
	/// Opens a generic netlink socket and looks up the "hive" family;
	/// fails e.g. when the module is not loaded.
	static Result<Client> connect();

	/// Opens another connection to the family this one found, without
	/// looking it up again: a thread's own connection, as each blocking
	/// call (EXEC_READ) needs one.
	Result<Client> another() const;

	/// Asks the module for the local node's status.
	Result<Status> get_status();

	/// Lists the members of the membership view in force; none before
	/// the first view.
	Result<Nodes> get_nodes();

	/// Sets the local node's id and, unless @p cluster_name is empty, its
	/// cluster name.  The kernel requires CAP_NET_ADMIN.
	Result<void> set_node(uint32_t node_id, std::string_view cluster_name);

	/// Sends a membership view (HIVE_CMD_SET_VIEW; CAP_NET_ADMIN).  This
	/// connection then counts as the membership daemon's: when it closes,
	/// hive.ko marks membership stale.
	Result<void> set_view(const View &view);

	/// Gives hive.ko's transport the key it authenticates other nodes with,
	/// and whether its new connections are encrypted (HIVE_CMD_SET_KEY;
	/// CAP_NET_ADMIN); see derive_transport_key().
	Result<void> set_key(const TransportKey &key, bool encrypt);

	/// Has hive.ko run @p request's echo RPCs to another node and waits for
	/// its measurements (HIVE_CMD_ECHO; CAP_NET_ADMIN).  This takes as long
	/// as the run: the socket has no receive timeout, and the kernel bounds
	/// each call by the request's timeout.
	Result<EchoResult> echo(const EchoRequest &request);

	/// Has hive.ko (or the node whose PID range holds @p pid) stop the
	/// process at a safe point, take the state a migration would send,
	/// let it go on, and say whether it could move and why not
	/// (HIVE_CMD_MIGRATE_CHECK; the process's owner or CAP_KILL).
	Result<MigrateCheck> migrate_check(uint32_t pid);

	/// Moves the process @p pid of this node to node @p node, or with
	/// @p node 0 to the least busy other member (HIVE_CMD_MIGRATE; the
	/// process's owner or CAP_KILL): stops it,
	/// sends it, and returns once it runs there, or with the reasons that
	/// keep it here (it runs on).
	Result<MigrateMove> migrate(uint32_t pid, uint32_t node);

	/// The restore helper's child becomes the moving process of
	/// @p migration (HIVE_CMD_MIGRATE_ADOPT; CAP_NET_ADMIN): on success
	/// this call returns into that process, not to its caller.
	Result<void> migrate_adopt(uint64_t migration);

	/// The restore helper reports how its child ended
	/// (HIVE_CMD_MIGRATE_EXITED; CAP_NET_ADMIN).
	Result<void> migrate_exited(uint64_t migration, uint32_t status);

	/// Has hive.ko drop its connection to @p node_id, which the transport
	/// then makes again (HIVE_CMD_RECONNECT; CAP_NET_ADMIN).
	Result<void> reconnect(uint32_t node_id);

	/// Makes the calling process a member of the hive domain
	/// (HIVE_CMD_DOMAIN_JOIN; any user): it and what it forks from now on
	/// are cluster processes.  The membership is the process's and
	/// outlives this connection; exec keeps it.
	Result<void> domain_join();

	/// As domain_join(), for the command of the exec session @p session
	/// from node @p origin, which its helper forked: the process listing
	/// shows the origin's caller as its parent.
	Result<void> domain_join(uint64_t session, uint32_t origin);

	/// Starts running the command @p spec (see encode_exec_spec()) on
	/// node @p node_id, or on the node hive.ko finds least loaded
	/// (HIVE_CMD_EXEC_START; any user).  The session is this process's
	/// and ends when this connection closes: keep it open meanwhile.
	Result<ExecStarted> exec_start(std::string_view spec, std::optional<uint32_t> node_id);

	/// Takes over the session @p session from node @p origin, which
	/// hive.ko started this exec helper for (HIVE_CMD_EXEC_ATTACH;
	/// CAP_SYS_ADMIN).  The session ends when this connection closes.
	Result<ExecAttached> exec_attach(uint64_t session, uint32_t origin);

	/// Sends @p chunk, 1..HIVE_EXEC_DATA_MAX bytes, to the other end of
	/// @p link (HIVE_CMD_EXEC_WRITE); waits while that node's queue is full.
	Result<void> exec_write(const ExecLink &link, std::string_view chunk);

	/// Waits for the next chunk from the other end of @p link
	/// (HIVE_CMD_EXEC_READ); nothing once it closed and every chunk was
	/// read.  Blocks: use a connection of its own.
	Result<std::optional<std::string>> exec_read(const ExecLink &link);

private:
	struct SocketFree {
		void operator()(nl_sock *socket) const;
	};
	using SocketPtr = std::unique_ptr<nl_sock, SocketFree>;

	Client(SocketPtr socket, int family);
	static Result<SocketPtr> open_socket();

	SocketPtr socket_;
	int family_;
};

} // namespace hive

#endif // HIVE_CLIENT_HPP
