// SPDX-License-Identifier: GPL-2.0
// hive-probe's wrong-key case against a fake listener on localhost that
// runs the listener's half of the handshake.
#include <algorithm>
#include <numeric>
#include <thread>
#include <vector>

#include <poll.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "probe.hpp"
#include "probe_frames.hpp"
#include "socket.hpp"

namespace {

using namespace hive::tools;

constexpr uint32_t listener_id = 2;
constexpr uint64_t listener_incarnation = 77;
constexpr uint64_t listener_session = 0x5e55;
// The listener claims to have seen an older session of the probe's, so a
// probe that assumed 0 there would compute another proof.
constexpr uint64_t listener_seen = 0x01d5e55;
constexpr std::chrono::seconds test_wait{5};

std::vector<uint8_t> counting_authkey(uint8_t first)
{
	std::vector<uint8_t> authkey(hive::authkey_bytes);
	std::iota(authkey.begin(), authkey.end(), first);
	return authkey;
}

// A file holding @authkey, removed at the end of the test.
class KeyFile {
public:
	explicit KeyFile(const std::vector<uint8_t> &authkey)
	{
		path_ = testing::TempDir() + "hive_tools_authkey_XXXXXX";
		const int fd = mkstemp(path_.data());
		EXPECT_GE(fd, 0);
		EXPECT_EQ(write(fd, authkey.data(), authkey.size()),
			  static_cast<ssize_t>(authkey.size()));
		close(fd);
	}
	~KeyFile() { unlink(path_.c_str()); }
	const std::string &path() const { return path_; }

private:
	std::string path_;
};

// The listener's half of the handshake, once, in a thread of its own.
class FakeListener {
public:
	enum class Behaviour { honest, closes_on_hello };

	FakeListener(const std::vector<uint8_t> &authkey, Behaviour behaviour)
	{
		auto fd = listen_tcp(0);
		EXPECT_TRUE(fd) << fd.error().message;
		listener_ = std::move(fd.value());
		port_ = local_port(listener_.get()).value();
		key_ = hive::derive_transport_key(authkey).value();
		thread_ = std::thread([this, behaviour] { serve(behaviour); });
	}
	~FakeListener() { join(); }

	void join()
	{
		if (thread_.joinable())
			thread_.join();
	}

	uint16_t port() const { return port_; }
	bool got_auth() const { return got_auth_; }
	uint64_t hello_session() const { return hello_session_; }
	uint64_t hello_peer_session() const { return hello_peer_session_; }
	bool auth_verified() const { return auth_verified_; }

private:
	void serve(Behaviour behaviour)
	{
		const auto deadline = Clock::now() + test_wait;
		pollfd p{listener_.get(), POLLIN, 0};
		if (poll(&p, 1, 5000) != 1)
			return;
		const Fd conn(accept(listener_.get(), nullptr, nullptr));
		Bytes hello(HIVE_WIRE_HEADER_LEN + HIVE_WIRE_HELLO_LEN);
		if (read_exact(conn.get(), hello, deadline).event != PeerEvent::none ||
		    behaviour == Behaviour::closes_on_hello)
			return;
		hive_wire_header h;
		hive_wire_hello hi;
		if (hive_wire_header_decode(hello.data(), HIVE_WIRE_HEADER_LEN,
					    HIVE_WIRE_PAYLOAD_MAX, &h) < 0 ||
		    hive_wire_hello_decode(hello.data() + HIVE_WIRE_HEADER_LEN,
					   HIVE_WIRE_HELLO_LEN, &hi) < 0)
			return;

		hello_session_ = hi.session;
		hello_peer_session_ = hi.peer_session;

		hive_wire_handshake hs{};
		hs.cluster_id = h.cluster_id;
		hs.dialer = h.sender;
		hs.dialer_incarnation = h.incarnation;
		hs.listener = listener_id;
		hs.listener_incarnation = listener_incarnation;
		std::copy(hi.nonce, hi.nonce + HIVE_WIRE_NONCE_LEN, hs.dialer_nonce);
		std::fill_n(hs.listener_nonce, HIVE_WIRE_NONCE_LEN, 0x33);
		hs.dialer_rx_next = hi.rx_next;
		hs.listener_rx_next = 1;
		hs.dialer_session = hi.session;
		hs.dialer_seen = hi.peer_session;
		hs.listener_session = listener_session;
		hs.listener_seen = listener_seen;
		hs.dialer_protection = hi.protection;
		hs.listener_protection = hi.protection;
		hive_wire_challenge challenge{};
		std::copy(hs.listener_nonce, hs.listener_nonce + HIVE_WIRE_NONCE_LEN,
			  challenge.nonce);
		const auto proof = handshake_mac(key_, hs, HIVE_WIRE_PROOF_LISTENER).value();
		std::copy(proof.begin(), proof.end(), challenge.mac);
		challenge.rx_next = hs.listener_rx_next;
		challenge.session = hs.listener_session;
		challenge.peer_session = hs.listener_seen;
		challenge.protection = hs.listener_protection;

		hive_wire_header out{};
		out.type = HIVE_WIRE_CHALLENGE;
		out.payload_len = HIVE_WIRE_CHALLENGE_LEN;
		out.cluster_id = h.cluster_id;
		out.sender = listener_id;
		out.incarnation = listener_incarnation;
		Bytes frame(HIVE_WIRE_HEADER_LEN + HIVE_WIRE_CHALLENGE_LEN);
		hive_wire_header_encode(&out, frame.data(), frame.size());
		hive_wire_challenge_encode(&challenge, frame.data() + HIVE_WIRE_HEADER_LEN,
					   HIVE_WIRE_CHALLENGE_LEN);
		if (send_all(conn.get(), frame).error)
			return;

		Bytes auth_frame(HIVE_WIRE_HEADER_LEN + HIVE_WIRE_AUTH_LEN);
		if (read_exact(conn.get(), auth_frame, deadline).event != PeerEvent::none)
			return;
		hive_wire_auth auth;
		if (hive_wire_auth_decode(auth_frame.data() + HIVE_WIRE_HEADER_LEN,
					  HIVE_WIRE_AUTH_LEN, &auth) < 0)
			return;
		got_auth_ = true;
		const auto expected = handshake_mac(key_, hs, HIVE_WIRE_PROOF_DIALER).value();
		auth_verified_ = std::equal(expected.begin(), expected.end(), auth.mac);
	}

