// SPDX-License-Identifier: GPL-2.0
// The frame header codec: round trips, every rejection, and properties over
// many random headers and every single-bit corruption of a valid one.
#include <array>
#include <cerrno>
#include <cstring>
#include <random>
#include <gtest/gtest.h>
#include "hive/core.h"

namespace {

using Frame = std::array<uint8_t, HIVE_WIRE_HEADER_LEN>;

hive_wire_header sample()
{
	return hive_wire_header{ .type = 7, .payload_len = 4096,
				 .cluster_id = 0xdeadbeef, .sender = 42,
				 .incarnation = 0x0102030405060708ull,
				 .epoch = 99, .seq = 1ull << 40 };
}

bool same(const hive_wire_header &a, const hive_wire_header &b)
{
	return a.type == b.type && a.payload_len == b.payload_len &&
	       a.cluster_id == b.cluster_id && a.sender == b.sender &&
	       a.incarnation == b.incarnation && a.epoch == b.epoch &&
	       a.seq == b.seq;
}

Frame encode(const hive_wire_header &h)
{
	Frame f{};
	EXPECT_EQ(int(HIVE_WIRE_HEADER_LEN), hive_wire_header_encode(&h, f.data(), f.size()));
	return f;
}

int decode(const Frame &f, hive_wire_header *out,
	   uint32_t max = HIVE_WIRE_PAYLOAD_MAX)
{
	return hive_wire_header_decode(f.data(), f.size(), max, out);
}

} // namespace

TEST(WireHeader, RoundTrip)
{
	hive_wire_header out{};

	ASSERT_EQ(int(HIVE_WIRE_HEADER_LEN), decode(encode(sample()), &out));
	EXPECT_TRUE(same(sample(), out));
}

TEST(WireHeader, LayoutIsBigEndianAsDocumented)
{
	Frame f = encode(sample());

	EXPECT_EQ(0, std::memcmp(f.data(), "HIVE", 4));
	EXPECT_EQ(0x00, f[4]);
	EXPECT_EQ(HIVE_WIRE_VERSION, f[5]);
	EXPECT_EQ(7, f[7]);
	EXPECT_EQ(0x10, f[10]);		// payload_len 4096
	EXPECT_EQ(0xde, f[12]);		// cluster_id
	EXPECT_EQ(42, f[19]);		// sender
	EXPECT_EQ(0, f[20] | f[21] | f[22] | f[23]);	// reserved
	EXPECT_EQ(0x01, f[24]);		// incarnation, most significant first
	EXPECT_EQ(99, f[39]);		// epoch
	EXPECT_EQ(0x01, f[42]);		// seq = 1 << 40
}

TEST(WireHeader, EncodeNeedsRoom)
{
	uint8_t small[HIVE_WIRE_HEADER_LEN - 1];
	hive_wire_header h = sample();

	EXPECT_EQ(-ENOSPC, hive_wire_header_encode(&h, small, sizeof(small)));
	EXPECT_EQ(-ENOSPC, hive_wire_header_encode(&h, nullptr, 0));
}

TEST(WireHeader, EncodeRefusesOversizedPayload)
{
	hive_wire_header h = sample();
	Frame f{};

	h.payload_len = HIVE_WIRE_PAYLOAD_MAX + 1;
	EXPECT_EQ(-EMSGSIZE, hive_wire_header_encode(&h, f.data(), f.size()));
	h.payload_len = HIVE_WIRE_PAYLOAD_MAX;
	EXPECT_EQ(int(HIVE_WIRE_HEADER_LEN), hive_wire_header_encode(&h, f.data(), f.size()));
}

TEST(WireHeader, EveryTruncationAsksForMore)
{
	Frame f = encode(sample());
	hive_wire_header out{};

	for (size_t len = 0; len < f.size(); len++)
		EXPECT_EQ(-EAGAIN, hive_wire_header_decode(f.data(), len,
							   HIVE_WIRE_PAYLOAD_MAX, &out))
			<< len;
}

TEST(WireHeader, WrongMagicVersionOrReserved)
{
	hive_wire_header out{};
	Frame f = encode(sample());

	f[0] ^= 1;
	EXPECT_EQ(-EBADMSG, decode(f, &out));
	f = encode(sample());
	f[5] = HIVE_WIRE_VERSION + 1;
	EXPECT_EQ(-EPROTONOSUPPORT, decode(f, &out));
	f = encode(sample());
	f[22] = 1;
	EXPECT_EQ(-EBADMSG, decode(f, &out));
}

TEST(WireHeader, PayloadLimitIsTheCallersOrTheCeiling)
{
	hive_wire_header h = sample(), out{};

	EXPECT_EQ(-EMSGSIZE, decode(encode(h), &out, h.payload_len - 1));
	EXPECT_EQ(int(HIVE_WIRE_HEADER_LEN), decode(encode(h), &out, h.payload_len));

	// A 4 GiB length field is refused whatever limit the caller passes.
	Frame f = encode(h);
	f[8] = f[9] = f[10] = f[11] = 0xff;
	EXPECT_EQ(-EMSGSIZE, decode(f, &out, UINT32_MAX));
}

TEST(WireHeader, FailedDecodeLeavesOutputAlone)
{
	hive_wire_header out = sample();
	Frame f{};

	EXPECT_EQ(-EBADMSG, decode(f, &out));
	EXPECT_TRUE(same(sample(), out));
}

TEST(WireHeaderProperty, RandomHeadersRoundTrip)
{
	std::mt19937_64 rng(20261125);

	for (int i = 0; i < 100000; i++) {
		hive_wire_header h{ .type = uint16_t(rng()),
				    .payload_len = uint32_t(rng() % (HIVE_WIRE_PAYLOAD_MAX + 1)),
				    .cluster_id = uint32_t(rng()), .sender = uint32_t(rng()),
				    .incarnation = rng(), .epoch = rng(), .seq = rng() };
		hive_wire_header out{};

		ASSERT_EQ(int(HIVE_WIRE_HEADER_LEN), decode(encode(h), &out));
		ASSERT_TRUE(same(h, out)) << i;
	}
}

// Any single-bit corruption is either refused, or decodes to a header that
// encodes back to exactly the corrupted bytes: nothing is silently lost.
TEST(WireHeaderProperty, EveryBitFlipIsRefusedOrFaithful)
{
	const Frame good = encode(sample());

	for (size_t bit = 0; bit < good.size() * 8; bit++) {
		Frame f = good;
		hive_wire_header out{};

		f[bit / 8] ^= uint8_t(1u << (bit % 8));
		if (decode(f, &out) < 0)
			continue;
		EXPECT_EQ(f, encode(out)) << "bit " << bit;
	}
}

TEST(ClusterId, IsFnv1aAndNeverZero)
{
	EXPECT_EQ(0x811c9dc5u, hive_wire_cluster_id("", 0));
	EXPECT_EQ(0xe40c292cu, hive_wire_cluster_id("a", 1));
	EXPECT_EQ(hive_wire_cluster_id("prod", 4), hive_wire_cluster_id("prod", 4));
	EXPECT_NE(hive_wire_cluster_id("prod", 4), hive_wire_cluster_id("prod2", 5));
}
