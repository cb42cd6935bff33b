// SPDX-License-Identifier: GPL-2.0
// The payload codecs (hello, challenge, auth, rpc, u64): the exact byte
// layout of each, and for all of them random round trips, every truncation,
// every short output buffer and every single-bit corruption; the RPC
// status range and the handshake's non-zero session on both sides.
#include <array>
#include <cerrno>
#include <climits>
#include <cstring>
#include <random>
#include <vector>
#include <gtest/gtest.h>
#include "codec_suite.hpp"
#include "hive/core.h"

namespace {

using hive_test::Bytes;

template <size_t N> void fill(uint8_t (&a)[N], std::mt19937_64 &rng)
{
	for (auto &b : a)
		b = uint8_t(rng());
}

template <size_t N> bool same_bytes(const uint8_t (&a)[N], const uint8_t (&b)[N])
{
	return std::memcmp(a, b, N) == 0;
}

// A session: any value but 0.
uint64_t random_session(std::mt19937_64 &rng)
{
	uint64_t v = rng();

	return v ? v : 1;
}

// The session last seen: 0 (none yet) a quarter of the time.
uint64_t random_seen(std::mt19937_64 &rng)
{
	return rng() % 4 ? random_session(rng) : 0;
}

uint32_t random_protection(std::mt19937_64 &rng)
{
	return rng() % 2 ? HIVE_WIRE_PROTECT_MAC : HIVE_WIRE_PROTECT_ENCRYPT;
}

// One codec as the tests drive it: the C calls, a random valid message
// and field-by-field equality (the C structs have padding).
struct Hello {
	using Msg = hive_wire_hello;
	static constexpr size_t len = HIVE_WIRE_HELLO_LEN;
	static int encode(const Msg &m, uint8_t *b, size_t n) { return hive_wire_hello_encode(&m, b, n); }
	static int decode(const uint8_t *b, size_t n, Msg *m) { return hive_wire_hello_decode(b, n, m); }
	static Msg random(std::mt19937_64 &rng)
	{
		Msg m{};
		fill(m.nonce, rng);
		m.target = uint32_t(rng());
		m.protection = random_protection(rng);
		m.target_incarnation = rng();
		m.rx_next = rng();
		m.session = random_session(rng);
		m.peer_session = random_seen(rng);
		return m;
	}
	static bool same(const Msg &a, const Msg &b)
	{
		return same_bytes(a.nonce, b.nonce) && a.target == b.target &&
		       a.protection == b.protection &&
		       a.target_incarnation == b.target_incarnation &&
		       a.rx_next == b.rx_next && a.session == b.session &&
		       a.peer_session == b.peer_session;
	}
};

struct Challenge {
	using Msg = hive_wire_challenge;
	static constexpr size_t len = HIVE_WIRE_CHALLENGE_LEN;
	static int encode(const Msg &m, uint8_t *b, size_t n) { return hive_wire_challenge_encode(&m, b, n); }
	static int decode(const uint8_t *b, size_t n, Msg *m) { return hive_wire_challenge_decode(b, n, m); }
	static Msg random(std::mt19937_64 &rng)
	{
		Msg m{};
		fill(m.nonce, rng);
		fill(m.mac, rng);
		m.rx_next = rng();
		m.session = random_session(rng);
		m.peer_session = random_seen(rng);
		m.protection = random_protection(rng);
		return m;
	}
	static bool same(const Msg &a, const Msg &b)
	{
		return same_bytes(a.nonce, b.nonce) && same_bytes(a.mac, b.mac) &&
		       a.rx_next == b.rx_next && a.session == b.session &&
		       a.peer_session == b.peer_session &&
		       a.protection == b.protection;
	}
};

struct Auth {
	using Msg = hive_wire_auth;
	static constexpr size_t len = HIVE_WIRE_AUTH_LEN;
	static int encode(const Msg &m, uint8_t *b, size_t n) { return hive_wire_auth_encode(&m, b, n); }
	static int decode(const uint8_t *b, size_t n, Msg *m) { return hive_wire_auth_decode(b, n, m); }
	static Msg random(std::mt19937_64 &rng)
	{
		Msg m{};
		fill(m.mac, rng);
		return m;
	}
	static bool same(const Msg &a, const Msg &b) { return same_bytes(a.mac, b.mac); }
};

struct Rpc {
	using Msg = hive_wire_rpc;
	static constexpr size_t len = HIVE_WIRE_RPC_LEN;
	static int encode(const Msg &m, uint8_t *b, size_t n) { return hive_wire_rpc_encode(&m, b, n); }
	static int decode(const uint8_t *b, size_t n, Msg *m) { return hive_wire_rpc_decode(b, n, m); }
	static Msg random(std::mt19937_64 &rng)
	{
		Msg m{};
		m.id = rng();
		m.op = uint16_t(rng());
		// Half the time 0, as in CALL and CAST; else any -errno.
		m.status = rng() % 2 ? 0 : -int32_t(rng() % 4096);
		return m;
	}
	static bool same(const Msg &a, const Msg &b)
	{
		return a.id == b.id && a.op == b.op && a.status == b.status;
	}
};

struct U64 {
	using Msg = uint64_t;
	static constexpr size_t len = HIVE_WIRE_U64_LEN;
	static int encode(const Msg &m, uint8_t *b, size_t n) { return hive_wire_u64_encode(m, b, n); }
	static int decode(const uint8_t *b, size_t n, Msg *m) { return hive_wire_u64_decode(b, n, m); }
	static Msg random(std::mt19937_64 &rng) { return rng(); }
	static bool same(const Msg &a, const Msg &b) { return a == b; }
};

using hive_test::encode;

// Big-endian appenders, independent of the core's ByteWriter.
void be(Bytes &b, uint64_t v, int bytes)
{
	for (int i = bytes - 1; i >= 0; i--)
		b.push_back(uint8_t(v >> (8 * i)));
}

template <size_t N> void raw(Bytes &b, const uint8_t (&a)[N])
{
	b.insert(b.end(), a, a + N);
}

uint64_t be64_at(const Bytes &b, size_t off)
{
	uint64_t v = 0;

	for (size_t i = 0; i < 8; i++)
		v = v << 8 | b.at(off + i);
	return v;
}

template <size_t N> void pattern(uint8_t (&a)[N], uint8_t start)
{
	for (size_t i = 0; i < N; i++)
		a[i] = uint8_t(start + i);
}

} // namespace

