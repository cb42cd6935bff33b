// SPDX-License-Identifier: GPL-2.0
/*
 * The handshake transcript: the bytes every handshake MAC and session key
 * is computed over.  The core only lays them out; the caller owns the key
 * and the HMAC.  And the resume rule: from the sessions and resume points
 * both sides sent, whether this side's state for the peer is stale and
 * which sequence number it sends first.  Layout and rule:
 * include/hive/core.h and Documentation/core.rst.
 */
#include "hive/core.h"
#include "byteio.hpp"
#include "errno.hpp"

using hive::wire::ByteWriter;

namespace {

// Versions the layout: a later handshake can never produce these bytes.
constexpr uint8_t transcript_tag[8] = { 'h', 'i', 'v', 'e', '-', 'h', 's', '2' };

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
	w.put<uint64_t>(hs->dialer_session);
	w.put<uint64_t>(hs->dialer_seen);
	w.put<uint64_t>(hs->listener_session);
	w.put<uint64_t>(hs->listener_seen);
	w.put<uint32_t>(hs->dialer_protection);
	w.put<uint32_t>(hs->listener_protection);
	static_assert(sizeof(transcript_tag) + 4 + 4 + 4 + 8 + 4 + 8 +
		      HIVE_WIRE_NONCE_LEN + HIVE_WIRE_NONCE_LEN + 8 + 8 +
		      4 * 8 + 4 + 4 == HIVE_WIRE_TRANSCRIPT_LEN);
	return w.ok() ? int(w.written()) : -hive::err::nospc;
}

/*
 * The two halves are one rule seen from both ends: this side resets
 * exactly when the session it last saw is not the peer's current one, and
 * the peer, seeing that same stale value as @their_seen on its side, sends
 * from 1 to it.  A fresh side (seen 0) never resets, has nothing to reset,
 * and is sent from 1 since 0 is no session.
 */
extern "C" uint64_t hive_wire_resume(uint64_t my_session, uint64_t my_seen,
				     uint64_t their_session, uint64_t their_seen,
				     uint64_t their_rx_next, int *reset)
{
	*reset = my_seen != 0 && my_seen != their_session;
	if (their_seen != my_session)
		return 1;
	return their_rx_next;
}
