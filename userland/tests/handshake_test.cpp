// SPDX-License-Identifier: GPL-2.0
// The handshake transcript: its exact bytes, against a buffer built here
// independently of the core; one distinct transcript per purpose; both
// resume points and all four sessions covered; every rejection.
#include <cerrno>
#include <cstring>
#include <random>
#include <vector>
#include <gtest/gtest.h>
#include "hive/core.h"

namespace {

using Bytes = std::vector<uint8_t>;

const uint32_t purposes[] = {
	HIVE_WIRE_PROOF_LISTENER, HIVE_WIRE_PROOF_DIALER,
	HIVE_WIRE_KEY_DIALER_TX, HIVE_WIRE_KEY_LISTENER_TX,
};

void be(Bytes &b, uint64_t v, int bytes)
{
	for (int i = bytes - 1; i >= 0; i--)
		b.push_back(uint8_t(v >> (8 * i)));
}

// The layout in core.h, field by field.
Bytes expected(const hive_wire_handshake &hs, uint32_t purpose)
{
	Bytes b = { 'h', 'i', 'v', 'e', '-', 'h', 's', '2' };

	be(b, purpose, 4);
	be(b, hs.cluster_id, 4);
	be(b, hs.dialer, 4);
	be(b, hs.dialer_incarnation, 8);
	be(b, hs.listener, 4);
	be(b, hs.listener_incarnation, 8);
	b.insert(b.end(), hs.dialer_nonce, hs.dialer_nonce + HIVE_WIRE_NONCE_LEN);
	b.insert(b.end(), hs.listener_nonce, hs.listener_nonce + HIVE_WIRE_NONCE_LEN);
	be(b, hs.dialer_rx_next, 8);
	be(b, hs.listener_rx_next, 8);
	be(b, hs.dialer_session, 8);
	be(b, hs.dialer_seen, 8);
	be(b, hs.listener_session, 8);
	be(b, hs.listener_seen, 8);
	be(b, hs.dialer_protection, 4);
	be(b, hs.listener_protection, 4);
	return b;
}

hive_wire_handshake random_handshake(std::mt19937_64 &rng)
{
	hive_wire_handshake hs{};

	hs.cluster_id = uint32_t(rng());
	hs.dialer = uint32_t(rng());
	hs.dialer_incarnation = rng();
	hs.listener = uint32_t(rng());
	hs.listener_incarnation = rng();
	for (auto &b : hs.dialer_nonce)
		b = uint8_t(rng());
	for (auto &b : hs.listener_nonce)
		b = uint8_t(rng());
	hs.dialer_rx_next = rng();
	hs.listener_rx_next = rng();
	hs.dialer_session = rng();
	hs.dialer_seen = rng();
	hs.listener_session = rng();
	hs.listener_seen = rng();
	hs.dialer_protection = uint32_t(rng());
	hs.listener_protection = uint32_t(rng());
	return hs;
}

Bytes transcript(const hive_wire_handshake &hs, uint32_t purpose)
{
	Bytes b(HIVE_WIRE_TRANSCRIPT_LEN);

	EXPECT_EQ(int(HIVE_WIRE_TRANSCRIPT_LEN),
		  hive_wire_transcript(&hs, purpose, b.data(), b.size()));
	return b;
}

} // namespace

static_assert(HIVE_WIRE_PROOF_LISTENER == 1 && HIVE_WIRE_PROOF_DIALER == 2 &&
	      HIVE_WIRE_KEY_DIALER_TX == 3 && HIVE_WIRE_KEY_LISTENER_TX == 4,
	      "purpose numbers are part of every handshake MAC");
static_assert(HIVE_WIRE_PROTECT_MAC == 1 && HIVE_WIRE_PROTECT_ENCRYPT == 2,
	      "protection numbers are on the wire and in every handshake MAC");

