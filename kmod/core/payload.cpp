// SPDX-License-Identifier: GPL-2.0
/*
 * Codecs for the fixed-layout payloads: the three handshake messages, the
 * RPC prefix of CALL, REPLY and CAST, and the u64 of ACK, PING and PONG.
 * Layouts: include/hive/core.h and Documentation/core.rst.
 *
 * Each payload is a Layout (payload.hpp): its C struct, its length,
 * put()/get() that write and read its fields in wire order, and valid(),
 * which values of the message the protocol allows.  put() and get() sit
 * side by side so the two directions cannot drift apart; the encoder and
 * the decoder both apply the one valid(), so nothing is sent that a
 * receiver refuses; and one pair of templates, behind the C functions
 * HIVE_PAYLOAD_C_ABI() defines, gives every payload the same bounds,
 * reserved-field and error handling.
 */
#include "hive/core.h"
#include "payload.hpp"

using hive::wire::ByteReader;
using hive::wire::ByteWriter;
using hive::wire::payload_decode;
using hive::wire::payload_encode;
using hive::wire::payload_layout_exact;

namespace {

// REPLY carries 0 or a kernel -errno; -MAX_ERRNO is the lowest of those.
constexpr int32_t rpc_status_min = -hive::err::max_errno;

constexpr bool protection_known(uint32_t p)
{
	return p == HIVE_WIRE_PROTECT_MAC || p == HIVE_WIRE_PROTECT_ENCRYPT;
}

struct HelloLayout {
	using Msg = hive_wire_hello;
	static constexpr size_t len = HIVE_WIRE_HELLO_LEN;

	static constexpr void put(ByteWriter &w, const Msg &m)
	{
		w.put_bytes(m.nonce);
		w.put<uint32_t>(m.target);
		w.put<uint32_t>(m.protection);
		w.put<uint64_t>(m.target_incarnation);
		w.put<uint64_t>(m.rx_next);
		w.put<uint64_t>(m.session);
		w.put<uint64_t>(m.peer_session);
	}

	[[nodiscard]] static constexpr bool get(ByteReader &r, Msg &m)
	{
		r.get_bytes(m.nonce);
		m.target = r.get<uint32_t>();
		m.protection = r.get<uint32_t>();
		m.target_incarnation = r.get<uint64_t>();
		m.rx_next = r.get<uint64_t>();
		m.session = r.get<uint64_t>();
		m.peer_session = r.get<uint64_t>();
		return true;
	}

	// Every peer object has a session; 0 is "none seen yet" and only
	// ever the peer_session.  The protection is one this version knows.
	[[nodiscard]] static constexpr bool valid(const Msg &m)
	{
		return m.session != 0 && protection_known(m.protection);
	}
};

struct ChallengeLayout {
	using Msg = hive_wire_challenge;
	static constexpr size_t len = HIVE_WIRE_CHALLENGE_LEN;

	static constexpr void put(ByteWriter &w, const Msg &m)
	{
		w.put_bytes(m.nonce);
		w.put_bytes(m.mac);
		w.put<uint64_t>(m.rx_next);
		w.put<uint64_t>(m.session);
		w.put<uint64_t>(m.peer_session);
		w.put<uint32_t>(m.protection);
		w.put<uint32_t>(0);
	}

	// Returns false for a non-zero reserved field.
	[[nodiscard]] static constexpr bool get(ByteReader &r, Msg &m)
	{
		r.get_bytes(m.nonce);
		r.get_bytes(m.mac);
		m.rx_next = r.get<uint64_t>();
		m.session = r.get<uint64_t>();
		m.peer_session = r.get<uint64_t>();
		m.protection = r.get<uint32_t>();
		return r.get<uint32_t>() == 0;
	}

	// As for HELLO.
	[[nodiscard]] static constexpr bool valid(const Msg &m)
	{
		return m.session != 0 && protection_known(m.protection);
	}
};

struct AuthLayout {
	using Msg = hive_wire_auth;
	static constexpr size_t len = HIVE_WIRE_AUTH_LEN;

	static constexpr void put(ByteWriter &w, const Msg &m)
	{
		w.put_bytes(m.mac);
	}

	[[nodiscard]] static constexpr bool get(ByteReader &r, Msg &m)
	{
		r.get_bytes(m.mac);
		return true;
	}

	[[nodiscard]] static constexpr bool valid(const Msg &) { return true; }
};

struct RpcLayout {
	using Msg = hive_wire_rpc;
	static constexpr size_t len = HIVE_WIRE_RPC_LEN;

	static constexpr void put(ByteWriter &w, const Msg &m)
	{
		w.put<uint64_t>(m.id);
		w.put<uint16_t>(m.op);
		w.put<uint16_t>(0);
		w.put<uint32_t>(uint32_t(m.status));
	}

	[[nodiscard]] static constexpr bool get(ByteReader &r, Msg &m)
	{
		m.id = r.get<uint64_t>();
		m.op = r.get<uint16_t>();
		bool reserved_ok = r.get<uint16_t>() == 0;
		m.status = int32_t(r.get<uint32_t>());
		return reserved_ok;
	}

	// CALL and CAST carry 0, REPLY 0 or a kernel -errno.
	[[nodiscard]] static constexpr bool valid(const Msg &m)
	{
		return m.status >= rpc_status_min && m.status <= 0;
	}
};

struct U64Layout {
	using Msg = uint64_t;
	static constexpr size_t len = HIVE_WIRE_U64_LEN;

	static constexpr void put(ByteWriter &w, const Msg &m)
	{
		w.put<uint64_t>(m);
	}

	[[nodiscard]] static constexpr bool get(ByteReader &r, Msg &m)
	{
		m = r.get<uint64_t>();
		return true;
	}

	[[nodiscard]] static constexpr bool valid(const Msg &) { return true; }
};

static_assert(payload_layout_exact<HelloLayout>());
static_assert(payload_layout_exact<ChallengeLayout>());
static_assert(payload_layout_exact<AuthLayout>());
static_assert(payload_layout_exact<RpcLayout>());
static_assert(payload_layout_exact<U64Layout>());

} // namespace

HIVE_PAYLOAD_C_ABI(hive_wire_hello, struct hive_wire_hello, HelloLayout)
HIVE_PAYLOAD_C_ABI(hive_wire_challenge, struct hive_wire_challenge, ChallengeLayout)
HIVE_PAYLOAD_C_ABI(hive_wire_auth, struct hive_wire_auth, AuthLayout)
HIVE_PAYLOAD_C_ABI(hive_wire_rpc, struct hive_wire_rpc, RpcLayout)

// Written out: the u64 encoder takes the value, not a pointer to it as
// HIVE_PAYLOAD_C_ABI() does.
extern "C" int hive_wire_u64_encode(uint64_t v, uint8_t *buf, size_t len)
{
	return payload_encode<U64Layout>(v, buf, len);
}

extern "C" int hive_wire_u64_decode(const uint8_t *buf, size_t len, uint64_t *v)
{
	return payload_decode<U64Layout>(buf, len, v);
}
