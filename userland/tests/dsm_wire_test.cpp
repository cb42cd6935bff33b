// SPDX-License-Identifier: GPL-2.0
// The page-ownership protocol's wire codec: the shared codec suites over
// random messages of every type, a model of which fields each type may
// carry written out here from the header's rules, and the documented
// byte layout.  (dsm_test.cpp sends every message of its explored states
// through the codec as well.)
#include <cerrno>
#include <cstdint>
#include <random>
#include <gtest/gtest.h>
#include "codec_suite.hpp"
#include "hive/dsm.h"
#include "hive_netlink.h"

namespace {

using hive_test::be;
using hive_test::Bytes;
using hive_test::edgy;

constexpr uint16_t kTypes = __HIVE_DSM_MSG_COUNT - 1;

uint16_t random_node(std::mt19937_64 &rng)
{
	return uint16_t(HIVE_NODE_ID_MIN + rng() % (HIVE_NODE_ID_MAX - HIVE_NODE_ID_MIN + 1));
}

struct DsmWire {
	using Msg = hive_dsm_wire;
	static constexpr size_t len = HIVE_DSM_WIRE_LEN;
	static int encode(const Msg &m, uint8_t *b, size_t n) { return hive_dsm_wire_encode(&m, b, n); }
	static int decode(const uint8_t *b, size_t n, Msg *m) { return hive_dsm_wire_decode(b, n, m); }

	// A message of a random type with the fields that type carries.
	static Msg random(std::mt19937_64 &rng)
	{
		Msg m{};
		hive_dsm_msg &d = m.msg;

		m.page = { .space = 1 + rng() % UINT64_MAX, .region = uint32_t(1 + rng() % UINT32_MAX),
			   .index = rng() % HIVE_DSM_INDEX_LIMIT };
		d.type = uint16_t(1 + rng() % kTypes);
		d.from = random_node(rng);
		d.to = rng() % 4 ? random_node(rng) : d.from;
		d.txn = d.type == HIVE_DSM_REQ ? 0 : uint32_t(1 + rng() % UINT32_MAX);
		if (d.type == HIVE_DSM_REQ || d.type == HIVE_DSM_FETCH || d.type == HIVE_DSM_GRANT)
			d.access = rng() % 2 ? HIVE_DSM_READ : HIVE_DSM_WRITE;
		if (d.type == HIVE_DSM_GRANT && d.access == HIVE_DSM_WRITE)
			d.zero = uint8_t(rng() % 2);
		if (d.type == HIVE_DSM_FETCH || d.type == HIVE_DSM_QUERY)
			d.node = random_node(rng);
		if (d.type == HIVE_DSM_FAIL)
			d.status = -int32_t(1 + rng() % 4095);
		return m;
	}

	// A random message with one field (sometimes two) set to anything,
	// biased to the edges of its rule.
	static Msg any(std::mt19937_64 &rng)
	{
		Msg m = random(rng);
		hive_dsm_msg &d = m.msg;

		for (int n = 1 + int(rng() % 2); n > 0; n--) {
			switch (rng() % 10) {
			case 0:
				m.page.space = edgy(rng, { 0, 1, UINT64_MAX });
				break;
			case 1:
				m.page.region = uint32_t(edgy(rng, { 0, 1, UINT32_MAX }));
				break;
			case 2:
				m.page.index = edgy(rng, { 0, HIVE_DSM_INDEX_LIMIT - 1, HIVE_DSM_INDEX_LIMIT,
							   UINT64_MAX });
				break;
			case 3:
				d.type = uint16_t(edgy(rng, { 0, 1, kTypes, kTypes + 1u, UINT16_MAX }));
				break;
			case 4:
				(rng() % 2 ? d.from : d.to) =
					uint16_t(edgy(rng, { 0, 1, HIVE_NODE_ID_MAX, HIVE_NODE_ID_MAX + 1u,
							     UINT16_MAX }));
				break;
			case 5:
				d.txn = uint32_t(edgy(rng, { 0, 1, UINT32_MAX }));
				break;
			case 6:
				d.access = uint8_t(edgy(rng, { 0, HIVE_DSM_READ, HIVE_DSM_WRITE, 3, 255 }));
				break;
			case 7:
				d.zero = uint8_t(edgy(rng, { 0, 1, 2, 255 }));
				break;
			case 8:
				d.node = uint16_t(edgy(rng, { 0, 1, HIVE_NODE_ID_MAX, HIVE_NODE_ID_MAX + 1u }));
				break;
			default:
				d.status = int32_t(edgy(rng, { 0, uint32_t(-1), uint32_t(-4095),
							       uint32_t(-4096), 1 }));
				break;
			}
		}
		return m;
	}

	// The header's rules, spelled out again.
	static bool valid(const Msg &m)
	{
		const hive_dsm_msg &d = m.msg;
		const bool req = d.type == HIVE_DSM_REQ, fetch = d.type == HIVE_DSM_FETCH,
			   grant = d.type == HIVE_DSM_GRANT, query = d.type == HIVE_DSM_QUERY,
			   fail = d.type == HIVE_DSM_FAIL;
		const auto node = [](uint32_t n) { return n >= 1 && n <= 1023; };
		const bool access = d.access == 1 || d.access == 2;

		return m.page.space != 0 && m.page.region != 0 && m.page.index < (1ull << 52) &&
		       d.type >= 1 && d.type <= 12 && node(d.from) && node(d.to) &&
		       (d.txn == 0) == req &&
		       (req || fetch || grant ? access : d.access == 0) &&
		       (d.zero == 0 || (d.zero == 1 && grant && d.access == 2)) &&
		       (fetch || query ? node(d.node) : d.node == 0) &&
		       (fail ? d.status <= -1 && d.status >= -4095 : d.status == 0);
	}