TEST(Transcript, LayoutOfAKnownHandshake)
{
	hive_wire_handshake hs{ .cluster_id = 0xc1c2c3c4, .dialer = 3,
				.dialer_incarnation = 0xd1d2d3d4d5d6d7d8ull,
				.listener = 0x0201,
				.listener_incarnation = 0x0102030405060708ull,
				.dialer_nonce = {}, .listener_nonce = {},
				.dialer_rx_next = 0x0000000100000002ull,
				.listener_rx_next = 0xa1a2a3a4a5a6a7a8ull,
				.dialer_session = 0xb1b2b3b4b5b6b7b8ull,
				.dialer_seen = 0,
				.listener_session = 0x0102030405060708ull,
				.listener_seen = 0xc1c2c3c4c5c6c7c8ull,
				.dialer_protection = HIVE_WIRE_PROTECT_ENCRYPT,
				.listener_protection = HIVE_WIRE_PROTECT_MAC };
	Bytes want = {
		'h', 'i', 'v', 'e', '-', 'h', 's', '2',
		0, 0, 0, 2,					// purpose
		0xc1, 0xc2, 0xc3, 0xc4,				// cluster_id
		0, 0, 0, 3,					// dialer
		0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8,	// incarnation
		0, 0, 0x02, 0x01,				// listener
		1, 2, 3, 4, 5, 6, 7, 8,				// incarnation
	};

	for (size_t i = 0; i < HIVE_WIRE_NONCE_LEN; i++) {
		hs.dialer_nonce[i] = uint8_t(0x40 + i);
		hs.listener_nonce[i] = uint8_t(0x80 + i);
	}
	for (size_t i = 0; i < HIVE_WIRE_NONCE_LEN; i++)
		want.push_back(uint8_t(0x40 + i));
	for (size_t i = 0; i < HIVE_WIRE_NONCE_LEN; i++)
		want.push_back(uint8_t(0x80 + i));
	want.insert(want.end(), { 0, 0, 0, 1, 0, 0, 0, 2 });		// dialer_rx_next
	want.insert(want.end(), { 0xa1, 0xa2, 0xa3, 0xa4,		// listener_rx_next
				  0xa5, 0xa6, 0xa7, 0xa8 });
	want.insert(want.end(), { 0xb1, 0xb2, 0xb3, 0xb4,		// dialer_session
				  0xb5, 0xb6, 0xb7, 0xb8 });
	want.insert(want.end(), { 0, 0, 0, 0, 0, 0, 0, 0 });		// dialer_seen
	want.insert(want.end(), { 1, 2, 3, 4, 5, 6, 7, 8 });		// listener_session
	want.insert(want.end(), { 0xc1, 0xc2, 0xc3, 0xc4,		// listener_seen
				  0xc5, 0xc6, 0xc7, 0xc8 });
	want.insert(want.end(), { 0, 0, 0, 2, 0, 0, 0, 1 });		// protections
	ASSERT_EQ(size_t(160), want.size());
	ASSERT_EQ(size_t(HIVE_WIRE_TRANSCRIPT_LEN), want.size());
	EXPECT_EQ(want, transcript(hs, HIVE_WIRE_PROOF_DIALER));
}

TEST(Transcript, RandomHandshakesMatchTheLayoutByteForByte)
{
	std::mt19937_64 rng(20261127);

	for (int i = 0; i < 20000; i++) {
		hive_wire_handshake hs = random_handshake(rng);
		uint32_t purpose = purposes[rng() % 4];
		Bytes got(HIVE_WIRE_TRANSCRIPT_LEN + 16, 0xa5);
		Bytes want = expected(hs, purpose);

		ASSERT_EQ(int(HIVE_WIRE_TRANSCRIPT_LEN),
			  hive_wire_transcript(&hs, purpose, got.data(), got.size()));
		want.resize(got.size(), 0xa5);	// nothing written past the end
		ASSERT_EQ(want, got) << i;
	}
}

// No MAC or key made for one purpose is valid for another: the four
// transcripts of one handshake differ, and only in the purpose field.
TEST(Transcript, DistinctPerPurpose)
{
	std::mt19937_64 rng(12);
	hive_wire_handshake hs = random_handshake(rng);

	for (uint32_t a : purposes)
		for (uint32_t b : purposes) {
			Bytes ta = transcript(hs, a), tb = transcript(hs, b);

			if (a == b) {
				EXPECT_EQ(ta, tb);
				continue;
			}
			EXPECT_NE(ta, tb) << a << " vs " << b;
			for (size_t i = 0; i < ta.size(); i++) {
				if (i >= 8 && i < 12)
					continue;
				EXPECT_EQ(ta[i], tb[i]) << "byte " << i;
			}
		}
}

// What HELLO and CHALLENGE carry besides the nonces and the proof: the
// resume points and the sessions.
struct ResumeField {
	const char *name;
	uint64_t hive_wire_handshake::*field;
};

