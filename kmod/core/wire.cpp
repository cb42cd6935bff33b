// SPDX-License-Identifier: GPL-2.0
/*
 * Frame header codec.  Layout and field meanings: include/hive/core.h and
 * Documentation/core.rst.  Decoding rejects a frame on its header alone, so
 * a receiver never allocates for a frame it will drop.
 */
#include "hive/core.h"
#include "byteio.hpp"
#include "errno.hpp"

using hive::wire::ByteReader;
using hive::wire::ByteWriter;

extern "C" int hive_wire_header_encode(const struct hive_wire_header *h,
				       uint8_t *buf, size_t len)
{
	ByteWriter w(buf, len);

	if (len < HIVE_WIRE_HEADER_LEN)
		return -hive::err::nospc;
	if (h->payload_len > HIVE_WIRE_PAYLOAD_MAX)
		return -hive::err::msgsize;

	w.put<uint32_t>(HIVE_WIRE_MAGIC);
	w.put<uint16_t>(HIVE_WIRE_VERSION);
	w.put<uint16_t>(h->type);
	w.put<uint32_t>(h->payload_len);
	w.put<uint32_t>(h->cluster_id);
	w.put<uint32_t>(h->sender);
	w.put<uint32_t>(0);
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
	if (r.get<uint32_t>() != 0)
		return -hive::err::badmsg;
	out.incarnation = r.get<uint64_t>();
	out.epoch = r.get<uint64_t>();
	out.seq = r.get<uint64_t>();
	if (!r.ok())
		return -hive::err::again;
	if (payload_max > HIVE_WIRE_PAYLOAD_MAX)
		payload_max = HIVE_WIRE_PAYLOAD_MAX;
	if (out.payload_len > payload_max)
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