using PayloadTypes = testing::Types<Hello, Challenge, Auth, Rpc, U64>;
namespace hive_test {
INSTANTIATE_TYPED_TEST_SUITE_P(Payload, CodecSuite, ::PayloadTypes);
} // namespace hive_test

TEST(HelloPayload, LayoutIsBigEndianAsDocumented)
{
	hive_wire_hello m{};
	Bytes want;

	pattern(m.nonce, 0x10);
	m.target = 0x01020304;
	m.protection = HIVE_WIRE_PROTECT_ENCRYPT;
	m.target_incarnation = 0x1112131415161718ull;
	m.rx_next = 0x2122232425262728ull;
	m.session = 0x3132333435363738ull;
	m.peer_session = 0x4142434445464748ull;
	raw(want, m.nonce);
	want.insert(want.end(), { 0x01, 0x02, 0x03, 0x04 });		// target
	want.insert(want.end(), { 0, 0, 0, 2 });			// protection
	want.insert(want.end(), { 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18 });
	want.insert(want.end(), { 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28 });
	want.insert(want.end(), { 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38 });
	want.insert(want.end(), { 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48 });
	ASSERT_EQ(size_t(72), want.size());
	ASSERT_EQ(size_t(HIVE_WIRE_HELLO_LEN), want.size());
	EXPECT_EQ(want, encode<Hello>(m));
}

