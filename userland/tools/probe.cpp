// SPDX-License-Identifier: GPL-2.0
#include "probe.hpp"

#include <array>
#include <cerrno>
#include <cstdio>
#include <utility>
#include <vector>

#include <openssl/crypto.h>

#include "hive/authkey.hpp"
#include "probe_frames.hpp"
#include "socket.hpp"

namespace hive::tools {
namespace {

// What the "random" case sends.
constexpr size_t random_bytes_len = 4096;
// The "truncated" case stops inside the header, after magic, version,
// type, payload_len, cluster_id and sender.
constexpr size_t truncated_len = 20;

std::string seconds_text(double seconds)
{
	char text[32];
	std::snprintf(text, sizeof text, "%.2f s", seconds);
	return text;
}

std::string bytes_text(size_t n)
{
	return std::to_string(n) + (n == 1 ? " byte" : " bytes");
}

// An incarnation that no node has: hive.ko mints its own at random too, so
// a collision is as unlikely as guessing one.
Result<uint64_t> incarnation_of(const ProbeOptions &o)
{
	if (o.incarnation)
		return *o.incarnation;
	uint64_t value = 0;
	if (auto r = random_bytes(std::span(reinterpret_cast<uint8_t *>(&value), sizeof value)); !r)
		return r.error();
	return value;
}

// A session for the HELLO: random like hive.ko's, never 0 (no session).
Result<uint64_t> random_session()
{
	uint64_t value = 0;
	if (auto r = random_bytes(std::span(reinterpret_cast<uint8_t *>(&value), sizeof value)); !r)
		return r.error();
	return value ? value : 1;
}

Result<Dialer> dialer_of(const ProbeOptions &o)
{
	const auto incarnation = incarnation_of(o);
	if (!incarnation)
		return incarnation.error();
	return Dialer{hive_wire_cluster_id(o.cluster.data(), o.cluster.size()),
		      o.node,
		      incarnation.value(),
		      o.epoch,
		      o.target,
		      o.target_incarnation};
}

Result<Bytes> random_frame(size_t len)
{
	Bytes bytes(len);
	if (auto r = random_bytes(bytes); !r)
		return r.error();
	return bytes;
}

Result<Bytes> hello_of(const Dialer &dialer)
{
	Nonce nonce;
	if (auto r = random_bytes(nonce); !r)
		return r.error();
	const auto session = random_session();
	if (!session)
		return session.error();
	return hello_frame(dialer, nonce, session.value());
}

// The bytes a send-and-watch case sends.
Result<Bytes> bytes_for(const ProbeOptions &o)
{
	if (o.probe == ProbeCase::random)
		return random_frame(random_bytes_len);
	if (o.probe == ProbeCase::silent)
		return Bytes{};
	auto dialer = dialer_of(o);
	if (!dialer)
		return dialer.error();
	if (o.probe == ProbeCase::huge_length)
		return huge_length_header(dialer.value());
	if (o.probe == ProbeCase::bad_cluster) {
		// Any other id will do; the next one is never 0, which no
		// cluster name hashes to.
		const uint32_t id = dialer.value().cluster_id;
		dialer.value().cluster_id = id + 1 != 0 ? id + 1 : 1;
	}
	auto hello = hello_of(dialer.value());
	if (!hello)
		return hello.error();
	switch (o.probe) {
	case ProbeCase::truncated:
		hello.value().resize(truncated_len);
		return hello;
	case ProbeCase::bad_magic:
		return with_bad_magic(std::move(hello.value()));
	case ProbeCase::bad_version:
		return with_bad_version(std::move(hello.value()));
	case ProbeCase::paged:
		return with_a_page(std::move(hello.value()));
	default:
		return hello;
	}
}

// "node closed the connection after 0.01 s", or what happened instead.
std::string reaction_text(const ReadOutcome &r, Clock::time_point since,
			  std::chrono::seconds wait)
{
	const std::string answered = r.got ? "; it sent " + bytes_text(r.got) + " first" : "";
	switch (r.event) {
	case PeerEvent::eof:
		return "node closed the connection after " +
		       seconds_text(seconds_between(since, r.when)) + answered;
	case PeerEvent::reset:
		return "node closed the connection after " +
		       seconds_text(seconds_between(since, r.when)) + " (reset)" + answered;
	case PeerEvent::timeout:
		return "connection still open after " + std::to_string(wait.count()) + " s" +
		       (r.got ? "; node sent " + bytes_text(r.got) : "");
	default:
		return "cannot watch the connection: " + error_text(r.errno_value);
	}
}

bool node_closed(const ReadOutcome &r)
{
	return r.event == PeerEvent::eof || r.event == PeerEvent::reset;
}

bool peer_gone(int errno_value)
{
	return errno_value == EPIPE || errno_value == ECONNRESET;
}

// Sends @bytes (possibly none) and waits for the node to close.
Result<ProbeReport> send_and_watch(const ProbeOptions &o, const Bytes &bytes)
{
	auto fd = connect_tcp(o.host, o.port, o.wait, o.from);
	if (!fd)
		return fd.error();
	const std::string name(probe_case_name(o.probe));
	const SendOutcome sent = send_all(fd.value().get(), bytes);
	const auto sent_at = Clock::now();
	if (sent.error && !peer_gone(sent.error))
		return Error{name + ": cannot send: " + error_text(sent.error)};
	if (sent.error)
		return ProbeReport{true, name + ": sent " + std::to_string(sent.sent) + " of " +
						 bytes_text(bytes.size()) +
						 ", node closed the connection while they were sent\n"};
	const auto r = wait_for_close(fd.value().get(), sent_at + o.wait);
	return ProbeReport{node_closed(r), name + ": sent " + bytes_text(sent.sent) + ", " +
						   reaction_text(r, sent_at, o.wait) + "\n"};
}

// Why a wrong-key run stopped before it could send its AUTH.
ProbeReport no_challenge(const std::string &why)
{
	return ProbeReport{false, "wrong-key: " + why + "\n"};
}

std::string missing_challenge_text(const ReadOutcome &r, Clock::time_point since,
				   std::chrono::seconds wait)
{
	if (node_closed(r))
		return "sent a HELLO, node closed the connection after " +
		       seconds_text(seconds_between(since, r.when)) +
		       " without a CHALLENGE (is node --as a member with --incarnation, and is "
		       "the node probed --target with --target-incarnation?)";
	if (r.event == PeerEvent::timeout)
		return "sent a HELLO, no CHALLENGE within " + std::to_string(wait.count()) + " s";
	return "cannot read the CHALLENGE: " + error_text(r.errno_value);
}

// The wrong-key case: a complete handshake as a real member whose AUTH
// carries a MAC made with another key.  It first checks the listener's
// proof with the real key, so a refusal cannot be blamed on the probe
// speaking the protocol wrong.
Result<ProbeReport> wrong_key(const ProbeOptions &o)
{
	const auto authkey = load_authkey(o.key_path);
	if (!authkey)
		return authkey.error();
	// The real key with one bit flipped: the nearest wrong key there is.
	std::vector<uint8_t> wrong = authkey.value();
	wrong[0] ^= 1;
	const auto key = derive_transport_key(authkey.value());
	const auto wrong_key = derive_transport_key(wrong);
	if (!key || !wrong_key)
		return key ? wrong_key.error() : key.error();
	const auto dialer = dialer_of(o);
	if (!dialer)
		return dialer.error();
	Nonce nonce;
	if (auto r = random_bytes(nonce); !r)
		return r.error();
	const auto session = random_session();
	if (!session)
		return session.error();

	auto fd = connect_tcp(o.host, o.port, o.wait, o.from);
	if (!fd)
		return fd.error();
	const int sock = fd.value().get();
	const Bytes hello = hello_frame(dialer.value(), nonce, session.value());
	const SendOutcome hello_sent = send_all(sock, hello);
	const auto sent_at = Clock::now();
	if (hello_sent.error)
		return Error{"wrong-key: cannot send the HELLO: " + error_text(hello_sent.error)};

	const auto deadline = sent_at + o.wait;
	std::array<uint8_t, HIVE_WIRE_HEADER_LEN + HIVE_WIRE_CHALLENGE_LEN> answer;
	const auto header_read = read_exact(sock, std::span(answer).first(HIVE_WIRE_HEADER_LEN),
					    deadline);
	if (header_read.event != PeerEvent::none)
		return no_challenge(missing_challenge_text(header_read, sent_at, o.wait));
	hive_wire_header h;
	const int rc = hive_wire_header_decode(answer.data(), HIVE_WIRE_HEADER_LEN,
					       HIVE_WIRE_CHALLENGE_LEN, &h);
	if (rc < 0)
		return no_challenge("the node answered with a header that does not decode (" +
				    std::to_string(rc) + ")");
	if (h.type != HIVE_WIRE_CHALLENGE || h.payload_len != HIVE_WIRE_CHALLENGE_LEN)
		return no_challenge("the node answered with a frame of type " +
				    std::to_string(h.type) + " and " + bytes_text(h.payload_len) +
				    " instead of a CHALLENGE");
	if (h.cluster_id != dialer.value().cluster_id || h.sender != o.target ||
	    h.incarnation != o.target_incarnation)
		return no_challenge("the CHALLENGE comes from node " + std::to_string(h.sender) +
				    " incarnation " + std::to_string(h.incarnation) +
				    " in cluster id " + std::to_string(h.cluster_id) +
				    ", not from --target, --target-incarnation, --cluster");
	const auto payload_read =
		read_exact(sock, std::span(answer).subspan(HIVE_WIRE_HEADER_LEN), deadline);
	if (payload_read.event != PeerEvent::none)
		return no_challenge(missing_challenge_text(payload_read, sent_at, o.wait));
	hive_wire_challenge challenge;
	if (hive_wire_challenge_decode(answer.data() + HIVE_WIRE_HEADER_LEN,
				       HIVE_WIRE_CHALLENGE_LEN, &challenge) < 0)
		return no_challenge("the CHALLENGE payload does not decode");

	hive_wire_handshake hs{};
	hs.cluster_id = dialer.value().cluster_id;
	hs.dialer = dialer.value().node;
	hs.dialer_incarnation = dialer.value().incarnation;
	hs.listener = o.target;
	hs.listener_incarnation = o.target_incarnation;
	std::copy(nonce.begin(), nonce.end(), hs.dialer_nonce);
	std::copy(challenge.nonce, challenge.nonce + HIVE_WIRE_NONCE_LEN, hs.listener_nonce);
	hs.dialer_rx_next = probe_rx_next;
	hs.listener_rx_next = challenge.rx_next;
	hs.dialer_session = session.value();
	hs.dialer_seen = probe_peer_session;
	hs.listener_session = challenge.session;
	hs.listener_seen = challenge.peer_session;
	hs.dialer_protection = probe_protection;
	hs.listener_protection = challenge.protection;
	const auto expected = handshake_mac(key.value(), hs, HIVE_WIRE_PROOF_LISTENER);
	if (!expected)
		return expected.error();
	if (CRYPTO_memcmp(expected.value().data(), challenge.mac, HIVE_WIRE_HMAC_LEN) != 0)
		return no_challenge("the listener's proof does not verify with the key in " +
				    o.key_path);
	std::string text = "wrong-key: listener proof verified\n";

	const auto bad_mac = handshake_mac(wrong_key.value(), hs, HIVE_WIRE_PROOF_DIALER);
	if (!bad_mac)
		return bad_mac.error();
	const Bytes auth = auth_frame(dialer.value(), bad_mac.value());
	const SendOutcome auth_sent = send_all(sock, auth);
	const auto auth_at = Clock::now();
	const size_t total = hello_sent.sent + auth_sent.sent;
	if (auth_sent.error && !peer_gone(auth_sent.error))
		return Error{"wrong-key: cannot send the AUTH: " + error_text(auth_sent.error)};
	if (auth_sent.error)
		return ProbeReport{true, text + "wrong-key: sent " + bytes_text(total) +
						 " (HELLO, AUTH with a wrong key), node closed the "
						 "connection while the AUTH was sent\n"};
	const auto r = wait_for_close(sock, auth_at + o.wait);
	text += "wrong-key: sent " + bytes_text(total) + " (HELLO, AUTH with a wrong key), " +
		reaction_text(r, auth_at, o.wait) + "\n";
	return ProbeReport{node_closed(r), text};
}

} // namespace

Result<ProbeReport> run_probe(const ProbeOptions &o)
{
	if (o.probe == ProbeCase::flood)
		return run_flood(o);
	if (o.probe == ProbeCase::wrong_key)
		return wrong_key(o);
	const auto bytes = bytes_for(o);
	if (!bytes)
		return bytes.error();
	return send_and_watch(o, bytes.value());
}

} // namespace hive::tools
