// SPDX-License-Identifier: GPL-2.0
/*
 * The frames hive-probe sends, good and deliberately bad, and the
 * handshake MACs it computes.  Valid frames come from the core's own
 * encoders (hive/core.h), so the probe speaks exactly the protocol hive.ko
 * speaks; bad ones are valid frames with bytes overwritten afterwards,
 * because the encoders refuse to produce them.
 */
#ifndef HIVE_TOOLS_PROBE_FRAMES_HPP
#define HIVE_TOOLS_PROBE_FRAMES_HPP

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "hive/authkey.hpp"
#include "hive/core.h"
#include "hive/result.hpp"

namespace hive::tools {

using Bytes = std::vector<uint8_t>;
using Nonce = std::array<uint8_t, HIVE_WIRE_NONCE_LEN>;
using HandshakeMac = std::array<uint8_t, HIVE_WIRE_HMAC_LEN>;

/// Who the probe claims to be in its frame headers, and whom it calls.
struct Dialer {
	uint32_t cluster_id; // hive_wire_cluster_id() of the cluster name
	uint32_t node;
	uint64_t incarnation;
	uint64_t epoch;
	uint32_t target;
	uint64_t target_incarnation;
};

/// Byte offsets of header fields that the bad frames overwrite; the layout
/// is the one hive/core.h documents for struct hive_wire_header.
inline constexpr size_t header_version_offset = 4;
inline constexpr size_t header_payload_len_offset = 8;
inline constexpr size_t header_pages_offset = 20;

/// The resume point a probe's HELLO claims: it has received nothing yet.
inline constexpr uint64_t probe_rx_next = 1;

/// The listener session a probe's HELLO claims to have seen: none, as a
/// dialer that never completed a handshake with the listener.
inline constexpr uint64_t probe_peer_session = 0;
/// The protection the probe's HELLO asks for: a node's default (encrypted),
/// so a node that has not turned encryption off goes on to check the AUTH.
inline constexpr uint32_t probe_protection = HIVE_WIRE_PROTECT_ENCRYPT;

/// A HELLO frame (header and payload, 120 bytes) as a dialer sends it,
/// with @p session (never 0: the encoder refuses it) as the dialer's.
Bytes hello_frame(const Dialer &dialer, const Nonce &nonce, uint64_t session);

static_assert(sizeof(TransportKey) == HIVE_WIRE_KEY_LEN);

/// An AUTH frame (header and payload, 80 bytes) carrying @p mac.
Bytes auth_frame(const Dialer &dialer, const HandshakeMac &mac);

/// A HELLO header claiming a payload of 0xffffffff bytes.  The encoder
/// refuses lengths over HIVE_WIRE_PAYLOAD_MAX, so this is a valid HELLO
/// header with its payload_len bytes overwritten.
Bytes huge_length_header(const Dialer &dialer);

/// @p frame with its magic replaced by "EVIH" (the magic byte-swapped).
Bytes with_bad_magic(Bytes frame);

/// @p frame with its version replaced by HIVE_WIRE_VERSION + 1.
Bytes with_bad_version(Bytes frame);

/// @p frame (a handshake frame) claiming one page more, and that page: a
/// handshake frame has no pages, so its header alone is malformed.
Bytes with_a_page(Bytes frame);

/// HMAC-SHA256(@p key, hive_wire_transcript(@p hs, @p purpose)), with the
/// cluster transport key (hive::derive_transport_key()).
Result<HandshakeMac> handshake_mac(const TransportKey &key, const hive_wire_handshake &hs,
				   enum hive_wire_purpose purpose);

} // namespace hive::tools

#endif // HIVE_TOOLS_PROBE_FRAMES_HPP