	Fd listener_;
	uint16_t port_ = 0;
	hive::TransportKey key_{};
	std::thread thread_;
	bool got_auth_ = false;
	bool auth_verified_ = false;
	uint64_t hello_session_ = 0;
	uint64_t hello_peer_session_ = UINT64_MAX;
};

ProbeOptions wrong_key_options(uint16_t port, const std::string &key_path)
{
	ProbeOptions o;
	o.host = "127.0.0.1";
	o.port = port;
	o.probe = ProbeCase::wrong_key;
	o.key_path = key_path;
	o.node = 1;
	o.incarnation = 5;
	o.target = listener_id;
	o.target_incarnation = listener_incarnation;
	o.wait = test_wait;
	return o;
}

TEST(ProbeWrongKey, VerifiesTheListenerThenSendsAnAuthThatDoesNotVerify)
{
	const auto authkey = counting_authkey(0);
	const KeyFile key(authkey);
	FakeListener listener(authkey, FakeListener::Behaviour::honest);
	const auto report = run_probe(wrong_key_options(listener.port(), key.path()));
	listener.join();
	ASSERT_TRUE(report) << report.error().message;
	EXPECT_TRUE(report.value().as_expected) << report.value().text;
	EXPECT_TRUE(report.value().text.starts_with("wrong-key: listener proof verified\n"
						    "wrong-key: sent 200 bytes (HELLO, AUTH with a "
						    "wrong key), node closed the connection after "))
		<< report.value().text;
	EXPECT_TRUE(listener.got_auth());
	EXPECT_FALSE(listener.auth_verified());
	// A session of its own, and none of the listener's seen yet.
	EXPECT_NE(listener.hello_session(), 0u);
	EXPECT_EQ(listener.hello_peer_session(), 0u);
}

TEST(ProbeWrongKey, FailsWhenTheListenerProofDoesNotVerify)
{
	const KeyFile key(counting_authkey(0));
	FakeListener listener(counting_authkey(1), FakeListener::Behaviour::honest);
	const auto report = run_probe(wrong_key_options(listener.port(), key.path()));
	ASSERT_TRUE(report) << report.error().message;
	EXPECT_FALSE(report.value().as_expected);
	EXPECT_EQ(report.value().text, "wrong-key: the listener's proof does not verify with "
				       "the key in " + key.path() + "\n");
	EXPECT_EQ(report.value().text.find("verified"), std::string::npos);
}

TEST(ProbeWrongKey, FailsWhenTheNodeClosesWithoutChallenge)
{
	const auto authkey = counting_authkey(0);
	const KeyFile key(authkey);
	FakeListener listener(authkey, FakeListener::Behaviour::closes_on_hello);
	const auto report = run_probe(wrong_key_options(listener.port(), key.path()));
	ASSERT_TRUE(report) << report.error().message;
	EXPECT_FALSE(report.value().as_expected);
	EXPECT_NE(report.value().text.find("without a CHALLENGE"), std::string::npos)
		<< report.value().text;
}

TEST(ProbeWrongKey, NamesAnUnreadableKeyFile)
{
	const auto report = run_probe(wrong_key_options(1, "/nonexistent/authkey"));
	ASSERT_FALSE(report);
	EXPECT_TRUE(report.error().message.starts_with("/nonexistent/authkey: "))
		<< report.error().message;
}

} // namespace