// HELLO and CHALLENGE carry a protection this version knows (MAC or
// ENCRYPT): any other value is refused by the decoder and never encoded.
namespace {

uint32_t be32_at(const Bytes &b, size_t off)
{
	return uint32_t(b[off]) << 24 | uint32_t(b[off + 1]) << 16 |
	       uint32_t(b[off + 2]) << 8 | b[off + 3];
}

template <typename C> void check_protection(size_t off)
{
	std::mt19937_64 rng(17);

	for (uint32_t p : { 0u, 3u, 0x100u, 0x80000001u, UINT32_MAX }) {
		typename C::Msg m = C::random(rng), out = C::random(rng);
		const typename C::Msg sentinel = out;
		Bytes b = encode<C>(m), room(C::len, 0x5a);

		ASSERT_EQ(be32_at(b, off), m.protection);
		for (int i = 0; i < 4; i++)
			b[off + i] = uint8_t(p >> (24 - 8 * i));
		EXPECT_EQ(-EBADMSG, C::decode(b.data(), b.size(), &out)) << p;
		EXPECT_TRUE(C::same(sentinel, out));
		m.protection = p;
		EXPECT_EQ(-EINVAL, C::encode(m, room.data(), room.size())) << p;
		EXPECT_EQ(Bytes(C::len, 0x5a), room);
	}
}

} // namespace

TEST(HandshakePayloads, UnknownProtectionIsRefusedBothWays)
{
	check_protection<Hello>(36);
	check_protection<Challenge>(88);
}

TEST(ChallengePayload, EveryReservedBitIsRefused)
{
	std::mt19937_64 rng(10);
	const Bytes good = encode<Challenge>(Challenge::random(rng));
	hive_wire_challenge sentinel = Challenge::random(rng);

	for (size_t bit = 92 * 8; bit < 96 * 8; bit++) {
		Bytes b = good;
		hive_wire_challenge out = sentinel;

		b[bit / 8] ^= uint8_t(1u << (bit % 8));
		EXPECT_EQ(-EBADMSG, hive_wire_challenge_decode(b.data(), b.size(), &out)) << bit;
		EXPECT_TRUE(Challenge::same(sentinel, out));
	}
}

TEST(ChallengePayload, LayoutIsBigEndianAsDocumented)
{
	hive_wire_challenge m{};
	Bytes want;

	pattern(m.nonce, 0x20);
	pattern(m.mac, 0x80);
	m.rx_next = 0x0a0b0c0d0e0f1011ull;
	m.session = 0x1a1b1c1d1e1f2021ull;
	m.peer_session = 0x2a2b2c2d2e2f3031ull;
	m.protection = HIVE_WIRE_PROTECT_MAC;
	raw(want, m.nonce);
	raw(want, m.mac);
	want.insert(want.end(), { 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11 });
	want.insert(want.end(), { 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x21 });
	want.insert(want.end(), { 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f, 0x30, 0x31 });
	want.insert(want.end(), { 0, 0, 0, 1 });			// protection
	want.insert(want.end(), { 0, 0, 0, 0 });			// reserved
	ASSERT_EQ(size_t(96), want.size());
	ASSERT_EQ(size_t(HIVE_WIRE_CHALLENGE_LEN), want.size());
	EXPECT_EQ(want, encode<Challenge>(m));
}