const ResumeField resume_fields[] = {
	{ "dialer_rx_next", &hive_wire_handshake::dialer_rx_next },
	{ "listener_rx_next", &hive_wire_handshake::listener_rx_next },
	{ "dialer_session", &hive_wire_handshake::dialer_session },
	{ "dialer_seen", &hive_wire_handshake::dialer_seen },
	{ "listener_session", &hive_wire_handshake::listener_session },
	{ "listener_seen", &hive_wire_handshake::listener_seen },
};

// A man in the middle who changes HELLO's or CHALLENGE's rx_next, session
// or peer_session changes every transcript, so no proof or session key of
// the real handshake fits: each bit of each of them matters, and no two of
// them are interchangeable.
TEST(Transcript, ResumePointsAndSessionsAreCovered)
{
	std::mt19937_64 rng(15);

	for (int i = 0; i < 50; i++) {
		hive_wire_handshake hs = random_handshake(rng);

		for (uint32_t purpose : purposes) {
			const Bytes good = transcript(hs, purpose);

			for (const ResumeField &f : resume_fields)
				for (int bit = 0; bit < 64; bit++) {
					hive_wire_handshake d = hs;

					d.*f.field ^= 1ull << bit;
					ASSERT_NE(good, transcript(d, purpose))
						<< f.name << " bit " << bit;
				}

			for (const ResumeField &a : resume_fields)
				for (const ResumeField &b : resume_fields) {
					hive_wire_handshake swapped = hs;

					if (a.field == b.field)
						continue;
					ASSERT_NE(hs.*a.field, hs.*b.field);
					swapped.*a.field = hs.*b.field;
					swapped.*b.field = hs.*a.field;
					ASSERT_NE(good, transcript(swapped, purpose))
						<< a.name << " and " << b.name;
				}
		}
	}
}

TEST(Transcript, UnknownPurposeIsInvalid)
{
	hive_wire_handshake hs{};

	for (uint32_t purpose : { 0u, 5u, 6u, 0x100u, 0x80000001u, UINT32_MAX }) {
		Bytes b(HIVE_WIRE_TRANSCRIPT_LEN, 0x5a);

		EXPECT_EQ(-EINVAL, hive_wire_transcript(&hs, purpose, b.data(), b.size()))
			<< purpose;
		EXPECT_EQ(Bytes(HIVE_WIRE_TRANSCRIPT_LEN, 0x5a), b);
	}
}

TEST(Transcript, EveryShortBufferIsNoSpace)
{
	std::mt19937_64 rng(13);
	hive_wire_handshake hs = random_handshake(rng);

	for (size_t len = 0; len < HIVE_WIRE_TRANSCRIPT_LEN; len++) {
		Bytes b(len, 0x5a);

		ASSERT_EQ(-ENOSPC, hive_wire_transcript(&hs, HIVE_WIRE_KEY_DIALER_TX,
							b.data(), b.size())) << len;
		ASSERT_EQ(Bytes(len, 0x5a), b) << "partial write at " << len;
	}
	EXPECT_EQ(-ENOSPC, hive_wire_transcript(&hs, HIVE_WIRE_KEY_DIALER_TX, nullptr, 0));
}

// A man in the middle who changes either side's protection in HELLO or
// CHALLENGE (to make both sides agree on no encryption, say) changes every
// transcript: no proof or key of the real handshake fits, and swapping the
// two is a change too.
TEST(Transcript, ProtectionsAreCovered)
{
	std::mt19937_64 rng(16);

	for (int i = 0; i < 50; i++) {
		hive_wire_handshake hs = random_handshake(rng);

		hs.dialer_protection = HIVE_WIRE_PROTECT_ENCRYPT;
		hs.listener_protection = HIVE_WIRE_PROTECT_MAC;
		for (uint32_t purpose : purposes) {
			const Bytes good = transcript(hs, purpose);
			hive_wire_handshake d = hs, l = hs, swapped = hs;

			d.dialer_protection = HIVE_WIRE_PROTECT_MAC;
			l.listener_protection = HIVE_WIRE_PROTECT_ENCRYPT;
			swapped.dialer_protection = hs.listener_protection;
			swapped.listener_protection = hs.dialer_protection;
			ASSERT_NE(good, transcript(d, purpose));
			ASSERT_NE(good, transcript(l, purpose));
			ASSERT_NE(good, transcript(swapped, purpose));
		}
	}
}
