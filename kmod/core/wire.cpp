// SPDX-License-Identifier: GPL-2.0
/*
 * Frame header codec and the rules each frame type brings: its payload
 * length, its trailer, whether it is sequenced and so which seq it may
 * carry.  Layout and field meanings: include/hive/core.h and
 * Documentation/core.rst.  Decoding rejects a frame on its header alone, so
 * a receiver never allocates for a frame it will drop.
 */
#include "hive/core.h"
#include "byteio.hpp"
#include "errno.hpp"

using hive::wire::ByteReader;
using hive::wire::ByteWriter;

namespace {

constexpr bool wire_type_is_handshake(uint16_t type)
{
	return type == HIVE_WIRE_HELLO || type == HIVE_WIRE_CHALLENGE ||
	       type == HIVE_WIRE_AUTH;
}

constexpr bool wire_type_is_rpc(uint16_t type)
{
	return type == HIVE_WIRE_CALL || type == HIVE_WIRE_REPLY ||
	       type == HIVE_WIRE_CAST;
}

// Payload length of a type whose frames all have one size; 0 for the RPC
// types and for unknown ones.
constexpr uint32_t wire_type_fixed_len(uint16_t type)
{
	static_assert(__HIVE_WIRE_TYPE_END == 10, "give every frame type its length");
	switch (type) {
	case HIVE_WIRE_HELLO:
		return HIVE_WIRE_HELLO_LEN;
	case HIVE_WIRE_CHALLENGE:
		return HIVE_WIRE_CHALLENGE_LEN;
	case HIVE_WIRE_AUTH:
		return HIVE_WIRE_AUTH_LEN;
	case HIVE_WIRE_ACK:
	case HIVE_WIRE_PING:
	case HIVE_WIRE_PONG:
		return HIVE_WIRE_U64_LEN;
	}
	return 0;
}

// Sequenced frames count from 1; the others carry 0.  An unknown type is
// held to 0 here and refused by hive_wire_check_length().
constexpr bool wire_seq_fits(uint16_t type, uint64_t seq)
{
	return wire_type_is_rpc(type) ? seq != 0 : seq == 0;
}

} // namespace

extern "C" int hive_wire_check_length(uint16_t type, uint32_t payload_len,
				      uint32_t pages, uint32_t payload_max)
{
	uint32_t fixed = wire_type_fixed_len(type);

	if (fixed)
		return payload_len == fixed && !pages ? 0 : -hive::err::badmsg;
	if (!wire_type_is_rpc(type))
		return -hive::err::badmsg;
	// In 64 bits: pages times the page size may not fit in 32.
	if (uint64_t(pages) * HIVE_WIRE_PAGE_SIZE + HIVE_WIRE_RPC_LEN > payload_len)
		return -hive::err::badmsg;
	if (pages > HIVE_WIRE_PAGES_MAX)
		return -hive::err::msgsize;
	if (payload_max > HIVE_WIRE_PAYLOAD_MAX)
		payload_max = HIVE_WIRE_PAYLOAD_MAX;
	return payload_len - pages * HIVE_WIRE_PAGE_SIZE > payload_max ?
		       -hive::err::msgsize : 0;
}

extern "C" uint32_t hive_wire_trailer_len(uint16_t type)
{
	return wire_type_is_handshake(type) ? 0 : HIVE_WIRE_MAC_LEN;
}

extern "C" int hive_wire_is_sequenced(uint16_t type)
{
	return wire_type_is_rpc(type) ? 1 : 0;
}

extern "C" int hive_wire_header_encode(const struct hive_wire_header *h,
				       uint8_t *buf, size_t len)
{
	ByteWriter w(buf, len);

	if (len < HIVE_WIRE_HEADER_LEN)
		return -hive::err::nospc;
	if (h->pages > HIVE_WIRE_PAGES_MAX)
		return -hive::err::msgsize;
	if (h->pages && (!wire_type_is_rpc(h->type) ||
			 h->pages * HIVE_WIRE_PAGE_SIZE > h->payload_len))
		return -hive::err::inval;
	if (hive_wire_inline_len(h) > HIVE_WIRE_PAYLOAD_MAX)
		return -hive::err::msgsize;

	w.put<uint32_t>(HIVE_WIRE_MAGIC);
	w.put<uint16_t>(HIVE_WIRE_VERSION);
	w.put<uint16_t>(h->type);
	w.put<uint32_t>(h->payload_len);
	w.put<uint32_t>(h->cluster_id);
	w.put<uint32_t>(h->sender);
	w.put<uint32_t>(h->pages);
	w.put<uint64_t>(h->incarnation);
	w.put<uint64_t>(h->epoch);
	w.put<uint64_t>(h->seq);
	static_assert(4 + 2 + 2 + 4 + 4 + 4 + 4 + 8 + 8 + 8 == HIVE_WIRE_HEADER_LEN);
	return w.ok() ? int(w.written()) : -hive::err::nospc;
}

extern "C" int hive_wire_header_decode(const uint8_t *buf, size_t len,
				       uint32_t payload_max,
				       struct hive_wire_header *h)
{
	ByteReader r(buf, len);
	struct hive_wire_header out;
	int err;

	if (len < HIVE_WIRE_HEADER_LEN)
		return -hive::err::again;
	if (r.get<uint32_t>() != HIVE_WIRE_MAGIC)
		return -hive::err::badmsg;
	if (r.get<uint16_t>() != HIVE_WIRE_VERSION)
		return -hive::err::protonosupport;
	out.type = r.get<uint16_t>();
	out.payload_len = r.get<uint32_t>();
	out.cluster_id = r.get<uint32_t>();
	out.sender = r.get<uint32_t>();
	out.pages = r.get<uint32_t>();
	out.incarnation = r.get<uint64_t>();
	out.epoch = r.get<uint64_t>();
	out.seq = r.get<uint64_t>();
	if (!r.ok())
		return -hive::err::again;
	// After the version: another version may have other types.  The
	// type's rules before the limit: malformed first, too big second.
	if (!wire_seq_fits(out.type, out.seq))
		return -hive::err::badmsg;
	err = hive_wire_check_length(out.type, out.payload_len, out.pages,
				     payload_max);
	if (err)
		return err;
	// That bounds only RPC frames; the caller's limit holds for every
	// frame, so it may size its receive buffer by it.
	if (hive_wire_inline_len(&out) > payload_max)
		return -hive::err::msgsize;
	*h = out;
	return int(r.consumed());
}

extern "C" uint32_t hive_wire_cluster_id(const char *name, size_t len)
{
	uint32_t hash = 2166136261u;

	for (size_t i = 0; i < len; i++)
		hash = (hash ^ uint8_t(name[i])) * 16777619u;
	return hash ? hash : 1;
}
