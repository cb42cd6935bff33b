// SPDX-License-Identifier: GPL-2.0
/*
 * The codec every fixed-layout payload shares.  A payload is a Layout: its
 * C struct (Msg), its length, put()/get() that write and read its fields in
 * wire order (get() returns false for a non-zero reserved field), and
 * valid(), which values of the message the protocol allows.  The encoder
 * and the decoder both apply the one valid(), so nothing is sent that a
 * receiver refuses.  HIVE_PAYLOAD_C_ABI() gives a Layout its C encode and
 * decode functions.  Used by payload.cpp and process.cpp.
 */
#ifndef HIVE_CORE_PAYLOAD_HPP
#define HIVE_CORE_PAYLOAD_HPP

#include <stddef.h>
#include <stdint.h>
#include "byteio.hpp"
#include "errno.hpp"

namespace hive::wire {

// For a static_assert: put() writes and get() reads exactly len bytes.
template <typename Layout> constexpr bool payload_layout_exact()
{
	uint8_t buf[Layout::len + 1] = {};
	typename Layout::Msg m{};
	ByteWriter w(buf, sizeof(buf));
	ByteReader r(buf, sizeof(buf));

	Layout::put(w, m);
	(void)Layout::get(r, m);
	return w.ok() && w.written() == Layout::len &&
	       r.ok() && r.consumed() == Layout::len;
}

// A name (a task's comm) NUL-terminated within its array and NUL-padded
// after, so the bytes on the wire are a function of the name alone.
template <size_t N> constexpr bool nul_padded(const char (&s)[N])
{
	size_t i = 0;

	while (i < N && s[i])
		i++;
	if (i == N)
		return false;
	for (; i < N; i++)
		if (s[i])
			return false;
	return true;
}

// All of the payload, or nothing written and -EINVAL or -ENOSPC.
template <typename Layout>
int payload_encode(const typename Layout::Msg &m, uint8_t *buf, size_t len)
{
	ByteWriter w(buf, len);

	// A caller's bug, whatever room it gave: say so rather than -ENOSPC.
	if (!Layout::valid(m))
		return -hive::err::inval;
	if (len < Layout::len)
		return -hive::err::nospc;
	Layout::put(w, m);
	return w.ok() ? int(w.written()) : -hive::err::nospc;
}

// *m is written on success only.
template <typename Layout>
int payload_decode(const uint8_t *buf, size_t len, typename Layout::Msg *m)
{
	ByteReader r(buf, len);
	typename Layout::Msg out{};
	bool reserved_ok = Layout::get(r, out);

	if (!r.ok())
		return -hive::err::again;
	if (!reserved_ok || !Layout::valid(out))
		return -hive::err::badmsg;
	*m = out;
	return int(r.consumed());
}

} // namespace hive::wire

/**
 * HIVE_PAYLOAD_C_ABI() - define the C functions of one payload
 * @prefix: the C name the pair shares: @prefix##_encode and @prefix##_decode
 * @Msg:    the message's C type, as the header spells it
 * @Layout: its Layout
 *
 * Defines int prefix_encode(const Msg *m, uint8_t *buf, size_t len) and
 * int prefix_decode(const uint8_t *buf, size_t len, Msg *m), which are
 * payload_encode() and payload_decode() of @Layout.  The declarations and
 * their kernel-doc are in the C header; use at namespace scope, once per
 * payload.
 */
#define HIVE_PAYLOAD_C_ABI(prefix, Msg, Layout)					\
	extern "C" int prefix##_encode(const Msg *m, uint8_t *buf, size_t len)	\
	{									\
		return hive::wire::payload_encode<Layout>(*m, buf, len);	\
	}									\
										\
	extern "C" int prefix##_decode(const uint8_t *buf, size_t len, Msg *m)	\
	{									\
		return hive::wire::payload_decode<Layout>(buf, len, m);		\
	}

#endif
