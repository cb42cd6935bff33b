// SPDX-License-Identifier: GPL-2.0
#include "probe_frames.hpp"

#include <algorithm>
#include <cerrno>
#include <numeric>
#include <string>

#include <gtest/gtest.h>

namespace {

using namespace hive::tools;

const Dialer dialer{hive_wire_cluster_id("hive", 4), 1, 0x1122334455667788u, 42, 2,
		    0x99aabbccddeeff00u};
constexpr uint64_t session = 0x0102030405060708u;

Nonce counting_nonce(uint8_t first)
{
	Nonce nonce;
	std::iota(nonce.begin(), nonce.end(), first);
	return nonce;
}

std::string hex(std::span<const uint8_t> bytes)
{
	static const char digits[] = "0123456789abcdef";
	std::string text;
	for (const uint8_t b : bytes)
		text += {digits[b >> 4], digits[b & 15]};
	return text;
}

int decode_header(const Bytes &frame, hive_wire_header &h)
{
	return hive_wire_header_decode(frame.data(), frame.size(), HIVE_WIRE_PAYLOAD_MAX, &h);
}

TEST(HelloFrame, DecodesAsTheDialerSentIt)
{
	const Nonce nonce = counting_nonce(0);
	const Bytes frame = hello_frame(dialer, nonce, session);
	ASSERT_EQ(frame.size(), HIVE_WIRE_HEADER_LEN + HIVE_WIRE_HELLO_LEN);

	hive_wire_header h;
	ASSERT_EQ(decode_header(frame, h), static_cast<int>(HIVE_WIRE_HEADER_LEN));
	EXPECT_EQ(h.type, HIVE_WIRE_HELLO);
	EXPECT_EQ(h.payload_len, HIVE_WIRE_HELLO_LEN);
	EXPECT_EQ(h.cluster_id, dialer.cluster_id);
	EXPECT_EQ(h.sender, dialer.node);
	EXPECT_EQ(h.incarnation, dialer.incarnation);
	EXPECT_EQ(h.epoch, dialer.epoch);
	EXPECT_EQ(h.seq, 0u);

	hive_wire_hello hello;
	ASSERT_EQ(hive_wire_hello_decode(frame.data() + HIVE_WIRE_HEADER_LEN, HIVE_WIRE_HELLO_LEN,
					 &hello),
		  static_cast<int>(HIVE_WIRE_HELLO_LEN));
	EXPECT_TRUE(std::equal(nonce.begin(), nonce.end(), hello.nonce));
	EXPECT_EQ(hello.target, dialer.target);
	EXPECT_EQ(hello.target_incarnation, dialer.target_incarnation);
	EXPECT_EQ(hello.rx_next, probe_rx_next);
	EXPECT_EQ(hello.session, session);
	EXPECT_EQ(hello.peer_session, 0u);
}

TEST(AuthFrame, DecodesAsTheDialerSentIt)
{
	const Nonce mac_bytes = counting_nonce(100);
	HandshakeMac mac;
	std::copy(mac_bytes.begin(), mac_bytes.end(), mac.begin());
	const Bytes frame = auth_frame(dialer, mac);
	ASSERT_EQ(frame.size(), HIVE_WIRE_HEADER_LEN + HIVE_WIRE_AUTH_LEN);

	hive_wire_header h;
	ASSERT_EQ(decode_header(frame, h), static_cast<int>(HIVE_WIRE_HEADER_LEN));
	EXPECT_EQ(h.type, HIVE_WIRE_AUTH);
	EXPECT_EQ(h.payload_len, HIVE_WIRE_AUTH_LEN);
	EXPECT_EQ(h.sender, dialer.node);
	hive_wire_auth auth;
	ASSERT_EQ(hive_wire_auth_decode(frame.data() + HIVE_WIRE_HEADER_LEN, HIVE_WIRE_AUTH_LEN,
					&auth),
		  static_cast<int>(HIVE_WIRE_AUTH_LEN));
	EXPECT_TRUE(std::equal(mac.begin(), mac.end(), auth.mac));
}

TEST(HugeLengthHeader, IsAHelloHeaderThatDecodeRejects)
{
	const Bytes header = huge_length_header(dialer);
	ASSERT_EQ(header.size(), HIVE_WIRE_HEADER_LEN);
	EXPECT_EQ(hex(std::span(header).subspan(header_payload_len_offset, 4)), "ffffffff");
	// Everything else is the valid HELLO header's.
	Bytes hello = hello_frame(dialer, counting_nonce(0), session);
	hello.resize(HIVE_WIRE_HEADER_LEN);
	std::fill_n(hello.begin() + header_payload_len_offset, 4, 0xff);
	EXPECT_EQ(header, hello);

	hive_wire_header h;
	const int rc = decode_header(header, h);
	EXPECT_TRUE(rc == -EMSGSIZE || rc == -EBADMSG) << rc;
}

TEST(BadFrames, DecodeRejectsThemForTheirFault)
{
	const Bytes hello = hello_frame(dialer, counting_nonce(0), session);
	hive_wire_header h;
	const Bytes bad_magic = with_bad_magic(hello);
	EXPECT_EQ(hex(std::span(bad_magic).first(4)), "45564948"); // "EVIH"
	EXPECT_EQ(decode_header(bad_magic, h), -EBADMSG);
	EXPECT_TRUE(std::equal(hello.begin() + 4, hello.end(), bad_magic.begin() + 4));

	const Bytes bad_version = with_bad_version(hello);
	EXPECT_EQ(hex(std::span(bad_version).subspan(header_version_offset, 2)), "0004");
	EXPECT_EQ(decode_header(bad_version, h), -EPROTONOSUPPORT);

	const Bytes paged = with_a_page(hello);
	ASSERT_EQ(paged.size(), hello.size() + HIVE_WIRE_PAGE_SIZE);
	EXPECT_EQ(hex(std::span(paged).subspan(header_pages_offset, 4)), "00000001");
	EXPECT_EQ(decode_header(paged, h), -EBADMSG);
	EXPECT_TRUE(std::equal(hello.begin() + HIVE_WIRE_HEADER_LEN, hello.end(),
			       paged.begin() + HIVE_WIRE_HEADER_LEN));
}

TEST(HandshakeMac, MatchesTheDocumentedTranscript)
{
	// Expected values from Python's hmac over the layout hive/core.h
	// documents: "hive-hs2", purpose, cluster id, dialer, its
	// incarnation, listener, its incarnation, both nonces, both resume
	// points, the dialer's session and the one it saw, the listener's
	// session and the one it saw, both protections.
	std::vector<uint8_t> authkey(hive::authkey_bytes);
	std::iota(authkey.begin(), authkey.end(), 0);
	const auto key = hive::derive_transport_key(authkey);
	ASSERT_TRUE(key);
	EXPECT_EQ(hex(key.value()),
		  "18dfa41ea85956aaed33b80621270788cd76eb7cc0d1e1f5a0b3e50b1b57b204");

	hive_wire_handshake hs{};
	hs.cluster_id = hive_wire_cluster_id("hive", 4);
	hs.dialer = 1;
	hs.dialer_incarnation = 0x1122334455667788u;
	hs.listener = 2;
	hs.listener_incarnation = 0x99aabbccddeeff00u;
	const Nonce dialer_nonce = counting_nonce(0);
	const Nonce listener_nonce = counting_nonce(32);
	std::copy(dialer_nonce.begin(), dialer_nonce.end(), hs.dialer_nonce);
	std::copy(listener_nonce.begin(), listener_nonce.end(), hs.listener_nonce);
	hs.dialer_rx_next = 3;
	hs.listener_rx_next = 5;
	hs.dialer_session = session;
	hs.dialer_seen = 0;
	hs.listener_session = 0x1112131415161718u;
	hs.listener_seen = 0x2122232425262728u;
	hs.dialer_protection = HIVE_WIRE_PROTECT_ENCRYPT;
	hs.listener_protection = HIVE_WIRE_PROTECT_MAC;

	const auto listener = handshake_mac(key.value(), hs, HIVE_WIRE_PROOF_LISTENER);
	const auto dialer_proof = handshake_mac(key.value(), hs, HIVE_WIRE_PROOF_DIALER);
	ASSERT_TRUE(listener && dialer_proof);
	EXPECT_EQ(hex(listener.value()),
		  "4be6962ca3945c18bece04e058e544024bbab7cd3f6e63e16a5a2b7566e59f0c");
	EXPECT_EQ(hex(dialer_proof.value()),
		  "87b2308d1b1ba23271d062cb4f9ba21353b6e09f780cb72f5a2ee1a7f48fed6e");
}

} // namespace
