// SPDX-License-Identifier: GPL-2.0
#include "probe_frames.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <openssl/evp.h>

namespace hive::tools {
namespace {

// The encoders fail only for a short buffer, an over-long payload or a
// value the protocol forbids (a session of 0), and every buffer here is
// sized from the same constants: a failure is a bug in the probe, not
// something a user can cause.
void must_encode(int rc, size_t expected, const char *what)
{
	if (rc == static_cast<int>(expected))
		return;
	std::fprintf(stderr, "hive-probe: internal error: encoding %s returned %d\n", what, rc);
	std::abort();
}

hive_wire_header header_of(const Dialer &dialer, uint16_t type, uint32_t payload_len)
{
	hive_wire_header h{};
	h.type = type;
	h.payload_len = payload_len;
	h.cluster_id = dialer.cluster_id;
	h.sender = dialer.node;
	h.incarnation = dialer.incarnation;
	h.epoch = dialer.epoch;
	h.seq = 0; // handshake frames are not sequenced
	return h;
}

// A frame of @type whose payload the caller encodes after the header.
Bytes frame_with_header(const Dialer &dialer, uint16_t type, uint32_t payload_len)
{
	Bytes frame(HIVE_WIRE_HEADER_LEN + payload_len);
	const hive_wire_header h = header_of(dialer, type, payload_len);
	must_encode(hive_wire_header_encode(&h, frame.data(), frame.size()), HIVE_WIRE_HEADER_LEN,
		    "a header");
	return frame;
}

Result<HandshakeMac> hmac_sha256(std::span<const uint8_t> key, std::span<const uint8_t> message)
{
	HandshakeMac mac;
	size_t mac_len = 0;
	if (!EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, key.data(), key.size(),
		       message.data(), message.size(), mac.data(), mac.size(), &mac_len) ||
	    mac_len != mac.size())
		return Error{"cannot compute HMAC-SHA256 with OpenSSL"};
	return mac;
}

} // namespace

Bytes hello_frame(const Dialer &dialer, const Nonce &nonce, uint64_t session)
{
	Bytes frame = frame_with_header(dialer, HIVE_WIRE_HELLO, HIVE_WIRE_HELLO_LEN);
	hive_wire_hello hello{};
	std::copy(nonce.begin(), nonce.end(), hello.nonce);
	hello.target = dialer.target;
	hello.protection = probe_protection;
	hello.target_incarnation = dialer.target_incarnation;
	hello.rx_next = probe_rx_next;
	hello.session = session;
	hello.peer_session = probe_peer_session;
	must_encode(hive_wire_hello_encode(&hello, frame.data() + HIVE_WIRE_HEADER_LEN,
					   HIVE_WIRE_HELLO_LEN),
		    HIVE_WIRE_HELLO_LEN, "a HELLO");
	return frame;
}

Bytes auth_frame(const Dialer &dialer, const HandshakeMac &mac)
{
	Bytes frame = frame_with_header(dialer, HIVE_WIRE_AUTH, HIVE_WIRE_AUTH_LEN);
	hive_wire_auth auth{};
	std::copy(mac.begin(), mac.end(), auth.mac);
	must_encode(hive_wire_auth_encode(&auth, frame.data() + HIVE_WIRE_HEADER_LEN,
					  HIVE_WIRE_AUTH_LEN),
		    HIVE_WIRE_AUTH_LEN, "an AUTH");
	return frame;
}

Bytes huge_length_header(const Dialer &dialer)
{
	Bytes header = frame_with_header(dialer, HIVE_WIRE_HELLO, HIVE_WIRE_HELLO_LEN);
	header.resize(HIVE_WIRE_HEADER_LEN);
	for (size_t i = 0; i < 4; ++i)
		header[header_payload_len_offset + i] = 0xff;
	return header;
}

Bytes with_bad_magic(Bytes frame)
{
	// The magic is the first four bytes, big-endian "HIVE".
	static_assert(HIVE_WIRE_MAGIC == 0x48495645u);
	std::reverse(frame.begin(), frame.begin() + 4);
	return frame;
}

Bytes with_bad_version(Bytes frame)
{
	constexpr uint16_t version = HIVE_WIRE_VERSION + 1;
	frame[header_version_offset] = static_cast<uint8_t>(version >> 8);
	frame[header_version_offset + 1] = static_cast<uint8_t>(version);
	return frame;
}

Bytes with_a_page(Bytes frame)
{
	const auto get = [&](size_t at) {
		return uint32_t(frame[at]) << 24 | uint32_t(frame[at + 1]) << 16 |
		       uint32_t(frame[at + 2]) << 8 | frame[at + 3];
	};
	const auto put = [&](size_t at, uint32_t v) {
		for (size_t i = 0; i < 4; ++i)
			frame[at + i] = static_cast<uint8_t>(v >> (24 - 8 * i));
	};
	put(header_payload_len_offset, get(header_payload_len_offset) + HIVE_WIRE_PAGE_SIZE);
	put(header_pages_offset, get(header_pages_offset) + 1);
	frame.resize(frame.size() + HIVE_WIRE_PAGE_SIZE, 0x5a);
	return frame;
}

Result<HandshakeMac> handshake_mac(const TransportKey &key, const hive_wire_handshake &hs,
				   enum hive_wire_purpose purpose)
{
	std::array<uint8_t, HIVE_WIRE_TRANSCRIPT_LEN> transcript;
	const int rc = hive_wire_transcript(&hs, purpose, transcript.data(), transcript.size());
	if (rc != static_cast<int>(transcript.size()))
		return Error{"cannot build the handshake transcript (error " + std::to_string(rc) +
			     ")"};
	return hmac_sha256(key, transcript);
}

} // namespace hive::tools
