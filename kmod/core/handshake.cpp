// SPDX-License-Identifier: GPL-2.0
/*
 * The handshake transcript: the bytes every handshake MAC and session key
 * is computed over.  The core only lays them out; the caller owns the key
 * and the HMAC.  Layout: include/hive/core.h and Documentation/core.rst.
 */
#include "hive/core.h"
#include "byteio.hpp"
#include "errno.hpp"

using hive::wire::ByteWriter;

namespace {

// Versions the layout: a later handshake can never produce these bytes.
constexpr uint8_t transcript_tag[8] = { 'h', 'i', 'v', 'e', '-', 'h', 's', '1' };

constexpr bool transcript_purpose_ok(uint32_t purpose)
{
	return purpose >= HIVE_WIRE_PROOF_LISTENER &&
	       purpose <= HIVE_WIRE_KEY_LISTENER_TX;
}

} // namespace

extern "C" int hive_wire_transcript(const struct hive_wire_handshake *hs,
				    uint32_t purpose, uint8_t *buf, size_t len)
{
	ByteWriter w(buf, len);

	if (!transcript_purpose_ok(purpose))
		return -hive::err::inval;
	if (len < HIVE_WIRE_TRANSCRIPT_LEN)
		return -hive::err::nospc;

	w.put_bytes(transcript_tag);
	w.put<uint32_t>(purpose);
	w.put<uint32_t>(hs->cluster_id);
	w.put<uint32_t>(hs->dialer);
	w.put<uint64_t>(hs->dialer_incarnation);
	w.put<uint32_t>(hs->listener);
	w.put<uint64_t>(hs->listener_incarnation);
	w.put_bytes(hs->dialer_nonce);
	w.put_bytes(hs->listener_nonce);
	w.put<uint64_t>(hs->dialer_rx_next);
	w.put<uint64_t>(hs->listener_rx_next);
	static_assert(sizeof(transcript_tag) + 4 + 4 + 4 + 8 + 4 + 8 +
		      HIVE_WIRE_NONCE_LEN + HIVE_WIRE_NONCE_LEN + 8 + 8 ==
		      HIVE_WIRE_TRANSCRIPT_LEN);
	return w.ok() ? int(w.written()) : -hive::err::nospc;
}