// Every peer object has a session, so a HELLO or CHALLENGE with session 0
// is malformed, and the encoder never sends one: -EBADMSG and -EINVAL,
// nothing written either way.  peer_session 0 is "none seen yet": fine.
namespace {

template <typename C> void check_session_zero(size_t session_off)
{
	std::mt19937_64 rng(16);

	for (int i = 0; i < 200; i++) {
		typename C::Msg m = C::random(rng), out = C::random(rng);
		const typename C::Msg sentinel = out;
		Bytes b = encode<C>(m);

		ASSERT_EQ(be64_at(b, session_off), m.session);
		ASSERT_EQ(be64_at(b, session_off + 8), m.peer_session);

		// peer_session 0 round-trips.
		m.peer_session = 0;
		b = encode<C>(m);
		ASSERT_EQ(int(C::len), C::decode(b.data(), b.size(), &out));
		ASSERT_TRUE(C::same(m, out));

		// session 0 is refused, whatever else the payload holds.
		out = sentinel;
		std::fill_n(b.begin() + session_off, 8, 0);
		ASSERT_EQ(-EBADMSG, C::decode(b.data(), b.size(), &out)) << i;
		ASSERT_TRUE(C::same(sentinel, out));
		for (uint64_t seen : { uint64_t(0), m.session, rng() }) {
			typename C::Msg bad = m;
			Bytes room(C::len + 4, 0x5a), small(C::len - 1, 0x5a);

			bad.session = 0;
			bad.peer_session = seen;
			ASSERT_EQ(-EINVAL, C::encode(bad, room.data(), room.size()));
			ASSERT_EQ(Bytes(C::len + 4, 0x5a), room);
			ASSERT_EQ(-EINVAL, C::encode(bad, small.data(), small.size()));
			ASSERT_EQ(-EINVAL, C::encode(bad, nullptr, 0));
		}
	}
}

} // namespace

TEST(HelloPayload, SessionZeroIsRefusedBothWays)
{
	check_session_zero<Hello>(56);
}

TEST(ChallengePayload, SessionZeroIsRefusedBothWays)
{
	check_session_zero<Challenge>(72);
}

// Every non-zero session is one, including those with a single bit set.
TEST(HandshakePayloads, EveryOneBitSessionIsValid)
{
	for (int bit = 0; bit < 64; bit++)
		for (uint64_t seen : { uint64_t(0), uint64_t(1) << bit, UINT64_MAX }) {
			hive_wire_hello m{}, out{};
			hive_wire_challenge c{}, cout{};

			m.session = c.session = 1ull << bit;
			m.peer_session = c.peer_session = seen;
			m.protection = HIVE_WIRE_PROTECT_MAC;
			c.protection = HIVE_WIRE_PROTECT_ENCRYPT;
			const Bytes hb = encode<Hello>(m), cb = encode<Challenge>(c);
			ASSERT_EQ(int(HIVE_WIRE_HELLO_LEN),
				  hive_wire_hello_decode(hb.data(), hb.size(), &out)) << bit;
			ASSERT_EQ(int(HIVE_WIRE_CHALLENGE_LEN),
				  hive_wire_challenge_decode(cb.data(), cb.size(), &cout)) << bit;
			ASSERT_TRUE(Hello::same(m, out));
			ASSERT_TRUE(Challenge::same(c, cout));
		}
}

// The dialer's resume point travels in HELLO; AUTH is the proof alone.
TEST(AuthPayload, LayoutIsBigEndianAsDocumented)
{
	hive_wire_auth m{};
	Bytes want;
	hive_wire_auth out{};

	pattern(m.mac, 0xc0);
	raw(want, m.mac);
	ASSERT_EQ(size_t(32), want.size());
	ASSERT_EQ(size_t(HIVE_WIRE_AUTH_LEN), want.size());
	EXPECT_EQ(want, encode<Auth>(m));
	ASSERT_EQ(32, hive_wire_auth_decode(want.data(), want.size(), &out));
	EXPECT_TRUE(Auth::same(m, out));
}

TEST(RpcPayload, LayoutIsBigEndianAsDocumented)
{
	hive_wire_rpc m{ .id = 0x0102030405060708ull, .op = 0xa1b2, .status = -22 };
	const Bytes want = {
		0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,	// id
		0xa1, 0xb2,					// op
		0x00, 0x00,					// reserved
		0xff, 0xff, 0xff, 0xea,				// status -EINVAL
	};

	ASSERT_EQ(size_t(HIVE_WIRE_RPC_LEN), want.size());
	EXPECT_EQ(want, encode<Rpc>(m));
}

