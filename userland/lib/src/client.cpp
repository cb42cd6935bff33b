// SPDX-License-Identifier: GPL-2.0
#include "hive/client.hpp"

#include <cerrno>
#include <cstring>
#include <functional>
#include <new>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include <arpa/inet.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/netlink.h>
#include <netlink/attr.h>
#include <netlink/errno.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/handlers.h>
#include <netlink/msg.h>
#include <netlink/socket.h>

#include "echo_netlink.hpp"
#include "migrate_netlink.hpp"
#include "exec_reply.hpp"
#include "extack.hpp"
#include "hive/kernel_error.hpp"
#include "hive_netlink.h"
#include "netlink_handles.hpp"
#include "node_reply.hpp"
#include "status_reply.hpp"

namespace hive {
namespace {

struct CallbacksPut {
	void operator()(nl_cb *callbacks) const { nl_cb_put(callbacks); }
};
using CallbacksPtr = std::unique_ptr<nl_cb, CallbacksPut>;

// A failure on this side of the socket, worded by libnl.
Error netlink_failure(std::string_view action, int nl_error)
{
	return Error{"cannot " + std::string(action) + ": " + nl_geterror(nl_error)};
}

// What the kernel answered one request with, as the nl_recvmsgs()
// callbacks below collect it.
struct Exchange {
	bool done = false;	// acknowledged, refused or, for a dump, ended
	int error = 0;		// positive errno of a refusal or a failed dump
	std::string extack;	// the refusal's message, if any
	std::vector<MessagePtr> replies;
	bool out_of_memory = false;
	bool interrupted = false;	// a dump's parts saw different data
};

int on_reply(nl_msg *msg, void *arg)
{
	auto *exchange = static_cast<Exchange *>(arg);
	// nl_recvmsgs() frees the message after this callback; keep a reference.
	nlmsg_get(msg);
	// No exception may unwind through libnl.
	try {
		exchange->replies.push_back(MessagePtr(msg));
	} catch (const std::bad_alloc &) {
		exchange->out_of_memory = true;
		exchange->done = true;
		return NL_STOP;
	}
	return NL_OK;
}

int on_ack(nl_msg *, void *arg)
{
	static_cast<Exchange *>(arg)->done = true;
	return NL_STOP;
}

int on_error(sockaddr_nl *, nlmsgerr *error, void *arg)
{
	auto *exchange = static_cast<Exchange *>(arg);
	exchange->done = true;
	exchange->error = -error->error;
	// libnl passes the payload; its message header sits right before it.
	exchange->extack = extack_message(reinterpret_cast<nlmsghdr *>(error) - 1);
	return NL_STOP;
}

// NLMSG_DONE ends a dump; the error number it carries is negative when the
// kernel could not finish it.
int on_finish(nl_msg *msg, void *arg)
{
	auto *exchange = static_cast<Exchange *>(arg);
	exchange->done = true;
	const nlmsghdr *done = nlmsg_hdr(msg);
	int status = 0;
	if (done->nlmsg_len >= NLMSG_LENGTH(sizeof status))
		std::memcpy(&status, nlmsg_data(done), sizeof status);
	if (status < 0)
		exchange->error = -status;
	return NL_STOP;
}

// The kernel flags a dump NLM_F_DUMP_INTR when what it lists changed
// between two parts; read on to the end, then report it.
int on_dump_interrupted(nl_msg *, void *arg)
{
	static_cast<Exchange *>(arg)->interrupted = true;
	return NL_OK;
}

// @flags: NLM_F_ACK for a command, NLM_F_DUMP for a dump.  @payload: the
// bytes of the attributes beyond a page that nlmsg_alloc() has room for.
Result<MessagePtr> new_request(int family, uint8_t command, int flags, std::size_t payload = 0)
{
	// Room for the headers and the small attributes next to the payload.
	constexpr std::size_t headroom = 256;
	MessagePtr request(payload == 0 ? nlmsg_alloc() : nlmsg_alloc_size(payload + headroom));
	if (!request || !genlmsg_put(request.get(), NL_AUTO_PORT, NL_AUTO_SEQ, family, 0,
				     NLM_F_REQUEST | flags, command, HIVE_GENL_VERSION))
		return netlink_failure("build a netlink request", -NLE_NOMEM);
	return request;
}

// Puts a refusal -- the positive errno and the extack message -- into a
// sentence.
using Describe = std::function<std::string(int error, std::string_view extack)>;

// Sends @request and collects the kernel's replies until it acknowledges
// or refuses the request or, for a dump, ends the dump.
Result<std::vector<MessagePtr>> collect_replies(nl_sock *socket, nl_msg *request,
						const Describe &describe = describe_kernel_error)
{
	CallbacksPtr callbacks(nl_cb_alloc(NL_CB_DEFAULT));
	if (!callbacks)
		return netlink_failure("set up netlink callbacks", -NLE_NOMEM);
	Exchange exchange;
	int err = nl_cb_set(callbacks.get(), NL_CB_VALID, NL_CB_CUSTOM, on_reply, &exchange);
	if (err == 0)
		err = nl_cb_set(callbacks.get(), NL_CB_ACK, NL_CB_CUSTOM, on_ack, &exchange);
	if (err == 0)
		err = nl_cb_set(callbacks.get(), NL_CB_FINISH, NL_CB_CUSTOM, on_finish, &exchange);
	if (err == 0)
		err = nl_cb_set(callbacks.get(), NL_CB_DUMP_INTR, NL_CB_CUSTOM,
				on_dump_interrupted, &exchange);
	if (err == 0)
		err = nl_cb_err(callbacks.get(), NL_CB_CUSTOM, on_error, &exchange);
	if (err < 0)
		return netlink_failure("set up netlink callbacks", err);

	// libnl adds NLM_F_ACK to a dump request too, but the kernel ends a
	// dump with NLMSG_DONE instead of an acknowledgement.
	err = nl_send_auto(socket, request);
	if (err < 0)
		return netlink_failure("send a request to the hive kernel module", err);
	// nl_recvmsgs() returns after each datagram, and a reply and the
	// acknowledgement are separate ones.  A refusal makes it return an
	// error code of its own; the exchange holds the kernel's.
	while (!exchange.done) {
		err = nl_recvmsgs(socket, callbacks.get());
		if (err < 0 && !exchange.done)
			return netlink_failure("read the hive kernel module's answer", err);
	}
	if (exchange.out_of_memory)
		return netlink_failure("read the hive kernel module's answer", -NLE_NOMEM);
	if (exchange.error != 0)
		return Error{describe(exchange.error, exchange.extack)};
	if (exchange.interrupted)
		return Error{"the membership view changed while it was being read; try again"};
	return std::move(exchange.replies);
}

// Sends @request and waits for the kernel to acknowledge or refuse it.
// Returns the reply the kernel sent before its acknowledgement, or null.
Result<MessagePtr> transact(nl_sock *socket, nl_msg *request,
			    const Describe &describe = describe_kernel_error)
{
	auto replies = collect_replies(socket, request, describe);
	if (!replies)
		return replies.error();
	if (replies.value().size() > 1)
		return Error{"the hive kernel module answered one request with several replies"};
	if (replies.value().empty())
		return MessagePtr();
	return std::move(replies.value().front());
}

// One HIVE_CMD_GET_NODES dump: a message per member of the view.
// Sends a command whose only answer worth reading is its acknowledgement.
Result<void> acknowledged(nl_sock *socket, nl_msg *request,
			  const Describe &describe = describe_kernel_error)
{
	const auto answer = transact(socket, request, describe);
	if (!answer)
		return answer.error();
	return {};
}

Result<std::vector<MessagePtr>> dump_nodes(nl_sock *socket, int family)
{
	auto request = new_request(family, HIVE_CMD_GET_NODES, NLM_F_DUMP);
	if (!request)
		return request.error();
	return collect_replies(socket, request.value().get());
}

Describe exec_describer(ExecRequest request, uint32_t node)
{
	return [request, node](int error, std::string_view extack) {
		return describe_exec_error(request, error, extack, node);
	};
}

// Puts the session and the origin into an exec request; libnl's error, or 0.
int put_session(nl_msg *msg, uint64_t session, uint32_t origin)
{
	const int err = nla_put_u64(msg, HIVE_ATTR_EXEC_SESSION, session);
	return err < 0 ? err : nla_put_u32(msg, HIVE_ATTR_NODE_ID, origin);
}

} // namespace

void Client::SocketFree::operator()(nl_sock *socket) const
{
	nl_socket_free(socket);
}

Client::Client(SocketPtr socket, int family) : socket_(std::move(socket)), family_(family) {}

// Room for the largest reply (a 32 KiB chunk, whose buffer the kernel
// counts as 64 KiB) and the acknowledgement after it, several times over.
constexpr int receive_buffer = 256 * 1024;

// A generic netlink socket set up as every connection needs it.
Result<Client::SocketPtr> Client::open_socket()
{
	SocketPtr socket(nl_socket_alloc());
	if (!socket)
		return netlink_failure("allocate a netlink socket", -NLE_NOMEM);
	if (const int err = genl_connect(socket.get()); err < 0)
		return netlink_failure("open a generic netlink socket", err);
	// Without extended acks the kernel's reason for a refusal is lost.
	const int on = 1;
	if (setsockopt(nl_socket_get_fd(socket.get()), SOL_NETLINK, NETLINK_EXT_ACK, &on,
		       sizeof on) < 0)
		return Error{"cannot enable netlink extended acknowledgements: " +
			     std::generic_category().message(errno)};
	// A reply may be larger than a page (an exec spec, a chunk): read the
	// length of each datagram before reading it.
	nl_socket_enable_msg_peek(socket.get());
	// libnl's 32 KiB receive buffer holds a 32 KiB chunk but not the
	// acknowledgement behind it, which the kernel would then drop.
	if (const int err = nl_socket_set_buffer_size(socket.get(), receive_buffer, 0); err < 0)
		return netlink_failure("size the netlink socket's receive buffer", err);
	return socket;
}

Result<Client> Client::connect()
{
	auto socket = open_socket();
	if (!socket)
		return socket.error();
	const int family = genl_ctrl_resolve(socket.value().get(), HIVE_GENL_NAME);
	// libnl reports the controller's ENOENT as NLE_OBJ_NOTFOUND.  The
	// family is registered in the initial network namespace only.
	if (family == -NLE_OBJ_NOTFOUND && access("/sys/module/hive", F_OK) == 0)
		return Error{"hive's generic netlink family is not reachable from this "
			     "network namespace: hive serves the initial network namespace only"};
	if (family == -NLE_OBJ_NOTFOUND)
		return Error{describe_kernel_error(ENOENT, {})};
	if (family < 0)
		return netlink_failure("look up the generic netlink family 'hive'", family);
	return Client(std::move(socket.value()), family);
}

Result<Client> Client::another() const
{
	auto socket = open_socket();
	if (!socket)
		return socket.error();
	return Client(std::move(socket.value()), family_);
}

Result<Status> Client::get_status()
{
	auto request = new_request(family_, HIVE_CMD_GET_STATUS, NLM_F_ACK);
	if (!request)
		return request.error();
	const auto reply = transact(socket_.get(), request.value().get());
	if (!reply)
		return reply.error();
	if (!reply.value())
		return Error{"the hive kernel module acknowledged the status request "
			     "but sent no status"};
	return parse_status_reply(nlmsg_hdr(reply.value().get()));
}

Result<Nodes> Client::get_nodes()
{
	// A list that does not read whole -- the view changed between two
	// parts of the dump, or a message came garbled -- is worth reading
	// once more.
	constexpr int attempts = 2;
	for (int attempt = 1;; ++attempt) {
		const auto messages = dump_nodes(socket_.get(), family_);
		if (!messages) {
			if (attempt == attempts)
				return messages.error();
			continue;
		}
		std::vector<nlmsghdr *> headers;
		for (const auto &message : messages.value())
			headers.push_back(nlmsg_hdr(message.get()));
		auto nodes = parse_node_list(headers);
		if (nodes || attempt == attempts)
			return nodes;
	}
}

Result<void> Client::set_node(uint32_t node_id, std::string_view cluster_name)
{
	auto request = new_request(family_, HIVE_CMD_SET_NODE, NLM_F_ACK);
	if (!request)
		return request.error();
	nl_msg *msg = request.value().get();
	int err = nla_put_u32(msg, HIVE_ATTR_NODE_ID, node_id);
	if (err == 0 && !cluster_name.empty())
		err = nla_put_string(msg, HIVE_ATTR_CLUSTER_NAME, std::string(cluster_name).c_str());
	if (err < 0)
		return netlink_failure("build a netlink request", err);
	return acknowledged(socket_.get(), msg);
}

// Appends one HIVE_ATTR_MEMBER nest; libnl's error, or 0.
static int put_member(nl_msg *msg, const Node &node)
{
	unsigned char addr[16];
	int len = 16;
	if (inet_pton(AF_INET6, node.address.c_str(), addr) != 1) {
		if (inet_pton(AF_INET, node.address.c_str(), addr) != 1)
			return -NLE_INVAL;
		len = 4;
	}
	nlattr *nest = nla_nest_start(msg, HIVE_ATTR_MEMBER);
	if (!nest)
		return -NLE_NOMEM;
	int err = nla_put_u32(msg, HIVE_MEMBER_ATTR_NODE_ID, node.node_id);
	if (err == 0 && node.incarnation != 0)
		err = nla_put_u64(msg, HIVE_MEMBER_ATTR_INCARNATION, node.incarnation);
	if (err == 0)
		err = nla_put(msg, HIVE_MEMBER_ATTR_ADDR, len, addr);
	if (err == 0)
		err = nla_put_u16(msg, HIVE_MEMBER_ATTR_PORT, node.port);
	if (err == 0)
		err = nla_nest_end(msg, nest);
	return err;
}

Result<void> Client::set_view(const View &view)
{
	auto request = new_request(family_, HIVE_CMD_SET_VIEW, NLM_F_ACK);
	if (!request)
		return request.error();
	nl_msg *msg = request.value().get();
	int err = nla_put_u64(msg, HIVE_ATTR_VIEW_EPOCH, view.epoch);
	if (err == 0)
		err = nla_put_u8(msg, HIVE_ATTR_VIEW_QUORATE, view.quorate);
	nlattr *members = err == 0 ? nla_nest_start(msg, HIVE_ATTR_VIEW_MEMBERS) : nullptr;
	if (err == 0 && !members)
		err = -NLE_NOMEM;
	for (const Node &node : view.members)
		if (err == 0)
			err = put_member(msg, node);
	if (err == 0)
		err = nla_nest_end(msg, members);
	if (err < 0)
		return netlink_failure("build a netlink request", err);
	return acknowledged(socket_.get(), msg);
}

Result<void> Client::set_key(const TransportKey &key, bool encrypt)
{
	auto request = new_request(family_, HIVE_CMD_SET_KEY, NLM_F_ACK);
	if (!request)
		return request.error();
	nl_msg *msg = request.value().get();
	int err = nla_put(msg, HIVE_ATTR_CLUSTER_KEY, static_cast<int>(key.size()), key.data());
	if (err == 0)
		err = nla_put_u8(msg, HIVE_ATTR_ENCRYPTION, encrypt ? 1 : 0);
	if (err < 0)
		return netlink_failure("build a netlink request", err);
	return acknowledged(socket_.get(), msg);
}

Result<void> Client::reconnect(uint32_t node_id)
{
	auto request = new_request(family_, HIVE_CMD_RECONNECT, NLM_F_ACK);
	if (!request)
		return request.error();
	nl_msg *msg = request.value().get();
	if (const int err = nla_put_u32(msg, HIVE_ATTR_NODE_ID, node_id); err < 0)
		return netlink_failure("build a netlink request", err);
	return acknowledged(socket_.get(), msg);
}

Result<MigrateMove> Client::migrate(uint32_t pid, uint32_t node)
{
	auto request = new_request(family_, HIVE_CMD_MIGRATE, NLM_F_ACK);
	if (!request)
		return request.error();
	nl_msg *msg = request.value().get();
	if (const int err = nla_put_u32(msg, HIVE_ATTR_PID, pid); err < 0)
		return netlink_failure("build a netlink request", err);
	if (const int err = node ? nla_put_u32(msg, HIVE_ATTR_NODE_ID, node) : 0; err < 0)
		return netlink_failure("build a netlink request", err);
	const auto reply = transact(socket_.get(), msg);
	if (!reply)
		return reply.error();
	if (!reply.value())
		return Error{"the hive kernel module acknowledged the migration but sent no answer"};
	return parse_migrate_reply(nlmsg_hdr(reply.value().get()));
}

Result<void> Client::migrate_adopt(uint64_t migration)
{
	auto request = new_request(family_, HIVE_CMD_MIGRATE_ADOPT, NLM_F_ACK);
	if (!request)
		return request.error();
	nl_msg *msg = request.value().get();
	if (const int err = nla_put_u64(msg, HIVE_ATTR_MIGRATION, migration); err < 0)
		return netlink_failure("build a netlink request", err);
	return acknowledged(socket_.get(), msg);
}

Result<void> Client::migrate_exited(uint64_t migration, uint32_t status)
{
	auto request = new_request(family_, HIVE_CMD_MIGRATE_EXITED, NLM_F_ACK);
	if (!request)
		return request.error();
	nl_msg *msg = request.value().get();
	if (const int err = nla_put_u64(msg, HIVE_ATTR_MIGRATION, migration); err < 0)
		return netlink_failure("build a netlink request", err);
	if (const int err = nla_put_u32(msg, HIVE_ATTR_MIGRATE_STATUS, status); err < 0)
		return netlink_failure("build a netlink request", err);
	return acknowledged(socket_.get(), msg);
}

Result<MigrateCheck> Client::migrate_check(uint32_t pid)
{
	auto request = new_request(family_, HIVE_CMD_MIGRATE_CHECK, NLM_F_ACK);
	if (!request)
		return request.error();
	nl_msg *msg = request.value().get();
	if (const int err = nla_put_u32(msg, HIVE_ATTR_PID, pid); err < 0)
		return netlink_failure("build a netlink request", err);
	const auto reply = transact(socket_.get(), msg);
	if (!reply)
		return reply.error();
	if (!reply.value())
		return Error{"the hive kernel module acknowledged the migration check "
			     "but sent no answer"};
	return parse_migrate_check_reply(nlmsg_hdr(reply.value().get()));
}

Result<void> Client::domain_join()
{
	auto request = new_request(family_, HIVE_CMD_DOMAIN_JOIN, NLM_F_ACK);
	if (!request)
		return request.error();
	return acknowledged(socket_.get(), request.value().get());
}

Result<void> Client::domain_join(uint64_t session, uint32_t origin)
{
	auto request = new_request(family_, HIVE_CMD_DOMAIN_JOIN, NLM_F_ACK);
	if (!request)
		return request.error();
	nl_msg *msg = request.value().get();
	if (const int err = put_session(msg, session, origin); err < 0)
		return netlink_failure("build a netlink request", err);
	return acknowledged(socket_.get(), msg, exec_describer(ExecRequest::join, origin));
}

Result<ExecStarted> Client::exec_start(std::string_view spec, std::optional<uint32_t> node_id)
{
	auto request = new_request(family_, HIVE_CMD_EXEC_START, NLM_F_ACK, spec.size());
	if (!request)
		return request.error();
	nl_msg *msg = request.value().get();
	int err = nla_put(msg, HIVE_ATTR_EXEC_SPEC, static_cast<int>(spec.size()), spec.data());
	if (err == 0 && node_id)
		err = nla_put_u32(msg, HIVE_ATTR_NODE_ID, *node_id);
	if (err < 0)
		return netlink_failure("build a netlink request", err);
	const auto reply =
		transact(socket_.get(), msg, exec_describer(ExecRequest::start, node_id.value_or(0)));
	if (!reply)
		return reply.error();
	if (!reply.value())
		return Error{"the hive kernel module acknowledged the exec request "
			     "but sent no node"};
	return parse_exec_start_reply(nlmsg_hdr(reply.value().get()));
}

Result<ExecAttached> Client::exec_attach(uint64_t session, uint32_t origin)
{
	auto request = new_request(family_, HIVE_CMD_EXEC_ATTACH, NLM_F_ACK);
	if (!request)
		return request.error();
	nl_msg *msg = request.value().get();
	if (const int err = put_session(msg, session, origin); err < 0)
		return netlink_failure("build a netlink request", err);
	const auto reply = transact(socket_.get(), msg, exec_describer(ExecRequest::attach, origin));
	if (!reply)
		return reply.error();
	if (!reply.value())
		return Error{"the hive kernel module acknowledged the attach request "
			     "but sent no spec"};
	return parse_exec_attach_reply(nlmsg_hdr(reply.value().get()));
}

Result<void> Client::exec_write(const ExecLink &link, std::string_view chunk)
{
	// The kernel waits at most a second for room at the other end, then
	// refuses with EAGAIN having sent nothing: send again.
	for (;;) {
		auto request = new_request(family_, HIVE_CMD_EXEC_WRITE, NLM_F_ACK, chunk.size());
		if (!request)
			return request.error();
		nl_msg *msg = request.value().get();
		int err = put_session(msg, link.session, link.origin);
		if (err == 0)
			err = nla_put(msg, HIVE_ATTR_EXEC_DATA, static_cast<int>(chunk.size()),
				      chunk.data());
		if (err < 0)
			return netlink_failure("build a netlink request", err);
		int refused = 0;
		auto written = acknowledged(socket_.get(), msg,
			[&refused, describe = exec_describer(ExecRequest::transfer, link.peer)](
				int error, std::string_view extack) {
				refused = error;
				return describe(error, extack);
			});
		if (written || refused != EAGAIN)
			return written;
	}
}

Result<std::optional<std::string>> Client::exec_read(const ExecLink &link)
{
	// The kernel answers within a second, with nothing if nothing came.
	for (;;) {
		auto request = new_request(family_, HIVE_CMD_EXEC_READ, NLM_F_ACK);
		if (!request)
			return request.error();
		nl_msg *msg = request.value().get();
		if (const int err = put_session(msg, link.session, link.origin); err < 0)
			return netlink_failure("build a netlink request", err);
		const auto reply = transact(socket_.get(), msg,
					    exec_describer(ExecRequest::transfer, link.peer));
		if (!reply)
			return reply.error();
		if (!reply.value())
			return Error{"the hive kernel module acknowledged the read request "
				     "but sent no answer"};
		auto read = parse_exec_read_reply(nlmsg_hdr(reply.value().get()));
		if (!read)
			return read.error();
		if (read.value().chunk)
			return std::move(read.value().chunk);
		if (read.value().eof)
			return std::optional<std::string>();
	}
}

Result<EchoResult> Client::echo(const EchoRequest &echo)
{
	auto request = new_request(family_, HIVE_CMD_ECHO, NLM_F_ACK);
	if (!request)
		return request.error();
	nl_msg *msg = request.value().get();
	if (const int err = put_echo_request(msg, echo); err < 0)
		return netlink_failure("build a netlink request", err);
	// The kernel runs the whole echo run inside this request.
	const auto reply = transact(socket_.get(), msg);
	if (!reply)
		return reply.error();
	if (!reply.value())
		return Error{"the hive kernel module acknowledged the echo request "
			     "but sent no measurements"};
	return parse_echo_reply(nlmsg_hdr(reply.value().get()), echo.oneway);
}

} // namespace hive