	static Bytes wire(const Msg &m)
	{
		Bytes b;

		be(b, m.page.space, 8);
		be(b, m.page.index, 8);
		be(b, m.page.region, 4);
		be(b, m.msg.txn, 4);
		for (uint16_t v : { m.msg.type, m.msg.from, m.msg.to, m.msg.node })
			be(b, v, 2);
		be(b, uint32_t(m.msg.status), 4);
		be(b, m.msg.access, 1);
		be(b, m.msg.zero, 1);
		be(b, 0, 2);
		return b;
	}

	static bool same(const Msg &a, const Msg &b)
	{
		return a.page.space == b.page.space && a.page.region == b.page.region &&
		       a.page.index == b.page.index && a.msg.type == b.msg.type &&
		       a.msg.from == b.msg.from && a.msg.to == b.msg.to && a.msg.txn == b.msg.txn &&
		       a.msg.access == b.msg.access && a.msg.zero == b.msg.zero &&
		       a.msg.node == b.msg.node && a.msg.status == b.msg.status;
	}
};

static_assert(HIVE_DSM_REQ == 1 && HIVE_DSM_NODATA == 12 && __HIVE_DSM_MSG_COUNT == 13,
	      "message type numbers are wire ABI");

} // namespace

using DsmCodecs = testing::Types<DsmWire>;
namespace hive_test {
INSTANTIATE_TYPED_TEST_SUITE_P(Dsm, CodecSuite, ::DsmCodecs);
INSTANTIATE_TYPED_TEST_SUITE_P(Dsm, CodecModelSuite, ::DsmCodecs);
} // namespace hive_test

TEST(DsmWire, LayoutIsBigEndianAsDocumented)
{
	const hive_dsm_wire m{
		.page = { .space = 0x0102030405060708ull, .region = 0x11121314,
			  .index = 0x000a2b2c2d2e2f30ull },
		.msg = { .type = HIVE_DSM_FETCH, .from = 0x3ff, .to = 2, .txn = 0x21222324,
			 .access = HIVE_DSM_WRITE, .zero = 0, .node = 0x101, .status = 0 },
	};
	const Bytes want = {
		0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,	// space
		0x00, 0x0a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f, 0x30,	// index
		0x11, 0x12, 0x13, 0x14,				// region
		0x21, 0x22, 0x23, 0x24,				// txn
		0x00, 0x04,					// type FETCH
		0x03, 0xff,					// from
		0x00, 0x02,					// to
		0x01, 0x01,					// node
		0x00, 0x00, 0x00, 0x00,				// status
		0x02,						// access WRITE
		0x00,						// zero
		0x00, 0x00,					// reserved
	};
	hive_dsm_wire out{};

	ASSERT_EQ(size_t(HIVE_DSM_WIRE_LEN), want.size());
	EXPECT_EQ(want, hive_test::encode<DsmWire>(m));
	ASSERT_EQ(int(HIVE_DSM_WIRE_LEN), hive_dsm_wire_decode(want.data(), want.size(), &out));
	EXPECT_TRUE(DsmWire::same(m, out));
}

TEST(DsmWire, EveryReservedBitIsRefused)
{
	std::mt19937_64 rng(12);
	const Bytes good = hive_test::encode<DsmWire>(DsmWire::random(rng));

	for (size_t bit = 38 * 8; bit < 40 * 8; bit++) {
		Bytes b = good;
		hive_dsm_wire out{};

		b[bit / 8] ^= uint8_t(1u << (bit % 8));
		ASSERT_EQ(-EBADMSG, hive_dsm_wire_decode(b.data(), b.size(), &out)) << bit;
	}
}

// A message of @type from node 1 to node 2 in transaction 9, the rest 0.
hive_dsm_msg plain(uint16_t type)
{
	hive_dsm_msg m{};

	m.type = type;
	m.from = 1;
	m.to = 2;
	m.txn = 9;
	return m;
}

// A FAIL says why; nothing else may carry a status, only a GRANT of a
// write may say the page is new, and only a REQ comes before any
// transaction.
TEST(DsmWire, FieldsBelongToTheirTypes)
{
	std::mt19937_64 rng(13);
	hive_dsm_wire m = DsmWire::random(rng);
	uint8_t buf[HIVE_DSM_WIRE_LEN];
	const auto encodes = [&] { return hive_dsm_wire_encode(&m, buf, sizeof(buf)); };

	m.msg = plain(HIVE_DSM_FAIL);
	m.msg.status = -112;
	EXPECT_EQ(int(sizeof(buf)), encodes());
	m.msg.status = 0;
	EXPECT_EQ(-EINVAL, encodes());
	m.msg = plain(HIVE_DSM_DONE);
	m.msg.status = -112;
	EXPECT_EQ(-EINVAL, encodes());
	m.msg = plain(HIVE_DSM_GRANT);
	m.msg.access = HIVE_DSM_WRITE;
	m.msg.zero = 1;
	EXPECT_EQ(int(sizeof(buf)), encodes());
	m.msg.access = HIVE_DSM_READ;
	EXPECT_EQ(-EINVAL, encodes());
	m.msg = plain(HIVE_DSM_REQ);
	m.msg.access = HIVE_DSM_READ;
	EXPECT_EQ(-EINVAL, encodes());
	m.msg.txn = 0;
	EXPECT_EQ(int(sizeof(buf)), encodes());
}