TEST(RpcPayload, EveryReservedBitIsRefused)
{
	const Bytes good = encode<Rpc>(hive_wire_rpc{ .id = 5, .op = 6, .status = 0 });

	for (size_t bit = 10 * 8; bit < 12 * 8; bit++) {
		Bytes b = good;
		hive_wire_rpc out{ .id = 1, .op = 2, .status = -3 };

		b[bit / 8] ^= uint8_t(1u << (bit % 8));
		EXPECT_EQ(-EBADMSG, hive_wire_rpc_decode(b.data(), b.size(), &out)) << bit;
		EXPECT_EQ(1u, out.id);
		EXPECT_EQ(-3, out.status);
	}
}

// Status is 0 or a kernel -errno: [-4095, 0] and nothing else.
TEST(RpcPayload, StatusOutsideErrnoRangeIsRefused)
{
	std::vector<int64_t> statuses = { INT32_MIN, INT32_MIN + 1, -65536, 1, 2, 4095,
					  4096, INT32_MAX };
	std::mt19937_64 rng(11);

	for (int64_t s = -5000; s <= 100; s++)
		statuses.push_back(s);
	for (int i = 0; i < 10000; i++)
		statuses.push_back(int32_t(rng()));

	for (int64_t s : statuses) {
		Bytes b = { 0, 0, 0, 0, 0, 0, 0, 9, 0, 3, 0, 0 };
		hive_wire_rpc out{};
		bool valid = s >= -4095 && s <= 0;

		be(b, uint32_t(int32_t(s)), 4);
		ASSERT_EQ(valid ? int(HIVE_WIRE_RPC_LEN) : -EBADMSG,
			  hive_wire_rpc_decode(b.data(), b.size(), &out)) << s;
		if (valid) {
			ASSERT_EQ(s, out.status);
			ASSERT_EQ(9u, out.id);
			ASSERT_EQ(3u, out.op);
		}
	}
}

// What the decoder refuses the encoder never sends: -EINVAL, nothing
// written, whatever room it was given.
TEST(RpcPayload, EncodeRefusesStatusOutsideErrnoRange)
{
	std::vector<int64_t> statuses = { INT32_MIN, INT32_MIN + 1, -65536, 1, 2, 4095,
					  4096, INT32_MAX };
	std::mt19937_64 rng(14);

	for (int64_t s = -5000; s <= 100; s++)
		statuses.push_back(s);
	for (int i = 0; i < 10000; i++)
		statuses.push_back(int32_t(rng()));

	for (int64_t s : statuses) {
		hive_wire_rpc m{ .id = 9, .op = 3, .status = int32_t(s) };
		bool valid = s >= -4095 && s <= 0;
		Bytes b(HIVE_WIRE_RPC_LEN + 4, 0x5a);
		Bytes small(HIVE_WIRE_RPC_LEN - 1, 0x5a);
		hive_wire_rpc out{};

		if (!valid) {
			ASSERT_EQ(-EINVAL, hive_wire_rpc_encode(&m, b.data(), b.size())) << s;
			ASSERT_EQ(Bytes(HIVE_WIRE_RPC_LEN + 4, 0x5a), b) << s;
			ASSERT_EQ(-EINVAL, hive_wire_rpc_encode(&m, small.data(), small.size()))
				<< s;
			ASSERT_EQ(-EINVAL, hive_wire_rpc_encode(&m, nullptr, 0)) << s;
			continue;
		}
		ASSERT_EQ(int(HIVE_WIRE_RPC_LEN), hive_wire_rpc_encode(&m, b.data(), b.size()))
			<< s;
		ASSERT_EQ(int(HIVE_WIRE_RPC_LEN), hive_wire_rpc_decode(b.data(), b.size(), &out))
			<< s;
		ASSERT_TRUE(Rpc::same(m, out)) << s;
		ASSERT_EQ(-ENOSPC, hive_wire_rpc_encode(&m, small.data(), small.size())) << s;
	}
}

TEST(U64Payload, LayoutIsBigEndianAsDocumented)
{
	const Bytes want = { 0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10 };
	uint64_t v = 0;

	EXPECT_EQ(want, encode<U64>(0xfedcba9876543210ull));
	ASSERT_EQ(8, hive_wire_u64_decode(want.data(), want.size(), &v));
	EXPECT_EQ(0xfedcba9876543210ull, v);
}
